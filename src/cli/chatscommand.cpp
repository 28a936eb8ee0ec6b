#include "chatscommand.h"

#include "clioptions.h"
#include "clirunner.h"
#include "conversationexport.h"
#include "conversationimport.h"
#include "conversationstore.h"
#include "database.h"
#include "storethread.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace {

QJsonValue orNull(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(value));
}

QJsonObject messageJson(const Message &m, bool active)
{
    QJsonArray images;
    for (const ImageRef &i : m.images) {
        QJsonObject o { { QStringLiteral("mime"), QString::fromLatin1(i.mimeType) } };
        if (i.isRemote())
            o.insert(QStringLiteral("url"), i.url);
        else
            o.insert(QStringLiteral("hash"), QString::fromLatin1(i.hash));
        images.append(o);
    }
    return { { QStringLiteral("id"), double(m.id) },
        { QStringLiteral("parent"),
            m.parentId ? QJsonValue(double(m.parentId)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("role"), ChatMessage::roleName(m.role) },
        { QStringLiteral("text"), m.text }, { QStringLiteral("reasoning"), m.reasoning },
        { QStringLiteral("images"), images }, { QStringLiteral("tool_calls"), m.toolCalls },
        { QStringLiteral("refusal"), m.refusal }, { QStringLiteral("model"), m.model },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), orNull(m.usage.promptTokens) },
                { QStringLiteral("completion_tokens"), orNull(m.usage.completionTokens) },
                { QStringLiteral("reasoning_tokens"), orNull(m.usage.reasoningTokens) },
                { QStringLiteral("cached_tokens"), orNull(m.usage.cachedTokens) } } },
        { QStringLiteral("finish_reason"), m.finishReason },
        { QStringLiteral("state"), Message::stateName(m.state) },
        { QStringLiteral("error"), m.error },
        { QStringLiteral("created"), m.created.toString(Qt::ISODateWithMs) },
        { QStringLiteral("active"), active } };
}

void printJson(const QJsonDocument &doc)
{
    CliRunner::printOut(QString::fromUtf8(doc.toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

int usage(const QString &message)
{
    CliRunner::printError(QCoreApplication::translate("confab-cli", "confab-cli: %1").arg(message)
        + QLatin1Char('\n'));
    return CliRunner::UsageError;
}

bool parseId(const QStringList &arguments, qint64 *id)
{
    bool ok = false;
    *id = arguments.value(0).toLongLong(&ok);
    return ok && *id > 0 && arguments.size() == 1;
}

} // namespace

bool ChatsCommand::openStore(StoreThread &store, const QString &dataDir, QString *error)
{
    if (!store.open(Database::defaultPath(dataDir))) {
        *error = store.errorString();
        return false;
    }
    if (!store.movedAsidePath().isEmpty())
        CliRunner::printError(tr("confab-cli: the conversation database was damaged and was moved "
                                 "to %1; a new one was started")
                                  .arg(store.movedAsidePath())
            + QLatin1Char('\n'));
    store.call([](ConversationStore &s) { s.recoverInterrupted(); });
    return true;
}

int ChatsCommand::run(const CliOptions &options)
{
    StoreThread store;
    QString error;
    if (!openStore(store, options.dataDir, &error)) {
        CliRunner::printError(tr("confab-cli: %1").arg(error) + QLatin1Char('\n'));
        return CliRunner::ApiFailure;
    }
    if (options.chatsAction == QLatin1StringView("import"))
        return runImport(store, options);
    // The connection belongs to the database thread and the command has nothing else to do:
    // it runs there, whole, while this thread waits.
    return store.call([&options](ConversationStore &s) { return runOnStore(s, options); });
}

int ChatsCommand::runOnStore(ConversationStore &store, const CliOptions &options)
{
    const bool json = options.output == CliOptions::Output::Json;
    const QString action = options.chatsAction;
    const QStringList &args = options.chatsArguments;
    if (action == QLatin1StringView("list")) {
        if (!args.isEmpty())
            return usage(tr("chats list takes no arguments"));
        QJsonArray list;
        for (int offset = 0;; offset += 500) {
            const QList<ConversationSummary> page = store.listConversations(offset, 500);
            for (const ConversationSummary &s : page) {
                if (json) {
                    list.append(QJsonObject { { QStringLiteral("id"), double(s.id) },
                        { QStringLiteral("title"), s.title },
                        { QStringLiteral("created"), s.created.toString(Qt::ISODateWithMs) },
                        { QStringLiteral("updated"), s.updated.toString(Qt::ISODateWithMs) },
                        { QStringLiteral("pinned"), s.pinned },
                        { QStringLiteral("model"), s.model } });
                } else {
                    CliRunner::printOut(QStringLiteral("%1\t%2\t%3%4\n")
                                            .arg(s.id)
                                            .arg(s.updated.toLocalTime().toString(
                                                     QStringLiteral("yyyy-MM-dd HH:mm")),
                                                s.pinned ? QStringLiteral("* ") : QString(),
                                                s.title.isEmpty() ? tr("(untitled)") : s.title));
                }
            }
            if (page.size() < 500)
                break;
        }
        if (json)
            printJson(QJsonDocument(list));
        return CliRunner::Success;
    }
    if (action == QLatin1StringView("show")) {
        qint64 id = 0;
        if (!parseId(args, &id))
            return usage(tr("chats show needs one conversation ID"));
        const auto conversation = store.loadConversation(id);
        if (!conversation)
            return usage(tr("There is no conversation %1").arg(id));
        QSet<qint64> active;
        for (const Message *m : conversation->activePath())
            active.insert(m->id);
        if (json) {
            QJsonArray messages;
            for (const Message &m : conversation->messages)
                messages.append(messageJson(m, active.contains(m.id)));
            printJson(QJsonDocument(QJsonObject {
                { QStringLiteral("id"), double(conversation->id) },
                { QStringLiteral("title"), conversation->title },
                { QStringLiteral("created"), conversation->created.toString(Qt::ISODateWithMs) },
                { QStringLiteral("updated"), conversation->updated.toString(Qt::ISODateWithMs) },
                { QStringLiteral("pinned"), conversation->pinned },
                { QStringLiteral("model"), conversation->model },
                { QStringLiteral("system_prompt"), conversation->systemPrompt },
                { QStringLiteral("parameters"), conversation->parameters },
                { QStringLiteral("messages"), messages } }));
        } else {
            CliRunner::printOut(QStringLiteral("# %1\n").arg(conversation->title));
            for (const Message *m : conversation->activePath()) {
                CliRunner::printOut(
                    QStringLiteral("\n## %1%2\n%3\n")
                        .arg(ChatMessage::roleName(m->role),
                            m->state == Message::State::Complete
                                ? QString()
                                : QStringLiteral(" (%1)").arg(Message::stateName(m->state)),
                            m->text));
            }
        }
        return CliRunner::Success;
    }
    if (action == QLatin1StringView("search")) {
        if (args.isEmpty())
            return usage(tr("chats search needs a query"));
        const QString query = args.join(QLatin1Char(' '));
        const QList<SearchHit> hits = store.search(query, 50);
        if (json) {
            QJsonArray list;
            for (const SearchHit &h : hits) {
                QJsonArray marks;
                for (const auto &[start, length] : h.snippet.highlights)
                    marks.append(QJsonArray { double(start), double(length) });
                list.append(
                    QJsonObject { { QStringLiteral("conversation"), double(h.conversationId) },
                        { QStringLiteral("message"),
                            h.messageId ? QJsonValue(double(h.messageId))
                                        : QJsonValue(QJsonValue::Null) },
                        { QStringLiteral("title"), h.conversationTitle },
                        { QStringLiteral("time"), h.time.toString(Qt::ISODateWithMs) },
                        { QStringLiteral("snippet"), h.snippet.text },
                        { QStringLiteral("highlights"), marks } });
            }
            printJson(QJsonDocument(list));
        } else {
            for (const SearchHit &h : hits)
                CliRunner::printOut(QStringLiteral("%1\t%2\t%3\n")
                                        .arg(h.conversationId)
                                        .arg(h.conversationTitle, h.snippet.text));
        }
        return CliRunner::Success;
    }
    if (action == QLatin1StringView("delete")) {
        qint64 id = 0;
        if (!parseId(args, &id))
            return usage(tr("chats delete needs one conversation ID"));
        if (!store.loadConversation(id))
            return usage(tr("There is no conversation %1").arg(id));
        if (!store.deleteConversation(id)) {
            CliRunner::printError(
                tr("confab-cli: %1").arg(store.errorString()) + QLatin1Char('\n'));
            return CliRunner::ApiFailure;
        }
        return CliRunner::Success;
    }
    if (action == QLatin1StringView("export")) {
        ConversationExport exporter(
            [&store](const QByteArray &hash) { return store.loadImage(hash); });
        auto failed = [&exporter] {
            CliRunner::printError(
                tr("confab-cli: %1").arg(exporter.errorString()) + QLatin1Char('\n'));
            return int(CliRunner::ApiFailure);
        };
        if (options.exportAll) {
            if (!args.isEmpty() || options.outputPath.isEmpty())
                return usage(tr("chats export --all writes one JSON file: give it with -o FILE"));
            return exporter.writeLibrary(store, options.outputPath) ? int(CliRunner::Success)
                                                                    : failed();
        }
        qint64 id = 0;
        if (!parseId(args, &id))
            return usage(tr("chats export needs one conversation ID, or --all"));
        const QString format
            = options.exportFormat.isEmpty() ? QStringLiteral("json") : options.exportFormat;
        if (format != QLatin1StringView("md") && format != QLatin1StringView("json"))
            return usage(tr("--format expects md or json, not \"%1\"").arg(format));
        const auto conversation = store.loadConversation(id);
        if (!conversation)
            return usage(tr("There is no conversation %1").arg(id));
        const bool markdown = format == QLatin1StringView("md");
        if (!options.outputPath.isEmpty()) {
            // Markdown in a file gets its images as files beside it; on standard output they
            // are embedded, so the text stands alone.
            const bool ok = markdown ? exporter.writeMarkdown(*conversation, options.outputPath,
                                ConversationExport::ImageMode::Files)
                                     : exporter.writeJson(*conversation, options.outputPath);
            return ok ? int(CliRunner::Success) : failed();
        }
        if (markdown) {
            const QString text
                = exporter.toMarkdown(*conversation, ConversationExport::ImageMode::DataUrls);
            if (text.isNull())
                return failed();
            CliRunner::printOut(text);
        } else {
            printJson(QJsonDocument(exporter.toJson(*conversation)));
        }
        return CliRunner::Success;
    }
    return usage(tr("Unknown chats action \"%1\"; use list, show, search, delete, export or import")
                     .arg(action));
}

int ChatsCommand::runImport(StoreThread &store, const CliOptions &options)
{
    const QStringList &args = options.chatsArguments;
    if (args.size() != 1)
        return usage(tr("chats import needs one file"));
    const std::unique_ptr<ImportJob> job(store.startImport(args.first()));
    QEventLoop loop;
    int conversations = 0;
    int messages = 0;
    QString failure;
    bool finished = false;
    QObject::connect(job.get(), &ImportJob::finished, &loop, [&](int c, int m) {
        conversations = c;
        messages = m;
        finished = true;
        loop.quit();
    });
    QObject::connect(job.get(), &ImportJob::failed, &loop, [&](const QString &why) {
        failure = why;
        loop.quit();
    });
    loop.exec();
    if (!finished) {
        CliRunner::printError(tr("confab-cli: %1").arg(failure) + QLatin1Char('\n'));
        return CliRunner::ApiFailure;
    }
    if (options.output == CliOptions::Output::Json)
        printJson(QJsonDocument(QJsonObject { { QStringLiteral("conversations"), conversations },
            { QStringLiteral("messages"), messages } }));
    else
        CliRunner::printOut(tr("Imported %n conversation(s)", nullptr, conversations)
            + QStringLiteral(" (%1)\n").arg(tr("%n message(s)", nullptr, messages)));
    return CliRunner::Success;
}

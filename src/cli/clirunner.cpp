#include "clirunner.h"

#include "chatclient.h"
#include "chatscommand.h"
#include "conversationstore.h"
#include "historybuilder.h"
#include "modelsreply.h"
#include "storethread.h"
#include "streampersister.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

namespace {

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8(); // whatever the locale says: replies are UTF-8
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream); // a pipe must see each delta as it arrives, not in 4 KiB blocks
}

QJsonValue nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

void printJson(const QJsonObject &object)
{
    CliRunner::printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact))
        + QLatin1Char('\n'));
}

} // namespace

CliRunner::CliRunner(QNetworkAccessManager *nam, const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_client(new ChatClient(nam, this))
{
    m_client->setProvider(m_options.provider);
}

CliRunner::~CliRunner() = default;

void CliRunner::printOut(const QString &text)
{
    write(stdout, text);
}

void CliRunner::printError(const QString &text)
{
    write(stderr, text);
}

void CliRunner::start()
{
    if (m_done) // interrupted before it began
        return;
    if (m_options.command == CliOptions::Command::Models)
        startModels();
    else
        startChat();
}

namespace {
// The text and images of the question as the request carries them.
Message questionFrom(const ChatMessage &request, ConversationStore &store)
{
    Message m;
    m.role = ChatMessage::Role::User;
    m.text = request.text;
    for (const ContentPart &part : request.parts) {
        if (part.type == ContentPart::Type::Text) {
            m.text += part.text;
            continue;
        }
        ImageRef image;
        image.detail = part.detail;
        if (part.url.startsWith(QLatin1StringView("data:"))) {
            // data:<mime>;base64,<bytes>: stored once, by hash, never as base64 in the text.
            const qsizetype comma = part.url.indexOf(QLatin1Char(','));
            image.mimeType = part.url.mid(5, part.url.indexOf(QLatin1Char(';')) - 5).toLatin1();
            const QByteArray bytes = QByteArray::fromBase64(part.url.mid(comma + 1).toLatin1());
            image.hash = store.storeImage(bytes, image.mimeType);
        } else {
            image.url = part.url;
        }
        m.images.append(image);
    }
    return m;
}
} // namespace

bool CliRunner::prepareConversation(QString *error, int *exitCode)
{
    m_store = std::make_unique<StoreThread>();
    if (!ChatsCommand::openStore(*m_store, m_options.dataDir, error)) {
        *exitCode = ApiFailure;
        return false;
    }

    struct Prepared
    {
        QString error;
        int exitCode = Success;
        qint64 conversationId = 0;
        QList<ChatMessage> messages;
        Message reply;
    };
    // Nothing can happen before the conversation is ready, so the CLI waits for it.
    const Prepared prepared = m_store->call([this](ConversationStore &store) {
        Prepared result;
        auto failed = [&result](const QString &why, int exitCode) {
            result.error = why;
            result.exitCode = exitCode;
            return result;
        };
        Conversation conversation;
        qint64 parent = 0;
        result.messages = m_options.request.messages;
        const ChatMessage question = result.messages.last();
        if (m_options.continueId) {
            const auto stored = store.loadConversation(m_options.continueId);
            if (!stored)
                return failed(
                    tr("There is no conversation %1").arg(m_options.continueId), UsageError);
            conversation = *stored;
            const QList<const Message *> path = conversation.activePath();
            if (!path.isEmpty())
                parent = path.last()->id;
            HistoryBuilder history;
            history.setImageTurnLimit(conversation.imageTurns);
            history.setImageLoader(
                [&store](const QByteArray &hash) -> std::optional<HistoryBuilder::StoredImage> {
                    const auto image = store.loadImage(hash);
                    if (!image)
                        return std::nullopt;
                    return HistoryBuilder::StoredImage { image->first, image->second };
                });
            const QString system = m_options.systemPrompt.isEmpty() ? conversation.systemPrompt
                                                                    : m_options.systemPrompt;
            result.messages = history.build(system, path);
            result.messages.append(question);
        } else {
            conversation.title = question.text.isEmpty()
                ? QString()
                : question.text.section(QLatin1Char('\n'), 0, 0).left(60);
            for (const ContentPart &part : question.parts) {
                if (conversation.title.isEmpty() && part.type == ContentPart::Type::Text)
                    conversation.title = part.text.section(QLatin1Char('\n'), 0, 0).left(60);
            }
            conversation.model = m_options.request.model;
            conversation.systemPrompt = m_options.systemPrompt;
        }
        // The conversation, the question and the reply's row: all or nothing.
        if (!store.beginBulk())
            return failed(store.errorString(), ApiFailure);
        if (conversation.id <= 0 && !store.createConversation(conversation)) {
            store.endBulk(false);
            return failed(store.errorString(), ApiFailure);
        }
        result.conversationId = conversation.id;

        Message user = questionFrom(question, store);
        user.parentId = parent;
        Message &reply = result.reply;
        reply.role = ChatMessage::Role::Assistant;
        reply.model = m_options.request.model;
        reply.state = Message::State::Streaming;
        if (!store.addMessage(conversation.id, user)
            || !(reply.parentId = user.id, store.addMessage(conversation.id, reply))) {
            store.endBulk(false);
            return failed(store.errorString(), ApiFailure);
        }
        if (!store.endBulk(true))
            return failed(store.errorString(), ApiFailure);
        return result;
    });
    if (!prepared.error.isEmpty()) {
        *error = prepared.error;
        *exitCode = prepared.exitCode;
        return false;
    }
    m_conversationId = prepared.conversationId;
    m_options.request.messages = prepared.messages;
    m_persister = new StreamPersister(m_store.get(), m_conversationId, prepared.reply, this);
    connect(m_persister, &StreamPersister::saveFailed, this,
        [](const QString &why) { printError(tr("confab-cli: %1").arg(why) + QLatin1Char('\n')); });
    return true;
}

void CliRunner::startChat()
{
    if (m_options.save || m_options.continueId) {
        QString error;
        int exitCode = Success;
        if (!prepareConversation(&error, &exitCode)) {
            printError(tr("confab-cli: %1").arg(error) + QLatin1Char('\n'));
            finish(exitCode);
            return;
        }
    }
    const bool tracing = !m_options.tracePath.isEmpty();
    m_reply = m_client->send(
        m_options.request, tracing ? ChatClient::Tracing::On : ChatClient::Tracing::Off);
    // Several choices would interleave, and JSON comes whole: both are printed at the end.
    const bool live
        = m_options.output == CliOptions::Output::Text && m_options.request.n.value_or(1) <= 1;
    if (live) {
        connect(m_reply, &ChatReply::contentDelta, this, &CliRunner::onContent);
        connect(m_reply, &ChatReply::refusalDelta, this, &CliRunner::onContent);
        if (m_options.reasoning == CliOptions::Reasoning::Shown)
            connect(m_reply, &ChatReply::reasoningDelta, this, &CliRunner::onReasoning);
    }
    // The store is told first, so that the output can name a conversation that holds the whole
    // reply (see waitForStore()).
    if (m_persister)
        m_persister->attach(m_reply);
    connect(m_reply, &ChatReply::finished, this, &CliRunner::onChatFinished);
    connect(m_reply, &ChatReply::failed, this, &CliRunner::onChatFailed);
}

void CliRunner::startModels()
{
    m_modelsReply = m_client->fetchModels();
    connect(m_modelsReply, &ModelsReply::finished, this, &CliRunner::onModelsFinished);
    connect(m_modelsReply, &ModelsReply::failed, this, &CliRunner::onModelsFailed);
}

void CliRunner::interrupt(int signal)
{
    if (m_done || m_signal)
        return;
    m_signal = signal;
    // Both replies emit failed() synchronously from cancel(), which prints and finishes.
    if (m_reply)
        m_reply->cancel();
    else if (m_modelsReply)
        m_modelsReply->cancel();
    else
        finish(InterruptedBase + signal);
}

void CliRunner::onContent(int choice, const QString &text)
{
    if (choice != 0 || text.isEmpty())
        return;
    if (m_errOpenLine) { // the reasoning ended: keep it apart from the answer on a terminal
        printError(QStringLiteral("\n"));
        m_errOpenLine = false;
    }
    printOut(text);
    m_outOpenLine = !text.endsWith(QLatin1Char('\n'));
}

void CliRunner::onReasoning(int choice, const QString &text)
{
    if (choice != 0 || text.isEmpty())
        return;
    printError(text);
    m_errOpenLine = !text.endsWith(QLatin1Char('\n'));
}

void CliRunner::endStreamedLines()
{
    if (m_outOpenLine)
        printOut(QStringLiteral("\n"));
    if (m_errOpenLine)
        printError(QStringLiteral("\n"));
    m_outOpenLine = m_errOpenLine = false;
}

void CliRunner::printChoicesAtEnd()
{
    const ChatResult &result = m_reply->result();
    const bool several = m_options.request.n.value_or(1) > 1;
    const bool showReasoning = m_options.reasoning == CliOptions::Reasoning::Shown;
    for (const ChoiceResult &choice : result.choices) {
        const QString header = tr("--- choice %1 ---").arg(choice.index) + QLatin1Char('\n');
        if (several) {
            if (showReasoning && !choice.reasoning.isEmpty()) {
                printError(header + choice.reasoning);
                m_errOpenLine = !choice.reasoning.endsWith(QLatin1Char('\n'));
                endStreamedLines();
            }
            const QString text = choice.content + choice.refusal;
            printOut(header + text);
            m_outOpenLine = !text.isEmpty() && !text.endsWith(QLatin1Char('\n'));
        }
        if (several || choice.index == 0) {
            for (const ToolCall &call : choice.toolCalls) {
                endStreamedLines();
                printOut(
                    tr("[tool call] %1(%2)").arg(call.name, call.arguments) + QLatin1Char('\n'));
            }
        }
        endStreamedLines();
        if (choice.finishReason == QLatin1StringView("length"))
            printError(tr("confab-cli: choice %1 stopped at the token limit").arg(choice.index)
                + QLatin1Char('\n'));
    }
}

void CliRunner::waitForStore()
{
    // The persister posted the reply's final state when the reply ended, just before this; its
    // answer is a queued call here.
    if (!m_store)
        return;
    m_store->waitForIdle();
    QCoreApplication::sendPostedEvents();
}

int CliRunner::withSaveResult(int exitCode) const
{
    // A reply shown but not saved is a failure a script must see (the error was printed).
    if (exitCode == Success && m_persister && m_persister->hasUnsavedChanges())
        return ApiFailure;
    return exitCode;
}

void CliRunner::onChatFinished()
{
    waitForStore();
    if (m_options.output == CliOptions::Output::Json)
        printJson(chatJson(ApiError()));
    else
        printChoicesAtEnd();
    finish(withSaveResult(writeTrace(Success)));
}

void CliRunner::onChatFailed(const ApiError &error)
{
    waitForStore();
    const int code = exitCodeFor(error, m_reply->isCutOff());
    if (m_options.output == CliOptions::Output::Json) {
        printJson(chatJson(error));
    } else {
        printChoicesAtEnd();
        printError(tr("confab-cli: %1").arg(m_signal ? tr("interrupted") : error.message())
            + QLatin1Char('\n'));
    }
    finish(writeTrace(code));
}

void CliRunner::onModelsFinished()
{
    const QStringList models = m_modelsReply->models();
    if (m_options.output == CliOptions::Output::Json) {
        printJson({ { QStringLiteral("models"), QJsonArray::fromStringList(models) },
            { QStringLiteral("error"), QJsonValue::Null } });
    } else {
        for (const QString &id : models)
            printOut(id + QLatin1Char('\n'));
    }
    finish(Success);
}

void CliRunner::onModelsFailed(const ApiError &error)
{
    if (m_options.output == CliOptions::Output::Json) {
        printJson({ { QStringLiteral("models"), QJsonArray() },
            { QStringLiteral("error"), errorJson(error) } });
    } else {
        printError(tr("confab-cli: %1").arg(m_signal ? tr("interrupted") : error.message())
            + QLatin1Char('\n'));
    }
    finish(exitCodeFor(error, false));
}

int CliRunner::exitCodeFor(const ApiError &error, bool cutOff) const
{
    if (m_signal)
        return InterruptedBase + m_signal;
    if (cutOff)
        return NetworkFailure;
    switch (error.code()) {
    case ApiError::Code::Network:
    case ApiError::Code::Timeout:
    case ApiError::Code::Cancelled:
        // HTTP 408 is the server's answer, not the network's failure.
        return error.httpStatus() >= 400 ? ApiFailure : NetworkFailure;
    case ApiError::Code::None:
        return Success;
    default:
        return ApiFailure;
    }
}

int CliRunner::writeTrace(int exitCode)
{
    if (m_options.tracePath.isEmpty() || !m_reply)
        return exitCode;
    // ChatReply removed the key from the headers, the body and the response when it recorded them.
    QSaveFile file(m_options.tracePath);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(m_reply->trace().toJson()).toJson(QJsonDocument::Indented));
        if (file.commit())
            return exitCode;
    }
    printError(tr("confab-cli: cannot write the trace to %1: %2")
                   .arg(m_options.tracePath, file.errorString())
        + QLatin1Char('\n'));
    return exitCode == Success ? TraceNotWritten : exitCode;
}

void CliRunner::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    emit done(exitCode);
}

QJsonObject CliRunner::chatJson(const ApiError &error) const
{
    const ChatResult &result = m_reply->result();
    QJsonArray choices;
    for (const ChoiceResult &choice : result.choices)
        choices.append(choice.toJson());
    QJsonObject out { { QStringLiteral("id"), nullIfEmpty(result.id) },
        { QStringLiteral("model"), nullIfEmpty(result.model) },
        { QStringLiteral("choices"), choices },
        { QStringLiteral("usage"),
            result.hasUsage() ? QJsonValue(result.usage().raw) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("error"), errorJson(error) },
        { QStringLiteral("cut_off"), m_reply->isCutOff() } };
    if (m_conversationId)
        out.insert(QStringLiteral("conversation_id"), double(m_conversationId));
    return out;
}

QJsonValue CliRunner::errorJson(const ApiError &error)
{
    if (!error.isError())
        return QJsonValue::Null;
    return QJsonObject { { QStringLiteral("code"), error.codeName() },
        // null when no HTTP status arrived (network errors, refused connections)
        { QStringLiteral("status"),
            error.httpStatus() ? QJsonValue(error.httpStatus()) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("message"), error.message() },
        { QStringLiteral("type"), nullIfEmpty(error.type()) } };
}

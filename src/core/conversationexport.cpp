#include "conversationexport.h"

#include "conversationstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

namespace {

QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs))
                       : QJsonValue(QJsonValue::Null);
}

// Only the counts the server reported: an absent member reads back as "unknown".
QJsonObject usageJson(const MessageUsage &u)
{
    QJsonObject o;
    const std::pair<const char *, qint64> counts[]
        = { { "prompt", u.promptTokens }, { "completion", u.completionTokens },
              { "reasoning", u.reasoningTokens }, { "cached", u.cachedTokens } };
    for (const auto &[name, value] : counts) {
        if (value >= 0)
            o.insert(QLatin1StringView(name), double(value));
    }
    return o;
}

QJsonObject timingsJson(const MessageTimings &t)
{
    QJsonObject o;
    if (t.firstTokenMs >= 0)
        o.insert(QStringLiteral("firstTokenMs"), double(t.firstTokenMs));
    if (t.durationMs >= 0)
        o.insert(QStringLiteral("durationMs"), double(t.durationMs));
    if (t.tokensPerSecond >= 0)
        o.insert(QStringLiteral("tokensPerSecond"), t.tokensPerSecond);
    if (t.reasoningMs >= 0)
        o.insert(QStringLiteral("reasoningMs"), double(t.reasoningMs));
    return o;
}

bool isSecretName(const QString &name)
{
    QString n = name.toLower();
    n.remove(QLatin1Char('_')).remove(QLatin1Char('-'));
    static const char *const exact[]
        = { "key", "authorization", "proxyauthorization", "cookie", "bearer" };
    for (const char *e : exact) {
        if (n == QLatin1StringView(e))
            return true;
    }
    static const char *const endings[] = { "apikey", "secret", "password", "accesstoken",
        "refreshtoken", "sessiontoken", "authtoken", "bearertoken" };
    for (const char *e : endings) {
        if (n.endsWith(QLatin1StringView(e)))
            return true;
    }
    return false;
}

// A value that is a credential whatever its name says: "Bearer ..." or an OpenAI-style key.
bool isSecretValue(const QJsonValue &v)
{
    if (!v.isString())
        return false;
    static const QRegularExpression key(QStringLiteral("^(Bearer\\s|sk-[A-Za-z0-9_-]{16,})"));
    return key.match(v.toString()).hasMatch();
}

QJsonValue withoutSecretValues(const QJsonValue &v);

QJsonArray arrayWithoutSecrets(const QJsonArray &a)
{
    QJsonArray out;
    for (const QJsonValue e : a) {
        if (!isSecretValue(e))
            out.append(withoutSecretValues(e));
    }
    return out;
}

QJsonValue withoutSecretValues(const QJsonValue &v)
{
    if (v.isObject())
        return ConversationExport::withoutSecrets(v.toObject());
    if (v.isArray())
        return arrayWithoutSecrets(v.toArray());
    return v;
}

// A fence longer than any run of backticks in the text, so the text cannot close it.
QString fenced(const QString &text, const QString &language = QString())
{
    int longest = 0;
    int run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(std::max(3, longest + 1), QLatin1Char('`'));
    return fence + language + QLatin1Char('\n') + text + QLatin1Char('\n') + fence
        + QStringLiteral("\n\n");
}

} // namespace

ConversationExport::ConversationExport(ImageLoader loader)
    : m_loader(std::move(loader))
{ }

QJsonObject ConversationExport::withoutSecrets(const QJsonObject &parameters)
{
    QJsonObject out;
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
        if (!isSecretName(it.key()) && !isSecretValue(it.value()))
            out.insert(it.key(), withoutSecretValues(it.value()));
    }
    return out;
}

QString ConversationExport::imageFileName(const QByteArray &hash, const QByteArray &mimeType)
{
    QString suffix
        = QMimeDatabase().mimeTypeForName(QString::fromLatin1(mimeType)).preferredSuffix();
    if (suffix.isEmpty())
        suffix = QStringLiteral("bin");
    return QString::fromLatin1(hash) + QLatin1Char('.') + suffix;
}

bool ConversationExport::save(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QString ConversationExport::imageMarkdown(
    const ImageRef &image, ImageMode mode, const QString &imageDir, QSet<QByteArray> &written)
{
    const QString alt = tr("Image");
    if (image.isRemote())
        return QStringLiteral("![%1](%2)\n\n")
            .arg(alt, QString::fromUtf8(QUrl(image.url).toEncoded()));
    const auto loaded = m_loader ? m_loader(image.hash) : std::nullopt;
    if (!loaded)
        return QLatin1Char('*') + tr("[An image that is no longer stored]")
            + QStringLiteral("*\n\n");
    const QByteArray mime = loaded->second.isEmpty() ? image.mimeType : loaded->second;
    if (mode == ImageMode::DataUrls) {
        return QStringLiteral("![%1](data:%2;base64,%3)\n\n")
            .arg(alt,
                QString::fromLatin1(
                    mime.isEmpty() ? QByteArrayLiteral("application/octet-stream") : mime),
                QString::fromLatin1(loaded->first.toBase64()));
    }
    const QString name = imageFileName(image.hash, mime);
    if (!written.contains(image.hash)) {
        if (!QDir().mkpath(imageDir)) {
            m_error = tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(imageDir));
            return QString();
        }
        if (!save(QDir(imageDir).filePath(name), loaded->first))
            return QString();
        written.insert(image.hash);
    }
    const QString folder
        = QString::fromUtf8(QUrl::toPercentEncoding(QFileInfo(imageDir).fileName()));
    return QStringLiteral("![%1](%2/%3)\n\n").arg(alt, folder, name);
}

QString ConversationExport::inlineImagesToFiles(
    const QString &text, const QString &imageDir, QSet<QByteArray> &written)
{
    // A model's Markdown images with data: URLs, as files too: a text editor chokes on a
    // megabyte of base64 in one line.
    static const QRegularExpression image(QStringLiteral(
        "!\\[([^\\]\\n]*)\\]\\(data:(image/[A-Za-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)\\)"));
    if (!text.contains(QLatin1StringView("](data:image/")))
        return text;
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = image.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QByteArray bytes = QByteArray::fromBase64(match.captured(3).toLatin1());
        const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        const QString name = imageFileName(hash, match.captured(2).toLatin1());
        if (!written.contains(hash)) {
            if (!QDir().mkpath(imageDir)) {
                m_error = tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(imageDir));
                return QString();
            }
            if (!save(QDir(imageDir).filePath(name), bytes))
                return QString();
            written.insert(hash);
        }
        const QString folder
            = QString::fromUtf8(QUrl::toPercentEncoding(QFileInfo(imageDir).fileName()));
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += QStringLiteral("![%1](%2/%3)").arg(match.captured(1), folder, name);
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

QString ConversationExport::messageMarkdown(
    const Message &m, ImageMode mode, const QString &imageDir, QSet<QByteArray> &written)
{
    QString heading;
    switch (m.role) {
    case ChatMessage::Role::User:
        heading = tr("You");
        break;
    case ChatMessage::Role::Assistant:
        heading = m.model.isEmpty() ? tr("Assistant") : tr("Assistant (%1)").arg(m.model);
        break;
    case ChatMessage::Role::System:
        heading = tr("System");
        break;
    case ChatMessage::Role::Developer:
        heading = tr("Developer");
        break;
    case ChatMessage::Role::Tool:
        heading = tr("Tool");
        break;
    }
    QString out = QStringLiteral("## ") + heading + QStringLiteral("\n\n");

    // The blank lines inside <details> let Markdown renderers format the reasoning too.
    if (!m.reasoning.isEmpty())
        out += QStringLiteral("<details>\n<summary>") + tr("Reasoning")
            + QStringLiteral("</summary>\n\n") + m.reasoning + QStringLiteral("\n\n</details>\n\n");
    if (!m.text.isEmpty() && m.role == ChatMessage::Role::Tool) {
        out += fenced(m.text);
    } else if (!m.text.isEmpty()) {
        const QString text
            = mode == ImageMode::Files ? inlineImagesToFiles(m.text, imageDir, written) : m.text;
        if (text.isNull())
            return QString();
        out += text + QStringLiteral("\n\n");
    }
    for (const ImageRef &image : m.images) {
        const QString md = imageMarkdown(image, mode, imageDir, written);
        if (md.isNull())
            return QString();
        out += md;
    }
    for (const QJsonValue call : m.toolCalls) {
        const QJsonObject function = call[QLatin1StringView("function")].toObject();
        out += QStringLiteral("**") + tr("Tool call:") + QStringLiteral("** `")
            + function[QLatin1StringView("name")].toString() + QStringLiteral("`\n\n")
            + fenced(function[QLatin1StringView("arguments")].toString(), QStringLiteral("json"));
    }
    if (!m.refusal.isEmpty())
        out += QStringLiteral("> **") + tr("Refused:") + QStringLiteral("** ") + m.refusal
            + QStringLiteral("\n\n");

    QString note;
    switch (m.state) {
    case Message::State::Complete:
        break;
    case Message::State::Streaming:
        note = tr("Still being written when exported.");
        break;
    case Message::State::Stopped:
        note = tr("Stopped before the end.");
        break;
    case Message::State::CutOff:
        note = tr("Cut off: the reply ended early.");
        break;
    case Message::State::Failed:
        note = tr("Failed.");
        break;
    case Message::State::Interrupted:
        note = tr("Interrupted: Confab closed while this reply was written.");
        break;
    }
    if (!note.isEmpty() || !m.error.isEmpty()) {
        out += QStringLiteral("> ");
        if (!note.isEmpty())
            out += QLatin1Char('*') + note + QLatin1Char('*');
        if (!m.error.isEmpty())
            out += (note.isEmpty() ? QString() : QStringLiteral(" ")) + m.error;
        out += QStringLiteral("\n\n");
    }

    if (m.role == ChatMessage::Role::Assistant) {
        QStringList footer;
        if (!m.model.isEmpty())
            footer << tr("Model: %1").arg(m.model);
        if (m.usage.promptTokens >= 0)
            footer << tr("Prompt tokens: %1").arg(m.usage.promptTokens);
        if (m.usage.completionTokens >= 0)
            footer << tr("Completion tokens: %1").arg(m.usage.completionTokens);
        if (m.usage.reasoningTokens >= 0)
            footer << tr("Reasoning tokens: %1").arg(m.usage.reasoningTokens);
        if (m.usage.cachedTokens >= 0)
            footer << tr("Cached tokens: %1").arg(m.usage.cachedTokens);
        // "stop" is the normal end; anything else (length, content_filter...) is news.
        if (!m.finishReason.isEmpty() && m.finishReason != QLatin1StringView("stop"))
            footer << tr("Finish reason: %1").arg(m.finishReason);
        if (!footer.isEmpty())
            out += QLatin1Char('*') + footer.join(QStringLiteral(" · ")) + QStringLiteral("*\n\n");
    }
    return out;
}

QString ConversationExport::toMarkdown(
    const Conversation &conversation, ImageMode mode, const QString &imageDir)
{
    m_error.clear();
    QSet<QByteArray> written;
    const QString title
        = conversation.title.isEmpty() ? tr("Untitled conversation") : conversation.title;
    QString out = QStringLiteral("# ") + title + QStringLiteral("\n\n");
    if (!conversation.systemPrompt.isEmpty())
        out += QStringLiteral("## ") + tr("System prompt") + QStringLiteral("\n\n")
            + conversation.systemPrompt + QStringLiteral("\n\n");
    for (const Message *m : conversation.activePath()) {
        const QString md = messageMarkdown(*m, mode, imageDir, written);
        if (md.isNull())
            return QString();
        out += md;
    }
    out.chop(1); // one newline at the end, not a blank line
    return out;
}

bool ConversationExport::writeMarkdown(
    const Conversation &conversation, const QString &path, ImageMode mode)
{
    const QFileInfo info(path);
    const QString imageDir
        = info.dir().filePath(info.completeBaseName() + QStringLiteral("_files"));
    const QString markdown = toMarkdown(conversation, mode, imageDir);
    return !markdown.isNull() && save(path, markdown.toUtf8());
}

QJsonObject ConversationExport::toJson(const Conversation &c) const
{
    QJsonObject images;
    auto addImages = [&](const QList<ImageRef> &refs) {
        for (const ImageRef &ref : refs) {
            if (ref.isRemote() || images.contains(QString::fromLatin1(ref.hash)) || !m_loader)
                continue;
            // An image missing from the store stays a reference: the export keeps what there is.
            if (const auto loaded = m_loader(ref.hash)) {
                images.insert(QString::fromLatin1(ref.hash),
                    QJsonObject { { QStringLiteral("mime"), QString::fromLatin1(loaded->second) },
                        { QStringLiteral("data"),
                            QString::fromLatin1(loaded->first.toBase64()) } });
            }
        }
    };

    QJsonArray messages;
    for (const Message &m : c.messages) {
        QJsonObject o {
            { QStringLiteral("id"), double(m.id) },
            { QStringLiteral("parentId"), double(m.parentId) },
            { QStringLiteral("role"), ChatMessage::roleName(m.role) },
            { QStringLiteral("created"), timeJson(m.created) },
            { QStringLiteral("text"), m.text },
            { QStringLiteral("reasoning"), m.reasoning },
            { QStringLiteral("images"), ImageRef::listToJson(m.images) },
            { QStringLiteral("toolCalls"), m.toolCalls },
            { QStringLiteral("toolCallId"), m.toolCallId },
            { QStringLiteral("refusal"), m.refusal },
            { QStringLiteral("model"), m.model },
            { QStringLiteral("usage"), usageJson(m.usage) },
            { QStringLiteral("timings"), timingsJson(m.timings) },
            { QStringLiteral("finishReason"), m.finishReason },
            { QStringLiteral("state"), Message::stateName(m.state) },
            { QStringLiteral("error"), m.error },
        };
        if (const auto chosen = c.activeChild.constFind(m.id); chosen != c.activeChild.cend())
            o.insert(QStringLiteral("activeChild"), double(chosen.value()));
        messages.append(o);
        addImages(m.images);
    }
    addImages(c.draftImages);

    QJsonObject o {
        { QStringLiteral("format"), QStringLiteral("confab.conversation") },
        { QStringLiteral("version"), FormatVersion },
        { QStringLiteral("generator"), QStringLiteral("Confab " CONFAB_VERSION) },
        { QStringLiteral("id"), double(c.id) },
        { QStringLiteral("title"), c.title },
        { QStringLiteral("created"), timeJson(c.created) },
        { QStringLiteral("updated"), timeJson(c.updated) },
        { QStringLiteral("pinned"), c.pinned },
        { QStringLiteral("provider"), c.providerId },
        { QStringLiteral("model"), c.model },
        { QStringLiteral("parameters"), withoutSecrets(c.parameters) },
        { QStringLiteral("systemPrompt"), c.systemPrompt },
        { QStringLiteral("draftText"), c.draftText },
        { QStringLiteral("draftImages"), ImageRef::listToJson(c.draftImages) },
        { QStringLiteral("messages"), messages },
        { QStringLiteral("images"), images },
    };
    if (const auto root = c.activeChild.constFind(0); root != c.activeChild.cend())
        o.insert(QStringLiteral("activeRoot"), double(root.value()));
    // Absent means every image, so that files stay as they were for conversations that never
    // chose, and older Confabs lose nothing they know of.
    if (c.imageTurns >= 0)
        o.insert(QStringLiteral("imageTurns"), c.imageTurns);
    return o;
}

bool ConversationExport::writeJson(const Conversation &conversation, const QString &path)
{
    return save(path, QJsonDocument(toJson(conversation)).toJson(QJsonDocument::Indented));
}

bool ConversationExport::writeLibrary(ConversationStore &store, const QString &path)
{
    m_error.clear();
    // The ids first (a few bytes each): paging by offset while reading would be fragile.
    QList<qint64> ids;
    constexpr int pageSize = 500;
    for (int offset = 0;; offset += pageSize) {
        const QList<ConversationSummary> page = store.listConversations(offset, pageSize);
        for (const ConversationSummary &s : page)
            ids.append(s.id);
        if (page.size() < pageSize)
            break;
    }
    if (store.conversationCount() != ids.size()) {
        m_error = tr("Cannot read the conversation list: %1").arg(store.errorString());
        return false;
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const ConversationExport exporter(
        [&store](const QByteArray &hash) { return store.loadImage(hash); });
    file.write(QByteArrayLiteral("{\"format\":\"confab.library\",\"version\":")
        + QByteArray::number(FormatVersion)
        + QByteArrayLiteral(",\"generator\":\"Confab " CONFAB_VERSION "\",\"conversations\":["));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const std::optional<Conversation> c = store.loadConversation(ids.at(i));
        if (!c) {
            m_error = tr("Cannot read conversation %1: %2").arg(ids.at(i)).arg(store.errorString());
            return false; // the QSaveFile discards what was written
        }
        file.write(i == 0 ? "\n" : ",\n");
        file.write(QJsonDocument(exporter.toJson(*c)).toJson(QJsonDocument::Compact));
    }
    file.write("\n]}\n");
    if (!file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

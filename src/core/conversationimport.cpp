#include "conversationimport.h"

#include "conversationexport.h"
#include "conversationstore.h"
#include "database.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>

#include <algorithm>
#include <cmath>
#include <limits>

struct ConversationImport::Pending
{
    struct Image
    {
        QByteArray bytes;
        QByteArray mime;
        int width = 0;
        int height = 0;
    };
    Conversation conversation; // ids as in the file, every parent before its children
    QHash<QByteArray, Image> images;
};

// Checked reads of JSON members. Absent and null read as "none"; a value of the wrong type is an
// error that names where it is.
class ConversationImport::Reader
{
    Q_DECLARE_TR_FUNCTIONS(ConversationImport)

public:
    QString error;

    bool fail(const QString &where, const QString &what)
    {
        error = tr("%1: %2").arg(where, what);
        return false;
    }

    bool string(const QJsonObject &o, QLatin1StringView key, QString &out, const QString &where)
    {
        const QJsonValue v = o.value(key);
        if (v.isString() || v.isNull() || v.isUndefined()) {
            out = v.toString();
            return true;
        }
        return fail(where, tr("“%1” is not a string").arg(key));
    }

    bool integer(const QJsonObject &o, QLatin1StringView key, qint64 &out, const QString &where,
        qint64 none = 0)
    {
        const QJsonValue v = o.value(key);
        if (v.isNull() || v.isUndefined()) {
            out = none;
            return true;
        }
        const double d = v.toDouble(0.5);
        if (!v.isDouble() || d != std::floor(d) || std::abs(d) > 9007199254740992.0)
            return fail(where, tr("“%1” is not a whole number").arg(key));
        out = qint64(d);
        return true;
    }

    bool number(
        const QJsonObject &o, QLatin1StringView key, double &out, const QString &where, double none)
    {
        const QJsonValue v = o.value(key);
        if (v.isNull() || v.isUndefined()) {
            out = none;
            return true;
        }
        if (!v.isDouble())
            return fail(where, tr("“%1” is not a number").arg(key));
        out = v.toDouble();
        return true;
    }

    bool boolean(const QJsonObject &o, QLatin1StringView key, bool &out, const QString &where)
    {
        const QJsonValue v = o.value(key);
        if (!v.isBool() && !v.isNull() && !v.isUndefined())
            return fail(where, tr("“%1” is not true or false").arg(key));
        out = v.toBool();
        return true;
    }

    bool time(const QJsonObject &o, QLatin1StringView key, QDateTime &out, const QString &where)
    {
        QString s;
        if (!string(o, key, s, where))
            return false;
        out = s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!s.isEmpty() && !out.isValid())
            return fail(where, tr("“%1” is not an ISO 8601 date and time").arg(key));
        return true;
    }

    // A ChatGPT time: seconds since 1970 as a fraction.
    bool seconds(const QJsonObject &o, QLatin1StringView key, QDateTime &out, const QString &where)
    {
        double s = 0;
        if (!number(o, key, s, where, -1))
            return false;
        out = s >= 0 ? QDateTime::fromMSecsSinceEpoch(std::llround(s * 1000), Qt::UTC)
                     : QDateTime();
        return true;
    }

    bool object(const QJsonObject &o, QLatin1StringView key, QJsonObject &out, const QString &where)
    {
        const QJsonValue v = o.value(key);
        if (!v.isObject() && !v.isNull() && !v.isUndefined())
            return fail(where, tr("“%1” is not an object").arg(key));
        out = v.toObject();
        return true;
    }

    bool array(const QJsonObject &o, QLatin1StringView key, QJsonArray &out, const QString &where)
    {
        const QJsonValue v = o.value(key);
        if (!v.isArray() && !v.isNull() && !v.isUndefined())
            return fail(where, tr("“%1” is not an array").arg(key));
        out = v.toArray();
        return true;
    }

    static QString chatGptText(const QJsonObject &content);

    bool images(
        const QJsonObject &o, QLatin1StringView key, QList<ImageRef> &out, const QString &where);
    bool confabMessage(const QJsonObject &o, Message &m, qint64 &activeChild, const QString &where);
    // `version`: the library's, for a conversation inside one; 0 for a file of its own.
    bool confab(const QJsonObject &o, Pending &p, const QString &where, qint64 version);
    bool chatGpt(const QJsonObject &o, Pending &p, const QString &where);
};

bool ConversationImport::Reader::images(
    const QJsonObject &o, QLatin1StringView key, QList<ImageRef> &out, const QString &where)
{
    QJsonArray a;
    if (!array(o, key, a, where))
        return false;
    for (const QJsonValue v : a) {
        const QJsonObject image = v.toObject();
        ImageRef ref;
        QString hash, mime, detail;
        qint64 width = 0, height = 0;
        if (!v.isObject())
            return fail(where, tr("an image is not an object"));
        if (!string(image, QLatin1StringView("hash"), hash, where)
            || !string(image, QLatin1StringView("mime"), mime, where)
            || !string(image, QLatin1StringView("url"), ref.url, where)
            || !string(image, QLatin1StringView("detail"), detail, where)
            || !integer(image, QLatin1StringView("width"), width, where)
            || !integer(image, QLatin1StringView("height"), height, where))
            return false;
        if (hash.isEmpty() == ref.url.isEmpty())
            return fail(where, tr("an image needs either a hash or a URL"));
        bool knownDetail = false;
        ref.detail = ContentPart::detailFromName(detail, &knownDetail);
        if (!knownDetail)
            return fail(where, tr("the image detail “%1” is unknown").arg(detail));
        ref.hash = hash.toLatin1();
        ref.mimeType = mime.toLatin1();
        ref.width = int(width);
        ref.height = int(height);
        out.append(ref);
    }
    return true;
}

bool ConversationImport::Reader::confabMessage(
    const QJsonObject &o, Message &m, qint64 &activeChild, const QString &where)
{
    QString role, state;
    QJsonObject usage, timings;
    double tokensPerSecond = -1;
    if (!integer(o, QLatin1StringView("parentId"), m.parentId, where)
        || !string(o, QLatin1StringView("role"), role, where)
        || !time(o, QLatin1StringView("created"), m.created, where)
        || !string(o, QLatin1StringView("text"), m.text, where)
        || !string(o, QLatin1StringView("reasoning"), m.reasoning, where)
        || !images(o, QLatin1StringView("images"), m.images, where)
        || !array(o, QLatin1StringView("toolCalls"), m.toolCalls, where)
        || !string(o, QLatin1StringView("toolCallId"), m.toolCallId, where)
        || !string(o, QLatin1StringView("refusal"), m.refusal, where)
        || !string(o, QLatin1StringView("model"), m.model, where)
        || !object(o, QLatin1StringView("usage"), usage, where)
        || !integer(usage, QLatin1StringView("prompt"), m.usage.promptTokens, where, -1)
        || !integer(usage, QLatin1StringView("completion"), m.usage.completionTokens, where, -1)
        || !integer(usage, QLatin1StringView("reasoning"), m.usage.reasoningTokens, where, -1)
        || !integer(usage, QLatin1StringView("cached"), m.usage.cachedTokens, where, -1)
        || !object(o, QLatin1StringView("timings"), timings, where)
        || !integer(timings, QLatin1StringView("firstTokenMs"), m.timings.firstTokenMs, where, -1)
        || !integer(timings, QLatin1StringView("durationMs"), m.timings.durationMs, where, -1)
        || !number(timings, QLatin1StringView("tokensPerSecond"), tokensPerSecond, where, -1)
        || !integer(timings, QLatin1StringView("reasoningMs"), m.timings.reasoningMs, where, -1)
        || !string(o, QLatin1StringView("finishReason"), m.finishReason, where)
        || !string(o, QLatin1StringView("state"), state, where)
        || !string(o, QLatin1StringView("error"), m.error, where)
        || !integer(o, QLatin1StringView("activeChild"), activeChild, where))
        return false;
    m.timings.tokensPerSecond = tokensPerSecond;
    if (m.parentId < 0)
        return fail(where, tr("“parentId” is negative"));
    bool known = false;
    for (auto r : { ChatMessage::Role::System, ChatMessage::Role::Developer,
             ChatMessage::Role::User, ChatMessage::Role::Assistant, ChatMessage::Role::Tool }) {
        if (ChatMessage::roleName(r) == role) {
            m.role = r;
            known = true;
        }
    }
    if (!known)
        return fail(where, tr("the role “%1” is unknown").arg(role));
    m.state = Message::stateFromName(
        state.isEmpty() ? QStringLiteral("complete") : state, Message::State(-1));
    if (m.state == Message::State(-1))
        return fail(where, tr("the state “%1” is unknown").arg(state));
    // Nothing streams into an imported message: left "streaming", it would look alive.
    if (m.state == Message::State::Streaming)
        m.state = Message::State::Interrupted;
    return true;
}

bool ConversationImport::Reader::confab(
    const QJsonObject &o, Pending &p, const QString &where, qint64 version)
{
    Conversation &c = p.conversation;
    QString format;
    qint64 activeRoot = 0;
    qint64 imageTurns = -1;
    QJsonArray messages;
    QJsonObject imageMap;
    if (!string(o, QLatin1StringView("format"), format, where)
        || !integer(o, QLatin1StringView("version"), version, where, version))
        return false;
    if (format != QLatin1StringView("confab.conversation") && !format.isEmpty())
        return fail(where, tr("it is not a Confab conversation"));
    if (version > ConversationExport::FormatVersion)
        return fail(where,
            tr("it was written by a newer version of Confab (format version %1)").arg(version));
    if (version < 1)
        return fail(where, tr("it has no format version"));
    if (!string(o, QLatin1StringView("title"), c.title, where)
        || !time(o, QLatin1StringView("created"), c.created, where)
        || !time(o, QLatin1StringView("updated"), c.updated, where)
        || !boolean(o, QLatin1StringView("pinned"), c.pinned, where)
        || !string(o, QLatin1StringView("provider"), c.providerId, where)
        || !string(o, QLatin1StringView("model"), c.model, where)
        || !object(o, QLatin1StringView("parameters"), c.parameters, where)
        || !string(o, QLatin1StringView("systemPrompt"), c.systemPrompt, where)
        || !string(o, QLatin1StringView("draftText"), c.draftText, where)
        || !images(o, QLatin1StringView("draftImages"), c.draftImages, where)
        || !integer(o, QLatin1StringView("activeRoot"), activeRoot, where)
        || !integer(o, QLatin1StringView("imageTurns"), imageTurns, where, -1)
        || !array(o, QLatin1StringView("messages"), messages, where)
        || !object(o, QLatin1StringView("images"), imageMap, where))
        return false;
    c.parameters = ConversationExport::withoutSecrets(c.parameters);
    // Any negative count means every image, as HistoryBuilder reads it.
    c.imageTurns = int(std::clamp<qint64>(imageTurns, -1, std::numeric_limits<int>::max()));

    QList<Message> inFile;
    inFile.reserve(messages.size());
    QHash<qint64, qint64> parentOf;
    QHash<qint64, qint64> chosen; // as the file says, checked below
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject mo = messages.at(i).toObject();
        Message m;
        qint64 active = 0;
        if (!messages.at(i).isObject())
            return fail(where, tr("message %1 is not an object").arg(i + 1));
        if (!integer(mo, QLatin1StringView("id"), m.id, where) || m.id <= 0)
            return fail(where, tr("message %1 has no valid “id”").arg(i + 1));
        const QString at = tr("%1, message %2").arg(where).arg(m.id);
        if (parentOf.contains(m.id))
            return fail(at, tr("the id is used twice"));
        if (!confabMessage(mo, m, active, at))
            return false;
        parentOf.insert(m.id, m.parentId);
        if (active > 0)
            chosen.insert(m.id, active);
        inFile.append(std::move(m));
    }

    // Parents before children, in file order where the file already is (Confab writes it so).
    QSet<qint64> placed;
    QMultiHash<qint64, qsizetype> waiting; // parent id -> messages waiting for it
    c.messages.reserve(inFile.size());
    for (qsizetype i = 0; i < inFile.size(); ++i) {
        if (inFile.at(i).parentId != 0 && !parentOf.contains(inFile.at(i).parentId))
            return fail(tr("%1, message %2").arg(where).arg(inFile.at(i).id),
                tr("its parent %1 is not in the file").arg(inFile.at(i).parentId));
        if (inFile.at(i).parentId != 0 && !placed.contains(inFile.at(i).parentId)) {
            waiting.insert(inFile.at(i).parentId, i);
            continue;
        }
        QList<qsizetype> stack { i };
        while (!stack.isEmpty()) {
            const Message &m = inFile.at(stack.takeLast());
            placed.insert(m.id);
            c.messages.append(m);
            stack.append(waiting.values(m.id));
            waiting.remove(m.id);
        }
    }
    for (const Message &m : std::as_const(inFile)) { // the first one the file lists, of those left
        if (!placed.contains(m.id))
            return fail(tr("%1, message %2").arg(where).arg(m.id), tr("its parents form a cycle"));
    }

    // A choice naming no child of its message is dropped: the newest child is shown instead,
    // as for a message without a choice.
    for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
        if (parentOf.value(it.value(), -1) == it.key())
            c.activeChild.insert(it.key(), it.value());
    }
    if (activeRoot > 0 && parentOf.value(activeRoot, -1) == 0)
        c.activeChild.insert(0, activeRoot);

    for (auto it = imageMap.begin(); it != imageMap.end(); ++it) {
        const QString at = tr("%1, image %2").arg(where, it.key());
        const QJsonObject io = it.value().toObject();
        QString mime, data;
        if (!it.value().isObject())
            return fail(at, tr("it is not an object"));
        if (!string(io, QLatin1StringView("mime"), mime, at)
            || !string(io, QLatin1StringView("data"), data, at))
            return false;
        auto decoded = QByteArray::fromBase64Encoding(
            data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(at, tr("“data” is not base64"));
        Pending::Image image { *decoded, mime.toLatin1() };
        if (QCryptographicHash::hash(image.bytes, QCryptographicHash::Sha256).toHex()
            != it.key().toLatin1())
            return fail(at, tr("the bytes do not match the hash"));
        p.images.insert(it.key().toLatin1(), image);
    }
    // The images table keeps each image's size: take it from a reference that has it.
    auto sizes = [&p](const QList<ImageRef> &refs) {
        for (const ImageRef &ref : refs) {
            const auto image = p.images.find(ref.hash);
            if (image != p.images.end() && image->width == 0) {
                image->width = ref.width;
                image->height = ref.height;
            }
        }
    };
    for (const Message &m : std::as_const(c.messages))
        sizes(m.images);
    sizes(c.draftImages);
    return true;
}

// The text ChatGPT shows for a message's content.
QString ConversationImport::Reader::chatGptText(const QJsonObject &content)
{
    const QJsonValue parts = content.value(QLatin1StringView("parts"));
    if (!parts.isArray()) {
        // code, execution_output, system_error have "text"; browsing results "result".
        const QJsonValue text = content.value(QLatin1StringView("text"));
        return text.isString() ? text.toString()
                               : content.value(QLatin1StringView("result")).toString();
    }
    QStringList pieces;
    for (const QJsonValue part : parts.toArray()) {
        if (part.isString() && !part.toString().isEmpty()) {
            pieces << part.toString();
        } else if (part.isObject()) {
            const QString type = part[QLatin1StringView("content_type")].toString();
            if (type == QLatin1StringView("image_asset_pointer"))
                pieces << tr("[image]");
            else if (part[QLatin1StringView("text")].isString()) // audio transcriptions
                pieces << part[QLatin1StringView("text")].toString();
            else
                pieces << tr("[%1]").arg(type.isEmpty() ? tr("attachment") : type);
        }
    }
    return pieces.join(QStringLiteral("\n\n"));
}

bool ConversationImport::Reader::chatGpt(const QJsonObject &o, Pending &p, const QString &where)
{
    Conversation &c = p.conversation;
    QJsonObject mapping;
    QString current, defaultModel;
    if (!string(o, QLatin1StringView("title"), c.title, where)
        || !seconds(o, QLatin1StringView("create_time"), c.created, where)
        || !seconds(o, QLatin1StringView("update_time"), c.updated, where)
        || !object(o, QLatin1StringView("mapping"), mapping, where)
        || !string(o, QLatin1StringView("current_node"), current, where)
        || !string(o, QLatin1StringView("default_model_slug"), defaultModel, where))
        return false;
    if (!o.value(QLatin1StringView("mapping")).isObject())
        return fail(where, tr("it has no “mapping” of messages"));

    struct Node
    {
        QString parent;
        QJsonArray children;
        QJsonObject message;
        QDateTime created;
        qint64 kept = 0; // the message id it became, if kept
        bool visited = false;
    };
    QHash<QString, Node> nodes;
    nodes.reserve(mapping.size());
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        const QString at = tr("%1, node %2").arg(where, it.key());
        const QJsonObject no = it.value().toObject();
        Node n;
        if (!it.value().isObject())
            return fail(at, tr("it is not an object"));
        if (!string(no, QLatin1StringView("parent"), n.parent, at)
            || !array(no, QLatin1StringView("children"), n.children, at)
            || !object(no, QLatin1StringView("message"), n.message, at)
            || !seconds(n.message, QLatin1StringView("create_time"), n.created, at))
            return false;
        nodes.insert(it.key(), n);
    }
    QHash<QString, QStringList> childrenOf; // "" -> the roots
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        if (!it->parent.isEmpty() && !nodes.contains(it->parent))
            return fail(tr("%1, node %2").arg(where, it.key()),
                tr("its parent %1 is not in the mapping").arg(it->parent));
        childrenOf[it->parent].append(it.key());
    }
    if (!current.isEmpty() && !nodes.contains(current))
        return fail(where, tr("its current node %1 is not in the mapping").arg(current));
    // Siblings in the order of their parent's "children" (oldest first), then by time: the
    // mapping's own order is lost, JSON objects have none.
    for (auto it = childrenOf.begin(); it != childrenOf.end(); ++it) {
        if (it->size() < 2)
            continue;
        const QJsonArray listed
            = it.key().isEmpty() ? QJsonArray() : nodes.value(it.key()).children;
        QHash<QString, qsizetype> position;
        for (qsizetype i = 0; i < listed.size(); ++i)
            position.insert(listed.at(i).toString(), i);
        auto rank = [&](const QString &id) {
            return std::make_tuple(
                position.value(id, listed.size()), nodes[id].created.toMSecsSinceEpoch(), id);
        };
        std::sort(it->begin(), it->end(),
            [&](const QString &a, const QString &b) { return rank(a) < rank(b); });
    }

    struct Step
    {
        QString node;
        qint64 parent; // the nearest kept ancestor
        QString reasoning; // "thoughts" not yet given to a reply
        QDateTime time;
    };
    QList<Step> stack;
    const QStringList roots = childrenOf.value(QString());
    for (auto r = roots.crbegin(); r != roots.crend(); ++r)
        stack.append({ *r, 0, QString(), c.created });
    qsizetype visited = 0;
    while (!stack.isEmpty()) {
        Step s = stack.takeLast();
        ++visited;
        Node &n = nodes[s.node];
        n.visited = true;
        const QString at = tr("%1, node %2").arg(where, s.node);
        if (n.created.isValid())
            s.time = n.created;
        if (!n.message.isEmpty()) {
            QJsonObject author, content, metadata, finish;
            QString role, type, recipient;
            QJsonArray parts;
            if (!object(n.message, QLatin1StringView("author"), author, at)
                || !string(author, QLatin1StringView("role"), role, at)
                || !object(n.message, QLatin1StringView("content"), content, at)
                || !string(content, QLatin1StringView("content_type"), type, at)
                || !array(content, QLatin1StringView("parts"), parts, at)
                || !string(n.message, QLatin1StringView("recipient"), recipient, at)
                || !object(n.message, QLatin1StringView("metadata"), metadata, at)
                || !object(metadata, QLatin1StringView("finish_details"), finish, at))
                return false;
            if (role.isEmpty())
                return fail(at, tr("the message has no author role"));
            const QString text = chatGptText(content);
            const bool hidden
                = metadata.value(QLatin1StringView("is_visually_hidden_from_conversation"))
                      .toBool();
            if (type == QLatin1StringView("thoughts")) {
                for (const QJsonValue t : content.value(QLatin1StringView("thoughts")).toArray()) {
                    const QString summary = t[QLatin1StringView("summary")].toString();
                    const QString body = t[QLatin1StringView("content")].toString();
                    s.reasoning += (s.reasoning.isEmpty() ? QString() : QStringLiteral("\n\n"))
                        + (summary.isEmpty()
                                ? body
                                : QStringLiteral("**") + summary + QStringLiteral("**\n\n") + body);
                }
            } else if (!hidden && (recipient.isEmpty() || recipient == QLatin1StringView("all"))
                && !text.trimmed().isEmpty()
                && (role == QLatin1StringView("user") || role == QLatin1StringView("assistant")
                    || role == QLatin1StringView("system"))) {
                Message m;
                m.id = c.messages.size() + 1;
                m.parentId = s.parent;
                m.role = role == QLatin1StringView("user")   ? ChatMessage::Role::User
                    : role == QLatin1StringView("assistant") ? ChatMessage::Role::Assistant
                                                             : ChatMessage::Role::System;
                m.text = text;
                m.created = s.time;
                if (m.role == ChatMessage::Role::Assistant) {
                    m.model = metadata.value(QLatin1StringView("model_slug")).toString();
                    m.reasoning = std::exchange(s.reasoning, QString());
                    const QString reason = finish.value(QLatin1StringView("type")).toString();
                    if (reason == QLatin1StringView("interrupted"))
                        m.state = Message::State::Stopped;
                    else
                        m.finishReason = reason == QLatin1StringView("max_tokens")
                            ? QStringLiteral("length")
                            : reason;
                }
                n.kept = m.id;
                s.parent = m.id;
                c.messages.append(std::move(m));
            }
        }
        const QStringList children = childrenOf.value(s.node);
        for (auto child = children.crbegin(); child != children.crend(); ++child)
            stack.append({ *child, s.parent, s.reasoning, s.time });
    }
    if (visited != nodes.size()) {
        QStringList lost;
        for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
            if (!it->visited)
                lost << it.key();
        }
        return fail(tr("%1, node %2").arg(where, *std::min_element(lost.cbegin(), lost.cend())),
            tr("it is not connected to a root: its parents form a cycle"));
    }

    // The shown path: from the current node up, each kept message its parent's choice.
    for (QString id = current; !id.isEmpty(); id = nodes.value(id).parent) {
        if (const qint64 kept = nodes.value(id).kept)
            c.activeChild.insert(c.messages.at(kept - 1).parentId, kept);
    }
    c.model = defaultModel;
    if (c.model.isEmpty()) {
        for (const Message *m : c.activePath()) {
            if (!m->model.isEmpty())
                c.model = m->model;
        }
    }
    if (!c.created.isValid() && !c.messages.isEmpty())
        c.created = c.messages.first().created;
    return true;
}

namespace {

QString lineAndColumn(const QByteArray &bytes, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < std::min(offset, bytes.size()); ++i) {
        if (bytes.at(i) == '\n') {
            ++line;
            column = 1;
        } else if ((uchar(bytes.at(i)) & 0xC0) != 0x80) { // count characters, not UTF-8 bytes
            ++column;
        }
    }
    return ConversationImport::tr("line %1, column %2").arg(line).arg(column);
}

} // namespace

ConversationImport::ConversationImport(
    Database &database, ConversationStore &store, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
{ }

bool ConversationImport::fail(const QString &message)
{
    m_error = message;
    qCInfo(lcStore) << "import:" << message; // the user's file, not a fault of the app
    emit failed(message);
    return false;
}

bool ConversationImport::run(const QString &path)
{
    m_fileName = QFileInfo(path).fileName();
    emit progress(0, 0);
    if (isCancelled())
        return fail(tr("The import was cancelled; nothing was imported"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    QByteArray json = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail(
            tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    file.close();

    QElapsedTimer timer;
    timer.start();
    QList<Pending> pending;
    if (!read(json, pending))
        return false;
    json.clear();
    qint64 total = 0;
    for (const Pending &p : std::as_const(pending))
        total += p.conversation.messages.size();
    emit progress(0, total);
    if (!write(pending, total))
        return false;
    qCInfo(lcStore) << "imported" << pending.size() << "conversations," << total << "messages from"
                    << m_fileName << "in" << timer.elapsed() << "ms";
    emit finished(int(pending.size()), int(total));
    return true;
}

bool ConversationImport::read(const QByteArray &json, QList<Pending> &pending)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            tr("%1 is not valid JSON: %2 at %3")
                .arg(m_fileName, parseError.errorString(), lineAndColumn(json, parseError.offset)));
    if (isCancelled())
        return fail(tr("The import was cancelled; nothing was imported"));

    const QJsonObject top = document.object();
    const QString format = top.value(QLatin1StringView("format")).toString();
    QJsonArray conversations;
    qint64 version = 0; // of a library: its conversations need not repeat it
    if (document.isArray()) {
        m_format = Format::ChatGpt;
        conversations = document.array();
    } else if (format == QLatin1StringView("confab.conversation")) {
        m_format = Format::ConfabConversation;
        conversations.append(top);
    } else if (format == QLatin1StringView("confab.library")) {
        m_format = Format::ConfabLibrary;
        version = qint64(top.value(QLatin1StringView("version")).toDouble());
        if (version > ConversationExport::FormatVersion)
            return fail(tr("%1 was written by a newer version of Confab (format version %2)")
                            .arg(m_fileName)
                            .arg(version));
        if (!top.value(QLatin1StringView("conversations")).isArray())
            return fail(
                tr("%1 cannot be imported: its “conversations” is not an array").arg(m_fileName));
        conversations = top.value(QLatin1StringView("conversations")).toArray();
    } else if (format.isEmpty() && top.value(QLatin1StringView("mapping")).isObject()) {
        m_format = Format::ChatGpt; // one conversation cut out of conversations.json
        conversations.append(top);
    } else {
        return fail(
            tr("%1 is neither a Confab export nor a ChatGPT conversations.json").arg(m_fileName));
    }

    Reader reader;
    pending.resize(conversations.size());
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        if (isCancelled())
            return fail(tr("The import was cancelled; nothing was imported"));
        const QJsonObject o = conversations.at(i).toObject();
        const QString title = o.value(QLatin1StringView("title")).toString();
        const QString where = title.isEmpty() ? tr("conversation %1").arg(i + 1)
                                              : tr("conversation %1 (“%2”)").arg(i + 1).arg(title);
        const bool ok = !conversations.at(i).isObject()
            ? reader.fail(where, tr("it is not an object"))
            : m_format == Format::ChatGpt ? reader.chatGpt(o, pending[i], where)
                                          : reader.confab(o, pending[i], where, version);
        if (!ok)
            return fail(tr("%1 cannot be imported: %2").arg(m_fileName, reader.error));
    }
    return true;
}

bool ConversationImport::write(const QList<Pending> &pending, qint64 total)
{
    // One transaction for the whole file: a bulk, so the store's calls join it (and the search
    // index writes its entries once, at the end).
    QSqlDatabase db = m_database.connection();
    if (!m_store.beginBulk())
        return fail(tr("Nothing was imported from %1: %2").arg(m_fileName, m_store.errorString()));
    auto rollBack = [&](const QString &why) {
        m_store.endBulk(false);
        return fail(isCancelled() ? tr("The import was cancelled; nothing was imported")
                                  : tr("Nothing was imported from %1: %2").arg(m_fileName, why));
    };

    qint64 done = 0;
    qint64 reported = 0;
    const qint64 step
        = std::max<qint64>(1, total / 200); // a few hundred signals, whatever the size
    for (const Pending &p : pending) {
        Conversation c = p.conversation;
        c.id = 0;
        c.messages.clear();
        if (!m_store.createConversation(c))
            return rollBack(m_store.errorString());
        for (auto image = p.images.cbegin(); image != p.images.cend(); ++image) {
            if (m_store.storeImage(image->bytes, image->mime, image->width, image->height)
                != image.key())
                return rollBack(m_store.errorString());
        }
        QHash<qint64, qint64> ids { { 0, 0 } }; // id in the file -> id in the database
        ids.reserve(p.conversation.messages.size() + 1);
        QHash<qint64, qint64>
            shown; // parent -> the child addMessage() made shown, in the file's ids
        QDateTime touched = c.updated;
        for (Message m : p.conversation.messages) {
            if (isCancelled())
                return rollBack(QString());
            if (!m.created.isValid())
                m.created = c.created;
            const qint64 sourceId = m.id;
            shown.insert(m.parentId, sourceId);
            m.parentId = ids.value(m.parentId);
            if (!m_store.addMessage(c.id, m))
                return rollBack(m_store.errorString());
            ids.insert(sourceId, m.id);
            touched = m.created;
            if (++done - reported >= step) {
                reported = done;
                emit progress(done, total);
            }
        }
        // addMessage() shows each parent's newest child, as a fork without a choice does; only
        // the choices that differ need writing.
        for (auto choice = p.conversation.activeChild.cbegin();
             choice != p.conversation.activeChild.cend(); ++choice) {
            if (shown.value(choice.key()) != choice.value()
                && !m_store.setActiveChild(
                    c.id, ids.value(choice.key()), ids.value(choice.value())))
                return rollBack(m_store.errorString());
        }
        // addMessage() also moved "updated" to each message's time: the file's own comes back.
        if (touched != c.updated && !m_store.updateConversation(c))
            return rollBack(m_store.errorString());
    }
    if (isCancelled())
        return rollBack(QString());
    if (!m_store.endBulk(true))
        return fail(tr("Nothing was imported from %1: %2").arg(m_fileName, db.lastError().text()));
    if (reported != done)
        emit progress(done, total);
    return true;
}

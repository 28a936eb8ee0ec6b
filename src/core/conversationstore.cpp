#include "conversationstore.h"

#include "database.h"
#include "logging.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace {

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL, with '' for "none".
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// SQL NULL for 0, so "no parent" and "no choice" are real NULLs for the foreign keys.
QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

qint64 toMs(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QJsonObject objectFrom(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QJsonArray arrayFrom(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).array();
}

QString imagesJson(const QList<ImageRef> &images)
{
    return compact(ImageRef::listToJson(images));
}

QList<ImageRef> imagesFrom(const QString &text)
{
    return ImageRef::listFromJson(arrayFrom(text));
}

QString usageJson(const MessageUsage &u)
{
    return compact(QJsonObject { { QStringLiteral("prompt"), double(u.promptTokens) },
        { QStringLiteral("completion"), double(u.completionTokens) },
        { QStringLiteral("reasoning"), double(u.reasoningTokens) },
        { QStringLiteral("cached"), double(u.cachedTokens) } });
}

MessageUsage usageFrom(const QString &text)
{
    const QJsonObject o = objectFrom(text);
    MessageUsage u;
    u.promptTokens = qint64(o.value(QLatin1StringView("prompt")).toDouble(-1));
    u.completionTokens = qint64(o.value(QLatin1StringView("completion")).toDouble(-1));
    u.reasoningTokens = qint64(o.value(QLatin1StringView("reasoning")).toDouble(-1));
    u.cachedTokens = qint64(o.value(QLatin1StringView("cached")).toDouble(-1));
    return u;
}

QString timingsJson(const MessageTimings &t)
{
    return compact(QJsonObject { { QStringLiteral("first_token_ms"), double(t.firstTokenMs) },
        { QStringLiteral("duration_ms"), double(t.durationMs) },
        { QStringLiteral("tokens_per_second"), t.tokensPerSecond },
        { QStringLiteral("reasoning_ms"), double(t.reasoningMs) } });
}

MessageTimings timingsFrom(const QString &text)
{
    const QJsonObject o = objectFrom(text);
    MessageTimings t;
    t.firstTokenMs = qint64(o.value(QLatin1StringView("first_token_ms")).toDouble(-1));
    t.durationMs = qint64(o.value(QLatin1StringView("duration_ms")).toDouble(-1));
    t.tokensPerSecond = o.value(QLatin1StringView("tokens_per_second")).toDouble(-1);
    t.reasoningMs = qint64(o.value(QLatin1StringView("reasoning_ms")).toDouble(-1));
    return t;
}

ChatMessage::Role roleFrom(const QString &name)
{
    for (ChatMessage::Role r : { ChatMessage::Role::System, ChatMessage::Role::Developer,
             ChatMessage::Role::User, ChatMessage::Role::Assistant, ChatMessage::Role::Tool }) {
        if (ChatMessage::roleName(r) == name)
            return r;
    }
    return ChatMessage::Role::User;
}

// Binds a conversation's columns from title to image_turns, in the order both writes use.
void bindConversation(QSqlQuery &q, const Conversation &c)
{
    q.addBindValue(text(c.title));
    q.addBindValue(toMs(c.updated));
    q.addBindValue(c.pinned ? 1 : 0);
    q.addBindValue(text(c.providerId));
    q.addBindValue(text(c.model));
    q.addBindValue(compact(c.parameters));
    q.addBindValue(text(c.systemPrompt));
    q.addBindValue(text(c.draftText));
    q.addBindValue(imagesJson(c.draftImages));
    q.addBindValue(c.imageTurns < 0 ? -1 : c.imageTurns);
}

// Binds a message's content columns in the order of MessageColumns.
void bindMessage(QSqlQuery &q, const Message &m)
{
    q.addBindValue(ChatMessage::roleName(m.role));
    q.addBindValue(text(m.text));
    q.addBindValue(text(m.reasoning));
    q.addBindValue(imagesJson(m.images));
    q.addBindValue(compact(m.toolCalls));
    q.addBindValue(text(m.toolCallId));
    q.addBindValue(text(m.refusal));
    q.addBindValue(text(m.model));
    q.addBindValue(usageJson(m.usage));
    q.addBindValue(timingsJson(m.timings));
    q.addBindValue(text(m.finishReason));
    q.addBindValue(Message::stateName(m.state));
    q.addBindValue(text(m.error));
}

constexpr auto MessageColumns
    = "role, text, reasoning, images, tool_calls, tool_call_id, refusal, model, "
      "usage, timings, finish_reason, state, error";

Message messageFrom(const QSqlQuery &q)
{
    // Columns: id, parent_id, created, then MessageColumns.
    Message m;
    m.id = q.value(0).toLongLong();
    m.parentId = q.value(1).toLongLong();
    m.created = fromMs(q.value(2).toLongLong());
    m.role = roleFrom(q.value(3).toString());
    m.text = q.value(4).toString();
    m.reasoning = q.value(5).toString();
    m.images = imagesFrom(q.value(6).toString());
    m.toolCalls = arrayFrom(q.value(7).toString());
    m.toolCallId = q.value(8).toString();
    m.refusal = q.value(9).toString();
    m.model = q.value(10).toString();
    m.usage = usageFrom(q.value(11).toString());
    m.timings = timingsFrom(q.value(12).toString());
    m.finishReason = q.value(13).toString();
    m.state = Message::stateFromName(q.value(14).toString());
    m.error = q.value(15).toString();
    return m;
}

} // namespace

// Commits on success, rolls back otherwise. A savepoint, so that it nests: a caller may wrap
// many store calls in one outer transaction that commits or rolls back as a whole. In a bulk it
// does nothing: the bulk is the transaction.
class StoreTransaction
{
public:
    explicit StoreTransaction(ConversationStore &store)
        : m_store(store)
        , m_db(store.m_database.connection())
        , m_skip(store.m_bulk)
    {
        // Prepared once, like the writes between them: each message added takes a savepoint.
        m_open = m_skip || m_store.prepared("SAVEPOINT store").exec();
    }
    ~StoreTransaction()
    {
        if (m_open && !m_skip) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("ROLLBACK TO store"));
            q.exec(QStringLiteral("RELEASE store"));
        }
    }
    bool isOpen() const { return m_open; }
    bool commit()
    {
        m_open = false;
        if (m_skip || m_store.prepared("RELEASE store").exec())
            return true;
        // A failed release (disk full) must not leave the savepoint open: later writes would
        // join a transaction that never commits.
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK TO store"));
        q.exec(QStringLiteral("RELEASE store"));
        return false;
    }

private:
    ConversationStore &m_store;
    QSqlDatabase m_db;
    bool m_skip;
    bool m_open = false;
};

ConversationStore::ConversationStore(Database &database)
    : m_database(database)
{ }

ConversationStore::~ConversationStore() = default;

QString ConversationStore::streamLockPath(qint64 messageId) const
{
    return m_database.path() + QStringLiteral(".reply-%1.lock").arg(messageId);
}

QSqlQuery &ConversationStore::prepared(const char *sql)
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        it = m_prepared.insert(sql, QSqlQuery(m_database.connection()));
        it->prepare(QLatin1StringView(sql));
    }
    return *it;
}

bool ConversationStore::beginBulk()
{
    if (m_bulk)
        return false;
    if (!m_database.connection().transaction())
        return fail(tr("a bulk write"));
    m_bulk = true;
    return true;
}

bool ConversationStore::endBulk(bool commit)
{
    if (!m_bulk)
        return false;
    m_bulk = false;
    QSqlDatabase db = m_database.connection();
    if (commit && db.commit()) {
        rememberUnknownLeaves();
        return true;
    }
    if (commit)
        fail(tr("a bulk write"), db.lastError()); // a full disk shows here, at COMMIT
    db.rollback();
    m_nextChunk.clear(); // sequence numbers of rolled-back chunks are free again
    return !commit;
}

bool ConversationStore::fail(const QString &context, const QSqlError &error)
{
    const QSqlError why = error.isValid() ? error : m_database.connection().lastError();
    m_error = tr("Could not save to the conversation database (%1): %2").arg(context, why.text());
    qCWarning(lcStore) << m_error;
    return false;
}

bool ConversationStore::createConversation(Conversation &c)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!c.created.isValid())
        c.created = now;
    if (!c.updated.isValid())
        c.updated = c.created;
    StoreTransaction t(*this);
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO conversations (created, title, updated, pinned, provider, model, parameters, "
        "system_prompt, draft_text, draft_images, image_turns) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(toMs(c.created));
    bindConversation(q, c);
    if (!q.exec()) {
        m_error = tr("Could not save the conversation: %1").arg(q.lastError().text());
        return false;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    if (!index("title_search", id, c.title) || !t.commit())
        return fail(tr("a new conversation"));
    c.id = id;
    return true;
}

bool ConversationStore::updateConversation(const Conversation &c)
{
    StoreTransaction t(*this);
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "UPDATE conversations SET title = ?, updated = MAX(updated, ?), pinned = ?, provider = ?, "
        "model = ?, parameters = ?, system_prompt = ?, draft_text = ?, draft_images = ?, "
        "image_turns = ? WHERE id = ?"));
    bindConversation(q, c);
    q.addBindValue(c.id);
    if (!q.exec()) {
        m_error = tr("Could not save the conversation: %1").arg(q.lastError().text());
        return false;
    }
    if (!index("title_search", c.id, c.title) || !t.commit())
        return fail(tr("the conversation"));
    return true;
}

bool ConversationStore::deleteConversation(qint64 id)
{
    StoreTransaction t(*this);
    // The search tables have no foreign keys: their rows go first, in the same transaction.
    for (const char *sql : { "DELETE FROM message_search WHERE rowid IN (SELECT id FROM messages "
                             "WHERE conversation_id = ?)",
             "DELETE FROM title_search WHERE rowid = ?",
             "DELETE FROM conversations WHERE id = ?" }) {
        QSqlQuery q(m_database.connection());
        q.prepare(QLatin1StringView(sql));
        q.addBindValue(id);
        if (!q.exec()) {
            m_error = tr("Could not delete the conversation: %1").arg(q.lastError().text());
            return false;
        }
    }
    if (!t.commit())
        return fail(tr("deleting a conversation"));
    return true;
}

bool ConversationStore::index(const char *table, qint64 rowid, const QString &body)
{
    QSqlQuery drop(m_database.connection());
    drop.prepare(QStringLiteral("DELETE FROM %1 WHERE rowid = ?").arg(QLatin1StringView(table)));
    drop.addBindValue(rowid);
    QSqlQuery add(m_database.connection());
    add.prepare(QStringLiteral("INSERT INTO %1 (rowid, %2) VALUES (?, ?)")
                    .arg(QLatin1StringView(table),
                        QLatin1StringView(qstrcmp(table, "title_search") == 0 ? "title" : "body")));
    add.addBindValue(rowid);
    add.addBindValue(SearchText::indexable(body));
    return drop.exec() && add.exec();
}

bool ConversationStore::loadHeader(qint64 id, Conversation &c, qint64 *activeLeaf)
{
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "SELECT title, created, updated, pinned, provider, model, parameters, system_prompt, "
        "draft_text, draft_images, active_root, active_leaf, image_turns FROM conversations "
        "WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) {
        m_error = q.lastError().isValid() ? q.lastError().text()
                                          : tr("There is no conversation %1").arg(id);
        return false;
    }
    c.id = id;
    c.title = q.value(0).toString();
    c.created = fromMs(q.value(1).toLongLong());
    c.updated = fromMs(q.value(2).toLongLong());
    c.pinned = q.value(3).toBool();
    c.providerId = q.value(4).toString();
    c.model = q.value(5).toString();
    c.parameters = objectFrom(q.value(6).toString());
    c.systemPrompt = q.value(7).toString();
    c.draftText = q.value(8).toString();
    c.draftImages = imagesFrom(q.value(9).toString());
    if (!q.value(10).isNull())
        c.activeChild.insert(0, q.value(10).toLongLong());
    if (activeLeaf)
        *activeLeaf = q.value(11).isNull() ? 0 : q.value(11).toLongLong();
    c.imageTurns = q.value(12).toInt();
    return true;
}

std::optional<Conversation> ConversationStore::loadConversation(qint64 id)
{
    Conversation c;
    if (!loadHeader(id, c))
        return std::nullopt;

    QSqlQuery m(m_database.connection());
    m.setForwardOnly(true);
    m.prepare(QStringLiteral("SELECT id, parent_id, created, %1, active_child FROM messages "
                             "WHERE conversation_id = ? ORDER BY id")
                  .arg(QLatin1StringView(MessageColumns)));
    m.addBindValue(id);
    if (!m.exec()) {
        m_error = m.lastError().text();
        return std::nullopt;
    }
    while (m.next()) {
        c.messages.append(messageFrom(m));
        if (!m.value(16).isNull())
            c.activeChild.insert(c.messages.last().id, m.value(16).toLongLong());
    }
    return c;
}

void ConversationStore::rememberUnknownLeaves()
{
    QList<qint64> ids;
    QSqlQuery q(m_database.connection());
    if (!q.exec(QStringLiteral("SELECT id FROM conversations WHERE active_leaf IS NULL")))
        return;
    while (q.next())
        ids << q.value(0).toLongLong();
    q.finish();
    for (qint64 id : std::as_const(ids))
        activeLeaf(id, 0);
}

qint64 ConversationStore::activeLeaf(qint64 conversationId, qint64 storedLeaf)
{
    if (storedLeaf > 0) {
        // Trust it only if it is still a childless message of this conversation.
        QSqlQuery &check = prepared("SELECT conversation_id = ? AND NOT EXISTS (SELECT 1 FROM "
                                    "messages WHERE parent_id = ?) FROM messages WHERE id = ?");
        check.addBindValue(conversationId);
        check.addBindValue(storedLeaf);
        check.addBindValue(storedLeaf);
        if (check.exec() && check.next() && check.value(0).toBool()) {
            check.finish();
            return storedLeaf;
        }
        check.finish();
    }
    // Walk down from the first message, by the same rule as Conversation::activePath(): the
    // recorded choice when it is a child, else the newest child. The depth bound ends a cycle
    // in damaged data.
    QSqlQuery &walk = prepared(
        "WITH RECURSIVE walk(id, depth) AS ("
        " SELECT COALESCE((SELECT m.id FROM messages m WHERE m.id = c.active_root"
        "   AND m.conversation_id = c.id AND m.parent_id IS NULL),"
        "  (SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = c.id"
        "   AND m.parent_id IS NULL)), 0 FROM conversations c WHERE c.id = ?"
        " UNION ALL"
        " SELECT COALESCE((SELECT m.id FROM messages p JOIN messages m ON m.id = p.active_child"
        "   WHERE p.id = walk.id AND m.parent_id = walk.id),"
        "  (SELECT MAX(m.id) FROM messages m WHERE m.parent_id = walk.id)), depth + 1"
        " FROM walk WHERE walk.id IS NOT NULL AND depth < 10000000)"
        " SELECT id FROM walk WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1");
    walk.addBindValue(conversationId);
    qint64 leaf = 0;
    if (walk.exec() && walk.next())
        leaf = walk.value(0).toLongLong();
    walk.finish();
    if (leaf > 0) {
        // Remembered for the next time. A read-only connection cannot, which is fine.
        QSqlQuery &remember = prepared("UPDATE conversations SET active_leaf = ? WHERE id = ?");
        remember.addBindValue(leaf);
        remember.addBindValue(conversationId);
        remember.exec();
    }
    return leaf;
}

std::optional<Conversation> ConversationStore::loadTail(qint64 id, int count)
{
    Conversation c;
    qint64 storedLeaf = 0;
    if (!loadHeader(id, c, &storedLeaf))
        return std::nullopt;
    const qint64 leaf = activeLeaf(id, storedLeaf);
    if (leaf <= 0 || count <= 0)
        return c; // no messages

    // Up from the end of the path, one indexed step per message shown.
    QSqlQuery &path
        = prepared("WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION ALL"
                   " SELECT m.parent_id, depth + 1 FROM up JOIN messages m ON m.id = up.id"
                   " WHERE m.parent_id IS NOT NULL AND depth + 1 < ?)"
                   " SELECT m.id, m.parent_id, m.created, m.role, m.text, m.reasoning, m.images,"
                   " m.tool_calls, m.tool_call_id, m.refusal, m.model, m.usage, m.timings,"
                   " m.finish_reason, m.state, m.error, m.active_child"
                   " FROM up JOIN messages m ON m.id = up.id ORDER BY up.depth DESC");
    path.addBindValue(leaf);
    path.addBindValue(count);
    if (!path.exec()) {
        m_error = path.lastError().text();
        return std::nullopt;
    }
    QList<qint64> pathIds;
    while (path.next()) {
        c.messages.append(messageFrom(path));
        pathIds.append(c.messages.last().id);
        if (!path.value(16).isNull())
            c.activeChild.insert(c.messages.last().id, path.value(16).toLongLong());
    }
    path.finish();
    if (c.messages.isEmpty())
        return c;
    const qint64 firstParent = c.messages.first().parentId;
    if (firstParent > 0) {
        c.unloadedParentId = firstParent;
        c.activeChild.insert(firstParent, pathIds.first());
    } else {
        // The whole path fits: the conversation is short, and the branches off it (which a
        // tail does not hold) come with it whole.
        return loadConversation(id);
    }

    // The siblings of each message shown: the view tells "2 / 3" and can show them.
    QSqlQuery &siblings = prepared(
        "SELECT id, parent_id, created, role, text, reasoning, images, tool_calls, tool_call_id, "
        "refusal, model, usage, timings, finish_reason, state, error, active_child FROM messages "
        "WHERE conversation_id = ? AND parent_id IS ? AND id != ?");
    for (int i = 0; i < pathIds.size(); ++i) {
        const qint64 parent = i == 0 ? firstParent : pathIds.at(i - 1);
        siblings.addBindValue(id);
        siblings.addBindValue(idOrNull(parent));
        siblings.addBindValue(pathIds.at(i));
        if (!siblings.exec()) {
            m_error = siblings.lastError().text();
            return std::nullopt;
        }
        while (siblings.next()) {
            c.messages.append(messageFrom(siblings));
            if (!siblings.value(16).isNull())
                c.activeChild.insert(c.messages.last().id, siblings.value(16).toLongLong());
        }
        siblings.finish();
    }
    std::sort(c.messages.begin(), c.messages.end(),
        [](const Message &a, const Message &b) { return a.id < b.id; });
    return c;
}

QList<ConversationSummary> ConversationStore::listConversations(int offset, int limit)
{
    QList<ConversationSummary> list;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, title, created, updated, pinned, model FROM conversations "
                             "ORDER BY pinned DESC, updated DESC, id DESC LIMIT ? OFFSET ?"));
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return list;
    }
    while (q.next()) {
        ConversationSummary s;
        s.id = q.value(0).toLongLong();
        s.title = q.value(1).toString();
        s.created = fromMs(q.value(2).toLongLong());
        s.updated = fromMs(q.value(3).toLongLong());
        s.pinned = q.value(4).toBool();
        s.model = q.value(5).toString();
        list.append(s);
    }
    return list;
}

int ConversationStore::conversationCount()
{
    QSqlQuery q(m_database.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool ConversationStore::addMessage(qint64 conversationId, Message &message)
{
    if (!message.created.isValid())
        message.created = QDateTime::currentDateTimeUtc();
    StoreTransaction t(*this);
    if (!t.isOpen())
        return fail(tr("a new message"));
    QSqlQuery &q = prepared(
        "INSERT INTO messages (conversation_id, parent_id, created, role, text, reasoning, "
        "images, tool_calls, tool_call_id, refusal, model, usage, timings, finish_reason, "
        "state, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(conversationId);
    q.addBindValue(idOrNull(message.parentId));
    q.addBindValue(toMs(message.created));
    bindMessage(q, message);
    if (!q.exec()) {
        m_error = tr("Could not save the message: %1").arg(q.lastError().text());
        return false;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    if (!recordChoice(conversationId, message.parentId, id))
        return false;
    // A new row: nothing to remove from the index first.
    QSqlQuery &indexed = prepared("INSERT INTO message_search (rowid, body) VALUES (?, ?)");
    indexed.addBindValue(id);
    indexed.addBindValue(SearchText::indexable(message.text));
    if (!indexed.exec())
        return fail(tr("a new message"), indexed.lastError());
    // The new message is now the shown child of its parent. When that parent is on the active
    // path (the path's end, or the end's parent, as for a reply, a regeneration, a first
    // message), the path now ends at the new message. Anywhere else the end is worked out again
    // when next needed, which costs a walk of the path: rare, and never for a plain new turn.
    QSqlQuery &touch = prepared(
        "UPDATE conversations SET updated = ?, active_leaf = CASE WHEN ? = 0 OR active_leaf = ? "
        "OR (SELECT parent_id FROM messages WHERE id = active_leaf) = ? THEN ? ELSE NULL END "
        "WHERE id = ? RETURNING active_leaf IS NULL");
    touch.addBindValue(toMs(message.created));
    touch.addBindValue(message.parentId);
    touch.addBindValue(message.parentId);
    touch.addBindValue(message.parentId);
    touch.addBindValue(id);
    touch.addBindValue(conversationId);
    if (!touch.exec())
        return fail(tr("a new message"), touch.lastError());
    const bool unknown = touch.next() && touch.value(0).toBool();
    touch.finish();
    if (!m_bulk && unknown) {
        // An edit in the middle of the path: its end is found now (a bulk does it at its end).
        activeLeaf(conversationId, 0);
    }
    if (!t.commit())
        return fail(tr("a new message"));
    message.id = id;
    return true;
}

bool ConversationStore::updateMessage(qint64 conversationId, const Message &message)
{
    StoreTransaction t(*this);
    if (!writeMessage(conversationId, message))
        return false;
    if (!t.commit())
        return fail(tr("the message"));
    return true;
}

bool ConversationStore::writeMessage(qint64 conversationId, const Message &message)
{
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "UPDATE messages SET role = ?, text = ?, reasoning = ?, images = ?, tool_calls = ?, "
        "tool_call_id = ?, refusal = ?, model = ?, usage = ?, timings = ?, finish_reason = ?, "
        "state = ?, error = ? WHERE id = ? AND conversation_id = ?"));
    bindMessage(q, message);
    q.addBindValue(message.id);
    q.addBindValue(conversationId);
    if (!q.exec()) {
        m_error = tr("Could not save the message: %1").arg(q.lastError().text());
        return false;
    }
    // No such message in that conversation: say so, and touch neither the index nor the chunks.
    if (q.numRowsAffected() != 1) {
        m_error = tr("Could not save the message: there is no message %1 in conversation %2")
                      .arg(message.id)
                      .arg(conversationId);
        return false;
    }
    if (!index("message_search", message.id, message.text))
        return fail(tr("the message"));
    return true;
}

bool ConversationStore::setActiveChild(qint64 conversationId, qint64 parentId, qint64 childId)
{
    StoreTransaction t(*this);
    if (!recordChoice(conversationId, parentId, childId))
        return false;
    // The path below the fork changed: its end is found again now, by walking the path once, so
    // that the window's read-only connection finds it remembered.
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET active_leaf = NULL WHERE id = ?"));
    q.addBindValue(conversationId);
    if (!q.exec())
        return fail(tr("the shown reply"), q.lastError());
    if (!m_bulk)
        activeLeaf(conversationId, 0);
    if (!t.commit())
        return fail(tr("the shown reply"));
    return true;
}

bool ConversationStore::deleteMessage(qint64 conversationId, qint64 messageId)
{
    StoreTransaction t(*this);
    if (!t.isOpen())
        return fail(tr("deleting a message"));
    QSqlDatabase db = m_database.connection();
    auto run = [this](QSqlQuery &q) {
        if (q.exec())
            return true;
        m_error = tr("Could not delete the message: %1").arg(q.lastError().text());
        return false;
    };
    QSqlQuery row(db);
    row.prepare(QStringLiteral("SELECT parent_id, active_child, (SELECT MAX(id) FROM messages "
                               "WHERE parent_id = m.id) FROM messages m "
                               "WHERE id = ? AND conversation_id = ?"));
    row.addBindValue(messageId);
    row.addBindValue(conversationId);
    if (!run(row))
        return false;
    if (!row.next()) {
        m_error = tr("Could not delete the message: it is not in this conversation.");
        return false;
    }
    const qint64 parent = row.value(0).toLongLong(); // 0: a first message
    const qint64 ownChoice = row.value(1).toLongLong();
    const qint64 newestChild = row.value(2).toLongLong();
    row.finish();
    const QVariant parentValue
        = parent > 0 ? QVariant(parent) : QVariant(QMetaType::fromType<qint64>());

    QSqlQuery siblingsQuery(db);
    siblingsQuery.prepare(QStringLiteral(
        "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id"));
    siblingsQuery.addBindValue(conversationId);
    siblingsQuery.addBindValue(parentValue);
    if (!run(siblingsQuery))
        return false;
    QList<qint64> siblings;
    while (siblingsQuery.next())
        siblings.append(siblingsQuery.value(0).toLongLong());
    QSqlQuery chosenQuery(db);
    chosenQuery.prepare(parent > 0
            ? QStringLiteral("SELECT active_child FROM messages WHERE id = ?")
            : QStringLiteral("SELECT active_root FROM conversations WHERE id = ?"));
    chosenQuery.addBindValue(parent > 0 ? parent : conversationId);
    if (!run(chosenQuery))
        return false;
    qint64 chosen = chosenQuery.next() ? chosenQuery.value(0).toLongLong() : 0;
    chosenQuery.finish();

    if (siblings.size() > 1) {
        // The search rows have no foreign key; the messages below go by ON DELETE CASCADE.
        QSqlQuery unindex(db);
        unindex.prepare(QStringLiteral(
            "WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT m.id FROM messages m "
            "JOIN below ON m.parent_id = below.id) "
            "DELETE FROM message_search WHERE rowid IN (SELECT id FROM below)"));
        unindex.addBindValue(messageId);
        if (!run(unindex))
            return false;
        // With no choice recorded the newest is shown (see activeLeaf()).
        if (chosen == messageId || (chosen <= 0 && messageId == siblings.last())) {
            const qsizetype at = siblings.indexOf(messageId);
            chosen = siblings.value(at > 0 ? at - 1 : at + 1);
        }
    } else {
        QSqlQuery lift(db);
        lift.prepare(QStringLiteral(
            "UPDATE messages SET parent_id = ? WHERE parent_id = ? AND conversation_id = ?"));
        lift.addBindValue(parentValue);
        lift.addBindValue(messageId);
        lift.addBindValue(conversationId);
        QSqlQuery unindex(db);
        unindex.prepare(QStringLiteral("DELETE FROM message_search WHERE rowid = ?"));
        unindex.addBindValue(messageId);
        if (!run(lift) || !run(unindex))
            return false;
        chosen = ownChoice > 0 ? ownChoice : newestChild;
    }
    QSqlQuery remove(db);
    remove.prepare(QStringLiteral("DELETE FROM messages WHERE id = ?"));
    remove.addBindValue(messageId);
    if (!run(remove) || !recordChoice(conversationId, parent, chosen))
        return false;
    // The path's end is found again, as after a branch switch.
    QSqlQuery forget(db);
    forget.prepare(QStringLiteral("UPDATE conversations SET active_leaf = NULL WHERE id = ?"));
    forget.addBindValue(conversationId);
    if (!run(forget))
        return false;
    if (!m_bulk)
        activeLeaf(conversationId, 0);
    if (!t.commit())
        return fail(tr("deleting a message"));
    return true;
}

bool ConversationStore::recordChoice(qint64 conversationId, qint64 parentId, qint64 childId)
{
    // Prepared once: this runs for every message added.
    QSqlQuery &q = parentId > 0
        ? prepared("UPDATE messages SET active_child = ? WHERE id = ? AND conversation_id = ?")
        : prepared("UPDATE conversations SET active_root = ? WHERE id = ?");
    q.addBindValue(childId);
    if (parentId > 0)
        q.addBindValue(parentId);
    q.addBindValue(conversationId);
    if (!q.exec()) {
        m_error = tr("Could not save the message: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

QByteArray ConversationStore::storeImage(
    const QByteArray &bytes, const QByteArray &mimeType, int width, int height)
{
    const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    QSqlQuery q(m_database.connection());
    // An image stored again (attached anew) counts as new: removeUnusedImages() in another
    // process must not take it before the draft that holds it is saved.
    q.prepare(QStringLiteral("INSERT INTO images (hash, mime, bytes, width, height, created) "
                             "VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (hash) DO UPDATE SET created = excluded.created"));
    q.addBindValue(QString::fromLatin1(hash));
    q.addBindValue(QString::fromLatin1(mimeType));
    q.addBindValue(bytes);
    q.addBindValue(width);
    q.addBindValue(height);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        m_error = tr("Could not save the image: %1").arg(q.lastError().text());
        return {};
    }
    return hash;
}

std::optional<QPair<QByteArray, QByteArray>> ConversationStore::loadImage(const QByteArray &hash)
{
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral("SELECT bytes, mime FROM images WHERE hash = ?"));
    q.addBindValue(QString::fromLatin1(hash));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return QPair<QByteArray, QByteArray>(
        q.value(0).toByteArray(), q.value(1).toString().toLatin1());
}

int ConversationStore::removeUnusedImages()
{
    constexpr qint64 GraceMs = 10 * 60 * 1000;
    // A reference without a hash (a remote image) is left out: one NULL in a NOT IN list makes
    // it match nothing, and nothing would ever be deleted. Malformed JSON fails the statement,
    // which deletes nothing: an unreadable reference is no proof that an image is unused.
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "WITH used(hash) AS ("
        " SELECT json_extract(ref.value, '$.hash') FROM messages m, json_each(m.images) ref"
        "  WHERE m.images != '[]'"
        " UNION"
        " SELECT json_extract(ref.value, '$.hash') FROM conversations c,"
        "  json_each(c.draft_images) ref WHERE c.draft_images != '[]')"
        " DELETE FROM images WHERE created < ?"
        " AND hash NOT IN (SELECT hash FROM used WHERE hash IS NOT NULL)"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch() - GraceMs);
    if (!q.exec()) {
        fail(tr("removing unused images"), q.lastError());
        return -1;
    }
    const int removed = q.numRowsAffected();
    if (removed > 0)
        qCInfo(lcStore) << removed << "unused images removed";
    return removed;
}

bool ConversationStore::appendStreamText(qint64 messageId, StreamField field, const QString &delta)
{
    if (delta.isEmpty())
        return true;
    auto next = m_nextChunk.find(messageId);
    if (next == m_nextChunk.end()) {
        QSqlQuery max(m_database.connection());
        max.prepare(QStringLiteral(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM stream_chunks WHERE message_id = ?"));
        max.addBindValue(messageId);
        if (!max.exec() || !max.next())
            return fail(tr("a streaming reply"));
        next = m_nextChunk.insert(messageId, max.value(0).toLongLong());
    }
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO stream_chunks (message_id, seq, field, text) VALUES (?, ?, ?, ?)"));
    q.addBindValue(messageId);
    q.addBindValue(next.value());
    q.addBindValue(
        field == StreamField::Content ? QStringLiteral("content") : QStringLiteral("reasoning"));
    q.addBindValue(delta);
    if (!q.exec())
        return fail(tr("a streaming reply"), q.lastError());
    ++next.value();
    return true;
}

bool ConversationStore::finishStream(qint64 conversationId, const Message &message)
{
    StoreTransaction t(*this);
    if (!t.isOpen())
        return fail(tr("a finished reply"));
    if (!writeMessage(conversationId, message))
        return false;
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral("DELETE FROM stream_chunks WHERE message_id = ?"));
    q.addBindValue(message.id);
    if (!q.exec())
        return fail(tr("a finished reply"), q.lastError());
    if (!t.commit())
        return fail(tr("a finished reply"));
    m_nextChunk.remove(message.id);
    return true;
}

int ConversationStore::recoverInterrupted()
{
    QSqlQuery streaming(m_database.connection());
    if (!streaming.exec(
            QStringLiteral("SELECT id, text, reasoning FROM messages WHERE state = 'streaming'"))) {
        fail(tr("recovering replies"));
        return -1;
    }
    struct Pending
    {
        qint64 id;
        QString text;
        QString reasoning;
    };
    QList<Pending> pending;
    while (streaming.next())
        pending.append({ streaming.value(0).toLongLong(), streaming.value(1).toString(),
            streaming.value(2).toString() });
    streaming.finish();
    if (pending.isEmpty())
        return 0;

    // A reply another process is still streaming (its lock is held by a live process) is not
    // interrupted: leave it to its writer.
    QList<std::shared_ptr<QLockFile>> locks;
    for (qsizetype i = pending.size() - 1; i >= 0; --i) {
        auto lock = std::make_shared<QLockFile>(streamLockPath(pending[i].id));
        lock->setStaleLockTime(0);
        if (lock->tryLock(0))
            locks.append(lock);
        else
            pending.removeAt(i);
    }
    if (pending.isEmpty())
        return 0;

    StoreTransaction t(*this);
    for (Pending &p : pending) {
        QSqlQuery chunks(m_database.connection());
        chunks.setForwardOnly(true);
        chunks.prepare(QStringLiteral(
            "SELECT field, text FROM stream_chunks WHERE message_id = ? ORDER BY seq"));
        chunks.addBindValue(p.id);
        if (!chunks.exec()) {
            fail(tr("recovering replies"));
            return -1;
        }
        while (chunks.next())
            (chunks.value(0).toString() == QLatin1StringView("content") ? p.text : p.reasoning)
                += chunks.value(1).toString();
        QSqlQuery update(m_database.connection());
        update.prepare(QStringLiteral(
            "UPDATE messages SET text = ?, reasoning = ?, state = 'interrupted' WHERE id = ?"));
        update.addBindValue(text(p.text));
        update.addBindValue(text(p.reasoning));
        update.addBindValue(p.id);
        QSqlQuery drop(m_database.connection());
        drop.prepare(QStringLiteral("DELETE FROM stream_chunks WHERE message_id = ?"));
        drop.addBindValue(p.id);
        if (!update.exec() || !drop.exec() || !index("message_search", p.id, p.text)) {
            fail(tr("recovering replies"));
            return -1;
        }
    }
    if (!t.commit()) {
        fail(tr("recovering replies"));
        return -1;
    }
    qCInfo(lcStore) << pending.size() << "interrupted replies recovered";
    return int(pending.size());
}

QList<SearchHit> ConversationStore::search(const QString &query, int limit, SearchOrder order)
{
    QList<SearchHit> hits;
    const QString match = SearchText::matchExpression(query);
    if (match.isEmpty() || limit <= 0)
        return hits;

    QSqlQuery titles(m_database.connection());
    titles.setForwardOnly(true);
    titles.prepare(QStringLiteral(
        "SELECT c.id, c.title, c.updated FROM title_search s JOIN conversations c "
        "ON c.id = s.rowid WHERE title_search MATCH ? ORDER BY s.rowid DESC LIMIT ?"));
    titles.addBindValue(match);
    titles.addBindValue(std::min(limit, 10));
    if (!titles.exec()) {
        m_error = titles.lastError().text();
        return hits;
    }
    while (titles.next()) {
        SearchHit hit;
        hit.conversationId = titles.value(0).toLongLong();
        hit.conversationTitle = titles.value(1).toString();
        hit.time = fromMs(titles.value(2).toLongLong());
        hit.snippet = SearchText::snippet(hit.conversationTitle, query);
        hits.append(hit);
    }

    // Newest first walks the index backwards and stops at the limit; relevance ranks a bounded
    // window of the newest matches, never every match of a common word.
    const QString matches = order == SearchOrder::Newest
        ? QStringLiteral("SELECT rowid FROM message_search WHERE message_search MATCH ?1 ORDER BY "
                         "rowid DESC LIMIT ?2")
        : QStringLiteral("SELECT rowid FROM (SELECT rowid, rank FROM message_search WHERE "
                         "message_search MATCH ?1 "
                         "ORDER BY rowid DESC LIMIT 1000) ORDER BY rank LIMIT ?2");
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(matches);
    q.addBindValue(match);
    q.addBindValue(limit);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return hits;
    }
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    // Fetched one by one, in the order the index gave: a handful of primary-key lookups.
    QSqlQuery row(m_database.connection());
    row.prepare(
        QStringLiteral("SELECT m.conversation_id, m.text, m.created, c.title FROM messages m "
                       "JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?"));
    for (qint64 id : std::as_const(ids)) {
        row.addBindValue(id);
        if (!row.exec() || !row.next())
            continue;
        SearchHit hit;
        hit.messageId = id;
        hit.conversationId = row.value(0).toLongLong();
        hit.time = fromMs(row.value(2).toLongLong());
        hit.conversationTitle = row.value(3).toString();
        hit.snippet = SearchText::snippet(row.value(1).toString(), query);
        hits.append(hit);
    }
    return hits;
}

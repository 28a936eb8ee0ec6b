#pragma once

#include "conversation.h"
#include "searchtext.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <optional>

class Database;

struct ConversationSummary
{
    qint64 id = 0;
    QString title;
    QDateTime created;
    QDateTime updated;
    bool pinned = false;
    QString model;
};

struct SearchHit
{
    qint64 conversationId = 0;
    qint64 messageId = 0; // 0: the conversation's title matched
    QString conversationTitle;
    QDateTime time;
    SearchText::Snippet snippet;
};

// Reads and writes conversations in the Database, synchronously, on the thread that opened it
// (the database thread in the app; the main thread in the CLI and tests). Every method that
// writes is one transaction: a failure leaves the file as it was, and says why in errorString().
class ConversationStore
{
    Q_DECLARE_TR_FUNCTIONS(ConversationStore)

public:
    enum class StreamField { Content, Reasoning };
    enum class SearchOrder { Newest, Relevance };

    explicit ConversationStore(Database &database);
    ~ConversationStore();

    // Many writes as one transaction (an import, a generated library): every call between
    // beginBulk() and endBulk() joins it instead of taking its own savepoint, which also lets
    // the search index write its entries once. endBulk(false) undoes them all; so must a caller
    // after any failed call inside the bulk.
    bool beginBulk();
    bool endBulk(bool commit);
    bool isBulk() const { return m_bulk; }

    QString errorString() const { return m_error; }

    bool createConversation(Conversation &conversation); // sets id and times
    // Everything but the messages: title, pinned, provider, model, parameters, prompt, draft.
    bool updateConversation(const Conversation &conversation);
    bool deleteConversation(qint64 id);
    std::optional<Conversation> loadConversation(qint64 id);
    // Pinned first, then by last activity; a page, never the whole library.
    QList<ConversationSummary> listConversations(int offset, int limit);
    int conversationCount();

    // Adds a message as the shown child of its parent; sets its id (and created, if unset).
    bool addMessage(qint64 conversationId, Message &message);
    bool updateMessage(qint64 conversationId, const Message &message);
    bool setActiveChild(qint64 conversationId, qint64 parentId, qint64 childId);
    // Deletes one message. One with siblings (a regeneration, an edit) is one version among
    // others: it goes with the messages that follow it, and a neighbouring version is shown.
    // One without siblings goes alone: the messages after it follow the one before it.
    bool deleteMessage(qint64 conversationId, qint64 messageId);
    // The conversation with only the last `count` messages of its active path (and their
    // siblings), which costs the same for 10 messages as for 10,000: what a window shows
    // first. Conversation::unloadedParentId says where the older messages start.
    std::optional<Conversation> loadTail(qint64 id, int count);

    // Stores image bytes once; returns their SHA-256 (hex), the key in ImageRef::hash.
    QByteArray storeImage(
        const QByteArray &bytes, const QByteArray &mimeType, int width = 0, int height = 0);
    // The bytes and MIME type of a stored image.
    std::optional<QPair<QByteArray, QByteArray>> loadImage(const QByteArray &hash);
    // Deletes the stored images that no message and no conversation's draft refers to, except
    // those stored in the last ten minutes: an image is stored when it is attached, before the
    // draft that holds it is saved. Returns how many were deleted, or -1 (see errorString()).
    int removeUnusedImages();

    // Full-text search of message text (and titles, listed first), CJK substrings included.
    // Relevance ranks only the newest 1,000 matches, so a common word stays fast.
    QList<SearchHit> search(
        const QString &query, int limit = 50, SearchOrder order = SearchOrder::Newest);

    // A streaming reply: deltas are appended as they come (a write costs the delta, not the
    // reply), then finishStream() folds them into the message with its final state.
    bool appendStreamText(qint64 messageId, StreamField field, const QString &delta);
    bool finishStream(qint64 conversationId, const Message &message);
    // Replies left streaming by a process that died become Interrupted, their text rebuilt from
    // what was appended; a reply whose writer still runs (its lock file is held) is left alone.
    // Returns how many were recovered, or -1 on error.
    int recoverInterrupted();
    // The lock file a process holds while it streams into a message (see StreamPersister).
    QString streamLockPath(qint64 messageId) const;

private:
    friend class StoreTransaction;
    bool fail(const QString &context, const QSqlError &error = QSqlError());
    QSqlQuery &prepared(const char *sql);
    bool writeMessage(qint64 conversationId, const Message &message);
    bool recordChoice(qint64 conversationId, qint64 parentId, qint64 childId);
    bool loadHeader(qint64 id, Conversation &conversation, qint64 *activeLeaf = nullptr);
    qint64 activeLeaf(qint64 conversationId, qint64 storedLeaf);
    void rememberUnknownLeaves();
    bool index(const char *table, qint64 rowid, const QString &text);

    Database &m_database;
    QString m_error;
    QHash<qint64, qint64> m_nextChunk; // message id -> next chunk sequence number
    // Statements prepared once: parsing SQL costs as much as running these small writes.
    QHash<const char *, QSqlQuery> m_prepared;
    bool m_bulk = false;
};

Q_DECLARE_METATYPE(SearchHit)

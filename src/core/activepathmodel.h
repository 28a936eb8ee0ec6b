#pragma once

#include "conversation.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QTimer>

// The messages of one conversation's active path, one row each, first to last. It owns a copy
// of the conversation and keeps it current: branch choices, new and updated messages, and the
// text streamed into a reply, which reaches views at most once per coalescing interval.
// GUI thread only.
class ActivePathModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Roles {
        // The content is what a plain view displays; one role, so a change is announced once.
        TextRole = Qt::DisplayRole,
        IdRole = Qt::UserRole + 1,
        ParentIdRole,
        RoleRole, // "user", "assistant", ... as ChatMessage::roleName()
        ReasoningRole,
        ImagesRole, // a list of maps: hash, mimeType, url, detail, width, height, remote
        ToolCallsRole, // the request shape, as a list of maps
        ToolCallIdRole,
        RefusalRole,
        ModelRole,
        // A map: promptTokens, completionTokens, reasoningTokens, cachedTokens (-1: unknown).
        UsageRole,
        TimingsRole, // a map: firstTokenMs, durationMs, tokensPerSecond (-1: unknown)
        FinishReasonRole,
        StateRole, // Message::State as int
        ErrorRole,
        CreatedRole,
        SiblingIndexRole, // 1-based position among the messages with the same parent
        SiblingCountRole, // how many messages have that parent
    };
    Q_ENUM(Roles)

    enum class Field { Content, Reasoning };
    Q_ENUM(Field)

    static constexpr int DefaultCoalescingInterval = 16; // ms: one frame at 60 Hz

    explicit ActivePathModel(QObject *parent = nullptr);
    ~ActivePathModel() override;
    Q_DISABLE_COPY_MOVE(ActivePathModel)

    // With every change made through this model applied, streamed text included.
    const Conversation &conversation() const { return m_conversation; }
    // A partial conversation (ConversationStore::loadTail()) shows the end of its path at once;
    // completeConversation() then adds the older messages above the rows shown, keeping what
    // changed here meanwhile (streamed text, new messages). Until then a partial conversation
    // refuses selectSibling() and a new first message, whose messages are not all loaded.
    void setConversation(const Conversation &conversation);
    bool completeConversation(const Conversation &whole);
    // The conversation's own fields (id, title, model, parameters, draft, ...) from `header`;
    // its messages and rows stay as they are.
    void setHeader(const Conversation &header);

    int coalescingInterval() const { return m_interval; }
    void setCoalescingInterval(int ms); // 0: every append is announced at once

    int rowOf(qint64 messageId) const; // -1 when not on the active path
    Message messageAt(int row) const;

    // Shows the sibling at a 1-based siblingIndex (as SiblingIndexRole) in place of the message
    // at row; the rows below follow that sibling's own active path. Emits siblingSelected().
    bool selectSibling(int row, int siblingIndex);
    // Adds a message (with its id set by the store) as the shown child of its parent. With the
    // parent on the active path, the rows below the parent give way to it.
    bool appendMessage(const Message &message);
    // Replaces a message, announcing only the roles whose values differ. The parent cannot change.
    bool updateMessage(const Message &message);
    // Appends a streamed delta. Views hear of it once per coalescing interval and row, with only
    // the role of the field that grew.
    void appendText(qint64 messageId, Field field, const QString &delta);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // The user's choice at a fork, to be recorded in the store. Not emitted for appendMessage():
    // ConversationStore::addMessage() records that choice itself.
    void siblingSelected(qint64 parentId, qint64 childId);

private:
    enum PendingRole { PendingText = 0x1, PendingReasoning = 0x2 };

    QList<int> pathFrom(qint64 parentId) const;
    void flushPending();

    Conversation m_conversation;
    QList<int> m_path; // indexes into m_conversation.messages, which only ever grows
    QHash<qint64, int> m_indexById;
    QHash<qint64, QList<qint64>> m_children; // parent id -> child ids, oldest first
    QHash<qint64, int> m_pending; // message id -> PendingRole bits not yet announced
    QTimer m_flushTimer;
    int m_interval = DefaultCoalescingInterval;
};

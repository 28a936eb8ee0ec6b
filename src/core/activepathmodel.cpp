#include "activepathmodel.h"

#include <QVariantList>
#include <QVariantMap>

#include <utility>

namespace {

QVariantList imagesValue(const QList<ImageRef> &images)
{
    QVariantList list;
    list.reserve(images.size());
    for (const ImageRef &i : images) {
        list.append(QVariantMap {
            { QStringLiteral("hash"), QString::fromLatin1(i.hash) },
            { QStringLiteral("mimeType"), QString::fromLatin1(i.mimeType) },
            { QStringLiteral("url"), i.url },
            { QStringLiteral("detail"), ContentPart::detailName(i.detail) },
            { QStringLiteral("width"), i.width },
            { QStringLiteral("height"), i.height },
            { QStringLiteral("remote"), i.isRemote() },
        });
    }
    return list;
}

QVariantMap usageValue(const MessageUsage &u)
{
    return {
        { QStringLiteral("promptTokens"), u.promptTokens },
        { QStringLiteral("completionTokens"), u.completionTokens },
        { QStringLiteral("reasoningTokens"), u.reasoningTokens },
        { QStringLiteral("cachedTokens"), u.cachedTokens },
    };
}

QVariantMap timingsValue(const MessageTimings &t)
{
    return {
        { QStringLiteral("firstTokenMs"), t.firstTokenMs },
        { QStringLiteral("durationMs"), t.durationMs },
        { QStringLiteral("tokensPerSecond"), t.tokensPerSecond },
        { QStringLiteral("reasoningMs"), t.reasoningMs },
    };
}

QList<int> changedRoles(const Message &a, const Message &b)
{
    using M = ActivePathModel;
    QList<int> roles;
    if (a.role != b.role)
        roles << M::RoleRole;
    if (a.text != b.text)
        roles << M::TextRole;
    if (a.reasoning != b.reasoning)
        roles << M::ReasoningRole;
    if (a.images != b.images)
        roles << M::ImagesRole;
    if (a.toolCalls != b.toolCalls)
        roles << M::ToolCallsRole;
    if (a.toolCallId != b.toolCallId)
        roles << M::ToolCallIdRole;
    if (a.refusal != b.refusal)
        roles << M::RefusalRole;
    if (a.model != b.model)
        roles << M::ModelRole;
    if (!(a.usage == b.usage))
        roles << M::UsageRole;
    if (!(a.timings == b.timings))
        roles << M::TimingsRole;
    if (a.finishReason != b.finishReason)
        roles << M::FinishReasonRole;
    if (a.state != b.state)
        roles << M::StateRole;
    if (a.error != b.error)
        roles << M::ErrorRole;
    if (a.created != b.created)
        roles << M::CreatedRole;
    return roles;
}

} // namespace

ActivePathModel::ActivePathModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(m_interval);
    connect(&m_flushTimer, &QTimer::timeout, this, &ActivePathModel::flushPending);
}

ActivePathModel::~ActivePathModel() = default;

void ActivePathModel::setConversation(const Conversation &conversation)
{
    beginResetModel();
    // Deltas still pending belong to the conversation shown before.
    m_flushTimer.stop();
    m_pending.clear();
    m_conversation = conversation;
    m_indexById.clear();
    m_children.clear();
    m_indexById.reserve(m_conversation.messages.size());
    for (int i = 0; i < m_conversation.messages.size(); ++i) {
        const Message &m = m_conversation.messages.at(i);
        m_indexById.insert(m.id, i);
        m_children[m.parentId].append(m.id);
    }
    m_path = pathFrom(m_conversation.unloadedParentId);
    endResetModel();
}

bool ActivePathModel::completeConversation(const Conversation &whole)
{
    if (!m_conversation.isPartial() || whole.isPartial() || whole.id != m_conversation.id)
        return false;
    // What this model holds is newer than what was read: text streamed and messages added
    // since. The whole conversation supplies only what is missing.
    Conversation merged = m_conversation;
    merged.unloadedParentId = 0;
    merged.messages.clear();
    merged.messages.reserve(whole.messages.size() + m_conversation.messages.size());
    QHash<qint64, int> held = m_indexById;
    for (const Message &m : whole.messages) {
        const auto own = held.constFind(m.id);
        merged.messages.append(own == held.cend() ? m : m_conversation.messages.at(*own));
        if (own != held.cend())
            held.erase(own);
    }
    for (const Message &m : std::as_const(m_conversation.messages)) {
        if (held.contains(m.id))
            merged.messages.append(m); // added after the whole conversation was read
    }
    merged.activeChild = whole.activeChild;
    for (auto it = m_conversation.activeChild.cbegin(); it != m_conversation.activeChild.cend();
         ++it)
        merged.activeChild.insert(it.key(), it.value());

    QList<qint64> shownIds;
    shownIds.reserve(m_path.size());
    for (int index : std::as_const(m_path))
        shownIds.append(m_conversation.messages.at(index).id);

    // The rows shown stay; the older ones arrive above them.
    QHash<qint64, int> indexById;
    QHash<qint64, QList<qint64>> children;
    indexById.reserve(merged.messages.size());
    for (int i = 0; i < merged.messages.size(); ++i) {
        const Message &m = merged.messages.at(i);
        indexById.insert(m.id, i);
        children[m.parentId].append(m.id);
    }
    std::swap(m_conversation, merged);
    std::swap(m_indexById, indexById);
    std::swap(m_children, children);
    // The same rows, by their places in the merged list: views asking during the insertion
    // below must still see the rows they were shown.
    for (qsizetype row = 0; row < shownIds.size(); ++row)
        m_path[row] = m_indexById.value(shownIds.at(row));
    const QList<int> path = pathFrom(0);
    const qsizetype older = path.size() - shownIds.size();
    bool suffix = older >= 0;
    for (qsizetype i = 0; suffix && i < shownIds.size(); ++i)
        suffix = m_conversation.messages.at(path.at(older + i)).id == shownIds.at(i);
    if (!suffix) {
        // The store's path is not the one shown (another process changed it): show it whole.
        beginResetModel();
        m_path = path;
        endResetModel();
        return true;
    }
    if (older == 0) {
        m_path = path;
        return true;
    }
    beginInsertRows(QModelIndex(), 0, int(older) - 1);
    m_path = path;
    endInsertRows();
    return true;
}

void ActivePathModel::setHeader(const Conversation &header)
{
    Conversation &c = m_conversation;
    c.id = header.id;
    c.title = header.title;
    c.created = header.created;
    c.updated = header.updated;
    c.pinned = header.pinned;
    c.providerId = header.providerId;
    c.model = header.model;
    c.parameters = header.parameters;
    c.systemPrompt = header.systemPrompt;
    c.draftText = header.draftText;
    c.draftImages = header.draftImages;
    c.imageTurns = header.imageTurns;
}

void ActivePathModel::setCoalescingInterval(int ms)
{
    m_interval = qMax(0, ms);
    m_flushTimer.setInterval(m_interval);
    if (m_interval == 0)
        flushPending();
}

QList<int> ActivePathModel::pathFrom(qint64 parentId) const
{
    // The same rule as Conversation::activePath(): the recorded choice, else the newest child.
    QList<int> path;
    qint64 parent = parentId;
    while (path.size() < m_conversation.messages.size()) { // a cycle in corrupt data must end
        const auto children = m_children.constFind(parent);
        if (children == m_children.cend() || children->isEmpty())
            break;
        const qint64 chosen = m_conversation.activeChild.value(parent, 0);
        const qint64 next = children->contains(chosen) ? chosen : children->last();
        path.append(m_indexById.value(next));
        parent = next;
    }
    return path;
}

int ActivePathModel::rowOf(qint64 messageId) const
{
    const auto index = m_indexById.constFind(messageId);
    if (index == m_indexById.cend())
        return -1;
    // From the end: the message streaming or being updated is almost always the last one.
    for (int row = int(m_path.size()) - 1; row >= 0; --row) {
        if (m_path.at(row) == *index)
            return row;
    }
    return -1;
}

Message ActivePathModel::messageAt(int row) const
{
    if (row < 0 || row >= m_path.size())
        return {};
    return m_conversation.messages.at(m_path.at(row));
}

bool ActivePathModel::selectSibling(int row, int siblingIndex)
{
    // A sibling's own messages below it may not be loaded yet.
    if (row < 0 || row >= m_path.size() || m_conversation.isPartial())
        return false;
    const Message &current = m_conversation.messages.at(m_path.at(row));
    const qint64 parentId = current.parentId;
    const QList<qint64> siblings = m_children.value(parentId);
    if (siblingIndex < 1 || siblingIndex > siblings.size())
        return false;
    const qint64 childId = siblings.at(siblingIndex - 1);
    if (childId == current.id)
        return true;

    m_conversation.activeChild.insert(parentId, childId);
    const QList<int> tail = pathFrom(parentId);
    // Another branch: its messages are other rows, not the same rows with other data.
    beginRemoveRows(QModelIndex(), row, int(m_path.size()) - 1);
    m_path.resize(row);
    endRemoveRows();
    beginInsertRows(QModelIndex(), row, row + int(tail.size()) - 1);
    m_path.append(tail);
    endInsertRows();
    emit siblingSelected(parentId, childId);
    return true;
}

bool ActivePathModel::appendMessage(const Message &message)
{
    // Id 0 means "no parent"; a message must be stored (and so have its id) before it is shown.
    if (message.id <= 0 || m_indexById.contains(message.id))
        return false;
    if (message.parentId != 0 && !m_indexById.contains(message.parentId))
        return false;
    if (message.parentId == 0 && m_conversation.isPartial())
        return false; // a new first message, with the first messages not loaded

    const int parentRow = message.parentId == 0 ? -1 : rowOf(message.parentId);
    const bool shown = message.parentId == 0 || parentRow >= 0;
    const int row = parentRow + 1;
    // The rows below the parent leave before the tree changes, so views asking about them while
    // they go still see the sibling counts they were shown.
    if (shown && row < m_path.size()) {
        beginRemoveRows(QModelIndex(), row, int(m_path.size()) - 1);
        m_path.resize(row);
        endRemoveRows();
    }

    const int index = int(m_conversation.messages.size());
    m_conversation.messages.append(message);
    m_indexById.insert(message.id, index);
    m_children[message.parentId].append(message.id);
    m_conversation.activeChild.insert(message.parentId, message.id);
    if (!shown)
        return true; // a branch not shown: no row changes

    beginInsertRows(QModelIndex(), row, row);
    m_path.append(index);
    endInsertRows();
    return true;
}

bool ActivePathModel::updateMessage(const Message &message)
{
    const auto index = m_indexById.constFind(message.id);
    if (index == m_indexById.cend())
        return false;
    Message &stored = m_conversation.messages[*index];
    if (stored.parentId != message.parentId)
        return false; // a move in the tree is no update
    const QList<int> roles = changedRoles(stored, message);
    stored = message;
    const int row = rowOf(message.id);
    if (row < 0 || roles.isEmpty())
        return true;
    // What this announces, a pending flush need not announce again.
    const auto pending = m_pending.find(message.id);
    if (pending != m_pending.end()) {
        if (roles.contains(TextRole))
            *pending &= ~PendingText;
        if (roles.contains(ReasoningRole))
            *pending &= ~PendingReasoning;
        if (*pending == 0)
            m_pending.erase(pending);
    }
    const QModelIndex changed = this->index(row);
    emit dataChanged(changed, changed, roles);
    return true;
}

void ActivePathModel::appendText(qint64 messageId, Field field, const QString &delta)
{
    const auto index = m_indexById.constFind(messageId);
    // A late delta of a conversation no longer shown (or of a message not yet appended) has
    // nowhere to go here; the store keeps its own copy.
    if (index == m_indexById.cend() || delta.isEmpty())
        return;
    Message &m = m_conversation.messages[*index];
    if (field == Field::Content)
        m.text += delta;
    else
        m.reasoning += delta;
    m_pending[messageId] |= field == Field::Content ? PendingText : PendingReasoning;
    if (m_interval == 0)
        flushPending();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ActivePathModel::flushPending()
{
    m_flushTimer.stop();
    // Taken first: a receiver may append again while we notify.
    const QHash<qint64, int> pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const int row = rowOf(it.key());
        if (row < 0)
            continue; // on a branch not shown: its rows will be read afresh when shown
        QList<int> roles;
        if (it.value() & PendingText)
            roles << TextRole;
        if (it.value() & PendingReasoning)
            roles << ReasoningRole;
        const QModelIndex changed = index(row);
        emit dataChanged(changed, changed, roles);
    }
}

int ActivePathModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_path.size());
}

QVariant ActivePathModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message &m = m_conversation.messages.at(m_path.at(index.row()));
    switch (role) {
    case TextRole:
        return m.text;
    case IdRole:
        return m.id;
    case ParentIdRole:
        return m.parentId;
    case RoleRole:
        return ChatMessage::roleName(m.role);
    case ReasoningRole:
        return m.reasoning;
    case ImagesRole:
        return imagesValue(m.images);
    case ToolCallsRole:
        return m.toolCalls.toVariantList();
    case ToolCallIdRole:
        return m.toolCallId;
    case RefusalRole:
        return m.refusal;
    case ModelRole:
        return m.model;
    case UsageRole:
        return usageValue(m.usage);
    case TimingsRole:
        return timingsValue(m.timings);
    case FinishReasonRole:
        return m.finishReason;
    case StateRole:
        return int(m.state);
    case ErrorRole:
        return m.error;
    case CreatedRole:
        return m.created;
    case SiblingIndexRole:
        return int(m_children.value(m.parentId).indexOf(m.id)) + 1;
    case SiblingCountRole:
        return int(m_children.value(m.parentId).size());
    default:
        return {};
    }
}

QHash<int, QByteArray> ActivePathModel::roleNames() const
{
    // "messageId" and "modelName": QML reserves `id`, and `model` names the delegate's model.
    return {
        { TextRole, "text" },
        { IdRole, "messageId" },
        { ParentIdRole, "parentId" },
        { RoleRole, "role" },
        { ReasoningRole, "reasoning" },
        { ImagesRole, "images" },
        { ToolCallsRole, "toolCalls" },
        { ToolCallIdRole, "toolCallId" },
        { RefusalRole, "refusal" },
        { ModelRole, "modelName" },
        { UsageRole, "usage" },
        { TimingsRole, "timings" },
        { FinishReasonRole, "finishReason" },
        { StateRole, "state" },
        { ErrorRole, "error" },
        { CreatedRole, "created" },
        { SiblingIndexRole, "siblingIndex" },
        { SiblingCountRole, "siblingCount" },
    };
}

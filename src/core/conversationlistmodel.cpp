#include "conversationlistmodel.h"

#include "database.h"

#include <QScopedValueRollback>
#include <QSqlQuery>
#include <QVariant>

#include <utility>

namespace {

// SQLite's lower(), without ICU, folds ASCII letters only; matchesFilter() folds the same way,
// so whether a row shows never depends on whether it came in a page or in an update.
QString asciiLower(const QString &s)
{
    QString folded = s;
    for (QChar &c : folded) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return folded;
}

QList<int> changedRoles(const ConversationSummary &a, const ConversationSummary &b)
{
    QList<int> roles;
    if (a.title != b.title)
        roles << Qt::DisplayRole << ConversationListModel::TitleRole;
    if (a.updated != b.updated)
        roles << ConversationListModel::UpdatedRole;
    if (a.created != b.created)
        roles << ConversationListModel::CreatedRole;
    if (a.pinned != b.pinned)
        roles << ConversationListModel::PinnedRole;
    if (a.model != b.model)
        roles << ConversationListModel::ModelRole;
    return roles;
}

} // namespace

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

ConversationListModel::~ConversationListModel() = default;

ConversationListModel::PageProvider ConversationListModel::storeProvider(
    ConversationStore *store, Database &database)
{
    Database *db = &database;
    return [store, db](int offset, int limit, const QString &filter) {
        if (filter.isEmpty())
            return store->listConversations(offset, limit);
        QList<ConversationSummary> page;
        QSqlQuery q(db->connection());
        q.setForwardOnly(true);
        // instr(), not LIKE: '%' and '_' typed by the user are plain characters.
        q.prepare(
            QStringLiteral("SELECT id, title, created, updated, pinned, model FROM conversations "
                           "WHERE instr(lower(title), lower(?)) > 0 "
                           "ORDER BY pinned DESC, updated DESC, id DESC LIMIT ? OFFSET ?"));
        q.addBindValue(filter);
        q.addBindValue(limit);
        q.addBindValue(offset);
        if (!q.exec())
            return page; // an empty page ends the list; the store reports its own failures
        while (q.next()) {
            ConversationSummary s;
            s.id = q.value(0).toLongLong();
            s.title = q.value(1).toString();
            s.created = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
            s.updated = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
            s.pinned = q.value(4).toBool();
            s.model = q.value(5).toString();
            page.append(s);
        }
        return page;
    };
}

bool ConversationListModel::matchesFilter(const QString &title, const QString &filter)
{
    return filter.isEmpty() || asciiLower(title).contains(asciiLower(filter));
}

bool ConversationListModel::lessThan(const ConversationSummary &a, const ConversationSummary &b)
{
    if (a.pinned != b.pinned)
        return a.pinned;
    if (a.updated != b.updated)
        return a.updated > b.updated;
    return a.id > b.id; // the same order as the store's query, ties included
}

void ConversationListModel::setPageProvider(PageProvider provider)
{
    m_provider = std::move(provider);
    reload();
}

void ConversationListModel::setPageSize(int size)
{
    m_pageSize = qMax(1, size);
}

void ConversationListModel::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    reload();
}

void ConversationListModel::reload()
{
    QScopedValueRollback<bool> notifying(m_notifying, true);
    beginResetModel();
    m_rows.clear();
    m_ids.clear();
    m_atEnd = !m_provider;
    // The first page comes with the reset: a view shows a screenful at once, in one layout.
    if (!m_atEnd) {
        const QList<ConversationSummary> page = m_provider(0, m_pageSize, m_filter);
        for (const ConversationSummary &s : page) {
            if (!m_ids.contains(s.id)) {
                m_rows.append(s);
                m_ids.insert(s.id);
            }
        }
        m_atEnd = page.size() < m_pageSize;
    }
    endResetModel();
}

ConversationSummary ConversationListModel::summary(int row) const
{
    return m_rows.value(row);
}

int ConversationListModel::rowOf(qint64 id) const
{
    if (!m_ids.contains(id))
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationSummary &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return s.title.trimmed().isEmpty() ? tr("New chat") : s.title;
    case IdRole:
        return s.id;
    case TitleRole:
        return s.title;
    case UpdatedRole:
        return s.updated;
    case CreatedRole:
        return s.created;
    case PinnedRole:
        return s.pinned;
    case ModelRole:
        return s.model;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    // "conversationId" and "modelName": QML reserves `id`, and `model` names the delegate's model.
    return {
        { Qt::DisplayRole, "display" },
        { IdRole, "conversationId" },
        { TitleRole, "title" },
        { UpdatedRole, "updated" },
        { CreatedRole, "created" },
        { PinnedRole, "pinned" },
        { ModelRole, "modelName" },
    };
}

bool ConversationListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void ConversationListModel::fetchMore(const QModelIndex &parent)
{
    // A fetch asked for from a slot connected to our own signal would insert rows while other
    // receivers have not yet seen the change in progress (or inside an open begin/end pair).
    // Views fetch later, from their event loop, so nothing is lost by declining it.
    if (parent.isValid() || m_atEnd || m_notifying)
        return;
    loadPage();
}

void ConversationListModel::loadPage()
{
    // The rows held are always the first rows of the whole list, so the next page starts at
    // their count.
    const QList<ConversationSummary> page = m_provider(int(m_rows.size()), m_pageSize, m_filter);
    m_atEnd = page.size() < m_pageSize;
    QList<ConversationSummary> fresh;
    fresh.reserve(page.size());
    for (const ConversationSummary &s : page) {
        if (!m_ids.contains(s.id))
            fresh.append(s);
    }
    if (fresh.isEmpty())
        return;
    QScopedValueRollback<bool> notifying(m_notifying, true);
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    for (const ConversationSummary &s : std::as_const(fresh)) {
        m_rows.append(s);
        m_ids.insert(s.id);
    }
    endInsertRows();
}

int ConversationListModel::positionFor(const ConversationSummary &summary, int skipRow) const
{
    int position = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (row == skipRow)
            continue;
        if (!lessThan(m_rows.at(row), summary))
            break;
        ++position;
    }
    return position;
}

void ConversationListModel::insertSummary(int row, const ConversationSummary &summary)
{
    QScopedValueRollback<bool> notifying(m_notifying, true);
    beginInsertRows(QModelIndex(), row, row);
    m_rows.insert(row, summary);
    m_ids.insert(summary.id);
    endInsertRows();
}

void ConversationListModel::removeSummaryAt(int row)
{
    QScopedValueRollback<bool> notifying(m_notifying, true);
    beginRemoveRows(QModelIndex(), row, row);
    m_ids.remove(m_rows.takeAt(row).id);
    endRemoveRows();
}

void ConversationListModel::conversationAdded(const ConversationSummary &summary)
{
    if (m_ids.contains(summary.id)) {
        conversationChanged(summary);
        return;
    }
    if (!matchesFilter(summary.title, m_filter))
        return;
    const int position = positionFor(summary, -1);
    // Past the last loaded row, with pages still to come, its place is among the rows not
    // loaded yet: the page that holds it will bring it.
    if (position < m_rows.size() || m_atEnd)
        insertSummary(position, summary);
}

void ConversationListModel::conversationChanged(const ConversationSummary &summary)
{
    const int row = rowOf(summary.id);
    if (row < 0) {
        // A rename can bring a conversation into the filter.
        conversationAdded(summary);
        return;
    }
    if (!matchesFilter(summary.title, m_filter)) {
        removeSummaryAt(row);
        return;
    }
    const int position = positionFor(summary, row);
    if (!m_atEnd && position == m_rows.size() - 1 && lessThan(m_rows.at(row), summary)) {
        // Moved back past every other loaded row: its place may be among the rows not loaded
        // yet, and the page that holds it will bring it.
        removeSummaryAt(row);
        return;
    }
    const QList<int> roles = changedRoles(m_rows.at(row), summary);
    QScopedValueRollback<bool> notifying(m_notifying, true);
    if (position != row) {
        // beginMoveRows() counts the destination before the row leaves.
        beginMoveRows(
            QModelIndex(), row, row, QModelIndex(), position > row ? position + 1 : position);
        m_rows.move(row, position);
        m_rows[position] = summary;
        endMoveRows();
    } else {
        m_rows[row] = summary;
    }
    if (!roles.isEmpty()) {
        const QModelIndex changed = index(position);
        emit dataChanged(changed, changed, roles);
    }
}

void ConversationListModel::conversationRemoved(qint64 id)
{
    const int row = rowOf(id);
    if (row >= 0)
        removeSummaryAt(row);
}

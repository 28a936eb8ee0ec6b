#pragma once

#include "conversationstore.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>

class Database;

// The conversation list: pinned first, then by last activity, newest first. It holds only the
// pages a view has asked for (canFetchMore()/fetchMore()), never the whole library, and follows
// changes one row at a time so a view keeps its scroll position and selection.
// GUI thread only.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    // Qt::DisplayRole is the title as shown: an untitled conversation reads "New chat".
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole, // the stored title, empty when untitled
        UpdatedRole,
        CreatedRole,
        PinnedRole,
        ModelRole,
    };
    Q_ENUM(Roles)

    // Returns at most `limit` summaries from `offset`, in list order, of the conversations whose
    // title contains `filter` (every conversation when it is empty), matched as matchesFilter().
    using PageProvider
        = std::function<QList<ConversationSummary>(int offset, int limit, const QString &filter)>;

    static constexpr int DefaultPageSize = 100;

    explicit ConversationListModel(QObject *parent = nullptr);
    ~ConversationListModel() override;
    Q_DISABLE_COPY_MOVE(ConversationListModel)

    // Pages from the store; a filtered page is one SQL query too. Both must outlive the model.
    static PageProvider storeProvider(ConversationStore *store, Database &database);
    // Whether a title passes a filter: a substring, ASCII letters compared without case.
    static bool matchesFilter(const QString &title, const QString &filter);
    // Whether a comes before b in the list.
    static bool lessThan(const ConversationSummary &a, const ConversationSummary &b);

    // Replaces the source and reloads.
    void setPageProvider(PageProvider provider);

    int pageSize() const { return m_pageSize; }
    void setPageSize(int size); // takes effect from the next page

    QString filterText() const { return m_filter; }
    void setFilterText(const QString &text); // reloads when it changed

    // Drops every row and loads the first page again.
    void reload();

    ConversationSummary summary(int row) const;
    int rowOf(qint64 id) const; // -1 when not loaded

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Follow the store without a reset. A conversation past the loaded pages is left for
    // fetchMore() to bring, so the rows stay the first rows of the whole list.
    void conversationAdded(const ConversationSummary &summary);
    void conversationChanged(const ConversationSummary &summary);
    void conversationRemoved(qint64 id);

private:
    void loadPage();
    int positionFor(const ConversationSummary &summary, int skipRow) const;
    void insertSummary(int row, const ConversationSummary &summary);
    void removeSummaryAt(int row);

    PageProvider m_provider;
    QList<ConversationSummary> m_rows;
    QSet<qint64> m_ids; // of m_rows, so a page overlapping a change adds no duplicate
    QString m_filter;
    int m_pageSize = DefaultPageSize;
    bool m_atEnd = true;
    bool m_notifying = false;
};

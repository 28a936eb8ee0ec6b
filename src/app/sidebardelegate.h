#pragma once

#include <QDate>
#include <QFont>
#include <QStyledItemDelegate>

class QListView;

// Paints a row of the conversation list: the title, a pin mark, the model name, and above the
// first row of each group ("Pinned", "Today", ...) a header line. The header belongs to that
// row (its sizeHint() is taller), so the model needs no header rows and keeps one row per
// conversation. Everything a row's height depends on is a comparison of two timestamps, so a
// layout of thousands of rows stays cheap.
class ConversationDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class Group { Pinned, Today, Yesterday, PreviousWeek, Older };
    Q_ENUM(Group)

    explicit ConversationDelegate(QObject *parent = nullptr);
    ~ConversationDelegate() override;
    Q_DISABLE_COPY_MOVE(ConversationDelegate)

    // The local day the groups count from (today, unless a test says otherwise).
    QDate today() const { return m_today; }
    void setToday(QDate today);

    Group groupOf(bool pinned, const QDateTime &updated) const;
    Group groupOf(const QModelIndex &index) const;
    static QString groupName(Group group);

    // Whether the row shows a header: it is the first row the view shows, or its group differs
    // from that of the nearest row above it that the view shows (rows waiting for an undo are
    // hidden). `view` may be null: then every row counts as shown.
    bool startsGroup(const QModelIndex &index, const QListView *view) const;
    // The height of the row's header, 0 when it has none; the row's item is below it.
    int headerHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    struct Metrics
    {
        QFont font; // what they were measured for
        QFont smallFont;
        QFont headerFont;
        int titleHeight = 0;
        int smallHeight = 0;
        int itemHeight = 0;
    };
    const Metrics &metrics(const QFont &font) const;
    QRect itemRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int titleWidth(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    QDate m_today;
    // Local midnights as milliseconds since the epoch, so grouping a row converts no time zone.
    qint64 m_todayStart = 0;
    qint64 m_yesterdayStart = 0;
    qint64 m_weekStart = 0;
    mutable Metrics m_metrics; // sizeHint() runs for every row at each layout
};

// Paints a search hit: the conversation's title small above the matching excerpt, the matched
// text in bold; a hit on the title itself is the title, its matches in bold. The hit is the
// SearchHit in HitRole.
class SearchHitDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int HitRole = Qt::UserRole + 1;

    explicit SearchHitDelegate(QObject *parent = nullptr);
    ~SearchHitDelegate() override;
    Q_DISABLE_COPY_MOVE(SearchHitDelegate)

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

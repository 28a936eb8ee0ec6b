#include "conversationsidebar.h"

#include "asyncsearch.h"
#include "conversationlistmodel.h"
#include "sidebardelegate.h"

#include <QApplication>
#include <QBoxLayout>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QToolButton>

#include <functional>
#include <utility>

namespace {

constexpr int SearchLimit = 50;
constexpr std::chrono::milliseconds SearchDelay { 150 };

// The list model is the store's mirror and takes no writes: a rename is a request the window
// carries out (store, then model). This proxy only lets the view open its editor on the stored
// title and hands the edited text back.
class RenamableRows : public QIdentityProxyModel
{
public:
    using Handler = std::function<void(const QModelIndex &, const QString &)>;

    RenamableRows(Handler onRename, QObject *parent)
        : QIdentityProxyModel(parent)
        , m_onRename(std::move(onRename))
    { }

    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        const Qt::ItemFlags flags = QIdentityProxyModel::flags(index);
        return index.isValid() ? flags | Qt::ItemIsEditable : flags;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        // The editor starts from the stored title: empty for an untitled conversation, not the
        // "New chat" the list shows for it.
        return QIdentityProxyModel::data(
            index, role == Qt::EditRole ? int(ConversationListModel::TitleRole) : role);
    }
    bool setData(const QModelIndex &index, const QVariant &value, int role) override
    {
        if (role != Qt::EditRole || !index.isValid())
            return false;
        m_onRename(index, value.toString());
        return true;
    }

private:
    Handler m_onRename;
};

qint64 idOf(const QModelIndex &index)
{
    return index.data(ConversationListModel::IdRole).toLongLong();
}

QListView *makeListView(QWidget *parent, const QString &name)
{
    auto *view = new QListView(parent);
    view->setObjectName(name);
    view->setUniformItemSizes(false); // a row that starts a group is taller
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setFrameShape(QFrame::NoFrame);
    view->setMouseTracking(true);
    view->viewport()->setAttribute(Qt::WA_Hover);
    return view;
}

bool isPlainKey(const QKeyEvent *event)
{
    return (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
}

} // namespace

ConversationSidebar::ConversationSidebar(
    ConversationListModel *model, AsyncSearch *search, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_search(search)
{
    Q_ASSERT(model && search);
    auto *rows = new RenamableRows(
        [this](const QModelIndex &index, const QString &text) {
            const QString title = text.trimmed();
            // Focus leaving an untouched editor commits too: that is no rename.
            if (title != index.data(ConversationListModel::TitleRole).toString())
                emit renameRequested(idOf(index), title);
        },
        this);
    rows->setSourceModel(model);
    m_rows = rows;
    m_hits = new QStandardItemModel(this);
    buildUi();

    connect(m_list, &QListView::clicked, this, &ConversationSidebar::activateRow);
    connect(
        m_list, &QWidget::customContextMenuRequested, this, &ConversationSidebar::showContextMenu);
    connect(m_results, &QListView::clicked, this, &ConversationSidebar::activateHit);
    connect(m_newChat, &QToolButton::clicked, this, &ConversationSidebar::newChatRequested);
    connect(m_searchEdit, &QLineEdit::textChanged, this, &ConversationSidebar::searchTextChanged);
    connect(m_search, &AsyncSearch::resultsReady, this, &ConversationSidebar::showResults);
    connect(m_search, &AsyncSearch::failed, this, [this](const QString &error) {
        if (!m_query.isEmpty())
            showSearchMessage(tr("The search failed: %1").arg(error));
    });

    // A reset forgets which rows the view hid and what it selected.
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_pendingDelete ? m_model->rowOf(m_pendingDelete) : -1;
        if (row >= 0)
            m_list->setRowHidden(row, true);
        syncSelection();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_list->selectionModel()->hasSelection())
            syncSelection();
    });
    // A row's header depends on the row above it, so a change of time or pin can change the
    // height of the next row too; the view re-lays out only for insertions, moves and removals.
    connect(model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
            if (roles.isEmpty() || roles.contains(ConversationListModel::UpdatedRole)
                || roles.contains(ConversationListModel::PinnedRole))
                scheduleRelayout();
        });

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    connect(&m_searchDelay, &QTimer::timeout, this, &ConversationSidebar::startSearch);
    m_undoTimer.setSingleShot(true);
    m_undoTimer.setInterval(DefaultUndoInterval);
    connect(&m_undoTimer, &QTimer::timeout, this, &ConversationSidebar::flushPendingDeletes);
    m_relayout.setSingleShot(true);
    m_relayout.setInterval(0);
    connect(&m_relayout, &QTimer::timeout, m_list, &QListView::doItemsLayout);
    // "Today" turns into "Yesterday" at midnight, also for a machine that slept through it
    // (a timer aimed at midnight would fire late after a suspend), so look once a minute.
    m_dayCheck.setInterval(std::chrono::minutes(1));
    connect(&m_dayCheck, &QTimer::timeout, this, &ConversationSidebar::checkDay);
    m_dayCheck.start();
}

ConversationSidebar::~ConversationSidebar()
{
    flushPendingDeletes();
}

void ConversationSidebar::buildUi()
{
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search conversations"));
    // The clear button shows only over text, so it is enabled with the first text: its icon
    // comes from the icon theme, whose index is parsed on first use, about 5 ms that would
    // otherwise delay the window's first paint.
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty() && !m_searchEdit->isClearButtonEnabled())
            m_searchEdit->setClearButtonEnabled(true);
    });
    m_searchEdit->installEventFilter(this);

    m_newChat = new QToolButton(this);
    m_newChat->setObjectName(QStringLiteral("newChatButton"));
    m_newChat->setText(tr("New chat"));
    m_newChat->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_newChat->setToolTip(
        tr("New chat (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));

    m_delegate = new ConversationDelegate(this);
    m_list = makeListView(this, QStringLiteral("conversationList"));
    m_list->setModel(m_rows);
    m_list->setItemDelegate(m_delegate);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Conversations"));
    m_list->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);

    m_results = makeListView(this, QStringLiteral("searchResults"));
    m_results->setModel(m_hits);
    m_results->setItemDelegate(new SearchHitDelegate(this));
    m_results->setAccessibleName(tr("Search results"));
    m_results->installEventFilter(this);

    m_searchMessage = new QLabel(this);
    m_searchMessage->setObjectName(QStringLiteral("searchMessage"));
    m_searchMessage->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_searchMessage->setWordWrap(true);
    m_searchMessage->setMargin(16);
    m_searchMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // It stands where the lists stand, on their background.
    m_searchMessage->setAutoFillBackground(true);
    m_searchMessage->setBackgroundRole(QPalette::Base);
    m_searchMessage->setForegroundRole(QPalette::Text);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_list);
    m_pages->addWidget(m_results);
    m_pages->addWidget(m_searchMessage);

    auto *undoBar = new QFrame(this);
    undoBar->setObjectName(QStringLiteral("undoBar"));
    undoBar->setFrameShape(QFrame::StyledPanel);
    undoBar->setAutoFillBackground(true);
    undoBar->setBackgroundRole(QPalette::AlternateBase);
    auto *undoLabel = new QLabel(tr("Conversation deleted"), undoBar);
    undoLabel->setTextFormat(Qt::PlainText);
    auto *undoButton = new QPushButton(tr("Undo"), undoBar);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    connect(undoButton, &QPushButton::clicked, this, &ConversationSidebar::undoDelete);
    auto *undoLayout = new QHBoxLayout(undoBar);
    undoLayout->setContentsMargins(10, 4, 4, 4);
    undoLayout->addWidget(undoLabel, 1);
    undoLayout->addWidget(undoButton);
    undoBar->hide();
    m_undoBar = undoBar;

    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 6, 6, 6);
    top->setSpacing(4);
    top->addWidget(m_searchEdit, 1);
    top->addWidget(m_newChat);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_undoBar);
    setFocusProxy(m_list);
}

void ConversationSidebar::setCurrentConversation(qint64 id)
{
    m_currentId = id;
    syncSelection();
    const QModelIndex current = m_list->currentIndex();
    if (id != 0 && current.isValid() && idOf(current) == id)
        m_list->scrollTo(current);
}

void ConversationSidebar::syncSelection()
{
    QItemSelectionModel *selection = m_list->selectionModel();
    if (m_currentId == 0) {
        selection->clearSelection();
        return;
    }
    const int row = m_model->rowOf(m_currentId);
    if (row < 0) {
        selection->clearSelection(); // brought by a page later: see rowsInserted
        return;
    }
    const QModelIndex index = m_rows->index(row, 0);
    if (!selection->isSelected(index))
        selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void ConversationSidebar::focusSearch()
{
    m_searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_searchEdit->selectAll();
}

std::chrono::milliseconds ConversationSidebar::undoInterval() const
{
    return m_undoTimer.intervalAsDuration();
}

void ConversationSidebar::setUndoInterval(std::chrono::milliseconds interval)
{
    m_undoTimer.setInterval(interval);
}

bool ConversationSidebar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_list)
            return listKeyPress(key);
        if (watched == m_results && isPlainKey(key)
            && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            activateHit(m_results->currentIndex());
            return true;
        }
        if (watched == m_results && key->key() == Qt::Key_Escape) {
            m_searchEdit->setFocus(Qt::OtherFocusReason);
            return true;
        }
        if (watched == m_searchEdit && key->key() == Qt::Key_Escape
            && !m_searchEdit->text().isEmpty()) {
            m_searchEdit->clear();
            return true;
        }
        if (watched == m_searchEdit && key->key() == Qt::Key_Down) {
            // From the search box straight into what it shows.
            QListView *view = m_pages->currentWidget() == m_results ? m_results : m_list;
            view->setFocus(Qt::TabFocusReason);
            if (!view->currentIndex().isValid()) {
                for (int row = 0; row < view->model()->rowCount(); ++row) {
                    if (!view->isRowHidden(row)) {
                        view->setCurrentIndex(view->model()->index(row, 0));
                        break;
                    }
                }
            }
            return true;
        }
    }
    if (watched == m_list->viewport()
        && (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease
            || event->type() == QEvent::MouseButtonDblClick)) {
        // A group header names the rows below it; a click on it is no click on a conversation.
        return inHeader(static_cast<QMouseEvent *>(event)->position().toPoint());
    }
    return QWidget::eventFilter(watched, event);
}

bool ConversationSidebar::listKeyPress(QKeyEvent *event)
{
    if (event->matches(QKeySequence::New)) {
        emit newChatRequested();
        return true;
    }
    if (!isPlainKey(event))
        return false;
    const QModelIndex current = m_list->currentIndex();
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (current.isValid() && !m_list->isRowHidden(current.row()))
            activateRow(current);
        return true;
    case Qt::Key_F2:
        renameRow(current);
        return true;
    case Qt::Key_Delete:
        deleteRow(current);
        return true;
    default:
        return false;
    }
}

bool ConversationSidebar::inHeader(const QPoint &viewportPos) const
{
    const QModelIndex index = m_list->indexAt(viewportPos);
    if (!index.isValid())
        return false;
    QStyleOptionViewItem option;
    option.initFrom(m_list);
    option.widget = m_list;
    option.rect = m_list->visualRect(index);
    return viewportPos.y() < option.rect.top() + m_delegate->headerHeight(option, index);
}

void ConversationSidebar::showContextMenu(const QPoint &viewportPos)
{
    const QModelIndex index = m_list->indexAt(viewportPos);
    if (!index.isValid() || inHeader(viewportPos))
        return;
    const qint64 id = idOf(index);
    const bool pinned = index.data(ConversationListModel::PinnedRole).toBool();
    const QPersistentModelIndex row(index);

    QMenu menu(this);
    QAction *rename = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-rename")), tr("Rename"),
        this, [this, row] { renameRow(row); });
    rename->setShortcut(QKeySequence(Qt::Key_F2)); // shown as a hint; the list handles the key
    menu.addAction(pinned ? tr("Unpin") : tr("Pin"), this,
        [this, id, pinned] { emit pinRequested(id, !pinned); });
    menu.addAction(QIcon::fromTheme(QStringLiteral("document-export")), tr("Export…"), this,
        [this, id] { emit exportRequested(id); });
    menu.addSeparator();
    QAction *remove = menu.addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("Delete"),
        this, [this, row] { deleteRow(row); });
    remove->setShortcut(QKeySequence(Qt::Key_Delete));
    menu.exec(m_list->viewport()->mapToGlobal(viewportPos));
}

void ConversationSidebar::activateRow(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_currentId = idOf(index);
    emit conversationActivated(m_currentId, 0);
}

void ConversationSidebar::activateHit(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const SearchHit hit = index.data(SearchHitDelegate::HitRole).value<SearchHit>();
    m_currentId = hit.conversationId; // highlighted when the list comes back
    emit conversationActivated(hit.conversationId, hit.messageId);
}

void ConversationSidebar::renameRow(const QModelIndex &index)
{
    if (!index.isValid() || m_list->isRowHidden(index.row()))
        return;
    m_list->setCurrentIndex(index);
    m_list->edit(index);
}

void ConversationSidebar::deleteRow(const QModelIndex &index)
{
    if (!index.isValid() || m_list->isRowHidden(index.row()))
        return;
    flushPendingDeletes(); // one undo at a time: the earlier delete is now final
    m_pendingDelete = idOf(index);
    if (m_list->currentIndex() == index) {
        // The keyboard goes on from a neighbour, so Delete, Delete removes two in a row.
        QModelIndex next;
        for (int row = index.row() + 1; row < m_rows->rowCount() && !next.isValid(); ++row) {
            if (!m_list->isRowHidden(row))
                next = m_rows->index(row, 0);
        }
        for (int row = index.row() - 1; row >= 0 && !next.isValid(); --row) {
            if (!m_list->isRowHidden(row))
                next = m_rows->index(row, 0);
        }
        m_list->selectionModel()->setCurrentIndex(next,
            m_list->hasFocus() ? QItemSelectionModel::ClearAndSelect
                               : QItemSelectionModel::NoUpdate);
    }
    m_list->setRowHidden(index.row(), true);
    m_undoBar->show();
    m_undoTimer.start();
}

void ConversationSidebar::undoDelete()
{
    if (m_pendingDelete == 0)
        return;
    const qint64 id = std::exchange(m_pendingDelete, 0);
    m_undoTimer.stop();
    const bool hadFocus = m_undoBar->isAncestorOf(QApplication::focusWidget());
    m_undoBar->hide();
    const int row = m_model->rowOf(id);
    if (row >= 0) {
        m_list->setRowHidden(row, false);
        m_list->scrollTo(m_rows->index(row, 0));
    }
    syncSelection();
    if (hadFocus)
        m_list->setFocus(Qt::OtherFocusReason);
}

void ConversationSidebar::flushPendingDeletes()
{
    if (m_pendingDelete == 0)
        return;
    const qint64 id = std::exchange(m_pendingDelete, 0);
    m_undoTimer.stop();
    m_undoBar->hide();
    // The row stays hidden until the window removes it from the model.
    emit deleteRequested(id);
}

void ConversationSidebar::checkDay()
{
    const QDate today = QDate::currentDate();
    if (today != m_delegate->today()) {
        m_delegate->setToday(today);
        scheduleRelayout();
    }
}

void ConversationSidebar::scheduleRelayout()
{
    m_relayout.start();
}

void ConversationSidebar::searchTextChanged(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_searchDelay.stop();
        showList();
        return;
    }
    m_searchDelay.start(); // typing on restarts it: one search per pause, not per key
}

void ConversationSidebar::startSearch()
{
    const QString query = m_searchEdit->text().trimmed();
    if (query.isEmpty()) {
        showList();
        return;
    }
    if (query == m_query)
        return;
    m_query = query;
    m_search->search(query, SearchLimit);
}

void ConversationSidebar::showResults(const QString &query, const QList<SearchHit> &hits)
{
    if (query != m_query)
        return; // asked for before the box was cleared or changed
    m_hits->clear();
    for (const SearchHit &hit : hits) {
        auto *item = new QStandardItem(hit.conversationTitle);
        item->setData(QVariant::fromValue(hit), SearchHitDelegate::HitRole);
        item->setToolTip(hit.snippet.text);
        item->setEditable(false);
        m_hits->appendRow(item);
    }
    if (hits.isEmpty()) {
        showSearchMessage(tr("No matches"));
        return;
    }
    m_pages->setCurrentWidget(m_results);
    m_results->scrollToTop();
}

void ConversationSidebar::showSearchMessage(const QString &message)
{
    m_searchMessage->setText(message);
    m_pages->setCurrentWidget(m_searchMessage);
}

void ConversationSidebar::showList()
{
    const bool hadFocus = m_results->hasFocus();
    m_query.clear();
    m_hits->clear(); // the hits and their snippets are not kept for a search that ended
    m_pages->setCurrentWidget(m_list);
    syncSelection();
    if (hadFocus)
        m_list->setFocus(Qt::OtherFocusReason);
}

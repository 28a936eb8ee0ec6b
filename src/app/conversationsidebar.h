#pragma once

#include <QTimer>
#include <QWidget>

#include <chrono>

class AsyncSearch;
class ConversationDelegate;
class ConversationListModel;
class QAbstractItemModel;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QStackedWidget;
class QStandardItemModel;
class QToolButton;
struct SearchHit;

// The conversation list beside the chat: a search box and "New chat" on top, the conversations
// below (pinned first, then grouped by day), and while a search runs, its hits instead. It asks
// for nothing itself: it says what the user wants through signals and the window does it.
// A delete waits for an undo time before it is asked for, so undo never touches the store.
class ConversationSidebar : public QWidget
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultUndoInterval { 8000 };

    // Both must outlive the sidebar; the model is filled by its page provider. The list shows
    // the pages the view scrolls to, never the whole library.
    ConversationSidebar(
        ConversationListModel *model, AsyncSearch *search, QWidget *parent = nullptr);
    // Asks for a delete still waiting for its undo time: leaving is not undoing.
    ~ConversationSidebar() override;
    Q_DISABLE_COPY_MOVE(ConversationSidebar)

    // Highlights that conversation's row (0: none). A conversation not loaded yet is
    // highlighted when a page brings it.
    void setCurrentConversation(qint64 id);
    qint64 currentConversation() const { return m_currentId; }

    void focusSearch();

    // Asks now for a delete still waiting for its undo time; the window calls it before it
    // quits, while it can still carry the delete out.
    void flushPendingDeletes();
    qint64 pendingDelete() const { return m_pendingDelete; }

    std::chrono::milliseconds undoInterval() const;
    void setUndoInterval(std::chrono::milliseconds interval);

    ConversationDelegate *delegate() const { return m_delegate; }

signals:
    void conversationActivated(qint64 conversationId, qint64 messageId); // 0: not a search hit
    void newChatRequested();
    void renameRequested(qint64 conversationId, const QString &title); // empty: untitled
    void pinRequested(qint64 conversationId, bool pinned);
    void deleteRequested(qint64 conversationId); // once the undo time ran out
    void exportRequested(qint64 conversationId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    bool listKeyPress(QKeyEvent *event);
    bool inHeader(const QPoint &viewportPos) const;
    void showContextMenu(const QPoint &viewportPos);
    void activateRow(const QModelIndex &index);
    void activateHit(const QModelIndex &index);
    void renameRow(const QModelIndex &index);
    void deleteRow(const QModelIndex &index);
    void undoDelete();
    void syncSelection();
    void checkDay();
    void scheduleRelayout();

    void searchTextChanged(const QString &text);
    void startSearch();
    void showResults(const QString &query, const QList<SearchHit> &hits);
    void showSearchMessage(const QString &message);
    void showList();

    ConversationListModel *m_model;
    AsyncSearch *m_search;
    QAbstractItemModel *m_rows = nullptr; // m_model as the list view edits it
    ConversationDelegate *m_delegate = nullptr;
    QStandardItemModel *m_hits = nullptr;

    QLineEdit *m_searchEdit = nullptr;
    QToolButton *m_newChat = nullptr;
    QStackedWidget *m_pages = nullptr;
    QListView *m_list = nullptr;
    QListView *m_results = nullptr;
    QLabel *m_searchMessage = nullptr;
    QWidget *m_undoBar = nullptr;

    QTimer m_searchDelay;
    QTimer m_undoTimer;
    QTimer m_dayCheck;
    QTimer m_relayout;
    QString m_query; // the search asked for last; empty while the list shows
    qint64 m_currentId = 0;
    qint64 m_pendingDelete = 0;
};

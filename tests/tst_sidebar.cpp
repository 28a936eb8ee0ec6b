#include "asyncsearch.h"
#include "conversationlistmodel.h"
#include "conversationsidebar.h"
#include "conversationstore.h"
#include "database.h"
#include "sidebardelegate.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace std::chrono_literals;
using Group = ConversationDelegate::Group;

namespace {

QDateTime daysAgo(int days, int hour = 12)
{
    return QDate::currentDate().addDays(-days).startOfDay().addSecs(hour * 3600).toUTC();
}

ConversationSummary summary(qint64 id, const QString &title, const QDateTime &updated,
    bool pinned = false, const QString &model = QStringLiteral("deepseek-chat"))
{
    ConversationSummary s;
    s.id = id;
    s.title = title;
    s.created = updated.addSecs(-600);
    s.updated = updated;
    s.pinned = pinned;
    s.model = model;
    return s;
}

// An in-memory library in list order, paged the way the store pages it.
struct Library
{
    QList<ConversationSummary> all;
    int calls = 0;

    void sort() { std::sort(all.begin(), all.end(), &ConversationListModel::lessThan); }
    ConversationListModel::PageProvider provider()
    {
        return [this](int offset, int limit, const QString &filter) {
            ++calls;
            QList<ConversationSummary> matching;
            for (const ConversationSummary &s : std::as_const(all)) {
                if (ConversationListModel::matchesFilter(s.title, filter))
                    matching.append(s);
            }
            return matching.mid(offset, limit);
        };
    }
};

} // namespace

class TstSidebar : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void groupOfDate_data();
    void groupOfDate();
    void headersInOrder();
    void headerRowIsTaller();
    void headerMovesPastHiddenRow();
    void modelUnderTester();
    void pagesOnlyWhatIsShown();

    void clickActivates();
    void clickOnHeaderDoesNotActivate();
    void enterActivates();
    void setCurrentConversationSelects();
    void newChatFromButtonAndKey();

    void deleteThenUndo();
    void deleteCommitsAfterTimeout();
    void secondDeleteCommitsFirst();
    void destructorCommitsPendingDelete();

    void renameThroughEditor();
    void renameToEmptyTitle();
    void contextMenuPinsAndExports();

    void searchFindsChineseAndActivates();
    void searchShowsNoMatches();
    void clearingSearchReturnsToList();

private:
    std::unique_ptr<ConversationSidebar> makeSidebar();
    QListView *list() const;
    QModelIndex rowOfId(qint64 id) const;
    void clickRow(qint64 id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<AsyncSearch> m_search;
    Library m_library;
    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<ConversationSidebar> m_sidebar;
};

void TstSidebar::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(u"sidebar"_qs);
    QVERIFY(m_db->open(m_dir->filePath(u"confab.sqlite"_qs)));
    m_store = std::make_unique<ConversationStore>(*m_db);
    m_search = std::make_unique<AsyncSearch>(m_db->path());

    m_library.all = {
        summary(1, u"Pinned plan"_qs, daysAgo(40), true, u"gpt-4o"_qs),
        summary(2, u"Pinned notes"_qs, daysAgo(2), true),
        summary(3, u"Today, late"_qs, daysAgo(0, 0).addSecs(60)),
        summary(4, u"Today, early"_qs, daysAgo(0, 0).addSecs(30)),
        summary(5, u"Yesterday's chat"_qs, daysAgo(1)),
        summary(6, u"Three days ago"_qs, daysAgo(3)),
        summary(7, QString(), daysAgo(6)), // untitled
        summary(8, u"Older one"_qs, daysAgo(20)),
        summary(9, u"Oldest"_qs, daysAgo(400)),
    };
    m_library.sort();
    m_library.calls = 0;
    m_model = std::make_unique<ConversationListModel>();
    m_model->setPageProvider(m_library.provider());
    m_sidebar = makeSidebar();
}

void TstSidebar::cleanup()
{
    m_sidebar.reset();
    m_model.reset();
    m_search.reset();
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

std::unique_ptr<ConversationSidebar> TstSidebar::makeSidebar()
{
    auto sidebar = std::make_unique<ConversationSidebar>(m_model.get(), m_search.get());
    sidebar->setUndoInterval(100ms);
    sidebar->resize(300, 900);
    sidebar->show();
    if (!QTest::qWaitForWindowExposed(sidebar.get()))
        return nullptr;
    return sidebar;
}

QListView *TstSidebar::list() const
{
    return m_sidebar->findChild<QListView *>(u"conversationList"_qs);
}

QModelIndex TstSidebar::rowOfId(qint64 id) const
{
    return list()->model()->index(m_model->rowOf(id), 0);
}

void TstSidebar::clickRow(qint64 id)
{
    const QRect rect = list()->visualRect(rowOfId(id));
    // The bottom of a row is its item; a header, when there is one, is on top.
    QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, rect.bottomLeft() + QPoint(40, -8));
}

void TstSidebar::groupOfDate_data()
{
    QTest::addColumn<QDateTime>("updated");
    QTest::addColumn<bool>("pinned");
    QTest::addColumn<Group>("group");

    const QDate today = QDate::currentDate();
    QTest::newRow("pinned and old") << daysAgo(100) << true << Group::Pinned;
    QTest::newRow("today, first second") << today.startOfDay() << false << Group::Today;
    QTest::newRow("ahead of the clock") << daysAgo(-1) << false << Group::Today;
    QTest::newRow("yesterday, last second")
        << today.startOfDay().addMSecs(-1) << false << Group::Yesterday;
    QTest::newRow("yesterday, first second")
        << today.addDays(-1).startOfDay() << false << Group::Yesterday;
    QTest::newRow("two days ago") << daysAgo(2) << false << Group::PreviousWeek;
    QTest::newRow("seven days ago")
        << today.addDays(-7).startOfDay() << false << Group::PreviousWeek;
    QTest::newRow("eight days ago")
        << today.addDays(-7).startOfDay().addMSecs(-1) << false << Group::Older;
    QTest::newRow("no time") << QDateTime() << false << Group::Older;
}

void TstSidebar::groupOfDate()
{
    QFETCH(QDateTime, updated);
    QFETCH(bool, pinned);
    QFETCH(Group, group);
    ConversationDelegate delegate;
    QCOMPARE(delegate.groupOf(pinned, updated), group);
    // The same instant in UTC or in local time: the local day decides.
    QCOMPARE(delegate.groupOf(pinned, updated.toUTC()), group);
}

void TstSidebar::headersInOrder()
{
    QVERIFY(m_sidebar);
    ConversationDelegate *delegate = m_sidebar->delegate();
    QStringList headers;
    QList<qint64> firstOfGroup;
    for (int row = 0; row < list()->model()->rowCount(); ++row) {
        const QModelIndex index = list()->model()->index(row, 0);
        if (delegate->startsGroup(index, list())) {
            headers << ConversationDelegate::groupName(delegate->groupOf(index));
            firstOfGroup << index.data(ConversationListModel::IdRole).toLongLong();
        }
    }
    QCOMPARE(headers,
        QStringList(
            { u"Pinned"_qs, u"Today"_qs, u"Yesterday"_qs, u"Previous 7 days"_qs, u"Older"_qs }));
    QCOMPARE(firstOfGroup, QList<qint64>({ 2, 3, 5, 6, 8 }));
}

void TstSidebar::headerRowIsTaller()
{
    QVERIFY(m_sidebar);
    QStyleOptionViewItem option;
    option.initFrom(list());
    option.widget = list();
    ConversationDelegate *delegate = m_sidebar->delegate();
    const QSize first = delegate->sizeHint(option, rowOfId(2)); // "Pinned" header
    const QSize second = delegate->sizeHint(option, rowOfId(1));
    const QSize today = delegate->sizeHint(option, rowOfId(3)); // "Today" header
    QVERIFY(first.height() > second.height());
    QVERIFY(today.height() > second.height());
    QCOMPARE(delegate->headerHeight(option, rowOfId(1)), 0);
    // What the view laid out agrees.
    QVERIFY(list()->visualRect(rowOfId(3)).height() > list()->visualRect(rowOfId(4)).height());
}

void TstSidebar::headerMovesPastHiddenRow()
{
    QVERIFY(m_sidebar);
    ConversationDelegate *delegate = m_sidebar->delegate();
    QVERIFY(!delegate->startsGroup(rowOfId(4), list()));
    list()->setRowHidden(rowOfId(3).row(), true);
    QVERIFY(delegate->startsGroup(rowOfId(4), list()));
    // The view lays the row out again, header included.
    QTRY_VERIFY(list()->visualRect(rowOfId(4)).height() > list()->visualRect(rowOfId(1)).height());
}

void TstSidebar::modelUnderTester()
{
    QVERIFY(m_sidebar);
    QAbstractItemModelTester tester(
        list()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConversationSummary moved = m_library.all.at(m_model->rowOf(8));
    moved.updated = daysAgo(0, 1);
    m_model->conversationChanged(moved);
    m_model->conversationAdded(summary(10, u"Fresh"_qs, daysAgo(0, 2)));
    m_model->conversationRemoved(6);
    QCOMPARE(m_model->rowOf(10), 2);
    // The editor reads the stored title: empty for an untitled conversation.
    QCOMPARE(rowOfId(7).data(Qt::EditRole).toString(), QString());
    QCOMPARE(rowOfId(7).data(Qt::DisplayRole).toString(), u"New chat"_qs);
    QVERIFY(rowOfId(7).flags() & Qt::ItemIsEditable);
}

void TstSidebar::pagesOnlyWhatIsShown()
{
    m_sidebar.reset();
    m_library.all.clear();
    for (int i = 1; i <= 10000; ++i)
        m_library.all.append(summary(i, u"Conversation %1"_qs.arg(i), daysAgo(i / 50)));
    m_library.sort();
    m_model->setPageProvider(m_library.provider());
    m_sidebar = makeSidebar();
    QVERIFY(m_sidebar);
    QTest::qWait(50); // a view fetches from its event loop
    QCOMPARE(m_model->rowCount(), ConversationListModel::DefaultPageSize);
    list()->scrollToBottom();
    QTRY_COMPARE(m_model->rowCount(), 2 * ConversationListModel::DefaultPageSize);
}

void TstSidebar::clickActivates()
{
    QVERIFY(m_sidebar);
    QSignalSpy activated(m_sidebar.get(), &ConversationSidebar::conversationActivated);
    clickRow(5);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first(), QVariantList({ qint64(5), qint64(0) }));
    QCOMPARE(m_sidebar->currentConversation(), 5);
    QVERIFY(list()->selectionModel()->isSelected(rowOfId(5)));
}

void TstSidebar::clickOnHeaderDoesNotActivate()
{
    QVERIFY(m_sidebar);
    QSignalSpy activated(m_sidebar.get(), &ConversationSidebar::conversationActivated);
    const QRect rect = list()->visualRect(rowOfId(5)); // the first of "Yesterday"
    QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, rect.topLeft() + QPoint(40, 4));
    QCOMPARE(activated.size(), 0);
    QVERIFY(!list()->selectionModel()->isSelected(rowOfId(5)));
}

void TstSidebar::enterActivates()
{
    QVERIFY(m_sidebar);
    QSignalSpy activated(m_sidebar.get(), &ConversationSidebar::conversationActivated);
    m_sidebar->setCurrentConversation(3);
    list()->setFocus();
    QTest::keyClick(list(), Qt::Key_Down);
    QCOMPARE(activated.size(), 0); // moving is not opening
    QTest::keyClick(list(), Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first(), QVariantList({ qint64(4), qint64(0) }));
}

void TstSidebar::setCurrentConversationSelects()
{
    QVERIFY(m_sidebar);
    m_sidebar->setCurrentConversation(6);
    QCOMPARE(m_sidebar->currentConversation(), 6);
    QCOMPARE(list()->selectionModel()->selectedIndexes(), QModelIndexList({ rowOfId(6) }));
    m_sidebar->setCurrentConversation(0);
    QVERIFY(!list()->selectionModel()->hasSelection());
    // One the model has not loaded yet is selected when it arrives.
    m_sidebar->setCurrentConversation(42);
    QVERIFY(!list()->selectionModel()->hasSelection());
    m_model->conversationAdded(summary(42, u"Arrived"_qs, daysAgo(0, 3)));
    QCOMPARE(list()->selectionModel()->selectedIndexes(), QModelIndexList({ rowOfId(42) }));
}

void TstSidebar::newChatFromButtonAndKey()
{
    QVERIFY(m_sidebar);
    QSignalSpy newChat(m_sidebar.get(), &ConversationSidebar::newChatRequested);
    auto *button = m_sidebar->findChild<QToolButton *>(u"newChatButton"_qs);
    QVERIFY(button);
    QVERIFY(button->toolTip().contains(u"Ctrl+N"_qs));
    button->click();
    QCOMPARE(newChat.size(), 1);
    QTest::keyClick(list(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(newChat.size(), 2);
}

void TstSidebar::deleteThenUndo()
{
    QVERIFY(m_sidebar);
    QSignalSpy deleted(m_sidebar.get(), &ConversationSidebar::deleteRequested);
    auto *undoBar = m_sidebar->findChild<QWidget *>(u"undoBar"_qs);
    QVERIFY(!undoBar->isVisible());
    list()->setCurrentIndex(rowOfId(5));
    QTest::keyClick(list(), Qt::Key_Delete);
    QVERIFY(list()->isRowHidden(rowOfId(5).row()));
    QVERIFY(undoBar->isVisible());
    QCOMPARE(m_sidebar->pendingDelete(), 5);
    QCOMPARE(deleted.size(), 0);

    auto *undo = m_sidebar->findChild<QPushButton *>(u"undoButton"_qs);
    QTest::mouseClick(undo, Qt::LeftButton);
    QVERIFY(!list()->isRowHidden(rowOfId(5).row()));
    QVERIFY(!undoBar->isVisible());
    QTest::qWait(250); // past the undo time
    QCOMPARE(deleted.size(), 0);
    m_sidebar.reset();
    QCOMPARE(deleted.size(), 0);
}

void TstSidebar::deleteCommitsAfterTimeout()
{
    QVERIFY(m_sidebar);
    QSignalSpy deleted(m_sidebar.get(), &ConversationSidebar::deleteRequested);
    list()->setCurrentIndex(rowOfId(6));
    QTest::keyClick(list(), Qt::Key_Delete);
    QCOMPARE(deleted.size(), 0);
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first(), QVariantList({ qint64(6) }));
    QTest::qWait(250);
    m_sidebar->flushPendingDeletes();
    QCOMPARE(deleted.size(), 1); // exactly once
    QVERIFY(list()->isRowHidden(rowOfId(6).row())); // until the window removes it
    QVERIFY(!m_sidebar->findChild<QWidget *>(u"undoBar"_qs)->isVisible());
    m_model->conversationRemoved(6);
    QCOMPARE(m_model->rowOf(6), -1);
}

void TstSidebar::secondDeleteCommitsFirst()
{
    QVERIFY(m_sidebar);
    m_sidebar->setUndoInterval(10s);
    QSignalSpy deleted(m_sidebar.get(), &ConversationSidebar::deleteRequested);
    list()->setCurrentIndex(rowOfId(3));
    list()->setFocus();
    QTest::keyClick(list(), Qt::Key_Delete);
    // The keyboard went on to the next row: Delete again deletes it.
    QCOMPARE(list()->currentIndex(), rowOfId(4));
    QTest::keyClick(list(), Qt::Key_Delete);
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first(), QVariantList({ qint64(3) }));
    QCOMPARE(m_sidebar->pendingDelete(), 4);
    QVERIFY(list()->isRowHidden(rowOfId(3).row()));
    QVERIFY(list()->isRowHidden(rowOfId(4).row()));
    // Undo brings back only the one still waiting.
    QTest::mouseClick(m_sidebar->findChild<QPushButton *>(u"undoButton"_qs), Qt::LeftButton);
    QVERIFY(!list()->isRowHidden(rowOfId(4).row()));
    QCOMPARE(deleted.size(), 1);
}

void TstSidebar::destructorCommitsPendingDelete()
{
    QVERIFY(m_sidebar);
    m_sidebar->setUndoInterval(10s);
    QSignalSpy deleted(m_sidebar.get(), &ConversationSidebar::deleteRequested);
    list()->setCurrentIndex(rowOfId(8));
    QTest::keyClick(list(), Qt::Key_Delete);
    QCOMPARE(deleted.size(), 0);
    m_sidebar.reset();
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first(), QVariantList({ qint64(8) }));
}

void TstSidebar::renameThroughEditor()
{
    QVERIFY(m_sidebar);
    QSignalSpy renamed(m_sidebar.get(), &ConversationSidebar::renameRequested);
    list()->setCurrentIndex(rowOfId(5));
    QTest::keyClick(list(), Qt::Key_F2);
    auto *editor = list()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QCOMPARE(editor->text(), u"Yesterday's chat"_qs);
    // The editor covers the title, not the header above it.
    QVERIFY(editor->geometry().top() >= list()->visualRect(rowOfId(5)).top() + 20);
    editor->selectAll();
    editor->insert(u"  计划 plan  "_qs); // as an input method commits it
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(renamed.size(), 1); // the delegate commits from the event loop
    QTRY_VERIFY(!list()->viewport()->findChild<QLineEdit *>());
    QCOMPARE(renamed.first(), QVariantList({ qint64(5), u"计划 plan"_qs }));
}

void TstSidebar::renameToEmptyTitle()
{
    QVERIFY(m_sidebar);
    QSignalSpy renamed(m_sidebar.get(), &ConversationSidebar::renameRequested);
    list()->setCurrentIndex(rowOfId(8));
    QTest::keyClick(list(), Qt::Key_F2);
    auto *editor = list()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    editor->clear();
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(renamed.size(), 1);
    QCOMPARE(renamed.first(), QVariantList({ qint64(8), QString() }));

    // An untitled conversation's editor starts empty, and leaving it untouched renames nothing.
    list()->setCurrentIndex(rowOfId(7));
    QTest::keyClick(list(), Qt::Key_F2);
    editor = list()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QCOMPARE(editor->text(), QString());
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(!list()->viewport()->findChild<QLineEdit *>());
    QCOMPARE(renamed.size(), 1);
}

void TstSidebar::contextMenuPinsAndExports()
{
    QVERIFY(m_sidebar);
    QSignalSpy pinned(m_sidebar.get(), &ConversationSidebar::pinRequested);
    QSignalSpy exported(m_sidebar.get(), &ConversationSidebar::exportRequested);
    const auto choose = [this](qint64 id, const QString &text) {
        QStringList offered;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *action : menu->actions()) {
                offered << action->text();
                if (action->text() == text)
                    action->trigger();
            }
            menu->close();
        });
        const QRect rect = list()->visualRect(rowOfId(id));
        emit list()->customContextMenuRequested(rect.bottomLeft() + QPoint(40, -8));
        return offered;
    };
    QCOMPARE(choose(5, u"Pin"_qs),
        QStringList({ u"Rename"_qs, u"Pin"_qs, u"Export…"_qs, QString(), u"Delete"_qs }));
    QCOMPARE(pinned.size(), 1);
    QCOMPARE(pinned.first(), QVariantList({ qint64(5), true }));
    QVERIFY(choose(1, u"Unpin"_qs).contains(u"Unpin"_qs));
    QCOMPARE(pinned.last(), QVariantList({ qint64(1), false }));
    choose(6, u"Export…"_qs);
    QCOMPARE(exported.size(), 1);
    QCOMPARE(exported.first(), QVariantList({ qint64(6) }));
}

void TstSidebar::searchFindsChineseAndActivates()
{
    QVERIFY(m_sidebar);
    Conversation c;
    c.title = u"Tokenizer notes"_qs;
    QVERIFY(m_store->createConversation(c));
    Message first;
    first.text = u"Something else entirely"_qs;
    QVERIFY(m_store->addMessage(c.id, first));
    Message m;
    m.text = u"我们讨论中文分词，还有别的。"_qs;
    QVERIFY(m_store->addMessage(c.id, m));
    const int listed = m_model->rowCount();

    auto *searchEdit = m_sidebar->findChild<QLineEdit *>(u"searchEdit"_qs);
    auto *pages = m_sidebar->findChild<QStackedWidget *>();
    auto *results = m_sidebar->findChild<QListView *>(u"searchResults"_qs);
    QVERIFY(searchEdit && pages && results);
    QCOMPARE(searchEdit->placeholderText(), u"Search conversations"_qs);
    QSignalSpy activated(m_sidebar.get(), &ConversationSidebar::conversationActivated);

    m_sidebar->focusSearch();
    searchEdit->insert(u"中文"_qs); // as an input method commits it
    QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget(), results, 5000);
    QCOMPARE(results->model()->rowCount(), 1);
    const SearchHit hit
        = results->model()->index(0, 0).data(SearchHitDelegate::HitRole).value<SearchHit>();
    QCOMPARE(hit.conversationId, c.id);
    QCOMPARE(hit.messageId, m.id);
    QCOMPARE(hit.conversationTitle, u"Tokenizer notes"_qs);
    QVERIFY(!hit.snippet.highlights.isEmpty());
    QCOMPARE(hit.snippet.text.mid(
                 hit.snippet.highlights.first().first, hit.snippet.highlights.first().second),
        u"中文"_qs);
    // The full-text search leaves the list as it was.
    QCOMPARE(m_model->filterText(), QString());
    QCOMPARE(m_model->rowCount(), listed);

    // From the search box down into the hits, and Enter opens the message.
    QTest::keyClick(searchEdit, Qt::Key_Down);
    QCOMPARE(results->currentIndex().row(), 0);
    QTest::keyClick(results, Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first(), QVariantList({ c.id, m.id }));
    QCOMPARE(m_sidebar->currentConversation(), c.id);

    const QRect rect = results->visualRect(results->model()->index(0, 0));
    QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.last(), QVariantList({ c.id, m.id }));
}

void TstSidebar::searchShowsNoMatches()
{
    QVERIFY(m_sidebar);
    auto *searchEdit = m_sidebar->findChild<QLineEdit *>(u"searchEdit"_qs);
    auto *pages = m_sidebar->findChild<QStackedWidget *>();
    auto *message = m_sidebar->findChild<QLabel *>(u"searchMessage"_qs);
    searchEdit->setText(u"zyxwvut"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget(), message, 5000);
    QCOMPARE(message->text(), u"No matches"_qs);
}

void TstSidebar::clearingSearchReturnsToList()
{
    QVERIFY(m_sidebar);
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message m;
    m.text = u"alpha beta"_qs;
    QVERIFY(m_store->addMessage(c.id, m));

    auto *searchEdit = m_sidebar->findChild<QLineEdit *>(u"searchEdit"_qs);
    auto *pages = m_sidebar->findChild<QStackedWidget *>();
    auto *results = m_sidebar->findChild<QListView *>(u"searchResults"_qs);
    m_sidebar->setCurrentConversation(4);

    searchEdit->setText(u"alpha"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget(), results, 5000);
    searchEdit->clear();
    QCOMPARE(pages->currentWidget(), list());
    QCOMPARE(results->model()->rowCount(), 0);
    QCOMPARE(list()->selectionModel()->selectedIndexes(), QModelIndexList({ rowOfId(4) }));

    // Esc clears too; results of a search the user abandoned never show.
    searchEdit->setText(u"alpha"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(pages->currentWidget(), results, 5000);
    searchEdit->setText(u"beta"_qs);
    QTest::keyClick(searchEdit, Qt::Key_Escape);
    QCOMPARE(searchEdit->text(), QString());
    QCOMPARE(pages->currentWidget(), list());
    QTest::qWait(300);
    QCOMPARE(pages->currentWidget(), list());
}

QTEST_MAIN(TstSidebar)
#include "tst_sidebar.moc"

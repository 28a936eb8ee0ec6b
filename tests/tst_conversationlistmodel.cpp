#include "conversationlistmodel.h"
#include "conversationstore.h"
#include "database.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

namespace {

// An in-memory library that counts what the model asks of it.
struct FakeLibrary
{
    QList<ConversationSummary> all;
    int calls = 0;
    int largestLimit = 0;

    explicit FakeLibrary(int count)
    {
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        for (int i = 1; i <= count; ++i) {
            ConversationSummary s;
            s.id = i;
            s.title = QStringLiteral("Conversation %1").arg(i);
            s.created = start.addSecs(i);
            s.updated = start.addSecs(i * 10);
            s.model = QStringLiteral("deepseek-chat");
            all.append(s);
        }
        sort();
    }
    void sort() { std::sort(all.begin(), all.end(), &ConversationListModel::lessThan); }
    ConversationListModel::PageProvider provider()
    {
        return [this](int offset, int limit, const QString &filter) {
            ++calls;
            largestLimit = qMax(largestLimit, limit);
            QList<ConversationSummary> matching;
            for (const ConversationSummary &s : std::as_const(all)) {
                if (ConversationListModel::matchesFilter(s.title, filter))
                    matching.append(s);
            }
            return matching.mid(offset, limit);
        };
    }
};

QList<qint64> idsOf(const QAbstractItemModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ConversationListModel::IdRole).toLongLong();
    return ids;
}

QList<qint64> idsOf(const QList<ConversationSummary> &summaries)
{
    QList<qint64> ids;
    for (const ConversationSummary &s : summaries)
        ids << s.id;
    return ids;
}

QStringList titlesOf(const QAbstractItemModel &model)
{
    QStringList titles;
    for (int row = 0; row < model.rowCount(); ++row)
        titles << model.index(row, 0).data(ConversationListModel::TitleRole).toString();
    return titles;
}

QSet<int> rolesOf(const QList<QVariant> &dataChangedArguments)
{
    const QList<int> roles = dataChangedArguments.at(2).value<QList<int>>();
    return QSet<int>(roles.cbegin(), roles.cend());
}

} // namespace

class TstConversationListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void pagesOfAHundredNeverAll();
    void rolesAndUntitledDisplay();
    void pinnedFirstThenByActivityFromTheStore();
    void filterByChineseSubstring_data();
    void filterByChineseSubstring();
    void filterAppliesToChanges();
    void moveOnActivity();
    void renameIsDataChangedOnly();
    void changesPastTheLoadedPages();

private:
    ConversationSummary summaryOf(qint64 id);
    qint64 create(const QString &title, qint64 createdMs, bool pinned = false);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ConversationListModel> m_model;
};

void TstConversationListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(QStringLiteral("listmodel"));
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("confab.sqlite"))),
        qPrintable(m_db->errorString()));
    m_store = std::make_unique<ConversationStore>(*m_db);
    m_model = std::make_unique<ConversationListModel>();
    // Before any row exists, so every change is checked as it happens.
    new QAbstractItemModelTester(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_model.get());
}

void TstConversationListModel::cleanup()
{
    m_model.reset();
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

ConversationSummary TstConversationListModel::summaryOf(qint64 id)
{
    for (const ConversationSummary &s : m_store->listConversations(0, 1000)) {
        if (s.id == id)
            return s;
    }
    return {};
}

qint64 TstConversationListModel::create(const QString &title, qint64 createdMs, bool pinned)
{
    Conversation c;
    c.title = title;
    c.created = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    c.pinned = pinned;
    if (!m_store->createConversation(c))
        return 0;
    return c.id;
}

void TstConversationListModel::pagesOfAHundredNeverAll()
{
    FakeLibrary library(1000);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore(QModelIndex()));

    m_model->setPageProvider(library.provider());
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m_model->rowCount(), 100);
    QCOMPARE(library.calls, 1);
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    QCOMPARE(idsOf(*m_model), idsOf(library.all.mid(0, 100)));

    m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 200);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 100);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);

    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 1000);
    QCOMPARE(idsOf(*m_model), idsOf(library.all));
    QCOMPARE(library.largestLimit, ConversationListModel::DefaultPageSize);
    // Ten full pages, then an empty one that says the list ended.
    QCOMPARE(library.calls, 11);
    m_model->fetchMore(QModelIndex());
    QCOMPARE(library.calls, 11);

    m_model->reload();
    QCOMPARE(resets.count(), 2);
    QCOMPARE(m_model->rowCount(), 100);
}

void TstConversationListModel::rolesAndUntitledDisplay()
{
    const qint64 untitled = create(QString(), 1000);
    const qint64 titled = create(QStringLiteral("标题"), 2000, true);
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));
    QCOMPARE(m_model->rowCount(), 2);

    const QModelIndex first = m_model->index(0);
    QCOMPARE(first.data(ConversationListModel::IdRole).toLongLong(), titled);
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("标题"));
    QCOMPARE(first.data(ConversationListModel::TitleRole).toString(), QStringLiteral("标题"));
    QCOMPARE(first.data(ConversationListModel::PinnedRole).toBool(), true);
    QCOMPARE(first.data(ConversationListModel::CreatedRole).toDateTime().toMSecsSinceEpoch(), 2000);
    QCOMPARE(first.data(ConversationListModel::UpdatedRole).toDateTime().toMSecsSinceEpoch(), 2000);

    const QModelIndex second = m_model->index(1);
    QCOMPARE(second.data(ConversationListModel::IdRole).toLongLong(), untitled);
    QCOMPARE(second.data(Qt::DisplayRole).toString(), QStringLiteral("New chat"));
    QVERIFY(second.data(ConversationListModel::TitleRole).toString().isEmpty());
    QCOMPARE(second.data(ConversationListModel::PinnedRole).toBool(), false);

    QCOMPARE(
        m_model->roleNames().value(ConversationListModel::IdRole), QByteArray("conversationId"));
    QCOMPARE(m_model->rowOf(untitled), 1);
    QCOMPARE(m_model->rowOf(titled + untitled + 1), -1);
}

void TstConversationListModel::pinnedFirstThenByActivityFromTheStore()
{
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids << create(QStringLiteral("c%1").arg(i), 1000 * (i + 1), i == 1 || i == 3);
    Message m;
    m.created = QDateTime::fromMSecsSinceEpoch(99000, Qt::UTC);
    QVERIFY(m_store->addMessage(ids[0], m)); // activity lifts c0 above the other unpinned ones

    m_model->setPageSize(2);
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));
    QCOMPARE(m_model->rowCount(), 2);
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(
        titlesOf(*m_model), (QStringList { u"c3"_qs, u"c1"_qs, u"c0"_qs, u"c4"_qs, u"c2"_qs }));
    QCOMPARE(idsOf(*m_model), idsOf(m_store->listConversations(0, 10)));
}

void TstConversationListModel::filterByChineseSubstring_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("titles");

    QTest::newRow("none") << QString()
                          << QStringList { u"Quantum NOTES"_qs, u"Pasta 100%"_qs,
                                 u"量子力学入门"_qs, u"关于量子计算的讨论"_qs, QString() };
    QTest::newRow("chinese") << u"量子"_qs
                             << QStringList { u"量子力学入门"_qs, u"关于量子计算的讨论"_qs };
    QTest::newRow("chinese, one") << u"计算"_qs << QStringList { u"关于量子计算的讨论"_qs };
    QTest::newRow("ascii, any case") << u"quantum notes"_qs << QStringList { u"Quantum NOTES"_qs };
    QTest::newRow("percent is literal") << u"0%"_qs << QStringList { u"Pasta 100%"_qs };
    QTest::newRow("underscore is literal") << u"_"_qs << QStringList();
    QTest::newRow("no match") << u"不存在"_qs << QStringList();
}

void TstConversationListModel::filterByChineseSubstring()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, titles);

    create(QString(), 1000);
    create(u"关于量子计算的讨论"_qs, 2000);
    create(u"量子力学入门"_qs, 3000);
    create(u"Pasta 100%"_qs, 4000);
    create(u"Quantum NOTES"_qs, 5000);
    m_model->setPageSize(1); // the filtered query pages too
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));

    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setFilterText(filter);
    QCOMPARE(resets.count(), filter.isEmpty() ? 0 : 1);
    QCOMPARE(m_model->filterText(), filter);
    QVERIFY(m_model->rowCount() <= 1);
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(titlesOf(*m_model), titles);

    m_model->setFilterText(filter); // unchanged: no reload
    QCOMPARE(resets.count(), filter.isEmpty() ? 0 : 1);
}

void TstConversationListModel::filterAppliesToChanges()
{
    const qint64 quantum = create(u"量子力学入门"_qs, 1000);
    const qint64 pasta = create(u"Pasta"_qs, 2000);
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));
    m_model->setFilterText(u"量子"_qs);
    QCOMPARE(idsOf(*m_model), QList<qint64> { quantum });

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    ConversationSummary renamed = summaryOf(pasta);
    renamed.title = u"量子意面"_qs;
    m_model->conversationChanged(renamed);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { pasta, quantum }));

    ConversationSummary away = summaryOf(quantum);
    away.title = u"Physics"_qs;
    m_model->conversationChanged(away);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(idsOf(*m_model), QList<qint64> { pasta });

    ConversationSummary added;
    added.id = quantum + pasta + 1;
    added.title = u"Untitled"_qs;
    added.updated = QDateTime::fromMSecsSinceEpoch(9000, Qt::UTC);
    m_model->conversationAdded(added); // does not match: not shown
    QCOMPARE(inserted.count(), 1);
    m_model->conversationRemoved(pasta);
    QCOMPARE(m_model->rowCount(), 0);
}

void TstConversationListModel::moveOnActivity()
{
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids << create(QStringLiteral("c%1").arg(i), 1000 * (i + 1), i == 1);
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));
    QCOMPARE(
        titlesOf(*m_model), (QStringList { u"c1"_qs, u"c4"_qs, u"c3"_qs, u"c2"_qs, u"c0"_qs }));

    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    // A reply in the oldest conversation lifts it to the top of the unpinned ones.
    Message m;
    m.created = QDateTime::fromMSecsSinceEpoch(99000, Qt::UTC);
    QVERIFY(m_store->addMessage(ids[0], m));
    m_model->conversationChanged(summaryOf(ids[0]));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), 4); // start
    QCOMPARE(moved.at(0).at(2).toInt(), 4); // end
    QCOMPARE(moved.at(0).at(4).toInt(), 1); // destination row
    QCOMPARE(changed.count(), 1);
    QCOMPARE(rolesOf(changed.at(0)), QSet<int> { ConversationListModel::UpdatedRole });
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(
        titlesOf(*m_model), (QStringList { u"c1"_qs, u"c0"_qs, u"c4"_qs, u"c3"_qs, u"c2"_qs }));
    QCOMPARE(idsOf(*m_model), idsOf(m_store->listConversations(0, 10)));

    // Unpinning moves down.
    Conversation c1 = *m_store->loadConversation(ids[1]);
    c1.pinned = false;
    QVERIFY(m_store->updateConversation(c1));
    m_model->conversationChanged(summaryOf(ids[1]));
    QCOMPARE(moved.count(), 2);
    QCOMPARE(rolesOf(changed.at(1)), QSet<int> { ConversationListModel::PinnedRole });
    QCOMPARE(idsOf(*m_model), idsOf(m_store->listConversations(0, 10)));

    // A new conversation appears at the top.
    const qint64 fresh = create(u"new"_qs, 200000);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->conversationAdded(summaryOf(fresh));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(idsOf(*m_model), idsOf(m_store->listConversations(0, 10)));

    QVERIFY(m_store->deleteConversation(ids[3]));
    m_model->conversationRemoved(ids[3]);
    QCOMPARE(idsOf(*m_model), idsOf(m_store->listConversations(0, 10)));
    QCOMPARE(resets.count(), 0);
}

void TstConversationListModel::renameIsDataChangedOnly()
{
    const qint64 a = create(u"a"_qs, 1000);
    create(u"b"_qs, 2000);
    m_model->setPageProvider(ConversationListModel::storeProvider(m_store.get(), *m_db));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    Conversation c = *m_store->loadConversation(a);
    c.title = u"重命名"_qs;
    QVERIFY(m_store->updateConversation(c));
    m_model->conversationChanged(summaryOf(a));
    QCOMPARE(moved.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(
        rolesOf(changed.at(0)), (QSet<int> { Qt::DisplayRole, ConversationListModel::TitleRole }));
    QCOMPARE(m_model->index(1).data().toString(), u"重命名"_qs);

    m_model->conversationChanged(summaryOf(a)); // nothing differs: nothing to say
    QCOMPARE(changed.count(), 1);
}

void TstConversationListModel::changesPastTheLoadedPages()
{
    FakeLibrary library(1000);
    m_model->setPageProvider(library.provider());
    QCOMPARE(m_model->rowCount(), 100);

    // The newest goes quiet: its place is now far past the loaded page, so it leaves, and the
    // page that holds it brings it back.
    ConversationSummary stale = library.all.first();
    stale.updated = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    library.all.first() = stale;
    library.sort();
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->conversationChanged(stale);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowCount(), 99);
    QCOMPARE(m_model->rowOf(stale.id), -1);

    // One past the loaded page is not inserted; one that sorts first is.
    ConversationSummary old;
    old.id = 5000;
    old.updated = QDateTime::fromMSecsSinceEpoch(1, Qt::UTC);
    ConversationSummary newest;
    newest.id = 5001;
    newest.updated = QDateTime::fromMSecsSinceEpoch(4000000000000, Qt::UTC);
    library.all << old << newest;
    library.sort();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->conversationAdded(old);
    QCOMPARE(inserted.count(), 0);
    m_model->conversationAdded(newest);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowOf(newest.id), 0);

    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 1002);
    QCOMPARE(idsOf(*m_model), idsOf(library.all));
}

QTEST_GUILESS_MAIN(TstConversationListModel)
#include "tst_conversationlistmodel.moc"

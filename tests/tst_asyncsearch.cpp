#include "asyncsearch.h"
#include "database.h"

#include <QTemporaryDir>
#include <QtTest>

class TstAsyncSearch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void findsOnAWorker();
    void newerQuerySupersedesOlder();
    void destroyedWhileSearching();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
};

void TstAsyncSearch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(u"async"_qs);
    QVERIFY(m_db->open(m_dir->filePath(u"confab.sqlite"_qs)));
    m_store = std::make_unique<ConversationStore>(*m_db);
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    for (const QString &text : { u"alpha 中文"_qs, u"beta words"_qs, u"gamma 分词"_qs }) {
        Message m;
        m.text = text;
        QVERIFY(m_store->addMessage(c.id, m));
    }
}

void TstAsyncSearch::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TstAsyncSearch::findsOnAWorker()
{
    AsyncSearch search(m_db->path());
    QSignalSpy ready(&search, &AsyncSearch::resultsReady);
    search.search(u"中文"_qs);
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().at(0).toString(), u"中文"_qs);
    const auto hits = ready.first().at(1).value<QList<SearchHit>>();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().snippet.text, u"alpha 中文"_qs);
}

void TstAsyncSearch::newerQuerySupersedesOlder()
{
    AsyncSearch search(m_db->path());
    QSignalSpy ready(&search, &AsyncSearch::resultsReady);
    // Typed quickly: only the last query's results arrive.
    search.search(u"alpha"_qs);
    search.search(u"beta"_qs);
    search.search(u"gamma"_qs);
    QVERIFY(ready.wait(5000));
    QTest::qWait(200); // nothing stale trickles in afterwards
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.first().at(0).toString(), u"gamma"_qs);
    QCOMPARE(ready.first().at(1).value<QList<SearchHit>>().size(), 1);
}

void TstAsyncSearch::destroyedWhileSearching()
{
    auto search = std::make_unique<AsyncSearch>(m_db->path());
    for (int i = 0; i < 20; ++i)
        search->search(u"alpha"_qs);
    search.reset(); // joins the worker, queued searches dropped, its connection closed
    // The worker's connection is gone with it, and a new search works at once.
    AsyncSearch again(m_db->path());
    QSignalSpy ready(&again, &AsyncSearch::resultsReady);
    again.search(u"beta"_qs);
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().at(1).value<QList<SearchHit>>().size(), 1);
}

QTEST_GUILESS_MAIN(TstAsyncSearch)
#include "tst_asyncsearch.moc"

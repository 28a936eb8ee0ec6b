#include "conversationexport.h"
#include "conversationstore.h"
#include "database.h"
#include "storeblocker.h"
#include "storethread.h"

#include <QSemaphore>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

int conversationsIn(const QString &path)
{
    Database db(u"check"_s);
    if (!db.open(path))
        return -1;
    return ConversationStore(db).conversationCount();
}
} // namespace

class TstStoreThread : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void postRunsInOrderOnTheDatabaseThread();
    void callReturnsTheResult();
    void doneOnTheCallersThread();
    void doneDroppedWhenItsContextIsGone();
    void waitForIdleWaitsForPostedWork();
    void destructionRunsQueuedWorkThenCloses();
    void openFailureIsReported();
    void openInBackgroundRunsItsFollowUpFirst();
    void damagedFileIsMovedAside();
    void importReportsProgressAndFinishes();
    void importFailureIsReported();
    void cancelledImportWritesNothing();
    void cancelWhileWritingWritesNothing();
    void destroyedJobCancelsItsImport();

private:
    QString databasePath() const { return m_dir->filePath(u"confab.sqlite"_s); }
    // A Confab library file of `count` conversations, each a question and an answer.
    QString writeLibrary(int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreThread> m_store;
};

void TstStoreThread::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<StoreThread>();
    QVERIFY2(m_store->open(databasePath()), qPrintable(m_store->errorString()));
    QVERIFY(m_store->isOpen());
    QVERIFY(m_store->movedAsidePath().isEmpty());
}

void TstStoreThread::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString TstStoreThread::writeLibrary(int count)
{
    const QString path = m_dir->filePath(u"library-%1.json"_s.arg(count));
    StoreThread source;
    if (!source.open(m_dir->filePath(u"source-%1.sqlite"_s.arg(count))))
        return {};
    const bool written = source.call([&](ConversationStore &store) {
        if (!store.beginBulk())
            return false;
        for (int i = 0; i < count; ++i) {
            Conversation c;
            c.title = u"对话 %1"_s.arg(i);
            Message question;
            question.text = u"问题 %1"_s.arg(i);
            Message answer;
            answer.role = ChatMessage::Role::Assistant;
            answer.text = u"回答 %1"_s.arg(i);
            if (!store.createConversation(c) || !store.addMessage(c.id, question)
                || !(answer.parentId = question.id, store.addMessage(c.id, answer))) {
                store.endBulk(false);
                return false;
            }
        }
        if (!store.endBulk(true))
            return false;
        ConversationExport exporter(
            [&store](const QByteArray &hash) { return store.loadImage(hash); });
        return exporter.writeLibrary(store, path);
    });
    return written ? path : QString();
}

void TstStoreThread::postRunsInOrderOnTheDatabaseThread()
{
    QThread *const testThread = QThread::currentThread();
    QList<int> order; // touched on the database thread only, until call() hands it back
    std::atomic<int> onTestThread { 0 };
    for (int i = 0; i < 200; ++i) {
        m_store->post([&order, &onTestThread, testThread, i](ConversationStore &) {
            if (QThread::currentThread() == testThread)
                ++onTestThread;
            order.append(i);
        });
    }
    const QList<int> seen = m_store->call([&order](ConversationStore &) { return order; });
    QCOMPARE(seen.size(), 200);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(seen.at(i), i);
    QCOMPARE(onTestThread.load(), 0);
}

void TstStoreThread::callReturnsTheResult()
{
    const qint64 id = m_store->call([](ConversationStore &store) {
        Conversation c;
        c.title = u"标题"_s;
        return store.createConversation(c) ? c.id : qint64(0);
    });
    QVERIFY(id > 0);
    const std::optional<Conversation> loaded
        = m_store->call([id](ConversationStore &store) { return store.loadConversation(id); });
    QVERIFY(loaded);
    QCOMPARE(loaded->title, u"标题"_s);
    // A result that can only be moved, and one that is nothing at all.
    const std::unique_ptr<int> moved
        = m_store->call([](ConversationStore &) { return std::make_unique<int>(7); });
    QCOMPARE(*moved, 7);
    bool ran = false;
    m_store->call([&ran](ConversationStore &) { ran = true; });
    QVERIFY(ran);
    QCOMPARE(conversationsIn(databasePath()), 1);
}

void TstStoreThread::doneOnTheCallersThread()
{
    QThread *workThread = nullptr;
    QThread *doneThread = nullptr;
    int result = 0;
    QObject context;
    m_store->post(
        &context,
        [&workThread](ConversationStore &store) {
            workThread = QThread::currentThread();
            return store.conversationCount() + 41;
        },
        [&](int count) {
            doneThread = QThread::currentThread();
            result = count;
        });
    bool voidDone = false;
    m_store->post(
        &context, [](ConversationStore &) {}, [&voidDone] { voidDone = true; });
    m_store->waitForIdle();
    QCOMPARE(result, 0); // queued to this thread: nothing before it runs its events
    QTRY_VERIFY(voidDone);
    QCOMPARE(result, 41);
    QCOMPARE(doneThread, QThread::currentThread());
    QVERIFY(workThread);
    QVERIFY(workThread != QThread::currentThread());
}

void TstStoreThread::doneDroppedWhenItsContextIsGone()
{
    bool worked = false;
    bool done = false;
    {
        StoreBlocker busy(*m_store);
        auto context = std::make_unique<QObject>();
        m_store->post(
            context.get(),
            [&worked](ConversationStore &) {
                worked = true;
                return 1;
            },
            [&done](int) { done = true; });
        context.reset(); // before the work even began
    }
    m_store->waitForIdle();
    QCoreApplication::processEvents();
    QTest::qWait(20);
    QVERIFY(worked);
    QVERIFY(!done);

    // Gone after the work ran and before its result was delivered.
    auto context = std::make_unique<QObject>();
    m_store->post(
        context.get(), [](ConversationStore &) { return 2; }, [&done](int) { done = true; });
    m_store->waitForIdle();
    context.reset();
    QTest::qWait(20);
    QVERIFY(!done);
}

void TstStoreThread::waitForIdleWaitsForPostedWork()
{
    std::atomic<int> ran { 0 };
    for (int i = 0; i < 5; ++i) {
        m_store->post([&ran](ConversationStore &) {
            QThread::msleep(20);
            ++ran;
        });
    }
    QVERIFY(ran.load() < 5);
    m_store->waitForIdle();
    QCOMPARE(ran.load(), 5);
}

void TstStoreThread::destructionRunsQueuedWorkThenCloses()
{
    const QStringList before = QSqlDatabase::connectionNames();
    {
        StoreThread store;
        QVERIFY(store.open(m_dir->filePath(u"drained.sqlite"_s)));
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 1);
        StoreBlocker busy(store); // so that all of it is still queued when the destructor starts
        for (int i = 0; i < 50; ++i) {
            store.post([i](ConversationStore &s) {
                Conversation c;
                c.title = QString::number(i);
                s.createConversation(c);
            });
        }
        busy.release();
    }
    QCOMPARE(QSqlDatabase::connectionNames(), before); // closed and removed, on its thread
    QCOMPARE(conversationsIn(m_dir->filePath(u"drained.sqlite"_s)), 50);
}

void TstStoreThread::openInBackgroundRunsItsFollowUpFirst()
{
    StoreThread store;
    QStringList order;
    store.openInBackground(
        m_dir->filePath(u"other.sqlite"_s), [&order](ConversationStore &) { order << u"then"_s; });
    store.post([&order](ConversationStore &) { order << u"later"_s; });
    QCOMPARE(store.path(), m_dir->filePath(u"other.sqlite"_s)); // known at once
    store.waitForIdle();
    QVERIFY(store.isOpen());
    QCOMPARE(order, (QStringList { u"then"_s, u"later"_s }));

    // Not when the file could not be opened.
    QFile plain(m_dir->filePath(u"plain"_s));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    StoreThread failing;
    bool ran = false;
    failing.openInBackground(
        plain.fileName() + u"/sub/confab.sqlite"_s, [&ran](ConversationStore &) { ran = true; });
    failing.waitForIdle();
    QVERIFY(!failing.isOpen());
    QVERIFY(!ran);
}

void TstStoreThread::openFailureIsReported()
{
    // A folder cannot be made inside a plain file.
    const QString file = m_dir->filePath(u"plain"_s);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    StoreThread store;
    QVERIFY(!store.open(file + u"/sub/confab.sqlite"_s));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.errorString().isEmpty());
    // The store is there, and says it cannot write, instead of crashing.
    const bool created = store.call([](ConversationStore &s) {
        Conversation c;
        return s.createConversation(c);
    });
    QVERIFY(!created);
}

void TstStoreThread::damagedFileIsMovedAside()
{
    const QString path = m_dir->filePath(u"damaged.sqlite"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
    }
    StoreThread store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.movedAsidePath().startsWith(path));
    QVERIFY(QFile::exists(store.movedAsidePath()));
    QCOMPARE(store.path(), path);
}

void TstStoreThread::importReportsProgressAndFinishes()
{
    const QString library = writeLibrary(30);
    QVERIFY(!library.isEmpty());
    std::unique_ptr<ImportJob> job(m_store->startImport(library));
    QSignalSpy progress(job.get(), &ImportJob::progress);
    QSignalSpy finished(job.get(), &ImportJob::finished);
    QSignalSpy failed(job.get(), &ImportJob::failed);
    QThread *signalThread = nullptr;
    connect(job.get(), &ImportJob::finished, this,
        [&signalThread] { signalThread = QThread::currentThread(); });

    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.first().at(0).toInt(), 30);
    QCOMPARE(finished.first().at(1).toInt(), 60);
    QCOMPARE(signalThread, QThread::currentThread());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.first().at(1).toLongLong(), 0); // reading and checking the file
    QCOMPARE(progress.last().at(0).toLongLong(), 60);
    QCOMPARE(progress.last().at(1).toLongLong(), 60);
    QCOMPARE(m_store->call([](ConversationStore &s) { return s.conversationCount(); }), 30);
}

void TstStoreThread::importFailureIsReported()
{
    std::unique_ptr<ImportJob> job(m_store->startImport(m_dir->filePath(u"missing.json"_s)));
    QSignalSpy finished(job.get(), &ImportJob::finished);
    QSignalSpy failed(job.get(), &ImportJob::failed);
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.first().at(0).toString().isEmpty());
    QTest::qWait(20);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(failed.size(), 1);
}

void TstStoreThread::cancelledImportWritesNothing()
{
    const QString library = writeLibrary(5);
    QVERIFY(!library.isEmpty());
    StoreBlocker busy(*m_store);
    std::unique_ptr<ImportJob> job(m_store->startImport(library));
    QSignalSpy finished(job.get(), &ImportJob::finished);
    QSignalSpy failed(job.get(), &ImportJob::failed);
    job->cancel(); // while it waits its turn
    busy.release();
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().at(0).toString().contains(u"cancelled"_s),
        qPrintable(failed.first().at(0).toString()));
    QCOMPARE(finished.size(), 0);
    QCOMPARE(m_store->call([](ConversationStore &s) { return s.conversationCount(); }), 0);
}

// The cancel comes from this thread while the database thread writes.
void TstStoreThread::cancelWhileWritingWritesNothing()
{
    const QString library = writeLibrary(3000);
    QVERIFY(!library.isEmpty());
    std::unique_ptr<ImportJob> job(m_store->startImport(library));
    QSignalSpy finished(job.get(), &ImportJob::finished);
    QSignalSpy failed(job.get(), &ImportJob::failed);
    qint64 total = 0;
    connect(job.get(), &ImportJob::progress, job.get(), [&](qint64, qint64 t) {
        // The file was read and checked; the writing has just begun.
        if (t > 0 && !total) {
            total = t;
            job->cancel();
        }
    });
    QVERIFY(failed.wait(30000));
    QVERIFY(total > 0);
    QVERIFY2(failed.first().at(0).toString().contains(u"cancelled"_s),
        qPrintable(failed.first().at(0).toString()));
    QCOMPARE(finished.size(), 0);
    QCOMPARE(m_store->call([](ConversationStore &s) { return s.conversationCount(); }), 0);
}

void TstStoreThread::destroyedJobCancelsItsImport()
{
    const QString library = writeLibrary(5);
    QVERIFY(!library.isEmpty());
    {
        StoreBlocker busy(*m_store);
        delete m_store->startImport(library);
    }
    m_store->waitForIdle();
    QTest::qWait(20); // nothing is delivered to the job that is gone
    QCOMPARE(m_store->call([](ConversationStore &s) { return s.conversationCount(); }), 0);
}

QTEST_GUILESS_MAIN(TstStoreThread)
#include "tst_storethread.moc"

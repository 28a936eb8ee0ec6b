#include "storethread.h"

#include "conversationimport.h"
#include "conversationstore.h"
#include "database.h"

#include <QMutex>

struct ImportJob::Control
{
    QMutex mutex;
    bool cancelled = false;
    ConversationImport *running = nullptr; // while run() works, on the database thread
};

namespace StoreThreadDetail {
// The import's signals, from the database thread towards a job that may be gone by then.
class ImportRelay : public QObject
{
    Q_OBJECT

signals:
    void progress(qint64 done, qint64 total);
    void finished(int conversations, int messages);
    void failed(const QString &message);
};
} // namespace StoreThreadDetail

ImportJob::ImportJob(QObject *parent)
    : QObject(parent)
    , m_control(std::make_shared<Control>())
{ }

ImportJob::~ImportJob()
{
    cancel(); // nobody is left to hear how it ends
}

void ImportJob::cancel()
{
    QMutexLocker lock(&m_control->mutex);
    m_control->cancelled = true;
    if (m_control->running)
        m_control->running->cancel();
}

StoreThread::StoreThread(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
    // Connection names are process-wide: one per instance, so that tests can open several.
    , m_database(std::make_unique<Database>(QStringLiteral("confab-store-%1").arg(quintptr(this))))
    , m_store(std::make_unique<ConversationStore>(*m_database))
{
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("confab store"));
    m_thread.start();
}

StoreThread::~StoreThread()
{
    // Queued behind everything posted so far, so all of it runs first.
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            m_store.reset(); // its prepared statements before the connection
            m_database->close();
            m_thread.quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    delete m_worker; // its thread has ended: nothing can be delivering to it
}

bool StoreThread::open(const QString &path)
{
    openInBackground(path);
    waitForIdle();
    return m_open;
}

void StoreThread::openInBackground(
    const QString &path, std::function<void(ConversationStore &)> then)
{
    m_path = path;
    QMetaObject::invokeMethod(
        m_worker,
        [this, path, then = std::move(then)] {
            m_store.reset(); // statements prepared on a connection open() is about to replace
            m_open = m_database->open(path);
            m_store = std::make_unique<ConversationStore>(*m_database);
            m_error = m_database->errorString();
            m_movedAside = m_database->movedAsidePath();
            m_backup = m_database->backupPath();
            if (m_open && then)
                then(*m_store);
        },
        Qt::QueuedConnection);
}

QString StoreThread::streamLockPath(qint64 messageId) const
{
    return m_store->streamLockPath(messageId);
}

void StoreThread::waitForIdle()
{
    runAndWait([] {});
}

ImportJob *StoreThread::startImport(const QString &path, QObject *parent)
{
    using StoreThreadDetail::ImportRelay;
    auto *job = new ImportJob(parent);
    auto *relay = new ImportRelay;
    connect(relay, &ImportRelay::progress, job, &ImportJob::progress);
    connect(relay, &ImportRelay::finished, job, &ImportJob::finished);
    connect(relay, &ImportRelay::failed, job, &ImportJob::failed);
    relay->moveToThread(&m_thread);
    post([this, relay, control = job->m_control, path](ConversationStore &store) {
        ConversationImport importer(*m_database, store);
        connect(&importer, &ConversationImport::progress, relay, &ImportRelay::progress);
        connect(&importer, &ConversationImport::finished, relay, &ImportRelay::finished);
        connect(&importer, &ConversationImport::failed, relay, &ImportRelay::failed);
        {
            QMutexLocker lock(&control->mutex);
            if (control->cancelled)
                importer.cancel(); // before it began: run() fails at once, writing nothing
            control->running = &importer;
        }
        importer.run(path);
        {
            QMutexLocker lock(&control->mutex);
            control->running = nullptr;
        }
        delete relay;
    });
    return job;
}

Database &StoreThread::database()
{
    Q_ASSERT_X(QThread::currentThread() == &m_thread, "StoreThread::database",
        "the connection belongs to the database thread");
    return *m_database;
}

void StoreThread::runAndWait(const std::function<void()> &task)
{
    Q_ASSERT_X(QThread::currentThread() != &m_thread, "StoreThread::call",
        "the database thread would wait for itself");
    QMetaObject::invokeMethod(
        m_worker, [&task] { task(); }, Qt::BlockingQueuedConnection);
}

#include "storethread.moc"

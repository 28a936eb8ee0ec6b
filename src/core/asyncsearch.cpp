#include "asyncsearch.h"

#include "database.h"

// The worker side: owns its connection, on its thread.
class SearchWorker : public QObject
{
    Q_OBJECT

public:
    SearchWorker(const QString &path, std::shared_ptr<std::atomic<quint64>> latest)
        : m_path(path)
        , m_latest(std::move(latest))
    { }
    ~SearchWorker() override
    {
        m_store.reset(); // its prepared statements before the connection
        m_database.reset();
    }

    void run(
        quint64 generation, const QString &query, int limit, ConversationStore::SearchOrder order)
    {
        if (generation != m_latest->load())
            return; // superseded while it waited
        if (!m_database) {
            m_database = std::make_unique<Database>(
                QStringLiteral("confab-search-%1").arg(quintptr(this)));
            if (!m_database->openReader(m_path)) {
                emit failed(generation, m_database->errorString());
                m_database.reset();
                return;
            }
            m_store = std::make_unique<ConversationStore>(*m_database);
        }
        const QList<SearchHit> hits = m_store->search(query, limit, order);
        emit done(generation, query, hits);
    }

signals:
    void done(quint64 generation, const QString &query, const QList<SearchHit> &hits);
    void failed(quint64 generation, const QString &error);

private:
    QString m_path;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
};

AsyncSearch::AsyncSearch(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<QList<SearchHit>>();
    qRegisterMetaType<ConversationStore::SearchOrder>();
    m_worker = new SearchWorker(databasePath, m_latest);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SearchWorker::done, this,
        [this](quint64 generation, const QString &query, const QList<SearchHit> &hits) {
            if (generation == m_latest->load()) // a newer query is on its way: drop these
                emit resultsReady(query, hits);
        });
    connect(
        m_worker, &SearchWorker::failed, this, [this](quint64 generation, const QString &error) {
            if (generation == m_latest->load())
                emit failed(error);
        });
    m_thread.setObjectName(QStringLiteral("confab search"));
    m_thread.start();
}

AsyncSearch::~AsyncSearch()
{
    m_latest->store(~quint64(0)); // whatever is queued is now stale
    m_thread.quit();
    m_thread.wait();
}

void AsyncSearch::search(const QString &query, int limit, ConversationStore::SearchOrder order)
{
    const quint64 generation = m_latest->fetch_add(1) + 1;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation, query, limit, order] {
        worker->run(generation, query, limit, order);
    });
}

#include "asyncsearch.moc"

#pragma once

#include "conversationstore.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

class SearchWorker;

// Searches the conversation store on a worker thread with its own read-only connection, so
// the GUI never waits on the index. A newer query supersedes an older one: only the results of
// the latest query are delivered, and an older query still waiting is never run.
class AsyncSearch : public QObject
{
    Q_OBJECT

public:
    // `databasePath` must already be open (checked and migrated) through Database::open().
    explicit AsyncSearch(const QString &databasePath, QObject *parent = nullptr);
    ~AsyncSearch() override;

    void search(const QString &query, int limit = 50,
        ConversationStore::SearchOrder order = ConversationStore::SearchOrder::Newest);

signals:
    void resultsReady(const QString &query, const QList<SearchHit> &hits);
    void failed(const QString &error);

private:
    QThread m_thread;
    SearchWorker *m_worker; // lives in m_thread
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

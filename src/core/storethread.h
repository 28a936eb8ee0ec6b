#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

class ConversationStore;
class Database;

namespace StoreThreadDetail {
// Carries a result to the caller's thread. A queued connection to a context object is removed,
// with its pending calls, when the context dies, which a bare pointer to the context taken on
// another thread could never guarantee.
class Relay : public QObject
{
    Q_OBJECT

signals:
    void ready();
};
} // namespace StoreThreadDetail

// An import running on the database thread, seen from the thread that started it: its signals
// arrive there, queued. Destroying it cancels the import (which then writes nothing).
class ImportJob : public QObject
{
    Q_OBJECT

public:
    ~ImportJob() override;

    // Thread-safe. The import stops at its next check and undoes what it wrote; failed() follows.
    void cancel();

signals:
    // As ConversationImport: in messages written; total is 0 while the file is read and checked.
    void progress(qint64 done, qint64 total);
    // Exactly one of these, once.
    void finished(int conversations, int messages);
    void failed(const QString &message);

private:
    friend class StoreThread;
    struct Control;
    explicit ImportJob(QObject *parent);

    std::shared_ptr<Control> m_control;
};

// The one connection that writes the conversation database, on a thread of its own, so that
// neither a slow disk nor a long transaction (an import) ever stalls the GUI. A QtSql
// connection belongs to the thread that opened it: the Database and its ConversationStore are
// opened, used and closed on that thread only, and every use goes through post() or call().
//
// Work runs in the order it was posted (from any one thread).
class StoreThread : public QObject
{
    Q_OBJECT

public:
    explicit StoreThread(QObject *parent = nullptr);
    // Runs what was posted so far (a queued or running import too: destroy its job first to
    // cancel it), closes the store and the database on their thread, then ends it.
    ~StoreThread() override;
    Q_DISABLE_COPY_MOVE(StoreThread)

    // Opens (checks, migrates) the file on the database thread and waits for it. Until it
    // succeeds, every use of the store fails, as a write to a closed database does.
    bool open(const QString &path);
    // The same without waiting: the caller goes on (builds its window) while the file opens,
    // and then, when it opened, `then` runs on the database thread, before anything posted
    // later. isOpen(), errorString(), movedAsidePath() and backupPath() say how it went after
    // waitForIdle(); path() is set at once.
    void openInBackground(
        const QString &path, std::function<void(ConversationStore &)> then = nullptr);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    // Set when the file was damaged and moved here, and a new one was started: tell the user.
    QString movedAsidePath() const { return m_movedAside; }
    // Set when open() migrated an older file: the copy taken before.
    QString backupPath() const { return m_backup; }

    // Thread-safe: the lock file a writer holds while it streams into a message (see
    // ConversationStore::streamLockPath). Depends only on the path open() fixed.
    QString streamLockPath(qint64 messageId) const;

    // Runs work(ConversationStore &) on the database thread.
    template<typename Work> void post(Work &&work)
    {
        QMetaObject::invokeMethod(
            m_worker,
            [this, work = std::forward<Work>(work)]() mutable {
                // Work posted by work while the thread shuts down finds the store gone.
                if (m_store)
                    work(*m_store);
            },
            Qt::QueuedConnection);
    }

    // Runs work(ConversationStore &) on the database thread, then done(its result), or done()
    // for a void one, on context's thread. done is dropped if context (never null) is destroyed
    // first; the work runs all the same.
    template<typename Work, typename Done> void post(QObject *context, Work &&work, Done &&done)
    {
        using Result = std::invoke_result_t<std::decay_t<Work> &, ConversationStore &>;
        auto *relay = new StoreThreadDetail::Relay;
        relay->moveToThread(&m_thread); // deleted by the work, on the thread that runs it
        if constexpr (std::is_void_v<Result>) {
            connect(relay, &StoreThreadDetail::Relay::ready, context, std::forward<Done>(done));
            post([relay, work = std::forward<Work>(work)](ConversationStore &store) mutable {
                work(store);
                emit relay->ready();
                delete relay;
            });
        } else {
            auto result = std::make_shared<std::optional<Result>>();
            connect(relay, &StoreThreadDetail::Relay::ready, context,
                [result, done = std::forward<Done>(done)]() mutable { done(std::move(**result)); });
            post(
                [relay, result, work = std::forward<Work>(work)](ConversationStore &store) mutable {
                    result->emplace(work(store));
                    emit relay->ready();
                    delete relay;
                });
        }
    }

    // Runs work(ConversationStore &) on the database thread and waits for its result. For
    // start-up and the CLI only: the GUI must not wait on anything slow, and whatever was
    // posted before runs first. Never from the database thread (it would wait for itself).
    template<typename Work>
    auto call(Work &&work) -> std::invoke_result_t<Work &, ConversationStore &>
    {
        using Result = std::invoke_result_t<Work &, ConversationStore &>;
        if constexpr (std::is_void_v<Result>) {
            runAndWait([&] { work(*m_store); });
        } else {
            std::optional<Result> result; // Result need not be default-constructible
            runAndWait([&] { result.emplace(work(*m_store)); });
            return std::move(*result);
        }
    }

    // Waits until everything posted so far has run. The done() callbacks of that work may still
    // be on their way to their threads.
    void waitForIdle();

    // Imports the file (see ConversationImport) on the database thread, after what was posted
    // before. The job belongs to the caller.
    ImportJob *startImport(const QString &path, QObject *parent = nullptr);

    // The database under the store: on the database thread only, inside posted work.
    Database &database();

private:
    void runAndWait(const std::function<void()> &task);

    QThread m_thread;
    QObject *m_worker; // lives in m_thread: posted work is queued to it
    // Touched only on m_thread once the thread runs.
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
    // Copies for the owner's thread, taken when open() returns.
    bool m_open = false;
    QString m_path;
    QString m_error;
    QString m_movedAside;
    QString m_backup;
};

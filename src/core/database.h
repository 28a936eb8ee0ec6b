#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

// The one SQLite file that holds every conversation. Opening it checks its integrity, refuses
// a file written by a newer Confab, and migrates an older one inside a transaction after taking
// a copy. A connection belongs to the thread that opened it.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    static constexpr int SchemaVersion = 4;

    explicit Database(const QString &connectionName = QStringLiteral("confab"));
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // The default file: <GenericDataLocation>/confab/confab.sqlite, or DIR/confab.sqlite for
    // a portable profile (--data-dir DIR).
    static QString defaultPath(const QString &dataDir = QString());

    bool open(const QString &path);
    // A second, read-only connection to a database another connection opened (and checked
    // and migrated): for searches on a worker thread. No checks, no writes.
    bool openReader(const QString &path);
    void close();
    bool isOpen() const;

    QSqlDatabase connection() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    // Set when the file at path() was unreadable or damaged and was moved here; the user must
    // be told (open() still succeeds, with a new empty database).
    QString movedAsidePath() const { return m_movedAside; }
    // Set when open() migrated an older database: the copy taken before.
    QString backupPath() const { return m_backup; }
    // Whether open() ran PRAGMA quick_check: not when the file is as a clean close left it.
    bool wasChecked() const { return m_checked; }

private:
    enum class Health { Good, Damaged, Unopenable, Busy, Error };
    Health check();
    bool moveAside();
    bool migrate(int from);
    bool hasNoConversations();
    bool exec(const QString &sql);
    bool fail(const QString &what);

    QString m_connectionName;
    QString m_path;
    QString m_error;
    QString m_movedAside;
    QString m_backup;
    bool m_checked = false;
    bool m_writerOpen = false; // opened by open(): close() leaves the clean marker
};

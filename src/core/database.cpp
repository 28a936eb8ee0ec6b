#include "database.h"

#include "logging.h"
#include "searchtext.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <sys/stat.h>

namespace {

// Schema steps: kSteps[v] takes a database from version v to v + 1. A step is never edited once
// released; a change is a new step.
const char *const Step0To1[] = {
    R"(CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0,
        provider TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        parameters TEXT NOT NULL DEFAULT '{}',
        system_prompt TEXT NOT NULL DEFAULT '',
        draft_text TEXT NOT NULL DEFAULT '',
        draft_images TEXT NOT NULL DEFAULT '[]',
        active_root INTEGER
    ))",
    R"(CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
        active_child INTEGER,
        role TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        reasoning TEXT NOT NULL DEFAULT '',
        images TEXT NOT NULL DEFAULT '[]',
        tool_calls TEXT NOT NULL DEFAULT '[]',
        tool_call_id TEXT NOT NULL DEFAULT '',
        refusal TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        usage TEXT NOT NULL DEFAULT '{}',
        timings TEXT NOT NULL DEFAULT '{}',
        finish_reason TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'complete',
        error TEXT NOT NULL DEFAULT '',
        created INTEGER NOT NULL
    ))",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
    "CREATE INDEX messages_by_parent ON messages(parent_id)",
    "CREATE INDEX conversations_by_activity ON conversations(pinned DESC, updated DESC)",
    // Images are stored once, by the SHA-256 of their bytes.
    R"(CREATE TABLE images (
        hash TEXT PRIMARY KEY,
        mime TEXT NOT NULL,
        bytes BLOB NOT NULL,
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL
    ))",
    // What a streaming reply received so far, appended as it arrives (O(delta) per write) and
    // folded into its message when the reply ends, or at the next start if it never did.
    R"(CREATE TABLE stream_chunks (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        field TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (message_id, seq)
    ))",
};

// Full-text search over message text and titles (see SearchText for how CJK is indexed). The
// rows are filled from the messages by indexExisting(), in the same transaction.
const char *const Step1To2[] = {
    // Prefix indexes for 2 to 4 characters: a word being typed in the search box ("perf*")
    // costs about what a whole word costs.
    "CREATE VIRTUAL TABLE message_search USING fts5(body, tokenize = 'unicode61 remove_diacritics "
    "2', prefix = '2 3 4')",
    "CREATE VIRTUAL TABLE title_search USING fts5(title, tokenize = 'unicode61 remove_diacritics "
    "2')",
};

// The last message of the active path, so that a long conversation can open at its end without
// walking the whole tree first. NULL means "not known": the reader computes it and records it.
const char *const Step2To3[] = {
    "ALTER TABLE conversations ADD COLUMN active_leaf INTEGER",
    // Recovery at start looks for replies left streaming: few rows, found without a scan of
    // every message, so it can finish before the window reads anything.
    "CREATE INDEX messages_streaming ON messages(id) WHERE state = 'streaming'",
};

// How many questions back images are still sent (Conversation::imageTurns); -1: all, as every
// conversation sent before the choice existed.
const char *const Step3To4[] = {
    "ALTER TABLE conversations ADD COLUMN image_turns INTEGER NOT NULL DEFAULT -1",
    // The few messages with images, so that looking for unused images
    // (ConversationStore::removeUnusedImages()) reads them alone, not every message's text.
    "CREATE INDEX messages_with_images ON messages(images) WHERE images != '[]'",
};

bool indexExisting(QSqlDatabase db);

struct Step
{
    const char *const *statements;
    size_t count;
    bool (*fill)(QSqlDatabase db); // data the SQL cannot compute, or nullptr
};
const Step Steps[] = {
    { Step0To1, std::size(Step0To1), nullptr },
    { Step1To2, std::size(Step1To2), indexExisting },
    { Step2To3, std::size(Step2To3), nullptr },
    { Step3To4, std::size(Step3To4), nullptr },
};

bool indexExisting(QSqlDatabase db)
{
    QSqlQuery read(db);
    read.setForwardOnly(true);
    QSqlQuery write(db);
    if (!read.exec(QStringLiteral("SELECT id, text FROM messages"))
        || !write.prepare(QStringLiteral("INSERT INTO message_search (rowid, body) VALUES (?, ?)")))
        return false;
    while (read.next()) {
        write.addBindValue(read.value(0));
        write.addBindValue(SearchText::indexable(read.value(1).toString()));
        if (!write.exec())
            return false;
    }
    if (!read.exec(QStringLiteral("SELECT id, title FROM conversations"))
        || !write.prepare(QStringLiteral("INSERT INTO title_search (rowid, title) VALUES (?, ?)")))
        return false;
    while (read.next()) {
        write.addBindValue(read.value(0));
        write.addBindValue(SearchText::indexable(read.value(1).toString()));
        if (!write.exec())
            return false;
    }
    return true;
}
static_assert(std::size(Steps) == Database::SchemaVersion, "one step per schema version");

QString timestamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

// For files made at the same second by two processes: no two are named alike.
QString uniqueTimestamp()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))
        + QStringLiteral("-%1").arg(QCoreApplication::applicationPid());
}

} // namespace

Database::Database(const QString &connectionName)
    : m_connectionName(connectionName)
{ }

Database::~Database()
{
    close();
}

QString Database::defaultPath(const QString &dataDir)
{
    // One folder for the desktop app and confab-cli alike (AppDataLocation would differ by
    // program name): ~/.local/share/confab on Linux.
    const QString dir = dataDir.isEmpty()
        ? QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
              .filePath(QStringLiteral("confab"))
        : dataDir;
    return QDir(dir).filePath(QStringLiteral("confab.sqlite"));
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && connection().isOpen();
}

namespace {

QString cleanMarkerPath(const QString &path)
{
    return path + QStringLiteral(".clean");
}

// The file as it was left: which file (a restored copy is another), its size and its
// modification time to the nanosecond.
QByteArray fileStamp(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return QByteArray::number(quint64(info.st_ino)) + ' ' + QByteArray::number(qint64(info.st_size))
        + ' ' + QByteArray::number(qint64(info.st_mtim.tv_sec)) + '.'
        + QByteArray::number(qint64(info.st_mtim.tv_nsec));
}

} // namespace

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    if (std::exchange(m_writerOpen, false) && !QFile::exists(m_path + QStringLiteral("-wal"))) {
        // Closed cleanly, its log folded in: the next start may trust the file as it is now.
        QFile marker(cleanMarkerPath(m_path));
        if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
            marker.write(fileStamp(m_path));
    }
}

bool Database::fail(const QString &what)
{
    m_error = what;
    qCWarning(lcStore) << what;
    close();
    return false;
}

bool Database::exec(const QString &sql)
{
    QSqlQuery query(connection());
    if (query.exec(sql))
        return true;
    m_error = tr("Database error: %1").arg(query.lastError().text());
    return false;
}

// Reads only: nothing may be written before we know the file is ours to change.
Database::Health Database::check()
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
        // The primary result code: extended codes carry it in their low byte.
        const int code = query.lastError().nativeErrorCode().toInt() & 0xff;
        if (code == 5 || code == 6)
            return Health::Busy; // SQLITE_BUSY / SQLITE_LOCKED: in use, not damaged
        if (code == 11 || code == 26)
            return Health::Unopenable; // SQLITE_CORRUPT / SQLITE_NOTADB: damaged or not ours
        // A full disk, an I/O error, no permission: the file may be fine, so it stays put.
        m_error = tr("Cannot read the conversation database %1: %2")
                      .arg(QDir::toNativeSeparators(m_path), query.lastError().text());
        return Health::Error;
    }
    QStringList problems;
    while (query.next())
        problems << query.value(0).toString();
    if (problems != QStringList { QStringLiteral("ok") }) {
        qCWarning(lcStore) << "quick_check:" << problems.mid(0, 5);
        return Health::Damaged;
    }
    return Health::Good;
}

bool Database::moveAside()
{
    close();
    const QString target = m_path + QStringLiteral(".damaged-") + timestamp();
    if (!QFile::rename(m_path, target)) {
        m_error = tr("The conversation database %1 is damaged and could not be moved aside; Confab "
                     "did not touch it.")
                      .arg(QDir::toNativeSeparators(m_path));
        return false;
    }
    // The write-ahead log belongs to the damaged file: keep it beside it, never replay it into a
    // new database.
    for (const char *suffix : { "-wal", "-shm" }) {
        const QString side = m_path + QLatin1StringView(suffix);
        if (QFile::exists(side))
            QFile::rename(side, target + QLatin1StringView(suffix));
    }
    m_movedAside = target;
    qCWarning(lcStore) << "damaged database moved to" << target;
    return true;
}

bool Database::open(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    m_movedAside.clear();
    m_backup.clear();

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(
            tr("Cannot create the folder %1").arg(QDir::toNativeSeparators(info.absolutePath())));

    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        if (!db.open())
            return fail(tr("Cannot open the conversation database %1: %2")
                            .arg(QDir::toNativeSeparators(path), db.lastError().text()));
        exec(QStringLiteral(
            "PRAGMA busy_timeout=5000")); // a setting of this connection, not a write
        if (!QFile::exists(path) || QFileInfo(path).size() == 0)
            break;
        // PRAGMA quick_check reads the whole file (80 ms for 40 MB here, seconds for a big
        // library). It is skipped when the last Confab to write the file closed it cleanly and
        // nothing has touched it since; after a crash, or a file changed by anything else (a
        // copy, a restore, another program), it runs. The marker goes at once, so a crash in
        // this run leaves none.
        QFile marker(cleanMarkerPath(path));
        const QByteArray stamp = fileStamp(path);
        const bool trusted = attempt == 0 && !stamp.isEmpty() && marker.open(QIODevice::ReadOnly)
            && marker.readAll() == stamp && !QFile::exists(path + QStringLiteral("-wal"));
        marker.close();
        m_checked = !trusted;
        if (trusted)
            break;
        const Health health = check();
        if (health == Health::Good)
            break;
        if (health == Health::Error)
            return fail(m_error);
        if (health == Health::Busy)
            return fail(tr(
                "The conversation database %1 is in use by another program; close it and try again")
                            .arg(QDir::toNativeSeparators(path)));
        if (attempt == 1 || !moveAside())
            return fail(m_error.isEmpty() ? tr("The conversation database %1 is damaged").arg(path)
                                          : m_error);
    }

    QSqlQuery version(connection());
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next())
        return fail(tr("Cannot read the conversation database %1: %2")
                        .arg(path, version.lastError().text()));
    const int found = version.value(0).toInt();
    version.finish();
    if (found > SchemaVersion)
        return fail(tr("The conversation database %1 was written by a newer version of Confab "
                       "(schema %2; this version "
                       "knows %3). Update Confab to open it; the file was not changed.")
                        .arg(QDir::toNativeSeparators(path))
                        .arg(found)
                        .arg(SchemaVersion));

    // From here on this process may write: a crash must leave no marker of a clean close.
    QFile::remove(cleanMarkerPath(path));

    // WAL lets a reader and the writer work at once and survives a killed process; NORMAL sync
    // is durable across application crashes, which is what streaming writes must survive.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA foreign_keys=ON")))
        return fail(m_error);

    if (found < SchemaVersion && !migrate(found))
        return fail(m_error);
    m_writerOpen = true;
    return true;
}

bool Database::hasNoConversations()
{
    QSqlQuery q(connection());
    return q.exec(QStringLiteral("SELECT NOT EXISTS (SELECT 1 FROM conversations)")) && q.next()
        && q.value(0).toBool();
}

bool Database::openReader(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return fail(tr("Cannot open the conversation database %1: %2")
                        .arg(QDir::toNativeSeparators(path), db.lastError().text()));
    QSqlQuery version(db);
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next()
        || version.value(0).toInt() != SchemaVersion)
        return fail(tr("The conversation database %1 is not ready to be read")
                        .arg(QDir::toNativeSeparators(path)));
    return true;
}

bool Database::migrate(int from)
{
    if (from > 0 && !hasNoConversations()) {
        // A copy first: a migration that goes wrong in a way the transaction cannot undo must
        // still leave the user's history somewhere.
        const QString copy
            = m_path + QStringLiteral(".before-v%1-").arg(SchemaVersion) + uniqueTimestamp();
        QSqlQuery vacuum(connection());
        vacuum.prepare(QStringLiteral("VACUUM INTO ?"));
        vacuum.addBindValue(copy);
        if (!vacuum.exec()) {
            m_error = tr("Cannot copy the conversation database before updating it: %1")
                          .arg(vacuum.lastError().text());
            return false;
        }
        m_backup = copy;
    }
    QSqlDatabase db = connection();
    // IMMEDIATE: the write lock first, then the version again. Another Confab starting at the
    // same moment may have updated the file while this one copied it.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        m_error = tr("Cannot update the conversation database: %1").arg(begin.lastError().text());
        return false;
    }
    QSqlQuery again(db);
    if (again.exec(QStringLiteral("PRAGMA user_version")) && again.next())
        from = again.value(0).toInt();
    again.finish();
    if (from >= SchemaVersion)
        return db.commit();
    for (int v = from; v < SchemaVersion; ++v) {
        for (size_t i = 0; i < Steps[v].count; ++i) {
            if (!exec(QLatin1StringView(Steps[v].statements[i]))) {
                db.rollback();
                m_error = tr("Cannot update the conversation database to schema %1: %2")
                              .arg(v + 1)
                              .arg(m_error);
                return false;
            }
        }
        if (Steps[v].fill && !Steps[v].fill(db)) {
            m_error = tr("Cannot update the conversation database to schema %1: %2")
                          .arg(v + 1)
                          .arg(db.lastError().text());
            db.rollback();
            return false;
        }
    }
    if (!exec(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion)) || !db.commit()) {
        db.rollback();
        return false;
    }
    qCInfo(lcStore) << "database schema" << from << "->" << SchemaVersion;
    return true;
}

#include "conversationstore.h"
#include "database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

namespace {
QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

int pragma(Database &db, const char *name)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1StringView(name))) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QString pragmaText(Database &db, const char *name)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1StringView(name))) || !q.next())
        return {};
    return q.value(0).toString();
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}
} // namespace

class TstDatabase : public QObject
{
    Q_OBJECT

private slots:
    void createsFreshDatabase();
    void reopensWithoutMigrating();
    void refusesNewerSchemaWithoutTouchingIt();
    void movesGarbageAside();
    void movesDamagedDatabaseAside();
    void migratesOlderSchemaAfterACopy();
    void migratesVersion1Fixture();
    void migratesVersion2Fixture();
    void migratesVersion3ToImageTurns();
    void defaultPathUsesDataDir();
    void unwritableFolderIsAnError();
    void cleanCloseSkipsTheCheckOnce();
};

void TstDatabase::createsFreshDatabase()
{
    QTemporaryDir dir;
    Database db(QStringLiteral("fresh"));
    QVERIFY2(db.open(dir.filePath(QStringLiteral("confab.sqlite"))), qPrintable(db.errorString()));
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
    QCOMPARE(pragmaText(db, "journal_mode"), QStringLiteral("wal"));
    QCOMPARE(pragma(db, "foreign_keys"), 1);
    QVERIFY(db.movedAsidePath().isEmpty());
    QVERIFY(db.backupPath().isEmpty()); // nothing to copy for a new file
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")));
}

void TstDatabase::reopensWithoutMigrating()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        Database db(QStringLiteral("first"));
        QVERIFY(db.open(path));
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO conversations (title, created, updated) VALUES ('kept', 1, 1)")));
    }
    Database again(QStringLiteral("second"));
    QVERIFY(again.open(path));
    QSqlQuery q(again.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT title FROM conversations")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
    QVERIFY(again.backupPath().isEmpty());
}

void TstDatabase::refusesNewerSchemaWithoutTouchingIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        Database db(QStringLiteral("writer"));
        QVERIFY(db.open(path));
        QSqlQuery q(db.connection());
        QVERIFY(
            q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::SchemaVersion + 5)));
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    const QByteArray before = fileHash(path);
    const QStringList filesBefore = filesIn(dir.path());
    Database db(QStringLiteral("older app"));
    QVERIFY(!db.open(path));
    QVERIFY2(db.errorString().contains(QStringLiteral("newer version of Confab")),
        qPrintable(db.errorString()));
    QVERIFY(!db.isOpen());
    QCOMPARE(fileHash(path), before);
    QCOMPARE(filesIn(dir.path()), filesBefore); // no copy, no new file, nothing moved
}

void TstDatabase::movesGarbageAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
    }
    Database db(QStringLiteral("garbage"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QVERIFY(!db.movedAsidePath().isEmpty());
    QVERIFY(db.movedAsidePath().startsWith(path + QStringLiteral(".damaged-")));
    QFile moved(db.movedAsidePath());
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), QByteArray(8192, 'x')); // kept exactly, for the user to rescue
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
}

void TstDatabase::movesDamagedDatabaseAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        Database db(QStringLiteral("to damage"));
        QVERIFY(db.open(path));
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        for (int i = 0; i < 400; ++i)
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO conversations (title, created, updated) VALUES ('%1', 1, 1)")
                               .arg(QString(200, QChar(u'a' + i % 26)))));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
    }
    // Scribble over the middle of the file: pages of the table, not the header.
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 16 * 4096);
        f.seek(8 * 4096);
        f.write(QByteArray(4 * 4096, '\x7f'));
    }
    Database db(QStringLiteral("damaged"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QVERIFY(!db.movedAsidePath().isEmpty());
    QVERIFY(QFile::exists(db.movedAsidePath()));
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TstDatabase::migratesOlderSchemaAfterACopy()
{
    // A database from before any Confab schema (version 0) that already holds a table: the
    // update runs in one transaction after a copy of the file was taken.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        QSqlDatabase raw
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (body TEXT)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO notes VALUES ('old data')")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 0")));
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    Database db(QStringLiteral("migrating"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
    // Version 0 with data is treated as empty of Confab tables: no copy is needed for v0 -> v1,
    // and the foreign data is left alone.
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT body FROM notes")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("old data"));
}

// tests/data/store/schema-v1.sqlite was written by Confab with schema 1 (before search): two
// conversations, a branch, an image and a reply left streaming.
void TstDatabase::migratesVersion1Fixture()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(CONFAB_TEST_DATA "/store/schema-v1.sqlite"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray original = fileHash(path);

    Database db(QStringLiteral("v1"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
    // The copy taken before the update is the old file, still at version 1.
    QVERIFY(!db.backupPath().isEmpty());
    QVERIFY(db.backupPath().startsWith(path + QStringLiteral(".before-v")));
    {
        Database backup(QStringLiteral("backup"));
        QSqlDatabase raw
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("backup raw"));
        raw.setDatabaseName(db.backupPath());
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) && q.next());
        QCOMPARE(q.value(0).toInt(), 6);
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("backup raw"));
    QVERIFY(original != fileHash(path));

    // Everything is still there, and the text written before search existed is searchable.
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) && q.next());
    QCOMPARE(q.value(0).toInt(), 6);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM stream_chunks")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    QVERIFY(q.exec(QStringLiteral(
                "SELECT COUNT(*) FROM message_search WHERE message_search MATCH '\"分 词\"'"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 1); // "中文分词是什么？"; the title is indexed apart
    QVERIFY(q.exec(QStringLiteral(
                "SELECT COUNT(*) FROM title_search WHERE title_search MATCH '\"分 词\"'"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(
        q.exec(QStringLiteral("SELECT COUNT(*) FROM title_search WHERE title_search MATCH 'hello'"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TstDatabase::defaultPathUsesDataDir()
{
    QCOMPARE(Database::defaultPath(QStringLiteral("/tmp/profile")),
        QStringLiteral("/tmp/profile/confab.sqlite"));
    QVERIFY(Database::defaultPath().endsWith(QStringLiteral("/confab.sqlite")));
}

void TstDatabase::unwritableFolderIsAnError()
{
    if (::geteuid() == 0)
        QSKIP("root can write anywhere");
    QTemporaryDir dir;
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    Database db(QStringLiteral("readonly"));
    QVERIFY(!db.open(dir.filePath(QStringLiteral("confab.sqlite"))));
    QVERIFY(!db.errorString().isEmpty());
    QFile::setPermissions(
        dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

// tests/data/store/schema-v2.sqlite was written by Confab with schema 2 (before the active path's
// end was remembered). In conversation 1 the shown reply to message 1 is message 2, not the
// newer message 3; the path is 1, 2, 4, 5.
void TstDatabase::migratesVersion2Fixture()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(CONFAB_TEST_DATA "/store/schema-v2.sqlite"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    Database db(QStringLiteral("v2"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
    QVERIFY(db.backupPath().startsWith(path + QStringLiteral(".before-v")));

    ConversationStore store(db);
    auto ids = [](const Conversation &c) {
        QList<qint64> list;
        for (const Message *m : c.activePath())
            list << m->id;
        return list;
    };
    QCOMPARE(ids(*store.loadConversation(1)), (QList<qint64> { 1, 2, 4, 5 }));
    QCOMPARE(store.loadConversation(1)->imageTurns, -1); // every image, as before schema 4
    const Conversation tail = *store.loadTail(1, 2);
    QCOMPARE(ids(tail), (QList<qint64> { 4, 5 }));
    QCOMPARE(tail.unloadedParentId, 2);
    QCOMPARE(tail.message(5)->state, Message::State::Interrupted);
    QCOMPARE(ids(*store.loadTail(1, 10)), (QList<qint64> { 1, 2, 4, 5 }));
    QCOMPARE(ids(*store.loadTail(2, 10)), QList<qint64> { 6 });
    // Worked out once, then remembered.
    QSqlQuery q(db.connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT active_leaf FROM conversations WHERE id = 1")) && q.next());
    QCOMPARE(q.value(0).toLongLong(), 5);
}

// Schema 3 had no image limit per conversation: a schema-4 file taken back to 3 as it was (the
// column and the index of messages with images dropped) comes back with every image sent.
void TstDatabase::migratesVersion3ToImageTurns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        Database fresh(QStringLiteral("fresh"));
        QVERIFY(fresh.open(path));
    }
    {
        QSqlDatabase raw
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v3 raw"));
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("DROP INDEX messages_with_images")));
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE conversations DROP COLUMN image_turns")),
            qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO conversations (title, created, updated) "
                                      "VALUES ('from schema 3', 1, 1)")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 3")));
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v3 raw"));

    Database db(QStringLiteral("v3"));
    QVERIFY2(db.open(path), qPrintable(db.errorString()));
    QCOMPARE(pragma(db, "user_version"), Database::SchemaVersion);
    QVERIFY(db.backupPath().startsWith(path + QStringLiteral(".before-v")));
    ConversationStore store(db);
    const auto old = store.loadConversation(1);
    QVERIFY2(old, qPrintable(store.errorString()));
    QCOMPARE(old->title, QStringLiteral("from schema 3"));
    QCOMPARE(old->imageTurns, -1);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_with_images'"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TstDatabase::cleanCloseSkipsTheCheckOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("confab.sqlite"));
    {
        Database db(QStringLiteral("first"));
        QVERIFY(db.open(path));
        QSqlQuery(db.connection())
            .exec(QStringLiteral(
                "INSERT INTO conversations (title, created, updated) VALUES ('kept', 1, 1)"));
    } // closed cleanly: a marker of the file as it was left
    {
        Database db(QStringLiteral("second"));
        QVERIFY(db.open(path));
        QVERIFY(!db.wasChecked()); // the file is as the clean close left it
        // A crash now: the marker is gone, so the next start checks.
        QVERIFY(!QFile::exists(path + QStringLiteral(".clean")));
    }
    {
        // Changed by something else after the clean close above: checked again.
        QSqlDatabase raw
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QSqlQuery(raw).exec(QStringLiteral("UPDATE conversations SET title = 'changed'"));
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    Database db(QStringLiteral("third"));
    QVERIFY(db.open(path));
    QVERIFY(db.wasChecked());
}

QTEST_GUILESS_MAIN(TstDatabase)
#include "tst_database.moc"

#include "chatclient.h"
#include "conversationstore.h"
#include "database.h"
#include "fakeserver.h"
#include "storeblocker.h"
#include "storethread.h"
#include "streampersister.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QImage>
#include <QNetworkAccessManager>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QByteArray delta(const QString &text, const char *field = "content")
{
    return QJsonDocument(QJsonObject { { QStringLiteral("choices"),
                             QJsonArray { QJsonObject { { QStringLiteral("index"), 0 },
                                 { QStringLiteral("delta"),
                                     QJsonObject { { QLatin1StringView(field), text } } } } } } })
        .toJson(QJsonDocument::Compact);
}

QByteArray pngBytes(int width, int height)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(QColor(200, 40, 90, 128));
    return TestData::encodedImage(image, "PNG");
}

// The final chunk of an image model's reply through OpenRouter: the images and the finish reason.
QByteArray imagesChunk(const QStringList &urls)
{
    const QJsonObject choice { { QStringLiteral("index"), 0 },
        { QStringLiteral("delta"),
            QJsonObject { { QStringLiteral("content"), QString() },
                { QStringLiteral("images"), TestData::imageParts(urls) } } },
        { QStringLiteral("finish_reason"), QStringLiteral("stop") } };
    return QJsonDocument(QJsonObject { { QStringLiteral("choices"), QJsonArray { choice } } })
        .toJson(QJsonDocument::Compact);
}

QString dataUrl(const QByteArray &bytes, const char *declaredType)
{
    return QStringLiteral("data:%1;base64,%2")
        .arg(QLatin1StringView(declaredType), QLatin1StringView(bytes.toBase64()));
}

} // namespace

class TstStreamPersister : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void writesWhileStreamingAtMostOncePerInterval();
    void stoppedReplyKeepsItsText();
    void failedWriteIsRetried();
    void liveWriterIsNotRecovered();
    void writesOnTheDatabaseThread();
    void oneWriteInFlight();
    void failedWriteKeepsTheOrder();
    void finalStateAfterTheWriteInFlight();
    void generatedImagesAreStored();
    void imagesAndMessageWrittenTogether_data();
    void imagesAndMessageWrittenTogether();

private:
    struct Started
    {
        ChatReply *reply;
        StreamPersister *persister;
        qint64 conversationId;
        qint64 messageId;
    };
    Started start();
    QString storedChunks(qint64 messageId, const char *field);
    // On the store's own connection: a temporary trigger belongs to the connection that made it.
    bool execOnStore(const QString &sql);
    // From a connection of the test thread's own, which can look while the store is busy.
    int chunkRows(qint64 messageId, const char *field);
    int imageRows();
    QString databasePath() const { return m_dir->filePath(QStringLiteral("confab.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreThread> m_store;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<ChatClient> m_client;
};

void TstStreamPersister::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<StoreThread>();
    QVERIFY(m_store->open(databasePath()));
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<ChatClient>(m_nam.get());
    ProviderConfig provider;
    provider.endpoint = Endpoint::fromUserInput(m_server->baseUrl().toString());
    m_client->setProvider(provider);
}

void TstStreamPersister::cleanup()
{
    m_client.reset();
    m_nam.reset();
    m_server.reset();
    m_store.reset();
    m_dir.reset();
}

TstStreamPersister::Started TstStreamPersister::start()
{
    Conversation c;
    Message reply;
    m_store->call([&](ConversationStore &store) {
        store.createConversation(c);
        Message question;
        question.text = QStringLiteral("hi");
        store.addMessage(c.id, question);
        reply.role = ChatMessage::Role::Assistant;
        reply.parentId = question.id;
        reply.state = Message::State::Streaming;
        store.addMessage(c.id, reply);
    });

    ChatRequest request;
    request.model = QStringLiteral("m");
    request.messages = { ChatMessage::user(QStringLiteral("hi")) };
    request.stream = true;
    ChatReply *r = m_client->send(request);
    auto *persister = new StreamPersister(m_store.get(), c.id, reply, r);
    persister->attach(r);
    return { r, persister, c.id, reply.id };
}

QString TstStreamPersister::storedChunks(qint64 messageId, const char *field)
{
    return m_store->call([&](ConversationStore &) {
        QSqlQuery q(m_store->database().connection());
        q.prepare(
            QStringLiteral("SELECT group_concat(text, '') FROM (SELECT text FROM stream_chunks "
                           "WHERE message_id = ? AND field = ? ORDER BY seq)"));
        q.addBindValue(messageId);
        q.addBindValue(QLatin1StringView(field));
        if (!q.exec() || !q.next())
            return QString();
        return q.value(0).toString();
    });
}

bool TstStreamPersister::execOnStore(const QString &sql)
{
    return m_store->call(
        [&](ConversationStore &) { return QSqlQuery(m_store->database().connection()).exec(sql); });
}

int TstStreamPersister::chunkRows(qint64 messageId, const char *field)
{
    Database reader(QStringLiteral("test thread reader"));
    if (!reader.openReader(databasePath()))
        return -1;
    QSqlQuery q(reader.connection());
    q.prepare(
        QStringLiteral("SELECT COUNT(*) FROM stream_chunks WHERE message_id = ? AND field = ?"));
    q.addBindValue(messageId);
    q.addBindValue(QLatin1StringView(field));
    const int rows = q.exec() && q.next() ? q.value(0).toInt() : -1;
    q.finish();
    return rows;
}

int TstStreamPersister::imageRows()
{
    return m_store->call([&](ConversationStore &) {
        QSqlQuery q(m_store->database().connection());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM images")) && q.next()
            ? q.value(0).toInt()
            : -1;
    });
}

void TstStreamPersister::writesWhileStreamingAtMostOncePerInterval()
{
    QList<QByteArray> events;
    events << delta(QStringLiteral("思考"), "reasoning_content");
    for (int i = 0; i < 40; ++i)
        events << delta(QStringLiteral("字%1").arg(i));
    FakeResponse response = FakeResponse::sse(events);
    response.delayMs = 10; // 40 deltas over ~0.4 s
    response.chunkSize = 0;
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);

    const Started s = start();
    s.persister->setInterval(150);
    QSignalSpy saved(s.persister, &StreamPersister::saved);
    QTRY_VERIFY_WITH_TIMEOUT(s.persister->message().text.endsWith(QStringLiteral("字39")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!s.persister->hasUnsavedChanges(), 2000);
    // Far fewer writes than deltas: about one per interval.
    QVERIFY2(saved.count() >= 1 && saved.count() <= 8, qPrintable(QString::number(saved.count())));
    QString expected;
    for (int i = 0; i < 40; ++i)
        expected += QStringLiteral("字%1").arg(i);
    QCOMPARE(storedChunks(s.messageId, "content"), expected);
    QCOMPARE(storedChunks(s.messageId, "reasoning"), QStringLiteral("思考"));

    s.reply->cancel();
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    const Message *m = c.message(s.messageId);
    QCOMPARE(m->state, Message::State::Stopped);
    QCOMPARE(m->text, expected);
    QCOMPARE(m->reasoning, QStringLiteral("思考"));
    QVERIFY(storedChunks(s.messageId, "content").isEmpty());
}

void TstStreamPersister::stoppedReplyKeepsItsText()
{
    FakeResponse response = FakeResponse::sse({ delta(QStringLiteral("partial")) });
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    QTRY_VERIFY(s.persister->message().text == QStringLiteral("partial"));
    s.reply->cancel();
    QVERIFY(s.persister->isFinished());
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    const Message *m = c.message(s.messageId);
    QCOMPARE(m->text, QStringLiteral("partial"));
    QCOMPARE(m->state, Message::State::Stopped);
}

void TstStreamPersister::failedWriteIsRetried()
{
    QVERIFY(
        execOnStore(QStringLiteral("CREATE TEMP TRIGGER full BEFORE INSERT ON stream_chunks "
                                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")));
    FakeResponse response = FakeResponse::sse({ delta(QStringLiteral("kept ")) });
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(50);
    QSignalSpy failed(s.persister, &StreamPersister::saveFailed);
    QTRY_VERIFY(failed.count() >= 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("disk is full")));
    QVERIFY(s.persister->hasUnsavedChanges());
    QVERIFY(execOnStore(QStringLiteral("DROP TRIGGER temp.full")));
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    QCOMPARE(storedChunks(s.messageId, "content"), QStringLiteral("kept "));
    s.reply->cancel();
}

// Another Confab starting while this one streams must not take the reply for a dead one.
void TstStreamPersister::liveWriterIsNotRecovered()
{
    FakeResponse response = FakeResponse::sse({ delta(QStringLiteral("still ")) });
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(20);
    QTRY_VERIFY(!s.persister->message().text.isEmpty() && !s.persister->hasUnsavedChanges());

    {
        Database other(QStringLiteral("second process"));
        QVERIFY(other.open(m_dir->filePath(QStringLiteral("confab.sqlite"))));
        ConversationStore store(other);
        QCOMPARE(store.recoverInterrupted(), 0);
        QCOMPARE(store.loadConversation(s.conversationId)->message(s.messageId)->state,
            Message::State::Streaming);
    }
    s.reply->cancel();
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    const Message *m = c.message(s.messageId);
    QCOMPARE(m->state, Message::State::Stopped);
    QCOMPARE(m->text, QStringLiteral("still "));
    QVERIFY(!QFile::exists(m_store->streamLockPath(s.messageId)));
}

// The reply's thread never waits on the database: with the database thread busy, text keeps
// arriving, and nothing is written until the database thread is free again.
void TstStreamPersister::writesOnTheDatabaseThread()
{
    FakeResponse response = FakeResponse::sse(
        { delta(QStringLiteral("想"), "reasoning_content"), delta(QStringLiteral("等着")) });
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(20);
    QSignalSpy saved(s.persister, &StreamPersister::saved);

    StoreBlocker busy(*m_store);
    QTRY_COMPARE(s.persister->message().text, QStringLiteral("等着"));
    QTest::qWait(100); // several intervals
    QCOMPARE(chunkRows(s.messageId, "content"), 0);
    QCOMPARE(saved.count(), 0);
    QVERIFY(s.persister->hasUnsavedChanges());

    busy.release();
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    QCOMPARE(storedChunks(s.messageId, "reasoning"), QStringLiteral("想"));
    QCOMPARE(storedChunks(s.messageId, "content"), QStringLiteral("等着"));
    s.reply->cancel();
}

// However many intervals pass while a write waits, the text that came meanwhile goes in one
// more write, not one per interval.
void TstStreamPersister::oneWriteInFlight()
{
    QList<QByteArray> events;
    QString expected;
    for (int i = 0; i < 20; ++i) {
        events << delta(QStringLiteral("段%1").arg(i));
        expected += QStringLiteral("段%1").arg(i);
    }
    FakeResponse response = FakeResponse::sse(events);
    response.chunkSize = 64;
    response.delayMs = 10; // over about half a second: many intervals
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(20);
    QSignalSpy saved(s.persister, &StreamPersister::saved);

    StoreBlocker busy(*m_store);
    QTRY_VERIFY_WITH_TIMEOUT(s.persister->message().text == expected, 5000);
    QTest::qWait(100);
    busy.release();
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    // The write that waited, then one with everything that came while it waited.
    const int rows = chunkRows(s.messageId, "content");
    QVERIFY2(rows >= 1 && rows <= 2, qPrintable(QString::number(rows)));
    QCOMPARE(saved.count(), rows);
    QCOMPARE(storedChunks(s.messageId, "content"), expected);
    s.reply->cancel();
}

// The reasoning of a write goes in, its content does not: the content is tried again, ahead
// of what came since, and the reasoning is not written twice.
void TstStreamPersister::failedWriteKeepsTheOrder()
{
    QVERIFY(
        execOnStore(QStringLiteral("CREATE TEMP TRIGGER full BEFORE INSERT ON stream_chunks "
                                   "WHEN NEW.field = 'content' "
                                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")));
    QList<QByteArray> events { delta(QStringLiteral("思考"), "reasoning_content") };
    QString expected;
    for (int i = 0; i < 20; ++i) {
        events << delta(QStringLiteral("字%1").arg(i));
        expected += QStringLiteral("字%1").arg(i);
    }
    FakeResponse response = FakeResponse::sse(events);
    response.chunkSize = 64;
    response.delayMs = 10;
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(20);
    QSignalSpy failed(s.persister, &StreamPersister::saveFailed);
    QString textAtFirstFailure;
    QObject scope; // ends the connection with the locals it refers to
    connect(s.persister, &StreamPersister::saveFailed, &scope, [&] {
        if (textAtFirstFailure.isNull())
            textAtFirstFailure = s.persister->message().text;
    });

    QTRY_VERIFY(failed.count() >= 2);
    QVERIFY(s.persister->hasUnsavedChanges());
    QTRY_VERIFY_WITH_TIMEOUT(s.persister->message().text == expected, 5000);
    QVERIFY(textAtFirstFailure != expected); // text kept coming behind the text that failed
    QVERIFY(execOnStore(QStringLiteral("DROP TRIGGER temp.full")));
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    QCOMPARE(storedChunks(s.messageId, "reasoning"), QStringLiteral("思考"));
    QCOMPARE(storedChunks(s.messageId, "content"), expected);
    s.reply->cancel();
}

// A reply that ends while a write of its deltas waits: the final state lands after that write,
// so no delta is left behind in the store once the message is whole.
void TstStreamPersister::finalStateAfterTheWriteInFlight()
{
    FakeResponse response = FakeResponse::sse({ delta(QStringLiteral("写到一半")) });
    response.stallAfter = response.body.indexOf("data: [DONE]");
    m_server->enqueue(response);
    const Started s = start();
    s.persister->setInterval(20);
    QSignalSpy saved(s.persister, &StreamPersister::saved);

    StoreBlocker busy(*m_store);
    QTRY_COMPARE(s.persister->message().text, QStringLiteral("写到一半"));
    QTest::qWait(60); // the interval ends: a write of the delta waits behind the blocker
    s.reply->cancel();
    QVERIFY(s.persister->isFinished());
    QVERIFY(s.persister->hasUnsavedChanges());
    busy.release();
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    QCOMPARE(saved.count(), 1); // the final state, which holds the delta
    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    QCOMPARE(c.message(s.messageId)->state, Message::State::Stopped);
    QCOMPARE(c.message(s.messageId)->text, QStringLiteral("写到一半"));
    QVERIFY(storedChunks(s.messageId, "content").isEmpty());
    QVERIFY(!QFile::exists(m_store->streamLockPath(s.messageId)));
}

// An image model's reply ends as a message whose images are stored like a user's: the bytes
// once, by hash, under the type the bytes have; a remote image by its URL; no image, not at all.
void TstStreamPersister::generatedImagesAreStored()
{
    const QByteArray png = pngBytes(30, 20);
    const QString remote = QStringLiteral("https://img.example.com/out/7.webp");
    m_server->enqueue(FakeResponse::sse({ delta(QStringLiteral("Here you go.")),
        imagesChunk({ dataUrl(png, "image/webp"), remote,
            dataUrl("<html>rate limited</html>", "image/png") }) }));
    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("^dropped a generated image")));
    const Started s = start();
    QSignalSpy finished(s.persister, &StreamPersister::finished);
    QTRY_COMPARE(finished.count(), 1);
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());

    const QByteArray hash = QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex();
    const QList<ImageRef> emitted = s.persister->message().images;
    QCOMPARE(emitted.size(), 2);
    QCOMPARE(emitted[0].hash, hash);
    QCOMPARE(emitted[0].mimeType, QByteArray("image/png"));
    QCOMPARE(emitted[0].width, 30);
    QCOMPARE(emitted[0].height, 20);
    QVERIFY(emitted[0].url.isEmpty());
    QVERIFY(emitted[1].isRemote());
    QCOMPARE(emitted[1].url, remote);

    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    const Message *m = c.message(s.messageId);
    QCOMPARE(m->state, Message::State::Complete);
    QCOMPARE(m->text, QStringLiteral("Here you go."));
    QCOMPARE(m->images, emitted);
    const auto loaded = m_store->call(
        [&](ConversationStore &store) { return store.loadImage(m->images[0].hash); });
    QVERIFY(loaded);
    QCOMPARE(loaded->first, png);
    QCOMPARE(loaded->second, QByteArray("image/png"));
    QCOMPARE(imageRows(), 1);
}

// Whichever row fails, the image's or the message's, neither is written: no message ever refers
// to an image that is not there. The whole is tried again, and lands.
void TstStreamPersister::imagesAndMessageWrittenTogether_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::newRow("image row fails") << QStringLiteral("BEFORE INSERT ON images");
    QTest::newRow("message row fails") << QStringLiteral(
        "BEFORE UPDATE ON messages WHEN OLD.state = 'streaming' AND NEW.state = 'complete'");
}

void TstStreamPersister::imagesAndMessageWrittenTogether()
{
    QFETCH(QString, trigger);
    QVERIFY(execOnStore(QStringLiteral("CREATE TEMP TRIGGER full %1 BEGIN SELECT "
                                       "RAISE(ABORT, 'database or disk is full'); END")
                            .arg(trigger)));
    const QByteArray png = pngBytes(4, 4);
    m_server->enqueue(FakeResponse::sse(
        { delta(QStringLiteral("Done.")), imagesChunk({ dataUrl(png, "image/png") }) }));
    const Started s = start();
    s.persister->setInterval(50);
    QSignalSpy failed(s.persister, &StreamPersister::saveFailed);
    QTRY_VERIFY(s.persister->isFinished() && failed.count() >= 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("disk is full")));
    QVERIFY(s.persister->hasUnsavedChanges());
    QCOMPARE(imageRows(), 0);
    {
        const Conversation c = *m_store->call(
            [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
        QCOMPARE(c.message(s.messageId)->state, Message::State::Streaming);
        QVERIFY(c.message(s.messageId)->images.isEmpty());
    }

    QVERIFY(execOnStore(QStringLiteral("DROP TRIGGER temp.full")));
    QTRY_VERIFY(!s.persister->hasUnsavedChanges());
    const Conversation c = *m_store->call(
        [&](ConversationStore &store) { return store.loadConversation(s.conversationId); });
    const Message *m = c.message(s.messageId);
    QCOMPARE(m->state, Message::State::Complete);
    QCOMPARE(m->images.size(), 1);
    const auto loaded = m_store->call(
        [&](ConversationStore &store) { return store.loadImage(m->images[0].hash); });
    QVERIFY(loaded);
    QCOMPARE(loaded->first, png);
    QCOMPARE(imageRows(), 1);
}

QTEST_GUILESS_MAIN(TstStreamPersister)
#include "tst_streampersister.moc"

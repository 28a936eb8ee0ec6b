#include "chatclient.h"
#include "conversationstore.h"
#include "database.h"
#include "fakeserver.h"
#include "streampersister.h"

#include <QNetworkAccessManager>
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

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<ChatClient> m_client;
};

void TstStreamPersister::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(QStringLiteral("persister"));
    QVERIFY(m_db->open(m_dir->filePath(QStringLiteral("confab.sqlite"))));
    m_store = std::make_unique<ConversationStore>(*m_db);
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
    m_db.reset();
    m_dir.reset();
}

TstStreamPersister::Started TstStreamPersister::start()
{
    Conversation c;
    m_store->createConversation(c);
    Message question;
    question.text = QStringLiteral("hi");
    m_store->addMessage(c.id, question);
    Message reply;
    reply.role = ChatMessage::Role::Assistant;
    reply.parentId = question.id;
    reply.state = Message::State::Streaming;
    m_store->addMessage(c.id, reply);

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
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT group_concat(text, '') FROM (SELECT text FROM stream_chunks "
                             "WHERE message_id = ? AND field = ? ORDER BY seq)"));
    q.addBindValue(messageId);
    q.addBindValue(QLatin1StringView(field));
    if (!q.exec() || !q.next())
        return {};
    return q.value(0).toString();
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
    const Conversation c = *m_store->loadConversation(s.conversationId);
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
    const Message *m = m_store->loadConversation(s.conversationId)->message(s.messageId);
    QCOMPARE(m->text, QStringLiteral("partial"));
    QCOMPARE(m->state, Message::State::Stopped);
}

void TstStreamPersister::failedWriteIsRetried()
{
    QSqlQuery trap(m_db->connection());
    QVERIFY(
        trap.exec(QStringLiteral("CREATE TEMP TRIGGER full BEFORE INSERT ON stream_chunks "
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
    QVERIFY(trap.exec(QStringLiteral("DROP TRIGGER temp.full")));
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
    const Message *m = m_store->loadConversation(s.conversationId)->message(s.messageId);
    QCOMPARE(m->state, Message::State::Stopped);
    QCOMPARE(m->text, QStringLiteral("still "));
    QVERIFY(!QFile::exists(m_store->streamLockPath(s.messageId)));
}

QTEST_GUILESS_MAIN(TstStreamPersister)
#include "tst_streampersister.moc"

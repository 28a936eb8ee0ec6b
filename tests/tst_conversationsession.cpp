#include "chatclient.h"
#include "conversationsession.h"
#include "conversationstore.h"
#include "database.h"
#include "demoserver.h"
#include "fakeserver.h"
#include "parameters.h"
#include "storethread.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray chunk(const QJsonObject &delta, const QString &finishReason = {})
{
    return TestData::chatChunk(delta, finishReason);
}

QByteArray content(const QString &text)
{
    return chunk({ { u"content"_s, text } });
}

FakeResponse reply(const QString &text)
{
    return FakeResponse::sse({ chunk({ { u"reasoning_content"_s, u"Thinking."_s } }), content(text),
        chunk({}, u"stop"_s) });
}

// The roles and texts of a request's messages, as "role: text".
QStringList messagesOf(const RecordedRequest &request)
{
    QStringList list;
    for (const QJsonValue &m : request.json().value(u"messages"_s).toArray())
        list << m[u"role"_s].toString() + u": "_s + m[u"content"_s].toString();
    return list;
}

// How many images each of a request's messages carries.
QList<int> imagesOf(const RecordedRequest &request)
{
    QList<int> counts;
    for (const QJsonValue &m : request.json().value(u"messages"_s).toArray()) {
        int images = 0;
        for (const QJsonValue &part : m[u"content"_s].toArray())
            images += part[u"type"_s].toString() == u"image_url"_s ? 1 : 0;
        counts << images;
    }
    return counts;
}

bool waitIdle(ConversationSession &session)
{
    return QTest::qWaitFor([&] { return !session.isStreaming(); }, 10000);
}

} // namespace

class TstConversationSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sendStreamsIntoTheModelAndTheStore();
    void sendWithoutAModelIsRefusedAtOnce();
    void followUpSendsTheHistory();
    void stopKeepsWhatArrived();
    void regenerateMakesASiblingAndTheSwitcherMoves();
    void editAndResendMakesASiblingQuestion();
    void errorKeepsTheServersWordsAndRetryWorks();
    void twoConversationsStreamAtOnce();
    void partlyLoadedConversationSendsTheWholeHistory();
    void noModelNoRequest();
    void stopBeforeTheReplyStartsSendsNothing();
    void sentQuestionIsNotKeptAsDraft();
    void closingWhileStreamingSavesTheReplyStopped();
    void continueAddsToAReplyCutAtTheLimit();
    void deleteShowsTheConversationWithoutTheMessage();
    void demoCutsALongReplyAndContinuesIt();
    void reasoningGoesBackOnlyWhenTheProviderWantsIt();
    void parametersSetUnsetAndInheritedReachTheRequestExactly();
    void nCandidatesBecomeSiblings();
    void everyParameterReachesTheRequestAsSet_data();
    void everyParameterReachesTheRequestAsSet();
    void imageTurnsLeaveOlderImagesOut_data();
    void imageTurnsLeaveOlderImagesOut();
    void setImageTurnsIsStoredAndApplied();

private:
    ConversationSession *newSession();
    Conversation stored(qint64 id);
    // Two questions with an image each, both answered.
    qint64 conversationWithTwoImages(int imageTurns);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<StoreThread> m_store;
    QList<ConversationSession *> m_sessions;
};

void TstConversationSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<ChatClient>(m_network.get());
    ProviderConfig provider;
    provider.endpoint = Endpoint::fromUserInput(m_server->baseUrl().toString());
    provider.apiKey = u"sk-test-secret"_s;
    m_client->setProvider(provider);
    m_store = std::make_unique<StoreThread>();
    QVERIFY(m_store->open(m_dir->filePath(u"confab.sqlite"_s)));
}

void TstConversationSession::cleanup()
{
    qDeleteAll(m_sessions);
    m_sessions.clear();
    m_store.reset();
    m_client.reset();
    m_network.reset();
    m_server.reset();
    m_dir.reset();
}

ConversationSession *TstConversationSession::newSession()
{
    auto *session = new ConversationSession(m_store.get(), m_client.get());
    new QAbstractItemModelTester(
        session->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, session);
    session->model()->setCoalescingInterval(0);
    m_sessions << session;
    return session;
}

Conversation TstConversationSession::stored(qint64 id)
{
    m_store->waitForIdle();
    return m_store->call([id](ConversationStore &s) { return s.loadConversation(id); })
        .value_or(Conversation());
}

void TstConversationSession::sendWithoutAModelIsRefusedAtOnce()
{
    ConversationSession *session = newSession();
    session->startNew(QString());
    QSignalSpy failed(session, &ConversationSession::actionFailed);
    // False, so that the window keeps what the composer holds.
    QVERIFY(!session->send(u"Hello"_s));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(session->model()->rowCount(), 0);
    QCOMPARE(m_server->requestCount(), 0);
}

void TstConversationSession::sendStreamsIntoTheModelAndTheStore()
{
    m_server->enqueue(reply(u"Hi **there**"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QSignalSpy saved(session, &ConversationSession::conversationSaved);
    QVERIFY(session->send(u"Hello\nsecond line"_s));
    QVERIFY(waitIdle(*session));

    ActivePathModel *model = session->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0).data().toString(), u"Hello\nsecond line"_s);
    QCOMPARE(model->index(1).data().toString(), u"Hi **there**"_s);
    QCOMPARE(model->index(1).data(ActivePathModel::ReasoningRole).toString(), u"Thinking."_s);
    QCOMPARE(
        model->index(1).data(ActivePathModel::StateRole).toInt(), int(Message::State::Complete));
    QCOMPARE(model->index(1).data(ActivePathModel::ModelRole).toString(), u"test-model"_s);
    QVERIFY(session->conversationId() > 0);
    QCOMPARE(session->conversation().title, u"Hello"_s);
    QVERIFY(!saved.isEmpty());
    QVERIFY(saved.first().at(1).toBool()); // created

    const RecordedRequest request = m_server->lastRequest();
    QCOMPARE(messagesOf(request), QStringList { u"user: Hello\nsecond line"_s });
    QCOMPARE(request.json().value(u"model"_s).toString(), u"test-model"_s);
    QVERIFY(request.json().value(u"stream"_s).toBool());

    const Conversation c = stored(session->conversationId());
    QCOMPARE(c.title, u"Hello"_s);
    QCOMPARE(c.messages.size(), 2);
    QCOMPARE(c.messages.at(1).text, u"Hi **there**"_s);
    QCOMPARE(c.messages.at(1).reasoning, u"Thinking."_s);
    QCOMPARE(c.messages.at(1).state, Message::State::Complete);
    // How long it thought, for "Thought for N s" when the conversation is opened again.
    QVERIFY(c.messages.at(1).timings.reasoningMs >= 0);
    QCOMPARE(session->conversation().messages.at(1).timings.reasoningMs,
        c.messages.at(1).timings.reasoningMs);
}

void TstConversationSession::followUpSendsTheHistory()
{
    m_server->enqueue(reply(u"One"_s));
    m_server->enqueue(reply(u"Two"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"First"_s));
    QVERIFY(waitIdle(*session));
    QVERIFY(session->send(u"Second"_s));
    QVERIFY(waitIdle(*session));
    // Reasoning is not sent back.
    QCOMPARE(messagesOf(m_server->lastRequest()),
        (QStringList { u"user: First"_s, u"assistant: One"_s, u"user: Second"_s }));
    QCOMPARE(session->model()->rowCount(), 4);
    QCOMPARE(stored(session->conversationId()).activePath().size(), 4);
}

void TstConversationSession::stopKeepsWhatArrived()
{
    FakeResponse slow = FakeResponse::sse({ content(u"Partial answer"_s), content(u" more"_s) });
    slow.stallAfter = slow.body.indexOf("data: {", 10); // the first chunk, then silence
    m_server->enqueue(slow);
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Tell me"_s));
    ActivePathModel *model = session->model();
    QVERIFY(QTest::qWaitFor(
        [&] { return model->rowCount() == 2 && !model->index(1).data().toString().isEmpty(); }));
    QVERIFY(session->isStreaming());
    session->stop();
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->index(1).data().toString(), u"Partial answer"_s);
    QCOMPARE(
        model->index(1).data(ActivePathModel::StateRole).toInt(), int(Message::State::Stopped));
    const Conversation c = stored(session->conversationId());
    QCOMPARE(c.messages.at(1).text, u"Partial answer"_s);
    QCOMPARE(c.messages.at(1).state, Message::State::Stopped);
}

void TstConversationSession::regenerateMakesASiblingAndTheSwitcherMoves()
{
    m_server->enqueue(reply(u"First answer"_s));
    m_server->enqueue(reply(u"Second answer"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Q"_s));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    const qint64 first = model->index(1).data(ActivePathModel::IdRole).toLongLong();
    QVERIFY(session->regenerate(first));
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1).data().toString(), u"Second answer"_s);
    QCOMPARE(model->index(1).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(model->index(1).data(ActivePathModel::SiblingIndexRole).toInt(), 2);
    // The same question was asked again, without the first answer.
    QCOMPARE(messagesOf(m_server->lastRequest()), QStringList { u"user: Q"_s });

    QVERIFY(session->selectSibling(1, 1));
    QCOMPARE(model->index(1).data().toString(), u"First answer"_s);
    // Remembered: reopening shows the first answer.
    const qint64 id = session->conversationId();
    m_store->waitForIdle();
    const Conversation tail
        = *m_store->call([id](ConversationStore &s) { return s.loadTail(id, 10); });
    QCOMPARE(tail.activePath().last()->text, u"First answer"_s);
}

void TstConversationSession::editAndResendMakesASiblingQuestion()
{
    m_server->enqueue(reply(u"A1"_s));
    m_server->enqueue(reply(u"A2"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Original"_s));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    const qint64 question = model->index(0).data(ActivePathModel::IdRole).toLongLong();
    QVERIFY(session->editAndResend(question, u"Edited"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0).data().toString(), u"Edited"_s);
    QCOMPARE(model->index(0).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(model->index(1).data().toString(), u"A2"_s);
    QCOMPARE(messagesOf(m_server->lastRequest()), QStringList { u"user: Edited"_s });
    QVERIFY(session->selectSibling(0, 1));
    QCOMPARE(model->index(0).data().toString(), u"Original"_s);
    QCOMPARE(model->index(1).data().toString(), u"A1"_s);
}

void TstConversationSession::errorKeepsTheServersWordsAndRetryWorks()
{
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"The model `nope` does not exist","type":"invalid_request_error","code":"model_not_found"}})",
        404));
    m_server->enqueue(reply(u"Recovered"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Hi"_s));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    QCOMPARE(model->index(1).data(ActivePathModel::StateRole).toInt(), int(Message::State::Failed));
    const QString error = model->index(1).data(ActivePathModel::ErrorRole).toString();
    QVERIFY2(error.contains(u"does not exist"_s), qPrintable(error));
    const qint64 failed = model->index(1).data(ActivePathModel::IdRole).toLongLong();
    const auto failure = session->failure(failed);
    QVERIFY(failure);
    QCOMPARE(failure->error.httpStatus(), 404);
    QCOMPARE(failure->error.errorCode(), u"model_not_found"_s);
    QVERIFY(!failure->request.requestBody.isEmpty());
    QVERIFY(!failure->request.toCurl().contains(u"sk-test-secret"_s));

    QVERIFY(session->regenerate(failed)); // Retry
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->index(1).data().toString(), u"Recovered"_s);
    QCOMPARE(model->index(1).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(messagesOf(m_server->lastRequest()), QStringList { u"user: Hi"_s });
}

void TstConversationSession::twoConversationsStreamAtOnce()
{
    FakeResponse a = reply(u"Alpha reply"_s);
    a.chunkSize = 16;
    a.delayMs = 5;
    FakeResponse b = reply(u"Beta reply"_s);
    b.chunkSize = 16;
    b.delayMs = 5;
    m_server->enqueue(a);
    m_server->enqueue(b);
    ConversationSession *one = newSession();
    ConversationSession *two = newSession();
    one->startNew(u"test-model"_s);
    two->startNew(u"test-model"_s);
    QVERIFY(one->send(u"first"_s));
    QVERIFY(two->send(u"second"_s));
    QVERIFY(QTest::qWaitFor([&] { return one->isStreaming() && two->isStreaming(); }));
    QVERIFY(waitIdle(*one));
    QVERIFY(waitIdle(*two));
    QCOMPARE(one->model()->index(1).data().toString(), u"Alpha reply"_s);
    QCOMPARE(two->model()->index(1).data().toString(), u"Beta reply"_s);
    QVERIFY(one->conversationId() != two->conversationId());
    QCOMPARE(stored(two->conversationId()).messages.at(1).text, u"Beta reply"_s);
}

void TstConversationSession::partlyLoadedConversationSendsTheWholeHistory()
{
    const qint64 id = m_store->call([](ConversationStore &s) {
        Conversation c;
        c.model = u"test-model"_s;
        s.createConversation(c);
        qint64 parent = 0;
        for (int i = 0; i < 10; ++i) {
            Message m;
            m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
            m.parentId = parent;
            m.text = QString::number(i);
            s.addMessage(c.id, m);
            parent = m.id;
        }
        return c.id;
    });
    const Conversation tail
        = *m_store->call([id](ConversationStore &s) { return s.loadTail(id, 2); });
    QVERIFY(tail.isPartial());
    m_server->enqueue(reply(u"Eleven"_s));
    ConversationSession *session = newSession();
    session->open(tail);
    QCOMPARE(session->model()->rowCount(), 2);
    QVERIFY(session->send(u"10"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(messagesOf(m_server->lastRequest()).size(), 11);
    QCOMPARE(session->model()->rowCount(), 12); // the older rows arrived meanwhile
}

void TstConversationSession::noModelNoRequest()
{
    ConversationSession *session = newSession();
    session->startNew(QString());
    QSignalSpy failed(session, &ConversationSession::actionFailed);
    session->send(u"Hello"_s);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!session->send(u"   "_s));
    QCOMPARE(m_server->requestCount(), 0);
    QCOMPARE(session->model()->rowCount(), 0);
}

void TstConversationSession::stopBeforeTheReplyStartsSendsNothing()
{
    m_server->enqueue(reply(u"Should not be asked for"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Hi"_s));
    QVERIFY(session->isStreaming()); // on its way through the store
    session->stop();
    QVERIFY(waitIdle(*session));
    QTest::qWait(50);
    QCOMPARE(m_server->requestCount(), 0);
    QCOMPARE(session->model()->rowCount(), 2);
    QCOMPARE(session->model()->index(1).data(ActivePathModel::StateRole).toInt(),
        int(Message::State::Stopped));
    QCOMPARE(stored(session->conversationId()).messages.at(1).state, Message::State::Stopped);
}

void TstConversationSession::sentQuestionIsNotKeptAsDraft()
{
    m_server->enqueue(reply(u"Write-ahead logging."_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    session->setDraft(u"What is WAL?"_s); // typed, saved as a draft while typing
    QVERIFY(session->send(u"What is WAL?"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(session->conversation().draftText, QString());
    QCOMPARE(stored(session->conversationId()).draftText, QString());
}

void TstConversationSession::closingWhileStreamingSavesTheReplyStopped()
{
    FakeResponse slow = FakeResponse::sse({ content(u"Partial"_s), content(u" never"_s) });
    slow.stallAfter = slow.body.indexOf("data: {", 10);
    m_server->enqueue(slow);
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Go"_s));
    QVERIFY(QTest::qWaitFor([&] {
        return session->model()->rowCount() == 2
            && !session->model()->index(1).data().toString().isEmpty();
    }));
    const qint64 id = session->conversationId();
    m_sessions.removeOne(session);
    delete session; // the window closing
    const Conversation c = stored(id);
    QCOMPARE(c.messages.at(1).text, u"Partial"_s);
    QCOMPARE(c.messages.at(1).state, Message::State::Stopped);
}

void TstConversationSession::continueAddsToAReplyCutAtTheLimit()
{
    const QByteArray firstUsage
        = R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}})";
    const QByteArray secondUsage
        = R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":4}})";
    m_server->enqueue(
        FakeResponse::sse({ content(u"The first half"_s), chunk({}, u"length"_s), firstUsage }));
    m_server->enqueue(
        FakeResponse::sse({ content(u" and the rest."_s), chunk({}, u"stop"_s), secondUsage }));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"Q"_s));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    const qint64 id = model->index(1).data(ActivePathModel::IdRole).toLongLong();
    QCOMPARE(model->index(1).data(ActivePathModel::FinishReasonRole).toString(), u"length"_s);
    QVERIFY(!session->regenerate(0));

    QVERIFY(session->continueReply(id));
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->rowCount(), 2); // the same reply, longer
    QCOMPARE(model->index(1).data().toString(), u"The first half and the rest."_s);
    QCOMPARE(model->index(1).data(ActivePathModel::FinishReasonRole).toString(), u"stop"_s);
    QCOMPARE(
        model->index(1).data(ActivePathModel::StateRole).toInt(), int(Message::State::Complete));
    const QVariantMap usage = model->index(1).data(ActivePathModel::UsageRole).toMap();
    QCOMPARE(usage.value(u"completionTokens"_s).toLongLong(), 7);
    QCOMPARE(usage.value(u"promptTokens"_s).toLongLong(), 12);
    // The history with the reply as it was, then the request to go on.
    const QStringList sent = messagesOf(m_server->lastRequest());
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(0), u"user: Q"_s);
    QCOMPARE(sent.at(1), u"assistant: The first half"_s);
    QVERIFY(sent.at(2).startsWith(u"user: Continue"_s));

    const Conversation c = stored(session->conversationId());
    QCOMPARE(c.messages.size(), 2);
    QCOMPARE(c.message(id)->text, u"The first half and the rest."_s);
    QCOMPARE(c.message(id)->usage.completionTokens, 7);
    // Finished normally: nothing more to continue.
    QVERIFY(!session->continueReply(id));
}

void TstConversationSession::deleteShowsTheConversationWithoutTheMessage()
{
    m_server->enqueue(reply(u"One"_s));
    m_server->enqueue(reply(u"Two"_s));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    QVERIFY(session->send(u"First"_s));
    QVERIFY(waitIdle(*session));
    QVERIFY(session->send(u"Second"_s));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    const qint64 one = model->index(1).data(ActivePathModel::IdRole).toLongLong();
    QVERIFY(session->deleteMessage(one));
    QVERIFY(QTest::qWaitFor([&] { return model->rowCount() == 3; }));
    QCOMPARE(model->index(1).data().toString(), u"Second"_s);
    QCOMPARE(stored(session->conversationId()).messages.size(), 3);

    // Not while a reply streams.
    FakeResponse slow = FakeResponse::sse({ content(u"Slow"_s) });
    slow.stallAfter = 0;
    m_server->enqueue(slow);
    QVERIFY(session->send(u"Third"_s));
    QSignalSpy refused(session, &ConversationSession::actionFailed);
    QVERIFY(!session->deleteMessage(model->index(0).data(ActivePathModel::IdRole).toLongLong()));
    QCOMPARE(refused.size(), 1);
    session->stop();
    QVERIFY(waitIdle(*session));
}

void TstConversationSession::demoCutsALongReplyAndContinuesIt()
{
    DemoServer demo;
    demo.setTokensPerSecond(1000000);
    QVERIFY(demo.listen());
    ProviderConfig provider;
    provider.endpoint = Endpoint::fromUserInput(demo.baseUrl().toString());
    m_client->setProvider(provider);
    ConversationSession *session = newSession();
    session->startNew(DemoServer::modelName());
    const QString question = u"Something long, please"_s;
    QVERIFY(session->send(question));
    QVERIFY(waitIdle(*session));
    ActivePathModel *model = session->model();
    QCOMPARE(model->index(1).data(ActivePathModel::FinishReasonRole).toString(), u"length"_s);
    const QString whole = DemoServer::replyFor(question);
    const QString cut = model->index(1).data().toString();
    QVERIFY(cut.size() < whole.size());
    QVERIFY(whole.startsWith(cut));

    QVERIFY(session->continueReply(model->index(1).data(ActivePathModel::IdRole).toLongLong()));
    QVERIFY(waitIdle(*session));
    QCOMPARE(model->index(1).data(ActivePathModel::FinishReasonRole).toString(), u"stop"_s);
    QCOMPARE(model->index(1).data().toString(), whole);
}

void TstConversationSession::reasoningGoesBackOnlyWhenTheProviderWantsIt()
{
    for (const bool back : { false, true }) {
        ProviderConfig provider = m_client->provider();
        provider.sendReasoningBack = back;
        m_client->setProvider(provider);
        m_server->enqueue(reply(u"One"_s));
        m_server->enqueue(reply(u"Two"_s));
        ConversationSession *session = newSession();
        session->startNew(u"test-model"_s);
        QVERIFY(session->send(u"First"_s));
        QVERIFY(waitIdle(*session));
        QVERIFY(session->send(u"Second"_s));
        QVERIFY(waitIdle(*session));
        const QJsonObject answer
            = m_server->lastRequest().json().value(u"messages"_s).toArray().at(1).toObject();
        QCOMPARE(answer.value(u"role"_s).toString(), u"assistant"_s);
        QCOMPARE(answer.contains(u"reasoning_content"_s), back);
        if (back)
            QCOMPARE(answer.value(u"reasoning_content"_s).toString(), u"Thinking."_s);
    }
}

void TstConversationSession::parametersSetUnsetAndInheritedReachTheRequestExactly()
{
    ProviderConfig provider = m_client->provider();
    provider.defaultParameters
        = { { u"temperature"_s, 0.2 }, { u"max_tokens"_s, 256 }, { u"top_p"_s, 0.5 } };
    m_client->setProvider(provider);
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    session->setSystemPrompt(u"Be brief."_s);
    session->setParameters({ { u"temperature"_s, 1.3 }, { u"top_p"_s, QJsonValue() },
        { u"stop"_s, QJsonArray { u"END"_s } }, { u"seed"_s, 42 } });
    m_server->enqueue(reply(u"One"_s));
    QVERIFY(session->send(u"Q"_s));
    QVERIFY(waitIdle(*session));
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 1.3); // set here
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), 256); // inherited
    QVERIFY(!body.contains(u"top_p"_s)); // unset here: not sent
    QCOMPARE(body.value(u"stop"_s).toArray(), QJsonArray { u"END"_s });
    QCOMPARE(body.value(u"seed"_s).toInt(), 42);
    for (const char *absent : { "presence_penalty", "frequency_penalty", "n", "logit_bias", "user",
             "reasoning_effort", "response_format" })
        QVERIFY2(!body.contains(QLatin1StringView(absent)), absent);
    QCOMPARE(messagesOf(m_server->lastRequest()).first(), u"system: Be brief."_s);
    // Kept with the conversation.
    const Conversation c = stored(session->conversationId());
    QCOMPARE(c.parameters.value(u"seed"_s).toInt(), 42);
    QVERIFY(c.parameters.contains(u"top_p"_s) && c.parameters.value(u"top_p"_s).isNull());
    QCOMPARE(c.systemPrompt, u"Be brief."_s);

    // Stream off: asked for, and the whole reply still arrives.
    session->setParameters({ { u"stream"_s, false } });
    m_server->enqueue(FakeResponse::json(
        R"({"id":"x","object":"chat.completion","model":"test-model","choices":[{"index":0,"message":{"role":"assistant","content":"All at once"},"finish_reason":"stop"}]})"));
    QVERIFY(session->send(u"Again"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(m_server->lastRequest().json().value(u"stream"_s).toBool(true), false);
    QCOMPARE(session->model()->index(3).data().toString(), u"All at once"_s);
}

void TstConversationSession::nCandidatesBecomeSiblings()
{
    auto choice = [](int index, const QString &text, const QString &finish = {}) {
        QJsonObject c { { u"index"_s, index },
            { u"delta"_s, QJsonObject { { u"content"_s, text } } },
            { u"finish_reason"_s, finish.isEmpty() ? QJsonValue() : QJsonValue(finish) } };
        return QJsonDocument(
            QJsonObject { { u"id"_s, u"x"_s }, { u"choices"_s, QJsonArray { c } } })
            .toJson(QJsonDocument::Compact);
    };
    m_server->enqueue(FakeResponse::sse({ choice(0, u"First "_s), choice(1, u"Second "_s),
        choice(1, u"answer"_s, u"stop"_s), choice(0, u"answer"_s, u"stop"_s) }));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    session->setParameters({ { u"n"_s, 2 } });
    QVERIFY(session->send(u"Two ways?"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(m_server->lastRequest().json().value(u"n"_s).toInt(), 2);
    ActivePathModel *model = session->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1).data().toString(), u"First answer"_s);
    QCOMPARE(model->index(1).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(model->index(1).data(ActivePathModel::SiblingIndexRole).toInt(), 1);
    QVERIFY(session->selectSibling(1, 2));
    QCOMPARE(model->index(1).data().toString(), u"Second answer"_s);
    const Conversation c = stored(session->conversationId());
    QCOMPARE(c.messages.size(), 3);
    QStringList texts;
    for (const Message &m : c.messages)
        texts << m.text;
    QVERIFY(texts.contains(u"First answer"_s) && texts.contains(u"Second answer"_s));
}

void TstConversationSession::everyParameterReachesTheRequestAsSet_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    const QHash<QString, QJsonValue> samples {
        { u"temperature"_s, 0.7 },
        { u"top_p"_s, 0.9 },
        { u"max_tokens"_s, 128 },
        { u"max_completion_tokens"_s, 256 },
        { u"presence_penalty"_s, -0.5 },
        { u"frequency_penalty"_s, 1.5 },
        { u"stop"_s, QJsonArray { u"END"_s, u"\n\n"_s } },
        { u"seed"_s, 1234567890123.0 },
        { u"reasoning_effort"_s, u"high"_s },
        { u"enable_thinking"_s, false },
        { u"response_format"_s, QJsonObject { { u"type"_s, u"json_object"_s } } },
        { u"web_search_options"_s, QJsonObject { { u"search_context_size"_s, u"low"_s } } },
        { u"logit_bias"_s, QJsonObject { { u"50256"_s, -100 } } },
        { u"user"_s, u"user-42"_s },
    };
    for (const Parameters::Field &f : Parameters::fields()) {
        const QString key = QLatin1StringView(f.key);
        if (key == u"n"_s || key == u"stream"_s)
            continue; // their own tests: candidates, a reply that is not streamed
        QVERIFY2(samples.contains(key), f.key); // a new field needs a sample here
        QTest::newRow(f.key) << key << samples.value(key);
    }
}

void TstConversationSession::everyParameterReachesTheRequestAsSet()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QVERIFY2(Parameters::check(key, value).isEmpty(), qPrintable(Parameters::check(key, value)));
    ConversationSession *session = newSession();
    session->startNew(u"test-model"_s);
    session->setParameters({ { key, value } });
    m_server->enqueue(reply(u"ok"_s));
    QVERIFY(session->send(u"Q"_s));
    QVERIFY(waitIdle(*session));
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(key), value);
    // Nothing else of the panel's fields was sent.
    for (const Parameters::Field &f : Parameters::fields()) {
        const QString other = QLatin1StringView(f.key);
        if (other != key && other != u"stream"_s)
            QVERIFY2(!body.contains(other), f.key);
    }
}

qint64 TstConversationSession::conversationWithTwoImages(int imageTurns)
{
    return m_store->call([imageTurns](ConversationStore &s) {
        Conversation c;
        c.model = u"test-model"_s;
        c.imageTurns = imageTurns;
        s.createConversation(c);
        qint64 parent = 0;
        for (const char *name : { "first", "second" }) {
            Message question;
            question.role = ChatMessage::Role::User;
            question.parentId = parent;
            question.text = QString::fromLatin1(name);
            ImageRef image;
            image.hash = s.storeImage(QByteArray("image bytes of the ") + name, "image/png");
            image.mimeType = "image/png";
            question.images = { image };
            s.addMessage(c.id, question);
            Message answer;
            answer.role = ChatMessage::Role::Assistant;
            answer.parentId = question.id;
            answer.text = u"Seen."_s;
            s.addMessage(c.id, answer);
            parent = answer.id;
        }
        return c.id;
    });
}

void TstConversationSession::imageTurnsLeaveOlderImagesOut_data()
{
    QTest::addColumn<int>("imageTurns");
    QTest::addColumn<QList<int>>("images"); // per message of the request
    // Two questions with an image each, then one without: the one asked.
    QTest::newRow("all") << -1 << QList<int> { 1, 0, 1, 0, 0 };
    QTest::newRow("the question asked") << 1 << QList<int> { 0, 0, 0, 0, 0 };
    QTest::newRow("0 counts as 1") << 0 << QList<int> { 0, 0, 0, 0, 0 };
    QTest::newRow("the last two questions") << 2 << QList<int> { 0, 0, 1, 0, 0 };
    QTest::newRow("three") << 3 << QList<int> { 1, 0, 1, 0, 0 };
}

void TstConversationSession::imageTurnsLeaveOlderImagesOut()
{
    QFETCH(int, imageTurns);
    QFETCH(QList<int>, images);
    const qint64 id = conversationWithTwoImages(imageTurns);
    m_server->enqueue(reply(u"Three"_s));
    ConversationSession *session = newSession();
    session->open(stored(id));
    QCOMPARE(session->conversation().imageTurns, imageTurns);
    QVERIFY(session->send(u"And now?"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(imagesOf(m_server->lastRequest()), images);
    // The messages whose images were left out still went, with their text.
    QCOMPARE(m_server->lastRequest().json().value(u"messages"_s).toArray().size(), 5);
}

void TstConversationSession::setImageTurnsIsStoredAndApplied()
{
    const qint64 id = conversationWithTwoImages(-1);
    m_server->enqueue(reply(u"Three"_s));
    ConversationSession *session = newSession();
    session->open(stored(id));
    session->setImageTurns(2);
    QCOMPARE(session->conversation().imageTurns, 2);
    QCOMPARE(stored(id).imageTurns, 2);
    session->setDraft(u"a later header write"_s); // keeps the choice
    QCOMPARE(stored(id).imageTurns, 2);
    QVERIFY(session->send(u"And now?"_s));
    QVERIFY(waitIdle(*session));
    QCOMPARE(imagesOf(m_server->lastRequest()), (QList<int> { 0, 0, 1, 0, 0 }));
    QCOMPARE(stored(id).imageTurns, 2);

    // A new conversation keeps its choice until its first question stores it.
    m_server->enqueue(reply(u"A picture."_s));
    ConversationSession *fresh = newSession();
    fresh->startNew(u"test-model"_s);
    fresh->setImageTurns(1);
    ImageRef image;
    image.hash = m_store->call(
        [](ConversationStore &s) { return s.storeImage("a new picture", "image/png"); });
    image.mimeType = "image/png";
    QVERIFY(fresh->send(u"What is this?"_s, { image }));
    QVERIFY(waitIdle(*fresh));
    QCOMPARE(imagesOf(m_server->lastRequest()), QList<int> { 1 }); // its own, always
    QCOMPARE(stored(fresh->conversationId()).imageTurns, 1);
}

QTEST_GUILESS_MAIN(TstConversationSession)

#include "tst_conversationsession.moc"

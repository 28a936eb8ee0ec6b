// ChatClient and ChatReply end to end: real QNetworkAccessManager, real sockets, a scripted
// server on 127.0.0.1 that misbehaves the way real providers and gateways do.
#include "chatclient.h"
#include "fakeserver.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

constexpr char Key[] = "sk-test-0123456789abcdef";
constexpr int DoneTimeoutMs = 5000;

ProviderConfig providerFor(const QUrl &base, const QString &key = QString::fromLatin1(Key))
{
    ProviderConfig provider;
    provider.endpoint = Endpoint::fromUserInput(base.toString());
    provider.apiKey = key;
    // Tests must not depend on the proxy settings of the machine that runs them.
    provider.proxy = ProxyConfig::none();
    provider.connectTimeoutMs = 5000;
    provider.inactivityTimeoutMs = 5000;
    return provider;
}

ChatRequest chatRequest(bool streaming = true)
{
    ChatRequest request;
    request.model = u"test-model"_s;
    request.messages = { ChatMessage::user(u"Hello"_s) };
    request.stream = streaming;
    return request;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray chunkWithDelta(const QJsonObject &delta, int index = 0, const QString &finishReason = {})
{
    const QJsonObject choice { { u"index"_s, index }, { u"delta"_s, delta },
        { u"finish_reason"_s,
            finishReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(finishReason) } };
    return compact({ { u"id"_s, u"chatcmpl-1"_s }, { u"object"_s, u"chat.completion.chunk"_s },
        { u"model"_s, u"test-model"_s }, { u"choices"_s, QJsonArray { choice } } });
}

QByteArray contentChunk(const QString &text, int index = 0, const QString &finishReason = {})
{
    return chunkWithDelta({ { u"content"_s, text } }, index, finishReason);
}

QByteArray stopChunk(int index = 0)
{
    return chunkWithDelta({}, index, u"stop"_s);
}

QByteArray completionJson(const QString &content)
{
    const QJsonObject message { { u"role"_s, u"assistant"_s }, { u"content"_s, content } };
    const QJsonObject choice { { u"index"_s, 0 }, { u"message"_s, message },
        { u"finish_reason"_s, u"stop"_s } };
    return compact({ { u"id"_s, u"chatcmpl-2"_s }, { u"object"_s, u"chat.completion"_s },
        { u"model"_s, u"test-model"_s }, { u"choices"_s, QJsonArray { choice } },
        { u"usage"_s,
            QJsonObject { { u"prompt_tokens"_s, 3 }, { u"completion_tokens"_s, 2 },
                { u"total_tokens"_s, 5 } } } });
}

// A PNG that compresses badly, as photographs do: about 180 KB for 300 x 200.
QByteArray noisyPng(int width, int height)
{
    return TestData::encodedImage(TestData::noisyImage(width, height, 42), "PNG");
}

FakeResponse goodStream(const QString &text = u"Hi there"_s)
{
    return FakeResponse::sse({ contentChunk(text), stopChunk() });
}

// Everything one ChatReply emits.
class Watch
{
public:
    explicit Watch(ChatReply *reply)
        : reply(reply)
        , finished(reply, &ChatReply::finished)
        , failed(reply, &ChatReply::failed)
        , usageChanged(reply, &ChatReply::usageChanged)
        , toolCallsChanged(reply, &ChatReply::toolCallsChanged)
        , streamOptionsRejected(reply, &ChatReply::streamOptionsRejected)
    {
        QObject::connect(
            reply, &ChatReply::contentDelta, reply, [this](int choice, const QString &text) {
                content[choice] += text;
                ++contentDeltas;
                order += u'c';
            });
        QObject::connect(
            reply, &ChatReply::reasoningDelta, reply, [this](int choice, const QString &text) {
                reasoning[choice] += text;
                order += u'r';
            });
        QObject::connect(
            reply, &ChatReply::failed, reply, [this](const ApiError &e) { error = e; });
    }

    bool isDone() const { return finished.count() + failed.count() > 0; }
    // A real event loop: QTest::qWaitFor() sleeps 10 ms between rounds, which turns a stream
    // sent byte by byte into seconds.
    bool waitDone(int timeoutMs = DoneTimeoutMs)
    {
        if (isDone() || !reply)
            return isDone();
        QEventLoop loop;
        QObject::connect(reply, &ChatReply::finished, &loop, &QEventLoop::quit);
        QObject::connect(reply, &ChatReply::failed, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        return isDone();
    }
    // Gives a second finished() or failed() the chance to show itself.
    static void settle() { QTest::qWait(50); }

    QPointer<ChatReply> reply;
    QSignalSpy finished;
    QSignalSpy failed;
    QSignalSpy usageChanged;
    QSignalSpy toolCallsChanged;
    QSignalSpy streamOptionsRejected;
    QHash<int, QString> content;
    QHash<int, QString> reasoning;
    QString order; // 'r' and 'c' per reasoning or content delta, in arrival order
    int contentDeltas = 0;
    ApiError error;
};

} // namespace

// Waits for the end and checks it was exactly one finished() and no failed().
#define EXPECT_FINISHED(watch)                                                                     \
    do {                                                                                           \
        QVERIFY2((watch).waitDone(), "the reply neither finished nor failed");                     \
        Watch::settle();                                                                           \
        QVERIFY2((watch).failed.isEmpty(), qPrintable((watch).error.message()));                   \
        QCOMPARE((watch).finished.count(), 1);                                                     \
    } while (false)

// Waits for the end and checks it was exactly one failed() and no finished().
#define EXPECT_FAILED(watch)                                                                       \
    do {                                                                                           \
        QVERIFY2((watch).waitDone(), "the reply neither finished nor failed");                     \
        Watch::settle();                                                                           \
        QCOMPARE((watch).finished.count(), 0);                                                     \
        QCOMPARE((watch).failed.count(), 1);                                                       \
    } while (false)

class TestChatClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void defaultHeaders_data();
    void defaultHeaders();
    void customHeaders();
    void unsetFieldsAbsent();
    void streamOptions_data();
    void streamOptions();

    void unicodeByteByByte_data();
    void unicodeByteByByte();
    void crOnlyLineEnds();
    void keepAliveComments();
    void usageOnlyLastChunk();
    void interleavedChoices();
    void toolCallInTenPieces();
    void reasoningBeforeContent();
    void plainJsonForStreamingRequest();
    void timeToFirstToken();
    void generatedImageInSmallReads();
    void generatedImagesInCompletion();

    void seedGatewayError();
    void htmlErrorPage();
    void httpErrors_data();
    void httpErrors();
    void echoedKeyRedacted();
    void htmlWithStatus200();
    void cutOffMidEvent_data();
    void cutOffMidEvent();
    void finishReasonWithoutDone_data();
    void finishReasonWithoutDone();
    void inStreamError_data();
    void inStreamError();

    void streamOptionsRetry();
    void otherBadRequestNotRetried();
    void echoedRequestDoesNotTriggerRetry();
    void failedRetryIsNotLearned();
    void cancelFromDeltaSlot();
    void oneUnfinishedChoiceIsCutOff();

    void cancelMidStream();
    void cancelAfterFinished();
    void inactivityTimeout();
    void keepAliveResetsInactivity();
    void connectTimeout();
    void connectionRefused();
    void untrustedCertificateRefused();
    void invalidEndpoint();

    void concurrentReplies();
    void httpProxy();
    void proxyRefused();
    void trace();

private:
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<ChatClient> m_client;
};

void TestChatClient::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<ChatClient>(m_nam.get());
    m_client->setProvider(providerFor(m_server->baseUrl()));
}

void TestChatClient::cleanup()
{
    // Replies are children of the client; they go before the manager they use.
    m_client.reset();
    m_nam.reset();
    m_server.reset();
}

void TestChatClient::defaultHeaders_data()
{
    QTest::addColumn<bool>("streaming");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QByteArray>("authorization"); // empty: absent

    QTest::newRow("streaming") << true << u"sk-abc123"_s << QByteArray("text/event-stream")
                               << QByteArray("Bearer sk-abc123");
    QTest::newRow("not streaming") << false << u"sk-abc123"_s << QByteArray("application/json")
                                   << QByteArray("Bearer sk-abc123");
    QTest::newRow("no key") << true << QString() << QByteArray("text/event-stream") << QByteArray();
}

void TestChatClient::defaultHeaders()
{
    QFETCH(bool, streaming);
    QFETCH(QString, key);
    QFETCH(QByteArray, accept);
    QFETCH(QByteArray, authorization);

    m_client->setProvider(providerFor(m_server->baseUrl(), key));
    m_server->enqueue(streaming ? goodStream() : FakeResponse::json(completionJson(u"Hi there"_s)));
    Watch watch(m_client->send(chatRequest(streaming)));
    EXPECT_FINISHED(watch);

    QCOMPARE(m_server->requestCount(), 1);
    const RecordedRequest request = m_server->lastRequest();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("Accept"), accept);
    QCOMPARE(request.hasHeader("Authorization"), !authorization.isEmpty());
    QCOMPARE(request.header("Authorization"), authorization);
    QVERIFY2(request.header("User-Agent").startsWith("Confab/"), request.header("User-Agent"));
    QCOMPARE(watch.content.value(0), u"Hi there"_s);
}

void TestChatClient::customHeaders()
{
    ProviderConfig provider = providerFor(m_server->baseUrl());
    provider.headers = { { "X-Gateway-Tenant", "team-7" }, { "User-Agent", "CorpAgent/2.0" },
        { "Accept", "*/*" } };
    m_client->setProvider(provider);
    m_server->enqueue(goodStream());
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FINISHED(watch);

    const RecordedRequest request = m_server->lastRequest();
    QCOMPARE(request.header("X-Gateway-Tenant"), QByteArray("team-7"));
    QCOMPARE(request.header("User-Agent"), QByteArray("CorpAgent/2.0"));
    QCOMPARE(request.header("Accept"), QByteArray("*/*"));
    // Overridden, not sent twice.
    const auto sameName = [&](const QByteArray &name) {
        return std::count_if(request.headers.cbegin(), request.headers.cend(),
            [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    };
    QCOMPARE(sameName("User-Agent"), 1);
    QCOMPARE(sameName("Accept"), 1);
    QCOMPARE(request.header("Authorization"), "Bearer " + QByteArray(Key));
}

void TestChatClient::unsetFieldsAbsent()
{
    m_server->enqueue(goodStream());
    m_server->enqueue(goodStream());

    Watch unset(m_client->send(chatRequest()));
    EXPECT_FINISHED(unset);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"model"_s).toString(), u"test-model"_s);
    QCOMPARE(body.value(u"stream"_s).toBool(), true);
    QCOMPARE(body.value(u"messages"_s).toArray().first()[u"content"_s].toString(), u"Hello"_s);
    for (const QString &key : { u"temperature"_s, u"top_p"_s, u"max_tokens"_s, u"n"_s, u"stop"_s,
             u"seed"_s, u"tools"_s, u"response_format"_s })
        QVERIFY2(!body.contains(key), qPrintable(key));

    ChatRequest request = chatRequest();
    request.temperature = 0.25;
    Watch set(m_client->send(request));
    EXPECT_FINISHED(set);
    QCOMPARE(m_server->lastRequest().json().value(u"temperature"_s).toDouble(), 0.25);
    // A finished stream leaves its connection fit for the next request.
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestChatClient::streamOptions_data()
{
    QTest::addColumn<bool>("streaming");
    QTest::addColumn<ProviderConfig::StreamUsage>("usage");
    QTest::addColumn<bool>("expected");

    QTest::newRow("streaming, automatic") << true << ProviderConfig::StreamUsage::Automatic << true;
    QTest::newRow("streaming, always") << true << ProviderConfig::StreamUsage::Always << true;
    QTest::newRow("streaming, never") << true << ProviderConfig::StreamUsage::Never << false;
    QTest::newRow("not streaming") << false << ProviderConfig::StreamUsage::Automatic << false;
}

void TestChatClient::streamOptions()
{
    QFETCH(bool, streaming);
    QFETCH(ProviderConfig::StreamUsage, usage);
    QFETCH(bool, expected);

    ProviderConfig provider = providerFor(m_server->baseUrl());
    provider.streamUsage = usage;
    m_client->setProvider(provider);
    m_server->enqueue(streaming ? goodStream() : FakeResponse::json(completionJson(u"Hi there"_s)));
    Watch watch(m_client->send(chatRequest(streaming)));
    EXPECT_FINISHED(watch);

    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.contains(u"stream_options"_s), expected);
    if (expected)
        QCOMPARE(body[u"stream_options"_s][u"include_usage"_s], QJsonValue(true));
}

void TestChatClient::unicodeByteByByte_data()
{
    QTest::addColumn<FakeResponse::Framing>("framing");
    QTest::newRow("chunked") << FakeResponse::Framing::Chunked;
    QTest::newRow("content-length") << FakeResponse::Framing::ContentLength;
    QTest::newRow("close") << FakeResponse::Framing::Close;
}

void TestChatClient::unicodeByteByByte()
{
    QFETCH(FakeResponse::Framing, framing);

    // Three- and four-byte UTF-8 sequences, split between events and between every byte.
    const QString first = u"你好，"_s;
    const QString second = u"世界 😀"_s;
    FakeResponse response
        = FakeResponse::sse({ contentChunk(first), contentChunk(second), stopChunk() });
    response.framing = framing;
    response.chunkSize = 1;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.content.value(0), first + second);
    QVERIFY(!watch.content.value(0).contains(QChar::ReplacementCharacter));
    QCOMPARE(reply->result().choices.size(), 1);
    QCOMPARE(reply->result().choices.at(0).content, first + second);
    QCOMPARE(reply->result().choices.at(0).finishReason, u"stop"_s);
}

void TestChatClient::crOnlyLineEnds()
{
    FakeResponse response = FakeResponse::sse({});
    response.body = "data: " + contentChunk(u"old "_s) + "\r\r" + "data: " + contentChunk(u"Mac"_s)
        + "\r\r" + "data: " + stopChunk() + "\r\rdata: [DONE]\r\r";
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.content.value(0), u"old Mac"_s);
    QCOMPARE(reply->result().choices.at(0).content, u"old Mac"_s);
    QVERIFY(reply->result().doneMarker);
}

void TestChatClient::keepAliveComments()
{
    FakeResponse response = FakeResponse::sse({});
    response.body = ": PING\n\n" + ("data: " + contentChunk(u"one"_s) + "\n\n") + ": PING\n\n"
        + ": OPENROUTER PROCESSING\n\n" + ("data: " + contentChunk(u" two"_s) + "\n\n")
        + ": PING\n\n" + ("data: " + stopChunk() + "\n\n") + ": PING\n\n" + "data: [DONE]\n\n";
    response.chunkSize = 7;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.content.value(0), u"one two"_s);
    QCOMPARE(reply->result().choices.size(), 1);
}

void TestChatClient::usageOnlyLastChunk()
{
    const QByteArray usage
        = R"({"id":"chatcmpl-1","object":"chat.completion.chunk","model":"test-model",)"
          R"("choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,)"
          R"("total_tokens":18,"completion_tokens_details":{"reasoning_tokens":3}}})";
    m_server->enqueue(FakeResponse::sse({ contentChunk(u"counted"_s), stopChunk(), usage }));

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QVERIFY(watch.usageChanged.count() >= 1);
    QVERIFY(reply->result().hasUsage());
    const Usage u = reply->result().usage();
    QCOMPARE(u.promptTokens, 11);
    QCOMPARE(u.completionTokens, 7);
    QCOMPARE(u.totalTokens, 18);
    QCOMPARE(u.reasoningTokens, 3);
    // The empty choices array did not add or disturb a choice.
    QCOMPARE(reply->result().choices.size(), 1);
    QCOMPARE(reply->result().choices.at(0).content, u"counted"_s);
}

void TestChatClient::interleavedChoices()
{
    QList<QByteArray> events;
    const QStringList words { u"alpha "_s, u"beta "_s, u"gamma"_s };
    for (const QString &word : words) {
        for (int choice : { 2, 0, 1 })
            events << contentChunk(QString::number(choice) + word, choice);
    }
    for (int choice : { 1, 2, 0 })
        events << stopChunk(choice);
    ChatRequest request = chatRequest();
    request.n = 3;
    m_server->enqueue(FakeResponse::sse(events));

    ChatReply *reply = m_client->send(request);
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(reply->result().choices.size(), 3);
    for (int choice = 0; choice < 3; ++choice) {
        const QString n = QString::number(choice);
        const QString expected = n + u"alpha "_s + n + u"beta "_s + n + u"gamma"_s;
        QCOMPARE(reply->result().choices.at(choice).index, choice);
        QCOMPARE(reply->result().choices.at(choice).content, expected);
        QCOMPARE(reply->result().choices.at(choice).finishReason, u"stop"_s);
        QCOMPARE(watch.content.value(choice), expected);
    }
}

void TestChatClient::toolCallInTenPieces()
{
    const QString arguments = uR"({"city":"Paris","unit":"celsius","days":3})"_s;
    QList<QByteArray> events;
    const QJsonObject start { { u"index"_s, 0 }, { u"id"_s, u"call_abc123"_s },
        { u"type"_s, u"function"_s },
        { u"function"_s,
            QJsonObject { { u"name"_s, u"get_weather"_s }, { u"arguments"_s, u""_s } } } };
    events << chunkWithDelta({ { u"role"_s, u"assistant"_s }, { u"content"_s, QJsonValue::Null },
        { u"tool_calls"_s, QJsonArray { start } } });
    for (qsizetype i = 0; i < 10; ++i) {
        const qsizetype from = i * arguments.size() / 10;
        const qsizetype to = (i + 1) * arguments.size() / 10;
        const QJsonObject piece { { u"index"_s, 0 },
            { u"function"_s, QJsonObject { { u"arguments"_s, arguments.mid(from, to - from) } } } };
        events << chunkWithDelta({ { u"tool_calls"_s, QJsonArray { piece } } });
    }
    events << chunkWithDelta({}, 0, u"tool_calls"_s);
    m_server->enqueue(FakeResponse::sse(events));

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QVERIFY(watch.toolCallsChanged.count() >= 1);
    QCOMPARE(watch.toolCallsChanged.first().first().toInt(), 0);
    const ChoiceResult &choice = reply->result().choices.at(0);
    QCOMPARE(choice.toolCalls.size(), 1);
    QCOMPARE(choice.toolCalls.at(0).id, u"call_abc123"_s);
    QCOMPARE(choice.toolCalls.at(0).type, u"function"_s);
    QCOMPARE(choice.toolCalls.at(0).name, u"get_weather"_s);
    QCOMPARE(choice.toolCalls.at(0).arguments, arguments);
    QCOMPARE(choice.finishReason, u"tool_calls"_s);
    QVERIFY(choice.content.isEmpty());
}

void TestChatClient::reasoningBeforeContent()
{
    m_server->enqueue(FakeResponse::sse({
        chunkWithDelta({ { u"role"_s, u"assistant"_s }, { u"reasoning_content"_s, u"Let me "_s } }),
        chunkWithDelta({ { u"reasoning_content"_s, u"think."_s } }),
        chunkWithDelta(
            { { u"content"_s, u"The answer"_s }, { u"reasoning_content"_s, QJsonValue::Null } }),
        contentChunk(u" is 42."_s),
        stopChunk(),
    }));

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.reasoning.value(0), u"Let me think."_s);
    QCOMPARE(watch.content.value(0), u"The answer is 42."_s);
    QVERIFY2(watch.order.startsWith(u'r') && watch.order.endsWith(u'c'), qPrintable(watch.order));
    QCOMPARE(reply->result().choices.at(0).reasoning, u"Let me think."_s);
    QCOMPARE(reply->result().choices.at(0).content, u"The answer is 42."_s);
}

// The base64 of an image arrives on one SSE line of hundreds of KB, read 1 KB at a time.
void TestChatClient::generatedImageInSmallReads()
{
    const QByteArray png = noisyPng(300, 200);
    const QString url = u"data:image/png;base64,"_s + QString::fromLatin1(png.toBase64());
    FakeResponse response = FakeResponse::sse({ contentChunk(u"A sunset:"_s),
        chunkWithDelta({ { u"content"_s, u""_s }, { u"images"_s, TestData::imageParts({ url }) } },
            0, u"stop"_s) });
    response.chunkSize = 1024;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    QSignalSpy imagesChanged(reply, &ChatReply::imagesChanged);
    EXPECT_FINISHED(watch);
    QCOMPARE(imagesChanged.count(), 1);
    QCOMPARE(imagesChanged.first().first().toInt(), 0);
    QCOMPARE(watch.content.value(0), u"A sunset:"_s);
    const ChoiceResult &choice = reply->result().choices.at(0);
    QCOMPARE(choice.images.size(), 1);
    QVERIFY(choice.images.at(0).bytes == png);
    QCOMPARE(choice.images.at(0).mimeType, QByteArray("image/png"));
    QCOMPARE(choice.images.at(0).width, 300);
    QCOMPARE(choice.images.at(0).height, 200);
}

void TestChatClient::generatedImagesInCompletion()
{
    const QByteArray png = noisyPng(16, 12);
    const QJsonObject message { { u"role"_s, u"assistant"_s }, { u"content"_s, u"Two."_s },
        { u"images"_s,
            TestData::imageParts(
                { u"data:image/jpeg;base64,"_s + QString::fromLatin1(png.toBase64()),
                    u"https://cdn.example.com/b.png"_s }) } };
    const QJsonObject choice { { u"index"_s, 0 }, { u"message"_s, message },
        { u"finish_reason"_s, u"stop"_s } };
    m_server->enqueue(FakeResponse::json(compact({ { u"id"_s, u"gen-9"_s },
        { u"object"_s, u"chat.completion"_s }, { u"choices"_s, QJsonArray { choice } } })));

    ChatReply *reply = m_client->send(chatRequest(false));
    Watch watch(reply);
    QSignalSpy imagesChanged(reply, &ChatReply::imagesChanged);
    EXPECT_FINISHED(watch);
    QCOMPARE(imagesChanged.count(), 1);
    const ChoiceResult &result = reply->result().choices.at(0);
    QCOMPARE(result.content, u"Two."_s);
    QCOMPARE(result.images.size(), 2);
    QCOMPARE(result.images.at(0).bytes, png);
    QCOMPARE(result.images.at(0).mimeType, QByteArray("image/png")); // from the bytes
    QCOMPARE(result.images.at(1).url, u"https://cdn.example.com/b.png"_s);
    QVERIFY(result.images.at(1).isRemote());
}

void TestChatClient::plainJsonForStreamingRequest()
{
    // Some servers ignore stream:true and answer one JSON completion.
    m_server->enqueue(FakeResponse::json(completionJson(u"Plain answer"_s)));
    ChatReply *reply = m_client->send(chatRequest(true));
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.content.value(0), u"Plain answer"_s);
    QCOMPARE(reply->result().choices.at(0).content, u"Plain answer"_s);
    QCOMPARE(reply->result().usage().totalTokens, 5);
}

void TestChatClient::timeToFirstToken()
{
    FakeResponse response = goodStream(u"first"_s);
    response.headerDelayMs = 20;
    m_server->enqueue(response);
    ChatReply *reply = m_client->send(chatRequest());
    QCOMPARE(reply->timeToFirstTokenMs(), -1);
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QVERIFY(reply->timeToFirstTokenMs() >= 0);
    QVERIFY(reply->timeToFirstTokenMs() <= reply->elapsedMs());
}

void TestChatClient::seedGatewayError()
{
    // The gateway answers a bad key with status 200 and its own JSON, even to a stream request.
    m_server->enqueue(
        FakeResponse::json(R"({"codes":900,"mess":"密钥错误或已过期","data":"token"})"));
    ChatReply *reply = m_client->send(chatRequest(true));
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Unauthorized);
    QVERIFY2(
        watch.error.message().contains(u"密钥错误或已过期"_s), qPrintable(watch.error.message()));
    QCOMPARE(reply->error().code(), ApiError::Code::Unauthorized);
}

void TestChatClient::htmlErrorPage()
{
    QByteArray page = "<html><head><title>502 Bad Gateway</title>"
                      "<style>body { font-family: sans-serif; }</style></head><body>"
                      "<center><h1>502 Bad Gateway</h1></center>";
    for (int i = 0; i < 200; ++i)
        page += "<p class=\"filler\">The upstream server returned an invalid response.</p>\n";
    page += "<hr><center>nginx</center></body></html>";
    FakeResponse response;
    response.status = 502;
    response.headers = { { "Content-Type", "text/html" } };
    response.body = page;
    m_server->enqueue(response);

    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Server);
    QCOMPARE(watch.error.httpStatus(), 502);
    const QString message = watch.error.message();
    QVERIFY2(message.contains(u"502 Bad Gateway"_s), qPrintable(message));
    QVERIFY2(!message.contains(u'<'), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
}

void TestChatClient::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Code>("code");
    QTest::addColumn<QString>("serverMessage");

    QTest::newRow("401 openai")
        << 401
        << QByteArray(
               R"({"error":{"message":"Incorrect API key provided: sk-abc***xyz.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})")
        << ApiError::Code::Unauthorized << u"Incorrect API key provided: sk-abc***xyz."_s;
    QTest::newRow("429")
        << 429
        << QByteArray(
               R"({"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}})")
        << ApiError::Code::RateLimited << u"Rate limit reached for requests"_s;
    QTest::newRow("413")
        << 413
        << QByteArray(R"({"error":{"message":"Request too large","type":"invalid_request_error"}})")
        << ApiError::Code::PayloadTooLarge << u"Request too large"_s;
    QTest::newRow("403") << 403 << QByteArray(R"({"error":{"message":"Country not supported"}})")
                         << ApiError::Code::Forbidden << u"Country not supported"_s;
    QTest::newRow("404")
        << 404
        << QByteArray(
               R"({"error":{"message":"The model `gpt-9` does not exist","code":"model_not_found"}})")
        << ApiError::Code::NotFound << u"The model `gpt-9` does not exist"_s;
    QTest::newRow("500 plain text") << 500 << QByteArray("upstream exploded\nstack trace here\n")
                                    << ApiError::Code::Server << u"upstream exploded"_s;
}

void TestChatClient::httpErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Code, code);
    QFETCH(QString, serverMessage);

    FakeResponse response = FakeResponse::json(body, status);
    response.headers.append({ QByteArray("x-request-id"), QByteArray("req_7f3a9c") });
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), code);
    QCOMPARE(watch.error.httpStatus(), status);
    QCOMPARE(reply->httpStatus(), status);
    QCOMPARE(watch.error.serverMessage(), serverMessage);
    QVERIFY2(watch.error.message().startsWith(serverMessage), qPrintable(watch.error.message()));
    QCOMPARE(watch.error.requestId(), u"req_7f3a9c"_s);
    QCOMPARE(m_server->requestCount(), 1); // errors other than stream_options are never resent
}

void TestChatClient::echoedKeyRedacted()
{
    const QString key = u"sk-echoed-secret-42"_s;
    m_client->setProvider(providerFor(m_server->baseUrl(), key));
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"Incorrect API key provided: sk-echoed-secret-42","code":"invalid_api_key"}})",
        401));
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Unauthorized);
    QVERIFY(watch.error.message().contains(u"Incorrect API key provided"_s));
    QVERIFY2(!watch.error.message().contains(key), qPrintable(watch.error.message()));
    QVERIFY(!watch.error.bodySample().contains(key.toUtf8()));
}

void TestChatClient::htmlWithStatus200()
{
    // A captive portal or login wall that answers 200 with a page.
    FakeResponse response;
    response.headers = { { "Content-Type", "text/html; charset=utf-8" } };
    response.body = "<!DOCTYPE html>\n<html><head><title>Sign in - Corporate Portal</title></head>"
                    "<body><form action=\"/login\"><input name=\"user\"></form></body></html>";
    m_server->enqueue(response);

    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::BadResponse);
    QVERIFY2(watch.error.message().contains(u"Sign in - Corporate Portal"_s),
        qPrintable(watch.error.message()));
    QVERIFY2(!watch.error.message().contains(u'<'), qPrintable(watch.error.message()));
}

void TestChatClient::cutOffMidEvent_data()
{
    QTest::addColumn<FakeResponse::Framing>("framing");
    QTest::newRow("chunked") << FakeResponse::Framing::Chunked;
    QTest::newRow("content-length") << FakeResponse::Framing::ContentLength;
    QTest::newRow("close") << FakeResponse::Framing::Close;
}

void TestChatClient::cutOffMidEvent()
{
    QFETCH(FakeResponse::Framing, framing);

    FakeResponse response = FakeResponse::sse({ contentChunk(u"Hello"_s), contentChunk(u", wor"_s),
        contentChunk(u"ld!"_s), stopChunk() });
    response.framing = framing;
    // In the middle of the third event's JSON: neither [DONE] nor a finish reason arrives.
    const qsizetype third = response.body.indexOf("ld!");
    QVERIFY(third > 0);
    response.dropAfter = third - 10;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QVERIFY(reply->isCutOff());
    QCOMPARE(watch.error.code(), ApiError::Code::Network);
    QCOMPARE(reply->result().choices.at(0).content, u"Hello, wor"_s);
    QCOMPARE(watch.content.value(0), u"Hello, wor"_s);
    QVERIFY(reply->result().choices.at(0).finishReason.isEmpty());
}

void TestChatClient::finishReasonWithoutDone_data()
{
    QTest::addColumn<FakeResponse::Framing>("framing");
    QTest::newRow("chunked") << FakeResponse::Framing::Chunked;
    QTest::newRow("close") << FakeResponse::Framing::Close;
}

void TestChatClient::finishReasonWithoutDone()
{
    QFETCH(FakeResponse::Framing, framing);

    FakeResponse response = FakeResponse::sse({ contentChunk(u"Complete"_s), stopChunk() }, false);
    response.framing = framing;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QVERIFY(!reply->isCutOff());
    QVERIFY(!reply->result().doneMarker);
    QCOMPARE(reply->result().choices.at(0).content, u"Complete"_s);
}

void TestChatClient::inStreamError_data()
{
    QTest::addColumn<QByteArray>("errorEvent");
    QTest::addColumn<QString>("serverText");

    QTest::newRow("data error object") << QByteArray(
        R"(data: {"error":{"message":"Token limit reached","code":400}})"
        "\n\n") << u"Token limit reached"_s;
    QTest::newRow("event: error") << QByteArray(
        "event: error\n"
        R"(data: {"type":"error","error":{"type":"overloaded_error","message":"Upstream overloaded"}})"
        "\n\n") << u"Upstream overloaded"_s;
}

void TestChatClient::inStreamError()
{
    QFETCH(QByteArray, errorEvent);
    QFETCH(QString, serverText);

    FakeResponse response
        = FakeResponse::sse({ contentChunk(u"Partial "_s), contentChunk(u"answer"_s) }, false);
    response.body += errorEvent;
    // What follows an error is never read as part of the reply.
    response.body += "data: " + contentChunk(u" after the error"_s) + "\n\ndata: [DONE]\n\n";
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::InStream);
    QVERIFY2(watch.error.message().contains(serverText), qPrintable(watch.error.message()));
    QCOMPARE(reply->result().choices.at(0).content, u"Partial answer"_s);
    QCOMPARE(watch.content.value(0), u"Partial answer"_s);
}

void TestChatClient::streamOptionsRetry()
{
    QSignalSpy learned(m_client.get(), &ChatClient::streamOptionsRejectedLearned);
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error","param":null,"code":null}})",
        400));
    m_server->enqueue(goodStream(u"retried"_s));

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(watch.content.value(0), u"retried"_s);
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(m_server->requests().at(0).json().contains(u"stream_options"_s));
    const QJsonObject second = m_server->requests().at(1).json();
    QVERIFY(!second.contains(u"stream_options"_s));
    QCOMPARE(second.value(u"stream"_s).toBool(), true);
    QCOMPARE(second.value(u"messages"_s), m_server->requests().at(0).json().value(u"messages"_s));
    QCOMPARE(watch.streamOptionsRejected.count(), 1);
    QVERIFY(m_client->streamOptionsRejected());
    QCOMPARE(learned.count(), 1);

    // Learned: the next request leaves stream_options out from the start.
    m_server->enqueue(goodStream());
    Watch next(m_client->send(chatRequest()));
    EXPECT_FINISHED(next);
    QCOMPARE(m_server->requestCount(), 3);
    QVERIFY(!m_server->lastRequest().json().contains(u"stream_options"_s));
    QCOMPARE(next.streamOptionsRejected.count(), 0);
    QCOMPARE(learned.count(), 1);
}

void TestChatClient::otherBadRequestNotRetried()
{
    QSignalSpy learned(m_client.get(), &ChatClient::streamOptionsRejectedLearned);
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"'messages' must contain at least one message","type":"invalid_request_error"}})",
        400));
    m_server->enqueue(goodStream());

    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::InvalidRequest);
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(watch.streamOptionsRejected.count(), 0);
    QVERIFY(!m_client->streamOptionsRejected());
    QCOMPARE(learned.count(), 0);
}

// A validation error about another field that echoes the whole request (and so the text
// "stream_options") must not be taken for a rejection of stream_options.
void TestChatClient::echoedRequestDoesNotTriggerRetry()
{
    m_server->enqueue(FakeResponse::json(
        R"({"detail":[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 2","input":{"model":"m","stream":true,"stream_options":{"include_usage":true},"temperature":9}}]})",
        422));
    m_server->enqueue(goodStream());
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(m_server->requestCount(), 1);
    QVERIFY(!m_client->streamOptionsRejected());
    QVERIFY2(
        watch.error.message().contains(u"temperature: Input should be less than or equal to 2"_s),
        qPrintable(watch.error.message()));
}

void TestChatClient::failedRetryIsNotLearned()
{
    QSignalSpy learned(m_client.get(), &ChatClient::streamOptionsRejectedLearned);
    const QByteArray rejection
        = R"({"error":{"message":"Unknown parameter: 'stream_options'.","param":"stream_options"}})";
    m_server->enqueue(FakeResponse::json(rejection, 400));
    m_server->enqueue(FakeResponse::json(R"({"error":{"message":"model overloaded"}})", 503));
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(watch.error.code(), ApiError::Code::Server);
    QCOMPARE(watch.streamOptionsRejected.count(), 0);
    QVERIFY(!m_client->streamOptionsRejected());
    QCOMPARE(learned.count(), 0);
}

// A slot that stops the reply while deltas are delivered: exactly one failed(), no finished().
void TestChatClient::cancelFromDeltaSlot()
{
    m_server->enqueue(
        FakeResponse::sse({ contentChunk(u"<think>hmm</think>\n\nanswer"_s), stopChunk() }));
    ChatReply *reply = m_client->send(chatRequest());
    connect(reply, &ChatReply::contentDelta, reply, &ChatReply::cancel);
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Cancelled);
    QCOMPARE(reply->result().choices.value(0).content, u"answer"_s);
}

// n = 2 where only one choice finished before the connection closed: the reply was cut off.
void TestChatClient::oneUnfinishedChoiceIsCutOff()
{
    FakeResponse response = FakeResponse::sse(
        { R"({"choices":[{"index":0,"delta":{"content":"A0"},"finish_reason":"stop"}]})",
            R"({"choices":[{"index":1,"delta":{"content":"B1"},"finish_reason":null}]})" },
        false);
    response.framing = FakeResponse::Framing::Close;
    m_server->enqueue(response);
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QVERIFY(watch.reply->isCutOff());
    QCOMPARE(watch.reply->result().choices.value(1).content, u"B1"_s);
}

void TestChatClient::cancelMidStream()
{
    FakeResponse response = FakeResponse::sse(
        { contentChunk(u"Once upon"_s), contentChunk(u" a time"_s), stopChunk() });
    response.stallAfter = response.body.indexOf("data: ", 1);
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    QTRY_VERIFY_WITH_TIMEOUT(watch.contentDeltas > 0, DoneTimeoutMs);
    QVERIFY(!watch.isDone());
    reply->cancel();
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Cancelled);
    QCOMPARE(reply->result().choices.at(0).content, u"Once upon"_s);
    reply->cancel(); // a second cancel is a no-op
    Watch::settle();
    QCOMPARE(watch.failed.count(), 1);
}

void TestChatClient::cancelAfterFinished()
{
    m_server->enqueue(goodStream(u"done"_s));
    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    reply->cancel();
    Watch::settle();
    QCOMPARE(watch.failed.count(), 0);
    QCOMPARE(watch.finished.count(), 1);
    QVERIFY(!reply->error().isError());
    QCOMPARE(reply->result().choices.at(0).content, u"done"_s);
}

void TestChatClient::inactivityTimeout()
{
    ProviderConfig provider = providerFor(m_server->baseUrl());
    provider.inactivityTimeoutMs = 300;
    m_client->setProvider(provider);
    FakeResponse response = FakeResponse::sse(
        { contentChunk(u"thinking..."_s), contentChunk(u" more"_s), stopChunk() });
    response.stallAfter = response.body.indexOf("data: ", 1);
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Timeout);
    // The limit as set (0.3 s), not rounded down to "0".
    QVERIFY2(
        watch.error.message().contains(QLocale().toString(0.3)), qPrintable(watch.error.message()));
    QVERIFY(!reply->isCutOff());
    QCOMPARE(reply->result().choices.at(0).content, u"thinking..."_s);
}

void TestChatClient::keepAliveResetsInactivity()
{
    ProviderConfig provider = providerFor(m_server->baseUrl());
    provider.inactivityTimeoutMs = 300;
    m_client->setProvider(provider);
    // About a second of comments, one every 100 ms, before the answer: alive, never idle for 300.
    // Each comment is one write; padded so that the answer takes only a few more writes.
    const QByteArray comment = ": keep-alive" + QByteArray(114, '.') + "\n\n";
    FakeResponse response = goodStream(u"worth the wait"_s);
    response.body.prepend(comment.repeated(9));
    response.chunkSize = int(comment.size());
    response.delayMs = 100;
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(reply->result().choices.at(0).content, u"worth the wait"_s);
    QVERIFY(reply->elapsedMs() >= 800); // it really was slower than the limit
}

void TestChatClient::connectTimeout()
{
    // The fake server reads the TLS hello and never answers: the connection never completes.
    QUrl base = m_server->baseUrl();
    base.setScheme(u"https"_s);
    ProviderConfig provider = providerFor(base);
    provider.connectTimeoutMs = 300;
    m_client->setProvider(provider);

    QElapsedTimer clock;
    clock.start();
    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FAILED(watch);
    QVERIFY2(watch.error.code() == ApiError::Code::Timeout, qPrintable(watch.error.message()));
    QVERIFY(clock.elapsed() < 3000);
    QVERIFY(watch.error.message().contains(u"127.0.0.1"_s));
    QVERIFY2(
        watch.error.message().contains(QLocale().toString(0.3)), qPrintable(watch.error.message()));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestChatClient::connectionRefused()
{
    FakeServer closed;
    QVERIFY(closed.listen());
    const QUrl base = closed.baseUrl();
    closed.close();
    m_client->setProvider(providerFor(base));

    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QVERIFY2(watch.error.code() == ApiError::Code::Network, qPrintable(watch.error.message()));
    QVERIFY(!watch.error.message().isEmpty());
}

// A self-signed certificate is a TLS error the user must see; Confab never ignores it, so no
// request (and no API key) reaches such a server.
void TestChatClient::untrustedCertificateRefused()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QFile certFile(QStringLiteral(CONFAB_TEST_DATA "/tls/selfsigned.crt"));
    QFile keyFile(QStringLiteral(CONFAB_TEST_DATA "/tls/selfsigned.key"));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll()));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(tls);
    QByteArray received;
    connect(&server, &QSslServer::pendingConnectionAvailable, this, [&] {
        QSslSocket *socket = static_cast<QSslSocket *>(server.nextPendingConnection());
        connect(socket, &QSslSocket::readyRead, this,
            [&received, socket] { received += socket->readAll(); });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));

    m_client->setProvider(providerFor(QUrl(u"https://127.0.0.1:%1/v1"_s.arg(server.serverPort()))));
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QVERIFY2(watch.error.code() == ApiError::Code::Network, qPrintable(watch.error.message()));
    QVERIFY2(watch.error.message().contains(u"TLS"_s), qPrintable(watch.error.message()));
    QVERIFY(received.isEmpty());
}

void TestChatClient::invalidEndpoint()
{
    ProviderConfig provider = providerFor(m_server->baseUrl());
    provider.endpoint = Endpoint::fromUserInput(u"not a url"_s);
    m_client->setProvider(provider);
    // failed() comes later, so a caller who connects after send() still sees it.
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::InvalidRequest);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestChatClient::concurrentReplies()
{
    // Each request is answered with a slow stream naming the question it came with.
    connect(m_server.get(), &FakeServer::requestReceived, this, [this] {
        const QString question
            = m_server->lastRequest().json()[u"messages"_s][0][u"content"_s].toString();
        FakeResponse response = FakeResponse::sse(
            { contentChunk(u"answer to "_s), contentChunk(question), stopChunk() });
        response.chunkSize = 16;
        response.delayMs = 5;
        m_server->enqueue(response);
    });

    const QStringList questions { u"first"_s, u"second"_s, u"third"_s };
    QList<ChatReply *> replies;
    std::vector<std::unique_ptr<Watch>> watches;
    for (const QString &question : questions) {
        ChatRequest request = chatRequest();
        request.messages = { ChatMessage::user(question) };
        replies << m_client->send(request);
        watches.push_back(std::make_unique<Watch>(replies.last()));
    }
    for (int i = 0; i < 3; ++i) {
        EXPECT_FINISHED(*watches[i]);
        QCOMPARE(replies[i]->result().choices.at(0).content, u"answer to "_s + questions[i]);
        QCOMPARE(watches[i]->content.value(0), u"answer to "_s + questions[i]);
    }
    QCOMPARE(m_server->requestCount(), 3);
}

void TestChatClient::httpProxy()
{
    FakeServer proxy;
    QVERIFY(proxy.listen());
    ProviderConfig provider = providerFor(QUrl(u"http://confab.invalid/v1"_s));
    QString error;
    QVERIFY2(ProxyConfig::parse(u"http://127.0.0.1:%1"_s.arg(proxy.port()), provider.proxy, &error),
        qPrintable(error));
    m_client->setProvider(provider);
    proxy.enqueue(goodStream(u"via proxy"_s));

    ChatReply *reply = m_client->send(chatRequest());
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(proxy.requestCount(), 1);
    QCOMPARE(proxy.lastRequest().target, QByteArray("http://confab.invalid/v1/chat/completions"));
    QCOMPARE(proxy.lastRequest().header("Authorization"), "Bearer " + QByteArray(Key));
    QCOMPARE(reply->result().choices.at(0).content, u"via proxy"_s);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestChatClient::proxyRefused()
{
    FakeServer closed;
    QVERIFY(closed.listen());
    const quint16 port = closed.port();
    closed.close();
    ProviderConfig provider = providerFor(QUrl(u"http://confab.invalid/v1"_s));
    QVERIFY(ProxyConfig::parse(u"http://127.0.0.1:%1"_s.arg(port), provider.proxy));
    m_client->setProvider(provider);
    Watch watch(m_client->send(chatRequest()));
    EXPECT_FAILED(watch);
    QCOMPARE(watch.error.code(), ApiError::Code::Network);
    QVERIFY2(watch.error.message().contains(u"proxy 127.0.0.1:%1"_s.arg(port)),
        qPrintable(watch.error.message()));
    QVERIFY(!watch.error.message().contains(u"confab.invalid"_s));
}

void TestChatClient::trace()
{
    const QString key = u"sk-trace-secret-5e1f9a"_s;
    m_client->setProvider(providerFor(m_server->baseUrl(), key));
    const FakeResponse response = goodStream(u"traced"_s);
    m_server->enqueue(response);

    ChatReply *reply = m_client->send(chatRequest(), ChatClient::Tracing::On);
    Watch watch(reply);
    EXPECT_FINISHED(watch);
    QCOMPARE(
        m_server->lastRequest().header("Authorization"), "Bearer " + key.toUtf8()); // really sent

    const RequestTrace &trace = reply->trace();
    QVERIFY(!trace.isEmpty());
    QCOMPARE(trace.method, QByteArray("POST"));
    QCOMPARE(trace.url, m_server->baseUrl().toString() + u"/chat/completions"_s);
    QByteArray authorization;
    for (const auto &header : trace.requestHeaders) {
        if (header.first.compare("Authorization", Qt::CaseInsensitive) == 0)
            authorization = header.second;
    }
    QCOMPARE(authorization, QByteArray("Bearer ***"));
    QCOMPARE(QJsonDocument::fromJson(trace.requestBody).object().value(u"model"_s).toString(),
        u"test-model"_s);
    QCOMPARE(trace.status, 200);
    QCOMPARE(trace.responseBody, response.body);

    const QByteArray json = QJsonDocument(trace.toJson()).toJson();
    QVERIFY(!json.contains(key.toUtf8()));
    QVERIFY(json.contains("Bearer ***"));
    const QString curl = trace.toCurl();
    QVERIFY(!curl.contains(key));
    QVERIFY(curl.contains(u"chat/completions"_s));

    // Without tracing nothing is kept.
    m_server->enqueue(goodStream());
    ChatReply *untraced = m_client->send(chatRequest());
    Watch plain(untraced);
    EXPECT_FINISHED(plain);
    QVERIFY(untraced->trace().isEmpty());
}

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"

// ChatClient::fetchModels() end to end against the fake server, and the shapes parseModels()
// understands.
#include "chatclient.h"
#include "fakeserver.h"
#include "modelsreply.h"

#include <QNetworkAccessManager>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {
constexpr char Key[] = "sk-models-0123456789";
}

class TestModelsReply : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void openAiShape();
    void ollamaShape();
    void noKeyNoAuthorization();
    void unauthorized();
    void notAModelList();
    void gatewayErrorWithStatus200();
    void cancel();
    void parseModels_data();
    void parseModels();

private:
    // Waits for finished() or failed(); true if one came.
    static bool waitDone(ModelsReply *reply, QSignalSpy &finished, QSignalSpy &failed);

    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<ChatClient> m_client;
};

void TestModelsReply::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<ChatClient>(m_nam.get());
    ProviderConfig provider;
    provider.endpoint = Endpoint::fromUserInput(m_server->baseUrl().toString());
    provider.apiKey = QString::fromLatin1(Key);
    provider.proxy = ProxyConfig::none(); // independent of the machine's proxy settings
    provider.connectTimeoutMs = 5000;
    provider.inactivityTimeoutMs = 5000;
    m_client->setProvider(provider);
}

void TestModelsReply::cleanup()
{
    m_client.reset();
    m_nam.reset();
    m_server.reset();
}

bool TestModelsReply::waitDone(ModelsReply *reply, QSignalSpy &finished, QSignalSpy &failed)
{
    if (finished.isEmpty() && failed.isEmpty()) {
        QEventLoop loop;
        connect(reply, &ModelsReply::finished, &loop, &QEventLoop::quit);
        connect(reply, &ModelsReply::failed, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QTest::qWait(30); // room for a second, wrong signal to show itself
    return finished.count() + failed.count() > 0;
}

void TestModelsReply::openAiShape()
{
    m_server->enqueue(FakeResponse::json(
        R"({"object":"list","data":[{"id":"b","object":"model"},{"id":"a","object":"model"}]})"));
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QVERIFY2(failed.isEmpty(), qPrintable(reply->error().message()));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(reply->models(), QStringList({ u"a"_s, u"b"_s }));

    QCOMPARE(m_server->requestCount(), 1);
    const RecordedRequest request = m_server->lastRequest();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.target, QByteArray("/v1/models"));
    QCOMPARE(request.header("Authorization"), "Bearer " + QByteArray(Key));
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
    QVERIFY(request.header("User-Agent").startsWith("Confab/"));
    QVERIFY(request.body.isEmpty());
}

void TestModelsReply::ollamaShape()
{
    m_server->enqueue(
        FakeResponse::json(R"({"models":[{"name":"x","model":"x","size":3825819519}]})"));
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QVERIFY2(failed.isEmpty(), qPrintable(reply->error().message()));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(reply->models(), QStringList { u"x"_s });
}

void TestModelsReply::noKeyNoAuthorization()
{
    ProviderConfig provider = m_client->provider();
    provider.apiKey.clear();
    m_client->setProvider(provider);
    m_server->enqueue(FakeResponse::json(R"({"data":[]})"));
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QCOMPARE(finished.count(), 1);
    QVERIFY(reply->models().isEmpty());
    QVERIFY(!m_server->lastRequest().hasHeader("Authorization"));
}

void TestModelsReply::unauthorized()
{
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"Invalid API key: sk-models-0123456789","type":"invalid_request_error","code":"invalid_api_key"}})",
        401));
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 1);
    const ApiError error = reply->error();
    QCOMPARE(error.code(), ApiError::Code::Unauthorized);
    QCOMPARE(error.httpStatus(), 401);
    QVERIFY2(error.message().startsWith(u"Invalid API key"_s), qPrintable(error.message()));
    QVERIFY2(!error.message().contains(QLatin1StringView(Key)),
        qPrintable(error.message())); // echoed key redacted
    QVERIFY(reply->models().isEmpty());
}

void TestModelsReply::notAModelList()
{
    FakeResponse page;
    page.headers = { { "Content-Type", "text/html" } };
    page.body = "<html><head><title>Welcome to nginx!</title></head><body></body></html>";
    m_server->enqueue(page);
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(reply->error().code(), ApiError::Code::BadResponse);
    QVERIFY2(reply->error().message().contains(u"Welcome to nginx!"_s),
        qPrintable(reply->error().message()));
}

void TestModelsReply::gatewayErrorWithStatus200()
{
    // Some gateways say "bad token" this way, with status 200 and a string in "data".
    m_server->enqueue(FakeResponse::json(R"({"codes":900,"mess":"令牌无效","data":"token"})"));
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QVERIFY(waitDone(reply, finished, failed));
    QCOMPARE(finished.count(), 0);
    QVERIFY2(
        reply->error().message().contains(u"令牌无效"_s), qPrintable(reply->error().message()));
}

void TestModelsReply::cancel()
{
    FakeResponse silent;
    silent.neverRespond = true;
    m_server->enqueue(silent);
    ModelsReply *reply = m_client->fetchModels();
    QSignalSpy finished(reply, &ModelsReply::finished);
    QSignalSpy failed(reply, &ModelsReply::failed);
    QTRY_COMPARE(m_server->requestCount(), 1);
    reply->cancel();
    QVERIFY(waitDone(reply, finished, failed));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(reply->error().code(), ApiError::Code::Cancelled);
    reply->cancel();
    QCOMPARE(failed.count(), 1);
}

void TestModelsReply::parseModels_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<bool>("ok");

    QTest::newRow("openai") << QByteArray(
        R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"}]})")
                            << QStringList { u"gpt-4o"_s, u"gpt-4o-mini"_s } << true;
    QTest::newRow("openai, unsorted")
        << QByteArray(R"({"data":[{"id":"b"},{"id":"a"},{"id":"c"}]})")
        << QStringList { u"a"_s, u"b"_s, u"c"_s } << true;
    QTest::newRow("openai, empty")
        << QByteArray(R"({"object":"list","data":[]})") << QStringList() << true;
    QTest::newRow("ollama") << QByteArray(
        R"({"models":[{"name":"qwen2.5:7b"},{"name":"llama3:8b"}]})")
                            << QStringList { u"llama3:8b"_s, u"qwen2.5:7b"_s } << true;
    QTest::newRow("ollama, model key") << QByteArray(R"({"models":[{"model":"phi3:mini"}]})")
                                       << QStringList { u"phi3:mini"_s } << true;
    QTest::newRow("bare array of strings")
        << QByteArray(R"(["m2","m1"])") << QStringList { u"m1"_s, u"m2"_s } << true;
    QTest::newRow("bare array of objects")
        << QByteArray(R"([{"id":"z"},{"id":"y"}])") << QStringList { u"y"_s, u"z"_s } << true;
    QTest::newRow("duplicates") << QByteArray(R"({"data":[{"id":"a"},{"id":"b"},{"id":"a"}]})")
                                << QStringList { u"a"_s, u"b"_s } << true;
    QTest::newRow("numbers sort as numbers")
        << QByteArray(R"({"data":[{"id":"model-10"},{"id":"model-9"},{"id":"model-2"}]})")
        << QStringList { u"model-2"_s, u"model-9"_s, u"model-10"_s } << true;
    QTest::newRow("case-insensitive order")
        << QByteArray(R"({"data":[{"id":"beta"},{"id":"Alpha"}]})")
        << QStringList { u"Alpha"_s, u"beta"_s } << true;
    QTest::newRow("entries without an id skipped")
        << QByteArray(R"({"data":[{"object":"model"},{"id":"kept"}]})") << QStringList { u"kept"_s }
        << true;
    QTest::newRow("not json") << QByteArray("<html>nope</html>") << QStringList() << false;
    QTest::newRow("error object") << QByteArray(R"({"error":{"message":"bad key"}})")
                                  << QStringList() << false;
    QTest::newRow("empty") << QByteArray() << QStringList() << false;
}

void TestModelsReply::parseModels()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, models);
    QFETCH(bool, ok);

    // Ids sort the way people read them, which needs a real locale: the C locale (LC_ALL=C,
    // as under CTest) has no numeric collation.
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto restore = qScopeGuard([&] { QLocale::setDefault(previous); });

    bool parsed = !ok;
    QCOMPARE(ModelsReply::parseModels(json, &parsed), models);
    QCOMPARE(parsed, ok);
    QCOMPARE(ModelsReply::parseModels(json), models); // ok is optional
}

QTEST_GUILESS_MAIN(TestModelsReply)
#include "tst_modelsreply.moc"

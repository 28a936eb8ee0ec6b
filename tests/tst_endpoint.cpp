#include "endpoint.h"

#include <QtTest>

class TstEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void fromUserInput_data();
    void fromUserInput();
    void invalidInput_data();
    void invalidInput();
    void defaultIsInvalid();
    void derivedUrlsDoNotChangeTheBase();
};

void TstEndpoint::fromUserInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("chat");
    QTest::addColumn<QString>("models");

    auto row = [](const char *name, const char *input, const QString &base) {
        QTest::newRow(name) << QString::fromUtf8(input) << base
                            << base + QStringLiteral("/chat/completions")
                            << base + QStringLiteral("/models");
    };
    const QString hostV1 = QStringLiteral("https://host/v1");

    // A bare host: every OpenAI-compatible server serves under /v1.
    row("host", "https://host", hostV1);
    row("host slash", "https://host/", hostV1);
    row("host slashes", "https://host///", hostV1);
    row("v1", "https://host/v1", hostV1);
    row("v1 slash", "https://host/v1/", hostV1);
    // A whole endpoint pasted from a document.
    row("chat completions", "https://host/v1/chat/completions", hostV1);
    row("chat completions slash", "https://host/v1/chat/completions/", hostV1);
    row("chat completions upper case", "https://host/v1/CHAT/COMPLETIONS", hostV1);
    row("legacy completions", "https://host/v1/completions", hostV1);
    row("models", "https://host/v1/models", hostV1);
    row("models slash", "https://host/v1/models/", hostV1);
    row("bare chat completions", "https://host/chat/completions", hostV1);
    // A path the user chose is kept as it is: no /v1 is added behind it.
    row("openai prefix", "https://host/openai/v1", QStringLiteral("https://host/openai/v1"));
    row("port and deep path", "http://127.0.0.1:8080/c/x/v1",
        QStringLiteral("http://127.0.0.1:8080/c/x/v1"));
    row("zhipu", "https://open.bigmodel.cn/api/paas/v4",
        QStringLiteral("https://open.bigmodel.cn/api/paas/v4"));
    row("zhipu chat", "https://open.bigmodel.cn/api/paas/v4/chat/completions",
        QStringLiteral("https://open.bigmodel.cn/api/paas/v4"));
    row("volcengine ark", "https://ark.cn-beijing.volces.com/api/v3",
        QStringLiteral("https://ark.cn-beijing.volces.com/api/v3"));
    row("deepseek", "https://api.deepseek.com", QStringLiteral("https://api.deepseek.com/v1"));
    row("gemini", "https://generativelanguage.googleapis.com/v1beta/openai/",
        QStringLiteral("https://generativelanguage.googleapis.com/v1beta/openai"));
    row("whitespace", "  \thttps://host/v1 \n", hostV1);
    // Without a scheme: local and LAN servers speak plain HTTP, anything else HTTPS.
    row("localhost no scheme", "localhost:11434/v1", QStringLiteral("http://localhost:11434/v1"));
    row("localhost no scheme no path", "localhost:11434",
        QStringLiteral("http://localhost:11434/v1"));
    row("loopback no scheme", "127.0.0.1:1234", QStringLiteral("http://127.0.0.1:1234/v1"));
    row("lan 192.168 no scheme", "192.168.1.5:8000", QStringLiteral("http://192.168.1.5:8000/v1"));
    row("lan 10/8 no scheme", "10.0.0.7:8000/v1", QStringLiteral("http://10.0.0.7:8000/v1"));
    row("lan 172.16/12 no scheme", "172.20.1.1/v1", QStringLiteral("http://172.20.1.1/v1"));
    row("ipv6 loopback no scheme", "[::1]:11434/v1", QStringLiteral("http://[::1]:11434/v1"));
    row("public ip no scheme", "8.8.8.8:443", QStringLiteral("https://8.8.8.8:443/v1"));
    row("public host no scheme", "api.openai.com", QStringLiteral("https://api.openai.com/v1"));
    row("public host no scheme with path", "api.openai.com/v1/chat/completions",
        QStringLiteral("https://api.openai.com/v1"));
    // Query strings and fragments belong to a page, not to an API base.
    row("query", "https://host/v1?api-version=2024-02-01", hostV1);
    row("fragment", "https://host/v1#section", hostV1);
    row("query and fragment on endpoint", "https://host/v1/chat/completions?x=1#y", hostV1);
    row("explicit http kept", "http://my-server.example.com/v1",
        QStringLiteral("http://my-server.example.com/v1"));
    row("port kept", "https://host:8443", QStringLiteral("https://host:8443/v1"));
}

void TstEndpoint::fromUserInput()
{
    QFETCH(QString, input);
    QFETCH(QString, base);
    QFETCH(QString, chat);
    QFETCH(QString, models);

    const Endpoint endpoint = Endpoint::fromUserInput(input);
    QVERIFY2(endpoint.isValid(), qPrintable(endpoint.errorString()));
    QVERIFY(endpoint.errorString().isEmpty());
    QCOMPARE(endpoint.baseUrl().toString(), base);
    QCOMPARE(endpoint.chatCompletionsUrl().toString(), chat);
    QCOMPARE(endpoint.modelsUrl().toString(), models);
    QVERIFY(!endpoint.chatCompletionsUrl().hasQuery());
    QVERIFY(!endpoint.chatCompletionsUrl().hasFragment());
}

void TstEndpoint::invalidInput_data()
{
    QTest::addColumn<QString>("input");

    QTest::newRow("empty") << "";
    QTest::newRow("blank") << "   \t ";
    QTest::newRow("ftp") << "ftp://host";
    QTest::newRow("file") << "file:///etc/passwd";
    QTest::newRow("words") << "not a url";
    QTest::newRow("scheme only") << "https://";
    QTest::newRow("http scheme only") << "http:///v1";
}

void TstEndpoint::invalidInput()
{
    QFETCH(QString, input);

    const Endpoint endpoint = Endpoint::fromUserInput(input);
    QVERIFY2(!endpoint.isValid(), qPrintable(endpoint.baseUrl().toString()));
    QVERIFY(!endpoint.errorString().isEmpty());
    // The user should recognise what they typed in the message.
    if (!input.trimmed().isEmpty())
        QVERIFY2(
            endpoint.errorString().contains(input.trimmed()), qPrintable(endpoint.errorString()));
}

void TstEndpoint::defaultIsInvalid()
{
    const Endpoint endpoint;
    QVERIFY(!endpoint.isValid());
    QVERIFY(endpoint.baseUrl().isEmpty());
}

void TstEndpoint::derivedUrlsDoNotChangeTheBase()
{
    const Endpoint endpoint = Endpoint::fromUserInput(QStringLiteral("https://host/api/v3"));
    QCOMPARE(endpoint.chatCompletionsUrl().toString(),
        QStringLiteral("https://host/api/v3/chat/completions"));
    QCOMPARE(endpoint.modelsUrl().toString(), QStringLiteral("https://host/api/v3/models"));
    QCOMPARE(endpoint.baseUrl().toString(), QStringLiteral("https://host/api/v3"));
}

QTEST_GUILESS_MAIN(TstEndpoint)
#include "tst_endpoint.moc"

#include "proxyconfig.h"
#include "proxyrouter.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyQuery>
#include <QtTest>

Q_DECLARE_METATYPE(ProxyConfig::Mode)

namespace {

QNetworkProxy routed(ProxyRouter *router, const char *url)
{
    const QList<QNetworkProxy> proxies
        = router->queryProxy(QNetworkProxyQuery(QUrl(QString::fromUtf8(url))));
    if (proxies.isEmpty())
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    return proxies.first();
}

// What the machine's own settings say for `url`; the router's answer for an unknown origin.
QNetworkProxy systemProxy(const char *url)
{
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(
        QNetworkProxyQuery(QUrl(QString::fromUtf8(url))));
    return proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::DefaultProxy) : proxies.first();
}

bool isProxy(
    const QNetworkProxy &proxy, QNetworkProxy::ProxyType type, const char *host, quint16 port)
{
    return proxy.type() == type && proxy.hostName() == QLatin1StringView(host)
        && proxy.port() == port;
}

} // namespace

class TstProxyConfig : public QObject
{
    Q_OBJECT

private slots:
    void errorHidesPassword();
    void parseKeywords_data();
    void parseKeywords();
    void parseUrl_data();
    void parseUrl();
    void parseInvalid_data();
    void parseInvalid();
    void parseWithoutErrorPointer();
    void keywordProxies();
    void equality();

    void forManagerInstallsOnce();
    void routesPerOrigin();
    void originIgnoresPathAndCase();
    void laterSetProxyReplaces();
    void unknownOriginUsesSystem();
};

void TstProxyConfig::parseKeywords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ProxyConfig::Mode>("mode");

    QTest::newRow("system") << "system" << ProxyConfig::Mode::System;
    QTest::newRow("System") << "System" << ProxyConfig::Mode::System;
    QTest::newRow("empty") << QString() << ProxyConfig::Mode::System;
    QTest::newRow("blank") << "  " << ProxyConfig::Mode::System;
    QTest::newRow("none") << "none" << ProxyConfig::Mode::None;
    QTest::newRow("NONE padded") << " NONE " << ProxyConfig::Mode::None;
    QTest::newRow("direct") << "direct" << ProxyConfig::Mode::None;
}

void TstProxyConfig::parseKeywords()
{
    QFETCH(QString, text);
    QFETCH(ProxyConfig::Mode, mode);

    // Start from a URL config so a parse that leaves `out` untouched is caught.
    ProxyConfig config { ProxyConfig::Mode::Url, QUrl(QStringLiteral("http://stale:1")) };
    QString error = QStringLiteral("stale");
    QVERIFY(ProxyConfig::parse(text, config, &error));
    QCOMPARE(config.mode, mode);
    QVERIFY(config.url.isEmpty());
}

void TstProxyConfig::parseUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QNetworkProxy::ProxyType>("type");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("http") << "http://proxy:3128" << QNetworkProxy::HttpProxy << "proxy" << 3128
                          << QString() << QString();
    QTest::newRow("http default port")
        << "http://proxy" << QNetworkProxy::HttpProxy << "proxy" << 8080 << QString() << QString();
    QTest::newRow("http upper-case scheme") << "HTTP://Proxy.LAN:3128" << QNetworkProxy::HttpProxy
                                            << "proxy.lan" << 3128 << QString() << QString();
    QTest::newRow("http with credentials") << "http://alice:secret@proxy:3128"
                                           << QNetworkProxy::HttpProxy << "proxy" << 3128 << "alice"
                                           << "secret";
    QTest::newRow("socks5 encoded password")
        << "socks5://user:p%40ss@127.0.0.1:1080" << QNetworkProxy::Socks5Proxy << "127.0.0.1"
        << 1080 << "user"
        << "p@ss";
    QTest::newRow("socks5 default port") << "socks5://127.0.0.1" << QNetworkProxy::Socks5Proxy
                                         << "127.0.0.1" << 1080 << QString() << QString();
    QTest::newRow("socks5h") << "socks5h://gateway:7891" << QNetworkProxy::Socks5Proxy << "gateway"
                             << 7891 << QString() << QString();
    QTest::newRow("socks5h default port") << "socks5h://gateway" << QNetworkProxy::Socks5Proxy
                                          << "gateway" << 1080 << QString() << QString();
    QTest::newRow("padded") << "  http://127.0.0.1:7890 \n"
                            << QNetworkProxy::HttpProxy << "127.0.0.1" << 7890 << QString()
                            << QString();
}

void TstProxyConfig::parseUrl()
{
    QFETCH(QString, text);
    QFETCH(QNetworkProxy::ProxyType, type);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);

    ProxyConfig config;
    QString error;
    QVERIFY2(ProxyConfig::parse(text, config, &error), qPrintable(error));
    QCOMPARE(config.mode, ProxyConfig::Mode::Url);
    const QNetworkProxy proxy = config.toNetworkProxy();
    QCOMPARE(proxy.type(), type);
    QCOMPARE(proxy.hostName(), host);
    QCOMPARE(int(proxy.port()), port);
    QCOMPARE(proxy.user(), user);
    QCOMPARE(proxy.password(), password);
}

void TstProxyConfig::parseInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("ftp") << "ftp://x";
    QTest::newRow("https proxy") << "https://proxy:443";
    QTest::newRow("socks4") << "socks4://127.0.0.1:1080";
    QTest::newRow("nonsense") << "nonsense";
    QTest::newRow("http without host") << "http://";
    QTest::newRow("socks5 without host") << "socks5://:1080";
    QTest::newRow("port out of range") << "http://proxy:99999";
    QTest::newRow("port not a number") << "http://proxy:abc";
}

void TstProxyConfig::parseInvalid()
{
    QFETCH(QString, text);

    const ProxyConfig before { ProxyConfig::Mode::None, {} };
    ProxyConfig config = before;
    QString error;
    QVERIFY(!ProxyConfig::parse(text, config, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(text), qPrintable(error));
    // A failed parse must not half-apply: the caller keeps what it had.
    QVERIFY(config == before);
}

void TstProxyConfig::parseWithoutErrorPointer()
{
    ProxyConfig config;
    QVERIFY(!ProxyConfig::parse(QStringLiteral("nonsense"), config));
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), config));
    QCOMPARE(config.mode, ProxyConfig::Mode::Url);
}

void TstProxyConfig::keywordProxies()
{
    QCOMPARE(ProxyConfig::none().toNetworkProxy().type(), QNetworkProxy::NoProxy);
    QCOMPARE(ProxyConfig::system().toNetworkProxy().type(), QNetworkProxy::DefaultProxy);
}

void TstProxyConfig::equality()
{
    ProxyConfig a;
    ProxyConfig b;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), a));
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), b));
    QVERIFY(a == b);
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3129"), b));
    QVERIFY(!(a == b));
    QVERIFY(ProxyConfig::none() == ProxyConfig::none());
    QVERIFY(!(ProxyConfig::none() == ProxyConfig::system()));
}

void TstProxyConfig::forManagerInstallsOnce()
{
    QNetworkAccessManager first;
    QNetworkAccessManager second;

    ProxyRouter *router = ProxyRouter::forManager(&first);
    QVERIFY(router);
    QCOMPARE(first.proxyFactory(), static_cast<QNetworkProxyFactory *>(router));
    QCOMPARE(ProxyRouter::forManager(&first), router);
    QCOMPARE(first.proxyFactory(), static_cast<QNetworkProxyFactory *>(router));

    ProxyRouter *other = ProxyRouter::forManager(&second);
    QVERIFY(other);
    QVERIFY(other != router);
    QCOMPARE(second.proxyFactory(), static_cast<QNetworkProxyFactory *>(other));

    // Reinstalling would drop the routes providers already registered.
    ProxyConfig config;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), config));
    router->setProxy(QUrl(QStringLiteral("https://api.example.com")), config);
    QVERIFY(isProxy(routed(ProxyRouter::forManager(&first), "https://api.example.com/v1/models"),
        QNetworkProxy::HttpProxy, "proxy", 3128));
    // Each manager's routes are its own.
    QVERIFY(!isProxy(routed(other, "https://api.example.com/v1/models"), QNetworkProxy::HttpProxy,
        "proxy", 3128));
}

void TstProxyConfig::routesPerOrigin()
{
    QNetworkAccessManager nam;
    ProxyRouter *router = ProxyRouter::forManager(&nam);

    ProxyConfig socks;
    QVERIFY(ProxyConfig::parse(QStringLiteral("socks5://127.0.0.1:1080"), socks));
    ProxyConfig http;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), http));
    router->setProxy(QUrl(QStringLiteral("https://api.openai.com/v1")), socks);
    router->setProxy(QUrl(QStringLiteral("http://192.168.1.5:8000/v1")), ProxyConfig::none());
    router->setProxy(QUrl(QStringLiteral("https://openrouter.ai:8443/api/v1")), http);

    QVERIFY(isProxy(routed(router, "https://api.openai.com/v1/chat/completions"),
        QNetworkProxy::Socks5Proxy, "127.0.0.1", 1080));
    QCOMPARE(routed(router, "http://192.168.1.5:8000/v1/models").type(), QNetworkProxy::NoProxy);
    QVERIFY(isProxy(routed(router, "https://openrouter.ai:8443/api/v1/models"),
        QNetworkProxy::HttpProxy, "proxy", 3128));

    // Scheme and port are part of the origin: a neighbour on the same host is another server.
    QVERIFY(!isProxy(routed(router, "http://api.openai.com/v1/models"), QNetworkProxy::Socks5Proxy,
        "127.0.0.1", 1080));
    QVERIFY(!isProxy(routed(router, "https://api.openai.com:8443/v1/models"),
        QNetworkProxy::Socks5Proxy, "127.0.0.1", 1080));
    QVERIFY(!isProxy(routed(router, "https://openrouter.ai/api/v1/models"),
        QNetworkProxy::HttpProxy, "proxy", 3128));
    QCOMPARE(routed(router, "http://192.168.1.5:8001/v1/models"),
        systemProxy("http://192.168.1.5:8001/v1/models"));
}

void TstProxyConfig::originIgnoresPathAndCase()
{
    QNetworkAccessManager nam;
    ProxyRouter *router = ProxyRouter::forManager(&nam);
    ProxyConfig http;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), http));
    router->setProxy(QUrl(QStringLiteral("https://API.Example.com/v1")), http);

    // The default port written out, other paths and host case all name the same origin.
    for (const char *url :
        { "https://api.example.com/v1/chat/completions", "https://api.example.com:443/models",
            "https://API.EXAMPLE.COM/", "https://api.example.com" }) {
        QVERIFY2(isProxy(routed(router, url), QNetworkProxy::HttpProxy, "proxy", 3128), url);
    }
}

void TstProxyConfig::laterSetProxyReplaces()
{
    QNetworkAccessManager nam;
    ProxyRouter *router = ProxyRouter::forManager(&nam);
    ProxyConfig http;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://proxy:3128"), http));
    const QUrl origin(QStringLiteral("https://api.example.com"));

    router->setProxy(origin, http);
    QVERIFY(isProxy(
        routed(router, "https://api.example.com/v1"), QNetworkProxy::HttpProxy, "proxy", 3128));
    // The user edits the provider and turns the proxy off.
    router->setProxy(origin, ProxyConfig::none());
    QCOMPARE(routed(router, "https://api.example.com/v1").type(), QNetworkProxy::NoProxy);
    router->setProxy(origin, ProxyConfig::system());
    QVERIFY(!isProxy(
        routed(router, "https://api.example.com/v1"), QNetworkProxy::HttpProxy, "proxy", 3128));
}

void TstProxyConfig::unknownOriginUsesSystem()
{
    QNetworkAccessManager nam;
    ProxyRouter *router = ProxyRouter::forManager(&nam);
    ProxyConfig http;
    QVERIFY(ProxyConfig::parse(QStringLiteral("http://configured-proxy:3128"), http));
    router->setProxy(QUrl(QStringLiteral("https://api.example.com")), http);

    // What "system" resolves to depends on the machine; it only must not be another provider's
    // proxy.
    const QList<QNetworkProxy> proxies = router->queryProxy(
        QNetworkProxyQuery(QUrl(QStringLiteral("https://elsewhere.example.org/v1"))));
    QVERIFY(!proxies.isEmpty());
    for (const QNetworkProxy &proxy : proxies)
        QVERIFY(proxy.hostName() != QLatin1StringView("configured-proxy"));
    QCOMPARE(proxies.first(), systemProxy("https://elsewhere.example.org/v1"));
}

void TstProxyConfig::errorHidesPassword()
{
    ProxyConfig config;
    QString error;
    QVERIFY(!ProxyConfig::parse(QStringLiteral("http://u:Pa55w0rd@"), config, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(QStringLiteral("Pa55w0rd")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TstProxyConfig)
#include "tst_proxyconfig.moc"

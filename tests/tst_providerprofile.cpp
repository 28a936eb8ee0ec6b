#include "providerprofile.h"
#include "settings.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

ProviderProfile fullProfile()
{
    ProviderProfile p;
    p.id = ProviderProfile::newId();
    p.name = u"网关"_s;
    p.baseUrl = u"https://gw.example.cn/v1/chat/completions"_s;
    p.keySource = ProviderProfile::KeySource::Environment;
    p.keyVariable = u"GW_KEY"_s;
    p.headers = { { "X-Tenant", "team-7" }, { "X-Note", "café" } };
    ProxyConfig::parse(u"socks5://me:secret-pass@127.0.0.1:1080"_s, p.proxy);
    p.connectTimeoutMs = 5000;
    p.inactivityTimeoutMs = 60000;
    p.streamUsage = ProviderConfig::StreamUsage::Never;
    p.sendReasoningBack = true;
    p.models = { { u"qwen-vl-max"_s, u"Qwen VL"_s, true, false, false },
        { u"deepseek-r1"_s, {}, false, true, true } };
    p.defaultModel = u"deepseek-r1"_s;
    p.defaultParameters = { { u"temperature"_s, 0.3 } };
    return p;
}

} // namespace

class TstProviderProfile : public QObject
{
    Q_OBJECT

private slots:
    void presetsAreTheDocumentedStartingPoints();
    void jsonRoundTripKeepsEverythingButSecrets();
    void configResolvesTheEndpointAndTheSecrets();
    void listSavedVersionedWithoutTransientProviders();
    void listOfANewerVersionIsLeftAlone();
};

void TstProviderProfile::presetsAreTheDocumentedStartingPoints()
{
    const QList<ProviderProfile> presets = ProviderProfile::presets();
    QStringList urls;
    QSet<QString> ids;
    for (const ProviderProfile &p : presets) {
        urls << p.baseUrl;
        ids.insert(p.id);
        QVERIFY(!p.name.isEmpty());
    }
    QVERIFY(urls.contains(u"https://api.openai.com/v1"_s));
    QVERIFY(urls.contains(u"https://api.deepseek.com"_s));
    QVERIFY(urls.contains(u"http://localhost:11434/v1"_s));
    QVERIFY(urls.contains(u"http://localhost:1234/v1"_s));
    QVERIFY(urls.contains(u"http://localhost:8000/v1"_s));
    QCOMPARE(ids.size(), presets.size());
    // Local servers want no key.
    for (const ProviderProfile &p : presets) {
        if (p.baseUrl.contains(u"localhost"_s))
            QCOMPARE(p.keySource, ProviderProfile::KeySource::None);
    }
}

void TstProviderProfile::jsonRoundTripKeepsEverythingButSecrets()
{
    const ProviderProfile p = fullProfile();
    const QJsonObject json = p.toJson();
    QVERIFY(!QJsonDocument(json).toJson().contains("secret-pass"));
    const std::optional<ProviderProfile> back = ProviderProfile::fromJson(json);
    QVERIFY(back);
    QCOMPARE(back->name, p.name);
    QCOMPARE(back->headers, p.headers);
    QCOMPARE(back->models, p.models);
    QCOMPARE(back->keySource, p.keySource);
    QCOMPARE(back->keyVariable, u"GW_KEY"_s);
    QCOMPARE(back->streamUsage, ProviderConfig::StreamUsage::Never);
    QCOMPARE(back->proxy.url.host(), u"127.0.0.1"_s);
    QCOMPARE(back->proxy.url.userName(), u"me"_s);
    QVERIFY(back->proxy.url.password().isEmpty());
    QCOMPARE(back->defaultParameters, p.defaultParameters);
    QVERIFY(*back == p); // equal as kept
    QVERIFY(!ProviderProfile::fromJson(QJsonObject { { u"name"_s, u"no id"_s } }));
}

void TstProviderProfile::configResolvesTheEndpointAndTheSecrets()
{
    const ProviderProfile p = fullProfile();
    const ProviderConfig c = p.toConfig(u"sk-abc"_s, u"proxy-secret"_s);
    QCOMPARE(c.endpoint.chatCompletionsUrl(), QUrl(u"https://gw.example.cn/v1/chat/completions"_s));
    QCOMPARE(c.apiKey, u"sk-abc"_s);
    QCOMPARE(c.proxy.url.password(), u"proxy-secret"_s);
    QCOMPARE(c.headers, p.headers);
    QCOMPARE(c.connectTimeoutMs, 5000);
    ProviderProfile local = p;
    local.keySource = ProviderProfile::KeySource::None;
    QVERIFY(local.toConfig(u"sk-abc"_s).apiKey.isEmpty());
}

void TstProviderProfile::listSavedVersionedWithoutTransientProviders()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"confab.ini"_s);
    {
        QSettings backing(file, QSettings::IniFormat);
        Settings settings(&backing);
        ProviderProfile environment = fullProfile();
        environment.transient = true;
        environment.name = u"from the environment"_s;
        QVERIFY(ProviderList::save(settings, { fullProfile(), environment }));
    }
    QSettings backing(file, QSettings::IniFormat);
    Settings settings(&backing);
    const ProviderList::Loaded loaded = ProviderList::load(settings);
    QVERIFY(!loaded.fromNewerVersion);
    QCOMPARE(loaded.providers.size(), 1);
    QCOMPARE(loaded.providers.first().name, u"网关"_s);
    QFile raw(file);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray text = raw.readAll();
    QVERIFY(text.contains("version"));
    QVERIFY(!text.contains("secret-pass"));
    QVERIFY(!text.contains("from the environment"));
}

void TstProviderProfile::listOfANewerVersionIsLeftAlone()
{
    QTemporaryDir dir;
    QSettings backing(dir.filePath(u"confab.ini"_s), QSettings::IniFormat);
    Settings settings(&backing);
    const QString future = uR"({"version":99,"providers":[{"id":"x","name":"future"}]})"_s;
    settings.setValue(Settings::ProviderList, future);
    const ProviderList::Loaded loaded = ProviderList::load(settings);
    QVERIFY(loaded.fromNewerVersion);
    QVERIFY(loaded.providers.isEmpty());
    QVERIFY(!ProviderList::save(settings, { fullProfile() }));
    QCOMPARE(settings.value(Settings::ProviderList), future);
}

QTEST_GUILESS_MAIN(TstProviderProfile)
#include "tst_providerprofile.moc"

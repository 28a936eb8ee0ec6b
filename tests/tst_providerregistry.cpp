#include "chatclient.h"
#include "fakeserver.h"
#include "providerregistry.h"
#include "settings.h"
#include "testdata.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

ProviderProfile profile(const QString &name, ProviderProfile::KeySource keys)
{
    ProviderProfile p;
    p.id = ProviderProfile::newId();
    p.name = name;
    p.baseUrl = u"https://"_s + name + u".example/v1"_s;
    p.keySource = keys;
    p.proxy = ProxyConfig::none(); // never the machine's proxy settings
    return p;
}

} // namespace

class TstProviderRegistry : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void environmentProviderFromTheVariables();
    void keychainKeysReachTheClients();
    void keysGoToTheKeychainNeverToTheSettingsFile();
    void noKeychainIsReportedAndTheSettingsFileIsAnExplicitChoice();
    void removedProviderTakesItsKeyAlong();
    void defaultProviderIsRemembered();
    void aRefusedStreamOptionIsRememberedAcrossStarts();
    void aKeyMovesWithItsSource();
    void providersOnOneOriginKeepTheirOwnProxies();

private:
    std::unique_ptr<ProviderRegistry> newRegistry();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_backing;
    std::unique_ptr<Settings> m_settings;
    MemorySecretStore m_secrets;
    QNetworkAccessManager m_network;
};

void TstProviderRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_backing = std::make_unique<QSettings>(m_dir->filePath(u"confab.ini"_s), QSettings::IniFormat);
    m_settings = std::make_unique<Settings>(m_backing.get());
    m_secrets.setAvailable(true);
    for (const QString &name : m_secrets.secrets().keys())
        m_secrets.remove(name, this, [](const SecretStore::Result &) {});
    QTest::qWait(1);
}

void TstProviderRegistry::cleanup()
{
    m_settings.reset();
    m_backing.reset();
    m_dir.reset();
}

std::unique_ptr<ProviderRegistry> TstProviderRegistry::newRegistry()
{
    return std::make_unique<ProviderRegistry>(m_settings.get(), &m_secrets, &m_network);
}

void TstProviderRegistry::environmentProviderFromTheVariables()
{
    QProcessEnvironment env;
    env.insert(u"OPENAI_BASE_URL"_s, u"localhost:11434"_s);
    env.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
    env.insert(u"CONFAB_MODEL"_s, u"qwen2.5"_s);
    auto registry = newRegistry();
    registry->load(env);
    const ProviderProfile *p
        = registry->provider(QLatin1StringView(ProviderRegistry::EnvironmentId));
    QVERIFY(p);
    QVERIFY(p->transient);
    QVERIFY(p->name.contains(u"OPENAI_BASE_URL"_s));
    QCOMPARE(p->defaultModel, u"qwen2.5"_s);
    QCOMPARE(registry->defaultProviderId(), p->id);
    ChatClient *client = registry->client(p->id);
    QCOMPARE(client->provider().apiKey, u"sk-env"_s);
    QCOMPARE(client->provider().endpoint.chatCompletionsUrl(),
        QUrl(u"http://localhost:11434/v1/chat/completions"_s));
    // Not saved: the next start reads the environment again.
    registry->setProviders(registry->providers());
    QVERIFY(!m_settings->value(Settings::ProviderList).contains(u"localhost"_s));

    // A key alone is OpenAI's.
    QProcessEnvironment keyOnly;
    keyOnly.insert(u"OPENAI_API_KEY"_s, u"sk-env"_s);
    registry->load(keyOnly);
    QCOMPARE(registry->client(QLatin1StringView(ProviderRegistry::EnvironmentId))
                 ->provider()
                 .endpoint.baseUrl(),
        QUrl(u"https://api.openai.com/v1"_s));
    registry->load(QProcessEnvironment());
    QVERIFY(registry->isEmpty());
}

void TstProviderRegistry::keychainKeysReachTheClients()
{
    const ProviderProfile p = profile(u"deepseek"_s, ProviderProfile::KeySource::Keychain);
    QVERIFY(ProviderList::save(*m_settings, { p }));
    std::optional<SecretStore::Result> wrote;
    m_secrets.write(SecretStore::apiKeyName(p.id), u"sk-kept"_s, this,
        [&](const SecretStore::Result &r) { wrote = r; });
    QTRY_VERIFY(wrote);
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    ChatClient *client = registry->client(p.id);
    QVERIFY(client);
    QTRY_COMPARE(client->provider().apiKey, u"sk-kept"_s);
    QCOMPARE(registry->apiKey(p.id), u"sk-kept"_s);
}

void TstProviderRegistry::keysGoToTheKeychainNeverToTheSettingsFile()
{
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    ProviderProfile p = profile(u"gateway"_s, ProviderProfile::KeySource::Keychain);
    QVERIFY(ProxyConfig::parse(u"http://me@127.0.0.1:3128"_s, p.proxy));
    registry->setProviders({ p });
    std::optional<SecretStore::Result> key, proxy;
    registry->setApiKey(
        p.id, u"sk-very-secret-1"_s, this, [&](const SecretStore::Result &r) { key = r; });
    registry->setProxyPassword(
        p.id, u"proxy-secret-2"_s, this, [&](const SecretStore::Result &r) { proxy = r; });
    QTRY_VERIFY(key && proxy);
    QCOMPARE(key->status, SecretStore::Status::Ok);
    QCOMPARE(m_secrets.secrets().value(SecretStore::apiKeyName(p.id)), u"sk-very-secret-1"_s);
    ChatClient *client = registry->client(p.id);
    QCOMPARE(client->provider().apiKey, u"sk-very-secret-1"_s);
    QCOMPARE(client->provider().proxy.url.password(), u"proxy-secret-2"_s);
    m_backing->sync();
    const QByteArray files = TestData::allFiles(m_dir->path());
    QVERIFY(files.contains("gateway")); // the profile is there
    QVERIFY(!files.contains("sk-very-secret-1"));
    QVERIFY(!files.contains("proxy-secret-2"));
}

void TstProviderRegistry::noKeychainIsReportedAndTheSettingsFileIsAnExplicitChoice()
{
    m_secrets.setAvailable(false);
    const ProviderProfile p = profile(u"gateway"_s, ProviderProfile::KeySource::Keychain);
    QVERIFY(ProviderList::save(*m_settings, { p }));
    auto registry = newRegistry();
    QSignalSpy unavailable(registry.get(), &ProviderRegistry::keyUnavailable);
    registry->load(QProcessEnvironment());
    QTRY_COMPARE(unavailable.size(), 1);
    QCOMPARE(unavailable.first().at(0).toString(), p.id);
    std::optional<SecretStore::Result> key;
    registry->setApiKey(p.id, u"sk-1"_s, this, [&](const SecretStore::Result &r) { key = r; });
    QTRY_VERIFY(key);
    QCOMPARE(key->status, SecretStore::Status::NoBackend);
    // Used in this run, kept nowhere.
    QCOMPARE(registry->apiKey(p.id), u"sk-1"_s);
    m_backing->sync();
    QVERIFY(!TestData::allFiles(m_dir->path()).contains("sk-1"));

    // The user chose the settings file: there it goes, and the next start reads it.
    ProviderProfile chosen = p;
    chosen.keySource = ProviderProfile::KeySource::SettingsFile;
    registry->setProviders({ chosen });
    key.reset();
    registry->setApiKey(
        p.id, u"sk-in-file"_s, this, [&](const SecretStore::Result &r) { key = r; });
    QTRY_VERIFY(key);
    QCOMPARE(key->status, SecretStore::Status::Ok);
    auto next = newRegistry();
    next->load(QProcessEnvironment());
    QCOMPARE(next->client(p.id)->provider().apiKey, u"sk-in-file"_s);
}

void TstProviderRegistry::removedProviderTakesItsKeyAlong()
{
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    const ProviderProfile a = profile(u"a"_s, ProviderProfile::KeySource::Keychain);
    const ProviderProfile b = profile(u"b"_s, ProviderProfile::KeySource::Keychain);
    registry->setProviders({ a, b });
    bool done = false;
    registry->setApiKey(a.id, u"sk-a"_s, this, [&](const SecretStore::Result &) { done = true; });
    QTRY_VERIFY(done);
    QVERIFY(m_secrets.secrets().contains(SecretStore::apiKeyName(a.id)));
    registry->setProviders({ b });
    QTRY_VERIFY(!m_secrets.secrets().contains(SecretStore::apiKeyName(a.id)));
    QVERIFY(!registry->provider(a.id));
    QVERIFY(!registry->client(a.id));
}

void TstProviderRegistry::defaultProviderIsRemembered()
{
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    QVERIFY(registry->defaultProviderId().isEmpty());
    const ProviderProfile a = profile(u"a"_s, ProviderProfile::KeySource::None);
    const ProviderProfile b = profile(u"b"_s, ProviderProfile::KeySource::None);
    registry->setProviders({ a, b });
    QCOMPARE(registry->defaultProviderId(), a.id);
    registry->setDefaultProviderId(b.id);
    auto next = newRegistry();
    next->load(QProcessEnvironment());
    QCOMPARE(next->defaultProviderId(), b.id);
}

void TstProviderRegistry::aRefusedStreamOptionIsRememberedAcrossStarts()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.enqueue(FakeResponse::json(
        R"({"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error"}})",
        400));
    server.enqueue(
        FakeResponse::sse({ TestData::chatChunk({ { u"content"_s, u"ok"_s } }, u"stop"_s) }));
    ProviderProfile p = profile(u"strict"_s, ProviderProfile::KeySource::None);
    p.baseUrl = server.baseUrl().toString();
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    registry->setProviders({ p });
    ChatRequest request;
    request.model = u"m"_s;
    request.messages = { ChatMessage::user(u"hi"_s) };
    request.stream = true;
    ChatReply *reply = registry->client(p.id)->send(request);
    QSignalSpy finished(reply, &ChatReply::finished);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(server.requestCount(), 2);

    auto next = newRegistry();
    next->load(QProcessEnvironment());
    QVERIFY(next->provider(p.id)->streamOptionsRejected);
    QVERIFY(next->client(p.id)->streamOptionsRejected());
}

void TstProviderRegistry::providersOnOneOriginKeepTheirOwnProxies()
{
    // One gateway reached through two proxies (two accounts, two networks): each fake server
    // plays one proxy.
    FakeServer first;
    FakeServer second;
    QVERIFY(first.listen() && second.listen());
    const QByteArray done = TestData::chatChunk({ { u"content"_s, u"ok"_s } }, u"stop"_s);
    first.setDefaultResponse(FakeResponse::sse({ done }));
    second.setDefaultResponse(FakeResponse::sse({ done }));
    ProviderProfile a = profile(u"through first"_s, ProviderProfile::KeySource::None);
    ProviderProfile b = profile(u"through second"_s, ProviderProfile::KeySource::None);
    a.baseUrl = b.baseUrl = u"http://gateway.invalid/v1"_s;
    QVERIFY(ProxyConfig::parse(u"http://127.0.0.1:%1"_s.arg(first.port()), a.proxy));
    QVERIFY(ProxyConfig::parse(u"http://127.0.0.1:%1"_s.arg(second.port()), b.proxy));
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    registry->setProviders({ a, b });
    ChatRequest request;
    request.model = u"m"_s;
    request.messages = { ChatMessage::user(u"hi"_s) };
    request.stream = true;
    for (const QString &id : { a.id, b.id, a.id }) {
        ChatReply *reply = registry->client(id)->send(request);
        QSignalSpy finished(reply, &ChatReply::finished);
        QTRY_COMPARE(finished.size(), 1);
    }
    QCOMPARE(first.requestCount(), 2);
    QCOMPARE(second.requestCount(), 1);
    QCOMPARE(second.lastRequest().target, QByteArray("http://gateway.invalid/v1/chat/completions"));
    // The others share the one manager.
    QCOMPARE(registry->client(a.id)->networkAccessManager(), registry->networkAccessManager());
}

void TstProviderRegistry::aKeyMovesWithItsSource()
{
    auto registry = newRegistry();
    registry->load(QProcessEnvironment());
    ProviderProfile p = profile(u"mover"_s, ProviderProfile::KeySource::Keychain);
    registry->setProviders({ p });
    bool done = false;
    registry->setApiKey(
        p.id, u"sk-moving"_s, this, [&](const SecretStore::Result &) { done = true; });
    QTRY_VERIFY(done);
    // To the settings file (the user's choice): there, and no longer in the keychain.
    p.keySource = ProviderProfile::KeySource::SettingsFile;
    registry->setProviders({ p });
    QCOMPARE(registry->client(p.id)->provider().apiKey, u"sk-moving"_s);
    QTRY_VERIFY(!m_secrets.secrets().contains(SecretStore::apiKeyName(p.id)));
    m_backing->sync();
    QVERIFY(TestData::allFiles(m_dir->path()).contains("sk-moving"));
    // And back: in the keychain again, and gone from the file.
    p.keySource = ProviderProfile::KeySource::Keychain;
    registry->setProviders({ p });
    QTRY_COMPARE(m_secrets.secrets().value(SecretStore::apiKeyName(p.id)), u"sk-moving"_s);
    // Removed from the file once the keychain took it.
    QTRY_VERIFY((m_backing->sync(), !TestData::allFiles(m_dir->path()).contains("sk-moving")));
    QCOMPARE(registry->client(p.id)->provider().apiKey, u"sk-moving"_s);
}

QTEST_GUILESS_MAIN(TstProviderRegistry)
#include "tst_providerregistry.moc"

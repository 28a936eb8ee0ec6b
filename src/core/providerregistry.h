#pragma once

#include "providerprofile.h"
#include "secretstore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

class ChatClient;
class QNetworkAccessManager;
class Settings;

// Every provider the user can talk to: the ones kept in the settings, the environment's
// (CONFAB_BASE_URL / OPENAI_BASE_URL with CONFAB_API_KEY / OPENAI_API_KEY and CONFAB_MODEL),
// and any made for this run (the demo). Each has one ChatClient on the shared network access
// manager, configured with its key once the key is read from where the profile keeps it.
// GUI thread only.
class ProviderRegistry : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *EnvironmentId = "environment";

    ProviderRegistry(Settings *settings, SecretStore *secrets, QNetworkAccessManager *nam,
        QObject *parent = nullptr);
    ~ProviderRegistry() override;

    // Reads the list and starts reading the keys; the environment's provider comes first.
    void load(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // A provider for this run only, with its key (the demo). Not saved.
    void addTransient(const ProviderProfile &profile, const QString &apiKey = {});

    QList<ProviderProfile> providers() const { return m_providers; }
    const ProviderProfile *provider(const QString &id) const;
    bool isEmpty() const { return m_providers.isEmpty(); }
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }
    // The list in the settings was written by a newer Confab: it is left alone, and changes
    // made here are not saved over it.
    bool listFromNewerVersion() const { return m_fromNewerVersion; }

    // The client for a provider; nullptr for an unknown id.
    ChatClient *client(const QString &id);
    // The provider new conversations use: the one chosen last, else the first.
    QString defaultProviderId() const;
    void setDefaultProviderId(const QString &id);

    // Replaces the kept providers (what the providers dialog shows), saves them, and
    // reconfigures their clients. A removed provider's key leaves the keychain.
    void setProviders(const QList<ProviderProfile> &providers);
    // Configures the provider's client again from its profile (after a test tried another).
    void refresh(const QString &id) { configure(id); }
    // The key as read (empty while it is read, or when there is none).
    QString apiKey(const QString &id) const { return m_keys.value(id); }
    QString proxyPassword(const QString &id) const { return m_proxyPasswords.value(id); }
    // Keeps a key where the provider's profile says: the keychain, or (the user's explicit
    // choice) the settings file; `done` reports how it went (NoBackend: ask the user).
    void setApiKey(
        const QString &id, const QString &key, QObject *context, SecretStore::Callback done);
    void setProxyPassword(
        const QString &id, const QString &password, QObject *context, SecretStore::Callback done);

signals:
    void providersChanged();
    // A provider's key could not be read (no keychain service, refused): say so.
    void keyUnavailable(const QString &providerId, const QString &message);

private:
    void readSecrets(const ProviderProfile &profile);
    void configure(const QString &id);
    // The shared manager, or one of the provider's own: Qt chooses a proxy by URL alone, so a
    // provider on the same origin as an earlier one with another proxy needs its own.
    QNetworkAccessManager *managerFor(const ProviderProfile &profile);
    void moveSecrets(
        const QString &id, ProviderProfile::KeySource from, ProviderProfile::KeySource to);
    void keepSecret(const QString &id, const QString &name, const QString &secret,
        QHash<QString, QString> &cache, QObject *context, SecretStore::Callback done);

    Settings *m_settings;
    SecretStore *m_secrets;
    QNetworkAccessManager *m_nam;
    QList<ProviderProfile> m_providers;
    QHash<QString, QString> m_keys;
    QHash<QString, QString> m_proxyPasswords;
    QHash<QString, QPointer<ChatClient>> m_clients;
    // Kept while the registry lives: replies may still run on one after its provider changed.
    QHash<QString, QNetworkAccessManager *> m_ownManagers;
    QProcessEnvironment m_environment;
    bool m_fromNewerVersion = false;
};

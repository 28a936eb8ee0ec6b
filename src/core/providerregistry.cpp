#include "providerregistry.h"

#include "chatclient.h"
#include "chatreply.h"
#include "endpoint.h"
#include "settings.h"

#include <QSet>
#include <QTimer>

namespace {

QString firstSet(const QProcessEnvironment &env, std::initializer_list<const char *> names,
    QString *which = nullptr)
{
    for (const char *name : names) {
        const QString value = env.value(QString::fromLatin1(name));
        if (!value.isEmpty()) {
            if (which)
                *which = QString::fromLatin1(name);
            return value;
        }
    }
    return {};
}

QString settingsKeyFor(const QString &id)
{
    return QLatin1StringView(Settings::KeyInSettingsGroup) + QLatin1Char('/') + id;
}

QString settingsProxyPasswordFor(const QString &id)
{
    return settingsKeyFor(id) + QStringLiteral("-proxy-password");
}

} // namespace

ProviderRegistry::ProviderRegistry(
    Settings *settings, SecretStore *secrets, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_nam(nam)
{ }

ProviderRegistry::~ProviderRegistry() = default;

void ProviderRegistry::load(const QProcessEnvironment &environment)
{
    m_environment = environment;
    m_providers.clear();
    m_keys.clear();
    m_proxyPasswords.clear();

    // The environment's provider, as many tools read it: a base URL, or a key alone for OpenAI.
    QString keyVariable;
    const QString key = firstSet(environment, { "CONFAB_API_KEY", "OPENAI_API_KEY" }, &keyVariable);
    QString urlVariable;
    QString base = firstSet(environment, { "CONFAB_BASE_URL", "OPENAI_BASE_URL" }, &urlVariable);
    if (base.isEmpty() && !key.isEmpty())
        base = QStringLiteral("https://api.openai.com/v1");
    if (!base.isEmpty()) {
        ProviderProfile env;
        env.id = QLatin1StringView(EnvironmentId);
        env.name = urlVariable.isEmpty() ? tr("Environment (%1)").arg(keyVariable)
                                         : tr("Environment (%1)").arg(urlVariable);
        env.baseUrl = base;
        env.keySource = key.isEmpty() ? ProviderProfile::KeySource::None
                                      : ProviderProfile::KeySource::Environment;
        env.keyVariable = keyVariable;
        env.defaultModel = environment.value(QStringLiteral("CONFAB_MODEL"));
        if (!env.defaultModel.isEmpty())
            env.models.append({ env.defaultModel, {}, false, false, true });
        env.transient = true;
        m_providers.append(env);
    }

    const ProviderList::Loaded loaded = ProviderList::load(*m_settings);
    m_fromNewerVersion = loaded.fromNewerVersion;
    m_providers.append(loaded.providers);
    for (const ProviderProfile &p : std::as_const(m_providers))
        readSecrets(p);
    emit providersChanged();
}

void ProviderRegistry::addTransient(const ProviderProfile &profile, const QString &apiKey)
{
    ProviderProfile p = profile;
    p.transient = true;
    m_providers.prepend(p);
    if (!apiKey.isEmpty())
        m_keys.insert(p.id, apiKey);
    configure(p.id);
    emit providersChanged();
}

const ProviderProfile *ProviderRegistry::provider(const QString &id) const
{
    for (const ProviderProfile &p : m_providers) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

void ProviderRegistry::readSecrets(const ProviderProfile &profile)
{
    const QString id = profile.id;
    const bool proxyPassword
        = profile.proxy.mode == ProxyConfig::Mode::Url && !profile.proxy.url.userName().isEmpty();
    switch (profile.keySource) {
    case ProviderProfile::KeySource::None:
        break;
    case ProviderProfile::KeySource::Environment:
        m_keys.insert(id, m_environment.value(profile.keyVariable));
        break;
    case ProviderProfile::KeySource::SettingsFile:
        m_keys.insert(id, m_settings->backing()->value(settingsKeyFor(id)).toString());
        if (proxyPassword)
            m_proxyPasswords.insert(
                id, m_settings->backing()->value(settingsProxyPasswordFor(id)).toString());
        configure(id);
        return;
    case ProviderProfile::KeySource::Keychain:
        m_secrets->read(
            SecretStore::apiKeyName(id), this, [this, id](const SecretStore::Result &r) {
                if (r.status == SecretStore::Status::Ok) {
                    m_keys.insert(id, r.secret);
                    configure(id);
                } else if (r.status != SecretStore::Status::NotFound) {
                    emit keyUnavailable(id, r.message);
                }
            });
        break;
    }
    if (proxyPassword) {
        m_secrets->read(
            SecretStore::proxyPasswordName(id), this, [this, id](const SecretStore::Result &r) {
                if (r.status == SecretStore::Status::Ok) {
                    m_proxyPasswords.insert(id, r.secret);
                    configure(id);
                }
            });
    }
    configure(id);
}

ChatClient *ProviderRegistry::client(const QString &id)
{
    if (!provider(id))
        return nullptr;
    QPointer<ChatClient> &client = m_clients[id];
    if (!client) {
        client = new ChatClient(m_nam, this);
        connect(client, &ChatClient::streamOptionsRejectedLearned, this, [this, id] {
            // Kept, so the next start does not ask first and retry.
            for (ProviderProfile &p : m_providers) {
                if (p.id == id && !p.transient && !p.streamOptionsRejected) {
                    p.streamOptionsRejected = true;
                    if (!m_fromNewerVersion)
                        ProviderList::save(*m_settings, m_providers);
                }
            }
        });
        configure(id);
    }
    return client;
}

QNetworkAccessManager *ProviderRegistry::managerFor(const ProviderProfile &profile)
{
    auto origin = [](const ProviderProfile &p) -> QString {
        const QUrl url = Endpoint::fromUserInput(p.baseUrl).baseUrl();
        const QString scheme = url.scheme().toLower();
        return scheme + QLatin1StringView("://") + url.host().toLower() + QLatin1Char(':')
            + QString::number(url.port(scheme == QLatin1StringView("https") ? 443 : 80));
    };
    const QString mine = origin(profile);
    for (const ProviderProfile &other : std::as_const(m_providers)) {
        if (other.id == profile.id)
            break;
        if (!(other.proxy == profile.proxy) && origin(other) == mine) {
            QNetworkAccessManager *&own = m_ownManagers[profile.id];
            if (!own)
                own = new QNetworkAccessManager(this);
            return own;
        }
    }
    return m_nam;
}

void ProviderRegistry::configure(const QString &id)
{
    const ProviderProfile *p = provider(id);
    ChatClient *client = m_clients.value(id);
    if (p && client) {
        client->setNetworkAccessManager(managerFor(*p));
        client->setProvider(p->toConfig(m_keys.value(id), m_proxyPasswords.value(id)));
        if (p->streamOptionsRejected)
            client->setStreamOptionsRejected(true);
    }
}

QString ProviderRegistry::defaultProviderId() const
{
    const QString chosen = m_settings->value(Settings::DefaultProvider);
    if (provider(chosen))
        return chosen;
    return m_providers.isEmpty() ? QString() : m_providers.first().id;
}

void ProviderRegistry::setDefaultProviderId(const QString &id)
{
    m_settings->setValue(Settings::DefaultProvider, id);
}

void ProviderRegistry::setProviders(const QList<ProviderProfile> &providers)
{
    QList<ProviderProfile> next;
    for (const ProviderProfile &p : std::as_const(m_providers)) {
        if (p.transient)
            next.append(p);
    }
    QSet<QString> kept;
    for (const ProviderProfile &p : providers) {
        if (p.transient)
            continue;
        next.append(p);
        kept.insert(p.id);
    }
    for (const ProviderProfile &old : std::as_const(m_providers)) {
        if (old.transient || kept.contains(old.id))
            continue;
        // Gone: so are its secrets, wherever they were kept.
        const auto ignore = [](const SecretStore::Result &) {
        };
        m_secrets->remove(SecretStore::apiKeyName(old.id), this, ignore);
        m_secrets->remove(SecretStore::proxyPasswordName(old.id), this, ignore);
        m_settings->backing()->remove(settingsKeyFor(old.id));
        m_settings->backing()->remove(settingsProxyPasswordFor(old.id));
        m_keys.remove(old.id);
        m_proxyPasswords.remove(old.id);
        if (ChatClient *gone = m_clients.take(old.id)) {
            // Its replies (its children) end as if stopped, their text kept and saved, before
            // the client goes; deleting them unannounced would leave them streaming forever.
            const auto replies = gone->findChildren<ChatReply *>(Qt::FindDirectChildrenOnly);
            for (ChatReply *reply : replies)
                reply->cancel();
            gone->deleteLater();
        }
    }
    // A key whose profile now keeps it elsewhere moves there: written first, then removed
    // from where it was, so that a failure never leaves it nowhere.
    for (const ProviderProfile &p : std::as_const(next)) {
        const ProviderProfile *old = provider(p.id);
        if (!old || old->transient || old->keySource == p.keySource)
            continue;
        moveSecrets(p.id, old->keySource, p.keySource);
    }
    m_providers = next;
    if (!m_fromNewerVersion)
        ProviderList::save(*m_settings, m_providers);
    for (const ProviderProfile &p : std::as_const(m_providers)) {
        // A key read from the environment or the settings file follows the profile; one in the
        // keychain stays as read (setApiKey() changes it).
        if (!p.transient && p.keySource != ProviderProfile::KeySource::Keychain)
            readSecrets(p);
        configure(p.id);
    }
    emit providersChanged();
}

void ProviderRegistry::moveSecrets(
    const QString &id, ProviderProfile::KeySource from, ProviderProfile::KeySource to)
{
    using K = ProviderProfile::KeySource;
    const QList<std::pair<QString, QString>> secrets {
        { SecretStore::apiKeyName(id), settingsKeyFor(id) },
        { SecretStore::proxyPasswordName(id), settingsProxyPasswordFor(id) },
    };
    const QStringList values { m_keys.value(id), m_proxyPasswords.value(id) };
    const auto ignore = [](const SecretStore::Result &) {
    };
    for (int i = 0; i < secrets.size(); ++i) {
        const auto &[keychainName, settingsName] = secrets.at(i);
        const QString &value = values.at(i);
        if (to == K::SettingsFile) {
            if (!value.isEmpty())
                m_settings->backing()->setValue(settingsName, value);
            if (from == K::Keychain && !value.isEmpty())
                m_secrets->remove(keychainName, this, ignore);
        } else if (to == K::Keychain && !value.isEmpty()) {
            m_secrets->write(keychainName, value, this,
                [this, settingsName, from](const SecretStore::Result &r) {
                    if (r.status == SecretStore::Status::Ok && from == K::SettingsFile)
                        m_settings->backing()->remove(settingsName);
                });
        } else if (from == K::SettingsFile && (to == K::Environment || to == K::None) && i == 0) {
            m_settings->backing()->remove(settingsName); // the key is no longer wanted there
        }
    }
}

void ProviderRegistry::setApiKey(
    const QString &id, const QString &key, QObject *context, SecretStore::Callback done)
{
    keepSecret(id, SecretStore::apiKeyName(id), key, m_keys, context, std::move(done));
}

void ProviderRegistry::setProxyPassword(
    const QString &id, const QString &password, QObject *context, SecretStore::Callback done)
{
    keepSecret(id, SecretStore::proxyPasswordName(id), password, m_proxyPasswords, context,
        std::move(done));
}

void ProviderRegistry::keepSecret(const QString &id, const QString &name, const QString &secret,
    QHash<QString, QString> &cache, QObject *context, SecretStore::Callback done)
{
    const ProviderProfile *p = provider(id);
    QPointer<QObject> guard(context);
    auto report = [guard, done = std::move(done)](const SecretStore::Result &r) {
        if (guard && done)
            done(r);
    };
    const bool isKey = &cache == &m_keys;
    // A key read from the environment, or none, is not kept; a proxy password always is.
    if (!p || p->transient
        || (isKey
            && (p->keySource == ProviderProfile::KeySource::Environment
                || p->keySource == ProviderProfile::KeySource::None))) {
        QTimer::singleShot(0, this, [report] { report({}); });
        return;
    }
    if (p->keySource == ProviderProfile::KeySource::SettingsFile) {
        // The user chose this, knowing: no keychain answers on this computer.
        const QString settingsName = isKey ? settingsKeyFor(id) : settingsProxyPasswordFor(id);
        if (secret.isEmpty())
            m_settings->backing()->remove(settingsName);
        else
            m_settings->backing()->setValue(settingsName, secret);
        cache.insert(id, secret);
        configure(id);
        QTimer::singleShot(0, this, [report] { report({}); });
        return;
    }
    auto stored = [this, id, secret, isKey, report](const SecretStore::Result &r) {
        // Used from now on either way; kept only if the keychain took it. Not kept, it is
        // still in memory when the user chooses another place (setProviders() moves it).
        (isKey ? m_keys : m_proxyPasswords).insert(id, secret);
        configure(id);
        if (r.status == SecretStore::Status::Ok || r.status == SecretStore::Status::NotFound) {
            report({});
            return;
        }
        report(r);
    };
    if (secret.isEmpty())
        m_secrets->remove(name, this, stored);
    else
        m_secrets->write(name, secret, this, stored);
}

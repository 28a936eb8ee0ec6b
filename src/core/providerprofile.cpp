#include "providerprofile.h"

#include "settings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace {

QString keySourceName(ProviderProfile::KeySource source)
{
    switch (source) {
    case ProviderProfile::KeySource::Keychain:
        return QStringLiteral("keychain");
    case ProviderProfile::KeySource::Environment:
        return QStringLiteral("environment");
    case ProviderProfile::KeySource::SettingsFile:
        return QStringLiteral("settings-file");
    case ProviderProfile::KeySource::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<ProviderProfile::KeySource> keySourceFrom(const QString &name)
{
    using K = ProviderProfile::KeySource;
    for (K k : { K::Keychain, K::Environment, K::SettingsFile, K::None }) {
        if (keySourceName(k) == name)
            return k;
    }
    return std::nullopt;
}

QString streamUsageName(ProviderConfig::StreamUsage usage)
{
    switch (usage) {
    case ProviderConfig::StreamUsage::Always:
        return QStringLiteral("always");
    case ProviderConfig::StreamUsage::Never:
        return QStringLiteral("never");
    case ProviderConfig::StreamUsage::Automatic:
        break;
    }
    return QStringLiteral("automatic");
}

// The proxy as kept: its URL without the password.
QString proxyText(const ProxyConfig &proxy)
{
    switch (proxy.mode) {
    case ProxyConfig::Mode::System:
        return QStringLiteral("system");
    case ProxyConfig::Mode::None:
        return QStringLiteral("none");
    case ProxyConfig::Mode::Url:
        break;
    }
    QUrl url = proxy.url;
    url.setPassword(QString());
    return url.toString();
}

ProviderProfile preset(const char *name, const char *baseUrl, ProviderProfile::KeySource keys)
{
    ProviderProfile p;
    p.id = ProviderProfile::newId();
    p.name = QCoreApplication::translate("ProviderProfile", name);
    p.baseUrl = QString::fromLatin1(baseUrl);
    p.keySource = keys;
    return p;
}

} // namespace

QString ProviderProfile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

const ModelInfo *ProviderProfile::model(const QString &id) const
{
    for (const ModelInfo &m : models) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

ProviderConfig ProviderProfile::toConfig(const QString &apiKey, const QString &proxyPassword) const
{
    ProviderConfig c;
    c.name = name;
    c.endpoint = Endpoint::fromUserInput(baseUrl);
    c.apiKey = keySource == KeySource::None ? QString() : apiKey;
    c.headers = headers;
    c.proxy = proxy;
    if (proxy.mode == ProxyConfig::Mode::Url && !proxyPassword.isEmpty())
        c.proxy.url.setPassword(proxyPassword);
    c.connectTimeoutMs = connectTimeoutMs;
    c.inactivityTimeoutMs = inactivityTimeoutMs;
    c.streamUsage = streamUsage;
    c.sendReasoningBack = sendReasoningBack;
    c.defaultParameters = defaultParameters;
    return c;
}

QJsonObject ProviderProfile::toJson() const
{
    QJsonArray headerList;
    for (const auto &[header, value] : headers)
        headerList.append(QJsonArray { QString::fromLatin1(header), QString::fromUtf8(value) });
    QJsonArray modelList;
    for (const ModelInfo &m : models) {
        QJsonObject o { { QStringLiteral("id"), m.id } };
        if (!m.displayName.isEmpty())
            o.insert(QStringLiteral("name"), m.displayName);
        if (m.vision)
            o.insert(QStringLiteral("vision"), true);
        if (m.reasoning)
            o.insert(QStringLiteral("reasoning"), true);
        if (m.manual)
            o.insert(QStringLiteral("manual"), true);
        modelList.append(o);
    }
    return {
        { QStringLiteral("id"), id },
        { QStringLiteral("name"), name },
        { QStringLiteral("baseUrl"), baseUrl },
        { QStringLiteral("key"), keySourceName(keySource) },
        { QStringLiteral("keyVariable"), keyVariable },
        { QStringLiteral("headers"), headerList },
        { QStringLiteral("proxy"), proxyText(proxy) },
        { QStringLiteral("connectTimeoutMs"), connectTimeoutMs },
        { QStringLiteral("inactivityTimeoutMs"), inactivityTimeoutMs },
        { QStringLiteral("streamUsage"), streamUsageName(streamUsage) },
        { QStringLiteral("sendReasoningBack"), sendReasoningBack },
        { QStringLiteral("streamOptionsRejected"), streamOptionsRejected },
        { QStringLiteral("models"), modelList },
        { QStringLiteral("defaultModel"), defaultModel },
        { QStringLiteral("defaultParameters"), defaultParameters },
    };
}

std::optional<ProviderProfile> ProviderProfile::fromJson(const QJsonObject &json)
{
    ProviderProfile p;
    p.id = json.value(QLatin1StringView("id")).toString();
    if (p.id.isEmpty())
        return std::nullopt;
    p.name = json.value(QLatin1StringView("name")).toString();
    p.baseUrl = json.value(QLatin1StringView("baseUrl")).toString();
    p.keySource = keySourceFrom(json.value(QLatin1StringView("key")).toString())
                      .value_or(KeySource::Keychain);
    p.keyVariable = json.value(QLatin1StringView("keyVariable")).toString();
    for (const QJsonValue &h : json.value(QLatin1StringView("headers")).toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.size() == 2 && !pair.at(0).toString().isEmpty())
            p.headers.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toUtf8() });
    }
    if (!ProxyConfig::parse(
            json.value(QLatin1StringView("proxy")).toString(QStringLiteral("system")), p.proxy))
        p.proxy = ProxyConfig::system();
    p.connectTimeoutMs
        = json.value(QLatin1StringView("connectTimeoutMs")).toInt(p.connectTimeoutMs);
    p.inactivityTimeoutMs
        = json.value(QLatin1StringView("inactivityTimeoutMs")).toInt(p.inactivityTimeoutMs);
    const QString usage = json.value(QLatin1StringView("streamUsage")).toString();
    p.streamUsage = usage == QLatin1StringView("always") ? ProviderConfig::StreamUsage::Always
        : usage == QLatin1StringView("never")            ? ProviderConfig::StreamUsage::Never
                                                         : ProviderConfig::StreamUsage::Automatic;
    p.sendReasoningBack = json.value(QLatin1StringView("sendReasoningBack")).toBool();
    p.streamOptionsRejected = json.value(QLatin1StringView("streamOptionsRejected")).toBool();
    for (const QJsonValue &v : json.value(QLatin1StringView("models")).toArray()) {
        const QJsonObject o = v.toObject();
        ModelInfo m;
        m.id = o.value(QLatin1StringView("id")).toString();
        if (m.id.isEmpty())
            continue;
        m.displayName = o.value(QLatin1StringView("name")).toString();
        m.vision = o.value(QLatin1StringView("vision")).toBool();
        m.reasoning = o.value(QLatin1StringView("reasoning")).toBool();
        m.manual = o.value(QLatin1StringView("manual")).toBool();
        p.models.append(m);
    }
    p.defaultModel = json.value(QLatin1StringView("defaultModel")).toString();
    p.defaultParameters = json.value(QLatin1StringView("defaultParameters")).toObject();
    return p;
}

QList<ProviderProfile> ProviderProfile::presets()
{
    using K = KeySource;
    return {
        preset(QT_TRANSLATE_NOOP("ProviderProfile", "OpenAI"), "https://api.openai.com/v1",
            K::Keychain),
        preset(QT_TRANSLATE_NOOP("ProviderProfile", "DeepSeek"), "https://api.deepseek.com",
            K::Keychain),
        preset(QT_TRANSLATE_NOOP("ProviderProfile", "OpenAI-compatible gateway"), "https://",
            K::Keychain),
        preset(
            QT_TRANSLATE_NOOP("ProviderProfile", "Ollama"), "http://localhost:11434/v1", K::None),
        preset(
            QT_TRANSLATE_NOOP("ProviderProfile", "LM Studio"), "http://localhost:1234/v1", K::None),
        preset(QT_TRANSLATE_NOOP("ProviderProfile", "llama.cpp / vLLM server"),
            "http://localhost:8000/v1", K::None),
    };
}

bool ProviderProfile::operator==(const ProviderProfile &o) const
{
    return toJson() == o.toJson() && transient == o.transient;
}

namespace ProviderList {

Loaded load(const Settings &settings)
{
    Loaded loaded;
    const QJsonObject root
        = QJsonDocument::fromJson(settings.value(Settings::ProviderList).toUtf8()).object();
    if (root.value(QLatin1StringView("version")).toInt() > Version) {
        loaded.fromNewerVersion = true;
        return loaded;
    }
    for (const QJsonValue &v : root.value(QLatin1StringView("providers")).toArray()) {
        if (std::optional<ProviderProfile> p = ProviderProfile::fromJson(v.toObject()))
            loaded.providers.append(*p);
    }
    return loaded;
}

bool save(Settings &settings, const QList<ProviderProfile> &providers)
{
    if (load(settings).fromNewerVersion)
        return false;
    QJsonArray list;
    for (const ProviderProfile &p : providers) {
        if (!p.transient)
            list.append(p.toJson());
    }
    const QJsonObject root { { QStringLiteral("version"), Version },
        { QStringLiteral("providers"), list } };
    settings.setValue(Settings::ProviderList,
        QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact)));
    return true;
}

} // namespace ProviderList

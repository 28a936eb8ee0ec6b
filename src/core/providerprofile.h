#pragma once

#include "providerconfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// A model of a provider as the user set it up. Capabilities are what the user said, never
// guessed from the id: a model's name says little about what a gateway serves under it.
struct ModelInfo
{
    QString id;
    QString displayName; // empty: the id
    bool vision = false; // images may be sent to it
    bool reasoning = false; // it thinks before it answers
    bool manual = false; // typed by the user, kept when the list is fetched again

    QString label() const { return displayName.isEmpty() ? id : displayName; }
    bool operator==(const ModelInfo &o) const
    {
        return id == o.id && displayName == o.displayName && vision == o.vision
            && reasoning == o.reasoning && manual == o.manual;
    }
};

// One server the user talks to, as kept in the settings. Its key is not here: it lives in the
// system keychain (SecretStore), or, if the user chose so, in an environment variable or
// (explicitly, with a warning) in the settings file.
struct ProviderProfile
{
    enum class KeySource {
        Keychain,
        Environment, // read from keyVariable at start
        SettingsFile, // the user's explicit choice when no keychain answers
        None, // a local server that wants no key
    };

    QString id; // stable: conversations name their provider by it
    QString name;
    QString baseUrl; // as the user gave it; Endpoint::fromUserInput() resolves it
    KeySource keySource = KeySource::Keychain;
    QString keyVariable; // KeySource::Environment
    QList<QPair<QByteArray, QByteArray>> headers;
    ProxyConfig proxy; // a URL's password is kept with the key, not here
    int connectTimeoutMs = 30 * 1000;
    int inactivityTimeoutMs = 300 * 1000;
    ProviderConfig::StreamUsage streamUsage = ProviderConfig::StreamUsage::Automatic;
    bool sendReasoningBack = false;
    // Learned: the server refused stream_options, so Automatic leaves it out from the start.
    bool streamOptionsRejected = false;
    QList<ModelInfo> models;
    QString defaultModel;
    QJsonObject defaultParameters; // request fields, sent unless a conversation overrides them

    // Not kept: the environment's provider and the demo are made at start.
    bool transient = false;

    const ModelInfo *model(const QString &id) const;
    // What a ChatClient needs, with the key (and the proxy's password) read elsewhere.
    ProviderConfig toConfig(const QString &apiKey, const QString &proxyPassword = {}) const;

    // A profile as JSON for the settings file: never the key, never the proxy's password.
    QJsonObject toJson() const;
    static std::optional<ProviderProfile> fromJson(const QJsonObject &json);

    // The starting points the providers dialog offers, with new ids.
    static QList<ProviderProfile> presets();
    static QString newId();

    bool operator==(const ProviderProfile &o) const;
};

class Settings;

// The providers as kept in the settings: {"version": 1, "providers": [...]}. A list written by
// a newer Confab is left alone (and not overwritten) rather than read wrongly.
namespace ProviderList {
constexpr int Version = 1;
struct Loaded
{
    QList<ProviderProfile> providers;
    bool fromNewerVersion = false;
};
Loaded load(const Settings &settings);
// False, and nothing written, over a newer version's list.
bool save(Settings &settings, const QList<ProviderProfile> &providers);
} // namespace ProviderList

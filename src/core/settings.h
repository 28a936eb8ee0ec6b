#pragma once

#include "imageencoder.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>

// One setting: where it is kept and what it is when it was never set. Each is declared once,
// below, so a key is never spelt twice nor given two defaults.
template<typename T> struct Setting
{
    const char *key;
    T defaultValue;
};

// Typed access to the application's QSettings (the user's, or the portable profile's file).
// A value of the wrong type (an edited file) reads as the default.
class Settings
{
public:
    explicit Settings(QSettings *settings)
        : m_settings(settings)
    { }
    QSettings *backing() const { return m_settings; }

    template<typename T> T value(const Setting<T> &setting) const
    {
        const QVariant stored = m_settings->value(QLatin1StringView(setting.key));
        if (!stored.isValid() || !stored.canConvert<T>())
            return setting.defaultValue;
        return stored.value<T>();
    }
    template<typename T> void setValue(const Setting<T> &setting, const T &value)
    {
        m_settings->setValue(QLatin1StringView(setting.key), QVariant::fromValue(value));
    }
    template<typename T> void reset(const Setting<T> &setting)
    {
        m_settings->remove(QLatin1StringView(setting.key));
    }
    template<typename T> bool contains(const Setting<T> &setting) const
    {
        return m_settings->contains(QLatin1StringView(setting.key));
    }

    // The window.
    static inline const Setting<QByteArray> WindowGeometry { "window/geometry", {} };
    static inline const Setting<QByteArray> SplitterState { "window/splitter", {} };
    static inline const Setting<qint64> LastConversation { "window/lastConversation", 0 };
    static inline const Setting<bool> EnterSends { "composer/enterSends", true };
    static inline const Setting<bool> ParametersShown { "window/parametersShown", false };

    // Images: the longest side they are scaled to (0: as they are; ImageEncoder's choices),
    // and how many one question may carry.
    static inline const Setting<int> ImageMaxSide { "images/maxSide", ImageOptions().maxSide };
    static inline const Setting<int> ImageLimit { "images/perMessage", 10 };

    // Providers: the list as versioned JSON (ProviderList), the one new chats use, and keys
    // the user chose, explicitly, to keep here because no keychain answered (by provider id).
    static inline const Setting<QString> ProviderList { "providers/list", {} };
    static inline const Setting<QString> DefaultProvider { "providers/default", {} };
    // Saved parameter sets, as versioned JSON (ParameterPresets).
    static inline const Setting<QString> ParameterPresets { "parameters/presets", {} };
    static constexpr const char *KeyInSettingsGroup = "providers/keys";

private:
    QSettings *m_settings;
};

#pragma once

#include <QNetworkProxy>
#include <QString>
#include <QUrl>

// How one provider reaches its server: the system's proxy settings, no proxy, or a given
// http:// or socks5:// proxy (credentials in the URL's user info).
struct ProxyConfig
{
    enum class Mode { System, None, Url };

    Mode mode = Mode::System;
    QUrl url;

    static ProxyConfig system() { return {}; }
    static ProxyConfig none() { return { Mode::None, {} }; }
    // Parses "system", "none", or a proxy URL; on failure returns false and sets `error`.
    static bool parse(const QString &text, ProxyConfig &out, QString *error = nullptr);

    QNetworkProxy toNetworkProxy() const; // for Mode::Url
    bool operator==(const ProxyConfig &other) const
    {
        return mode == other.mode && url == other.url;
    }
};

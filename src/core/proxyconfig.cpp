#include "proxyconfig.h"

#include <QCoreApplication>
#include <QRegularExpression>

bool ProxyConfig::parse(const QString &text, ProxyConfig &out, QString *error)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1StringView("system"), Qt::CaseInsensitive) == 0) {
        out = system();
        return true;
    }
    if (t.compare(QLatin1StringView("none"), Qt::CaseInsensitive) == 0
        || t.compare(QLatin1StringView("direct"), Qt::CaseInsensitive) == 0) {
        out = none();
        return true;
    }
    const QUrl url(t, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool known = scheme == QLatin1StringView("http") || scheme == QLatin1StringView("socks5")
        || scheme == QLatin1StringView("socks5h");
    if (!url.isValid() || url.host().isEmpty() || !known) {
        if (error) {
            // Never echo a password, even from a URL too broken to parse.
            static const QRegularExpression password(QStringLiteral("(://[^:/@]*:)[^@]*@"));
            QString shown = t;
            shown.replace(password, QStringLiteral("\\1***@"));
            *error = QCoreApplication::translate("ProxyConfig",
                "\"%1\" is not a proxy URL; use http://host:port or socks5://host:port")
                         .arg(shown);
        }
        return false;
    }
    out.mode = Mode::Url;
    out.url = url;
    return true;
}

QNetworkProxy ProxyConfig::toNetworkProxy() const
{
    switch (mode) {
    case Mode::None:
        return QNetworkProxy(QNetworkProxy::NoProxy);
    case Mode::System:
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    case Mode::Url:
        break;
    }
    const bool socks = url.scheme().startsWith(QLatin1StringView("socks"), Qt::CaseInsensitive);
    QNetworkProxy proxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
        quint16(url.port(socks ? 1080 : 8080)), url.userName(QUrl::FullyDecoded),
        url.password(QUrl::FullyDecoded));
    return proxy;
}

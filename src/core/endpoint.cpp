#include "endpoint.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace {
bool isLocalHost(const QString &hostAndPort)
{
    QString host;
    if (hostAndPort.startsWith(QLatin1Char('['))) // [::1]:11434/v1
        host = hostAndPort.mid(1).section(QLatin1Char(']'), 0, 0);
    else
        host = hostAndPort.section(QLatin1Char('/'), 0, 0).section(QLatin1Char(':'), 0, 0);
    if (host == QLatin1StringView("localhost"))
        return true;
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    if (address.isLoopback() || address.isLinkLocal())
        return true;
    // RFC 1918 ranges, where LAN model servers live.
    for (const char *net : { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }) {
        if (address.isInSubnet(QHostAddress::parseSubnet(QLatin1StringView(net))))
            return true;
    }
    return false;
}
} // namespace

Endpoint Endpoint::fromUserInput(const QString &input)
{
    Endpoint e;
    QString text = input.trimmed();
    if (text.isEmpty()) {
        e.m_error = QCoreApplication::translate("Endpoint", "No base URL is set.");
        return e;
    }
    if (!text.contains(QLatin1StringView("://"))) {
        // Local servers are plain HTTP; anything else is assumed to be HTTPS.
        text.prepend(
            isLocalHost(text) ? QLatin1StringView("http://") : QLatin1StringView("https://"));
    }
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1StringView("http")
            && url.scheme() != QLatin1StringView("https"))) {
        e.m_error
            = QCoreApplication::translate("Endpoint", "\"%1\" is not an http:// or https:// URL.")
                  .arg(input.trimmed());
        return e;
    }
    url.setQuery(QString());
    url.setFragment(QString());

    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    // A whole endpoint pasted from a document: keep only the base.
    for (const QLatin1StringView suffix : { QLatin1StringView("/chat/completions"),
             QLatin1StringView("/completions"), QLatin1StringView("/models") }) {
        if (path.endsWith(suffix, Qt::CaseInsensitive)) {
            path.chop(suffix.size());
            break;
        }
    }
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.isEmpty())
        path = QStringLiteral("/v1");
    url.setPath(path);
    e.m_base = url;
    return e;
}

QUrl Endpoint::withPath(const QString &suffix) const
{
    QUrl url = m_base;
    url.setPath(m_base.path() + suffix);
    return url;
}

QUrl Endpoint::chatCompletionsUrl() const
{
    return withPath(QStringLiteral("/chat/completions"));
}

QUrl Endpoint::modelsUrl() const
{
    return withPath(QStringLiteral("/models"));
}

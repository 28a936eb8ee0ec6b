#include "proxyrouter.h"

#include <QNetworkAccessManager>

ProxyRouter *ProxyRouter::forManager(QNetworkAccessManager *nam)
{
    // The manager owns its factory; a property marks ours so we never reinstall over it.
    auto *router = static_cast<ProxyRouter *>(nam->property("confabProxyRouter").value<void *>());
    if (!router) {
        router = new ProxyRouter;
        nam->setProxyFactory(router);
        nam->setProperty("confabProxyRouter", QVariant::fromValue(static_cast<void *>(router)));
    }
    return router;
}

QString ProxyRouter::key(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1StringView("https") ? 443 : 80);
    return scheme + QLatin1StringView("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(port);
}

void ProxyRouter::setProxy(const QUrl &origin, const ProxyConfig &config)
{
    QMutexLocker lock(&m_mutex);
    m_routes.insert(key(origin), config);
}

QList<QNetworkProxy> ProxyRouter::queryProxy(const QNetworkProxyQuery &query)
{
    ProxyConfig config;
    {
        QMutexLocker lock(&m_mutex);
        config = m_routes.value(key(query.url()), ProxyConfig::system());
    }
    switch (config.mode) {
    case ProxyConfig::Mode::None:
        return { QNetworkProxy(QNetworkProxy::NoProxy) };
    case ProxyConfig::Mode::Url:
        return { config.toNetworkProxy() };
    case ProxyConfig::Mode::System:
        break;
    }
    return QNetworkProxyFactory::systemProxyForQuery(query);
}

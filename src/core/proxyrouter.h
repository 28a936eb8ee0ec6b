#pragma once

#include "proxyconfig.h"

#include <QHash>
#include <QMutex>
#include <QNetworkProxyFactory>

class QNetworkAccessManager;

// Lets providers that share one QNetworkAccessManager use different proxies: each origin
// (scheme, host, port) of a provider maps to that provider's ProxyConfig.
class ProxyRouter : public QNetworkProxyFactory
{
public:
    // The router installed on `nam`, installing one on first use.
    static ProxyRouter *forManager(QNetworkAccessManager *nam);

    void setProxy(const QUrl &origin, const ProxyConfig &config);
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    static QString key(const QUrl &url);

    // queryProxy() may be called from Qt's HTTP thread.
    QMutex m_mutex;
    QHash<QString, ProxyConfig> m_routes;
};

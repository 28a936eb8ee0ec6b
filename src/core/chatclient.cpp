#include "chatclient.h"

#include "modelsreply.h"
#include "proxyrouter.h"

#include <QNetworkAccessManager>
#include <QSysInfo>

ChatClient::ChatClient(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{ }

QByteArray ChatClient::userAgent()
{
    return QByteArrayLiteral("Confab/" CONFAB_VERSION " (Qt ") + qVersion() + "; "
        + QSysInfo::kernelType().toLatin1() + ')';
}

void ChatClient::setProvider(const ProviderConfig &provider)
{
    m_provider = provider;
    if (provider.endpoint.isValid())
        ProxyRouter::forManager(m_nam)->setProxy(provider.endpoint.baseUrl(), provider.proxy);
}

QNetworkRequest ChatClient::networkRequest(const QUrl &url, bool streaming, bool hasBody) const
{
    QNetworkRequest request(url);
    if (hasBody)
        request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Accept", streaming ? "text/event-stream" : "application/json");
    if (!m_provider.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_provider.apiKey.toUtf8());
    request.setRawHeader("User-Agent", userAgent());
    for (const auto &header : m_provider.headers)
        request.setRawHeader(header.first, header.second); // replaces a default of the same name
    // Streams must reach us as they arrive, never from or into a cache.
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

QString ChatClient::proxyName() const
{
    if (m_provider.proxy.mode != ProxyConfig::Mode::Url)
        return {};
    const QUrl &url = m_provider.proxy.url;
    return url.host() + QLatin1Char(':')
        + QString::number(m_provider.proxy.toNetworkProxy().port());
}

ChatRequest ChatClient::prepare(const ChatRequest &request) const
{
    ChatRequest body = request;
    if (body.isStreaming() && !body.includeUsage) {
        switch (m_provider.streamUsage) {
        case ProviderConfig::StreamUsage::Automatic:
            if (!m_streamOptionsRejected)
                body.includeUsage = true;
            break;
        case ProviderConfig::StreamUsage::Always:
            body.includeUsage = true;
            break;
        case ProviderConfig::StreamUsage::Never:
            break;
        }
    }
    return body;
}

ChatReply *ChatClient::send(const ChatRequest &request, Tracing tracing)
{
    const ChatRequest body = prepare(request);
    auto *reply = new ChatReply(m_nam,
        networkRequest(m_provider.endpoint.chatCompletionsUrl(), body.isStreaming(), true), body,
        m_provider.apiKey, tracing == Tracing::On, m_provider.connectTimeoutMs,
        m_provider.inactivityTimeoutMs, proxyName(), this);
    connect(reply, &ChatReply::streamOptionsRejected, this, [this] {
        if (!m_streamOptionsRejected) {
            m_streamOptionsRejected = true;
            emit streamOptionsRejectedLearned();
        }
    });
    if (!m_provider.endpoint.isValid()) {
        const QString why = m_provider.endpoint.errorString();
        reply->failLater(ApiError(ApiError::Code::InvalidRequest,
            why.isEmpty() ? ApiError::tr("No valid base URL is set for this provider") : why));
        return reply;
    }
    reply->start();
    return reply;
}

RequestTrace ChatClient::preview(const ChatRequest &request) const
{
    const ChatRequest body = prepare(request);
    const QNetworkRequest nr
        = networkRequest(m_provider.endpoint.chatCompletionsUrl(), body.isStreaming(), true);
    RequestTrace trace;
    trace.method = "POST";
    trace.url = nr.url().toString();
    for (const QByteArray &name : nr.rawHeaderList()) {
        QByteArray value = nr.rawHeader(name);
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            value = "Bearer " + QByteArray(RequestTrace::Redacted);
        trace.requestHeaders.append({ name, RequestTrace::redact(value, m_provider.apiKey) });
    }
    trace.requestBody = RequestTrace::redact(body.toJsonBytes(), m_provider.apiKey);
    return trace;
}

ModelsReply *ChatClient::fetchModels()
{
    QNetworkReply *reply
        = m_nam->get(networkRequest(m_provider.endpoint.modelsUrl(), false, false));
    const int timeout = m_provider.connectTimeoutMs + m_provider.inactivityTimeoutMs;
    return new ModelsReply(reply, m_provider.apiKey, timeout, this);
}

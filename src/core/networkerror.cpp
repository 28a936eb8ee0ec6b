// The ApiError constructors for failures below HTTP; kept apart from the body decoding.
#include "apierror.h"

#include <QLocale>

ApiError ApiError::fromNetworkError(
    QNetworkReply::NetworkError error, const QString &detail, const QString &host)
{
    Code code = Code::Network;
    QString summary;
    switch (error) {
    case QNetworkReply::HostNotFoundError:
        summary = tr("Could not find the server %1 (DNS lookup failed); check the base URL and "
                     "your connection")
                      .arg(host);
        break;
    case QNetworkReply::ConnectionRefusedError:
        summary = tr("The server %1 refused the connection; is it running, and is the port right?")
                      .arg(host);
        break;
    case QNetworkReply::RemoteHostClosedError:
        summary = tr("The server %1 closed the connection unexpectedly").arg(host);
        break;
    case QNetworkReply::TimeoutError:
        code = Code::Timeout;
        summary = tr("The connection to %1 timed out").arg(host);
        break;
    case QNetworkReply::SslHandshakeFailedError:
        summary = tr("The secure (TLS) connection to %1 failed: %2").arg(host, detail);
        break;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        summary = tr("The network is unavailable");
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        summary = tr("The proxy could not be reached: %1").arg(detail);
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        summary = tr("The proxy rejected its credentials");
        break;
    case QNetworkReply::OperationCanceledError:
        return cancelled();
    default:
        summary = tr("Network error talking to %1: %2").arg(host, detail);
        break;
    }
    return ApiError(code, summary);
}

namespace {
QString seconds(int ms)
{
    return QLocale().toString(ms / 1000.0, 'g', 4);
}
} // namespace

ApiError ApiError::connectTimeout(const QString &host, int timeoutMs)
{
    return ApiError(
        Code::Timeout, tr("Could not connect to %1 within %2 s").arg(host, seconds(timeoutMs)));
}

ApiError ApiError::inactivityTimeout(int timeoutMs)
{
    return ApiError(Code::Timeout,
        tr("The server sent nothing for %1 s, so the reply was stopped; thinking models may need a "
           "longer inactivity timeout")
            .arg(seconds(timeoutMs)));
}

ApiError ApiError::throughProxyFailed(const QString &proxy, const QString &detail)
{
    return ApiError(
        Code::Network, tr("Could not connect through the proxy %1: %2").arg(proxy, detail));
}

ApiError ApiError::cancelled()
{
    return ApiError(Code::Cancelled, tr("Stopped"));
}

ApiError ApiError::cutOff()
{
    return ApiError(Code::Network,
        tr("The connection closed before the reply was complete; the text received so far is "
           "kept"));
}

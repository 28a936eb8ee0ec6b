#include "requesttrace.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
QJsonObject headersToJson(const RequestTrace::Headers &headers)
{
    QJsonObject o;
    for (const auto &h : headers)
        o.insert(QString::fromLatin1(h.first), QString::fromUtf8(h.second));
    return o;
}

QString shellQuote(const QString &s)
{
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QLatin1StringView("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}
} // namespace

QByteArray RequestTrace::redact(QByteArray text, const QString &secret)
{
    if (secret.size() < 4)
        return text;
    const QByteArray raw = secret.toUtf8();
    text.replace(raw, QByteArray(Redacted));
    // A server may echo the key inside JSON with "/" escaped (keys such as bce-v3/ALTAK-.../...).
    if (raw.contains('/')) {
        QByteArray escaped = raw;
        escaped.replace("/", "\\/");
        text.replace(escaped, QByteArray(Redacted));
    }
    return text;
}

QJsonObject RequestTrace::toJson() const
{
    QJsonObject request { { QStringLiteral("method"), QString::fromLatin1(method) },
        { QStringLiteral("url"), url },
        { QStringLiteral("headers"), headersToJson(requestHeaders) } };
    const QJsonDocument body = QJsonDocument::fromJson(requestBody);
    if (body.isObject())
        request.insert(QStringLiteral("body"), body.object());
    else if (!requestBody.isEmpty())
        request.insert(QStringLiteral("body"), QString::fromUtf8(requestBody));
    QJsonObject response { { QStringLiteral("status"), status },
        { QStringLiteral("headers"), headersToJson(responseHeaders) },
        { QStringLiteral("body"), QString::fromUtf8(responseBody) } };
    return { { QStringLiteral("request"), request }, { QStringLiteral("response"), response } };
}

QString RequestTrace::toCurl() const
{
    QStringList parts { QStringLiteral("curl"), shellQuote(url) };
    if (method != "GET")
        parts << QStringLiteral("-X") << QString::fromLatin1(method);
    for (const auto &h : requestHeaders)
        parts << QStringLiteral("-H")
              << shellQuote(QString::fromLatin1(h.first) + QStringLiteral(": ")
                     + QString::fromUtf8(h.second));
    if (!requestBody.isEmpty())
        parts << QStringLiteral("--data-raw") << shellQuote(QString::fromUtf8(requestBody));
    return parts.join(QLatin1Char(' '));
}

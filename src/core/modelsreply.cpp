#include "modelsreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <algorithm>

namespace {
// Orders "model-9" before "model-10" and ignores case, whatever the locale (QCollator's numeric
// mode does nothing in the C locale).
int naturalCompare(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a.at(i).isDigit() && b.at(j).isDigit()) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a.at(ei).isDigit())
                ++ei;
            while (ej < b.size() && b.at(ej).isDigit())
                ++ej;
            const QStringView na = QStringView(a).mid(i, ei - i);
            const QStringView nb = QStringView(b).mid(j, ej - j);
            // Compare as numbers without overflow: skip leading zeros, then length, then digits.
            auto significant = [](QStringView digits) {
                while (digits.size() > 1 && digits.front() == u'0')
                    digits = digits.mid(1);
                return digits;
            };
            const QStringView ta = significant(na), tb = significant(nb);
            if (ta.size() != tb.size())
                return ta.size() < tb.size() ? -1 : 1;
            if (const int c = ta.compare(tb); c != 0)
                return c;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a.at(i).toCaseFolded(), cb = b.at(j).toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    return (a.size() - i) < (b.size() - j) ? -1 : (a.size() - i) > (b.size() - j) ? 1 : 0;
}
} // namespace

ModelsReply::ModelsReply(
    QNetworkReply *reply, const QString &apiKey, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_apiKey(apiKey)
{
    connect(reply, &QNetworkReply::finished, this, &ModelsReply::onFinished);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    if (timeoutMs > 0)
        m_timer.start(timeoutMs);
}

ModelsReply::~ModelsReply()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QStringList ModelsReply::parseModels(QByteArrayView json, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &error);
    QJsonArray items;
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        items = o.contains(QLatin1StringView("data"))
            ? o.value(QLatin1StringView("data")).toArray()
            : o.value(QLatin1StringView("models")).toArray();
    } else if (doc.isArray()) {
        items = doc.array();
    }
    QStringList ids;
    for (const QJsonValue item : std::as_const(items)) {
        if (item.isString()) {
            ids << item.toString();
            continue;
        }
        const QJsonObject o = item.toObject();
        for (const char *key : { "id", "name", "model" }) {
            const QString id = o.value(QLatin1StringView(key)).toString();
            if (!id.isEmpty()) {
                ids << id;
                break;
            }
        }
    }
    // An empty list is a list; a gateway's error with "data": "token" (and status 200) is not.
    if (ok)
        *ok = error.error == QJsonParseError::NoError
            && (doc.isArray() || !items.isEmpty()
                || doc.object().value(QLatin1StringView("data")).isArray());
    std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
        const int c = naturalCompare(a, b);
        return c != 0 ? c < 0 : a < b;
    });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void ModelsReply::cancel()
{
    if (m_done)
        return;
    if (m_reply)
        m_reply->abort();
    if (!m_done)
        fail(ApiError::cancelled());
}

void ModelsReply::onFinished()
{
    if (m_done || !m_reply)
        return;
    m_timer.stop();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // After abort() (cancel, timeout) the reply is closed; reading it would only print a warning.
    const QByteArray body = m_reply->isOpen() ? m_reply->readAll() : QByteArray();
    const QString host = m_reply->url().host();
    if (m_timedOut) {
        fail(ApiError::connectTimeout(host, m_timer.interval()));
        return;
    }
    if (status >= 400) {
        fail(ApiError::fromHttpResponse(status, body));
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        fail(ApiError::fromNetworkError(m_reply->error(), m_reply->errorString(), host));
        return;
    }
    bool ok = false;
    m_models = parseModels(body, &ok);
    if (!ok) {
        ApiError e = ApiError::fromErrorJson(body, status, ApiError::Code::BadResponse);
        if (!e.isError()) {
            const ApiError page = ApiError::fromHttpResponse(status, body);
            e = ApiError(ApiError::Code::BadResponse,
                ApiError::tr("HTTP %1: the model list is not in a known format").arg(status));
            e.setServerMessage(page.serverMessage());
            e.setHttpStatus(status);
        }
        fail(e);
        return;
    }
    m_done = true;
    m_reply->deleteLater();
    m_reply = nullptr;
    emit finished();
}

void ModelsReply::fail(const ApiError &error)
{
    m_done = true;
    m_timer.stop();
    m_error = error;
    m_error.redact(m_apiKey);
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    emit failed(m_error);
}

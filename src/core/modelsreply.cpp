#include "modelsreply.h"

#include <QCollator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <algorithm>

ModelsReply::ModelsReply(QNetworkReply *reply, const QString &apiKey, int timeoutMs, QObject *parent)
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
        items = o.contains(QLatin1StringView("data")) ? o.value(QLatin1StringView("data")).toArray()
                                                      : o.value(QLatin1StringView("models")).toArray();
    } else if (doc.isArray()) {
        items = doc.array();
    }
    QStringList ids;
    for (const QJsonValue &item : std::as_const(items)) {
        if (item.isString()) {
            ids << item.toString();
            continue;
        }
        const QJsonObject o = item.toObject();
        for (const char *key : {"id", "name", "model"}) {
            const QString id = o.value(QLatin1StringView(key)).toString();
            if (!id.isEmpty()) {
                ids << id;
                break;
            }
        }
    }
    if (ok)
        *ok = error.error == QJsonParseError::NoError && (doc.isArray() || !items.isEmpty() || doc.object().contains(QLatin1StringView("data")));
    QCollator collator;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(ids.begin(), ids.end(), [&](const QString &a, const QString &b) { return collator.compare(a, b) < 0; });
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
    const QByteArray body = m_reply->readAll();
    const QString host = m_reply->url().host();
    if (m_timedOut) {
        fail(ApiError::connectTimeout(host, m_timer.interval() / 1000));
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
            e = ApiError(ApiError::Code::BadResponse, ApiError::tr("HTTP %1: the model list is not in a known format").arg(status));
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

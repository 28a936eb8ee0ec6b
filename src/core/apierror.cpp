#include "apierror.h"

#include "requesttrace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

constexpr qsizetype MaxMessageLength = 500;

// Collapses whitespace and newlines so the message stays on one line, and bounds its length.
QString oneLine(const QString &text)
{
    QString s = text.simplified();
    if (s.size() > MaxMessageLength) {
        qsizetype keep = MaxMessageLength - 1;
        if (s.at(keep - 1).isHighSurrogate())
            --keep; // never split an emoji's surrogate pair
        s = s.left(keep) + QChar(0x2026);
    }
    return s;
}

QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

// FastAPI-style {"detail": [{"loc": ["body", "temperature"], "msg": "..."}]}: the field path
// tells the user which parameter the message is about.
QString detailText(const QJsonValue &detail)
{
    if (detail.isString())
        return detail.toString();
    QStringList parts;
    for (const QJsonValue item : detail.toArray()) {
        const QJsonObject o = item.toObject();
        const QString msg = o.value(QLatin1StringView("msg")).toString();
        if (msg.isEmpty())
            continue;
        QStringList path;
        for (const QJsonValue step : o.value(QLatin1StringView("loc")).toArray()) {
            const QString s = scalarText(step);
            if (!s.isEmpty() && s != QLatin1StringView("body"))
                path << s;
        }
        parts << (path.isEmpty() ? msg : path.join(QLatin1Char('.')) + QStringLiteral(": ") + msg);
    }
    return parts.join(QStringLiteral("; "));
}

struct Extracted
{
    QString message;
    QString type;
    QString code;
    QString param;
    int gatewayCode = 0;
    bool found = false;
};

Extracted extract(const QJsonObject &obj)
{
    Extracted e;
    const QJsonValue error = obj.value(QLatin1StringView("error"));
    if (error.isObject()) {
        const QJsonObject err = error.toObject();
        e.found = true;
        e.message = err.value(QLatin1StringView("message")).toString();
        if (e.message.isEmpty())
            e.message = err.value(QLatin1StringView("msg")).toString();
        e.type = scalarText(err.value(QLatin1StringView("type")));
        if (e.type.isEmpty())
            e.type = scalarText(err.value(QLatin1StringView("status")));
        e.code = scalarText(err.value(QLatin1StringView("code")));
        e.param = scalarText(err.value(QLatin1StringView("param")));
        // OpenRouter puts the upstream's useful words in metadata.raw.
        const QJsonValue raw
            = err.value(QLatin1StringView("metadata")).toObject().value(QLatin1StringView("raw"));
        const QString rawText = raw.isString()
            ? raw.toString()
            : QString::fromUtf8(QJsonDocument(raw.toObject()).toJson(QJsonDocument::Compact));
        if (!rawText.isEmpty() && rawText != QLatin1StringView("{}")
            && !e.message.contains(rawText))
            e.message = e.message.isEmpty() ? rawText : e.message + QStringLiteral(": ") + rawText;
        return e;
    }
    if (error.isString()) {
        e.found = true;
        e.message = error.toString();
        e.type = scalarText(obj.value(QLatin1StringView("type")));
        e.code = scalarText(obj.value(QLatin1StringView("code")));
        return e;
    }
    // The seed gateway's {"codes":900,"mess":"...","data":"token"}.
    if (obj.contains(QLatin1StringView("mess")) || obj.contains(QLatin1StringView("codes"))) {
        e.found = true;
        e.message = scalarText(obj.value(QLatin1StringView("mess")));
        e.code = scalarText(obj.value(QLatin1StringView("codes")));
        e.gatewayCode = obj.value(QLatin1StringView("codes")).toInt();
        return e;
    }
    for (const char *key : { "message", "msg", "error_msg", "errmsg" }) {
        const QJsonValue v = obj.value(QLatin1StringView(key));
        if (v.isString() && !v.toString().isEmpty()) {
            e.found = true;
            e.message = v.toString();
            e.code = scalarText(obj.value(QLatin1StringView("code")));
            e.type = scalarText(obj.value(QLatin1StringView("type")));
            return e;
        }
    }
    if (obj.contains(QLatin1StringView("detail"))) {
        e.found = true;
        e.message = detailText(obj.value(QLatin1StringView("detail")));
    }
    return e;
}

QString htmlTitle(const QString &page)
{
    static const QRegularExpression title(QStringLiteral("<title[^>]*>(.*?)</title>"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const auto m = title.match(page);
    if (m.hasMatch())
        return m.captured(1).simplified();
    static const QRegularExpression heading(QStringLiteral("<h1[^>]*>(.*?)</h1>"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const auto h = heading.match(page);
    if (h.hasMatch()) {
        static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
        return h.captured(1).remove(tags).simplified();
    }
    return {};
}

QString firstLine(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        QString t = line.trimmed();
        if (!t.isEmpty())
            return t;
    }
    return {};
}

bool looksLikeHtml(QByteArrayView body)
{
    const QByteArray head
        = body.first(std::min<qsizetype>(body.size(), 512)).toByteArray().trimmed().toLower();
    return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<head")
        || head.contains("<body") || head.contains("<title");
}

ApiError::Code codeForGateway(int gatewayCode)
{
    switch (gatewayCode) {
    case 900:
        return ApiError::Code::Unauthorized;
    case 300:
        return ApiError::Code::Forbidden; // balance exhausted
    case 400:
    case 402:
        return ApiError::Code::InvalidRequest; // content refused by the gateway
    default:
        return gatewayCode >= 500 && gatewayCode < 600 ? ApiError::Code::Server
                                                       : ApiError::Code::InvalidRequest;
    }
}

} // namespace

ApiError::ApiError(Code code, const QString &summary)
    : m_code(code)
    , m_summary(summary)
{ }

QString ApiError::codeName() const
{
    switch (m_code) {
    case Code::None:
        return QStringLiteral("none");
    case Code::Network:
        return QStringLiteral("network");
    case Code::Timeout:
        return QStringLiteral("timeout");
    case Code::Cancelled:
        return QStringLiteral("cancelled");
    case Code::Unauthorized:
        return QStringLiteral("unauthorized");
    case Code::Forbidden:
        return QStringLiteral("forbidden");
    case Code::NotFound:
        return QStringLiteral("not_found");
    case Code::RateLimited:
        return QStringLiteral("rate_limited");
    case Code::PayloadTooLarge:
        return QStringLiteral("payload_too_large");
    case Code::InvalidRequest:
        return QStringLiteral("invalid_request");
    case Code::Server:
        return QStringLiteral("server");
    case Code::BadResponse:
        return QStringLiteral("bad_response");
    case Code::InStream:
        return QStringLiteral("in_stream");
    }
    return {};
}

bool ApiError::isAboutSize() const
{
    return m_code == Code::PayloadTooLarge || m_httpStatus == 413 || mentionsSize(m_serverMessage);
}

bool ApiError::mentionsSize(const QString &message)
{
    // What gateways say when an image or a body is over their limit.
    // What gateways say when an image or a body is over their limit; not "max_tokens is too
    // large", which smaller images would not help.
    static const QRegularExpression words(
        QStringLiteral("HTTP 413|\\b413\\b|entity too large|"
                       "(image|file|body|request|payload|content)\\w*\\W+(\\w+\\W+){0,3}?"
                       "(is |are )?(too (large|big)|exceeds?|over the (limit|maximum))|"
                       "(image|file|body|request|payload) size|size limit|"
                       "(图片|图像|文件|请求|内容).{0,6}(过大|太大|超过|超出)"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(message).hasMatch();
}

QString ApiError::message() const
{
    if (m_serverMessage.isEmpty())
        return m_summary;
    if (m_summary.isEmpty())
        return m_serverMessage;
    //: The server's own error message, then Confab's explanation in parentheses.
    return tr("%1 (%2)").arg(m_serverMessage, m_summary);
}

void ApiError::setServerMessage(const QString &message)
{
    m_serverMessage = oneLine(message);
}

void ApiError::redact(const QString &secret)
{
    if (secret.size() < 4)
        return;
    m_serverMessage.replace(secret, QStringLiteral("***"));
    m_summary.replace(secret, QStringLiteral("***"));
    m_bodySample = RequestTrace::redact(m_bodySample, secret);
}

void ApiError::setBody(QByteArrayView body)
{
    m_bodySample = body.first(std::min(body.size(), BodySampleLimit)).toByteArray();
}

ApiError::Code ApiError::codeForStatus(int status)
{
    switch (status) {
    case 401:
        return Code::Unauthorized;
    case 402:
    case 403:
        return Code::Forbidden;
    case 404:
        return Code::NotFound;
    case 408:
        return Code::Timeout;
    case 413:
        return Code::PayloadTooLarge;
    case 429:
        return Code::RateLimited;
    default:
        break;
    }
    if (status >= 500)
        return Code::Server;
    if (status >= 400)
        return Code::InvalidRequest;
    return Code::BadResponse;
}

QString ApiError::statusSummary(Code code, int status)
{
    switch (code) {
    case Code::Unauthorized:
        return tr("HTTP %1: the API key was rejected; check the key set for this provider")
            .arg(status);
    case Code::Forbidden:
        if (status == 402)
            return tr("HTTP 402: payment required; check the account's balance");
        return tr("HTTP %1: access denied by the server").arg(status);
    case Code::NotFound:
        return tr("HTTP %1: not found; check the base URL and the model name").arg(status);
    case Code::RateLimited:
        return tr("HTTP %1: rate limited; wait a moment and try again").arg(status);
    case Code::PayloadTooLarge:
        return tr(
            "HTTP %1: the request is too large for the server; send smaller images or less history")
            .arg(status);
    case Code::Timeout:
        return tr("HTTP %1: the server timed out").arg(status);
    case Code::InvalidRequest:
        return tr("HTTP %1: the server rejected the request").arg(status);
    case Code::Server:
        return tr("HTTP %1: the server had an error; try again later").arg(status);
    default:
        return tr("HTTP %1: the server sent an unexpected reply").arg(status);
    }
}

ApiError ApiError::fromHttpResponse(int status, QByteArrayView body)
{
    const Code code = codeForStatus(status);
    ApiError error(code, statusSummary(code, status));
    error.m_httpStatus = status;
    error.setBody(body);

    const QByteArray trimmed = body.toByteArray().trimmed();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray())) {
        // Some gateways wrap the object in an array (Google's REST errors do).
        const QJsonObject obj = doc.isObject() ? doc.object() : doc.array().first().toObject();
        const Extracted e = extract(obj);
        error.setServerMessage(e.message);
        error.m_type = e.type;
        error.m_errorCode = e.code;
        error.m_param = e.param;
        return error;
    }
    const QString text
        = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), qsizetype(64) * 1024)));
    if (looksLikeHtml(body)) {
        error.setServerMessage(htmlTitle(text));
        return error;
    }
    error.setServerMessage(firstLine(text));
    return error;
}

ApiError ApiError::fromErrorJson(QByteArrayView body, int status, Code fallback)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    const Extracted e = extract(doc.object());
    if (!e.found)
        return {};
    Code code = fallback;
    const int numericCode = e.code.toInt();
    if (e.gatewayCode)
        code = codeForGateway(e.gatewayCode);
    else if (fallback != Code::InStream && numericCode >= 400 && numericCode < 600)
        code = codeForStatus(numericCode); // {"error":{"code":502,...}} with status 200
    QString summary;
    if (e.gatewayCode)
        summary = tr("the gateway reported error %1").arg(e.gatewayCode);
    else if (code == Code::InStream)
        summary = tr("the server reported an error during the reply");
    else
        summary = tr("the server reported an error");
    ApiError error(code, summary);
    error.m_httpStatus = status;
    error.setBody(body);
    error.setServerMessage(e.message);
    error.m_type = e.type;
    error.m_errorCode = e.code;
    error.m_param = e.param;
    return error;
}

ApiError ApiError::fromStreamEvent(QByteArrayView data)
{
    ApiError error = fromErrorJson(data, 200, Code::InStream);
    if (!error.isError()) {
        error = ApiError(Code::InStream, tr("the server reported an error during the reply"));
        error.m_httpStatus = 200;
        error.setBody(data);
        // Decoded whole and shortened by characters, so a cut never lands inside one.
        error.setServerMessage(
            QString::fromUtf8(data.first(std::min<qsizetype>(data.size(), qsizetype(64) * 1024))));
    }
    return error;
}

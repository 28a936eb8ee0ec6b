#include "chatreply.h"

#include "logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {
constexpr qsizetype MaxBufferedBody
    = qsizetype(256) * 1024 * 1024; // a non-streamed reply with images
constexpr qsizetype MaxErrorBody = qsizetype(1024) * 1024;
constexpr qsizetype HeadSample = 2048;
constexpr int GracefulCloseMs = 5000;

QByteArray requestIdOf(const QNetworkReply *reply)
{
    for (const char *name : { "x-request-id", "request-id", "x-oneapi-request-id",
             "x-amzn-requestid", "openai-request-id", "cf-ray" }) {
        QByteArray v = reply->rawHeader(name);
        if (!v.isEmpty())
            return v;
    }
    return {};
}
} // namespace

ChatReply::ChatReply(QNetworkAccessManager *nam, const QNetworkRequest &request, ChatRequest body,
    const QString &apiKey, bool trace, int connectTimeoutMs, int inactivityTimeoutMs,
    const QString &proxy, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_request(request)
    , m_body(std::move(body))
    , m_apiKey(apiKey)
    , m_proxy(proxy)
    , m_tracing(trace)
{
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(connectTimeoutMs);
    m_inactivityTimer.setSingleShot(true);
    m_inactivityTimer.setInterval(inactivityTimeoutMs);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] { onTimeout(Timeout::Connect); });
    connect(&m_inactivityTimer, &QTimer::timeout, this, [this] { onTimeout(Timeout::Inactivity); });
    m_clock.start();
}

ChatReply::~ChatReply()
{
    detachNetworkReply(true);
}

void ChatReply::start()
{
    m_parser.reset();
    m_decoder = StreamDecoder();
    m_buffer.clear();
    m_head.clear();
    m_mode = Mode::Undecided;
    m_status = 0;
    m_events = 0;
    m_emitted.clear();

    const QByteArray json = m_body.toJsonBytes();
    if (m_tracing) {
        m_trace = RequestTrace();
        m_trace.method = "POST";
        m_trace.url = m_request.url().toString();
        for (const QByteArray &name : m_request.rawHeaderList()) {
            QByteArray value = m_request.rawHeader(name);
            if (name.compare("authorization", Qt::CaseInsensitive) == 0)
                value = "Bearer " + QByteArray(RequestTrace::Redacted);
            m_trace.requestHeaders.append({ name, RequestTrace::redact(value, m_apiKey) });
        }
        m_trace.requestBody = RequestTrace::redact(json, m_apiKey);
    }
    qCDebug(lcNet) << "POST" << m_request.url().toString() << json.size() << "bytes";

    m_reply = m_nam->post(m_request, json);
    connect(m_reply, &QNetworkReply::requestSent, this, &ChatReply::onConnected);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ChatReply::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatReply::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatReply::onNetworkFinished);
    if (m_connectTimer.interval() > 0)
        m_connectTimer.start();
}

void ChatReply::onConnected()
{
    m_connectTimer.stop();
    if (m_inactivityTimer.interval() > 0)
        m_inactivityTimer.start();
}

void ChatReply::onMetaData()
{
    if (m_connectTimer.isActive())
        onConnected();
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status >= 400)
        m_mode = Mode::ErrorBody;
    if (m_tracing) {
        m_trace.status = m_status;
        m_trace.responseHeaders.clear();
        for (const auto &pair : m_reply->rawHeaderPairs())
            m_trace.responseHeaders.append(pair);
    }
}

void ChatReply::onReadyRead()
{
    if (m_complete || !m_reply)
        return;
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty())
        return;
    if (m_connectTimer.isActive())
        onConnected();
    else if (m_inactivityTimer.interval() > 0)
        m_inactivityTimer.start(); // keep-alive comments count: any byte means the server lives
    if (m_tracing)
        m_trace.responseBody += bytes;
    if (m_head.size() < HeadSample)
        m_head += bytes.first(std::min(bytes.size(), HeadSample - m_head.size()));
    consume(bytes);
}

void ChatReply::consume(QByteArrayView bytes)
{
    switch (m_mode) {
    case Mode::Undecided:
        decideMode(bytes);
        break;
    case Mode::Sse:
        feedSse(bytes);
        break;
    case Mode::ErrorBody:
        if (m_buffer.size() < MaxErrorBody)
            m_buffer += bytes.first(std::min(bytes.size(), MaxErrorBody - m_buffer.size()));
        break;
    case Mode::Json:
    case Mode::Other:
        if (m_buffer.size() + bytes.size() > MaxBufferedBody) {
            fail(ApiError(ApiError::Code::BadResponse,
                ApiError::tr("The server's reply is larger than %1 MiB")
                    .arg(MaxBufferedBody >> 20)));
            return;
        }
        m_buffer += bytes;
        break;
    }
}

// Looks at the first meaningful byte: servers that ignore stream:true answer plain JSON, and
// proxies answer HTML pages with status 200.
void ChatReply::decideMode(QByteArrayView bytes)
{
    m_buffer += bytes;
    qsizetype i = 0;
    if (m_buffer.startsWith("\xEF\xBB\xBF"))
        i = 3;
    while (i < m_buffer.size() && QByteArrayView(" \t\r\n").contains(m_buffer.at(i)))
        ++i;
    if (i >= m_buffer.size())
        return; // only whitespace so far
    const char first = m_buffer.at(i);
    const QByteArray contentType = m_reply
        ? m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower()
        : QByteArray();
    if (first == '{' || first == '[')
        m_mode = Mode::Json;
    else if (first != '<' && (m_body.isStreaming() || contentType.contains("text/event-stream")))
        m_mode = Mode::Sse;
    else
        m_mode = Mode::Other; // an HTML page, or text that is neither
    qCDebug(lcSse) << "reply body is"
                   << (m_mode == Mode::Sse           ? "an event stream"
                              : m_mode == Mode::Json ? "JSON"
                                                     : "something else")
                   << "content type" << contentType;
    if (m_mode == Mode::Sse) {
        const QByteArray pending = std::exchange(m_buffer, {});
        feedSse(pending);
    }
}

void ChatReply::feedSse(QByteArrayView bytes)
{
    m_parser.feed(bytes);
    SseParser::Event event;
    while (m_parser.next(event)) {
        ++m_events;
        const StreamDecoder::Outcome outcome = m_decoder.decodeEvent(event.type, event.data);
        if (outcome == StreamDecoder::Outcome::Done) {
            m_decoder.finish();
            emitDeltas();
            complete();
            return;
        }
        if (outcome == StreamDecoder::Outcome::Failed) {
            m_decoder.finish();
            emitDeltas();
            fail(m_decoder.error());
            return;
        }
    }
    if (m_parser.hasError()) {
        qCWarning(lcSse) << "event stream line over" << m_parser.maxLineLength() << "bytes";
        m_decoder.finish();
        emitDeltas();
        fail(ApiError(ApiError::Code::BadResponse,
            ApiError::tr("A line of the event stream is longer than %1 MiB; the reply was stopped")
                .arg(m_parser.maxLineLength() >> 20)));
        return;
    }
    emitDeltas();
}

void ChatReply::emitDeltas()
{
    QPointer<ChatReply> self(this);
    const ChatResult &r = m_decoder.result();
    for (const ChoiceResult &choice : r.choices) {
        Emitted &e = m_emitted[choice.index];
        if (m_firstTokenMs < 0 && (!choice.content.isEmpty() || !choice.reasoning.isEmpty()))
            m_firstTokenMs = m_clock.elapsed();
        // A slot may cancel() (or deleteLater()) the reply: stop as soon as it is complete.
        if (choice.reasoning.size() > e.reasoning) {
            const qsizetype from = std::exchange(e.reasoning, choice.reasoning.size());
            emit reasoningDelta(choice.index, choice.reasoning.mid(from));
            if (!self || m_complete)
                return;
        }
        if (choice.content.size() > e.content) {
            const qsizetype from = std::exchange(e.content, choice.content.size());
            emit contentDelta(choice.index, choice.content.mid(from));
            if (!self || m_complete)
                return;
        }
        if (choice.refusal.size() > e.refusal) {
            const qsizetype from = std::exchange(e.refusal, choice.refusal.size());
            emit refusalDelta(choice.index, choice.refusal.mid(from));
            if (!self || m_complete)
                return;
        }
    }
    for (int index : m_decoder.takeToolCallChanges()) {
        emit toolCallsChanged(index);
        if (!self || m_complete)
            return;
    }
    for (int index : m_decoder.takeImageChanges()) {
        emit imagesChanged(index);
        if (!self || m_complete)
            return;
    }
    if (m_decoder.takeUsageChanged())
        emit usageChanged();
}

void ChatReply::onNetworkFinished()
{
    if (m_complete || !m_reply)
        return;
    m_connectTimer.stop();
    m_inactivityTimer.stop();
    // After abort() (cancel, timeouts) the reply is closed; reading it would only print a warning.
    const QByteArray rest = m_reply->isOpen() ? m_reply->readAll() : QByteArray();
    if (!rest.isEmpty()) {
        if (m_tracing)
            m_trace.responseBody += rest;
        if (m_head.size() < HeadSample)
            m_head += rest.first(std::min(rest.size(), HeadSample - m_head.size()));
        consume(rest);
        if (m_complete)
            return;
    }
    const QNetworkReply::NetworkError networkError = m_reply->error();
    const QString host = m_request.url().host();

    if (m_cancelled) {
        m_decoder.finish();
        emitDeltas();
        fail(ApiError::cancelled());
        return;
    }
    if (m_timedOut != Timeout::None) {
        m_decoder.finish();
        emitDeltas();
        if (m_timedOut == Timeout::Connect)
            fail(ApiError::connectTimeout(host, m_connectTimer.interval()));
        else
            fail(ApiError::inactivityTimeout(m_inactivityTimer.interval()));
        return;
    }
    if (m_mode == Mode::ErrorBody) {
        if (retryWithoutStreamOptions())
            return;
        fail(ApiError::fromHttpResponse(m_status, m_buffer));
        return;
    }
    if (networkError != QNetworkReply::NoError && m_status == 0) {
        // Through an explicit proxy, "refused" or "timed out" is about the proxy, not the server.
        const bool proxyFault = networkError == QNetworkReply::ConnectionRefusedError
            || networkError == QNetworkReply::TimeoutError
            || networkError == QNetworkReply::HostNotFoundError;
        if (!m_proxy.isEmpty() && proxyFault)
            fail(ApiError::throughProxyFailed(m_proxy, m_reply->errorString()));
        else
            fail(ApiError::fromNetworkError(networkError, m_reply->errorString(), host));
        return;
    }

    switch (m_mode) {
    case Mode::Sse:
        m_decoder.finish();
        emitDeltas();
        // A finish reason followed by a closed connection is a normal end; some servers never
        // send [DONE] or their last event's blank line.
        if (m_decoder.result().doneMarker || m_decoder.allChoicesFinished()) {
            complete();
        } else if (m_events == 0 && networkError == QNetworkReply::NoError) {
            ApiError e = ApiError::fromHttpResponse(m_status, m_head);
            fail(ApiError(ApiError::Code::BadResponse,
                ApiError::tr("The server's reply is not an event stream: %1")
                    .arg(e.serverMessage())));
        } else {
            m_cutOff = true;
            fail(ApiError::cutOff());
        }
        return;
    case Mode::Json:
        if (networkError != QNetworkReply::NoError) {
            m_cutOff = true;
            fail(ApiError::cutOff());
            return;
        }
        if (m_decoder.decodeCompletion(m_buffer) == StreamDecoder::Outcome::Done) {
            emitDeltas();
            complete();
        } else {
            emitDeltas();
            fail(m_decoder.error());
        }
        return;
    case Mode::Other: {
        ApiError e = ApiError::fromHttpResponse(m_status, m_buffer);
        ApiError bad(ApiError::Code::BadResponse,
            ApiError::tr("HTTP %1: the server's reply is neither JSON nor an event stream")
                .arg(m_status));
        bad.setServerMessage(e.serverMessage());
        bad.setHttpStatus(m_status);
        fail(bad);
        return;
    }
    case Mode::Undecided:
        if (networkError != QNetworkReply::NoError) {
            fail(ApiError::fromNetworkError(networkError, m_reply->errorString(), host));
            return;
        }
        fail(ApiError(ApiError::Code::BadResponse,
            ApiError::tr("HTTP %1: the server sent an empty reply").arg(m_status)));
        return;
    case Mode::ErrorBody:
        break;
    }
}

// Some backends reject stream_options. Only the decoded error counts as naming it (message,
// param, or a validation error's field path), never an echo of the request in the body.
bool ChatReply::retryWithoutStreamOptions()
{
    if (m_retried || !m_body.includeUsage || (m_status != 400 && m_status != 422))
        return false;
    const ApiError error = ApiError::fromHttpResponse(m_status, m_buffer);
    const QLatin1StringView field("stream_options");
    if (!error.serverMessage().contains(field) && !error.param().contains(field))
        return false;
    qCInfo(lcNet) << "server rejected stream_options; sending again without it";
    m_retried = true;
    m_body.includeUsage.reset();
    detachNetworkReply(true);
    start();
    return true;
}

void ChatReply::onTimeout(Timeout which)
{
    if (m_complete || !m_reply)
        return;
    m_timedOut = which;
    m_reply->abort();
}

void ChatReply::cancel()
{
    if (m_complete)
        return;
    m_cancelled = true;
    if (m_reply)
        m_reply->abort(); // finished() follows, synchronously
    if (!m_complete) {
        m_decoder.finish();
        emitDeltas();
        fail(ApiError::cancelled());
    }
}

void ChatReply::detachNetworkReply(bool abort)
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isFinished()) {
        reply->deleteLater();
    } else if (abort) {
        reply->abort();
        reply->deleteLater();
    } else {
        // Let the server end the body so the connection can be reused, but not forever.
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        QTimer::singleShot(GracefulCloseMs, reply, [reply] { reply->abort(); });
    }
}

void ChatReply::complete()
{
    if (m_complete)
        return; // a slot cancelled the reply while its last deltas were emitted
    m_complete = true;
    m_connectTimer.stop();
    m_inactivityTimer.stop();
    detachNetworkReply(false);
    if (m_tracing)
        m_trace.responseBody = RequestTrace::redact(m_trace.responseBody, m_apiKey);
    QPointer<ChatReply> self(this);
    if (m_retried)
        emit streamOptionsRejected(); // learned only once the request without it succeeded
    if (self)
        emit finished();
}

void ChatReply::fail(const ApiError &error)
{
    if (m_complete)
        return;
    m_complete = true;
    m_connectTimer.stop();
    m_inactivityTimer.stop();
    m_error = error;
    if (m_error.httpStatus() == 0 && m_status)
        m_error.setHttpStatus(m_status);
    if (m_reply && m_error.requestId().isEmpty())
        m_error.setRequestId(QString::fromLatin1(requestIdOf(m_reply)));
    m_error.redact(m_apiKey);
    detachNetworkReply(true);
    if (m_tracing)
        m_trace.responseBody = RequestTrace::redact(m_trace.responseBody, m_apiKey);
    qCDebug(lcNet) << "reply failed:" << m_error.codeName() << m_error.httpStatus();
    emit failed(m_error);
}

void ChatReply::failLater(const ApiError &error)
{
    QTimer::singleShot(0, this, [this, error] {
        if (!m_complete)
            fail(error);
    });
}

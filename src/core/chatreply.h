#pragma once

#include "apierror.h"
#include "chatrequest.h"
#include "chatresult.h"
#include "requesttrace.h"
#include "sseparser.h"
#include "streamdecoder.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

class ChatClient;
class QNetworkAccessManager;
class QNetworkReply;

// One chat completion in flight. Emits deltas as they arrive, then exactly one of finished() or
// failed(), also after cancel(). What arrived before a failure stays in result().
class ChatReply : public QObject
{
    Q_OBJECT

public:
    ~ChatReply() override;

    const ChatResult &result() const { return m_decoder.result(); }
    ApiError error() const { return m_error; }
    bool isComplete() const { return m_complete; }
    // The stream ended before [DONE] or a finish reason; the text so far is in result().
    bool isCutOff() const { return m_cutOff; }
    int httpStatus() const { return m_status; }
    // Milliseconds from start to the first content or reasoning byte; -1 if none yet.
    qint64 timeToFirstTokenMs() const { return m_firstTokenMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    // Empty unless the request was made with tracing on.
    const RequestTrace &trace() const { return m_trace; }

public slots:
    void cancel();

signals:
    void contentDelta(int choice, const QString &text);
    void reasoningDelta(int choice, const QString &text);
    void refusalDelta(int choice, const QString &text);
    void toolCallsChanged(int choice);
    // The choice gained an image (result().choices[].images), as image models send them.
    void imagesChanged(int choice);
    void usageChanged();
    void finished();
    void failed(const ApiError &error);
    // The server rejected stream_options and the request sent again without it succeeded
    // (emitted just before finished()).
    void streamOptionsRejected();

private:
    friend class ChatClient;
    enum class Mode { Undecided, Sse, Json, Other, ErrorBody };
    enum class Timeout { None, Connect, Inactivity };

    ChatReply(QNetworkAccessManager *nam, const QNetworkRequest &request, ChatRequest body,
        const QString &apiKey, bool trace, int connectTimeoutMs, int inactivityTimeoutMs,
        const QString &proxy, QObject *parent);
    void start();
    void onConnected();
    void onMetaData();
    void onReadyRead();
    void onNetworkFinished();
    void onTimeout(Timeout which);
    void consume(QByteArrayView bytes);
    void decideMode(QByteArrayView bytes);
    void feedSse(QByteArrayView bytes);
    void emitDeltas();
    bool retryWithoutStreamOptions();
    void complete();
    void fail(const ApiError &error);
    void detachNetworkReply(bool abort);
    void failLater(const ApiError &error);

    QNetworkAccessManager *m_nam;
    QNetworkRequest m_request;
    ChatRequest m_body;
    QString m_apiKey;
    QString m_proxy; // host:port of an explicit proxy, for error messages
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    StreamDecoder m_decoder;
    QByteArray m_buffer; // JSON or error bodies, read whole
    Mode m_mode = Mode::Undecided;
    int m_status = 0;
    ApiError m_error;
    RequestTrace m_trace;
    bool m_tracing = false;
    bool m_complete = false;
    bool m_cutOff = false;
    bool m_cancelled = false;
    bool m_retried = false;
    bool m_finishing = false;
    Timeout m_timedOut = Timeout::None;
    QTimer m_connectTimer;
    QTimer m_inactivityTimer;
    QElapsedTimer m_clock;
    qint64 m_firstTokenMs = -1;
    struct Emitted
    {
        qsizetype content = 0;
        qsizetype reasoning = 0;
        qsizetype refusal = 0;
    };
    QHash<int, Emitted> m_emitted; // by choice index
    QByteArray m_head; // the first bytes of the body, to describe a non-stream
    int m_events = 0;
};

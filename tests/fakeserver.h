#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

// One scripted HTTP response, including the ways real servers and gateways misbehave: slow
// bytes, cut connections, silence.
struct FakeResponse
{
    enum class Framing {
        ContentLength,
        Chunked,
        Close, // no length; the end of the body is the end of the connection
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. {"Content-Type", "text/event-stream"}
    QByteArray body;
    Framing framing = Framing::Chunked;
    int chunkSize = 0; // 0: body in one write; N: separate writes of N bytes
    int delayMs = 0; // pause before each body write (a timer, never blocking)
    qsizetype dropAfter = -1; // abort the connection after this many body bytes
    qsizetype stallAfter = -1; // send this many body bytes, then stay silent with it open
    int headerDelayMs = 0; // wait before sending the status line
    bool neverRespond = false; // read the request, never answer

    // "data: X\n\n" for each payload, then "data: [DONE]\n\n" when `done`.
    static FakeResponse sse(const QList<QByteArray> &dataPayloads, bool done = true);
    static FakeResponse json(const QByteArray &body, int status = 200);
};

struct RecordedRequest
{
    QByteArray method;
    QByteArray target; // the path, or the absolute URI when the server acts as an HTTP proxy
    QByteArray httpVersion;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty if absent
    bool hasHeader(const QByteArray &name) const;
    QJsonObject json() const; // the body parsed as a JSON object
};

// An HTTP/1.1 server on 127.0.0.1 for end-to-end tests, driven by the caller's event loop.
// Responses are served in the order requests arrive, one per request, on kept-alive
// connections too. Bytes that are not HTTP (a TLS hello) get no answer at all, which is how
// tests make a connection that never completes.
class FakeServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeServer(QObject *parent = nullptr);
    ~FakeServer() override;

    bool listen(); // 127.0.0.1 on an ephemeral port; never any other interface
    // Stops accepting connections and drops the open ones.
    void close();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1

    void enqueue(const FakeResponse &response);
    void setDefaultResponse(const FakeResponse &response); // when the queue is empty

    QList<RecordedRequest> requests() const { return m_requests; }
    RecordedRequest lastRequest() const;
    int requestCount() const { return int(m_requests.size()); }
    // TCP connections accepted so far; fewer than requests means connections were kept alive.
    int connectionCount() const { return m_connectionCount; }

signals:
    // Emitted before the response is chosen: a slot may enqueue the answer to this request,
    // which lastRequest() returns.
    void requestReceived();

private:
    class Connection;
    friend class Connection;

    void onNewConnection();
    FakeResponse takeResponse(const RecordedRequest &request);

    QTcpServer *m_server;
    QQueue<FakeResponse> m_queue;
    FakeResponse m_default;
    QList<RecordedRequest> m_requests;
    int m_connectionCount = 0;
};

#include "fakeserver.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Headers that grow past this without an end are not HTTP either.
constexpr qsizetype MaxHeadSize = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray findHeader(const Headers &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

bool containsHeader(const Headers &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

FakeResponse FakeResponse::sse(const QList<QByteArray> &dataPayloads, bool done)
{
    FakeResponse response;
    response.headers = { { "Content-Type", "text/event-stream" }, { "Cache-Control", "no-cache" } };
    for (const QByteArray &payload : dataPayloads)
        response.body += "data: " + payload + "\n\n";
    if (done)
        response.body += "data: [DONE]\n\n";
    return response;
}

FakeResponse FakeResponse::json(const QByteArray &body, int status)
{
    FakeResponse response;
    response.status = status;
    response.headers = { { "Content-Type", "application/json" } };
    response.body = body;
    response.framing = Framing::ContentLength;
    return response;
}

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    return findHeader(headers, name);
}

bool RecordedRequest::hasHeader(const QByteArray &name) const
{
    return containsHeader(headers, name);
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

// One accepted TCP connection: reads requests one after another and answers each with the
// next scripted response before reading the next (keep-alive, no pipelining needed).
class FakeServer::Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, FakeServer *server, QObject *parent);

private:
    enum class Parse { Incomplete, Done, Garbage };

    void processInput();
    Parse parseRequest(RecordedRequest &request);
    void respond(const FakeResponse &response);
    void writeHead();
    void writeBody();
    void writePiece();
    void endBody();
    void drop();

    QTcpSocket *m_socket;
    FakeServer *m_server;
    QByteArray m_input;
    bool m_busy = false; // answering a request; later ones wait in m_input
    bool m_ignoring = false; // saw bytes that are not HTTP; answer nothing ever
    FakeResponse m_response;
    QByteArray m_body; // the part of the body that will be sent at all
    qsizetype m_sent = 0;
};

FakeServer::Connection::Connection(QTcpSocket *socket, FakeServer *server, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_server(server)
{
    socket->setParent(this);
    // Small writes must leave at once, not wait for the client's delayed ACK (Nagle).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, [this] {
        m_input += m_socket->readAll();
        processInput();
    });
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void FakeServer::Connection::processInput()
{
    QPointer<Connection> self(this);
    while (self && !m_busy && !m_ignoring) {
        RecordedRequest request;
        switch (parseRequest(request)) {
        case Parse::Incomplete:
            return;
        case Parse::Garbage:
            m_ignoring = true;
            m_input.clear();
            return;
        case Parse::Done: {
            m_busy = true;
            // takeResponse() emits requestReceived(); a test's slot may close the server.
            const FakeResponse response = m_server->takeResponse(request);
            if (self)
                respond(response);
            break;
        }
        }
    }
}

FakeServer::Connection::Parse FakeServer::Connection::parseRequest(RecordedRequest &request)
{
    // A client may send empty lines between requests (RFC 9112, 2.2).
    while (m_input.startsWith("\r\n"))
        m_input.remove(0, 2);
    if (m_input.isEmpty())
        return Parse::Incomplete;
    // Methods are upper-case tokens; a TLS hello starts with 0x16.
    if (m_input.at(0) < 'A' || m_input.at(0) > 'Z')
        return Parse::Garbage;

    const qsizetype headEnd = m_input.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return m_input.size() > MaxHeadSize ? Parse::Garbage : Parse::Incomplete;

    QList<QByteArray> lines = m_input.left(headEnd).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> requestLine = lines.takeFirst().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/"))
        return Parse::Garbage;
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    request.httpVersion = requestLine.at(2);

    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Parse::Garbage;
        request.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }

    qsizetype length = 0;
    if (request.hasHeader("Content-Length")) {
        bool ok = false;
        length = request.header("Content-Length").toLongLong(&ok);
        if (!ok || length < 0)
            return Parse::Garbage;
    }
    const qsizetype bodyStart = headEnd + 4;
    if (m_input.size() < bodyStart + length)
        return Parse::Incomplete;
    request.body = m_input.mid(bodyStart, length);
    m_input.remove(0, bodyStart + length);
    return Parse::Done;
}

void FakeServer::Connection::respond(const FakeResponse &response)
{
    m_response = response;
    if (response.neverRespond)
        return; // stays busy: nothing more is ever answered on this connection

    qsizetype limit = response.body.size();
    if (response.dropAfter >= 0)
        limit = qMin(limit, response.dropAfter);
    if (response.stallAfter >= 0)
        limit = qMin(limit, response.stallAfter);
    m_body = response.body.left(limit);
    m_sent = 0;
    QTimer::singleShot(qMax(0, response.headerDelayMs), this, &Connection::writeHead);
}

void FakeServer::Connection::writeHead()
{
    const FakeResponse &response = m_response;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + reasonPhrase(response.status) + "\r\n";
    for (const auto &header : response.headers)
        head += header.first + ": " + header.second + "\r\n";
    switch (response.framing) {
    case FakeResponse::Framing::ContentLength:
        // The whole length even when the body will be cut short: that is what a cut looks like.
        if (!containsHeader(response.headers, "Content-Length"))
            head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        break;
    case FakeResponse::Framing::Chunked:
        if (!containsHeader(response.headers, "Transfer-Encoding"))
            head += "Transfer-Encoding: chunked\r\n";
        break;
    case FakeResponse::Framing::Close:
        if (!containsHeader(response.headers, "Connection"))
            head += "Connection: close\r\n";
        break;
    }
    head += "\r\n";
    m_socket->write(head);
    m_socket->flush();
    writeBody();
}

void FakeServer::Connection::writeBody()
{
    if (m_sent >= m_body.size()) {
        endBody();
        return;
    }
    // Every piece goes through the event loop, even without a delay, so that the pieces leave
    // as separate writes instead of one coalesced buffer.
    QTimer::singleShot(qMax(0, m_response.delayMs), this, &Connection::writePiece);
}

void FakeServer::Connection::writePiece()
{
    const qsizetype remaining = m_body.size() - m_sent;
    const qsizetype size
        = m_response.chunkSize > 0 ? qMin<qsizetype>(m_response.chunkSize, remaining) : remaining;
    const QByteArray piece = m_body.mid(m_sent, size);
    m_sent += size;
    if (m_response.framing == FakeResponse::Framing::Chunked)
        m_socket->write(QByteArray::number(size, 16) + "\r\n" + piece + "\r\n");
    else
        m_socket->write(piece);
    m_socket->flush();
    writeBody();
}

void FakeServer::Connection::endBody()
{
    const FakeResponse &response = m_response;
    const bool dropHere = response.dropAfter >= 0 && m_sent == response.dropAfter;
    const bool stallHere = response.stallAfter >= 0 && m_sent == response.stallAfter;
    if (dropHere) {
        drop();
        return;
    }
    if (stallHere)
        return; // busy forever, connection open, silent

    if (response.framing == FakeResponse::Framing::Chunked)
        m_socket->write("0\r\n\r\n");
    if (response.framing == FakeResponse::Framing::Close) {
        m_socket->disconnectFromHost(); // after the pending bytes are out
        return;
    }
    m_socket->flush();
    m_busy = false;
    processInput();
}

void FakeServer::Connection::drop()
{
    // abort() discards what is still buffered in Qt; the bytes before the cut must arrive.
    if (m_socket->bytesToWrite() > 0) {
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket->bytesToWrite() == 0)
                m_socket->abort();
        });
        return;
    }
    m_socket->abort();
}

FakeServer::FakeServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_default(FakeResponse::json(
          R"({"error":{"message":"FakeServer: no response queued","type":"fake_server"}})", 500))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeServer::onNewConnection);
}

FakeServer::~FakeServer() = default;

bool FakeServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

void FakeServer::close()
{
    m_server->close();
    const QObjectList connections = m_server->children();
    for (QObject *child : connections) {
        if (dynamic_cast<Connection *>(child))
            delete child;
    }
}

quint16 FakeServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void FakeServer::enqueue(const FakeResponse &response)
{
    m_queue.enqueue(response);
}

void FakeServer::setDefaultResponse(const FakeResponse &response)
{
    m_default = response;
}

RecordedRequest FakeServer::lastRequest() const
{
    return m_requests.isEmpty() ? RecordedRequest() : m_requests.constLast();
}

void FakeServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_connectionCount;
        new Connection(socket, this, m_server);
    }
}

FakeResponse FakeServer::takeResponse(const RecordedRequest &request)
{
    m_requests.append(request);
    emit requestReceived(); // first, so that a slot can enqueue the answer to this very request
    return m_queue.isEmpty() ? m_default : m_queue.dequeue();
}

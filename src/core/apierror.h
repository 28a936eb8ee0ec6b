#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QMetaType>
#include <QNetworkReply>
#include <QString>

// The one error type of Confab's protocol layer: what went wrong (code), what the user reads
// (message(): one line, the server's own words first), and the details a bug report needs.
class ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Code {
        None,
        Network,
        Timeout,
        Cancelled,
        Unauthorized,
        Forbidden,
        NotFound,
        RateLimited,
        PayloadTooLarge,
        InvalidRequest,
        Server,
        BadResponse,
        InStream,
    };

    ApiError() = default;
    ApiError(Code code, const QString &summary);

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    // A stable lower-case name of the code for JSON output ("rate_limited", "in_stream", ...).
    QString codeName() const;

    // One line for the user: the server's message when it sent one, then Confab's own summary.
    QString message() const;
    QString serverMessage() const { return m_serverMessage; }
    QString summary() const { return m_summary; }

    int httpStatus() const { return m_httpStatus; }
    QString type() const { return m_type; }
    QString errorCode() const { return m_errorCode; }
    QString param() const { return m_param; }
    QString requestId() const { return m_requestId; }
    QByteArray bodySample() const { return m_bodySample; }

    void setServerMessage(const QString &message);
    void setRequestId(const QString &id) { m_requestId = id; }
    void setHttpStatus(int status) { m_httpStatus = status; }
    // Removes a secret (the API key) wherever a server may have echoed it.
    void redact(const QString &secret);

    // Decodes an error response: any JSON shape we know, an HTML page, or plain text.
    static ApiError fromHttpResponse(int status, QByteArrayView body);
    // Decodes a body that arrived with a success status but is not a completion; returns an
    // error with Code::None when the JSON carries no error at all.
    static ApiError fromErrorJson(QByteArrayView body, int status, Code fallback);
    // An error event inside a stream (`data: {"error":...}` or `event: error`).
    static ApiError fromStreamEvent(QByteArrayView data);

    // A failure below HTTP: DNS, refused, reset, TLS, proxy. `host` names the server.
    static ApiError fromNetworkError(
        QNetworkReply::NetworkError error, const QString &detail, const QString &host);
    // Timeouts Confab enforces itself.
    static ApiError connectTimeout(const QString &host, int timeoutMs);
    static ApiError inactivityTimeout(int timeoutMs);
    static ApiError throughProxyFailed(const QString &proxy, const QString &detail);
    static ApiError cancelled();
    static ApiError cutOff();

    // Whether the server refused the request for its size (HTTP 413, or a gateway's words for
    // it, in English or Chinese): smaller images may get through.
    bool isAboutSize() const;
    // The same test for an error's stored one-line message.
    static bool mentionsSize(const QString &message);

    static Code codeForStatus(int status);
    static constexpr qsizetype BodySampleLimit = 2048;

private:
    void setBody(QByteArrayView body);
    static QString statusSummary(Code code, int status);

    Code m_code = Code::None;
    QString m_summary;
    QString m_serverMessage;
    int m_httpStatus = 0;
    QString m_type;
    QString m_errorCode;
    QString m_param;
    QString m_requestId;
    QByteArray m_bodySample;
};

Q_DECLARE_METATYPE(ApiError)

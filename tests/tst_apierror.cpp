#include "apierror.h"
#include "requesttrace.h"

#include <QLocale>
#include <QtTest>

Q_DECLARE_METATYPE(ApiError::Code)

namespace {

using Code = ApiError::Code;

// Checks every error keeps the promise of message(): one line, the server's words first.
void verifyOneLine(const ApiError &error)
{
    const QString message = error.message();
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\r')), qPrintable(message));
    QVERIFY2(!message.isEmpty(), "an error without a message");
}

} // namespace

class TstApiError : public QObject
{
    Q_OBJECT

private slots:
    void sizeComplaintsAreRecognised_data();
    void sizeComplaintsAreRecognised();
    void redactsJsonEscapedKey();
    void initTestCase();

    void defaultIsNoError();
    void fromHttpResponse_data();
    void fromHttpResponse();
    void openRouterMetadataRaw_data();
    void openRouterMetadataRaw();
    void htmlPageStaysShort();
    void hugeMessageIsBoundedToOneLine();
    void truncationKeepsCharactersWhole();
    void codeForStatus_data();
    void codeForStatus();
    void codeName_data();
    void codeName();

    void fromErrorJson_data();
    void fromErrorJson();
    void fromStreamEvent_data();
    void fromStreamEvent();
    void longStreamEventIsBounded();
    void longChineseStreamEventKeepsCharactersWhole();

    void fromNetworkError_data();
    void fromNetworkError();
    void connectTimeout_data();
    void connectTimeout();
    void inactivityTimeout_data();
    void inactivityTimeout();
    void cancelledAndCutOff();

    void redact();
    void redactIgnoresShortSecrets_data();
    void redactIgnoresShortSecrets();
    void redactSummary();
};

void TstApiError::initTestCase()
{
    // Timeouts are written in the user's locale ("0,5" in German); the expectations use C.
    QLocale::setDefault(QLocale::c());
}

void TstApiError::defaultIsNoError()
{
    const ApiError error;
    QVERIFY(!error.isError());
    QCOMPARE(error.code(), Code::None);
    QCOMPARE(error.codeName(), QStringLiteral("none"));
    QVERIFY(error.message().isEmpty());
    QCOMPARE(error.httpStatus(), 0);
}

void TstApiError::fromHttpResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("serverMessage");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("param");

    QTest::newRow("openai")
        << 401
        << QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-abc***xyz.",)"
                      R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})")
        << Code::Unauthorized << "Incorrect API key provided: sk-abc***xyz."
        << "invalid_request_error"
        << "invalid_api_key" << QString();
    QTest::newRow("openai with param")
        << 400
        << QByteArray(R"({"error":{"message":"Unrecognized request argument supplied: foo",)"
                      R"("type":"invalid_request_error","param":"foo","code":null}})")
        << Code::InvalidRequest << "Unrecognized request argument supplied: foo"
        << "invalid_request_error" << QString() << "foo";
    QTest::newRow("openai pretty-printed with whitespace around")
        << 429
        << QByteArray(
               "\n  {\n  \"error\": {\n    \"message\": \"You exceeded your current quota.\",\n"
               "    \"type\": \"insufficient_quota\",\n    \"param\": null,\n"
               "    \"code\": \"insufficient_quota\"\n  }\n}\n  ")
        << Code::RateLimited << "You exceeded your current quota."
        << "insufficient_quota"
        << "insufficient_quota" << QString();
    QTest::newRow("error.msg") << 400 << QByteArray(R"({"error":{"msg":"bad input"}})")
                               << Code::InvalidRequest << "bad input" << QString() << QString()
                               << QString();
    QTest::newRow("error is a string")
        << 500 << QByteArray(R"({"error":"model 'llama3' not loaded"})") << Code::Server
        << "model 'llama3' not loaded" << QString() << QString() << QString();
    QTest::newRow("top-level message")
        << 404 << QByteArray(R"({"message":"Model not found: gpt-9","code":"model_not_found"})")
        << Code::NotFound << "Model not found: gpt-9" << QString() << "model_not_found"
        << QString();
    QTest::newRow("top-level msg")
        << 400 << QByteArray(R"({"code":1214,"msg":"messages 参数非法"})") << Code::InvalidRequest
        << QStringLiteral("messages 参数非法") << QString() << "1214" << QString();
    QTest::newRow("detail string")
        << 401 << QByteArray(R"({"detail":"Invalid token"})") << Code::Unauthorized
        << "Invalid token" << QString() << QString() << QString();
    QTest::newRow("fastapi detail list")
        << 422
        << QByteArray(R"({"detail":[{"loc":["body","messages"],"msg":"field required",)"
                      R"("type":"value_error.missing"}]})")
        << Code::InvalidRequest << "messages: field required" << QString() << QString()
        << QString();
    QTest::newRow("fastapi detail list of two")
        << 422
        << QByteArray(R"({"detail":[{"loc":["body","model"],"msg":"field required"},)"
                      R"({"loc":["body","n"],"msg":"value is not a valid integer"}]})")
        << Code::InvalidRequest << "model: field required; n: value is not a valid integer"
        << QString() << QString() << QString();
    QTest::newRow("seed gateway")
        << 401
        << QByteArray(
               R"({"codes":900,"mess":"密钥错误或已过期，请通过微信访问yewu.bcwhkj.cn个人中心获取","data":"token"})")
        << Code::Unauthorized
        << QStringLiteral("密钥错误或已过期，请通过微信访问yewu.bcwhkj.cn个人中心获取") << QString()
        << "900" << QString();
    QTest::newRow("gateway bad gateway")
        << 502
        << QByteArray(
               R"({"error":{"code":502,"message":"Bad gateway.","param":null,"type":"cf_bad_gateway"}})")
        << Code::Server << "Bad gateway."
        << "cf_bad_gateway"
        << "502" << QString();
    QTest::newRow("google array")
        << 400
        << QByteArray(
               R"([{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",)"
               R"("status":"INVALID_ARGUMENT"}}])")
        << Code::InvalidRequest << "API key not valid. Please pass a valid API key."
        << "INVALID_ARGUMENT"
        << "400" << QString();
    QTest::newRow("empty JSON array") << 500 << QByteArray("[]") << Code::Server << QString()
                                      << QString() << QString() << QString();
    QTest::newRow("JSON without an error") << 500 << QByteArray(R"({"foo":"bar"})") << Code::Server
                                           << QString() << QString() << QString() << QString();
    QTest::newRow("nginx html")
        << 502
        << QByteArray("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                      "</body>\r\n</html>\r\n")
        << Code::Server << "502 Bad Gateway" << QString() << QString() << QString();
    QTest::newRow("html with only h1")
        << 503
        << QByteArray(
               "<!DOCTYPE html>\n<html><body>\n<h1 class=\"big\">Service <em>Temporarily</em>\n"
               "Unavailable</h1>\n<p>The server is down for maintenance.</p>\n</body></html>")
        << Code::Server << "Service Temporarily Unavailable" << QString() << QString() << QString();
    QTest::newRow("plain text, several lines")
        << 503
        << QByteArray("upstream connect error or disconnect/reset before headers\n"
                      "reset reason: connection failure\n"
                      "transport failure reason: delayed connect error: 111\n")
        << Code::Server << "upstream connect error or disconnect/reset before headers" << QString()
        << QString() << QString();
    QTest::newRow("plain text after blank lines")
        << 500 << QByteArray("\n\n   Internal Server Error   \r\n\nmore") << Code::Server
        << "Internal Server Error" << QString() << QString() << QString();
    QTest::newRow("empty body") << 500 << QByteArray() << Code::Server << QString() << QString()
                                << QString() << QString();
    QTest::newRow("empty body 404") << 404 << QByteArray() << Code::NotFound << QString()
                                    << QString() << QString() << QString();
}

void TstApiError::fromHttpResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Code, code);
    QFETCH(QString, serverMessage);
    QFETCH(QString, type);
    QFETCH(QString, errorCode);
    QFETCH(QString, param);

    const ApiError error = ApiError::fromHttpResponse(status, body);
    QVERIFY(error.isError());
    QCOMPARE(error.code(), code);
    QCOMPARE(error.httpStatus(), status);
    QCOMPARE(error.serverMessage(), serverMessage);
    QCOMPARE(error.type(), type);
    QCOMPARE(error.errorCode(), errorCode);
    QCOMPARE(error.param(), param);
    QCOMPARE(error.bodySample(), body);

    // Confab's own summary always names the status, so an empty body still says something useful.
    QVERIFY2(error.summary().contains(QString::number(status)), qPrintable(error.summary()));
    if (serverMessage.isEmpty()) {
        QCOMPARE(error.message(), error.summary());
    } else {
        QVERIFY2(error.message().startsWith(serverMessage), qPrintable(error.message()));
        QVERIFY2(error.message().contains(error.summary()), qPrintable(error.message()));
    }
    verifyOneLine(error);
}

void TstApiError::openRouterMetadataRaw_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("upstream");

    QTest::newRow("raw string") << QByteArray(
        R"({"error":{"code":429,"message":"Provider returned error",)"
        R"("metadata":{"raw":"google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly.",)"
        R"("provider_name":"Google AI Studio"}},"user_id":"user_2abc"})")
                                << "rate-limited upstream";
    // The upstream's own error object arrives as JSON rather than as a string on some providers.
    QTest::newRow("raw object") << QByteArray(
        R"({"error":{"code":429,"message":"Provider returned error",)"
        R"("metadata":{"raw":{"error":{"message":"quota exhausted for today"}},)"
        R"("provider_name":"Mistral"}}})")
                                << "quota exhausted for today";
}

void TstApiError::openRouterMetadataRaw()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, upstream);

    const ApiError error = ApiError::fromHttpResponse(429, body);
    QCOMPARE(error.code(), Code::RateLimited);
    QCOMPARE(error.errorCode(), QStringLiteral("429"));
    // "Provider returned error" alone tells the user nothing; the upstream's words must follow.
    QVERIFY2(error.message().contains(QLatin1StringView("Provider returned error")),
        qPrintable(error.message()));
    QVERIFY2(error.message().contains(upstream), qPrintable(error.message()));
    QVERIFY(error.message().indexOf(QLatin1StringView("Provider returned error"))
        < error.message().indexOf(upstream));
    verifyOneLine(error);
}

void TstApiError::htmlPageStaysShort()
{
    // A Cloudflare-style 502: long, full of markup and scripts, the useful part in the title.
    QByteArray page
        = "<!DOCTYPE html>\n<!--[if lt IE 7]> <html class=\"no-js ie6 oldie\" lang=\"en-US\"> "
          "<![endif]-->\n<html lang=\"en-US\">\n<head>\n<title>api.example.com | 502: Bad "
          "gateway</title>\n<meta charset=\"UTF-8\" />\n<style>body{margin:0}</style>\n"
          "</head>\n<body>\n<div id=\"cf-wrapper\">\n<h1>Bad gateway <span>Error code "
          "502</span></h1>\n";
    while (page.size() < 20000)
        page += "<p class=\"text\">The web server reported a bad gateway error.</p>"
                "<script>window.__CF$cv$params={r:'8a1b2c3d4e5f',t:'MTcxNjIzOTAyMi4wMDAwMDA='};</"
                "script>\n";
    page += "</div>\n</body>\n</html>\n";

    const ApiError error = ApiError::fromHttpResponse(502, page);
    QCOMPARE(error.code(), Code::Server);
    QCOMPARE(error.serverMessage(), QStringLiteral("api.example.com | 502: Bad gateway"));
    QVERIFY(error.message().contains(QLatin1StringView("502: Bad gateway")));
    QVERIFY2(!error.message().contains(QLatin1Char('<')), qPrintable(error.message()));
    QVERIFY2(!error.message().contains(QLatin1StringView("script")), qPrintable(error.message()));
    QVERIFY2(error.message().size() < 300, qPrintable(error.message()));
    verifyOneLine(error);
    // The sample keeps the start of the body for a bug report, never the whole page.
    QCOMPARE(error.bodySample().size(), ApiError::BodySampleLimit);
    QCOMPARE(error.bodySample(), page.left(ApiError::BodySampleLimit));
}

void TstApiError::hugeMessageIsBoundedToOneLine()
{
    QString text;
    for (int i = 0; i < 400; ++i)
        text += QStringLiteral("line %1 of a stack trace\r\n\tat something\n").arg(i);
    const QByteArray body = R"({"error":{"message":")"
        + text.toUtf8().replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + R"("}})";

    const ApiError error = ApiError::fromHttpResponse(500, body);
    QVERIFY(error.serverMessage().startsWith(
        QLatin1StringView("line 0 of a stack trace at something line 1")));
    QVERIFY2(error.serverMessage().size() <= 500,
        qPrintable(QString::number(error.serverMessage().size())));
    QVERIFY(error.serverMessage().size() > 400); // bounded, not thrown away
    verifyOneLine(error);
    QVERIFY(error.message().size() <= 500 + error.summary().size() + 3);
    QCOMPARE(error.bodySample().size(), ApiError::BodySampleLimit);

    // setServerMessage() is the same gate for messages Confab sets itself.
    ApiError direct(Code::Server, QStringLiteral("summary"));
    direct.setServerMessage(text);
    QVERIFY(!direct.serverMessage().contains(QLatin1Char('\n')));
    QVERIFY(direct.serverMessage().size() <= 500);
}

void TstApiError::truncationKeepsCharactersWhole()
{
    // Cutting at a fixed index can land between the two halves of an emoji; a lone surrogate
    // shows as garbage and is rejected by strict JSON writers (confab-cli --json).
    QString text(498, QLatin1Char('a'));
    for (int i = 0; i < 10; ++i)
        text += QStringLiteral("🙂");
    ApiError error(Code::Server, QStringLiteral("summary"));
    error.setServerMessage(text);
    QVERIFY(error.serverMessage().size() <= 500);
    QVERIFY(error.serverMessage().startsWith(QString(498, QLatin1Char('a'))));
    QVERIFY2(QStringView(error.serverMessage()).isValidUtf16(),
        qPrintable(QStringLiteral("ends with U+%1")
                       .arg(error.serverMessage().at(error.serverMessage().size() - 2).unicode(), 4,
                           16, QLatin1Char('0'))));
}

void TstApiError::codeForStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Code>("code");

    QTest::newRow("400") << 400 << Code::InvalidRequest;
    QTest::newRow("401") << 401 << Code::Unauthorized;
    QTest::newRow("402") << 402 << Code::Forbidden;
    QTest::newRow("403") << 403 << Code::Forbidden;
    QTest::newRow("404") << 404 << Code::NotFound;
    QTest::newRow("408") << 408 << Code::Timeout;
    QTest::newRow("413") << 413 << Code::PayloadTooLarge;
    QTest::newRow("418") << 418 << Code::InvalidRequest;
    QTest::newRow("422") << 422 << Code::InvalidRequest;
    QTest::newRow("429") << 429 << Code::RateLimited;
    QTest::newRow("500") << 500 << Code::Server;
    QTest::newRow("502") << 502 << Code::Server;
    QTest::newRow("503") << 503 << Code::Server;
    QTest::newRow("504") << 504 << Code::Server;
    QTest::newRow("529") << 529 << Code::Server;
    // A success status whose body is not a completion.
    QTest::newRow("200") << 200 << Code::BadResponse;
}

void TstApiError::codeForStatus()
{
    QFETCH(int, status);
    QFETCH(Code, code);

    QCOMPARE(ApiError::codeForStatus(status), code);
    const ApiError error = ApiError::fromHttpResponse(status, {});
    QCOMPARE(error.code(), code);
    QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
    verifyOneLine(error);
}

void TstApiError::codeName_data()
{
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("name");

    QTest::newRow("none") << Code::None << "none";
    QTest::newRow("network") << Code::Network << "network";
    QTest::newRow("timeout") << Code::Timeout << "timeout";
    QTest::newRow("cancelled") << Code::Cancelled << "cancelled";
    QTest::newRow("unauthorized") << Code::Unauthorized << "unauthorized";
    QTest::newRow("forbidden") << Code::Forbidden << "forbidden";
    QTest::newRow("not_found") << Code::NotFound << "not_found";
    QTest::newRow("rate_limited") << Code::RateLimited << "rate_limited";
    QTest::newRow("payload_too_large") << Code::PayloadTooLarge << "payload_too_large";
    QTest::newRow("invalid_request") << Code::InvalidRequest << "invalid_request";
    QTest::newRow("server") << Code::Server << "server";
    QTest::newRow("bad_response") << Code::BadResponse << "bad_response";
    QTest::newRow("in_stream") << Code::InStream << "in_stream";
}

void TstApiError::codeName()
{
    QFETCH(Code, code);
    QFETCH(QString, name);

    const ApiError error(code, QStringLiteral("x"));
    QCOMPARE(error.code(), code);
    QCOMPARE(error.codeName(), name);
    QCOMPARE(error.isError(), code != Code::None);
}

void TstApiError::fromErrorJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Code>("fallback");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("serverMessage");
    QTest::addColumn<QString>("errorCode");

    // The seed gateway answers 200 with its own codes; the code, not the status, says what failed.
    QTest::newRow("gateway 900: bad key") << QByteArray(
        R"({"codes":900,"mess":"密钥错误或已过期，请通过微信访问yewu.bcwhkj.cn个人中心获取","data":"token"})")
                                          << Code::BadResponse << Code::Unauthorized
                                          << QStringLiteral("密钥错误或已过期，请通过微信访问yewu."
                                                            "bcwhkj.cn个人中心获取")
                                          << "900";
    QTest::newRow("gateway 300: balance")
        << QByteArray(R"({"codes":300,"mess":"余额不足，请充值","data":null})") << Code::BadResponse
        << Code::Forbidden << QStringLiteral("余额不足，请充值") << "300";
    QTest::newRow("gateway 402: content refused")
        << QByteArray(R"({"codes":402,"mess":"内容不合规","data":""})") << Code::BadResponse
        << Code::InvalidRequest << QStringLiteral("内容不合规") << "402";
    QTest::newRow("gateway 503") << QByteArray(R"({"codes":503,"mess":"上游繁忙"})")
                                 << Code::BadResponse << Code::Server << QStringLiteral("上游繁忙")
                                 << "503";
    QTest::newRow("openai error takes the fallback") << QByteArray(
        R"({"error":{"message":"The model is overloaded","type":"server_error","code":null}})")
                                                     << Code::BadResponse << Code::BadResponse
                                                     << "The model is overloaded" << QString();
    QTest::newRow("no error at all")
        << QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion","choices":[]})")
        << Code::BadResponse << Code::None << QString() << QString();
    QTest::newRow("not JSON") << QByteArray("hello") << Code::BadResponse << Code::None << QString()
                              << QString();
    QTest::newRow("JSON array") << QByteArray(R"([{"error":"x"}])") << Code::BadResponse
                                << Code::None << QString() << QString();
}

void TstApiError::fromErrorJson()
{
    QFETCH(QByteArray, body);
    QFETCH(Code, fallback);
    QFETCH(Code, code);
    QFETCH(QString, serverMessage);
    QFETCH(QString, errorCode);

    const ApiError error = ApiError::fromErrorJson(body, 200, fallback);
    QCOMPARE(error.code(), code);
    QCOMPARE(error.isError(), code != Code::None);
    if (!error.isError())
        return;
    QCOMPARE(error.httpStatus(), 200);
    QCOMPARE(error.serverMessage(), serverMessage);
    QCOMPARE(error.errorCode(), errorCode);
    QCOMPARE(error.bodySample(), body);
    QVERIFY(error.message().startsWith(serverMessage));
    // The gateway's number is the only handle a user has when asking its operator.
    if (!errorCode.isEmpty() && body.contains("\"codes\""))
        QVERIFY2(error.summary().contains(errorCode), qPrintable(error.summary()));
    verifyOneLine(error);
}

void TstApiError::fromStreamEvent_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("serverMessage");
    QTest::addColumn<QString>("errorCode");

    QTest::newRow("error object") << QByteArray(
        R"({"error":{"message":"Token limit reached","code":400}})")
                                  << "Token limit reached"
                                  << "400";
    QTest::newRow("error string") << QByteArray(R"({"error":"context window exceeded"})")
                                  << "context window exceeded" << QString();
    QTest::newRow("not JSON") << QByteArray("upstream overloaded, try again later")
                              << "upstream overloaded, try again later" << QString();
    QTest::newRow("not JSON, several lines")
        << QByteArray("overloaded\nretry later") << "overloaded retry later" << QString();
    // An `event: error` whose data names no error still surfaces what was sent.
    QTest::newRow("JSON without error")
        << QByteArray(R"({"status":"failed"})") << R"({"status":"failed"})" << QString();
}

void TstApiError::fromStreamEvent()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, serverMessage);
    QFETCH(QString, errorCode);

    const ApiError error = ApiError::fromStreamEvent(data);
    QVERIFY(error.isError());
    QCOMPARE(error.code(), Code::InStream);
    QCOMPARE(error.codeName(), QStringLiteral("in_stream"));
    QCOMPARE(error.httpStatus(), 200);
    QCOMPARE(error.serverMessage(), serverMessage);
    QCOMPARE(error.errorCode(), errorCode);
    QCOMPARE(error.bodySample(), data);
    QVERIFY(error.message().startsWith(serverMessage));
    QVERIFY(!error.summary().isEmpty());
    verifyOneLine(error);
}

void TstApiError::longStreamEventIsBounded()
{
    const QByteArray data = QByteArray("not json ") + QByteArray(5000, 'x');
    const ApiError error = ApiError::fromStreamEvent(data);
    QCOMPARE(error.code(), Code::InStream);
    QVERIFY(error.serverMessage().startsWith(QLatin1StringView("not json xxx")));
    QVERIFY(error.serverMessage().size() <= 500);
    QCOMPARE(error.bodySample().size(), ApiError::BodySampleLimit);
    verifyOneLine(error);
}

void TstApiError::longChineseStreamEventKeepsCharactersWhole()
{
    // Three bytes a character: a cut at a fixed byte count lands inside one, which decodes to
    // U+FFFD at the end of the message the user reads.
    QByteArray data;
    while (data.size() < 600)
        data += QStringLiteral("上游服务繁忙，").toUtf8();
    const ApiError error = ApiError::fromStreamEvent(data);
    QCOMPARE(error.code(), Code::InStream);
    QVERIFY(error.serverMessage().startsWith(QStringLiteral("上游服务繁忙，上游")));
    QVERIFY2(!error.serverMessage().contains(QChar(QChar::ReplacementCharacter)),
        qPrintable(error.serverMessage().right(5)));
}

void TstApiError::fromNetworkError_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("networkError");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QStringList>("mentions");

    const QString host = QStringLiteral("api.example.com");
    QTest::newRow("host not found") << QNetworkReply::HostNotFoundError << "Host not found"
                                    << Code::Network << QStringList { host };
    QTest::newRow("connection refused")
        << QNetworkReply::ConnectionRefusedError << "Connection refused" << Code::Network
        << QStringList { host };
    QTest::newRow("remote host closed")
        << QNetworkReply::RemoteHostClosedError << "Remote host closed connection" << Code::Network
        << QStringList { host };
    QTest::newRow("ssl handshake failed")
        << QNetworkReply::SslHandshakeFailedError << "The certificate has expired" << Code::Network
        << QStringList { host, QStringLiteral("The certificate has expired") };
    QTest::newRow("timeout") << QNetworkReply::TimeoutError << "Socket operation timed out"
                             << Code::Timeout << QStringList { host };
    QTest::newRow("proxy refused")
        << QNetworkReply::ProxyConnectionRefusedError << "Connection to proxy refused"
        << Code::Network << QStringList { QStringLiteral("Connection to proxy refused") };
    QTest::newRow("other") << QNetworkReply::UnknownNetworkError << "Network unreachable"
                           << Code::Network
                           << QStringList { host, QStringLiteral("Network unreachable") };
    QTest::newRow("operation canceled") << QNetworkReply::OperationCanceledError
                                        << "Operation canceled" << Code::Cancelled << QStringList();
}

void TstApiError::fromNetworkError()
{
    QFETCH(QNetworkReply::NetworkError, networkError);
    QFETCH(QString, detail);
    QFETCH(Code, code);
    QFETCH(QStringList, mentions);

    const ApiError error
        = ApiError::fromNetworkError(networkError, detail, QStringLiteral("api.example.com"));
    QCOMPARE(error.code(), code);
    QVERIFY(error.isError());
    QCOMPARE(error.httpStatus(), 0);
    QVERIFY(error.serverMessage().isEmpty());
    for (const QString &word : mentions)
        QVERIFY2(error.message().contains(word), qPrintable(error.message()));
    verifyOneLine(error);
}

void TstApiError::connectTimeout_data()
{
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<QString>("seconds");

    QTest::newRow("500 ms") << 500 << "0.5";
    QTest::newRow("10 s") << 10000 << "10";
    QTest::newRow("1.25 s") << 1250 << "1.25";
}

void TstApiError::connectTimeout()
{
    QFETCH(int, timeoutMs);
    QFETCH(QString, seconds);

    const ApiError error = ApiError::connectTimeout(QStringLiteral("llm.lan"), timeoutMs);
    QCOMPARE(error.code(), Code::Timeout);
    QVERIFY2(error.message().contains(QLatin1StringView("llm.lan")), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QLatin1Char(' ') + seconds + QLatin1Char(' ')),
        qPrintable(error.message()));
    verifyOneLine(error);
}

void TstApiError::inactivityTimeout_data()
{
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<QString>("seconds");

    QTest::newRow("500 ms") << 500 << "0.5";
    QTest::newRow("120 s") << 120000 << "120";
}

void TstApiError::inactivityTimeout()
{
    QFETCH(int, timeoutMs);
    QFETCH(QString, seconds);

    const ApiError error = ApiError::inactivityTimeout(timeoutMs);
    QCOMPARE(error.code(), Code::Timeout);
    QCOMPARE(error.codeName(), QStringLiteral("timeout"));
    QVERIFY2(error.message().contains(QLatin1Char(' ') + seconds + QLatin1Char(' ')),
        qPrintable(error.message()));
    verifyOneLine(error);
}

void TstApiError::cancelledAndCutOff()
{
    const ApiError cancelled = ApiError::cancelled();
    QCOMPARE(cancelled.code(), Code::Cancelled);
    verifyOneLine(cancelled);

    // A stream that ended early is a network failure, not a cancel: the user did not stop it.
    const ApiError cutOff = ApiError::cutOff();
    QCOMPARE(cutOff.code(), Code::Network);
    verifyOneLine(cutOff);
}

void TstApiError::redact()
{
    const QString key = QStringLiteral("sk-proj-4f9aB7c2D1e8F3g6");
    const QByteArray body = R"({"error":{"message":"Incorrect API key provided: )" + key.toUtf8()
        + R"(. You can find your API key at https://platform.openai.com/account/api-keys.",)"
          R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})";
    ApiError error = ApiError::fromHttpResponse(401, body);
    QVERIFY(error.serverMessage().contains(key));
    QVERIFY(error.bodySample().contains(key.toUtf8()));

    error.redact(key);
    QVERIFY2(!error.serverMessage().contains(key), qPrintable(error.serverMessage()));
    QVERIFY2(!error.message().contains(key), qPrintable(error.message()));
    QVERIFY2(!error.bodySample().contains(key.toUtf8()), error.bodySample().constData());
    QVERIFY(error.serverMessage().contains(QLatin1StringView("Incorrect API key provided: ***.")));
    QVERIFY(error.bodySample().contains("Incorrect API key provided: ***."));
    // Everything but the secret survives.
    QCOMPARE(error.code(), Code::Unauthorized);
    QCOMPARE(error.errorCode(), QStringLiteral("invalid_api_key"));
}

void TstApiError::redactIgnoresShortSecrets_data()
{
    QTest::addColumn<QString>("secret");

    // Replacing "" or a few letters would mangle every message; no real key is that short.
    QTest::newRow("empty") << QString();
    QTest::newRow("three letters") << "err";
}

void TstApiError::redactIgnoresShortSecrets()
{
    QFETCH(QString, secret);

    const QByteArray body = R"({"error":{"message":"server error"}})";
    ApiError error = ApiError::fromHttpResponse(500, body);
    const QString before = error.message();
    error.redact(secret);
    QCOMPARE(error.message(), before);
    QCOMPARE(error.bodySample(), body);
}

void TstApiError::redactSummary()
{
    // Qt's error strings can carry the request URL, and some providers take the key in the query.
    ApiError error = ApiError::fromNetworkError(QNetworkReply::UnknownNetworkError,
        QStringLiteral(
            "Error transferring https://api.example.com/v1/models?key=AIzaSyD-secret-123 - server "
            "replied: x"),
        QStringLiteral("api.example.com"));
    QVERIFY(error.message().contains(QLatin1StringView("AIzaSyD-secret-123")));
    error.redact(QStringLiteral("AIzaSyD-secret-123"));
    QVERIFY2(!error.message().contains(QLatin1StringView("AIzaSyD-secret-123")),
        qPrintable(error.message()));
    QVERIFY(error.message().contains(QLatin1StringView("key=***")));
}

// Keys with "/" (Baidu's bce-v3/ALTAK-.../...) come back from PHP servers as "\/" in JSON.
void TstApiError::redactsJsonEscapedKey()
{
    const QString key = QStringLiteral("sk-ab/cd/ef/0123456789");
    const QByteArray body = R"({"error":{"message":"key sk-ab\/cd\/ef\/0123456789 is invalid"}})";
    ApiError error = ApiError::fromHttpResponse(401, body);
    error.redact(key);
    QVERIFY(!error.bodySample().contains("0123456789"));
    QVERIFY(!error.message().contains(QStringLiteral("0123456789")));
    QVERIFY(!RequestTrace::redact(body, key).contains("0123456789"));
}

void TstApiError::sizeComplaintsAreRecognised_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("aboutSize");
    QTest::newRow("413 html") << 413
                              << QByteArray(
                                     "<html><body>413 Request Entity Too Large</body></html>")
                              << true;
    QTest::newRow("400 image too large")
        << 400
        << QByteArray(
               R"({"error":{"message":"Image size exceeds the limit of 5 MB","type":"invalid_request_error"}})")
        << true;
    QTest::newRow("gateway in Chinese")
        << 400 << QByteArray(R"({"code":1001,"msg":"图片过大，请压缩后重试"})") << true;
    QTest::newRow("payload") << 500
                             << QByteArray(R"({"error":{"message":"payload exceeds max size"}})")
                             << true;
    QTest::newRow("max tokens too large")
        << 400
        << QByteArray(
               R"({"error":{"message":"max_tokens is too large: 100000. This model supports at most 8192 completion tokens"}})")
        << false;
    QTest::newRow("context too long")
        << 400
        << QByteArray(
               R"({"error":{"message":"This model's maximum context length is 8192 tokens"}})")
        << false;
    QTest::newRow("bad key") << 401
                             << QByteArray(R"({"error":{"message":"Incorrect API key provided"}})")
                             << false;
    QTest::newRow("rate limit") << 429
                                << QByteArray(R"({"error":{"message":"Rate limit reached"}})")
                                << false;
}

void TstApiError::sizeComplaintsAreRecognised()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, aboutSize);
    const ApiError error = ApiError::fromHttpResponse(status, body);
    QCOMPARE(error.isAboutSize(), aboutSize);
    // A reopened conversation has only the stored one-line message.
    QCOMPARE(ApiError::mentionsSize(error.message()), aboutSize);
}

QTEST_GUILESS_MAIN(TstApiError)
#include "tst_apierror.moc"

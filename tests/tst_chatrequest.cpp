#include "chatrequest.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

// Every top-level key toJson() may emit besides model and messages. A test that sets one field
// checks all the others stay absent, so a field leaking into another's key is caught too.
const QStringList optionalKeys {
    QStringLiteral("stream"),
    QStringLiteral("stream_options"),
    QStringLiteral("max_tokens"),
    QStringLiteral("max_completion_tokens"),
    QStringLiteral("temperature"),
    QStringLiteral("top_p"),
    QStringLiteral("n"),
    QStringLiteral("stop"),
    QStringLiteral("presence_penalty"),
    QStringLiteral("frequency_penalty"),
    QStringLiteral("logit_bias"),
    QStringLiteral("seed"),
    QStringLiteral("user"),
    QStringLiteral("response_format"),
    QStringLiteral("tools"),
    QStringLiteral("tool_choice"),
    QStringLiteral("parallel_tool_calls"),
    QStringLiteral("reasoning_effort"),
    QStringLiteral("enable_thinking"),
    QStringLiteral("extra_body"),
    QStringLiteral("web_search_options"),
};

ChatRequest baseRequest()
{
    ChatRequest r;
    r.model = QStringLiteral("gpt-4o-mini");
    r.messages = { ChatMessage::user(QStringLiteral("hi")) };
    return r;
}

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object: %s", bytes.constData());
    return doc.object();
}

QJsonObject object(const char *json)
{
    return parseObject(QByteArray(json));
}

QJsonArray array(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).array();
}

using Setter = std::function<void(ChatRequest &)>;
using OptionalFormat = std::optional<ChatRequest::ResponseFormat>;

} // namespace

Q_DECLARE_METATYPE(Setter)
Q_DECLARE_METATYPE(OptionalFormat)
Q_DECLARE_METATYPE(ChatMessage::Role)
Q_DECLARE_METATYPE(ContentPart)

class TstChatRequest : public QObject
{
    Q_OBJECT

private slots:
    void emptyRequestHasOnlyModelAndMessages();
    void optionalField_data();
    void optionalField();
    void temperatureIsSentAsAFraction();
    void emptyStopListIsAbsent();
    void extraFieldsAreMergedLast();
    void extraFieldsAddUnknownKeys();
    void isStreaming();

    void roleNames_data();
    void roleNames();
    void textContentIsAString();
    void contentParts_data();
    void contentParts();
    void imageWithoutDetailHasNoDetailKey();
    void partsWinOverText();
    void nameOnlyWhenSet();
    void assistantToolCallsWithoutTextSendNullContent();
    void assistantToolCallsWithTextKeepText();
    void emptyAssistantWithoutToolCallsSendsEmptyString();
    void toolMessageCarriesToolCallId();
    void reasoningContentOnlyWhenSet_data();
    void reasoningContentOnlyWhenSet();
    void messagesKeepTheirOrder();
    void chineseTextRoundTrips();

    void responseFormatFromString_data();
    void responseFormatFromString();
};

void TstChatRequest::emptyRequestHasOnlyModelAndMessages()
{
    ChatRequest r;
    r.model = QStringLiteral("m");
    const QJsonObject o = parseObject(r.toJsonBytes());
    QCOMPARE(o.keys(), (QStringList { QStringLiteral("messages"), QStringLiteral("model") }));
    QCOMPARE(o.value(QLatin1StringView("model")).toString(), QStringLiteral("m"));
    QVERIFY(o.value(QLatin1StringView("messages")).isArray());
    QVERIFY(o.value(QLatin1StringView("messages")).toArray().isEmpty());
}

void TstChatRequest::optionalField_data()
{
    QTest::addColumn<Setter>("set");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("max_tokens") << Setter([](ChatRequest &r) { r.maxTokens = 1024; })
                                << "max_tokens" << QJsonValue(1024);
    // Past 2^31: the field is qint64 and must not be truncated to int on the way out.
    QTest::newRow("max_tokens large") << Setter([](ChatRequest &r) { r.maxTokens = 5000000000LL; })
                                      << "max_tokens" << QJsonValue(qint64(5000000000LL));
    QTest::newRow("max_completion_tokens")
        << Setter([](ChatRequest &r) { r.maxCompletionTokens = 4096; }) << "max_completion_tokens"
        << QJsonValue(4096);
    QTest::newRow("temperature 0")
        << Setter([](ChatRequest &r) { r.temperature = 0.0; }) << "temperature" << QJsonValue(0.0);
    QTest::newRow("temperature") << Setter([](ChatRequest &r) { r.temperature = 0.7; })
                                 << "temperature" << QJsonValue(0.7);
    QTest::newRow("top_p") << Setter([](ChatRequest &r) { r.topP = 0.95; }) << "top_p"
                           << QJsonValue(0.95);
    QTest::newRow("n") << Setter([](ChatRequest &r) { r.n = 3; }) << "n" << QJsonValue(3);
    QTest::newRow("stop one") << Setter([](ChatRequest &r) {
        r.stop = QStringList { QStringLiteral("END") };
    }) << "stop" << QJsonValue(QStringLiteral("END"));
    QTest::newRow("stop two") << Setter([](ChatRequest &r) {
        r.stop = QStringList { QStringLiteral("a"), QStringLiteral("b") };
    }) << "stop" << QJsonValue(array(R"(["a","b"])"));
    QTest::newRow("stop four") << Setter([](ChatRequest &r) {
        r.stop = QStringList { QStringLiteral("\n\n"), QStringLiteral("###"),
            QStringLiteral("User:"), QStringLiteral("</s>") };
    }) << "stop" << QJsonValue(array(R"(["\n\n","###","User:","</s>"])"));
    QTest::newRow("presence_penalty") << Setter([](ChatRequest &r) { r.presencePenalty = -0.5; })
                                      << "presence_penalty" << QJsonValue(-0.5);
    QTest::newRow("frequency_penalty") << Setter([](ChatRequest &r) { r.frequencyPenalty = 1.25; })
                                       << "frequency_penalty" << QJsonValue(1.25);
    QTest::newRow("logit_bias") << Setter([](ChatRequest &r) {
        r.logitBias = object(R"({"50256":-100,"15496":5})");
    }) << "logit_bias" << QJsonValue(object(R"({"50256":-100,"15496":5})"));
    QTest::newRow("seed") << Setter([](ChatRequest &r) { r.seed = 42; }) << "seed"
                          << QJsonValue(42);
    QTest::newRow("user") << Setter([](ChatRequest &r) { r.user = QStringLiteral("user-1234"); })
                          << "user" << QJsonValue(QStringLiteral("user-1234"));
    QTest::newRow("response_format text")
        << Setter([](ChatRequest &r) { r.responseFormat = ChatRequest::ResponseFormat::Text; })
        << "response_format" << QJsonValue(object(R"({"type":"text"})"));
    QTest::newRow("response_format json_object") << Setter([](ChatRequest &r) {
        r.responseFormat = ChatRequest::ResponseFormat::JsonObject;
    }) << "response_format" << QJsonValue(object(R"({"type":"json_object"})"));
    QTest::newRow("response_format json_schema")
        << Setter([](ChatRequest &r) {
               r.responseFormat = ChatRequest::ResponseFormat::JsonSchema;
               r.jsonSchema = object(R"({"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"x":{"type":"integer"}}}})");
           })
        << "response_format"
        << QJsonValue(object(R"({"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"x":{"type":"integer"}}}}})"));
    const char *tools = R"([{"type":"function","function":{"name":"get_weather",
        "description":"Weather for a city","parameters":{"type":"object",
        "properties":{"city":{"type":"string"}},"required":["city"]}}}])";
    QTest::newRow("tools") << Setter([tools](ChatRequest &r) { r.tools = array(tools); }) << "tools"
                           << QJsonValue(array(tools));
    QTest::newRow("tool_choice string")
        << Setter([](ChatRequest &r) { r.toolChoice = QJsonValue(QStringLiteral("auto")); })
        << "tool_choice" << QJsonValue(QStringLiteral("auto"));
    QTest::newRow("tool_choice object")
        << Setter([](ChatRequest &r) {
               r.toolChoice
                   = QJsonValue(object(R"({"type":"function","function":{"name":"get_weather"}})"));
           })
        << "tool_choice"
        << QJsonValue(object(R"({"type":"function","function":{"name":"get_weather"}})"));
    QTest::newRow("parallel_tool_calls false")
        << Setter([](ChatRequest &r) { r.parallelToolCalls = false; }) << "parallel_tool_calls"
        << QJsonValue(false);
    QTest::newRow("reasoning_effort")
        << Setter([](ChatRequest &r) { r.reasoningEffort = QStringLiteral("high"); })
        << "reasoning_effort" << QJsonValue(QStringLiteral("high"));
    // false must be sent: it is how a user turns thinking off on Qwen-style servers.
    QTest::newRow("enable_thinking false")
        << Setter([](ChatRequest &r) { r.enableThinking = false; }) << "enable_thinking"
        << QJsonValue(false);
    QTest::newRow("enable_thinking true") << Setter([](ChatRequest &r) { r.enableThinking = true; })
                                          << "enable_thinking" << QJsonValue(true);
    QTest::newRow("extra_body") << Setter([](ChatRequest &r) {
        r.extraBody = object(R"({"top_k":20,"min_p":0.05})");
    }) << "extra_body" << QJsonValue(object(R"({"top_k":20,"min_p":0.05})"));
    QTest::newRow("web_search_options") << Setter([](ChatRequest &r) {
        r.webSearchOptions = object(R"({"search_context_size":"low"})");
    }) << "web_search_options" << QJsonValue(object(R"({"search_context_size":"low"})"));
    QTest::newRow("stream true") << Setter([](ChatRequest &r) { r.stream = true; }) << "stream"
                                 << QJsonValue(true);
    QTest::newRow("stream false") << Setter([](ChatRequest &r) { r.stream = false; }) << "stream"
                                  << QJsonValue(false);
    QTest::newRow("stream_options.include_usage")
        << Setter([](ChatRequest &r) { r.includeUsage = true; }) << "stream_options"
        << QJsonValue(object(R"({"include_usage":true})"));
}

void TstChatRequest::optionalField()
{
    QFETCH(Setter, set);
    QFETCH(QString, key);
    QFETCH(QJsonValue, expected);

    ChatRequest r = baseRequest();
    set(r);
    // Through the bytes, as the server sees them, so a value that only survives in memory fails.
    const QJsonObject o = parseObject(r.toJsonBytes());
    QVERIFY2(o.contains(key), qPrintable(QString::fromUtf8(r.toJsonBytes())));
    const QJsonValue actual = o.value(key);
    QCOMPARE(actual.type(), expected.type());
    QCOMPARE(actual, expected);
    for (const QString &other : optionalKeys) {
        if (other != key)
            QVERIFY2(!o.contains(other), qPrintable(other + QStringLiteral(" should be absent")));
    }
    QCOMPARE(o.value(QLatin1StringView("model")).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(o.value(QLatin1StringView("messages")).toArray().size(), 1);
}

void TstChatRequest::temperatureIsSentAsAFraction()
{
    // An integer-typed field would round 0.7 to 0 or 1; the wire text shows what the server parses.
    ChatRequest r = baseRequest();
    r.temperature = 0.7;
    r.topP = 0.5;
    const QByteArray bytes = r.toJsonBytes();
    QVERIFY2(bytes.contains("\"temperature\":0.7"), bytes.constData());
    QVERIFY2(bytes.contains("\"top_p\":0.5"), bytes.constData());
    QCOMPARE(parseObject(bytes).value(QLatin1StringView("temperature")).toDouble(), 0.7);
}

void TstChatRequest::emptyStopListIsAbsent()
{
    // "stop": [] is rejected by some servers; an empty list means "not set".
    ChatRequest r = baseRequest();
    r.stop = QStringList();
    QVERIFY(!r.toJson().contains(QLatin1StringView("stop")));
}

void TstChatRequest::extraFieldsAreMergedLast()
{
    ChatRequest r = baseRequest();
    r.temperature = 0.2;
    r.maxTokens = 100;
    r.extraFields = object(R"({"temperature":1.5,"max_tokens":null})");
    const QJsonObject o = parseObject(r.toJsonBytes());
    QCOMPARE(o.value(QLatin1StringView("temperature")).toDouble(), 1.5);
    // The user's JSON goes out as written, null included; it is not taken as "unset".
    QVERIFY(o.contains(QLatin1StringView("max_tokens")));
    QVERIFY(o.value(QLatin1StringView("max_tokens")).isNull());
}

void TstChatRequest::extraFieldsAddUnknownKeys()
{
    ChatRequest r = baseRequest();
    r.extraFields
        = object(R"({"top_k":40,"repetition_penalty":1.1,"thinking":{"type":"enabled"}})");
    const QJsonObject o = parseObject(r.toJsonBytes());
    QCOMPARE(o.value(QLatin1StringView("top_k")), QJsonValue(40));
    QCOMPARE(o.value(QLatin1StringView("repetition_penalty")).toDouble(), 1.1);
    QCOMPARE(o.value(QLatin1StringView("thinking")), QJsonValue(object(R"({"type":"enabled"})")));
    for (const QString &key : optionalKeys)
        QVERIFY2(!o.contains(key), qPrintable(key));
}

void TstChatRequest::isStreaming()
{
    ChatRequest r;
    QVERIFY(!r.isStreaming());
    r.stream = false;
    QVERIFY(!r.isStreaming());
    r.stream = true;
    QVERIFY(r.isStreaming());
}

void TstChatRequest::roleNames_data()
{
    QTest::addColumn<ChatMessage::Role>("role");
    QTest::addColumn<QString>("name");

    QTest::newRow("system") << ChatMessage::Role::System << "system";
    QTest::newRow("developer") << ChatMessage::Role::Developer << "developer";
    QTest::newRow("user") << ChatMessage::Role::User << "user";
    QTest::newRow("assistant") << ChatMessage::Role::Assistant << "assistant";
    QTest::newRow("tool") << ChatMessage::Role::Tool << "tool";
}

void TstChatRequest::roleNames()
{
    QFETCH(ChatMessage::Role, role);
    QFETCH(QString, name);

    QCOMPARE(ChatMessage::roleName(role), name);
    ChatMessage m;
    m.role = role;
    m.text = QStringLiteral("x");
    const QJsonObject o = m.toJson();
    QCOMPARE(o.value(QLatin1StringView("role")).toString(), name);
    QCOMPARE(o.value(QLatin1StringView("content")).toString(), QStringLiteral("x"));
}

void TstChatRequest::textContentIsAString()
{
    const QJsonObject sys = ChatMessage::system(QStringLiteral("Be brief.")).toJson();
    QCOMPARE(sys, object(R"({"role":"system","content":"Be brief."})"));
    const QJsonObject user = ChatMessage::user(QStringLiteral("Hello")).toJson();
    QCOMPARE(user, object(R"({"role":"user","content":"Hello"})"));
    const QJsonObject assistant = ChatMessage::assistant(QStringLiteral("Hi!")).toJson();
    QCOMPARE(assistant, object(R"({"role":"assistant","content":"Hi!"})"));
}

void TstChatRequest::contentParts_data()
{
    QTest::addColumn<QList<ContentPart>>("parts");
    QTest::addColumn<QJsonArray>("expected");

    const QString dataUrl = QStringLiteral("data:image/png;base64,iVBORw0KGgo=");
    QTest::newRow("text") << QList<ContentPart> { ContentPart::fromText(QStringLiteral(
        "What is it?")) } << array(R"([{"type":"text","text":"What is it?"}])");
    QTest::newRow("image without detail") << QList<ContentPart> {
        ContentPart::fromImageUrl(dataUrl)
    } << array(R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}])");
    QTest::newRow("image detail low") << QList<ContentPart> {
        ContentPart::fromImageUrl(dataUrl, ContentPart::Detail::Low)
    } << array(R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}])");
    QTest::newRow("image detail high") << QList<ContentPart> {
        ContentPart::fromImageUrl(dataUrl, ContentPart::Detail::High)
    } << array(R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}])");
    QTest::newRow("image detail auto") << QList<ContentPart> {
        ContentPart::fromImageUrl(dataUrl, ContentPart::Detail::Auto)
    } << array(R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}}])");
    QTest::newRow("https image") << QList<ContentPart> {
        ContentPart::fromImageUrl(QStringLiteral("https://example.com/cat.jpg"))
    } << array(R"([{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}])");
    QTest::newRow("text then image, order kept")
        << QList<ContentPart> { ContentPart::fromText(QStringLiteral("Describe")),
               ContentPart::fromImageUrl(dataUrl, ContentPart::Detail::Low),
               ContentPart::fromText(QStringLiteral("briefly")) }
        << array(R"([{"type":"text","text":"Describe"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                     {"type":"text","text":"briefly"}])");
}

void TstChatRequest::contentParts()
{
    QFETCH(QList<ContentPart>, parts);
    QFETCH(QJsonArray, expected);

    ChatMessage m;
    m.parts = parts;
    const QJsonObject o = m.toJson();
    QVERIFY(o.value(QLatin1StringView("content")).isArray());
    // Exact comparison: an extra key (a "detail" nobody set) fails as surely as a missing one.
    QCOMPARE(o.value(QLatin1StringView("content")).toArray(), expected);
}

void TstChatRequest::imageWithoutDetailHasNoDetailKey()
{
    // Some OpenAI-compatible servers reject an unknown or empty detail, so unset means absent.
    const QJsonObject part
        = ContentPart::fromImageUrl(QStringLiteral("data:image/jpeg;base64,AAAA")).toJson();
    const QJsonObject image = part.value(QLatin1StringView("image_url")).toObject();
    QCOMPARE(image.value(QLatin1StringView("url")).toString(),
        QStringLiteral("data:image/jpeg;base64,AAAA"));
    QVERIFY(!image.contains(QLatin1StringView("detail")));
    QCOMPARE(image.keys(), QStringList { QStringLiteral("url") });
}

void TstChatRequest::partsWinOverText()
{
    ChatMessage m = ChatMessage::user(QStringLiteral("ignored"));
    m.parts = { ContentPart::fromText(QStringLiteral("sent")) };
    QCOMPARE(m.toJson().value(QLatin1StringView("content")).toArray(),
        array(R"([{"type":"text","text":"sent"}])"));
}

void TstChatRequest::nameOnlyWhenSet()
{
    ChatMessage m = ChatMessage::user(QStringLiteral("hi"));
    QVERIFY(!m.toJson().contains(QLatin1StringView("name")));
    m.name = QStringLiteral("alice");
    QCOMPARE(m.toJson().value(QLatin1StringView("name")).toString(), QStringLiteral("alice"));
}

void TstChatRequest::assistantToolCallsWithoutTextSendNullContent()
{
    // OpenAI requires content to be present; an empty string confuses some servers into
    // treating the turn as a text reply, so null it is.
    ChatMessage m;
    m.role = ChatMessage::Role::Assistant;
    m.toolCalls = array(R"([{"id":"call_1","type":"function",
        "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}])");
    const QJsonObject o = parseObject(QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact));
    QVERIFY(o.contains(QLatin1StringView("content")));
    QVERIFY(o.value(QLatin1StringView("content")).isNull());
    QCOMPARE(o.value(QLatin1StringView("tool_calls")).toArray(), m.toolCalls);
    QCOMPARE(o.value(QLatin1StringView("role")).toString(), QStringLiteral("assistant"));
    QVERIFY(!o.contains(QLatin1StringView("tool_call_id")));
}

void TstChatRequest::assistantToolCallsWithTextKeepText()
{
    ChatMessage m = ChatMessage::assistant(QStringLiteral("Let me check."));
    m.toolCalls
        = array(R"([{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}])");
    const QJsonObject o = m.toJson();
    QCOMPARE(o.value(QLatin1StringView("content")).toString(), QStringLiteral("Let me check."));
    QCOMPARE(o.value(QLatin1StringView("tool_calls")).toArray().size(), 1);
}

void TstChatRequest::emptyAssistantWithoutToolCallsSendsEmptyString()
{
    const QJsonObject o = ChatMessage::assistant(QString()).toJson();
    QVERIFY(o.value(QLatin1StringView("content")).isString());
    QCOMPARE(o.value(QLatin1StringView("content")).toString(), QString());
    QVERIFY(!o.contains(QLatin1StringView("tool_calls")));
}

void TstChatRequest::toolMessageCarriesToolCallId()
{
    ChatMessage m;
    m.role = ChatMessage::Role::Tool;
    m.text = QStringLiteral("{\"temp\":21}");
    m.toolCallId = QStringLiteral("call_1");
    // Outside the macro: moc's preprocessor misreads a backslash inside a raw string argument.
    const QJsonObject expected
        = object(R"({"role":"tool","content":"{\"temp\":21}","tool_call_id":"call_1"})");
    QCOMPARE(m.toJson(), expected);

    ChatMessage plain = ChatMessage::user(QStringLiteral("x"));
    QVERIFY(!plain.toJson().contains(QLatin1StringView("tool_call_id")));
}

void TstChatRequest::reasoningContentOnlyWhenSet_data()
{
    QTest::addColumn<bool>("set");
    QTest::addColumn<QString>("reasoning");

    QTest::newRow("unset") << false << QString();
    // Set but empty is still sent: the provider asked for the field, and "" is its value.
    QTest::newRow("empty") << true << QString();
    QTest::newRow("text") << true << QStringLiteral("First, the user wants the weather.");
}

void TstChatRequest::reasoningContentOnlyWhenSet()
{
    QFETCH(bool, set);
    QFETCH(QString, reasoning);

    ChatMessage m = ChatMessage::assistant(QStringLiteral("Sunny."));
    if (set)
        m.reasoningContent = reasoning;
    const QJsonObject o = m.toJson();
    QCOMPARE(o.contains(QLatin1StringView("reasoning_content")), set);
    if (set) {
        QVERIFY(o.value(QLatin1StringView("reasoning_content")).isString());
        QCOMPARE(o.value(QLatin1StringView("reasoning_content")).toString(), reasoning);
    }
}

void TstChatRequest::messagesKeepTheirOrder()
{
    ChatRequest r;
    r.model = QStringLiteral("m");
    r.messages = { ChatMessage::system(QStringLiteral("s")), ChatMessage::user(QStringLiteral("u")),
        ChatMessage::assistant(QStringLiteral("a")), ChatMessage::user(QStringLiteral("u2")) };
    const QJsonArray messages
        = parseObject(r.toJsonBytes()).value(QLatin1StringView("messages")).toArray();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(0).toObject().value(QLatin1StringView("role")).toString(),
        QStringLiteral("system"));
    QCOMPARE(messages.at(1).toObject().value(QLatin1StringView("content")).toString(),
        QStringLiteral("u"));
    QCOMPARE(messages.at(2).toObject().value(QLatin1StringView("role")).toString(),
        QStringLiteral("assistant"));
    QCOMPARE(messages.at(3).toObject().value(QLatin1StringView("content")).toString(),
        QStringLiteral("u2"));
}

void TstChatRequest::chineseTextRoundTrips()
{
    const QString text = QStringLiteral("你好，请用中文解释“量子纠缠”。🙂");
    ChatRequest r = baseRequest();
    r.messages = { ChatMessage::system(QStringLiteral("你是一个乐于助人的助手。")),
        ChatMessage::user(text) };
    r.messages[1].parts = { ContentPart::fromText(text) };
    r.user = QStringLiteral("用户");
    const QByteArray bytes = r.toJsonBytes();
    // Sent as UTF-8, not as \u escapes: both are valid JSON, but the raw bytes are what servers
    // log.
    QVERIFY(bytes.contains(text.toUtf8()));
    const QJsonObject o = parseObject(bytes);
    const QJsonArray messages = o.value(QLatin1StringView("messages")).toArray();
    QCOMPARE(messages.at(0).toObject().value(QLatin1StringView("content")).toString(),
        QStringLiteral("你是一个乐于助人的助手。"));
    QCOMPARE(messages.at(1)
                 .toObject()
                 .value(QLatin1StringView("content"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1StringView("text"))
                 .toString(),
        text);
    QCOMPARE(o.value(QLatin1StringView("user")).toString(), QStringLiteral("用户"));
}

void TstChatRequest::responseFormatFromString_data()
{
    using Format = OptionalFormat;
    QTest::addColumn<QString>("name");
    QTest::addColumn<Format>("expected");

    QTest::newRow("text") << "text" << Format(ChatRequest::ResponseFormat::Text);
    QTest::newRow("json_object") << "json_object"
                                 << Format(ChatRequest::ResponseFormat::JsonObject);
    QTest::newRow("json_schema") << "json_schema"
                                 << Format(ChatRequest::ResponseFormat::JsonSchema);
    QTest::newRow("empty") << "" << Format();
    QTest::newRow("unknown") << "xml" << Format();
    QTest::newRow("json alone") << "json" << Format();
}

void TstChatRequest::responseFormatFromString()
{
    using Format = OptionalFormat;
    QFETCH(QString, name);
    QFETCH(Format, expected);

    const Format actual = ChatRequest::responseFormatFromString(name);
    QCOMPARE(actual.has_value(), expected.has_value());
    if (expected)
        QCOMPARE(*actual, *expected);
}

QTEST_GUILESS_MAIN(TstChatRequest)
#include "tst_chatrequest.moc"

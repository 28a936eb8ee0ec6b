#include "sseparser.h"
#include "streamdecoder.h"
#include "testdata.h"

#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QtTest>

namespace {

QByteArray chunk(const QByteArray &delta, const QByteArray &finish = "null", int index = 0)
{
    return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m-1","choices":[{"index":)"
        + QByteArray::number(index) + R"(,"delta":)" + delta
        + R"(,"logprobs":null,"finish_reason":)" + finish + "}]}";
}

QByteArray text(const QByteArray &jsonString)
{
    return chunk(R"({"content":)" + jsonString + "}");
}

StreamDecoder::Outcome feed(StreamDecoder &decoder, const QList<QByteArray> &events)
{
    StreamDecoder::Outcome last = StreamDecoder::Outcome::Continue;
    for (const QByteArray &e : events) {
        last = decoder.decodeEvent("message", e);
        if (last != StreamDecoder::Outcome::Continue)
            break;
    }
    decoder.finish();
    return last;
}

// An image as an image model makes one; noisy ones compress badly, which makes them large.
QByteArray imageBytes(const char *format, int width, int height, bool noisy = false)
{
    if (noisy)
        return TestData::encodedImage(TestData::noisyImage(width, height, 7), format);
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    return TestData::encodedImage(image, format);
}

QByteArray dataUrl(const QByteArray &bytes, const QByteArray &declaredType = "image/png")
{
    return "data:" + declaredType + ";base64," + bytes.toBase64();
}

// The shape OpenRouter sends: one entry per image, with an index.
QByteArray imagesArray(const QList<QByteArray> &urls)
{
    QByteArray entries;
    for (qsizetype i = 0; i < urls.size(); ++i) {
        if (i)
            entries += ',';
        entries += R"({"type":"image_url","image_url":{"url":")" + urls[i] + R"("},"index":)"
            + QByteArray::number(i) + '}';
    }
    return '[' + entries + ']';
}

// The events of an SSE body fed to a parser `piece` bytes at a time, as a slow network reads it.
QList<QByteArray> eventsInPieces(const QByteArray &body, qsizetype piece)
{
    SseParser parser;
    QList<QByteArray> events;
    SseParser::Event e;
    for (qsizetype at = 0; at < body.size(); at += piece) {
        parser.feed(QByteArrayView(body).sliced(at, std::min(piece, body.size() - at)));
        while (parser.next(e))
            events.append(e.data.toByteArray());
    }
    return events;
}

// The same events through the fast path and through simdjson alone must agree exactly.
void compareBothPaths(const QList<QByteArray> &events)
{
    StreamDecoder fast;
    StreamDecoder general;
    general.setFastPathEnabled(false);
    const auto a = feed(fast, events);
    const auto b = feed(general, events);
    QCOMPARE(a, b);
    const ChatResult &x = fast.result();
    const ChatResult &y = general.result();
    QCOMPARE(x.choices.size(), y.choices.size());
    for (qsizetype i = 0; i < x.choices.size(); ++i) {
        QCOMPARE(x.choices[i].content, y.choices[i].content);
        QCOMPARE(x.choices[i].reasoning, y.choices[i].reasoning);
        QCOMPARE(x.choices[i].refusal, y.choices[i].refusal);
        QCOMPARE(x.choices[i].finishReason, y.choices[i].finishReason);
        QCOMPARE(QJsonDocument(x.choices[i].toJson()).toJson(),
            QJsonDocument(y.choices[i].toJson()).toJson());
    }
    QCOMPARE(x.model, y.model);
    QCOMPARE(x.id, y.id);
    QCOMPARE(x.usageJson, y.usageJson);
    QCOMPARE(fast.error().message(), general.error().message());
}

} // namespace

class TstStreamDecoder : public QObject
{
    Q_OBJECT

private slots:
    void textDeltas_data();
    void textDeltas();
    void shapeCacheKeepsStructure();
    void reasoningFields();
    void thinkTagsMovedToReasoning();
    void thinkSplitterCanBeTurnedOff();
    void contentParts();
    void refusal();
    void toolCallArgumentsInTenPieces();
    void toolCallArgumentsAsObject();
    void threeChoicesInterleaved();
    void usageOnlyLastChunk();
    void usageNullIgnored();
    void metadata();
    void doneMarker();
    void nonJsonKeepAliveIgnored();
    void errorInChunk();
    void errorEvent();
    void malformedJsonFails();
    void completion();
    void completionWithoutChoices();
    void fastAndGeneralPathsAgreeOnCorpus();
    void sloppyJsonReadTheSameBothWays_data();
    void sloppyJsonReadTheSameBothWays();
    void stalePaddingDoesNotCompleteJson();
    void errorDialectsInStream();
    void falseErrorIsNoError();
    void doneWithoutAnyChoiceFails();
    void completionWithBom();
    void completionErrorWithStatus200();
    void absurdChoiceIndexIgnored();
    void imagesInDelta();
    void imagesInCompletion();
    void remoteImageKeepsItsUrl();
    void notAnImageIsDropped_data();
    void notAnImageIsDropped();
    void emptyImagesStayOnTheFastPath();
    void imagesGoToTheirChoice();
    void imageSplitAcrossManyReads_data();
    void imageSplitAcrossManyReads();
};

void TstStreamDecoder::textDeltas_data()
{
    QTest::addColumn<QList<QByteArray>>("events");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << QList<QByteArray> { text(R"("Hello")"), text(R"(" world")") }
                           << QStringLiteral("Hello world");
    QTest::newRow("chinese and emoji") << QList<QByteArray> { text(R"("你好")"),
        text(R"("，世界 😀")") } << QStringLiteral("你好，世界 😀");
    QTest::newRow("escapes") << QList<QByteArray> { text(R"("a\"b\\c\/d\n\t")"),
        text(R"("\u4f60\ud83d\ude00")") }
                             << QStringLiteral("a\"b\\c/d\n\t你😀");
    QTest::newRow("escaped quote looks like structure") << QList<QByteArray> {
        text(R"("x")"), text(R"("\"},\"logprobs\":null,\"finish_reason\":null}]}")"), text(R"("y")")
    } << QStringLiteral("x\"},\"logprobs\":null,\"finish_reason\":null}]}y");
    QTest::newRow("backslash before quote") << QList<QByteArray> { text(R"("a")"), text(R"("\\")"),
        text(R"("b\\\\")") } << QStringLiteral("a\\b\\\\");
    QTest::newRow("null and empty content")
        << QList<QByteArray> { text("null"), text(R"("")"), text(R"("z")") } << QStringLiteral("z");
    QTest::newRow("role-only first delta")
        << QList<QByteArray> { chunk(R"({"role":"assistant","content":""})"), text(R"("ok")") }
        << QStringLiteral("ok");
    QTest::newRow("pretty printed") << QList<QByteArray> {
        "{\n  \"choices\": [ {\n \"index\": 0, \"delta\": { \"content\" : \"sp ace\" } } ]\n}"
    } << QStringLiteral("sp ace");
    QTest::newRow("unknown fields") << QList<QByteArray> {
        R"({"obfuscation":"x9","choices":[{"index":0,"delta":{"content":"a","channel":"final","extra":[1,{"b":[true,false,null,-1.5e3]}]},"content_filter_results":{}}],"x_groq":{"id":"q"}})"
    } << QStringLiteral("a");
}

void TstStreamDecoder::textDeltas()
{
    QFETCH(QList<QByteArray>, events);
    QFETCH(QString, expected);
    StreamDecoder decoder;
    QCOMPARE(feed(decoder, events), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.result().choices.size(), 1);
    QCOMPARE(decoder.result().choices.first().content, expected);
    compareBothPaths(events);
}

void TstStreamDecoder::shapeCacheKeepsStructure()
{
    // Same bytes before and after the text as the previous chunk, but a different structure in
    // between: the decoder must notice and read the whole chunk.
    const QList<QByteArray> events {
        text(R"("one")"),
        chunk(R"({"content":"two","reasoning_content":"why"})"),
        text(R"("three")"),
        chunk(R"({"content":"four"})", R"("stop")"),
    };
    StreamDecoder decoder;
    feed(decoder, events);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.content, QStringLiteral("onetwothreefour"));
    QCOMPARE(c.reasoning, QStringLiteral("why"));
    QCOMPARE(c.finishReason, QStringLiteral("stop"));
    compareBothPaths(events);
}

void TstStreamDecoder::reasoningFields()
{
    const QList<QByteArray> events { chunk(R"({"content":null,"reasoning_content":"Let me"})"),
        chunk(R"({"reasoning":" think"})"),
        chunk(R"({"content":"Answer","reasoning_content":null})") };
    StreamDecoder decoder;
    feed(decoder, events);
    QCOMPARE(decoder.result().choices.first().reasoning, QStringLiteral("Let me think"));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("Answer"));
    compareBothPaths(events);
}

void TstStreamDecoder::thinkTagsMovedToReasoning()
{
    // Tags split across deltas, leading white space, and a blank line after the closing tag.
    const QList<QByteArray> events { text(R"("\n<th")"), text(R"("ink>I should")"),
        text(R"(" answer</th")"), text(R"("ink>\n\nHi <think> stays")") };
    StreamDecoder decoder;
    feed(decoder, events);
    QCOMPARE(decoder.result().choices.first().reasoning, QStringLiteral("I should answer"));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("Hi <think> stays"));

    // A reply that merely starts with "<" is content.
    StreamDecoder html;
    feed(html, { text(R"("<b>bold</b>")") });
    QCOMPARE(html.result().choices.first().content, QStringLiteral("<b>bold</b>"));
    QVERIFY(html.result().choices.first().reasoning.isEmpty());

    // Cut off inside the think section: what arrived is reasoning.
    StreamDecoder cut;
    feed(cut, { text(R"("<think>still thinking</thi")") });
    QCOMPARE(cut.result().choices.first().reasoning, QStringLiteral("still thinking</thi"));
    QVERIFY(cut.result().choices.first().content.isEmpty());
}

void TstStreamDecoder::thinkSplitterCanBeTurnedOff()
{
    StreamDecoder decoder;
    decoder.setSplitThinkTags(false);
    feed(decoder, { text(R"("<think>x</think>y")") });
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("<think>x</think>y"));
}

void TstStreamDecoder::contentParts()
{
    const QList<QByteArray> events {
        chunk(R"({"content":[{"type":"thinking","thinking":[{"type":"text","text":"Okay,"}]}]})"),
        chunk(R"({"content":[{"type":"thinking","thinking":[{"type":"text","text":" sure"}]}]})"),
        chunk(R"({"content":[{"type":"text","text":"Part"}]})"),
        text(R"(" two")"),
    };
    StreamDecoder decoder;
    feed(decoder, events);
    QCOMPARE(decoder.result().choices.first().reasoning, QStringLiteral("Okay, sure"));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("Part two"));
}

void TstStreamDecoder::refusal()
{
    const QList<QByteArray> events { chunk(R"({"content":null,"refusal":"I'm sorry"})"),
        chunk(R"({"refusal":", I can't."})"), chunk(R"({"refusal":""})", R"("stop")") };
    StreamDecoder decoder;
    feed(decoder, events);
    QCOMPARE(decoder.result().choices.first().refusal, QStringLiteral("I'm sorry, I can't."));
    QVERIFY(decoder.result().choices.first().content.isEmpty());
    compareBothPaths(events);
}

void TstStreamDecoder::toolCallArgumentsInTenPieces()
{
    const QByteArray args = R"({"city":"Edinburgh","country":"UK","units":"c"})";
    QList<QByteArray> events {
        chunk(
            R"({"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]})")
    };
    const qsizetype step = (args.size() + 9) / 10;
    int pieces = 0;
    for (qsizetype i = 0; i < args.size(); i += step, ++pieces) {
        const QByteArray piece = QJsonDocument(QJsonArray { QString::fromUtf8(args.mid(i, step)) })
                                     .toJson(QJsonDocument::Compact)
                                     .mid(1)
                                     .chopped(1);
        events.append(
            chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":)" + piece + "}}]}"));
    }
    QCOMPARE(pieces, 10);
    events.append(chunk("{}", R"("tool_calls")"));
    StreamDecoder decoder;
    feed(decoder, events);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.toolCalls.size(), 1);
    QCOMPARE(c.toolCalls.first().id, QStringLiteral("call_1"));
    QCOMPARE(c.toolCalls.first().type, QStringLiteral("function"));
    QCOMPARE(c.toolCalls.first().name, QStringLiteral("get_weather"));
    QCOMPARE(c.toolCalls.first().arguments, QString::fromUtf8(args));
    QCOMPARE(c.finishReason, QStringLiteral("tool_calls"));
    QCOMPARE(decoder.takeToolCallChanges(), QList<int> { 0 });
    QCOMPARE(decoder.takeToolCallChanges(), QList<int>());
}

void TstStreamDecoder::toolCallArgumentsAsObject()
{
    StreamDecoder decoder;
    feed(decoder,
        { chunk(
            R"({"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{"a":1}}},{"id":"d","function":{"name":"g","arguments":"{}"}}]})") });
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.toolCalls.size(), 2);
    QCOMPARE(c.toolCalls[0].arguments, QStringLiteral("{\"a\":1}"));
    QCOMPARE(c.toolCalls[1].index, 1); // no index: its position
    QCOMPARE(c.toolCalls[1].name, QStringLiteral("g"));
}

void TstStreamDecoder::threeChoicesInterleaved()
{
    QList<QByteArray> events;
    for (int round = 0; round < 4; ++round) {
        for (int i : { 2, 0, 1 })
            events.append(chunk(R"({"content":"c)" + QByteArray::number(i) + "r"
                    + QByteArray::number(round) + "\"}",
                "null", i));
    }
    for (int i = 0; i < 3; ++i)
        events.append(chunk("{}", R"("stop")", i));
    StreamDecoder decoder;
    feed(decoder, events);
    const ChatResult &r = decoder.result();
    QCOMPARE(r.choices.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(r.choices[i].index, i);
        const QString n = QString::number(i);
        QCOMPARE(r.choices[i].content, QStringLiteral("c%1r0c%1r1c%1r2c%1r3").arg(n));
        QCOMPARE(r.choices[i].finishReason, QStringLiteral("stop"));
    }
    compareBothPaths(events);
}

void TstStreamDecoder::usageOnlyLastChunk()
{
    StreamDecoder decoder;
    feed(decoder,
        { text(R"("hi")"), chunk("{}", R"("stop")"),
            R"({"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":30,"total_tokens":44,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":7}}})" });
    QVERIFY(decoder.result().hasUsage());
    QVERIFY(decoder.takeUsageChanged());
    const Usage u = decoder.result().usage();
    QCOMPARE(u.promptTokens, 14);
    QCOMPARE(u.completionTokens, 30);
    QCOMPARE(u.totalTokens, 44);
    QCOMPARE(u.cachedTokens, 3);
    QCOMPARE(u.reasoningTokens, 7);
    QCOMPARE(decoder.result().choices.first().finishReason, QStringLiteral("stop"));
}

void TstStreamDecoder::usageNullIgnored()
{
    StreamDecoder decoder;
    feed(decoder, { R"({"choices":[{"index":0,"delta":{"content":"a"}}],"usage":null})" });
    QVERIFY(!decoder.result().hasUsage());
    QVERIFY(!decoder.takeUsageChanged());
    QCOMPARE(decoder.result().usage().promptTokens, -1);
}

void TstStreamDecoder::metadata()
{
    StreamDecoder decoder;
    feed(decoder,
        { R"({"id":"abc","model":"gpt-x","system_fingerprint":"fp_1","choices":[]})",
            R"({"id":"","model":"","choices":[]})" });
    QCOMPARE(decoder.result().id, QStringLiteral("abc"));
    QCOMPARE(decoder.result().model, QStringLiteral("gpt-x"));
    QCOMPARE(decoder.result().systemFingerprint, QStringLiteral("fp_1"));
}

void TstStreamDecoder::doneMarker()
{
    StreamDecoder decoder;
    const QByteArray first = text(R"("a")");
    QCOMPARE(decoder.decodeEvent("message", first), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("message", " [DONE] "), StreamDecoder::Outcome::Done);
    QVERIFY(decoder.result().doneMarker);
}

void TstStreamDecoder::nonJsonKeepAliveIgnored()
{
    StreamDecoder decoder;
    QCOMPARE(decoder.decodeEvent("message", "ping"), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("message", ""), StreamDecoder::Outcome::Continue);
    QVERIFY(!decoder.error().isError());
}

void TstStreamDecoder::errorInChunk()
{
    StreamDecoder decoder;
    const auto outcome = feed(decoder,
        { text(R"("partial")"),
            R"({"error":{"code":400,"message":"Token limit reached"},"choices":[{"index":0,"delta":{"content":" more"}}]})",
            text(R"("never")") });
    QCOMPARE(outcome, StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::InStream);
    QVERIFY(decoder.error().message().contains(QLatin1StringView("Token limit reached")));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("partial more"));
}

void TstStreamDecoder::errorEvent()
{
    StreamDecoder decoder;
    const QByteArray kept = text(R"("kept")");
    const QByteArray error
        = R"({"error":{"message":"Tool call validation failed","type":"invalid_request_error"}})";
    QCOMPARE(decoder.decodeEvent("message", kept), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("error", error), StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::InStream);
    QCOMPARE(decoder.error().type(), QStringLiteral("invalid_request_error"));
    QVERIFY(decoder.error().message().contains(QLatin1StringView("Tool call validation failed")));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("kept"));
}

void TstStreamDecoder::malformedJsonFails()
{
    StreamDecoder decoder;
    const QByteArray kept = text(R"("kept")");
    const QByteArray broken = R"({"choices":[{"index":0,"delta":{"content":"bro)";
    QCOMPARE(decoder.decodeEvent("message", kept), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("message", broken), StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::BadResponse);
    QVERIFY(decoder.error().message().contains(QLatin1StringView("malformed")));
    QCOMPARE(decoder.result().choices.first().content, QStringLiteral("kept"));
}

void TstStreamDecoder::completion()
{
    StreamDecoder decoder;
    const QByteArray body = R"({"id":"x","model":"deepseek-reasoner","choices":[
        {"index":0,"message":{"role":"assistant","content":"Answer","reasoning_content":"Because"},"finish_reason":"stop"},
        {"index":1,"message":{"role":"assistant","content":null,"refusal":"No."},"finish_reason":"stop"},
        {"index":2,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},{"id":"c2","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":4}}})";
    QCOMPARE(decoder.decodeCompletion(body), StreamDecoder::Outcome::Done);
    const ChatResult &r = decoder.result();
    QCOMPARE(r.choices.size(), 3);
    QCOMPARE(r.choices[0].content, QStringLiteral("Answer"));
    QCOMPARE(r.choices[0].reasoning, QStringLiteral("Because"));
    QCOMPARE(r.choices[1].refusal, QStringLiteral("No."));
    QCOMPARE(r.choices[2].toolCalls.size(), 2);
    QCOMPARE(r.choices[2].toolCalls[1].index, 1);
    QCOMPARE(r.choices[2].toolCalls[0].arguments, QStringLiteral("{\"a\":1}"));
    QCOMPARE(r.usage().cachedTokens, 2);
    QCOMPARE(r.usage().reasoningTokens, 4);
}

void TstStreamDecoder::completionWithoutChoices()
{
    const QByteArray gatewayBody = R"({"codes":900,"mess":"密钥错误或已过期","data":"token"})";
    const QByteArray emptyBody = R"({"object":"chat.completion"})";
    const QByteArray brokenBody = R"({"choices":[)";
    StreamDecoder gateway;
    QCOMPARE(gateway.decodeCompletion(gatewayBody), StreamDecoder::Outcome::Failed);
    QCOMPARE(gateway.error().code(), ApiError::Code::Unauthorized);
    QVERIFY(gateway.error().message().startsWith(QStringLiteral("密钥错误或已过期")));

    StreamDecoder empty;
    QCOMPARE(empty.decodeCompletion(emptyBody), StreamDecoder::Outcome::Failed);
    QCOMPARE(empty.error().code(), ApiError::Code::BadResponse);

    StreamDecoder broken;
    QCOMPARE(broken.decodeCompletion(brokenBody), StreamDecoder::Outcome::Failed);
    QCOMPARE(broken.error().code(), ApiError::Code::BadResponse);
}

void TstStreamDecoder::fastAndGeneralPathsAgreeOnCorpus()
{
    const QString corpus = TestData::wireCorpusDir();
    if (corpus.isEmpty())
        QSKIP("../shared/wire-corpus is not beside this checkout");
    int cases = 0;
    for (const QString &name : QDir(corpus).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(corpus + u'/' + name + QStringLiteral("/response.bin"));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        SseParser parser;
        const QByteArray body = file.readAll();
        parser.feed(body);
        QList<QByteArray> events;
        SseParser::Event e;
        while (parser.next(e)) {
            if (e.type == "message" && e.data != "[DONE]")
                events.append(e.data.toByteArray());
        }
        if (events.isEmpty())
            continue;
        ++cases;
        compareBothPaths(events);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(name));
    }
    QVERIFY(cases >= 20);
}

// Servers get JSON slightly wrong: both readers must read the same text and lose none of it.
void TstStreamDecoder::sloppyJsonReadTheSameBothWays_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("invalid utf-8 at the end")
        << QByteArray("\"caf\xE9\"") << QStringLiteral("caf\uFFFD");
    QTest::newRow("invalid utf-8 inside") << QByteArray("\"a\xFF"
                                                        "b\"")
                                          << QStringLiteral("a\uFFFDb");
    QTest::newRow("raw tab") << QByteArray("\"a\tb\"") << QStringLiteral("a\tb");
    QTest::newRow("raw newline") << QByteArray("\"a\nb\"") << QStringLiteral("a\nb");
    QTest::newRow("unknown escape") << QByteArray(R"("b\xc")") << QStringLiteral("b\\xc");
    QTest::newRow("lone high surrogate")
        << QByteArray(R"("x\ud83dy")") << QStringLiteral("x\uFFFDy");
    QTest::newRow("lone low surrogate")
        << QByteArray(R"("x\ude00y")") << QStringLiteral("x\uFFFDy");
    QTest::newRow("short unicode escape") << QByteArray(R"("x\u12")") << QStringLiteral("x\\u12");
}

void TstStreamDecoder::sloppyJsonReadTheSameBothWays()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    // Alone (full scan), after a chunk of the same shape (shape cache), and next to usage (which
    // sends the chunk to simdjson).
    const QByteArray withUsage = R"({"choices":[{"index":0,"delta":{"content":)" + value
        + R"(}}],"usage":{"prompt_tokens":1}})";
    const QList<QByteArray> events { chunk(R"({"content":)" + value + "}"), text(R"("+")"),
        text(value), withUsage };
    StreamDecoder decoder;
    QCOMPARE(feed(decoder, events), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.result().choices.first().content, expected + u'+' + expected + expected);
    compareBothPaths(events);
}

void TstStreamDecoder::stalePaddingDoesNotCompleteJson()
{
    StreamDecoder decoder;
    decoder.setFastPathEnabled(false);
    const QByteArray good = R"({"choices":[],"usage":{"prompt_tokens":1}})";
    const QByteArray truncated = R"({"choices":[],"usage":{"prompt_tokens":}})";
    QCOMPARE(decoder.decodeEvent("message", good), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("message", truncated), StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::BadResponse);
}

void TstStreamDecoder::errorDialectsInStream()
{
    const QByteArray message = R"({"message":"the request exceeds the available context size"})";
    StreamDecoder plain;
    QCOMPARE(feed(plain, { text(R"("so far")"), message }), StreamDecoder::Outcome::Failed);
    QCOMPARE(plain.error().code(), ApiError::Code::InStream);
    QVERIFY(plain.error().message().contains(u"available context size"_qs));
    QCOMPARE(plain.result().choices.first().content, u"so far"_qs);

    const QByteArray gateway = R"({"codes":900,"mess":"密钥错误","data":"token"})";
    StreamDecoder codes;
    QCOMPARE(feed(codes, { gateway }), StreamDecoder::Outcome::Failed);
    QCOMPARE(codes.error().code(), ApiError::Code::Unauthorized);

    // A chunk without choices that is no error (metadata only) is not one.
    StreamDecoder meta;
    QCOMPARE(feed(meta, { R"({"id":"x","object":"chat.completion.chunk"})", text(R"("ok")") }),
        StreamDecoder::Outcome::Continue);
}

void TstStreamDecoder::falseErrorIsNoError()
{
    const QByteArray a = R"({"error":false,"choices":[{"index":0,"delta":{"content":"a"}}]})";
    const QByteArray b = R"({"error":"","choices":[{"index":0,"delta":{"content":"b"}}]})";
    StreamDecoder decoder;
    QCOMPARE(feed(decoder, { a, b }), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.result().choices.first().content, u"ab"_qs);
}

void TstStreamDecoder::doneWithoutAnyChoiceFails()
{
    StreamDecoder decoder;
    const QByteArray usageOnly = R"({"choices":[],"usage":{"prompt_tokens":1}})";
    QCOMPARE(decoder.decodeEvent("message", usageOnly), StreamDecoder::Outcome::Continue);
    QCOMPARE(decoder.decodeEvent("message", "[DONE]"), StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::BadResponse);
}

void TstStreamDecoder::completionWithBom()
{
    StreamDecoder decoder;
    const QByteArray body
        = "\xEF\xBB\xBF"
          R"({"choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}]})";
    QCOMPARE(decoder.decodeCompletion(body), StreamDecoder::Outcome::Done);
    QCOMPARE(decoder.result().choices.first().content, u"hi"_qs);
}

void TstStreamDecoder::completionErrorWithStatus200()
{
    StreamDecoder decoder;
    const QByteArray body
        = R"({"error":{"code":502,"message":"Bad gateway.","param":null,"type":"cf_bad_gateway"}})";
    QCOMPARE(decoder.decodeCompletion(body), StreamDecoder::Outcome::Failed);
    QCOMPARE(decoder.error().code(), ApiError::Code::Server);
    QVERIFY(decoder.error().message().startsWith(u"Bad gateway."_qs));
}

void TstStreamDecoder::absurdChoiceIndexIgnored()
{
    StreamDecoder decoder;
    feed(decoder,
        { R"({"choices":[{"index":4294967297,"delta":{"content":"x"}}]})", text(R"("a")") });
    QCOMPARE(decoder.result().choices.size(), 1);
    QCOMPARE(decoder.result().choices.first().content, u"a"_qs);
}

void TstStreamDecoder::imagesInDelta()
{
    const QByteArray png = imageBytes("PNG", 40, 30);
    const QList<QByteArray> events {
        chunk(R"({"role":"assistant","content":"Here it is."})"),
        // On the final chunk, with an empty text, as OpenRouter sends it.
        chunk(R"({"role":"assistant","content":"","images":)" + imagesArray({ dataUrl(png) }) + "}",
            R"("stop")"),
    };
    StreamDecoder decoder;
    QCOMPARE(feed(decoder, events), StreamDecoder::Outcome::Continue);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.content, u"Here it is."_qs);
    QCOMPARE(c.finishReason, u"stop"_qs);
    QCOMPARE(c.images.size(), 1);
    QCOMPARE(c.images[0].bytes, png);
    QCOMPARE(c.images[0].mimeType, QByteArray("image/png"));
    QCOMPARE(c.images[0].width, 40);
    QCOMPARE(c.images[0].height, 30);
    QVERIFY(c.images[0].url.isEmpty());
    QVERIFY(!c.images[0].isRemote());
    QCOMPARE(decoder.takeImageChanges(), QList<int> { 0 });
    QCOMPARE(decoder.takeImageChanges(), QList<int>());
    compareBothPaths(events);
}

void TstStreamDecoder::imagesInCompletion()
{
    const QByteArray jpeg = imageBytes("JPEG", 64, 48);
    const QByteArray bmp = imageBytes("BMP", 8, 9);
    // The type a data: URL declares counts for nothing: the bytes say what they are.
    const QByteArray body = R"({"id":"gen-1","model":"google/gemini-2.5-flash-image","choices":[
        {"index":0,"message":{"role":"assistant","content":"Two cats.","images":)"
        + imagesArray({ dataUrl(jpeg, "image/png"), dataUrl(bmp, "application/octet-stream") })
        + R"(},"finish_reason":"stop"}]})";
    StreamDecoder decoder;
    QCOMPARE(decoder.decodeCompletion(body), StreamDecoder::Outcome::Done);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.content, u"Two cats."_qs);
    QCOMPARE(c.images.size(), 2);
    QCOMPARE(c.images[0].bytes, jpeg);
    QCOMPARE(c.images[0].mimeType, QByteArray("image/jpeg"));
    QCOMPARE(c.images[0].width, 64);
    QCOMPARE(c.images[0].height, 48);
    QCOMPARE(c.images[1].bytes, bmp);
    QCOMPARE(c.images[1].mimeType, QByteArray("image/bmp"));
    QCOMPARE(c.images[1].width, 8);
    QCOMPARE(c.images[1].height, 9);
    // As the CLI prints it: the bytes again as a data: URL, under their real type.
    const QJsonArray images = c.toJson().value(u"images"_qs).toArray();
    QCOMPARE(images.size(), 2);
    QCOMPARE(
        images[0].toObject().value(u"url"_qs).toString().toLatin1(), dataUrl(jpeg, "image/jpeg"));
}

void TstStreamDecoder::remoteImageKeepsItsUrl()
{
    const QByteArray url = "https://images.example.com/out/cat.png?sig=a%2Fb&x=1";
    const QList<QByteArray> events {
        // "image_url" as a plain string, as older content parts have it.
        chunk(R"({"images":[{"type":"image_url","image_url":")" + url + R"("}]})"),
        chunk(
            R"({"images":)" + imagesArray({ "HTTP://example.com/second.webp" }) + "}", R"("stop")"),
    };
    StreamDecoder decoder;
    feed(decoder, events);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.images.size(), 2);
    QVERIFY(c.images[0].isRemote());
    QCOMPARE(c.images[0].url, QString::fromLatin1(url));
    QVERIFY(c.images[0].bytes.isEmpty());
    QVERIFY(c.images[0].mimeType.isEmpty());
    QCOMPARE(c.images[1].url, u"HTTP://example.com/second.webp"_qs);
    compareBothPaths(events);
}

void TstStreamDecoder::notAnImageIsDropped_data()
{
    QTest::addColumn<QByteArray>("url");
    QTest::newRow("text in a png data: URL") << dataUrl("hello, not an image");
    QTest::newRow("empty data: URL") << QByteArray("data:image/png;base64,");
    QTest::newRow("data: URL without a comma") << QByteArray("data:image/png;base64");
    QTest::newRow("a file path") << QByteArray("file:///etc/passwd");
    QTest::newRow("javascript") << QByteArray("javascript:alert(1)");
    QTest::newRow("no host") << QByteArray("https://");
}

void TstStreamDecoder::notAnImageIsDropped()
{
    QFETCH(QByteArray, url);
    const QByteArray png = imageBytes("PNG", 2, 2);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^dropped a generated image"_qs));
    StreamDecoder decoder;
    feed(decoder,
        { text(R"("kept")"),
            chunk(R"({"images":)" + imagesArray({ url, dataUrl(png) }) + "}", R"("stop")") });
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.content, u"kept"_qs);
    QCOMPARE(c.images.size(), 1); // the good one beside it stays
    QCOMPARE(c.images[0].bytes, png);
}

// Most chunks of an image model's stream are text, some with "images": null or []: those take
// the fast path and agree with the general one.
void TstStreamDecoder::emptyImagesStayOnTheFastPath()
{
    const QList<QByteArray> events {
        chunk(R"({"content":"a","images":null})"),
        chunk(R"({"content":"b","images":[]})"),
        chunk(R"({"content":"c","images":[ ]})"),
        text(R"("d")"),
    };
    StreamDecoder decoder;
    feed(decoder, events);
    QCOMPARE(decoder.result().choices.first().content, u"abcd"_qs);
    QVERIFY(decoder.result().choices.first().images.isEmpty());
    QVERIFY(decoder.takeImageChanges().isEmpty());
    compareBothPaths(events);
}

void TstStreamDecoder::imagesGoToTheirChoice()
{
    const QByteArray one = imageBytes("PNG", 3, 1);
    const QByteArray two = imageBytes("PNG", 5, 2);
    // A choice that is no object is skipped and the next one takes its slot: images follow the
    // choice, not the slot.
    const QByteArray event = R"({"choices":[7,{"index":1,"delta":{"images":)"
        + imagesArray({ dataUrl(two) }) + R"(}},{"index":0,"delta":{"content":"x","images":)"
        + imagesArray({ dataUrl(one) }) + "}}]}";
    StreamDecoder decoder;
    feed(decoder, { event });
    const ChatResult &r = decoder.result();
    QCOMPARE(r.choices.size(), 2);
    QCOMPARE(r.choices[0].images.size(), 1);
    QCOMPARE(r.choices[0].images[0].width, 3);
    QCOMPARE(r.choices[1].images.size(), 1);
    QCOMPARE(r.choices[1].images[0].width, 5);
    QList<int> changed = decoder.takeImageChanges();
    std::sort(changed.begin(), changed.end());
    QCOMPARE(changed, (QList<int> { 0, 1 }));
}

void TstStreamDecoder::imageSplitAcrossManyReads_data()
{
    QTest::addColumn<QByteArray>("image");
    QTest::addColumn<qsizetype>("piece");
    QTest::addColumn<bool>("escapedSlashes");
    const QByteArray small = imageBytes("PNG", 12, 10, true);
    const QByteArray large = imageBytes("PNG", 400, 300, true); // about 470 KB, 630 KB as base64
    QTest::newRow("small, 1 byte at a time") << small << qsizetype(1) << false;
    QTest::newRow("small, 7 bytes, \\/ escaped") << small << qsizetype(7) << true;
    QTest::newRow("large, 1 KB at a time") << large << qsizetype(1024) << false;
    QTest::newRow("large, 4093 bytes, \\/ escaped") << large << qsizetype(4093) << true;
}

void TstStreamDecoder::imageSplitAcrossManyReads()
{
    QFETCH(QByteArray, image);
    QFETCH(qsizetype, piece);
    QFETCH(bool, escapedSlashes);
    QByteArray url = dataUrl(image);
    if (escapedSlashes) // base64 has '/', which some JSON writers escape
        url.replace("/", "\\/");
    const QByteArray body = "data: " + text(R"("Your picture:")") + "\n\n"
        + "data: " + chunk(R"({"content":"","images":)" + imagesArray({ url }) + "}", R"("stop")")
        + "\n\ndata: [DONE]\n\n";
    const QList<QByteArray> events = eventsInPieces(body, piece);
    QCOMPARE(events.size(), 3);
    StreamDecoder decoder;
    QCOMPARE(feed(decoder, events), StreamDecoder::Outcome::Done);
    const ChoiceResult &c = decoder.result().choices.first();
    QCOMPARE(c.content, u"Your picture:"_qs);
    QCOMPARE(c.images.size(), 1);
    QVERIFY(c.images[0].bytes == image);
    QCOMPARE(c.images[0].mimeType, QByteArray("image/png"));
}

QTEST_GUILESS_MAIN(TstStreamDecoder)
#include "tst_streamdecoder.moc"

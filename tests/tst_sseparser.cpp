#include "sseparser.h"

#include <QtTest>

namespace {

struct Ev
{
    QByteArray type, data, id;
    bool operator==(const Ev &o) const { return type == o.type && data == o.data && id == o.id; }
};

QList<Ev> parseIn(SseParser &parser, const QList<QByteArray> &pieces)
{
    QList<Ev> out;
    for (const QByteArray &piece : pieces) {
        parser.feed(piece);
        SseParser::Event e;
        while (parser.next(e))
            out.append({ e.type.toByteArray(), e.data.toByteArray(), e.id.toByteArray() });
    }
    return out;
}

QList<Ev> parse(
    const QList<QByteArray> &pieces, qsizetype maxLine = SseParser::DefaultMaxLineLength)
{
    SseParser parser(maxLine);
    return parseIn(parser, pieces);
}

// Every way of cutting `input` in two, plus one byte at a time: the result must not change.
QList<QList<QByteArray>> allSplits(const QByteArray &input)
{
    QList<QList<QByteArray>> plans { { input } };
    for (qsizetype k = 1; k < input.size(); ++k)
        plans.append({ input.left(k), input.mid(k) });
    QList<QByteArray> bytes;
    for (char c : input)
        bytes.append(QByteArray(1, c));
    plans.append(bytes);
    return plans;
}

Ev msg(const QByteArray &data, const QByteArray &id = {})
{
    return { "message", data, id };
}

} // namespace

Q_DECLARE_METATYPE(QList<Ev>)

class TstSseParser : public QObject
{
    Q_OBJECT

private slots:
    void events_data();
    void events();
    void crlfSplitAcrossFeeds();
    void utf8SplitAcrossFeeds();
    void bomOnlyOnceEvenWhenSplit();
    void unterminatedEventIsDropped();
    void longDataLineAcrossFeeds_data();
    void longDataLineAcrossFeeds();
    void lineOverLimitIsAnError();
    void dataOverLimitIsAnError();
    void longCommentIsCountedToo();
    void retryField();
    void llamaCppErrorField();
    void limitDoesNotDependOnSplits();
    void viewsStayValidUntilNextCall();
};

void TstSseParser::events_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<Ev>>("expected");

    QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n") << QList<Ev> { msg("a"), msg("b") };
    QTest::newRow("crlf") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n")
                          << QList<Ev> { msg("a"), msg("b") };
    QTest::newRow("cr only") << QByteArray("data: a\r\rdata: b\r\r")
                             << QList<Ev> { msg("a"), msg("b") };
    QTest::newRow("mixed line ends")
        << QByteArray("data: a\r\ndata: b\n\rdata: c\r\n\n") << QList<Ev> { msg("a\nb"), msg("c") };
    QTest::newRow("no space after colon")
        << QByteArray("data:{\"x\":1}\n\n") << QList<Ev> { msg("{\"x\":1}") };
    QTest::newRow("only one space removed")
        << QByteArray("data:  two\n\n") << QList<Ev> { msg(" two") };
    QTest::newRow("multi-line data") << QByteArray("data: {\ndata:  \"a\": 1\ndata: }\n\n")
                                     << QList<Ev> { msg("{\n \"a\": 1\n}") };
    QTest::newRow("keep-alive comments")
        << QByteArray(": PING\n\n: PING\ndata: x\n: PING\n\n: OPENROUTER PROCESSING\n\n")
        << QList<Ev> { msg("x") };
    QTest::newRow("event type") << QByteArray("event: error\ndata: {\"error\":1}\n\ndata: y\n\n")
                                << QList<Ev> { { "error", "{\"error\":1}", {} }, msg("y") };
    QTest::newRow("id persists") << QByteArray("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
                                 << QList<Ev> { msg("a", "7"), msg("b", "7"), msg("c", "") };
    QTest::newRow("field without colon")
        << QByteArray("data\n\ndata\ndata\n\n") << QList<Ev> { msg(""), msg("\n") };
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\nretry: 10\ndata: z\nbaz\n\n") << QList<Ev> { msg("z") };
    QTest::newRow("dataX is not data")
        << QByteArray("dataX: nope\ndata: yes\n\n") << QList<Ev> { msg("yes") };
    QTest::newRow("blank lines without data")
        << QByteArray("\n\n\n\nevent: x\n\ndata: q\n\n") << QList<Ev> { msg("q") };
    QTest::newRow("chinese and emoji")
        << QByteArray("data: 你好，世界 😀\n\n") << QList<Ev> { msg("你好，世界 😀") };
    QTest::newRow("done marker") << QByteArray("data: {}\n\ndata: [DONE]\n\n")
                                 << QList<Ev> { msg("{}"), msg("[DONE]") };
    QTest::newRow("data line exactly 'data:'")
        << QByteArray("data:\ndata:x\n\n") << QList<Ev> { msg("\nx") };
}

void TstSseParser::events()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<Ev>, expected);
    for (const QList<QByteArray> &plan : allSplits(input))
        QCOMPARE(parse(plan), expected);
}

void TstSseParser::crlfSplitAcrossFeeds()
{
    // The CR ends one feed, its LF starts the next: one line end, not a CR line plus an LF line
    // (which would dispatch an event early).
    const QList<Ev> events = parse({ "data: a\r", "\ndata: b\r", "\n\r", "\n" });
    QCOMPARE(events, (QList<Ev> { msg("a\nb") }));
}

void TstSseParser::utf8SplitAcrossFeeds()
{
    const QByteArray text = "data: 你😀\n\n";
    // Split inside the 3-byte 你 and inside the 4-byte 😀.
    const qsizetype inHan = text.indexOf("你") + 1;
    const qsizetype inEmoji = text.indexOf("😀") + 2;
    const QList<Ev> events
        = parse({ text.left(inHan), text.mid(inHan, inEmoji - inHan), text.mid(inEmoji) });
    QCOMPARE(events, (QList<Ev> { msg("你😀") }));
    QCOMPARE(QString::fromUtf8(events.first().data), QStringLiteral("你😀"));
}

void TstSseParser::bomOnlyOnceEvenWhenSplit()
{
    const QByteArray bom = "\xEF\xBB\xBF";
    QCOMPARE(parse({ bom.left(1), bom.mid(1) + "data: 1\n\n" }), (QList<Ev> { msg("1") }));
    // A second BOM is part of the field name, so that line is an unknown field.
    QCOMPARE(parse({ bom + "data: 1\n\n" + bom + "data: 2\n\ndata: 3\n\n" }),
        (QList<Ev> { msg("1"), msg("3") }));
    // Bytes that only start like a BOM belong to the first line.
    QCOMPARE(parse({ "\xEF", "data: 1\n\n" }).size(), 0);
}

void TstSseParser::unterminatedEventIsDropped()
{
    SseParser parser;
    QCOMPARE(
        parseIn(parser, { "data: complete\n\ndata: partial\n" }), (QList<Ev> { msg("complete") }));
    QCOMPARE(parseIn(parser, { QByteArray() }), QList<Ev>());
}

void TstSseParser::longDataLineAcrossFeeds_data()
{
    QTest::addColumn<int>("piece");
    QTest::newRow("1 byte") << 1;
    QTest::newRow("3 bytes") << 3;
    QTest::newRow("7 bytes") << 7;
    QTest::newRow("1 KB") << 1024;
}

void TstSseParser::longDataLineAcrossFeeds()
{
    QFETCH(int, piece);
    QByteArray payload(100000, 'A');
    for (int i = 0; i < payload.size(); i += 97)
        payload[i] = char('a' + i % 26);
    const QByteArray input
        = ": keep-alive\n\ndata: first\ndata:" + payload + "\r\n\r\ndata: after\n\n";
    QList<QByteArray> pieces;
    for (qsizetype pos = 0; pos < input.size(); pos += piece)
        pieces.append(input.mid(pos, piece));
    SseParser parser;
    QList<Ev> events;
    for (const QByteArray &p : pieces)
        events += parseIn(parser, { p });
    QCOMPARE(events, (QList<Ev> { msg("first\n" + payload), msg("after") }));
    QVERIFY(!parser.hasError());
}

void TstSseParser::lineOverLimitIsAnError()
{
    SseParser parser(64);
    parseIn(parser, { ": " + QByteArray(40, 'x'), QByteArray(40, 'x') });
    QVERIFY(parser.hasError());
    // Nothing more comes out once the limit was hit.
    QCOMPARE(parseIn(parser, { "\n\ndata: late\n\n" }), QList<Ev>());

    SseParser whole(64);
    QCOMPARE(parseIn(whole, { "event: " + QByteArray(100, 'e') + "\ndata: x\n\n" }), QList<Ev>());
    QVERIFY(whole.hasError());
}

void TstSseParser::dataOverLimitIsAnError()
{
    // Many short data lines that add up past the limit, and one long line arriving in pieces.
    SseParser lines(64);
    QByteArray many;
    for (int i = 0; i < 20; ++i)
        many += "data: 0123456789\n";
    QCOMPARE(parseIn(lines, { many + "\n" }), QList<Ev>());
    QVERIFY(lines.hasError());

    SseParser pieces(64);
    QCOMPARE(
        parseIn(pieces,
            { "data: " + QByteArray(30, 'y'), QByteArray(30, 'y'), QByteArray(30, 'y'), "\n\n" }),
        QList<Ev>());
    QVERIFY(pieces.hasError());

    SseParser fits(64);
    QCOMPARE(parseIn(fits, { "data: " + QByteArray(30, 'y'), QByteArray(30, 'y'), "\n\n" }),
        (QList<Ev> { msg(QByteArray(60, 'y')) }));
    QVERIFY(!fits.hasError());
}

void TstSseParser::longCommentIsCountedToo()
{
    SseParser parser(1024);
    QList<QByteArray> pieces;
    pieces.append(":");
    for (int i = 0; i < 20; ++i)
        pieces.append(QByteArray(100, 'c'));
    parseIn(parser, pieces);
    QVERIFY(parser.hasError());
}

void TstSseParser::retryField()
{
    SseParser parser;
    parseIn(parser, { "retry: 3000\n\nretry: 12x\n\n" });
    QCOMPARE(parser.retry(), 3000);
}

void TstSseParser::viewsStayValidUntilNextCall()
{
    SseParser parser;
    QByteArray input = "event: a\ndata: one\n\nevent: b\ndata: two\n\n";
    parser.feed(input);
    SseParser::Event first;
    QVERIFY(parser.next(first));
    QCOMPARE(first.type, QByteArrayView("a"));
    QCOMPARE(first.data, QByteArrayView("one"));
    SseParser::Event second;
    QVERIFY(parser.next(second));
    QCOMPARE(second.type, QByteArrayView("b"));
    QCOMPARE(second.data, QByteArrayView("two"));
    QVERIFY(!parser.next(second));
}

void TstSseParser::llamaCppErrorField()
{
    const QByteArray input
        = "data: {\"a\":1}\n\nerror: {\"code\":400,\"message\":\"too long\"}\n\n";
    for (const QList<QByteArray> &plan : allSplits(input))
        QCOMPARE(parse(plan),
            (QList<Ev> {
                msg("{\"a\":1}"), { "error", "{\"code\":400,\"message\":\"too long\"}", {} } }));
}

void TstSseParser::limitDoesNotDependOnSplits()
{
    // A data: line whose value fits the limit but whose whole line does not: accepted however
    // it is split; one byte more in the value is an error however it is split.
    const QByteArray fits = "data: 0123456789\n\n";
    const QByteArray over = "data: 0123456789A\n\n";
    for (const QList<QByteArray> &plan : allSplits(fits)) {
        SseParser parser(10);
        QCOMPARE(parseIn(parser, plan), (QList<Ev> { msg("0123456789") }));
    }
    for (const QList<QByteArray> &plan : allSplits(over)) {
        SseParser parser(10);
        QCOMPARE(parseIn(parser, plan), QList<Ev>());
        QVERIFY(parser.hasError());
    }
}

QTEST_GUILESS_MAIN(TstSseParser)
#include "tst_sseparser.moc"

// Replays every recorded response of ../shared/wire-corpus through SseParser and StreamDecoder
// (whole, one byte at a time, and split in two at many points) and compares the outcome with the
// case's `expect`. The corpus is read in place, never copied into the project.
#include "apierror.h"
#include "sseparser.h"
#include "streamdecoder.h"
#include "testdata.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

struct Outcome
{
    ChatResult result;
    ApiError error;
    bool failed = false;
    int events = 0;
};

// Mirrors ChatReply's streaming loop: stop at [DONE] or at the first failure.
Outcome decodeSse(const QByteArray &body, const QList<qsizetype> &cuts)
{
    SseParser parser;
    StreamDecoder decoder;
    Outcome out;
    qsizetype from = 0;
    QList<qsizetype> points = cuts;
    points.append(body.size());
    bool stop = false;
    for (qsizetype to : points) {
        if (stop)
            break;
        const QByteArray piece = body.mid(from, to - from);
        from = to;
        parser.feed(piece);
        SseParser::Event event;
        while (parser.next(event)) {
            ++out.events;
            const auto outcome = decoder.decodeEvent(event.type, event.data);
            if (outcome == StreamDecoder::Outcome::Failed) {
                out.failed = true;
                out.error = decoder.error();
            }
            if (outcome != StreamDecoder::Outcome::Continue) {
                stop = true;
                break;
            }
        }
    }
    decoder.finish();
    out.result = decoder.result();
    return out;
}

QJsonValue nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonArray choicesJson(const ChatResult &r)
{
    QJsonArray a;
    for (const ChoiceResult &c : r.choices) {
        QJsonArray calls;
        for (const ToolCall &t : c.toolCalls)
            calls.append(QJsonObject { { QStringLiteral("index"), t.index },
                { QStringLiteral("id"), t.id }, { QStringLiteral("type"), t.type },
                { QStringLiteral("name"), t.name }, { QStringLiteral("arguments"), t.arguments } });
        a.append(QJsonObject { { QStringLiteral("index"), c.index },
            { QStringLiteral("content"), c.content },
            { QStringLiteral("reasoning"), nullIfEmpty(c.reasoning) },
            { QStringLiteral("refusal"), nullIfEmpty(c.refusal) },
            { QStringLiteral("finish_reason"), nullIfEmpty(c.finishReason) },
            { QStringLiteral("tool_calls"), calls } });
    }
    return a;
}

QString show(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

QList<QList<qsizetype>> splitPlans(qsizetype size)
{
    QList<QList<qsizetype>> plans;
    plans.append(QList<qsizetype>()); // whole
    QList<qsizetype> bytes;
    for (qsizetype i = 1; i < size; ++i)
        bytes.append(i);
    plans.append(bytes); // one byte at a time: every byte boundary is a split
    // Two pieces, cut at every byte of small bodies and at ~1,500 spread points of large ones.
    const qsizetype step = std::max<qsizetype>(1, size / 1500);
    for (qsizetype k = 1; k < size; k += step)
        plans.append(QList<qsizetype> { k });
    return plans;
}

} // namespace

class TstConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wireCases_data();
    void wireCases();
    void sseVectors_data();
    void sseVectors();

private:
    QString m_corpus;
};

void TstConformance::initTestCase()
{
    m_corpus = TestData::wireCorpusDir();
    if (m_corpus.isEmpty())
        QSKIP("../shared/wire-corpus is not beside this checkout; conformance cases skipped");
}

void TstConformance::wireCases_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList cases
        = QDir(m_corpus).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    int count = 0;
    for (const QString &name : cases) {
        if (QFileInfo::exists(m_corpus + u'/' + name + QStringLiteral("/meta.json"))) {
            QTest::newRow(qPrintable(name)) << m_corpus + u'/' + name;
            ++count;
        }
    }
    QVERIFY2(count >= 30, "the wire corpus has fewer cases than expected");
}

void TstConformance::wireCases()
{
    QFETCH(QString, dir);
    QFile metaFile(dir + QStringLiteral("/meta.json"));
    QFile bodyFile(dir + QStringLiteral("/response.bin"));
    QVERIFY(metaFile.open(QIODevice::ReadOnly));
    QVERIFY(bodyFile.open(QIODevice::ReadOnly));
    const QJsonObject meta = QJsonDocument::fromJson(metaFile.readAll()).object();
    const QByteArray body = bodyFile.readAll();
    const QJsonObject expect = meta.value(QLatin1StringView("expect")).toObject();
    const QString mode = expect.value(QLatin1StringView("mode")).toString();
    const QJsonObject expectedError = expect.value(QLatin1StringView("error")).toObject();
    const int status = meta.value(QLatin1StringView("status")).toInt();

    if (mode == QLatin1StringView("json_error") || mode == QLatin1StringView("non_json")) {
        const ApiError error = ApiError::fromHttpResponse(status, body);
        QVERIFY(error.isError());
        QCOMPARE(error.httpStatus(), status);
        const QString message = expectedError.value(QLatin1StringView("message")).toString();
        QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        return;
    }

    if (mode == QLatin1StringView("json")) {
        StreamDecoder decoder;
        QCOMPARE(decoder.decodeCompletion(body), StreamDecoder::Outcome::Done);
        QCOMPARE(
            show(choicesJson(decoder.result())), show(expect.value(QLatin1StringView("choices"))));
        const QJsonValue usage = expect.value(QLatin1StringView("usage"));
        if (usage.isNull())
            QVERIFY(!decoder.result().hasUsage());
        else
            QCOMPARE(
                QJsonDocument::fromJson(decoder.result().usageJson).object(), usage.toObject());
        return;
    }

    QCOMPARE(mode, QStringLiteral("sse"));
    const QJsonValue done = expect.value(QLatin1StringView("done_marker"));
    for (const QList<qsizetype> &plan : splitPlans(body.size())) {
        const Outcome out = decodeSse(body, plan);
        const QString where = plan.isEmpty() ? QStringLiteral("whole")
            : plan.size() == 1               ? QStringLiteral("split at %1").arg(plan.first())
                                             : QStringLiteral("1-byte pieces");
        const QString got = show(choicesJson(out.result));
        const QString want = show(expect.value(QLatin1StringView("choices")));
        QVERIFY2(got == want,
            qPrintable(
                where + QStringLiteral("\n got: ") + got + QStringLiteral("\nwant: ") + want));
        const QJsonValue usage = expect.value(QLatin1StringView("usage"));
        if (usage.isNull())
            QVERIFY2(!out.result.hasUsage(), qPrintable(where));
        else
            QVERIFY2(QJsonDocument::fromJson(out.result.usageJson).object() == usage.toObject(),
                qPrintable(where));
        if (expectedError.isEmpty()) {
            QVERIFY2(!out.failed, qPrintable(where + QStringLiteral(": ") + out.error.message()));
            // A clean end: [DONE], or a finish reason and then the connection closing.
            bool finishReason = false;
            for (const ChoiceResult &c : out.result.choices)
                finishReason |= !c.finishReason.isEmpty();
            QVERIFY2(out.result.doneMarker || finishReason, qPrintable(where));
        } else {
            QVERIFY2(out.failed, qPrintable(where));
            QCOMPARE(out.error.code(), ApiError::Code::InStream);
            const QString message = expectedError.value(QLatin1StringView("message")).toString();
            QVERIFY2(out.error.message().contains(message), qPrintable(out.error.message()));
        }
        if (done.isBool() && expectedError.isEmpty())
            QCOMPARE(out.result.doneMarker, done.toBool());
    }
}

void TstConformance::sseVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QJsonArray>("events");
    QTest::addColumn<int>("retry");
    QFile file(m_corpus + QStringLiteral("/_sse_vectors/vectors.json"));
    if (!file.open(QIODevice::ReadOnly))
        QSKIP("no _sse_vectors/vectors.json in the corpus");
    const QJsonArray vectors = QJsonDocument::fromJson(file.readAll())
                                   .object()
                                   .value(QLatin1StringView("vectors"))
                                   .toArray();
    QVERIFY(vectors.size() >= 20);
    for (const QJsonValue &v : vectors) {
        const QJsonObject o = v.toObject();
        const QJsonValue retry = o.value(QLatin1StringView("expect_retry"));
        QTest::newRow(qPrintable(o.value(QLatin1StringView("name")).toString()))
            << o.value(QLatin1StringView("input")).toString().toUtf8()
            << o.value(QLatin1StringView("expect_events")).toArray()
            << (retry.isDouble() ? retry.toInt() : -1);
    }
}

void TstConformance::sseVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QJsonArray, events);
    QFETCH(int, retry);
    for (const QList<qsizetype> &plan : splitPlans(input.size())) {
        SseParser parser;
        QJsonArray got;
        qsizetype from = 0;
        QList<qsizetype> points = plan;
        points.append(input.size());
        for (qsizetype to : points) {
            const QByteArray piece = input.mid(from, to - from);
            from = to;
            parser.feed(piece);
            SseParser::Event e;
            while (parser.next(e)) {
                got.append(QJsonObject { { QStringLiteral("type"), QString::fromUtf8(e.type) },
                    { QStringLiteral("data"), QString::fromUtf8(e.data) },
                    { QStringLiteral("id"), QString::fromUtf8(e.id) } });
            }
        }
        QVERIFY2(got == events, qPrintable(show(got) + QStringLiteral(" != ") + show(events)));
        QCOMPARE(parser.retry(), qint64(retry));
    }
}

QTEST_GUILESS_MAIN(TstConformance)
#include "tst_conformance.moc"

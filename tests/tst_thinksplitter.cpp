#include "thinksplitter.h"

#include <QtTest>

class TstThinkSplitter : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void passesThroughDecidesEarly();
};

void TstThinkSplitter::split_data()
{
    QTest::addColumn<QStringList>("deltas");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("reasoning");

    QTest::newRow("no tags") << QStringList { u"Hello"_qs, u" there"_qs } << u"Hello there"_qs
                             << QString();
    QTest::newRow("whole section")
        << QStringList { u"<think>plan</think>answer"_qs } << u"answer"_qs << u"plan"_qs;
    QTest::newRow("one char at a time")
        << QString::fromLatin1("<think>ab</think>\n\ncd").split(QString(), Qt::SkipEmptyParts)
        << u"cd"_qs << u"ab"_qs;
    QTest::newRow("leading white space")
        << QStringList { u"\n  <think>x"_qs, u"</think>y"_qs } << u"y"_qs << u"x"_qs;
    QTest::newRow("close tag split")
        << QStringList { u"<think>a</"_qs, u"thi"_qs, u"nk>b"_qs } << u"b"_qs << u"a"_qs;
    QTest::newRow("false close prefix")
        << QStringList { u"<think>a</th"_qs, u"is</think>b"_qs } << u"b"_qs << u"a</this"_qs;
    QTest::newRow("tag later is content") << QStringList { u"Hi "_qs, u"<think>no</think>"_qs }
                                          << u"Hi <think>no</think>"_qs << QString();
    QTest::newRow("other tag") << QStringList { u"<th"_qs, u"ead>"_qs } << u"<thead>"_qs
                               << QString();
    QTest::newRow("chinese inside")
        << QStringList { u"<think>想一想</think>答案"_qs } << u"答案"_qs << u"想一想"_qs;
    QTest::newRow("unfinished section")
        << QStringList { u"<think>still"_qs } << QString() << u"still"_qs;
    QTest::newRow("undecided at end") << QStringList { u"<thi"_qs } << u"<thi"_qs << QString();
}

void TstThinkSplitter::split()
{
    QFETCH(QStringList, deltas);
    QFETCH(QString, content);
    QFETCH(QString, reasoning);
    ThinkSplitter splitter;
    QString c, r;
    for (const QString &d : deltas)
        splitter.feed(d, c, r);
    splitter.finish(c, r);
    QCOMPARE(c, content);
    QCOMPARE(r, reasoning);
}

void TstThinkSplitter::passesThroughDecidesEarly()
{
    ThinkSplitter plain;
    QVERIFY(plain.passesThrough("Hello", 5));
    ThinkSplitter tag;
    QVERIFY(!tag.passesThrough("<think>", 7));
    ThinkSplitter space;
    QVERIFY(!space.passesThrough("  \n", 3)); // undecided: only white space
    QVERIFY(space.passesThrough(" x", 2));
}

QTEST_GUILESS_MAIN(TstThinkSplitter)
#include "tst_thinksplitter.moc"

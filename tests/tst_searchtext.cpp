#include "searchtext.h"

#include <QtTest>

class TstSearchText : public QObject
{
    Q_OBJECT

private slots:
    void indexable_data();
    void indexable();
    void matchExpression_data();
    void matchExpression();
    void snippetMarksMatches();
    void snippetOfLongText();
    void snippetWithoutMarkdown();
};

void TstSearchText::indexable_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("latin unchanged") << u"Hello, world"_qs << u"Hello, world"_qs;
    QTest::newRow("chinese split") << u"中文分词"_qs << u" 中  文  分  词 "_qs;
    QTest::newRow("mixed") << u"Qt中文"_qs << u"Qt 中  文 "_qs;
    QTest::newRow("japanese kana") << u"ひらがな"_qs << u" ひ  ら  が  な "_qs;
    QTest::newRow("korean") << u"한국"_qs << u" 한  국 "_qs;
    QTest::newRow("extension b (surrogate pair)") << u"𠀀x"_qs << u" 𠀀 x"_qs;
    QTest::newRow("chinese punctuation kept as is") << u"好，"_qs << u" 好 ，"_qs;
}

void TstSearchText::indexable()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SearchText::indexable(text), expected);
}

void TstSearchText::matchExpression_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    QTest::newRow("word") << u"conf"_qs << u"\"conf\""_qs;
    QTest::newRow("prefix when asked") << u"conf*"_qs << u"\"conf\"*"_qs;
    QTest::newRow("two words") << u"hello  world"_qs << u"\"hello\" \"world\""_qs;
    QTest::newRow("chinese is a phrase") << u"中文"_qs << u"\"中 文\""_qs;
    QTest::newRow("single chinese character") << u"好"_qs << u"\"好\""_qs;
    QTest::newRow("mixed term") << u"Qt中文"_qs << u"\"Qt 中 文\""_qs;
    QTest::newRow("ends in a word") << u"中文abc*"_qs << u"\"中 文 abc\"*"_qs;
    QTest::newRow("star after chinese is ignored") << u"中文*"_qs << u"\"中 文\""_qs;
    QTest::newRow("punctuation splits") << u"foo.bar"_qs << u"\"foo bar\""_qs;
    QTest::newRow("operators are text") << u"NOT OR AND"_qs << u"\"NOT\" \"OR\" \"AND\""_qs;
    QTest::newRow("quotes cannot escape") << u"\"x"_qs << u"\"x\""_qs;
    QTest::newRow("nothing searchable") << u"  ... !! "_qs << QString();
}

void TstSearchText::matchExpression()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QCOMPARE(SearchText::matchExpression(query), expected);
}

void TstSearchText::snippetMarksMatches()
{
    const SearchText::Snippet s
        = SearchText::snippet(u"我们讨论中文分词，以及 Hello hello world"_qs, u"中文 hello"_qs);
    QVERIFY(s.text.contains(u"中文"_qs));
    QCOMPARE(s.highlights.size(), 3);
    for (const auto &[start, length] : s.highlights) {
        const QString marked = s.text.mid(start, length);
        QVERIFY2(marked == u"中文"_qs || marked.compare(u"hello"_qs, Qt::CaseInsensitive) == 0,
            qPrintable(marked));
    }
}

void TstSearchText::snippetOfLongText()
{
    const QString text = QString(500, u'a') + u" needle "_qs + QString(500, u'b');
    const SearchText::Snippet s = SearchText::snippet(text, u"needle"_qs, 20);
    QVERIFY(s.text.size() < 80);
    QVERIFY(s.text.startsWith(QChar(0x2026)));
    QVERIFY(s.text.endsWith(QChar(0x2026)));
    QCOMPARE(s.highlights.size(), 1);
    QCOMPARE(s.text.mid(s.highlights.first().first, 6), u"needle"_qs);
}

void TstSearchText::snippetWithoutMarkdown()
{
    SearchText::Snippet in;
    in.text = u"| ¥40 |\n## A **budget** you `can` change\n```python\n---"_qs;
    const qsizetype at = in.text.indexOf(u"budget"_qs);
    in.highlights = { { at, 6 } };
    const SearchText::Snippet out = SearchText::withoutMarkdown(in);
    QCOMPARE(out.text, u"¥40 A budget you can change python"_qs);
    QCOMPARE(out.highlights.size(), 1);
    QCOMPARE(
        out.text.mid(out.highlights.first().first, out.highlights.first().second), u"budget"_qs);
    // A hyphen in a word stays; Chinese is untouched.
    in.text = u"a well-known 中文分词"_qs;
    in.highlights = { { 13, 2 } };
    const SearchText::Snippet plain = SearchText::withoutMarkdown(in);
    QCOMPARE(plain.text, in.text);
    QCOMPARE(plain.highlights, in.highlights);
}

QTEST_GUILESS_MAIN(TstSearchText)
#include "tst_searchtext.moc"

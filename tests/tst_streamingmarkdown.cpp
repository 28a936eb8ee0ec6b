#include "streamingmarkdown.h"

#include <QAbstractTextDocumentLayout>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextList>
#include <QTextTable>
#include <QtTest>

namespace {

const char *const Sample = R"(# Plan for 杭州

Two days are enough. **Day one** starts at *West Lake*; see [the map](https://example.org/map).
A second line of the same paragraph.

1. Walk the Su causeway
2. Lunch at `Louwailou`

3. Boat to the island
   with a second line

- nested:
  - inner item
- last

> A quote
> over two lines

---

| Place | Hours | Price |
|:------|:-----:|------:|
| Lingyin | 7–18 | ¥75 |
| Museum `a|b` | 9–17 | free |

```python
def fare(days):
    """Two lines
    of docstring"""
    return 75 * days
```

Setext title
============

~~~
plain fence
~~~

Energy is \(E = mc^2\), and money is $5 or $10.

\[
\int_0^1 x\,dx
\]
Done.)";

// What a view sees of a document: each block's text and what kind of block it is.
QStringList structure(const QTextDocument &document)
{
    QStringList lines;
    for (QTextBlock b = document.begin(); b.isValid(); b = b.next()) {
        const QTextBlockFormat f = b.blockFormat();
        QString kind;
        if (f.headingLevel() > 0)
            kind += QStringLiteral("h%1 ").arg(f.headingLevel());
        if (QTextList *list = b.textList())
            kind += QStringLiteral("list(%1,%2) ")
                        .arg(list->format().style())
                        .arg(list->itemNumber(b));
        if (QTextTable *table = QTextCursor(b).currentTable()) {
            const QTextTableCell cell = table->cellAt(b.position());
            kind += QStringLiteral("cell(%1,%2) ").arg(cell.row()).arg(cell.column());
        }
        if (f.hasProperty(QTextFormat::BlockCodeFence))
            kind += QStringLiteral("code(%1,%2) ")
                        .arg(f.stringProperty(QTextFormat::BlockCodeLanguage))
                        .arg(f.intProperty(StreamingMarkdown::CodeBlockProperty));
        if (f.hasProperty(QTextFormat::BlockQuoteLevel))
            kind += QStringLiteral("quote ");
        if (f.hasProperty(QTextFormat::BlockTrailingHorizontalRulerWidth))
            kind += QStringLiteral("hr ");
        if (f.topMargin() > 0 || f.bottomMargin() > 0)
            kind += QStringLiteral("margins(%1,%2) ").arg(f.topMargin()).arg(f.bottomMargin());
        lines << kind + b.text();
    }
    return lines;
}

QStringList structure(const StreamingMarkdown &renderer)
{
    QStringList lines;
    for (int i = 0; i < renderer.segmentCount(); ++i)
        lines << structure(*renderer.segment(i));
    return lines;
}

QString plainText(const StreamingMarkdown &renderer)
{
    QStringList parts;
    for (int i = 0; i < renderer.segmentCount(); ++i)
        parts << renderer.segment(i)->toPlainText();
    return parts.join(u'\n');
}

// Changes the document announces, as (position, removed) pairs.
struct Changes
{
    explicit Changes(QTextDocument *document)
    {
        document->documentLayout(); // changes are announced to a layout, as in a view
        QObject::connect(document, &QTextDocument::contentsChange, document,
            [this](int position, int removed, int) {
                positions << position;
                (void)removed;
            });
    }
    QList<int> positions;
};

} // namespace

class TstStreamingMarkdown : public QObject
{
    Q_OBJECT

private slots:
    void streamedInAnyPiecesEqualsAllAtOnce_data();
    void streamedInAnyPiecesEqualsAllAtOnce();
    void blocksAreWhatTheyShouldBe();
    void imagesWithoutAltTextAreKept();
    void sameTextAsQtsImporter();
    void finishedBlocksAreNeverTouchedAgain();
    void growingCodeBlockTouchesOnlyItsLastLine();
    void growingTableAddsRows();
    void partialLineShowsAtOnce();
    void otherTextStartsOver();
    void longReplyIsSegmented();
    void normalizeMath_data();
    void normalizeMath();
    void tableCells();
};

void TstStreamingMarkdown::streamedInAnyPiecesEqualsAllAtOnce_data()
{
    QTest::addColumn<int>("pieceSize"); // 0: random sizes
    QTest::newRow("1 character") << 1;
    QTest::newRow("7 characters") << 7;
    QTest::newRow("random") << 0;
}

void TstStreamingMarkdown::streamedInAnyPiecesEqualsAllAtOnce()
{
    QFETCH(int, pieceSize);
    const QString text = QString::fromUtf8(Sample);
    StreamingMarkdown whole;
    whole.setText(text, true);

    StreamingMarkdown renderer;
    QRandomGenerator rng(42);
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype next
            = std::min(text.size(), at + (pieceSize > 0 ? pieceSize : rng.bounded(1, 40)));
        renderer.append(QStringView(text).mid(at, next - at));
        at = next;
    }
    renderer.finish();
    QCOMPARE(renderer.text(), text);
    QCOMPARE(structure(renderer), structure(whole));
    QCOMPARE(plainText(renderer), plainText(whole));
}

void TstStreamingMarkdown::imagesWithoutAltTextAreKept()
{
    StreamingMarkdown renderer;
    renderer.setText(
        u"Here:\n\n![](data:image/png;base64,AAAA) and `![](code)`\n\n![](https://example.org/a.png)"_qs,
        true);
    QStringList names;
    for (int i = 0; i < renderer.segmentCount(); ++i) {
        for (QTextBlock b = renderer.segment(i)->begin(); b.isValid(); b = b.next()) {
            for (auto f = b.begin(); !f.atEnd(); ++f) {
                if (f.fragment().charFormat().isImageFormat())
                    names << f.fragment().charFormat().toImageFormat().name();
            }
        }
    }
    // The one in a code span stays text.
    QCOMPARE(
        names, QStringList({ u"data:image/png;base64,AAAA"_qs, u"https://example.org/a.png"_qs }));
    QVERIFY(renderer.segment(0)->toPlainText().contains(u"![](code)"_qs));
}

void TstStreamingMarkdown::blocksAreWhatTheyShouldBe()
{
    StreamingMarkdown renderer;
    renderer.setText(QString::fromUtf8(Sample), true);
    QCOMPARE(renderer.segmentCount(), 1);
    QTextDocument &document = *renderer.segment(0);
    QStringList s = structure(document);
    s.replaceInStrings(QRegularExpression(u"margins\\([^)]*\\) "_qs), QString());
    QVERIFY2(s.contains(u"h1 Plan for 杭州"_qs), qPrintable(s.join(u'\n')));
    QVERIFY(s.contains(u"list(-4,2) Boat to the island with a second line"_qs)); // numbered on
    QVERIFY(s.contains(u"list(-1,0) inner item"_qs) || s.contains(u"list(-2,0) inner item"_qs));
    QVERIFY(s.contains(u"quote A quote over two lines"_qs));
    QVERIFY(s.contains(u"hr "_qs));
    QVERIFY(s.contains(u"cell(0,2) Price"_qs));
    QVERIFY(s.contains(u"cell(2,0) Museum a|b"_qs));
    QVERIFY(s.contains(u"code(python,1)     return 75 * days"_qs));
    QVERIFY(s.contains(u"code(python,1)     of docstring\"\"\""_qs));
    QVERIFY(s.contains(u"code(,2) plain fence"_qs));
    QVERIFY(s.contains(u"h1 Setext title"_qs));
    QVERIFY(s.contains(u"Energy is $E = mc^2$, and money is $5 or $10."_qs));
    QVERIFY(s.contains(u"$$ \\int_0^1 x\\,dx $$ Done."_qs));
    QCOMPARE(s.filter(u"code("_qs).size(), 5);

    // Table alignment and a bold header.
    QTextCursor find = document.find(u"¥75"_qs);
    QVERIFY(!find.isNull());
    QCOMPARE(find.blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignRight);
    find = document.find(u"Hours"_qs);
    QCOMPARE(find.charFormat().fontWeight(), int(QFont::Bold));
    QCOMPARE(find.blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignHCenter);
    // Math shows as code, in monospace.
    find = document.find(u"$E = mc^2$"_qs);
    QVERIFY(find.charFormat().fontFixedPitch()
        || find.charFormat().fontFamilies().toStringList().contains(u"monospace"_qs));
}

void TstStreamingMarkdown::sameTextAsQtsImporter()
{
    // Without math and tables (which this renders its own way), the text is Qt's.
    const QString text = u"# T\n\nPara *one*\nline\n\n- a\n- b\n\n```js\nlet x;\n\nx = 1;\n```\n\n"
                         "> q\n\n1. x\n2. y\n\nEnd"_qs;
    StreamingMarkdown renderer;
    renderer.setText(text, true);
    QTextDocument &ours = *renderer.segment(0);
    QTextDocument qts;
    qts.setMarkdown(text);
    QCOMPARE(ours.toPlainText(), qts.toPlainText());
}

void TstStreamingMarkdown::finishedBlocksAreNeverTouchedAgain()
{
    StreamingMarkdown renderer;
    QTextDocument &document = *renderer.segment(0);
    renderer.append(u"# Title\n\nFirst paragraph.\n\n"_qs);
    const int frozenEnd = document.characterCount() - 1;
    Changes changes(&document);
    for (int i = 0; i < 200; ++i)
        renderer.append(QStringLiteral("word%1 ").arg(i));
    QVERIFY(!changes.positions.isEmpty());
    for (int position : std::as_const(changes.positions))
        QVERIFY2(position >= frozenEnd, qPrintable(QString::number(position)));
    QCOMPARE(document.begin().text(), u"Title"_qs);
}

void TstStreamingMarkdown::growingCodeBlockTouchesOnlyItsLastLine()
{
    StreamingMarkdown renderer;
    QTextDocument &document = *renderer.segment(0);
    QString text = u"```cpp\n"_qs;
    for (int i = 0; i < 50; ++i)
        text += QStringLiteral("int v%1 = %1;\n").arg(i);
    renderer.append(text);
    const int before = document.lastBlock().position();
    Changes changes(&document);
    renderer.append(u"return v4"_qs);
    renderer.append(u"9;\n}"_qs);
    for (int position : std::as_const(changes.positions))
        QVERIFY(position >= before);
    QCOMPARE(document.lastBlock().text(), u"}"_qs);
    QCOMPARE(document.lastBlock().previous().text(), u"return v49;"_qs);
    QCOMPARE(document.blockCount(), 52);
    QCOMPARE(document.lastBlock().blockFormat().stringProperty(QTextFormat::BlockCodeLanguage),
        u"cpp"_qs);
}

void TstStreamingMarkdown::growingTableAddsRows()
{
    StreamingMarkdown renderer;
    QTextDocument &document = *renderer.segment(0);
    renderer.append(u"| a | b |\n|---|---|\n"_qs);
    auto tables = [&document] {
        QList<QTextTable *> list;
        for (QTextFrame *frame : document.rootFrame()->childFrames())
            list << qobject_cast<QTextTable *>(frame);
        return list;
    };
    auto rows = [&] {
        int n = 0;
        for (QTextTable *t : tables())
            n += t->rows();
        return n;
    };
    QCOMPARE(tables().size(), 1);
    QCOMPARE(rows(), 1);
    QTextTable *first = tables().first();
    for (int i = 0; i < 50; ++i) {
        renderer.append(QStringLiteral("| %1 | **%2** |\n").arg(i).arg(i * i));
        QCOMPARE(rows(), i + 2); // one row longer
        QCOMPARE(tables().first(), first); // the rows before are where they were
    }
    // Laid out in tables of at most 9 rows (a header and 8), which share column widths.
    QCOMPARE(tables().size(), 7);
    QCOMPARE(first->rows(), 9);
    QCOMPARE(first->format().headerRowCount(), 1);
    QCOMPARE(tables().last()->format().columnWidthConstraints(),
        first->format().columnWidthConstraints());
    renderer.append(u"| half a row"_qs);
    QCOMPARE(rows(), 51); // shown when whole
    renderer.finish();
    QCOMPARE(rows(), 52);
    QTextTable *last = tables().last();
    QCOMPARE(
        last->cellAt(last->rows() - 1, 0).firstCursorPosition().block().text(), u"half a row"_qs);
    QCOMPARE(last->cellAt(last->rows() - 2, 1).firstCursorPosition().block().text(), u"2401"_qs);
}

void TstStreamingMarkdown::partialLineShowsAtOnce()
{
    StreamingMarkdown renderer;
    QTextDocument &document = *renderer.segment(0);
    renderer.append(u"Hello **wor"_qs);
    QCOMPARE(document.toPlainText(), u"Hello **wor"_qs);
    renderer.append(u"ld**"_qs);
    QCOMPARE(document.toPlainText(), u"Hello world"_qs);
    renderer.append(u"\n\n```py\nprint("_qs);
    QCOMPARE(document.toPlainText(), u"Hello world\nprint("_qs);
    QVERIFY(!renderer.isComplete());
}

void TstStreamingMarkdown::otherTextStartsOver()
{
    StreamingMarkdown renderer;
    renderer.setText(u"# One\n\nText"_qs, true);
    renderer.append(u"ignored: the reply ended"_qs);
    QCOMPARE(plainText(renderer), u"One\nText"_qs);
    renderer.setText(u"Two"_qs, false);
    QCOMPARE(plainText(renderer), u"Two"_qs);
    QCOMPARE(renderer.segment(0)->begin().blockFormat().headingLevel(), 0);
    renderer.append(u" more"_qs);
    QCOMPARE(plainText(renderer), u"Two more"_qs);
    renderer.setText(QString(), false);
    QCOMPARE(renderer.segmentCount(), 1);
    QVERIFY(renderer.segment(0)->isEmpty());
}

void TstStreamingMarkdown::longReplyIsSegmented()
{
    QString text;
    for (int i = 0; i < 150; ++i)
        text += QStringLiteral("Paragraph %1 says something about 杭州 and **more**.\n\n").arg(i);
    text += u"```cpp\n"_qs;
    for (int i = 0; i < 1500; ++i)
        text += QStringLiteral("int line%1 = %1;\n").arg(i);
    text += u"```\n\n| n | square |\n|---|---|\n"_qs;
    for (int i = 0; i < 400; ++i)
        text += QStringLiteral("| %1 | %2 |\n").arg(i).arg(i * i);
    text += u"\nThe end."_qs;

    StreamingMarkdown whole;
    whole.setText(text, true);
    QVERIFY2(whole.segmentCount() >= 3, qPrintable(QString::number(whole.segmentCount())));
    for (int i = 0; i < whole.segmentCount(); ++i)
        QVERIFY(whole.segment(i)->characterCount() < 2 * StreamingMarkdown::SegmentCharacters);

    QList<int> prepared;
    StreamingMarkdown streamed([&prepared](QTextDocument &document) {
        prepared << document.characterCount();
        document.documentLayout();
    });
    QList<std::shared_ptr<Changes>> changes;
    QRandomGenerator rng(3);
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype next = std::min(text.size(), at + rng.bounded(1, 300));
        streamed.append(QStringView(text).mid(at, next - at));
        at = next;
        while (changes.size() < streamed.segmentCount()) {
            // From here on, only the last segment may change.
            for (auto &c : changes)
                c->positions.clear();
            changes << std::make_shared<Changes>(streamed.segment(int(changes.size())));
        }
        for (int i = 0; i + 1 < changes.size(); ++i)
            QVERIFY(changes.at(i)->positions.isEmpty());
    }
    streamed.finish();
    QCOMPARE(structure(streamed), structure(whole));
    QCOMPARE(plainText(streamed), plainText(whole));
    QCOMPARE(prepared.size(), streamed.segmentCount());
    QVERIFY(!prepared.contains(2)); // prepared empty, before anything went in
    // The code block goes on across segments as one block: the same number on every line.
    const QStringList s = structure(streamed);
    QCOMPARE(s.filter(u"code(cpp,1)"_qs).size(), 1500);
    QCOMPARE(s.filter(u"cell("_qs).size(), 802);
}

void TstStreamingMarkdown::normalizeMath_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("inline") << u"a \\(x^2\\) b"_qs << u"a `$x^2$` b"_qs;
    QTest::newRow("display") << u"\\[x\\]"_qs << u"`$$x$$`"_qs;
    QTest::newRow("dollars") << u"so $a+b$ then"_qs << u"so `$a+b$` then"_qs;
    QTest::newRow("double dollars") << u"$$\\sum$$"_qs << u"`$$\\sum$$`"_qs;
    QTest::newRow("money") << u"$5 and $10"_qs << u"$5 and $10"_qs;
    QTest::newRow("space after opening") << u"$ 5$"_qs << u"$ 5$"_qs;
    QTest::newRow("in code span") << u"`\\(x\\)` and `$y$`"_qs << u"`\\(x\\)` and `$y$`"_qs;
    QTest::newRow("escaped dollar") << u"\\$x$"_qs << u"\\$x$"_qs;
    QTest::newRow("backtick inside") << u"\\(a`b\\)"_qs << u"``$a`b$``"_qs;
    QTest::newRow("unclosed") << u"\\(x"_qs << u"\\(x"_qs;
    QTest::newRow("no math") << u"plain **text**"_qs << u"plain **text**"_qs;
}

void TstStreamingMarkdown::normalizeMath()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(StreamingMarkdown::normalizeMath(in), out);
}

void TstStreamingMarkdown::tableCells()
{
    auto cells = [](const QString &row) {
        QStringList list;
        for (QStringView c : StreamingMarkdown::tableCells(row))
            list << c.trimmed().toString();
        return list;
    };
    QCOMPARE(cells(u"| a | b |"_qs), (QStringList { u"a"_qs, u"b"_qs }));
    QCOMPARE(cells(u"a | b"_qs), (QStringList { u"a"_qs, u"b"_qs }));
    QCOMPARE(cells(u"| `x|y` | z\\|w |"_qs), (QStringList { u"`x|y`"_qs, u"z\\|w"_qs }));
    QCOMPARE(cells(u"| a |\r"_qs), QStringList { u"a"_qs });
}

QTEST_MAIN(TstStreamingMarkdown)
#include "tst_streamingmarkdown.moc"

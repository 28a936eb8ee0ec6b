#include "streamingmarkdown.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTextTable>

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isBlank(QStringView line)
{
    for (QChar c : line) {
        if (!isSpace(c) && c != u'\r')
            return false;
    }
    return true;
}

// Leading spaces, a tab counting as four; and where the text after them starts.
int indentOf(QStringView line, qsizetype *textStart = nullptr)
{
    int width = 0;
    qsizetype i = 0;
    for (; i < line.size() && isSpace(line.at(i)); ++i)
        width += line.at(i) == u'\t' ? 4 - width % 4 : 1;
    if (textStart)
        *textStart = i;
    return width;
}

QStringView withoutCr(QStringView line)
{
    return line.endsWith(u'\r') ? line.chopped(1) : line;
}

struct Fence
{
    QChar character;
    int length = 0;
    QString info;
};

bool fenceOpener(QStringView line, Fence *fence)
{
    qsizetype start = 0;
    if (indentOf(line, &start) > 3 || start >= line.size())
        return false;
    const QChar c = line.at(start);
    if (c != u'`' && c != u'~')
        return false;
    qsizetype end = start;
    while (end < line.size() && line.at(end) == c)
        ++end;
    if (end - start < 3)
        return false;
    const QStringView info = line.mid(end).trimmed();
    if (c == u'`' && info.contains(u'`'))
        return false; // an inline code span, not a fence
    fence->character = c;
    fence->length = int(end - start);
    const qsizetype space = info.indexOf(u' ');
    fence->info = (space < 0 ? info : info.first(space)).toString();
    return true;
}

bool fenceCloser(QStringView line, QChar c, int length)
{
    qsizetype start = 0;
    if (indentOf(line, &start) > 3)
        return false;
    qsizetype end = start;
    while (end < line.size() && line.at(end) == c)
        ++end;
    return end - start >= length && isBlank(line.mid(end));
}

bool isHeading(QStringView line)
{
    qsizetype start = 0;
    if (indentOf(line, &start) > 3)
        return false;
    qsizetype end = start;
    while (end < line.size() && line.at(end) == u'#')
        ++end;
    const qsizetype level = end - start;
    return level >= 1 && level <= 6 && (end == line.size() || isSpace(line.at(end)));
}

// A run of one character (and spaces), as a thematic break (-, *, _) or a setext underline (=, -).
bool isRunOf(QStringView line, QStringView characters, int minimum, bool spacesInside)
{
    qsizetype start = 0;
    if (indentOf(line, &start) > 3 || start >= line.size())
        return false;
    const QChar c = line.at(start);
    if (!characters.contains(c))
        return false;
    int count = 0;
    bool trailing = false;
    for (qsizetype i = start; i < line.size(); ++i) {
        if (line.at(i) == c && !trailing)
            ++count;
        else if (isSpace(line.at(i)) || line.at(i) == u'\r')
            trailing = !spacesInside;
        else
            return false;
    }
    return count >= minimum;
}

bool isListItem(QStringView line)
{
    qsizetype start = 0;
    if (indentOf(line, &start) > 3 || start >= line.size())
        return false;
    const QChar c = line.at(start);
    qsizetype after = start + 1;
    if (c != u'-' && c != u'+' && c != u'*') {
        while (after - start <= 9 && line.at(after - 1).isDigit() && after < line.size()
            && line.at(after).isDigit())
            ++after;
        if (!c.isDigit() || after >= line.size()
            || (line.at(after) != u'.' && line.at(after) != u')'))
            return false;
        ++after;
    }
    return after == line.size() || isSpace(line.at(after)) || line.at(after) == u'\r';
}

bool isDelimiterRow(QStringView line, qsizetype columns)
{
    if (!line.contains(u'|'))
        return false;
    const QList<QStringView> cells = StreamingMarkdown::tableCells(line);
    if (cells.size() != columns)
        return false;
    for (QStringView cell : cells) {
        QStringView t = cell.trimmed();
        if (t.startsWith(u':'))
            t = t.mid(1);
        if (t.endsWith(u':'))
            t = t.chopped(1);
        if (t.isEmpty())
            return false;
        for (QChar c : t) {
            if (c != u'-')
                return false;
        }
    }
    return true;
}

Qt::Alignment alignmentOf(QStringView delimiterCell)
{
    const QStringView t = delimiterCell.trimmed();
    const bool left = t.startsWith(u':');
    const bool right = t.endsWith(u':');
    if (left && right)
        return Qt::AlignHCenter;
    if (right)
        return Qt::AlignRight;
    return Qt::AlignLeft;
}

// The math span that starts at `open` (a "$" or "$$"), or -1. A single $ needs text right after
// it and right before its closing $, which must not be followed by a digit: "$5 and $10" is
// money, not math.
qsizetype dollarSpanEnd(QStringView text, qsizetype open, bool display)
{
    const qsizetype from = open + (display ? 2 : 1);
    if (from >= text.size() || (!display && (isSpace(text.at(from)) || text.at(from) == u'\n')))
        return -1;
    for (qsizetype i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            ++i;
            continue;
        }
        if (!display && c == u'\n')
            return -1;
        if (c != u'$')
            continue;
        if (display) {
            if (i + 1 < text.size() && text.at(i + 1) == u'$' && i > from)
                return i + 2;
            return -1;
        }
        if (isSpace(text.at(i - 1)) || (i + 1 < text.size() && text.at(i + 1).isDigit()))
            return -1;
        return i + 1;
    }
    return -1;
}

// Math as an inline code span, with a fence of backticks longer than any run inside it.
void appendAsCode(QString &out, QStringView math)
{
    int longest = 0;
    int run = 0;
    for (QChar c : math) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString ticks(longest + 1, u'`');
    out += ticks;
    if (math.startsWith(u'`'))
        out += u' ';
    for (QChar c : math)
        out += c == u'\n' ? u' ' : c;
    if (math.endsWith(u'`'))
        out += u' ';
    out += ticks;
}

} // namespace

StreamingMarkdown::StreamingMarkdown(std::function<void(QTextDocument &)> prepare)
    : m_prepare(std::move(prepare))
{
    // The formats Qt's own importer gives a code line, so both kinds of document look alike.
    m_scratch.setMarkdown(QStringLiteral("```\nx\n```"));
    m_codeBlockFormat = m_scratch.begin().blockFormat();
    // A long line wraps rather than running out of the message's width.
    m_codeBlockFormat.setNonBreakableLines(false);
    QTextCursor code(m_scratch.begin());
    code.movePosition(QTextCursor::NextCharacter);
    m_codeCharFormat = code.charFormat();
    addSegment();
}

void StreamingMarkdown::reset()
{
    m_segments.clear();
    addSegment();
    m_text.clear();
    m_complete = false;
    m_lineStart = 0;
    m_mode = Mode::Text;
    m_openStart = 0;
    m_openLines = 0;
    m_openIsList = false;
    m_openEndsBlank = false;
    m_codeBlocks = 0;
    m_table = nullptr;
    m_lastBlockUsed = false;
    m_tailStart = -1;
}

void StreamingMarkdown::setText(const QString &text, bool complete)
{
    reset();
    m_text = text;
    update(complete);
}

void StreamingMarkdown::append(QStringView delta)
{
    if (delta.isEmpty() || m_complete)
        return;
    m_text += delta;
    update(false);
}

void StreamingMarkdown::finish()
{
    if (!m_complete)
        update(true);
}

void StreamingMarkdown::update(bool complete)
{
    m_complete = complete;
    m_updating = true;
    m_edits.clear();
    beginEdit(m_document);
    removeTail();
    consume(complete);
    if (!complete)
        renderTail();
    m_updating = false;
    for (QTextCursor &edit : m_edits)
        edit.endEditBlock();
    m_edits.clear();
}

void StreamingMarkdown::beginEdit(QTextDocument *document)
{
    // One layout pass and one contentsChange for the whole update.
    m_edits.append(QTextCursor(document));
    m_edits.last().beginEditBlock();
}

void StreamingMarkdown::addSegment()
{
    m_segments.push_back(std::make_unique<QTextDocument>());
    m_document = m_segments.back().get();
    if (m_prepare)
        m_prepare(*m_document);
    m_lastBlockUsed = false;
    m_tailStart = -1;
    m_table = nullptr; // a table goes on as a new table in the new segment
    if (m_updating)
        beginEdit(m_document);
}

void StreamingMarkdown::splitIfFull()
{
    // Only between frozen blocks: the tail is always in the last segment, and gone here.
    if (m_tailStart < 0
        && (m_document->characterCount() > SegmentCharacters
            || m_document->blockCount() > SegmentBlocks))
        addSegment();
}

void StreamingMarkdown::consume(bool complete)
{
    while (m_lineStart < m_text.size()) {
        qsizetype end = m_text.indexOf(u'\n', m_lineStart);
        if (end < 0) {
            if (!complete)
                return; // the line is still arriving: it is part of the tail
            end = m_text.size();
        }
        processLine(m_lineStart, end);
        m_lineStart = end + 1;
    }
    if (!complete)
        return;
    m_lineStart = m_text.size();
    if (m_mode == Mode::Text)
        closeOpenBlock(m_text.size());
    if (m_mode == Mode::Table)
        endTable();
    m_mode = Mode::Text;
}

void StreamingMarkdown::endTable()
{
    // Room below the table's last rows (Qt applies no top margin to a block after a table).
    if (m_table) {
        QTextTableFormat format = m_table->format();
        format.setBottomMargin(10);
        m_table->setFormat(format);
    }
    m_table = nullptr;
    m_columnChars.clear();
}

void StreamingMarkdown::processLine(qsizetype start, qsizetype end)
{
    const QStringView line = withoutCr(QStringView(m_text).mid(start, end - start));
    const qsizetype next = std::min(end + 1, m_text.size());

    if (m_mode == Mode::Code) {
        if (fenceCloser(line, m_fenceChar, m_fenceLength)) {
            if (m_codeStarted) {
                // Room below the frame, on the block's last line (the one change made to a
                // line already shown: its code ended).
                QTextCursor last(m_document);
                last.movePosition(QTextCursor::End);
                QTextBlockFormat format = last.blockFormat();
                format.setBottomMargin(10);
                last.setBlockFormat(format);
            }
            m_mode = Mode::Text;
            m_openStart = next;
            m_openLines = 0;
            return;
        }
        insertCodeLine(line);
        return;
    }
    if (m_mode == Mode::Table) {
        if (!isBlank(line) && line.contains(u'|')) {
            appendTableRow(line);
            return;
        }
        endTable();
        m_mode = Mode::Text;
        m_openStart = start;
        m_openLines = 0;
        // and the line is read as text below
    }

    if (m_openEndsBlank) {
        // A list, then blank lines: the list goes on with another item or an indented line.
        if (isBlank(line))
            return;
        m_openEndsBlank = false;
        if (!isListItem(line) && indentOf(line) < 2) {
            closeOpenBlock(m_openBlankStart);
            m_openStart = start;
        }
    }

    if (isBlank(line)) {
        if (m_openLines == 0) {
            m_openStart = next;
        } else if (m_openIsList) {
            m_openEndsBlank = true;
            m_openBlankStart = start;
        } else {
            closeOpenBlock(start);
            m_openStart = next;
        }
        return;
    }

    // Inside a list, an indented line belongs to its item, whatever it looks like.
    const bool inListItem = m_openIsList && indentOf(line) >= 2;
    Fence fence;
    if (!inListItem && fenceOpener(line, &fence)) {
        closeOpenBlock(start);
        m_mode = Mode::Code;
        m_fenceChar = fence.character;
        m_fenceLength = fence.length;
        m_language = fence.info;
        m_codeStarted = false;
        ++m_codeBlocks;
        m_openStart = next;
        return;
    }
    if (!inListItem && isHeading(line)) {
        closeOpenBlock(start);
        insertMarkdown(line);
        m_openStart = next;
        return;
    }
    if (m_openLines == 0 && isRunOf(line, u"-*_", 3, true)) {
        insertMarkdown(line, false);
        m_openStart = next;
        return;
    }
    if (m_openLines > 0 && !m_openIsList && isRunOf(line, u"=-", 1, false)) {
        // A setext heading: the paragraph above is its text.
        closeOpenBlock(next);
        m_openStart = next;
        return;
    }
    if (m_openLines == 1 && !m_openIsList) {
        const QStringView header
            = withoutCr(QStringView(m_text).mid(m_openStart, start - m_openStart - 1));
        if (header.contains(u'|') && isDelimiterRow(line, tableCells(header).size())) {
            startTable(header, line);
            m_mode = Mode::Table;
            m_openLines = 0;
            m_openStart = next;
            return;
        }
    }
    if (isListItem(line) && m_openLines > 0 && !m_openIsList) {
        // A list right under a paragraph starts a block of its own, so that the list stays one
        // block however many blank lines its items have between them.
        closeOpenBlock(start);
        m_openStart = start;
    }
    if (m_openLines == 0)
        m_openIsList = isListItem(line);
    ++m_openLines;
}

void StreamingMarkdown::closeOpenBlock(qsizetype end)
{
    if (m_openLines > 0 && end > m_openStart) {
        const QStringView block = QStringView(m_text).mid(m_openStart, end - m_openStart);
        if (!isBlank(block))
            insertMarkdown(block);
    }
    m_openLines = 0;
    m_openIsList = false;
    m_openEndsBlank = false;
    m_openStart = end;
}

QTextCursor StreamingMarkdown::blockAtEnd()
{
    splitIfFull();
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    if (m_lastBlockUsed) {
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    } else {
        // The document's first block, or the one Qt keeps after a table, or one the tail used.
        cursor.setBlockFormat(QTextBlockFormat());
        cursor.setBlockCharFormat(QTextCharFormat());
    }
    m_lastBlockUsed = true;
    return cursor;
}

void StreamingMarkdown::insertMarkdown(QStringView markdown, bool math)
{
    QString source = math ? normalizeMath(markdown) : markdown.toString();
    // Qt's Markdown reader drops an image without an alt text, which models often write.
    if (source.contains(QLatin1StringView("![](")))
        source = withAltText(source);
    m_scratch.setMarkdown(source);
    if (m_scratch.isEmpty() && m_scratch.blockCount() < 2)
        return;
    // The importer opens some blocks (a lone rule) with an empty paragraph that the same text
    // inside a longer document does not get.
    QTextBlock firstBlock = m_scratch.begin();
    if (firstBlock.text().isEmpty() && firstBlock.next().isValid()
        && QTextCursor(firstBlock.next()).currentTable() == nullptr)
        firstBlock = firstBlock.next();
    QTextCursor selection(&m_scratch);
    selection.setPosition(firstBlock.position());
    selection.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);

    QTextCursor cursor = blockAtEnd();
    const int first = cursor.position();
    cursor.insertFragment(QTextDocumentFragment(selection));
    // A fragment's first block takes the format of the block it lands in; give it its own.
    const QTextBlockFormat format = firstBlock.blockFormat();
    QTextCursor fix(m_document);
    fix.setPosition(first);
    if (format.objectIndex() < 0) {
        fix.setBlockFormat(format);
    } else if (fix.block().text().isEmpty() && fix.block().next().isValid()) {
        // A list lands in a block of its own after the empty one it was given: drop that one.
        fix.deleteChar();
    }
    // A table in the fragment leaves the empty block Qt keeps after a table: the next content's.
    const QTextBlock last = m_document->lastBlock();
    if (last.text().isEmpty() && last.position() > first && last.blockFormat().propertyCount() == 0
        && last.previous().isValid() && QTextCursor(last.previous()).currentTable() != nullptr)
        m_lastBlockUsed = false;
}

void StreamingMarkdown::insertCodeLine(QStringView line)
{
    splitIfFull();
    QTextBlockFormat format = m_codeBlockFormat;
    // Room above a code block for its frame and label; a block going on in a new segment
    // starts without it.
    if (!m_codeStarted && m_document->characterCount() > 1)
        format.setTopMargin(14);
    else if (!m_codeStarted)
        format.setTopMargin(10);
    m_codeStarted = true;
    format.setProperty(QTextFormat::BlockCodeFence, QString(m_fenceChar));
    format.setProperty(QTextFormat::BlockCodeLanguage, m_language);
    format.setProperty(CodeBlockProperty, m_codeBlocks);
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    if (m_lastBlockUsed) {
        cursor.insertBlock(format, m_codeCharFormat);
    } else {
        cursor.setBlockFormat(format);
        cursor.setBlockCharFormat(m_codeCharFormat);
    }
    m_lastBlockUsed = true;
    if (!line.isEmpty())
        cursor.insertText(line.toString(), m_codeCharFormat);
}

void StreamingMarkdown::startTable(QStringView header, QStringView delimiter)
{
    const QList<QStringView> headers = tableCells(header);
    const QList<QStringView> delimiters = tableCells(delimiter);
    m_alignments.clear();
    for (QStringView d : delimiters)
        m_alignments.append(alignmentOf(d));
    m_columnChars = QList<int>(headers.size(), 0);
    m_tableFormat = QTextTableFormat();
    m_tableFormat.setBorder(1);
    m_tableFormat.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    m_tableFormat.setBorderCollapse(true);
    m_tableFormat.setCellPadding(4);
    m_tableFormat.setCellSpacing(0);
    m_tableFormat.setHeaderRowCount(1);
    QTextCursor cursor = blockAtEnd();
    m_table = cursor.insertTable(1, int(headers.size()), m_tableFormat);
    m_chunkRows = 0;
    for (int column = 0; column < headers.size(); ++column) {
        fillCell(m_table, 0, column, headers.at(column), true);
        m_columnChars[column] = int(headers.at(column).trimmed().size());
    }
    m_lastBlockUsed = false; // Qt keeps an empty block after a table: the next content's
}

void StreamingMarkdown::appendTableRow(QStringView row)
{
    if (m_columnChars.isEmpty())
        return;
    const QList<QStringView> cells = tableCells(row);
    const int columns = int(m_columnChars.size());
    if (m_table && m_chunkRows < TableChunkRows) {
        m_table->appendRows(1);
        if (m_tableFormat.columnWidthConstraints().isEmpty()) {
            for (int column = 0; column < columns && column < cells.size(); ++column)
                m_columnChars[column]
                    = std::max(m_columnChars[column], int(cells.at(column).trimmed().size()));
        }
    } else {
        // Qt lays a table out whole whenever it changes, so a table that kept growing would
        // cost more with every row. Past the first rows it goes on as further tables, stacked
        // without a gap, with the column widths the first rows suggest.
        if (m_tableFormat.columnWidthConstraints().isEmpty()) {
            int total = 0;
            for (int chars : std::as_const(m_columnChars))
                total += std::clamp(chars, 3, 60);
            QList<QTextLength> widths;
            for (int chars : std::as_const(m_columnChars))
                widths << QTextLength(
                    QTextLength::PercentageLength, 100.0 * std::clamp(chars, 3, 60) / total);
            m_tableFormat.setColumnWidthConstraints(widths);
            m_tableFormat.setWidth(QTextLength(QTextLength::PercentageLength, 100));
            if (m_table)
                m_table->setFormat(m_tableFormat);
        }
        splitIfFull(); // a new segment starts with no table
        QTextCursor cursor(m_document);
        cursor.movePosition(QTextCursor::End);
        if (m_table) {
            // The block Qt keeps between two tables, made as thin as a block can be.
            QTextBlockFormat thin;
            thin.setLineHeight(0, QTextBlockFormat::FixedHeight);
            cursor.setBlockFormat(thin);
            QTextCharFormat tiny;
            tiny.setFontPointSize(1);
            cursor.setBlockCharFormat(tiny);
        } else {
            cursor = blockAtEnd();
        }
        QTextTableFormat next = m_tableFormat;
        next.setHeaderRowCount(0);
        m_table = cursor.insertTable(1, columns, next);
        m_chunkRows = 0;
        m_lastBlockUsed = false;
    }
    ++m_chunkRows;
    const int r = m_table->rows() - 1;
    for (int column = 0; column < columns && column < cells.size(); ++column)
        fillCell(m_table, r, column, cells.at(column), false);
}

void StreamingMarkdown::fillCell(
    QTextTable *table, int row, int column, QStringView text, bool header)
{
    QTextCursor cursor = table->cellAt(row, column).firstCursorPosition();
    QTextBlockFormat format;
    format.setAlignment(m_alignments.value(column, Qt::AlignLeft));
    cursor.setBlockFormat(format);
    const QString cell = text.trimmed().toString();
    if (cell.isEmpty())
        return;
    m_scratch.setMarkdown(normalizeMath(cell));
    const int start = cursor.position();
    cursor.insertFragment(QTextDocumentFragment(&m_scratch));
    if (header) {
        cursor.setPosition(start, QTextCursor::KeepAnchor);
        QTextCharFormat bold;
        bold.setFontWeight(QFont::Bold);
        cursor.mergeCharFormat(bold);
    }
}

void StreamingMarkdown::removeTail()
{
    if (m_tailStart < 0)
        return;
    QTextCursor cursor(m_document);
    cursor.setPosition(m_tailStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_tailStart = -1;
    m_lastBlockUsed = m_tailUsedBlock;
    if (m_tailUsedBlock) {
        // Removing the separator before the tail can leave the last frozen block with the
        // tail's format when the frozen block is empty (a rule): put its own back.
        // Only when it changed: setting a format relays the block out.
        if (cursor.blockFormat() != m_frozenLastFormat)
            cursor.setBlockFormat(m_frozenLastFormat);
        if (cursor.blockCharFormat() != m_frozenLastCharFormat)
            cursor.setBlockCharFormat(m_frozenLastCharFormat);
    }
}

void StreamingMarkdown::renderTail()
{
    QStringView tail;
    if (m_mode == Mode::Text)
        tail = QStringView(m_text).mid(m_openStart);
    else if (m_mode == Mode::Code)
        tail = withoutCr(QStringView(m_text).mid(m_lineStart));
    // A table row shows when it is whole: half a row would jump into the table a moment later.
    if (tail.isEmpty() || (m_mode == Mode::Text && isBlank(tail)))
        return;

    QTextCursor end(m_document);
    end.movePosition(QTextCursor::End);
    m_tailStart = end.position();
    m_tailUsedBlock = m_lastBlockUsed;
    m_frozenLastFormat = end.blockFormat();
    m_frozenLastCharFormat = end.blockCharFormat();
    if (m_mode == Mode::Code) {
        // The line is shown, not yet part of the block: the block has not started for real.
        const bool started = m_codeStarted;
        insertCodeLine(tail);
        m_codeStarted = started;
    } else if (Fence fence; fenceOpener(withoutCr(tail), &fence) && !tail.contains(u'\n'))
        return; // a fence being typed: the code under it comes next
    else
        insertMarkdown(tail);
}

QList<QStringView> StreamingMarkdown::tableCells(QStringView row)
{
    QStringView line = withoutCr(row).trimmed();
    if (line.startsWith(u'|'))
        line = line.mid(1);
    if (line.endsWith(u'|') && !line.endsWith(QStringView(u"\\|")))
        line.chop(1);
    QList<QStringView> cells;
    qsizetype cellStart = 0;
    qsizetype i = 0;
    while (i < line.size()) {
        const QChar c = line.at(i);
        if (c == u'\\') {
            i += 2;
        } else if (c == u'`') {
            // A code span: pipes inside it are text.
            qsizetype run = i;
            while (run < line.size() && line.at(run) == u'`')
                ++run;
            const QStringView ticks = line.mid(i, run - i);
            const qsizetype close = line.indexOf(ticks, run);
            i = close < 0 ? run : close + ticks.size();
        } else if (c == u'|') {
            cells.append(line.mid(cellStart, i - cellStart));
            cellStart = ++i;
        } else {
            ++i;
        }
    }
    cells.append(line.mid(cellStart));
    return cells;
}

QString StreamingMarkdown::withAltText(QStringView text)
{
    QString out;
    out.reserve(text.size() + 16);
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) == u'`') {
            // Code (a span, or a fence to its closing fence) is copied as it is.
            qsizetype run = i;
            while (run < text.size() && text.at(run) == u'`')
                ++run;
            const qsizetype close = text.indexOf(text.mid(i, run - i), run);
            const qsizetype end = close < 0 ? run : close + (run - i);
            out += text.mid(i, end - i);
            i = end;
            continue;
        }
        if (text.mid(i).startsWith(u"![](")) {
            out += QLatin1StringView("![image](");
            i += 4;
            continue;
        }
        out += text.at(i);
        ++i;
    }
    return out;
}

QString StreamingMarkdown::normalizeMath(QStringView text)
{
    if (!text.contains(u'$') && !text.contains(u'\\'))
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == u'`') {
            // A code span is copied as it is.
            qsizetype run = i;
            while (run < text.size() && text.at(run) == u'`')
                ++run;
            const QStringView ticks = text.mid(i, run - i);
            const qsizetype close = text.indexOf(ticks, run);
            const qsizetype end = close < 0 ? run : close + ticks.size();
            out += text.mid(i, end - i);
            i = end;
            continue;
        }
        if (c == u'\\' && i + 1 < text.size()) {
            const QChar n = text.at(i + 1);
            if (n == u'(' || n == u'[') {
                const QStringView closing = n == u'(' ? QStringView(u"\\)") : QStringView(u"\\]");
                const qsizetype close = text.indexOf(closing, i + 2);
                if (close >= 0) {
                    const QString dollars = n == u'(' ? QStringLiteral("$") : QStringLiteral("$$");
                    appendAsCode(out, QString(dollars + text.mid(i + 2, close - i - 2) + dollars));
                    i = close + 2;
                    continue;
                }
            }
            out += c;
            out += n; // an escape stays one: "\$" is a dollar sign
            i += 2;
            continue;
        }
        if (c == u'$') {
            const bool display = i + 1 < text.size() && text.at(i + 1) == u'$';
            const qsizetype end = dollarSpanEnd(text, i, display);
            if (end > 0) {
                appendAsCode(out, text.mid(i, end - i));
                i = end;
                continue;
            }
            if (display) {
                out += QStringView(u"$$");
                i += 2;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return out;
}

#pragma once

#include <QList>
#include <QString>
#include <QTextBlockFormat>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFormat>
#include <QTextTableFormat>

#include <functional>
#include <memory>
#include <vector>

class QTextTable;

// Renders a Markdown reply into QTextDocuments while it streams, at a cost proportional to
// what arrived rather than to the length of the reply.
//
// Parsing the whole reply again for each token is what freezes other clients: Qt's importer
// costs about half a millisecond per kilobyte. Here the text is read line by line. A block that
// ended (a paragraph followed by a blank line, a heading, a list followed by something else) is
// rendered once and never touched again. Only the open block at the end, with the line still
// arriving, is rendered again at each update. A fenced code block grows by one QTextBlock per
// line, and a table by one row per line, so neither is parsed again as it grows.
//
// Rendering the whole text at once goes through the same steps, so a reply streamed in any
// pieces ends as the same document as the one loaded from the store.
//
// Code lines carry QTextFormat::BlockCodeFence and BlockCodeLanguage, as from Qt's importer,
// plus CodeBlockProperty: the lines of one fenced block share its number, so that a view can
// draw each block's frame, language label and Copy button.
class StreamingMarkdown
{
public:
    static constexpr int CodeBlockProperty = QTextFormat::UserProperty + 1;

    // A segment ends between blocks after about 16,000 characters or 200 blocks (a layout
    // pass walks the blocks of its document).
    static constexpr int SegmentCharacters = 16000;
    static constexpr int SegmentBlocks = 200;

    // `prepare` is called for each new segment before anything goes in (a view sets its font,
    // width and highlighter there).
    explicit StreamingMarkdown(std::function<void(QTextDocument &)> prepare = {});
    Q_DISABLE_COPY_MOVE(StreamingMarkdown)

    // The reply, as documents one after the other. Qt walks a whole document on some edits
    // (inserting a table scans every fragment), so one document for a 100k-token reply would
    // make each edit cost more the longer the reply; segments keep every edit, and every
    // layout, the size of a segment. A view lays out the segments it shows. New segments are
    // only ever added at the end; only the last one changes.
    int segmentCount() const { return int(m_segments.size()); }
    QTextDocument *segment(int index) const { return m_segments.at(size_t(index)).get(); }

    // More of the reply: costs what it adds (and the open block at the end).
    void append(QStringView delta);
    // No more text will come: the last line and the open block are final.
    void finish();
    // Starts over with this text, as a whole (complete) or the start of a stream.
    void setText(const QString &text, bool complete);
    const QString &text() const { return m_text; }
    bool isComplete() const { return m_complete; }

    // \( \) and \[ \] become $ and $$ (Markdown would eat the backslashes), and the math spans
    // are shown as code, in monospace, since nothing here typesets them. Code is left alone.
    static QString normalizeMath(QStringView markdown);
    // `![](url)` as `![image](url)` outside code: Qt's reader drops an image with no alt text.
    static QString withAltText(QStringView markdown);
    // The cells of a table row: the outer pipes dropped, escaped pipes and pipes inside code
    // spans kept.
    static QList<QStringView> tableCells(QStringView row);

private:
    enum class Mode { Text, Code, Table };

    void reset();
    void addSegment();
    void splitIfFull();
    void beginEdit(QTextDocument *document);
    void update(bool complete);
    void consume(bool complete);
    void processLine(qsizetype start, qsizetype end);
    void closeOpenBlock(qsizetype end);
    void removeTail();
    void renderTail();

    QTextCursor blockAtEnd();
    void insertMarkdown(QStringView markdown, bool math = true);
    void insertCodeLine(QStringView line);
    void startTable(QStringView header, QStringView delimiter);
    void endTable();
    void appendTableRow(QStringView row);
    void fillCell(QTextTable *table, int row, int column, QStringView text, bool header);

    std::function<void(QTextDocument &)> m_prepare;
    std::vector<std::unique_ptr<QTextDocument>> m_segments;
    QTextDocument *m_document = nullptr; // the last segment, where text goes
    bool m_updating = false;
    QList<QTextCursor> m_edits; // an edit block per segment touched by an update
    QTextDocument m_scratch; // each block is imported here first
    QString m_text;
    bool m_complete = false;

    qsizetype m_lineStart = 0; // the first line not yet read whole
    Mode m_mode = Mode::Text;
    // Text: the open block, from m_openStart to m_lineStart.
    qsizetype m_openStart = 0;
    int m_openLines = 0;
    bool m_openIsList = false;
    bool m_openEndsBlank = false; // a list followed by a blank line: it may go on
    qsizetype m_openBlankStart = 0;
    // Code.
    QChar m_fenceChar;
    int m_fenceLength = 0;
    QString m_language;
    int m_codeBlocks = 0;
    bool m_codeStarted = false; // a line of the current code block is in the document
    QTextBlockFormat m_codeBlockFormat;
    QTextCharFormat m_codeCharFormat;
    // Table: shown as tables of TableChunkRows rows each (see appendTableRow()).
    static constexpr int TableChunkRows = 8;
    QTextTable *m_table = nullptr;
    QTextTableFormat m_tableFormat;
    QList<Qt::Alignment> m_alignments;
    QList<int> m_columnChars; // the longest cell of each column in the first rows
    int m_chunkRows = 0;

    // The document: frozen blocks, then the tail (the open block, or the line arriving), which
    // is removed and rendered again at each update.
    bool m_lastBlockUsed = false; // the document's last block holds frozen content
    int m_tailStart = -1;
    bool m_tailUsedBlock = false; // m_lastBlockUsed before the tail went in
    QTextBlockFormat m_frozenLastFormat;
    QTextCharFormat m_frozenLastCharFormat;
};

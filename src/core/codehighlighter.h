#pragma once

#include <QColor>
#include <QString>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <array>

class QPalette;

// Colours the fenced code blocks of a rendered reply by their language. A code line is a
// QTextBlock whose block format carries QTextFormat::BlockCodeFence or BlockCodeLanguage, as Qt's
// Markdown importer and StreamingMarkdown set them; every other block is left alone, and so is
// code in a language not known here (plain monospace rather than a guess).
//
// Hand-written because Debian 12 ships KSyntaxHighlighting only for Qt 5: there is no Qt 6
// package to use. One table per language drives one shared scanner, linear in the line length.
// What spans lines (block comments, triple-quoted and template strings, raw strings, heredocs,
// HTML comments and tags) is carried in the block state, so a line appended to a streaming block
// costs that line; the lines after an edit are scanned again only while their state changes.
//
// The formats set only a colour, and italics for comments: the font is the renderer's.
//
// Whole-document passes (attaching, setDark()) run with the document's layout suspended:
// QSyntaxHighlighter::rehighlight() marks each block dirty in turn, and a laid-out document lays
// itself out again at each, which is quadratic (about 1 s for a 2,000-line block, against 4-10 ms
// here). So attach through the constructor rather than setDocument(), and do not call
// rehighlight(). A document without a layout yet announces no edits; Qt hands the highlighter
// the whole document once when the layout is created.
class CodeHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class ColorScheme { Light, Dark };

    // One colour per kind of token, GitHub-like.
    struct Palette
    {
        QColor keyword;
        QColor type; // types and built-ins, keys in data files, variables in shell and PHP
        QColor string;
        QColor number;
        QColor comment;
        QColor function; // a name followed by '(', a Makefile target, a Rust macro
        QColor preprocessor; // also decorators, annotations, attributes and at-rules
        QColor added; // diff
        QColor removed;
        QColor hunk;

        static Palette light();
        static Palette dark();
    };

    // Highlights `document` at once and follows its changes; the document owns the highlighter.
    explicit CodeHighlighter(QTextDocument *document, ColorScheme scheme = ColorScheme::Light);

    bool isDark() const { return m_scheme == ColorScheme::Dark; }
    // Highlights the document again when the scheme changes.
    void setDark(bool dark);
    // Whether text is drawn light on dark in `palette`.
    static bool isDarkPalette(const QPalette &palette);

    // A label for the code block header: "C++" for "cpp", "Python" for "py", "Shell" for "sh";
    // for a language not known here, the language word of the info string as written.
    static QString displayName(const QString &infoString);

protected:
    void highlightBlock(const QString &text) override;

private:
    void updateFormats();
    void highlightAll();
    int languageFor(const QString &infoString);

    ColorScheme m_scheme;
    std::array<QTextCharFormat, 11> m_formats; // by token kind; index 0 (plain) stays empty
    QString m_cachedInfo; // the last info string seen, and its language (-1: none)
    int m_cachedLanguage = -1;
};

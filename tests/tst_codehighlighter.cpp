#include "codehighlighter.h"

#include <QPalette>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QtTest>

namespace {

enum class Kind {
    Plain,
    Keyword,
    Type,
    String,
    Number,
    Comment,
    Function,
    Preprocessor,
    Added,
    Removed,
    Hunk
};

QColor colorOf(Kind kind, const CodeHighlighter::Palette &p)
{
    switch (kind) {
    case Kind::Plain:
        return {};
    case Kind::Keyword:
        return p.keyword;
    case Kind::Type:
        return p.type;
    case Kind::String:
        return p.string;
    case Kind::Number:
        return p.number;
    case Kind::Comment:
        return p.comment;
    case Kind::Function:
        return p.function;
    case Kind::Preprocessor:
        return p.preprocessor;
    case Kind::Added:
        return p.added;
    case Kind::Removed:
        return p.removed;
    case Kind::Hunk:
        return p.hunk;
    }
    return {};
}

QString fenced(const QString &language, const QString &code)
{
    return u"```"_qs + language + u"\n"_qs + code + u"\n```\n"_qs;
}

// The format the highlighter gave one character of a block; empty where it gave none.
QTextCharFormat formatAt(const QTextBlock &block, int position)
{
    const QList<QTextLayout::FormatRange> ranges = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : ranges) {
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    }
    return {};
}

// Checks that each character of `needle` has the colour of `kind` (and comments italics), where
// `needle` is looked for inside the first occurrence of `context` (by default, the needle
// itself); returns what is wrong, or an empty string.
QString check(const QTextDocument &document, const QString &needle, Kind kind,
    const QString &context = {},
    const CodeHighlighter::Palette &palette = CodeHighlighter::Palette::light())
{
    const QString around = context.isEmpty() ? needle : context;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const qsizetype found = block.text().indexOf(around);
        const qsizetype inside = found < 0 ? -1 : around.indexOf(needle);
        if (inside < 0)
            continue;
        const int at = int(found + inside);
        for (int i = at; i < at + needle.size(); ++i) {
            const QTextCharFormat format = formatAt(block, i);
            const bool coloured = format.hasProperty(QTextFormat::ForegroundBrush);
            if (kind == Kind::Plain ? coloured
                                    : format.foreground().color() != colorOf(kind, palette))
                return u"'%1' in \"%2\": character %3 has colour %4"_qs.arg(needle, block.text(),
                    QString::number(i - at),
                    coloured ? format.foreground().color().name() : u"none"_qs);
            if (format.fontItalic() != (kind == Kind::Comment))
                return u"'%1' in \"%2\": wrong italics"_qs.arg(needle, block.text());
        }
        return {};
    }
    return u"'%1' not found"_qs.arg(around);
}

#define CHECK(...)                                                                                 \
    do {                                                                                           \
        const QString error = check(__VA_ARGS__);                                                  \
        QVERIFY2(error.isEmpty(), qPrintable(error));                                              \
    } while (false)

// Counts the lines it is asked to highlight.
class CountingHighlighter : public CodeHighlighter
{
public:
    using CodeHighlighter::CodeHighlighter;
    int calls = 0;

protected:
    void highlightBlock(const QString &text) override
    {
        ++calls;
        CodeHighlighter::highlightBlock(text);
    }
};

QList<QList<QTextLayout::FormatRange>> allFormats(const QTextDocument &document)
{
    QList<QList<QTextLayout::FormatRange>> result;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        result.append(block.layout()->formats());
    return result;
}

// Appends a code line the way StreamingMarkdown does: a new block with the code block's format.
void appendLine(QTextDocument &document, const QString &line)
{
    QTextCursor cursor(&document);
    cursor.movePosition(QTextCursor::End);
    const QTextBlock last = document.lastBlock();
    cursor.insertBlock(last.blockFormat(), last.charFormat());
    cursor.insertText(line);
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TstCodeHighlighter : public QObject
{
    Q_OBJECT

private slots:
    void importerMarksCodeLines();
    void tokens_data();
    void tokens();
    void blockCommentAcrossLines();
    void tripleQuotedStringAcrossLines();
    void templateLiteralAndRawStringAcrossLines();
    void markupAcrossLines();
    void heredoc();
    void stateStaysInItsBlock();
    void otherBlocksUntouched();
    void unknownLanguageUntouched();
    void attachingHighlightsAtOnce();
    void highlightsWhenLaidOut();
    void appendingHighlightsOnlyTheNewLine();
    void streamedEqualsWhole_data();
    void streamedEqualsWhole();
    void editPropagatesStateChange();
    void darkAndLight();
    void formatsOnlyColour();
    void displayName_data();
    void displayName();
};

// What the highlighter relies on: Qt's importer makes each line of a fenced block a block of
// its own, marked with the fence and the info string.
void TstCodeHighlighter::importerMarksCodeLines()
{
    QTextDocument document;
    document.setMarkdown(u"Text\n\n```cpp\nint a;\n\nint b;\n```\n"_qs);
    QTextBlock block = document.begin();
    QVERIFY(!block.blockFormat().hasProperty(QTextFormat::BlockCodeFence));
    for (const QString &line : { u"int a;"_qs, QString(), u"int b;"_qs }) {
        block = block.next();
        QCOMPARE(block.text(), line);
        QCOMPARE(block.blockFormat().stringProperty(QTextFormat::BlockCodeFence), u"`"_qs);
        QCOMPARE(block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage), u"cpp"_qs);
        QCOMPARE(block.blockFormatIndex(), document.begin().next().blockFormatIndex());
    }
}

void TstCodeHighlighter::tokens_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<Kind>("kind");
    const auto row = [](const char *name, const QString &language, const QString &code,
                         const QString &needle, Kind kind) {
        QTest::newRow(name) << fenced(language, code) << needle << kind;
    };
    const QString cpp = u"int answer() { return 42; } // it's 42"_qs;
    row("c++ keyword", u"cpp"_qs, cpp, u"return"_qs, Kind::Keyword);
    row("c++ type", u"cpp"_qs, cpp, u"int"_qs, Kind::Type);
    row("c++ function", u"cpp"_qs, cpp, u"answer"_qs, Kind::Function);
    row("c++ number", u"cpp"_qs, cpp, u"42"_qs, Kind::Number);
    row("c++ comment", u"cpp"_qs, cpp, u"// it's 42"_qs, Kind::Comment);
    row("c++ punctuation", u"cpp"_qs, cpp, u"() {"_qs, Kind::Plain);
    row("c++ string", u"cpp"_qs, uR"(auto s = "say \"hi\"";)"_qs, uR"("say \"hi\"")"_qs,
        Kind::String);
    row("c++ include", u"cpp"_qs, u"#include <vector>"_qs, u"#include"_qs, Kind::Preprocessor);
    row("c++ include path", u"cpp"_qs, u"#include <vector>"_qs, u"<vector>"_qs, Kind::String);
    row("c++ raw string", u"cpp"_qs, uR"(auto r = R"x(a "b" c)x";)"_qs, uR"(R"x(a "b" c)x")"_qs,
        Kind::String);
    row("c++ digit separators", u"cpp"_qs, u"long n = 1'000'000;"_qs, u"1'000'000"_qs,
        Kind::Number);
    row("c++ declared class", u"cpp"_qs, u"class Widget : public Base {"_qs, u"Widget"_qs,
        Kind::Type);
    row("c++ plain name", u"cpp"_qs, u"int count = other;"_qs, u"other"_qs, Kind::Plain);
    row("c++ alias C++", u"C++"_qs, u"return 1;"_qs, u"return"_qs, Kind::Keyword);
    row("c++ alias hpp", u"hpp"_qs, u"return 1;"_qs, u"return"_qs, Kind::Keyword);
    row("c char", u"c"_qs, u"char c = 'x';"_qs, u"'x'"_qs, Kind::String);
    row("c# verbatim string", u"csharp"_qs, uR"(var p = @"C:\dir\";)"_qs, uR"(@"C:\dir\")"_qs,
        Kind::String);
    row("java annotation", u"java"_qs, u"@Override\npublic String name() {"_qs, u"@Override"_qs,
        Kind::Preprocessor);
    row("java class name", u"java"_qs, u"@Override\npublic String name() {"_qs, u"String"_qs,
        Kind::Type);
    row("kotlin keyword", u"kotlin"_qs, u"fun main() {"_qs, u"fun"_qs, Kind::Keyword);
    row("js template literal", u"js"_qs, u"const s = `a ${b} c`;"_qs, u"`a ${b} c`"_qs,
        Kind::String);
    row("js keyword", u"javascript"_qs, u"const s = 1;"_qs, u"const"_qs, Kind::Keyword);
    row("js member is no keyword", u"js"_qs, u"obj.default = 1;"_qs, u"default"_qs, Kind::Plain);
    row("ts interface name", u"ts"_qs, u"interface Shape extends Base {"_qs, u"Shape"_qs,
        Kind::Type);
    row("ts type", u"tsx"_qs, u"let n: number = 1;"_qs, u"number"_qs, Kind::Type);
    const QString python = u"@app.route(\"/\")\ndef index():\n    print(f\"{x}!\")  # it's"_qs;
    row("python decorator", u"python"_qs, python, u"@app.route"_qs, Kind::Preprocessor);
    row("python def", u"py"_qs, python, u"def"_qs, Kind::Keyword);
    row("python function", u"py"_qs, python, u"index"_qs, Kind::Function);
    row("python builtin", u"py"_qs, python, u"print"_qs, Kind::Type);
    row("python f-string", u"python3"_qs, python, u"f\"{x}!\""_qs, Kind::String);
    row("python comment", u"Python"_qs, python, u"# it's"_qs, Kind::Comment);
    row("python class", u"py"_qs, u"class Foo(Base):"_qs, u"Foo"_qs, Kind::Type);
    row("go raw string", u"go"_qs, u"s := `raw`"_qs, u"`raw`"_qs, Kind::String);
    row("go func", u"go"_qs, u"func main() {"_qs, u"func"_qs, Kind::Keyword);
    const QString rust = u"fn first<'a>(s: &'a str) -> &'a str {"_qs;
    row("rust lifetime", u"rust"_qs, rust, u"'a"_qs, Kind::Keyword);
    row("rust fn", u"rs"_qs, rust, u"fn"_qs, Kind::Keyword);
    row("rust str", u"rs"_qs, rust, u"str"_qs, Kind::Type);
    row("rust macro", u"rs"_qs, u"println!(\"{}\", x);"_qs, u"println!"_qs, Kind::Function);
    row("rust raw string", u"rs"_qs, uR"(let r = r#"say "hi""#;)"_qs, uR"(r#"say "hi""#)"_qs,
        Kind::String);
    row("rust attribute", u"rs"_qs, u"#[derive(Debug, Clone)]"_qs, u"#[derive(Debug, Clone)]"_qs,
        Kind::Preprocessor);
    row("rust char", u"rs"_qs, u"let c = 'x';"_qs, u"'x'"_qs, Kind::String);
    row("rust nested comment", u"rs"_qs, u"/* a /* b */ c */ let"_qs, u"c */"_qs, Kind::Comment);
    row("rust after nested comment", u"rs"_qs, u"/* a /* b */ c */ let"_qs, u"let"_qs,
        Kind::Keyword);
    row("swift keyword", u"swift"_qs, u"guard let x = y else { return }"_qs, u"guard"_qs,
        Kind::Keyword);
    row("php variable", u"php"_qs, u"$name = 'x';"_qs, u"$name"_qs, Kind::Type);
    row("ruby symbol", u"ruby"_qs, u"attr_reader :name"_qs, u":name"_qs, Kind::Type);
    row("ruby keyword", u"rb"_qs, u"def empty?\nend"_qs, u"def"_qs, Kind::Keyword);
    row("shell variable", u"sh"_qs, u"echo \"$HOME\" $USER"_qs, u"$USER"_qs, Kind::Type);
    row("shell builtin", u"bash"_qs, u"echo \"$HOME\" $USER"_qs, u"echo"_qs, Kind::Type);
    row("shell hash inside a word", u"sh"_qs, u"echo a#b # note"_qs, u"a#b"_qs, Kind::Plain);
    row("shell comment", u"zsh"_qs, u"echo a#b # note"_qs, u"# note"_qs, Kind::Comment);
    row("shell keyword", u"shell"_qs, u"if [ -f x ]; then"_qs, u"then"_qs, Kind::Keyword);
    row("console prompt", u"console"_qs, u"$ echo hi\ndon't panic"_qs, u"$"_qs, Kind::Preprocessor);
    row("console output", u"console"_qs, u"$ echo hi\ndon't panic"_qs, u"don't panic"_qs,
        Kind::Plain);
    row("powershell cmdlet", u"powershell"_qs, u"Get-ChildItem -Path $env:TEMP"_qs,
        u"Get-ChildItem"_qs, Kind::Function);
    row("powershell variable", u"ps1"_qs, u"Get-ChildItem -Path $env:TEMP"_qs, u"$env"_qs,
        Kind::Type);
    row("powershell operator", u"ps1"_qs, u"if ($a -eq 1) {"_qs, u"-eq"_qs, Kind::Keyword);
    const QString sql = u"SELECT name FROM users WHERE n = 'it''s' -- x"_qs;
    row("sql keyword", u"sql"_qs, sql, u"SELECT"_qs, Kind::Keyword);
    row("sql lower-case keyword", u"sql"_qs, u"select 1"_qs, u"select"_qs, Kind::Keyword);
    row("sql table", u"sql"_qs, sql, u"users"_qs, Kind::Type);
    row("sql string", u"sql"_qs, sql, u"'it''s'"_qs, Kind::String);
    row("sql comment", u"sql"_qs, sql, u"-- x"_qs, Kind::Comment);
    const QString json = u"{\"name\": \"Ann\", \"age\": 3.5e2, \"ok\": true}"_qs;
    row("json key", u"json"_qs, json, u"\"name\""_qs, Kind::Type);
    row("json string", u"json"_qs, json, u"\"Ann\""_qs, Kind::String);
    row("json number", u"json"_qs, json, u"3.5e2"_qs, Kind::Number);
    row("json literal", u"json"_qs, json, u"true"_qs, Kind::Keyword);
    const QString yaml = u"name: it's fine # note\nitems:\n  - key: 'v'\n    on: true"_qs;
    row("yaml key", u"yaml"_qs, yaml, u"name"_qs, Kind::Type);
    row("yaml apostrophe", u"yaml"_qs, yaml, u"it's fine"_qs, Kind::Plain);
    row("yaml comment", u"yml"_qs, yaml, u"# note"_qs, Kind::Comment);
    row("yaml list key", u"yml"_qs, yaml, u"key"_qs, Kind::Type);
    row("yaml string", u"yml"_qs, yaml, u"'v'"_qs, Kind::String);
    row("yaml boolean", u"yml"_qs, yaml, u"true"_qs, Kind::Keyword);
    const QString toml = u"[package]\nname = \"confab\"\nversion = 1"_qs;
    row("toml section", u"toml"_qs, toml, u"[package]"_qs, Kind::Keyword);
    row("toml key", u"toml"_qs, toml, u"name"_qs, Kind::Type);
    row("toml string", u"toml"_qs, toml, u"\"confab\""_qs, Kind::String);
    row("ini section", u"ini"_qs, u"[core]\neditor = vim ; c"_qs, u"[core]"_qs, Kind::Keyword);
    row("ini key", u"ini"_qs, u"[core]\neditor = vim ; c"_qs, u"editor"_qs, Kind::Type);
    row("ini comment", u"ini"_qs, u"[core]\neditor = vim ; c"_qs, u"; c"_qs, Kind::Comment);
    const QString html = u"<div class=\"box\">Fish &amp; chips</div>"_qs;
    row("html tag", u"html"_qs, html, u"<div"_qs, Kind::Keyword);
    row("html attribute", u"html"_qs, html, u"class"_qs, Kind::Type);
    row("html value", u"html"_qs, html, u"\"box\""_qs, Kind::String);
    row("html entity", u"html"_qs, html, u"&amp;"_qs, Kind::Number);
    row("html text", u"html"_qs, html, u"Fish"_qs, Kind::Plain);
    row("xml comment", u"xml"_qs, u"<a><!-- c --></a>"_qs, u"<!-- c -->"_qs, Kind::Comment);
    const QString css = u"@media (max-width: 600px) {\n  .box { color: #fff; margin: 10px; }"_qs;
    row("css at-rule", u"css"_qs, css, u"@media"_qs, Kind::Preprocessor);
    row("css property", u"css"_qs, css, u"color"_qs, Kind::Type);
    row("css dashed property", u"css"_qs, css, u"max-width"_qs, Kind::Type);
    row("css colour", u"css"_qs, css, u"#fff"_qs, Kind::Number);
    row("css length", u"css"_qs, css, u"10px"_qs, Kind::Number);
    row("scss variable", u"scss"_qs, u"$gap: 4px; // x"_qs, u"$gap"_qs, Kind::Type);
    row("markdown heading", u"md"_qs, u"# Title\nUse `code` here"_qs, u"# Title"_qs, Kind::Keyword);
    row("markdown code span", u"markdown"_qs, u"# Title\nUse `code` here"_qs, u"`code`"_qs,
        Kind::String);
    row("dockerfile instruction", u"dockerfile"_qs, u"FROM debian:12\nRUN apt-get update"_qs,
        u"RUN"_qs, Kind::Keyword);
    row("makefile target", u"makefile"_qs, u"all: build\nCC ?= gcc"_qs, u"all"_qs, Kind::Function);
    row("makefile variable", u"make"_qs, u"all: build\nCC ?= gcc"_qs, u"CC"_qs, Kind::Type);
    row("lua keyword", u"lua"_qs, u"local x = 1 -- note"_qs, u"local"_qs, Kind::Keyword);
    row("lua comment", u"lua"_qs, u"local x = 1 -- note"_qs, u"-- note"_qs, Kind::Comment);
    const QString diff = u"--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n+new\n same"_qs;
    row("diff hunk", u"diff"_qs, diff, u"@@ -1 +1 @@"_qs, Kind::Hunk);
    row("diff removed", u"diff"_qs, diff, u"-old"_qs, Kind::Removed);
    row("diff added", u"patch"_qs, diff, u"+new"_qs, Kind::Added);
    row("diff header", u"patch"_qs, diff, u"+++ b/f"_qs, Kind::Preprocessor);
    row("diff context", u"patch"_qs, diff, u" same"_qs, Kind::Plain);
}

void TstCodeHighlighter::tokens()
{
    QFETCH(QString, markdown);
    QFETCH(QString, needle);
    QFETCH(Kind, kind);
    QTextDocument document;
    document.setMarkdown(markdown);
    CodeHighlighter highlighter(&document);
    CHECK(document, needle, kind);
}

void TstCodeHighlighter::blockCommentAcrossLines()
{
    QTextDocument document;
    document.setMarkdown(
        fenced(u"cpp"_qs, u"int a; /* one\ntwo // still\nthree */ int b;\nint c;"_qs));
    CodeHighlighter highlighter(&document);
    for (const QString &part : { u"/* one"_qs, u"two // still"_qs, u"three */"_qs })
        CHECK(document, part, Kind::Comment);
    CHECK(document, u"int"_qs, Kind::Type, u"*/ int b;"_qs);
    CHECK(document, u" b;"_qs, Kind::Plain, u"*/ int b;"_qs);
    CHECK(document, u"int"_qs, Kind::Type, u"int c;"_qs);
}

void TstCodeHighlighter::tripleQuotedStringAcrossLines()
{
    QTextDocument document;
    document.setMarkdown(
        fenced(u"python"_qs, u"s = \"\"\"first\nsecond # no comment\n'''\"\"\"\nx = 1"_qs));
    CodeHighlighter highlighter(&document);
    for (const QString &part : { u"\"\"\"first"_qs, u"second # no comment"_qs, u"'''\"\"\""_qs })
        CHECK(document, part, Kind::String);
    CHECK(document, u"1"_qs, Kind::Number);
}

void TstCodeHighlighter::templateLiteralAndRawStringAcrossLines()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"js"_qs, u"const s = `a\n// b\nc`; // d"_qs) + u"\n"_qs
        + fenced(u"rust"_qs, u"let r = r##\"x\n\"# y\n\"##; // z"_qs));
    CodeHighlighter highlighter(&document);
    for (const QString &part :
        { u"`a"_qs, u"// b"_qs, u"c`"_qs, u"r##\"x"_qs, u"\"# y"_qs, u"\"##"_qs })
        CHECK(document, part, Kind::String);
    CHECK(document, u"// d"_qs, Kind::Comment);
    CHECK(document, u"// z"_qs, Kind::Comment);
}

void TstCodeHighlighter::markupAcrossLines()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"html"_qs,
        u"<!-- a\nb -->\n<input\n  type=\"text\"\n  disabled/>\n<p title=\"x\ny\">"_qs));
    CodeHighlighter highlighter(&document);
    const QList<std::pair<QString, Kind>> expected = {
        { u"<!-- a"_qs, Kind::Comment },
        { u"b -->"_qs, Kind::Comment },
        { u"<input"_qs, Kind::Keyword },
        { u"type"_qs, Kind::Type },
        { u"\"text\""_qs, Kind::String },
        { u"disabled"_qs, Kind::Type },
        { u"/>"_qs, Kind::Keyword },
        { u"y\""_qs, Kind::String },
    };
    for (const auto &[part, kind] : expected)
        CHECK(document, part, kind);
}

void TstCodeHighlighter::heredoc()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"bash"_qs, u"cat <<'EOF' > f\nit's $HOME\nEOF\necho ok"_qs));
    CodeHighlighter highlighter(&document);
    CHECK(document, u"<<'EOF'"_qs, Kind::Keyword);
    CHECK(document, u"it's $HOME"_qs, Kind::String);
    CHECK(document, u"echo"_qs, Kind::Type);
    CHECK(document, u" ok"_qs, Kind::Plain);
}

// An unclosed comment ends with its code block, whatever follows.
void TstCodeHighlighter::stateStaysInItsBlock()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, u"/* open"_qs) + u"\nText 1\n\n"_qs
        + fenced(u"cpp"_qs, u"int x;"_qs) + fenced(u"python"_qs, u"y = 2"_qs));
    CodeHighlighter highlighter(&document);
    CHECK(document, u"/* open"_qs, Kind::Comment);
    CHECK(document, u"int"_qs, Kind::Type);
    CHECK(document, u"2"_qs, Kind::Number);
    CHECK(document, u"Text 1"_qs, Kind::Plain);

    // Two blocks of one language side by side differ in a property of their own, as
    // StreamingMarkdown numbers them.
    QTextDocument streamed;
    QTextCursor cursor(&streamed);
    QTextBlockFormat first;
    first.setProperty(QTextFormat::BlockCodeFence, u"`"_qs);
    first.setProperty(QTextFormat::BlockCodeLanguage, u"cpp"_qs);
    first.setProperty(QTextFormat::UserProperty + 1, 1);
    QTextBlockFormat second = first;
    second.setProperty(QTextFormat::UserProperty + 1, 2);
    cursor.setBlockFormat(first);
    cursor.insertText(u"/* open"_qs);
    cursor.insertBlock(second);
    cursor.insertText(u"int y;"_qs);
    CodeHighlighter streamedHighlighter(&streamed);
    CHECK(streamed, u"/* open"_qs, Kind::Comment);
    CHECK(streamed, u"int"_qs, Kind::Type);
}

void TstCodeHighlighter::otherBlocksUntouched()
{
    QTextDocument document;
    document.setMarkdown(u"# return 1\n\nUse `return 42;` and \"strings\" // no comment\n\n"
                         u"- int x = 1;\n\n> /* quoted */\n"_qs);
    CodeHighlighter highlighter(&document);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        QVERIFY2(block.layout()->formats().isEmpty(), qPrintable(block.text()));
}

void TstCodeHighlighter::unknownLanguageUntouched()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"brainfuck"_qs, u"return \"x\" 42 // y"_qs) + u"\n"_qs
        + fenced(QString(), u"return \"x\" 42 // y"_qs)
        + u"\n    return \"x\" 42 // indented\n"_qs);
    CodeHighlighter highlighter(&document);
    int code = 0;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        code += block.text().startsWith(u"return"_qs);
        QVERIFY2(block.layout()->formats().isEmpty(), qPrintable(block.text()));
    }
    QCOMPARE(code, 3);
}

// Qt's own first pass is deferred and would lay a shown document out again for each line.
void TstCodeHighlighter::attachingHighlightsAtOnce()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, u"int a;\nint b;"_qs));
    document.documentLayout();
    CountingHighlighter highlighter(&document);
    CHECK(document, u"int"_qs, Kind::Type, u"int b;"_qs);
    QVERIFY(document.isLayoutEnabled());
    QCoreApplication::processEvents();
    QCOMPARE(highlighter.calls, 0); // no second, deferred pass

    document.setLayoutEnabled(false);
    highlighter.setDark(true);
    QVERIFY(!document.isLayoutEnabled());
    CHECK(document, u"int"_qs, Kind::Type, u"int b;"_qs, CodeHighlighter::Palette::dark());
}

// A document not laid out yet (built off screen) announces no edits; it is highlighted in one
// pass when it gets its layout.
void TstCodeHighlighter::highlightsWhenLaidOut()
{
    QTextDocument document;
    CountingHighlighter highlighter(&document);
    QTextCursor cursor(&document);
    QTextBlockFormat format;
    format.setProperty(QTextFormat::BlockCodeFence, u"`"_qs);
    format.setProperty(QTextFormat::BlockCodeLanguage, u"cpp"_qs);
    cursor.setBlockFormat(format);
    cursor.insertText(u"int a; /* x"_qs);
    for (const QString &line : { u"y */ return 1;"_qs, u"int b;"_qs })
        appendLine(document, line);
    QCOMPARE(highlighter.calls, 0);

    document.documentLayout();
    QCOMPARE(highlighter.calls, 3);
    CHECK(document, u"/* x"_qs, Kind::Comment);
    CHECK(document, u"y */"_qs, Kind::Comment);
    CHECK(document, u"return"_qs, Kind::Keyword);
    CHECK(document, u"int"_qs, Kind::Type, u"int b;"_qs);
}

void TstCodeHighlighter::appendingHighlightsOnlyTheNewLine()
{
    QString code;
    for (int i = 0; i < 200; ++i)
        code += u"int v%1 = %1; // line %1\n"_qs.arg(i);
    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, code.chopped(1)));
    document.documentLayout(); // as in a view: without a layout, edits are not announced
    CountingHighlighter highlighter(&document);
    const auto before = allFormats(document);

    appendLine(document, u"return v1 + 2; /* open"_qs);
    // Qt gives the new paragraph separator to the line before, which is highlighted again
    // (unchanged, so nothing after it is); the new line is highlighted once for the new block
    // and once for its text. Never the 199 lines before.
    QVERIFY2(highlighter.calls <= 3, qPrintable(QString::number(highlighter.calls)));
    CHECK(document, u"return"_qs, Kind::Keyword);
    CHECK(document, u"/* open"_qs, Kind::Comment);
    const auto after = allFormats(document);
    QCOMPARE(after.size(), before.size() + 1);
    QVERIFY(std::equal(before.cbegin(), before.cend(), after.cbegin()));

    // A line inside the comment left open is still one line's work.
    highlighter.calls = 0;
    appendLine(document, u"return 3; */ int w;"_qs);
    QVERIFY2(highlighter.calls <= 3, qPrintable(QString::number(highlighter.calls)));
    CHECK(document, u"return 3; */"_qs, Kind::Comment);
    CHECK(document, u"int"_qs, Kind::Type, u"int w;"_qs);
}

void TstCodeHighlighter::streamedEqualsWhole_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("python") << u"python"_qs
                            << QStringList { u"def f():"_qs, u"    \"\"\"Doc"_qs,
                                   u"    string.\"\"\""_qs, u"    return 1  # one"_qs,
                                   u"@decorated"_qs, u"x = '''a"_qs, u"b'''"_qs };
    QTest::newRow("c++") << u"cpp"_qs
                         << QStringList { u"int a; /* x"_qs, u"y */ auto r = R\"d("_qs,
                                u"raw )\" still"_qs, u")d\"; // c"_qs, u"int b;"_qs };
    QTest::newRow("javascript") << u"js"_qs
                                << QStringList { u"const t = `a"_qs, u"${b}"_qs, u"c`; // d"_qs,
                                       u"let e = 1;"_qs };
    QTest::newRow("rust") << u"rust"_qs
                          << QStringList { u"let s = r#\"a"_qs, u"\"b\""_qs,
                                 u"\"#; /* x /* y */"_qs, u"z */ fn f() {}"_qs };
    QTest::newRow("html") << u"html"_qs
                          << QStringList { u"<div"_qs, u"  class=\"a"_qs, u"b\">text<!--"_qs,
                                 u"-->&amp;"_qs };
    QTest::newRow("shell") << u"bash"_qs
                           << QStringList { u"cat <<EOF"_qs, u"it's"_qs, u"EOF"_qs, u"echo \"a"_qs,
                                  u"b\" # c"_qs };
    QTest::newRow("markdown") << u"md"_qs
                              << QStringList { u"# T"_qs, u"~~~js"_qs, u"# no heading"_qs,
                                     u"~~~"_qs, u"- item `x`"_qs };
    QTest::newRow("lua") << u"lua"_qs
                         << QStringList { u"s = [[a"_qs, u"b]] --[[ c"_qs, u"d ]] x = 1"_qs };
    QTest::newRow("powershell") << u"ps1"_qs
                                << QStringList { u"$s = @\""_qs, u"it's"_qs, u"\"@ <# a"_qs,
                                       u"b #> Get-Item"_qs };
}

// Lines appended one by one, each in pieces as tokens arrive, end highlighted as the whole block
// would be, at a few lines' work per append.
void TstCodeHighlighter::streamedEqualsWhole()
{
    QFETCH(QString, language);
    QFETCH(QStringList, lines);
    QTextDocument whole;
    whole.setMarkdown(fenced(language, lines.join(u'\n')));
    CodeHighlighter wholeHighlighter(&whole);

    QTextDocument streamed;
    streamed.documentLayout();
    CountingHighlighter highlighter(&streamed);
    QTextCursor cursor(&streamed);
    QTextBlockFormat format;
    format.setProperty(QTextFormat::BlockCodeFence, u"`"_qs);
    format.setProperty(QTextFormat::BlockCodeLanguage, language);
    cursor.setBlockFormat(format);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        highlighter.calls = 0;
        if (i > 0)
            cursor.insertBlock(format);
        for (qsizetype from = 0; from < lines[i].size(); from += 3)
            cursor.insertText(lines[i].mid(from, 3));
        const qsizetype pieces = (lines[i].size() + 2) / 3;
        QVERIFY2(highlighter.calls <= 2 + pieces, qPrintable(QString::number(highlighter.calls)));
    }
    QTextBlock a = whole.begin();
    QTextBlock b = streamed.begin();
    int highlighted = 0;
    for (; a.isValid() && b.isValid(); a = a.next(), b = b.next()) {
        QCOMPARE(b.text(), a.text());
        QVERIFY2(b.layout()->formats() == a.layout()->formats(), qPrintable(a.text()));
        highlighted += !a.layout()->formats().isEmpty();
    }
    QVERIFY(!a.isValid() && !b.isValid());
    QVERIFY(highlighted >= lines.size() - 1);
}

void TstCodeHighlighter::editPropagatesStateChange()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, u"int a1;\nint a2;\nint a3;\nint a4;\nint a5;"_qs));
    document.documentLayout();
    CodeHighlighter highlighter(&document);
    const QTextBlock second = document.begin().next();
    QCOMPARE(second.text(), u"int a2;"_qs);

    QTextCursor cursor(second);
    cursor.insertText(u"/*"_qs);
    for (const QString &line : { u"/*int a2;"_qs, u"int a3;"_qs, u"int a5;"_qs })
        CHECK(document, line, Kind::Comment);
    CHECK(document, u"int"_qs, Kind::Type, u"int a1;"_qs);

    cursor = QTextCursor(second.next());
    cursor.movePosition(QTextCursor::EndOfBlock);
    cursor.insertText(u"*/"_qs);
    CHECK(document, u"int a3;*/"_qs, Kind::Comment);
    CHECK(document, u"int"_qs, Kind::Type);
    CHECK(document, u"int"_qs, Kind::Type, u"int a4;"_qs);
    CHECK(document, u"int"_qs, Kind::Type, u"int a5;"_qs);
    CHECK(document, u" a5;"_qs, Kind::Plain, u"int a5;"_qs);
}

void TstCodeHighlighter::darkAndLight()
{
    const CodeHighlighter::Palette light = CodeHighlighter::Palette::light();
    const CodeHighlighter::Palette dark = CodeHighlighter::Palette::dark();
    const auto colours = [](const CodeHighlighter::Palette &p) {
        return QList<QColor> { p.keyword, p.type, p.string, p.number, p.comment, p.function,
            p.preprocessor, p.added, p.removed, p.hunk };
    };
    const QList<QColor> lightColours = colours(light);
    const QList<QColor> darkColours = colours(dark);
    for (qsizetype i = 0; i < lightColours.size(); ++i) {
        QVERIFY(lightColours[i] != darkColours[i]);
        QVERIFY(lightColours[i].lightness() < darkColours[i].lightness());
        QCOMPARE(lightColours.count(lightColours[i]), 1);
    }

    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, u"return 1;"_qs));
    CodeHighlighter highlighter(&document);
    QVERIFY(!highlighter.isDark());
    CHECK(document, u"return"_qs, Kind::Keyword, QString(), light);
    highlighter.setDark(true);
    QVERIFY(highlighter.isDark());
    CHECK(document, u"return"_qs, Kind::Keyword, QString(), dark);
    CHECK(document, u"1"_qs, Kind::Number, QString(), dark);

    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    QVERIFY(!CodeHighlighter::isDarkPalette(palette));
    palette.setColor(QPalette::Base, QColor(0x0d, 0x11, 0x17));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
    QVERIFY(CodeHighlighter::isDarkPalette(palette));
}

// The renderer's monospace font stays: only colour and italics are set.
void TstCodeHighlighter::formatsOnlyColour()
{
    QTextDocument document;
    document.setMarkdown(fenced(u"cpp"_qs, u"#include <a>\nint f() { return \"s\" 1; } // c"_qs));
    CodeHighlighter highlighter(&document);
    int ranges = 0;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
            ++ranges;
            for (const int property : range.format.properties().keys())
                QVERIFY(property == QTextFormat::ForegroundBrush
                    || property == QTextFormat::FontItalic);
        }
    }
    QVERIFY(ranges >= 7);
}

void TstCodeHighlighter::displayName_data()
{
    QTest::addColumn<QString>("info");
    QTest::addColumn<QString>("name");
    const QList<std::pair<QString, QString>> rows = {
        { u"cpp"_qs, u"C++"_qs },
        { u"C++"_qs, u"C++"_qs },
        { u"h"_qs, u"C++"_qs },
        { u"py"_qs, u"Python"_qs },
        { u"python3"_qs, u"Python"_qs },
        { u"python title=x"_qs, u"Python"_qs },
        { u"{.python .numberLines}"_qs, u"Python"_qs },
        { u"  rs  "_qs, u"Rust"_qs },
        { u"sh"_qs, u"Shell"_qs },
        { u"bash"_qs, u"Bash"_qs },
        { u"console"_qs, u"Console"_qs },
        { u"ps1"_qs, u"PowerShell"_qs },
        { u"ts"_qs, u"TypeScript"_qs },
        { u"cs"_qs, u"C#"_qs },
        { u"yml"_qs, u"YAML"_qs },
        { u"html"_qs, u"HTML"_qs },
        { u"patch"_qs, u"Diff"_qs },
        { u"Dockerfile"_qs, u"Dockerfile"_qs },
        { u"haskell"_qs, u"haskell"_qs },
        { u"Haskell {x}"_qs, u"Haskell"_qs },
        { QString(), QString() },
    };
    for (const auto &[info, name] : rows)
        QTest::newRow(qPrintable(info.isEmpty() ? u"(empty)"_qs : info)) << info << name;
}

void TstCodeHighlighter::displayName()
{
    QFETCH(QString, info);
    QFETCH(QString, name);
    QCOMPARE(CodeHighlighter::displayName(info), name);
}

QTEST_MAIN(TstCodeHighlighter)
#include "tst_codehighlighter.moc"

#pragma once

#include <QList>
#include <QString>

// The full-text index reads Chinese, Japanese and Korean the way people search them: any run of
// characters, not dictionary words (which SQLite's tokenizers cannot find in CJK text). Indexed
// text has a space around each CJK character, so each is a token, and a query for 中文 is the
// phrase "中 文": adjacent characters, found through the index. Latin words stay words and are
// matched by prefix.
namespace SearchText {

// The form of `text` that goes into the index.
QString indexable(const QString &text);

// An FTS5 MATCH expression for what the user typed: every term must match; an empty string when
// nothing searchable was typed.
QString matchExpression(const QString &query);

struct Snippet
{
    QString text;
    QList<std::pair<qsizetype, qsizetype>> highlights; // (start, length) in text
};

// A short excerpt of `text` around the first match of `query`, with every match in it marked.
Snippet snippet(const QString &text, const QString &query, int context = 40);

// The snippet as a reader sees the message: Markdown's marks (# | ` * > and runs of - or =)
// dropped and white space folded, the highlights moved with the text they mark.
Snippet withoutMarkdown(const Snippet &snippet);

} // namespace SearchText

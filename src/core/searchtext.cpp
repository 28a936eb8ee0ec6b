#include "searchtext.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace {

bool isCjk(char32_t c)
{
    return (c >= 0x2E80 && c <= 0x2FDF) // radicals
        || (c >= 0x3040 && c <= 0x30FF) // hiragana, katakana
        || (c >= 0x3100 && c <= 0x31FF) // bopomofo, katakana extensions
        || (c >= 0x3400 && c <= 0x4DBF) // extension A
        || (c >= 0x4E00 && c <= 0x9FFF) // unified ideographs
        || (c >= 0xAC00 && c <= 0xD7AF) // hangul syllables
        || (c >= 0xF900 && c <= 0xFAFF) // compatibility ideographs
        || (c >= 0x20000 && c <= 0x3134F); // extensions B to G
}

bool isWordChar(char32_t c)
{
    return QChar::isLetterOrNumber(c) || c == U'_';
}

// The tokens of one typed term, as the index tokenizes text: CJK characters one by one, other
// letters and digits in runs.
QStringList tokensOf(const QString &term, bool *lastIsWord)
{
    QStringList tokens;
    QString word;
    *lastIsWord = false;
    const QList<uint> codes = term.toUcs4();
    for (uint code : codes) {
        const char32_t c = char32_t(code);
        if (isCjk(c)) {
            if (!word.isEmpty())
                tokens << std::exchange(word, QString());
            tokens << QString::fromUcs4(&c, 1);
            *lastIsWord = false;
        } else if (isWordChar(c)) {
            word += QString::fromUcs4(&c, 1);
            *lastIsWord = true;
        } else if (!word.isEmpty()) {
            tokens << std::exchange(word, QString());
        }
    }
    if (!word.isEmpty())
        tokens << word;
    return tokens;
}

} // namespace

namespace SearchText {

QString indexable(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 2);
    const char16_t *p = reinterpret_cast<const char16_t *>(text.constData());
    const char16_t *end = p + text.size();
    while (p < end) {
        char32_t c = *p;
        qsizetype units = 1;
        if (QChar::isHighSurrogate(c) && p + 1 < end && QChar::isLowSurrogate(p[1])) {
            c = QChar::surrogateToUcs4(p[0], p[1]);
            units = 2;
        }
        if (isCjk(c)) {
            out += u' ';
            out.append(reinterpret_cast<const QChar *>(p), units);
            out += u' ';
        } else {
            out.append(reinterpret_cast<const QChar *>(p), units);
        }
        p += units;
    }
    return out;
}

QString matchExpression(const QString &query)
{
    QStringList phrases;
    for (const QString &term :
        query.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        bool lastIsWord = false;
        const QStringList tokens = tokensOf(term, &lastIsWord);
        if (tokens.isEmpty())
            continue;
        QString phrase = QLatin1Char('"')
            + tokens.join(QLatin1Char(' ')).replace(QLatin1Char('"'), QLatin1StringView("\"\""))
            + QLatin1Char('"');
        // "conf*" finds "confab". Only when asked: a prefix scans every word that starts with
        // it, about ten times the cost of a whole word in a large library (the search box adds
        // the star to the word being typed).
        if (lastIsWord && term.endsWith(QLatin1Char('*')))
            phrase += QLatin1Char('*');
        phrases << phrase;
    }
    return phrases.join(QLatin1Char(' '));
}

Snippet snippet(const QString &text, const QString &query, int context)
{
    QStringList needles;
    for (const QString &term :
        query.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        bool lastIsWord = false;
        const QStringList tokens = tokensOf(term, &lastIsWord);
        if (!tokens.isEmpty())
            needles << (tokens.size() == 1 ? tokens.first() : term);
    }
    qsizetype first = -1;
    for (const QString &n : std::as_const(needles)) {
        const qsizetype at = text.indexOf(n, 0, Qt::CaseInsensitive);
        if (at >= 0 && (first < 0 || at < first))
            first = at;
    }
    Snippet s;
    qsizetype from = first < 0 ? 0 : std::max<qsizetype>(0, first - context);
    qsizetype to = std::min(text.size(), (first < 0 ? 0 : first) + context * 2);
    if (from > 0 && text.at(from).isLowSurrogate())
        --from;
    if (to < text.size() && text.at(to).isLowSurrogate())
        ++to;
    const QString ellipsis(QChar(0x2026));
    const qsizetype prefix = from > 0 ? 1 : 0;
    s.text = (from > 0 ? ellipsis : QString()) + text.mid(from, to - from).simplified()
        + (to < text.size() ? ellipsis : QString());
    // Marks are found in the excerpt itself, after white space was folded.
    for (const QString &n : std::as_const(needles)) {
        qsizetype at = s.text.indexOf(n, prefix, Qt::CaseInsensitive);
        while (at >= 0) {
            s.highlights.append({ at, n.size() });
            at = s.text.indexOf(n, at + n.size(), Qt::CaseInsensitive);
        }
    }
    std::sort(s.highlights.begin(), s.highlights.end());
    return s;
}

Snippet withoutMarkdown(const Snippet &snippet)
{
    const QString &in = snippet.text;
    // Where each kept character came from, to carry the highlights over.
    QString out;
    QList<qsizetype> source;
    out.reserve(in.size());
    auto isMark = [&in](qsizetype i) {
        const QChar c = in.at(i);
        if (c == u'#' || c == u'|' || c == u'`' || c == u'*' || c == u'>')
            return true;
        // A run of three or more - or = (a rule, a table's delimiter row, a setext underline).
        if (c == u'-' || c == u'=') {
            qsizetype from = i;
            while (from > 0 && in.at(from - 1) == c)
                --from;
            qsizetype to = i;
            while (to + 1 < in.size() && in.at(to + 1) == c)
                ++to;
            return to - from >= 2;
        }
        return false;
    };
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QChar c = in.at(i);
        const bool space = c.isSpace() || isMark(i);
        if (space) {
            if (!out.isEmpty() && !out.endsWith(u' ')) {
                out += u' ';
                source.append(i);
            }
            continue;
        }
        out += c;
        source.append(i);
    }
    while (out.endsWith(u' ')) {
        out.chop(1);
        source.removeLast();
    }
    Snippet result;
    result.text = out;
    for (const auto &[start, length] : snippet.highlights) {
        // The kept characters inside the highlighted range.
        qsizetype first = -1;
        qsizetype last = -1;
        for (qsizetype k = 0; k < source.size(); ++k) {
            if (source.at(k) >= start && source.at(k) < start + length && !out.at(k).isSpace()) {
                if (first < 0)
                    first = k;
                last = k;
            }
        }
        if (first >= 0)
            result.highlights.append({ first, last - first + 1 });
    }
    return result;
}

} // namespace SearchText

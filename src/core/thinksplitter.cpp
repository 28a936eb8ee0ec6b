#include "thinksplitter.h"

namespace {
const QString OpenTag = QStringLiteral("<think>");
const QString CloseTag = QStringLiteral("</think>");

// Length of the longest suffix of `text` that is a proper prefix of `tag`.
qsizetype partialTagSuffix(const QString &text, const QString &tag)
{
    for (qsizetype n = std::min(text.size(), tag.size() - 1); n > 0; --n) {
        if (QStringView(text).right(n) == QStringView(tag).left(n))
            return n;
    }
    return 0;
}

qsizetype leadingSpace(const QString &s)
{
    qsizetype i = 0;
    while (i < s.size() && s.at(i).isSpace())
        ++i;
    return i;
}
// The answer usually starts after line breaks that belong to the closing tag, not the answer.
QStringView skipLineBreaks(QStringView s)
{
    while (!s.isEmpty() && (s.front() == u'\n' || s.front() == u'\r'))
        s = s.mid(1);
    return s;
}
} // namespace

void ThinkSplitter::feed(const QString &delta, QString &content, QString &reasoning)
{
    if (m_state == State::Outside) {
        content += delta;
        return;
    }
    if (m_state == State::AfterClose) {
        const QStringView rest = skipLineBreaks(delta);
        if (!rest.isEmpty()) {
            m_state = State::Outside;
            content += rest;
        }
        return;
    }
    m_pending += delta;
    if (m_state == State::Start) {
        const QStringView rest = QStringView(m_pending).mid(leadingSpace(m_pending));
        if (rest.startsWith(OpenTag)) {
            m_state = State::Inside;
            m_pending = rest.mid(OpenTag.size()).toString();
        } else if (QStringView(OpenTag).startsWith(rest)) {
            return; // still undecided ("", "<", "<th", ...)
        } else {
            m_state = State::Outside;
            content += m_pending;
            m_pending.clear();
            return;
        }
    }
    // Inside the think section.
    const qsizetype close = m_pending.indexOf(CloseTag);
    if (close >= 0) {
        reasoning += QStringView(m_pending).left(close);
        const QStringView after
            = skipLineBreaks(QStringView(m_pending).mid(close + CloseTag.size()));
        m_state = after.isEmpty() ? State::AfterClose : State::Outside;
        content += after;
        m_pending.clear();
        return;
    }
    const qsizetype keep = partialTagSuffix(m_pending, CloseTag);
    reasoning += QStringView(m_pending).left(m_pending.size() - keep);
    m_pending = m_pending.right(keep);
}

void ThinkSplitter::finish(QString &content, QString &reasoning)
{
    if (m_state == State::Inside)
        reasoning += m_pending;
    else
        content += m_pending;
    m_pending.clear();
    m_state = State::Outside;
}

bool ThinkSplitter::passesThrough(const char *utf8, qsizetype length)
{
    if (m_state == State::Outside)
        return true;
    if (m_state != State::Start || !m_pending.isEmpty())
        return false;
    for (qsizetype i = 0; i < length; ++i) {
        const char c = utf8[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '<')
            return false;
        m_state = State::Outside;
        return true;
    }
    return false; // only white space so far: undecided
}

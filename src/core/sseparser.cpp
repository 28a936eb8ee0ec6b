#include "sseparser.h"

#include <cstring>

namespace {
constexpr char Bom[] = "\xEF\xBB\xBF";
// Below this, a plain loop finds a line end faster than setting up two memchr calls: what
// makes feeding one byte at a time affordable.
constexpr qsizetype SmallInput = 32;

qsizetype findByte(QByteArrayView in, qsizetype from, char c)
{
    if (from >= in.size())
        return -1;
    const void *hit = std::memchr(in.data() + from, c, size_t(in.size() - from));
    return hit ? static_cast<const char *>(hit) - in.data() : -1;
}
} // namespace

SseParser::SseParser(qsizetype maxLineLength)
    : m_maxLineLength(maxLineLength)
{ }

void SseParser::reset()
{
    *this = SseParser(m_maxLineLength);
}

void SseParser::feed(QByteArrayView bytes)
{
    m_input = bytes;
    m_pos = 0;
    m_nextCr = NotSearched;
    m_nextLf = NotSearched;
    if (bytes.isEmpty())
        return;

    // Strip one UTF-8 BOM at the very start of the stream, even when it arrives split.
    while (m_bomState < 3 && m_pos < m_input.size()) {
        if (m_input[m_pos] == Bom[m_bomState]) {
            ++m_bomState;
            ++m_pos;
            continue;
        }
        // Not a BOM after all: the bytes consumed so far belong to the first line.
        m_line.append(Bom, size_t(m_bomState));
        m_bomState = 3;
    }
    if (m_pos < m_input.size() || !m_line.isEmpty())
        m_seenBytes = true;
}

// The position of the next CR or LF at or after m_pos, or -1.
qsizetype SseParser::findLineEnd()
{
    const qsizetype size = m_input.size();
    if (size - m_pos <= SmallInput) {
        for (qsizetype i = m_pos; i < size; ++i) {
            if (m_input[i] == '\n' || m_input[i] == '\r')
                return i;
        }
        return -1;
    }
    if (m_nextCr == NotSearched || (m_nextCr >= 0 && m_nextCr < m_pos))
        m_nextCr = findByte(m_input, m_pos, '\r');
    if (m_nextLf == NotSearched || (m_nextLf >= 0 && m_nextLf < m_pos))
        m_nextLf = findByte(m_input, m_pos, '\n');
    if (m_nextCr == -1)
        return m_nextLf;
    if (m_nextLf == -1)
        return m_nextCr;
    return std::min(m_nextCr, m_nextLf);
}

void SseParser::consumeTerminator(qsizetype end)
{
    const bool cr = m_input[end] == '\r';
    m_pos = end + 1;
    if (!cr)
        return;
    if (m_pos < m_input.size()) {
        if (m_input[m_pos] == '\n')
            ++m_pos;
    } else {
        m_skipLf = true; // the LF of a CRLF may be the first byte of the next feed
    }
}

void SseParser::beginDataValue()
{
    if (!m_hasData)
        m_data.clear();
    else
        m_data.append('\n');
    m_hasData = true;
}

bool SseParser::appendToData(const char *bytes, qsizetype length)
{
    if (length == 1 && m_data.size() < m_maxLineLength) {
        m_data.append(*bytes); // one byte per feed: skip the memcpy call
        return true;
    }
    if (m_data.size() + length > m_maxLineLength) {
        m_overflow = true;
        m_data.release();
        return false;
    }
    m_data.append(bytes, size_t(length));
    return true;
}

// Keeps the unfinished end of the input for the next feed().
void SseParser::carryTail()
{
    const char *tail = m_input.data() + m_pos;
    const qsizetype tailLength = m_input.size() - m_pos;
    m_pos = m_input.size();
    const qsizetype total = m_line.size() + tailLength;

    // Once "data:" and the byte after it are known, the value can go straight to m_data.
    if (total >= 6) {
        char head[6];
        const qsizetype fromLine = std::min<qsizetype>(m_line.size(), 6);
        std::memcpy(head, m_line.data(), size_t(fromLine));
        std::memcpy(head + fromLine, tail, size_t(6 - fromLine));
        if (std::memcmp(head, "data:", 5) == 0) {
            const qsizetype skip = head[5] == ' ' ? 6 : 5;
            beginDataValue();
            bool ok = true;
            if (m_line.size() > skip)
                ok = appendToData(m_line.data() + skip, m_line.size() - skip);
            const qsizetype tailSkip = std::max<qsizetype>(0, skip - m_line.size());
            m_line.clear();
            if (ok)
                appendToData(tail + tailSkip, tailLength - tailSkip);
            m_dataLineOpen = true;
            return;
        }
    }
    if (total > m_maxLineLength) {
        m_overflow = true;
        m_line.release();
        return;
    }
    m_line.append(tail, size_t(tailLength));
}

bool SseParser::next(Event &event)
{
    while (!m_overflow) {
        if (m_skipLf) {
            if (m_pos >= m_input.size())
                return false;
            m_skipLf = false;
            if (m_input[m_pos] == '\n')
                ++m_pos;
        }
        if (m_pos >= m_input.size())
            return false;

        const qsizetype end = findLineEnd();
        if (m_dataLineOpen) {
            const qsizetype stop = end == -1 ? m_input.size() : end;
            if (!appendToData(m_input.data() + m_pos, stop - m_pos))
                return false;
            if (end == -1) {
                m_pos = m_input.size();
                return false;
            }
            m_dataLineOpen = false;
            consumeTerminator(end);
            continue;
        }
        if (end == -1) {
            carryTail();
            return false;
        }

        const char *line;
        qsizetype length;
        const bool carried = !m_line.isEmpty();
        if (carried) {
            m_line.append(m_input.data() + m_pos, size_t(end - m_pos));
            line = m_line.data();
            length = m_line.size();
        } else {
            line = m_input.data() + m_pos;
            length = end - m_pos;
        }
        consumeTerminator(end);
        // The limit counts a data: line by its value (checked as it is appended), as for a line
        // that arrives in pieces; any other line by its length.
        if (length > m_maxLineLength && !(length >= 5 && std::memcmp(line, "data:", 5) == 0)) {
            m_overflow = true;
            return false;
        }
        const LineResult result = processLine(line, length);
        if (carried)
            m_line.clear();
        if (result == LineResult::Dispatch) {
            event.type = m_dispatchType.empty() ? QByteArrayView("message")
                                                : QByteArrayView(m_dispatchType);
            event.data = QByteArrayView(m_data.data(), qsizetype(m_data.size()));
            event.id = QByteArrayView(m_id.data(), qsizetype(m_id.size()));
            return true;
        }
    }
    return false;
}

bool SseParser::appendData(const char *value, qsizetype length)
{
    beginDataValue();
    return appendToData(value, length);
}

SseParser::LineResult SseParser::processLine(const char *line, qsizetype length)
{
    if (length == 0) {
        // Blank line: dispatch. The spec's "data buffer ends with LF" is modelled by m_hasData.
        if (!m_hasData) {
            m_type.clear();
            return LineResult::Nothing;
        }
        m_dispatchType.swap(m_type);
        m_type.clear();
        m_hasData = false;
        return LineResult::Dispatch;
    }
    if (line[0] == ':')
        return LineResult::Nothing; // comment, e.g. a keep-alive

    const char *colon = static_cast<const char *>(std::memchr(line, ':', size_t(length)));
    const qsizetype nameLength = colon ? colon - line : length;
    const char *value = colon ? colon + 1 : line + length;
    qsizetype valueLength = colon ? length - nameLength - 1 : 0;
    if (valueLength > 0 && *value == ' ') {
        ++value;
        --valueLength;
    }
    const QByteArrayView name(line, nameLength);

    if (name == "data") {
        appendData(value, valueLength);
    } else if (name == "error") {
        // Not in the standard: llama.cpp's server reports failures as "error: {json}". Read it as
        // an error event so the message reaches the user instead of vanishing as an unknown field.
        m_type = "error";
        appendData(value, valueLength);
    } else if (name == "event") {
        m_type.assign(value, size_t(valueLength));
    } else if (name == "id") {
        if (!std::memchr(value, '\0', size_t(valueLength)))
            m_id.assign(value, size_t(valueLength));
    } else if (name == "retry") {
        qint64 ms = 0;
        bool digits = valueLength > 0;
        for (qsizetype i = 0; i < valueLength && digits; ++i) {
            if (value[i] < '0' || value[i] > '9')
                digits = false;
            else if (ms < (qint64(1) << 50))
                ms = ms * 10 + (value[i] - '0');
        }
        if (digits)
            m_retry = ms;
    }
    return LineResult::Nothing;
}

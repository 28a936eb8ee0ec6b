#include "sseparser.h"

#include <cstring>

namespace {
constexpr char Bom[] = "\xEF\xBB\xBF";

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
{
}

void SseParser::reset()
{
    *this = SseParser(m_maxLineLength);
}

void SseParser::feed(QByteArrayView bytes)
{
    m_input = bytes;
    m_pos = 0;
    m_nextCr = -1;
    m_nextLf = -1;
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
    if (m_pos < m_input.size() || !m_line.empty())
        m_seenBytes = true;
    m_nextCr = findByte(m_input, m_pos, '\r');
    m_nextLf = findByte(m_input, m_pos, '\n');
}

// Returns the next complete line, either in place in the input or assembled in m_line.
bool SseParser::takeLine(const char *&line, qsizetype &length)
{
    if (m_skipLf && m_pos < m_input.size()) {
        m_skipLf = false;
        if (m_input[m_pos] == '\n')
            ++m_pos;
    }
    if (m_pos >= m_input.size())
        return false;

    if (m_nextCr != -1 && m_nextCr < m_pos)
        m_nextCr = findByte(m_input, m_pos, '\r');
    if (m_nextLf != -1 && m_nextLf < m_pos)
        m_nextLf = findByte(m_input, m_pos, '\n');

    qsizetype end;
    if (m_nextCr == -1)
        end = m_nextLf;
    else if (m_nextLf == -1)
        end = m_nextCr;
    else
        end = std::min(m_nextCr, m_nextLf);

    if (end == -1) {
        // No terminator in what is left: keep the tail for the next feed().
        const qsizetype tail = m_input.size() - m_pos;
        if (qsizetype(m_line.size()) + tail > m_maxLineLength) {
            m_overflow = true;
            m_line.clear();
            m_line.shrink_to_fit();
        } else {
            m_line.append(m_input.data() + m_pos, size_t(tail));
        }
        m_pos = m_input.size();
        return false;
    }

    const bool cr = m_input[end] == '\r';
    if (m_line.empty()) {
        line = m_input.data() + m_pos;
        length = end - m_pos;
    } else {
        m_line.append(m_input.data() + m_pos, size_t(end - m_pos));
        line = m_line.data();
        length = qsizetype(m_line.size());
    }
    m_pos = end + 1;
    if (cr) {
        if (m_pos < m_input.size()) {
            if (m_input[m_pos] == '\n')
                ++m_pos;
        } else {
            m_skipLf = true; // the LF of a CRLF may be the first byte of the next feed
        }
    }
    if (length > m_maxLineLength) {
        m_overflow = true;
        return false;
    }
    return true;
}

bool SseParser::next(Event &event)
{
    const char *line = nullptr;
    qsizetype length = 0;
    while (!m_overflow && takeLine(line, length)) {
        const bool fromCarry = !m_line.empty() && line == m_line.data();
        const LineResult result = processLine(line, length);
        if (fromCarry)
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
    if (qsizetype(m_data.size()) + length + 1 > m_maxLineLength) {
        m_overflow = true;
        return false;
    }
    if (m_hasData)
        m_data.push_back('\n');
    m_data.append(value, size_t(length));
    m_hasData = true;
    return true;
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
    if (m_data.size() && !m_hasData)
        m_data.clear(); // the previous event was handed out; start a new buffer
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

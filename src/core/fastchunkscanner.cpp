#include "fastchunkscanner.h"

#include <cstring>

namespace {

constexpr int MaxDepth = 32;
constexpr size_t MaxChoices = 16;

// Compares with a literal at a constant length, which the compiler inlines (no memcmp call).
template<size_t N> inline bool is(std::string_view key, const char (&literal)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

// The first '"' or '\\' at or after p, eight bytes at a time: most strings in a chunk are short,
// where two memchr calls per string cost more than the bytes themselves.
inline const char *findQuoteOrSlash(const char *p, const char *end)
{
    constexpr uint64_t ones = 0x0101010101010101ULL;
    constexpr uint64_t highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        const uint64_t q = v ^ (ones * '"');
        const uint64_t b = v ^ (ones * '\\');
        // Sets the high bit of the first byte equal to '"' or '\\' (later bytes may be noisy).
        const uint64_t hit = ((q - ones) & ~q & highs) | ((b - ones) & ~b & highs);
        if (hit)
            return p + (__builtin_ctzll(hit) >> 3);
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\')
        ++p;
    return p;
}

void appendUtf8Codepoint(std::string &out, uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

bool hex4(const char *p, uint32_t &value)
{
    value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= uint32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            value |= uint32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            value |= uint32_t(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

// Appends the JSON string body `raw` (between the quotes, escapes intact) as UTF-8. Lenient
// like SimdChunkReader's repair of bad JSON, so both paths read the same text: an unknown escape
// stays as written, a lone surrogate becomes U+FFFD. Nothing a server sent is dropped.
void unescape(std::string_view raw, std::string &out)
{
    const char *p = raw.data();
    const char *end = p + raw.size();
    while (p < end) {
        const char *slash = static_cast<const char *>(std::memchr(p, '\\', size_t(end - p)));
        if (!slash) {
            out.append(p, size_t(end - p));
            return;
        }
        out.append(p, size_t(slash - p));
        p = slash + 1;
        if (p >= end) {
            out.push_back('\\');
            return;
        }
        const char c = *p++;
        switch (c) {
        case '"':
            out.push_back('"');
            break;
        case '\\':
            out.push_back('\\');
            break;
        case '/':
            out.push_back('/');
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'u': {
            uint32_t cp;
            if (end - p < 4 || !hex4(p, cp)) {
                out.append("\\u");
                break;
            }
            p += 4;
            uint32_t low;
            if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u'
                && hex4(p + 2, low) && low >= 0xDC00 && low <= 0xDFFF) {
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            appendUtf8Codepoint(out, cp);
            break;
        }
        default:
            out.push_back('\\');
            out.push_back(c);
            break;
        }
    }
}

class Cursor
{
public:
    explicit Cursor(QByteArrayView json)
        : m_p(json.data())
        , m_end(json.data() + json.size())
    { }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    char peek()
    {
        skipSpace();
        return m_p < m_end ? *m_p : '\0';
    }

    // A string: its raw body and whether it holds escapes.
    bool string(std::string_view &raw, bool &escaped)
    {
        if (!take('"'))
            return false;
        const char *start = m_p;
        escaped = false;
        for (;;) {
            const char *hit = findQuoteOrSlash(m_p, m_end);
            if (hit == m_end)
                return false;
            if (*hit == '"') {
                raw = std::string_view(start, size_t(hit - start));
                m_p = hit + 1;
                return true;
            }
            escaped = true;
            m_p = hit + 2; // the escaped character, whatever it is, cannot end the string
            if (m_p > m_end)
                return false;
        }
    }

    // A string without escapes (keys, ids, finish reasons); false for anything else.
    bool plainString(std::string_view &raw)
    {
        bool escaped;
        return string(raw, escaped) && !escaped;
    }

    // null, or a string appended (unescaped) to `out`; `raw` is where its body lies.
    bool nullOrText(std::string &out, std::string_view &raw)
    {
        if (literal("null"))
            return true;
        bool escaped;
        if (!string(raw, escaped))
            return false;
        if (escaped)
            unescape(raw, out);
        else
            out.append(raw);
        return true;
    }

    bool nullOrPlainString(std::string_view &raw) { return literal("null") || plainString(raw); }

    bool integer(int64_t &value)
    {
        skipSpace();
        const char *start = m_p;
        value = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 9)
            value = value * 10 + (*m_p++ - '0');
        return m_p > start && (m_p == m_end || *m_p < '0' || *m_p > '9');
    }

    template<size_t N> bool literal(const char (&word)[N])
    {
        skipSpace();
        if (size_t(m_end - m_p) >= N - 1 && std::memcmp(m_p, word, N - 1) == 0) {
            m_p += N - 1;
            return true;
        }
        return false;
    }

    bool skipValue(int depth = 0)
    {
        if (depth > MaxDepth)
            return false;
        std::string_view raw;
        bool escaped;
        switch (peek()) {
        case '"':
            return string(raw, escaped);
        case '{':
            ++m_p;
            if (take('}'))
                return true;
            do {
                if (!string(raw, escaped) || !take(':') || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take('}');
        case '[':
            ++m_p;
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take(']');
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    // Walks an object, calling member(key) positioned at each value; member must consume it.
    template<class F> bool object(F &&member)
    {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        do {
            std::string_view key;
            if (!plainString(key) || !take(':') || !member(key))
                return false;
        } while (take(','));
        return take('}');
    }

private:
    bool number()
    {
        const char *start = m_p;
        while (m_p < m_end) {
            const char c = *m_p;
            if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e'
                    || c == 'E'))
                break;
            ++m_p;
        }
        return m_p > start;
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    const char *m_p;
    const char *m_end;
};

// Where the text of a chunk lies, for FastChunkScanner's shape cache.
struct TextSpot
{
    std::string_view raw;
    FastChunkScanner::Field field = FastChunkScanner::Field::Content;
    int texts = 0; // non-empty text values seen
};

bool text(Cursor &c, std::string &out, FastChunkScanner::Field field, TextSpot &spot)
{
    std::string_view raw;
    if (!c.nullOrText(out, raw))
        return false;
    if (!raw.empty()) {
        spot.raw = raw;
        spot.field = field;
        ++spot.texts;
    }
    return true;
}

bool scanDelta(Cursor &c, ChoiceView &choice, TextSpot &spot)
{
    return c.object([&](std::string_view key) {
        if (is(key, "content"))
            return c.peek() != '['
                && text(c, choice.content, FastChunkScanner::Field::Content,
                    spot); // parts: general path
        if (is(key, "reasoning_content") || is(key, "reasoning"))
            return text(c, choice.reasoning, FastChunkScanner::Field::Reasoning, spot);
        if (is(key, "refusal")) {
            std::string_view refusal;
            return c.nullOrPlainString(refusal) && refusal.empty(); // a real refusal: general path
        }
        if (is(key, "tool_calls"))
            return c.literal("null"); // tool calls: general path
        if (is(key, "images")) // images: general path
            return c.literal("null") || (c.take('[') && c.take(']'));
        return c.skipValue();
    });
}

bool scanChoice(Cursor &c, ChoiceView &choice, TextSpot &spot)
{
    return c.object([&](std::string_view key) {
        if (is(key, "index"))
            return c.integer(choice.index);
        if (is(key, "delta"))
            return scanDelta(c, choice, spot);
        if (is(key, "finish_reason"))
            return c.nullOrPlainString(choice.finishReason);
        if (is(key, "message") || is(key, "text"))
            return false; // a non-streamed or legacy shape: general path
        return c.skipValue();
    });
}

} // namespace

bool FastChunkScanner::scan(QByteArrayView json, ChunkView &out)
{
    if (matchesShape(json, out))
        return true;
    out.reset();
    m_prefix.clear();
    Cursor c(json);
    TextSpot spot;
    const bool ok = c.object([&](std::string_view key) {
        if (is(key, "choices")) {
            out.hasChoices = true;
            if (!c.take('['))
                return false;
            if (c.take(']'))
                return true;
            do {
                if (out.choiceCount >= MaxChoices || !scanChoice(c, out.addChoice(), spot))
                    return false;
            } while (c.take(','));
            return c.take(']');
        }
        if (is(key, "model"))
            return c.nullOrPlainString(out.model);
        if (is(key, "id"))
            return c.nullOrPlainString(out.id);
        if (is(key, "system_fingerprint"))
            return c.nullOrPlainString(out.systemFingerprint);
        if (is(key, "usage") || is(key, "error"))
            return c.literal("null"); // an object: general path
        return c.skipValue();
    });
    if (!ok || !c.atEnd() || !out.hasChoices)
        return false; // no choices: perhaps an error in a dialect; the general path decides
    // Learn the shape when the chunk is one text delta and nothing else, as almost all are.
    if (out.choiceCount == 1 && spot.texts == 1 && out.choices[0].finishReason.empty()) {
        const size_t start = size_t(spot.raw.data() - json.data());
        m_prefix.assign(json.data(), start);
        m_suffix.assign(
            spot.raw.data() + spot.raw.size(), size_t(json.size()) - start - spot.raw.size());
        m_field = spot.field;
        m_index = out.choices[0].index;
    }
    return true;
}

// A chunk whose bytes before and after its text are those of the learned chunk has the same
// structure, whatever the text: only the text needs reading. The text must end exactly where
// the suffix begins, or the chunk is not of that shape.
bool FastChunkScanner::matchesShape(QByteArrayView json, ChunkView &out)
{
    const size_t size = size_t(json.size());
    if (m_prefix.empty() || size < m_prefix.size() + m_suffix.size()
        || std::memcmp(json.data(), m_prefix.data(), m_prefix.size()) != 0
        || std::memcmp(json.data() + size - m_suffix.size(), m_suffix.data(), m_suffix.size()) != 0)
        return false;
    const char *textBegin = json.data() + m_prefix.size();
    const char *textEnd = json.data() + size - m_suffix.size(); // the closing quote
    const char *p = textBegin;
    bool escaped = false;
    for (;;) {
        p = findQuoteOrSlash(p, textEnd + 1);
        if (p > textEnd)
            return false;
        if (*p == '"')
            break;
        escaped = true;
        p += 2;
    }
    if (p != textEnd)
        return false;
    out.reset();
    ChoiceView &choice = out.addChoice();
    choice.index = m_index;
    std::string &target = m_field == Field::Content ? choice.content : choice.reasoning;
    const std::string_view raw(textBegin, size_t(textEnd - textBegin));
    if (escaped)
        unescape(raw, target);
    else
        target.append(raw);
    return true;
}

#include "simdchunkreader.h"

#include <QString>

#include <cstring>
#include <simdjson.h>
#include <string>

namespace od = simdjson::ondemand;

namespace {

// Calls f(key, value) for each field; false when the JSON is broken.
template<class F> bool forEachField(od::object &object, F &&f)
{
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (std::move(result).get(field) != simdjson::SUCCESS
            || field.unescaped_key().get(key) != simdjson::SUCCESS)
            return false;
        f(key, field.value());
    }
    return true;
}

template<class F> bool forEachElement(od::array &array, F &&f)
{
    for (auto result : array) {
        od::value v;
        // get() is rvalue-qualified, so the move is needed even for a trivially copyable result.
        if (std::move(result).get(v) != simdjson::SUCCESS) // NOLINT(performance-move-const-arg)
            return false;
        f(v);
    }
    return true;
}

// Set when a string could not be decoded (a bad escape): read() then repairs the JSON and reads
// it again. One reader runs on one thread at a time.
thread_local bool t_badString = false;

bool stringValue(od::value &v, std::string_view &out)
{
    const simdjson::error_code error = v.get_string().get(out);
    if (error != simdjson::SUCCESS && error != simdjson::INCORRECT_TYPE)
        t_badString = true;
    return error == simdjson::SUCCESS;
}

void appendHexEscape(std::string &out, unsigned char c)
{
    static const char digits[] = "0123456789abcdef";
    out.append("\\u00");
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

uint32_t hexValue(const char *p)
{
    return uint32_t(std::stoul(std::string(p, 4), nullptr, 16));
}

// Makes JSON that servers get slightly wrong readable, the way FastChunkScanner reads it:
// invalid UTF-8 becomes U+FFFD (Qt's decoder, as for every delta), raw control characters in
// strings are escaped, an unknown escape keeps its backslash, a lone surrogate becomes U+FFFD.
std::string repaired(QByteArrayView json)
{
    const QByteArray utf8 = QString::fromUtf8(json).toUtf8();
    std::string out;
    out.reserve(size_t(utf8.size()) + 16);
    bool inString = false;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        if (!inString) {
            out.push_back(c);
            inString = c == '"';
            continue;
        }
        if (c == '"') {
            inString = false;
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            appendHexEscape(out, static_cast<unsigned char>(c));
        } else if (c != '\\') {
            out.push_back(c);
        } else if (i + 1 >= utf8.size()) {
            out.append("\\\\");
        } else {
            const char e = utf8[i + 1];
            if (e == 'u') {
                const bool hex = i + 5 < utf8.size() && isHex(utf8[i + 2]) && isHex(utf8[i + 3])
                    && isHex(utf8[i + 4]) && isHex(utf8[i + 5]);
                if (!hex) {
                    out.append("\\\\"); // a literal backslash; the 'u' follows as text
                    continue;
                }
                const uint32_t cp = hexValue(utf8.constData() + i + 2);
                const bool high = cp >= 0xD800 && cp < 0xDC00;
                const bool pairs = high && i + 11 < utf8.size() && utf8[i + 6] == '\\'
                    && utf8[i + 7] == 'u' && isHex(utf8[i + 8]) && isHex(utf8[i + 9])
                    && isHex(utf8[i + 10]) && isHex(utf8[i + 11])
                    && hexValue(utf8.constData() + i + 8) >= 0xDC00
                    && hexValue(utf8.constData() + i + 8) <= 0xDFFF;
                if (pairs) {
                    out.append(utf8.constData() + i, 12);
                    i += 11;
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    out.append("\\ufffd");
                    i += 5;
                } else {
                    out.append(utf8.constData() + i, 6);
                    i += 5;
                }
            } else if (std::strchr("\"\\/bfnrt", e) && e != '\0') {
                out.push_back('\\');
                out.push_back(e);
                ++i;
            } else {
                out.append("\\\\"); // an unknown escape: the backslash is kept as text
            }
        }
    }
    return out;
}

// Mistral sends thinking as {"type":"thinking","thinking":[{"type":"text","text":...}]}; others
// use "text" or a plain string.
void appendThinking(od::value &v, std::string &out)
{
    std::string_view s;
    if (stringValue(v, s)) {
        out.append(s);
        return;
    }
    od::array parts;
    if (v.get_array().get(parts) != simdjson::SUCCESS)
        return;
    forEachElement(parts, [&](od::value &partValue) {
        od::object part;
        if (partValue.get_object().get(part) != simdjson::SUCCESS)
            return;
        forEachField(part, [&](std::string_view key, od::value &value) {
            if (key == "text" && stringValue(value, s))
                out.append(s);
        });
    });
}

void readContent(od::value &v, ChoiceView &choice)
{
    od::json_type type;
    if (v.type().get(type) != simdjson::SUCCESS)
        return;
    if (type == od::json_type::string) {
        std::string_view s;
        if (stringValue(v, s)) {
            choice.content.append(s);
        }
        return;
    }
    od::array parts;
    if (type != od::json_type::array || v.get_array().get(parts) != simdjson::SUCCESS)
        return;
    forEachElement(parts, [&](od::value &partValue) {
        od::object part;
        if (partValue.get_object().get(part) != simdjson::SUCCESS)
            return;
        std::string_view partType, text;
        std::string thinking;
        forEachField(part, [&](std::string_view key, od::value &value) {
            if (key == "type")
                stringValue(value, partType);
            else if (key == "text")
                stringValue(value, text);
            else if (key == "thinking" || key == "reasoning")
                appendThinking(value, thinking);
        });
        if (partType == "thinking" || partType == "reasoning") {
            choice.reasoning.append(thinking.empty() ? std::string(text) : thinking);
        } else if (!text.empty()) {
            choice.content.append(text);
        }
    });
}

void readFunction(od::value &v, ToolCallView &view)
{
    od::object fn;
    if (v.get_object().get(fn) != simdjson::SUCCESS)
        return;
    forEachField(fn, [&](std::string_view key, od::value &value) {
        if (key == "name") {
            stringValue(value, view.name);
        } else if (key == "arguments") {
            if (stringValue(value, view.arguments)) {
                view.hasArguments = true;
                return;
            }
            // Some servers send the arguments as an object, not a string.
            od::object args;
            if (value.get_object().get(args) == simdjson::SUCCESS
                && args.raw_json().get(view.arguments) == simdjson::SUCCESS)
                view.hasArguments = true;
        }
    });
}

void readToolCalls(od::value &v, ChoiceView &choice)
{
    od::array calls;
    if (v.get_array().get(calls) != simdjson::SUCCESS)
        return; // null, as Snowflake sends
    int64_t position = 0;
    forEachElement(calls, [&](od::value &callValue) {
        od::object call;
        if (callValue.get_object().get(call) != simdjson::SUCCESS)
            return;
        ToolCallView view;
        forEachField(call, [&](std::string_view key, od::value &value) {
            if (key == "index") {
                int64_t i;
                if (value.get_int64().get(i) == simdjson::SUCCESS)
                    view.index = i;
            } else if (key == "id") {
                stringValue(value, view.id);
            } else if (key == "type") {
                stringValue(value, view.type);
            } else if (key == "function") {
                readFunction(value, view);
            }
        });
        if (view.index < 0)
            view.index = position;
        ++position;
        choice.toolCalls.push_back(view);
    });
}

// [{"type":"image_url","image_url":{"url":"data:image/png;base64,..."},"index":0}], or with
// "image_url" a plain string as in older content parts.
void readImages(od::value &v, std::vector<ImageUrlView> &images, size_t choice)
{
    od::array entries;
    if (v.get_array().get(entries) != simdjson::SUCCESS)
        return; // null
    forEachElement(entries, [&](od::value &entryValue) {
        od::object entry;
        if (entryValue.get_object().get(entry) != simdjson::SUCCESS)
            return;
        std::string_view url;
        forEachField(entry, [&](std::string_view key, od::value &value) {
            if (key != "image_url" || stringValue(value, url))
                return;
            od::object image;
            if (value.get_object().get(image) != simdjson::SUCCESS)
                return;
            forEachField(image, [&](std::string_view imageKey, od::value &imageValue) {
                if (imageKey == "url")
                    stringValue(imageValue, url);
            });
        });
        if (!url.empty())
            images.push_back({ choice, url });
    });
}

// Reads the fields of a delta (streamed) or a message (non-streamed); they share a shape.
void readDelta(od::value &v, ChoiceView &choice, std::vector<ImageUrlView> &images, size_t position)
{
    od::object delta;
    if (v.get_object().get(delta) != simdjson::SUCCESS)
        return;
    forEachField(delta, [&](std::string_view key, od::value &value) {
        if (key == "content") {
            readContent(value, choice);
        } else if (key == "reasoning_content" || key == "reasoning") {
            std::string_view s;
            if (stringValue(value, s))
                choice.reasoning.append(s);
        } else if (key == "refusal") {
            stringValue(value, choice.refusal);
        } else if (key == "tool_calls") {
            readToolCalls(value, choice);
        } else if (key == "images") {
            readImages(value, images, position);
        }
    });
}

bool readChoice(
    od::value &v, ChoiceView &choice, std::vector<ImageUrlView> &images, size_t position)
{
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS)
        return false;
    return forEachField(obj, [&](std::string_view key, od::value &value) {
        if (key == "index") {
            int64_t i;
            if (value.get_int64().get(i) == simdjson::SUCCESS)
                choice.index = i;
        } else if (key == "delta" || key == "message") {
            readDelta(value, choice, images, position);
        } else if (key == "finish_reason") {
            stringValue(value, choice.finishReason);
        } else if (key == "text") {
            // Legacy completions shape, still sent by some local servers.
            std::string_view s;
            if (stringValue(value, s)) {
                choice.content.append(s);
            }
        }
    });
}

} // namespace

struct SimdChunkReader::Private
{
    od::parser parser;
    std::string buffer; // a padded copy of the JSON, as simdjson requires
    std::vector<ImageUrlView> images;
};

SimdChunkReader::SimdChunkReader()
    : d(std::make_unique<Private>())
{ }

SimdChunkReader::~SimdChunkReader() = default;

const std::vector<ImageUrlView> &SimdChunkReader::images() const
{
    return d->images;
}

bool SimdChunkReader::read(QByteArrayView json, ChunkView &out)
{
    t_badString = false;
    if (readAs(json, out) && !t_badString)
        return true;
    // Invalid UTF-8, raw control characters or a bad escape: read what the server meant, as
    // the fast path does, rather than lose the chunk.
    const std::string fixed = repaired(json);
    t_badString = false;
    return readAs(QByteArrayView(fixed.data(), qsizetype(fixed.size())), out);
}

bool SimdChunkReader::readAs(QByteArrayView json, ChunkView &out)
{
    out.reset();
    d->images.clear();
    const size_t length = size_t(json.size());
    d->buffer.resize(length + simdjson::SIMDJSON_PADDING);
    std::memcpy(d->buffer.data(), json.data(), length);
    // The padding must not hold the previous chunk's bytes: simdjson may read into it, and a
    // truncated document could be completed by them.
    std::memset(d->buffer.data() + length, 0, simdjson::SIMDJSON_PADDING);

    od::document doc;
    od::object root;
    if (d->parser.iterate(d->buffer.data(), length, d->buffer.size()).get(doc) != simdjson::SUCCESS
        || doc.get_object().get(root) != simdjson::SUCCESS)
        return false;

    bool broken = false;
    // simdjson reports truncated or invalid documents lazily, while the fields are walked.
    const bool walked = forEachField(root, [&](std::string_view key, od::value &value) {
        if (key == "choices") {
            out.hasChoices = true;
            od::array choices;
            if (value.get_array().get(choices) != simdjson::SUCCESS)
                return;
            broken |= !forEachElement(choices, [&](od::value &c) {
                ChoiceView &view = out.addChoice();
                const size_t position = out.choiceCount - 1;
                const size_t imagesBefore = d->images.size();
                if (!readChoice(c, view, d->images, position)) {
                    --out.choiceCount; // its slot goes to the next choice, and so would its images
                    d->images.resize(imagesBefore);
                }
            });
        } else if (key == "usage") {
            od::object usage;
            if (value.get_object().get(usage) == simdjson::SUCCESS
                && usage.raw_json().get(out.usage) != simdjson::SUCCESS)
                out.usage = {};
        } else if (key == "model") {
            stringValue(value, out.model);
        } else if (key == "id") {
            stringValue(value, out.id);
        } else if (key == "system_fingerprint") {
            stringValue(value, out.systemFingerprint);
        } else if (key == "error") {
            // "error": null or false (as some servers send on every chunk) is no error.
            od::json_type type;
            std::string_view text;
            if (value.type().get(type) == simdjson::SUCCESS)
                out.hasError = type == od::json_type::object
                    || (type == od::json_type::string && stringValue(value, text) && !text.empty());
        }
    });
    return walked && !broken;
}

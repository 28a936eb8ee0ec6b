#include "streamdecoder.h"

#include "thinksplitter.h"

#include <QHash>

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace od = simdjson::ondemand;

namespace {

struct ToolCallView
{
    int64_t index = -1;
    std::string_view id, type, name, arguments;
    bool hasArguments = false;
};

// What one choice of one chunk carries. Views point into the parser's buffers, valid until the
// next document is parsed.
struct ChoiceView
{
    int64_t index = 0;
    std::string content;   // assembled: content may come as a string or as parts
    std::string reasoning;
    std::string_view refusal;
    std::string_view finishReason;
    std::vector<ToolCallView> toolCalls;
    bool hasContent = false;
};

// Calls f(key, value) for each field; false when the JSON is broken.
template<class F>
bool forEachField(od::object &object, F &&f)
{
    for (auto result : object) {
        od::field field;
        std::string_view key;
        if (std::move(result).get(field) != simdjson::SUCCESS || field.unescaped_key().get(key) != simdjson::SUCCESS)
            return false;
        f(key, field.value());
    }
    return true;
}

template<class F>
bool forEachElement(od::array &array, F &&f)
{
    for (auto result : array) {
        od::value v;
        if (std::move(result).get(v) != simdjson::SUCCESS)
            return false;
        f(v);
    }
    return true;
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

bool stringValue(od::value &v, std::string_view &out)
{
    return v.get_string().get(out) == simdjson::SUCCESS;
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
            choice.hasContent = true;
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
            choice.hasContent = true;
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

// Reads the fields of a delta (streamed) or a message (non-streamed); they share a shape.
void readDelta(od::value &v, ChoiceView &choice)
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
        }
    });
}

bool readChoice(od::value &v, ChoiceView &choice)
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
            readDelta(value, choice);
        } else if (key == "finish_reason") {
            stringValue(value, choice.finishReason);
        } else if (key == "text") {
            // Legacy completions shape, still sent by some local servers.
            std::string_view s;
            if (stringValue(value, s)) {
                choice.content.append(s);
                choice.hasContent = true;
            }
        }
    });
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.chop(1);
    return s;
}

} // namespace

struct StreamDecoder::Parser
{
    od::parser parser;
    std::string buffer; // a padded copy of the JSON, as simdjson requires
    std::vector<ChoiceView> choices;
    QHash<int, ThinkSplitter> splitters;
};

StreamDecoder::StreamDecoder()
    : d(std::make_unique<Parser>())
{
}

StreamDecoder::~StreamDecoder() = default;
StreamDecoder::StreamDecoder(StreamDecoder &&) noexcept = default;
StreamDecoder &StreamDecoder::operator=(StreamDecoder &&) noexcept = default;

bool StreamDecoder::hasFinishReason() const
{
    for (const ChoiceResult &c : m_result.choices) {
        if (!c.finishReason.isEmpty())
            return true;
    }
    return false;
}

QList<int> StreamDecoder::takeToolCallChanges()
{
    return std::exchange(m_toolCallChanges, {});
}

bool StreamDecoder::takeUsageChanged()
{
    return std::exchange(m_usageChanged, false);
}

StreamDecoder::Outcome StreamDecoder::decodeEvent(QByteArrayView type, QByteArrayView data)
{
    if (m_error.isError())
        return Outcome::Failed;
    const QByteArrayView json = trimmed(data);
    if (type == "error") {
        m_error = ApiError::fromStreamEvent(json);
        return Outcome::Failed;
    }
    if (json == "[DONE]") {
        m_result.doneMarker = true;
        return Outcome::Done;
    }
    if (json.isEmpty() || (json.front() != '{' && json.front() != '['))
        return Outcome::Continue; // a non-JSON keep-alive such as "ping"
    return decodeObject(json, Shape::Chunk);
}

StreamDecoder::Outcome StreamDecoder::decodeCompletion(QByteArrayView body)
{
    const QByteArrayView json = trimmed(body);
    const Outcome outcome = decodeObject(json, Shape::Completion);
    if (outcome == Outcome::Failed)
        return outcome;
    if (m_result.choices.isEmpty()) {
        m_error = ApiError::fromErrorJson(json, 200, ApiError::Code::BadResponse);
        if (!m_error.isError()) {
            m_error = ApiError(ApiError::Code::BadResponse,
                               ApiError::tr("the server's reply contains no answer (no \"choices\")"));
            m_error.setHttpStatus(200);
        }
        return Outcome::Failed;
    }
    finish();
    return Outcome::Done;
}

StreamDecoder::Outcome StreamDecoder::decodeObject(QByteArrayView json, Shape shape)
{
    Parser &p = *d;
    const size_t length = size_t(json.size());
    p.buffer.resize(length + simdjson::SIMDJSON_PADDING);
    std::memcpy(p.buffer.data(), json.data(), length);

    od::document doc;
    od::object root;
    bool hasError = false;
    p.choices.clear();

    auto fail = [&] {
        m_error = ApiError(ApiError::Code::BadResponse,
                           ApiError::tr("the server sent malformed JSON: %1")
                               .arg(QString::fromUtf8(json.first(std::min<qsizetype>(json.size(), 120)))));
        m_error.setHttpStatus(200);
        return Outcome::Failed;
    };

    if (p.parser.iterate(p.buffer.data(), length, p.buffer.size()).get(doc) != simdjson::SUCCESS
        || doc.get_object().get(root) != simdjson::SUCCESS)
        return fail();

    bool broken = false;
    const bool walked = forEachField(root, [&](std::string_view key, od::value &value) {
        if (key == "choices") {
            od::array choices;
            if (value.get_array().get(choices) != simdjson::SUCCESS)
                return;
            broken |= !forEachElement(choices, [&](od::value &c) {
                ChoiceView view;
                view.index = int64_t(p.choices.size()); // until the choice says otherwise
                if (readChoice(c, view))
                    p.choices.push_back(std::move(view));
            });
        } else if (key == "usage") {
            od::object usage;
            std::string_view raw;
            if (value.get_object().get(usage) == simdjson::SUCCESS
                && usage.raw_json().get(raw) == simdjson::SUCCESS) {
                m_result.usageJson = QByteArray(raw.data(), qsizetype(raw.size()));
                m_usageChanged = true;
            }
        } else if (key == "model" || key == "id" || key == "system_fingerprint") {
            std::string_view s;
            if (!stringValue(value, s) || s.empty())
                return;
            QString &target = key == "model" ? m_result.model
                              : key == "id"  ? m_result.id
                                             : m_result.systemFingerprint;
            if (target.size() != qsizetype(s.size()) || target != toQString(s))
                target = toQString(s);
        } else if (key == "error") {
            if (!value.is_null())
                hasError = true;
        }
    });
    // simdjson reports truncated or invalid documents lazily, while the fields are walked.
    if (!walked || broken)
        return fail();

    for (ChoiceView &view : p.choices) {
        ChoiceResult &choice = m_result.choice(int(view.index));
        if (!view.content.empty()) {
            const QString text = QString::fromUtf8(view.content.data(), qsizetype(view.content.size()));
            if (m_splitThink)
                p.splitters[choice.index].feed(text, choice.content, choice.reasoning);
            else
                choice.content += text;
        }
        if (!view.reasoning.empty())
            choice.reasoning += QString::fromUtf8(view.reasoning.data(), qsizetype(view.reasoning.size()));
        if (!view.refusal.empty())
            choice.refusal += toQString(view.refusal);
        if (!view.finishReason.empty())
            choice.finishReason = toQString(view.finishReason);
        for (const ToolCallView &tv : view.toolCalls) {
            ToolCall *call = nullptr;
            for (ToolCall &existing : choice.toolCalls) {
                if (existing.index == tv.index)
                    call = &existing;
            }
            if (!call) {
                ToolCall fresh;
                fresh.index = int(tv.index);
                choice.toolCalls.append(fresh);
                call = &choice.toolCalls.last();
            }
            if (!tv.id.empty())
                call->id = toQString(tv.id);
            if (!tv.type.empty())
                call->type = toQString(tv.type);
            if (!tv.name.empty()) {
                const QString name = toQString(tv.name);
                if (call->name.isEmpty() || shape == Shape::Completion)
                    call->name = name;
                else if (call->name != name)
                    call->name += name;
            }
            if (tv.hasArguments)
                call->arguments += toQString(tv.arguments);
            if (!m_toolCallChanges.contains(choice.index))
                m_toolCallChanges.append(choice.index);
        }
    }

    if (hasError) {
        m_error = ApiError::fromStreamEvent(json);
        return Outcome::Failed;
    }
    return Outcome::Continue;
}

void StreamDecoder::finish()
{
    for (auto it = d->splitters.begin(); it != d->splitters.end(); ++it) {
        ChoiceResult &choice = m_result.choice(it.key());
        it.value().finish(choice.content, choice.reasoning);
    }
}

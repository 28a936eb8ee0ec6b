#include "streamdecoder.h"

#include "chunkview.h"
#include "fastchunkscanner.h"
#include "simdchunkreader.h"
#include "thinksplitter.h"

#include <QStringDecoder>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int64_t MaxChoiceIndex = 1024;

// Appends UTF-8 to a QString without a temporary QString per delta: the hot path of streaming.
void appendUtf8(QString &target, std::string_view s)
{
    bool ascii = true;
    const char *p = s.data();
    const char *end = p + s.size();
    for (; end - p >= 8 && ascii; p += 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        ascii = (word & 0x8080808080808080ULL) == 0;
    }
    for (; p < end && ascii; ++p)
        ascii = static_cast<unsigned char>(*p) < 0x80;
    if (ascii) {
        target.append(QLatin1StringView(s.data(), qsizetype(s.size())));
        return;
    }
    const qsizetype old = target.size();
    target.resize(old + qsizetype(s.size())); // UTF-16 never needs more units than UTF-8 bytes
    // Stateless: an incomplete sequence at the end becomes U+FFFD instead of vanishing.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QChar *written = decoder.appendToBuffer(
        target.data() + old, QByteArrayView(s.data(), qsizetype(s.size())));
    target.resize(written - target.constData());
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty()
        && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s = s.sliced(1);
    while (!s.isEmpty()
        && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.chop(1);
    return s;
}

} // namespace

struct StreamDecoder::Parser
{
    FastChunkScanner scanner;
    SimdChunkReader reader;
    ChunkView chunk;
    std::vector<std::pair<int, ThinkSplitter>> splitters;
    // The raw values last seen, so a repeated model/id costs a comparison, not a conversion.
    std::string model, id, fingerprint;

    ThinkSplitter &splitter(int index)
    {
        for (auto &entry : splitters) {
            if (entry.first == index)
                return entry.second;
        }
        splitters.emplace_back(index, ThinkSplitter());
        return splitters.back().second;
    }
};

StreamDecoder::StreamDecoder()
    : d(std::make_unique<Parser>())
{ }

StreamDecoder::~StreamDecoder() = default;
StreamDecoder::StreamDecoder(StreamDecoder &&) noexcept = default;
StreamDecoder &StreamDecoder::operator=(StreamDecoder &&) noexcept = default;

bool StreamDecoder::allChoicesFinished() const
{
    for (const ChoiceResult &c : m_result.choices) {
        if (c.finishReason.isEmpty())
            return false;
    }
    return !m_result.choices.isEmpty();
}

QList<int> StreamDecoder::takeToolCallChanges()
{
    return std::exchange(m_toolCallChanges, {});
}

QList<int> StreamDecoder::takeImageChanges()
{
    return std::exchange(m_imageChanges, {});
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
        if (m_result.choices.isEmpty()) {
            m_error = ApiError(ApiError::Code::BadResponse,
                ApiError::tr("the server ended the stream without any answer"));
            m_error.setHttpStatus(200);
            return Outcome::Failed;
        }
        return Outcome::Done;
    }
    if (json.isEmpty() || json.front() != '{')
        return Outcome::Continue; // a non-JSON keep-alive such as "ping"
    if (m_fastPath && d->scanner.scan(json, d->chunk)) {
        apply(Shape::Chunk);
        return Outcome::Continue;
    }
    return decodeObject(json, Shape::Chunk);
}

StreamDecoder::Outcome StreamDecoder::decodeCompletion(QByteArrayView body)
{
    QByteArrayView json = trimmed(body);
    if (json.startsWith("\xEF\xBB\xBF"))
        json = trimmed(json.sliced(3));
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
    if (!d->reader.read(json, d->chunk)) {
        m_error = ApiError(ApiError::Code::BadResponse,
            ApiError::tr("the server sent malformed JSON: %1")
                .arg(QString::fromUtf8(json.first(std::min<qsizetype>(json.size(), 120)))));
        m_error.setHttpStatus(200);
        return Outcome::Failed;
    }
    apply(shape);
    applyImages();
    if (d->chunk.hasError) {
        m_error = shape == Shape::Chunk
            ? ApiError::fromStreamEvent(json)
            : ApiError::fromErrorJson(json, 200, ApiError::Code::BadResponse);
        return Outcome::Failed;
    }
    if (shape == Shape::Chunk && !d->chunk.hasChoices && d->chunk.usage.empty()) {
        // An error in another dialect ({"message":...}, {"codes":900,"mess":...}) mid-stream.
        ApiError error = ApiError::fromErrorJson(json, 200, ApiError::Code::InStream);
        if (error.isError()) {
            m_error = error;
            return Outcome::Failed;
        }
    }
    return Outcome::Continue;
}

void StreamDecoder::apply(Shape shape)
{
    Parser &p = *d;
    const ChunkView &chunk = p.chunk;
    auto remember = [](std::string &seen, std::string_view value, QString &target) {
        if (value.empty() || seen == value)
            return;
        seen.assign(value);
        target = toQString(value);
    };
    remember(p.model, chunk.model, m_result.model);
    remember(p.id, chunk.id, m_result.id);
    remember(p.fingerprint, chunk.systemFingerprint, m_result.systemFingerprint);
    if (!chunk.usage.empty()) {
        m_result.usageJson = QByteArray(chunk.usage.data(), qsizetype(chunk.usage.size()));
        m_usageChanged = true;
    }

    for (size_t i = 0; i < chunk.choiceCount; ++i) {
        const ChoiceView &view = chunk.choices[i];
        if (view.index < 0 || view.index > MaxChoiceIndex)
            continue; // nonsense that would otherwise wrap around to a real choice
        ChoiceResult &choice = m_result.choice(int(view.index));
        if (!view.content.empty()) {
            ThinkSplitter *splitter = m_splitThink ? &p.splitter(choice.index) : nullptr;
            if (splitter
                && !splitter->passesThrough(view.content.data(), qsizetype(view.content.size())))
                splitter->feed(toQString(view.content), choice.content, choice.reasoning);
            else
                appendUtf8(choice.content, view.content);
        }
        if (!view.reasoning.empty())
            appendUtf8(choice.reasoning, view.reasoning);
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
                // Names come whole in the first delta; a few servers stream them in pieces.
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
}

// Each image is decoded once, as it arrives: a data: URL may be megabytes of base64, which the
// result keeps as bytes rather than as text.
void StreamDecoder::applyImages()
{
    for (const ImageUrlView &view : d->reader.images()) {
        const int64_t index = d->chunk.choices[view.choice].index;
        if (index < 0 || index > MaxChoiceIndex)
            continue;
        std::optional<GeneratedImage> image
            = GeneratedImage::fromUrl(QByteArrayView(view.url.data(), qsizetype(view.url.size())));
        if (!image)
            continue;
        ChoiceResult &choice = m_result.choice(int(index));
        choice.images.append(std::move(*image));
        if (!m_imageChanges.contains(choice.index))
            m_imageChanges.append(choice.index);
    }
}

void StreamDecoder::finish()
{
    for (auto &[index, splitter] : d->splitters) {
        ChoiceResult &choice = m_result.choice(index);
        splitter.finish(choice.content, choice.reasoning);
    }
}

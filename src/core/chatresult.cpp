#include "chatresult.h"

#include "logging.h"

#include <QBuffer>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <algorithm>

QJsonObject ToolCall::toJson() const
{
    return QJsonObject { { QStringLiteral("index"), index }, { QStringLiteral("id"), id },
        { QStringLiteral("type"), type }, { QStringLiteral("name"), name },
        { QStringLiteral("arguments"), arguments } };
}

namespace {
qint64 tokenCount(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue v = object.value(key);
    return v.isDouble() ? qint64(v.toDouble()) : -1;
}
QJsonValue nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

bool hasScheme(QByteArrayView url, QByteArrayView scheme)
{
    return url.size() >= scheme.size()
        && url.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) == 0;
}

// The formats kept, by QImageReader's name for them, with the MIME type stored. Qt reads more
// (TGA, PBM, ICO), but no image model makes those and no chat API takes them back.
const char *mimeForFormat(const QByteArray &format)
{
    static constexpr struct
    {
        const char *format;
        const char *mime;
    } Known[] = {
        { "png", "image/png" },
        { "jpeg", "image/jpeg" },
        { "jpg", "image/jpeg" },
        { "gif", "image/gif" },
        { "webp", "image/webp" },
        { "bmp", "image/bmp" },
        { "tiff", "image/tiff" },
        { "tif", "image/tiff" },
        { "avif", "image/avif" },
        { "heic", "image/heic" },
        { "heif", "image/heif" },
    };
    for (const auto &known : Known) {
        if (format.compare(known.format, Qt::CaseInsensitive) == 0)
            return known.mime;
    }
    return nullptr;
}
} // namespace

QJsonObject GeneratedImage::toJson() const
{
    QJsonObject o;
    if (isRemote()) {
        o.insert(QStringLiteral("url"), url);
        return o;
    }
    const QString dataUrl = QLatin1StringView("data:") + QLatin1StringView(mimeType)
        + QLatin1StringView(";base64,") + QLatin1StringView(bytes.toBase64());
    o.insert(QStringLiteral("url"), dataUrl);
    o.insert(QStringLiteral("mime_type"), QString::fromLatin1(mimeType));
    o.insert(QStringLiteral("width"), width);
    o.insert(QStringLiteral("height"), height);
    return o;
}

std::optional<GeneratedImage> GeneratedImage::fromUrl(QByteArrayView url)
{
    url = url.trimmed();
    GeneratedImage image;
    if (hasScheme(url, "http://") || hasScheme(url, "https://")) {
        const QUrl parsed(QString::fromUtf8(url), QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty()) {
            qCWarning(lcSse) << "dropped a generated image: its URL is not valid";
            return std::nullopt;
        }
        image.url = QString::fromUtf8(url);
        return image;
    }
    if (!hasScheme(url, "data:")) {
        // Only the scheme: the rest may be long, or say more than a log should.
        const qsizetype colon = url.first(std::min<qsizetype>(url.size(), 16)).indexOf(':');
        qCWarning(lcSse) << "dropped a generated image: not a data: or http(s) URL but"
                         << (colon > 0 ? url.first(colon) : QByteArrayView("?"));
        return std::nullopt;
    }
    const qsizetype comma = url.indexOf(',');
    if (comma < 0) {
        qCWarning(lcSse) << "dropped a generated image: a data: URL without data";
        return std::nullopt;
    }
    // What the URL says the type is counts for nothing: only the bytes do.
    const QByteArrayView header = url.sliced(5, comma - 5);
    const QByteArray payload
        = QByteArray::fromRawData(url.data() + comma + 1, url.size() - comma - 1);
    const bool base64 = header.size() >= 7
        && header.last(7).compare(QByteArrayView(";base64"), Qt::CaseInsensitive) == 0;
    // Lenient, as browsers are: base64 wrapped in lines still decodes.
    image.bytes
        = base64 ? QByteArray::fromBase64(payload) : QByteArray::fromPercentEncoding(payload);
    QBuffer buffer(&image.bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format();
    const char *mime = mimeForFormat(format);
    if (image.bytes.isEmpty() || !mime) {
        qCWarning(lcSse).nospace()
            << "dropped a generated image: its " << image.bytes.size()
            << " bytes are no image Confab keeps (format \"" << format << "\")";
        return std::nullopt;
    }
    image.mimeType = mime;
    // From the header alone: decoding every pixel is left to whoever shows the image.
    const QSize size = reader.size();
    if (size.isValid()) {
        image.width = size.width();
        image.height = size.height();
    }
    return image;
}

Usage Usage::fromJson(const QJsonObject &object)
{
    Usage u;
    u.raw = object;
    u.promptTokens = tokenCount(object, QLatin1StringView("prompt_tokens"));
    u.completionTokens = tokenCount(object, QLatin1StringView("completion_tokens"));
    u.totalTokens = tokenCount(object, QLatin1StringView("total_tokens"));
    const QJsonObject completion
        = object.value(QLatin1StringView("completion_tokens_details")).toObject();
    u.reasoningTokens = tokenCount(completion, QLatin1StringView("reasoning_tokens"));
    const QJsonObject prompt = object.value(QLatin1StringView("prompt_tokens_details")).toObject();
    u.cachedTokens = tokenCount(prompt, QLatin1StringView("cached_tokens"));
    if (u.cachedTokens < 0) // DeepSeek's own name for the same figure
        u.cachedTokens = tokenCount(object, QLatin1StringView("prompt_cache_hit_tokens"));
    return u;
}

QJsonObject ChoiceResult::toJson() const
{
    QJsonArray calls;
    for (const ToolCall &call : toolCalls)
        calls.append(call.toJson());
    QJsonArray made;
    for (const GeneratedImage &image : images)
        made.append(image.toJson());
    return QJsonObject { { QStringLiteral("index"), index }, { QStringLiteral("content"), content },
        { QStringLiteral("reasoning"), nullIfEmpty(reasoning) },
        { QStringLiteral("refusal"), nullIfEmpty(refusal) },
        { QStringLiteral("finish_reason"), nullIfEmpty(finishReason) },
        { QStringLiteral("tool_calls"), calls }, { QStringLiteral("images"), made } };
}

Usage ChatResult::usage() const
{
    if (usageJson.isEmpty())
        return {};
    return Usage::fromJson(QJsonDocument::fromJson(usageJson).object());
}

ChoiceResult &ChatResult::choice(int index)
{
    auto it = std::lower_bound(choices.begin(), choices.end(), index,
        [](const ChoiceResult &c, int i) { return c.index < i; });
    if (it != choices.end() && it->index == index)
        return *it;
    ChoiceResult fresh;
    fresh.index = index;
    return *choices.insert(it, fresh);
}

const ChoiceResult *ChatResult::findChoice(int index) const
{
    for (const ChoiceResult &c : choices) {
        if (c.index == index)
            return &c;
    }
    return nullptr;
}

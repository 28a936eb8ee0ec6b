#include "message.h"

namespace {
struct StateName
{
    Message::State state;
    const char *name;
};
constexpr StateName StateNames[] = {
    { Message::State::Complete, "complete" },
    { Message::State::Streaming, "streaming" },
    { Message::State::Stopped, "stopped" },
    { Message::State::CutOff, "cut_off" },
    { Message::State::Failed, "failed" },
    { Message::State::Interrupted, "interrupted" },
};
} // namespace

QString Message::stateName(State state)
{
    for (const StateName &s : StateNames) {
        if (s.state == state)
            return QLatin1StringView(s.name);
    }
    return {};
}

Message::State Message::stateFromName(const QString &name, State fallback)
{
    for (const StateName &s : StateNames) {
        if (name == QLatin1StringView(s.name))
            return s.state;
    }
    return fallback;
}

bool Message::operator==(const Message &o) const
{
    return id == o.id && parentId == o.parentId && role == o.role && text == o.text
        && images == o.images && reasoning == o.reasoning && toolCalls == o.toolCalls
        && toolCallId == o.toolCallId && refusal == o.refusal && model == o.model
        && usage == o.usage && timings == o.timings && finishReason == o.finishReason
        && state == o.state && error == o.error && created == o.created;
}

QJsonObject ImageRef::toJson() const
{
    QJsonObject o;
    if (!hash.isEmpty())
        o.insert(QStringLiteral("hash"), QString::fromLatin1(hash));
    if (!mimeType.isEmpty())
        o.insert(QStringLiteral("mime"), QString::fromLatin1(mimeType));
    if (!url.isEmpty())
        o.insert(QStringLiteral("url"), url);
    if (detail != ContentPart::Detail::Unset)
        o.insert(QStringLiteral("detail"), ContentPart::detailName(detail));
    if (width > 0)
        o.insert(QStringLiteral("width"), width);
    if (height > 0)
        o.insert(QStringLiteral("height"), height);
    return o;
}

ImageRef ImageRef::fromJson(const QJsonObject &o)
{
    ImageRef i;
    i.hash = o.value(QLatin1StringView("hash")).toString().toLatin1();
    i.mimeType = o.value(QLatin1StringView("mime")).toString().toLatin1();
    i.url = o.value(QLatin1StringView("url")).toString();
    i.detail = ContentPart::detailFromName(o.value(QLatin1StringView("detail")).toString());
    i.width = o.value(QLatin1StringView("width")).toInt();
    i.height = o.value(QLatin1StringView("height")).toInt();
    return i;
}

QJsonArray ImageRef::listToJson(const QList<ImageRef> &images)
{
    QJsonArray a;
    for (const ImageRef &i : images)
        a.append(i.toJson());
    return a;
}

QList<ImageRef> ImageRef::listFromJson(const QJsonArray &array)
{
    QList<ImageRef> images;
    images.reserve(array.size());
    for (const QJsonValue v : array)
        images.append(fromJson(v.toObject()));
    return images;
}

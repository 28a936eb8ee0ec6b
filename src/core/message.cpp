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

#include "chatresult.h"

#include <QJsonArray>
#include <QJsonDocument>

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
} // namespace

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
    return QJsonObject { { QStringLiteral("index"), index }, { QStringLiteral("content"), content },
        { QStringLiteral("reasoning"), nullIfEmpty(reasoning) },
        { QStringLiteral("refusal"), nullIfEmpty(refusal) },
        { QStringLiteral("finish_reason"), nullIfEmpty(finishReason) },
        { QStringLiteral("tool_calls"), calls } };
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

#include "chatrequest.h"

#include <QJsonDocument>

QString ContentPart::detailName(Detail detail)
{
    switch (detail) {
    case Detail::Auto:
        return QStringLiteral("auto");
    case Detail::Low:
        return QStringLiteral("low");
    case Detail::High:
        return QStringLiteral("high");
    case Detail::Unset:
        break;
    }
    return {};
}

ContentPart::Detail ContentPart::detailFromName(const QString &name, bool *ok)
{
    for (Detail d : { Detail::Unset, Detail::Auto, Detail::Low, Detail::High }) {
        if (detailName(d) == name) {
            if (ok)
                *ok = true;
            return d;
        }
    }
    if (ok)
        *ok = false;
    return Detail::Unset;
}

ContentPart ContentPart::fromText(const QString &text)
{
    ContentPart p;
    p.type = Type::Text;
    p.text = text;
    return p;
}

ContentPart ContentPart::fromImageUrl(const QString &url, Detail detail)
{
    ContentPart p;
    p.type = Type::ImageUrl;
    p.url = url;
    p.detail = detail;
    return p;
}

QJsonObject ContentPart::toJson() const
{
    if (type == Type::Text)
        return { { QStringLiteral("type"), QStringLiteral("text") },
            { QStringLiteral("text"), text } };
    QJsonObject image { { QStringLiteral("url"), url } };
    if (detail != Detail::Unset)
        image.insert(QStringLiteral("detail"), detailName(detail));
    return { { QStringLiteral("type"), QStringLiteral("image_url") },
        { QStringLiteral("image_url"), image } };
}

ChatMessage ChatMessage::system(const QString &text)
{
    ChatMessage m;
    m.role = Role::System;
    m.text = text;
    return m;
}

ChatMessage ChatMessage::user(const QString &text)
{
    ChatMessage m;
    m.role = Role::User;
    m.text = text;
    return m;
}

ChatMessage ChatMessage::assistant(const QString &text)
{
    ChatMessage m;
    m.role = Role::Assistant;
    m.text = text;
    return m;
}

QString ChatMessage::roleName(Role role)
{
    switch (role) {
    case Role::System:
        return QStringLiteral("system");
    case Role::Developer:
        return QStringLiteral("developer");
    case Role::User:
        return QStringLiteral("user");
    case Role::Assistant:
        return QStringLiteral("assistant");
    case Role::Tool:
        return QStringLiteral("tool");
    }
    return {};
}

QJsonObject ChatMessage::toJson() const
{
    QJsonObject o { { QStringLiteral("role"), roleName(role) } };
    if (!parts.isEmpty()) {
        QJsonArray array;
        for (const ContentPart &part : parts)
            array.append(part.toJson());
        o.insert(QStringLiteral("content"), array);
    } else if (role == Role::Assistant && text.isEmpty() && !toolCalls.isEmpty()) {
        o.insert(QStringLiteral("content"), QJsonValue::Null);
    } else {
        o.insert(QStringLiteral("content"), text);
    }
    if (!name.isEmpty())
        o.insert(QStringLiteral("name"), name);
    if (!toolCalls.isEmpty())
        o.insert(QStringLiteral("tool_calls"), toolCalls);
    if (!toolCallId.isEmpty())
        o.insert(QStringLiteral("tool_call_id"), toolCallId);
    if (reasoningContent)
        o.insert(QStringLiteral("reasoning_content"), *reasoningContent);
    return o;
}

std::optional<ChatRequest::ResponseFormat> ChatRequest::responseFormatFromString(
    const QString &name)
{
    if (name == QLatin1StringView("text"))
        return ResponseFormat::Text;
    if (name == QLatin1StringView("json_object"))
        return ResponseFormat::JsonObject;
    if (name == QLatin1StringView("json_schema"))
        return ResponseFormat::JsonSchema;
    return std::nullopt;
}

QJsonObject ChatRequest::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("model"), model);
    QJsonArray messageArray;
    for (const ChatMessage &m : messages)
        messageArray.append(m.toJson());
    o.insert(QStringLiteral("messages"), messageArray);

    auto put = [&o](const char *key, const auto &optional) {
        if (optional)
            o.insert(QLatin1StringView(key), *optional);
    };
    put("stream", stream);
    if (includeUsage)
        o.insert(QStringLiteral("stream_options"),
            QJsonObject { { QStringLiteral("include_usage"), *includeUsage } });
    put("max_tokens", maxTokens);
    put("max_completion_tokens", maxCompletionTokens);
    put("temperature", temperature);
    put("top_p", topP);
    put("n", n);
    if (stop && !stop->isEmpty()) {
        if (stop->size() == 1)
            o.insert(QStringLiteral("stop"), stop->first());
        else
            o.insert(QStringLiteral("stop"), QJsonArray::fromStringList(*stop));
    }
    put("presence_penalty", presencePenalty);
    put("frequency_penalty", frequencyPenalty);
    put("logit_bias", logitBias);
    put("seed", seed);
    put("user", user);
    if (responseFormat) {
        switch (*responseFormat) {
        case ResponseFormat::Text:
            o.insert(QStringLiteral("response_format"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("text") } });
            break;
        case ResponseFormat::JsonObject:
            o.insert(QStringLiteral("response_format"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("json_object") } });
            break;
        case ResponseFormat::JsonSchema:
            o.insert(QStringLiteral("response_format"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("json_schema") },
                    { QStringLiteral("json_schema"), jsonSchema } });
            break;
        }
    }
    put("tools", tools);
    put("tool_choice", toolChoice);
    put("parallel_tool_calls", parallelToolCalls);
    put("reasoning_effort", reasoningEffort);
    put("enable_thinking", enableThinking);
    put("extra_body", extraBody);
    put("web_search_options", webSearchOptions);
    for (auto it = extraFields.begin(); it != extraFields.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QByteArray ChatRequest::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

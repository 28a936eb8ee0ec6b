#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

struct ContentPart
{
    enum class Type { Text, ImageUrl };
    enum class Detail { Unset, Auto, Low, High };

    Type type = Type::Text;
    QString text;
    QString url; // http(s) URL or data: URL
    Detail detail = Detail::Unset;

    // "auto", "low", "high" as the API spells them; empty for Unset.
    static QString detailName(Detail detail);
    // The Detail a name stands for; `ok` is false for a name the API does not know.
    static Detail detailFromName(const QString &name, bool *ok = nullptr);

    static ContentPart fromText(const QString &text);
    static ContentPart fromImageUrl(const QString &url, Detail detail = Detail::Unset);
    QJsonObject toJson() const;
};

struct ChatMessage
{
    enum class Role { System, Developer, User, Assistant, Tool };

    Role role = Role::User;
    // Content is either plain text or parts; with parts set, they are sent as an array.
    QString text;
    QList<ContentPart> parts;
    QString name;
    QJsonArray toolCalls; // assistant messages that called tools
    QString toolCallId; // tool messages
    // Sent back only when a provider needs it (thinking models with tool calls).
    std::optional<QString> reasoningContent;

    static ChatMessage system(const QString &text);
    static ChatMessage user(const QString &text);
    static ChatMessage assistant(const QString &text);
    static QString roleName(Role role);

    QJsonObject toJson() const;
};

// A chat completion request. Every field but model and messages is optional, and an unset
// field is absent from the JSON: the server's own default applies.
struct ChatRequest
{
    enum class ResponseFormat { Text, JsonObject, JsonSchema };

    QString model;
    QList<ChatMessage> messages;
    std::optional<bool> stream;
    std::optional<bool> includeUsage; // stream_options.include_usage
    std::optional<qint64> maxTokens;
    std::optional<qint64> maxCompletionTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> n;
    std::optional<QStringList> stop; // one string is sent as a string, several as an array
    std::optional<double> presencePenalty;
    std::optional<double> frequencyPenalty;
    std::optional<QJsonObject> logitBias;
    std::optional<qint64> seed;
    std::optional<QString> user;
    std::optional<ResponseFormat> responseFormat;
    QJsonObject jsonSchema; // with ResponseFormat::JsonSchema: {"name":..., "schema":{...}, ...}
    std::optional<QJsonArray> tools;
    std::optional<QJsonValue> toolChoice; // "none" / "auto" / "required" or an object
    std::optional<bool> parallelToolCalls;
    std::optional<QString> reasoningEffort;
    std::optional<bool> enableThinking;
    std::optional<QJsonObject> extraBody;
    std::optional<QJsonObject> webSearchOptions;
    // Fields no document knows yet, merged into the top level last (they win).
    QJsonObject extraFields;

    bool isStreaming() const { return stream.value_or(false); }
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;

    static std::optional<ResponseFormat> responseFormatFromString(const QString &name);
};

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

struct ToolCall
{
    int index = 0;
    QString id;
    QString type;
    QString name;
    QString arguments; // concatenated fragments, as the model wrote them

    QJsonObject toJson() const;
};

// Token counts as the server reported them; -1 where it reported nothing.
struct Usage
{
    qint64 promptTokens = -1;
    qint64 completionTokens = -1;
    qint64 totalTokens = -1;
    qint64 reasoningTokens = -1;
    qint64 cachedTokens = -1;
    QJsonObject raw; // the whole object, vendor extras included

    static Usage fromJson(const QJsonObject &object);
};

// An image the model made, sent beside its text in an "images" array (as gateways such as
// OpenRouter do for image models). One sent embedded (a data: URL) holds its bytes, known to be
// an image, with the type and size read from the bytes, never from the URL; a remote one holds
// its http(s) URL.
struct GeneratedImage
{
    QByteArray bytes;
    QByteArray mimeType;
    QString url; // a remote image; empty for an embedded one
    int width = 0;
    int height = 0;

    bool isRemote() const { return bytes.isEmpty(); }
    QJsonObject toJson() const; // an embedded image as a data: URL again

    // The image a URL from the server carries or names; nullopt, with a warning, for anything
    // else (bytes that are no image Confab can read, another scheme).
    static std::optional<GeneratedImage> fromUrl(QByteArrayView url);
};

struct ChoiceResult
{
    int index = 0;
    QString content;
    QString reasoning;
    QString refusal;
    QString finishReason; // empty until the server sends one
    QList<ToolCall> toolCalls;
    QList<GeneratedImage> images; // in the order they came

    QJsonObject toJson() const;
};

// Everything one chat completion produced so far, streamed or not.
struct ChatResult
{
    QString id;
    QString model;
    QString systemFingerprint;
    QList<ChoiceResult> choices; // ordered by index
    QByteArray usageJson; // the last non-null usage object, raw; empty when none
    bool doneMarker = false; // data: [DONE] was received

    bool hasUsage() const { return !usageJson.isEmpty(); }
    Usage usage() const;
    ChoiceResult &choice(int index);
    const ChoiceResult *findChoice(int index) const;
};

#pragma once

#include "chatrequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// An image a message refers to: stored once by content hash, or a remote URL sent as is.
struct ImageRef
{
    QByteArray hash; // SHA-256 (hex) of the stored bytes; empty for a remote image
    QByteArray mimeType; // of the stored bytes
    QString url; // a remote http(s) image; empty for a stored one
    ContentPart::Detail detail = ContentPart::Detail::Unset;
    int width = 0;
    int height = 0;

    bool isRemote() const { return hash.isEmpty(); }

    // The form stored in the database and in Confab JSON exports: only the members set.
    QJsonObject toJson() const;
    static ImageRef fromJson(const QJsonObject &object);
    static QJsonArray listToJson(const QList<ImageRef> &images);
    static QList<ImageRef> listFromJson(const QJsonArray &array);
    bool operator==(const ImageRef &o) const
    {
        return hash == o.hash && mimeType == o.mimeType && url == o.url && detail == o.detail
            && width == o.width && height == o.height;
    }
};

struct MessageUsage
{
    qint64 promptTokens = -1; // -1: the server did not say
    qint64 completionTokens = -1;
    qint64 reasoningTokens = -1;
    qint64 cachedTokens = -1;

    bool operator==(const MessageUsage &o) const
    {
        return promptTokens == o.promptTokens && completionTokens == o.completionTokens
            && reasoningTokens == o.reasoningTokens && cachedTokens == o.cachedTokens;
    }
};

struct MessageTimings
{
    qint64 firstTokenMs = -1;
    qint64 durationMs = -1;
    double tokensPerSecond = -1;
    qint64 reasoningMs = -1; // from the first reasoning text to the answer's first text

    bool operator==(const MessageTimings &o) const
    {
        return firstTokenMs == o.firstTokenMs && durationMs == o.durationMs
            && reasoningMs == o.reasoningMs
            && qFuzzyCompare(tokensPerSecond + 2, o.tokensPerSecond + 2);
    }
};

// One node of a conversation's message tree. Regenerations, edits and the n candidates of one
// request are siblings: messages with the same parent.
struct Message
{
    enum class State {
        Complete,
        Streaming, // being written; found at start, it means the app was killed
        Stopped, // the user stopped it
        CutOff, // the stream ended early; the text so far is kept
        Failed, // an error; `error` says which
        Interrupted, // was streaming when Confab last stopped
    };

    qint64 id = 0;
    qint64 parentId = 0; // 0: a first message of the conversation
    ChatMessage::Role role = ChatMessage::Role::User;
    QString text;
    QList<ImageRef> images;
    QString reasoning;
    QJsonArray toolCalls; // in the request shape: [{"id","type","function":{"name","arguments"}}]
    QString toolCallId;
    QString refusal;
    QString model;
    MessageUsage usage;
    MessageTimings timings;
    QString finishReason;
    State state = State::Complete;
    QString error; // the one-line message of a failure
    QDateTime created;

    static QString stateName(State state);
    static State stateFromName(const QString &name, State fallback = State::Complete);
    bool operator==(const Message &o) const;
};

Q_DECLARE_METATYPE(Message)

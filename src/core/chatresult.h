#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

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

struct ChoiceResult
{
    int index = 0;
    QString content;
    QString reasoning;
    QString refusal;
    QString finishReason; // empty until the server sends one
    QList<ToolCall> toolCalls;

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

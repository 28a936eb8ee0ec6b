#pragma once

#include "endpoint.h"
#include "proxyconfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// What a ChatClient needs to know about the server it talks to.
struct ProviderConfig
{
    enum class StreamUsage {
        Automatic, // send stream_options.include_usage unless the server turned out to reject it
        Always,
        Never,
    };

    QString name; // what the user calls it ("Demo", "DeepSeek"); the host when empty
    Endpoint endpoint;
    QString apiKey; // never logged or traced; see RequestTrace
    QList<QPair<QByteArray, QByteArray>> headers; // custom headers; they override the defaults
    ProxyConfig proxy;
    int connectTimeoutMs = 30 * 1000;
    // Thinking models can stay silent for minutes before their first byte.
    int inactivityTimeoutMs = 300 * 1000;
    StreamUsage streamUsage = StreamUsage::Automatic;
    // Whether a conversation's history carries the replies' reasoning text back (most
    // servers ignore or refuse it; some thinking models want it with tool calls).
    bool sendReasoningBack = false;
    // Request fields sent unless a conversation sets its own (Parameters::effective()).
    QJsonObject defaultParameters;
};

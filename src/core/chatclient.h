#pragma once

#include "chatreply.h"
#include "chatrequest.h"
#include "providerconfig.h"

#include <QObject>

class ModelsReply;
class QNetworkAccessManager;

// Talks to one OpenAI-compatible provider over an injected QNetworkAccessManager (the
// application's only one). Replies are children of the client; several may run at once.
class ChatClient : public QObject
{
    Q_OBJECT

public:
    enum class Tracing { Off, On };

    explicit ChatClient(QNetworkAccessManager *nam, QObject *parent = nullptr);
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }
    // For requests from now on; replies already running stay with theirs.
    void setNetworkAccessManager(QNetworkAccessManager *nam) { m_nam = nam; }

    void setProvider(const ProviderConfig &provider);
    const ProviderConfig &provider() const { return m_provider; }

    // True once the server rejected stream_options; later requests leave it out.
    bool streamOptionsRejected() const { return m_streamOptionsRejected; }
    void setStreamOptionsRejected(bool rejected) { m_streamOptionsRejected = rejected; }

    ChatReply *send(const ChatRequest &request, Tracing tracing = Tracing::Off);
    ModelsReply *fetchModels();

    // The request send() would make, with the key redacted: for previews and "copy as curl".
    RequestTrace preview(const ChatRequest &request) const;

    static QByteArray userAgent();

signals:
    // Learned that the provider rejects stream_options, so settings can remember it.
    void streamOptionsRejectedLearned();

private:
    ChatRequest prepare(const ChatRequest &request) const;
    QString proxyName() const;
    QNetworkRequest networkRequest(const QUrl &url, bool streaming, bool hasBody) const;

    QNetworkAccessManager *m_nam;
    ProviderConfig m_provider;
    bool m_streamOptionsRejected = false;
};

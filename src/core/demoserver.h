#pragma once

#include "providerprofile.h"

#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

// A small OpenAI-compatible server on the loopback interface, for `confab --demo`: a newcomer
// sees streaming, thinking text, Markdown with a table and code, and a long reply ("long" in the
// question) with no key and no network. It answers GET /v1/models and POST
// /v1/chat/completions (streamed), and nothing else; it never listens beyond 127.0.0.1.
class DemoServer : public QObject
{
    Q_OBJECT

public:
    explicit DemoServer(QObject *parent = nullptr);
    ~DemoServer() override;

    bool listen();
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1
    static QString modelName() { return QStringLiteral("confab-demo"); }

    // The reply to a question, as the demo streams it: its thinking, then its text.
    static QString reasoningFor(const QString &question);
    // The demo as a provider, for this run only (listen() first).
    ProviderProfile profile() const;
    static QString replyFor(const QString &question);

    void setTokensPerSecond(int rate) { m_rate = rate; }
    // Every reply is this text (for benchmarks); empty: the replies above.
    void setFixedReply(const QString &text) { m_fixedReply = text; }

private:
    void onConnection();
    void serve(QTcpSocket *socket);

    QTcpServer *m_server;
    int m_rate = 400;
    QString m_fixedReply;
};

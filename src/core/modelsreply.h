#pragma once

#include "apierror.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class QNetworkReply;

// GET {base}/models. Emits exactly one of finished() or failed().
class ModelsReply : public QObject
{
    Q_OBJECT

public:
    ~ModelsReply() override;

    QStringList models() const { return m_models; }
    ApiError error() const { return m_error; }

    // Model ids from the shapes servers send: OpenAI's {"data":[{"id"}]}, Ollama's
    // {"models":[{"name"}]}, or a bare array; sorted, without duplicates.
    static QStringList parseModels(QByteArrayView json, bool *ok = nullptr);

public slots:
    void cancel();

signals:
    void finished();
    void failed(const ApiError &error);

private:
    friend class ChatClient;
    ModelsReply(QNetworkReply *reply, const QString &apiKey, int timeoutMs, QObject *parent);
    void onFinished();
    void fail(const ApiError &error);

    QPointer<QNetworkReply> m_reply;
    QString m_apiKey;
    QTimer m_timer;
    QStringList m_models;
    ApiError m_error;
    bool m_done = false;
    bool m_timedOut = false;
};

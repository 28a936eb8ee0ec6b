#pragma once

#include "clioptions.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>

class ApiError;
class ChatClient;
class StoreThread;
class StreamPersister;
class ChatReply;
class ModelsReply;
class QNetworkAccessManager;

// Runs one chat completion or one model listing and prints it: text as it arrives, or one JSON
// object at the end. Emits done() exactly once, with the process's exit status.
class CliRunner : public QObject
{
    Q_OBJECT

public:
    enum ExitCode {
        Success = 0,
        TraceNotWritten = 1,
        UsageError = 2,
        ApiFailure = 3,
        NetworkFailure = 4,
        // Interrupted by a signal: 128 + its number, as shells report it.
        InterruptedBase = 128,
    };

    CliRunner(QNetworkAccessManager *nam, const CliOptions &options, QObject *parent = nullptr);
    ~CliRunner() override;

    void start();

    static void printOut(const QString &text);
    static void printError(const QString &text);

public slots:
    // Stops the reply; what arrived so far is printed and done() reports 128 + signal.
    void interrupt(int signal);

signals:
    void done(int exitCode);

private:
    void startChat();
    // For --save and --continue: opens the store, adds the question and an empty reply, and
    // puts the conversation's history into the request. False (with `error`) when it cannot.
    bool prepareConversation(QString *error, int *exitCode);
    void startModels();
    void onContent(int choice, const QString &text);
    void onReasoning(int choice, const QString &text);
    void waitForStore();
    int withSaveResult(int exitCode) const;
    void onChatFinished();
    void onChatFailed(const ApiError &error);
    void onModelsFinished();
    void onModelsFailed(const ApiError &error);
    void printChoicesAtEnd();
    void endStreamedLines();
    int exitCodeFor(const ApiError &error, bool cutOff) const;
    int writeTrace(int exitCode);
    void finish(int exitCode);
    QJsonObject chatJson(const ApiError &error) const;
    static QJsonValue errorJson(const ApiError &error);

    CliOptions m_options;
    ChatClient *m_client;
    QPointer<ChatReply> m_reply;
    QPointer<ModelsReply> m_modelsReply;
    int m_signal = 0;
    bool m_done = false;
    // Streamed text on each stream so far ends without a newline: one is added at the end.
    bool m_outOpenLine = false;
    std::unique_ptr<StoreThread> m_store;
    StreamPersister *m_persister = nullptr;
    qint64 m_conversationId = 0;
    bool m_errOpenLine = false;
};

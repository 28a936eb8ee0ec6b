#pragma once

#include "chatrequest.h"

#include <QMainWindow>
#include <QPointer>
#include <QTextCharFormat>

#include <memory>

class ApiError;
class ChatClient;
class ChatReply;
class QLabel;

namespace Ui {
class MainWindow;
}

// A minimal chat window over the core: one conversation, streamed replies, thinking text shown
// apart. The full window (sidebar, Markdown, history) is built on the conversation store.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ChatClient *client, const QString &model, QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void sendOrStop();
    void send();
    void newChat();
    void appendBlock(const QString &title, const QTextCharFormat &titleFormat);
    void appendText(const QString &text, const QTextCharFormat &format);
    void onReasoning(int choice, const QString &text);
    void onContent(int choice, const QString &text);
    void onFinished();
    void onFailed(const ApiError &error);
    void endReply();
    void updateSendButton();
    bool hasProvider() const;

    std::unique_ptr<Ui::MainWindow> ui;
    ChatClient *m_client;
    QString m_model;
    QList<ChatMessage> m_history;
    QPointer<ChatReply> m_reply;
    bool m_inReasoning = false;
    bool m_inContent = false;
    QTextCharFormat m_bodyFormat;
    QTextCharFormat m_reasoningFormat;
    QTextCharFormat m_roleFormat;
    QTextCharFormat m_errorFormat;
};

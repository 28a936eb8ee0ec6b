#include "mainwindow.h"

#include "chatclient.h"
#include "chatreply.h"
#include "ui_mainwindow.h"

#include <QKeyEvent>
#include <QScrollBar>
#include <QTextCursor>

MainWindow::MainWindow(ChatClient *client, const QString &model, QWidget *parent)
    : QMainWindow(parent)
    , ui(std::make_unique<Ui::MainWindow>())
    , m_client(client)
    , m_model(model)
{
    ui->setupUi(this);
    ui->composer->installEventFilter(this);

    m_roleFormat.setFontWeight(QFont::Bold);
    m_reasoningFormat.setFontItalic(true);
    m_errorFormat.setForeground(QColor(0xd0, 0x30, 0x30));

    connect(ui->sendButton, &QPushButton::clicked, this, &MainWindow::sendOrStop);
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionNewChat, &QAction::triggered, this, &MainWindow::newChat);

    if (hasProvider()) {
        statusBar()->showMessage(
            tr("%1 · %2").arg(m_client->provider().endpoint.baseUrl().toString(), m_model));
    } else {
        appendBlock(tr("No provider is set up"), m_roleFormat);
        appendText(tr("Start Confab with CONFAB_BASE_URL (or OPENAI_BASE_URL), CONFAB_API_KEY (or "
                      "OPENAI_API_KEY) and CONFAB_MODEL in the environment, for example:\n"
                      "CONFAB_BASE_URL=http://localhost:11434/v1 CONFAB_MODEL=qwen2.5 confab"),
            m_bodyFormat);
        statusBar()->showMessage(tr("No provider"));
    }
    updateSendButton();
    ui->composer->setFocus();
}

MainWindow::~MainWindow()
{
    if (m_reply)
        m_reply->cancel();
}

bool MainWindow::hasProvider() const
{
    return m_client->provider().endpoint.isValid() && !m_model.isEmpty();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == ui->composer && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && !(key->modifiers() & Qt::ShiftModifier)) {
            if (!m_reply)
                send();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_reply) {
            m_reply->cancel();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::sendOrStop()
{
    if (m_reply)
        m_reply->cancel();
    else
        send();
}

void MainWindow::send()
{
    const QString text = ui->composer->toPlainText().trimmed();
    if (text.isEmpty() || !hasProvider())
        return;
    ui->composer->clear();
    m_history.append(ChatMessage::user(text));
    appendBlock(tr("You"), m_roleFormat);
    appendText(text, m_bodyFormat);

    ChatRequest request;
    request.model = m_model;
    request.messages = m_history;
    request.stream = true;
    m_reply = m_client->send(request);
    m_inReasoning = m_inContent = false;
    connect(m_reply, &ChatReply::reasoningDelta, this, &MainWindow::onReasoning);
    connect(m_reply, &ChatReply::contentDelta, this, &MainWindow::onContent);
    connect(m_reply, &ChatReply::refusalDelta, this, &MainWindow::onContent);
    connect(m_reply, &ChatReply::finished, this, &MainWindow::onFinished);
    connect(m_reply, &ChatReply::failed, this, &MainWindow::onFailed);
    appendBlock(m_model, m_roleFormat);
    updateSendButton();
    ui->composer->setFocus();
}

void MainWindow::newChat()
{
    if (m_reply)
        m_reply->cancel();
    m_history.clear();
    ui->transcript->clear();
    ui->composer->setFocus();
}

void MainWindow::appendBlock(const QString &title, const QTextCharFormat &titleFormat)
{
    QTextCursor cursor(ui->transcript->document());
    cursor.movePosition(QTextCursor::End);
    QTextBlockFormat titleBlock;
    if (!ui->transcript->document()->isEmpty()) {
        titleBlock.setTopMargin(14);
        cursor.insertBlock(titleBlock);
    } else {
        cursor.setBlockFormat(titleBlock);
    }
    cursor.insertText(title, titleFormat);
    cursor.insertBlock(QTextBlockFormat());
}

// Appends at the end through a cursor: the document is never rebuilt while a reply streams.
void MainWindow::appendText(const QString &text, const QTextCharFormat &format)
{
    QScrollBar *bar = ui->transcript->verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(ui->transcript->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text, format);
    if (follow)
        bar->setValue(bar->maximum());
}

void MainWindow::onReasoning(int choice, const QString &text)
{
    if (choice != 0)
        return;
    m_inReasoning = true;
    // The text colour, faded, reads on light and dark palettes alike (taken now, not at start,
    // so a palette change is followed).
    QColor faded = ui->transcript->palette().color(QPalette::Text);
    faded.setAlphaF(0.6);
    m_reasoningFormat.setForeground(faded);
    appendText(text, m_reasoningFormat);
}

void MainWindow::onContent(int choice, const QString &text)
{
    if (choice != 0)
        return;
    if (m_inReasoning && !m_inContent)
        appendText(QStringLiteral("\n\n"), m_bodyFormat);
    m_inContent = true;
    appendText(text, m_bodyFormat);
}

void MainWindow::onFinished()
{
    const ChoiceResult *choice = m_reply->result().findChoice(0);
    m_history.append(ChatMessage::assistant(choice ? choice->content : QString()));
    const Usage usage = m_reply->result().usage();
    if (usage.completionTokens >= 0 && m_reply->elapsedMs() > 0) {
        statusBar()->showMessage(tr("%1 tokens in %2 s")
                                     .arg(usage.completionTokens)
                                     .arg(m_reply->elapsedMs() / 1000.0, 0, 'f', 1));
    }
    endReply();
}

void MainWindow::onFailed(const ApiError &error)
{
    // What arrived stays in the conversation, so a follow-up question still has its context.
    const ChoiceResult *choice = m_reply->result().findChoice(0);
    if (choice && !choice->content.isEmpty())
        m_history.append(ChatMessage::assistant(choice->content));
    else if (!m_history.isEmpty())
        ui->composer->setPlainText(m_history.takeLast().text); // give the question back to retry
    appendText(QStringLiteral("\n"), m_bodyFormat);
    appendText(error.code() == ApiError::Code::Cancelled ? tr("(stopped)") : error.message(),
        m_errorFormat);
    endReply();
}

void MainWindow::endReply()
{
    m_reply->deleteLater();
    m_reply = nullptr;
    updateSendButton();
}

void MainWindow::updateSendButton()
{
    ui->sendButton->setText(m_reply ? tr("Stop") : tr("Send"));
    ui->sendButton->setEnabled(hasProvider());
}

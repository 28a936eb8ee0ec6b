#include "streampersister.h"

#include "chatreply.h"

StreamPersister::StreamPersister(
    ConversationStore *store, qint64 conversationId, const Message &message, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_conversationId(conversationId)
    , m_message(message)
    , m_lock(store->streamLockPath(message.id))
{
    m_lock.setStaleLockTime(0); // only a dead owner makes it stale, never its age
    m_lock.tryLock(0);
    m_timer.setInterval(1000);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StreamPersister::flush);
}

void StreamPersister::attach(ChatReply *reply)
{
    m_reply = reply;
    connect(reply, &ChatReply::contentDelta, this, &StreamPersister::onContent);
    connect(reply, &ChatReply::refusalDelta, this, &StreamPersister::onContent);
    connect(reply, &ChatReply::reasoningDelta, this, &StreamPersister::onReasoning);
    connect(
        reply, &ChatReply::finished, this, [this] { finish(Message::State::Complete, QString()); });
    connect(reply, &ChatReply::failed, this, [this](const ApiError &error) {
        Message::State state = Message::State::Failed;
        if (error.code() == ApiError::Code::Cancelled)
            state = Message::State::Stopped;
        else if (m_reply && m_reply->isCutOff())
            state = Message::State::CutOff;
        finish(state, error.code() == ApiError::Code::Cancelled ? QString() : error.message());
    });
}

void StreamPersister::onContent(int choice, const QString &text)
{
    if (choice != 0 || m_finished)
        return;
    m_message.text += text;
    m_pendingContent += text;
    if (!m_timer.isActive())
        m_timer.start(); // at most one write per interval, however fast tokens come
}

void StreamPersister::onReasoning(int choice, const QString &text)
{
    if (choice != 0 || m_finished)
        return;
    m_message.reasoning += text;
    m_pendingReasoning += text;
    if (!m_timer.isActive())
        m_timer.start();
}

void StreamPersister::flush()
{
    if (m_finalPending) {
        writeFinal();
        return;
    }
    if (m_pendingContent.isEmpty() && m_pendingReasoning.isEmpty())
        return;
    // Reasoning first: it arrived first, and the next start rebuilds each field in order.
    if (!m_pendingReasoning.isEmpty()
        && !m_store->appendStreamText(
            m_message.id, ConversationStore::StreamField::Reasoning, m_pendingReasoning)) {
        emit saveFailed(m_store->errorString());
        m_timer.start(); // keep what is pending; try again
        return;
    }
    m_pendingReasoning.clear();
    if (!m_pendingContent.isEmpty()
        && !m_store->appendStreamText(
            m_message.id, ConversationStore::StreamField::Content, m_pendingContent)) {
        emit saveFailed(m_store->errorString());
        m_timer.start();
        return;
    }
    m_pendingContent.clear();
    emit saved();
}

void StreamPersister::finish(Message::State state, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_reply) {
        const ChatResult &result = m_reply->result();
        if (const ChoiceResult *choice = result.findChoice(0)) {
            // The decoder's final text is authoritative (a <think> tag held back at the end).
            m_message.text = choice->content.isEmpty() ? choice->refusal : choice->content;
            m_message.reasoning = choice->reasoning;
            m_message.refusal = choice->refusal;
            m_message.finishReason = choice->finishReason;
            QJsonArray calls;
            for (const ToolCall &call : choice->toolCalls) {
                calls.append(QJsonObject { { QStringLiteral("id"), call.id },
                    { QStringLiteral("type"),
                        call.type.isEmpty() ? QStringLiteral("function") : call.type },
                    { QStringLiteral("function"),
                        QJsonObject { { QStringLiteral("name"), call.name },
                            { QStringLiteral("arguments"), call.arguments } } } });
            }
            m_message.toolCalls = calls;
        }
        if (!result.model.isEmpty())
            m_message.model = result.model;
        if (result.hasUsage()) {
            const Usage u = result.usage();
            m_message.usage
                = { u.promptTokens, u.completionTokens, u.reasoningTokens, u.cachedTokens };
        }
        m_message.timings.firstTokenMs = m_reply->timeToFirstTokenMs();
        m_message.timings.durationMs = m_reply->elapsedMs();
        if (m_message.usage.completionTokens > 0 && m_message.timings.durationMs > 0) {
            const qint64 generating = m_message.timings.durationMs
                - std::max<qint64>(0, m_message.timings.firstTokenMs);
            if (generating > 0)
                m_message.timings.tokensPerSecond
                    = m_message.usage.completionTokens * 1000.0 / double(generating);
        }
    }
    m_message.state = state;
    m_message.error = error;
    m_pendingContent.clear();
    m_pendingReasoning.clear();
    m_finalPending = true;
    writeFinal();
    emit finished(m_message);
}

void StreamPersister::writeFinal()
{
    if (m_store->finishStream(m_conversationId, m_message)) {
        m_finalPending = false;
        m_lock.unlock();
        emit saved();
        return;
    }
    // The whole reply is in memory and the chunks written so far are in the store (the next
    // start would recover them): say so, and try again.
    emit saveFailed(m_store->errorString());
    m_timer.start();
}

#include "streampersister.h"

#include "chatreply.h"
#include "conversationstore.h"
#include "storethread.h"

#include <QCryptographicHash>

#include <optional>
#include <utility>

// What a write of deltas achieved: each field is written whole or not at all.
struct StreamPersister::Written
{
    bool reasoning = false;
    bool content = false;
    QString error;
};

StreamPersister::StreamPersister(
    StoreThread *store, qint64 conversationId, const Message &message, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_conversationId(conversationId)
    , m_message(message)
    , m_base(message)
    , m_lock(store->streamLockPath(message.id))
{
    m_lock.setStaleLockTime(0); // only a dead owner makes it stale, never its age
    m_lock.tryLock(0);
    m_timer.setInterval(1000);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StreamPersister::flush);
}

void StreamPersister::attach(ChatReply *reply, int choice)
{
    m_reply = reply;
    m_choice = choice;
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
    if (choice != m_choice || m_finished)
        return;
    if (m_thinking.isValid() && m_thoughtMs < 0 && !text.isEmpty())
        m_thoughtMs = m_thinking.elapsed();
    m_message.text += text;
    m_pendingContent += text;
    if (!m_timer.isActive())
        m_timer.start(); // at most one write per interval, however fast tokens come
}

void StreamPersister::onReasoning(int choice, const QString &text)
{
    if (choice != m_choice || m_finished)
        return;
    if (!m_thinking.isValid() && !text.isEmpty())
        m_thinking.start();
    m_message.reasoning += text;
    m_pendingReasoning += text;
    if (!m_timer.isActive())
        m_timer.start();
}

void StreamPersister::flush()
{
    if (m_writing) {
        m_flushWhenWritten = true;
        return;
    }
    if (m_finalPending) {
        writeFinal();
        return;
    }
    if (m_pendingContent.isEmpty() && m_pendingReasoning.isEmpty())
        return;
    m_writingReasoning = std::exchange(m_pendingReasoning, QString());
    m_writingContent = std::exchange(m_pendingContent, QString());
    m_writing = true;
    m_store->post(
        this,
        [id = m_message.id, reasoning = m_writingReasoning, content = m_writingContent](
            ConversationStore &store) {
            // Reasoning first: it arrived first, and the next start rebuilds each field in order.
            Written written;
            written.reasoning
                = store.appendStreamText(id, ConversationStore::StreamField::Reasoning, reasoning);
            written.content = written.reasoning
                && store.appendStreamText(id, ConversationStore::StreamField::Content, content);
            if (!written.content)
                written.error = store.errorString();
            return written;
        },
        [this](const Written &written) { onWritten(written); });
}

void StreamPersister::onWritten(const Written &written)
{
    m_writing = false;
    if (written.reasoning)
        m_writingReasoning.clear();
    if (written.content)
        m_writingContent.clear();
    if (m_finalPending) {
        // The final write holds the whole message, whatever part of these deltas made it.
        m_writingReasoning.clear();
        m_writingContent.clear();
        writeFinal();
        return;
    }
    if (!written.content) {
        // Keep what failed in front of what came since, so each field stays in order.
        m_pendingReasoning.prepend(std::exchange(m_writingReasoning, QString()));
        m_pendingContent.prepend(std::exchange(m_writingContent, QString()));
        m_flushWhenWritten = false;
        emit saveFailed(written.error);
        m_timer.start(); // try again at the next interval
        return;
    }
    emit saved();
    if (std::exchange(m_flushWhenWritten, false))
        flush();
}

StreamPersister::~StreamPersister()
{
    if (!m_finished) {
        // Gone while streaming: what arrived (all of it is in m_message) is kept, as when the
        // user stops.
        m_message.state = Message::State::Stopped;
        m_finalPending = true;
    }
    if (!m_finalPending)
        return;
    // No reply will come back to this object: the work alone, after whatever is queued.
    m_store->post(
        [conversationId = m_conversationId, message = m_message, images = m_imageBytes](
            ConversationStore &store) { saveFinal(store, conversationId, message, images); });
}

void StreamPersister::finish(Message::State state, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_reply) {
        const ChatResult &result = m_reply->result();
        if (const ChoiceResult *choice = result.findChoice(m_choice)) {
            // The decoder's final text is authoritative (a <think> tag held back at the end).
            m_message.text
                = m_base.text + (choice->content.isEmpty() ? choice->refusal : choice->content);
            m_message.reasoning = m_base.reasoning + choice->reasoning;
            m_message.refusal = m_base.refusal + choice->refusal;
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
            m_message.images = m_base.images;
            m_imageBytes.clear();
            for (const GeneratedImage &image : choice->images) {
                ImageRef ref;
                ref.width = image.width;
                ref.height = image.height;
                if (image.isRemote()) {
                    ref.url = image.url;
                } else {
                    // The key storeImage() files the bytes under (SHA-256, hex), known here
                    // already: the message emitted below refers to it before the write.
                    ref.hash
                        = QCryptographicHash::hash(image.bytes, QCryptographicHash::Sha256).toHex();
                    ref.mimeType = image.mimeType;
                    m_imageBytes.append(image);
                }
                m_message.images.append(ref);
            }
        }
        if (!result.model.isEmpty())
            m_message.model = result.model;
        // A continued reply: its figures add up, as if it had been one stream; the prompt is
        // the last request's, which held all of it.
        auto plus = [](qint64 before, qint64 now) {
            return before > 0 && now >= 0 ? before + now : now;
        };
        qint64 completion = -1;
        if (result.hasUsage()) {
            const Usage u = result.usage();
            completion = u.completionTokens;
            const MessageUsage &b = m_base.usage;
            m_message.usage = { u.promptTokens, plus(b.completionTokens, u.completionTokens),
                plus(b.reasoningTokens, u.reasoningTokens), u.cachedTokens };
        }
        const qint64 first = m_reply->timeToFirstTokenMs();
        const qint64 elapsed = m_reply->elapsedMs();
        m_message.timings.firstTokenMs
            = m_base.timings.firstTokenMs >= 0 ? m_base.timings.firstTokenMs : first;
        m_message.timings.durationMs = plus(m_base.timings.durationMs, elapsed);
        const qint64 generating = elapsed - std::max<qint64>(0, first);
        if (completion > 0 && generating > 0)
            m_message.timings.tokensPerSecond = completion * 1000.0 / double(generating);
    }
    if (m_thinking.isValid()) {
        const qint64 thought = m_thoughtMs >= 0 ? m_thoughtMs : m_thinking.elapsed();
        m_message.timings.reasoningMs
            = m_base.timings.reasoningMs > 0 ? m_base.timings.reasoningMs + thought : thought;
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
    if (m_writing)
        return; // onWritten() comes back here: the final state must land after the deltas
    m_writing = true;
    m_store->post(
        this,
        [conversationId = m_conversationId, message = m_message, images = m_imageBytes](
            ConversationStore &store) { return saveFinal(store, conversationId, message, images); },
        [this](const std::optional<QString> &error) {
            m_writing = false;
            m_flushWhenWritten = false;
            if (!error) {
                m_finalPending = false;
                m_imageBytes.clear(); // they are in the store now
                m_lock.unlock();
                emit saved();
                return;
            }
            // The whole reply is in memory and the chunks written so far are in the store (the
            // next start would recover them): say so, and try again.
            emit saveFailed(*error);
            m_timer.start();
        });
}

// Image rows and the message that refers to them as one transaction, so that no message refers
// to bytes that are not there. Rows are keyed by content: a retry after a failure stores nothing
// twice.
std::optional<QString> StreamPersister::saveFinal(ConversationStore &store, qint64 conversationId,
    const Message &message, const QList<GeneratedImage> &images)
{
    // Should a bulk be open (it never is between posted works), the rows still go first.
    const bool together = !images.isEmpty() && store.beginBulk();
    auto failed = [&] {
        const QString error = store.errorString();
        if (together)
            store.endBulk(false);
        return error;
    };
    for (const GeneratedImage &image : images) {
        if (store.storeImage(image.bytes, image.mimeType, image.width, image.height).isEmpty())
            return failed();
    }
    if (!store.finishStream(conversationId, message))
        return failed();
    if (together && !store.endBulk(true))
        return store.errorString();
    return std::nullopt;
}

#pragma once

#include "chatresult.h"
#include "message.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class ChatReply;
class ConversationStore;
class StoreThread;

// Saves a reply while it streams: the text that arrived is appended to the store at most once
// per interval (a second by default), as deltas, and the whole message at every state change
// (finished, stopped, failed). If the process dies, the next start finds the reply up to about
// the last interval, marked interrupted. A failed write keeps the text in memory and is tried
// again at the next flush; saveFailed() tells the user.
//
// It lives on the reply's thread and writes through the StoreThread, so the reply never waits
// on the disk. One write is in flight at a time: text that arrives meanwhile waits for the next,
// which keeps the chunks in order and each write the size of what is new.
//
// Images the reply made become the message's images: remote ones by URL, embedded ones stored by
// content hash with the final state, in the same transaction as the message that refers to them.
class StreamPersister : public QObject
{
    Q_OBJECT

public:
    // `message` is the reply's row, already added with state Streaming.
    StreamPersister(StoreThread *store, qint64 conversationId, const Message &message,
        QObject *parent = nullptr);
    // Leaves the final state to the database thread when it was not written yet (the window
    // closing while a write was in flight): it runs after that write.
    ~StreamPersister() override;

    void setInterval(int ms) { m_timer.setInterval(ms); }
    // Follows one choice of the reply (several with n candidates, one row each).
    void attach(ChatReply *reply, int choice = 0);

    // The message as it will be (or was) saved at the end.
    const Message &message() const { return m_message; }
    bool isFinished() const { return m_finished; }
    // True until the final state was written (a failed write is retried every interval).
    bool hasUnsavedChanges() const
    {
        return m_finalPending || m_writing || !m_pendingContent.isEmpty()
            || !m_pendingReasoning.isEmpty();
    }

signals:
    void saved();
    void saveFailed(const QString &error);
    void finished(const Message &message);

private:
    void onContent(int choice, const QString &text);
    void onReasoning(int choice, const QString &text);
    struct Written;
    void flush();
    void onWritten(const Written &written);
    void finish(Message::State state, const QString &error);
    void writeFinal();
    static std::optional<QString> saveFinal(ConversationStore &store, qint64 conversationId,
        const Message &message, const QList<GeneratedImage> &images);

    StoreThread *m_store;
    qint64 m_conversationId;
    Message m_message;
    // The reply as it was before this stream: empty for a new reply, the text so far for one
    // being continued, which the stream's text and figures are added to.
    const Message m_base;
    QPointer<ChatReply> m_reply;
    int m_choice = 0;
    // Arrived, not yet handed to a write.
    QString m_pendingContent;
    QString m_pendingReasoning;
    // Handed to the write in flight; back in front of the pending text should it fail.
    QString m_writingContent;
    QString m_writingReasoning;
    QList<GeneratedImage> m_imageBytes; // embedded images, until the final state is written
    QTimer m_timer;
    QElapsedTimer m_thinking; // from the first reasoning text
    qint64 m_thoughtMs = -1; // until the answer's first text
    // Held while the reply streams, so that another process starting up does not take it for
    // a reply whose writer died.
    QLockFile m_lock;
    bool m_finished = false;
    bool m_finalPending = false;
    bool m_writing = false;
    bool m_flushWhenWritten = false; // the interval ended while a write was in flight
};

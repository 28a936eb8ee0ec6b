#pragma once

#include "conversationstore.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

class ChatReply;

// Saves a reply while it streams: the text that arrived is appended to the store at most once
// per interval (a second by default), as deltas, and the whole message at every state change
// (finished, stopped, failed). If the process dies, the next start finds the reply up to about
// the last interval, marked interrupted. A failed write keeps the text in memory and is tried
// again at the next flush; saveFailed() tells the user.
//
// It runs on the thread that owns the store.
class StreamPersister : public QObject
{
    Q_OBJECT

public:
    // `message` is the reply's row, already added with state Streaming.
    StreamPersister(ConversationStore *store, qint64 conversationId, const Message &message,
        QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    void attach(ChatReply *reply);

    // The message as it will be (or was) saved at the end.
    const Message &message() const { return m_message; }
    bool isFinished() const { return m_finished; }
    // True until the final state was written (a failed write is retried every interval).
    bool hasUnsavedChanges() const
    {
        return m_finalPending || !m_pendingContent.isEmpty() || !m_pendingReasoning.isEmpty();
    }

signals:
    void saved();
    void saveFailed(const QString &error);
    void finished(const Message &message);

private:
    void onContent(int choice, const QString &text);
    void onReasoning(int choice, const QString &text);
    void flush();
    void finish(Message::State state, const QString &error);
    void writeFinal();

    ConversationStore *m_store;
    qint64 m_conversationId;
    Message m_message;
    QPointer<ChatReply> m_reply;
    QString m_pendingContent;
    QString m_pendingReasoning;
    QTimer m_timer;
    // Held while the reply streams, so that another process starting up does not take it for
    // a reply whose writer died.
    QLockFile m_lock;
    bool m_finished = false;
    bool m_finalPending = false;
};

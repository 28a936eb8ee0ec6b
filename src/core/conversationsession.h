#pragma once

#include "activepathmodel.h"
#include "apierror.h"
#include "chatclient.h"
#include "conversationstore.h"
#include "requesttrace.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class ChatReply;
class StoreThread;
class StreamPersister;

// One conversation as a window works with it: its active path (model()), and everything the
// user does to it: send a question, stop, regenerate a reply, edit and resend a question, show
// another sibling, keep a draft. Replies stream into the model and, through StreamPersister, into
// the store; they go on when the conversation is not shown, so a window can keep a session alive
// while it streams and show another.
//
// Every write goes to the StoreThread; nothing here waits for it. GUI thread only.
class ConversationSession : public QObject
{
    Q_OBJECT

public:
    ConversationSession(StoreThread *store, ChatClient *client, QObject *parent = nullptr);
    ~ConversationSession() override;

    ActivePathModel *model() { return &m_model; }
    const Conversation &conversation() const { return m_model.conversation(); }
    qint64 conversationId() const { return m_model.conversation().id; }

    // A stored conversation, whole or only its end (ConversationStore::loadTail()); the rest
    // of a partial one is read on the database thread and added above.
    void open(const Conversation &conversation);
    // A conversation not stored until its first question.
    void startNew(const QString &model);

    // The model sent with the next request (a conversation remembers its own).
    void setModel(const QString &model);
    // The provider the next request goes to (by id, as ProviderRegistry knows it) and the
    // client that talks to it; replies already streaming stay with theirs. Null: none set up.
    void setProvider(const QString &providerId, ChatClient *client);
    ChatClient *client() const { return m_client; }
    void setTitle(const QString &title);
    // The conversation's own request fields (a null value: not sent, whatever the provider's
    // default) and system prompt, for the next request.
    void setParameters(const QJsonObject &parameters);
    void setSystemPrompt(const QString &prompt);
    // Sends only the images of the last `turns` questions that carry images (-1: all), from the
    // next request on: old screenshots cost tokens on every turn and can make a request too big.
    void setImageTurns(int turns);
    // The request the next question would make, as sent (key redacted): for a preview and
    // "copy as curl". Images are left out; a partly loaded conversation gives what is loaded.
    RequestTrace preview(const QString &question) const;
    void setDraft(const QString &text);
    // The images waiting in the composer (stored already), kept with the draft.
    void setDraftImages(const QList<ImageRef> &images);

    bool isStreaming() const { return m_starting || !m_replies.isEmpty(); }
    // Whether the message is a reply streaming now.
    bool isStreaming(qint64 messageId) const { return m_replies.contains(messageId); }

    // A question after the last message shown. False (and nothing sent) when there is nothing
    // to send or no model.
    bool send(const QString &text, const QList<ImageRef> &images = {});
    // Stops every reply of this conversation; what arrived is kept, marked stopped.
    void stop();
    // Another reply to the question a reply answers (a failed one too: Retry), as its sibling.
    bool regenerate(qint64 replyId);
    // The question with new text (and, when given, other images), as a sibling of the old one,
    // and a reply to it.
    bool editAndResend(qint64 questionId, const QString &text,
        const std::optional<QList<ImageRef>> &images = std::nullopt);
    // Asks for the rest of a reply the server cut at its token limit (finish reason "length"):
    // the history with the reply as it is, then a request to go on; the new text streams onto
    // the reply's end, and the reply's figures add up.
    bool continueReply(qint64 replyId);
    // Deletes a message (ConversationStore::deleteMessage()) and shows the conversation as it
    // is then. Refused while a reply of this conversation streams.
    bool deleteMessage(qint64 messageId);
    // Shows another sibling at a row (see ActivePathModel::selectSibling) and remembers it.
    bool selectSibling(int row, int siblingIndex);

    // The last failure of a reply, with the request that caused it (key redacted), for the
    // "Details" of an error.
    struct Failure
    {
        ApiError error;
        RequestTrace request;
    };
    std::optional<Failure> failure(qint64 messageId) const;

signals:
    // The conversation was stored for the first time, or its list entry changed (title, time).
    void conversationSaved(const ConversationSummary &summary, bool created);
    void streamingChanged(bool streaming);
    // A write failed; the session keeps what it has and the persister tries again.
    void saveFailed(const QString &error);
    // Something the user asked for could not start (no model, the store refused).
    void actionFailed(const QString &error);

private:
    struct Started
    {
        qint64 conversationId = 0;
        Message question; // id 0 when the reply answers an existing question
        Message reply;
        QList<Message> candidates; // the other rows of n candidates, siblings of reply
        QList<ChatMessage> messages; // of the request
        QString error;
        bool created = false;
    };
    // Whether a reply can start (a provider and a model are set); says why not.
    bool canStart();
    void startReply(const Message &question, qint64 replyParent, const QString &newTitle);
    void onStarted(const Started &started);
    // `candidates` are rows for choices 1, 2, ... of an n > 1 request; `single` leaves n out.
    void streamInto(const Message &reply, const QList<ChatMessage> &messages,
        const QList<Message> &candidates = {}, bool single = false);
    // The active path's messages from the root to `lastId`, or nothing for a partial
    // conversation (read them in the store instead).
    QList<Message> pathTo(qint64 lastId) const;
    // The request fields the next request sends (Parameters::effective()), and the request
    // for these messages with them.
    QJsonObject fields() const;
    ChatRequest requestFor(const QList<ChatMessage> &messages) const;
    void onReplyEnded(const Message &message);
    ConversationSummary summary() const;
    void writeHeader(const Conversation &header);
    // Sets one of the conversation's own fields, and stores it once the conversation is.
    // False when it already had that value.
    template<typename T> bool changeHeader(T Conversation::*field, const T &value);

    StoreThread *m_store;
    QPointer<ChatClient> m_client; // a provider removed in the settings takes its client along
    ActivePathModel m_model;
    bool m_starting = false; // a reply is on its way through the store
    bool m_stopRequested = false; // stop() came while it was
    QHash<qint64, QPointer<ChatReply>> m_replies; // reply message id -> its network reply
    QHash<qint64, Failure> m_failures;
};

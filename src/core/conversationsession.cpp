#include "conversationsession.h"

#include "chatclient.h"
#include "chatreply.h"
#include "historybuilder.h"
#include "logging.h"
#include "parameters.h"
#include "storethread.h"
#include "streampersister.h"

namespace {

// A title from the first question: its first line, whitespace folded, cut at a word.
QString titleFrom(const QString &text)
{
    constexpr int Limit = 48;
    QString line = text.section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.isEmpty())
        line = text.simplified();
    if (line.size() <= Limit)
        return line;
    QString cut = line.left(Limit);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > Limit / 2)
        cut.truncate(space);
    return cut + QChar(0x2026);
}

// The request's messages for `history`, with the images' bytes read from the store (database
// thread); without a store, images are left out (a preview). `imageTurns` as
// Conversation::imageTurns.
QList<ChatMessage> requestMessages(ConversationStore *store, const QString &systemPrompt,
    int imageTurns, const QList<const Message *> &history, bool sendReasoningBack)
{
    HistoryBuilder builder;
    builder.setReasoning(sendReasoningBack ? HistoryBuilder::Reasoning::SentBack
                                           : HistoryBuilder::Reasoning::Omitted);
    builder.setImageTurnLimit(imageTurns);
    if (store) {
        builder.setImageLoader(
            [store](const QByteArray &hash) -> std::optional<HistoryBuilder::StoredImage> {
                const auto image = store->loadImage(hash);
                if (!image)
                    return std::nullopt;
                return HistoryBuilder::StoredImage { image->first, image->second };
            });
    }
    return builder.build(systemPrompt, history);
}

QList<ChatMessage> requestMessages(ConversationStore &store, const QString &systemPrompt,
    int imageTurns, const QList<Message> &history, bool sendReasoningBack)
{
    QList<const Message *> pointers;
    for (const Message &m : history)
        pointers.append(&m);
    return requestMessages(&store, systemPrompt, imageTurns, pointers, sendReasoningBack);
}

// The path from the root to `lastId` in a whole conversation.
QList<Message> pathIn(const Conversation &c, qint64 lastId)
{
    QList<Message> path;
    for (qint64 id = lastId; id > 0;) {
        const Message *m = c.message(id);
        if (!m)
            break;
        path.prepend(*m);
        id = m->parentId;
    }
    return path;
}

} // namespace

ConversationSession::ConversationSession(StoreThread *store, ChatClient *client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
{ }

ConversationSession::~ConversationSession()
{
    // A reply still running belongs to the client; its persister (our child) goes with us, so
    // the reply is stopped first and its final state written.
    stop();
}

void ConversationSession::open(const Conversation &conversation)
{
    m_model.setConversation(conversation);
    if (!conversation.isPartial())
        return;
    const qint64 id = conversation.id;
    m_store->post(
        this, [id](ConversationStore &store) { return store.loadConversation(id); },
        [this](const std::optional<Conversation> &whole) {
            if (whole)
                m_model.completeConversation(*whole);
            else
                emit actionFailed(tr("Could not read the older messages of this conversation."));
        });
}

void ConversationSession::startNew(const QString &model)
{
    Conversation c;
    c.model = model;
    m_model.setConversation(c);
}

template<typename T> bool ConversationSession::changeHeader(T Conversation::*field, const T &value)
{
    Conversation c = m_model.conversation();
    if (c.*field == value)
        return false;
    c.*field = value;
    // The model holds the conversation; its header is replaced without touching the rows.
    m_model.setHeader(c);
    if (c.id > 0)
        writeHeader(c);
    return true;
}

void ConversationSession::setModel(const QString &model)
{
    changeHeader(&Conversation::model, model);
}

void ConversationSession::setProvider(const QString &providerId, ChatClient *client)
{
    m_client = client;
    changeHeader(&Conversation::providerId, providerId);
}

void ConversationSession::setParameters(const QJsonObject &parameters)
{
    changeHeader(&Conversation::parameters, parameters);
}

void ConversationSession::setSystemPrompt(const QString &prompt)
{
    changeHeader(&Conversation::systemPrompt, prompt);
}

QJsonObject ConversationSession::fields() const
{
    return m_client ? Parameters::effective(
               m_client->provider().defaultParameters, m_model.conversation().parameters)
                    : QJsonObject();
}

ChatRequest ConversationSession::requestFor(const QList<ChatMessage> &messages) const
{
    ChatRequest request;
    request.model = m_model.conversation().model;
    request.messages = messages;
    QJsonObject sent = fields();
    request.stream = sent.take(QLatin1StringView("stream")).toBool(true);
    request.extraFields = sent;
    return request;
}

RequestTrace ConversationSession::preview(const QString &question) const
{
    if (!m_client)
        return {};
    const Conversation &c = m_model.conversation();
    const QList<const Message *> shown = c.activePath();
    Message next;
    next.role = ChatMessage::Role::User;
    next.text = question;
    QList<const Message *> path = shown;
    path.append(&next);
    const ChatRequest request = requestFor(requestMessages(
        nullptr, c.systemPrompt, c.imageTurns, path, m_client->provider().sendReasoningBack));
    return m_client->preview(request);
}

void ConversationSession::setTitle(const QString &title)
{
    if (changeHeader(&Conversation::title, title) && conversationId() > 0)
        emit conversationSaved(summary(), false);
}

void ConversationSession::setDraft(const QString &text)
{
    changeHeader(&Conversation::draftText, text);
}

void ConversationSession::setDraftImages(const QList<ImageRef> &images)
{
    changeHeader(&Conversation::draftImages, images);
}

void ConversationSession::setImageTurns(int turns)
{
    changeHeader(&Conversation::imageTurns, turns < 0 ? -1 : turns);
}

void ConversationSession::writeHeader(const Conversation &header)
{
    m_store->post(
        this,
        [header](ConversationStore &store) {
            return store.updateConversation(header) ? QString() : store.errorString();
        },
        [this](const QString &error) {
            if (!error.isEmpty())
                emit saveFailed(error);
        });
}

bool ConversationSession::send(const QString &text, const QList<ImageRef> &images)
{
    // Refused here, not after: the composer keeps the text and the images.
    if ((text.trimmed().isEmpty() && images.isEmpty()) || m_starting || !canStart())
        return false;
    const QList<const Message *> path = m_model.conversation().activePath();
    Message question;
    question.role = ChatMessage::Role::User;
    question.parentId = path.isEmpty() ? 0 : path.last()->id;
    question.text = text;
    question.images = images;
    startReply(question, 0, m_model.conversation().title.isEmpty() ? titleFrom(text) : QString());
    return true;
}

bool ConversationSession::regenerate(qint64 replyId)
{
    const Message *reply = m_model.conversation().message(replyId);
    if (!reply || reply->role != ChatMessage::Role::Assistant || m_replies.contains(replyId)
        || m_starting)
        return false;
    startReply(Message(), reply->parentId, QString());
    return true;
}

bool ConversationSession::editAndResend(
    qint64 questionId, const QString &text, const std::optional<QList<ImageRef>> &images)
{
    const Message *old = m_model.conversation().message(questionId);
    if (!old || old->role != ChatMessage::Role::User || m_starting)
        return false;
    Message question = *old;
    if (images)
        question.images = *images;
    if ((text.trimmed().isEmpty() && question.images.isEmpty()) || !canStart())
        return false;
    question.id = 0;
    question.text = text;
    question.created = QDateTime();
    startReply(question, 0, QString());
    return true;
}

bool ConversationSession::selectSibling(int row, int siblingIndex)
{
    const qint64 before = m_model.messageAt(row).id;
    if (!m_model.selectSibling(row, siblingIndex))
        return false;
    const Message shown = m_model.messageAt(row);
    if (shown.id != before && conversationId() > 0) {
        const qint64 id = conversationId();
        m_store->post(
            this,
            [id, shown](ConversationStore &store) {
                return store.setActiveChild(id, shown.parentId, shown.id) ? QString()
                                                                          : store.errorString();
            },
            [this](const QString &error) {
                if (!error.isEmpty())
                    emit saveFailed(error);
            });
    }
    return true;
}

bool ConversationSession::continueReply(qint64 replyId)
{
    const Message *cut = m_model.conversation().message(replyId);
    if (!cut || cut->role != ChatMessage::Role::Assistant
        || cut->finishReason != QLatin1StringView("length") || m_replies.contains(replyId)
        || m_starting)
        return false;
    if (!m_client) {
        emit actionFailed(tr("Set up a provider first: Settings ▸ Providers."));
        return false;
    }
    if (m_model.conversation().model.isEmpty()) {
        emit actionFailed(tr("Choose a model first."));
        return false;
    }
    const Message original = *cut;
    Message resumed = original;
    resumed.state = Message::State::Streaming;
    resumed.error.clear();
    const qint64 id = conversationId();
    const QString systemPrompt = m_model.conversation().systemPrompt;
    const int imageTurns = m_model.conversation().imageTurns;
    const QList<Message> path = pathTo(replyId);
    m_starting = true;
    emit streamingChanged(true);
    struct Resumed
    {
        QList<ChatMessage> messages;
        QString error;
    };
    m_store->post(
        this,
        [id, systemPrompt, imageTurns, path, resumed, replyId,
            reasoningBack = m_client->provider().sendReasoningBack](ConversationStore &store) {
            Resumed out;
            QList<Message> history = path;
            if (history.isEmpty()) {
                if (const std::optional<Conversation> whole = store.loadConversation(id))
                    history = pathIn(*whole, replyId);
            }
            // Marked streaming first: if Confab is killed now, the next start keeps the text
            // and what arrives after it.
            if (history.isEmpty() || !store.updateMessage(id, resumed)) {
                out.error = store.errorString();
                return out;
            }
            out.messages = requestMessages(store, systemPrompt, imageTurns, history, reasoningBack);
            // Models go on from their own last words more reliably when asked to in a turn of
            // the user's; an assistant message left last is read as a finished turn by most
            // servers. The request is not stored: the reply stays one message.
            out.messages.append(
                ChatMessage::user(QStringLiteral("Continue exactly where your previous message "
                                                 "stopped, without repeating anything or "
                                                 "commenting on it.")));
            return out;
        },
        [this, id, original, resumed](const Resumed &out) {
            m_starting = false;
            if (!out.error.isEmpty() || std::exchange(m_stopRequested, false)) {
                if (out.error.isEmpty()) // stopped before it began: the reply as it was
                    m_store->post([id, original](ConversationStore &store) {
                        store.updateMessage(id, original);
                    });
                else
                    emit actionFailed(out.error);
                emit streamingChanged(isStreaming());
                return;
            }
            m_model.updateMessage(resumed);
            streamInto(resumed, out.messages, {}, true);
        });
    return true;
}

bool ConversationSession::deleteMessage(qint64 messageId)
{
    if (!m_model.conversation().message(messageId) || conversationId() <= 0)
        return false;
    if (isStreaming()) {
        emit actionFailed(tr("Stop the reply, or wait for it to end, before deleting a message."));
        return false;
    }
    const qint64 id = conversationId();
    struct Deleted
    {
        std::optional<Conversation> after;
        QString error;
    };
    m_store->post(
        this,
        [id, messageId](ConversationStore &store) {
            Deleted out;
            if (store.deleteMessage(id, messageId))
                out.after = store.loadConversation(id);
            if (!out.after)
                out.error = store.errorString();
            return out;
        },
        [this](const Deleted &out) {
            if (!out.after) {
                emit actionFailed(out.error);
                return;
            }
            m_model.setConversation(*out.after);
            emit conversationSaved(summary(), false);
        });
    return true;
}

void ConversationSession::stop()
{
    if (m_starting)
        m_stopRequested = true; // the reply's row is on its way: it will not be asked for
    // cancel() emits failed() at once, which removes the reply from m_replies.
    const auto replies = m_replies;
    for (const QPointer<ChatReply> &reply : replies) {
        if (reply)
            reply->cancel();
    }
}

std::optional<ConversationSession::Failure> ConversationSession::failure(qint64 messageId) const
{
    const auto it = m_failures.constFind(messageId);
    if (it == m_failures.cend())
        return std::nullopt;
    return *it;
}

bool ConversationSession::canStart()
{
    if (!m_client) {
        emit actionFailed(tr("Set up a provider first: Settings ▸ Providers."));
        return false;
    }
    if (m_model.conversation().model.isEmpty()) {
        emit actionFailed(tr("Choose a model first."));
        return false;
    }
    return true;
}

void ConversationSession::startReply(
    const Message &question, qint64 replyParent, const QString &newTitle)
{
    if (!canStart())
        return;
    const Conversation &shown = m_model.conversation();
    Conversation header = shown;
    header.messages.clear();
    header.activeChild.clear();
    header.unloadedParentId = 0;
    if (!newTitle.isEmpty())
        header.title = newTitle;
    const bool hasQuestion = !question.text.isEmpty() || !question.images.isEmpty();
    if (hasQuestion) {
        // What the composer held is the question now, not a draft.
        header.draftText.clear();
        header.draftImages.clear();
    }
    // The history the reply answers, as shown here (with any text still streaming into other
    // replies); for a conversation whose older messages are still loading, as stored.
    const qint64 lastKept = hasQuestion ? question.parentId : replyParent;
    const QList<Message> path = pathTo(lastKept);
    const bool readPath = shown.isPartial();
    // n candidates: one row each, siblings, the first shown.
    const int candidates = qBound(1, fields().value(QLatin1StringView("n")).toInt(1), 8);
    Message reply;
    reply.role = ChatMessage::Role::Assistant;
    reply.state = Message::State::Streaming;
    reply.model = header.model;
    m_starting = true;
    emit streamingChanged(true);

    // One trip to the database thread: the conversation (the first time), the question and the
    // reply's row, all or nothing; and the request's messages, with the images' bytes.
    m_store->post(
        this,
        [header, question, reply, lastKept, hasQuestion, path, readPath, candidates,
            reasoningBack = m_client->provider().sendReasoningBack](ConversationStore &store) {
            Started started;
            Conversation c = header;
            QList<Message> history = path;
            if (readPath) {
                if (const std::optional<Conversation> whole = store.loadConversation(c.id))
                    history = pathIn(*whole, lastKept);
            }
            if (!store.beginBulk()) {
                started.error = store.errorString();
                return started;
            }
            bool ok = true;
            if (c.id <= 0) {
                ok = store.createConversation(c);
                started.created = ok;
            } else if (hasQuestion) {
                ok = store.updateConversation(
                    c); // the title, and the draft that became the question
            }
            Message asked = question;
            Message answer = reply;
            if (ok && hasQuestion) {
                ok = store.addMessage(c.id, asked);
                answer.parentId = asked.id;
                history.append(asked);
            } else {
                answer.parentId = lastKept;
            }
            ok = ok && store.addMessage(c.id, answer);
            for (int i = 1; ok && i < candidates; ++i) {
                Message other = reply;
                other.parentId = answer.parentId;
                ok = store.addMessage(c.id, other);
                started.candidates.append(other);
            }
            if (ok && candidates > 1) // the first candidate is the one shown
                ok = store.setActiveChild(c.id, answer.parentId, answer.id);
            if (!ok)
                started.error = store.errorString();
            if (!store.endBulk(ok) && ok)
                started.error = store.errorString();
            if (!started.error.isEmpty())
                return started;
            started.conversationId = c.id;
            started.question = hasQuestion ? asked : Message();
            started.reply = answer;

            started.messages
                = requestMessages(store, c.systemPrompt, c.imageTurns, history, reasoningBack);
            return started;
        },
        [this, header](const Started &started) {
            m_starting = false;
            if (!started.error.isEmpty()) {
                emit streamingChanged(isStreaming());
                emit actionFailed(started.error);
                return;
            }
            Conversation c = m_model.conversation();
            c.id = started.conversationId;
            c.title = header.title;
            c.draftText = header.draftText;
            c.draftImages = header.draftImages;
            if (!c.created.isValid())
                c.created = QDateTime::currentDateTimeUtc();
            m_model.setHeader(c);
            if (std::exchange(m_stopRequested, false)) {
                // Stopped before it began: the question stays, the reply is an empty stopped one.
                if (started.question.id > 0)
                    m_model.appendMessage(started.question);
                QList<Message> rows { started.reply };
                rows.append(started.candidates);
                for (Message reply : rows) {
                    reply.state = Message::State::Stopped;
                    m_model.appendMessage(reply);
                    const qint64 id = started.conversationId;
                    m_store->post(
                        [id, reply](ConversationStore &store) { store.finishStream(id, reply); });
                }
                emit conversationSaved(summary(), started.created);
                emit streamingChanged(isStreaming());
                return;
            }
            onStarted(started);
        });
}

QList<Message> ConversationSession::pathTo(qint64 lastId) const
{
    const Conversation &shown = m_model.conversation();
    return shown.isPartial() ? QList<Message>() : pathIn(shown, lastId);
}

void ConversationSession::onStarted(const Started &started)
{
    if (started.question.id > 0)
        m_model.appendMessage(started.question);
    m_model.appendMessage(started.reply);
    if (!started.candidates.isEmpty()) {
        // In the store's order, the first candidate shown (as the store records it).
        for (const Message &other : started.candidates)
            m_model.appendMessage(other);
        const int row = m_model.rowOf(started.candidates.last().id);
        if (row >= 0)
            m_model.selectSibling(row, 1);
    }
    emit conversationSaved(summary(), started.created);
    streamInto(started.reply, started.messages, started.candidates);
}

void ConversationSession::streamInto(const Message &replyRow, const QList<ChatMessage> &messages,
    const QList<Message> &candidates, bool single)
{
    ChatRequest request = requestFor(messages);
    if (single)
        request.extraFields.remove(QLatin1StringView("n"));
    if (!m_client) {
        // Its provider was removed while the question went to the store.
        Message failed = replyRow;
        failed.state = Message::State::Failed;
        failed.error = tr("The provider of this conversation was removed. Choose another one "
                          "and retry.");
        m_model.updateMessage(failed);
        m_store->post([conversation = conversationId(), failed](
                          ConversationStore &store) { store.finishStream(conversation, failed); });
        emit streamingChanged(isStreaming());
        return;
    }
    const QPointer<ChatClient> client = m_client;
    ChatReply *reply = client->send(request);
    // Choice i streams into row i: the reply's own, then the other candidates'.
    QList<Message> rows { replyRow };
    rows.append(candidates);
    QHash<int, qint64> rowOf;
    for (int choice = 0; choice < rows.size(); ++choice) {
        const Message &row = rows.at(choice);
        rowOf.insert(choice, row.id);
        m_replies.insert(row.id, reply);
        auto *persister = new StreamPersister(m_store, conversationId(), row, this);
        persister->attach(reply, choice);
        connect(persister, &StreamPersister::saveFailed, this, &ConversationSession::saveFailed);
        // The persister has the final message (the decoder's final text, usage, timings,
        // state).
        connect(persister, &StreamPersister::finished, this, &ConversationSession::onReplyEnded);
        connect(persister, &StreamPersister::saved, persister, [persister] {
            if (!persister->hasUnsavedChanges() && persister->isFinished())
                persister->deleteLater();
        });
    }
    auto append = [this, rowOf](ActivePathModel::Field field) {
        return [this, rowOf, field](int choice, const QString &text) {
            const qint64 row = rowOf.value(choice, 0);
            if (row > 0)
                m_model.appendText(row, field, text);
        };
    };
    connect(reply, &ChatReply::contentDelta, this, append(ActivePathModel::Field::Content));
    connect(reply, &ChatReply::refusalDelta, this, append(ActivePathModel::Field::Content));
    connect(reply, &ChatReply::reasoningDelta, this, append(ActivePathModel::Field::Reasoning));
    connect(reply, &ChatReply::failed, this, [this, rowOf, request, client](const ApiError &error) {
        if (error.code() == ApiError::Code::Cancelled)
            return;
        for (const qint64 row : rowOf)
            m_failures.insert(
                row, Failure { error, client ? client->preview(request) : RequestTrace() });
    });
    connect(reply, &ChatReply::finished, reply, &QObject::deleteLater);
    connect(reply, &ChatReply::failed, reply, &QObject::deleteLater);
}

void ConversationSession::onReplyEnded(const Message &message)
{
    m_replies.remove(message.id);
    // The rows show the decoder's final text; deltas still pending are part of it.
    m_model.updateMessage(message);
    emit conversationSaved(summary(), false);
    emit streamingChanged(isStreaming());
}

ConversationSummary ConversationSession::summary() const
{
    const Conversation &c = m_model.conversation();
    ConversationSummary s;
    s.id = c.id;
    s.title = c.title;
    s.created = c.created;
    s.updated = QDateTime::currentDateTimeUtc();
    s.pinned = c.pinned;
    s.model = c.model;
    return s;
}

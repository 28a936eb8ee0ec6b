#include "conversationstore.h"
#include "database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

Message fullMessage()
{
    Message m;
    m.role = ChatMessage::Role::Assistant;
    m.text = QStringLiteral("答案：42 😀\n```cpp\nint x;\n```");
    m.reasoning = QStringLiteral("让我想想……");
    ImageRef stored;
    stored.hash = "ab12";
    stored.mimeType = "image/png";
    stored.detail = ContentPart::Detail::High;
    stored.width = 640;
    stored.height = 480;
    ImageRef remote;
    remote.url = QStringLiteral("https://example.org/cat.jpg");
    remote.detail = ContentPart::Detail::Low;
    m.images = { stored, remote };
    m.toolCalls = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("call_1") },
        { QStringLiteral("type"), QStringLiteral("function") },
        { QStringLiteral("function"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("f") },
                { QStringLiteral("arguments"), QStringLiteral("{\"a\":1}") } } } } };
    m.toolCallId = QStringLiteral("call_0");
    m.refusal = QStringLiteral("no");
    m.model = QStringLiteral("deepseek-reasoner");
    m.usage = { 12, 345, 67, 8 };
    m.timings = { 120, 4500, 76.5, 2300 };
    m.finishReason = QStringLiteral("length");
    m.state = Message::State::CutOff;
    m.error = QStringLiteral("The connection closed");
    m.created = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    return m;
}

} // namespace

class TstConversationStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void conversationRoundTrip();
    void messageRoundTripOfEveryField();
    void treeAndActivePath();
    void listIsPinnedFirstThenByActivity();
    void deleteRemovesMessagesToo();
    void imagesStoredOnceByHash();
    void unusedImagesAreRemovedOnceOld();
    void streamingDeltasFoldedAtFinish();
    void killedStreamRecoveredAsInterrupted();
    void survivesReopen();
    void searchFindsChineseSubstringsAndWords();
    void searchFollowsEditsAndDeletes();
    void searchByRelevance();
    void nestsInsideAnOuterTransaction();
    void updateOfAnotherConversationsMessageFails();
    void tailIsTheEndOfTheActivePath();
    void tailFollowsEveryWayThePathChanges();
    void tailOfAShortConversationIsWhole();
    void shortBranchedConversationLoadsEveryBranch();
    void pathEndIsRememberedAfterASwitchAndAnEdit();
    void failedBulkCommitSaysWhy();
    void headerWritesNeverMoveActivityBack();
    void deletingAMessageAloneKeepsWhatFollows();
    void deletingAVersionTakesWhatFollowsIt();

private:
    // `count` messages, each the reply to the one before, user and assistant in turn, with
    // texts prefix + 0, 1, ...; their ids, first to last (fewer if a write failed).
    QList<qint64> addChain(qint64 conversationId, int count, const QString &prefix = QString());

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
};

void TstConversationStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(QStringLiteral("store"));
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("confab.sqlite"))),
        qPrintable(m_db->errorString()));
    m_store = std::make_unique<ConversationStore>(*m_db);
}

void TstConversationStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TstConversationStore::conversationRoundTrip()
{
    Conversation c;
    c.title = QStringLiteral("中文标题");
    c.pinned = true;
    c.providerId = QStringLiteral("deepseek");
    c.model = QStringLiteral("deepseek-chat");
    c.parameters = QJsonObject { { QStringLiteral("temperature"), 0.3 } };
    c.systemPrompt = QStringLiteral("You are terse.");
    c.draftText = QStringLiteral("unsent words");
    ImageRef draft;
    draft.hash = "ff00";
    draft.mimeType = "image/jpeg";
    c.draftImages = { draft };
    c.imageTurns = 3;
    QVERIFY2(m_store->createConversation(c), qPrintable(m_store->errorString()));
    QVERIFY(c.id > 0);

    const auto loaded = m_store->loadConversation(c.id);
    QVERIFY(loaded);
    QCOMPARE(loaded->title, c.title);
    QCOMPARE(loaded->pinned, true);
    QCOMPARE(loaded->providerId, c.providerId);
    QCOMPARE(loaded->model, c.model);
    QCOMPARE(loaded->parameters, c.parameters);
    QCOMPARE(loaded->systemPrompt, c.systemPrompt);
    QCOMPARE(loaded->draftText, c.draftText);
    QCOMPARE(loaded->draftImages, c.draftImages);
    QCOMPARE(loaded->imageTurns, 3);
    QCOMPARE(loaded->created.toMSecsSinceEpoch(), c.created.toMSecsSinceEpoch());
    QCOMPARE(m_store->loadTail(c.id, 10)->imageTurns, 3);

    Conversation changed = *loaded;
    changed.title = QStringLiteral("renamed");
    changed.draftText.clear();
    changed.imageTurns = 0;
    QVERIFY(m_store->updateConversation(changed));
    QCOMPARE(m_store->loadConversation(c.id)->title, QStringLiteral("renamed"));
    QVERIFY(m_store->loadConversation(c.id)->draftText.isEmpty());
    QCOMPARE(m_store->loadConversation(c.id)->imageTurns, 0);
    changed.imageTurns = -1;
    QVERIFY(m_store->updateConversation(changed));
    QCOMPARE(m_store->loadConversation(c.id)->imageTurns, -1);
    QVERIFY(!m_store->loadConversation(c.id + 100));
}

void TstConversationStore::messageRoundTripOfEveryField()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message question;
    question.text = QStringLiteral("问题");
    QVERIFY(m_store->addMessage(c.id, question));
    Message answer = fullMessage();
    answer.parentId = question.id;
    QVERIFY2(m_store->addMessage(c.id, answer), qPrintable(m_store->errorString()));

    const auto loaded = m_store->loadConversation(c.id);
    QVERIFY(loaded);
    QCOMPARE(loaded->messages.size(), 2);
    QCOMPARE(loaded->messages.at(1), answer);
    QCOMPARE(loaded->messages.at(0).role, ChatMessage::Role::User);
}

void TstConversationStore::treeAndActivePath()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message q1;
    q1.text = QStringLiteral("q1");
    QVERIFY(m_store->addMessage(c.id, q1));
    Message a1;
    a1.role = ChatMessage::Role::Assistant;
    a1.parentId = q1.id;
    a1.text = QStringLiteral("a1");
    QVERIFY(m_store->addMessage(c.id, a1));
    Message a2 = a1; // a regeneration: a sibling of a1
    a2.text = QStringLiteral("a2");
    QVERIFY(m_store->addMessage(c.id, a2));
    Message q1edit; // an edit of the first question: a sibling at the root
    q1edit.text = QStringLiteral("q1 edited");
    QVERIFY(m_store->addMessage(c.id, q1edit));

    auto texts = [](const Conversation &conv) {
        QStringList t;
        for (const Message *m : conv.activePath())
            t << m->text;
        return t;
    };
    QCOMPARE(texts(*m_store->loadConversation(c.id)), QStringList { QStringLiteral("q1 edited") });
    QVERIFY(m_store->setActiveChild(c.id, 0, q1.id));
    QCOMPARE(texts(*m_store->loadConversation(c.id)),
        (QStringList { QStringLiteral("q1"), QStringLiteral("a2") }));
    QVERIFY(m_store->setActiveChild(c.id, q1.id, a1.id));
    const Conversation loaded = *m_store->loadConversation(c.id);
    QCOMPARE(texts(loaded), (QStringList { QStringLiteral("q1"), QStringLiteral("a1") }));
    QCOMPARE(loaded.childrenOf(q1.id), (QList<qint64> { a1.id, a2.id }));
    QCOMPARE(loaded.childrenOf(0), (QList<qint64> { q1.id, q1edit.id }));
}

void TstConversationStore::listIsPinnedFirstThenByActivity()
{
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        Conversation c;
        c.title = QStringLiteral("c%1").arg(i);
        c.created = QDateTime::fromMSecsSinceEpoch(1000 * (i + 1), Qt::UTC);
        c.pinned = i == 1;
        QVERIFY(m_store->createConversation(c));
        ids << c.id;
    }
    // Activity moves c0 to the top of the unpinned ones.
    Message m;
    m.created = QDateTime::fromMSecsSinceEpoch(99000, Qt::UTC);
    QVERIFY(m_store->addMessage(ids[0], m));

    QStringList order;
    for (const ConversationSummary &s : m_store->listConversations(0, 10))
        order << s.title;
    QCOMPARE(order, (QStringList { u"c1"_qs, u"c0"_qs, u"c4"_qs, u"c3"_qs, u"c2"_qs }));
    QCOMPARE(m_store->listConversations(1, 2).size(), 2);
    QCOMPARE(m_store->listConversations(1, 2).first().title, u"c0"_qs);
    QCOMPARE(m_store->conversationCount(), 5);
}

void TstConversationStore::deleteRemovesMessagesToo()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message m;
    QVERIFY(m_store->addMessage(c.id, m));
    QVERIFY(m_store->appendStreamText(m.id, ConversationStore::StreamField::Content, u"x"_qs));
    QVERIFY(m_store->deleteConversation(c.id));
    QSqlQuery q(m_db->connection());
    QVERIFY(
        q.exec(u"SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM stream_chunks)"_qs)
        && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TstConversationStore::imagesStoredOnceByHash()
{
    const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a") + QByteArray(100, 'p');
    const QByteArray a = m_store->storeImage(png, "image/png", 10, 10);
    const QByteArray b = m_store->storeImage(png, "image/png", 10, 10);
    QCOMPARE(a, b);
    QCOMPARE(a.size(), 64); // hex SHA-256
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM images"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    const auto loaded = m_store->loadImage(a);
    QVERIFY(loaded);
    QCOMPARE(loaded->first, png);
    QCOMPARE(loaded->second, QByteArray("image/png"));
    QVERIFY(!m_store->loadImage("0000"));
}

void TstConversationStore::unusedImagesAreRemovedOnceOld()
{
    auto image = [this](const char *name) {
        ImageRef ref;
        ref.hash = m_store->storeImage(QByteArray("bytes of ") + name, "image/png");
        ref.mimeType = "image/png";
        return ref;
    };
    const ImageRef inMessage = image("in a message");
    const ImageRef inDraft = image("in a draft");
    const ImageRef unusedRecent = image("just attached");
    const ImageRef unusedOld = image("taken off long ago");
    const ImageRef ofDeletedMessage = image("of a deleted message");
    const ImageRef ofDeletedConversation = image("of a deleted conversation");
    QVERIFY(!inMessage.hash.isEmpty());

    Conversation kept;
    kept.draftImages = { inDraft };
    QVERIFY(m_store->createConversation(kept));
    ImageRef remote; // no hash: must not make the search for used ones match nothing
    remote.url = u"https://example.org/cat.jpg"_qs;
    Message question;
    question.text = u"what is this?"_qs;
    question.images = { remote, inMessage };
    QVERIFY(m_store->addMessage(kept.id, question));
    Message deleted;
    deleted.parentId = question.id;
    deleted.text = u"and this?"_qs;
    deleted.images = { ofDeletedMessage };
    QVERIFY(m_store->addMessage(kept.id, deleted));
    QVERIFY(m_store->deleteMessage(kept.id, deleted.id));
    Conversation gone;
    gone.draftImages = { ofDeletedConversation };
    QVERIFY(m_store->createConversation(gone));
    QVERIFY(m_store->deleteConversation(gone.id));

    // Nothing is old yet: a draft being written may not be saved.
    QCOMPARE(m_store->removeUnusedImages(), 0);

    QSqlQuery q(m_db->connection());
    QVERIFY(q.prepare(u"UPDATE images SET created = ? WHERE hash != ?"_qs));
    q.addBindValue(QDateTime::currentDateTimeUtc().addSecs(-11 * 60).toMSecsSinceEpoch());
    q.addBindValue(QString::fromLatin1(unusedRecent.hash));
    QVERIFY(q.exec());
    QCOMPARE(m_store->removeUnusedImages(), 3);
    QVERIFY(m_store->loadImage(inMessage.hash));
    QVERIFY(m_store->loadImage(inDraft.hash));
    QVERIFY(m_store->loadImage(unusedRecent.hash));
    QVERIFY(!m_store->loadImage(unusedOld.hash));
    QVERIFY(!m_store->loadImage(ofDeletedMessage.hash));
    QVERIFY(!m_store->loadImage(ofDeletedConversation.hash));

    // An old image attached again counts as new until its draft is saved.
    QVERIFY(QSqlQuery(m_db->connection()).exec(u"UPDATE images SET created = 0"_qs));
    QCOMPARE(image("just attached").hash, unusedRecent.hash);
    QCOMPARE(m_store->removeUnusedImages(), 0);
    QVERIFY(m_store->loadImage(unusedRecent.hash));
}

void TstConversationStore::streamingDeltasFoldedAtFinish()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message reply;
    reply.role = ChatMessage::Role::Assistant;
    reply.state = Message::State::Streaming;
    QVERIFY(m_store->addMessage(c.id, reply));
    QVERIFY(m_store->appendStreamText(
        reply.id, ConversationStore::StreamField::Reasoning, u"think "_qs));
    QVERIFY(
        m_store->appendStreamText(reply.id, ConversationStore::StreamField::Content, u"你好"_qs));
    QVERIFY(
        m_store->appendStreamText(reply.id, ConversationStore::StreamField::Content, u"，世界"_qs));

    reply.text = u"你好，世界"_qs;
    reply.reasoning = u"think "_qs;
    reply.state = Message::State::Complete;
    reply.finishReason = u"stop"_qs;
    QVERIFY(m_store->finishStream(c.id, reply));
    const Conversation loaded = *m_store->loadConversation(c.id);
    QCOMPARE(loaded.messages.first().text, u"你好，世界"_qs);
    QCOMPARE(loaded.messages.first().state, Message::State::Complete);
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM stream_chunks"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(m_store->recoverInterrupted(), 0);
}

void TstConversationStore::killedStreamRecoveredAsInterrupted()
{
    const QString path = m_dir->filePath(u"confab.sqlite"_qs);
    qint64 conversation = 0;
    qint64 replyId = 0;
    {
        Conversation c;
        QVERIFY(m_store->createConversation(c));
        conversation = c.id;
        Message question;
        question.text = u"讲个笑话"_qs;
        QVERIFY(m_store->addMessage(c.id, question));
        Message reply;
        reply.role = ChatMessage::Role::Assistant;
        reply.parentId = question.id;
        reply.state = Message::State::Streaming;
        QVERIFY(m_store->addMessage(c.id, reply));
        replyId = reply.id;
        QVERIFY(m_store->appendStreamText(
            reply.id, ConversationStore::StreamField::Reasoning, u"hmm"_qs));
        QVERIFY(m_store->appendStreamText(
            reply.id, ConversationStore::StreamField::Content, u"从前"_qs));
        QVERIFY(m_store->appendStreamText(
            reply.id, ConversationStore::StreamField::Content, u"有座山"_qs));
    }
    // The process "dies": nothing is finished; the next start opens the file anew.
    m_store.reset();
    m_db.reset();
    Database reopened(u"after crash"_qs);
    QVERIFY(reopened.open(path));
    ConversationStore store(reopened);
    QCOMPARE(store.recoverInterrupted(), 1);
    const Conversation loaded = *store.loadConversation(conversation);
    QCOMPARE(loaded.messages.size(), 2);
    QCOMPARE(loaded.messages.at(0).text, u"讲个笑话"_qs);
    const Message *reply = loaded.message(replyId);
    QVERIFY(reply);
    QCOMPARE(reply->text, u"从前有座山"_qs);
    QCOMPARE(reply->reasoning, u"hmm"_qs);
    QCOMPARE(reply->state, Message::State::Interrupted);
    QCOMPARE(store.recoverInterrupted(), 0);
    // Appending after recovery starts a fresh sequence without clashing.
    QVERIFY(store.appendStreamText(replyId, ConversationStore::StreamField::Content, u"!"_qs));
}

void TstConversationStore::survivesReopen()
{
    const QString path = m_dir->filePath(u"confab.sqlite"_qs);
    Conversation c;
    c.title = u"persisted"_qs;
    QVERIFY(m_store->createConversation(c));
    m_store.reset();
    m_db.reset();
    Database db(u"reopen"_qs);
    QVERIFY(db.open(path));
    ConversationStore store(db);
    QCOMPARE(store.loadConversation(c.id)->title, u"persisted"_qs);
}

void TstConversationStore::searchFindsChineseSubstringsAndWords()
{
    Conversation c;
    c.title = u"分词讨论"_qs;
    QVERIFY(m_store->createConversation(c));
    QStringList texts { u"我们在讨论中文分词的问题"_qs, u"Confab streams replies quickly"_qs,
        u"没有匹配的内容"_qs, u"另一段中文"_qs };
    QList<qint64> ids;
    for (const QString &t : texts) {
        Message m;
        m.text = t;
        QVERIFY(m_store->addMessage(c.id, m));
        ids << m.id;
    }
    auto messageIds = [](const QList<SearchHit> &hits) {
        QList<qint64> out;
        for (const SearchHit &h : hits) {
            if (h.messageId)
                out << h.messageId;
        }
        return out;
    };
    // Two Chinese characters inside longer runs, newest first.
    QCOMPARE(messageIds(m_store->search(u"中文"_qs)), (QList<qint64> { ids[3], ids[0] }));
    QCOMPARE(messageIds(m_store->search(u"讨论中文"_qs)), QList<qint64> { ids[0] });
    QCOMPARE(messageIds(m_store->search(u"文分"_qs)), QList<qint64> { ids[0] }); // across a "word"
    QVERIFY(messageIds(m_store->search(u"stream"_qs)).isEmpty()); // whole words...
    QCOMPARE(
        messageIds(m_store->search(u"stream*"_qs)), QList<qint64> { ids[1] }); // ...or a prefix
    QCOMPARE(messageIds(m_store->search(u"CONFAB quick*"_qs)), QList<qint64> { ids[1] });
    QVERIFY(messageIds(m_store->search(u"中文 confab"_qs)).isEmpty()); // every term must match
    QVERIFY(m_store->search(u"  "_qs).isEmpty());

    const QList<SearchHit> hits = m_store->search(u"分词"_qs);
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.first().messageId, 0); // the title matched, listed first
    QCOMPARE(hits.first().conversationTitle, u"分词讨论"_qs);
    const SearchHit &hit = hits.at(1);
    QCOMPARE(hit.messageId, ids[0]);
    QCOMPARE(hit.conversationId, c.id);
    QVERIFY(!hit.snippet.highlights.isEmpty());
    QCOMPARE(hit.snippet.text.mid(hit.snippet.highlights.first().first, 2), u"分词"_qs);
}

void TstConversationStore::searchFollowsEditsAndDeletes()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message m;
    m.text = u"original wording"_qs;
    QVERIFY(m_store->addMessage(c.id, m));
    QCOMPARE(m_store->search(u"original"_qs).size(), 1);
    m.text = u"replaced text"_qs;
    QVERIFY(m_store->updateMessage(c.id, m));
    QVERIFY(m_store->search(u"original"_qs).isEmpty());
    QCOMPARE(m_store->search(u"replaced"_qs).size(), 1);

    // A streamed reply is searchable once it is finished or recovered.
    Message reply;
    reply.parentId = m.id;
    reply.role = ChatMessage::Role::Assistant;
    reply.state = Message::State::Streaming;
    QVERIFY(m_store->addMessage(c.id, reply));
    QVERIFY(m_store->appendStreamText(
        reply.id, ConversationStore::StreamField::Content, u"流式回复"_qs));
    QVERIFY(m_store->search(u"流式"_qs).isEmpty());
    QCOMPARE(m_store->recoverInterrupted(), 1);
    QCOMPARE(m_store->search(u"流式"_qs).size(), 1);

    c.title = u"renamed title"_qs;
    QVERIFY(m_store->updateConversation(c));
    QCOMPARE(m_store->search(u"renamed"_qs).size(), 1);
    QVERIFY(m_store->deleteConversation(c.id));
    QVERIFY(m_store->search(u"replaced"_qs).isEmpty());
    QVERIFY(m_store->search(u"renamed"_qs).isEmpty());
    QVERIFY(m_store->search(u"流式"_qs).isEmpty());
}

void TstConversationStore::searchByRelevance()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message many;
    many.text = u"apple apple apple apple"_qs;
    QVERIFY(m_store->addMessage(c.id, many));
    Message once;
    once.text = u"an apple among many other words in a long sentence about fruit and trees"_qs;
    QVERIFY(m_store->addMessage(c.id, once));
    const QList<SearchHit> newest
        = m_store->search(u"apple"_qs, 10, ConversationStore::SearchOrder::Newest);
    const QList<SearchHit> ranked
        = m_store->search(u"apple"_qs, 10, ConversationStore::SearchOrder::Relevance);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.first().messageId, once.id);
    QCOMPARE(ranked.first().messageId, many.id);
}

// An import wraps many store calls in one transaction: all of them or none.
void TstConversationStore::nestsInsideAnOuterTransaction()
{
    QSqlDatabase db = m_db->connection();
    QVERIFY(db.transaction());
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    Message m;
    m.text = u"rolled back"_qs;
    QVERIFY(m_store->addMessage(c.id, m));
    QVERIFY(db.rollback());
    QCOMPARE(m_store->conversationCount(), 0);
    QVERIFY(m_store->search(u"rolled"_qs).isEmpty());

    QVERIFY(db.transaction());
    QVERIFY(m_store->createConversation(c));
    QVERIFY(m_store->addMessage(c.id, m));
    QVERIFY(db.commit());
    QCOMPARE(m_store->conversationCount(), 1);
    QCOMPARE(m_store->search(u"rolled"_qs).size(), 1);
}

void TstConversationStore::updateOfAnotherConversationsMessageFails()
{
    Conversation a, b;
    QVERIFY(m_store->createConversation(a));
    QVERIFY(m_store->createConversation(b));
    Message m;
    m.text = u"original"_qs;
    QVERIFY(m_store->addMessage(a.id, m));
    QVERIFY(m_store->appendStreamText(m.id, ConversationStore::StreamField::Content, u"kept"_qs));
    Message changed = m;
    changed.text = u"zebra"_qs;
    QVERIFY(!m_store->updateMessage(b.id, changed));
    QVERIFY(!m_store->finishStream(b.id, changed));
    QVERIFY(!m_store->errorString().isEmpty());
    QCOMPARE(m_store->loadConversation(a.id)->messages.first().text, u"original"_qs);
    QCOMPARE(m_store->search(u"original"_qs).size(), 1);
    QVERIFY(m_store->search(u"zebra"_qs).isEmpty());
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM stream_chunks"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 1); // the reply's text is still there
}

namespace {

QList<qint64> pathIds(const Conversation &c)
{
    QList<qint64> ids;
    for (const Message *m : c.activePath())
        ids << m->id;
    return ids;
}

} // namespace

void TstConversationStore::deletingAMessageAloneKeepsWhatFollows()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    const QList<qint64> chain = addChain(c.id, 4, u"turn"_qs); // turn0 .. turn3
    QCOMPARE(chain.size(), 4);
    QVERIFY2(m_store->deleteMessage(c.id, chain.at(1)), qPrintable(m_store->errorString()));
    const std::optional<Conversation> after = m_store->loadConversation(c.id);
    QVERIFY(after);
    QStringList path;
    for (const Message *m : after->activePath())
        path << m->text;
    QCOMPARE(path, (QStringList { u"turn0"_qs, u"turn2"_qs, u"turn3"_qs }));
    QCOMPARE(after->message(chain.at(2))->parentId, chain.at(0));
    QVERIFY(m_store->search(u"turn1"_qs).isEmpty());
    QCOMPARE(m_store->search(u"turn3"_qs).size(), 1);
    // The remembered path end still holds: the first screen is the same path.
    const std::optional<Conversation> tail = m_store->loadTail(c.id, 2);
    QVERIFY(tail);
    QCOMPARE(tail->activePath().last()->id, chain.at(3));

    // The first message too: the next one becomes the first.
    QVERIFY(m_store->deleteMessage(c.id, chain.at(0)));
    const std::optional<Conversation> rest = m_store->loadConversation(c.id);
    QCOMPARE(rest->activePath().size(), 2);
    QCOMPARE(rest->activePath().first()->id, chain.at(2));
    QCOMPARE(rest->activePath().first()->parentId, 0);
    // A message of another conversation is refused.
    Conversation other;
    QVERIFY(m_store->createConversation(other));
    QVERIFY(!m_store->deleteMessage(other.id, chain.at(2)));
    QVERIFY(!m_store->errorString().isEmpty());
}

void TstConversationStore::deletingAVersionTakesWhatFollowsIt()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    const QList<qint64> chain = addChain(c.id, 4, u"turn"_qs);
    Message version;
    version.role = ChatMessage::Role::Assistant;
    version.parentId = chain.at(0);
    version.text = u"another version"_qs;
    QVERIFY(m_store->addMessage(c.id, version));
    QVERIFY(m_store->setActiveChild(c.id, chain.at(0), chain.at(1)));

    QVERIFY2(m_store->deleteMessage(c.id, chain.at(1)), qPrintable(m_store->errorString()));
    const std::optional<Conversation> after = m_store->loadConversation(c.id);
    QVERIFY(after);
    QCOMPARE(after->messages.size(), 2); // turn0 and the other version
    QCOMPARE(after->activePath().last()->id, version.id);
    QVERIFY(m_store->search(u"turn2"_qs).isEmpty());
    QVERIFY(m_store->search(u"turn3"_qs).isEmpty());
    QCOMPARE(m_store->loadTail(c.id, 1)->activePath().last()->id, version.id);
}

QList<qint64> TstConversationStore::addChain(
    qint64 conversationId, int count, const QString &prefix)
{
    QList<qint64> ids;
    qint64 parent = 0;
    for (int i = 0; i < count; ++i) {
        Message m;
        m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
        m.parentId = parent;
        m.text = prefix + QString::number(i);
        if (!m_store->addMessage(conversationId, m))
            break;
        ids << m.id;
        parent = m.id;
    }
    return ids;
}

void TstConversationStore::tailIsTheEndOfTheActivePath()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    const QList<qint64> chain = addChain(c.id, 40, u"turn "_qs);
    QCOMPARE(chain.size(), 40);
    // A regeneration of the last reply: two siblings at the end, the new one shown.
    Message regenerated;
    regenerated.role = ChatMessage::Role::Assistant;
    regenerated.parentId = chain.at(38);
    regenerated.text = u"turn 39 again"_qs;
    QVERIFY(m_store->addMessage(c.id, regenerated));

    const Conversation whole = *m_store->loadConversation(c.id);
    const std::optional<Conversation> tail = m_store->loadTail(c.id, 10);
    QVERIFY2(tail, qPrintable(m_store->errorString()));
    QVERIFY(tail->isPartial());
    QCOMPARE(tail->title, whole.title);
    QCOMPARE(pathIds(*tail), pathIds(whole).mid(30));
    QCOMPARE(pathIds(*tail).last(), regenerated.id);
    QCOMPARE(tail->unloadedParentId, chain.at(29));
    // The last reply's sibling is there, for "2 / 2", and every message is whole.
    QCOMPARE(tail->childrenOf(chain.at(38)), (QList<qint64> { chain.at(39), regenerated.id }));
    QCOMPARE(tail->message(chain.at(39))->text, u"turn 39"_qs);
    QCOMPARE(tail->messages.size(), 11);
    for (const Message &m : tail->messages)
        QCOMPARE(m.text, whole.message(m.id)->text);
}

void TstConversationStore::tailFollowsEveryWayThePathChanges()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    const QList<qint64> ids = addChain(c.id, 6);
    QCOMPARE(ids.size(), 6);
    auto tailMatches = [&] {
        const Conversation whole = *m_store->loadConversation(c.id);
        const Conversation tail = *m_store->loadTail(c.id, 3);
        return pathIds(tail) == pathIds(whole).mid(qMax<qsizetype>(0, pathIds(whole).size() - 3));
    };
    QVERIFY(tailMatches());

    // An edit in the middle: a sibling of message 2, which ends the path.
    Message edit;
    edit.parentId = ids.at(1);
    edit.text = u"2 edited"_qs;
    QVERIFY(m_store->addMessage(c.id, edit));
    QVERIFY(tailMatches());
    QCOMPARE(pathIds(*m_store->loadTail(c.id, 3)).last(), edit.id);

    // Back to the first branch: its end is message 5 again.
    QVERIFY(m_store->setActiveChild(c.id, ids.at(1), ids.at(2)));
    QVERIFY(tailMatches());
    QCOMPARE(pathIds(*m_store->loadTail(c.id, 3)).last(), ids.at(5));

    // A message added off the shown path leaves the path's end where it was.
    Message offPath;
    offPath.parentId = edit.id;
    offPath.text = u"below the edit"_qs;
    QVERIFY(m_store->addMessage(c.id, offPath));
    QVERIFY(tailMatches());
    QCOMPARE(pathIds(*m_store->loadTail(c.id, 3)).last(), ids.at(5));

    // A new first message starts a path of its own.
    Message root;
    root.text = u"new start"_qs;
    QVERIFY(m_store->addMessage(c.id, root));
    QCOMPARE(pathIds(*m_store->loadTail(c.id, 3)), QList<qint64> { root.id });

    // A remembered end that is no longer right (written by hand here) is not trusted.
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("UPDATE conversations SET active_leaf = %1").arg(ids.at(3))));
    QVERIFY(tailMatches());
}

void TstConversationStore::tailOfAShortConversationIsWhole()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    QVERIFY(!m_store->loadTail(c.id, 50)->isPartial());
    QVERIFY(m_store->loadTail(c.id, 50)->messages.isEmpty());
    Message q1;
    q1.text = u"q1"_qs;
    QVERIFY(m_store->addMessage(c.id, q1));
    Message q2; // an edit of the first message: a sibling at the root
    q2.text = u"q2"_qs;
    QVERIFY(m_store->addMessage(c.id, q2));
    Message a;
    a.parentId = q2.id;
    a.text = u"a"_qs;
    QVERIFY(m_store->addMessage(c.id, a));
    const Conversation tail = *m_store->loadTail(c.id, 50);
    QVERIFY(!tail.isPartial());
    QCOMPARE(pathIds(tail), (QList<qint64> { q2.id, a.id }));
    QCOMPARE(tail.childrenOf(0), (QList<qint64> { q1.id, q2.id }));
    QVERIFY(!m_store->loadTail(-5, 50));
}

void TstConversationStore::shortBranchedConversationLoadsEveryBranch()
{
    // Q1 ─┬─ A1 ── Q2 ── A2        (the first answer, with a follow-up)
    //     └─ A1' (shown)
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    auto add = [&](qint64 parent, const QString &text) {
        Message m;
        m.parentId = parent;
        m.text = text;
        m_store->addMessage(c.id, m);
        return m.id;
    };
    const qint64 q1 = add(0, u"Q1"_qs);
    const qint64 a1 = add(q1, u"A1"_qs);
    const qint64 q2 = add(a1, u"Q2"_qs);
    add(q2, u"A2"_qs);
    add(q1, u"A1 again"_qs);
    const Conversation tail = *m_store->loadTail(c.id, 40);
    QVERIFY(!tail.isPartial());
    QCOMPARE(tail.messages.size(), 5); // the branch under A1 too, so that showing A1 shows it
    QCOMPARE(tail.childrenOf(a1), QList<qint64> { q2 });
}

void TstConversationStore::pathEndIsRememberedAfterASwitchAndAnEdit()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    const QList<qint64> ids = addChain(c.id, 6);
    QCOMPARE(ids.size(), 6);
    auto leaf = [&] {
        QSqlQuery q(m_db->connection());
        q.exec(QStringLiteral("SELECT active_leaf FROM conversations WHERE id = %1").arg(c.id));
        return q.next() ? q.value(0).toLongLong() : -1;
    };
    Message edit;
    edit.parentId = ids.at(1);
    edit.text = u"edited"_qs;
    QVERIFY(m_store->addMessage(c.id, edit));
    QCOMPARE(leaf(), edit.id);
    QVERIFY(m_store->setActiveChild(c.id, ids.at(1), ids.at(2)));
    QCOMPARE(leaf(), ids.at(5)); // known at once: a read-only connection could not record it
}

void TstConversationStore::failedBulkCommitSaysWhy()
{
    Conversation c;
    QVERIFY(m_store->createConversation(c));
    QVERIFY(m_store->beginBulk());
    // A violation that SQLite reports at COMMIT, as it reports a full disk there.
    QSqlQuery(m_db->connection()).exec(u"PRAGMA defer_foreign_keys = ON"_qs);
    Message orphan;
    orphan.parentId = 999999;
    orphan.text = u"no parent"_qs;
    QVERIFY(m_store->addMessage(c.id, orphan));
    QVERIFY(!m_store->endBulk(true));
    QVERIFY2(!m_store->errorString().isEmpty(), "a failed commit must say why");
    QVERIFY(m_store->loadConversation(c.id)->messages.isEmpty());
}

void TstConversationStore::headerWritesNeverMoveActivityBack()
{
    Conversation c;
    c.created = QDateTime::currentDateTimeUtc().addDays(-30);
    QVERIFY(m_store->createConversation(c));
    Message m;
    m.text = u"now"_qs;
    QVERIFY(m_store->addMessage(c.id, m));
    const QDateTime active = m_store->loadConversation(c.id)->updated;
    QVERIFY(active > c.created.addDays(29));
    c.draftText = u"draft"_qs; // `c` still holds the time it was opened at
    QVERIFY(m_store->updateConversation(c));
    const Conversation after = *m_store->loadConversation(c.id);
    QCOMPARE(after.draftText, u"draft"_qs);
    QCOMPARE(after.updated, active);
}

QTEST_GUILESS_MAIN(TstConversationStore)
#include "tst_conversationstore.moc"

#include "activepathmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

namespace {

Message makeMessage(qint64 id, qint64 parentId, ChatMessage::Role role, const QString &text)
{
    Message m;
    m.id = id;
    m.parentId = parentId;
    m.role = role;
    m.text = text;
    m.created = QDateTime::fromMSecsSinceEpoch(1700000000000 + id * 1000, Qt::UTC);
    return m;
}

// q1 ─┬─ a1 ── q3          (a1 and a2: a regeneration)
//     └─ a2 ── q2 ── a3
// q1' (an edit of q1: a second first message)
// Shown: q1, a2, q2, a3.
Conversation forkedConversation()
{
    using Role = ChatMessage::Role;
    Conversation c;
    c.id = 7;
    c.title = u"分支"_qs;
    c.messages = {
        makeMessage(1, 0, Role::User, u"q1"_qs),
        makeMessage(2, 1, Role::Assistant, u"a1"_qs),
        makeMessage(3, 1, Role::Assistant, u"a2"_qs),
        makeMessage(4, 3, Role::User, u"q2"_qs),
        makeMessage(5, 4, Role::Assistant, u"a3"_qs),
        makeMessage(6, 2, Role::User, u"q3"_qs),
        makeMessage(7, 0, Role::User, u"q1'"_qs),
    };
    c.activeChild = { { 0, 1 }, { 1, 3 }, { 3, 4 }, { 4, 5 } };
    return c;
}

QList<qint64> idsOf(const QAbstractItemModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ActivePathModel::IdRole).toLongLong();
    return ids;
}

QSet<int> rolesOf(const QList<QVariant> &dataChangedArguments)
{
    const QList<int> roles = dataChangedArguments.at(2).value<QList<int>>();
    return QSet<int>(roles.cbegin(), roles.cend());
}

} // namespace

class TstActivePathModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void rowsAreTheActivePath();
    void everyFieldHasARole();
    void selectSiblingSwitchesTheBranch();
    void selectSiblingRejectsBadIndexes();
    void appendMessage();
    void appendMessageAsANewSibling();
    void appendMessageOnAHiddenBranch();
    void updateMessageNamesOnlyChangedRoles();
    void streamingIsCoalesced_data();
    void streamingIsCoalesced();
    void contentAndReasoningInOneInterval();
    void intervalZeroEmitsAtOnce();
    void streamingIntoAHiddenBranch();
    void newConversationDropsPendingDeltas();
    void partialConversationShowsItsEnd();
    void completingAddsOlderRowsAboveAndKeepsNewerData();
    void completingWithAnotherPathResets();

private:
    qint64 appendStreamingReply();

    std::unique_ptr<ActivePathModel> m_model;
};

void TstActivePathModel::init()
{
    m_model = std::make_unique<ActivePathModel>();
    // Before any row exists, so every change is checked as it happens.
    new QAbstractItemModelTester(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_model.get());
}

void TstActivePathModel::cleanup()
{
    m_model.reset();
}

qint64 TstActivePathModel::appendStreamingReply()
{
    m_model->setConversation(forkedConversation());
    Message reply = makeMessage(100, 5, ChatMessage::Role::Assistant, QString());
    reply.state = Message::State::Streaming;
    if (!m_model->appendMessage(reply))
        return 0;
    return reply.id;
}

void TstActivePathModel::rowsAreTheActivePath()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setConversation(forkedConversation());
    QCOMPARE(resets.count(), 1);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5 }));

    struct Expected
    {
        QString text;
        QString role;
        qint64 parentId;
        int siblingIndex;
        int siblingCount;
    };
    const QList<Expected> expected = {
        { u"q1"_qs, u"user"_qs, 0, 1, 2 },
        { u"a2"_qs, u"assistant"_qs, 1, 2, 2 },
        { u"q2"_qs, u"user"_qs, 3, 1, 1 },
        { u"a3"_qs, u"assistant"_qs, 4, 1, 1 },
    };
    for (int row = 0; row < expected.size(); ++row) {
        const QModelIndex index = m_model->index(row);
        QCOMPARE(index.data(ActivePathModel::TextRole).toString(), expected[row].text);
        QCOMPARE(index.data(Qt::DisplayRole).toString(), expected[row].text);
        QCOMPARE(index.data(ActivePathModel::RoleRole).toString(), expected[row].role);
        QCOMPARE(index.data(ActivePathModel::ParentIdRole).toLongLong(), expected[row].parentId);
        QCOMPARE(index.data(ActivePathModel::SiblingIndexRole).toInt(), expected[row].siblingIndex);
        QCOMPARE(index.data(ActivePathModel::SiblingCountRole).toInt(), expected[row].siblingCount);
    }
    QCOMPARE(m_model->rowOf(5), 3);
    QCOMPARE(m_model->rowOf(2), -1); // in the tree, not shown
    QCOMPARE(m_model->rowOf(999), -1);
    QCOMPARE(m_model->messageAt(1).text, u"a2"_qs);
    QCOMPARE(m_model->conversation().title, u"分支"_qs);
}

void TstActivePathModel::everyFieldHasARole()
{
    Conversation c;
    Message m = makeMessage(1, 0, ChatMessage::Role::Assistant, u"答案：42"_qs);
    m.reasoning = u"让我想想……"_qs;
    ImageRef stored;
    stored.hash = "ab12";
    stored.mimeType = "image/png";
    stored.detail = ContentPart::Detail::High;
    stored.width = 640;
    stored.height = 480;
    ImageRef remote;
    remote.url = u"https://example.org/cat.jpg"_qs;
    m.images = { stored, remote };
    m.toolCalls
        = QJsonArray { QJsonObject { { u"id"_qs, u"call_1"_qs }, { u"type"_qs, u"function"_qs } } };
    m.toolCallId = u"call_0"_qs;
    m.refusal = u"no"_qs;
    m.model = u"deepseek-reasoner"_qs;
    m.usage = { 12, 345, 67, -1 };
    m.timings = { 120, 4500, 76.5 };
    m.finishReason = u"length"_qs;
    m.state = Message::State::CutOff;
    m.error = u"The connection closed"_qs;
    c.messages = { m };
    m_model->setConversation(c);

    const QModelIndex index = m_model->index(0);
    QCOMPARE(index.data(ActivePathModel::IdRole).toLongLong(), 1);
    QCOMPARE(index.data(ActivePathModel::ReasoningRole).toString(), m.reasoning);
    const QVariantList images = index.data(ActivePathModel::ImagesRole).toList();
    QCOMPARE(images.size(), 2);
    const QVariantMap first = images.at(0).toMap();
    QCOMPARE(first.value(u"hash"_qs).toString(), u"ab12"_qs);
    QCOMPARE(first.value(u"mimeType"_qs).toString(), u"image/png"_qs);
    QCOMPARE(first.value(u"detail"_qs).toString(), u"high"_qs);
    QCOMPARE(first.value(u"width"_qs).toInt(), 640);
    QCOMPARE(first.value(u"height"_qs).toInt(), 480);
    QCOMPARE(first.value(u"remote"_qs).toBool(), false);
    QCOMPARE(images.at(1).toMap().value(u"url"_qs).toString(), remote.url);
    QCOMPARE(images.at(1).toMap().value(u"remote"_qs).toBool(), true);
    const QVariantList toolCalls = index.data(ActivePathModel::ToolCallsRole).toList();
    QCOMPARE(toolCalls.size(), 1);
    QCOMPARE(toolCalls.at(0).toMap().value(u"id"_qs).toString(), u"call_1"_qs);
    QCOMPARE(index.data(ActivePathModel::ToolCallIdRole).toString(), u"call_0"_qs);
    QCOMPARE(index.data(ActivePathModel::RefusalRole).toString(), u"no"_qs);
    QCOMPARE(index.data(ActivePathModel::ModelRole).toString(), u"deepseek-reasoner"_qs);
    const QVariantMap usage = index.data(ActivePathModel::UsageRole).toMap();
    QCOMPARE(usage.value(u"promptTokens"_qs).toLongLong(), 12);
    QCOMPARE(usage.value(u"completionTokens"_qs).toLongLong(), 345);
    QCOMPARE(usage.value(u"reasoningTokens"_qs).toLongLong(), 67);
    QCOMPARE(usage.value(u"cachedTokens"_qs).toLongLong(), -1);
    const QVariantMap timings = index.data(ActivePathModel::TimingsRole).toMap();
    QCOMPARE(timings.value(u"firstTokenMs"_qs).toLongLong(), 120);
    QCOMPARE(timings.value(u"durationMs"_qs).toLongLong(), 4500);
    QCOMPARE(timings.value(u"tokensPerSecond"_qs).toDouble(), 76.5);
    QCOMPARE(index.data(ActivePathModel::FinishReasonRole).toString(), u"length"_qs);
    QCOMPARE(index.data(ActivePathModel::StateRole).toInt(), int(Message::State::CutOff));
    QCOMPARE(index.data(ActivePathModel::ErrorRole).toString(), m.error);
    QCOMPARE(index.data(ActivePathModel::CreatedRole).toDateTime(), m.created);
    QCOMPARE(m_model->roleNames().value(ActivePathModel::TextRole), QByteArray("text"));
}

void TstActivePathModel::selectSiblingSwitchesTheBranch()
{
    m_model->setConversation(forkedConversation());
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy selected(m_model.get(), &ActivePathModel::siblingSelected);

    // "‹ 2 / 2 ›" on a2: go to a1, whose branch continues with q3.
    QVERIFY(m_model->selectSibling(1, 1));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 2, 6 }));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toLongLong(), 1);
    QCOMPARE(selected.at(0).at(1).toLongLong(), 2);
    QCOMPARE(m_model->index(1).data(ActivePathModel::SiblingIndexRole).toInt(), 1);
    QCOMPARE(m_model->conversation().activeChild.value(1), 2);
    QCOMPARE(m_model->conversation().activePath().size(), 3);

    // Back: the choices further down were kept.
    QVERIFY(m_model->selectSibling(1, 2));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5 }));

    // The edited first message has no reply yet.
    QVERIFY(m_model->selectSibling(0, 2));
    QCOMPARE(idsOf(*m_model), QList<qint64> { 7 });
    QCOMPARE(m_model->index(0).data(ActivePathModel::SiblingIndexRole).toInt(), 2);
    QCOMPARE(m_model->conversation().activeChild.value(0), 7);

    // Choosing what is shown changes nothing.
    const int signalsBefore = int(removed.count() + inserted.count());
    QVERIFY(m_model->selectSibling(0, 2));
    QCOMPARE(int(removed.count() + inserted.count()), signalsBefore);
    QCOMPARE(selected.count(), 3);
}

void TstActivePathModel::selectSiblingRejectsBadIndexes()
{
    m_model->setConversation(forkedConversation());
    QVERIFY(!m_model->selectSibling(0, 0)); // sibling indexes are 1-based, as the role
    QVERIFY(!m_model->selectSibling(0, 3));
    QVERIFY(!m_model->selectSibling(-1, 1));
    QVERIFY(!m_model->selectSibling(4, 1));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5 }));
}

void TstActivePathModel::appendMessage()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    // Into an empty conversation: the first message is the first row.
    QVERIFY(m_model->appendMessage(makeMessage(1, 0, ChatMessage::Role::User, u"你好"_qs)));
    QCOMPARE(m_model->rowCount(), 1);

    m_model->setConversation(forkedConversation());
    inserted.clear();
    QVERIFY(m_model->appendMessage(makeMessage(8, 5, ChatMessage::Role::User, u"q4"_qs)));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 4);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5, 8 }));
    QCOMPARE(m_model->conversation().activeChild.value(5), 8);
    QCOMPARE(m_model->conversation().messages.size(), 8);

    QVERIFY(!m_model->appendMessage(
        makeMessage(8, 5, ChatMessage::Role::User, u"again"_qs))); // same id
    QVERIFY(!m_model->appendMessage(makeMessage(9, 404, ChatMessage::Role::User, u"orphan"_qs)));
    QVERIFY(!m_model->appendMessage(makeMessage(0, 5, ChatMessage::Role::User, u"unsaved"_qs)));
    QCOMPARE(m_model->rowCount(), 5);
}

void TstActivePathModel::appendMessageAsANewSibling()
{
    m_model->setConversation(forkedConversation());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    // A regeneration of a2: a third child of q1 takes a2's place, and what followed a2 goes.
    QVERIFY(m_model->appendMessage(makeMessage(8, 1, ChatMessage::Role::Assistant, u"a4"_qs)));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 8 }));
    QCOMPARE(m_model->index(1).data(ActivePathModel::SiblingIndexRole).toInt(), 3);
    QCOMPARE(m_model->index(1).data(ActivePathModel::SiblingCountRole).toInt(), 3);

    // The earlier answer is still one click away.
    QVERIFY(m_model->selectSibling(1, 2));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5 }));
}

void TstActivePathModel::appendMessageOnAHiddenBranch()
{
    m_model->setConversation(forkedConversation());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_model->appendMessage(makeMessage(8, 6, ChatMessage::Role::Assistant, u"hidden"_qs)));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5 }));
    QVERIFY(m_model->selectSibling(1, 1));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 2, 6, 8 }));
}

void TstActivePathModel::updateMessageNamesOnlyChangedRoles()
{
    const qint64 id = appendStreamingReply();
    QVERIFY(id);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    Message finished = m_model->messageAt(m_model->rowOf(id));
    finished.state = Message::State::Complete;
    finished.finishReason = u"stop"_qs;
    QVERIFY(m_model->updateMessage(finished));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 4);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
    QCOMPARE(rolesOf(changed.at(0)),
        (QSet<int> { ActivePathModel::StateRole, ActivePathModel::FinishReasonRole }));

    QVERIFY(m_model->updateMessage(finished)); // the same again: nothing to say
    QCOMPARE(changed.count(), 1);

    finished.text = u"全文"_qs;
    finished.usage.completionTokens = 3;
    QVERIFY(m_model->updateMessage(finished));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(rolesOf(changed.at(1)),
        (QSet<int> { ActivePathModel::TextRole, ActivePathModel::UsageRole }));
    QCOMPARE(m_model->index(4).data().toString(), u"全文"_qs);

    Message moved = finished;
    moved.parentId = 1;
    QVERIFY(!m_model->updateMessage(moved)); // not a move in the tree
    Message unknown = finished;
    unknown.id = 999;
    QVERIFY(!m_model->updateMessage(unknown));

    // A message off the path is updated silently.
    Message hidden = *m_model->conversation().message(2);
    hidden.text = u"a1, edited"_qs;
    QVERIFY(m_model->updateMessage(hidden));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(m_model->conversation().message(2)->text, hidden.text);
}

void TstActivePathModel::streamingIsCoalesced_data()
{
    QTest::addColumn<ActivePathModel::Field>("field");
    QTest::addColumn<int>("role");
    QTest::newRow("content") << ActivePathModel::Field::Content << int(ActivePathModel::TextRole);
    QTest::newRow("reasoning") << ActivePathModel::Field::Reasoning
                               << int(ActivePathModel::ReasoningRole);
}

void TstActivePathModel::streamingIsCoalesced()
{
    QFETCH(ActivePathModel::Field, field);
    QFETCH(int, role);

    m_model->setCoalescingInterval(50);
    QCOMPARE(m_model->coalescingInterval(), 50);
    const qint64 id = appendStreamingReply();
    QVERIFY(id);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    QString expected;
    for (int i = 0; i < 50; ++i) {
        const QString delta = QStringLiteral("词%1 ").arg(i);
        expected += delta;
        m_model->appendText(id, field, delta);
    }
    QCOMPARE(changed.count(), 0); // not one per delta
    QVERIFY(changed.wait(1000));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 4);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
    QCOMPARE(rolesOf(changed.at(0)), QSet<int> { role });
    QTest::qWait(150);
    QCOMPARE(changed.count(), 1); // and nothing more once the deltas stop

    const QModelIndex index = m_model->index(4);
    const Message *stored = m_model->conversation().message(id);
    QVERIFY(stored);
    if (field == ActivePathModel::Field::Content) {
        QCOMPARE(index.data(ActivePathModel::TextRole).toString(), expected);
        QCOMPARE(stored->text, expected);
        QVERIFY(stored->reasoning.isEmpty());
    } else {
        QCOMPARE(index.data(ActivePathModel::ReasoningRole).toString(), expected);
        QCOMPARE(stored->reasoning, expected);
        QVERIFY(stored->text.isEmpty());
    }

    // The next interval gets its own single signal.
    m_model->appendText(id, field, u"尾"_qs);
    m_model->appendText(id, field, u"声"_qs);
    QTRY_COMPARE(changed.count(), 2);
    QCOMPARE(rolesOf(changed.at(1)), QSet<int> { role });
}

void TstActivePathModel::contentAndReasoningInOneInterval()
{
    m_model->setCoalescingInterval(50);
    const qint64 id = appendStreamingReply();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->appendText(id, ActivePathModel::Field::Reasoning, u"想"_qs);
    m_model->appendText(id, ActivePathModel::Field::Content, u"答"_qs);
    m_model->appendText(id, ActivePathModel::Field::Reasoning, u"好了"_qs);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(rolesOf(changed.at(0)),
        (QSet<int> { ActivePathModel::TextRole, ActivePathModel::ReasoningRole }));
    QCOMPARE(m_model->conversation().message(id)->reasoning, u"想好了"_qs);
    QCOMPARE(m_model->conversation().message(id)->text, u"答"_qs);

    // An update that already says TextRole leaves nothing for the timer to repeat.
    m_model->appendText(id, ActivePathModel::Field::Content, u"案"_qs);
    Message finished = m_model->messageAt(4);
    finished.state = Message::State::Complete;
    finished.text = u"答案。"_qs;
    QVERIFY(m_model->updateMessage(finished));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(rolesOf(changed.at(1)),
        (QSet<int> { ActivePathModel::TextRole, ActivePathModel::StateRole }));
    QTest::qWait(120);
    QCOMPARE(changed.count(), 2);
}

void TstActivePathModel::intervalZeroEmitsAtOnce()
{
    m_model->setCoalescingInterval(0);
    const qint64 id = appendStreamingReply();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const QStringList deltas = { u"Hel"_qs, u"lo, "_qs, u"世"_qs, u"界"_qs, u"!"_qs };
    for (int i = 0; i < deltas.size(); ++i) {
        m_model->appendText(id, ActivePathModel::Field::Content, deltas.at(i));
        QCOMPARE(changed.count(), i + 1);
        QCOMPARE(rolesOf(changed.at(i)), QSet<int> { ActivePathModel::TextRole });
    }
    m_model->appendText(id, ActivePathModel::Field::Content, QString()); // nothing to say
    QCOMPARE(changed.count(), deltas.size());
    QCOMPARE(m_model->index(4).data().toString(), u"Hello, 世界!"_qs);

    // Going to 0 with deltas pending announces them at once.
    m_model->setCoalescingInterval(1000);
    m_model->appendText(id, ActivePathModel::Field::Reasoning, u"r"_qs);
    QCOMPARE(changed.count(), deltas.size());
    m_model->setCoalescingInterval(0);
    QCOMPARE(changed.count(), deltas.size() + 1);
    QCOMPARE(rolesOf(changed.last()), QSet<int> { ActivePathModel::ReasoningRole });
}

void TstActivePathModel::streamingIntoAHiddenBranch()
{
    m_model->setCoalescingInterval(0);
    m_model->setConversation(forkedConversation());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->appendText(6, ActivePathModel::Field::Content, u" more"_qs);
    m_model->appendText(999, ActivePathModel::Field::Content, u"nowhere"_qs);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->conversation().message(6)->text, u"q3 more"_qs);
    QVERIFY(m_model->selectSibling(1, 1));
    QCOMPARE(m_model->index(2).data().toString(), u"q3 more"_qs);
}

void TstActivePathModel::newConversationDropsPendingDeltas()
{
    m_model->setCoalescingInterval(30);
    const qint64 id = appendStreamingReply();
    m_model->appendText(id, ActivePathModel::Field::Content, u"x"_qs);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    Conversation other;
    other.messages
        = { makeMessage(id, 0, ChatMessage::Role::User, u"same id, other conversation"_qs) };
    m_model->setConversation(other);
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->index(0).data().toString(), u"same id, other conversation"_qs);
}

namespace {

// The end of forkedConversation() as ConversationStore::loadTail(id, 2) reads it: q2 and a3,
// with q2's parent a2 not loaded.
Conversation forkedTail()
{
    Conversation whole = forkedConversation();
    Conversation tail = whole;
    tail.messages = { whole.messages.at(3), whole.messages.at(4) };
    tail.activeChild = { { 3, 4 }, { 4, 5 } };
    tail.unloadedParentId = 3;
    return tail;
}

} // namespace

void TstActivePathModel::partialConversationShowsItsEnd()
{
    m_model->setConversation(forkedTail());
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 4, 5 }));
    QCOMPARE(m_model->index(0).data(ActivePathModel::SiblingCountRole).toInt(), 1);
    // Until the rest is loaded, nothing that needs it.
    QVERIFY(!m_model->selectSibling(0, 1));
    QVERIFY(!m_model->appendMessage(makeMessage(50, 0, ChatMessage::Role::User, u"new"_qs)));
    QVERIFY(m_model->appendMessage(makeMessage(51, 5, ChatMessage::Role::User, u"next"_qs)));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 4, 5, 51 }));
}

void TstActivePathModel::completingAddsOlderRowsAboveAndKeepsNewerData()
{
    m_model->setConversation(forkedTail());
    m_model->setCoalescingInterval(0);
    // While the rest loads: a reply streams, and a new question arrives.
    Message reply = makeMessage(100, 5, ChatMessage::Role::User, u"more"_qs);
    QVERIFY(m_model->appendMessage(reply));
    m_model->appendText(5, ActivePathModel::Field::Content, u" (edited)"_qs);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_model->completeConversation(forkedConversation()));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 1); // q1 and a2, above q2
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 3, 4, 5, 100 }));
    QCOMPARE(m_model->index(3).data().toString(), u"a3 (edited)"_qs);
    QCOMPARE(m_model->index(1).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QVERIFY(!m_model->conversation().isPartial());
    QCOMPARE(m_model->conversation().messages.size(), 8);
    // Whole now: the other branches can be shown.
    QVERIFY(m_model->selectSibling(1, 1));
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 2, 6 }));
    QVERIFY(!m_model->completeConversation(forkedConversation())); // nothing left to complete
}

void TstActivePathModel::completingWithAnotherPathResets()
{
    m_model->setConversation(forkedTail());
    Conversation moved = forkedConversation();
    moved.activeChild.insert(1, 2); // another process showed a1 meanwhile
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_model->completeConversation(moved));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(idsOf(*m_model), (QList<qint64> { 1, 2, 6 }));
    Conversation other = forkedConversation();
    other.id = 99;
    m_model->setConversation(forkedTail());
    QVERIFY(!m_model->completeConversation(other));
}

QTEST_GUILESS_MAIN(TstActivePathModel)
#include "tst_activepathmodel.moc"

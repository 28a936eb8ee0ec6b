#include "conversation.h"

#include <QtTest>

namespace {
Message node(qint64 id, qint64 parent, const char *text)
{
    Message m;
    m.id = id;
    m.parentId = parent;
    m.text = QString::fromUtf8(text);
    return m;
}

QStringList texts(const Conversation &c)
{
    QStringList t;
    for (const Message *m : c.activePath())
        t << m->text;
    return t;
}
} // namespace

class TstConversation : public QObject
{
    Q_OBJECT

private slots:
    void activePathFollowsChoices();
    void newestChildWithoutChoice();
    void unknownChoiceFallsBackToNewest();
    void cycleDoesNotHang();
    void stateNames();
};

void TstConversation::activePathFollowsChoices()
{
    Conversation c;
    c.messages = { node(1, 0, "q"), node(2, 1, "a1"), node(3, 1, "a2"), node(4, 2, "q2 on a1"),
        node(5, 3, "q2 on a2") };
    c.activeChild = { { 0, 1 }, { 1, 2 } };
    QCOMPARE(texts(c), (QStringList { u"q"_qs, u"a1"_qs, u"q2 on a1"_qs }));
    c.activeChild[1] = 3;
    QCOMPARE(texts(c), (QStringList { u"q"_qs, u"a2"_qs, u"q2 on a2"_qs }));
    QCOMPARE(c.childrenOf(1), (QList<qint64> { 2, 3 }));
    QCOMPARE(c.message(3)->text, u"a2"_qs);
    QVERIFY(!c.message(99));
}

void TstConversation::newestChildWithoutChoice()
{
    Conversation c;
    c.messages = { node(1, 0, "q"), node(2, 1, "old"), node(3, 1, "new") };
    QCOMPARE(texts(c), (QStringList { u"q"_qs, u"new"_qs }));
}

void TstConversation::unknownChoiceFallsBackToNewest()
{
    Conversation c;
    c.messages = { node(1, 0, "q"), node(2, 1, "a") };
    c.activeChild = { { 1, 42 } }; // a deleted message
    QCOMPARE(texts(c), (QStringList { u"q"_qs, u"a"_qs }));
}

void TstConversation::cycleDoesNotHang()
{
    Conversation c;
    c.messages = { node(1, 0, "root"), node(2, 3, "x"), node(3, 2, "y") };
    c.messages[0].id = 2; // corrupt data: 2 -> 3 -> 2
    c.messages[0].parentId = 0;
    QVERIFY(c.activePath().size() <= c.messages.size() + 1);
}

void TstConversation::stateNames()
{
    for (Message::State s :
        { Message::State::Complete, Message::State::Streaming, Message::State::Stopped,
            Message::State::CutOff, Message::State::Failed, Message::State::Interrupted }) {
        QVERIFY(!Message::stateName(s).isEmpty());
        QCOMPARE(Message::stateFromName(Message::stateName(s)), s);
    }
    QCOMPARE(
        Message::stateFromName(u"nonsense"_qs, Message::State::Failed), Message::State::Failed);
}

QTEST_GUILESS_MAIN(TstConversation)
#include "tst_conversation.moc"

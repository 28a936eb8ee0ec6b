#include "conversation.h"
#include "historybuilder.h"

#include <QJsonDocument>
#include <QtTest>

Q_DECLARE_METATYPE(Conversation)
Q_DECLARE_METATYPE(HistoryBuilder::Reasoning)

namespace {

using Role = ChatMessage::Role;
using State = Message::State;
using Detail = ContentPart::Detail;

Message message(Role role, const QString &text, State state = State::Complete)
{
    Message m;
    m.role = role;
    m.text = text;
    m.state = state;
    return m;
}

Message user(const QString &text, const QList<ImageRef> &images = {})
{
    Message m = message(Role::User, text);
    m.images = images;
    return m;
}

Message assistant(const QString &text, State state = State::Complete, const QString &reasoning = {})
{
    Message m = message(Role::Assistant, text, state);
    m.reasoning = reasoning;
    return m;
}

Message refusal(const QString &text)
{
    Message m = assistant(QString());
    m.refusal = text;
    return m;
}

Message toolCall(const QString &text, const QStringList &callIds)
{
    Message m = assistant(text);
    for (const QString &id : callIds) {
        m.toolCalls.append(QJsonObject { { u"id"_qs, id }, { u"type"_qs, u"function"_qs },
            { u"function"_qs,
                QJsonObject { { u"name"_qs, u"weather"_qs }, { u"arguments"_qs, u"{}"_qs } } } });
    }
    return m;
}

Message toolResult(const QString &callId, const QString &text)
{
    Message m = message(Role::Tool, text);
    m.toolCallId = callId;
    return m;
}

ImageRef stored(const QByteArray &hash, Detail detail = Detail::Unset)
{
    ImageRef image;
    image.hash = hash;
    image.mimeType = "image/webp"; // the loader's type must win over this
    image.detail = detail;
    return image;
}

ImageRef remote(const QString &url, Detail detail = Detail::Unset)
{
    ImageRef image;
    image.url = url;
    image.detail = detail;
    return image;
}

// Each message the child of the one before it: a conversation without branches.
Conversation chain(const QString &systemPrompt, const QList<Message> &messages)
{
    Conversation c;
    c.systemPrompt = systemPrompt;
    qint64 parent = 0;
    for (Message m : messages) {
        m.id = parent + 1;
        m.parentId = parent;
        c.messages.append(m);
        parent = m.id;
    }
    return c;
}

// "Hi" answered twice (ids 2 and 3), each answer followed up; `active` picks the answer shown.
Conversation branched(qint64 active)
{
    Conversation c = chain(QString(), { user(u"Hi"_qs), assistant(u"First answer"_qs) });
    Message second = assistant(u"Second answer"_qs);
    second.id = 3;
    second.parentId = 1;
    Message afterFirst = user(u"After first"_qs);
    afterFirst.id = 4;
    afterFirst.parentId = 2;
    Message afterSecond = user(u"After second"_qs);
    afterSecond.id = 5;
    afterSecond.parentId = 3;
    c.messages << second << afterFirst << afterSecond;
    c.activeChild.insert(1, active);
    return c;
}

std::optional<HistoryBuilder::StoredImage> loadImage(const QByteArray &hash)
{
    if (hash == "aa")
        return HistoryBuilder::StoredImage { "PNGDATA", "image/png" };
    if (hash == "bb")
        return HistoryBuilder::StoredImage { "JPGDATA", "image/jpeg" };
    return std::nullopt;
}

QByteArray toJson(const QList<ChatMessage> &messages)
{
    QJsonArray array;
    for (const ChatMessage &m : messages)
        array.append(m.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

class TstHistoryBuilder : public QObject
{
    Q_OBJECT

private slots:
    void build_data();
    void build();
    void explicitPath();
    void missingImagesCountsLastBuild();
    void noLoaderMeansMissing();
    void partialConversationSendsNothing();
};

void TstHistoryBuilder::build_data()
{
    QTest::addColumn<Conversation>("conversation");
    QTest::addColumn<HistoryBuilder::Reasoning>("reasoning");
    QTest::addColumn<int>("imageTurnLimit");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("missingImages");

    const auto omitted = HistoryBuilder::Reasoning::Omitted;
    const auto sentBack = HistoryBuilder::Reasoning::SentBack;
    const int all = HistoryBuilder::AllImages;

    QTest::newRow("system prompt first")
        << chain(u"Be brief."_qs, { user(u"Hi"_qs), assistant(u"Hello"_qs), user(u"Bye"_qs) })
        << omitted << all << QByteArray(R"([{"role":"system","content":"Be brief."},
            {"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
            {"role":"user","content":"Bye"}])")
        << 0;
    QTest::newRow("blank system prompt omitted")
        << chain(u" \n\t"_qs, { user(u"Hi"_qs) }) << omitted << all
        << QByteArray(R"([{"role":"user","content":"Hi"}])") << 0;
    QTest::newRow("empty conversation")
        << chain(QString(), {}) << omitted << all << QByteArray("[]") << 0;

    QTest::newRow("reasoning omitted by default")
        << chain(QString(), { user(u"2+2?"_qs), assistant(u"4"_qs, State::Complete, u"add"_qs) })
        << omitted << all
        << QByteArray(R"([{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}])")
        << 0;
    QTest::newRow("reasoning sent back when asked")
        << chain(QString(),
               { user(u"2+2?"_qs), assistant(u"4"_qs, State::Complete, u"add"_qs), user(u"3+3?"_qs),
                   assistant(u"6"_qs) })
        << sentBack << all << QByteArray(R"([{"role":"user","content":"2+2?"},
            {"role":"assistant","content":"4","reasoning_content":"add"},
            {"role":"user","content":"3+3?"},{"role":"assistant","content":"6"}])")
        << 0;

    QTest::newRow("failed empty reply dropped, users merged")
        << chain(QString(),
               { user(u"Hi"_qs), assistant(QString(), State::Failed), user(u"Again"_qs) })
        << omitted << all << QByteArray(R"([{"role":"user","content":"Hi\n\nAgain"}])") << 0;
    QTest::newRow("failed blank reply dropped")
        << chain(QString(),
               { user(u"Hi"_qs), assistant(u" \n"_qs, State::Failed), user(u"Again"_qs) })
        << omitted << all << QByteArray(R"([{"role":"user","content":"Hi\n\nAgain"}])") << 0;
    QTest::newRow("failed reply with text kept")
        << chain(QString(), { user(u"Hi"_qs), assistant(u"Hel"_qs, State::Failed) }) << omitted
        << all
        << QByteArray(R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"Hel"}])")
        << 0;
    QTest::newRow("reply stopped during reasoning dropped")
        << chain(QString(),
               { user(u"Hi"_qs), assistant(QString(), State::Stopped, u"hmm"_qs), user(u"Go"_qs) })
        << sentBack << all << QByteArray(R"([{"role":"user","content":"Hi\n\nGo"}])") << 0;
    QTest::newRow("stopped reply keeps partial text")
        << chain(
               QString(), { user(u"Hi"_qs), assistant(u"Hel"_qs, State::Stopped), user(u"Go"_qs) })
        << omitted << all
        << QByteArray(R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"Hel"},
            {"role":"user","content":"Go"}])")
        << 0;
    QTest::newRow("cut-off reply keeps partial text")
        << chain(QString(), { user(u"Hi"_qs), assistant(u"Hel"_qs, State::CutOff) }) << omitted
        << all
        << QByteArray(R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"Hel"}])")
        << 0;
    QTest::newRow("interrupted reply keeps partial text")
        << chain(QString(), { user(u"Hi"_qs), assistant(u"Hel"_qs, State::Interrupted) }) << omitted
        << all
        << QByteArray(R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"Hel"}])")
        << 0;
    QTest::newRow("streaming reply not sent")
        << chain(QString(), { user(u"Hi"_qs), assistant(u"Hel"_qs, State::Streaming) }) << omitted
        << all << QByteArray(R"([{"role":"user","content":"Hi"}])") << 0;
    QTest::newRow("refusal counts as text")
        << chain(QString(), { user(u"Hi"_qs), refusal(u"I can't"_qs) }) << omitted << all
        << QByteArray(
               R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"I can't"}])")
        << 0;

    QTest::newRow("two replies merged")
        << chain(QString(),
               { user(u"Hi"_qs), assistant(u"One"_qs, State::CutOff), assistant(u"Two"_qs) })
        << omitted << all
        << QByteArray(
               R"([{"role":"user","content":"Hi"},{"role":"assistant","content":"One\n\nTwo"}])")
        << 0;
    QTest::newRow("merged replies join reasoning")
        << chain(QString(),
               { user(u"Hi"_qs), assistant(u"One"_qs, State::CutOff, u"a"_qs),
                   assistant(u"Two"_qs, State::Complete, u"b"_qs) })
        << sentBack << all << QByteArray(R"([{"role":"user","content":"Hi"},
            {"role":"assistant","content":"One\n\nTwo","reasoning_content":"a\n\nb"}])")
        << 0;
    QTest::newRow("leading reply kept")
        << chain(QString(), { assistant(u"Welcome"_qs), user(u"Hi"_qs) }) << omitted << all
        << QByteArray(
               R"([{"role":"assistant","content":"Welcome"},{"role":"user","content":"Hi"}])")
        << 0;

    const QByteArray call1
        = R"({"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}})";
    const QByteArray call2
        = R"({"id":"c2","type":"function","function":{"name":"weather","arguments":"{}"}})";
    QTest::newRow("tool call and results in order")
        << chain(QString(),
               { user(u"Weather?"_qs), toolCall(QString(), { u"c1"_qs, u"c2"_qs }),
                   toolResult(u"c1"_qs, u"Sun"_qs), toolResult(u"c2"_qs, u"Rain"_qs),
                   assistant(u"Mixed"_qs) })
        << omitted << all
        << QByteArray(R"([{"role":"user","content":"Weather?"},
            {"role":"assistant","content":null,"tool_calls":[)"
               + call1 + "," + call2 + R"(]},
            {"role":"tool","content":"Sun","tool_call_id":"c1"},
            {"role":"tool","content":"Rain","tool_call_id":"c2"},
            {"role":"assistant","content":"Mixed"}])")
        << 0;
    QTest::newRow("tool-calling reply not merged")
        << chain(QString(),
               { user(u"Weather?"_qs), assistant(u"Let me look."_qs, State::CutOff),
                   toolCall(u"Looking."_qs, { u"c1"_qs }), toolResult(u"c1"_qs, u"Sun"_qs) })
        << omitted << all
        << QByteArray(R"([{"role":"user","content":"Weather?"},
            {"role":"assistant","content":"Let me look."},
            {"role":"assistant","content":"Looking.","tool_calls":[)"
               + call1 + R"(]},
            {"role":"tool","content":"Sun","tool_call_id":"c1"}])")
        << 0;
    QTest::newRow("failed tool call dropped")
        << chain(QString(),
               { user(u"Weather?"_qs),
                   [] {
                       Message m = toolCall(QString(), { u"c1"_qs });
                       m.state = State::Failed;
                       return m;
                   }(),
                   user(u"Again"_qs) })
        << omitted << all << QByteArray(R"([{"role":"user","content":"Weather?\n\nAgain"}])") << 0;

    QTest::newRow("stored image as data URL")
        << chain(QString(), { user(u"Look"_qs, { stored("aa") }) }) << omitted << all
        << QByteArray(R"([{"role":"user","content":[{"type":"text","text":"Look"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,UE5HREFUQQ=="}}]}])")
        << 0;
    QTest::newRow("image without text has no text part")
        << chain(QString(), { user(QString(), { stored("bb", Detail::Low) }) }) << omitted << all
        << QByteArray(R"([{"role":"user","content":[{"type":"image_url",
            "image_url":{"url":"data:image/jpeg;base64,SlBHREFUQQ==","detail":"low"}}]}])")
        << 0;
    QTest::newRow("remote URL kept with detail")
        << chain(
               QString(), { user(u"Cat"_qs, { remote(u"https://e.com/c.jpg"_qs, Detail::High) }) })
        << omitted << all << QByteArray(R"([{"role":"user","content":[{"type":"text","text":"Cat"},
            {"type":"image_url","image_url":{"url":"https://e.com/c.jpg","detail":"high"}}]}])")
        << 0;
    QTest::newRow("missing image skipped and counted")
        << chain(
               QString(), { user(u"Two"_qs, { stored("zz"), remote(u"https://e.com/c.jpg"_qs) }) })
        << omitted << all << QByteArray(R"([{"role":"user","content":[{"type":"text","text":"Two"},
            {"type":"image_url","image_url":{"url":"https://e.com/c.jpg"}}]}])")
        << 1;
    QTest::newRow("only missing images leave plain text")
        << chain(QString(), { user(u"Look"_qs, { stored("zz"), remote(QString()) }) }) << omitted
        << all << QByteArray(R"([{"role":"user","content":"Look"}])") << 2;
    QTest::newRow("merged users concatenate parts")
        << chain(QString(),
               { user(u"A"_qs, { stored("aa") }), assistant(QString(), State::Failed),
                   user(u"B"_qs) })
        << omitted << all << QByteArray(R"([{"role":"user","content":[{"type":"text","text":"A"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,UE5HREFUQQ=="}},
            {"type":"text","text":"B"}]}])")
        << 0;

    // Old images are not even loaded, so a missing one among them is not counted.
    const Conversation threeTurns = chain(QString(),
        { user(u"One"_qs, { stored("zz") }), assistant(u"1"_qs), user(u"Two"_qs, { stored("aa") }),
            assistant(u"2"_qs), user(u"Three"_qs, { remote(u"https://e.com/c.jpg"_qs) }),
            assistant(u"3"_qs), user(u"Four"_qs) });
    const QByteArray noImages(
        R"([{"role":"user","content":"One"},{"role":"assistant","content":"1"},
            {"role":"user","content":"Two"},{"role":"assistant","content":"2"},
            {"role":"user","content":"Three"},{"role":"assistant","content":"3"},
            {"role":"user","content":"Four"}])");
    QTest::newRow("image turn limit 1: the question asked only")
        << threeTurns << omitted << 1 << noImages << 0;
    QTest::newRow("image turn limit 2")
        << threeTurns << omitted << 2
        << QByteArray(R"([{"role":"user","content":"One"},{"role":"assistant","content":"1"},
            {"role":"user","content":"Two"},{"role":"assistant","content":"2"},
            {"role":"user","content":[{"type":"text","text":"Three"},
            {"type":"image_url","image_url":{"url":"https://e.com/c.jpg"}}]},
            {"role":"assistant","content":"3"},{"role":"user","content":"Four"}])")
        << 0;
    QTest::newRow("image turn limit 3")
        << threeTurns << omitted << 3
        << QByteArray(R"([{"role":"user","content":"One"},{"role":"assistant","content":"1"},
            {"role":"user","content":[{"type":"text","text":"Two"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,UE5HREFUQQ=="}}]},
            {"role":"assistant","content":"2"},
            {"role":"user","content":[{"type":"text","text":"Three"},
            {"type":"image_url","image_url":{"url":"https://e.com/c.jpg"}}]},
            {"role":"assistant","content":"3"},{"role":"user","content":"Four"}])")
        << 0;
    // The question being asked keeps its images whatever the limit.
    QTest::newRow("image turn limit 0 counts as 1")
        << chain(QString(),
               { user(u"One"_qs, { stored("zz") }), assistant(u"1"_qs),
                   user(u"Two"_qs, { stored("aa") }) })
        << omitted << 0
        << QByteArray(R"([{"role":"user","content":"One"},{"role":"assistant","content":"1"},
            {"role":"user","content":[{"type":"text","text":"Two"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,UE5HREFUQQ=="}}]}])")
        << 0;

    QTest::newRow("active path: first branch")
        << branched(2) << omitted << all << QByteArray(R"([{"role":"user","content":"Hi"},
            {"role":"assistant","content":"First answer"},
            {"role":"user","content":"After first"}])")
        << 0;
    QTest::newRow("active path: second branch")
        << branched(3) << omitted << all << QByteArray(R"([{"role":"user","content":"Hi"},
            {"role":"assistant","content":"Second answer"},
            {"role":"user","content":"After second"}])")
        << 0;
}

void TstHistoryBuilder::build()
{
    QFETCH(Conversation, conversation);
    QFETCH(HistoryBuilder::Reasoning, reasoning);
    QFETCH(int, imageTurnLimit);
    QFETCH(QByteArray, expected);
    QFETCH(int, missingImages);

    QJsonParseError error;
    const QJsonDocument expectedDocument = QJsonDocument::fromJson(expected, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

    HistoryBuilder builder;
    builder.setReasoning(reasoning);
    builder.setImageTurnLimit(imageTurnLimit);
    builder.setImageLoader(loadImage);
    QCOMPARE(toJson(builder.build(conversation)), expectedDocument.toJson(QJsonDocument::Compact));
    QCOMPARE(builder.missingImages(), missingImages);
}

void TstHistoryBuilder::explicitPath()
{
    // Regenerating the last reply sends the path up to its parent, with the prompt given.
    const Conversation c
        = chain(u"Conversation prompt"_qs, { user(u"Hi"_qs), assistant(u"Hello"_qs) });
    const QList<const Message *> path = c.activePath();
    HistoryBuilder builder;
    QCOMPARE(toJson(builder.build(u"Other prompt"_qs, path.first(1))),
        QByteArray(R"([{"content":"Other prompt","role":"system"},)"
                   R"({"content":"Hi","role":"user"}])"));
}

void TstHistoryBuilder::missingImagesCountsLastBuild()
{
    HistoryBuilder builder;
    builder.setImageLoader(loadImage);
    builder.build(chain(QString(), { user(u"Look"_qs, { stored("zz") }) }));
    QCOMPARE(builder.missingImages(), 1);
    builder.build(chain(QString(), { user(u"Look"_qs, { stored("aa") }) }));
    QCOMPARE(builder.missingImages(), 0);
}

void TstHistoryBuilder::noLoaderMeansMissing()
{
    HistoryBuilder builder;
    const QList<ChatMessage> messages
        = builder.build(chain(QString(), { user(u"Look"_qs, { stored("aa") }) }));
    QCOMPARE(toJson(messages), QByteArray(R"([{"content":"Look","role":"user"}])"));
    QCOMPARE(builder.missingImages(), 1);
}

void TstHistoryBuilder::partialConversationSendsNothing()
{
    Conversation c = chain(QString(), { user(u"Hi"_qs), assistant(u"Hello"_qs), user(u"More"_qs) });
    HistoryBuilder builder;
    QCOMPARE(builder.build(c).size(), 3);
    // Only the last message loaded, as ConversationStore::loadTail(id, 1) reads it.
    c.unloadedParentId = c.messages.at(1).id;
    c.messages = { c.messages.at(2) };
    QCOMPARE(c.activePath().size(), 1);
    QVERIFY(builder.build(c).isEmpty());
}

QTEST_GUILESS_MAIN(TstHistoryBuilder)
#include "tst_historybuilder.moc"

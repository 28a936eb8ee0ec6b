#include "conversationexport.h"
#include "conversationimport.h"
#include "conversationstore.h"
#include "database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>

namespace {

const QByteArray PngBytes = QByteArrayLiteral("\x89PNG\r\n\x1a\n bytes of a picture");
const QByteArray JpegBytes = QByteArrayLiteral("\xff\xd8\xff\xe0 bytes of another picture");

QString describe(const Message &m)
{
    return QStringLiteral("%1 %2 %3 “%4” %5 %6")
        .arg(m.id)
        .arg(m.parentId)
        .arg(ChatMessage::roleName(m.role), m.text, Message::stateName(m.state),
            m.created.toString(Qt::ISODateWithMs));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QJsonObject chatGptNode(const QString &id, const QString &parent, const QStringList &children,
    const QJsonValue &message = QJsonValue::Null)
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("message"), message },
        { QStringLiteral("parent"),
            parent.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(parent) },
        { QStringLiteral("children"), QJsonArray::fromStringList(children) } };
}

QJsonObject chatGptMessage(const QString &id, const QString &role, const QJsonObject &content,
    double time, const QJsonObject &metadata = {}, const QString &recipient = QStringLiteral("all"))
{
    return { { QStringLiteral("id"), id },
        { QStringLiteral("author"),
            QJsonObject { { QStringLiteral("role"), role },
                { QStringLiteral("name"), QJsonValue::Null },
                { QStringLiteral("metadata"), QJsonObject() } } },
        { QStringLiteral("create_time"),
            time > 0 ? QJsonValue(time) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("update_time"), QJsonValue::Null }, { QStringLiteral("content"), content },
        { QStringLiteral("status"), QStringLiteral("finished_successfully") },
        { QStringLiteral("end_turn"), true }, { QStringLiteral("weight"), 1.0 },
        { QStringLiteral("metadata"), metadata }, { QStringLiteral("recipient"), recipient } };
}

QJsonObject textContent(const QJsonArray &parts, const QString &type = QStringLiteral("text"))
{
    return { { QStringLiteral("content_type"), type }, { QStringLiteral("parts"), parts } };
}

QJsonObject assistantMetadata(const QString &model, const QString &finish = QStringLiteral("stop"))
{
    return { { QStringLiteral("model_slug"), model },
        { QStringLiteral("finish_details"), QJsonObject { { QStringLiteral("type"), finish } } },
        { QStringLiteral("citations"), QJsonArray() } };
}

// The shape of a real conversations.json: a hidden system message under an empty root, an image
// upload, an edited question (two branches, the edit shown), a reasoning model's "thoughts", a
// code call to the python tool and its output.
QJsonObject chatGptConversation()
{
    const double t = 1700000000.123;
    QJsonObject mapping;
    auto add = [&mapping](const QJsonObject &node) {
        mapping.insert(node[QLatin1StringView("id")].toString(), node);
    };
    add(chatGptNode(QStringLiteral("root"), {}, { QStringLiteral("sys") }));
    add(chatGptNode(QStringLiteral("sys"), QStringLiteral("root"), { QStringLiteral("u1") },
        chatGptMessage(QStringLiteral("sys"), QStringLiteral("system"), textContent({ QString() }),
            0, { { QStringLiteral("is_visually_hidden_from_conversation"), true } })));
    const QJsonObject picture { { QStringLiteral("content_type"),
                                    QStringLiteral("image_asset_pointer") },
        { QStringLiteral("asset_pointer"), QStringLiteral("file-service://file-abc") },
        { QStringLiteral("size_bytes"), 123456 }, { QStringLiteral("width"), 512 },
        { QStringLiteral("height"), 512 } };
    add(chatGptNode(QStringLiteral("u1"), QStringLiteral("sys"), { QStringLiteral("a1") },
        chatGptMessage(QStringLiteral("u1"), QStringLiteral("user"),
            textContent({ picture, QStringLiteral("What is in this picture?") },
                QStringLiteral("multimodal_text")),
            t + 1)));
    add(chatGptNode(QStringLiteral("a1"), QStringLiteral("u1"),
        { QStringLiteral("u2a"), QStringLiteral("u2b") },
        chatGptMessage(QStringLiteral("a1"), QStringLiteral("assistant"),
            textContent({ QStringLiteral("A cat.") }), t + 2,
            assistantMetadata(QStringLiteral("gpt-4o")))));
    add(chatGptNode(QStringLiteral("u2a"), QStringLiteral("a1"), { QStringLiteral("a2a") },
        chatGptMessage(QStringLiteral("u2a"), QStringLiteral("user"),
            textContent({ QStringLiteral("What is the capital of France?") }), t + 100)));
    add(chatGptNode(QStringLiteral("a2a"), QStringLiteral("u2a"), {},
        chatGptMessage(QStringLiteral("a2a"), QStringLiteral("assistant"),
            textContent({ QStringLiteral("Paris.") }), t + 101,
            assistantMetadata(QStringLiteral("gpt-4o")))));
    add(chatGptNode(QStringLiteral("u2b"), QStringLiteral("a1"), { QStringLiteral("t2b") },
        chatGptMessage(QStringLiteral("u2b"), QStringLiteral("user"),
            textContent({ QStringLiteral("What is the capital of Italy?") }), t + 200)));
    const QJsonObject thoughts { { QStringLiteral("content_type"), QStringLiteral("thoughts") },
        { QStringLiteral("thoughts"),
            QJsonArray {
                QJsonObject { { QStringLiteral("summary"), QStringLiteral("Recalling capitals") },
                    { QStringLiteral("content"), QStringLiteral("Italy's capital is Rome.") } } } },
        { QStringLiteral("source_analysis_msg_id"), QStringLiteral("x") } };
    add(chatGptNode(QStringLiteral("t2b"), QStringLiteral("u2b"), { QStringLiteral("r2b") },
        chatGptMessage(QStringLiteral("t2b"), QStringLiteral("assistant"), thoughts, t + 201,
            assistantMetadata(QStringLiteral("o3")))));
    add(chatGptNode(QStringLiteral("r2b"), QStringLiteral("t2b"), { QStringLiteral("a2b") },
        chatGptMessage(QStringLiteral("r2b"), QStringLiteral("assistant"),
            QJsonObject { { QStringLiteral("content_type"), QStringLiteral("reasoning_recap") },
                { QStringLiteral("content"), QStringLiteral("Thought for 2 seconds") } },
            t + 202, assistantMetadata(QStringLiteral("o3")))));
    add(chatGptNode(QStringLiteral("a2b"), QStringLiteral("r2b"), { QStringLiteral("c2b") },
        chatGptMessage(QStringLiteral("a2b"), QStringLiteral("assistant"),
            textContent({ QStringLiteral("Rome.") }), t + 203,
            assistantMetadata(QStringLiteral("o3"), QStringLiteral("max_tokens")))));
    add(chatGptNode(QStringLiteral("c2b"), QStringLiteral("a2b"), { QStringLiteral("x2b") },
        chatGptMessage(QStringLiteral("c2b"), QStringLiteral("assistant"),
            QJsonObject { { QStringLiteral("content_type"), QStringLiteral("code") },
                { QStringLiteral("language"), QStringLiteral("unknown") },
                { QStringLiteral("text"), QStringLiteral("print(1)") } },
            t + 204, assistantMetadata(QStringLiteral("o3")), QStringLiteral("python"))));
    add(chatGptNode(QStringLiteral("x2b"), QStringLiteral("c2b"), { QStringLiteral("a3b") },
        chatGptMessage(QStringLiteral("x2b"), QStringLiteral("tool"),
            QJsonObject { { QStringLiteral("content_type"), QStringLiteral("execution_output") },
                { QStringLiteral("text"), QStringLiteral("1") } },
            t + 205)));
    add(chatGptNode(QStringLiteral("a3b"), QStringLiteral("x2b"), {},
        chatGptMessage(QStringLiteral("a3b"), QStringLiteral("assistant"),
            textContent({ QStringLiteral("The code printed 1.") }), t + 206,
            assistantMetadata(QStringLiteral("o3")))));
    return { { QStringLiteral("title"), QStringLiteral("Cats and capitals") },
        { QStringLiteral("create_time"), t }, { QStringLiteral("update_time"), t + 206 },
        { QStringLiteral("mapping"), mapping },
        { QStringLiteral("moderation_results"), QJsonArray() },
        { QStringLiteral("current_node"), QStringLiteral("a3b") },
        { QStringLiteral("plugin_ids"), QJsonValue::Null },
        { QStringLiteral("conversation_id"),
            QStringLiteral("6561a0c2-0000-4000-8000-000000000001") },
        { QStringLiteral("conversation_template_id"), QJsonValue::Null },
        { QStringLiteral("gizmo_id"), QJsonValue::Null }, { QStringLiteral("is_archived"), false },
        { QStringLiteral("default_model_slug"), QStringLiteral("o3") },
        { QStringLiteral("id"), QStringLiteral("6561a0c2-0000-4000-8000-000000000001") } };
}

// A plain conversation of `turns` questions and answers, as ChatGPT writes it.
QJsonObject chatGptChain(int index, int turns)
{
    QJsonObject mapping;
    const QString root = QStringLiteral("c%1-root").arg(index);
    QString parent = root;
    QStringList ids;
    for (int i = 0; i < turns * 2; ++i)
        ids << QStringLiteral("c%1-m%2").arg(index).arg(i);
    mapping.insert(root, chatGptNode(root, {}, { ids.first() }));
    for (int i = 0; i < ids.size(); ++i) {
        const bool user = i % 2 == 0;
        const QString text = user
            ? QStringLiteral("Question %1 of conversation %2: how does this work?")
                  .arg(i / 2)
                  .arg(index)
            : QStringLiteral("Answer %1. It works like this: first, ... and then, ...").arg(i / 2);
        mapping.insert(ids.at(i),
            chatGptNode(ids.at(i), parent,
                i + 1 < ids.size() ? QStringList { ids.at(i + 1) } : QStringList(),
                chatGptMessage(ids.at(i),
                    user ? QStringLiteral("user") : QStringLiteral("assistant"),
                    textContent({ text }), 1700000000 + index * 1000 + i,
                    user ? QJsonObject() : assistantMetadata(QStringLiteral("gpt-4o")))));
        parent = ids.at(i);
    }
    return { { QStringLiteral("title"), QStringLiteral("Conversation %1").arg(index) },
        { QStringLiteral("create_time"), 1700000000 + index * 1000 },
        { QStringLiteral("update_time"), 1700000000 + index * 1000 + turns * 2 },
        { QStringLiteral("mapping"), mapping }, { QStringLiteral("current_node"), ids.last() } };
}

QByteArray bigChatGptExport(int conversations, int turns)
{
    QJsonArray all;
    for (int i = 0; i < conversations; ++i)
        all.append(chatGptChain(i, turns));
    return QJsonDocument(all).toJson(QJsonDocument::Compact);
}

} // namespace

class TstConversationImport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void confabRoundTripLosesNothing();
    void libraryOfThreeConversations();
    void chatGptKeepsBranchesAndTheShownPath();
    void chatGptSingleConversationObject();
    void malformedJsonRefusedWithPosition_data();
    void malformedJsonRefusedWithPosition();
    void shapeErrorInThirdConversationImportsNothing();
    void shapeErrorsNameWhere_data();
    void shapeErrorsNameWhere();
    void newerVersionRefused();
    void imageTurnsReadAsWritten_data();
    void imageTurnsReadAsWritten();
    void secretsInParametersAreDropped();
    void progressIsMonotonic();
    void cancelOnWorkerThreadImportsNothing();
    void cancelBeforeRunImportsNothing();

private:
    // Imports into the test's database; returns the error, empty on success.
    QString import(const QString &path, int *conversations = nullptr);
    QString importBytes(const QByteArray &bytes, int *conversations = nullptr);
    Conversation richConversation(ConversationStore &store);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
};

void TstConversationImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(QStringLiteral("import"));
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("confab.sqlite"))),
        qPrintable(m_db->errorString()));
    m_store = std::make_unique<ConversationStore>(*m_db);
}

void TstConversationImport::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

QString TstConversationImport::import(const QString &path, int *conversations)
{
    ConversationImport importer(*m_db, *m_store);
    QSignalSpy finished(&importer, &ConversationImport::finished);
    QSignalSpy failed(&importer, &ConversationImport::failed);
    const bool ok = importer.run(path);
    if (finished.size() + failed.size() != 1 || ok != (finished.size() == 1))
        return QStringLiteral("not exactly one of finished and failed");
    if (conversations && ok)
        *conversations = finished.at(0).at(0).toInt();
    return ok ? QString() : importer.errorString();
}

QString TstConversationImport::importBytes(const QByteArray &bytes, int *conversations)
{
    const QString path = m_dir->filePath(QStringLiteral("in.json"));
    if (!writeFile(path, bytes))
        return QStringLiteral("cannot write the test file");
    return import(path, conversations);
}

// Every field set, two images (one also a draft image), branches, and a shown path that is not
// the newest one.
Conversation TstConversationImport::richConversation(ConversationStore &store)
{
    Conversation c;
    c.title = QStringLiteral("Ünïcödé 😀 round trip");
    c.pinned = true;
    c.providerId = QStringLiteral("provider-1");
    c.model = QStringLiteral("deepseek-reasoner");
    c.parameters = QJsonObject { { QStringLiteral("temperature"), 0.7 },
        { QStringLiteral("max_tokens"), 1000 },
        { QStringLiteral("stop"), QJsonArray { QStringLiteral("END") } } };
    c.systemPrompt = QStringLiteral("You are terse.");
    c.draftText = QStringLiteral("half a thought");
    c.imageTurns = 2;
    const QByteArray png = store.storeImage(PngBytes, "image/png", 32, 16);
    const QByteArray jpeg = store.storeImage(JpegBytes, "image/jpeg");
    ImageRef draft;
    draft.hash = jpeg;
    draft.mimeType = "image/jpeg";
    c.draftImages = { draft };
    if (!store.createConversation(c))
        return {};

    Message user;
    user.role = ChatMessage::Role::User;
    user.text = QStringLiteral("Look at these");
    ImageRef stored;
    stored.hash = png;
    stored.mimeType = "image/png";
    stored.detail = ContentPart::Detail::High;
    stored.width = 32;
    stored.height = 16;
    ImageRef remote;
    remote.url = QStringLiteral("https://example.org/cat.jpg");
    remote.detail = ContentPart::Detail::Low;
    user.images = { stored, remote, draft };
    user.created = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    store.addMessage(c.id, user);

    Message full;
    full.parentId = user.id;
    full.role = ChatMessage::Role::Assistant;
    full.text = QStringLiteral("答案：42\n```cpp\nint x;\n```");
    full.reasoning = QStringLiteral("让我想想……");
    full.toolCalls = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("call_1") },
        { QStringLiteral("type"), QStringLiteral("function") },
        { QStringLiteral("function"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("f") },
                { QStringLiteral("arguments"), QStringLiteral("{\"a\":1}") } } } } };
    full.refusal = QStringLiteral("no");
    full.model = QStringLiteral("deepseek-reasoner");
    full.usage = { 12, 345, 67, 8 };
    full.timings = { 120, 4500, 76.5 };
    full.finishReason = QStringLiteral("length");
    full.state = Message::State::CutOff;
    full.error = QStringLiteral("The connection closed");
    full.created = QDateTime::fromMSecsSinceEpoch(1700000001456, Qt::UTC);
    store.addMessage(c.id, full);

    Message tool;
    tool.parentId = full.id;
    tool.role = ChatMessage::Role::Tool;
    tool.toolCallId = QStringLiteral("call_1");
    tool.text = QStringLiteral("{\"result\": 2}");
    store.addMessage(c.id, tool);

    Message regenerated;
    regenerated.parentId = user.id;
    regenerated.role = ChatMessage::Role::Assistant;
    regenerated.text = QStringLiteral("A regenerated reply that failed");
    regenerated.state = Message::State::Failed;
    regenerated.error = QStringLiteral("HTTP 500");
    store.addMessage(c.id, regenerated);
    store.setActiveChild(c.id, user.id, full.id); // the older sibling is shown

    Message edited;
    edited.role = ChatMessage::Role::User;
    edited.text = QStringLiteral("An edited first question, not shown");
    store.addMessage(c.id, edited);
    store.setActiveChild(c.id, 0, user.id);
    return *store.loadConversation(c.id);
}

void TstConversationImport::confabRoundTripLosesNothing()
{
    const Conversation source = richConversation(*m_store);
    QCOMPARE(source.messages.size(), 5);
    const QString path = m_dir->filePath(QStringLiteral("one.json"));
    ConversationExport exporter(
        [this](const QByteArray &hash) { return m_store->loadImage(hash); });
    QVERIFY(exporter.writeJson(source, path));

    Database fresh(QStringLiteral("fresh"));
    QVERIFY(fresh.open(m_dir->filePath(QStringLiteral("fresh.sqlite"))));
    ConversationStore store(fresh);
    ConversationImport importer(fresh, store);
    QSignalSpy finished(&importer, &ConversationImport::finished);
    QVERIFY2(importer.run(path), qPrintable(importer.errorString()));
    QCOMPARE(importer.format(), ConversationImport::Format::ConfabConversation);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 1);
    QCOMPARE(finished.at(0).at(1).toInt(), 5);

    const QList<ConversationSummary> list = store.listConversations(0, 10);
    QCOMPARE(list.size(), 1);
    const std::optional<Conversation> imported = store.loadConversation(list.first().id);
    QVERIFY(imported);
    const Conversation &c = *imported;
    QCOMPARE(c.title, source.title);
    QCOMPARE(c.created, source.created);
    QCOMPARE(c.updated, source.updated);
    QCOMPARE(c.pinned, source.pinned);
    QCOMPARE(c.providerId, source.providerId);
    QCOMPARE(c.model, source.model);
    QCOMPARE(c.parameters, source.parameters);
    QCOMPARE(c.systemPrompt, source.systemPrompt);
    QCOMPARE(c.draftText, source.draftText);
    QVERIFY(c.draftImages == source.draftImages);
    QCOMPARE(c.imageTurns, 2);

    QCOMPARE(c.messages.size(), source.messages.size());
    QHash<qint64, qint64> ids { { 0, 0 } };
    for (qsizetype i = 0; i < c.messages.size(); ++i)
        ids.insert(source.messages.at(i).id, c.messages.at(i).id);
    for (qsizetype i = 0; i < c.messages.size(); ++i) {
        Message expected = source.messages.at(i);
        expected.id = ids.value(expected.id);
        expected.parentId = ids.value(expected.parentId);
        QVERIFY2(c.messages.at(i) == expected,
            qPrintable(describe(c.messages.at(i)) + QStringLiteral(" != ") + describe(expected)));
    }
    QCOMPARE(c.activeChild.size(), source.activeChild.size());
    for (auto it = source.activeChild.cbegin(); it != source.activeChild.cend(); ++it)
        QCOMPARE(c.activeChild.value(ids.value(it.key())), ids.value(it.value()));
    QStringList shown, shownBefore;
    for (const Message *m : c.activePath())
        shown << m->text;
    for (const Message *m : source.activePath())
        shownBefore << m->text;
    QCOMPARE(shown, shownBefore);
    QCOMPARE(shown.size(), 3);

    for (const ImageRef &ref : source.messages.first().images) {
        if (ref.isRemote())
            continue;
        const auto bytes = store.loadImage(ref.hash);
        QVERIFY(bytes);
        QCOMPARE(*bytes, *m_store->loadImage(ref.hash));
    }
    QSqlQuery size(fresh.connection());
    QVERIFY(size.exec(QStringLiteral("SELECT width, height FROM images WHERE mime = 'image/png'"))
        && size.next());
    QCOMPARE(size.value(0).toInt(), 32);
    QCOMPARE(size.value(1).toInt(), 16);
}

void TstConversationImport::libraryOfThreeConversations()
{
    richConversation(*m_store);
    for (const QString &title : { QStringLiteral("Second"), QStringLiteral("Third") }) {
        Conversation c;
        c.title = title;
        QVERIFY(m_store->createConversation(c));
        for (int i = 0; i < 3; ++i) {
            Message m;
            m.parentId = c.messages.isEmpty() ? 0 : c.messages.last().id;
            m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
            m.text = title + QString::number(i);
            QVERIFY(m_store->addMessage(c.id, m));
            c.messages.append(m);
        }
    }
    const QString path = m_dir->filePath(QStringLiteral("library.json"));
    ConversationExport exporter(nullptr);
    QVERIFY2(exporter.writeLibrary(*m_store, path), qPrintable(exporter.errorString()));

    Database fresh(QStringLiteral("fresh"));
    QVERIFY(fresh.open(m_dir->filePath(QStringLiteral("fresh.sqlite"))));
    ConversationStore store(fresh);
    ConversationImport importer(fresh, store);
    QSignalSpy finished(&importer, &ConversationImport::finished);
    QVERIFY2(importer.run(path), qPrintable(importer.errorString()));
    QCOMPARE(importer.format(), ConversationImport::Format::ConfabLibrary);
    QCOMPARE(finished.at(0).at(0).toInt(), 3);
    QCOMPARE(finished.at(0).at(1).toInt(), 5 + 3 + 3);
    QCOMPARE(store.conversationCount(), 3);
    QStringList before, after;
    for (const ConversationSummary &s : m_store->listConversations(0, 10))
        before << s.title + QString::number(m_store->loadConversation(s.id)->messages.size());
    for (const ConversationSummary &s : store.listConversations(0, 10))
        after << s.title + QString::number(store.loadConversation(s.id)->messages.size());
    before.sort(); // the order can differ where two conversations were updated in the same
                   // millisecond
    after.sort();
    QCOMPARE(after, before);
}

void TstConversationImport::chatGptKeepsBranchesAndTheShownPath()
{
    QJsonObject plain = chatGptChain(7, 1);
    plain.insert(QStringLiteral("title"), QJsonValue::Null);
    plain.insert(QStringLiteral("current_node"), QJsonValue::Null);
    const QByteArray bytes = QJsonDocument(QJsonArray { chatGptConversation(), plain }).toJson();
    int conversations = 0;
    const QString error = importBytes(bytes, &conversations);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(conversations, 2);

    std::optional<Conversation> capitals;
    for (const ConversationSummary &s : m_store->listConversations(0, 10)) {
        if (s.title == QLatin1StringView("Cats and capitals"))
            capitals = m_store->loadConversation(s.id);
    }
    QVERIFY(capitals);
    const Conversation &c = *capitals;
    QCOMPARE(c.created, QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC));
    QCOMPARE(c.updated, QDateTime::fromMSecsSinceEpoch(1700000206123, Qt::UTC));
    QCOMPARE(c.model, QStringLiteral("o3"));

    // Kept: the two questions and answers of each branch, and the answer after the tool ran.
    QStringList texts;
    for (const Message &m : c.messages)
        texts << m.text;
    QCOMPARE(texts,
        QStringList({ QStringLiteral("[image]\n\nWhat is in this picture?"),
            QStringLiteral("A cat."), QStringLiteral("What is the capital of France?"),
            QStringLiteral("Paris."), QStringLiteral("What is the capital of Italy?"),
            QStringLiteral("Rome."), QStringLiteral("The code printed 1.") }));
    const Message &answer = c.messages.at(1);
    const Message &france = c.messages.at(2);
    const Message &italy = c.messages.at(4);
    QCOMPARE(france.parentId, answer.id);
    QCOMPARE(italy.parentId, answer.id); // the edit is a sibling
    QCOMPARE(c.childrenOf(answer.id).size(), 2);
    QCOMPARE(c.messages.at(0).parentId, 0); // the hidden system message and the empty root are gone
    QCOMPARE(c.messages.at(6).parentId, c.messages.at(5).id);

    QStringList shown;
    for (const Message *m : c.activePath())
        shown << m->text;
    QCOMPARE(
        shown, QStringList({ texts.at(0), texts.at(1), texts.at(4), texts.at(5), texts.at(6) }));
    QCOMPARE(c.activeChild.value(answer.id), italy.id);

    QCOMPARE(answer.role, ChatMessage::Role::Assistant);
    QCOMPARE(answer.model, QStringLiteral("gpt-4o"));
    QCOMPARE(answer.finishReason, QStringLiteral("stop"));
    QCOMPARE(c.messages.at(0).role, ChatMessage::Role::User);
    QCOMPARE(c.messages.at(0).created, QDateTime::fromMSecsSinceEpoch(1700000001123, Qt::UTC));
    const Message &rome = c.messages.at(5);
    QCOMPARE(rome.model, QStringLiteral("o3"));
    QCOMPARE(rome.reasoning, QStringLiteral("**Recalling capitals**\n\nItaly's capital is Rome."));
    QCOMPARE(rome.finishReason, QStringLiteral("length"));
    QVERIFY(c.messages.at(6).reasoning.isEmpty());
    QVERIFY(c.messages.at(3).reasoning.isEmpty()); // the other branch had no thoughts

    std::optional<Conversation> untitled;
    for (const ConversationSummary &s : m_store->listConversations(0, 10)) {
        if (s.title.isEmpty())
            untitled = m_store->loadConversation(s.id);
    }
    QVERIFY(untitled);
    QCOMPARE(untitled->messages.size(), 2);
    QCOMPARE(untitled->activePath().size(), 2);
    QCOMPARE(untitled->model, QStringLiteral("gpt-4o"));
}

void TstConversationImport::chatGptSingleConversationObject()
{
    int conversations = 0;
    const QString error = importBytes(QJsonDocument(chatGptChain(1, 2)).toJson(), &conversations);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(conversations, 1);
    QCOMPARE(m_store->conversationCount(), 1);
}

void TstConversationImport::malformedJsonRefusedWithPosition_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("position");
    QTest::newRow("two commas") << QByteArray(
        "[\n  {\"title\": \"a\",\n   \"mapping\": {},, \"x\": 1}\n]")
                                << QStringLiteral("line 3, column 19");
    QTest::newRow("after multi-byte text")
        << QByteArray("{\"format\": \"confab.library\",\n\"title\": \"日本語\" oops}")
        << QStringLiteral("line 2, column 17"); // characters, not bytes: 23 in bytes
    QTest::newRow("cut short") << QByteArray("[{\"title\": \"a\",\n\"mapping\": {")
                               << QStringLiteral("line 2, column 13");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("line 1, column 1");
}

void TstConversationImport::malformedJsonRefusedWithPosition()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, position);
    QVERIFY(importBytes(QJsonDocument(chatGptChain(1, 1)).toJson()).isEmpty());
    const int before = m_store->conversationCount();
    const QString error = importBytes(json);
    QVERIFY2(error.contains(position), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("in.json")), qPrintable(error));
    QCOMPARE(m_store->conversationCount(), before);
}

void TstConversationImport::shapeErrorInThirdConversationImportsNothing()
{
    QJsonArray conversations;
    ConversationExport exporter(nullptr);
    for (int i = 0; i < 3; ++i) {
        Conversation c;
        c.title = QStringLiteral("Conversation %1").arg(i + 1);
        for (int j = 0; j < 4; ++j) {
            Message m;
            m.id = j + 1;
            m.parentId = j;
            m.role = j % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
            m.text = QStringLiteral("text %1").arg(j);
            c.messages.append(m);
        }
        if (i == 2)
            c.messages[3].role = ChatMessage::Role::Tool;
        QJsonObject o = exporter.toJson(c);
        if (i == 2) { // a role Confab does not know, in the last message of the last conversation
            QJsonArray messages = o[QLatin1StringView("messages")].toArray();
            QJsonObject last = messages.at(3).toObject();
            last.insert(QStringLiteral("role"), QStringLiteral("robot"));
            messages.replace(3, last);
            o.insert(QStringLiteral("messages"), messages);
        }
        conversations.append(o);
    }
    const QJsonObject library { { QStringLiteral("format"), QStringLiteral("confab.library") },
        { QStringLiteral("version"), 1 }, { QStringLiteral("conversations"), conversations } };
    const QString error = importBytes(QJsonDocument(library).toJson());
    QVERIFY2(error.contains(QStringLiteral(
                 "conversation 3 (“Conversation 3”), message 4: the role “robot” is unknown")),
        qPrintable(error));
    QCOMPARE(m_store->conversationCount(), 0);
}

void TstConversationImport::shapeErrorsNameWhere_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    auto confab = [](const QJsonArray &messages) {
        return QJsonDocument(
            QJsonObject { { QStringLiteral("format"), QStringLiteral("confab.conversation") },
                { QStringLiteral("version"), 1 }, { QStringLiteral("title"), QStringLiteral("T") },
                { QStringLiteral("messages"), messages } })
            .toJson();
    };
    auto message = [](int id, int parent) {
        return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("parentId"), parent },
            { QStringLiteral("role"), QStringLiteral("user") },
            { QStringLiteral("text"), QStringLiteral("x") } };
    };
    QTest::newRow("missing parent")
        << confab({ message(1, 0), message(2, 9) })
        << QStringLiteral("conversation 1 (“T”), message 2: its parent 9 is not in the file");
    QTest::newRow("cycle") << confab({ message(1, 0), message(2, 3), message(3, 2) })
                           << QStringLiteral("message 2: its parents form a cycle");
    QTest::newRow("duplicate id") << confab({ message(1, 0), message(1, 0) })
                                  << QStringLiteral("message 1: the id is used twice");
    QJsonObject badText = message(1, 0);
    badText.insert(QStringLiteral("text"), 42);
    QTest::newRow("wrong type") << confab({ badText })
                                << QStringLiteral("message 1: “text” is not a string");
    QJsonObject badTime = message(1, 0);
    badTime.insert(QStringLiteral("created"), QStringLiteral("yesterday"));
    QTest::newRow("bad time") << confab({ badTime })
                              << QStringLiteral("“created” is not an ISO 8601 date and time");
    QJsonObject badState = message(1, 0);
    badState.insert(QStringLiteral("state"), QStringLiteral("sleeping"));
    QTest::newRow("bad state") << confab({ badState })
                               << QStringLiteral("the state “sleeping” is unknown");

    QJsonObject orphan = chatGptChain(1, 1);
    QJsonObject mapping = orphan[QLatin1StringView("mapping")].toObject();
    QJsonObject node = mapping[QLatin1StringView("c1-m1")].toObject();
    node.insert(QStringLiteral("parent"), QStringLiteral("nowhere"));
    mapping.insert(QStringLiteral("c1-m1"), node);
    orphan.insert(QStringLiteral("mapping"), mapping);
    QTest::newRow("chatgpt orphan")
        << QJsonDocument(QJsonArray { chatGptChain(0, 1), orphan }).toJson()
        << QStringLiteral("conversation 2 (“Conversation 1”), node c1-m1: its parent nowhere "
                          "is not in the mapping");
    QJsonObject noRole = chatGptChain(1, 1);
    mapping = noRole[QLatin1StringView("mapping")].toObject();
    node = mapping[QLatin1StringView("c1-m0")].toObject();
    QJsonObject m = node[QLatin1StringView("message")].toObject();
    m.insert(QStringLiteral("author"), QJsonObject());
    node.insert(QStringLiteral("message"), m);
    mapping.insert(QStringLiteral("c1-m0"), node);
    noRole.insert(QStringLiteral("mapping"), mapping);
    QTest::newRow("chatgpt without role")
        << QJsonDocument(QJsonArray { noRole }).toJson()
        << QStringLiteral("node c1-m0: the message has no author role");
    QJsonObject loop = chatGptChain(1, 1);
    mapping = loop[QLatin1StringView("mapping")].toObject();
    node = mapping[QLatin1StringView("c1-root")].toObject();
    node.insert(QStringLiteral("parent"), QStringLiteral("c1-m1"));
    mapping.insert(QStringLiteral("c1-root"), node);
    loop.insert(QStringLiteral("mapping"), mapping);
    QTest::newRow("chatgpt cycle")
        << QJsonDocument(QJsonArray { loop }).toJson()
        << QStringLiteral("node c1-m0: it is not connected to a root: its parents form a cycle");
    QJsonObject lost = chatGptChain(1, 1);
    lost.insert(QStringLiteral("current_node"), QStringLiteral("gone"));
    QTest::newRow("chatgpt current node")
        << QJsonDocument(QJsonArray { lost }).toJson()
        << QStringLiteral("its current node gone is not in the mapping");
    QTest::newRow("no mapping") << QByteArray("[{\"title\": \"x\"}]")
                                << QStringLiteral("has no “mapping”");
    QTest::newRow("unknown format")
        << QByteArray("{\"format\": \"other\"}")
        << QStringLiteral("neither a Confab export nor a ChatGPT conversations.json");
}

void TstConversationImport::shapeErrorsNameWhere()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    const QString error = importBytes(json);
    QVERIFY2(error.contains(where), qPrintable(error));
    QCOMPARE(m_store->conversationCount(), 0);
}

void TstConversationImport::newerVersionRefused()
{
    const QString error
        = importBytes(R"({"format": "confab.conversation", "version": 2, "messages": []})");
    QVERIFY2(error.contains(QStringLiteral("newer version of Confab")), qPrintable(error));
    const QString library
        = importBytes(R"({"format": "confab.library", "version": 3, "conversations": []})");
    QVERIFY2(library.contains(QStringLiteral("newer version of Confab")), qPrintable(library));
}

void TstConversationImport::imageTurnsReadAsWritten_data()
{
    QTest::addColumn<QByteArray>("member"); // in the conversation object
    QTest::addColumn<int>("imageTurns"); // as stored; -2: refused
    QTest::newRow("absent: every image") << QByteArray() << -1;
    QTest::newRow("null") << QByteArray(R"("imageTurns": null,)") << -1;
    QTest::newRow("none") << QByteArray(R"("imageTurns": 0,)") << 0;
    QTest::newRow("three") << QByteArray(R"("imageTurns": 3,)") << 3;
    QTest::newRow("any negative: every image") << QByteArray(R"("imageTurns": -7,)") << -1;
    QTest::newRow("a fraction") << QByteArray(R"("imageTurns": 1.5,)") << -2;
    QTest::newRow("a word") << QByteArray(R"("imageTurns": "all",)") << -2;
}

void TstConversationImport::imageTurnsReadAsWritten()
{
    QFETCH(QByteArray, member);
    QFETCH(int, imageTurns);
    const QByteArray json = R"({"format": "confab.conversation", "version": 1, "title": "T", )"
        + member + R"( "messages": [{"id": 1, "role": "user", "text": "hi"}]})";
    const QString error = importBytes(json);
    if (imageTurns == -2) {
        QVERIFY2(error.contains(QStringLiteral("“imageTurns” is not a whole number")),
            qPrintable(error));
        QCOMPARE(m_store->conversationCount(), 0);
        return;
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const Conversation c = *m_store->loadConversation(m_store->listConversations(0, 1).first().id);
    QCOMPARE(c.imageTurns, imageTurns);
}

// A hand-made or foreign file may carry a key in its parameters: it must not reach the database.
void TstConversationImport::secretsInParametersAreDropped()
{
    const QByteArray json = R"({"format": "confab.library", "version": 1, "conversations": [
        {"title": "keys", "parameters": {"temperature": 1, "api_key": "abc",
                                         "extra_headers": {"Authorization": "Bearer sk-abc", "X-Title": "t"}},
         "messages": [{"id": 1, "role": "user", "text": "hi"}]}]})";
    int conversations = 0;
    const QString error = importBytes(json, &conversations);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(conversations, 1);
    const Conversation c = *m_store->loadConversation(m_store->listConversations(0, 1).first().id);
    QCOMPARE(c.parameters,
        QJsonObject({ { QStringLiteral("temperature"), 1 },
            { QStringLiteral("extra_headers"),
                QJsonObject { { QStringLiteral("X-Title"), QStringLiteral("t") } } } }));
    QCOMPARE(c.messages.size(), 1);
    QCOMPARE(c.messages.first().created, c.created); // no time in the file: the conversation's
}

void TstConversationImport::progressIsMonotonic()
{
    const int conversations = 500;
    const int turns = 5;
    const QString path = m_dir->filePath(QStringLiteral("conversations.json"));
    QVERIFY(writeFile(path, bigChatGptExport(conversations, turns)));
    ConversationImport importer(*m_db, *m_store);
    QSignalSpy progress(&importer, &ConversationImport::progress);
    QSignalSpy finished(&importer, &ConversationImport::finished);
    QVERIFY2(importer.run(path), qPrintable(importer.errorString()));
    const qint64 total = qint64(conversations) * turns * 2;
    QCOMPARE(finished.at(0).at(0).toInt(), conversations);
    QCOMPARE(finished.at(0).at(1).toLongLong(), total);
    QCOMPARE(m_store->conversationCount(), conversations);

    QVERIFY(progress.size() >= 3);
    QVERIFY(progress.size() <= 250); // coalesced, not one per message
    QCOMPARE(progress.first().at(1).toLongLong(), 0); // reading: no total yet
    qint64 done = 0;
    for (qsizetype i = 1; i < progress.size(); ++i) {
        QCOMPARE(progress.at(i).at(1).toLongLong(), total);
        QVERIFY(progress.at(i).at(0).toLongLong() >= done);
        done = progress.at(i).at(0).toLongLong();
    }
    QCOMPARE(done, total);
}

// The way the app runs it: on the thread that owns the database, away from the GUI thread,
// cancelled from the GUI thread while it writes.
void TstConversationImport::cancelOnWorkerThreadImportsNothing()
{
    const QString path = m_dir->filePath(QStringLiteral("big.json"));
    QVERIFY(writeFile(path, bigChatGptExport(2000, 5)));
    const QString dbPath = m_dir->filePath(QStringLiteral("worker.sqlite"));

    Database db(
        QStringLiteral("worker")); // opened on the worker: a connection belongs to its thread
    ConversationStore store(db);
    ConversationImport importer(db, store);
    QSemaphore writing, cancelled;
    bool paused = false; // worker only
    qint64 doneAtCancel = 0;
    QString failure; // written by the worker, read after it ended
    std::atomic<bool> finishedEmitted { false };
    connect(
        &importer, &ConversationImport::progress, &importer,
        [&](qint64 done, qint64 total) {
            // Holds the worker in the middle of writing until the cancel was asked for.
            if (!paused && done > 0 && done < total) {
                paused = true;
                doneAtCancel = done;
                writing.release();
                cancelled.acquire();
            }
        },
        Qt::DirectConnection);
    connect(
        &importer, &ConversationImport::failed, &importer,
        [&](const QString &message) { failure = message; }, Qt::DirectConnection);
    connect(
        &importer, &ConversationImport::finished, &importer, [&] { finishedEmitted = true; },
        Qt::DirectConnection);

    std::unique_ptr<QThread> thread(QThread::create([&] {
        if (db.open(dbPath))
            importer.run(path);
        else
            failure = db.errorString();
        db.close();
        writing.release(); // if it never paused
    }));
    thread->start();
    QVERIFY(writing.tryAcquire(1, 60000));
    importer.cancel();
    cancelled.release();
    QVERIFY(thread->wait(60000));

    QVERIFY(paused);
    QVERIFY(doneAtCancel > 0);
    QVERIFY(!finishedEmitted);
    QVERIFY2(failure.contains(QStringLiteral("cancelled")), qPrintable(failure));
    QVERIFY(importer.isCancelled());
    Database check(QStringLiteral("check"));
    QVERIFY(check.open(dbPath));
    QCOMPARE(ConversationStore(check).conversationCount(), 0);
    QSqlQuery messages(check.connection());
    QVERIFY(messages.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) && messages.next());
    QCOMPARE(messages.value(0).toInt(), 0);
}

void TstConversationImport::cancelBeforeRunImportsNothing()
{
    const QString path = m_dir->filePath(QStringLiteral("small.json"));
    QVERIFY(writeFile(path, bigChatGptExport(3, 1)));
    ConversationImport importer(*m_db, *m_store);
    QSignalSpy failed(&importer, &ConversationImport::failed);
    importer.cancel();
    QVERIFY(!importer.run(path));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(m_store->conversationCount(), 0);
}

QTEST_GUILESS_MAIN(TstConversationImport)
#include "tst_conversationimport.moc"

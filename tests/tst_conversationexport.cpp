#include "conversationexport.h"
#include "conversationstore.h"
#include "database.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QByteArray PngBytes
    = QByteArrayLiteral("\x89PNG\r\n\x1a\n not really a picture, but bytes to carry");

} // namespace

class TstConversationExport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void markdownShowsTheActivePathOnly();
    void markdownReasoningInDetails();
    void markdownFooter();
    void markdownStateNotes_data();
    void markdownStateNotes();
    void markdownImagesAsFiles();
    void markdownImagesAsDataUrls();
    void markdownImageFileFailure();
    void writeMarkdownPutsImagesBesideIt();
    void inlineDataImagesBecomeFilesToo();
    void jsonHasEveryBranchAndField();
    void jsonHoldsNoSecret();
    void jsonHasTheImageLimitOnlyWhenSet();
    void withoutSecrets_data();
    void withoutSecrets();
    void libraryHoldsEveryConversation();
    void libraryWriteFailureSaysWhy();

private:
    ConversationExport exporter() const
    {
        return ConversationExport(
            [this](const QByteArray &hash) { return m_store->loadImage(hash); });
    }
    Message add(qint64 parentId, ChatMessage::Role role, const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    Conversation m_conversation; // as loaded back from the store
    QByteArray m_imageHash;
    Message m_user, m_shown, m_hidden, m_last;
};

Message TstConversationExport::add(qint64 parentId, ChatMessage::Role role, const QString &text)
{
    Message m;
    m.parentId = parentId;
    m.role = role;
    m.text = text;
    return m;
}

// A conversation with reasoning, an image, a regenerated reply that is not shown, and a reply
// that was cut off.
void TstConversationExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(QStringLiteral("export"));
    QVERIFY2(m_db->open(m_dir->filePath(QStringLiteral("confab.sqlite"))),
        qPrintable(m_db->errorString()));
    m_store = std::make_unique<ConversationStore>(*m_db);

    Conversation c;
    c.title = QStringLiteral("Cats & capitals");
    c.model = QStringLiteral("gpt-4o");
    c.systemPrompt = QStringLiteral("Be brief.");
    c.parameters = QJsonObject { { QStringLiteral("temperature"), 0.5 },
        { QStringLiteral("api_key"), QStringLiteral("sk-test-0123456789abcdefghij") } };
    QVERIFY(m_store->createConversation(c));

    m_imageHash = m_store->storeImage(PngBytes, "image/png", 4, 3);
    QVERIFY(!m_imageHash.isEmpty());
    m_user = add(0, ChatMessage::Role::User, QStringLiteral("What is in this picture?"));
    ImageRef image;
    image.hash = m_imageHash;
    image.mimeType = "image/png";
    m_user.images = { image };
    QVERIFY(m_store->addMessage(c.id, m_user));

    m_shown = add(m_user.id, ChatMessage::Role::Assistant, QStringLiteral("A cat on a **mat**."));
    m_shown.reasoning = QStringLiteral("Whiskers, fur: a cat.");
    m_shown.model = QStringLiteral("gpt-4o");
    m_shown.usage = { 12, 345, -1, 8 };
    m_shown.finishReason = QStringLiteral("stop");
    QVERIFY(m_store->addMessage(c.id, m_shown));
    m_hidden = add(m_user.id, ChatMessage::Role::Assistant,
        QStringLiteral("A dog, regenerated and not shown."));
    m_hidden.model = QStringLiteral("gpt-4o");
    QVERIFY(m_store->addMessage(c.id, m_hidden));
    QVERIFY(m_store->setActiveChild(c.id, m_user.id, m_shown.id));

    const Message ask
        = add(m_shown.id, ChatMessage::Role::User, QStringLiteral("And the capital of France?"));
    Message asked = ask;
    QVERIFY(m_store->addMessage(c.id, asked));
    m_last = add(asked.id, ChatMessage::Role::Assistant, QStringLiteral("Par"));
    m_last.model = QStringLiteral("deepseek-reasoner");
    m_last.usage = { 20, 1, 7, -1 };
    m_last.finishReason = QStringLiteral("length");
    m_last.state = Message::State::CutOff;
    m_last.error = QStringLiteral("The connection closed");
    QVERIFY(m_store->addMessage(c.id, m_last));

    const auto loaded = m_store->loadConversation(c.id);
    QVERIFY(loaded);
    m_conversation = *loaded;
}

void TstConversationExport::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TstConversationExport::markdownShowsTheActivePathOnly()
{
    const QString md
        = exporter().toMarkdown(m_conversation, ConversationExport::ImageMode::DataUrls);
    QVERIFY(md.startsWith(
        QStringLiteral("# Cats & capitals\n\n## System prompt\n\nBe brief.\n\n## You\n\n")));
    QVERIFY(md.contains(QStringLiteral("## Assistant (gpt-4o)\n\n")));
    QVERIFY(md.contains(QStringLiteral("A cat on a **mat**.")));
    QVERIFY(md.contains(QStringLiteral("## Assistant (deepseek-reasoner)\n\n")));
    QVERIFY2(
        !md.contains(QStringLiteral("regenerated")), "a branch off the shown path was exported");
    QCOMPARE(md.count(QStringLiteral("## You")), 2);
    QVERIFY(md.endsWith(QStringLiteral("*\n")));
    QVERIFY(!md.endsWith(QStringLiteral("\n\n")));
}

void TstConversationExport::markdownReasoningInDetails()
{
    const QString md
        = exporter().toMarkdown(m_conversation, ConversationExport::ImageMode::DataUrls);
    QVERIFY(md.contains(QStringLiteral(
        "<details>\n<summary>Reasoning</summary>\n\nWhiskers, fur: a cat.\n\n</details>\n\n"
        "A cat on a **mat**.")));
    QCOMPARE(md.count(QStringLiteral("<details>")), 1);
}

void TstConversationExport::markdownFooter()
{
    const QString md
        = exporter().toMarkdown(m_conversation, ConversationExport::ImageMode::DataUrls);
    // Only the known counts; "stop" is no news.
    QVERIFY2(
        md.contains(QStringLiteral(
            "*Model: gpt-4o · Prompt tokens: 12 · Completion tokens: 345 · Cached tokens: 8*")),
        qPrintable(md));
    QVERIFY(md.contains(
        QStringLiteral("*Model: deepseek-reasoner · Prompt tokens: 20 · Completion tokens: 1 · "
                       "Reasoning tokens: 7 · Finish reason: length*")));
    QCOMPARE(md.count(QStringLiteral("Finish reason")), 1);
    QVERIFY(!md.contains(QStringLiteral("Reasoning tokens: -1")));
}

void TstConversationExport::markdownStateNotes_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("note");
    QTest::newRow("complete") << int(Message::State::Complete) << QString() << QString();
    QTest::newRow("stopped") << int(Message::State::Stopped) << QString()
                             << QStringLiteral("> *Stopped before the end.*\n");
    QTest::newRow("cut off") << int(Message::State::CutOff)
                             << QStringLiteral("The connection closed")
                             << QStringLiteral(
                                    "> *Cut off: the reply ended early.* The connection closed\n");
    QTest::newRow("failed") << int(Message::State::Failed) << QStringLiteral("HTTP 500: overloaded")
                            << QStringLiteral("> *Failed.* HTTP 500: overloaded\n");
    QTest::newRow("interrupted")
        << int(Message::State::Interrupted) << QString()
        << QStringLiteral("> *Interrupted: Confab closed while this reply was written.*\n");
}

void TstConversationExport::markdownStateNotes()
{
    QFETCH(int, state);
    QFETCH(QString, error);
    QFETCH(QString, note);
    Conversation c;
    Message m;
    m.id = 1;
    m.role = ChatMessage::Role::Assistant;
    m.text = QStringLiteral("Some text");
    m.state = Message::State(state);
    m.error = error;
    c.messages = { m };
    const QString md = exporter().toMarkdown(c, ConversationExport::ImageMode::DataUrls);
    QVERIFY(
        md.startsWith(QStringLiteral("# Untitled conversation\n\n## Assistant\n\nSome text\n")));
    if (note.isEmpty())
        QVERIFY(!md.contains(QStringLiteral("> ")));
    else
        QVERIFY2(md.contains(note), qPrintable(md));
}

void TstConversationExport::markdownImagesAsFiles()
{
    const QString imageDir = m_dir->filePath(QStringLiteral("Cats & capitals_files"));
    ConversationExport e = exporter();
    const QString md = e.toMarkdown(m_conversation, ConversationExport::ImageMode::Files, imageDir);
    QVERIFY2(!md.isNull(), qPrintable(e.errorString()));
    const QString name = QString::fromLatin1(m_imageHash) + QStringLiteral(".png");
    QCOMPARE(ConversationExport::imageFileName(m_imageHash, "image/png"), name);
    QVERIFY2(md.contains(
                 QStringLiteral("![Image](Cats%20%26%20capitals_files/") + name + QLatin1Char(')')),
        qPrintable(md));
    QFile file(QDir(imageDir).filePath(name));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), PngBytes);
    QCOMPARE(QDir(imageDir).entryList(QDir::Files).size(), 1);
    QVERIFY(!md.contains(QStringLiteral("data:")));
}

void TstConversationExport::markdownImagesAsDataUrls()
{
    const QString md = exporter().toMarkdown(m_conversation,
        ConversationExport::ImageMode::DataUrls, m_dir->filePath(QStringLiteral("unused")));
    QVERIFY(md.contains(QStringLiteral("![Image](data:image/png;base64,")
        + QString::fromLatin1(PngBytes.toBase64()) + QLatin1Char(')')));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("unused"))));

    // A remote image is linked; one no longer stored is said to be missing.
    Conversation c = m_conversation;
    ImageRef remote;
    remote.url = QStringLiteral("https://example.org/a cat.jpg");
    ImageRef gone;
    gone.hash = "0000";
    gone.mimeType = "image/png";
    c.messages[0].images = { remote, gone };
    const QString other = exporter().toMarkdown(c, ConversationExport::ImageMode::DataUrls);
    QVERIFY(other.contains(QStringLiteral("![Image](https://example.org/a%20cat.jpg)")));
    QVERIFY(other.contains(QStringLiteral("*[An image that is no longer stored]*")));
}

void TstConversationExport::markdownImageFileFailure()
{
    QFile blocker(m_dir->filePath(QStringLiteral("taken")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should go
    blocker.close();
    ConversationExport e = exporter();
    const QString md
        = e.toMarkdown(m_conversation, ConversationExport::ImageMode::Files, blocker.fileName());
    QVERIFY(md.isNull());
    QVERIFY(!e.errorString().isEmpty());
}

void TstConversationExport::writeMarkdownPutsImagesBesideIt()
{
    const QString path = m_dir->filePath(QStringLiteral("chat.md"));
    ConversationExport e = exporter();
    QVERIFY2(e.writeMarkdown(m_conversation, path, ConversationExport::ImageMode::Files),
        qPrintable(e.errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(file.readAll());
    QVERIFY(md.contains(QStringLiteral("](chat_files/") + QString::fromLatin1(m_imageHash)
        + QStringLiteral(".png)")));
    QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("chat_files/"))
        + QString::fromLatin1(m_imageHash) + QStringLiteral(".png")));
}

void TstConversationExport::inlineDataImagesBecomeFilesToo()
{
    // A reply whose Markdown embeds a picture, as image models' gateways write it.
    Conversation c = m_conversation;
    Message reply;
    reply.id = 900;
    reply.parentId = c.messages.last().id;
    reply.role = ChatMessage::Role::Assistant;
    reply.text = QStringLiteral("Here it is: ![a cat](data:image/png;base64,")
        + QString::fromLatin1(PngBytes.toBase64())
        + QStringLiteral(") and ![twice](data:image/png;base64,")
        + QString::fromLatin1(PngBytes.toBase64()) + QStringLiteral(")");
    c.messages.append(reply);
    const QString path = m_dir->filePath(QStringLiteral("drawn.md"));
    ConversationExport e = exporter();
    QVERIFY2(e.writeMarkdown(c, path, ConversationExport::ImageMode::Files),
        qPrintable(e.errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(file.readAll());
    const QString name = QString::fromLatin1(
                             QCryptographicHash::hash(PngBytes, QCryptographicHash::Sha256).toHex())
        + QStringLiteral(".png");
    QVERIFY2(md.contains(QStringLiteral("![a cat](drawn_files/") + name + QLatin1Char(')')),
        qPrintable(md));
    QVERIFY(md.contains(QStringLiteral("![twice](drawn_files/") + name + QLatin1Char(')')));
    QVERIFY(!md.contains(QStringLiteral("base64")));
    QFile image(m_dir->filePath(QStringLiteral("drawn_files/")) + name);
    QVERIFY(image.open(QIODevice::ReadOnly));
    QCOMPARE(image.readAll(), PngBytes);
}

void TstConversationExport::jsonHasEveryBranchAndField()
{
    const QJsonObject o = exporter().toJson(m_conversation);
    QCOMPARE(o[QLatin1StringView("format")].toString(), QStringLiteral("confab.conversation"));
    QCOMPARE(o[QLatin1StringView("version")].toInt(), 1);
    QCOMPARE(o[QLatin1StringView("title")].toString(), m_conversation.title);
    QCOMPARE(o[QLatin1StringView("systemPrompt")].toString(), m_conversation.systemPrompt);
    QCOMPARE(o[QLatin1StringView("created")].toString(),
        m_conversation.created.toString(Qt::ISODateWithMs));
    QCOMPARE(o[QLatin1StringView("parameters")].toObject(),
        QJsonObject({ { QStringLiteral("temperature"), 0.5 } }));
    QCOMPARE(o[QLatin1StringView("activeRoot")].toInteger(), m_user.id);

    const QJsonArray messages = o[QLatin1StringView("messages")].toArray();
    QCOMPARE(messages.size(), m_conversation.messages.size()); // the hidden branch too
    const QJsonObject user = messages.at(0).toObject();
    QCOMPARE(user[QLatin1StringView("activeChild")].toInteger(),
        m_shown.id); // the choice, not the newest
    QCOMPARE(
        user[QLatin1StringView("images")].toArray().at(0)[QLatin1StringView("hash")].toString(),
        QString::fromLatin1(m_imageHash));
    const QJsonObject hidden = messages.at(2).toObject();
    QCOMPARE(hidden[QLatin1StringView("text")].toString(), m_hidden.text);
    QCOMPARE(hidden[QLatin1StringView("parentId")].toInteger(), m_user.id);
    QVERIFY(!hidden.contains(QLatin1StringView("activeChild")));
    const QJsonObject last = messages.at(4).toObject();
    QCOMPARE(last[QLatin1StringView("state")].toString(), QStringLiteral("cut_off"));
    QCOMPARE(last[QLatin1StringView("error")].toString(), m_last.error);
    QCOMPARE(last[QLatin1StringView("usage")].toObject(),
        QJsonObject({ { QStringLiteral("prompt"), 20 }, { QStringLiteral("completion"), 1 },
            { QStringLiteral("reasoning"), 7 } }));

    const QJsonObject images = o[QLatin1StringView("images")].toObject();
    QCOMPARE(images.size(), 1);
    const QJsonObject image = images[QString::fromLatin1(m_imageHash)].toObject();
    QCOMPARE(image[QLatin1StringView("mime")].toString(), QStringLiteral("image/png"));
    QCOMPARE(
        QByteArray::fromBase64(image[QLatin1StringView("data")].toString().toLatin1()), PngBytes);
}

void TstConversationExport::jsonHoldsNoSecret()
{
    ConversationExport e = exporter();
    const QString path = m_dir->filePath(QStringLiteral("chat.json"));
    QVERIFY2(e.writeJson(m_conversation, path), qPrintable(e.errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("\"temperature\""));
    QVERIFY(!bytes.contains("sk-test"));
    QVERIFY(!bytes.contains("api_key"));
}

void TstConversationExport::jsonHasTheImageLimitOnlyWhenSet()
{
    // Every image (the default) writes nothing: such files stay as they were.
    QCOMPARE(m_conversation.imageTurns, -1);
    QVERIFY(!exporter().toJson(m_conversation).contains(QLatin1StringView("imageTurns")));
    Conversation limited = m_conversation;
    limited.imageTurns = 2;
    QCOMPARE(exporter().toJson(limited).value(QLatin1StringView("imageTurns")), QJsonValue(2));
    limited.imageTurns = 0; // no image at all is a choice too
    QCOMPARE(exporter().toJson(limited).value(QLatin1StringView("imageTurns")), QJsonValue(0));
}

void TstConversationExport::withoutSecrets_data()
{
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QJsonObject>("kept");
    const QJsonObject ordinary { { QStringLiteral("max_tokens"), 100 },
        { QStringLiteral("reasoning_effort"), QStringLiteral("high") },
        { QStringLiteral("stop"), QJsonArray { QStringLiteral("END") } } };
    QTest::newRow("nothing secret") << ordinary << ordinary;
    QJsonObject named = ordinary;
    named.insert(QStringLiteral("api_key"), QStringLiteral("abc"));
    named.insert(QStringLiteral("apiKey"), QStringLiteral("abc"));
    named.insert(QStringLiteral("client_secret"), QStringLiteral("abc"));
    QTest::newRow("by name") << named << ordinary;
    QJsonObject nested = ordinary;
    nested.insert(QStringLiteral("extra_headers"),
        QJsonObject { { QStringLiteral("Authorization"), QStringLiteral("Bearer abc") },
            { QStringLiteral("X-Api-Key"), QStringLiteral("abc") },
            { QStringLiteral("X-Title"), QStringLiteral("Confab") } });
    QJsonObject nestedKept = ordinary;
    nestedKept.insert(QStringLiteral("extra_headers"),
        QJsonObject { { QStringLiteral("X-Title"), QStringLiteral("Confab") } });
    QTest::newRow("nested") << nested << nestedKept;
    QJsonObject byValue = ordinary;
    byValue.insert(QStringLiteral("user"), QStringLiteral("sk-proj-abcdefghijklmnopqrstuvwxyz"));
    byValue.insert(
        QStringLiteral("tags"), QJsonArray { QStringLiteral("Bearer xyz"), QStringLiteral("ok") });
    QJsonObject byValueKept = ordinary;
    byValueKept.insert(QStringLiteral("tags"), QJsonArray { QStringLiteral("ok") });
    QTest::newRow("by value") << byValue << byValueKept;
}

void TstConversationExport::withoutSecrets()
{
    QFETCH(QJsonObject, parameters);
    QFETCH(QJsonObject, kept);
    QCOMPARE(ConversationExport::withoutSecrets(parameters), kept);
}

void TstConversationExport::libraryHoldsEveryConversation()
{
    for (const QString &title : { QStringLiteral("Second"), QStringLiteral("Third") }) {
        Conversation c;
        c.title = title;
        QVERIFY(m_store->createConversation(c));
        Message m = add(0, ChatMessage::Role::User, title + QStringLiteral(" question"));
        QVERIFY(m_store->addMessage(c.id, m));
    }
    const QString path = m_dir->filePath(QStringLiteral("library.json"));
    ConversationExport e(nullptr); // the library takes its images from the store
    QVERIFY2(e.writeLibrary(*m_store, path), qPrintable(e.errorString()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QJsonParseError error;
    const QJsonObject library = QJsonDocument::fromJson(bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(library[QLatin1StringView("format")].toString(), QStringLiteral("confab.library"));
    QCOMPARE(library[QLatin1StringView("version")].toInt(), 1);
    const QJsonArray conversations = library[QLatin1StringView("conversations")].toArray();
    QCOMPARE(conversations.size(), 3);
    QStringList titles;
    for (const QJsonValue c : conversations) {
        titles << c[QLatin1StringView("title")].toString();
        QCOMPARE(c[QLatin1StringView("format")].toString(), QStringLiteral("confab.conversation"));
    }
    titles.sort();
    QCOMPARE(titles,
        QStringList({ QStringLiteral("Cats & capitals"), QStringLiteral("Second"),
            QStringLiteral("Third") }));
    QVERIFY(bytes.contains(PngBytes.toBase64()));
    QVERIFY(!bytes.contains("sk-test"));
}

void TstConversationExport::libraryWriteFailureSaysWhy()
{
    ConversationExport e(nullptr);
    QVERIFY(
        !e.writeLibrary(*m_store, m_dir->filePath(QStringLiteral("no/such/folder/library.json"))));
    QVERIFY(e.errorString().contains(QStringLiteral("library.json")));
}

QTEST_GUILESS_MAIN(TstConversationExport)
#include "tst_conversationexport.moc"

#include "attachmentlist.h"
#include "attachmentstrip.h"
#include "chatclient.h"
#include "composer.h"
#include "conversationexport.h"
#include "conversationsession.h"
#include "conversationstore.h"
#include "fakeserver.h"
#include "mainwindow.h"
#include "messageview.h"
#include "parameterspanel.h"
#include "providerregistry.h"
#include "secretstore.h"
#include "settings.h"
#include "storethread.h"
#include "testdata.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListView>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextImageFormat>
#include <QToolButton>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray chunk(const QJsonObject &delta, const QString &finishReason = {})
{
    return TestData::chatChunk(delta, finishReason);
}

FakeResponse reply(const QString &text, int chunkSize = 0, int delayMs = 0)
{
    FakeResponse r = FakeResponse::sse({ chunk({ { u"content"_s, text } }), chunk({}, u"stop"_s) });
    r.chunkSize = chunkSize;
    r.delayMs = delayMs;
    return r;
}

} // namespace

class TstMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sendingStreamsIntoTheViewAndTheStore();
    void stopKeepsThePartialReply();
    void draftSurvivesClosingAndReopening();
    void twoConversationsStreamAtOnce();
    void searchFindsChineseAndOpensTheMessage();
    void newChatLeftDuringItsFirstSendIsListed();
    void theEndOfAStreamIsNotRenderedAgain();
    void cutReplyContinuesAndDeleteAsksFirst();
    void markdownImagesDataShownWebOnlyAfterAClick();
    void enterSendsSettingIsKept();
    void switchingProviderSendsTheNextRequestThere();
    void aSessionLeavesTheKeyNowhere();
    void parametersPanelReachesTheRequestExactly();
    void presetsApplyAndBecomeProviderDefaults();
    void removingAProviderStopsItsStreamKeepingTheText();
    void pastedAndDroppedImagesReachTheRequest();
    void imageUrlIsSentAsAUrl();
    void reopenedConversationShowsAndResendsItsImages();
    void draftImagesSurviveARestart();
    void imagesStillPreparedStayWithTheirConversation();
    void imagesToAModelNotMarkedForVisionAskFirst();
    void badImageKeepsTheTextAndTheOtherImages();
    void refusedForSizeResendsSmallerImages();
    void imagesAModelReturnsAreShownAndStored();

private:
    MainWindow *newWindow();
    // The image_url parts of the last request's last user message.
    QJsonArray sentImages();
    void waitForAttachments(MainWindow *window);
    Composer *composer(MainWindow *window) { return window->findChild<Composer *>(); }
    void send(MainWindow *window, const QString &text);
    // Asks a first question and waits for its reply, so that the conversation is stored; false
    // when it never ends.
    bool askFirst(MainWindow *window);
    // A provider kept in the settings (unlike the transient fake one), talking to the fake
    // server, with these defaults, made the one new chats use.
    ProviderProfile useKeptProvider(const QJsonObject &defaults);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    MemorySecretStore m_secrets;
    std::unique_ptr<Settings> m_prefs;
    std::unique_ptr<ProviderRegistry> m_providers;
    std::unique_ptr<StoreThread> m_store;
    std::unique_ptr<QSettings> m_settings;
};

void TstMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_store = std::make_unique<StoreThread>();
    QVERIFY(m_store->open(m_dir->filePath(u"confab.sqlite"_s)));
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(u"confab.ini"_s), QSettings::IniFormat);
    m_prefs = std::make_unique<Settings>(m_settings.get());
    m_providers = std::make_unique<ProviderRegistry>(m_prefs.get(), &m_secrets, m_network.get());
    m_providers->load(QProcessEnvironment());
    ProviderProfile fake;
    fake.id = u"fake"_s;
    fake.name = u"Fake server"_s;
    fake.baseUrl = m_server->baseUrl().toString();
    fake.keySource = ProviderProfile::KeySource::None;
    fake.proxy = ProxyConfig::none(); // never the machine's proxy settings
    fake.models = { { u"test-model"_s, {}, true, false, true },
        { u"text-only"_s, {}, false, false, true } };
    fake.defaultModel = u"test-model"_s;
    m_providers->addTransient(fake);
}

void TstMainWindow::cleanup()
{
    m_store.reset();
    m_providers.reset();
    m_prefs.reset();
    m_network.reset();
    m_server.reset();
    m_settings.reset();
    m_dir.reset();
}

MainWindow *TstMainWindow::newWindow()
{
    auto *window = new MainWindow(m_store.get(), m_providers.get(), m_settings.get());
    window->resize(1000, 700);
    window->show();
    return window;
}

ProviderProfile TstMainWindow::useKeptProvider(const QJsonObject &defaults)
{
    ProviderProfile kept;
    kept.id = ProviderProfile::newId();
    kept.name = u"Kept"_s;
    kept.baseUrl = m_server->baseUrl().toString();
    kept.keySource = ProviderProfile::KeySource::None;
    kept.proxy = ProxyConfig::none();
    kept.defaultModel = u"test-model"_s;
    kept.defaultParameters = defaults;
    m_providers->setProviders({ kept });
    m_providers->setDefaultProviderId(kept.id);
    return kept;
}

void TstMainWindow::send(MainWindow *window, const QString &text)
{
    Composer *c = composer(window);
    c->setFocus();
    QTest::keyClicks(c, text);
    QTest::keyClick(c, Qt::Key_Return);
}

bool TstMainWindow::askFirst(MainWindow *window)
{
    send(window, u"First"_s);
    return QTest::qWaitFor([window] {
        return window->currentSession()->conversationId() > 0
            && !window->currentSession()->isStreaming();
    });
}

void TstMainWindow::sendingStreamsIntoTheViewAndTheStore()
{
    m_server->enqueue(reply(u"# Answer\n\nWith **bold** text."_s, 8, 2));
    std::unique_ptr<MainWindow> window(newWindow());
    QVERIFY(composer(window.get())->hasFocus() || QApplication::focusWidget() == nullptr);
    send(window.get(), u"Question"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    QCOMPARE(composer(window.get())->toPlainText(), QString()); // sent, cleared
    QCOMPARE(session->model()->index(1).data().toString(), u"# Answer\n\nWith **bold** text."_s);
    MessageView *view = window->messageView();
    QTRY_VERIFY(view->isLaidOut(1));
    QVERIFY(view->isFollowing());
    const qint64 id = session->conversationId();
    m_store->waitForIdle();
    const Conversation stored
        = *m_store->call([id](ConversationStore &s) { return s.loadConversation(id); });
    QCOMPARE(stored.messages.size(), 2);
    QCOMPARE(stored.messages.at(1).state, Message::State::Complete);
}

void TstMainWindow::stopKeepsThePartialReply()
{
    FakeResponse slow = FakeResponse::sse(
        { chunk({ { u"content"_s, u"Partial"_s } }), chunk({ { u"content"_s, u" never"_s } }) });
    slow.stallAfter = slow.body.indexOf("data: {", 10);
    m_server->enqueue(slow);
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Go"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2
        && !session->model()->index(1).data().toString().isEmpty());
    auto *button = window->findChild<QPushButton *>(u"sendButton"_s);
    QCOMPARE(button->text(), u"Stop"_s);
    // Enter while a reply streams does not stop it (the user may be typing the next question).
    QTest::keyClick(composer(window.get()), Qt::Key_Return);
    QVERIFY(session->isStreaming());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY(!session->isStreaming());
    QCOMPARE(session->model()->index(1).data().toString(), u"Partial"_s);
    QCOMPARE(session->model()->index(1).data(ActivePathModel::StateRole).toInt(),
        int(Message::State::Stopped));
    QCOMPARE(button->text(), u"Send"_s);
}

void TstMainWindow::draftSurvivesClosingAndReopening()
{
    m_server->enqueue(reply(u"Hi"_s));
    qint64 id = 0;
    {
        std::unique_ptr<MainWindow> window(newWindow());
        QVERIFY(askFirst(window.get()));
        id = window->currentSession()->conversationId();
        QTest::keyClicks(composer(window.get()), u"half-written "_s);
        composer(window.get())->insertPlainText(u"草稿"_s); // as an input method commits it
        window->close(); // saves the draft at once, and which conversation was open
    }
    m_store->waitForIdle();
    std::unique_ptr<MainWindow> window(newWindow());
    QCOMPARE(window->currentSession()->conversationId(), id);
    QCOMPARE(composer(window.get())->toPlainText(), u"half-written 草稿"_s);
}

void TstMainWindow::twoConversationsStreamAtOnce()
{
    m_server->enqueue(reply(u"Alpha reply, slowly"_s, 4, 15));
    m_server->enqueue(reply(u"Beta reply"_s, 4, 5));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"first"_s);
    ConversationSession *first = window->currentSession();
    QTRY_VERIFY(first->model()->rowCount() == 2);
    window->newChat();
    ConversationSession *second = window->currentSession();
    QVERIFY(second != first);
    send(window.get(), u"second"_s);
    QTRY_VERIFY(second->model()->rowCount() == 2);
    QVERIFY(first->isStreaming()); // switching never stops a stream
    QTRY_VERIFY(!first->isStreaming() && !second->isStreaming());
    QCOMPARE(first->model()->index(1).data().toString(), u"Alpha reply, slowly"_s);
    QCOMPARE(second->model()->index(1).data().toString(), u"Beta reply"_s);
    // Back to the first: its whole reply is there.
    QVERIFY(window->openConversation(first->conversationId()));
    QCOMPARE(
        window->currentSession()->model()->index(1).data().toString(), u"Alpha reply, slowly"_s);
}

void TstMainWindow::searchFindsChineseAndOpensTheMessage()
{
    // A stored conversation with a Chinese message deep inside it.
    const auto ids = m_store->call([](ConversationStore &s) {
        Conversation c;
        c.title = u"长对话"_s;
        c.model = u"test-model"_s;
        s.createConversation(c);
        qint64 parent = 0;
        qint64 target = 0;
        for (int i = 0; i < 200; ++i) {
            Message m;
            m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
            m.parentId = parent;
            m.text = i == 20 ? u"我们来讨论中文分词的问题"_s : QStringLiteral("message %1").arg(i);
            s.addMessage(c.id, m);
            parent = m.id;
            if (i == 20)
                target = m.id;
        }
        return std::make_pair(c.id, target);
    });
    std::unique_ptr<MainWindow> window(newWindow());
    auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
    QVERIFY(search);
    search->setFocus();
    search->insert(u"中文"_s); // as an input method commits it
    auto *results = window->findChild<QListView *>(u"searchResults"_s);
    QVERIFY(results);
    QTRY_VERIFY(results->isVisible() && results->model() && results->model()->rowCount() > 0);
    const QModelIndex hit = results->model()->index(0, 0);
    results->setCurrentIndex(hit);
    QTest::keyClick(results, Qt::Key_Return);
    QTRY_COMPARE(window->currentSession()->conversationId(), ids.first);
    // The message is shown, its older neighbours loaded around it.
    QTRY_VERIFY(window->currentSession()->model()->rowOf(ids.second) >= 0);
    const int row = window->currentSession()->model()->rowOf(ids.second);
    QTRY_VERIFY(window->messageView()->isLaidOut(row));
    QVERIFY(!window->messageView()->isFollowing());
}

void TstMainWindow::newChatLeftDuringItsFirstSendIsListed()
{
    m_server->enqueue(reply(u"Answer"_s, 4, 5));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"First question"_s);
    ConversationSession *first = window->currentSession();
    QVERIFY(first->isStreaming()); // its row is on its way to the store
    window->newChat();
    auto *list = window->findChild<QListView *>(u"conversationList"_s);
    QVERIFY(list);
    QTRY_COMPARE(list->model()->rowCount(), 1);
    QTRY_VERIFY(!first->isStreaming());
    const qint64 id = list->model()->index(0, 0).data(Qt::UserRole + 1).toLongLong();
    QVERIFY(window->openConversation(id));
    QCOMPARE(window->currentSession(), first); // the same session, not a second one
}

void TstMainWindow::theEndOfAStreamIsNotRenderedAgain()
{
    QString text;
    for (int i = 0; i < 60; ++i)
        text += QStringLiteral("Paragraph %1 with **bold** text.\n\n").arg(i);
    text += u"```cpp\nint x = 1;\n```\n\nThe end."_s;
    m_server->enqueue(reply(text, 64, 3));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Go"_s);
    ConversationSession *session = window->currentSession();
    MessageView *view = window->messageView();
    QTRY_VERIFY(view->bodySegment(1, 0) != nullptr);
    QTextDocument *first = view->bodySegment(1, 0);
    QTRY_VERIFY(!session->isStreaming());
    // The documents that streamed are the ones shown at the end, finished in place.
    QCOMPARE(view->bodySegment(1, 0), first);
    QString shown;
    for (int s = 0; view->bodySegment(1, s); ++s)
        shown += view->bodySegment(1, s)->toPlainText();
    QVERIFY(shown.contains(u"The end."_s));
    QVERIFY(shown.contains(u"int x = 1;"_s));
}

void TstMainWindow::cutReplyContinuesAndDeleteAsksFirst()
{
    m_server->enqueue(
        FakeResponse::sse({ chunk({ { u"content"_s, u"Cut here"_s } }), chunk({}, u"length"_s) }));
    m_server->enqueue(FakeResponse::sse(
        { chunk({ { u"content"_s, u", then the end."_s } }), chunk({}, u"stop"_s) }));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Question"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    MessageView *view = window->messageView();
    view->viewport()->repaint();
    const QRect more = view->actionRect(1, u"Continue"_s);
    QVERIFY(!more.isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, more.center());
    QTRY_COMPARE(session->model()->index(1).data().toString(), u"Cut here, then the end."_s);
    QTRY_VERIFY(!session->isStreaming());
    view->viewport()->repaint();
    QVERIFY(view->actionRect(1, u"Continue"_s).isEmpty()); // finished: nothing to continue

    // Delete asks; Cancel keeps the message, Delete removes it.
    auto answer = [](QMessageBox::ButtonRole role) {
        QTimer::singleShot(0, [role] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == role)
                    button->click();
            }
        });
    };
    QRect remove = view->actionRect(1, u"Delete"_s);
    QVERIFY(!remove.isEmpty());
    answer(QMessageBox::RejectRole);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, remove.center());
    QCOMPARE(session->model()->rowCount(), 2);
    answer(QMessageBox::DestructiveRole);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, remove.center());
    QTRY_COMPARE(session->model()->rowCount(), 1);
    QCOMPARE(session->model()->index(0).data().toString(), u"Question"_s);
}

namespace {
QByteArray png(const QSize &size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    return TestData::encodedImage(image, "PNG");
}
} // namespace

void TstMainWindow::markdownImagesDataShownWebOnlyAfterAClick()
{
    const QString dataUrl
        = u"data:image/png;base64,"_s + QString::fromLatin1(png({ 40, 30 }).toBase64());
    const QString webUrl = m_server->baseUrl().resolved(QUrl(u"/cat.png"_s)).toString();
    m_server->enqueue(
        reply(u"A dot: ![dot]("_s + dataUrl + u")\n\nA cat: ![cat]("_s + webUrl + u")"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Pictures?"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    MessageView *view = window->messageView();
    QTRY_VERIFY(view->isLaidOut(1));
    QTextDocument *document = view->bodySegment(1, 0);
    int webPosition = -1;
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next()) {
        for (auto f = b.begin(); !f.atEnd(); ++f) {
            const QTextCharFormat format = f.fragment().charFormat();
            if (format.isImageFormat() && format.toImageFormat().name() == webUrl)
                webPosition = f.fragment().position();
        }
    }
    QVERIFY(webPosition >= 0);
    auto shown = [&](const QString &url) {
        return document->resource(QTextDocument::ImageResource, QUrl(url)).value<QImage>();
    };
    QCOMPARE(shown(dataUrl).size(), QSize(40, 30));
    // The web image is a placeholder, and nothing was asked of its server.
    QVERIFY(!shown(webUrl).isNull());
    QVERIFY(shown(webUrl).size() != QSize(50, 20));
    QCOMPARE(m_server->requestCount(), 1);

    FakeResponse image;
    image.headers = { { "Content-Type", "image/png" } };
    image.body = png({ 50, 20 });
    image.framing = FakeResponse::Framing::ContentLength;
    m_server->enqueue(image);
    view->viewport()->repaint();
    QTest::mouseClick(
        view->viewport(), Qt::LeftButton, {}, view->positionOf(1, 0, webPosition) + QPoint(8, 0));
    QTRY_COMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->lastRequest().target, QByteArray("/cat.png"));
    QVERIFY(!m_server->lastRequest().hasHeader("Authorization"));
    QTRY_COMPARE(shown(webUrl).size(), QSize(50, 20));
}

void TstMainWindow::enterSendsSettingIsKept()
{
    {
        std::unique_ptr<MainWindow> window(newWindow());
        auto *action = window->findChild<QAction *>(u"actionEnterSends"_s);
        QVERIFY(action && action->isChecked());
        QVERIFY(composer(window.get())->enterSends());
        action->trigger();
        QVERIFY(!composer(window.get())->enterSends());
    }
    std::unique_ptr<MainWindow> window(newWindow());
    QVERIFY(!composer(window.get())->enterSends());
    QVERIFY(!window->findChild<QAction *>(u"actionEnterSends"_s)->isChecked());
}

void TstMainWindow::switchingProviderSendsTheNextRequestThere()
{
    // The gateway sits behind a proxy of its own: the fake server plays that proxy.
    FakeServer gateway;
    QVERIFY(gateway.listen());
    ProviderProfile second;
    second.id = ProviderProfile::newId();
    second.name = u"Gateway"_s;
    second.baseUrl = u"http://gateway.invalid/v1"_s;
    QVERIFY(ProxyConfig::parse(u"http://127.0.0.1:%1"_s.arg(gateway.port()), second.proxy));
    second.keySource = ProviderProfile::KeySource::Keychain;
    second.headers = { { "X-Tenant", "team-7" } };
    second.models = { { u"gw-model"_s, {}, false, false, true } };
    second.defaultModel = u"gw-model"_s;
    m_providers->setProviders({ second });
    bool kept = false;
    m_providers->setApiKey(
        second.id, u"sk-gateway"_s, this, [&](const SecretStore::Result &) { kept = true; });
    QTRY_VERIFY(kept);

    m_server->enqueue(reply(u"From the first"_s));
    gateway.enqueue(reply(u"From the gateway"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"One"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    QCOMPARE(m_server->requestCount(), 1);

    // The header's provider box, as the user picks the gateway.
    auto *box = window->findChild<QComboBox *>(u"providerBox"_s);
    QVERIFY(box);
    const int index = box->findData(second.id);
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
    emit box->activated(index);
    QCOMPARE(session->conversation().providerId, second.id);
    QCOMPARE(session->conversation().model, u"gw-model"_s); // the first's model is not served there
    send(window.get(), u"Two"_s);
    QTRY_VERIFY(session->model()->rowCount() == 4 && !session->isStreaming());
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(gateway.requestCount(), 1);
    const RecordedRequest request = gateway.lastRequest();
    QCOMPARE(request.target, QByteArray("http://gateway.invalid/v1/chat/completions"));
    QCOMPARE(request.header("X-Tenant"), QByteArray("team-7"));
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer sk-gateway"));
    QCOMPARE(request.json().value(u"model"_s).toString(), u"gw-model"_s);
    // The whole history went along.
    QCOMPARE(request.json().value(u"messages"_s).toArray().size(), 3);
    // Remembered with the conversation.
    const qint64 id = session->conversationId();
    m_store->waitForIdle();
    QCOMPARE(
        m_store->call([id](ConversationStore &s) { return s.loadConversation(id); })->providerId,
        second.id);
}

namespace {
QStringList g_log;
void keepLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_log << message;
}
} // namespace

void TstMainWindow::aSessionLeavesTheKeyNowhere()
{
    const QString key = u"sk-canary-5a1d9e"_s;
    ProviderProfile p;
    p.id = ProviderProfile::newId();
    p.name = u"Keyed"_s;
    p.baseUrl = m_server->baseUrl().toString();
    p.keySource = ProviderProfile::KeySource::Keychain;
    p.proxy = ProxyConfig::none();
    p.defaultModel = u"test-model"_s;
    m_providers->setProviders({ p });
    bool kept = false;
    m_providers->setApiKey(p.id, key, this, [&](const SecretStore::Result &) { kept = true; });
    QTRY_VERIFY(kept);
    m_providers->setDefaultProviderId(p.id);

    // Every log line of the session, at every level.
    g_log.clear();
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    const QtMessageHandler previous = qInstallMessageHandler(keepLog);
    // A reply, and an error whose body echoes the key, as some servers do.
    m_server->enqueue(reply(u"Fine"_s));
    m_server->enqueue(FakeResponse::json(
        (u"{\"error\":{\"message\":\"Incorrect API key provided: "_s + key + u"\"}}"_s).toUtf8(),
        401));
    {
        std::unique_ptr<MainWindow> window(newWindow());
        send(window.get(), u"Hello"_s);
        ConversationSession *session = window->currentSession();
        QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
        send(window.get(), u"Again"_s);
        QTRY_VERIFY(session->model()->rowCount() == 4 && !session->isStreaming());
        QVERIFY(session->failure(
            session->model()->index(3).data(ActivePathModel::IdRole).toLongLong()));
        const qint64 id = session->conversationId();
        m_store->waitForIdle();
        const Conversation stored
            = *m_store->call([id](ConversationStore &s) { return s.loadConversation(id); });
        ConversationExport exporter([](const QByteArray &) { return std::nullopt; });
        QVERIFY(exporter.writeJson(stored, m_dir->filePath(u"export.json"_s)));
        QVERIFY(exporter.writeMarkdown(
            stored, m_dir->filePath(u"export.md"_s), ConversationExport::ImageMode::DataUrls));
        // The error shown keeps the server's words, not the key.
        QVERIFY(
            !session->failure(session->model()->index(3).data(ActivePathModel::IdRole).toLongLong())
                 ->error.message()
                 .contains(key));
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(m_server->requests().first().header("Authorization").contains(key.toLatin1()));

    m_settings->sync();
    m_store->waitForIdle();
    const QByteArray files = TestData::allFiles(m_dir->path());
    QVERIFY(files.contains("\"format\"")); // the exports are among them
    QVERIFY(files.contains("Incorrect API key")); // the error was kept, redacted
    QVERIFY(!files.contains(key.toLatin1()));
    QVERIFY(!g_log.join(u'\n').contains(key));
}

void TstMainWindow::parametersPanelReachesTheRequestExactly()
{
    useKeptProvider({ { u"top_p"_s, 0.5 }, { u"max_tokens"_s, 300 } });
    std::unique_ptr<MainWindow> window(newWindow());
    window->findChild<QAction *>(u"actionParameters"_s)->trigger(); // made when first shown
    auto *panel = window->findChild<ParametersPanel *>();
    QVERIFY(panel);
    // The provider's defaults show, greyed, until set here.
    auto *topP = qobject_cast<QDoubleSpinBox *>(panel->editor(u"top_p"_s));
    QCOMPARE(topP->value(), 0.5);
    QVERIFY(!topP->isEnabled());

    panel->setMode(u"temperature"_s, ParametersPanel::Mode::Set);
    auto *temperature = qobject_cast<QDoubleSpinBox *>(panel->editor(u"temperature"_s));
    QVERIFY(temperature->isEnabled());
    temperature->setValue(5); // the widget keeps it in range
    QCOMPARE(temperature->value(), 2.0);
    temperature->setValue(0.7);
    panel->setMode(u"top_p"_s, ParametersPanel::Mode::Off);
    panel->setMode(u"stop"_s, ParametersPanel::Mode::Set);
    qobject_cast<QPlainTextEdit *>(panel->editor(u"stop"_s))->setPlainText(u"END\n###"_s);
    // A typing mistake in the extra body is named with its place, and holds the change back.
    auto *extra = qobject_cast<QPlainTextEdit *>(panel->editor(u"extra"_s));
    extra->setPlainText(u"{\"safe_mode\": tru}"_s);
    QVERIFY2(panel->errorText().contains(u"Line 1, column"_s), qPrintable(panel->errorText()));
    extra->setPlainText(u"{\"safe_mode\": true}"_s);
    QVERIFY(panel->errorText().isEmpty());
    ConversationSession *session = window->currentSession();
    // Sent at once, with no pause after the typing: the panel hands its values over first.

    m_server->enqueue(reply(u"Tuned reply"_s));
    send(window.get(), u"Question"_s);
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.7);
    QVERIFY(!body.contains(u"top_p"_s));
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), 300);
    QCOMPARE(body.value(u"stop"_s).toArray(), (QJsonArray { u"END"_s, u"###"_s }));
    QCOMPARE(body.value(u"safe_mode"_s).toBool(), true);
    QVERIFY(!body.contains(u"presence_penalty"_s));
    QVERIFY(!body.contains(u"seed"_s));
}

void TstMainWindow::presetsApplyAndBecomeProviderDefaults()
{
    const ProviderProfile kept = useKeptProvider({});
    std::unique_ptr<MainWindow> window(newWindow());
    window->findChild<QAction *>(u"actionParameters"_s)->trigger(); // made when first shown
    auto *panel = window->findChild<ParametersPanel *>();
    ConversationSession *session = window->currentSession();

    const QList<ParameterPreset> presets = ParameterPresets::builtIn();
    QCOMPARE(presets.size(), 3);
    panel->applyPreset(presets.at(2)); // Translator, with its system prompt
    QCOMPARE(session->conversation().parameters.value(u"temperature"_s).toDouble(), 0.3);
    QVERIFY(session->conversation().systemPrompt.contains(u"translat"_s, Qt::CaseInsensitive));

    // Made the provider's defaults: kept with the provider, and what a new chat starts from.
    auto *presetsButton = panel->findChild<QToolButton *>(u"presetsButton"_s);
    QAction *makeDefault = nullptr;
    for (QAction *action : presetsButton->menu()->actions()) {
        if (action->text().contains(u"Provider"_s))
            makeDefault = action;
    }
    QVERIFY(makeDefault);
    makeDefault->trigger();
    QCOMPARE(
        m_providers->provider(kept.id)->defaultParameters.value(u"temperature"_s).toDouble(), 0.3);
    QVERIFY(m_prefs->value(Settings::ProviderList).contains(u"0.3"_s));
    window->newChat();
    m_server->enqueue(reply(u"Hi"_s));
    send(window.get(), u"New"_s);
    QTRY_VERIFY(window->currentSession()->model()->rowCount() == 2
        && !window->currentSession()->isStreaming());
    QCOMPARE(m_server->lastRequest().json().value(u"temperature"_s).toDouble(), 0.3);
}

void TstMainWindow::removingAProviderStopsItsStreamKeepingTheText()
{
    const ProviderProfile kept = useKeptProvider({});
    FakeResponse slow = FakeResponse::sse({ chunk({ { u"content"_s, u"Half of it"_s } }),
        chunk({ { u"content"_s, u" and more"_s } }) });
    slow.stallAfter = slow.body.indexOf("data: {", 10); // the first chunk, then silence
    m_server->enqueue(slow);
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Go"_s);
    ConversationSession *session = window->currentSession();
    QTRY_COMPARE(session->model()->index(1).data().toString(), u"Half of it"_s);
    QVERIFY(session->isStreaming());
    m_providers->setProviders({}); // removed in the providers dialog
    QTRY_VERIFY(!session->isStreaming());
    QCOMPARE(session->model()->index(1).data().toString(), u"Half of it"_s);
    QCOMPARE(session->model()->index(1).data(ActivePathModel::StateRole).toInt(),
        int(Message::State::Stopped));
    const qint64 id = session->conversationId();
    m_store->waitForIdle();
    QTRY_COMPARE(m_store->call([id](ConversationStore &s) { return s.loadConversation(id); })
                     ->messages.at(1)
                     .state,
        Message::State::Stopped);
    Q_UNUSED(kept);
}

namespace {
QByteArray pngBytes(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(color);
    return TestData::encodedImage(image, "png");
}

QByteArray photoJpeg(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb((x * 7) & 255, (y * 5) & 255, (x * y) & 255));
    }
    return TestData::encodedImage(image, "jpeg");
}

QByteArray dataUrlBytes(const QString &url, QString *mime)
{
    const qsizetype comma = url.indexOf(u',');
    *mime = url.mid(5, url.indexOf(u';') - 5);
    return QByteArray::fromBase64(url.mid(comma + 1).toLatin1());
}

void dropOn(QWidget *target, QMimeData *data)
{
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QDragMoveEvent move(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent drop(QPointF(at), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
}
} // namespace

QJsonArray TstMainWindow::sentImages()
{
    const QJsonArray messages = m_server->lastRequest().json().value(u"messages"_s).toArray();
    QJsonArray images;
    for (const QJsonValue &part : messages.last().toObject().value(u"content"_s).toArray()) {
        if (part.toObject().value(u"type"_s).toString() == u"image_url"_s)
            images.append(part.toObject().value(u"image_url"_s));
    }
    return images;
}

void TstMainWindow::waitForAttachments(MainWindow *window)
{
    QTRY_VERIFY(!window->attachments()->isBusy());
    m_store->waitForIdle(); // their bytes stored
}

void TstMainWindow::pastedAndDroppedImagesReachTheRequest()
{
    m_server->enqueue(reply(u"Two pictures"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    Composer *c = composer(window.get());

    // A screenshot pasted: image data on the clipboard.
    auto *pasted = new QMimeData;
    pasted->setData(u"image/png"_s, pngBytes(300, 200, QColor(0, 0, 255, 120)));
    QGuiApplication::clipboard()->setMimeData(pasted);
    c->setFocus();
    QTest::keySequence(c, QKeySequence::Paste);
    QCOMPARE(window->attachments()->count(), 1);
    QVERIFY(c->toPlainText().isEmpty()); // an image, not text

    // A photo dropped from a file manager.
    const QString path = m_dir->filePath(u"photo.jpg"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(photoJpeg(640, 480));
    }
    QMimeData dropped;
    dropped.setUrls({ QUrl::fromLocalFile(path) });
    dropOn(c->viewport(), &dropped);
    QCOMPARE(window->attachments()->count(), 2);
    AttachmentStrip *strip = window->findChild<AttachmentStrip *>();
    QVERIFY(strip->isVisible());
    waitForAttachments(window.get());
    const int photo = window->attachments()->items().at(1).id;
    window->attachments()->setDetail(photo, ContentPart::Detail::Low);
    QVERIFY(strip->tile(photo)->caption().contains(u"640 × 480"_s));

    send(window.get(), u"What are these?"_s);
    QTRY_VERIFY(m_server->requestCount() == 1);
    const QJsonArray images = sentImages();
    QCOMPARE(images.size(), 2);
    QString mime;
    const QByteArray first
        = dataUrlBytes(images.at(0).toObject().value(u"url"_s).toString(), &mime);
    QCOMPARE(mime, u"image/png"_s); // transparency kept
    QCOMPARE(QImage::fromData(first).size(), QSize(300, 200));
    QVERIFY(!images.at(0).toObject().contains(u"detail"_s)); // auto: the server decides
    const QByteArray second
        = dataUrlBytes(images.at(1).toObject().value(u"url"_s).toString(), &mime);
    QCOMPARE(mime, u"image/jpeg"_s);
    QCOMPARE(QImage::fromData(second).size(), QSize(640, 480));
    QCOMPARE(images.at(1).toObject().value(u"detail"_s).toString(), u"low"_s);
    QTRY_VERIFY(!window->currentSession()->isStreaming());
    QCOMPARE(window->attachments()->count(), 0); // they went with the question
    QVERIFY(!strip->isVisible());
}

void TstMainWindow::imageUrlIsSentAsAUrl()
{
    // The thumbnail's GET takes an answer too.
    m_server->setDefaultResponse(reply(u"A cat"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    Composer *c = composer(window.get());
    // On the fake server, so that the thumbnail's fetch goes nowhere else.
    const QString url = m_server->baseUrl().toString() + u"/cat.png"_s;
    QGuiApplication::clipboard()->setText(url);
    c->setFocus();
    QTest::keySequence(c, QKeySequence::Paste);
    QCOMPARE(window->attachments()->count(), 1);
    QVERIFY(c->toPlainText().isEmpty());
    // A link to a page is text.
    QGuiApplication::clipboard()->setText(u"https://example.com/article"_s);
    QTest::keySequence(c, QKeySequence::Paste);
    QCOMPARE(window->attachments()->count(), 1);
    QCOMPARE(c->toPlainText(), u"https://example.com/article"_s);
    c->clear();

    send(window.get(), u"What is it?"_s);
    QTRY_VERIFY(window->currentSession()->model()->rowCount() == 2
        && !window->currentSession()->isStreaming());
    RecordedRequest chat;
    for (const RecordedRequest &r : m_server->requests()) {
        if (r.target.endsWith("/chat/completions"))
            chat = r;
    }
    const QJsonArray content = chat.json()
                                   .value(u"messages"_s)
                                   .toArray()
                                   .last()
                                   .toObject()
                                   .value(u"content"_s)
                                   .toArray();
    QCOMPARE(content.size(), 2);
    QCOMPARE(
        content.at(1).toObject().value(u"image_url"_s).toObject().value(u"url"_s).toString(), url);
}

void TstMainWindow::reopenedConversationShowsAndResendsItsImages()
{
    m_server->enqueue(reply(u"First answer"_s));
    m_server->enqueue(reply(u"Second answer"_s));
    qint64 id = 0;
    QByteArray sent;
    {
        std::unique_ptr<MainWindow> window(newWindow());
        window->attachments()->addBytes(photoJpeg(800, 600), u"photo.jpg"_s);
        waitForAttachments(window.get());
        send(window.get(), u"Describe it"_s);
        QTRY_VERIFY(m_server->requestCount() == 1);
        QTRY_VERIFY(!window->currentSession()->isStreaming());
        QString mime;
        sent = dataUrlBytes(sentImages().at(0).toObject().value(u"url"_s).toString(), &mime);
        id = window->currentSession()->conversationId();
        window->close();
    }
    m_store->waitForIdle();
    std::unique_ptr<MainWindow> window(newWindow());
    QCOMPARE(window->currentSession()->conversationId(), id);
    MessageView *view = window->messageView();
    QTRY_VERIFY(view->isLaidOut(0));
    // The question shows its image as a thumbnail, read from the store.
    QTextDocument *question = view->bodySegment(0, 0);
    QString name;
    for (QTextBlock b = question->begin(); b.isValid(); b = b.next()) {
        for (auto f = b.begin(); !f.atEnd(); ++f) {
            if (f.fragment().charFormat().isImageFormat())
                name = f.fragment().charFormat().toImageFormat().name();
        }
    }
    QVERIFY2(name.startsWith(u"confab-image:"_s), qPrintable(name));
    // Loaded from the store and decoded on a worker: the 800×600 photo, fitted to 560×420
    // (a placeholder until then).
    QTRY_COMPARE(
        question->resource(QTextDocument::ImageResource, QUrl(name)).value<QImage>().size(),
        QSize(560, 420));

    // Regenerating rebuilds the history from the store: the same bytes go again.
    window->currentSession()->regenerate(
        window->currentSession()->model()->index(1).data(ActivePathModel::IdRole).toLongLong());
    QTRY_VERIFY(m_server->requestCount() == 2);
    QString mime;
    QCOMPARE(dataUrlBytes(sentImages().at(0).toObject().value(u"url"_s).toString(), &mime), sent);
    QCOMPARE(mime, u"image/jpeg"_s);
    QTRY_VERIFY(!window->currentSession()->isStreaming());
}

void TstMainWindow::draftImagesSurviveARestart()
{
    m_server->enqueue(reply(u"Hi"_s));
    qint64 id = 0;
    {
        std::unique_ptr<MainWindow> window(newWindow());
        QVERIFY(askFirst(window.get()));
        id = window->currentSession()->conversationId();
        window->attachments()->addBytes(pngBytes(120, 90, QColor(255, 0, 0, 80)), u"a.png"_s);
        waitForAttachments(window.get());
        window->close();
    }
    m_store->waitForIdle();
    std::unique_ptr<MainWindow> window(newWindow());
    QCOMPARE(window->currentSession()->conversationId(), id);
    QCOMPARE(window->attachments()->count(), 1);
    const AttachmentList::Item item = window->attachments()->items().first();
    QCOMPARE(item.state, AttachmentList::State::Ready);
    QCOMPARE(QSize(item.ref.width, item.ref.height), QSize(120, 90));
    QTRY_VERIFY(!window->attachments()->items().first().thumbnail.isNull());
}

void TstMainWindow::imagesToAModelNotMarkedForVisionAskFirst()
{
    m_server->enqueue(reply(u"I cannot see"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    window->currentSession()->setModel(u"text-only"_s);
    window->attachments()->addBytes(pngBytes(50, 50, Qt::red));
    waitForAttachments(window.get());
    send(window.get(), u"Look"_s);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window->findChild<QMessageBox *>(u"visionWarning"_s)));
    QVERIFY(box->text().contains(u"text-only"_s));
    QCOMPARE(m_server->requestCount(), 0); // nothing sent while asking
    QCOMPARE(composer(window.get())->toPlainText(), u"Look"_s);
    QPushButton *anyway = nullptr;
    for (QAbstractButton *b : box->buttons()) {
        if (b->text() == u"Send Anyway"_s)
            anyway = qobject_cast<QPushButton *>(b);
    }
    QVERIFY(anyway);
    box->checkBox()->setChecked(true); // not again for this model
    anyway->click();
    QTRY_COMPARE(m_server->requestCount(), 1);
    QCOMPARE(sentImages().size(), 1);
    QVERIFY(composer(window.get())->toPlainText().isEmpty());
    QTRY_VERIFY(!window->currentSession()->isStreaming());

    m_server->enqueue(reply(u"Still cannot"_s));
    window->attachments()->addBytes(pngBytes(50, 50, Qt::blue));
    waitForAttachments(window.get());
    send(window.get(), u"Again"_s);
    QTRY_COMPARE(m_server->requestCount(), 2); // no question this time
    QTRY_VERIFY(!window->currentSession()->isStreaming());
}

void TstMainWindow::badImageKeepsTheTextAndTheOtherImages()
{
    std::unique_ptr<MainWindow> window(newWindow());
    Composer *c = composer(window.get());
    c->setFocus();
    QTest::keyClicks(c, u"My question"_s);
    const QString notes = m_dir->filePath(u"notes.txt"_s);
    {
        QFile file(notes);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just text");
    }
    QMimeData dropped;
    dropped.setUrls({ QUrl::fromLocalFile(notes) });
    dropOn(c->viewport(), &dropped);
    window->attachments()->addBytes(pngBytes(40, 40, Qt::green));
    waitForAttachments(window.get());
    QCOMPARE(c->toPlainText(), u"My question"_s); // the path was not typed into it
    const AttachmentList::Item bad = window->attachments()->items().at(0);
    QCOMPARE(bad.state, AttachmentList::State::Failed);
    AttachmentStrip *strip = window->findChild<AttachmentStrip *>();
    QVERIFY(strip->tile(bad.id)->caption().contains(u"not an image"_s));
    QCOMPARE(window->attachments()->items().at(1).state, AttachmentList::State::Ready);
}

void TstMainWindow::refusedForSizeResendsSmallerImages()
{
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"Image size exceeds the limit","type":"invalid_request_error"}})",
        400));
    m_server->enqueue(reply(u"Now I see it"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    window->attachments()->addBytes(photoJpeg(1600, 1200), u"big.jpg"_s);
    waitForAttachments(window.get());
    send(window.get(), u"What is this?"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    QString mime;
    QCOMPARE(QImage::fromData(
                 dataUrlBytes(sentImages().at(0).toObject().value(u"url"_s).toString(), &mime))
                 .size(),
        QSize(1600, 1200));

    // The failed reply offers the next smaller size, and the click sends the question again.
    MessageView *view = window->messageView();
    const QString label = u"Resend Images at 1024 px"_s;
    QTRY_VERIFY(!view->actionRect(1, label).isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->actionRect(1, label).center());
    QTRY_COMPARE(m_server->requestCount(), 2);
    const QImage smaller = QImage::fromData(
        dataUrlBytes(sentImages().at(0).toObject().value(u"url"_s).toString(), &mime));
    QCOMPARE(smaller.size(), QSize(1024, 768));
    QTRY_VERIFY(!session->isStreaming());
    // A new version of the question, the old one kept; later images follow the smaller size.
    QCOMPARE(session->model()->index(0).data(ActivePathModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(window->attachments()->options().maxSide, 1024);
    QCOMPARE(Settings(m_settings.get()).value(Settings::ImageMaxSide), 1024);
}

void TstMainWindow::imagesAModelReturnsAreShownAndStored()
{
    // As gateways send it for image models: an images array on the delta.
    const QByteArray png = pngBytes(64, 48, Qt::magenta);
    const QString url = u"data:image/png;base64,"_s + QString::fromLatin1(png.toBase64());
    m_server->enqueue(FakeResponse::sse({ chunk({ { u"content"_s, u"A drawing:"_s } }),
        chunk({ { u"images"_s, TestData::imageParts({ url }) } }), chunk({}, u"stop"_s) }));
    std::unique_ptr<MainWindow> window(newWindow());
    send(window.get(), u"Draw a cat"_s);
    ConversationSession *session = window->currentSession();
    QTRY_VERIFY(session->model()->rowCount() == 2 && !session->isStreaming());
    const QVariantList stored
        = session->model()->index(1).data(ActivePathModel::ImagesRole).toList();
    QCOMPARE(stored.size(), 1);
    const QByteArray hash = stored.first().toMap().value(u"hash"_s).toByteArray();
    QCOMPARE(hash, QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex());
    m_store->waitForIdle();
    const auto bytes
        = m_store->call([hash](ConversationStore &store) { return store.loadImage(hash); });
    QVERIFY(bytes);
    QCOMPARE(bytes->first, png);

    // Shown after the reply's text, read from the store.
    MessageView *view = window->messageView();
    QTRY_VERIFY(view->isLaidOut(1));
    const QString name = u"confab-image:"_s + QString::fromLatin1(hash);
    bool shown = false;
    for (int segment = 0; QTextDocument *d = view->bodySegment(1, segment); ++segment) {
        for (QTextBlock b = d->begin(); b.isValid(); b = b.next()) {
            for (auto f = b.begin(); !f.atEnd(); ++f) {
                if (f.fragment().charFormat().isImageFormat()
                    && f.fragment().charFormat().toImageFormat().name() == name) {
                    shown = true;
                    QTRY_COMPARE(d->resource(QTextDocument::ImageResource, QUrl(name))
                                     .value<QImage>()
                                     .size(),
                        QSize(64, 48));
                }
            }
        }
    }
    QVERIFY(shown);
}

void TstMainWindow::imagesStillPreparedStayWithTheirConversation()
{
    m_server->enqueue(reply(u"Hi"_s));
    std::unique_ptr<MainWindow> window(newWindow());
    QVERIFY(askFirst(window.get()));
    const qint64 id = window->currentSession()->conversationId();
    window->attachments()->addBytes(photoJpeg(3000, 2000), u"big.jpg"_s);
    QVERIFY(window->attachments()->isBusy());
    window->newChat(); // before the photo is ready
    QCOMPARE(window->attachments()->count(), 0); // the new chat's own strip
    m_store->waitForIdle();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_store->call([id](ConversationStore &s) { return s.loadConversation(id); })
            ->draftImages.size(),
        1, 10000);
    QVERIFY(window->openConversation(id));
    QCOMPARE(window->attachments()->count(), 1);
    QCOMPARE(window->attachments()->items().first().ref.width, 2048);
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"

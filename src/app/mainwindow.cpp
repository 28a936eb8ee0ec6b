#include "mainwindow.h"

#include "asyncsearch.h"
#include "attachmentlist.h"
#include "attachmentstrip.h"
#include "chatclient.h"
#include "composer.h"
#include "composerimages.h"
#include "conversationexport.h"
#include "conversationlistmodel.h"
#include "conversationsession.h"
#include "conversationsidebar.h"
#include "conversationstore.h"
#include "database.h"
#include "demoserver.h"
#include "imageviewer.h"
#include "messageview.h"
#include "parameterspanel.h"
#include "providerregistry.h"
#include "providersdialog.h"
#include "storethread.h"
#include "ui_mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
// How much of a conversation is read before it is shown: more than a screenful.
constexpr int FirstScreen = 40;
} // namespace

MainWindow::MainWindow(
    StoreThread *store, ProviderRegistry *providers, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , ui(std::make_unique<Ui::MainWindow>())
    , m_store(store)
    , m_providers(providers)
    , m_settings(settings)
    , m_reader(std::make_unique<Database>(QStringLiteral("confab-gui-reader")))
    , m_list(new ConversationListModel(this))
{
    ui->setupUi(this);
    ui->editingLabel->hide();

    // The database may still be opening (StoreThread::openInBackground()): the widgets above,
    // the first text widgets of the process, took the font set-up meanwhile. Nothing is read
    // before it is open and its interrupted replies are recovered.
    m_store->waitForIdle();
    if (store->isOpen() && m_reader->openReader(store->path())) {
        m_readStore = std::make_unique<ConversationStore>(*m_reader);
        m_list->setPageProvider(ConversationListModel::storeProvider(m_readStore.get(), *m_reader));
        m_search = new AsyncSearch(store->path(), this);
    } else {
        statusBar()->showMessage(m_reader->errorString());
    }
    m_sidebar = new ConversationSidebar(m_list, m_search, ui->sidebarHost);
    ui->sidebarLayout->addWidget(m_sidebar);
    m_view = new MessageView(ui->viewHost);
    ui->viewLayout->addWidget(m_view);
    ui->splitter->setStretchFactor(0, 0);
    ui->splitter->setStretchFactor(1, 1);
    ui->splitter->setSizes({ 280, 820 });

    QFont title = ui->titleEdit->font();
    title.setPointSizeF(title.pointSizeF() * 1.15);
    title.setBold(true);
    ui->titleEdit->setFont(title);
    // The conversation's parameters, in a panel on the right, made when first asked for: its
    // fifty widgets would cost the start-up milliseconds most sessions never need.
    connect(ui->actionParameters, &QAction::toggled, this, [this](bool shown) {
        if (shown || m_parametersDock)
            parametersDock()->setVisible(shown);
    });
    if (m_settings.value(Settings::ParametersShown))
        ui->actionParameters->setChecked(true);

    fillProviders();
    connect(m_providers, &ProviderRegistry::providersChanged, this, [this] {
        fillProviders();
        // A conversation whose provider was removed goes on with the default one.
        if (m_current && !m_providers->provider(m_current->conversation().providerId))
            chooseProvider(m_providers->defaultProviderId());
        // And so do the ones streaming out of sight.
        for (ConversationSession *session : std::as_const(m_sessions)) {
            if (session != m_current
                && !m_providers->provider(session->conversation().providerId)) {
                QString id;
                ChatClient *client = clientFor(QString(), &id);
                session->setProvider(id, client);
            }
        }
        updateHeader();
        showParameters();
    });
    connect(ui->providerBox, &QComboBox::activated, this,
        [this](int index) { chooseProvider(ui->providerBox->itemData(index).toString()); });
    connect(ui->actionProviders, &QAction::triggered, this, &MainWindow::showProviders);
    connect(m_providers, &ProviderRegistry::keyUnavailable, this,
        [this](const QString &id, const QString &message) {
            const ProviderProfile *p = m_providers->provider(id);
            statusBar()->showMessage(
                tr("The key for %1 could not be read: %2").arg(p ? p->name : id, message), 15000);
        });

    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionNewChat, &QAction::triggered, this, &MainWindow::newChat);
    connect(ui->actionSearch, &QAction::triggered, m_sidebar, &ConversationSidebar::focusSearch);
    connect(ui->sendButton, &QPushButton::clicked, this, &MainWindow::sendOrStop);
    connect(ui->composer, &Composer::sendRequested, this, &MainWindow::sendOrStop);
    connect(ui->composer, &Composer::stopRequested, this, [this] {
        if (m_editing)
            cancelEdit();
        else if (m_current)
            m_current->stop();
    });
    connect(ui->composer, &Composer::editLastRequested, this, [this] {
        if (!m_current)
            return;
        const QList<const Message *> path = m_current->conversation().activePath();
        for (auto it = path.crbegin(); it != path.crend(); ++it) {
            if ((*it)->role == ChatMessage::Role::User) {
                editQuestion((*it)->id);
                return;
            }
        }
    });
    // The draft is saved as it is typed, a moment after the typing stops.
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(600);
    connect(ui->composer, &QPlainTextEdit::textChanged, &m_draftTimer, qOverload<>(&QTimer::start));
    connect(&m_draftTimer, &QTimer::timeout, this, [this] {
        if (m_current && !m_editing)
            m_current->setDraft(ui->composer->toPlainText());
    });
    connect(ui->titleEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_current && m_current->conversationId() > 0)
            m_current->setTitle(ui->titleEdit->text().trimmed());
    });
    connect(ui->modelBox, &QComboBox::currentTextChanged, this, [this](const QString &model) {
        if (m_current)
            m_current->setModel(model.trimmed());
    });

    connect(m_sidebar, &ConversationSidebar::conversationActivated, this,
        [this](qint64 id, qint64 messageId) { openConversation(id, messageId); });
    connect(m_sidebar, &ConversationSidebar::newChatRequested, this, &MainWindow::newChat);
    connect(m_sidebar, &ConversationSidebar::renameRequested, this,
        [this](qint64 id, const QString &title) {
            if (ConversationSession *session = m_sessions.value(id)) {
                session->setTitle(title);
                updateHeader();
            } else {
                changeConversation(id, [title](Conversation &c) { c.title = title; });
            }
        });
    connect(m_sidebar, &ConversationSidebar::pinRequested, this, [this](qint64 id, bool pinned) {
        changeConversation(id, [pinned](Conversation &c) { c.pinned = pinned; });
    });
    connect(
        m_sidebar, &ConversationSidebar::deleteRequested, this, &MainWindow::deleteConversation);
    connect(
        m_sidebar, &ConversationSidebar::exportRequested, this, &MainWindow::exportConversation);

    connect(m_view, &MessageView::regenerateRequested, this, [this](qint64 id) {
        if (m_current)
            m_current->regenerate(id);
    });
    connect(m_view, &MessageView::editRequested, this, &MainWindow::editQuestion);
    connect(m_view, &MessageView::siblingRequested, this, [this](int row, int index) {
        if (m_current)
            m_current->selectSibling(row, index);
    });
    connect(m_view, &MessageView::detailsRequested, this, &MainWindow::showDetails);
    connect(m_view, &MessageView::continueRequested, this, [this](qint64 id) {
        if (m_current)
            m_current->continueReply(id);
    });
    connect(m_view, &MessageView::deleteRequested, this, &MainWindow::deleteMessage);
    connect(m_view, &MessageView::imageLoadRequested, this, &MainWindow::loadImage);
    connect(m_view, &MessageView::storedImageRequested, this, &MainWindow::loadStoredImage);
    connect(m_view, &MessageView::storedImageClicked, this, &MainWindow::openStoredImage);
    m_view->setSmallerImagesOffer([this](qint64 replyId) { return smallerImageSide(replyId); });
    connect(m_view, &MessageView::resendSmallerRequested, this, &MainWindow::resendSmaller);

    // Images for the next question.
    m_images = new ComposerImages(
        m_store, &m_settings, m_providers->networkAccessManager(), ui->attachmentStrip, this);
    m_images->addSettingsActions(ui->menuSettings);
    setAcceptDrops(true);
    connect(ui->attachButton, &QToolButton::clicked, this, [this] {
        m_images->chooseFiles();
        ui->composer->setFocus();
    });
    // Square, as tall as Send, whatever the language's font makes of "+".
    const int side = ui->sendButton->sizeHint().height();
    ui->attachButton->setFixedSize(side, side);
    connect(ui->composer, &Composer::imagesOffered, this, [this](const QMimeData *data) {
        m_images->attach(data);
        ui->composer->setFocus();
    });
    connect(m_images, &ComposerImages::draftChanged, this, [this](const QList<ImageRef> &images) {
        if (m_current)
            m_current->setDraftImages(images);
    });
    connect(m_images, &ComposerImages::leftDraftReady, this,
        [this](qint64 id, const QList<ImageRef> &images) {
            if (ConversationSession *session = m_sessions.value(id))
                session->setDraftImages(images);
            else
                changeConversation(id, [images](Conversation &c) { c.draftImages = images; });
        });
    connect(m_images, &ComposerImages::message, this,
        [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });

    const bool enterSends = m_settings.value(Settings::EnterSends);
    ui->actionEnterSends->setChecked(enterSends);
    ui->composer->setEnterSends(enterSends);
    connect(ui->actionEnterSends, &QAction::toggled, this, [this](bool on) {
        ui->composer->setEnterSends(on);
        m_settings.setValue(Settings::EnterSends, on);
    });

    restoreGeometry(m_settings.value(Settings::WindowGeometry));
    ui->splitter->restoreState(m_settings.value(Settings::SplitterState));
    const qint64 last = m_settings.value(Settings::LastConversation);
    if (last <= 0 || !openConversation(last))
        newChat();
    ui->composer->setFocus();
}

MainWindow::~MainWindow()
{
    // Sessions stop their replies and post the final writes, which the StoreThread finishes.
    qDeleteAll(m_sessions);
    m_sessions.clear();
    delete m_current;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_sidebar->flushPendingDeletes();
    if (m_current && m_draftTimer.isActive()) {
        m_draftTimer.stop();
        m_current->setDraft(ui->composer->toPlainText());
    }
    m_settings.setValue(Settings::WindowGeometry, saveGeometry());
    m_settings.setValue(
        Settings::ParametersShown, m_parametersDock && m_parametersDock->isVisible());
    m_settings.setValue(Settings::SplitterState, ui->splitter->saveState());
    m_settings.setValue(Settings::LastConversation, m_current ? m_current->conversationId() : 0);
    QMainWindow::closeEvent(event);
}

ConversationSession *MainWindow::adopt(ConversationSession *session)
{
    // Whether shown or not, a session's saves reach the list (a new chat left while its first
    // question is on its way still appears there) and its failures reach the user.
    connect(session, &ConversationSession::conversationSaved, this, &MainWindow::onSaved);
    connect(session, &ConversationSession::saveFailed, this, [this](const QString &error) {
        statusBar()->showMessage(
            tr("Not saved yet (%1). Confab keeps the text and tries again.").arg(error), 10000);
    });
    return session;
}

ConversationSession *MainWindow::sessionFor(qint64 id)
{
    if (ConversationSession *session = m_sessions.value(id))
        return session;
    if (!m_readStore)
        return nullptr;
    const std::optional<Conversation> tail = m_readStore->loadTail(id, FirstScreen);
    if (!tail)
        return nullptr;
    auto *session = adopt(new ConversationSession(m_store, nullptr, this));
    session->open(*tail);
    QString providerId;
    ChatClient *client = clientFor(tail->providerId, &providerId);
    session->setProvider(tail->providerId.isEmpty() || providerId == tail->providerId
            ? tail->providerId
            : providerId,
        client);
    m_sessions.insert(id, session);
    return session;
}

bool MainWindow::openConversation(qint64 id, qint64 messageId)
{
    ConversationSession *session = sessionFor(id);
    if (!session)
        return false;
    showSession(session);
    if (messageId > 0) {
        // The message may be among the older ones, which arrive a moment later.
        if (session->model()->rowOf(messageId) >= 0)
            m_view->scrollToMessage(messageId);
        else
            QTimer::singleShot(
                150, m_view, [view = m_view, messageId] { view->scrollToMessage(messageId); });
    }
    return true;
}

void MainWindow::newChat()
{
    if (m_current && m_current->conversationId() == 0 && m_current->model()->rowCount() == 0) {
        ui->composer->setFocus(); // already a new chat
        return;
    }
    auto *session = adopt(new ConversationSession(m_store, nullptr, this));
    QString providerId;
    ChatClient *client = clientFor(m_providers->defaultProviderId(), &providerId);
    const ProviderProfile *provider = m_providers->provider(providerId);
    // The model chosen last, if this provider has it; else the provider's default.
    QString model = ui->modelBox->currentText().trimmed();
    if (provider && (model.isEmpty() || (!provider->models.isEmpty() && !provider->model(model))))
        model = provider->defaultModel.isEmpty() && !provider->models.isEmpty()
            ? provider->models.first().id
            : provider->defaultModel;
    session->startNew(model);
    session->setProvider(providerId, client);
    showSession(session);
    ui->composer->setFocus();
}

void MainWindow::showSession(ConversationSession *session)
{
    if (m_current == session)
        return;
    const qint64 leaving = m_current ? m_current->conversationId() : 0;
    if (m_current) {
        if (m_draftTimer.isActive()) {
            m_draftTimer.stop();
            m_current->setDraft(ui->composer->toPlainText());
        }
        for (const QMetaObject::Connection &c : std::as_const(m_shown))
            disconnect(c);
        if (m_current->conversationId() == 0 && !m_current->isStreaming())
            m_current->deleteLater(); // an unsent new chat: nothing to keep
    }
    cancelEdit();
    m_current = session;
    m_shown = {
        connect(
            session, &ConversationSession::streamingChanged, this, &MainWindow::updateSendButton),
        connect(session, &ConversationSession::actionFailed, this,
            [this](const QString &error) { statusBar()->showMessage(error, 10000); }),
    };
    m_view->setModel(session->model());
    {
        const QSignalBlocker blocker(ui->composer);
        ui->composer->setPlainText(session->conversation().draftText);
        ui->composer->moveCursor(QTextCursor::End);
    }
    m_images->show(leaving, session->conversation().draftImages, m_readStore.get());
    m_sidebar->setCurrentConversation(session->conversationId());
    updateHeader();
    showParameters();
    updateSendButton();
    dropIdleSessions();
    // Chosen in the sidebar, the focus stays there (F2, Delete, arrows); otherwise the composer.
    if (!m_sidebar->isAncestorOf(QApplication::focusWidget()))
        ui->composer->setFocus();
}

void MainWindow::dropIdleSessions()
{
    // A conversation not shown keeps its session only while a reply streams into it.
    bool dropped = false;
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it.value() != m_current && !it.value()->isStreaming()) {
            it.value()->deleteLater();
            it = m_sessions.erase(it);
            dropped = true;
        } else {
            ++it;
        }
    }
#ifdef __GLIBC__
    // A long conversation leaves megabytes of freed documents that glibc keeps in its arenas;
    // give them back once the session is gone.
    if (dropped)
        QTimer::singleShot(0, this, [] { malloc_trim(0); });
#endif
}

void MainWindow::updateHeader()
{
    if (!m_current)
        return;
    const Conversation &c = m_current->conversation();
    ui->titleEdit->setText(c.title);
    ui->titleEdit->setCursorPosition(0); // a long title shows its start
    ui->titleEdit->setEnabled(c.id > 0);
    const QSignalBlocker providerBlocker(ui->providerBox);
    const int providerIndex = ui->providerBox->findData(c.providerId);
    ui->providerBox->setCurrentIndex(m_providers->isEmpty() ? 0 : providerIndex);
    // The models of this conversation's provider, and the conversation's own.
    const QSignalBlocker blocker(ui->modelBox);
    ui->modelBox->clear();
    if (const ProviderProfile *provider = m_providers->provider(c.providerId)) {
        for (const ModelInfo &m : provider->models) {
            ui->modelBox->addItem(m.id);
            if (!m.displayName.isEmpty())
                ui->modelBox->setItemData(
                    ui->modelBox->count() - 1, m.displayName, Qt::ToolTipRole);
        }
    }
    if (ui->modelBox->findText(c.model) < 0 && !c.model.isEmpty())
        ui->modelBox->addItem(c.model);
    ui->modelBox->setCurrentText(c.model);
    setWindowTitle(c.title.isEmpty() ? tr("Confab") : tr("%1 – Confab").arg(c.title));
}

QDockWidget *MainWindow::parametersDock()
{
    if (m_parametersDock)
        return m_parametersDock;
    m_parameters = new ParametersPanel;
    m_parametersDock = new QDockWidget(tr("Parameters"), this);
    m_parametersDock->setObjectName(QStringLiteral("parametersDock"));
    m_parametersDock->setWidget(m_parameters);
    m_parametersDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, m_parametersDock);
    resizeDocks({ m_parametersDock }, { 360 }, Qt::Horizontal); // the chat keeps the room
    connect(m_parametersDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (isVisible())
            ui->actionParameters->setChecked(visible);
    });
    connect(m_parameters, &ParametersPanel::parametersChanged, this,
        [this](const QJsonObject &parameters) {
            if (m_current)
                m_current->setParameters(parameters);
        });
    connect(
        m_parameters, &ParametersPanel::systemPromptChanged, this, [this](const QString &prompt) {
            if (m_current)
                m_current->setSystemPrompt(prompt);
        });
    connect(m_parameters, &ParametersPanel::imageTurnsChanged, this, [this](int turns) {
        if (m_current)
            m_current->setImageTurns(turns);
    });
    connect(m_parameters, &ParametersPanel::previewRequested, this, &MainWindow::previewRequest);
    m_parameters->setPresets(ParameterPresets::load(m_settings));
    connect(
        m_parameters, &ParametersPanel::presetSaved, this, [this](const ParameterPreset &preset) {
            QList<ParameterPreset> presets = ParameterPresets::load(m_settings);
            presets.erase(std::remove_if(presets.begin(), presets.end(),
                              [&](const ParameterPreset &p) { return p.name == preset.name; }),
                presets.end());
            presets.append(preset);
            ParameterPresets::save(m_settings, presets);
            m_parameters->setPresets(presets);
        });
    connect(m_parameters, &ParametersPanel::providerDefaultsRequested, this,
        [this](const QJsonObject &defaults) {
            if (!m_current)
                return;
            const QString id = m_current->conversation().providerId;
            const ProviderProfile *provider = m_providers->provider(id);
            if (!provider || provider->transient) {
                statusBar()->showMessage(tr("This provider is not kept in the settings, so it "
                                            "keeps no defaults."),
                    8000);
                return;
            }
            QList<ProviderProfile> list = m_providers->providers();
            for (ProviderProfile &p : list) {
                if (p.id == id)
                    p.defaultParameters = defaults;
            }
            m_providers->setProviders(list);
            statusBar()->showMessage(tr("New conversations with this provider start with these "
                                        "parameters."),
                8000);
        });

    showParameters();
    return m_parametersDock;
}

void MainWindow::showParameters()
{
    // Only when the conversation or its provider changes: a save of the header must not undo
    // what is being typed in the panel.
    if (!m_current || !m_parameters)
        return;
    const Conversation &c = m_current->conversation();
    const ProviderProfile *provider = m_providers->provider(c.providerId);
    m_parameters->setValues(
        c.parameters, provider ? provider->defaultParameters : QJsonObject(), c.systemPrompt);
    m_parameters->setImageTurns(c.imageTurns);
}

void MainWindow::fillProviders()
{
    const QSignalBlocker blocker(ui->providerBox);
    ui->providerBox->clear();
    for (const ProviderProfile &p : m_providers->providers()) {
        ui->providerBox->addItem(p.name.isEmpty() ? QUrl(p.baseUrl).host() : p.name, p.id);
        ui->providerBox->setItemData(ui->providerBox->count() - 1,
            Endpoint::fromUserInput(p.baseUrl).baseUrl().toString(), Qt::ToolTipRole);
    }
    if (m_providers->isEmpty())
        ui->providerBox->addItem(tr("No provider"));
    ui->providerBox->setEnabled(!m_providers->isEmpty());
}

ChatClient *MainWindow::clientFor(const QString &providerId, QString *usedId) const
{
    QString id = m_providers->provider(providerId) ? providerId : m_providers->defaultProviderId();
    if (usedId)
        *usedId = id;
    return id.isEmpty() ? nullptr : m_providers->client(id);
}

void MainWindow::chooseProvider(const QString &providerId)
{
    if (!m_current)
        return;
    QString id;
    ChatClient *client = clientFor(providerId, &id);
    m_current->setProvider(id, client);
    // New chats start with the provider chosen last.
    m_providers->setDefaultProviderId(id);
    const ProviderProfile *provider = m_providers->provider(id);
    if (provider && !provider->models.isEmpty()
        && !provider->model(m_current->conversation().model))
        m_current->setModel(provider->defaultModel.isEmpty() ? provider->models.first().id
                                                             : provider->defaultModel);
    updateHeader();
    showParameters();
}

void MainWindow::showProviders()
{
    ProvidersDialog dialog(m_providers, this);
    dialog.exec();
}

void MainWindow::previewRequest()
{
    if (!m_current)
        return;
    if (m_parameters)
        m_parameters->flush();
    const QString question = ui->composer->toPlainText().trimmed().isEmpty()
        ? tr("(the next question)")
        : ui->composer->toPlainText();
    const RequestTrace trace = m_current->preview(question);
    if (trace.url.isEmpty()) {
        statusBar()->showMessage(tr("Set up a provider first: Settings ▸ Providers."), 10000);
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("The Next Request"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *where = new QLabel(QStringLiteral("POST %1").arg(trace.url), &dialog);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);
    auto *body = new QPlainTextEdit(&dialog);
    body->setReadOnly(true);
    body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    body->setPlainText(QString::fromUtf8(
        QJsonDocument::fromJson(trace.requestBody).toJson(QJsonDocument::Indented)));
    layout->addWidget(body);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton *curl = buttons->addButton(tr("Copy as curl"), QDialogButtonBox::ActionRole);
    connect(curl, &QPushButton::clicked, &dialog,
        [trace] { QApplication::clipboard()->setText(trace.toCurl()); });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(640, 520);
    dialog.exec();
}

void MainWindow::welcome()
{
    QMessageBox box(QMessageBox::Information, tr("Welcome to Confab"),
        tr("Confab talks to any OpenAI-compatible service: OpenAI, DeepSeek, a gateway, or a "
           "model running on this computer (Ollama, LM Studio, llama.cpp)."),
        QMessageBox::NoButton, this);
    box.setInformativeText(tr("Set up a provider to start, or try the demo model first: it "
                              "needs no key and no network."));
    QPushButton *setUp = box.addButton(tr("Set Up a Provider…"), QMessageBox::AcceptRole);
    QPushButton *demo = box.addButton(tr("Try the Demo"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Close);
    box.setDefaultButton(setUp);
    box.exec();
    if (box.clickedButton() == setUp) {
        ProvidersDialog dialog(m_providers, this);
        dialog.addPreset(0);
        dialog.exec();
        chooseProvider(m_providers->defaultProviderId());
    } else if (box.clickedButton() == demo && !m_demo) {
        m_demo = new DemoServer(this);
        if (!m_demo->listen()) {
            statusBar()->showMessage(tr("The demo server could not start."), 10000);
            return;
        }
        m_providers->addTransient(m_demo->profile());
        chooseProvider(m_demo->profile().id);
    }
}

void MainWindow::updateSendButton()
{
    const bool streaming = m_current && m_current->isStreaming();
    ui->sendButton->setText(streaming ? tr("Stop") : tr("Send"));
    ui->sendButton->setToolTip(streaming ? tr("Stop the reply (Esc)") : tr("Send (Enter)"));
}

void MainWindow::sendOrStop()
{
    if (!m_current)
        return;
    if (m_current->isStreaming()) {
        // The user may type the next question meanwhile; Enter does not stop a reply.
        if (sender() == ui->sendButton)
            m_current->stop();
        return;
    }
    const QString text = ui->composer->toPlainText();
    const QList<ImageRef> images = m_editing ? QList<ImageRef>() : m_images->list()->readyImages();
    if (!m_editing && m_images->list()->isBusy()) {
        statusBar()->showMessage(tr("The images are still being prepared; send again in a "
                                    "moment."),
            5000);
        return;
    }
    if (text.trimmed().isEmpty() && images.isEmpty())
        return;
    if (!images.isEmpty() && !visionConfirmed(int(images.size())))
        return;
    if (m_parameters)
        m_parameters->flush(); // a value set a moment ago goes with this question
    const bool sent
        = m_editing ? m_current->editAndResend(m_editing, text) : m_current->send(text, images);
    if (!sent)
        return;
    if (!m_editing) {
        // Images that could not be used go too: the question went without them.
        m_images->clearSent();
    }
    cancelEdit();
    ui->composer->clear();
    m_draftTimer.stop();
    m_current->setDraft(QString());
    m_view->scrollToBottom();
    ui->composer->setFocus();
}

void MainWindow::editQuestion(qint64 messageId)
{
    if (!m_current)
        return;
    const Message *message = m_current->conversation().message(messageId);
    if (!message)
        return;
    m_editing = messageId;
    ui->composer->setPlainText(message->text);
    ui->composer->moveCursor(QTextCursor::End);
    ui->editingLabel->show();
    ui->composer->setFocus();
}

void MainWindow::cancelEdit()
{
    if (!m_editing)
        return;
    m_editing = 0;
    ui->editingLabel->hide();
    ui->composer->setPlainText(m_current ? m_current->conversation().draftText : QString());
}

void MainWindow::loadImage(const QUrl &url)
{
    m_images->fetchWebImage(
        url, [this, url](const QImage &image) { m_view->setImage(url, image); });
}

int MainWindow::smallerImageSide(qint64 replyId) const
{
    if (!m_current)
        return 0;
    const Conversation &c = m_current->conversation();
    const Message *reply = c.message(replyId);
    const Message *question = reply ? c.message(reply->parentId) : nullptr;
    if (!reply || !question || reply->state != Message::State::Failed)
        return 0;
    const auto failure = m_current->failure(replyId);
    if (failure ? !failure->error.isAboutSize() : !ApiError::mentionsSize(reply->error))
        return 0;
    int largest = 0;
    for (const ImageRef &image : question->images) {
        if (!image.isRemote())
            largest = std::max({ largest, image.width, image.height });
    }
    for (const int side : { 2048, 1024, 512 }) {
        if (side < largest)
            return side;
    }
    return 0;
}

void MainWindow::resendSmaller(qint64 replyId, int maxSide)
{
    if (!m_current || !m_readStore)
        return;
    const Message *reply = m_current->conversation().message(replyId);
    const Message *question = reply ? m_current->conversation().message(reply->parentId) : nullptr;
    if (!question)
        return;
    QList<ImageRef> images = question->images;
    QList<QByteArray> bytes;
    for (const ImageRef &image : std::as_const(images)) {
        const auto stored = image.isRemote() ? std::nullopt : m_readStore->loadImage(image.hash);
        bytes.append(stored ? stored->first : QByteArray());
    }
    // Later attachments follow the smaller size too: the server has said what it takes.
    if (m_images->maxSide() == 0 || m_images->maxSide() > maxSide) {
        m_images->setMaxSide(maxSide);
        statusBar()->showMessage(
            tr("Images are now scaled to at most %1 px (Settings ▸ Image Size).").arg(maxSide),
            10000);
    }
    ImageEncoder::Options options = m_images->list()->options();
    options.maxSide = maxSide;
    options.thumbnailSide = 0;
    QPointer<ConversationSession> session = m_current;
    const qint64 questionId = question->id;
    const QString text = question->text;
    auto *watcher = new QFutureWatcher<QList<ImageEncoder::Result>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
        [this, watcher, session, questionId, text, images]() mutable {
            watcher->deleteLater();
            const QList<ImageEncoder::Result> results = watcher->result();
            for (qsizetype i = 0; i < images.size(); ++i) {
                const ImageEncoder::Result &r = results.at(i);
                if (images.at(i).isRemote() || !r.isValid())
                    continue; // sent as before: a URL, or bytes that are gone
                ImageRef smaller = images.at(i);
                smaller.hash = r.hash;
                smaller.mimeType = r.mimeType;
                smaller.width = r.width;
                smaller.height = r.height;
                images[i] = smaller;
                m_store->post([r](ConversationStore &store) {
                    store.storeImage(r.bytes, r.mimeType, r.width, r.height);
                });
            }
            if (session)
                session->editAndResend(questionId, text, images);
        });
    watcher->setFuture(QtConcurrent::run(AttachmentList::threadPool(), [bytes, options] {
        QList<ImageEncoder::Result> results;
        for (const QByteArray &b : bytes) {
            ImageEncoder::Result gone;
            gone.error = QStringLiteral("not stored");
            results.append(b.isEmpty() ? gone : ImageEncoder::encodeBytes(b, options));
        }
        return results;
    }));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (Composer::offersImages(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    m_images->attach(event->mimeData());
    event->acceptProposedAction();
}

void MainWindow::openStoredImage(const QByteArray &hash)
{
    const auto stored = m_readStore ? m_readStore->loadImage(hash) : std::nullopt;
    if (!stored) {
        statusBar()->showMessage(tr("This image is no longer stored."), 8000);
        return;
    }
    ImageViewer::open(this, stored->first, stored->second);
}

void MainWindow::loadStoredImage(const QByteArray &hash)
{
    QPointer<MessageView> view = m_view;
    auto show = [this, view, hash](const QByteArray &bytes) {
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [watcher, view, hash] {
            watcher->deleteLater();
            if (view)
                view->setStoredImage(hash, watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(MessageView::decodeThumbnail, bytes));
    };
    // Read here (a millisecond from the reader), decoded on a worker.
    if (const auto stored = m_readStore ? m_readStore->loadImage(hash) : std::nullopt) {
        show(stored->first);
        return;
    }
    // A reply's image may be in a write still queued: asked after it, on the store's thread.
    m_store->post(
        this,
        [hash](ConversationStore &store) {
            const auto stored = store.loadImage(hash);
            return stored ? stored->first : QByteArray();
        },
        show);
}

bool MainWindow::visionConfirmed(int imageCount)
{
    if (std::exchange(m_sendAnyway, false))
        return true;
    const Conversation &c = m_current->conversation();
    const QString key = c.providerId + QLatin1Char('\n') + c.model;
    if (m_visionAllowed.contains(key))
        return true;
    const ProviderProfile *provider = m_providers->provider(c.providerId);
    if (provider) {
        for (const ModelInfo &model : provider->models) {
            if (model.id == c.model && model.vision)
                return true;
        }
    }
    // Never guessed from the name: only what the user marked in the providers dialog counts.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Send Images?"),
        tr("%1 is not marked as able to see images. The server may refuse the question or "
           "ignore the %n image(s).",
            nullptr, imageCount)
            .arg(c.model),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("visionWarning"));
    box->setInformativeText(tr("Mark the model for images in Settings ▸ Providers ▸ Models if "
                               "it can see them."));
    QPushButton *send = box->addButton(tr("Send Anyway"), QMessageBox::AcceptRole);
    box->setDefaultButton(send);
    // For a model the provider lists no capabilities for (the environment's provider, say).
    box->setCheckBox(new QCheckBox(tr("Do not ask again for this model until Confab restarts")));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(
        box, &QMessageBox::buttonClicked, this, [this, send, box, key](QAbstractButton *button) {
            if (button != send)
                return;
            if (box->checkBox()->isChecked())
                m_visionAllowed.insert(key);
            m_sendAnyway = true;
            sendOrStop();
            m_sendAnyway = false;
        });
    box->open();
    return false;
}

void MainWindow::deleteMessage(qint64 messageId)
{
    if (!m_current)
        return;
    const Conversation &c = m_current->conversation();
    const Message *message = c.message(messageId);
    if (!message)
        return;
    // Says what ConversationStore::deleteMessage() will do: a version goes with what follows
    // it; a message alone leaves the rest in place.
    int siblings = 0;
    for (const Message &m : c.messages)
        siblings += m.parentId == message->parentId ? 1 : 0;
    QString question;
    if (siblings > 1) {
        QSet<qint64> below { messageId };
        for (const Message &m : c.messages) { // parents come before their children
            if (below.contains(m.parentId))
                below.insert(m.id);
        }
        const int following = int(below.size()) - 1;
        if (c.isPartial() && following > 0)
            question = tr("Delete this version and the messages that follow it?");
        else if (following > 0)
            question = tr("Delete this version and the %n message(s) that follow it? The other "
                          "versions stay.",
                nullptr, following);
        else
            question = tr("Delete this version? The other versions stay.");
    } else {
        question = tr("Delete this message? The messages after it stay in the conversation.");
    }
    QMessageBox box(
        QMessageBox::Question, tr("Delete Message"), question, QMessageBox::Cancel, this);
    QPushButton *remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == remove && m_current)
        m_current->deleteMessage(messageId);
}

void MainWindow::showDetails(qint64 messageId)
{
    if (!m_current)
        return;
    const auto failure = m_current->failure(messageId);
    const Message *message = m_current->conversation().message(messageId);
    QMessageBox box(this);
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("What went wrong"));
    box.setText(message ? message->error : QString());
    QStringList details;
    if (failure) {
        const ApiError &e = failure->error;
        if (e.httpStatus() > 0)
            details << tr("HTTP status: %1").arg(e.httpStatus());
        if (!e.type().isEmpty())
            details << tr("Type: %1").arg(e.type());
        if (!e.errorCode().isEmpty())
            details << tr("Code: %1").arg(e.errorCode());
        if (!e.requestId().isEmpty())
            details << tr("Request ID: %1").arg(e.requestId());
        if (!e.bodySample().isEmpty())
            details << tr("Response:") << QString::fromUtf8(e.bodySample());
        details << tr("Request:") << QString::fromUtf8(failure->request.requestBody);
    } else {
        details << tr("The details of this failure were not kept (it happened in an earlier run).");
    }
    box.setDetailedText(details.join(QLatin1Char('\n')));
    QPushButton *curl
        = failure ? box.addButton(tr("Copy as curl"), QMessageBox::ActionRole) : nullptr;
    box.addButton(QMessageBox::Close);
    box.exec();
    if (curl && box.clickedButton() == curl)
        QApplication::clipboard()->setText(failure->request.toCurl());
}

void MainWindow::onSaved(const ConversationSummary &summary, bool created)
{
    auto *session = qobject_cast<ConversationSession *>(sender());
    if (created && session)
        m_sessions.insert(summary.id, session);
    if (created)
        m_list->conversationAdded(summary);
    else
        m_list->conversationChanged(summary);
    if (session == m_current) {
        m_sidebar->setCurrentConversation(summary.id);
        updateHeader();
    }
}

void MainWindow::changeConversation(qint64 id, const std::function<void(Conversation &)> &change)
{
    m_store->post(
        this,
        [id, change](ConversationStore &store) -> std::optional<ConversationSummary> {
            std::optional<Conversation> c = store.loadTail(id, 0);
            if (!c)
                return std::nullopt;
            change(*c);
            if (!store.updateConversation(*c))
                return std::nullopt;
            ConversationSummary s;
            s.id = c->id;
            s.title = c->title;
            s.created = c->created;
            s.updated = c->updated;
            s.pinned = c->pinned;
            s.model = c->model;
            return s;
        },
        [this](const std::optional<ConversationSummary> &summary) {
            if (!summary) {
                statusBar()->showMessage(tr("Could not change the conversation."), 10000);
                return;
            }
            m_list->conversationChanged(*summary);
            if (ConversationSession *session = m_sessions.value(summary->id)) {
                Conversation header = session->conversation();
                header.title = summary->title;
                header.pinned = summary->pinned;
                session->model()->setHeader(header);
                if (session == m_current)
                    updateHeader();
            }
        });
}

void MainWindow::deleteConversation(qint64 id)
{
    if (ConversationSession *session = m_sessions.take(id)) {
        session->stop();
        if (session == m_current)
            newChat();
        session->deleteLater();
    }
    m_list->conversationRemoved(id);
    m_store->post(
        this,
        [id](ConversationStore &store) {
            return store.deleteConversation(id) ? QString() : store.errorString();
        },
        [this](const QString &error) {
            if (!error.isEmpty())
                statusBar()->showMessage(error, 10000);
        });
}

void MainWindow::exportConversation(qint64 id)
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Conversation"), documents,
        tr("Markdown (*.md);;Confab JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    const bool json = path.endsWith(QLatin1StringView(".json"), Qt::CaseInsensitive)
        || selected.contains(QLatin1StringView("json"));
    m_store->post(
        this,
        [id, path, json](ConversationStore &store) {
            const std::optional<Conversation> c = store.loadConversation(id);
            if (!c)
                return store.errorString();
            ConversationExport exporter(
                [&store](const QByteArray &hash) { return store.loadImage(hash); });
            const bool ok = json
                ? exporter.writeJson(*c, path)
                : exporter.writeMarkdown(*c, path, ConversationExport::ImageMode::Files);
            return ok ? QString() : exporter.errorString();
        },
        [this, path](const QString &error) {
            statusBar()->showMessage(
                error.isEmpty() ? tr("Exported to %1").arg(path) : error, 10000);
        });
}

AttachmentList *MainWindow::attachments() const
{
    return m_images->list();
}

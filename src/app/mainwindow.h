#pragma once

#include "conversationsession.h"
#include "settings.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QSettings>
#include <QTimer>

#include <memory>

class AsyncSearch;
class QDockWidget;
class ChatClient;
class ConversationListModel;
class ConversationSidebar;
class ProviderRegistry;
class ConversationStore;
class Database;
class MessageView;
class StoreThread;
struct ConversationSummary;

namespace Ui {
class MainWindow;
}

// The window: the conversations on the left, the chat on the right. It wires views to the core
// and holds no logic of its own: a ConversationSession per conversation does the work, and a
// session stays alive while its reply streams, whichever conversation is shown.
//
// Reads that a view needs at once (a page of the list, the end of a conversation) go through a
// read-only connection on this thread, a fraction of a millisecond each; every write goes to
// the StoreThread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(StoreThread *store, ProviderRegistry *providers, QSettings *settings,
        QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows a stored conversation; with messageId, scrolled to that message.
    bool openConversation(qint64 conversationId, qint64 messageId = 0);
    void newChat();
    // The first start with no provider: set one up, or try the demo.
    void welcome();
    ConversationSession *currentSession() const { return m_current; }
    MessageView *messageView() const { return m_view; }

    class AttachmentList *attachments() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void showSession(ConversationSession *session);
    ConversationSession *sessionFor(qint64 conversationId);
    ConversationSession *adopt(ConversationSession *session);
    void dropIdleSessions();
    void sendOrStop();
    void editQuestion(qint64 messageId);
    void cancelEdit();
    void showDetails(qint64 messageId);
    void deleteMessage(qint64 messageId);
    void loadImage(const QUrl &url);
    void openStoredImage(const QByteArray &hash);
    void loadStoredImage(const QByteArray &hash);
    // After a refusal for size (ApiError::isAboutSize()): the next smaller longest side the
    // reply's question could send its images with, or 0.
    int smallerImageSide(qint64 replyId) const;
    // The question again, as a new version, with its images encoded anew at `maxSide`.
    void resendSmaller(qint64 replyId, int maxSide);
    // False when images would go to a model not marked for vision; the user is asked, and
    // "Send Anyway" sends again.
    bool visionConfirmed(int imageCount);
    void onSaved(const ConversationSummary &summary, bool created);
    void updateHeader();
    void fillProviders();
    void chooseProvider(const QString &providerId);
    // The client for a conversation's provider, else for the default one (nullptr: none).
    ChatClient *clientFor(const QString &providerId, QString *usedId = nullptr) const;
    void showProviders();
    void showParameters();
    QDockWidget *parametersDock(); // made on first use
    void previewRequest();
    void updateSendButton();
    void changeConversation(qint64 id, const std::function<void(struct Conversation &)> &change);
    void exportConversation(qint64 id);
    void deleteConversation(qint64 id);

    std::unique_ptr<Ui::MainWindow> ui;
    StoreThread *m_store;
    ProviderRegistry *m_providers;
    class ParametersPanel *m_parameters = nullptr;
    class QDockWidget *m_parametersDock = nullptr;
    class DemoServer *m_demo = nullptr; // started from the welcome
    Settings m_settings;
    std::unique_ptr<Database> m_reader;
    std::unique_ptr<ConversationStore> m_readStore;
    ConversationListModel *m_list;
    AsyncSearch *m_search = nullptr;
    ConversationSidebar *m_sidebar;
    MessageView *m_view;
    QHash<qint64, ConversationSession *> m_sessions; // stored conversations with a session
    QPointer<ConversationSession> m_current;
    QList<QMetaObject::Connection> m_shown; // the current session's, undone when another shows
    qint64 m_editing = 0; // the question being edited, or 0
    class ComposerImages *m_images;
    bool m_sendAnyway = false; // the user answered the vision warning
    QSet<QString> m_visionAllowed; // "provider\nmodel" the user said not to ask about again
    QTimer m_draftTimer;
};

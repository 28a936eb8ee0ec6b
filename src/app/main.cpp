#include "appstyle.h"
#include "chatclient.h"
#include "conversationstore.h"
#include "database.h"
#include "demoserver.h"
#include "imageencoder.h"
#include "mainwindow.h"
#include "providerregistry.h"
#include "secretstore.h"
#include "settings.h"
#include "signalwatcher.h"
#include "storethread.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QImageReader>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <memory>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setStyle(new AppStyle);
    // Qt's own ceiling on an image decode follows ImageEncoder's, which says why it refuses.
    QImageReader::setAllocationLimit(int(ImageEncoder::Options().memoryLimit / (1024 * 1024)));
    QApplication::setApplicationName(QStringLiteral("Confab"));
    QApplication::setOrganizationName(QStringLiteral("Confab"));
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("confab"));
    QApplication::setWindowIcon(AppStyle::applicationIcon());
    Translations::install(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "A desktop chat client for OpenAI-compatible APIs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        QApplication::translate(
            "main", "Keep conversations and settings in DIR (a portable profile)."),
        QApplication::translate("main", "DIR"));
    parser.addOption(dataDir);
    const QCommandLineOption open(QStringLiteral("open"),
        QApplication::translate("main", "Open the conversation with this ID."),
        QApplication::translate("main", "ID"));
    parser.addOption(open);
    const QCommandLineOption demo(QStringLiteral("demo"),
        QApplication::translate("main",
            "Talk to a demo model on this computer: no key, no network. Ask for something long to "
            "see a long reply."));
    parser.addOption(demo);
    parser.process(app);

    // The demo keeps its conversations apart from the user's, unless told where to keep them.
    QString dataPath = parser.value(dataDir);
    QTemporaryDir demoData;
    if (parser.isSet(demo) && !parser.isSet(dataDir))
        dataPath = demoData.path();

    // The conversation database, on its own thread, opening while the window is built. Before
    // anything reads, a reply left streaming by a killed Confab is marked interrupted, with its
    // text, so it shows so from the first screen on (an index finds those rows at once).
    StoreThread store;
    store.openInBackground(
        Database::defaultPath(dataPath), [](ConversationStore &s) { s.recoverInterrupted(); });

    // A portable profile keeps its settings beside its database.
    std::unique_ptr<QSettings> settingsFile = !dataPath.isEmpty()
        ? std::make_unique<QSettings>(
            QDir(dataPath).filePath(QStringLiteral("confab.ini")), QSettings::IniFormat)
        : std::make_unique<QSettings>();
    Settings settings(settingsFile.get());

    // The providers: those set up in the settings, with their keys in the system keychain,
    // and the environment's (CONFAB_BASE_URL, CONFAB_API_KEY, CONFAB_MODEL and OpenAI's).
    QNetworkAccessManager network;
    KeychainSecretStore secrets(QStringLiteral("Confab"));
    ProviderRegistry providers(&settings, &secrets, &network);
    providers.load();
    DemoServer demoServer;
    if (parser.isSet(demo)) {
        if (!demoServer.listen()) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Confab"),
                QApplication::translate("main", "The demo server could not start."));
            return 1;
        }
        providers.addTransient(demoServer.profile());
        providers.setDefaultProviderId(demoServer.profile().id);
    }

    MainWindow window(&store, &providers, settingsFile.get());
    // A damaged file was moved aside and a new one started: the user must hear of it, with the
    // place their history went.
    if (!store.isOpen()) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Confab"),
            QApplication::translate("main", "Confab cannot open its conversation database.\n\n%1")
                .arg(store.errorString()));
        return 1;
    }
    if (!store.movedAsidePath().isEmpty()) {
        QMessageBox::warning(nullptr, QApplication::translate("main", "Confab"),
            QApplication::translate("main",
                "The conversation database was damaged and could not be read. It was moved to "
                "%1 so that nothing in it is lost, and a new one was started.")
                .arg(QDir::toNativeSeparators(store.movedAsidePath())));
    }
    if (parser.isSet(open) && !window.openConversation(parser.value(open).toLongLong())) {
        QMessageBox::warning(nullptr, QApplication::translate("main", "Confab"),
            QApplication::translate("main", "There is no conversation %1.")
                .arg(parser.value(open)));
    }
    window.show();
    if (providers.isEmpty())
        QTimer::singleShot(0, &window, &MainWindow::welcome);
    // Images attached and then taken off, or left by deleted messages and conversations: cleared
    // once per start, on the database thread, after what the window asked for first.
    store.post([](ConversationStore &s) { s.removeUnusedImages(); });
    // At logout (SIGTERM) or Ctrl-C in a terminal, quit as the window's Quit does: what is
    // streaming is stopped and its last text written before the process ends.
    SignalWatcher signalWatcher({ SIGINT, SIGTERM });
    QObject::connect(&signalWatcher, &SignalWatcher::received, &window, &QWidget::close);
    return app.exec();
}

// confab-cli: one prompt in, the reply out, on the same core as the desktop app.
#include "chatscommand.h"
#include "clioptions.h"
#include "clirunner.h"
#include "imageencoder.h"
#include "signalwatcher.h"
#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTimer>

#include <csignal>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Qt's own ceiling on an image decode follows ImageEncoder's, which says why it refuses.
    QImageReader::setAllocationLimit(int(ImageEncoder::Options().memoryLimit / (1024 * 1024)));
    QCoreApplication::setApplicationName(QStringLiteral("confab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    Translations::install(app);

    CliOptions options;
    const CliOptions::ParseResult parsed = CliOptions::parse(
        QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment(), options);
    using Status = CliOptions::ParseResult::Status;
    switch (parsed.status) {
    case Status::Help:
    case Status::Version:
        CliRunner::printOut(parsed.text + QLatin1Char('\n'));
        return CliRunner::Success;
    case Status::UsageError:
        CliRunner::printError(QCoreApplication::translate("confab-cli",
                                  "confab-cli: %1\nTry 'confab-cli --help' for more information.")
                                  .arg(parsed.text)
            + QLatin1Char('\n'));
        return CliRunner::UsageError;
    case Status::Ok:
        break;
    }

    if (options.command == CliOptions::Command::Chats)
        return ChatsCommand::run(options);

    // Standard input is read before the signal handlers go in, so Ctrl-C still ends a prompt
    // typed by hand.
    QFile input;
    input.open(stdin, QIODevice::ReadOnly);
    QString error;
    if (!options.buildMessages(&input, &error)) {
        CliRunner::printError(QCoreApplication::translate("confab-cli", "confab-cli: %1").arg(error)
            + QLatin1Char('\n'));
        return CliRunner::UsageError;
    }

    QNetworkAccessManager nam;
    CliRunner runner(&nam, options);
    QObject::connect(
        &runner, &CliRunner::done, &app, [](int exitCode) { QCoreApplication::exit(exitCode); },
        Qt::QueuedConnection);
    SignalWatcher watcher({ SIGINT, SIGTERM });
    QObject::connect(&watcher, &SignalWatcher::received, &runner, &CliRunner::interrupt);
    QTimer::singleShot(0, &runner, &CliRunner::start);
    return app.exec();
}

// confab-cli: one prompt in, the reply out, on the same core as the desktop app.
#include "chatscommand.h"
#include "clioptions.h"
#include "clirunner.h"
#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Unix signals reach the event loop through a socket pair, as Qt's documentation shows: a
// handler may only call async-signal-safe functions, so it writes the signal number and the
// notifier does the Qt work.
int signalSockets[2] = { -1, -1 };

void onSignal(int signal)
{
    const int savedErrno = errno;
    const char number = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(signalSockets[0], &number, 1);
    errno = savedErrno;
}

void setHandler(int signal, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(signal, &action, nullptr);
}

bool watchSignals(CliRunner *runner)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalSockets) != 0)
        return false;
    // A full buffer must drop a byte, never block the handler.
    ::fcntl(signalSockets[0], F_SETFL, ::fcntl(signalSockets[0], F_GETFL) | O_NONBLOCK);
    auto *notifier = new QSocketNotifier(signalSockets[1], QSocketNotifier::Read, runner);
    QObject::connect(notifier, &QSocketNotifier::activated, runner, [runner] {
        char number = 0;
        if (::read(signalSockets[1], &number, 1) != 1)
            return;
        // A second Ctrl-C kills at once, should stopping ever hang.
        setHandler(SIGINT, SIG_DFL);
        setHandler(SIGTERM, SIG_DFL);
        runner->interrupt(number);
    });
    setHandler(SIGINT, onSignal);
    setHandler(SIGTERM, onSignal);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
    watchSignals(&runner);
    QTimer::singleShot(0, &runner, &CliRunner::start);
    return app.exec();
}

#pragma once

#include "chatrequest.h"
#include "imageencoder.h"
#include "providerconfig.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QIODevice;
class QProcessEnvironment;

// Everything one run of confab-cli was asked to do, from the command line and the environment.
// The API key is only ever taken from the environment: a key on the command line would end up
// in shell histories and in every process listing.
struct CliOptions
{
    Q_DECLARE_TR_FUNCTIONS(CliOptions)

public:
    enum class Command { Chat, Models, Chats };
    enum class Output { Text, Json };
    enum class Reasoning { Hidden, Shown };

    struct ParseResult
    {
        enum class Status { Ok, Help, Version, UsageError };
        Status status = Status::Ok;
        QString text; // the help text, the version line, or why the command line is wrong
    };

    Command command = Command::Chat;
    Output output = Output::Text;
    Reasoning reasoning = Reasoning::Hidden;
    ProviderConfig provider;
    // The model and every field the user gave; messages are added by buildMessages().
    ChatRequest request;
    QString systemPrompt;
    QString prompt; // "-" until buildMessages() read standard input
    QStringList images; // file paths or URLs, as given
    // The window's defaults, so both send the same bytes for the same file.
    ImageEncoder::Options imageOptions;
    QString tracePath;
    // The portable profile folder (--data-dir), or empty for the user's data folder.
    QString dataDir;
    // --save stores the exchange as a new conversation; --continue ID adds it to one.
    bool save = false;
    qint64 continueId = 0;
    // confab-cli chats ACTION [ARGUMENTS]
    QString chatsAction;
    QStringList chatsArguments;
    QString exportFormat; // chats export --format md|json
    QString outputPath; // -o FILE
    bool exportAll = false;

    static ParseResult parse(
        const QStringList &arguments, const QProcessEnvironment &environment, CliOptions &options);

    // Reads the prompt from `input` when it is "-", encodes the images, and sets the request's
    // messages. Fails on an unreadable or non-image file, which is the user's mistake (exit 2).
    bool buildMessages(QIODevice *input, QString *error);

    static QString helpEpilog();
};

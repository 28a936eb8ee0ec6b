#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class ConversationStore;
class StoreThread;
struct CliOptions;

// confab-cli chats list | show ID | search QUERY | delete ID | export | import: the conversation
// store from the command line. Runs synchronously and returns the exit code.
class ChatsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ChatsCommand)

public:
    static int run(const CliOptions &options);

    // Opens the conversation database of a data folder for any command: tells the user of a
    // damaged file that was moved aside, and recovers the replies that a process which died
    // left streaming. False, with `error`, when it cannot be opened.
    static bool openStore(StoreThread &store, const QString &dataDir, QString *error);

private:
    static int runOnStore(ConversationStore &store, const CliOptions &options);
    static int runImport(StoreThread &store, const CliOptions &options);
};

#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

struct CliOptions;

// confab-cli chats list | show ID | search QUERY | delete ID: the conversation store from the
// command line. Runs synchronously and returns the exit code.
class ChatsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ChatsCommand)

public:
    static int run(const CliOptions &options);
};

#include "logging.h"

Q_LOGGING_CATEGORY(lcNet, "confab.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSse, "confab.sse", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCli, "confab.cli", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "confab.store", QtWarningMsg)

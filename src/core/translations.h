#pragma once

#include <QLocale>

class QCoreApplication;

namespace Translations {
// Installs Confab's (and Qt's own) translations for `locale` on `app`; English needs none.
// Returns true when a Confab translation was loaded.
bool install(QCoreApplication &app, const QLocale &locale = QLocale());
} // namespace Translations

#pragma once

#include <QLocale>

class QCoreApplication;

namespace Translations {
// Installs Confab's (and Qt's own) translations for `locale` on `app`; without one for that
// locale, the English file (its plural forms). Returns true when the locale's own was loaded.
bool install(QCoreApplication &app, const QLocale &locale = QLocale());
} // namespace Translations

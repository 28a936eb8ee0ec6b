#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Translations {

bool install(QCoreApplication &app, const QLocale &locale)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    auto *confab = new QTranslator(&app);
    if (confab->load(
            locale, QStringLiteral("confab"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(confab);
        return true;
    }
    // English then: its plural forms ("1 image", "2 images") are in the English file, and a
    // C or POSIX locale would show the "image(s)" of the sources.
    if (confab->load(QStringLiteral("confab_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(confab);
    else
        delete confab;
    return false;
}

} // namespace Translations

#include "appstyle.h"

#include <QApplication>
#include <QImageReader>
#include <QPixmap>
#include <QStyleOption>

namespace {
QPixmap readPng(const QString &path)
{
    QImageReader reader(path, "png");
    reader.setAutoDetectImageFormat(false);
    return QPixmap::fromImage(reader.read());
}
} // namespace

AppStyle::AppStyle()
    : QProxyStyle(QApplication::style()->name())
{ }

QIcon AppStyle::standardIcon(
    StandardPixmap icon, const QStyleOption *option, const QWidget *widget) const
{
    // Only for Qt's own styles, which draw Qt's images; a platform style may have its own.
    const QString base = baseStyle()->name();
    const bool qts = base.compare(QLatin1StringView("fusion"), Qt::CaseInsensitive) == 0
        || base.compare(QLatin1StringView("windows"), Qt::CaseInsensitive) == 0;
    if (icon == SP_ToolBarHorizontalExtensionButton && qts) {
        // Qt's own images for this button, in its resources, chosen as Qt chooses them: by the
        // option's direction, else the application's.
        const bool rtl
            = (option ? option->direction : QApplication::layoutDirection()) == Qt::RightToLeft;
        const QString path
            = QStringLiteral(":/qt-project.org/styles/commonstyle/images/%1-%2.png")
                  .arg(rtl ? QStringLiteral("toolbar-ext-h-rtl") : QStringLiteral("toolbar-ext-h"));
        QIcon result;
        for (const int side : { 8, 16, 32 }) {
            const QPixmap pixmap = readPng(path.arg(side));
            if (!pixmap.isNull())
                result.addPixmap(pixmap);
        }
        if (!result.isNull())
            return result;
    }
    return QProxyStyle::standardIcon(icon, option, widget);
}

QIcon AppStyle::applicationIcon()
{
    QIcon icon;
    for (const int side : { 16, 22, 24, 32, 48, 64, 128 }) {
        const QPixmap pixmap = readPng(QStringLiteral(":/icons/confab-%1.png").arg(side));
        if (!pixmap.isNull())
            icon.addPixmap(pixmap);
    }
    return icon;
}

#include "appstyle.h"

#include <QApplication>
#include <QImageReader>
#include <QPixmap>
#include <QStyleOption>

#include <algorithm>
#include <cmath>

namespace {
QPixmap readPng(const QString &path)
{
    QImageReader reader(path, "png");
    reader.setAutoDetectImageFormat(false);
    return QPixmap::fromImage(reader.read());
}

// WCAG's relative luminance and contrast ratio.
double luminance(const QColor &color)
{
    const auto channel = [](double c) {
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `color` drawn over `background`, as the eye gets it.
QColor over(const QColor &color, const QColor &background)
{
    const double a = color.alphaF();
    return QColor::fromRgbF(float(color.redF() * a + background.redF() * (1 - a)),
        float(color.greenF() * a + background.greenF() * (1 - a)),
        float(color.blueF() * a + background.blueF() * (1 - a)));
}
} // namespace

AppStyle::AppStyle()
    : QProxyStyle(QApplication::style()->name())
{ }

void AppStyle::polish(QPalette &palette)
{
    QProxyStyle::polish(palette);
    // 3 : 1 is WCAG's floor for large text and controls; below it the hint is not there at all.
    constexpr double Readable = 3.0;
    for (const auto group : { QPalette::Active, QPalette::Inactive, QPalette::Disabled }) {
        const QColor base = palette.color(group, QPalette::Base);
        if (contrast(over(palette.color(group, QPalette::PlaceholderText), base), base) >= Readable)
            continue;
        QColor placeholder = palette.color(group, QPalette::Text);
        placeholder.setAlpha(128);
        palette.setColor(group, QPalette::PlaceholderText, placeholder);
    }
}

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

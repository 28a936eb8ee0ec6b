#pragma once

#include <QIcon>
#include <QProxyStyle>

// The platform's style, with readable placeholder text, and two images read so that start-up does
// not load every image plugin: Qt reads a file with no format named by offering it to each
// installed plugin first, loading them all (9 plugins and their libraries here, 4 to 7 ms). Before
// the window's first paint only PNGs are needed, and Qt reads PNG itself.
class AppStyle : public QProxyStyle
{
    Q_OBJECT

public:
    // Wraps the style Qt chose (the platform's, or the one named with -style).
    AppStyle();

    // Placeholder text the platform's palette leaves unreadable is drawn in the text colour at
    // half strength. Qt 6.4's themes (KDE's, qt6ct's) give a dark palette a placeholder colour
    // meant for a light one: grey on black, 1.5 : 1. A readable one is kept.
    using QProxyStyle::polish;
    void polish(QPalette &palette) override;

    // The menu bar asks for its overflow button's icon as it is made.
    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
        const QWidget *widget = nullptr) const override;

    // The application's icon, from PNGs drawn from resources/icons/confab.svg at each size
    // (scripts/render-icons.sh): the SVG would need the qt6-svg plugin.
    static QIcon applicationIcon();
};

#include "appstyle.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyleOption>
#include <QtTest>

namespace {
// The image plugins (Qt's imageformats folder) this process has mapped.
QStringList loadedImagePlugins()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return {};
    QStringList plugins;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        if (line.contains("/imageformats/")) {
            const QString path = QString::fromLocal8Bit(line.mid(line.indexOf('/')));
            if (!plugins.contains(path))
                plugins.append(path);
        }
    }
    return plugins;
}

QImage pixels(const QIcon &icon, int side)
{
    return icon.pixmap(QSize(side, side)).toImage().convertToFormat(QImage::Format_ARGB32);
}
} // namespace

class TestAppStyle : public QObject
{
    Q_OBJECT

private slots:
    // First, while this process has read no image yet.
    void aWindowWithAMenuBarLoadsNoImagePlugin()
    {
        if (!QFile::exists(QStringLiteral("/proc/self/maps")))
            QSKIP("needs /proc/self/maps");
        QApplication::setStyle(new AppStyle);
        QApplication::setWindowIcon(AppStyle::applicationIcon());
        QMainWindow window;
        window.menuBar()->addMenu(QStringLiteral("File"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(loadedImagePlugins(), QStringList());

        // Without the style, the menu bar's first icon offers its PNG to every plugin.
        QApplication::setStyle(QStringLiteral("fusion"));
        QMenuBar plain;
        const QDir installed(
            QLibraryInfo::path(QLibraryInfo::PluginsPath) + QStringLiteral("/imageformats"));
        if (!installed.entryList(QDir::Files).isEmpty())
            QVERIFY(!loadedImagePlugins().isEmpty());
    }

    void placeholderTextIsReadable_data()
    {
        QTest::addColumn<QColor>("base");
        QTest::addColumn<QColor>("text");
        QTest::addColumn<QColor>("placeholder");
        QTest::addColumn<QColor>("expected");
        // Breeze Dark's colours, with the placeholder Qt 6.4's KDE theme leaves: unreadable.
        QTest::newRow("dark, a light theme's placeholder")
            << QColor(0x1b, 0x1e, 0x20) << QColor(0xfc, 0xfc, 0xfc) << QColor(0x00, 0x00, 0x00, 128)
            << QColor(0xfc, 0xfc, 0xfc, 128);
        QTest::newRow("dark, a readable placeholder kept")
            << QColor(0x1b, 0x1e, 0x20) << QColor(0xfc, 0xfc, 0xfc) << QColor(0xa0, 0xa0, 0xa0)
            << QColor(0xa0, 0xa0, 0xa0);
        QTest::newRow("light, Fusion's placeholder kept")
            << QColor(Qt::white) << QColor(Qt::black) << QColor(0x00, 0x00, 0x00, 128)
            << QColor(0x00, 0x00, 0x00, 128);
    }

    void placeholderTextIsReadable()
    {
        QFETCH(QColor, base);
        QFETCH(QColor, text);
        QFETCH(QColor, placeholder);
        QFETCH(QColor, expected);
        QPalette palette;
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::PlaceholderText, placeholder);
        AppStyle style;
        style.polish(palette);
        for (const auto group : { QPalette::Active, QPalette::Inactive, QPalette::Disabled })
            QCOMPARE(palette.color(group, QPalette::PlaceholderText), expected);
    }

    void theApplicationIconHasEverySize()
    {
        const QIcon icon = AppStyle::applicationIcon();
        QVERIFY(!icon.isNull());
        const QList<QSize> sizes = icon.availableSizes();
        for (const int side : { 16, 22, 24, 32, 48, 64, 128 }) {
            QVERIFY2(sizes.contains(QSize(side, side)), qPrintable(QString::number(side)));
            // The blue tile's middle, drawn from the SVG, not a blank or a fallback.
            const QImage image = pixels(icon, side);
            QCOMPARE(image.size(), QSize(side, side));
            QCOMPARE(QColor(image.pixel(side / 2, side / 5)).name(), QStringLiteral("#2f6fde"));
        }
    }

    void theOverflowButtonShowsQtsOwnImage()
    {
        AppStyle style;
        QStyleOption leftToRight;
        QStyleOption rightToLeft;
        rightToLeft.direction = Qt::RightToLeft;
        const auto button = QStyle::SP_ToolBarHorizontalExtensionButton;
        const QIcon ours = style.standardIcon(button, &leftToRight);
        const QIcon mirrored = style.standardIcon(button, &rightToLeft);
        const QIcon qts = style.baseStyle()->standardIcon(button, &leftToRight);
        const QIcon qtsMirrored = style.baseStyle()->standardIcon(button, &rightToLeft);
        for (const int side : { 16, 32 }) {
            QVERIFY(!pixels(ours, side).isNull());
            QCOMPARE(pixels(ours, side), pixels(qts, side));
            QCOMPARE(pixels(mirrored, side), pixels(qtsMirrored, side));
        }
        QVERIFY(pixels(ours, 16) != pixels(mirrored, 16));
        // Other icons are the platform style's.
        QCOMPARE(pixels(style.standardIcon(QStyle::SP_MessageBoxWarning), 32),
            pixels(style.baseStyle()->standardIcon(QStyle::SP_MessageBoxWarning), 32));
    }
};

QTEST_MAIN(TestAppStyle)
#include "tst_appstyle.moc"

#include "imageviewer.h"
#include "testdata.h"

#include <QAbstractScrollArea>
#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QImageReader>
#include <QLabel>
#include <QPointer>
#include <QScreen>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

// Not a flat fill: scaling and rotation must have something to get wrong.
QImage pattern(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x % 256, y % 256, (x / 4 + y / 4) % 2 ? 200 : 40));
    }
    return image;
}

QAbstractScrollArea *canvasOf(const ImageViewer &viewer)
{
    return viewer.findChild<QAbstractScrollArea *>();
}

void showAndWait(ImageViewer &viewer)
{
    viewer.show();
    if (!QTest::qWaitForWindowExposed(&viewer))
        qFatal("the viewer was never exposed");
}

} // namespace

// Stands in for the desktop so that no test launches a real viewer.
class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void openUrl(const QUrl &url) { urls.append(url); }
};

class TstImageViewer : public QObject
{
    Q_OBJECT

private slots:
    void fitsALargeImageInsideTheWindow();
    void neverUpscalesASmallImage();
    void fitFollowsTheWindowSize();
    void zoomStepsLeaveFitModeAndStayInRange();
    void zoomStepsStopAtActualSize();
    void keyboardShortcuts();
    void ctrlWheelZoomsAroundTheMouse();
    void plainWheelScrolls();
    void dragPans();
    void infoShowsPixelsFileSizeAndZoom();
    void copyPutsTheDecodedImageOnTheClipboard();
    void exifOrientationIsApplied();
    void garbageIsNotAnImage();
    void saveToWritesTheOriginalBytes();
    void saveToReportsTheFileError();
    void systemViewerGetsACopyWithTheRightExtension();
    void openMakesAViewerThatDeletesItselfOnClose();
};

void TstImageViewer::fitsALargeImageInsideTheWindow()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(4000, 3000), "png"), "image/png"));
    showAndWait(viewer);
    QVERIFY(viewer.isFitToWindow());
    QVERIFY(viewer.zoom() < 1.0);
    QAbstractScrollArea *canvas = canvasOf(viewer);
    const QSize view = canvas->viewport()->size();
    QVERIFY(4000 * viewer.zoom() <= view.width() + 0.5);
    QVERIFY(3000 * viewer.zoom() <= view.height() + 0.5);
    // Fitted on the limiting side, not merely somewhere below it.
    QVERIFY(4000 * viewer.zoom() > view.width() - 2 || 3000 * viewer.zoom() > view.height() - 2);
    QCOMPARE(canvas->horizontalScrollBar()->maximum(), 0);
    QCOMPARE(canvas->verticalScrollBar()->maximum(), 0);
    QVERIFY(!canvas->viewport()->testAttribute(Qt::WA_SetCursor)); // nothing to drag
    const QSize available = viewer.screen()->availableGeometry().size();
    QVERIFY(viewer.width() <= available.width() * 0.8 + 1);
    QVERIFY(viewer.height() <= available.height() * 0.8 + 1);
    QCOMPARE(viewer.windowTitle(), u"Image"_s);
}

void TstImageViewer::neverUpscalesASmallImage()
{
    ImageViewer viewer;
    QVERIFY(
        viewer.setImage(TestData::encodedImage(pattern(40, 30), "png"), "image/png", u"tiny"_s));
    showAndWait(viewer);
    QVERIFY(viewer.isFitToWindow());
    QCOMPARE(viewer.zoom(), 1.0);
    viewer.resize(viewer.size() + QSize(100, 100));
    QCOMPARE(viewer.zoom(), 1.0);
    QCOMPARE(viewer.windowTitle(), u"tiny"_s);
}

void TstImageViewer::fitFollowsTheWindowSize()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(3000, 3000), "png"), "image/png"));
    showAndWait(viewer);
    viewer.resize(300, 300);
    const double small = viewer.zoom();
    viewer.resize(500, 500);
    QVERIFY(viewer.zoom() > small);
    QVERIFY(viewer.isFitToWindow());
}

void TstImageViewer::zoomStepsLeaveFitModeAndStayInRange()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(1000, 800), "png"), "image/png"));
    showAndWait(viewer);
    const double fitted = viewer.zoom();

    viewer.zoomIn();
    QVERIFY(viewer.zoom() > fitted);
    QVERIFY(!viewer.isFitToWindow());
    const double zoomedIn = viewer.zoom();
    viewer.zoomOut();
    QVERIFY(viewer.zoom() < zoomedIn);
    viewer.zoomToActualSize();
    QCOMPARE(viewer.zoom(), 1.0);
    QVERIFY(!viewer.isFitToWindow());
    viewer.fitToWindow();
    QVERIFY(viewer.isFitToWindow());
    QCOMPARE(viewer.zoom(), fitted);

    for (int i = 0; i < 40; ++i)
        viewer.zoomIn();
    QCOMPARE(viewer.zoom(), 16.0);
    for (int i = 0; i < 80; ++i)
        viewer.zoomOut();
    QCOMPARE(viewer.zoom(), 0.05);
}

void TstImageViewer::zoomStepsStopAtActualSize()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(3000, 2000), "png"), "image/png"));
    showAndWait(viewer);
    QVERIFY(viewer.zoom() < 0.5);
    while (viewer.zoom() < 1.0)
        viewer.zoomIn();
    QCOMPARE(viewer.zoom(), 1.0);
    viewer.zoomIn();
    viewer.zoomIn();
    while (viewer.zoom() > 1.0)
        viewer.zoomOut();
    QCOMPARE(viewer.zoom(), 1.0);
}

void TstImageViewer::keyboardShortcuts()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(2000, 1500), "png"), "image/png"));
    showAndWait(viewer);
    viewer.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&viewer));
    const double fitted = viewer.zoom();

    QTest::keyClick(&viewer, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(viewer.zoom(), 1.0);
    QTest::keyClick(&viewer, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(viewer.zoom() < 1.0);
    QTest::keyClick(&viewer, Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(viewer.zoom(), 1.0);
    QTest::keyClick(&viewer, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(viewer.zoom() > 1.0);
    QTest::keyClick(&viewer, Qt::Key_F);
    QVERIFY(viewer.isFitToWindow());
    QCOMPARE(viewer.zoom(), fitted);
    QTest::keyClick(&viewer, Qt::Key_0, Qt::ControlModifier);
    QTest::keyClick(&viewer, Qt::Key_9, Qt::ControlModifier);
    QVERIFY(viewer.isFitToWindow());

    QTest::keyClick(&viewer, Qt::Key_Escape);
    QVERIFY(!viewer.isVisible());
}

void TstImageViewer::ctrlWheelZoomsAroundTheMouse()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(2000, 2000), "png"), "image/png"));
    showAndWait(viewer);
    viewer.zoomToActualSize();
    QAbstractScrollArea *canvas = canvasOf(viewer);
    QScrollBar *h = canvas->horizontalScrollBar();
    QScrollBar *v = canvas->verticalScrollBar();
    h->setValue(300);
    v->setValue(400);

    const QPoint mouse(100, 80);
    QWheelEvent wheel(mouse, canvas->viewport()->mapToGlobal(mouse), {}, QPoint(0, 120),
        Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas->viewport(), &wheel);

    QVERIFY(viewer.zoom() > 1.0);
    QVERIFY(!viewer.isFitToWindow());
    // The image pixel that was under the mouse is still under it.
    const double factor = viewer.zoom();
    QVERIFY(qAbs(h->value() - ((300 + mouse.x()) * factor - mouse.x())) <= 1);
    QVERIFY(qAbs(v->value() - ((400 + mouse.y()) * factor - mouse.y())) <= 1);
}

void TstImageViewer::plainWheelScrolls()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(2000, 2000), "png"), "image/png"));
    showAndWait(viewer);
    viewer.zoomToActualSize();
    QAbstractScrollArea *canvas = canvasOf(viewer);
    canvas->verticalScrollBar()->setValue(0);

    const QPoint mouse(50, 50);
    QWheelEvent wheel(mouse, canvas->viewport()->mapToGlobal(mouse), {}, QPoint(0, -120),
        Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas->viewport(), &wheel);

    QVERIFY(canvas->verticalScrollBar()->value() > 0);
    QCOMPARE(viewer.zoom(), 1.0);
}

void TstImageViewer::dragPans()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(2000, 2000), "png"), "image/png"));
    showAndWait(viewer);
    viewer.zoomToActualSize();
    QAbstractScrollArea *canvas = canvasOf(viewer);
    QWidget *viewport = canvas->viewport();
    QScrollBar *h = canvas->horizontalScrollBar();
    QScrollBar *v = canvas->verticalScrollBar();
    h->setValue(500);
    v->setValue(500);
    QCOMPARE(viewport->cursor().shape(), Qt::OpenHandCursor);

    QTest::mousePress(viewport, Qt::LeftButton, {}, QPoint(200, 200));
    QCOMPARE(viewport->cursor().shape(), Qt::ClosedHandCursor);
    QTest::mouseMove(viewport, QPoint(150, 120));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(150, 120));

    // The image follows the hand: dragging left and up shows more of the right and bottom.
    QCOMPARE(h->value(), 550);
    QCOMPARE(v->value(), 580);
    QCOMPARE(viewport->cursor().shape(), Qt::OpenHandCursor);
    QCOMPARE(viewer.zoom(), 1.0);
}

void TstImageViewer::infoShowsPixelsFileSizeAndZoom()
{
    ImageViewer viewer;
    const QByteArray bytes = TestData::encodedImage(pattern(400, 300), "png");
    QVERIFY(viewer.setImage(bytes, "image/png"));
    showAndWait(viewer);
    viewer.zoomToActualSize();
    const auto *info = viewer.findChild<QLabel *>(u"infoLabel"_s);
    QVERIFY(info);
    QVERIFY2(info->text().startsWith(u"400 × 300 · "_s), qPrintable(info->text()));
    QVERIFY2(info->text().endsWith(u" · 100 %"_s), qPrintable(info->text()));
    QVERIFY(info->text().contains(QLocale().formattedDataSize(
        bytes.size(), bytes.size() < 1024 * 1024 ? 0 : 1, QLocale::DataSizeTraditionalFormat)));
    viewer.zoomOut();
    QVERIFY2(info->text().endsWith(u" · 80 %"_s), qPrintable(info->text()));
}

void TstImageViewer::copyPutsTheDecodedImageOnTheClipboard()
{
    ImageViewer viewer;
    const QImage image = pattern(64, 48);
    QVERIFY(viewer.setImage(TestData::encodedImage(image, "png"), "image/png"));
    QGuiApplication::clipboard()->clear();
    viewer.copyImage();
    const QImage copied = QGuiApplication::clipboard()->image();
    QCOMPARE(copied.size(), QSize(64, 48));
    QCOMPARE(copied.pixel(37, 21), image.pixel(37, 21));
}

void TstImageViewer::exifOrientationIsApplied()
{
    // Phones store pictures sideways with an EXIF orientation; QImageWriter cannot write one,
    // so it is put in by hand: an APP1 segment whose only tag, Orientation (0x0112), is 6.
    const QByteArray exif = QByteArray::fromHex("ffe10022"
                                                "457869660000" // "Exif\0\0"
                                                "49492a0008000000" // little-endian TIFF
                                                "0100" // one entry
                                                "120103000100000006000000" // Orientation = 6
                                                "00000000");
    QByteArray bytes = TestData::encodedImage(pattern(40, 20), "jpeg");
    bytes.insert(2, exif); // right after the start-of-image marker
    QBuffer buffer(&bytes);
    QCOMPARE(QImageReader(&buffer).transformation(), QImageIOHandler::TransformationRotate90);

    ImageViewer viewer;
    QVERIFY(viewer.setImage(bytes, "image/jpeg"));
    viewer.copyImage();
    QCOMPARE(QGuiApplication::clipboard()->image().size(), QSize(20, 40));
}

void TstImageViewer::garbageIsNotAnImage()
{
    ImageViewer viewer;
    QGuiApplication::clipboard()->setText(u"unchanged"_s);
    const QByteArray garbage = "this is not an image, whatever the MIME type says";
    QVERIFY(!viewer.setImage(garbage, "image/png", u"broken"_s));
    showAndWait(viewer);

    QAbstractScrollArea *canvas = canvasOf(viewer);
    QVERIFY(!canvas->isVisible());
    bool explained = false;
    for (const QLabel *label : viewer.findChildren<QLabel *>())
        explained = explained || (label->isVisible() && label->text().contains(u"image"_s));
    QVERIFY(explained);

    viewer.copyImage();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"unchanged"_s);
    // Still saved as received: the user may have a program that reads it.
    QTemporaryDir dir;
    QVERIFY(viewer.saveTo(dir.filePath(u"broken.png"_s), nullptr));

    // A later good image replaces the message.
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(10, 10), "png"), "image/png"));
    QVERIFY(canvas->isVisible());
}

void TstImageViewer::saveToWritesTheOriginalBytes()
{
    ImageViewer viewer;
    const QByteArray bytes = TestData::encodedImage(pattern(120, 90), "jpeg");
    QVERIFY(viewer.setImage(bytes, "image/jpeg", u"photo"_s));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"photo.jpg"_s);
    QString error;
    QVERIFY2(viewer.saveTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes); // byte for byte: no re-encoding
}

void TstImageViewer::saveToReportsTheFileError()
{
    ImageViewer viewer;
    QVERIFY(viewer.setImage(TestData::encodedImage(pattern(10, 10), "png"), "image/png"));
    QTemporaryDir dir;
    QString error;
    QVERIFY(!viewer.saveTo(dir.filePath(u"missing-folder/image.png"_s), &error));
    QVERIFY(!error.isEmpty());
}

void TstImageViewer::systemViewerGetsACopyWithTheRightExtension()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"file"_s, &catcher, "openUrl");
    const auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(u"file"_s); });

    ImageViewer viewer;
    const QByteArray bytes = TestData::encodedImage(pattern(30, 20), "jpeg");
    // A name from someone else's message, with a directory and a colon in it.
    QVERIFY(viewer.setImage(bytes, "image/jpeg", u"../Beach: sunset"_s));
    viewer.openWithSystemViewer();
    viewer.openWithSystemViewer();

    QCOMPARE(catcher.urls.size(), 2);
    QVERIFY(catcher.urls.at(0).isLocalFile());
    const QFileInfo first(catcher.urls.at(0).toLocalFile());
    QCOMPARE(first.fileName(), u"Beach_ sunset.jpg"_s);
    QFile file(first.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes);
    // The second copy does not overwrite a file the first viewer may still be reading.
    QVERIFY(catcher.urls.at(1) != catcher.urls.at(0));

    QVERIFY(viewer.setImage(
        TestData::encodedImage(pattern(30, 20), "png"), "image/png", u"diagram.png"_s));
    viewer.openWithSystemViewer();
    QCOMPARE(QFileInfo(catcher.urls.at(2).toLocalFile()).fileName(), u"diagram.png"_s);
}

void TstImageViewer::openMakesAViewerThatDeletesItselfOnClose()
{
    QPointer<ImageViewer> viewer = ImageViewer::open(
        nullptr, TestData::encodedImage(pattern(50, 50), "png"), "image/png", u"shot"_s);
    QVERIFY(viewer);
    QVERIFY(viewer->isVisible());
    QVERIFY(!viewer->isModal());
    QCOMPARE(viewer->windowTitle(), u"shot"_s);
    viewer->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(viewer.isNull());
}

QTEST_MAIN(TstImageViewer)
#include "tst_imageviewer.moc"

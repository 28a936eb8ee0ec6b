#include "imageviewer.h"

#include "imagecanvas.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QBuffer>
#include <QClipboard>
#include <QColorSpace>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtMath>

#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr double ScreenShare = 0.8;

QMimeType mimeTypeOf(const QByteArray &name, const QByteArray &bytes)
{
    const QMimeDatabase db;
    const QMimeType type = db.mimeTypeForName(QString::fromLatin1(name));
    return type.isValid() && !type.preferredSuffix().isEmpty() ? type : db.mimeTypeForData(bytes);
}

// The name comes from a message, possibly an imported one: it must not carry a directory, an
// extension that would be doubled when the MIME type's is added, or characters some file
// systems refuse.
QString safeBaseName(const QString &name, const QMimeType &type)
{
    QString base = QFileInfo(name).fileName().trimmed();
    for (const QString &suffix : type.suffixes()) {
        if (base.endsWith(u'.' + suffix, Qt::CaseInsensitive)) {
            base.chop(suffix.size() + 1);
            break;
        }
    }
    for (QChar &c : base) {
        if (c.category() == QChar::Other_Control || u"\\/:*?\"<>|"_s.contains(c))
            c = u'_';
    }
    return base;
}

} // namespace

ImageViewer::ImageViewer(QWidget *parent)
    : QDialog(parent)
    , m_toolBar(new QToolBar(this))
    , m_stack(new QStackedWidget(this))
    , m_canvas(new ImageCanvas(m_stack))
    , m_errorLabel(new QLabel(m_stack))
    , m_infoLabel(new QLabel(this))
{
    setWindowTitle(tr("Image"));
    setWindowFlag(Qt::WindowMaximizeButtonHint);

    m_toolBar->setToolButtonStyle(Qt::ToolButtonFollowStyle);
    const auto makeAction = [this](const char *icon, const QString &text,
                                const QList<QKeySequence> &keys, void (ImageViewer::*slot)()) {
        QAction *action = m_toolBar->addAction(QIcon::fromTheme(QString::fromLatin1(icon)), text);
        action->setShortcuts(keys);
        action->setToolTip(
            tr("%1 (%2)").arg(text, keys.constFirst().toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_fitAction = makeAction("zoom-fit-best", tr("Fit"),
        { QKeySequence(Qt::CTRL | Qt::Key_9), QKeySequence(Qt::Key_F) }, &ImageViewer::fitToWindow);
    m_actualSizeAction = makeAction("zoom-original", tr("100 %"),
        { QKeySequence(Qt::CTRL | Qt::Key_0) }, &ImageViewer::zoomToActualSize);
    // Ctrl+= as well: on most layouts "+" needs Shift.
    m_zoomInAction = makeAction("zoom-in", tr("Zoom In"),
        { QKeySequence(QKeySequence::ZoomIn), QKeySequence(Qt::CTRL | Qt::Key_Equal) },
        &ImageViewer::zoomIn);
    m_zoomOutAction = makeAction(
        "zoom-out", tr("Zoom Out"), { QKeySequence(QKeySequence::ZoomOut) }, &ImageViewer::zoomOut);
    m_toolBar->addSeparator();
    m_copyAction = makeAction(
        "edit-copy", tr("Copy"), { QKeySequence(QKeySequence::Copy) }, &ImageViewer::copyImage);
    m_saveAction = makeAction("document-save-as", tr("Save As…"),
        { QKeySequence(QKeySequence::SaveAs), QKeySequence(QKeySequence::Save) },
        &ImageViewer::saveAs);
    m_openAction = makeAction("document-open", tr("Open With System Viewer"),
        { QKeySequence(Qt::CTRL | Qt::Key_O) }, &ImageViewer::openWithSystemViewer);

    m_errorLabel->setAlignment(Qt::AlignCenter);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setMargin(24);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack->addWidget(m_canvas);
    m_stack->addWidget(m_errorLabel);
    m_infoLabel->setObjectName(u"infoLabel"_s);
    m_infoLabel->setContentsMargins(6, 3, 6, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins({});
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_infoLabel);

    connect(m_canvas, &ImageCanvas::zoomChanged, this, [this] {
        updateInfo();
        updateActions();
    });
    updateActions();
}

bool ImageViewer::setImage(const QByteArray &bytes, const QByteArray &mimeType, const QString &name)
{
    m_bytes = bytes;
    m_mimeType = mimeType;
    m_name = name;
    setWindowTitle(name.isEmpty() ? tr("Image") : name);

    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    // The content decides the format: a mislabelled attachment still shows.
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    QImage image;
    m_decoded = reader.read(&image);
    m_canvas->setImage(image);
    if (m_decoded) {
        m_stack->setCurrentWidget(m_canvas);
    } else {
        m_errorLabel->setText(
            tr("This attachment cannot be shown as an image.") + u"\n\n"_s + reader.errorString());
        m_stack->setCurrentWidget(m_errorLabel);
    }
    updateInfo();
    updateActions();

    // Sized for the picture once; after that the window is the user's.
    if (!isVisible())
        sizeToImage();
    return m_decoded;
}

ImageViewer *ImageViewer::open(
    QWidget *parent, const QByteArray &bytes, const QByteArray &mimeType, const QString &name)
{
    auto *viewer = new ImageViewer(parent);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->setImage(bytes, mimeType, name);
    viewer->show();
    viewer->raise();
    viewer->activateWindow();
    return viewer;
}

double ImageViewer::zoom() const
{
    return m_canvas->zoom();
}

bool ImageViewer::isFitToWindow() const
{
    return m_canvas->isFitToWindow();
}

bool ImageViewer::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(m_bytes) == m_bytes.size() && file.commit())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

void ImageViewer::zoomIn()
{
    m_canvas->stepZoom(1);
}

void ImageViewer::zoomOut()
{
    m_canvas->stepZoom(-1);
}

void ImageViewer::zoomToActualSize()
{
    m_canvas->zoomAt(1.0, QRectF(m_canvas->viewport()->rect()).center());
}

void ImageViewer::fitToWindow()
{
    m_canvas->fitToWindow();
}

void ImageViewer::copyImage()
{
    if (m_decoded)
        QGuiApplication::clipboard()->setImage(m_canvas->image());
}

void ImageViewer::saveAs()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QMimeType type = mimeTypeOf(m_mimeType, m_bytes);
    QStringList filters;
    if (type.isValid() && !type.isDefault())
        filters << type.filterString();
    filters << tr("All files (*)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Image As"),
        QDir(folder).filePath(suggestedFileName()), filters.join(u";;"_s));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error)) {
        QMessageBox::warning(this, tr("Save Image As"),
            tr("Could not save “%1”: %2").arg(QDir::toNativeSeparators(path), error));
    }
}

void ImageViewer::openWithSystemViewer()
{
    // The viewer may read the file after this dialog has closed, so the copies stay until the
    // application exits; a folder per copy keeps two attachments of the same name apart.
    static QTemporaryDir folder;
    static int serial = 0;
    const QString subfolder = QString::number(++serial);
    QString error = folder.errorString();
    if (folder.isValid() && QDir(folder.path()).mkpath(subfolder)) {
        const QString path = folder.filePath(subfolder + u'/' + suggestedFileName());
        if (saveTo(path, &error)) {
            if (QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
                return;
            error = tr("No application is set up to open this kind of file.");
        }
    }
    QMessageBox::warning(this, tr("Open With System Viewer"),
        tr("Could not open the image with the system viewer: %1").arg(error));
}

// Big enough to show the picture whole at 100 %, or with its proportions when it must be
// scaled down, so a fitted image does not sit in a band of empty window.
void ImageViewer::sizeToImage()
{
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    const QSize available = screen->availableGeometry().size() * ScreenShare;
    const int chrome = m_toolBar->sizeHint().height() + m_infoLabel->sizeHint().height();
    QSize content = m_stack->sizeHint();
    const QSize room(available.width(), available.height() - chrome);
    if (content.width() > room.width() || content.height() > room.height())
        content.scale(room, Qt::KeepAspectRatio);
    const QSize wanted(
        qMax(content.width(), m_toolBar->sizeHint().width()), content.height() + chrome);
    resize(wanted.expandedTo(QSize(480, 320)).boundedTo(available));
}

QString ImageViewer::suggestedFileName() const
{
    const QMimeType type = mimeTypeOf(m_mimeType, m_bytes);
    QString base = safeBaseName(m_name, type);
    if (base.isEmpty())
        base = tr("image", "file name of a saved picture without a name");
    const QString suffix = type.preferredSuffix();
    return suffix.isEmpty() ? base : base + u'.' + suffix;
}

void ImageViewer::updateInfo()
{
    const QString size = ImageLook::formatSize(m_bytes.size());
    if (!m_decoded) {
        m_infoLabel->setText(size);
        return;
    }
    const double percent = zoom() * 100;
    // Below 10 % a rounded figure would hide the steps between levels.
    const QString zoomText
        = percent < 10 ? QLocale().toString(percent, 'g', 2) : QString::number(qRound(percent));
    const QImage &image = m_canvas->image();
    m_infoLabel->setText(
        tr("%1 × %2 · %3 · %4 %", "width, height, file size, zoom percentage")
            .arg(QString::number(image.width()), QString::number(image.height()), size, zoomText));
}

void ImageViewer::updateActions()
{
    for (QAction *action : { m_fitAction, m_actualSizeAction, m_copyAction })
        action->setEnabled(m_decoded);
    m_zoomInAction->setEnabled(m_decoded && zoom() < ImageCanvas::MaxZoom);
    m_zoomOutAction->setEnabled(m_decoded && zoom() > m_canvas->minimumZoom());
    // Bytes Qt cannot decode (HEIC without a plugin, say) may still open elsewhere.
    m_saveAction->setEnabled(!m_bytes.isEmpty());
    m_openAction->setEnabled(!m_bytes.isEmpty());
}

#include "imageviewer.moc"

#include "imageviewer.h"

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

constexpr double MinZoom = 0.05;
constexpr double MaxZoom = 16.0;
constexpr double ZoomStep = 1.25;
// Beyond this, smoothing blurs the very pixels the user zoomed in to look at.
constexpr double SmoothBelowZoom = 2.0;
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

QString formatSize(qint64 bytes)
{
    // Whole kilobytes read better; megabytes need the decimal.
    const int precision = bytes < 1024 * 1024 ? 0 : 1;
    return QLocale().formattedDataSize(bytes, precision, QLocale::DataSizeTraditionalFormat);
}

// Shows where a transparent image is transparent, in colours that suit the palette.
QBrush checkerBrush(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor other = base.lightness() > 128 ? base.darker(112) : base.lighter(160);
    QImage tile(16, 16, QImage::Format_RGB32);
    tile.fill(base);
    QPainter painter(&tile);
    painter.fillRect(0, 0, 8, 8, other);
    painter.fillRect(8, 8, 8, 8, other);
    return QBrush(tile);
}

} // namespace

// Paints only the visible part of the image, scaled by the painter, so zooming a large image
// costs a repaint of the viewport, never a scaled copy of the whole image.
class ImageCanvas : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit ImageCanvas(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    const QImage &image() const { return m_image; }
    double zoom() const { return m_zoom; }
    bool isFitToWindow() const { return m_fit; }
    double minimumZoom() const { return qMin(MinZoom, fitZoom()); }

    void stepZoom(int steps);
    void zoomAt(double zoom, const QPointF &anchor);
    void fitToWindow();

    QSize sizeHint() const override;

signals:
    void zoomChanged();

protected:
    bool viewportEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    double fitZoom() const;
    double scale() const { return m_zoom / devicePixelRatioF(); }
    QSizeF displayedSize() const { return QSizeF(m_image.size()) * scale(); }
    QPointF origin() const;
    QPointF viewportCenter() const { return QRectF(viewport()->rect()).center(); }
    bool isPannable() const;
    void updateScrollBars();
    void updateCursor();
    const QImage &levelFor(double zoom);

    QImage m_image;
    // m_image halved again and again, made when first needed: drawing from the smallest level
    // still at least as large as the target keeps bilinear filtering from aliasing.
    std::vector<QImage> m_levels;
    double m_zoom = 1.0;
    bool m_fit = true;
    bool m_dragging = false;
    QPointF m_dragStart;
    QPoint m_dragScroll;
};

ImageCanvas::ImageCanvas(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Window);
}

void ImageCanvas::setImage(const QImage &image)
{
    m_image = image;
    if (!m_image.isNull()) {
        // Photos from phones often carry a wide-gamut profile that looks washed out untreated.
        if (m_image.colorSpace().isValid() && m_image.colorSpace() != QColorSpace::SRgb)
            m_image.convertToColorSpace(QColorSpace::SRgb);
        // The formats the raster engine draws without converting on every paint.
        m_image.convertTo(
            m_image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    }
    m_levels.clear();
    m_dragging = false;
    updateGeometry();
    fitToWindow();
}

void ImageCanvas::stepZoom(int steps)
{
    double next = m_zoom * std::pow(ZoomStep, steps);
    // Stepping across 100 % stops there: it is the one level users look for.
    if ((m_zoom < 1.0 && next > 1.0) || (m_zoom > 1.0 && next < 1.0))
        next = 1.0;
    zoomAt(next, viewportCenter());
}

void ImageCanvas::zoomAt(double zoom, const QPointF &anchor)
{
    if (m_image.isNull())
        return;
    const QPointF imagePoint = (anchor - origin()) / scale();
    m_fit = false;
    m_zoom = qBound(minimumZoom(), zoom, MaxZoom);
    updateScrollBars();
    const QPointF shown = imagePoint * scale();
    horizontalScrollBar()->setValue(qRound(shown.x() - anchor.x()));
    verticalScrollBar()->setValue(qRound(shown.y() - anchor.y()));
    viewport()->update();
    emit zoomChanged();
}

void ImageCanvas::fitToWindow()
{
    m_fit = true;
    m_zoom = fitZoom();
    updateScrollBars();
    viewport()->update();
    emit zoomChanged();
}

QSize ImageCanvas::sizeHint() const
{
    if (m_image.isNull())
        return QAbstractScrollArea::sizeHint();
    const int frame = 2 * frameWidth();
    return (QSizeF(m_image.size()) / devicePixelRatioF()).toSize() + QSize(frame, frame);
}

bool ImageCanvas::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::NativeGesture) {
        const auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomAt(m_zoom * (1.0 + gesture->value()), gesture->position());
            return true;
        }
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void ImageCanvas::paintEvent(QPaintEvent *event)
{
    if (m_image.isNull())
        return;
    QPainter painter(viewport());
    const QRectF target(origin(), displayedSize());
    if (m_image.hasAlphaChannel()) {
        painter.setBrushOrigin(target.topLeft());
        painter.fillRect(target & QRectF(event->rect()), checkerBrush(palette()));
    }
    // The painter is clipped to the exposed region, so only visible pixels are scaled.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < SmoothBelowZoom);
    painter.drawImage(target, levelFor(m_zoom));
}

void ImageCanvas::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit) {
        const double zoom = fitZoom();
        if (zoom != m_zoom) {
            m_zoom = zoom;
            emit zoomChanged();
        }
    }
    updateScrollBars();
}

void ImageCanvas::scrollContentsBy(int dx, int dy)
{
    viewport()->scroll(dx, dy);
}

void ImageCanvas::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    // Fractions of a notch come from high-resolution wheels and touchpads.
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0)
        zoomAt(m_zoom * std::pow(ZoomStep, notches), event->position());
    event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !isPannable()) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragStart = event->position();
    m_dragScroll = QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
    updateCursor();
    event->accept();
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    const QPoint moved = (event->position() - m_dragStart).toPoint();
    horizontalScrollBar()->setValue(m_dragScroll.x() - moved.x());
    verticalScrollBar()->setValue(m_dragScroll.y() - moved.y());
    event->accept();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    updateCursor();
    event->accept();
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseDoubleClickEvent(event);
        return;
    }
    if (m_fit)
        zoomAt(1.0, event->position());
    else
        fitToWindow();
}

double ImageCanvas::fitZoom() const
{
    if (m_image.isNull())
        return 1.0;
    // The size without scroll bars: a fitted image needs none.
    const QSizeF available = QSizeF(maximumViewportSize()) * devicePixelRatioF();
    const double zoom
        = qMin(available.width() / m_image.width(), available.height() / m_image.height());
    // A window not laid out yet is empty; zero would make every later mapping divide by zero.
    return qBound(0.001, zoom, 1.0);
}

QPointF ImageCanvas::origin() const
{
    const QSizeF shown = displayedSize();
    const QSize view = viewport()->size();
    // Centred on an axis that fits (rounded: half pixels blur the edges), scrolled on the others.
    const auto place = [](double shown, int view, int scrolled) {
        return shown <= view ? double(qRound((view - shown) / 2)) : double(-scrolled);
    };
    return QPointF(place(shown.width(), view.width(), horizontalScrollBar()->value()),
        place(shown.height(), view.height(), verticalScrollBar()->value()));
}

bool ImageCanvas::isPannable() const
{
    return horizontalScrollBar()->maximum() > 0 || verticalScrollBar()->maximum() > 0;
}

void ImageCanvas::updateScrollBars()
{
    const QSizeF shown = displayedSize();
    const QSize view = viewport()->size();
    // While fitting, scroll bars left from a larger zoom would shrink the viewport and keep
    // themselves needed; the fitted image fits the viewport they leave behind.
    const auto overflow = [this](double shown, int view) {
        return m_fit ? 0 : qMax(0, qCeil(shown - view - 0.01));
    };
    horizontalScrollBar()->setRange(0, overflow(shown.width(), view.width()));
    horizontalScrollBar()->setPageStep(view.width());
    horizontalScrollBar()->setSingleStep(qMax(1, view.width() / 20));
    verticalScrollBar()->setRange(0, overflow(shown.height(), view.height()));
    verticalScrollBar()->setPageStep(view.height());
    verticalScrollBar()->setSingleStep(qMax(1, view.height() / 20));
    updateCursor();
}

void ImageCanvas::updateCursor()
{
    if (m_dragging)
        viewport()->setCursor(Qt::ClosedHandCursor);
    else if (isPannable())
        viewport()->setCursor(Qt::OpenHandCursor);
    else
        viewport()->unsetCursor();
}

const QImage &ImageCanvas::levelFor(double zoom)
{
    if (m_levels.empty())
        m_levels.push_back(m_image);
    size_t level = 0;
    for (double levelZoom = 0.5; zoom <= levelZoom; levelZoom /= 2)
        ++level;
    while (m_levels.size() <= level) {
        const QImage &last = m_levels.back();
        if (last.width() < 2 || last.height() < 2)
            break;
        m_levels.push_back(last.scaled(
            last.width() / 2, last.height() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    }
    return m_levels[qMin(level, m_levels.size() - 1)];
}

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
    const QString size = formatSize(m_bytes.size());
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
    m_zoomInAction->setEnabled(m_decoded && zoom() < MaxZoom);
    m_zoomOutAction->setEnabled(m_decoded && zoom() > m_canvas->minimumZoom());
    // Bytes Qt cannot decode (HEIC without a plugin, say) may still open elsewhere.
    m_saveAction->setEnabled(!m_bytes.isEmpty());
    m_openAction->setEnabled(!m_bytes.isEmpty());
}

#include "imageviewer.moc"

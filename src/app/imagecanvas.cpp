#include "imagecanvas.h"

#include <QColorSpace>
#include <QLocale>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <QtMath>

#include <cmath>

namespace {
constexpr double ZoomStep = 1.25;
// Beyond this, smoothing blurs the very pixels the user zoomed in to look at.
constexpr double SmoothBelowZoom = 2.0;
} // namespace

QString ImageLook::formatSize(qint64 bytes)
{
    const int precision = bytes < 1024 * 1024 ? 0 : 1;
    return QLocale().formattedDataSize(bytes, precision, QLocale::DataSizeTraditionalFormat);
}

QBrush ImageLook::checkerBrush(const QPalette &palette, int cell)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor other = base.lightness() > 128 ? base.darker(112) : base.lighter(160);
    QImage tile(2 * cell, 2 * cell, QImage::Format_RGB32);
    tile.fill(base);
    QPainter painter(&tile);
    painter.fillRect(0, 0, cell, cell, other);
    painter.fillRect(cell, cell, cell, cell, other);
    return QBrush(tile);
}

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
        painter.fillRect(target & QRectF(event->rect()), ImageLook::checkerBrush(palette()));
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

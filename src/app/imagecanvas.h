#pragma once

#include <QAbstractScrollArea>
#include <QBrush>
#include <QImage>

#include <vector>

// How images and their sizes are shown, alike in the viewer and the attachment strip.
namespace ImageLook {
// Whole kilobytes read better; megabytes need the decimal.
QString formatSize(qint64 bytes);
// Squares of `cell` pixels in the palette's colours: where an image is transparent.
QBrush checkerBrush(const QPalette &palette, int cell = 8);
} // namespace ImageLook

// Paints only the visible part of the image, scaled by the painter, so zooming a large image
// costs a repaint of the viewport, never a scaled copy of the whole image.
class ImageCanvas : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr double MinZoom = 0.05;
    static constexpr double MaxZoom = 16.0;

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

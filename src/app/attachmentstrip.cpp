#include "attachmentstrip.h"

#include "attachmentlist.h"
#include "imagecanvas.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace {
constexpr int TileSide = 80; // thumbnail height, logical pixels
constexpr int TileWidth = TileSide * 3 / 2; // room for a 3:2 photo; the caption and row share it
constexpr int CaptionLines = 2;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

// The same reds as the notes in the conversation, readable on light and on dark.
QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
}

// At most `lines` lines of `text` broken to `width`, the last elided. A word-wrapped QLabel
// cannot elide, and eliding to lines × width overflows once the wrap wastes space (long words,
// Chinese punctuation that may not start a line).
QString fitLines(const QString &text, const QFont &font, int width, int lines)
{
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QStringList out;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        if (out.size() == lines - 1) {
            out.append(QFontMetrics(font).elidedText(
                text.mid(line.textStart()).trimmed(), Qt::ElideRight, width));
            break;
        }
        out.append(text.mid(line.textStart(), line.textLength()).trimmed());
    }
    layout.endLayout();
    return out.join(QLatin1Char('\n'));
}

// The thumbnail fitted into `box`; a transparent one over the image viewer's checkerboard, so a
// dark drawing on a transparent background does not vanish on a dark tile.
QPixmap thumbnailPixmap(const QImage &image, QSize box, qreal ratio, const QPalette &palette)
{
    QImage scaled = image.scaled(box * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (scaled.hasAlphaChannel()) {
        QImage checker(scaled.size(), QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&checker);
        painter.fillRect(checker.rect(), ImageLook::checkerBrush(palette, qRound(6 * ratio)));
        painter.drawImage(0, 0, scaled);
        painter.end();
        scaled = checker;
    }
    QPixmap pixmap = QPixmap::fromImage(scaled);
    pixmap.setDevicePixelRatio(ratio);
    return pixmap;
}

// Scrolls the tiles sideways when they are wider than the window, instead of widening the
// window; exactly as tall as the tiles, plus the scroll bar while there is one.
class TileScroller : public QScrollArea
{
public:
    explicit TileScroller(QWidget *parent)
        : QScrollArea(parent)
    {
        setFrameShape(QFrame::NoFrame);
        setWidgetResizable(true);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        viewport()->setAutoFillBackground(false);
        connect(horizontalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
            updateGeometry();
            if (m_followEnd)
                horizontalScrollBar()->setValue(max);
        });
        connect(horizontalScrollBar(), &QScrollBar::actionTriggered, this,
            [this] { m_followEnd = false; });
    }

    // Until the user scrolls, keeps the end of the row, where a new tile goes, in view.
    void setFollowEnd(bool follow)
    {
        m_followEnd = follow;
        if (follow)
            horizontalScrollBar()->setValue(horizontalScrollBar()->maximum());
    }

    QSize sizeHint() const override
    {
        const QSize inner = widget() ? widget()->sizeHint() : QSize();
        const int bar
            = horizontalScrollBar()->maximum() > 0 ? horizontalScrollBar()->sizeHint().height() : 0;
        return { inner.width(), inner.height() + bar };
    }
    QSize minimumSizeHint() const override { return { 0, sizeHint().height() }; }

protected:
    // A plain wheel scrolls the row, as there is nothing to scroll vertically.
    void wheelEvent(QWheelEvent *event) override
    {
        if (event->angleDelta().x() == 0 && horizontalScrollBar()->maximum() > 0) {
            QWheelEvent sideways(event->position(), event->globalPosition(), event->pixelDelta(),
                QPoint(event->angleDelta().y(), 0), event->buttons(), event->modifiers(),
                event->phase(), event->inverted());
            m_followEnd = false;
            QCoreApplication::sendEvent(horizontalScrollBar(), &sideways);
            return;
        }
        QScrollArea::wheelEvent(event);
    }

private:
    bool m_followEnd = false;
};
} // namespace

// A turning arc over the thumbnail while the image is processed; it stops when hidden.
class Spinner : public QWidget
{
public:
    explicit Spinner(QWidget *parent)
        : QWidget(parent)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        m_timer.setInterval(50);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_angle = (m_angle + 30) % 360;
            update();
        });
    }

protected:
    void showEvent(QShowEvent *) override { m_timer.start(); }
    void hideEvent(QHideEvent *) override { m_timer.stop(); }
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const int side = std::min(width(), height()) / 3;
        const QRectF arc((width() - side) / 2.0, (height() - side) / 2.0, side, side);
        // A disc under the arc keeps it visible over a busy photo.
        QColor disc = palette().color(QPalette::Base);
        disc.setAlpha(200);
        painter.setPen(Qt::NoPen);
        painter.setBrush(disc);
        painter.drawEllipse(arc.adjusted(-7, -7, 7, 7));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 3, Qt::SolidLine, Qt::RoundCap));
        painter.drawArc(arc, -m_angle * 16, 270 * 16);
    }

private:
    QTimer m_timer;
    int m_angle = 0;
};

AttachmentStrip::AttachmentStrip(QWidget *parent)
    : QWidget(parent)
{
    auto *scroller = new TileScroller(this);
    auto *row = new QWidget;
    m_layout = new QHBoxLayout(row);
    m_layout->setContentsMargins(12, 6, 12, 0);
    m_layout->setSpacing(8);
    m_layout->addStretch();
    scroller->setWidget(row);
    row->setAutoFillBackground(false); // setWidget() turned it on; the strip is on the window
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroller);
    hide();
}

void AttachmentStrip::setList(AttachmentList *list)
{
    if (m_list) {
        m_list->disconnect(this);
        qDeleteAll(m_tiles);
        m_tiles.clear();
        hide();
    }
    m_list = list;
    connect(list, &AttachmentList::itemAdded, this, &AttachmentStrip::add);
    connect(list, &AttachmentList::itemChanged, this, &AttachmentStrip::update);
    connect(list, &AttachmentList::itemRemoved, this, &AttachmentStrip::remove);
    for (const AttachmentList::Item &item : list->items())
        add(item.id);
}

void AttachmentStrip::add(int id)
{
    auto *tile = new AttachmentTile(m_list, id, this);
    connect(tile, &AttachmentTile::openRequested, this, &AttachmentStrip::openRequested);
    m_layout->insertWidget(m_layout->count() - 1, tile);
    m_tiles.insert(id, tile);
    setVisible(true);
    if (auto *scroller = findChild<QScrollArea *>(QString(), Qt::FindDirectChildrenOnly)) {
        scroller->updateGeometry();
        static_cast<TileScroller *>(scroller)->setFollowEnd(true); // the newest image is wanted
    }
}

void AttachmentStrip::update(int id)
{
    if (AttachmentTile *tile = m_tiles.value(id))
        tile->refresh();
}

void AttachmentStrip::remove(int id)
{
    delete m_tiles.take(id);
    setVisible(!m_tiles.isEmpty());
    if (auto *scroller = findChild<QScrollArea *>(QString(), Qt::FindDirectChildrenOnly)) {
        scroller->updateGeometry();
        static_cast<TileScroller *>(scroller)->setFollowEnd(false); // stay where the user was
    }
}

AttachmentTile::AttachmentTile(AttachmentList *list, int id, QWidget *parent)
    : QFrame(parent)
    , m_list(list)
    , m_id(id)
    , m_thumbnail(new QLabel(this))
    , m_caption(new QLabel(this))
    , m_detail(new QComboBox(this))
    , m_remove(new QToolButton(this))
    , m_spinner(new Spinner(m_thumbnail))
{
    setFrameShape(QFrame::StyledPanel);
    // Every tile as wide as its thumbnail: the detail row must neither widen it nor stretch it.
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    m_thumbnail->setFixedSize(TileWidth, TileSide);
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setCursor(Qt::PointingHandCursor);
    m_thumbnail->installEventFilter(this);
    m_spinner->setGeometry(m_thumbnail->rect());
    layout->addWidget(m_thumbnail);

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_caption->setFont(small);
    // Two lines for every tile, so the rows line up whatever each caption says; a CJK fallback
    // font can be taller than the Latin one, hence the slack.
    const QFontMetrics metrics(small);
    m_caption->setFixedSize(TileWidth, CaptionLines * metrics.lineSpacing() + metrics.descent());
    m_caption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    layout->addWidget(m_caption);

    auto *row = new QHBoxLayout;
    row->setSpacing(2);
    m_detail->setFont(small);
    m_detail->addItem(tr("Auto"), int(ContentPart::Detail::Unset));
    m_detail->addItem(tr("Low"), int(ContentPart::Detail::Low));
    m_detail->addItem(tr("High"), int(ContentPart::Detail::High));
    m_detail->setToolTip(tr("Detail: how closely the model looks at the image. Low costs fewer "
                            "tokens; Auto lets the server decide."));
    m_detail->setAccessibleName(tr("Detail"));
    connect(m_detail, &QComboBox::activated, this,
        [this] { m_list->setDetail(m_id, ContentPart::Detail(m_detail->currentData().toInt())); });
    m_detail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed); // takes what the row has
    QSizePolicy keepPlace = m_detail->sizePolicy();
    keepPlace.setRetainSizeWhenHidden(true); // the ✕ stays in the corner when it hides
    m_detail->setSizePolicy(keepPlace);
    row->addWidget(m_detail, 1);
    m_remove->setText(QStringLiteral("✕"));
    m_remove->setAutoRaise(true);
    m_remove->setToolTip(tr("Remove this image"));
    m_remove->setAccessibleName(tr("Remove this image"));
    connect(m_remove, &QToolButton::clicked, this, [this] { m_list->remove(m_id); });
    row->addWidget(m_remove);
    layout->addLayout(row);
    refresh();
}

bool AttachmentTile::isSpinning() const
{
    return m_spinner->isVisibleTo(this);
}

QString AttachmentTile::caption() const
{
    return m_caption->accessibleName(); // in full; the label may show it shortened
}

void AttachmentTile::refresh()
{
    const AttachmentList::Item *item = m_list->item(m_id);
    if (!item)
        return;
    const bool processing = item->state == AttachmentList::State::Processing;
    m_spinner->setVisible(processing);
    const qreal ratio = devicePixelRatioF();
    if (!item->thumbnail.isNull()) {
        m_thumbnail->setPixmap(
            thumbnailPixmap(item->thumbnail, m_thumbnail->size(), ratio, palette()));
    } else if (item->state == AttachmentList::State::Failed) {
        m_thumbnail->setPixmap(
            style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(QSize(32, 32), ratio));
    } else if (item->ref.isRemote() && !processing) {
        m_thumbnail->setText(tr("Web image"));
    }
    QString caption;
    QString tip = item->name;
    switch (item->state) {
    case AttachmentList::State::Processing:
        caption = tr("Preparing…");
        break;
    case AttachmentList::State::Failed:
        caption = item->error;
        tip = item->name.isEmpty() ? item->error : item->name + QLatin1Char('\n') + item->error;
        break;
    case AttachmentList::State::Ready:
        if (item->ref.isRemote()) {
            caption = QUrl(item->ref.url).host();
            tip = tr("%1\nSent as a link: the server fetches it.").arg(item->ref.url);
        } else {
            caption = tr("%1 × %2 · %3")
                          .arg(item->ref.width)
                          .arg(item->ref.height)
                          .arg(ImageLook::formatSize(item->bytes.size()));
            if (item->sourceSize.isValid() && item->sourceSize.width() != item->ref.width) {
                tip += QLatin1Char('\n')
                    + tr("Scaled down from %1 × %2")
                          .arg(item->sourceSize.width())
                          .arg(item->sourceSize.height());
            }
        }
        break;
    }
    // Two lines at most: the full reason is in the tooltip.
    const QString shown = fitLines(caption, m_caption->font(), TileWidth, CaptionLines);
    if (item->state == AttachmentList::State::Failed) {
        // Coloured in the text: an application style sheet's colour would override a palette.
        m_caption->setTextFormat(Qt::RichText);
        m_caption->setText(
            QStringLiteral("<span style=\"color:%1\">%2</span>")
                .arg(errorColor(palette()).name(),
                    shown.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    } else {
        m_caption->setTextFormat(Qt::PlainText);
        m_caption->setText(shown);
    }
    m_caption->setAccessibleName(caption);
    setToolTip(tip.trimmed());
    // A detail level means nothing for an image that cannot be sent.
    m_detail->setVisible(item->state != AttachmentList::State::Failed);
    m_detail->setEnabled(item->state == AttachmentList::State::Ready);
    m_detail->setCurrentIndex(std::max(0, m_detail->findData(int(item->ref.detail))));
}

bool AttachmentTile::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_thumbnail && event->type() == QEvent::MouseButtonRelease
        && static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
        emit openRequested(m_id);
        return true;
    }
    // Light to dark or back: the error red and the checkerboard follow.
    if (watched == m_thumbnail && event->type() == QEvent::PaletteChange)
        refresh();
    return QFrame::eventFilter(watched, event);
}

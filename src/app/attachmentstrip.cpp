#include "attachmentstrip.h"

#include "attachmentlist.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int TileSide = 80; // logical pixels
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
        painter.setPen(QPen(palette().color(QPalette::Highlight), 3, Qt::SolidLine, Qt::RoundCap));
        painter.drawArc(arc, -m_angle * 16, 270 * 16);
    }

private:
    QTimer m_timer;
    int m_angle = 0;
};

AttachmentStrip::AttachmentStrip(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
{
    m_layout->setContentsMargins(12, 6, 12, 0);
    m_layout->setSpacing(8);
    m_layout->addStretch();
    hide();
}

void AttachmentStrip::setList(AttachmentList *list)
{
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
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    m_thumbnail->setFixedSize(TileSide + 40, TileSide);
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setCursor(Qt::PointingHandCursor);
    m_thumbnail->installEventFilter(this);
    m_spinner->setGeometry(m_thumbnail->rect());
    layout->addWidget(m_thumbnail);

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_caption->setFont(small);
    m_caption->setFixedWidth(TileSide + 40);
    m_caption->setWordWrap(true);
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
    return m_caption->text();
}

void AttachmentTile::refresh()
{
    const AttachmentList::Item *item = m_list->item(m_id);
    if (!item)
        return;
    const bool processing = item->state == AttachmentList::State::Processing;
    m_spinner->setVisible(processing);
    if (!item->thumbnail.isNull()) {
        const qreal ratio = devicePixelRatioF();
        QPixmap pixmap = QPixmap::fromImage(item->thumbnail.scaled(
            QSize(TileSide + 40, TileSide) * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        pixmap.setDevicePixelRatio(ratio);
        m_thumbnail->setPixmap(pixmap);
    } else if (item->state == AttachmentList::State::Failed) {
        m_thumbnail->setText(QStringLiteral("⚠"));
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
                          .arg(QLocale().formattedDataSize(item->bytes.size(), 0));
            if (item->sourceSize.isValid() && item->sourceSize.width() != item->ref.width) {
                tip += QLatin1Char('\n')
                    + tr("Scaled down from %1 × %2")
                          .arg(item->sourceSize.width())
                          .arg(item->sourceSize.height());
            }
        }
        break;
    }
    const QFontMetrics metrics(m_caption->font());
    // Two lines at most: the full reason is in the tooltip.
    m_caption->setText(metrics.elidedText(caption, Qt::ElideRight, 2 * (TileSide + 36)));
    QPalette captionPalette = palette();
    if (item->state == AttachmentList::State::Failed)
        captionPalette.setColor(QPalette::WindowText, QColor(0xd0, 0x40, 0x30));
    m_caption->setPalette(captionPalette);
    setToolTip(tip.trimmed());
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
    return QFrame::eventFilter(watched, event);
}

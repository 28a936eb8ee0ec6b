#include "sidebardelegate.h"

#include "conversationlistmodel.h"
#include "conversationstore.h"

#include <QHelpEvent>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>
#include <QToolTip>

namespace {

// Rows are rounded panels inset from the view's edges, like the sidebars people know; the
// spacing is in pixels because it separates shapes, while every height that holds text comes
// from the font.
constexpr int InsetX = 6;
constexpr int InsetY = 1;
constexpr int PadX = 10;
constexpr int PadY = 6;
constexpr int LineGap = 2;
constexpr int HeaderAbove = 14;
constexpr int FirstHeaderAbove = 8;
constexpr int HeaderBelow = 4;
constexpr qreal Radius = 6;
constexpr int SnippetLines = 2;
constexpr int HitPadY = PadY + 3; // hits have no header lines to part them

// A colour between two palette colours, so dim text and hover panels follow light and dark
// palettes alike instead of assuming a background.
QColor mix(const QColor &a, const QColor &b, qreal amountOfA)
{
    const qreal amountOfB = 1 - amountOfA;
    return QColor::fromRgbF(float(a.redF() * amountOfA + b.redF() * amountOfB),
        float(a.greenF() * amountOfA + b.greenF() * amountOfB),
        float(a.blueF() * amountOfA + b.blueF() * amountOfB));
}

QPalette::ColorGroup colorGroup(const QStyleOptionViewItem &option)
{
    if (!(option.state & QStyle::State_Enabled))
        return QPalette::Disabled;
    return (option.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
}

QFont smallerFont(const QFont &font)
{
    QFont small = font;
    if (font.pointSizeF() > 0)
        small.setPointSizeF(font.pointSizeF() * 0.85);
    else
        small.setPixelSize(qMax(8, qRound(font.pixelSize() * 0.85)));
    return small;
}

struct RowColors
{
    QColor text;
    QColor dim;
    QColor mark; // behind matched text
};

// The panel behind a selected or hovered row, and the colours of the text on it.
RowColors paintPanel(QPainter *painter, const QStyleOptionViewItem &option, const QRect &panel)
{
    const QPalette::ColorGroup group = colorGroup(option);
    const QPalette &palette = option.palette;
    const QColor base = palette.color(group, QPalette::Base);
    const QColor text = palette.color(group, QPalette::Text);
    if (option.state & QStyle::State_Selected) {
        const QColor highlight = palette.color(group, QPalette::Highlight);
        const QColor highlighted = palette.color(group, QPalette::HighlightedText);
        painter->setPen(Qt::NoPen);
        painter->setBrush(highlight);
        painter->drawRoundedRect(panel, Radius, Radius);
        return { highlighted, mix(highlighted, highlight, 0.75), mix(highlighted, highlight, 0.2) };
    }
    if (option.state & QStyle::State_MouseOver) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(mix(text, base, 0.07));
        painter->drawRoundedRect(panel, Radius, Radius);
    }
    return { text, mix(text, base, 0.6),
        mix(palette.color(group, QPalette::Highlight), base, 0.28) };
}

// A push pin, drawn rather than taken from an icon theme, which many desktops lack.
void drawPin(QPainter *painter, const QRectF &box, const QColor &color)
{
    const qreal s = box.height();
    painter->save();
    painter->translate(box.center());
    painter->rotate(45);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    // Head, collar and needle, upright before the turn.
    painter->drawRoundedRect(QRectF(-s * 0.22, -s * 0.5, s * 0.44, s * 0.4), s * 0.1, s * 0.1);
    QPolygonF collar;
    collar << QPointF(-s * 0.22, -s * 0.14) << QPointF(s * 0.22, -s * 0.14)
           << QPointF(s * 0.4, s * 0.06) << QPointF(-s * 0.4, s * 0.06);
    painter->drawPolygon(collar);
    QPen needle(color, qMax<qreal>(1.5, s * 0.12));
    needle.setCapStyle(Qt::RoundCap);
    painter->setPen(needle);
    painter->drawLine(QPointF(0, s * 0.06), QPointF(0, s * 0.5));
    painter->restore();
}

// Text with marked ranges, wrapped to at most `maxLines` lines, the last one ending in an
// ellipsis when the text goes on.
void drawMarkedText(QPainter *painter, const QRect &rect, const QString &text,
    const QList<std::pair<qsizetype, qsizetype>> &marks, const QFont &font, const RowColors &colors,
    int maxLines, Qt::LayoutDirection direction)
{
    QString shown = text;
    shown.replace(u'\n', u' '); // the same length: the marks still fit
    QTextCharFormat marked;
    marked.setFontWeight(QFont::Bold);
    marked.setBackground(colors.mark);
    QList<QTextLayout::FormatRange> ranges;
    for (const auto &[start, length] : marks) {
        if (start < 0 || length <= 0 || start + length > shown.size())
            continue;
        ranges.append({ int(start), int(length), marked });
    }
    QTextLayout layout(shown, font, painter->device());
    layout.setFormats(ranges);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    textOption.setTextDirection(direction);
    layout.setTextOption(textOption);
    const QString ellipsis(QChar(0x2026));
    const qreal ellipsisWidth = QFontMetricsF(font, painter->device()).horizontalAdvance(ellipsis);

    layout.beginLayout();
    QTextLine last;
    qreal y = 0;
    for (int i = 0; i < maxLines; ++i) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(rect.width());
        line.setPosition(QPointF(0, y));
        y += line.height();
        last = line;
    }
    const bool truncated = last.isValid() && last.textStart() + last.textLength() < shown.size();
    if (truncated)
        last.setLineWidth(qMax<qreal>(0, rect.width() - ellipsisWidth));
    layout.endLayout();

    painter->setPen(colors.text);
    layout.draw(painter, rect.topLeft());
    if (truncated) {
        const qreal x = direction == Qt::RightToLeft
            ? rect.right() - last.naturalTextWidth() - ellipsisWidth
            : rect.left() + last.naturalTextWidth();
        painter->setFont(font);
        painter->drawText(QPointF(x, rect.top() + last.y() + last.ascent()), ellipsis);
    }
}

} // namespace

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
    setToday(QDate::currentDate());
}

ConversationDelegate::~ConversationDelegate() = default;

void ConversationDelegate::setToday(QDate today)
{
    m_today = today;
    m_todayStart = today.startOfDay().toMSecsSinceEpoch();
    m_yesterdayStart = today.addDays(-1).startOfDay().toMSecsSinceEpoch();
    m_weekStart = today.addDays(-7).startOfDay().toMSecsSinceEpoch();
}

ConversationDelegate::Group ConversationDelegate::groupOf(
    bool pinned, const QDateTime &updated) const
{
    if (pinned)
        return Group::Pinned;
    if (!updated.isValid())
        return Group::Older;
    const qint64 ms = updated.toMSecsSinceEpoch();
    // A time ahead of the clock (another machine's, synced) still reads as today.
    if (ms >= m_todayStart)
        return Group::Today;
    if (ms >= m_yesterdayStart)
        return Group::Yesterday;
    if (ms >= m_weekStart)
        return Group::PreviousWeek;
    return Group::Older;
}

ConversationDelegate::Group ConversationDelegate::groupOf(const QModelIndex &index) const
{
    return groupOf(index.data(ConversationListModel::PinnedRole).toBool(),
        index.data(ConversationListModel::UpdatedRole).toDateTime());
}

QString ConversationDelegate::groupName(Group group)
{
    switch (group) {
    case Group::Pinned:
        return tr("Pinned");
    case Group::Today:
        return tr("Today");
    case Group::Yesterday:
        return tr("Yesterday");
    case Group::PreviousWeek:
        return tr("Previous 7 days");
    case Group::Older:
        return tr("Older");
    }
    return {};
}

namespace {
int previousShownRow(const QModelIndex &index, const QListView *view)
{
    for (int row = index.row() - 1; row >= 0; --row) {
        if (!view || !view->isRowHidden(row))
            return row;
    }
    return -1;
}
} // namespace

bool ConversationDelegate::startsGroup(const QModelIndex &index, const QListView *view) const
{
    const int previous = previousShownRow(index, view);
    return previous < 0 || groupOf(index.siblingAtRow(previous)) != groupOf(index);
}

int ConversationDelegate::headerHeight(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *view = qobject_cast<const QListView *>(option.widget);
    const int previous = previousShownRow(index, view);
    if (previous >= 0 && groupOf(index.siblingAtRow(previous)) == groupOf(index))
        return 0;
    const Metrics &m = metrics(option.font);
    return (previous < 0 ? FirstHeaderAbove : HeaderAbove) + m.smallHeight + HeaderBelow;
}

const ConversationDelegate::Metrics &ConversationDelegate::metrics(const QFont &font) const
{
    if (m_metrics.itemHeight == 0 || m_metrics.font != font) {
        m_metrics.font = font;
        m_metrics.smallFont = smallerFont(font);
        m_metrics.headerFont = m_metrics.smallFont;
        m_metrics.headerFont.setWeight(QFont::DemiBold);
        m_metrics.titleHeight = QFontMetrics(font).height();
        m_metrics.smallHeight = qMax(QFontMetrics(m_metrics.smallFont).height(),
            QFontMetrics(m_metrics.headerFont).height());
        m_metrics.itemHeight
            = 2 * InsetY + 2 * PadY + m_metrics.titleHeight + LineGap + m_metrics.smallHeight;
    }
    return m_metrics;
}

QRect ConversationDelegate::itemRect(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return option.rect.adjusted(InsetX, headerHeight(option, index) + InsetY, -InsetX, -InsetY);
}

QSize ConversationDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Metrics &m = metrics(option.font);
    // The width is the view's to give; a small one keeps the view from scrolling sideways.
    return { 2 * (InsetX + PadX) + m.titleHeight, m.itemHeight + headerHeight(option, index) };
}

void ConversationDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Metrics &m = metrics(option.font);
    const int header = headerHeight(option, index);
    const QPalette::ColorGroup group = colorGroup(option);
    const QColor base = option.palette.color(group, QPalette::Base);
    const QColor text = option.palette.color(group, QPalette::Text);
    const Qt::Alignment left = QStyle::visualAlignment(option.direction, Qt::AlignLeft);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (header > 0) {
        const QRect headerRect(option.rect.left() + InsetX + PadX, option.rect.top(),
            option.rect.width() - 2 * (InsetX + PadX), header - HeaderBelow);
        painter->setFont(m.headerFont);
        painter->setPen(mix(text, base, 0.62));
        const QString name
            = QFontMetrics(m.headerFont)
                  .elidedText(groupName(groupOf(index)), Qt::ElideRight, headerRect.width());
        painter->drawText(headerRect, left | Qt::AlignBottom | Qt::TextSingleLine, name);
    }

    const QRect panel = itemRect(option, index);
    const RowColors colors = paintPanel(painter, option, panel);
    const QRect content = panel.adjusted(PadX, PadY, -PadX, -PadY);
    const bool pinned = index.data(ConversationListModel::PinnedRole).toBool();
    const int pinSize = m.smallHeight;

    QRect titleRect(content.left(), content.top(), titleWidth(option, index), m.titleHeight);
    titleRect = QStyle::visualRect(option.direction, content, titleRect);
    painter->setFont(option.font);
    painter->setPen(colors.text);
    const QString title = option.fontMetrics.elidedText(
        index.data(Qt::DisplayRole).toString(), Qt::ElideRight, titleRect.width());
    painter->drawText(titleRect, left | Qt::AlignVCenter | Qt::TextSingleLine, title);

    if (pinned) {
        const QRect pinBox = QStyle::visualRect(option.direction, content,
            QRect(content.right() - pinSize + 1, titleRect.center().y() - pinSize / 2, pinSize,
                pinSize));
        drawPin(painter, pinBox, colors.dim);
    }

    const QString model = index.data(ConversationListModel::ModelRole).toString();
    if (!model.isEmpty()) {
        QRect modelRect(content.left(), content.top() + m.titleHeight + LineGap, content.width(),
            m.smallHeight);
        modelRect = QStyle::visualRect(option.direction, content, modelRect);
        painter->setFont(m.smallFont);
        painter->setPen(colors.dim);
        painter->drawText(modelRect, left | Qt::AlignVCenter | Qt::TextSingleLine,
            QFontMetrics(m.smallFont).elidedText(model, Qt::ElideRight, modelRect.width()));
    }
    painter->restore();
}

int ConversationDelegate::titleWidth(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = option.rect.width() - 2 * (InsetX + PadX);
    if (!index.data(ConversationListModel::PinnedRole).toBool())
        return width;
    return width - metrics(option.font).smallHeight - PadX / 2; // the pin's room
}

bool ConversationDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    // Only a title cut short needs one; any other would repeat what the row shows.
    const QString title = index.data(Qt::DisplayRole).toString();
    if (option.fontMetrics.horizontalAdvance(title) > titleWidth(option, index))
        QToolTip::showText(event->globalPos(), title, view);
    else
        QToolTip::hideText();
    return true;
}

QWidget *ConversationDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *editor = new QLineEdit(parent);
    // An empty title is allowed: the conversation is then shown the way the list shows
    // untitled ones, which is what the placeholder says.
    editor->setPlaceholderText(ConversationListModel::tr("New chat"));
    return editor;
}

void ConversationDelegate::updateEditorGeometry(
    QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Metrics &m = metrics(option.font);
    const QRect panel = itemRect(option, index);
    const int height = qMin(panel.height(), qMax(editor->sizeHint().height(), m.titleHeight));
    const int titleCenter = panel.top() + PadY + m.titleHeight / 2;
    const int top = qBound(panel.top(), titleCenter - height / 2, panel.bottom() - height + 1);
    editor->setGeometry(panel.left() + PadX / 2, top, panel.width() - PadX, height);
}

SearchHitDelegate::SearchHitDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

SearchHitDelegate::~SearchHitDelegate() = default;

QSize SearchHitDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const SearchHit hit = index.data(HitRole).value<SearchHit>();
    const int line = option.fontMetrics.lineSpacing();
    // Excerpts take two lines whether or not they fill them: one height for every message hit
    // keeps the list calm while results replace each other as the user types.
    const int body = hit.messageId == 0
        ? line
        : QFontMetrics(smallerFont(option.font)).height() + LineGap + SnippetLines * line;
    return { 2 * (InsetX + PadX) + line, 2 * (InsetY + HitPadY) + body };
}

void SearchHitDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const SearchHit hit = index.data(HitRole).value<SearchHit>();
    const QFont small = smallerFont(option.font);
    const QFontMetrics smallMetrics(small);
    const Qt::Alignment left = QStyle::visualAlignment(option.direction, Qt::AlignLeft);
    const Qt::Alignment right = QStyle::visualAlignment(option.direction, Qt::AlignRight);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect panel = option.rect.adjusted(InsetX, InsetY, -InsetX, -InsetY);
    const RowColors colors = paintPanel(painter, option, panel);
    const QRect content = panel.adjusted(PadX, HitPadY, -PadX, -HitPadY);

    const QDateTime local = hit.time.toLocalTime();
    const QString when = local.date() == QDate::currentDate()
        ? QLocale().toString(local.time(), QLocale::ShortFormat)
        : QLocale().toString(local.date(), QLocale::ShortFormat);
    const int whenWidth = hit.time.isValid() ? smallMetrics.horizontalAdvance(when) + PadX : 0;
    const int firstLine
        = hit.messageId == 0 ? option.fontMetrics.lineSpacing() : smallMetrics.height();
    if (hit.time.isValid()) {
        painter->setFont(small);
        painter->setPen(colors.dim);
        painter->drawText(QRect(content.left(), content.top(), content.width(), firstLine),
            right | Qt::AlignVCenter | Qt::TextSingleLine, when);
    }

    QRect textRect(content.left(), content.top(), content.width() - whenWidth, firstLine);
    textRect = QStyle::visualRect(option.direction, content, textRect);
    if (hit.messageId == 0) {
        drawMarkedText(painter, textRect, hit.snippet.text, hit.snippet.highlights, option.font,
            colors, 1, option.direction);
    } else {
        const QString title = hit.conversationTitle.trimmed().isEmpty()
            ? ConversationListModel::tr("New chat")
            : hit.conversationTitle;
        painter->setFont(small);
        painter->setPen(colors.dim);
        painter->drawText(textRect, left | Qt::AlignVCenter | Qt::TextSingleLine,
            smallMetrics.elidedText(title, Qt::ElideRight, textRect.width()));
        const QRect snippetRect(content.left(), content.top() + firstLine + LineGap,
            content.width(), content.bottom() - (content.top() + firstLine + LineGap) + 1);
        const SearchText::Snippet shown = SearchText::withoutMarkdown(hit.snippet);
        drawMarkedText(painter, snippetRect, shown.text, shown.highlights, option.font, colors,
            SnippetLines, option.direction);
    }
    painter->restore();
}

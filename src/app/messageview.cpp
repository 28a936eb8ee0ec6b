#include "messageview.h"

#include "activepathmodel.h"
#include "codehighlighter.h"
#include "streamingmarkdown.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QImageReader>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextImageFormat>
#include <QToolButton>
#include <QToolTip>

namespace {

constexpr int Margin = 20; // left and right of the messages
constexpr int Spacing = 18; // between two messages
constexpr int BubblePadding = 10;
// Markdown images are fitted into this box: a reply is for reading, not an image viewer.
constexpr int MaxImageWidth = 560;
constexpr int MaxImageHeight = 420;

bool isWebUrl(const QUrl &url)
{
    return url.scheme() == QLatin1StringView("http") || url.scheme() == QLatin1StringView("https");
}

// Images stored with a message are named in its documents by this scheme and their hash.
constexpr QLatin1StringView StoredScheme("confab-image");
// A question's images are shown smaller than a reply's.
constexpr int QuestionImageWidth = 200;
constexpr int QuestionImageHeight = 150;

QString storedImageName(const QByteArray &hash)
{
    return StoredScheme + QLatin1Char(':') + QLatin1StringView(hash);
}

QByteArray storedImageHash(const QString &name)
{
    return name.startsWith(StoredScheme + QLatin1Char(':'))
        ? name.mid(StoredScheme.size() + 1).toLatin1()
        : QByteArray();
}

QList<QVariantMap> imagesOf(const QModelIndex &index)
{
    QList<QVariantMap> images;
    for (const QVariant &v : index.data(ActivePathModel::ImagesRole).toList())
        images.append(v.toMap());
    return images;
}

QString imageName(const QVariantMap &image)
{
    const QString url = image.value(QStringLiteral("url")).toString();
    return url.isEmpty() ? storedImageName(image.value(QStringLiteral("hash")).toByteArray()) : url;
}

// A reply's images (an `images` array some gateways send) follow its text, as Markdown.
QString withImages(const QString &text, const QModelIndex &index)
{
    const QList<QVariantMap> images = imagesOf(index);
    if (images.isEmpty())
        return text;
    QString all = text;
    // With an alt text: Qt's Markdown reader drops an image that has none.
    for (const QVariantMap &image : images)
        all += QLatin1StringView("\n\n![image](") + imageName(image) + QLatin1Char(')');
    return all;
}

// A question's images, as thumbnails in a paragraph before its text.
void insertQuestionImages(QTextDocument &document, const QList<QVariantMap> &images)
{
    if (images.isEmpty())
        return;
    QTextCursor cursor(&document);
    cursor.movePosition(QTextCursor::Start);
    for (const QVariantMap &image : images) {
        QTextImageFormat format;
        format.setName(imageName(image));
        const QSize size(image.value(QStringLiteral("width")).toInt(),
            image.value(QStringLiteral("height")).toInt());
        if (!size.isEmpty() && image.value(QStringLiteral("url")).toString().isEmpty()) {
            const QSize shown
                = size.scaled(QuestionImageWidth, QuestionImageHeight, Qt::KeepAspectRatio)
                      .boundedTo(size);
            format.setWidth(shown.width());
            format.setHeight(shown.height());
        }
        cursor.insertImage(format);
        cursor.insertText(QStringLiteral(" "));
    }
    if (document.characterCount() > cursor.position() + 1)
        cursor.insertBlock();
}

// The bytes of a data: URL ("data:image/png;base64,...").
QByteArray dataUrlBytes(const QUrl &url)
{
    const QByteArray encoded = url.toEncoded();
    const qsizetype comma = encoded.indexOf(',');
    if (comma < 0)
        return {};
    const QByteArray payload = QByteArray::fromPercentEncoding(encoded.mid(comma + 1));
    if (encoded.first(comma).endsWith(";base64"))
        return QByteArray::fromBase64(payload);
    return payload;
}
// A message further than this many viewport heights from the visible ones drops its layout.
constexpr int KeepScreens = 3;

bool isStreamingState(int state)
{
    return state == int(Message::State::Streaming);
}

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
        float(a.greenF() * (1 - t) + b.greenF() * t), float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor linkColor(const QPalette &palette)
{
    QColor link = palette.color(QPalette::Link);
    if (isDark(palette) && link.lightness() < 150)
        link = QColor(0x8a, 0xb4, 0xf8); // many dark themes keep a link blue made for white
    return link;
}

int documentHeight(QTextDocument *document)
{
    return qCeil(document->documentLayout()->documentSize().height());
}

} // namespace

// What the view knows of one row. The documents exist only while the row is near the screen.
struct MessageView::Item
{
    std::unique_ptr<StreamingMarkdown> body;
    std::unique_ptr<StreamingMarkdown> reasoning;
    std::unique_ptr<QTextDocument> plain; // a question, shown as typed
    QString plainText; // its text, without the images shown with it
    qsizetype bodyLength = 0;
    qsizetype reasoningLength = 0;
    int renderedWidth = -1;
    int height = -1; // measured at renderedWidth; -1: an estimate is used
    int estimated = -1; // the estimate, at the view's width
    bool dirty = true;
    bool reasoningOpen = true;
    bool reasoningToggled = false; // the user chose, the view no longer does
    QElapsedTimer thinking; // from the first reasoning delta seen live
    qint64 thoughtMs = -1;
    // Geometry, relative to the item's top, from the last measure().
    int headerY = 0;
    int reasoningY = -1;
    int bodyY = 0;
    int footerY = 0;
    int textX = Margin;
    std::vector<int> reasoningSegmentY;
    std::vector<int> bodySegmentY;

    bool hasDocuments() const { return body || plain; }
    void release()
    {
        body.reset();
        reasoning.reset();
        plain.reset();
        bodyLength = reasoningLength = 0;
        renderedWidth = -1;
    }
    QTextDocument *segment(int part, int index) const
    {
        if (part == 1)
            return reasoning ? reasoning->segment(index) : nullptr;
        if (plain)
            return index == 0 ? plain.get() : nullptr;
        return body ? body->segment(index) : nullptr;
    }
    int segmentCount(int part) const
    {
        if (part == 1)
            return reasoning ? reasoning->segmentCount() : 0;
        if (plain)
            return 1;
        return body ? body->segmentCount() : 0;
    }
    int segmentY(int part, int index) const
    {
        const std::vector<int> &ys = part == 1 ? reasoningSegmentY : bodySegmentY;
        return index < int(ys.size()) ? ys[size_t(index)] : 0;
    }
};

MessageView::MessageView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_jump(new QToolButton(viewport()))
{
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setCursor(Qt::IBeamCursor);
    verticalScrollBar()->setSingleStep(40);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_settingScroll)
            m_following = value >= verticalScrollBar()->maximum() - 4;
        updateJumpButton();
    });
    m_jump->setText(tr("Jump to latest"));
    m_jump->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_jump->setAutoRaise(false);
    m_jump->setCursor(Qt::ArrowCursor);
    m_jump->hide();
    connect(m_jump, &QToolButton::clicked, this, &MessageView::scrollToBottom);
    m_relayoutTimer.setSingleShot(true);
    m_relayoutTimer.setInterval(0);
    connect(&m_relayoutTimer, &QTimer::timeout, this, [this] {
        relayout();
        viewport()->update();
    });
}

MessageView::~MessageView() = default;

void MessageView::setModel(ActivePathModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &MessageView::onRowsInserted);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MessageView::onRowsRemoved);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &MessageView::onDataChanged);
        connect(m_model, &QAbstractItemModel::modelReset, this, &MessageView::onReset);
        connect(m_model, &QObject::destroyed, this, &MessageView::onReset);
    }
    onReset();
}

void MessageView::onReset()
{
    m_items.clear();
    m_anchor = m_head = Hit();
    const int rows = m_model ? m_model->rowCount() : 0;
    for (int i = 0; i < rows; ++i)
        m_items.push_back(std::make_unique<Item>());
    // A conversation opens at its end: the last screenful is what gets laid out.
    m_following = true;
    relayout();
    scrollToBottom();
    viewport()->update();
}

void MessageView::onRowsInserted(const QModelIndex &, int first, int last)
{
    for (int i = first; i <= last; ++i)
        m_items.insert(m_items.begin() + i, std::make_unique<Item>());
    m_anchor = m_head = Hit();
    scheduleRelayout();
}

void MessageView::onRowsRemoved(const QModelIndex &, int first, int last)
{
    m_items.erase(m_items.begin() + first, m_items.begin() + last + 1);
    m_anchor = m_head = Hit();
    scheduleRelayout();
}

void MessageView::onDataChanged(const QModelIndex &from, const QModelIndex &to, const QList<int> &)
{
    for (int row = from.row(); row <= to.row() && row < int(m_items.size()); ++row) {
        syncText(row);
        m_items[size_t(row)]->dirty = true;
        m_items[size_t(row)]->estimated = -1;
    }
    scheduleRelayout();
}

void MessageView::scheduleRelayout()
{
    // Changes that arrive together (the model's coalesced deltas, a branch switch's removal and
    // insertion) are laid out once.
    if (!m_relayoutTimer.isActive())
        m_relayoutTimer.start();
}

int MessageView::contentWidth() const
{
    return qMax(200, viewport()->width());
}

void MessageView::prepareSegment(QTextDocument &document, bool reasoning) const
{
    document.setDocumentMargin(0);
    QFont font = this->font();
    if (reasoning)
        font.setPointSizeF(font.pointSizeF() * 0.92);
    document.setDefaultFont(font);
    document.setUndoRedoEnabled(false);
    QTextDocument *target = &document;
    document.setResourceProvider(
        [this, target](const QUrl &url) { return imageResource(*target, url); });
    new CodeHighlighter(&document,
        isDark(palette()) ? CodeHighlighter::ColorScheme::Dark
                          : CodeHighlighter::ColorScheme::Light);
}

QVariant MessageView::imageResource(QTextDocument &document, const QUrl &url) const
{
    if (url.scheme() == StoredScheme) {
        const QByteArray hash = url.path().toLatin1();
        const auto stored = m_storedImages.constFind(hash);
        if (stored != m_storedImages.cend())
            return stored->isNull() ? placeholder(tr("This image is no longer stored")) : *stored;
        if (!m_storedRequested.contains(hash)) {
            m_storedRequested.insert(hash);
            // Asked after the layout that wants it, not in the middle of it.
            auto *self = const_cast<MessageView *>(this);
            QMetaObject::invokeMethod(
                self, [self, hash] { emit self->storedImageRequested(hash); },
                Qt::QueuedConnection);
        }
        return placeholder(tr("Loading the image…"));
    }
    if (isWebUrl(url)) {
        // Not kept in the document: the placeholder changes when the image comes.
        const QString key = url.toString();
        const QString host = url.host();
        const auto loaded = m_webImages.constFind(key);
        if (loaded != m_webImages.cend()) {
            return loaded->isNull()
                ? placeholder(tr("The image from %1 could not be loaded").arg(host))
                : *loaded;
        }
        if (m_webImagesLoading.contains(key))
            return placeholder(tr("Loading the image from %1…").arg(host));
        return placeholder(tr("Show the image from %1").arg(host));
    }
    QImage image;
    if (url.scheme() == QLatin1StringView("data"))
        image = decodeImage(dataUrlBytes(url));
    if (image.isNull()) {
        image = url.scheme() == QLatin1StringView("data")
            ? placeholder(tr("This image could not be shown"))
            : placeholder(tr("Image not shown: %1").arg(url.fileName()));
    }
    // Decoded once: the document keeps it for its next layouts.
    document.addResource(QTextDocument::ImageResource, url, image);
    return image;
}

QImage MessageView::decodeImage(const QByteArray &bytes)
{
    constexpr qsizetype MaxBytes = 16 * 1024 * 1024;
    constexpr qint64 MaxPixels = 64LL * 1024 * 1024; // a small file may claim a huge picture
    if (bytes.isEmpty() || bytes.size() > MaxBytes)
        return {};
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) {
        if (qint64(size.width()) * size.height() > MaxPixels)
            return {};
        const QSize fitted = size.scaled(QSize(MaxImageWidth, MaxImageHeight), Qt::KeepAspectRatio);
        if (fitted.width() < size.width())
            reader.setScaledSize(fitted);
    }
    QImage image = reader.read();
    if (image.width() > MaxImageWidth || image.height() > MaxImageHeight)
        image = image.scaled(
            QSize(MaxImageWidth, MaxImageHeight), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QImage MessageView::placeholder(const QString &text) const
{
    const auto cached = m_placeholders.constFind(text);
    if (cached != m_placeholders.cend())
        return *cached;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    const QFontMetrics metrics(small);
    const QSize size(metrics.horizontalAdvance(text) + 28, metrics.height() + 16);
    const qreal ratio = devicePixelRatioF();
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    // The colours of a code block's frame and of the actions under a reply.
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor ink = pal.color(QPalette::Text);
    painter.setPen(blend(ink, base, 0.7));
    painter.setBrush(blend(base, ink, isDark(pal) ? 0.10 : 0.05));
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 6, 6);
    painter.setFont(small);
    painter.setPen(linkColor(pal));
    painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, text);
    painter.end();
    m_placeholders.insert(text, image);
    return image;
}

void MessageView::setImage(const QUrl &url, const QImage &image)
{
    const QString key = url.toString();
    m_webImagesLoading.remove(key);
    m_webImages.insert(key, image);
    refreshImage(key);
}

void MessageView::setStoredImage(const QByteArray &hash, const QImage &image)
{
    m_storedImages.insert(hash, image);
    refreshImage(storedImageName(hash));
}

void MessageView::refreshImage(const QString &key)
{
    // The documents showing it are laid out again, with its size.
    for (auto &item : m_items) {
        if (!item->hasDocuments())
            continue;
        for (int part = 0; part < 2; ++part) {
            for (int s = 0; s < item->segmentCount(part); ++s) {
                QTextDocument *document = item->segment(part, s);
                bool shows = false;
                for (QTextBlock b = document->begin(); b.isValid() && !shows; b = b.next()) {
                    for (auto f = b.begin(); !f.atEnd() && !shows; ++f) {
                        const QTextCharFormat format = f.fragment().charFormat();
                        shows = format.isImageFormat() && format.toImageFormat().name() == key;
                    }
                }
                if (shows) {
                    document->markContentsDirty(0, document->characterCount());
                    item->dirty = true;
                }
            }
        }
    }
    relayout();
    viewport()->update();
}

QString MessageView::imageAt(const QPoint &pos) const
{
    const Hit hit = hitTest(pos);
    if (!hit.isValid())
        return {};
    const Item &item = *m_items[size_t(hit.row)];
    QTextDocument *document = item.segment(hit.part, hit.segment);
    const int contentY = pos.y() + verticalScrollBar()->value();
    const QString name = document->documentLayout()->imageAt(
        QPointF(pos.x() - (hit.part == 1 ? item.textX + 14 : item.textX),
            contentY - m_tops[size_t(hit.row)] - item.segmentY(hit.part, hit.segment)));
    return isWebUrl(QUrl(name)) || !storedImageHash(name).isEmpty() ? name : QString();
}

void MessageView::ensureRendered(int row)
{
    Item &item = *m_items[size_t(row)];
    const QModelIndex index = m_model->index(row);
    const bool user = index.data(ActivePathModel::RoleRole).toString() == QLatin1StringView("user");
    const int width = contentWidth();
    const int textWidth
        = user ? int(width * 0.75) - 2 * Margin - 2 * BubblePadding : width - 2 * Margin;
    if (!item.hasDocuments()) {
        if (user) {
            item.plain = std::make_unique<QTextDocument>();
            prepareSegment(*item.plain, false);
            item.plainText = index.data().toString();
            item.plain->setPlainText(item.plainText);
            insertQuestionImages(*item.plain, imagesOf(index));
        } else {
            auto prepare = [this](QTextDocument &d) {
                prepareSegment(d, false);
            };
            item.body = std::make_unique<StreamingMarkdown>(prepare);
            item.reasoning = std::make_unique<StreamingMarkdown>(
                [this](QTextDocument &d) { prepareSegment(d, true); });
        }
        item.renderedWidth = -1;
        syncText(row);
    }
    if (item.renderedWidth != textWidth) {
        // Only the segments whose width differs (a new one): setting a width lays a document
        // out again, and a long reply has many.
        for (int part = 0; part < 2; ++part) {
            const qreal width = part == 1 ? textWidth - 14 : textWidth;
            for (int s = 0; s < item.segmentCount(part); ++s) {
                if (!qFuzzyCompare(item.segment(part, s)->textWidth(), width))
                    item.segment(part, s)->setTextWidth(width);
            }
        }
        item.renderedWidth = textWidth;
        item.dirty = true;
    }
}

void MessageView::syncText(int row)
{
    Item &item = *m_items[size_t(row)];
    if (!item.hasDocuments())
        return;
    const QModelIndex index = m_model->index(row);
    const bool streaming = isStreamingState(index.data(ActivePathModel::StateRole).toInt());
    if (item.plain) {
        const QString text = index.data().toString();
        if (item.plainText != text) {
            item.plainText = text;
            item.plain->setPlainText(text);
            insertQuestionImages(*item.plain, imagesOf(index));
        }
        return;
    }
    const QString text
        = streaming ? index.data().toString() : withImages(index.data().toString(), index);
    // Text only grows while a reply streams; anything else is rendered afresh.
    // While it streams, only the new text is appended. When it ends, the deltas not shown yet
    // are appended and the text finished; rendering the whole reply again would stall the
    // window for as long as a long reply takes to import.
    auto sync = [streaming](StreamingMarkdown &renderer, qsizetype &length, const QString &now) {
        const QString &shown = renderer.text();
        if (streaming && now.size() >= length && !renderer.isComplete()) {
            renderer.append(QStringView(now).mid(length));
        } else if (!streaming && !renderer.isComplete() && now.size() >= shown.size()
            && QStringView(now).first(shown.size()) == shown) {
            renderer.append(QStringView(now).mid(shown.size()));
            renderer.finish();
        } else if (shown != now || renderer.isComplete() == streaming) {
            renderer.setText(now, !streaming);
        }
        length = now.size();
    };
    const QString reasoning = index.data(ActivePathModel::ReasoningRole).toString();
    if (streaming && !reasoning.isEmpty() && !item.thinking.isValid())
        item.thinking.start();
    if (item.thinking.isValid() && item.thoughtMs < 0 && (!text.isEmpty() || !streaming))
        item.thoughtMs = item.thinking.elapsed();
    if (!streaming) {
        // The time measured where the stream arrived, which a reopened reply has too.
        const qint64 thought = index.data(ActivePathModel::TimingsRole)
                                   .toMap()
                                   .value(QStringLiteral("reasoningMs"), -1)
                                   .toLongLong();
        if (thought >= 0)
            item.thoughtMs = thought;
    }
    if (!item.reasoningToggled)
        item.reasoningOpen = streaming && text.isEmpty();
    const int width = item.renderedWidth;
    const int before = item.body->segmentCount() + item.reasoning->segmentCount();
    sync(*item.body, item.bodyLength, text);
    sync(*item.reasoning, item.reasoningLength, reasoning);
    if (width > 0 && item.body->segmentCount() + item.reasoning->segmentCount() != before)
        item.renderedWidth = -1; // new segments need their width
}

int MessageView::estimate(int row) const
{
    // Before a row is laid out: a guess from its length, replaced when it is measured.
    const QString text = m_model->index(row).data().toString();
    const int perLine
        = qMax(20, (contentWidth() - 2 * Margin) / qMax(1, fontMetrics().averageCharWidth()));
    const int lines = int(text.size()) / perLine + 1 + int(text.count(QLatin1Char('\n')) / 2);
    return lines * fontMetrics().lineSpacing() + 3 * fontMetrics().lineSpacing() + Spacing;
}

int MessageView::measure(int row)
{
    ensureRendered(row);
    Item &item = *m_items[size_t(row)];
    const QModelIndex index = m_model->index(row);
    const QFontMetrics fm(font());
    const bool user = bool(item.plain);
    int y = Spacing / 2;
    item.headerY = y;
    y += fm.lineSpacing() + 4;
    item.reasoningY = -1;
    item.reasoningSegmentY.clear();
    if (!user && item.reasoning->segmentCount() > 0 && !item.reasoning->text().isEmpty()) {
        item.reasoningY = y;
        y += fm.lineSpacing() + 6;
        if (item.reasoningOpen) {
            for (int s = 0; s < item.reasoning->segmentCount(); ++s) {
                item.reasoningSegmentY.push_back(y);
                y += documentHeight(item.reasoning->segment(s));
            }
            y += 8;
        }
    }
    item.bodyY = y;
    item.bodySegmentY.clear();
    if (user) {
        item.textX = contentWidth() - Margin - BubblePadding
            - qMin(item.renderedWidth, qCeil(item.plain->idealWidth()));
        y += BubblePadding;
        item.bodySegmentY.push_back(y);
        y += documentHeight(item.plain.get()) + BubblePadding;
    } else {
        item.textX = Margin;
        for (int s = 0; s < item.body->segmentCount(); ++s) {
            item.bodySegmentY.push_back(y);
            y += documentHeight(item.body->segment(s));
        }
    }
    const int state = index.data(ActivePathModel::StateRole).toInt();
    item.footerY = y + 6;
    y = item.footerY + fm.lineSpacing() + 4;
    if (state == int(Message::State::Failed) || state == int(Message::State::CutOff)
        || state == int(Message::State::Interrupted) || state == int(Message::State::Stopped))
        y += fm.lineSpacing() + 6; // the line that says what happened
    y += Spacing / 2;
    item.height = y;
    item.dirty = false;
    return y;
}

void MessageView::updateTops()
{
    m_tops.resize(m_items.size() + 1);
    int y = 8;
    for (size_t i = 0; i < m_items.size(); ++i) {
        m_tops[i] = y;
        Item &item = *m_items[i];
        // Kept: this runs at every streamed frame, over every row of a long conversation.
        if (item.height < 0 && item.estimated < 0)
            item.estimated = estimate(int(i));
        y += item.height >= 0 ? item.height : item.estimated;
    }
    m_tops[m_items.size()] = y + 8;
}

int MessageView::rowAt(int contentY) const
{
    if (m_items.empty())
        return -1;
    const auto it = std::upper_bound(m_tops.begin(), m_tops.end() - 1, contentY);
    return qBound(0, int(it - m_tops.begin()) - 1, int(m_items.size()) - 1);
}

void MessageView::relayout()
{
    if (!m_model)
        return;
    if (m_width != contentWidth()) {
        m_width = contentWidth();
        for (auto &item : m_items) {
            item->dirty = true;
            item->estimated = -1; // a guess for another width
        }
    }
    updateTops();
    const int viewHeight = viewport()->height();
    // Keep what is at the top of the view where it is while rows above change height.
    const int scroll = verticalScrollBar()->value();
    const int anchorRow = m_following ? -1 : rowAt(scroll);
    const int anchorOffset = anchorRow >= 0 ? scroll - m_tops[size_t(anchorRow)] : 0;

    for (int pass = 0; pass < 3; ++pass) {
        const int total = m_tops.back();
        const int top = m_following ? qMax(0, total - viewHeight)
            : anchorRow >= 0        ? m_tops[size_t(anchorRow)] + anchorOffset
                                    : scroll;
        const int first = rowAt(top);
        const int last = rowAt(top + viewHeight);
        bool changed = false;
        for (int row = qMax(0, first - 1);
             row >= 0 && row <= qMin(last + 1, int(m_items.size()) - 1); ++row) {
            Item &item = *m_items[size_t(row)];
            if (item.dirty || item.height < 0 || !item.hasDocuments() || item.renderedWidth < 0) {
                const int old = item.height;
                if (measure(row) != old)
                    changed = true;
            }
        }
        if (!changed)
            break;
        updateTops();
    }
    updateScrollRange();
    m_settingScroll = true;
    if (m_following)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    else if (anchorRow >= 0)
        verticalScrollBar()->setValue(m_tops[size_t(anchorRow)] + anchorOffset);
    m_settingScroll = false;
    const int top = verticalScrollBar()->value();
    releaseFarItems(
        rowAt(top - KeepScreens * viewHeight), rowAt(top + (KeepScreens + 1) * viewHeight));
    updateJumpButton();
}

void MessageView::releaseFarItems(int first, int last)
{
    for (int row = 0; row < int(m_items.size()); ++row) {
        if (row >= first && row <= last)
            continue;
        Item &item = *m_items[size_t(row)];
        if (item.hasDocuments()
            && !isStreamingState(m_model->index(row).data(ActivePathModel::StateRole).toInt()))
            item.release(); // its height stays, measured
    }
}

void MessageView::updateScrollRange()
{
    const int total = m_tops.empty() ? 0 : m_tops.back();
    m_settingScroll = true;
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setRange(0, qMax(0, total - viewport()->height()));
    m_settingScroll = false;
}

void MessageView::scrollToBottom()
{
    m_following = true;
    relayout();
    viewport()->update();
}

void MessageView::scrollToMessage(qint64 messageId)
{
    if (!m_model)
        return;
    const int row = m_model->rowOf(messageId);
    if (row < 0)
        return;
    m_following = false;
    m_settingScroll = true;
    verticalScrollBar()->setValue(m_tops[size_t(row)]);
    m_settingScroll = false;
    relayout();
    // Measured now: the row starts where it should.
    m_settingScroll = true;
    verticalScrollBar()->setValue(m_tops[size_t(row)]);
    m_settingScroll = false;
    m_following = verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 4;
    viewport()->update();
}

QTextDocument *MessageView::bodySegment(int row, int index) const
{
    if (row < 0 || row >= int(m_items.size()) || index < 0
        || index >= m_items[size_t(row)]->segmentCount(0))
        return nullptr;
    return m_items[size_t(row)]->segment(0, index);
}

QRect MessageView::actionRect(int row, const QString &label) const
{
    for (const Button &button : m_buttons) {
        if (button.row == row && button.label == label)
            return button.rect.translated(0, -verticalScrollBar()->value());
    }
    return {};
}

QPoint MessageView::positionOf(int row, int segment, int position) const
{
    const Item &item = *m_items[size_t(row)];
    QTextDocument *document = item.segment(0, segment);
    const QTextBlock block = document->findBlock(position);
    QTextLayout *layout = block.layout();
    const int inBlock = position - block.position();
    const QTextLine line = layout->lineForTextPosition(inBlock);
    const QPointF at
        = layout->position() + QPointF(line.cursorToX(inBlock), line.y() + line.height() / 2);
    return QPoint(int(at.x()) + item.textX,
        int(at.y()) + m_tops[size_t(row)] + item.segmentY(0, segment)
            - verticalScrollBar()->value());
}

bool MessageView::isLaidOut(int row) const
{
    return row >= 0 && row < int(m_items.size()) && m_items[size_t(row)]->hasDocuments();
}

void MessageView::updateJumpButton()
{
    const bool show = !m_following && verticalScrollBar()->maximum() > 0;
    if (show) {
        // Looked up when first needed: the icon theme's index is parsed on first use.
        if (m_jump->icon().isNull())
            m_jump->setIcon(QIcon::fromTheme(QStringLiteral("go-down")));
        m_jump->adjustSize();
        m_jump->move((viewport()->width() - m_jump->width()) / 2,
            viewport()->height() - m_jump->height() - 12);
    }
    m_jump->setVisible(show);
}

void MessageView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void MessageView::scrollContentsBy(int, int)
{
    if (!m_settingScroll)
        scheduleRelayout(); // rows coming into view get laid out
    viewport()->update();
}

void MessageView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_placeholders.clear();
        for (auto &item : m_items)
            item->release(); // documents carry the font and the highlighter's colours
        relayout();
    }
    QAbstractScrollArea::changeEvent(event);
}

QRect MessageView::bubbleRect(int row, int top) const
{
    const Item &item = *m_items[size_t(row)];
    const int width = qMin(item.renderedWidth, qCeil(item.plain->idealWidth()));
    return QRect(contentWidth() - Margin - width - 2 * BubblePadding, top + item.bodyY,
        width + 2 * BubblePadding, item.footerY - item.bodyY - 6);
}

void MessageView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette pal = palette();
    painter.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    m_buttons.clear();
    if (!m_model || m_items.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter, tr("Ask anything."));
        return;
    }
    const int scroll = verticalScrollBar()->value();
    const int first = rowAt(scroll);
    const int last = rowAt(scroll + viewport()->height());
    const QColor text = pal.color(QPalette::Text);
    const QColor dim = blend(text, pal.color(QPalette::Base), 0.45);
    const QColor link = linkColor(pal);

    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.88);
    const QFontMetrics smallMetrics(small);
    QFont bold = font();
    bold.setBold(true);

    auto drawButton = [&](int x, int y, const QString &label, Action action, int row) {
        const int w = smallMetrics.horizontalAdvance(label);
        painter.setPen(link);
        painter.drawText(x, y + smallMetrics.ascent(), label);
        m_buttons.append({ QRect(x - 3, y - 2 + scroll, w + 6, smallMetrics.height() + 4), action,
            row, 0, label });
        return x + w + 14;
    };

    for (int row = first; row <= last && row >= 0; ++row) {
        Item &item = *m_items[size_t(row)];
        if (item.dirty || !item.hasDocuments() || item.renderedWidth < 0)
            continue; // laid out by the relayout that is on its way
        const QModelIndex index = m_model->index(row);
        const int top = m_tops[size_t(row)] - scroll;
        const bool user = bool(item.plain);
        const int state = index.data(ActivePathModel::StateRole).toInt();

        // Who speaks.
        painter.setFont(bold);
        painter.setPen(dim);
        const QString who = user ? tr("You")
                                 : (index.data(ActivePathModel::ModelRole).toString().isEmpty()
                                         ? tr("Assistant")
                                         : index.data(ActivePathModel::ModelRole).toString());
        const QRect headerRect(
            Margin, top + item.headerY, contentWidth() - 2 * Margin, fontMetrics().lineSpacing());
        painter.drawText(
            headerRect, (user ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, who);
        painter.setFont(font());

        if (user) {
            const QRect bubble = bubbleRect(row, top);
            QPainterPath path;
            path.addRoundedRect(bubble, 12, 12);
            painter.fillPath(path,
                blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight),
                    isDark(pal) ? 0.28 : 0.14));
        }

        // Thinking, above the answer.
        if (item.reasoningY >= 0) {
            painter.setFont(small);
            QString label;
            if (isStreamingState(state) && index.data().toString().isEmpty())
                label = tr("Thinking…");
            else if (item.thoughtMs >= 0)
                label
                    = tr("Thought for %n s", nullptr, int(qMax<qint64>(1, item.thoughtMs / 1000)));
            else
                label = tr("Thinking");
            label = (item.reasoningOpen ? QStringLiteral("▾ ") : QStringLiteral("▸ ")) + label;
            drawButton(Margin, top + item.reasoningY + 2, label, Action::ToggleReasoning, row);
            painter.setFont(font());
            if (item.reasoningOpen && !item.reasoningSegmentY.empty()) {
                const int y0 = top + item.reasoningSegmentY.front();
                const int y1 = top + item.bodyY - 8;
                painter.fillRect(
                    QRect(Margin, y0, 3, y1 - y0), blend(text, pal.color(QPalette::Base), 0.75));
            }
        }

        // The text, segment by segment, with the selection and code block frames.
        for (int part = 1; part >= 0; --part) {
            if (part == 1 && (!item.reasoningOpen || item.reasoningY < 0))
                continue;
            for (int s = 0; s < item.segmentCount(part); ++s) {
                QTextDocument *document = item.segment(part, s);
                const int y = top + item.segmentY(part, s);
                const int h = documentHeight(document);
                if (y > viewport()->height() || y + h < 0)
                    continue;
                const int x = part == 1 ? item.textX + 14 : item.textX;
                painter.save();
                painter.translate(x, y);
                // Code blocks: a frame behind their lines, and a label with Copy.
                if (part == 0 && !user) {
                    QTextBlock block = document->begin();
                    while (block.isValid()) {
                        const int number
                            = block.blockFormat().intProperty(StreamingMarkdown::CodeBlockProperty);
                        if (number == 0) {
                            // A quote: a bar beside it, as readers of Markdown expect.
                            const int level
                                = block.blockFormat().intProperty(QTextFormat::BlockQuoteLevel);
                            if (level > 0) {
                                // Beside the lines themselves, whatever margins surround them.
                                const QTextLayout *lines = block.layout();
                                const qreal top = lines->position().y();
                                const qreal height = lines->boundingRect().height();
                                const qreal indent = block.blockFormat().leftMargin() / level;
                                for (int l = 0; l < level; ++l)
                                    painter.fillRect(
                                        QRectF(indent * l + indent / 2 - 4, top, 3, height),
                                        blend(text, pal.color(QPalette::Base), 0.7));
                            }
                            block = block.next();
                            continue;
                        }
                        const QString language
                            = block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage);
                        const bool startsHere = !block.previous().isValid()
                            || block.previous().blockFormat().intProperty(
                                   StreamingMarkdown::CodeBlockProperty)
                                != number;
                        QTextBlock end = block;
                        while (end.next().isValid()
                            && end.next().blockFormat().intProperty(
                                   StreamingMarkdown::CodeBlockProperty)
                                == number)
                            end = end.next();
                        // The frame hugs the lines, whatever margins Qt applied around them.
                        const QTextLayout *firstLayout = block.layout();
                        const QTextLayout *lastLayout = end.layout();
                        QRectF rect(-6, firstLayout->position().y() - 6, item.renderedWidth + 12,
                            lastLayout->position().y() + lastLayout->boundingRect().height()
                                - firstLayout->position().y() + 12);
                        painter.fillRect(rect,
                            blend(pal.color(QPalette::Base), text, isDark(pal) ? 0.10 : 0.05));
                        if (startsHere) {
                            painter.restore();
                            painter.save();
                            painter.setFont(small);
                            const QString label = CodeHighlighter::displayName(language);
                            const int labelY = y + int(rect.top()) + 2;
                            const int copyX = x + item.renderedWidth
                                - smallMetrics.horizontalAdvance(tr("Copy"));
                            painter.setPen(dim);
                            if (!label.isEmpty())
                                painter.drawText(copyX - smallMetrics.horizontalAdvance(label) - 12,
                                    labelY + smallMetrics.ascent(), label);
                            // The block's text is gathered when Copy is clicked, not at
                            // every paint: a long reply has many segments to look through.
                            drawButton(copyX, labelY, tr("Copy"), Action::CopyCode, row);
                            m_buttons.last().code = number;
                            painter.restore();
                            painter.save();
                            painter.translate(x, y);
                        }
                        block = end.next();
                    }
                }
                QAbstractTextDocumentLayout::PaintContext context;
                context.palette = pal;
                context.palette.setColor(QPalette::Text, part == 1 ? dim : text);
                context.clip = QRectF(0, -y, viewport()->width(), viewport()->height());
                // The selection, when it is in this message.
                if (m_anchor.isValid() && m_head.isValid() && m_anchor.row == row
                    && m_anchor.part == part) {
                    Hit from = m_anchor;
                    Hit to = m_head;
                    if (std::make_pair(to.segment, to.position)
                        < std::make_pair(from.segment, from.position))
                        std::swap(from, to);
                    if (s >= from.segment && s <= to.segment) {
                        QTextCursor cursor(document);
                        cursor.setPosition(s == from.segment ? from.position : 0);
                        cursor.setPosition(
                            s == to.segment ? to.position : document->characterCount() - 1,
                            QTextCursor::KeepAnchor);
                        QAbstractTextDocumentLayout::Selection selection;
                        selection.cursor = cursor;
                        selection.format.setBackground(pal.color(QPalette::Highlight));
                        selection.format.setForeground(pal.color(QPalette::HighlightedText));
                        context.selections.append(selection);
                    }
                }
                document->documentLayout()->draw(&painter, context);
                painter.restore();
            }
        }

        // What happened, for a reply that did not simply finish.
        int y = top + item.footerY;
        painter.setFont(small);
        if (!user) {
            QString note;
            QColor noteColor = dim;
            switch (Message::State(state)) {
            case Message::State::Failed:
                note = index.data(ActivePathModel::ErrorRole).toString();
                noteColor = isDark(pal) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
                break;
            case Message::State::Stopped:
                note = tr("Stopped. The text so far is kept.");
                break;
            case Message::State::CutOff:
                note = tr(
                    "The connection ended before the reply was complete. The text so far is kept.");
                break;
            case Message::State::Interrupted:
                note = tr("Interrupted: Confab closed while this reply was arriving.");
                break;
            default:
                break;
            }
            if (!note.isEmpty()) {
                painter.setPen(noteColor);
                painter.drawText(
                    QRect(Margin, y, contentWidth() - 2 * Margin, smallMetrics.lineSpacing()),
                    Qt::AlignLeft | Qt::AlignVCenter,
                    smallMetrics.elidedText(
                        (state == int(Message::State::Failed) ? QStringLiteral("⚠ ") : QString())
                            + note,
                        Qt::ElideRight, contentWidth() - 2 * Margin));
                y += smallMetrics.lineSpacing() + 6;
            }
        }

        // Actions, the sibling switcher and the figures.
        if (!isStreamingState(state)) {
            int x = Margin;
            if (user) {
                // Under the bubble, on its side.
                const int width = smallMetrics.horizontalAdvance(tr("Copy"))
                    + smallMetrics.horizontalAdvance(tr("Edit"))
                    + smallMetrics.horizontalAdvance(tr("Delete")) + 42
                    + (index.data(ActivePathModel::SiblingCountRole).toInt() > 1
                            ? smallMetrics.horizontalAdvance(QStringLiteral("‹ 99 / 99 ›")) + 36
                            : 0);
                x = contentWidth() - Margin - width;
            }
            const int siblings = index.data(ActivePathModel::SiblingCountRole).toInt();
            if (siblings > 1) {
                const int at = index.data(ActivePathModel::SiblingIndexRole).toInt();
                auto dimArrow = [&](const QString &arrow) {
                    painter.setPen(blend(dim, pal.color(QPalette::Base), 0.5));
                    painter.drawText(x, y + smallMetrics.ascent(), arrow);
                    return x + smallMetrics.horizontalAdvance(arrow) + 14;
                };
                x = at > 1 ? drawButton(x, y, QStringLiteral("‹"), Action::Previous, row)
                           : dimArrow(QStringLiteral("‹"));
                painter.setPen(dim);
                const QString position = QStringLiteral("%1 / %2").arg(at).arg(siblings);
                painter.drawText(x - 8, y + smallMetrics.ascent(), position);
                x += smallMetrics.horizontalAdvance(position) + 6;
                x = at < siblings ? drawButton(x, y, QStringLiteral("›"), Action::Next, row)
                                  : dimArrow(QStringLiteral("›"));
            }
            x = drawButton(x, y, tr("Copy"), Action::Copy, row);
            if (user) {
                x = drawButton(x, y, tr("Edit"), Action::Edit, row);
            } else if (state == int(Message::State::Failed)) {
                x = drawButton(x, y, tr("Retry"), Action::Retry, row);
                x = drawButton(x, y, tr("Details"), Action::Details, row);
                const int smaller = m_smallerImages
                    ? m_smallerImages(index.data(ActivePathModel::IdRole).toLongLong())
                    : 0;
                if (smaller > 0) {
                    x = drawButton(x, y, tr("Resend Images at %1 px").arg(smaller),
                        Action::ResendSmaller, row);
                }
            } else {
                x = drawButton(x, y, tr("Regenerate"), Action::Regenerate, row);
                if (index.data(ActivePathModel::FinishReasonRole).toString()
                    == QLatin1StringView("length"))
                    x = drawButton(x, y, tr("Continue"), Action::Continue, row);
            }
            x = drawButton(x, y, tr("Delete"), Action::Delete, row);
            if (!user) {
                // Model, tokens, speed: what people compare providers by.
                QStringList facts;
                const QVariantMap usage = index.data(ActivePathModel::UsageRole).toMap();
                const qint64 prompt = usage.value(QStringLiteral("promptTokens")).toLongLong();
                const qint64 completion
                    = usage.value(QStringLiteral("completionTokens")).toLongLong();
                const qint64 reasoning
                    = usage.value(QStringLiteral("reasoningTokens")).toLongLong();
                const qint64 cached = usage.value(QStringLiteral("cachedTokens")).toLongLong();
                if (completion >= 0) {
                    QString tokens
                        = tr("%1 in · %2 out").arg(qMax<qint64>(0, prompt)).arg(completion);
                    if (reasoning > 0)
                        tokens += tr(" (%1 reasoning)").arg(reasoning);
                    if (cached > 0)
                        tokens += tr(" · %1 cached").arg(cached);
                    facts << tokens;
                }
                const QVariantMap timings = index.data(ActivePathModel::TimingsRole).toMap();
                const qint64 first = timings.value(QStringLiteral("firstTokenMs")).toLongLong();
                const double speed = timings.value(QStringLiteral("tokensPerSecond")).toDouble();
                if (first >= 0)
                    facts << tr("first token %1 s").arg(first / 1000.0, 0, 'f', 1);
                if (speed > 0)
                    facts << tr("%1 tokens/s").arg(speed, 0, 'f', 1);
                const QString finish = index.data(ActivePathModel::FinishReasonRole).toString();
                if (finish == QLatin1StringView("length"))
                    facts << tr("cut at the token limit");
                else if (!finish.isEmpty() && finish != QLatin1StringView("stop"))
                    facts << tr("finish: %1").arg(finish);
                painter.setPen(dim);
                const QString line = facts.join(QStringLiteral(" · "));
                painter.drawText(
                    QRect(x, y, contentWidth() - Margin - x, smallMetrics.lineSpacing()),
                    Qt::AlignRight | Qt::AlignVCenter,
                    smallMetrics.elidedText(line, Qt::ElideRight, contentWidth() - Margin - x));
            }
        }
        painter.setFont(font());
    }
}

MessageView::Hit MessageView::hitTest(const QPoint &pos) const
{
    Hit hit;
    if (!m_model || m_items.empty())
        return hit;
    const int contentY = pos.y() + verticalScrollBar()->value();
    const int row = rowAt(contentY);
    const Item &item = *m_items[size_t(row)];
    if (!item.hasDocuments() || item.dirty)
        return hit;
    const int y = contentY - m_tops[size_t(row)];
    const int part = (item.reasoningOpen && item.reasoningY >= 0 && y < item.bodyY) ? 1 : 0;
    const int count = item.segmentCount(part);
    if (count == 0)
        return hit;
    int segment = count - 1;
    for (int s = 0; s < count; ++s) {
        if (y < item.segmentY(part, s) + documentHeight(item.segment(part, s))) {
            segment = s;
            break;
        }
    }
    QTextDocument *document = item.segment(part, segment);
    const QPointF local(
        pos.x() - (part == 1 ? item.textX + 14 : item.textX), y - item.segmentY(part, segment));
    hit.row = row;
    hit.part = part;
    hit.segment = segment;
    hit.position = document->documentLayout()->hitTest(local, Qt::FuzzyHit);
    if (hit.position < 0)
        hit.position = local.y() < 0 ? 0 : document->characterCount() - 1;
    return hit;
}

void MessageView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPoint content = event->position().toPoint() + QPoint(0, verticalScrollBar()->value());
    for (const Button &button : std::as_const(m_buttons)) {
        if (button.rect.contains(content)) {
            runAction(button);
            return;
        }
    }
    m_anchor = m_head = hitTest(event->position().toPoint());
    m_selecting = m_anchor.isValid();
    viewport()->update();
}

void MessageView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint content = event->position().toPoint() + QPoint(0, verticalScrollBar()->value());
    bool overButton = false;
    for (const Button &button : std::as_const(m_buttons))
        overButton = overButton || button.rect.contains(content);
    const Hit hit = hitTest(event->position().toPoint());
    QString anchor;
    if (hit.isValid()) {
        QTextDocument *document = m_items[size_t(hit.row)]->segment(hit.part, hit.segment);
        const Item &item = *m_items[size_t(hit.row)];
        anchor = document->documentLayout()->anchorAt(
            QPointF(event->position().x() - (hit.part == 1 ? item.textX + 14 : item.textX),
                content.y() - m_tops[size_t(hit.row)] - item.segmentY(hit.part, hit.segment)));
    }
    viewport()->setCursor(
        overButton || !anchor.isEmpty() || !imageAt(event->position().toPoint()).isEmpty()
            ? Qt::PointingHandCursor
            : Qt::IBeamCursor);
    if (m_selecting && (event->buttons() & Qt::LeftButton)) {
        if (hit.isValid() && hit.row == m_anchor.row && hit.part == m_anchor.part) {
            m_head = hit;
            viewport()->update();
        }
    }
}

void MessageView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_selecting && m_anchor.isValid() && m_head.isValid()
        && std::make_pair(m_anchor.segment, m_anchor.position)
            == std::make_pair(m_head.segment, m_head.position)) {
        // A click, not a drag: follow a link.
        const Item &item = *m_items[size_t(m_anchor.row)];
        QTextDocument *document = item.segment(m_anchor.part, m_anchor.segment);
        const int contentY = int(event->position().y()) + verticalScrollBar()->value();
        const QString href = document->documentLayout()->anchorAt(
            QPointF(event->position().x() - (m_anchor.part == 1 ? item.textX + 14 : item.textX),
                contentY - m_tops[size_t(m_anchor.row)]
                    - item.segmentY(m_anchor.part, m_anchor.segment)));
        const QString image = imageAt(event->position().toPoint());
        const QByteArray stored = storedImageHash(image);
        if (!stored.isEmpty())
            emit storedImageClicked(stored);
        // Not loaded yet, or failed (a click tries again).
        else if (!image.isEmpty() && !m_webImagesLoading.contains(image)
            && m_webImages.value(image).isNull()) {
            m_webImages.remove(image);
            m_webImagesLoading.insert(image);
            refreshImage(image); // "Loading"
            emit imageLoadRequested(QUrl(image));
        }
        const QUrl url(href);
        if (!href.isEmpty()
            && (url.scheme() == QLatin1StringView("http")
                || url.scheme() == QLatin1StringView("https")
                || url.scheme() == QLatin1StringView("mailto")))
            QDesktopServices::openUrl(url);
        m_anchor = m_head = Hit();
        viewport()->update();
    }
    m_selecting = false;
    if (!selectedText().isEmpty() && QApplication::clipboard()->supportsSelection())
        QApplication::clipboard()->setText(selectedText(), QClipboard::Selection);
}

void MessageView::mouseDoubleClickEvent(QMouseEvent *event)
{
    // A word.
    const Hit hit = hitTest(event->position().toPoint());
    if (!hit.isValid())
        return;
    QTextCursor cursor(m_items[size_t(hit.row)]->segment(hit.part, hit.segment));
    cursor.setPosition(hit.position);
    cursor.select(QTextCursor::WordUnderCursor);
    m_anchor = m_head = hit;
    m_anchor.position = cursor.selectionStart();
    m_head.position = cursor.selectionEnd();
    viewport()->update();
}

QString MessageView::selectedText() const
{
    if (!m_anchor.isValid() || !m_head.isValid() || m_anchor.row >= int(m_items.size()))
        return {};
    Hit from = m_anchor;
    Hit to = m_head;
    if (std::make_pair(to.segment, to.position) < std::make_pair(from.segment, from.position))
        std::swap(from, to);
    const Item &item = *m_items[size_t(from.row)];
    QStringList parts;
    for (int s = from.segment; s <= to.segment && s < item.segmentCount(from.part); ++s) {
        QTextDocument *document = item.segment(from.part, s);
        QTextCursor cursor(document);
        cursor.setPosition(s == from.segment ? from.position : 0);
        cursor.setPosition(s == to.segment ? to.position : document->characterCount() - 1,
            QTextCursor::KeepAnchor);
        parts << cursor.selection().toPlainText();
    }
    return parts.join(QLatin1Char('\n'));
}

QString MessageView::textOf(int row) const
{
    return m_model ? m_model->index(row).data().toString() : QString();
}

void MessageView::copyToClipboard(const QString &text)
{
    QApplication::clipboard()->setText(text);
}

void MessageView::runAction(const Button &button)
{
    if (!m_model || button.row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(button.row);
    const qint64 id = index.data(ActivePathModel::IdRole).toLongLong();
    switch (button.action) {
    case Action::Copy:
        copyToClipboard(textOf(button.row));
        QToolTip::showText(QCursor::pos(), tr("Copied"), this, {}, 1200);
        break;
    case Action::CopyCode: {
        // The whole block, across the segments it spans.
        const Item &item = *m_items[size_t(button.row)];
        QStringList lines;
        for (int t = 0; t < item.segmentCount(0); ++t) {
            for (QTextBlock b = item.segment(0, t)->begin(); b.isValid(); b = b.next()) {
                if (b.blockFormat().intProperty(StreamingMarkdown::CodeBlockProperty)
                    == button.code)
                    lines << b.text();
            }
        }
        copyToClipboard(lines.join(QLatin1Char('\n')));
        QToolTip::showText(QCursor::pos(), tr("Copied"), this, {}, 1200);
        break;
    }
    case Action::Regenerate:
    case Action::Retry:
        emit regenerateRequested(id);
        break;
    case Action::Edit:
        emit editRequested(id);
        break;
    case Action::Continue:
        emit continueRequested(id);
        break;
    case Action::Delete:
        emit deleteRequested(id);
        break;
    case Action::Previous:
        emit siblingRequested(
            button.row, index.data(ActivePathModel::SiblingIndexRole).toInt() - 1);
        break;
    case Action::Next:
        emit siblingRequested(
            button.row, index.data(ActivePathModel::SiblingIndexRole).toInt() + 1);
        break;
    case Action::Details:
        emit detailsRequested(id);
        break;
    case Action::ResendSmaller:
        if (const int side = m_smallerImages ? m_smallerImages(id) : 0)
            emit resendSmallerRequested(id, side);
        break;
    case Action::ToggleReasoning: {
        Item &item = *m_items[size_t(button.row)];
        item.reasoningOpen = !item.reasoningOpen;
        item.reasoningToggled = true;
        item.dirty = true;
        relayout();
        viewport()->update();
        break;
    }
    }
}

void MessageView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        const QString text = selectedText();
        if (!text.isEmpty())
            copyToClipboard(text);
        return;
    }
    if (event->key() == Qt::Key_End && event->modifiers() == Qt::ControlModifier) {
        scrollToBottom();
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void MessageView::contextMenuEvent(QContextMenuEvent *event)
{
    const Hit hit = hitTest(event->pos());
    const int row
        = hit.isValid() ? hit.row : rowAt(event->pos().y() + verticalScrollBar()->value());
    QMenu menu(this);
    const QString selection = selectedText();
    QAction *copy = menu.addAction(tr("Copy"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(!selection.isEmpty());
    QAction *copyMessage = menu.addAction(tr("Copy Message as Markdown"));
    copyMessage->setEnabled(row >= 0);
    QAction *chosen = menu.exec(event->globalPos());
    if (chosen == copy)
        copyToClipboard(selection);
    else if (chosen == copyMessage)
        copyToClipboard(textOf(row));
}

bool MessageView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::Leave)
        viewport()->setCursor(Qt::IBeamCursor);
    return QAbstractScrollArea::viewportEvent(event);
}

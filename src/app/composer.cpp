#include "composer.h"

#include <QAbstractTextDocumentLayout>
#include <QFileInfo>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>

namespace {
constexpr int MinimumLines = 2;
constexpr int MaximumLines = 10;
} // namespace

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setEnterSends(true);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        &Composer::fitToText);
    fitToText();
}

int Composer::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins();
    return lines * fontMetrics().lineSpacing() + 2 * int(document()->documentMargin())
        + margins.top() + margins.bottom() + 2 * frameWidth();
}

QSize Composer::sizeHint() const
{
    return { QPlainTextEdit::sizeHint().width(), height() };
}

QSize Composer::minimumSizeHint() const
{
    return { QPlainTextEdit::minimumSizeHint().width(), heightForLines(MinimumLines) };
}

void Composer::fitToText()
{
    // QPlainTextEdit's layout counts lines, wrapped ones included, as the document's size.
    const int lines = qBound(
        MinimumLines, int(document()->documentLayout()->documentSize().height()), MaximumLines);
    const int height = heightForLines(lines);
    if (height != this->height()) {
        setFixedHeight(height);
        updateGeometry();
    }
}

void Composer::setEnterSends(bool enterSends)
{
    m_enterSends = enterSends;
    setPlaceholderText(enterSends
            ? tr("Ask anything (Enter sends, Shift+Enter starts a new line)")
            : tr("Ask anything (Shift+Enter sends, Enter starts a new line)"));
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (enter && m_composing)
        return; // the input method's, should it pass one on: neither a send nor a new line
    if (enter && !m_composing && (mods == Qt::NoModifier || mods == Qt::ShiftModifier)) {
        const bool shift = mods == Qt::ShiftModifier;
        if (shift != m_enterSends) { // Enter (or Shift+Enter when swapped) sends
            emit sendRequested();
            return;
        }
        insertPlainText(QStringLiteral("\n"));
        return;
    }
    if (enter && mods == Qt::ControlModifier && !m_composing) {
        emit sendRequested(); // Ctrl+Enter sends whatever Enter does
        return;
    }
    if (event->key() == Qt::Key_Escape && !m_composing) {
        emit stopRequested();
        return;
    }
    if (event->key() == Qt::Key_Up && mods == Qt::NoModifier && document()->isEmpty()) {
        emit editLastRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void Composer::inputMethodEvent(QInputMethodEvent *event)
{
    // While a preedit string is shown the input method owns Enter: it commits the phrase.
    m_composing = !event->preeditString().isEmpty();
    QPlainTextEdit::inputMethodEvent(event);
}

QUrl Composer::imageUrlIn(const QString &text)
{
    const QString line = text.trimmed();
    if (line.contains(QLatin1Char('\n')) || line.contains(QLatin1Char(' ')))
        return {};
    const QUrl url(line, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1StringView("http") && scheme != QLatin1StringView("https")))
        return {};
    // Only an address that names an image file: a pasted link to a page stays text.
    const QByteArray suffix = QFileInfo(url.path()).suffix().toLower().toLatin1();
    return QImageReader::supportedImageFormats().contains(suffix) ? url : QUrl();
}

bool Composer::offersImages(const QMimeData *data)
{
    if (!data)
        return false;
    // Text that comes with a picture of itself (a spreadsheet's cells, a word processor's
    // paragraph) is text; a browser's image carries its address as URLs instead.
    if (!data->hasUrls() && data->hasText() && !data->text().trimmed().isEmpty())
        return !imageUrlIn(data->text()).isEmpty();
    if (data->hasImage())
        return true;
    const QStringList formats = data->formats();
    if (std::any_of(formats.cbegin(), formats.cend(),
            [](const QString &f) { return f.startsWith(QLatin1StringView("image/")); }))
        return true;
    if (data->hasUrls()) {
        const QList<QUrl> urls = data->urls();
        return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) {
            return url.isLocalFile() || !imageUrlIn(url.toString()).isEmpty();
        });
    }
    return data->hasText() && !imageUrlIn(data->text()).isEmpty();
}

bool Composer::canInsertFromMimeData(const QMimeData *source) const
{
    return offersImages(source) || QPlainTextEdit::canInsertFromMimeData(source);
}

void Composer::insertFromMimeData(const QMimeData *source)
{
    if (offersImages(source)) {
        emit imagesOffered(source);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

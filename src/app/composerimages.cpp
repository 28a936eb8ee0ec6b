#include "composerimages.h"

#include "attachmentlist.h"
#include "attachmentstrip.h"
#include "composer.h"
#include "conversationstore.h"
#include "imageviewer.h"
#include "messageview.h"
#include "settings.h"
#include "storethread.h"

#include <QActionGroup>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QtConcurrent>

ComposerImages::ComposerImages(StoreThread *store, Settings *settings,
    QNetworkAccessManager *network, AttachmentStrip *strip, QWidget *window)
    : QObject(window)
    , m_store(store)
    , m_settings(settings)
    , m_network(network)
    , m_strip(strip)
    , m_window(window)
{
    m_list = newList();
    m_strip->setList(m_list);
    connect(m_strip, &AttachmentStrip::openRequested, this, &ComposerImages::open);
}

AttachmentList *ComposerImages::newList()
{
    auto *list = new AttachmentList(this);
    list->setLimit(m_settings->value(Settings::ImageLimit));
    ImageEncoder::Options options = list->options();
    options.maxSide = m_settings->value(Settings::ImageMaxSide);
    list->setOptions(options);
    connect(list, &AttachmentList::itemReady, this, [this, list](int id) { store(list, id); });
    connect(list, &AttachmentList::itemChanged, this, [this, list] { announceDraft(list); });
    connect(list, &AttachmentList::itemRemoved, this, [this, list] { announceDraft(list); });
    connect(list, &AttachmentList::itemAdded, this, [this, list](int id) {
        const AttachmentList::Item *item = list->item(id);
        if (item && item->ref.isRemote() && !item->ref.url.isEmpty()) {
            // Shown, not sent: the server fetches the image itself.
            QPointer<AttachmentList> guard = list;
            fetchWebImage(QUrl(item->ref.url), [guard, id](const QImage &image) {
                if (guard && !image.isNull())
                    guard->setThumbnail(id, image);
            });
        }
    });
    connect(list, &AttachmentList::limitReached, this, [this](int limit) {
        emit message(tr("A question can carry at most %n image(s).", nullptr, limit), 8000);
    });
    return list;
}

void ComposerImages::announceDraft(AttachmentList *list)
{
    if (list == m_list && !m_quiet)
        emit draftChanged(m_list->readyImages());
}

void ComposerImages::store(AttachmentList *list, int id)
{
    const AttachmentList::Item *item = list->item(id);
    if (item && !item->bytes.isEmpty()) {
        // Queued before any question that refers to it: the store runs its work in order.
        m_store->post(
            this,
            [bytes = item->bytes, ref = item->ref](ConversationStore &store) {
                return store.storeImage(bytes, ref.mimeType, ref.width, ref.height).isEmpty()
                    ? store.errorString()
                    : QString();
            },
            [this](const QString &error) {
                if (!error.isEmpty())
                    emit message(error, 15000);
            });
    }
    announceDraft(list);
}

void ComposerImages::addSettingsActions(QMenu *menu)
{
    m_sizes = new QActionGroup(this);
    auto *sizeMenu = new QMenu(tr("&Image Size"), menu);
    const int current = maxSide();
    for (const int side : ImageEncoder::maxSideChoices()) {
        QAction *action = sizeMenu->addAction(
            side > 0 ? tr("Longest Side %1 px").arg(side) : tr("Original Size"));
        action->setCheckable(true);
        action->setChecked(side == current);
        action->setData(side);
        m_sizes->addAction(action);
        connect(action, &QAction::triggered, this, [this, side] { setMaxSide(side); });
    }
    sizeMenu->menuAction()->setObjectName(QStringLiteral("imageSizeMenu"));
    menu->addSeparator();
    menu->addMenu(sizeMenu);
    QAction *limit = menu->addAction(tr("Images per &Question…"));
    connect(limit, &QAction::triggered, this, [this] {
        bool ok = false;
        const int n = QInputDialog::getInt(m_window, tr("Images per Question"),
            tr("How many images one question may carry:"), m_list->limit(), 1, 50, 1, &ok);
        if (ok) {
            m_settings->setValue(Settings::ImageLimit, n);
            m_list->setLimit(n);
        }
    });
}

int ComposerImages::maxSide() const
{
    return m_settings->value(Settings::ImageMaxSide);
}

void ComposerImages::setMaxSide(int side)
{
    m_settings->setValue(Settings::ImageMaxSide, side);
    ImageEncoder::Options options = m_list->options();
    options.maxSide = side;
    m_list->setOptions(options);
    if (m_sizes) {
        for (QAction *action : m_sizes->actions())
            action->setChecked(action->data().toInt() == side);
    }
}

void ComposerImages::attach(const QMimeData *data)
{
    if (!data)
        return;
    // Files first (a file manager's drop); then the picture itself, which a browser offers
    // along with its address and which works where the address needs a login; then addresses.
    const QList<QUrl> urls = data->urls();
    bool files = false;
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            files = true;
            m_list->addFile(url.toLocalFile());
        }
    }
    if (files)
        return;
    static const char *const preferred[]
        = { "image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff" };
    for (const char *format : preferred) {
        const QString name = QLatin1StringView(format);
        if (data->hasFormat(name)) {
            const QByteArray bytes = data->data(name);
            if (!bytes.isEmpty()) {
                m_list->addBytes(
                    bytes, urls.isEmpty() ? QString() : QFileInfo(urls.first().path()).fileName());
                return;
            }
        }
    }
    if (data->hasImage()) {
        m_list->addImage(qvariant_cast<QImage>(data->imageData()));
        return;
    }
    bool any = false;
    for (const QUrl &url : urls) {
        if (!Composer::imageUrlIn(url.toString()).isEmpty())
            any = m_list->addUrl(url) || any;
    }
    if (!any && data->hasText()) {
        const QUrl url = Composer::imageUrlIn(data->text());
        if (!url.isEmpty())
            m_list->addUrl(url);
    }
}

void ComposerImages::chooseFiles()
{
    QStringList patterns;
    for (const QByteArray &format : QImageReader::supportedImageFormats())
        patterns.append(QLatin1StringView("*.") + QLatin1StringView(format));
    const QStringList paths = QFileDialog::getOpenFileNames(m_window, tr("Attach Images"),
        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
        tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QLatin1StringView(";;")
            + tr("All Files (*)"));
    for (const QString &path : paths) {
        if (!m_list->addFile(path))
            break; // full; the status bar says so
    }
}

void ComposerImages::open(int id)
{
    const AttachmentList::Item *item = m_list->item(id);
    if (!item)
        return;
    if (item->state == AttachmentList::State::Failed) {
        QMessageBox::information(m_window, tr("Image"),
            item->name.isEmpty() ? item->error : tr("%1\n\n%2").arg(item->name, item->error));
    } else if (!item->bytes.isEmpty()) {
        ImageViewer::open(m_window, item->bytes, item->ref.mimeType, item->name);
    } else if (item->ref.isRemote()) {
        QDesktopServices::openUrl(QUrl(item->ref.url));
    }
}

void ComposerImages::show(qint64 leaving, const QList<ImageRef> &draft, ConversationStore *reader)
{
    if (leaving > 0 && m_list->isBusy()) {
        // Images still being prepared belong to the conversation they were attached in: they
        // finish there, out of sight, and join its draft.
        AttachmentList *left = m_list;
        auto finish = [this, left, leaving] {
            if (left->isBusy())
                return;
            emit leftDraftReady(leaving, left->readyImages());
            left->disconnect(this);
            left->deleteLater();
        };
        connect(left, &AttachmentList::itemChanged, this, finish);
        connect(left, &AttachmentList::itemRemoved, this, finish);
        m_list = newList();
        m_strip->setList(m_list);
    }
    const bool quiet = std::exchange(m_quiet, true);
    m_list->clear();
    for (const ImageRef &ref : draft) {
        QByteArray bytes;
        if (!ref.isRemote() && reader) {
            if (const auto stored = reader->loadImage(ref.hash))
                bytes = stored->first;
        }
        m_list->addStored(ref, bytes);
    }
    m_quiet = quiet;
}

void ComposerImages::clearSent()
{
    const bool quiet = std::exchange(m_quiet, true);
    m_list->clear();
    m_quiet = quiet;
}

void ComposerImages::fetchWebImage(const QUrl &url, const std::function<void(const QImage &)> &done)
{
    constexpr qint64 MaxBytes = 16 * 1024 * 1024;
    QNetworkRequest request(url);
    // A plain GET: no cookies kept or sent, never the provider's key or headers.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(30000);
    QNetworkReply *reply = m_network->get(request);
    reply->setParent(this); // aborted if the window goes first
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > MaxBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        reply->deleteLater();
        const QByteArray bytes
            = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
        // Decoded on a worker: up to 16 MB and 64 megapixels.
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done] {
            watcher->deleteLater();
            done(watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(MessageView::decodeThumbnail, bytes));
    });
}

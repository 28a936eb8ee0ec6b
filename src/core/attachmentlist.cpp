#include "attachmentlist.h"

#include <QFile>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent>

namespace {
// Its own pool: a job waits for the one full-size decode allowed at a time, and should not hold
// a thread the rest of the program needs meanwhile. Four threads let the quick thumbnails of
// the first images of a drop appear while the first one decodes.
QThreadPool *imagePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool(qApp);
        p->setMaxThreadCount(4);
        p->setExpiryTimeout(10'000);
        return p;
    }();
    return pool;
}

QByteArray dataUrlBytes(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded);
    const qsizetype comma = text.indexOf(QLatin1Char(','));
    if (comma < 0 || !text.left(comma).endsWith(QLatin1StringView(";base64")))
        return {};
    return QByteArray::fromBase64(text.mid(comma + 1).toLatin1());
}
} // namespace

AttachmentList::AttachmentList(QObject *parent)
    : QObject(parent)
{
    setOptions(m_options);
    // Images dropped together reuse one decode's memory; a while after the last, it goes.
    m_release.setSingleShot(true);
    m_release.setInterval(10'000);
    connect(&m_release, &QTimer::timeout, this, [] { ImageEncoder::releaseDecodeBuffer(); });
}

void AttachmentList::setOptions(const ImageEncoder::Options &options)
{
    m_options = options;
    m_options.thumbnailSide = ThumbnailSide;
}

AttachmentList::~AttachmentList()
{
    // Running jobs finish on their own; nobody listens to them any more.
    for (QFutureWatcher<Step> *watcher : std::as_const(m_jobs))
        watcher->future().cancel();
}

const AttachmentList::Item *AttachmentList::item(int id) const
{
    for (const Item &i : m_items) {
        if (i.id == id)
            return &i;
    }
    return nullptr;
}

AttachmentList::Item *AttachmentList::find(int id)
{
    for (Item &i : m_items) {
        if (i.id == id)
            return &i;
    }
    return nullptr;
}

bool AttachmentList::isBusy() const
{
    return std::any_of(m_items.cbegin(), m_items.cend(),
        [](const Item &i) { return i.state == State::Processing; });
}

QList<ImageRef> AttachmentList::readyImages() const
{
    QList<ImageRef> refs;
    for (const Item &i : m_items) {
        if (i.state == State::Ready)
            refs.append(i.ref);
    }
    return refs;
}

bool AttachmentList::isImageUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1StringView("http") || scheme == QLatin1StringView("https"))
        return !url.host().isEmpty();
    if (scheme == QLatin1StringView("data"))
        return url.path().startsWith(QLatin1StringView("image/"), Qt::CaseInsensitive);
    return url.isLocalFile();
}

int AttachmentList::add(Item item)
{
    if (isFull()) {
        emit limitReached(m_limit);
        return 0;
    }
    item.id = m_nextId++;
    m_items.append(item);
    emit itemAdded(item.id);
    return item.id;
}

void AttachmentList::encodeInSteps(
    QPromise<Step> &promise, const QByteArray &bytes, const ImageEncoder::Options &options)
{
    const QImage quick = ImageEncoder::quickThumbnail(bytes, QSize(ThumbnailSide, ThumbnailSide));
    if (!quick.isNull())
        promise.addResult(Step { quick, std::nullopt });
    if (!promise.isCanceled())
        promise.addResult(Step { {}, ImageEncoder::encodeBytes(bytes, options) });
}

QThreadPool *AttachmentList::threadPool()
{
    return imagePool();
}

int AttachmentList::addFile(const QString &path)
{
    Item item;
    item.name = QFileInfo(path).fileName();
    const int id = add(item);
    if (id) {
        process(id, [path, options = m_options](QPromise<Step> &promise) {
            // Read here, not on the GUI thread: a photo on a network share can take a while.
            QFile file(path);
            ImageEncoder::Result refused;
            if (!file.open(QIODevice::ReadOnly))
                refused.error
                    = ImageEncoder::tr("The file cannot be read: %1").arg(file.errorString());
            else if (file.size() > ImageEncoder::MaxFileBytes)
                refused = ImageEncoder::encodeFile(path, options); // refuses it, with the size
            else if (file.size() == 0)
                refused.error = ImageEncoder::tr("The file is empty.");
            else
                return encodeInSteps(promise, file.readAll(), options);
            promise.addResult(Step { {}, refused });
        });
    }
    return id;
}

int AttachmentList::addBytes(const QByteArray &bytes, const QString &name)
{
    Item item;
    item.name = name;
    const int id = add(item);
    if (id) {
        process(id, [bytes, options = m_options](QPromise<Step> &promise) {
            encodeInSteps(promise, bytes, options);
        });
    }
    return id;
}

int AttachmentList::addImage(const QImage &image, const QString &name)
{
    Item item;
    item.name = name;
    const int id = add(item);
    if (id) {
        process(id, [image, options = m_options](QPromise<Step> &promise) {
            promise.addResult(Step { {}, ImageEncoder::encodeImage(image, options) });
        });
    }
    return id;
}

int AttachmentList::addUrl(const QUrl &url)
{
    if (!isImageUrl(url))
        return 0;
    if (url.isLocalFile())
        return addFile(url.toLocalFile());
    if (url.scheme().compare(QLatin1StringView("data"), Qt::CaseInsensitive) == 0)
        return addBytes(dataUrlBytes(url));
    Item item;
    item.state = State::Ready;
    item.name = url.toDisplayString();
    item.ref.url = url.toString(QUrl::FullyEncoded);
    const int id = add(item);
    if (id)
        emit itemChanged(id);
    return id;
}

int AttachmentList::addStored(const ImageRef &ref, const QByteArray &bytes)
{
    Item item;
    item.ref = ref;
    item.bytes = bytes;
    item.state = ref.isRemote() || !bytes.isEmpty() ? State::Ready : State::Failed;
    if (item.state == State::Failed)
        item.error = tr("This image is no longer stored; remove it and attach it again.");
    item.name = ref.url;
    const int id = add(item);
    if (id && !bytes.isEmpty()) {
        process(id, [bytes](QPromise<Step> &promise) {
            const QImage image = QImage::fromData(bytes);
            if (!image.isNull()) {
                promise.addResult(Step {
                    image.scaled(AttachmentList::ThumbnailSide, AttachmentList::ThumbnailSide,
                        Qt::KeepAspectRatio, Qt::SmoothTransformation),
                    std::nullopt });
            }
        });
    }
    return id;
}

void AttachmentList::process(int id, std::function<void(QPromise<Step> &)> work)
{
    auto *watcher = new QFutureWatcher<Step>(this);
    m_jobs.insert(id, watcher);
    connect(watcher, &QFutureWatcherBase::resultReadyAt, this,
        [this, id, watcher](int index) { apply(id, watcher->resultAt(index)); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, id, watcher] {
        if (m_jobs.value(id) == watcher)
            m_jobs.remove(id);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(imagePool(), std::move(work)));
}

void AttachmentList::apply(int id, const Step &step)
{
    Item *item = find(id);
    if (!item)
        return;
    if (!step.thumbnail.isNull() && (item->thumbnail.isNull() || !step.result))
        item->thumbnail = step.thumbnail;
    if (const std::optional<ImageEncoder::Result> &r = step.result) {
        if (item->state != State::Processing)
            return;
        if (!r->isValid()) {
            item->state = State::Failed;
            item->error = r->error;
        } else {
            item->state = State::Ready;
            item->bytes = r->bytes;
            item->sourceSize = r->sourceSize;
            item->ref.hash = r->hash;
            item->ref.mimeType = r->mimeType;
            item->ref.width = r->width;
            item->ref.height = r->height;
            if (!r->thumbnail.isNull())
                item->thumbnail = r->thumbnail;
        }
        if (!isBusy())
            m_release.start();
        emit itemChanged(id);
        if (item->state == State::Ready)
            emit itemReady(id);
        return;
    }
    emit itemChanged(id);
}

void AttachmentList::remove(int id)
{
    const auto it
        = std::find_if(m_items.begin(), m_items.end(), [id](const Item &i) { return i.id == id; });
    if (it == m_items.end())
        return;
    if (QFutureWatcher<Step> *watcher = m_jobs.take(id)) {
        watcher->future().cancel();
        watcher->disconnect(this);
        connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        if (watcher->isFinished())
            watcher->deleteLater();
    }
    m_items.erase(it);
    emit itemRemoved(id);
}

void AttachmentList::clear()
{
    while (!m_items.isEmpty())
        remove(m_items.last().id);
}

void AttachmentList::setDetail(int id, ContentPart::Detail detail)
{
    if (Item *item = find(id); item && item->ref.detail != detail) {
        item->ref.detail = detail;
        emit itemChanged(id);
    }
}

void AttachmentList::setThumbnail(int id, const QImage &thumbnail)
{
    if (Item *item = find(id)) {
        item->thumbnail = thumbnail;
        emit itemChanged(id);
    }
}

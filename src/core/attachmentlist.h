#pragma once

#include "imageencoder.h"
#include "message.h"
#include "settings.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

// The images waiting in the composer for the next question. Each is processed off the GUI
// thread (ImageEncoder): a quick thumbnail first where the format allows, then the payload.
// A remote http(s) image is sent as its URL and never downloaded here (the window may fetch a
// thumbnail for display). An image that cannot be used stays in the list with its reason until
// the user removes it; nothing else is affected. GUI thread only.
class QThreadPool;

class AttachmentList : public QObject
{
    Q_OBJECT

public:
    enum class State { Processing, Ready, Failed };
    struct Item
    {
        int id = 0;
        State state = State::Processing;
        QString name; // a file name, the URL, or empty for a pasted picture
        QImage thumbnail; // null until there is one
        QString error; // Failed: why, in a sentence
        ImageRef ref; // Ready: what the message carries (its hash, or the remote URL)
        QByteArray bytes; // Ready, not remote: the encoded payload
        QSize sourceSize; // Ready, not remote: as given, before scaling
    };

    static constexpr int ThumbnailSide = 240; // device pixels: sharp on a 2× screen too

    explicit AttachmentList(QObject *parent = nullptr);
    ~AttachmentList() override;

    void setOptions(const ImageEncoder::Options &options);
    const ImageEncoder::Options &options() const { return m_options; }
    int limit() const { return m_limit; }
    void setLimit(int limit) { m_limit = std::max(1, limit); }

    const QList<Item> &items() const { return m_items; }
    const Item *item(int id) const;
    int count() const { return int(m_items.size()); }
    bool isEmpty() const { return m_items.isEmpty(); }
    bool isFull() const { return count() >= m_limit; }
    // Whether an image is still being processed (a question cannot go yet).
    bool isBusy() const;
    // The images ready to send, in the order they were added.
    QList<ImageRef> readyImages() const;

    // Each returns the new item's id, or 0 when the list is full (limitReached()) or the URL is
    // not an image address.
    int addFile(const QString &path);
    int addBytes(const QByteArray &bytes, const QString &name = {});
    int addImage(const QImage &image, const QString &name = {});
    // http(s): sent as the URL; data:image/...: its bytes, as addBytes(); file: as addFile().
    int addUrl(const QUrl &url);
    // An image already stored (a draft reopened); bytes empty when the store lost them.
    int addStored(const ImageRef &ref, const QByteArray &bytes);

    void remove(int id);
    void clear();
    void setDetail(int id, ContentPart::Detail detail);
    // A picture for an item that has none (a remote image fetched for display).
    void setThumbnail(int id, const QImage &thumbnail);

    static bool isImageUrl(const QUrl &url);
    // The pool images are prepared on. A job there may wait for the one full-size decode allowed
    // at a time (ImageEncoder) without holding a thread of Qt's global pool, which Qt's own
    // scaling, run by the job holding that decode, needs.
    static QThreadPool *threadPool();

signals:
    void itemAdded(int id);
    void itemChanged(int id);
    void itemRemoved(int id);
    // An item's payload is ready: it should be stored before a question refers to it.
    void itemReady(int id);
    void limitReached(int limit);

private:
    struct Step
    {
        QImage thumbnail;
        std::optional<ImageEncoder::Result> result;
    };
    int add(Item item);
    // On the image pool: a quick thumbnail where the format allows, then the payload.
    static void encodeInSteps(
        QPromise<Step> &promise, const QByteArray &bytes, const ImageEncoder::Options &options);
    Item *find(int id);
    // Runs `work` on the image pool and applies each step it reports to the item.
    void process(int id, std::function<void(QPromise<Step> &)> work);
    void apply(int id, const Step &step);

    ImageEncoder::Options m_options;
    int m_limit = Settings::ImageLimit.defaultValue;
    int m_nextId = 1;
    QList<Item> m_items;
    QHash<int, QFutureWatcher<Step> *> m_jobs;
    QTimer m_release; // frees the decode memory a while after the last image
};

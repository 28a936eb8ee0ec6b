#include "imageencoder.h"

#include "fastpng.h"

#include <QBuffer>
#include <QColorSpace>
#include <QCryptographicHash>
#include <QFile>
#include <QImageReader>
#include <QImageWriter>
#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <mutex>

namespace {
// Below this, an image is no use to a model; the cap cannot be met.
constexpr int MinimumSide = 128;
constexpr int FewColors = 256;

QByteArray mimeForFormat(const QByteArray &format)
{
    static const QHash<QByteArray, QByteArray> types {
        { "jpeg", "image/jpeg" },
        { "jpg", "image/jpeg" },
        { "png", "image/png" },
        { "webp", "image/webp" },
        { "gif", "image/gif" },
        { "bmp", "image/bmp" },
        { "tiff", "image/tiff" },
        { "tif", "image/tiff" },
    };
    return types.value(format.toLower());
}

// Full-resolution decodes, one at a time: a dozen dropped photos must not take a dozen times
// 48 MB at once.
QMutex decodeMutex;
QImage decodeBuffer; // guarded by decodeMutex
QByteArray inflateBuffer; // FastPng's rows; guarded by decodeMutex
std::atomic<int> decodesAlive { 0 };
std::atomic<int> decodesPeak { 0 };

// Waits for the one full-size decode. A thread of Qt's global pool gives its place in the pool back
// while it waits: the decode it waits for scales its picture on that pool.
QMutex *lockedDecodeMutex()
{
    QThreadPool *pool = QThreadPool::globalInstance();
    if (!decodeMutex.tryLock()) {
        const bool pooled = pool->contains(QThread::currentThread());
        if (pooled)
            pool->releaseThread();
        decodeMutex.lock();
        if (pooled)
            pool->reserveThread();
    }
    return &decodeMutex;
}

class DecodeSlot
{
public:
    DecodeSlot()
        : m_lock(*lockedDecodeMutex(), std::adopt_lock)
    {
        const int now = ++decodesAlive;
        int peak = decodesPeak.load();
        while (now > peak && !decodesPeak.compare_exchange_weak(peak, now)) { }
    }
    ~DecodeSlot() { --decodesAlive; }

private:
    std::unique_lock<QMutex> m_lock;
};

// Smooth scaling on one core. Qt 6.4 splits a large smooth scale over its global thread pool's
// threads, all at once, unless the caller is one of them. On two cores that took both, and the
// GUI thread waited for the scheduler's next tick (4 ms) at each of an attachment's scales. Run on
// a reserved global pool thread, the scale takes that one core; it costs 2 to 3 ms more.
QImage scaledOnOneCore(const QImage &image, const QSize &size, Qt::AspectRatioMode mode)
{
    QThreadPool *pool = QThreadPool::globalInstance();
    if (pool->contains(QThread::currentThread()))
        return image.scaled(size, mode, Qt::SmoothTransformation);
    QImage scaled;
    QSemaphore done;
    pool->reserveThread();
    pool->startOnReservedThread([&] {
        scaled = image.scaled(size, mode, Qt::SmoothTransformation);
        done.release();
    });
    done.acquire();
    return scaled;
}

bool hasTransparentPixel(const QImage &image)
{
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            if (qAlpha(line[x]) != 255)
                return true;
        }
    }
    return false;
}

// Screenshots, diagrams and icons compress better and stay sharp as PNG. Runs of one colour are
// skipped cheaply; a photo gives up after a few hundred pixels.
bool hasFewColors(const QImage &image)
{
    QSet<QRgb> colors;
    colors.reserve(FewColors + 1);
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        QRgb last = ~line[0];
        for (int x = 0; x < image.width(); ++x) {
            if (line[x] == last)
                continue;
            last = line[x];
            colors.insert(last);
            if (colors.size() > FewColors)
                return false;
        }
    }
    return true;
}

QByteArray write(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer out(&bytes);
    out.open(QIODevice::WriteOnly);
    QImageWriter writer(&out, format);
    // Not setOptimizedWrite(): 6 % smaller, but it doubles the encoding time of a photo.
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return bytes;
}

// Whether Qt reads this PNG scaled row by row, holding only the scaled image: 8-bit RGB or RGBA,
// not interlaced. Other PNGs are decoded whole, then scaled.
bool pngReadsScaled(const QByteArray &bytes)
{
    // Signature (8), IHDR length and type (8), width, height, depth, colour type, compression,
    // filter, interlace.
    if (bytes.size() < 29 || !bytes.startsWith("\x89PNG\r\n\x1a\n") || bytes.mid(12, 4) != "IHDR")
        return false;
    const int depth = quint8(bytes.at(24));
    const int colorType = quint8(bytes.at(25));
    const int interlace = quint8(bytes.at(28));
    return depth == 8 && (colorType == 2 || colorType == 6) && interlace == 0;
}

// Whether a JPEG's main image has no end-of-image marker after its first scan: a cut-off file.
// Its segments are walked to that scan, past the EXIF block and its thumbnail; what follows the
// end marker (a phone's motion-photo video) is not looked at.
bool jpegEndsEarly(const QByteArray &bytes)
{
    qsizetype at = 2;
    while (at + 4 <= bytes.size()) {
        if (quint8(bytes.at(at)) != 0xff)
            return false; // not a layout this check knows: left to the decoder
        const quint8 marker = quint8(bytes.at(at + 1));
        if (marker == 0xff) {
            ++at; // fill byte
            continue;
        }
        if (marker == 0xda) // start of scan: the entropy-coded data follows
            return bytes.indexOf("\xff\xd9", at) < 0;
        const int length = (quint8(bytes.at(at + 2)) << 8) | quint8(bytes.at(at + 3));
        at += 2 + length;
    }
    return true; // the segments end before any scan
}

QSize fitted(const QSize &size, int maxSide)
{
    if (maxSide <= 0 || std::max(size.width(), size.height()) <= maxSide)
        return size;
    return size.scaled(maxSide, maxSide, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}
} // namespace

QString ImageEncoder::Result::dataUrl() const
{
    return QLatin1StringView("data:") + QLatin1StringView(mimeType) + QLatin1StringView(";base64,")
        + QLatin1StringView(bytes.toBase64());
}

void ImageEncoder::releaseDecodeBuffer()
{
    QMutexLocker lock(&decodeMutex);
    decodeBuffer = QImage();
    inflateBuffer = QByteArray();
}

int ImageEncoder::peakConcurrentDecodes()
{
    return decodesPeak.load();
}

QByteArray ImageEncoder::sniffMimeType(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return mimeForFormat(QImageReader::imageFormat(&buffer));
}

ImageEncoder::Result ImageEncoder::encodeFile(const QString &path, const Options &options)
{
    Result r;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        r.error = tr("The file cannot be read: %1").arg(file.errorString());
        return r;
    }
    if (file.size() > MaxFileBytes) {
        r.error = tr("The file is too large: %1 MB (at most %2 MB).")
                      .arg(file.size() / (1024 * 1024))
                      .arg(MaxFileBytes / (1024 * 1024));
        return r;
    }
    return encodeBytes(file.readAll(), options);
}

ImageEncoder::Result ImageEncoder::encodeBytes(const QByteArray &bytes, const Options &options)
{
    Result r;
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QByteArray format = reader.format();
    if (format.isEmpty() || !reader.canRead()) {
        r.error = tr("This is not an image Confab can read.");
        return r;
    }
    const QSize raw = reader.size();
    bool fastPng = false;
    if (raw.isValid()) {
        const QSize target = fitted(raw, options.maxSide);
        // Qt refuses larger allocations anyway; saying so here gives the user the reason.
        const qint64 limit = QImageReader::allocationLimit() > 0
            ? std::min(options.memoryLimit, qint64(QImageReader::allocationLimit()) * 1024 * 1024)
            : options.memoryLimit;
        // Qt has libjpeg decode at 1/2, 1/4 or 1/8 scale, no smaller than the target. FastPng
        // reads the common PNGs whole, when its rows and the image fit. Qt can read most other
        // PNGs scaled row by row, holding only the result, but a third slower than a whole
        // decode and a smooth scale: only when the whole would not fit. Other images are decoded
        // whole, then scaled.
        QSize decoded = raw;
        bool scaledRead = false;
        fastPng = format == "png" && FastPng::accepts(bytes) == raw
            && FastPng::memoryNeeded(raw) <= limit;
        if (format == "jpeg" && target != raw) {
            const int ratio
                = std::min(raw.width() / target.width(), raw.height() / target.height());
            const int denominator = ratio >= 8 ? 8 : ratio >= 4 ? 4 : ratio >= 2 ? 2 : 1;
            decoded = QSize((raw.width() + denominator - 1) / denominator,
                (raw.height() + denominator - 1) / denominator);
            scaledRead = true;
        } else if (format == "png" && !fastPng && target != raw
            && qint64(raw.width()) * raw.height() * 4 > limit && pngReadsScaled(bytes)) {
            decoded = target;
            scaledRead = true;
        }
        const qint64 needed
            = fastPng ? FastPng::memoryNeeded(raw) : qint64(decoded.width()) * decoded.height() * 4;
        if (needed > limit) {
            r.error = tr("This image is too large to open: %1 × %2 pixels would need %3 MB of "
                         "memory, and the limit is %4 MB.")
                          .arg(raw.width())
                          .arg(raw.height())
                          .arg(needed / (1024 * 1024))
                          .arg(limit / (1024 * 1024));
            return r;
        }
        if (scaledRead)
            reader.setScaledSize(target);
    }
    // libjpeg fills a cut-off JPEG with grey and calls it a success.
    if (format == "jpeg" && jpegEndsEarly(bytes)) {
        r.error
            = tr("The image is damaged or incomplete (%1).").arg(tr("the JPEG data ends early"));
        return r;
    }
    QImage image;
    {
        // Held until the picture is down to its target size: the full-size one is the memory
        // that must not be taken twice at once.
        DecodeSlot slot;
        // Into the last decode's memory when the size and format match (photos from one
        // camera): a fresh 48 MB costs 30 ms of page faults, and stalls the other threads'.
        if (!(fastPng && FastPng::read(bytes, &decodeBuffer, &inflateBuffer))
            && !reader.read(&decodeBuffer)) {
            r.error = tr("The image is damaged or incomplete (%1).").arg(reader.errorString());
            return r;
        }
        const QSize target = fitted(decodeBuffer.size(), options.maxSide);
        image = target != decodeBuffer.size()
            ? scaledOnOneCore(decodeBuffer, target, Qt::IgnoreAspectRatio)
            : std::exchange(decodeBuffer, QImage());
    }
    const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
    const QSize source = raw.isValid() ? (turned ? raw.transposed() : raw) : image.size();
    r = encodeImage(image, options);
    r.sourceSize = source;
    return r;
}

ImageEncoder::Result ImageEncoder::encodeImage(const QImage &input, const Options &options)
{
    Result r;
    if (input.isNull()) {
        r.error = tr("This is not an image Confab can read.");
        return r;
    }
    r.sourceSize = input.size();
    QImage image = input;
    if (image.colorSpace().isValid() && image.colorSpace() != QColorSpace::SRgb)
        image.convertToColorSpace(QColorSpace::SRgb);
    const bool alpha = image.hasAlphaChannel()
        && hasTransparentPixel(image.convertToFormat(QImage::Format_ARGB32));
    image = image.convertToFormat(alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    bool png = alpha || hasFewColors(image);

    QSize size = fitted(image.size(), options.maxSide);
    for (;;) {
        QImage scaled
            = size == image.size() ? image : scaledOnOneCore(image, size, Qt::IgnoreAspectRatio);
        if (options.thumbnailSide > 0 && r.thumbnail.isNull()) {
            const int side = options.thumbnailSide;
            r.thumbnail = scaled.width() > side || scaled.height() > side
                ? scaledOnOneCore(scaled, QSize(side, side), Qt::KeepAspectRatio)
                : scaled;
        }
        // The pixels alone: a decoder's text keys (EXIF description, PNG comments) and colour
        // profile stay behind, so the writer has nothing to copy into the file.
        QImage pixels(scaled.constBits(), scaled.width(), scaled.height(), scaled.bytesPerLine(),
            scaled.format());
        // A fixed density: the default follows the screen, and the window and confab-cli must
        // write the same bytes.
        pixels.setDotsPerMeterX(3780);
        pixels.setDotsPerMeterY(3780);
        if (png) {
            r.bytes = write(pixels, "png", -1);
            if (!r.bytes.isEmpty() && r.bytes.size() <= options.maxBytes) {
                r.mimeType = "image/png";
                break;
            }
            if (!alpha) { // a screenshot too rich for the cap: a photo's encoding then
                png = false;
                continue;
            }
        } else {
            const int start = qBound(1, options.quality, 100);
            for (int quality = start; quality >= std::min(start, 45); quality -= 10) {
                r.bytes = write(pixels, "jpeg", quality);
                if (!r.bytes.isEmpty() && r.bytes.size() <= options.maxBytes)
                    break;
                // Below 65 a smaller picture looks better than a blurrier one.
                if (quality <= 65 && std::max(size.width(), size.height()) > 1024)
                    break;
            }
            if (!r.bytes.isEmpty() && r.bytes.size() <= options.maxBytes) {
                r.mimeType = "image/jpeg";
                break;
            }
        }
        if (r.bytes.isEmpty()) {
            r.error = tr("The image could not be encoded.");
            return r;
        }
        size = (QSizeF(size) * 0.75).toSize().expandedTo(QSize(1, 1));
        if (std::max(size.width(), size.height()) < MinimumSide) {
            r.error = tr("The image cannot be made smaller than %1 KB.")
                          .arg((options.maxBytes + 1023) / 1024);
            r.bytes.clear();
            return r;
        }
    }
    r.width = size.width();
    r.height = size.height();
    r.hash = QCryptographicHash::hash(r.bytes, QCryptographicHash::Sha256).toHex();
    return r;
}

QImage ImageEncoder::quickThumbnail(const QByteArray &bytes, const QSize &box)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (reader.format() != "jpeg")
        return {};
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid() || qint64(size.width()) * size.height() > qint64(1) << 30)
        return {};
    const QSize target = size.scaled(box, Qt::KeepAspectRatio).boundedTo(size);
    reader.setScaledSize(target.expandedTo(QSize(1, 1)));
    return reader.read();
}

#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

// How ImageEncoder scales, encodes and limits an image.
struct ImageOptions
{
    int maxSide = 2048; // longest side in pixels; 0 keeps the original size
    qint64 maxBytes = 1'500'000; // the encoded payload's cap
    int quality = 85; // JPEG quality to start from
    // What one decode may allocate, in bytes: a larger image is refused before it is read.
    qint64 memoryLimit = qint64(256) * 1024 * 1024;
    // When above 0, Result::thumbnail is the image fitted into a square of this side.
    int thumbnailSide = 0;
};

// Turns an image into the bytes a vision model is sent: decoded (whatever Qt's image plugins
// read; the first frame of an animation), turned upright as its EXIF orientation says, scaled
// down so its longest side is at most Options::maxSide, and encoded afresh, so that no metadata
// (EXIF, GPS, comments, colour profiles) survives: JPEG, or PNG when the image has transparency
// or few colours. The payload is kept under Options::maxBytes by lowering the JPEG quality, then
// the size. The MIME type always matches the bytes.
//
// Thread-safe; meant for a worker thread (a 12-megapixel photo takes about 120 ms). Decodes at
// full resolution are serialized process-wide, so several attachments never hold several
// full-size images in memory at once.
class ImageEncoder
{
    Q_DECLARE_TR_FUNCTIONS(ImageEncoder)

public:
    using Options = ImageOptions;

    struct Result
    {
        QByteArray bytes;
        QByteArray mimeType;
        QByteArray hash; // SHA-256 (hex) of bytes, as the store keys images
        int width = 0;
        int height = 0;
        QSize sourceSize; // as decoded, before scaling (upright)
        QImage thumbnail; // see Options::thumbnailSide
        QString error; // empty on success

        bool isValid() const { return error.isEmpty(); }
        QString dataUrl() const;
    };

    // Larger files are refused before they are read into memory.
    static constexpr qint64 MaxFileBytes = qint64(256) * 1024 * 1024;

    // The choices the settings offer for Options::maxSide (0: original).
    static QList<int> maxSideChoices() { return { 1024, 2048, 4096, 0 }; }

    // Errors do not name the file: the caller knows how the user called it.
    static Result encodeFile(const QString &path, const Options &options = Options());
    static Result encodeBytes(const QByteArray &bytes, const Options &options = Options());
    // An image already decoded (a pasted screenshot).
    static Result encodeImage(const QImage &image, const Options &options = Options());

    // A small upright picture that fits `box`, read cheaply where the format allows (JPEG is
    // decoded at 1/2 to 1/8 of its size); null when that is not possible without a full decode,
    // or for bytes that are not an image. For the thumbnail shown while encodeBytes() works.
    static QImage quickThumbnail(const QByteArray &bytes, const QSize &box);

    // The last full-size decode's memory is kept for the next one of the same size and format;
    // this frees it (when no more images are coming).
    static void releaseDecodeBuffer();

    // How many full-resolution decodes ran at once, at most, since the start (for benchmarks).
    static int peakConcurrentDecodes();

    // The MIME type of image bytes by their content ("image/png"), or empty.
    static QByteArray sniffMimeType(const QByteArray &bytes);
};

#include "imageencoder.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

namespace {
QByteArray mimeForFormat(const QByteArray &format)
{
    const QByteArray f = format.toLower();
    if (f == "jpeg" || f == "jpg")
        return "image/jpeg";
    if (f == "png")
        return "image/png";
    if (f == "webp")
        return "image/webp";
    if (f == "gif")
        return "image/gif";
    return {};
}
} // namespace

QString ImageEncoder::Result::dataUrl() const
{
    return QLatin1StringView("data:") + QLatin1StringView(mimeType) + QLatin1StringView(";base64,")
        + QLatin1StringView(bytes.toBase64());
}

ImageEncoder::Result ImageEncoder::encodeFile(const QString &path, int maxSide)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result r;
        r.error = tr("Cannot read the image %1: %2").arg(path, file.errorString());
        return r;
    }
    Result r = encodeBytes(file.readAll(), maxSide);
    if (!r.isValid())
        r.error = tr("%1: %2").arg(path, r.error);
    return r;
}

ImageEncoder::Result ImageEncoder::encodeBytes(const QByteArray &bytes, int maxSide)
{
    Result r;
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QByteArray format = reader.format();
    if (format.isEmpty() || !reader.canRead()) {
        r.error = tr("not an image Confab can read");
        return r;
    }
    const QSize size = reader.size();
    const QByteArray mime = mimeForFormat(format);
    const bool fits = size.isValid() && std::max(size.width(), size.height()) <= maxSide;
    // A readable image that fits, in a format every vision API takes, goes as it is. Orientation
    // is left to the viewer's EXIF handling, as with any upload.
    if (fits && !mime.isEmpty()) {
        QImage probe;
        if (!reader.read(&probe)) {
            r.error = tr("the image is damaged: %1").arg(reader.errorString());
            return r;
        }
        r.bytes = bytes;
        r.mimeType = mime;
        r.width = probe.width();
        r.height = probe.height();
        return r;
    }
    if (size.isValid() && !fits)
        reader.setScaledSize(size.scaled(maxSide, maxSide, Qt::KeepAspectRatio));
    QImage image;
    if (!reader.read(&image)) {
        r.error = tr("the image is damaged: %1").arg(reader.errorString());
        return r;
    }
    if (std::max(image.width(), image.height()) > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    const bool png = image.hasAlphaChannel();
    QBuffer out(&r.bytes);
    out.open(QIODevice::WriteOnly);
    QImageWriter writer(&out, png ? "png" : "jpeg");
    if (!png)
        writer.setQuality(JpegQuality);
    if (!writer.write(png ? image : image.convertToFormat(QImage::Format_RGB32))) {
        r.error = tr("could not encode the image: %1").arg(writer.errorString());
        r.bytes.clear();
        return r;
    }
    r.mimeType = png ? "image/png" : "image/jpeg";
    r.width = image.width();
    r.height = image.height();
    r.reencoded = true;
    return r;
}

#include "imageencoder.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// A picture with some structure, so encoders have something to compress and a wrong scale shows.
QImage testImage(int width, int height, QImage::Format format = QImage::Format_RGB32)
{
    QImage image(width, height, format);
    image.fill(format == QImage::Format_ARGB32 ? QColor(0, 0, 0, 0) : QColor(Qt::white));
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height / 2, QColor(200, 30, 30, 255));
    painter.fillRect(width / 2, height / 2, width / 2, height / 2, QColor(30, 30, 200, 128));
    painter.end();
    return image;
}

QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        qWarning("cannot write %s: %s", format, qPrintable(writer.errorString()));
    return bytes;
}

QImage decode(const QByteArray &bytes)
{
    QImage image;
    image.loadFromData(bytes);
    return image;
}

QByteArray formatOf(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return QImageReader(&buffer).format();
}

} // namespace

class TstImageEncoder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void smallPngIsSentUnchanged();
    void mimeTypeComesFromTheBytes();
    void largeImageIsScaled_data();
    void largeImageIsScaled();
    void imageAtTheLimitIsKept();
    void otherFormatsAreReencoded();
    void transparentImageStaysPng();
    void textFileIsRejected();
    void missingFileIsRejected();
    void truncatedPngIsRejected();
    void encodeBytesRejectsGarbage_data();
    void encodeBytesRejectsGarbage();
    void webFormatsKeepTheirType_data();
    void webFormatsKeepTheirType();
    void gifIsKept();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QString save(const QString &name, const QImage &image, const char *format);

    QTemporaryDir m_dir;
};

void TstImageEncoder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QList<QByteArray> formats = QImageWriter::supportedImageFormats();
    QVERIFY(formats.contains("png"));
    QVERIFY(formats.contains("jpeg"));
}

QString TstImageEncoder::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

QString TstImageEncoder::save(const QString &name, const QImage &image, const char *format)
{
    const QString path = m_dir.filePath(name);
    if (!image.save(path, format))
        qWarning("cannot save %s", qPrintable(path));
    return path;
}

void TstImageEncoder::smallPngIsSentUnchanged()
{
    const QString path = save(QStringLiteral("small.png"), testImage(64, 48), "PNG");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    QVERIFY(!original.isEmpty());

    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(r.error.isEmpty());
    // Untouched bytes: re-encoding a small image only loses quality and time.
    QCOMPARE(r.bytes, original);
    QVERIFY(!r.reencoded);
    QCOMPARE(r.mimeType, QByteArray("image/png"));
    QCOMPARE(r.width, 64);
    QCOMPARE(r.height, 48);

    const QString url = r.dataUrl();
    const QString prefix = QStringLiteral("data:image/png;base64,");
    QVERIFY(url.startsWith(prefix));
    const QByteArray decoded = QByteArray::fromBase64(
        url.mid(prefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(decoded, original);
}

void TstImageEncoder::mimeTypeComesFromTheBytes()
{
    // Files are often misnamed (a screenshot tool's "image.png" that is really a JPEG); the
    // server checks the declared type against the bytes and rejects a mismatch.
    const QByteArray jpeg = encode(testImage(40, 30), "jpeg", 90);
    const QString path = write(QStringLiteral("really-a-jpeg.png"), jpeg);

    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QCOMPARE(r.mimeType, QByteArray("image/jpeg"));
    QCOMPARE(r.bytes, jpeg);
    QVERIFY(r.dataUrl().startsWith(QLatin1StringView("data:image/jpeg;base64,")));

    const QByteArray png = encode(testImage(40, 30), "png");
    const ImageEncoder::Result fromPng
        = ImageEncoder::encodeFile(write(QStringLiteral("really-a-png.jpg"), png));
    QVERIFY2(fromPng.isValid(), qPrintable(fromPng.error));
    QCOMPARE(fromPng.mimeType, QByteArray("image/png"));
}

void TstImageEncoder::largeImageIsScaled_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("maxSide");

    QTest::newRow("3000x1000, default") << 3000 << 1000 << int(ImageEncoder::DefaultMaxSide);
    QTest::newRow("3000x1000, 1024") << 3000 << 1000 << 1024;
    QTest::newRow("portrait 1000x3000") << 1000 << 3000 << int(ImageEncoder::DefaultMaxSide);
    QTest::newRow("2049x2049") << 2049 << 2049 << int(ImageEncoder::DefaultMaxSide);
}

void TstImageEncoder::largeImageIsScaled()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, maxSide);

    const QString path = save(
        QStringLiteral("large-%1x%2.png").arg(width).arg(height), testImage(width, height), "PNG");
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path, maxSide);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(r.reencoded);
    // Opaque: JPEG is a fraction of PNG's size for photos and screenshots alike.
    QCOMPARE(r.mimeType, QByteArray("image/jpeg"));
    QCOMPARE(formatOf(r.bytes), QByteArray("jpeg"));
    QVERIFY(r.dataUrl().startsWith(QLatin1StringView("data:image/jpeg;base64,")));

    QCOMPARE(std::max(r.width, r.height), maxSide);
    // The aspect ratio survives, within a pixel of rounding.
    const double expectedShort
        = double(std::min(width, height)) * maxSide / std::max(width, height);
    QVERIFY2(std::abs(std::min(r.width, r.height) - expectedShort) <= 1.0,
        qPrintable(QStringLiteral("%1x%2").arg(r.width).arg(r.height)));
    QCOMPARE(r.width >= r.height, width >= height);

    const QImage decoded = decode(r.bytes);
    QCOMPARE(decoded.width(), r.width);
    QCOMPARE(decoded.height(), r.height);
    // The top-left quarter is red in the source; scaling must not have cropped or shifted it.
    const QColor topLeft = decoded.pixelColor(r.width / 8, r.height / 8);
    QVERIFY2(topLeft.red() > 150 && topLeft.green() < 90 && topLeft.blue() < 90,
        qPrintable(topLeft.name()));
}

void TstImageEncoder::imageAtTheLimitIsKept()
{
    const QString path = save(QStringLiteral("limit.png"), testImage(1024, 100), "PNG");
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path, 1024);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(!r.reencoded);
    QCOMPARE(r.mimeType, QByteArray("image/png"));
    QCOMPARE(r.width, 1024);

    const ImageEncoder::Result over = ImageEncoder::encodeFile(path, 1023);
    QVERIFY2(over.isValid(), qPrintable(over.error));
    QVERIFY(over.reencoded);
    QCOMPARE(over.width, 1023);
}

void TstImageEncoder::otherFormatsAreReencoded()
{
    // Vision APIs take PNG, JPEG, WebP and GIF; a BMP that fits must still be converted.
    const QString path = save(QStringLiteral("small.bmp"), testImage(32, 32), "BMP");
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(r.reencoded);
    QCOMPARE(r.mimeType, QByteArray("image/jpeg"));
    QCOMPARE(formatOf(r.bytes), QByteArray("jpeg"));
    QCOMPARE(r.width, 32);
    QCOMPARE(r.height, 32);
}

void TstImageEncoder::transparentImageStaysPng()
{
    // JPEG has no alpha: transparent areas would turn black.
    const QString path = save(
        QStringLiteral("transparent.png"), testImage(3000, 1000, QImage::Format_ARGB32), "PNG");
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(r.reencoded);
    QCOMPARE(r.mimeType, QByteArray("image/png"));
    QCOMPARE(formatOf(r.bytes), QByteArray("png"));
    QCOMPARE(r.width, 2048);

    const QImage decoded = decode(r.bytes);
    QVERIFY(decoded.hasAlphaChannel());
    QCOMPARE(decoded.size(), QSize(r.width, r.height));
    // Top-right was never painted: still fully transparent.
    QCOMPARE(decoded.pixelColor(r.width - 10, 10).alpha(), 0);
}

void TstImageEncoder::textFileIsRejected()
{
    const QString path = write(QStringLiteral("notes.txt"), "These are my notes, not a picture.\n");
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY(!r.isValid());
    QVERIFY2(r.error.contains(QLatin1StringView("notes.txt")), qPrintable(r.error));
    QVERIFY(r.bytes.isEmpty());
    QVERIFY(r.mimeType.isEmpty());
}

void TstImageEncoder::missingFileIsRejected()
{
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist.png"));
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY(!r.isValid());
    QVERIFY2(r.error.contains(QLatin1StringView("does-not-exist.png")), qPrintable(r.error));
    QVERIFY(r.bytes.isEmpty());
}

void TstImageEncoder::truncatedPngIsRejected()
{
    // A half-downloaded file: the header says PNG and gives a size, the pixels are missing.
    const QByteArray png = encode(testImage(200, 200), "png");
    QVERIFY(png.size() > 100);
    const QString path = write(QStringLiteral("truncated.png"), png.left(100));

    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    QVERIFY2(!r.isValid(), "a truncated PNG was accepted");
    QVERIFY2(r.error.contains(QLatin1StringView("truncated.png")), qPrintable(r.error));
    QVERIFY(r.bytes.isEmpty());
}

void TstImageEncoder::encodeBytesRejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("hello world");
    QTest::newRow("png signature only") << QByteArray("\x89PNG\r\n\x1a\n", 8);
    QTest::newRow("zeros") << QByteArray(4096, '\0');
}

void TstImageEncoder::encodeBytesRejectsGarbage()
{
    QFETCH(QByteArray, bytes);

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(bytes);
    QVERIFY(!r.isValid());
    QVERIFY(!r.error.isEmpty());
    QVERIFY(r.dataUrl().size() <= QStringLiteral("data:;base64,").size());
}

void TstImageEncoder::webFormatsKeepTheirType_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("mimeType");

    QTest::newRow("gif") << QByteArray("gif") << QByteArray("image/gif");
    QTest::newRow("webp") << QByteArray("webp") << QByteArray("image/webp");
}

void TstImageEncoder::webFormatsKeepTheirType()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, mimeType);

    if (!QImageWriter::supportedImageFormats().contains(format))
        QSKIP(
            qPrintable(QStringLiteral("no image plugin writes %1").arg(QLatin1StringView(format))));
    const QByteArray bytes = encode(testImage(50, 40), format.constData());
    QVERIFY(!bytes.isEmpty());

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(bytes);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(!r.reencoded);
    QCOMPARE(r.bytes, bytes);
    QCOMPARE(r.mimeType, mimeType);
    QCOMPARE(r.width, 50);
    QCOMPARE(r.height, 40);
    QVERIFY(r.dataUrl().startsWith(
        QLatin1StringView("data:") + QLatin1StringView(mimeType) + QLatin1StringView(";base64,")));
}

void TstImageEncoder::gifIsKept()
{
    // Qt reads GIF but never writes it, so the row above always skips; a GIF built by hand
    // still checks the MIME type. 2x1 pixels, two-colour palette.
    if (!QImageReader::supportedImageFormats().contains("gif"))
        QSKIP("no image plugin reads gif");
    const QByteArray gif("GIF89a\x02\x00\x01\x00\x80\x00\x00"
                         "\xff\x00\x00\x00\x00\xff"
                         ",\x00\x00\x00\x00\x02\x00\x01\x00\x00"
                         "\x02\x02\x44\x0a\x00;",
        35);
    QVERIFY(!decode(gif).isNull());

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(gif);
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(!r.reencoded);
    QCOMPARE(r.bytes, gif);
    QCOMPARE(r.mimeType, QByteArray("image/gif"));
    QCOMPARE(r.width, 2);
    QCOMPARE(r.height, 1);
}

QTEST_GUILESS_MAIN(TstImageEncoder)
#include "tst_imageencoder.moc"

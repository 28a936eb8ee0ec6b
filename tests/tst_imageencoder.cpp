#include "imageencoder.h"
#include "testdata.h"

#include <QBuffer>
#include <QColorSpace>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

namespace {

// Four differently coloured quadrants: a rotation or a mirror shows in where each colour is.
QImage quadrants(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height / 2, QColor(220, 20, 20));
    painter.fillRect(width / 2, 0, width - width / 2, height / 2, QColor(20, 220, 20));
    painter.fillRect(0, height / 2, width / 2, height - height / 2, QColor(20, 20, 220));
    painter.fillRect(width / 2, height / 2, width - width / 2, height - height / 2, Qt::white);
    return image;
}

// Something like a photo: smooth gradients with sensor noise, which no encoder compresses well.
QImage photo(int width, int height, quint32 seed = 7)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int noise = int(random.bounded(48u));
            line[x] = qRgb((x * 255 / width + noise) & 255, (y * 255 / height + noise) & 255,
                (x + y + noise) & 255);
        }
    }
    return image;
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

// An EXIF APP1 segment (big-endian TIFF) with the orientation, a description, and a GPS IFD
// holding a latitude reference: what a phone writes, in miniature.
QByteArray exifSegment(int orientation)
{
    QByteArray tiff("MM\x00\x2a\x00\x00\x00\x08", 8);
    auto u16 = [&tiff](quint16 v) {
        char b[2];
        qToBigEndian(v, b);
        tiff.append(b, 2);
    };
    auto u32 = [&tiff](quint32 v) {
        char b[4];
        qToBigEndian(v, b);
        tiff.append(b, 4);
    };
    const QByteArray description("SECRET-PLACE\0", 13);
    // IFD0 at 8: 3 entries (2 + 3 * 12 + 4 = 42 bytes), then the description, then the GPS IFD.
    const quint32 descriptionOffset = 8 + 42;
    const quint32 gpsOffset = descriptionOffset + quint32(description.size()) + 1;
    u16(3);
    u16(0x010e); // ImageDescription
    u16(2);
    u32(quint32(description.size()));
    u32(descriptionOffset);
    u16(0x0112); // Orientation
    u16(3);
    u32(1);
    u16(quint16(orientation));
    u16(0);
    u16(0x8825); // GPS IFD pointer
    u16(4);
    u32(1);
    u32(gpsOffset);
    u32(0); // no next IFD
    tiff.append(description);
    tiff.append('\0'); // word alignment
    u16(1);
    u16(0x0001); // GPSLatitudeRef
    u16(2);
    u32(2);
    tiff.append("N\0\0\0", 4);
    u32(0);

    QByteArray segment("\xff\xe1", 2);
    const QByteArray body = QByteArray("Exif\0\0", 6) + tiff;
    char length[2];
    qToBigEndian(quint16(body.size() + 2), length);
    segment.append(length, 2);
    segment.append(body);
    return segment;
}

// A JPEG whose EXIF says to show `stored` turned by `orientation`.
QByteArray jpegWithExif(const QImage &stored, int orientation)
{
    QByteArray jpeg = TestData::encodedImage(stored, "jpeg", 95);
    jpeg.insert(2, exifSegment(orientation)); // right after SOI
    return jpeg;
}

// How the picture must be stored so that a viewer applying `orientation` shows `upright`.
QImage storedFor(const QImage &upright, int orientation)
{
    const QTransform cw = QTransform().rotate(90);
    switch (orientation) {
    case 2:
        return upright.mirrored(true, false);
    case 3:
        return upright.mirrored(true, true);
    case 4:
        return upright.mirrored(false, true);
    case 5: // transpose
        return upright.transformed(cw).mirrored(true, false);
    case 6:
        return upright.transformed(QTransform().rotate(270));
    case 7: // transverse
        return upright.transformed(cw).mirrored(false, true);
    case 8:
        return upright.transformed(cw);
    default:
        return upright;
    }
}

bool near(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) < 40 && std::abs(qGreen(a) - qGreen(b)) < 40
        && std::abs(qBlue(a) - qBlue(b)) < 40;
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// A PNG header claiming a size, and the start of pixels that are not there.
QByteArray pngHeader(quint32 width, quint32 height)
{
    QByteArray ihdr("IHDR", 4);
    char b[4];
    qToBigEndian(width, b);
    ihdr.append(b, 4);
    qToBigEndian(height, b);
    ihdr.append(b, 4);
    ihdr.append("\x08\x06\x00\x00\x01", 5); // 8-bit RGBA, interlaced
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    qToBigEndian(quint32(13), b);
    png.append(b, 4);
    png.append(ihdr);
    qToBigEndian(crc32(ihdr), b);
    png.append(b, 4);
    png.append(QByteArray("\0\0\0\x10IDAT", 8) + QByteArray(20, '\0')); // where pixels begin
    return png;
}

} // namespace

class TstImageEncoder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void orientationIsApplied_data();
    void orientationIsApplied();
    void metadataIsStripped();
    void pngCommentsAreStripped();
    void transparentPngStaysPng();
    void fewColorsBecomePng();
    void photoBecomesJpegUnderTheCap();
    void longestSideFollowsTheSetting_data();
    void longestSideFollowsTheSetting();
    void hundredMegapixelJpegIsScaledWithinTheMemoryLimit();
    void largePngIsReadScaledWithinTheMemoryLimit();
    void tooLargeToDecodeIsRefused();
    void pastedImageIsEncoded();
    void otherFormatsAreRead_data();
    void otherFormatsAreRead();
    void animatedGifGivesItsFirstFrame();
    void sameInputGivesSameBytes();
    void pngGivesWhatItsPixelsGive_data();
    void pngGivesWhatItsPixelsGive();
    void jpegWithATrailerIsRead();
    void corruptInputIsRefused_data();
    void corruptInputIsRefused();
    void unreadableFilesAreRefused();
    void quickThumbnailIsSmallAndUpright();
    void hashIsTheSha256OfTheBytes();

private:
    QString write(const QString &name, const QByteArray &bytes);
    static void verifyConsistent(const ImageEncoder::Result &r);

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

// What every successful result must be: bytes of the type it says, of the size it says.
void TstImageEncoder::verifyConsistent(const ImageEncoder::Result &r)
{
    QVERIFY2(r.isValid(), qPrintable(r.error));
    QVERIFY(!r.bytes.isEmpty());
    QCOMPARE(ImageEncoder::sniffMimeType(r.bytes), r.mimeType);
    const QImage image = decode(r.bytes);
    QCOMPARE(image.size(), QSize(r.width, r.height));
    QVERIFY(r.dataUrl().startsWith(QLatin1StringView("data:") + QLatin1StringView(r.mimeType)
        + QLatin1StringView(";base64,")));
}

void TstImageEncoder::orientationIsApplied_data()
{
    QTest::addColumn<int>("orientation");
    for (int o = 1; o <= 8; ++o)
        QTest::addRow("orientation %d", o) << o;
}

void TstImageEncoder::orientationIsApplied()
{
    QFETCH(int, orientation);
    const QImage upright = quadrants(120, 60);
    const QByteArray jpeg = jpegWithExif(storedFor(upright, orientation), orientation);

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(jpeg);
    verifyConsistent(r);
    const QImage out = decode(r.bytes).convertToFormat(QImage::Format_RGB32);
    QCOMPARE(out.size(), upright.size());
    QCOMPARE(r.sourceSize, upright.size());
    for (const QPoint p : { QPoint(30, 15), QPoint(90, 15), QPoint(30, 45), QPoint(90, 45) }) {
        QVERIFY2(near(out.pixel(p), upright.pixel(p)),
            qPrintable(QStringLiteral("at %1,%2: %3 instead of %4")
                           .arg(p.x())
                           .arg(p.y())
                           .arg(out.pixel(p), 0, 16)
                           .arg(upright.pixel(p), 0, 16)));
    }
}

void TstImageEncoder::metadataIsStripped()
{
    QImage image = photo(64, 48);
    image.setText(QStringLiteral("Description"), QStringLiteral("SECRET-COMMENT"));
    const QByteArray jpeg = jpegWithExif(image, 1);
    QVERIFY(jpeg.contains("SECRET-PLACE"));
    QVERIFY(jpeg.contains("Exif"));

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(jpeg);
    verifyConsistent(r);
    QCOMPARE(r.mimeType, QByteArray("image/jpeg"));
    QVERIFY(!r.bytes.contains("Exif"));
    QVERIFY(!r.bytes.contains("SECRET"));
    QVERIFY(!r.bytes.contains(QByteArray("\xff\xe1", 2))); // no APP1 (EXIF, XMP) at all
    QVERIFY(!r.bytes.contains(QByteArray("\xff\xfe", 2))); // no comment segment
    QVERIFY(decode(r.bytes).textKeys().isEmpty());
}

void TstImageEncoder::pngCommentsAreStripped()
{
    QImage image(40, 30, QImage::Format_ARGB32);
    image.fill(QColor(10, 200, 10, 100));
    image.setText(QStringLiteral("Comment"), QStringLiteral("SECRET-COMMENT"));
    const QByteArray png = TestData::encodedImage(image, "png");
    QVERIFY(png.contains("SECRET-COMMENT"));

    const ImageEncoder::Result r = ImageEncoder::encodeBytes(png);
    verifyConsistent(r);
    QVERIFY(!r.bytes.contains("SECRET"));
    QVERIFY(!r.bytes.contains("tEXt"));
    QVERIFY(decode(r.bytes).textKeys().isEmpty());
}

void TstImageEncoder::transparentPngStaysPng()
{
    QImage image = photo(300, 200).convertToFormat(QImage::Format_ARGB32);
    QPainter(&image).setCompositionMode(QPainter::CompositionMode_Source);
    for (int y = 0; y < 50; ++y) {
        for (int x = 0; x < 50; ++x)
            image.setPixel(x, y, qRgba(0, 0, 0, 0));
    }
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(TestData::encodedImage(image, "png"));
    verifyConsistent(r);
    QCOMPARE(r.mimeType, QByteArray("image/png"));
    const QImage out = decode(r.bytes);
    QVERIFY(out.hasAlphaChannel());
    QCOMPARE(qAlpha(out.pixel(10, 10)), 0);
    QCOMPARE(qAlpha(out.pixel(200, 150)), 255);

    // An alpha channel with every pixel opaque is not transparency: a photo is still a JPEG.
    const ImageEncoder::Result opaque = ImageEncoder::encodeBytes(
        TestData::encodedImage(photo(300, 200).convertToFormat(QImage::Format_ARGB32), "png"));
    verifyConsistent(opaque);
    QCOMPARE(opaque.mimeType, QByteArray("image/jpeg"));
}

void TstImageEncoder::fewColorsBecomePng()
{
    // A diagram or a screenshot of text: a handful of flat colours, sharp as PNG.
    const ImageEncoder::Result r
        = ImageEncoder::encodeBytes(TestData::encodedImage(quadrants(800, 600), "bmp"));
    verifyConsistent(r);
    QCOMPARE(r.mimeType, QByteArray("image/png"));
    QCOMPARE(decode(r.bytes).convertToFormat(QImage::Format_RGB32), quadrants(800, 600));
}

void TstImageEncoder::photoBecomesJpegUnderTheCap()
{
    // 12 megapixels of noise: at quality 85 it would be several megabytes.
    const QString path
        = write(QStringLiteral("photo.png"), TestData::encodedImage(photo(4000, 3000), "png"));
    const ImageEncoder::Result r = ImageEncoder::encodeFile(path);
    verifyConsistent(r);
    QCOMPARE(r.mimeType, QByteArray("image/jpeg"));
    QVERIFY2(r.bytes.size() <= 1'500'000, qPrintable(QString::number(r.bytes.size())));
    QVERIFY(std::max(r.width, r.height) <= 2048);
    QCOMPARE(r.sourceSize, QSize(4000, 3000));

    ImageEncoder::Options small;
    small.maxBytes = 200'000;
    const ImageEncoder::Result capped = ImageEncoder::encodeFile(path, small);
    verifyConsistent(capped);
    QVERIFY2(capped.bytes.size() <= 200'000, qPrintable(QString::number(capped.bytes.size())));
    QVERIFY(capped.width < r.width); // quality alone could not get there

    ImageEncoder::Options impossible;
    impossible.maxBytes = 100;
    const ImageEncoder::Result refused = ImageEncoder::encodeFile(path, impossible);
    QVERIFY(!refused.isValid());
    QVERIFY(refused.bytes.isEmpty());
    QVERIFY2(refused.error.contains(QLatin1StringView("smaller")), qPrintable(refused.error));
}

void TstImageEncoder::longestSideFollowsTheSetting_data()
{
    QTest::addColumn<QSize>("source");
    QTest::addColumn<int>("maxSide");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("landscape, 2048") << QSize(3000, 1000) << 2048 << QSize(2048, 682);
    QTest::newRow("landscape, 1024") << QSize(3000, 1000) << 1024 << QSize(1024, 341);
    QTest::newRow("portrait, 2048") << QSize(1000, 3000) << 2048 << QSize(682, 2048);
    QTest::newRow("at the limit") << QSize(2048, 100) << 2048 << QSize(2048, 100);
    QTest::newRow("small, 4096") << QSize(3000, 1000) << 4096 << QSize(3000, 1000);
    QTest::newRow("original") << QSize(5000, 200) << 0 << QSize(5000, 200);
}

void TstImageEncoder::longestSideFollowsTheSetting()
{
    QFETCH(QSize, source);
    QFETCH(int, maxSide);
    QFETCH(QSize, expected);
    ImageEncoder::Options options;
    options.maxSide = maxSide;
    for (const char *format : { "png", "jpeg" }) {
        const ImageEncoder::Result r = ImageEncoder::encodeBytes(
            TestData::encodedImage(quadrants(source.width(), source.height()), format), options);
        verifyConsistent(r);
        QCOMPARE(QSize(r.width, r.height), expected);
    }
}

void TstImageEncoder::hundredMegapixelJpegIsScaledWithinTheMemoryLimit()
{
    // Grey, to keep the test's own 100 MB small; decoding it whole would take 400 MB.
    QImage huge(10000, 10000, QImage::Format_Grayscale8);
    for (int y = 0; y < huge.height(); ++y)
        memset(huge.scanLine(y), (y / 40) & 255, size_t(huge.bytesPerLine()));
    const QByteArray jpeg = TestData::encodedImage(huge, "jpeg", 50);
    huge = QImage();

    const int previous = QImageReader::allocationLimit();
    QImageReader::setAllocationLimit(64); // Qt itself refuses any larger buffer now
    ImageEncoder::Options options;
    options.memoryLimit = 64 * 1024 * 1024;
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(jpeg, options);
    QImageReader::setAllocationLimit(previous);
    verifyConsistent(r);
    QCOMPARE(QSize(r.width, r.height), QSize(2048, 2048));
    QCOMPARE(r.sourceSize, QSize(10000, 10000));
}

void TstImageEncoder::largePngIsReadScaledWithinTheMemoryLimit()
{
    // 36 megapixels, 138 MB decoded whole; Qt reads an RGB PNG scaled, row by row.
    QImage large(6000, 6000, QImage::Format_RGB888);
    for (int y = 0; y < large.height(); ++y)
        memset(large.scanLine(y), (y / 30) & 255, size_t(large.bytesPerLine()));
    const QByteArray png = TestData::encodedImage(large, "png");
    large = QImage();

    const int previous = QImageReader::allocationLimit();
    QImageReader::setAllocationLimit(64);
    ImageEncoder::Options options;
    options.memoryLimit = 64 * 1024 * 1024;
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(png, options);
    QImageReader::setAllocationLimit(previous);
    verifyConsistent(r);
    QCOMPARE(QSize(r.width, r.height), QSize(2048, 2048));
}

void TstImageEncoder::tooLargeToDecodeIsRefused()
{
    // Interlaced: Qt cannot read it scaled, so it would be decoded whole.
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(pngHeader(10000, 10000));
    QVERIFY(!r.isValid());
    QVERIFY(r.bytes.isEmpty());
    QVERIFY2(r.error.contains(u"10000 × 10000"_qs), qPrintable(r.error));
    QVERIFY2(r.error.contains(QLatin1StringView("too large")), qPrintable(r.error));
}

void TstImageEncoder::pastedImageIsEncoded()
{
    QImage screenshot(2400, 1200, QImage::Format_ARGB32_Premultiplied);
    screenshot.fill(QColor(40, 40, 40));
    QPainter(&screenshot).fillRect(100, 100, 800, 400, QColor(250, 250, 250));
    const ImageEncoder::Result r = ImageEncoder::encodeImage(screenshot);
    verifyConsistent(r);
    QCOMPARE(r.mimeType, QByteArray("image/png")); // opaque, two colours
    QCOMPARE(QSize(r.width, r.height), QSize(2048, 1024));
    QVERIFY(!ImageEncoder::encodeImage(QImage()).isValid());
}

void TstImageEncoder::otherFormatsAreRead_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::newRow("bmp") << QByteArray("bmp");
    QTest::newRow("webp") << QByteArray("webp");
    QTest::newRow("tiff") << QByteArray("tiff");
    QTest::newRow("gif") << QByteArray("gif");
}

void TstImageEncoder::otherFormatsAreRead()
{
    QFETCH(QByteArray, format);
    if (!QImageWriter::supportedImageFormats().contains(format))
        QSKIP("no image plugin writes this format here");
    const ImageEncoder::Result r
        = ImageEncoder::encodeBytes(TestData::encodedImage(photo(320, 200), format));
    verifyConsistent(r);
    QVERIFY(r.mimeType == "image/jpeg" || r.mimeType == "image/png");
    QCOMPARE(QSize(r.width, r.height), QSize(320, 200));
}

void TstImageEncoder::animatedGifGivesItsFirstFrame()
{
    // Two frames of 2×1, the first red, the second blue (written by ImageMagick).
    const QByteArray gif = QByteArray::fromHex(
        "47494638396102000100f00000ff000000000021f904000000000021ff0b4e45545343415045322e"
        "3003010000002c0000000002000100000202040a0021f90400000000002c00000000020001008000"
        "00ff0000000202040a003b");
    QBuffer buffer;
    buffer.setData(gif);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (reader.imageCount() < 2)
        QSKIP("this GIF reader sees no animation");
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(gif);
    verifyConsistent(r);
    QVERIFY(near(decode(r.bytes).pixel(0, 0), qRgb(255, 0, 0)));
}

void TstImageEncoder::sameInputGivesSameBytes()
{
    // The window and confab-cli must send identical bytes for one file and one setting.
    const QString path
        = write(QStringLiteral("same.jpg"), TestData::encodedImage(photo(2500, 1500), "jpeg", 92));
    const ImageEncoder::Result a = ImageEncoder::encodeFile(path);
    const ImageEncoder::Result b = ImageEncoder::encodeFile(path);
    verifyConsistent(a);
    QCOMPARE(a.bytes, b.bytes);
    QCOMPARE(a.hash, b.hash);
}

void TstImageEncoder::pngGivesWhatItsPixelsGive_data()
{
    QTest::addColumn<QImage>("image");
    QTest::newRow("photo") << photo(2200, 1300);
    QImage alpha = photo(2100, 1000).convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < alpha.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(alpha.scanLine(y));
        for (int x = 0; x < alpha.width(); ++x)
            line[x] = (line[x] & 0x00ffffff) | (quint32(x & 255) << 24);
    }
    QTest::newRow("transparent") << alpha;
}

void TstImageEncoder::pngGivesWhatItsPixelsGive()
{
    // PNGs of the common kind are read by FastPng, others by Qt's reader: the same file read
    // either way gives the same bytes. An animation's control chunk before the data sends it to
    // Qt's reader, which shows the file's still image, the same rows.
    QFETCH(QImage, image);
    const QByteArray png = TestData::encodedImage(image, "png");
    QByteArray animated = png;
    const QByteArray control = QByteArray::fromHex("000000086163544c0000000100000000b42de9a0");
    animated.insert(8 + 25, control); // after the header
    QCOMPARE(QImage::fromData(animated, "png"), QImage::fromData(png, "png"));

    const ImageEncoder::Result fast = ImageEncoder::encodeBytes(png);
    const ImageEncoder::Result qts = ImageEncoder::encodeBytes(animated);
    verifyConsistent(fast);
    QCOMPARE(fast.mimeType, qts.mimeType);
    QCOMPARE(fast.bytes, qts.bytes);
}

void TstImageEncoder::jpegWithATrailerIsRead()
{
    // A motion photo: a video after the JPEG's end, whose bytes hold markers of all kinds.
    QByteArray jpeg = jpegWithExif(photo(320, 240), 1);
    QRandomGenerator random(5);
    QByteArray trailer(300'000, '\0');
    for (char &c : trailer)
        c = char(random.bounded(256u));
    trailer.append("\xff\xda\x00\x08", 4);
    jpeg.append(trailer);
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(jpeg);
    verifyConsistent(r);
    QCOMPARE(QSize(r.width, r.height), QSize(320, 240));
}

void TstImageEncoder::corruptInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const QByteArray png = TestData::encodedImage(photo(200, 200), "png");
    QTest::newRow("empty") << QByteArray() << u"not an image"_qs;
    QTest::newRow("text") << QByteArray("hello, world\n") << u"not an image"_qs;
    QTest::newRow("zeros") << QByteArray(4096, '\0') << u"not an image"_qs;
    QTest::newRow("png signature only") << QByteArray("\x89PNG\r\n\x1a\n", 8) << u"damaged"_qs;
    QTest::newRow("truncated png") << png.left(png.size() / 2) << u"damaged"_qs;
    const QByteArray jpeg = TestData::encodedImage(photo(400, 300), "jpeg");
    QTest::newRow("truncated jpeg") << jpeg.left(jpeg.size() * 2 / 3) << u"damaged"_qs;
}

void TstImageEncoder::corruptInputIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const ImageEncoder::Result r = ImageEncoder::encodeBytes(bytes);
    QVERIFY(!r.isValid());
    QVERIFY(r.bytes.isEmpty());
    QVERIFY2(r.error.contains(message), qPrintable(r.error));
}

void TstImageEncoder::unreadableFilesAreRefused()
{
    const ImageEncoder::Result missing
        = ImageEncoder::encodeFile(m_dir.filePath(u"nothing.png"_qs));
    QVERIFY(!missing.isValid());
    QVERIFY2(missing.error.contains(u"cannot be read"_qs), qPrintable(missing.error));

    const ImageEncoder::Result text
        = ImageEncoder::encodeFile(write(u"notes.png"_qs, "these are notes, not a picture"));
    QVERIFY(!text.isValid());
    QVERIFY2(text.error.contains(u"not an image"_qs), qPrintable(text.error));
}

void TstImageEncoder::quickThumbnailIsSmallAndUpright()
{
    const QImage upright = quadrants(1200, 600);
    const QImage thumb
        = ImageEncoder::quickThumbnail(jpegWithExif(storedFor(upright, 6), 6), QSize(160, 160));
    QVERIFY(!thumb.isNull());
    QVERIFY(thumb.width() <= 160 && thumb.height() <= 160);
    QVERIFY(thumb.width() > thumb.height()); // turned upright
    QVERIFY(near(thumb.pixel(thumb.width() / 4, thumb.height() / 4), upright.pixel(300, 150)));
    // Only where it is cheap: a PNG would need a full decode.
    QVERIFY(ImageEncoder::quickThumbnail(TestData::encodedImage(upright, "png"), QSize(160, 160))
                .isNull());
}

void TstImageEncoder::hashIsTheSha256OfTheBytes()
{
    const ImageEncoder::Result r = ImageEncoder::encodeImage(photo(64, 64));
    verifyConsistent(r);
    QCOMPARE(r.hash, QCryptographicHash::hash(r.bytes, QCryptographicHash::Sha256).toHex());
}

QTEST_GUILESS_MAIN(TstImageEncoder)
#include "tst_imageencoder.moc"

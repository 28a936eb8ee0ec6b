#include "fastpng.h"
#include "testdata.h"

#include <QBuffer>
#include <QColorSpace>
#include <QImageReader>
#include <QRandomGenerator>
#include <QtTest>

#include <array>
#include <cstdlib>

namespace {

quint32 crc32(const QByteArray &bytes)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t {};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xffffffffu;
    for (const char byte : bytes)
        c = table[(c ^ uchar(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

QByteArray bigEndian(quint32 value)
{
    QByteArray b(4, '\0');
    for (int i = 0; i < 4; ++i)
        b[i] = char(value >> (24 - 8 * i));
    return b;
}

QByteArray chunk(const char *type, const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    return bigEndian(quint32(data.size())) + typed + bigEndian(crc32(typed));
}

QByteArray header(int width, int height, int depth, int colorType, int interlace = 0)
{
    QByteArray data = bigEndian(quint32(width)) + bigEndian(quint32(height));
    data.append(char(depth)).append(char(colorType)).append('\0').append('\0');
    data.append(char(interlace));
    return chunk("IHDR", data);
}

// The bytes a PNG stores for `image`'s rows, each filtered with filters[row % size].
QByteArray filteredRows(const QImage &image, int channels, const QList<int> &filters)
{
    const int length = image.width() * channels;
    QByteArray rows;
    QByteArray previous(length, '\0');
    for (int y = 0; y < image.height(); ++y) {
        QByteArray raw;
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            raw.append(char(qRed(line[x])))
                .append(char(qGreen(line[x])))
                .append(char(qBlue(line[x])));
            if (channels == 4)
                raw.append(char(qAlpha(line[x])));
        }
        const int filter = filters.at(y % filters.size());
        rows.append(char(filter));
        for (int i = 0; i < length; ++i) {
            const int a = i >= channels ? uchar(raw[i - channels]) : 0;
            const int b = uchar(previous[i]);
            const int c = i >= channels ? uchar(previous[i - channels]) : 0;
            int predictor = 0;
            if (filter == 1)
                predictor = a;
            else if (filter == 2)
                predictor = b;
            else if (filter == 3)
                predictor = (a + b) / 2;
            else if (filter == 4) {
                const int p = a + b - c;
                const int pa = std::abs(p - a);
                const int pb = std::abs(p - b);
                const int pc = std::abs(p - c);
                predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            rows.append(char(uchar(raw[i]) - predictor));
        }
        previous = raw;
    }
    return rows;
}

// A PNG written by hand: every row filter chosen, the data split over `pieces` IDAT chunks,
// `extra` chunks before the data.
QByteArray handmade(const QImage &image, int channels, const QList<int> &filters, int pieces = 1,
    const QByteArray &extra = {})
{
    const QByteArray stream = qCompress(filteredRows(image, channels, filters)).mid(4);
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += header(image.width(), image.height(), 8, channels == 4 ? 6 : 2);
    png += extra;
    const qsizetype piece = stream.size() / pieces + 1;
    for (qsizetype at = 0; at < stream.size(); at += piece)
        png += chunk("IDAT", stream.mid(at, piece));
    return png + chunk("IEND", {});
}

QImage noise(int width, int height, bool alpha, quint32 seed = 7)
{
    QImage image(width, height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            // Smooth enough for the filters to matter, noisy enough to use every byte value.
            const int n = int(random.bounded(40u));
            line[x] = qRgba((x * 3 + n) & 255, (y * 5 + n) & 255, (x + y + 2 * n) & 255,
                alpha ? (x * 7 + y + n) & 255 : 255);
        }
    }
    return image;
}

QImage readByQt(const QByteArray &png)
{
    QBuffer buffer;
    buffer.setData(png);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "png");
    return reader.read();
}

} // namespace

class TstFastPng : public QObject
{
    Q_OBJECT

private slots:
    void everyRowFilterIsUndone_data();
    void everyRowFilterIsUndone();
    void qtsOwnPngsReadAsQtReadsThem_data();
    void qtsOwnPngsReadAsQtReadsThem();
    void ancillaryChunksAreSkipped();
    void otherPngsAreLeftToQt_data();
    void otherPngsAreLeftToQt();
    void damagedPngsAreLeftToQt_data();
    void damagedPngsAreLeftToQt();
    void memoryIsReused();
};

void TstFastPng::everyRowFilterIsUndone_data()
{
    QTest::addColumn<int>("channels");
    QTest::addColumn<QList<int>>("filters");
    QTest::addColumn<int>("pieces");
    const QList<std::pair<const char *, QList<int>>> filters {
        { "none", { 0 } },
        { "sub", { 1 } },
        { "up", { 2 } },
        { "average", { 3 } },
        { "paeth", { 4 } },
        { "mixed", { 4, 0, 3, 1, 2, 4, 4, 3 } },
    };
    for (const int channels : { 3, 4 }) {
        for (const auto &[name, list] : filters) {
            QTest::addRow("%s %s", channels == 4 ? "rgba" : "rgb", name) << channels << list << 1;
        }
    }
    QTest::newRow("rgb mixed, 9 IDAT chunks") << 3 << QList<int> { 1, 2, 3, 4 } << 9;
}

void TstFastPng::everyRowFilterIsUndone()
{
    QFETCH(int, channels);
    QFETCH(QList<int>, filters);
    QFETCH(int, pieces);
    const QImage source = noise(37, 23, channels == 4);
    const QByteArray png = handmade(source, channels, filters, pieces);
    QCOMPARE(readByQt(png), source); // the file is right

    QCOMPARE(FastPng::accepts(png), source.size());
    QImage image;
    QByteArray scratch;
    QVERIFY(FastPng::read(png, &image, &scratch));
    QCOMPARE(image.format(), source.format());
    QCOMPARE(image, source);
}

void TstFastPng::qtsOwnPngsReadAsQtReadsThem_data()
{
    QTest::addColumn<QImage>("source");
    QTest::newRow("1 x 1") << noise(1, 1, false);
    QTest::newRow("1 x 300") << noise(1, 300, false);
    QTest::newRow("300 x 1, alpha") << noise(300, 1, true);
    QTest::newRow("641 x 479") << noise(641, 479, false);
    QTest::newRow("641 x 479, alpha") << noise(641, 479, true, 3);
    QImage flat(500, 400, QImage::Format_RGB32);
    flat.fill(QColor(0x2f, 0x6f, 0xde));
    QTest::newRow("one colour") << flat;
}

void TstFastPng::qtsOwnPngsReadAsQtReadsThem()
{
    QFETCH(QImage, source);
    const QByteArray png = TestData::encodedImage(source, "png");
    const QImage expected = readByQt(png);
    QCOMPARE(FastPng::accepts(png), source.size());
    QImage image;
    QByteArray scratch;
    QVERIFY(FastPng::read(png, &image, &scratch));
    QCOMPARE(image.format(), expected.format());
    QCOMPARE(image, expected);
    QCOMPARE(image.colorSpace().isValid(), expected.colorSpace().isValid());
}

void TstFastPng::ancillaryChunksAreSkipped()
{
    const QImage source = noise(40, 30, false);
    const QByteArray extra = chunk("tEXt", QByteArray("Comment\0secret", 14))
        + chunk("pHYs", QByteArray(9, '\1')) + chunk("sRGB", QByteArray(1, '\0'))
        + chunk("PLTE", QByteArray(6, '\x7f'));
    const QByteArray png = handmade(source, 3, { 4, 1 }, 2, extra);
    QImage image;
    QByteArray scratch;
    QVERIFY(FastPng::read(png, &image, &scratch));
    QCOMPARE(image.colorSpace(), QColorSpace(QColorSpace::SRgb));
    QCOMPARE(image, readByQt(png));
    image.setColorSpace(QColorSpace());
    QCOMPARE(image, source);
}

void TstFastPng::otherPngsAreLeftToQt_data()
{
    QTest::addColumn<QByteArray>("png");
    QTest::addColumn<bool>("qtReads");
    const QImage source = noise(20, 10, false);
    QImage deep = source.convertToFormat(QImage::Format_RGBA64);
    QTest::newRow("16 bits") << TestData::encodedImage(deep, "png") << true;
    QTest::newRow("palette") << TestData::encodedImage(
        source.convertToFormat(QImage::Format_Indexed8), "png")
                             << true;
    QTest::newRow("grey") << TestData::encodedImage(
        source.convertToFormat(QImage::Format_Grayscale8), "png")
                          << true;
    QImage p3 = source;
    p3.setColorSpace(QColorSpace(QColorSpace::DisplayP3));
    QTest::newRow("colour profile") << TestData::encodedImage(p3, "png") << true;
    const QByteArray plain = handmade(source, 3, { 1 });
    const qsizetype afterHeader = 8 + 25;
    QByteArray gamma = plain;
    gamma.insert(afterHeader, chunk("gAMA", bigEndian(45455)));
    QTest::newRow("gamma") << gamma << true;
    QByteArray transparent = plain;
    transparent.insert(afterHeader, chunk("tRNS", QByteArray(6, '\0')));
    QTest::newRow("transparent colour") << transparent << true;
    QByteArray unknown = plain;
    unknown.insert(afterHeader, chunk("ABCD", "x"));
    QTest::newRow("unknown critical chunk") << unknown << false;
    QByteArray interlaced = plain;
    interlaced.replace(8, 25, header(20, 10, 8, 2, 1));
    QTest::newRow("interlaced") << interlaced << false;
}

void TstFastPng::otherPngsAreLeftToQt()
{
    QFETCH(QByteArray, png);
    QFETCH(bool, qtReads);
    QCOMPARE(!readByQt(png).isNull(), qtReads); // the rest of the file is sound
    QVERIFY(!FastPng::accepts(png).isValid());
    QImage image;
    QByteArray scratch;
    QVERIFY(!FastPng::read(png, &image, &scratch));
    QVERIFY(image.isNull());
}

void TstFastPng::damagedPngsAreLeftToQt_data()
{
    QTest::addColumn<QByteArray>("png");
    const QImage source = noise(30, 20, false);
    const QByteArray good = handmade(source, 3, { 2, 4 });
    QByteArray flipped = good;
    flipped[8 + 25 + 8 + 5] = char(flipped[8 + 25 + 8 + 5] ^ 0x10); // in IDAT's data
    QTest::newRow("a bit flipped") << flipped;
    QTest::newRow("cut off") << good.left(good.size() - 20);
    QTest::newRow("no IEND") << good.left(good.size() - 12);
    QTest::newRow("filter type 5") << handmade(source, 3, { 1, 5 });
    QByteArray endCrc = good;
    endCrc[endCrc.size() - 1] = char(endCrc[endCrc.size() - 1] ^ 1);
    QTest::newRow("IEND's CRC wrong") << endCrc;
    QByteArray badName = good;
    badName.insert(good.size() - 12, chunk("a\x01\x02\x03", "x"));
    QTest::newRow("a chunk name that is not letters") << badName;
    // A header that would need more memory than a size can say: refused before any arithmetic.
    QByteArray huge = good;
    huge.replace(8, 25, header(0x7fffffff, 0x7fffffff, 8, 6));
    QTest::newRow("2^31 - 1 pixels a side") << huge;
    QByteArray million = good;
    million.replace(8, 25, header(1'000'001, 1, 8, 2));
    QTest::newRow("a side over a million") << million;
    // Rows for a taller image than the header says, and for a shorter one.
    QByteArray tall = handmade(noise(30, 21, false), 3, { 1 });
    tall.replace(8, 25, header(30, 20, 8, 2));
    QTest::newRow("more rows than the header") << tall;
    QByteArray shorter = handmade(noise(30, 19, false), 3, { 1 });
    shorter.replace(8, 25, header(30, 20, 8, 2));
    QTest::newRow("fewer rows than the header") << shorter;
}

void TstFastPng::damagedPngsAreLeftToQt()
{
    QFETCH(QByteArray, png);
    QImage image(5, 5, QImage::Format_RGB32);
    image.fill(Qt::red);
    const QImage before = image;
    QByteArray scratch;
    QVERIFY(!FastPng::read(png, &image, &scratch));
    QCOMPARE(image, before);
}

void TstFastPng::memoryIsReused()
{
    const QByteArray first = handmade(noise(64, 48, false, 1), 3, { 4 });
    const QByteArray second = handmade(noise(64, 48, false, 2), 3, { 3 });
    QImage image;
    QByteArray scratch;
    QVERIFY(FastPng::read(first, &image, &scratch));
    const uchar *pixels = image.constBits();
    const char *rows = scratch.constData();
    QVERIFY(FastPng::read(second, &image, &scratch));
    QCOMPARE(image.constBits(), pixels);
    QCOMPARE(scratch.constData(), rows);
    QCOMPARE(image, noise(64, 48, false, 2));
}

QTEST_MAIN(TstFastPng)
#include "tst_fastpng.moc"

#include "fastpng.h"

#include <QColorSpace>

#include <cstdlib>
#include <cstring>
#include <libdeflate.h>
#include <memory>
#include <vector>

namespace {

quint32 bigEndian(const char *p)
{
    return quint32(uchar(p[0])) << 24 | quint32(uchar(p[1])) << 16 | quint32(uchar(p[2])) << 8
        | quint32(uchar(p[3]));
}

// What the chunks say, and where the compressed rows are.
struct Layout
{
    QSize size;
    int channels = 0;
    bool srgb = false;
    std::vector<std::pair<const char *, quint32>> data; // the IDAT chunks, in order
};

bool crcMatches(const char *chunk, quint32 length)
{
    // The CRC covers the type and the data; it follows them.
    return libdeflate_crc32(0, chunk + 4, size_t(length) + 4) == bigEndian(chunk + 8 + length);
}

// libpng's own default limits: Qt's reader refuses larger images anyway, and within them the sizes
// below cannot overflow.
constexpr quint32 MaxSide = 1'000'000;
// More data chunks than any writer makes (libpng's 8 KB ones, for the largest file Confab takes,
// are 32,768): a file of empty chunks must not make the list of them large.
constexpr size_t MaxDataChunks = size_t(1) << 17;

bool isChunkName(QByteArrayView type)
{
    for (const char c : type) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

// Walks every chunk, checking each one's name and CRC (the data chunks' only when `checkData`:
// they are nearly the whole file). An empty layout means the file is not one this reader takes, or
// is damaged: Qt's reader is then asked, and says which.
Layout walk(const QByteArray &bytes, bool checkData)
{
    static constexpr char Signature[] = "\x89PNG\r\n\x1a\n";
    const char *p = bytes.constData();
    const qsizetype end = bytes.size();
    if (end < 8 + 25 || std::memcmp(p, Signature, 8) != 0)
        return {};
    Layout layout;
    bool dataEnded = false;
    bool seenPalette = false;
    for (qsizetype at = 8;;) {
        if (end - at < 12)
            return {}; // no IEND: cut off
        const quint32 length = bigEndian(p + at);
        if (length > quint32(end - at - 12))
            return {};
        const QByteArrayView type(p + at + 4, 4);
        const char *data = p + at + 8;
        if (!isChunkName(type) || ((checkData || type != "IDAT") && !crcMatches(p + at, length)))
            return {};
        if (at == 8) {
            // IHDR: width, height, bit depth, colour type, compression, filter, interlace.
            if (type != "IHDR" || length != 13)
                return {};
            const quint32 width = bigEndian(data);
            const quint32 height = bigEndian(data + 4);
            const int depth = uchar(data[8]);
            const int colorType = uchar(data[9]);
            if (width == 0 || height == 0 || width > MaxSide || height > MaxSide || depth != 8
                || (colorType != 2 && colorType != 6) || data[10] != 0 || data[11] != 0
                || data[12] != 0)
                return {};
            layout.size = QSize(int(width), int(height));
            layout.channels = colorType == 6 ? 4 : 3;
        } else if (type == "IDAT") {
            if (dataEnded || layout.data.size() == MaxDataChunks)
                return {};
            layout.data.emplace_back(data, length);
        } else {
            dataEnded = !layout.data.empty();
            if (type == "IEND")
                return layout.data.empty() ? Layout() : layout;
            // What changes the pixels Qt gives: a colour profile or gamma (Qt converts), a
            // transparent colour (Qt adds alpha), an orientation, an animation.
            if (type == "iCCP" || type == "gAMA" || type == "cHRM" || type == "tRNS"
                || type == "eXIf" || type == "acTL")
                return {};
            if (type == "sRGB") {
                // As libpng takes it: one valid rendering intent, before the palette and data.
                if (length != 1 || uchar(data[0]) > 3 || seenPalette || !layout.data.empty())
                    return {};
                layout.srgb = true;
            }
            seenPalette = seenPalette || type == "PLTE";
            // An unknown chunk a decoder must understand.
            if (type != "PLTE" && (uchar(type[0]) & 0x20) == 0)
                return {};
        }
        at += 12 + qsizetype(length);
    }
}

qint64 rowBytes(const QSize &size, int channels)
{
    return qint64(size.width()) * channels + 1; // each row starts with its filter type
}

struct DecompressorFree
{
    void operator()(libdeflate_decompressor *d) const { libdeflate_free_decompressor(d); }
};

// Undoes row filter `filter` in place, `previous` being the row above, already undone.
void unfilter(int filter, uchar *row, const uchar *previous, qsizetype length, int bpp)
{
    switch (filter) {
    case 1: // Sub
        for (qsizetype i = bpp; i < length; ++i)
            row[i] = uchar(row[i] + row[i - bpp]);
        break;
    case 2: // Up
        for (qsizetype i = 0; i < length; ++i)
            row[i] = uchar(row[i] + previous[i]);
        break;
    case 3: // Average
        for (qsizetype i = 0; i < bpp; ++i)
            row[i] = uchar(row[i] + (previous[i] >> 1));
        for (qsizetype i = bpp; i < length; ++i)
            row[i] = uchar(row[i] + ((row[i - bpp] + previous[i]) >> 1));
        break;
    case 4: // Paeth
        for (qsizetype i = 0; i < bpp; ++i)
            row[i] = uchar(row[i] + previous[i]);
        for (qsizetype i = bpp; i < length; ++i) {
            const int a = row[i - bpp];
            const int b = previous[i];
            const int c = previous[i - bpp];
            const int pa = std::abs(b - c);
            const int pb = std::abs(a - c);
            const int pc = std::abs(a + b - 2 * c);
            row[i] = uchar(row[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c));
        }
        break;
    default: // None
        break;
    }
}

} // namespace

namespace FastPng {

QSize accepts(const QByteArray &bytes)
{
    return walk(bytes, false).size;
}

qint64 memoryNeeded(const QSize &size)
{
    return qint64(size.height()) * rowBytes(size, 4) + qint64(size.width()) * size.height() * 4;
}

bool read(const QByteArray &bytes, QImage *image, QByteArray *scratch)
{
    const Layout layout = walk(bytes, true);
    if (!layout.size.isValid())
        return false;
    const QSize size = layout.size;
    const int bpp = layout.channels;
    const qint64 stride = rowBytes(size, bpp);
    const qint64 total = stride * size.height();

    // libdeflate wants the compressed stream whole: the IDAT chunks, joined.
    qsizetype compressed = 0;
    for (const auto &chunk : layout.data)
        compressed += chunk.second;
    QByteArray joined;
    const char *stream = layout.data.front().first;
    if (layout.data.size() > 1) {
        joined.resize(compressed);
        char *to = joined.data();
        for (const auto &[data, length] : layout.data) {
            std::memcpy(to, data, length);
            to += length;
        }
        stream = joined.constData();
    }
    if (scratch->size() != total)
        scratch->resize(total);
    uchar *raw = reinterpret_cast<uchar *>(scratch->data());
    const std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(
        libdeflate_alloc_decompressor());
    size_t inflated = 0;
    if (!decompressor
        || libdeflate_zlib_decompress(
               decompressor.get(), stream, size_t(compressed), raw, size_t(total), &inflated)
            != LIBDEFLATE_SUCCESS
        || qint64(inflated) != total)
        return false;
    for (int y = 0; y < size.height(); ++y) {
        if (raw[y * stride] > 4)
            return false;
    }

    const QImage::Format format = bpp == 4 ? QImage::Format_ARGB32 : QImage::Format_RGB32;
    if (image->size() != size || image->format() != format) {
        QImage fresh(size, format);
        if (fresh.isNull())
            return false;
        *image = std::move(fresh);
    }
    image->setColorSpace(layout.srgb ? QColorSpace(QColorSpace::SRgb) : QColorSpace());
    const std::vector<uchar> zeros(size_t(stride), 0); // the row above the first
    const qsizetype length = stride - 1;
    for (int y = 0; y < size.height(); ++y) {
        uchar *row = raw + y * stride + 1;
        const uchar *previous = y > 0 ? row - stride : zeros.data();
        unfilter(row[-1], row, previous, length, bpp);
        auto *out = reinterpret_cast<QRgb *>(image->scanLine(y));
        if (bpp == 4) {
            for (int x = 0; x < size.width(); ++x, row += 4)
                out[x] = qRgba(row[0], row[1], row[2], row[3]);
        } else {
            for (int x = 0; x < size.width(); ++x, row += 3)
                out[x] = qRgb(row[0], row[1], row[2]);
        }
    }
    return true;
}

} // namespace FastPng

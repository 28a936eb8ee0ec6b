#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

// Reads the PNGs people attach most, screenshots and exported pictures: 8 bits per channel, RGB or
// RGBA, not interlaced, with no colour-space or transparency chunk. Its inflate is libdeflate's,
// three times as fast as the zlib under Qt's reader, which is most of a large PNG's decode (a
// 12-megapixel one: 90 ms instead of 150). Any other PNG, and any it finds damaged, it leaves to
// Qt, which then reads it (or says what is wrong with it) as before. The pixels are those Qt's
// reader gives: RGB32 for RGB, ARGB32 for RGBA.
namespace FastPng {

// The size of the image in `bytes` if this reader takes it, else an invalid size. Looks at the
// chunks, not at the compressed data: read() checks that, and may still refuse the file.
QSize accepts(const QByteArray &bytes);

// The memory a decode of an image of `size` holds at once: the inflated rows and the image.
qint64 memoryNeeded(const QSize &size);

// Decodes into `image`, reusing its memory when its size and format match, with `scratch` for
// the inflated rows (also reused). False when the data is damaged or not one this reader takes;
// `image` is then unchanged. Only the pixels and the colour space are set. The caller checks
// memoryNeeded() against its own limit first: a side may be up to 1,000,000 pixels.
bool read(const QByteArray &bytes, QImage *image, QByteArray *scratch);

} // namespace FastPng

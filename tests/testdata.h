#pragma once

#include <QByteArray>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace TestData {
// ../shared/wire-corpus beside the checkout, or an empty string when it is absent.
QString wireCorpusDir();
// Reads a file under tests/data.
QByteArray read(const QString &relativePath);
// One chat.completion.chunk of choice 0 with this delta (and a finish reason, when given), as
// compact JSON for an SSE data: line.
QByteArray chatChunk(const QJsonObject &delta, const QString &finishReason = QString());
// Every byte of every file below dir (hidden ones too), for tests that a secret is in none.
QByteArray allFiles(const QString &dir);
// The image as a file of this format would hold it; quality -1 is the writer's default.
QByteArray encodedImage(const QImage &image, const char *format, int quality = -1);
// Random opaque pixels, which compress as badly as a photograph's: a small image makes a large
// file. The same seed gives the same pixels.
QImage noisyImage(int width, int height, quint32 seed);
// The "images" array OpenRouter puts in a delta or a message for image models.
QJsonArray imageParts(const QStringList &urls);
} // namespace TestData

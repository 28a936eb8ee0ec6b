#include "testdata.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImageWriter>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace TestData {

QString wireCorpusDir()
{
    const QByteArray env = qgetenv("CONFAB_WIRE_CORPUS");
    const QString dir
        = env.isEmpty() ? QStringLiteral(CONFAB_WIRE_CORPUS) : QString::fromLocal8Bit(env);
    return QDir(dir).exists() ? QDir(dir).absolutePath() : QString();
}

QByteArray read(const QString &relativePath)
{
    QFile f(QStringLiteral(CONFAB_TEST_DATA "/") + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data file %s", qPrintable(relativePath));
    return f.readAll();
}

QByteArray chatChunk(const QJsonObject &delta, const QString &finishReason)
{
    QJsonObject choice { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta } };
    choice.insert(QStringLiteral("finish_reason"),
        finishReason.isEmpty() ? QJsonValue() : QJsonValue(finishReason));
    return QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("c1") },
                             { QStringLiteral("model"), QStringLiteral("test-model") },
                             { QStringLiteral("choices"), QJsonArray { choice } } })
        .toJson(QJsonDocument::Compact);
}

QByteArray allFiles(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

QByteArray encodedImage(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        qFatal("cannot encode a test image as %s: %s", format, qPrintable(writer.errorString()));
    return bytes;
}

QImage noisyImage(int width, int height, quint32 seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = random.generate() | 0xFF000000;
    }
    return image;
}

QJsonArray imageParts(const QStringList &urls)
{
    QJsonArray images;
    for (const QString &url : urls)
        images.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("image_url") },
            { QStringLiteral("image_url"), QJsonObject { { QStringLiteral("url"), url } } },
            { QStringLiteral("index"), images.size() } });
    return images;
}

} // namespace TestData

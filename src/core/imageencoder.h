#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

// Turns an image file into a data: URL a vision model accepts. The MIME type comes from the
// bytes, not the file name; an image whose longest side exceeds the limit is scaled down and
// re-encoded (PNG when it has transparency, else JPEG).
class ImageEncoder
{
    Q_DECLARE_TR_FUNCTIONS(ImageEncoder)

public:
    struct Result
    {
        QByteArray bytes;
        QByteArray mimeType;
        int width = 0;
        int height = 0;
        bool reencoded = false;
        QString error; // empty on success

        bool isValid() const { return error.isEmpty(); }
        QString dataUrl() const;
    };

    static constexpr int DefaultMaxSide = 2048;
    static constexpr int JpegQuality = 85;

    static Result encodeFile(const QString &path, int maxSide = DefaultMaxSide);
    static Result encodeBytes(const QByteArray &bytes, int maxSide = DefaultMaxSide);
};

#include "testdata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

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

} // namespace TestData

#include "testdata.h"

#include <QDir>
#include <QFile>

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

} // namespace TestData

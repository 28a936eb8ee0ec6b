#pragma once

#include <QByteArray>
#include <QString>

namespace TestData {
// ../shared/wire-corpus beside the checkout, or an empty string when it is absent.
QString wireCorpusDir();
// Reads a file under tests/data.
QByteArray read(const QString &relativePath);
} // namespace TestData

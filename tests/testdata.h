#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

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
} // namespace TestData

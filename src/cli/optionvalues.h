#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QPair>
#include <QString>

#include <optional>

// Converters from option text to request values for confab-cli. Each error message names the
// option, as QCommandLineParser's own errors do.
namespace OptionValues {

template<typename T> struct Parsed
{
    std::optional<T> value;
    QString error; // why the text is not a value, when value is empty
};

Parsed<double> toDouble(const QString &option, const QString &text);
Parsed<qint64> toInteger(const QString &option, const QString &text, qint64 minimum);
Parsed<bool> toBool(const QString &option, const QString &text);
Parsed<QString> toId(const QString &option, const QString &text);
Parsed<QJsonDocument> toDocument(const QString &option, const QString &text);
Parsed<QJsonObject> toObject(const QString &option, const QString &text);
Parsed<QJsonObject> toLogitBias(const QString &option, const QString &text);
Parsed<QJsonArray> toTools(const QString &option, const QString &text);
Parsed<QJsonValue> toToolChoice(const QString &option, const QString &text);
Parsed<QPair<QByteArray, QByteArray>> toHeader(const QString &text);
QJsonObject toJsonSchemaFormat(const QJsonObject &given);

} // namespace OptionValues

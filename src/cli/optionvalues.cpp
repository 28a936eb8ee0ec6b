#include "optionvalues.h"

#include "clioptions.h"

#include <QJsonDocument>

#include <cmath>

namespace OptionValues {

namespace {

QString invalidNumber(const QString &option, const QString &text)
{
    return CliOptions::tr("--%1 expects a number, not \"%2\"").arg(option, text);
}

// What a tool and a tool_choice object have in common: a type, and a name for functions.
bool isToolObject(const QJsonValue &value)
{
    const QJsonObject tool = value.toObject();
    const QString type = tool.value(QLatin1StringView("type")).toString();
    if (type.isEmpty())
        return false;
    if (type != QLatin1StringView("function"))
        return true;
    return !tool.value(QLatin1StringView("function"))
                .toObject()
                .value(QLatin1StringView("name"))
                .toString()
                .isEmpty();
}

} // namespace

Parsed<double> toDouble(const QString &option, const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok); // C locale: "0.5" everywhere
    if (!ok || !std::isfinite(v))
        return { std::nullopt, invalidNumber(option, text) };
    return { v, {} };
}

Parsed<qint64> toInteger(const QString &option, const QString &text, qint64 minimum)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok)
        return { std::nullopt,
            CliOptions::tr("--%1 expects a whole number, not \"%2\"").arg(option, text) };
    if (v < minimum)
        return { std::nullopt,
            CliOptions::tr("--%1 must be at least %2").arg(option).arg(minimum) };
    return { v, {} };
}

Parsed<bool> toBool(const QString &option, const QString &text)
{
    const QString t = text.trimmed().toLower();
    for (const char *yes : { "true", "on", "yes", "1" }) {
        if (t == QLatin1StringView(yes))
            return { true, {} };
    }
    for (const char *no : { "false", "off", "no", "0" }) {
        if (t == QLatin1StringView(no))
            return { false, {} };
    }
    return { std::nullopt,
        CliOptions::tr("--%1 expects true or false, not \"%2\"").arg(option, text) };
}

Parsed<QString> toId(const QString &option, const QString &text)
{
    if (text.trimmed().isEmpty())
        return { std::nullopt, CliOptions::tr("--%1 expects a non-empty ID").arg(option) };
    return { text, {} };
}

Parsed<QJsonDocument> toDocument(const QString &option, const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return { std::nullopt,
            CliOptions::tr("--%1 is not valid JSON: %2").arg(option, error.errorString()) };
    return { doc, {} };
}

Parsed<QJsonObject> toObject(const QString &option, const QString &text)
{
    const auto doc = toDocument(option, text);
    if (!doc.value)
        return { std::nullopt, doc.error };
    if (!doc.value->isObject())
        return { std::nullopt, CliOptions::tr("--%1 expects a JSON object ({...})").arg(option) };
    return { doc.value->object(), {} };
}

// Token ids as keys, biases as values: {"50256": -100}.
Parsed<QJsonObject> toLogitBias(const QString &option, const QString &text)
{
    auto bias = toObject(option, text);
    if (!bias.value)
        return bias;
    for (auto it = bias.value->begin(); it != bias.value->end(); ++it) {
        const QString id = it.key();
        const bool isTokenId = !id.isEmpty()
            && std::all_of(id.begin(), id.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!isTokenId)
            return { std::nullopt,
                CliOptions::tr("--%1 expects token ids as keys, not \"%2\"").arg(option, id) };
        if (!it.value().isDouble())
            return { std::nullopt,
                CliOptions::tr("--%1 expects a number as the bias of token %2").arg(option, id) };
    }
    return bias;
}

Parsed<QJsonArray> toTools(const QString &option, const QString &text)
{
    const auto doc = toDocument(option, text);
    if (!doc.value)
        return { std::nullopt, doc.error };
    if (!doc.value->isArray())
        return { std::nullopt,
            CliOptions::tr("--%1 expects a JSON array of tools ([{...}])").arg(option) };
    const QJsonArray tools = doc.value->array();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        if (!isToolObject(tools.at(i)))
            return { std::nullopt,
                CliOptions::tr("--%1: tool %2 needs a \"type\", and a function needs a name")
                    .arg(option)
                    .arg(i + 1) };
    }
    return { tools, {} };
}

Parsed<QJsonValue> toToolChoice(const QString &option, const QString &text)
{
    const QString t = text.trimmed();
    for (const char *mode : { "none", "auto", "required" }) {
        if (t == QLatin1StringView(mode))
            return { QJsonValue(t), {} };
    }
    if (!t.startsWith(QLatin1Char('{')))
        return { std::nullopt,
            CliOptions::tr("--%1 expects none, auto, required or a JSON object, not \"%2\"")
                .arg(option, text) };
    const auto choice = toObject(option, t);
    if (!choice.value)
        return { std::nullopt, choice.error };
    if (!isToolObject(*choice.value))
        return { std::nullopt,
            CliOptions::tr("--%1 needs a \"type\", and a function needs a name").arg(option) };
    return { QJsonValue(*choice.value), {} };
}

Parsed<QPair<QByteArray, QByteArray>> toHeader(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString name = text.left(colon).trimmed();
    const bool validName = colon > 0 && !name.isEmpty()
        && std::none_of(
            name.begin(), name.end(), [](QChar c) { return c.isSpace() || c.unicode() > 0x7e; });
    if (!validName)
        return { std::nullopt,
            CliOptions::tr("--header expects \"Name: value\", not \"%1\"").arg(text) };
    return { qMakePair(name.toLatin1(), text.mid(colon + 1).trimmed().toUtf8()), {} };
}

// OpenAI's json_schema wants {"name", "schema", "strict"?}; a bare schema is wrapped so that
// the common case is just the schema itself.
QJsonObject toJsonSchemaFormat(const QJsonObject &given)
{
    if (given.value(QLatin1StringView("schema")).isObject())
        return given;
    return { { QStringLiteral("name"), QStringLiteral("response") },
        { QStringLiteral("schema"), given } };
}

} // namespace OptionValues

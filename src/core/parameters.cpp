#include "parameters.h"

#include "settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Parameters {

const QList<Field> &fields()
{
    using K = Kind;
    static const QList<Field> list {
        { "temperature", K::Number, 0, 2, {}, QT_TRANSLATE_NOOP("Parameters", "Temperature"),
            QT_TRANSLATE_NOOP("Parameters",
                "0 to 2. Higher values make the wording more varied, lower more focused.") },
        { "top_p", K::Number, 0, 1, {}, QT_TRANSLATE_NOOP("Parameters", "Top P"),
            QT_TRANSLATE_NOOP("Parameters",
                "0 to 1. Only the most likely words making up this share of probability are "
                "considered. Change this or temperature, not both.") },
        { "max_tokens", K::Integer, 1, 10000000, {}, QT_TRANSLATE_NOOP("Parameters", "Max tokens"),
            QT_TRANSLATE_NOOP("Parameters",
                "The longest reply, in tokens. A reply cut there ends with \"length\".") },
        { "max_completion_tokens", K::Integer, 1, 10000000, {},
            QT_TRANSLATE_NOOP("Parameters", "Max completion tokens"),
            QT_TRANSLATE_NOOP("Parameters",
                "As max tokens, counting reasoning tokens too; newer OpenAI models want this "
                "one.") },
        { "presence_penalty", K::Number, -2, 2, {},
            QT_TRANSLATE_NOOP("Parameters", "Presence penalty"),
            QT_TRANSLATE_NOOP(
                "Parameters", "-2 to 2. Positive values push the model towards new topics.") },
        { "frequency_penalty", K::Number, -2, 2, {},
            QT_TRANSLATE_NOOP("Parameters", "Frequency penalty"),
            QT_TRANSLATE_NOOP(
                "Parameters", "-2 to 2. Positive values make the model repeat itself less.") },
        { "stop", K::TextList, 0, 4, {}, QT_TRANSLATE_NOOP("Parameters", "Stop sequences"),
            QT_TRANSLATE_NOOP(
                "Parameters", "Up to 4, one per line. The reply ends before any of them.") },
        { "seed", K::Integer, -9007199254740991.0, 9007199254740991.0, {},
            QT_TRANSLATE_NOOP("Parameters", "Seed"),
            QT_TRANSLATE_NOOP("Parameters",
                "The same seed and request give the same reply where the server supports it.") },
        { "n", K::Integer, 1, 8, {}, QT_TRANSLATE_NOOP("Parameters", "Candidates (n)"),
            QT_TRANSLATE_NOOP("Parameters", "1 to 8 replies to choose from.") },
        { "stream", K::Boolean, 0, 0, {}, QT_TRANSLATE_NOOP("Parameters", "Stream"),
            QT_TRANSLATE_NOOP(
                "Parameters", "Show the reply as it is written. Off: it appears when complete.") },
        { "reasoning_effort", K::Choice, 0, 0,
            { QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high") },
            QT_TRANSLATE_NOOP("Parameters", "Reasoning effort"),
            QT_TRANSLATE_NOOP(
                "Parameters", "How long reasoning models think before they answer.") },
        { "enable_thinking", K::Boolean, 0, 0, {},
            QT_TRANSLATE_NOOP("Parameters", "Enable thinking"),
            QT_TRANSLATE_NOOP(
                "Parameters", "Qwen-style switch for the thinking of hybrid models.") },
        { "response_format", K::JsonObject, 0, 0, {},
            QT_TRANSLATE_NOOP("Parameters", "Response format"),
            QT_TRANSLATE_NOOP("Parameters",
                "{\"type\": \"json_object\"}, or {\"type\": \"json_schema\", \"json_schema\": "
                "{...}} for replies that follow a schema.") },
        { "web_search_options", K::JsonObject, 0, 0, {},
            QT_TRANSLATE_NOOP("Parameters", "Web search options"),
            QT_TRANSLATE_NOOP("Parameters",
                "For models that search the web, e.g. {\"search_context_size\": \"low\"}.") },
        { "logit_bias", K::JsonObject, 0, 0, {}, QT_TRANSLATE_NOOP("Parameters", "Logit bias"),
            QT_TRANSLATE_NOOP(
                "Parameters", "Token ids mapped to -100 to 100, e.g. {\"50256\": -100}.") },
        { "user", K::Text, 0, 0, {}, QT_TRANSLATE_NOOP("Parameters", "User"),
            QT_TRANSLATE_NOOP(
                "Parameters", "An id for the end user, which some services use against abuse.") },
    };
    return list;
}

const Field *field(const QString &key)
{
    for (const Field &f : fields()) {
        if (key == QLatin1StringView(f.key))
            return &f;
    }
    return nullptr;
}

QJsonObject effective(const QJsonObject &providerDefaults, const QJsonObject &conversation)
{
    QJsonObject out = providerDefaults;
    for (auto it = conversation.begin(); it != conversation.end(); ++it)
        out.insert(it.key(), it.value());
    for (auto it = out.begin(); it != out.end();) {
        if (it.value().isNull() || it.value().isUndefined())
            it = out.erase(it);
        else
            ++it;
    }
    return out;
}

QString check(const QString &key, const QJsonValue &value)
{
    const Field *f = field(key);
    if (!f || value.isNull())
        return {};
    const QString name = QCoreApplication::translate("Parameters", f->label);
    switch (f->kind) {
    case Kind::Number:
    case Kind::Integer: {
        if (!value.isDouble())
            return QCoreApplication::translate("Parameters", "%1 must be a number.").arg(name);
        const double v = value.toDouble();
        if (f->kind == Kind::Integer && v != double(qint64(v)))
            return QCoreApplication::translate("Parameters", "%1 must be a whole number.")
                .arg(name);
        if (v < f->minimum || v > f->maximum)
            return QCoreApplication::translate("Parameters", "%1 must be between %2 and %3.")
                .arg(name)
                .arg(f->minimum)
                .arg(f->maximum);
        return {};
    }
    case Kind::Boolean:
        return value.isBool()
            ? QString()
            : QCoreApplication::translate("Parameters", "%1 must be on or off.").arg(name);
    case Kind::Text:
        return value.isString()
            ? QString()
            : QCoreApplication::translate("Parameters", "%1 must be text.").arg(name);
    case Kind::TextList: {
        const QJsonArray list = value.toArray();
        if (!value.isArray() && !value.isString())
            return QCoreApplication::translate("Parameters", "%1 must be text.").arg(name);
        if (list.size() > f->maximum)
            return QCoreApplication::translate("Parameters", "%1: at most %2.")
                .arg(name)
                .arg(f->maximum);
        return {};
    }
    case Kind::Choice:
        return f->choices.contains(value.toString())
            ? QString()
            : QCoreApplication::translate("Parameters", "%1 must be one of: %2.")
                  .arg(name, f->choices.join(QStringLiteral(", ")));
    case Kind::JsonObject: {
        if (!value.isObject())
            return QCoreApplication::translate("Parameters", "%1 must be a JSON object.").arg(name);
        if (key != QLatin1StringView("response_format"))
            return {};
        // What OpenAI-compatible servers accept; a schema must name itself and be an object.
        const QJsonObject format = value.toObject();
        const QString type = format.value(QLatin1StringView("type")).toString();
        if (type == QLatin1StringView("text") || type == QLatin1StringView("json_object"))
            return {};
        if (type != QLatin1StringView("json_schema"))
            return QCoreApplication::translate("Parameters",
                "Response format: \"type\" must be \"text\", \"json_object\" or "
                "\"json_schema\".");
        const QJsonObject schema = format.value(QLatin1StringView("json_schema")).toObject();
        if (schema.value(QLatin1StringView("name")).toString().isEmpty())
            return QCoreApplication::translate(
                "Parameters", "Response format: \"json_schema\" needs a \"name\".");
        if (!schema.value(QLatin1StringView("schema")).isObject())
            return QCoreApplication::translate(
                "Parameters", "Response format: \"json_schema\" needs a \"schema\" object.");
        return {};
    }
    }
    return {};
}

ParsedObject parseObject(const QString &text)
{
    ParsedObject out;
    if (text.trimmed().isEmpty())
        return out;
    const QByteArray bytes = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        // The offset is in UTF-8 bytes; people count lines and characters.
        const QString before = QString::fromUtf8(bytes.left(error.offset));
        const int line = int(before.count(QLatin1Char('\n'))) + 1;
        const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
        out.error = QCoreApplication::translate("Parameters", "Line %1, column %2: %3")
                        .arg(line)
                        .arg(column)
                        .arg(error.errorString());
        return out;
    }
    if (!doc.isObject()) {
        out.error = QCoreApplication::translate("Parameters", "This must be a JSON object: {...}");
        return out;
    }
    out.object = doc.object();
    return out;
}

} // namespace Parameters

namespace ParameterPresets {

QList<ParameterPreset> builtIn()
{
    return {
        { QCoreApplication::translate("Parameters", "Precise"),
            { { QStringLiteral("temperature"), 0.2 } }, false, {} },
        { QCoreApplication::translate("Parameters", "Creative"),
            { { QStringLiteral("temperature"), 1.2 }, { QStringLiteral("presence_penalty"), 0.4 } },
            false, {} },
        { QCoreApplication::translate("Parameters", "Translator"),
            { { QStringLiteral("temperature"), 0.3 } }, true,
            QCoreApplication::translate("Parameters",
                "You are a translator. Translate the user's text between Chinese and English, "
                "keeping its meaning, tone and formatting. Reply with the translation only.") },
    };
}

QList<ParameterPreset> load(const Settings &settings)
{
    const QString stored = settings.value(Settings::ParameterPresets);
    if (stored.isEmpty())
        return builtIn();
    QList<ParameterPreset> list;
    const QJsonObject root = QJsonDocument::fromJson(stored.toUtf8()).object();
    for (const QJsonValue &v : root.value(QLatin1StringView("presets")).toArray()) {
        const QJsonObject o = v.toObject();
        ParameterPreset p;
        p.name = o.value(QLatin1StringView("name")).toString();
        if (p.name.isEmpty())
            continue;
        p.parameters = o.value(QLatin1StringView("parameters")).toObject();
        p.setsSystemPrompt = o.contains(QLatin1StringView("systemPrompt"));
        p.systemPrompt = o.value(QLatin1StringView("systemPrompt")).toString();
        list.append(p);
    }
    return list;
}

void save(Settings &settings, const QList<ParameterPreset> &presets)
{
    QJsonArray list;
    for (const ParameterPreset &p : presets) {
        QJsonObject o { { QStringLiteral("name"), p.name },
            { QStringLiteral("parameters"), p.parameters } };
        if (p.setsSystemPrompt)
            o.insert(QStringLiteral("systemPrompt"), p.systemPrompt);
        list.append(o);
    }
    settings.setValue(Settings::ParameterPresets,
        QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("version"), 1 }, { QStringLiteral("presets"), list } })
                              .toJson(QJsonDocument::Compact)));
}

} // namespace ParameterPresets

#include "parameters.h"

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
    case Kind::JsonObject:
        return value.isObject()
            ? QString()
            : QCoreApplication::translate("Parameters", "%1 must be a JSON object.").arg(name);
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

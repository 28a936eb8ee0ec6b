#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The request fields a user tunes, with their ranges and meanings, and how a conversation's
// own values combine with its provider's defaults. A field nobody set is not sent: the
// server's default applies.
namespace Parameters {

enum class Kind {
    Number, // a double within [minimum, maximum]
    Integer, // within [minimum, maximum]
    Boolean,
    Text,
    TextList, // up to `maximum` strings (stop sequences)
    Choice, // one of `choices`
    JsonObject,
};

struct Field
{
    const char *key; // the request's field
    Kind kind;
    double minimum = 0;
    double maximum = 0;
    QStringList choices;
    const char *label = nullptr; // translated in the "Parameters" context
    const char *help = nullptr; // the unit and meaning, for a tooltip
};

// In the order a panel shows them.
const QList<Field> &fields();
const Field *field(const QString &key);

// What the next request sends: the provider's defaults overridden by the conversation's own
// values. A null in the conversation's means "not sent", even when the provider has a default.
QJsonObject effective(const QJsonObject &providerDefaults, const QJsonObject &conversation);

// Why a value does not fit its field, in one line; empty when it fits. Unknown keys fit.
QString check(const QString &key, const QJsonValue &value);

// A JSON object typed by the user: the object, or why not with the place of the fault
// ("line 3, column 7: ...").
struct ParsedObject
{
    QJsonObject object;
    QString error;
};
ParsedObject parseObject(const QString &text);

} // namespace Parameters

class Settings;

// Saved sets of parameters, with a system prompt or none, applied to a conversation in one go.
struct ParameterPreset
{
    QString name;
    QJsonObject parameters;
    bool setsSystemPrompt = false;
    QString systemPrompt;
};

namespace ParameterPresets {
// The user's, or the ones Confab starts with (Precise, Creative, Translator).
QList<ParameterPreset> load(const Settings &settings);
void save(Settings &settings, const QList<ParameterPreset> &presets);
QList<ParameterPreset> builtIn();
} // namespace ParameterPresets

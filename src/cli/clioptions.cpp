#include "clioptions.h"

#include "optionvalues.h"

#include <QCommandLineParser>
#include <QIODevice>
#include <QJsonDocument>
#include <QProcessEnvironment>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace {

// OpenAI rejects more; a usage error says so before anything is sent.
constexpr int MaxStopSequences = 4;

QString firstSet(const QProcessEnvironment &environment, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        QString value = environment.value(QLatin1StringView(name));
        if (!value.isEmpty())
            return value;
    }
    return {};
}

bool isRemoteImage(const QString &image)
{
    return image.startsWith(QLatin1StringView("http://"), Qt::CaseInsensitive)
        || image.startsWith(QLatin1StringView("https://"), Qt::CaseInsensitive)
        || image.startsWith(QLatin1StringView("data:image/"), Qt::CaseInsensitive);
}

} // namespace

using namespace OptionValues;

CliOptions::ParseResult CliOptions::parse(
    const QStringList &arguments, const QProcessEnvironment &environment, CliOptions &options)
{
    using Status = ParseResult::Status;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        tr("Sends one prompt to an OpenAI-compatible chat completions API and prints the reply "
           "as it arrives, or lists the server's models."));
    parser.addPositionalArgument(QStringLiteral("prompt"),
        tr("The message to send; \"-\" reads it from standard input. "
           "The word \"models\" lists the models instead."),
        tr("PROMPT | models | chats ACTION"));

    const QCommandLineOption help(
        { QStringLiteral("h"), QStringLiteral("help") }, tr("Shows this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Shows the version."));
    const QCommandLineOption baseUrl(QStringLiteral("base-url"),
        tr("The API base, such as https://api.openai.com/v1 (default: $CONFAB_BASE_URL, else "
           "$OPENAI_BASE_URL)."),
        tr("URL"));
    const QCommandLineOption model(
        QStringLiteral("model"), tr("The model to ask (default: $CONFAB_MODEL)."), tr("M"));
    const QCommandLineOption apiKeyEnv(QStringLiteral("api-key-env"),
        tr("Takes the API key from this environment variable (default: $CONFAB_API_KEY, else "
           "$OPENAI_API_KEY). "
           "There is no option for the key itself, so it never shows in process lists or shell "
           "history."),
        tr("VAR"));
    const QCommandLineOption system(
        QStringLiteral("system"), tr("A system message sent before the prompt."), tr("TEXT"));
    const QCommandLineOption image(QStringLiteral("image"),
        tr("Attaches an image file (scaled down to --max-image-side) or an http(s) URL; "
           "repeatable."),
        tr("PATH_OR_URL"));
    const QCommandLineOption maxImageSide(QStringLiteral("max-image-side"),
        tr("Scales images whose longest side is larger down to this many pixels; 0 keeps their "
           "size (default: %1).")
            .arg(ImageEncoder::Options().maxSide),
        tr("PX"));
    const QCommandLineOption temperature(
        QStringLiteral("temperature"), tr("Sets temperature."), tr("T"));
    const QCommandLineOption topP(QStringLiteral("top-p"), tr("Sets top_p."), tr("P"));
    const QCommandLineOption maxTokens(
        QStringLiteral("max-tokens"), tr("Sets max_tokens."), tr("N"));
    const QCommandLineOption maxCompletionTokens(
        QStringLiteral("max-completion-tokens"), tr("Sets max_completion_tokens."), tr("N"));
    const QCommandLineOption n(QStringLiteral("n"),
        tr("Asks for N choices (-n or --n); each is printed at the end under a \"--- choice N "
           "---\" header."),
        tr("N"));
    const QCommandLineOption stop(
        QStringLiteral("stop"), tr("A stop sequence; repeatable."), tr("TEXT"));
    const QCommandLineOption seed(QStringLiteral("seed"), tr("Sets seed."), tr("N"));
    const QCommandLineOption presencePenalty(
        QStringLiteral("presence-penalty"), tr("Sets presence_penalty."), tr("X"));
    const QCommandLineOption frequencyPenalty(
        QStringLiteral("frequency-penalty"), tr("Sets frequency_penalty."), tr("X"));
    const QCommandLineOption logitBias(QStringLiteral("logit-bias"),
        tr("Sets logit_bias: a JSON object of token ids and biases, such as {\"50256\": -100}."),
        tr("JSON"));
    const QCommandLineOption user(
        QStringLiteral("user"), tr("Sets user, an ID for the end user."), tr("ID"));
    const QCommandLineOption reasoningEffort(QStringLiteral("reasoning-effort"),
        tr("Sets reasoning_effort (low, medium, high, ... as the model knows them)."), tr("LEVEL"));
    const QCommandLineOption enableThinking(QStringLiteral("enable-thinking"),
        tr("Sets enable_thinking to true or false (Qwen and similar servers)."), tr("BOOL"));
    const QCommandLineOption responseFormat(QStringLiteral("response-format"),
        tr("Sets response_format: text, json_object or json_schema."), tr("FORMAT"));
    const QCommandLineOption jsonSchema(QStringLiteral("json-schema"),
        tr("The schema for json_schema: a JSON Schema, or a whole {\"name\", \"schema\", "
           "\"strict\"} object; implies --response-format json_schema."),
        tr("JSON"));
    const QCommandLineOption tools(QStringLiteral("tools"),
        tr("Sets tools: a JSON array of tools, such as [{\"type\": \"function\", \"function\": "
           "{\"name\": ...}}]."),
        tr("JSON"));
    const QCommandLineOption toolChoice(QStringLiteral("tool-choice"),
        tr("Sets tool_choice: none, auto, required, or a JSON object naming one tool."),
        tr("VALUE"));
    const QCommandLineOption parallelToolCalls(QStringLiteral("parallel-tool-calls"),
        tr("Sets parallel_tool_calls to true or false."), tr("BOOL"));
    const QCommandLineOption webSearchOptions(QStringLiteral("web-search-options"),
        tr("Sets web_search_options to this JSON object."), tr("JSON"));
    const QCommandLineOption extraBody(QStringLiteral("extra-body"),
        tr("Sends this JSON object as the field extra_body; unlike --extra, its fields stay inside "
           "it."),
        tr("JSON"));
    const QCommandLineOption extra(QStringLiteral("extra"),
        tr("A JSON object merged into the request body last, so its fields win; repeatable."),
        tr("JSON"));
    const QCommandLineOption header(
        QStringLiteral("header"), tr("Sends an HTTP header; repeatable."), tr("'NAME: VALUE'"));
    const QCommandLineOption noStream(
        QStringLiteral("no-stream"), tr("Asks for the whole reply at once instead of a stream."));
    const QCommandLineOption json(QStringLiteral("json"),
        tr("Prints nothing while the reply arrives, then one JSON object with the result or the "
           "error."));
    const QCommandLineOption showReasoning(
        QStringLiteral("show-reasoning"), tr("Prints the model's reasoning to standard error."));
    const QCommandLineOption proxy(QStringLiteral("proxy"),
        tr("http://host:port, socks5://host:port, \"none\", or \"system\" (the default)."),
        tr("URL"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        tr("Gives up when the server sends nothing for this many seconds; 0 waits forever "
           "(default: 300)."),
        tr("S"));
    const QCommandLineOption trace(QStringLiteral("trace"),
        tr("Writes the request and the raw response, API key removed, to FILE as JSON."),
        tr("FILE"));

    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        tr("Keeps conversations in DIR (a portable profile) instead of the user's data folder."),
        tr("DIR"));
    const QCommandLineOption save(QStringLiteral("save"),
        tr("Stores the prompt and the reply as a new conversation, saved while the reply "
           "streams."));
    const QCommandLineOption continueId(QStringLiteral("continue"),
        tr("Continues the stored conversation ID: its history is sent, and the exchange is added "
           "to it."),
        tr("ID"));
    const QCommandLineOption format(QStringLiteral("format"),
        tr("For chats export: md (Markdown) or json (Confab JSON, the default)."), tr("FORMAT"));
    const QCommandLineOption output(QStringList { QStringLiteral("o"), QStringLiteral("output") },
        tr("For chats export: the file to write (standard output when not given)."), tr("FILE"));
    const QCommandLineOption all(
        QStringLiteral("all"), tr("For chats export: every conversation, into one JSON file."));
    parser.addOptions({ dataDir, save, continueId, format, output, all });
    parser.addOptions({ help, version, baseUrl, model, apiKeyEnv, system, image, maxImageSide,
        temperature, topP, maxTokens, maxCompletionTokens, n, stop, seed, presencePenalty,
        frequencyPenalty, logitBias, user, reasoningEffort, enableThinking, responseFormat,
        jsonSchema, tools, toolChoice, parallelToolCalls, webSearchOptions, extraBody, extra,
        header, noStream, json, showReasoning, proxy, timeout, trace });

    auto usageError = [](const QString &why) {
        return ParseResult { Status::UsageError, why };
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help))
        return { Status::Help, parser.helpText() + helpEpilog() };
    if (parser.isSet(version))
        return { Status::Version,
            QCoreApplication::applicationName() + QLatin1Char(' ')
                + QCoreApplication::applicationVersion() };

    // After "--" every word is the prompt, so a prompt can be the word "models".
    const QStringList positional = parser.positionalArguments();
    const bool literalPrompt = arguments.contains(QStringLiteral("--"));
    options.dataDir = parser.value(dataDir);
    options.output = parser.isSet(json) ? Output::Json : Output::Text;
    if (!positional.isEmpty() && positional.first() == QLatin1StringView("chats")
        && !literalPrompt) {
        options.command = Command::Chats;
        if (positional.size() < 2)
            return usageError(tr("chats needs an action: list, show ID, search QUERY, delete ID, "
                                 "export ID, export --all -o FILE or import FILE"));
        options.chatsAction = positional.at(1);
        options.chatsArguments = positional.mid(2);
        options.exportFormat = parser.value(format);
        options.outputPath = parser.value(output);
        options.exportAll = parser.isSet(all);
        return {};
    }
    options.save = parser.isSet(save);
    if (parser.isSet(continueId)) {
        const auto id = toInteger(continueId.names().first(), parser.value(continueId), 1);
        if (!id.value)
            return usageError(id.error);
        options.continueId = *id.value;
    }
    if (positional.isEmpty())
        return usageError(
            tr("No prompt given; pass it as one argument, or \"-\" to read standard input"));
    if (positional.size() > 1)
        return usageError(tr("Expected one prompt but got %n arguments; put the prompt in quotes",
            nullptr, int(positional.size())));
    if (positional.first() == QLatin1StringView("models") && !literalPrompt)
        options.command = Command::Models;
    else
        options.prompt = positional.first();

    const QString base = parser.isSet(baseUrl)
        ? parser.value(baseUrl)
        : firstSet(environment, { "CONFAB_BASE_URL", "OPENAI_BASE_URL" });
    if (base.trimmed().isEmpty())
        return usageError(tr("No base URL; use --base-url or set CONFAB_BASE_URL"));
    options.provider.endpoint = Endpoint::fromUserInput(base);
    if (!options.provider.endpoint.isValid())
        return usageError(options.provider.endpoint.errorString());

    if (parser.isSet(apiKeyEnv)) {
        const QString variable = parser.value(apiKeyEnv);
        options.provider.apiKey = environment.value(variable);
        if (options.provider.apiKey.isEmpty())
            return usageError(
                tr("The environment variable %1 named by --api-key-env is not set").arg(variable));
    } else {
        // No key at all is fine: local servers take none.
        options.provider.apiKey = firstSet(environment, { "CONFAB_API_KEY", "OPENAI_API_KEY" });
    }

    for (const QString &text : parser.values(header)) {
        const auto h = toHeader(text);
        if (!h.value)
            return usageError(h.error);
        options.provider.headers.append(*h.value);
    }
    if (parser.isSet(proxy)) {
        QString why;
        if (!ProxyConfig::parse(parser.value(proxy), options.provider.proxy, &why))
            return usageError(why);
    }
    if (parser.isSet(timeout)) {
        const auto seconds = toDouble(timeout.names().first(), parser.value(timeout));
        if (!seconds.value || *seconds.value < 0)
            return usageError(seconds.value ? tr("--timeout cannot be negative") : seconds.error);
        // 0 turns the timer off in ChatReply, so a tiny limit must not round down to it.
        const double ms = std::ceil(*seconds.value * 1000);
        options.provider.inactivityTimeoutMs = int(std::min(ms, double(INT_MAX)));
    }

    options.reasoning = parser.isSet(showReasoning) ? Reasoning::Shown : Reasoning::Hidden;
    options.tracePath = parser.value(trace);
    if (options.command == Command::Models) {
        if (!options.tracePath.isEmpty())
            return usageError(tr("--trace records chat requests, not the model list"));
        return {};
    }

    ChatRequest &r = options.request;
    r.model = parser.isSet(model) ? parser.value(model)
                                  : environment.value(QStringLiteral("CONFAB_MODEL"));
    if (r.model.trimmed().isEmpty())
        return usageError(tr("No model; use --model or set CONFAB_MODEL"));
    r.stream = !parser.isSet(noStream);
    options.systemPrompt = parser.value(system);
    options.images = parser.values(image);
    if (parser.isSet(maxImageSide)) {
        const auto px = toInteger(maxImageSide.names().first(), parser.value(maxImageSide), 0);
        if (!px.value)
            return usageError(px.error);
        options.imageOptions.maxSide = int(std::min<qint64>(*px.value, INT_MAX));
    }

    // Only what the user gave is set; everything else stays absent and the server decides.
    QString why;
    auto setParsed = [&](const QCommandLineOption &option, auto &field, auto convert) {
        if (!parser.isSet(option))
            return true;
        const auto v = convert(option.names().first(), parser.value(option));
        field = v.value;
        why = v.error;
        return v.value.has_value();
    };
    auto setInteger
        = [&](const QCommandLineOption &option, std::optional<qint64> &field, qint64 minimum) {
              if (!parser.isSet(option))
                  return true;
              const auto v = toInteger(option.names().first(), parser.value(option), minimum);
              field = v.value;
              why = v.error;
              return v.value.has_value();
          };
    std::optional<qint64> choices;
    const bool numbersOk = setParsed(temperature, r.temperature, toDouble)
        && setParsed(topP, r.topP, toDouble)
        && setParsed(presencePenalty, r.presencePenalty, toDouble)
        && setParsed(frequencyPenalty, r.frequencyPenalty, toDouble)
        && setInteger(maxTokens, r.maxTokens, 1)
        && setInteger(maxCompletionTokens, r.maxCompletionTokens, 1) && setInteger(n, choices, 1)
        && setInteger(seed, r.seed, std::numeric_limits<qint64>::min());
    if (!numbersOk)
        return usageError(why);
    if (choices)
        r.n = int(std::min<qint64>(*choices, INT_MAX));

    if (parser.isSet(stop)) {
        r.stop = parser.values(stop);
        if (r.stop->size() > MaxStopSequences)
            return usageError(
                tr("--stop can be given at most %1 times, not %n", nullptr, int(r.stop->size()))
                    .arg(MaxStopSequences));
    }
    if (parser.isSet(reasoningEffort))
        r.reasoningEffort = parser.value(reasoningEffort);
    const bool fieldsOk = setParsed(enableThinking, r.enableThinking, toBool)
        && setParsed(logitBias, r.logitBias, toLogitBias) && setParsed(user, r.user, toId)
        && setParsed(tools, r.tools, toTools) && setParsed(toolChoice, r.toolChoice, toToolChoice)
        && setParsed(parallelToolCalls, r.parallelToolCalls, toBool)
        && setParsed(webSearchOptions, r.webSearchOptions, toObject)
        && setParsed(extraBody, r.extraBody, toObject);
    if (!fieldsOk)
        return usageError(why);

    if (parser.isSet(responseFormat)) {
        r.responseFormat
            = ChatRequest::responseFormatFromString(parser.value(responseFormat).trimmed());
        if (!r.responseFormat)
            return usageError(
                tr("--response-format expects text, json_object or json_schema, not \"%1\"")
                    .arg(parser.value(responseFormat)));
    }
    if (parser.isSet(jsonSchema)) {
        if (r.responseFormat && *r.responseFormat != ChatRequest::ResponseFormat::JsonSchema)
            return usageError(tr("--json-schema needs --response-format json_schema"));
        const auto schema = toObject(jsonSchema.names().first(), parser.value(jsonSchema));
        if (!schema.value)
            return usageError(schema.error);
        r.responseFormat = ChatRequest::ResponseFormat::JsonSchema;
        r.jsonSchema = toJsonSchemaFormat(*schema.value);
    } else if (r.responseFormat == ChatRequest::ResponseFormat::JsonSchema) {
        return usageError(tr("--response-format json_schema needs the schema in --json-schema"));
    }

    for (const QString &text : parser.values(extra)) {
        const auto fields = toObject(extra.names().first(), text);
        if (!fields.value)
            return usageError(fields.error);
        for (auto it = fields.value->begin(); it != fields.value->end(); ++it)
            r.extraFields.insert(it.key(), it.value());
    }
    return {};
}

bool CliOptions::buildMessages(QIODevice *input, QString *error)
{
    if (command != Command::Chat)
        return true;
    if (prompt == QLatin1StringView("-")) {
        if (!input || !input->isReadable()) {
            *error = tr("Cannot read the prompt from standard input");
            return false;
        }
        prompt = QString::fromUtf8(input->readAll());
    }
    if (prompt.isEmpty() && images.isEmpty()) {
        *error = tr("The prompt is empty");
        return false;
    }

    ChatMessage user = ChatMessage::user(prompt);
    if (!images.isEmpty()) {
        user.text.clear();
        if (!prompt.isEmpty())
            user.parts.append(ContentPart::fromText(prompt));
        for (const QString &image : std::as_const(images)) {
            if (isRemoteImage(image)) {
                user.parts.append(ContentPart::fromImageUrl(image));
                continue;
            }
            const ImageEncoder::Result encoded = ImageEncoder::encodeFile(image, imageOptions);
            if (!encoded.isValid()) {
                *error = tr("%1: %2").arg(image, encoded.error);
                return false;
            }
            user.parts.append(ContentPart::fromImageUrl(encoded.dataUrl()));
        }
    }

    request.messages.clear();
    if (!systemPrompt.isEmpty())
        request.messages.append(ChatMessage::system(systemPrompt));
    request.messages.append(user);
    return true;
}

QString CliOptions::helpEpilog()
{
    return tr(
        "\nEnvironment:\n"
        "  CONFAB_API_KEY, OPENAI_API_KEY    the API key, unless --api-key-env names another "
        "variable\n"
        "  CONFAB_BASE_URL, OPENAI_BASE_URL  the API base, unless --base-url is given\n"
        "  CONFAB_MODEL                      the model, unless --model is given\n"
        "\nExit status:\n"
        "  0    the reply arrived in full\n"
        "  1    the reply arrived but the --trace file could not be written\n"
        "  2    a wrong or missing option, or an image that cannot be read\n"
        "  3    the server refused the request or sent an error or a reply that makes no sense\n"
        "  4    a network error, a timeout, or a stream that was cut off\n"
        "  130  interrupted by Ctrl-C (143 for SIGTERM); what arrived so far is printed\n"
        "\nExamples:\n"
        "  export CONFAB_BASE_URL=https://api.openai.com/v1 CONFAB_API_KEY=sk-...\n"
        "  confab-cli --model gpt-4o-mini \"Why is the sky blue?\"\n"
        "  git diff | confab-cli --model gpt-4o-mini --system \"Review this diff\" -\n"
        "  confab-cli --model gpt-4o --image photo.jpg \"What is in this picture?\"\n"
        "  confab-cli --model gpt-4o-mini --tool-choice required \\\n"
        "      --tools '[{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]' \"What "
        "time is it?\"\n"
        "  confab-cli models\n"
        "  confab-cli --save \"Plan a trip to Hangzhou\"\n"
        "  confab-cli chats list\n"
        "  confab-cli chats search 杭州\n");
}

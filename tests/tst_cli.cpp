// End-to-end tests of confab-cli: the real binary against the in-process fake server. The
// test's own event loop serves the fake server while the CLI runs, so nothing here blocks on
// the process.
#include "conversationstore.h"
#include "database.h"
#include "fakeserver.h"
#include "imageencoder.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {

// Distinctive, so that finding it anywhere in the output is a real leak.
const QString ApiKey = u"sk-confab-test-0123456789abcdef"_s;
constexpr int RunTimeoutMs = 30000;

struct CliResult
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

QByteArray chunk(
    const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null, int index = 0)
{
    const QJsonObject choice { { u"index"_s, index }, { u"delta"_s, delta },
        { u"finish_reason"_s, finishReason } };
    return QJsonDocument(
        QJsonObject { { u"id"_s, u"chatcmpl-1"_s }, { u"object"_s, u"chat.completion.chunk"_s },
            { u"model"_s, u"test-model"_s }, { u"choices"_s, QJsonArray { choice } } })
        .toJson(QJsonDocument::Compact);
}

QByteArray content(const QString &text)
{
    return chunk({ { u"content"_s, text } });
}

QByteArray reasoning(const QString &text)
{
    return chunk({ { u"reasoning_content"_s, text } });
}

QByteArray finish(const QString &reason = u"stop"_s)
{
    return chunk({}, reason);
}

QByteArray usage()
{
    return QByteArrayLiteral(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","model":"test-model","choices":[],)"
        R"("usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}})");
}

FakeResponse helloStream()
{
    return FakeResponse::sse({ content(u"你好，"_s), content(u"世界 🌍"_s), finish(), usage() });
}

QJsonObject parseJsonLine(const QByteArray &out)
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    if (lines.size() != 1)
        return {};
    return QJsonDocument::fromJson(lines.first()).object();
}

QString imageUrlOf(const QJsonObject &body)
{
    const QJsonArray parts
        = body.value(u"messages"_s).toArray().last().toObject().value(u"content"_s).toArray();
    for (const QJsonValue &part : parts) {
        if (part.toObject().value(u"type"_s) == u"image_url"_s)
            return part.toObject().value(u"image_url"_s).toObject().value(u"url"_s).toString();
    }
    return {};
}

QImage decodeDataUrl(const QString &url)
{
    const qsizetype comma = url.indexOf(u',');
    return QImage::fromData(QByteArray::fromBase64(url.mid(comma + 1).toLatin1()));
}

} // namespace

class TstCli : public QObject
{
    Q_OBJECT

private slots:
    void saveStoresTheConversation();
    void continueSendsTheHistory();
    void chatsCommands();
    void killedWhileStreamingIsRecovered();
    void chatsExportAndImport();
    void init();
    void cleanup();

    void streamsTextToStdout();
    void refusalAndToolCalls();
    void promptFromStdin();
    void sendsOnlyGivenFields();
    void stop_data();
    void stop();
    void requestField_data();
    void requestField();
    void extraMergedLast();
    void customHeader();
    void keyFromEnvironment_data();
    void keyFromEnvironment();
    void apiKeyOptionRejected();
    void missingBaseUrl();
    void missingModel();
    void badValues_data();
    void badValues();
    void badFieldNamesOption_data();
    void badFieldNamesOption();
    void jsonOutput();
    void noStream();
    void severalChoices();
    void unauthorized();
    void unauthorizedJson();
    void cutOffStream();
    void connectionRefused();
    void inactivityTimeout();
    void showReasoning();
    void reasoningHiddenByDefault();
    void pngImage();
    void jpegNamedPng();
    void largeImageDownscaled();
    void remoteImageUrl();
    void textFileAsImage();
    void missingImage();
    void models();
    void modelsJson();
    void interrupt_data();
    void interrupt();
    void interruptJson();
    void traceWritten();
    void traceOfErrorRedacted();

private:
    QProcessEnvironment environment() const;
    CliResult run(
        const QStringList &arguments, const QProcessEnvironment &env, const QByteArray &input = {});
    CliResult run(const QStringList &arguments) { return run(arguments, environment()); }
    void noteOutput(const QByteArray &bytes) { m_seen.append(bytes); }

    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QList<QByteArray> m_seen; // everything the CLI wrote in this test, to look for the key
};

void TstCli::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_seen.clear();
}

void TstCli::cleanup()
{
    for (const QByteArray &bytes : std::as_const(m_seen))
        QVERIFY2(!bytes.contains(ApiKey.toUtf8()), bytes.constData());
    m_server.reset();
    m_dir.reset();
}

QProcessEnvironment TstCli::environment() const
{
    QProcessEnvironment env;
    env.insert(u"CONFAB_API_KEY"_s, ApiKey);
    env.insert(u"CONFAB_BASE_URL"_s, m_server->baseUrl().toString());
    env.insert(u"CONFAB_MODEL"_s, u"test-model"_s);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    return env;
}

CliResult TstCli::run(
    const QStringList &arguments, const QProcessEnvironment &env, const QByteArray &input)
{
    CliResult result;
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProgram(QStringLiteral(CONFAB_CLI_PATH));
    process.setArguments(arguments);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    if (!process.waitForStarted()) // only fork and exec; the server is not needed yet
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (finished.isEmpty() && !finished.wait(RunTimeoutMs)) {
        process.kill();
        finished.wait(RunTimeoutMs);
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitCode();
    result.exitStatus = process.exitStatus();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    noteOutput(result.out);
    noteOutput(result.err);
    return result;
}

void TstCli::streamsTextToStdout()
{
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"Say hello"_s });
    QCOMPARE(r.exitStatus, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), u"你好，世界 🌍\n"_s);
    QCOMPARE(r.err, QByteArray());

    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(m_server->lastRequest().target, QByteArray("/v1/chat/completions"));
    QCOMPARE(body.value(u"model"_s).toString(), u"test-model"_s);
    QCOMPARE(body.value(u"stream"_s).toBool(), true);
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().toObject().value(u"role"_s).toString(), u"user"_s);
    QCOMPARE(messages.first().toObject().value(u"content"_s).toString(), u"Say hello"_s);
}

void TstCli::refusalAndToolCalls()
{
    m_server->enqueue(FakeResponse::sse({ chunk({ { u"refusal"_s, u"I can't help with that."_s } }),
        chunk({ { u"tool_calls"_s,
            QJsonArray { QJsonObject { { u"index"_s, 0 }, { u"id"_s, u"call_1"_s },
                { u"type"_s, u"function"_s },
                { u"function"_s,
                    QJsonObject { { u"name"_s, u"lookup"_s },
                        { u"arguments"_s, uR"({"q":1})"_s } } } } } } }),
        finish(u"tool_calls"_s) }));
    const CliResult r = run({ u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(
        QString::fromUtf8(r.out), u"I can't help with that.\n[tool call] lookup({\"q\":1})\n"_s);
    QCOMPARE(r.err, QByteArray());
}

void TstCli::promptFromStdin()
{
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--system"_s, u"Be brief"_s, u"-"_s }, environment(), "总结一下\n");
    QCOMPARE(r.exitCode, 0);
    const QJsonArray messages = m_server->lastRequest().json().value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(u"role"_s).toString(), u"system"_s);
    QCOMPARE(messages.at(0).toObject().value(u"content"_s).toString(), u"Be brief"_s);
    QCOMPARE(messages.at(1).toObject().value(u"content"_s).toString(), u"总结一下\n"_s);
}

void TstCli::sendsOnlyGivenFields()
{
    m_server->enqueue(helloStream());
    const CliResult r
        = run({ u"--temperature"_s, u"0.2"_s, u"--model"_s, u"other-model"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.2);
    QCOMPARE(body.value(u"model"_s).toString(), u"other-model"_s);
    for (const char *absent : { "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed",
             "presence_penalty", "frequency_penalty", "logit_bias", "user", "reasoning_effort",
             "enable_thinking", "response_format", "tools", "tool_choice", "parallel_tool_calls",
             "web_search_options", "extra_body" })
        QVERIFY2(!body.contains(QLatin1StringView(absent)), absent);

    m_server->enqueue(helloStream());
    const CliResult all = run({ u"--top-p"_s, u"0.9"_s, u"--max-tokens"_s, u"100"_s,
        u"--max-completion-tokens"_s, u"200"_s, u"--n"_s, u"1"_s, u"--seed"_s, u"-7"_s,
        u"--presence-penalty"_s, u"-0.5"_s, u"--frequency-penalty"_s, u"0.5"_s,
        u"--reasoning-effort"_s, u"low"_s, u"--enable-thinking"_s, u"false"_s,
        u"--response-format"_s, u"json_object"_s, u"--logit-bias"_s, uR"({"50256":-100})"_s,
        u"--user"_s, u"user-42"_s, u"--tools"_s,
        uR"([{"type":"function","function":{"name":"f"}}])"_s, u"--tool-choice"_s, u"auto"_s,
        u"--parallel-tool-calls"_s, u"false"_s, u"--web-search-options"_s,
        uR"({"search_context_size":"low"})"_s, u"--extra-body"_s, uR"({"top_k":5})"_s, u"hi"_s });
    QCOMPARE(all.exitCode, 0);
    const QJsonObject b = m_server->lastRequest().json();
    QCOMPARE(b.value(u"top_p"_s).toDouble(), 0.9);
    QCOMPARE(b.value(u"max_tokens"_s).toInteger(), 100);
    QCOMPARE(b.value(u"max_completion_tokens"_s).toInteger(), 200);
    QCOMPARE(b.value(u"n"_s).toInteger(), 1);
    QCOMPARE(b.value(u"seed"_s).toInteger(), -7);
    QCOMPARE(b.value(u"presence_penalty"_s).toDouble(), -0.5);
    QCOMPARE(b.value(u"frequency_penalty"_s).toDouble(), 0.5);
    QCOMPARE(b.value(u"reasoning_effort"_s).toString(), u"low"_s);
    QCOMPARE(b.value(u"enable_thinking"_s), QJsonValue(false));
    QCOMPARE(
        b.value(u"response_format"_s).toObject().value(u"type"_s).toString(), u"json_object"_s);
    QCOMPARE(b.value(u"logit_bias"_s), QJsonValue(QJsonObject { { u"50256"_s, -100 } }));
    QCOMPARE(b.value(u"user"_s), QJsonValue(u"user-42"_s));
    QCOMPARE(b.value(u"tools"_s).toArray().size(), 1);
    QCOMPARE(b.value(u"tool_choice"_s), QJsonValue(u"auto"_s));
    QCOMPARE(b.value(u"parallel_tool_calls"_s), QJsonValue(false));
    QCOMPARE(b.value(u"web_search_options"_s).toObject().value(u"search_context_size"_s).toString(),
        u"low"_s);
    QCOMPARE(b.value(u"extra_body"_s), QJsonValue(QJsonObject { { u"top_k"_s, 5 } }));
    QVERIFY(!b.contains(u"top_k"_s));
    QVERIFY(!b.contains(u"temperature"_s));

    m_server->enqueue(helloStream());
    const CliResult schema = run({ u"--json-schema"_s, uR"({"type":"object"})"_s, u"hi"_s });
    QCOMPARE(schema.exitCode, 0);
    const QJsonObject format
        = m_server->lastRequest().json().value(u"response_format"_s).toObject();
    QCOMPARE(format.value(u"type"_s).toString(), u"json_schema"_s);
    QCOMPARE(format.value(u"json_schema"_s)
                 .toObject()
                 .value(u"schema"_s)
                 .toObject()
                 .value(u"type"_s)
                 .toString(),
        u"object"_s);
}

void TstCli::stop_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QJsonValue>("expected");
    QTest::newRow("one") << QStringList { u"--stop"_s, u"END"_s } << QJsonValue(u"END"_s);
    QTest::newRow("two") << QStringList { u"--stop"_s, u"END"_s, u"--stop"_s, u"。"_s }
                         << QJsonValue(QJsonArray { u"END"_s, u"。"_s });
    QTest::newRow("four") << QStringList { u"--stop"_s, u"a"_s, u"--stop"_s, u"b"_s, u"--stop"_s,
        u"c"_s, u"--stop"_s, u"d"_s }
                          << QJsonValue(QJsonArray { u"a"_s, u"b"_s, u"c"_s, u"d"_s });
}

void TstCli::stop()
{
    QFETCH(QStringList, arguments);
    QFETCH(QJsonValue, expected);
    m_server->enqueue(helloStream());
    const CliResult r = run(arguments << u"hi"_s);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_server->lastRequest().json().value(u"stop"_s), expected);
}

void TstCli::requestField_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("expected");
    const QJsonObject function { { u"type"_s, u"function"_s },
        { u"function"_s, QJsonObject { { u"name"_s, u"get_time"_s } } } };
    QTest::newRow("logit-bias") << QStringList {
        u"--logit-bias"_s, uR"({"50256":-100,"13":2.5})"_s
    } << u"logit_bias"_s << QJsonValue(QJsonObject { { u"50256"_s, -100 }, { u"13"_s, 2.5 } });
    QTest::newRow("user") << QStringList { u"--user"_s, u"用户 7"_s } << u"user"_s
                          << QJsonValue(u"用户 7"_s);
    QTest::newRow("tools") << QStringList { u"--tools"_s,
        uR"([{"type":"function","function":{"name":"get_time"}},{"type":"web_search"}])"_s }
                           << u"tools"_s
                           << QJsonValue(QJsonArray {
                                  function, QJsonObject { { u"type"_s, u"web_search"_s } } });
    QTest::newRow("tools empty") << QStringList { u"--tools"_s, u"[]"_s } << u"tools"_s
                                 << QJsonValue(QJsonArray());
    QTest::newRow("tool-choice none") << QStringList { u"--tool-choice"_s, u"none"_s }
                                      << u"tool_choice"_s << QJsonValue(u"none"_s);
    QTest::newRow("tool-choice auto") << QStringList { u"--tool-choice"_s, u"auto"_s }
                                      << u"tool_choice"_s << QJsonValue(u"auto"_s);
    QTest::newRow("tool-choice required") << QStringList { u"--tool-choice"_s, u"required"_s }
                                          << u"tool_choice"_s << QJsonValue(u"required"_s);
    QTest::newRow("tool-choice object") << QStringList { u"--tool-choice"_s,
        uR"({"type":"function","function":{"name":"get_time"}})"_s }
                                        << u"tool_choice"_s << QJsonValue(function);
    QTest::newRow("parallel-tool-calls true")
        << QStringList { u"--parallel-tool-calls"_s, u"true"_s } << u"parallel_tool_calls"_s
        << QJsonValue(true);
    QTest::newRow("parallel-tool-calls off") << QStringList { u"--parallel-tool-calls"_s, u"off"_s }
                                             << u"parallel_tool_calls"_s << QJsonValue(false);
    QTest::newRow("web-search-options")
        << QStringList { u"--web-search-options"_s, uR"({"search_context_size":"high"})"_s }
        << u"web_search_options"_s
        << QJsonValue(QJsonObject { { u"search_context_size"_s, u"high"_s } });
    QTest::newRow("extra-body")
        << QStringList { u"--extra-body"_s, uR"({"guided_choice":["a","b"]})"_s } << u"extra_body"_s
        << QJsonValue(QJsonObject { { u"guided_choice"_s, QJsonArray { u"a"_s, u"b"_s } } });
}

// Each flag sets its own field and nothing else the user did not ask for.
void TstCli::requestField()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, key);
    QFETCH(QJsonValue, expected);
    m_server->enqueue(helloStream());
    const CliResult r = run(arguments << u"hi"_s);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(key), expected);
    QStringList keys = body.keys();
    keys.removeOne(key);
    QCOMPARE(keys, (QStringList { u"messages"_s, u"model"_s, u"stream"_s, u"stream_options"_s }));
}

void TstCli::extraMergedLast()
{
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--temperature"_s, u"0.2"_s, u"--extra"_s,
        uR"({"top_k":5,"temperature":0.9})"_s, u"--extra"_s, uR"({"min_p":0.1})"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"top_k"_s).toInteger(), 5);
    QCOMPARE(body.value(u"min_p"_s).toDouble(), 0.1);
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.9);
}

void TstCli::customHeader()
{
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--header"_s, u"X-Title: Confab test"_s, u"--header"_s,
        u"HTTP-Referer:https://example.org"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_server->lastRequest().header("x-title"), QByteArray("Confab test"));
    QCOMPARE(m_server->lastRequest().header("http-referer"), QByteArray("https://example.org"));
}

void TstCli::keyFromEnvironment_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("variables"); // name, value pairs added to the environment
    QTest::addColumn<QByteArray>("authorization");
    const QByteArray bearer = "Bearer " + ApiKey.toUtf8();
    QTest::newRow("CONFAB_API_KEY") << QStringList() << QStringList() << bearer;
    QTest::newRow("--api-key-env")
        << QStringList { u"--api-key-env"_s, u"MY_KEY"_s }
        << QStringList { u"MY_KEY"_s, ApiKey + u"-2"_s } << bearer + "-2";
    QTest::newRow("OPENAI_API_KEY")
        << QStringList()
        << QStringList { u"CONFAB_API_KEY"_s, QString(), u"OPENAI_API_KEY"_s, ApiKey + u"-3"_s }
        << bearer + "-3";
    QTest::newRow("none") << QStringList() << QStringList { u"CONFAB_API_KEY"_s, QString() }
                          << QByteArray();
}

void TstCli::keyFromEnvironment()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, variables);
    QFETCH(QByteArray, authorization);
    QProcessEnvironment env = environment();
    for (qsizetype i = 0; i + 1 < variables.size(); i += 2) {
        if (variables.at(i + 1).isEmpty())
            env.remove(variables.at(i));
        else
            env.insert(variables.at(i), variables.at(i + 1));
    }
    m_server->enqueue(helloStream());
    const CliResult r = run(arguments << u"hi"_s, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_server->lastRequest().header("authorization"), authorization);
}

void TstCli::apiKeyOptionRejected()
{
    const CliResult r = run({ u"--api-key"_s, u"sk-on-the-command-line"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("api-key"));
    QCOMPARE(m_server->requestCount(), 0);

    const CliResult unset = run({ u"--api-key-env"_s, u"NO_SUCH_VARIABLE"_s, u"hi"_s });
    QCOMPARE(unset.exitCode, 2);
    QVERIFY(unset.err.contains("NO_SUCH_VARIABLE"));
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::missingBaseUrl()
{
    QProcessEnvironment env = environment();
    env.remove(u"CONFAB_BASE_URL"_s);
    const CliResult r = run({ u"hi"_s }, env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith("confab-cli: "));
    QVERIFY(r.err.contains("--base-url"));

    env.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
    m_server->enqueue(helloStream());
    QCOMPARE(run({ u"hi"_s }, env).exitCode, 0);
}

void TstCli::missingModel()
{
    QProcessEnvironment env = environment();
    env.remove(u"CONFAB_MODEL"_s);
    const CliResult r = run({ u"hi"_s }, env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--model"));
    QCOMPARE(run({}).exitCode, 2); // no prompt
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::badValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("temperature") << QStringList { u"--temperature"_s, u"warm"_s };
    QTest::newRow("n zero") << QStringList { u"--n"_s, u"0"_s };
    QTest::newRow("max tokens") << QStringList { u"--max-tokens"_s, u"1.5"_s };
    QTest::newRow("thinking") << QStringList { u"--enable-thinking"_s, u"maybe"_s };
    QTest::newRow("format") << QStringList { u"--response-format"_s, u"yaml"_s };
    QTest::newRow("schema missing") << QStringList { u"--response-format"_s, u"json_schema"_s };
    QTest::newRow("extra") << QStringList { u"--extra"_s, u"[1]"_s };
    QTest::newRow("header") << QStringList { u"--header"_s, u"no colon"_s };
    QTest::newRow("proxy") << QStringList { u"--proxy"_s, u"ftp://x"_s };
    QTest::newRow("timeout") << QStringList { u"--timeout"_s, u"-1"_s };
    QTest::newRow("base url") << QStringList { u"--base-url"_s, u"ftp://example.org"_s };
    QTest::newRow("two prompts") << QStringList { u"hello"_s };
}

void TstCli::badValues()
{
    QFETCH(QStringList, arguments);
    const CliResult r = run(arguments << u"hi"_s);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith("confab-cli: "));
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::badFieldNamesOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("option"); // must appear in the message
    QTest::newRow("logit-bias array")
        << QStringList { u"--logit-bias"_s, u"[1]"_s } << u"--logit-bias"_s;
    QTest::newRow("logit-bias not JSON")
        << QStringList { u"--logit-bias"_s, u"{50256:1}"_s } << u"--logit-bias"_s;
    QTest::newRow("logit-bias word key")
        << QStringList { u"--logit-bias"_s, uR"({"hello":1})"_s } << u"--logit-bias"_s;
    QTest::newRow("logit-bias string value")
        << QStringList { u"--logit-bias"_s, uR"({"50256":"-100"})"_s } << u"--logit-bias"_s;
    QTest::newRow("user empty") << QStringList { u"--user"_s, QString() } << u"--user"_s;
    QTest::newRow("tools object") << QStringList { u"--tools"_s, uR"({"type":"function"})"_s }
                                  << u"--tools"_s;
    QTest::newRow("tools not JSON") << QStringList { u"--tools"_s, u"[{"_s } << u"--tools"_s;
    QTest::newRow("tools number") << QStringList { u"--tools"_s, u"[1]"_s } << u"--tools"_s;
    QTest::newRow("tools no type")
        << QStringList { u"--tools"_s, uR"([{"function":{"name":"f"}}])"_s } << u"--tools"_s;
    QTest::newRow("tools no name")
        << QStringList { u"--tools"_s, uR"([{"type":"function","function":{}}])"_s }
        << u"--tools"_s;
    QTest::newRow("tool-choice word")
        << QStringList { u"--tool-choice"_s, u"sometimes"_s } << u"--tool-choice"_s;
    QTest::newRow("tool-choice not JSON")
        << QStringList { u"--tool-choice"_s, u"{type:function}"_s } << u"--tool-choice"_s;
    QTest::newRow("tool-choice no type")
        << QStringList { u"--tool-choice"_s, uR"({"function":{"name":"f"}})"_s }
        << u"--tool-choice"_s;
    QTest::newRow("parallel-tool-calls")
        << QStringList { u"--parallel-tool-calls"_s, u"maybe"_s } << u"--parallel-tool-calls"_s;
    QTest::newRow("web-search-options array")
        << QStringList { u"--web-search-options"_s, u"[]"_s } << u"--web-search-options"_s;
    QTest::newRow("web-search-options not JSON")
        << QStringList { u"--web-search-options"_s, u"low"_s } << u"--web-search-options"_s;
    QTest::newRow("extra-body array")
        << QStringList { u"--extra-body"_s, u"[1]"_s } << u"--extra-body"_s;
    QTest::newRow("extra-body not JSON")
        << QStringList { u"--extra-body"_s, u"{"_s } << u"--extra-body"_s;
    QTest::newRow("five stops") << QStringList { u"--stop"_s, u"a"_s, u"--stop"_s, u"b"_s,
        u"--stop"_s, u"c"_s, u"--stop"_s, u"d"_s, u"--stop"_s, u"e"_s }
                                << u"--stop can be given at most 4 times"_s;
}

void TstCli::badFieldNamesOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, option);
    const CliResult r = run(arguments << u"hi"_s);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("confab-cli: "), r.err.constData());
    QVERIFY2(r.err.contains(option.toUtf8()), r.err.constData());
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::jsonOutput()
{
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--json"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count('\n'), 1);
    const QJsonObject o = parseJsonLine(r.out);
    QCOMPARE(o.value(u"id"_s).toString(), u"chatcmpl-1"_s);
    QCOMPARE(o.value(u"model"_s).toString(), u"test-model"_s);
    const QJsonObject choice = o.value(u"choices"_s).toArray().first().toObject();
    QCOMPARE(choice.value(u"index"_s).toInt(), 0);
    QCOMPARE(choice.value(u"content"_s).toString(), u"你好，世界 🌍"_s);
    QCOMPARE(choice.value(u"finish_reason"_s).toString(), u"stop"_s);
    QVERIFY(choice.value(u"reasoning"_s).isNull());
    QCOMPARE(choice.value(u"tool_calls"_s).toArray().size(), 0);
    QCOMPARE(o.value(u"usage"_s).toObject().value(u"total_tokens"_s).toInt(), 12);
    QCOMPARE(o.value(u"cut_off"_s), QJsonValue(false));
    QVERIFY(o.value(u"error"_s).isNull());
}

void TstCli::noStream()
{
    m_server->enqueue(FakeResponse::json(
        R"({"id":"c2","object":"chat.completion","model":"test-model","choices":[)"
        R"({"index":0,"message":{"role":"assistant","content":"整段"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})"));
    const CliResult r = run({ u"--no-stream"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), u"整段\n"_s);
    const QJsonObject body = m_server->lastRequest().json();
    QCOMPARE(body.value(u"stream"_s), QJsonValue(false));
    QVERIFY(!body.contains(u"stream_options"_s));
}

void TstCli::severalChoices()
{
    m_server->enqueue(FakeResponse::sse({ chunk({ { u"content"_s, u"A"_s } }, QJsonValue::Null, 0),
        chunk({ { u"content"_s, u"B"_s } }, QJsonValue::Null, 1),
        chunk({ { u"content"_s, u"a"_s } }, u"stop"_s, 0),
        chunk({ { u"content"_s, u"b"_s } }, u"stop"_s, 1) }));
    const CliResult r = run({ u"--n"_s, u"2"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), u"--- choice 0 ---\nAa\n--- choice 1 ---\nBb\n"_s);
    QCOMPARE(m_server->lastRequest().json().value(u"n"_s).toInt(), 2);
}

void TstCli::unauthorized()
{
    // Servers echo the key they rejected; the CLI must not pass it on.
    m_server->enqueue(FakeResponse::json(R"({"error":{"message":"Incorrect API key provided: )"
            + ApiKey.toUtf8() + R"(","type":"invalid_request_error","code":"invalid_api_key"}})",
        401));
    const CliResult r = run({ u"hi"_s });
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.out, QByteArray());
    QVERIFY(r.err.startsWith("confab-cli: Incorrect API key provided"));
    QCOMPARE(r.err.count('\n'), 1);
}

void TstCli::unauthorizedJson()
{
    m_server->enqueue(FakeResponse::json(R"({"error":{"message":"Incorrect API key provided: )"
            + ApiKey.toUtf8() + R"(","type":"invalid_request_error","code":"invalid_api_key"}})",
        401));
    const CliResult r = run({ u"--json"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 3);
    const QJsonObject error = parseJsonLine(r.out).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"unauthorized"_s);
    QCOMPARE(error.value(u"status"_s).toInt(), 401);
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY(error.value(u"message"_s).toString().startsWith(u"Incorrect API key provided"_s));
    QCOMPARE(parseJsonLine(r.out).value(u"cut_off"_s), QJsonValue(false));
}

void TstCli::cutOffStream()
{
    FakeResponse cut = FakeResponse::sse({ content(u"部分"_s), content(u" text"_s) }, false);
    cut.framing = FakeResponse::Framing::Close;
    m_server->enqueue(cut);
    const CliResult r = run({ u"hi"_s });
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(QString::fromUtf8(r.out), u"部分 text\n"_s);
    QVERIFY(r.err.startsWith("confab-cli: "));

    m_server->enqueue(cut);
    const CliResult json = run({ u"--json"_s, u"hi"_s });
    QCOMPARE(json.exitCode, 4);
    const QJsonObject o = parseJsonLine(json.out);
    QCOMPARE(o.value(u"cut_off"_s), QJsonValue(true));
    QCOMPARE(o.value(u"choices"_s).toArray().first().toObject().value(u"content"_s).toString(),
        u"部分 text"_s);
    QCOMPARE(o.value(u"error"_s).toObject().value(u"code"_s).toString(), u"network"_s);
}

void TstCli::connectionRefused()
{
    // A port that was free a moment ago and has nobody listening now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcessEnvironment env = environment();
    env.insert(u"CONFAB_BASE_URL"_s, u"http://127.0.0.1:%1/v1"_s.arg(port));
    const CliResult r = run({ u"hi"_s }, env);
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.err.startsWith("confab-cli: "));
    const CliResult json = run({ u"--json"_s, u"hi"_s }, env);
    QCOMPARE(json.exitCode, 4);
    const QJsonObject error = parseJsonLine(json.out).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"network"_s);
    QVERIFY(error.value(u"status"_s).isNull());
}

void TstCli::inactivityTimeout()
{
    FakeResponse stalled = FakeResponse::sse({ content(u"slow"_s), finish() });
    stalled.stallAfter = stalled.body.indexOf("data: ", 1);
    m_server->enqueue(stalled);
    const CliResult r = run({ u"--timeout"_s, u"0.5"_s, u"--json"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 4);
    const QJsonObject o = parseJsonLine(r.out);
    QCOMPARE(o.value(u"error"_s).toObject().value(u"code"_s).toString(), u"timeout"_s);
    QCOMPARE(o.value(u"choices"_s).toArray().first().toObject().value(u"content"_s).toString(),
        u"slow"_s);
}

void TstCli::showReasoning()
{
    m_server->enqueue(FakeResponse::sse(
        { reasoning(u"思考中"_s), reasoning(u"..."_s), content(u"答案"_s), finish() }));
    const CliResult r = run({ u"--show-reasoning"_s, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), u"答案\n"_s);
    QCOMPARE(QString::fromUtf8(r.err), u"思考中...\n"_s);
}

void TstCli::reasoningHiddenByDefault()
{
    m_server->enqueue(FakeResponse::sse({ reasoning(u"思考中"_s), content(u"答案"_s), finish() }));
    const CliResult r = run({ u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out), u"答案\n"_s);
    QCOMPARE(r.err, QByteArray());
}

void TstCli::pngImage()
{
    QImage image(4, 3, QImage::Format_ARGB32);
    image.fill(Qt::red);
    const QString path = m_dir->filePath(u"small.png"_s);
    QVERIFY(image.save(path, "PNG"));
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--image"_s, path, u"What is this?"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray parts = m_server->lastRequest()
                                 .json()
                                 .value(u"messages"_s)
                                 .toArray()
                                 .last()
                                 .toObject()
                                 .value(u"content"_s)
                                 .toArray();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0).toObject().value(u"type"_s).toString(), u"text"_s);
    QCOMPARE(parts.at(0).toObject().value(u"text"_s).toString(), u"What is this?"_s);
    QCOMPARE(parts.at(1).toObject().value(u"type"_s).toString(), u"image_url"_s);
    const QString url = imageUrlOf(m_server->lastRequest().json());
    QVERIFY2(url.startsWith(u"data:image/png;base64,"_s), qPrintable(url.left(40)));
    QCOMPARE(decodeDataUrl(url).size(), QSize(4, 3));
}

void TstCli::jpegNamedPng()
{
    // A photo (many colours), so that it is sent as a JPEG whatever its name says.
    QImage image(64, 48, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x * 4, y * 5, (x * y) & 255));
    }
    const QString path = m_dir->filePath(u"really-a-jpeg.png"_s);
    QVERIFY(image.save(path, "JPEG"));
    m_server->enqueue(helloStream());
    const CliResult r = run({ u"--image"_s, path, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    const QString url = imageUrlOf(m_server->lastRequest().json());
    QVERIFY(url.startsWith(u"data:image/jpeg;base64,"_s));

    // The window's attachments use the same processing: the same file gives the same bytes.
    const ImageEncoder::Result window = ImageEncoder::encodeFile(path);
    QVERIFY(window.isValid());
    QCOMPARE(QByteArray::fromBase64(url.mid(url.indexOf(u',') + 1).toLatin1()), window.bytes);
}

void TstCli::largeImageDownscaled()
{
    QImage image(3000, 1000, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    const QString path = m_dir->filePath(u"wide.png"_s);
    QVERIFY(image.save(path, "PNG"));

    m_server->enqueue(helloStream());
    QCOMPARE(run({ u"--image"_s, path, u"hi"_s }).exitCode, 0);
    const QImage sent = decodeDataUrl(imageUrlOf(m_server->lastRequest().json()));
    QCOMPARE(std::max(sent.width(), sent.height()), 2048);
    QVERIFY(qAbs(sent.height() - 683) <= 1);

    m_server->enqueue(helloStream());
    QCOMPARE(run({ u"--max-image-side"_s, u"300"_s, u"--image"_s, path, u"hi"_s }).exitCode, 0);
    QCOMPARE(decodeDataUrl(imageUrlOf(m_server->lastRequest().json())).width(), 300);
}

void TstCli::remoteImageUrl()
{
    m_server->enqueue(helloStream());
    const QString url = u"https://example.org/cat.png"_s; // passed on, never fetched
    QCOMPARE(run({ u"--image"_s, url, u"hi"_s }).exitCode, 0);
    QCOMPARE(imageUrlOf(m_server->lastRequest().json()), url);
}

void TstCli::textFileAsImage()
{
    const QString path = m_dir->filePath(u"notes.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("just words, no pixels\n");
    file.close();
    const CliResult r = run({ u"--image"_s, path, u"hi"_s });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::missingImage()
{
    const QString path = m_dir->filePath(u"absent.png"_s);
    const CliResult r = run({ u"--image"_s, path, u"hi"_s });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
    QCOMPARE(m_server->requestCount(), 0);
}

void TstCli::models()
{
    m_server->enqueue(FakeResponse::json(
        R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"Zeta"},{"id":"alpha"},{"id":"claude-3"},{"id":"alpha"}]})"));
    const CliResult r = run({ u"models"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("alpha\nclaude-3\ngpt-4o\nZeta\n"));
    QCOMPARE(m_server->lastRequest().method, QByteArray("GET"));
    QCOMPARE(m_server->lastRequest().target, QByteArray("/v1/models"));
    QCOMPARE(m_server->lastRequest().header("authorization"), "Bearer " + ApiKey.toUtf8());

    m_server->enqueue(FakeResponse::json(R"({"error":{"message":"bad key"}})", 401));
    const CliResult failed = run({ u"models"_s });
    QCOMPARE(failed.exitCode, 3);
    QVERIFY(failed.err.startsWith("confab-cli: bad key"));

    // After "--" the word is a prompt.
    m_server->enqueue(helloStream());
    QCOMPARE(run({ u"--"_s, u"models"_s }).exitCode, 0);
    QCOMPARE(m_server->lastRequest().target, QByteArray("/v1/chat/completions"));
}

void TstCli::modelsJson()
{
    m_server->enqueue(FakeResponse::json(R"({"data":[{"id":"b"},{"id":"a"}]})"));
    const CliResult r = run({ u"--json"_s, u"models"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = parseJsonLine(r.out);
    QCOMPARE(o.value(u"models"_s).toArray(), (QJsonArray { u"a"_s, u"b"_s }));
    QVERIFY(o.value(u"error"_s).isNull());
}

void TstCli::interrupt_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void TstCli::saveStoresTheConversation()
{
    m_server->enqueue(
        FakeResponse::sse({ reasoning(u"想一想"_s), content(u"答案"_s), finish(), usage() }));
    const QString data = m_dir->filePath(u"profile"_s);
    const CliResult r
        = run({ u"--data-dir"_s, data, u"--save"_s, u"--json"_s, u"问题一"_s }, environment());
    QCOMPARE(r.exitCode, 0);
    const QJsonObject out = parseJsonLine(r.out);
    const qint64 id = qint64(out.value(u"conversation_id"_s).toDouble());
    QVERIFY(id > 0);

    Database db(u"saved"_s);
    QVERIFY(db.open(Database::defaultPath(data)));
    ConversationStore store(db);
    const auto c = store.loadConversation(id);
    QVERIFY(c);
    QCOMPARE(c->title, u"问题一"_s);
    const QList<const Message *> path = c->activePath();
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[0]->text, u"问题一"_s);
    QCOMPARE(path[1]->text, u"答案"_s);
    QCOMPARE(path[1]->reasoning, u"想一想"_s);
    QCOMPARE(path[1]->state, Message::State::Complete);
    QCOMPARE(path[1]->finishReason, u"stop"_s);
    QVERIFY(path[1]->usage.promptTokens > 0);

    // The key is in the environment of that run, and nowhere in what it stored.
    for (const QString &name : QDir(data).entryList(QDir::Files)) {
        QFile file(QDir(data).filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(ApiKey.toUtf8()), qPrintable(name));
    }
}

void TstCli::continueSendsTheHistory()
{
    const QString data = m_dir->filePath(u"profile"_s);
    m_server->enqueue(FakeResponse::sse({ content(u"first answer"_s), finish() }));
    QCOMPARE(run({ u"--data-dir"_s, data, u"--save"_s, u"--system"_s, u"Be brief."_s, u"first"_s },
                 environment())
                 .exitCode,
        0);
    m_server->enqueue(FakeResponse::sse({ content(u"second answer"_s), finish() }));
    const CliResult r
        = run({ u"--continue"_s, u"1"_s, u"second"_s, u"--data-dir"_s, data }, environment());
    QCOMPARE(r.exitCode, 0);
    const QJsonArray sent = m_server->lastRequest().json().value(u"messages"_s).toArray();
    QCOMPARE(sent.size(), 4);
    QCOMPARE(sent[0].toObject().value(u"content"_s).toString(), u"Be brief."_s);
    QCOMPARE(sent[1].toObject().value(u"content"_s).toString(), u"first"_s);
    QCOMPARE(sent[2].toObject().value(u"content"_s).toString(), u"first answer"_s);
    QCOMPARE(sent[3].toObject().value(u"content"_s).toString(), u"second"_s);

    const CliResult missing
        = run({ u"--continue"_s, u"99"_s, u"x"_s, u"--data-dir"_s, data }, environment());
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("99"));
}

void TstCli::chatsCommands()
{
    const QString data = m_dir->filePath(u"profile"_s);
    m_server->enqueue(FakeResponse::sse({ content(u"关于中文分词的回答"_s), finish() }));
    QCOMPARE(run({ u"--data-dir"_s, data, u"--save"_s, u"中文问题"_s }, environment()).exitCode, 0);
    m_server->enqueue(FakeResponse::sse({ content(u"plain english"_s), finish() }));
    QCOMPARE(
        run({ u"--data-dir"_s, data, u"--save"_s, u"english question"_s }, environment()).exitCode,
        0);

    // Global options before or after the subcommand.
    CliResult list
        = run({ u"chats"_s, u"list"_s, u"--json"_s, u"--data-dir"_s, data }, environment());
    QCOMPARE(list.exitCode, 0);
    const QJsonArray conversations = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(conversations.size(), 2);
    QCOMPARE(conversations[0].toObject().value(u"title"_s).toString(), u"english question"_s);
    QVERIFY(conversations[0].toObject().contains(u"updated"_s));
    const qint64 chinese = qint64(conversations[1].toObject().value(u"id"_s).toDouble());

    CliResult show = run(
        { u"--data-dir"_s, data, u"chats"_s, u"show"_s, QString::number(chinese), u"--json"_s },
        environment());
    QCOMPARE(show.exitCode, 0);
    const QJsonArray messages
        = QJsonDocument::fromJson(show.out).object().value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[1].toObject().value(u"state"_s).toString(), u"complete"_s);
    QCOMPARE(messages[1].toObject().value(u"text"_s).toString(), u"关于中文分词的回答"_s);

    CliResult search = run(
        { u"--data-dir"_s, data, u"chats"_s, u"search"_s, u"分词"_s, u"--json"_s }, environment());
    QCOMPARE(search.exitCode, 0);
    const QJsonArray hits = QJsonDocument::fromJson(search.out).array();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(qint64(hits[0].toObject().value(u"conversation"_s).toDouble()), chinese);

    QCOMPARE(run({ u"--data-dir"_s, data, u"chats"_s, u"delete"_s, QString::number(chinese) },
                 environment())
                 .exitCode,
        0);
    list = run({ u"--data-dir"_s, data, u"chats"_s, u"list"_s, u"--json"_s }, environment());
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 1);
    QCOMPARE(run({ u"--data-dir"_s, data, u"chats"_s, u"show"_s, QString::number(chinese) },
                 environment())
                 .exitCode,
        2);
    QCOMPARE(
        run({ u"--data-dir"_s, data, u"chats"_s, u"frobnicate"_s }, environment()).exitCode, 2);
    QCOMPARE(run({ u"--data-dir"_s, data, u"chats"_s }, environment()).exitCode, 2);
}

void TstCli::chatsExportAndImport()
{
    const QString data = m_dir->filePath(u"profile"_s);
    m_server->enqueue(
        FakeResponse::sse({ reasoning(u"因为"_s), content(u"导出的回答"_s), finish() }));
    QCOMPARE(run({ u"--data-dir"_s, data, u"--save"_s, u"导出测试"_s }, environment()).exitCode, 0);

    const CliResult md
        = run({ u"--data-dir"_s, data, u"chats"_s, u"export"_s, u"1"_s, u"--format"_s, u"md"_s },
            environment());
    QCOMPARE(md.exitCode, 0);
    const QString markdown = QString::fromUtf8(md.out);
    QVERIFY2(markdown.contains(u"# 导出测试"_s), md.out.constData());
    QVERIFY(markdown.contains(u"导出的回答"_s));
    QVERIFY(markdown.contains(u"<details>"_s)); // the reasoning

    const QString jsonFile = m_dir->filePath(u"one.json"_s);
    QCOMPARE(run({ u"--data-dir"_s, data, u"chats"_s, u"export"_s, u"1"_s, u"-o"_s, jsonFile },
                 environment())
                 .exitCode,
        0);
    const QString library = m_dir->filePath(u"all.json"_s);
    QCOMPARE(run({ u"--data-dir"_s, data, u"chats"_s, u"export"_s, u"--all"_s, u"-o"_s, library },
                 environment())
                 .exitCode,
        0);
    QCOMPARE(
        run({ u"--data-dir"_s, data, u"chats"_s, u"export"_s, u"--all"_s }, environment()).exitCode,
        2);

    // Into a new profile: the conversation comes back whole.
    const QString other = m_dir->filePath(u"other"_s);
    CliResult imported = run(
        { u"--data-dir"_s, other, u"chats"_s, u"import"_s, library, u"--json"_s }, environment());
    QCOMPARE(imported.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(imported.out).object().value(u"messages"_s).toInt(), 2);
    const CliResult show = run(
        { u"--data-dir"_s, other, u"chats"_s, u"show"_s, u"1"_s, u"--json"_s }, environment());
    const QJsonArray messages
        = QJsonDocument::fromJson(show.out).object().value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[1].toObject().value(u"text"_s).toString(), u"导出的回答"_s);
    QCOMPARE(messages[1].toObject().value(u"reasoning"_s).toString(), u"因为"_s);

    // A broken file says where, and imports nothing.
    const QString broken = m_dir->filePath(u"broken.json"_s);
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"format\": \"confab.library\",\n  \"conversations\": [ oops ]\n}\n");
    f.close();
    const CliResult bad
        = run({ u"--data-dir"_s, other, u"chats"_s, u"import"_s, broken }, environment());
    QCOMPARE(bad.exitCode, 3);
    QVERIFY2(bad.err.contains("line 3"), bad.err.constData());
    const CliResult list
        = run({ u"--data-dir"_s, other, u"chats"_s, u"list"_s, u"--json"_s }, environment());
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 1);
}

// The crash test: a reply streaming into the store when the process is killed outright is
// found at the next start, up to about the last second, marked interrupted.
void TstCli::killedWhileStreamingIsRecovered()
{
    const QString data = m_dir->filePath(u"profile"_s);
    FakeResponse stalled = FakeResponse::sse(
        { content(u"第一段，"_s), content(u"第二段"_s), content(u"never"_s), finish() });
    stalled.stallAfter = stalled.body.indexOf(
        "data: ", stalled.body.indexOf("第二段")); // two deltas, then silence
    m_server->enqueue(stalled);

    QProcess process;
    process.setProcessEnvironment(environment());
    process.setProgram(QStringLiteral(CONFAB_CLI_PATH));
    process.setArguments({ u"--data-dir"_s, data, u"--save"_s, u"讲个故事"_s });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    QVERIFY(process.waitForStarted());
    process.closeWriteChannel();
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += process.readAllStandardOutput()).contains("第二段"), RunTimeoutMs);
    QTest::qWait(1600); // a flush happens at most a second after the text arrived
    ::kill(pid_t(process.processId()), SIGKILL);
    QVERIFY(!finished.isEmpty() || finished.wait(RunTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    noteOutput(out);

    Database db(u"after kill"_s);
    QVERIFY(db.open(Database::defaultPath(data)));
    ConversationStore store(db);
    QCOMPARE(store.recoverInterrupted(), 1);
    const QList<ConversationSummary> list = store.listConversations(0, 10);
    QCOMPARE(list.size(), 1);
    const Conversation c = *store.loadConversation(list.first().id);
    const QList<const Message *> path = c.activePath();
    QCOMPARE(path.size(), 2);
    QCOMPARE(path[0]->text, u"讲个故事"_s);
    QCOMPARE(path[1]->text, u"第一段，第二段"_s);
    QCOMPARE(path[1]->state, Message::State::Interrupted);
}

void TstCli::interrupt()
{
    QFETCH(int, signal);
    FakeResponse stalled
        = FakeResponse::sse({ content(u"先到的"_s), content(u"never"_s), finish() });
    stalled.stallAfter = stalled.body.indexOf("data: ", 1); // the first event only
    m_server->enqueue(stalled);

    QProcess process;
    process.setProcessEnvironment(environment());
    process.setProgram(QStringLiteral(CONFAB_CLI_PATH));
    process.setArguments({ u"hi"_s });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    QVERIFY(process.waitForStarted());
    process.closeWriteChannel();
    // Text reaches stdout while the stream is still open: output is not held back.
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += process.readAllStandardOutput()).contains("先到的"), RunTimeoutMs);
    QVERIFY(finished.isEmpty());

    ::kill(pid_t(process.processId()), signal);
    QVERIFY(!finished.isEmpty() || finished.wait(RunTimeoutMs));
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    noteOutput(out);
    noteOutput(err);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signal);
    QCOMPARE(QString::fromUtf8(out), u"先到的\n"_s);
    QVERIFY2(err.contains("confab-cli: interrupted\n"), err.constData());
    QCOMPARE(err, QByteArray("confab-cli: interrupted\n"));
}

void TstCli::interruptJson()
{
    FakeResponse stalled
        = FakeResponse::sse({ content(u"先到的"_s), content(u"never"_s), finish() });
    stalled.stallAfter = stalled.body.indexOf("data: ", 1);
    m_server->enqueue(stalled);

    QProcess process;
    process.setProcessEnvironment(environment());
    process.setProgram(QStringLiteral(CONFAB_CLI_PATH));
    process.setArguments({ u"--json"_s, u"hi"_s });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    QVERIFY(process.waitForStarted());
    process.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, RunTimeoutMs);
    QTest::qWait(300); // for the first event to reach the CLI
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(!finished.isEmpty() || finished.wait(RunTimeoutMs));
    const QByteArray out = process.readAllStandardOutput();
    noteOutput(out);
    noteOutput(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 130);
    const QJsonObject o = parseJsonLine(out);
    QCOMPARE(o.value(u"choices"_s).toArray().first().toObject().value(u"content"_s).toString(),
        u"先到的"_s);
    QCOMPARE(o.value(u"error"_s).toObject().value(u"code"_s).toString(), u"cancelled"_s);
    QCOMPARE(o.value(u"cut_off"_s), QJsonValue(false));
}

void TstCli::traceWritten()
{
    m_server->enqueue(helloStream());
    const QString path = m_dir->filePath(u"trace.json"_s);
    const CliResult r
        = run({ u"--trace"_s, path, u"--header"_s, u"X-Api-Key: "_s + ApiKey, u"hi"_s });
    QCOMPARE(r.exitCode, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    noteOutput(bytes);
    QVERIFY(bytes.contains('\n')); // indented
    const QJsonObject trace = QJsonDocument::fromJson(bytes).object();
    const QJsonObject request = trace.value(u"request"_s).toObject();
    QCOMPARE(request.value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(request.value(u"headers"_s).toObject().value(u"Authorization"_s).toString(),
        u"Bearer ***"_s);
    QCOMPARE(request.value(u"body"_s).toObject().value(u"model"_s).toString(), u"test-model"_s);
    QCOMPARE(trace.value(u"response"_s).toObject().value(u"status"_s).toInt(), 200);
    QVERIFY(trace.value(u"response"_s).toObject().value(u"body"_s).toString().contains(u"世界"_s));
}

void TstCli::traceOfErrorRedacted()
{
    m_server->enqueue(FakeResponse::json(
        R"({"error":{"message":"Incorrect API key provided: )" + ApiKey.toUtf8() + R"("}})", 401));
    const QString path = m_dir->filePath(u"trace.json"_s);
    const CliResult r = run({ u"--trace"_s, path, u"hi"_s });
    QCOMPARE(r.exitCode, 3);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    noteOutput(bytes);
    const QJsonObject response
        = QJsonDocument::fromJson(bytes).object().value(u"response"_s).toObject();
    QCOMPARE(response.value(u"status"_s).toInt(), 401);
    QVERIFY(response.value(u"body"_s).toString().contains(u"Incorrect API key provided: ***"_s));
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"

#include "demoserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace {

// The demo speaks as a model would: in the language of the question. These are its replies,
// not the interface's words, so they are not translated.
const char *const EnglishReply = R"(Here is a plan for **two days in Hangzhou**, with what it costs.

## Day one: the lake

1. Walk the *Su Causeway* at sunrise, before the tour groups.
2. Lunch at Louwailou: try the `West Lake vinegar fish`.
3. Take a boat to the island of Three Pools Mirroring the Moon.

| Place | Hours | Ticket |
|:------|:-----:|-------:|
| Lingyin Temple | 7:00–18:00 | ¥75 |
| Hangzhou Museum | 9:00–17:00 | free |
| Leifeng Pagoda | 8:00–20:00 | ¥40 |

## A budget you can change

```python
def budget(days, per_day=450):
    """A rough budget in yuan: meals, tickets and the metro."""
    return days * per_day

print(budget(2))  # 900
```

> Tip: Metro Line 1 runs from the railway station to the lake in twenty minutes.

Ask for something **long** to see a reply of many thousands of words stream in.)";

const char *const ChineseReply = R"(这是一份**杭州两日游**的安排，附上花费。

## 第一天：西湖

1. 清晨走苏堤，避开旅行团。
2. 午饭去楼外楼，尝尝`西湖醋鱼`。
3. 坐船去三潭印月。

| 地点 | 开放时间 | 门票 |
|:-----|:-------:|-----:|
| 灵隐寺 | 7:00–18:00 | ¥75 |
| 杭州博物馆 | 9:00–17:00 | 免费 |
| 雷峰塔 | 8:00–20:00 | ¥40 |

## 预算

```python
def budget(days, per_day=450):
    """粗略预算（元）：餐饮、门票和地铁。"""
    return days * per_day

print(budget(2))  # 900
```

> 提示：地铁 1 号线从火车站到西湖只要二十分钟。

想看长回复，就在问题里写“长”。)";

bool hasCjk(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    }
    return false;
}

bool wantsLong(const QString &question)
{
    return question.contains(QLatin1StringView("long"), Qt::CaseInsensitive)
        || question.contains(QStringLiteral("长"));
}

QByteArray sseEvent(const QJsonObject &object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue())
{
    return sseEvent({ { QStringLiteral("id"), QStringLiteral("chatcmpl-demo") },
        { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") },
        { QStringLiteral("model"), DemoServer::modelName() },
        { QStringLiteral("choices"),
            QJsonArray {
                QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta },
                    { QStringLiteral("finish_reason"), finishReason } } } } });
}

// Pieces of about one token: a few characters, never half a character.
QStringList tokens(const QString &text)
{
    QStringList list;
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype n = hasCjk(text.mid(i, 1)) ? 1 : 4;
        n = std::min(n, text.size() - i);
        if (text.at(i + n - 1).isHighSurrogate() && i + n < text.size())
            ++n;
        list << text.mid(i, n);
        i += n;
    }
    return list;
}

QString textOf(const QJsonObject &message)
{
    const QJsonValue content = message.value(QLatin1StringView("content"));
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray())
        text += part.toObject().value(QLatin1StringView("text")).toString();
    return text;
}

QString lastQuestion(const QJsonObject &request)
{
    const QJsonArray messages = request.value(QLatin1StringView("messages")).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1StringView("role")).toString() == QLatin1StringView("user"))
            return textOf(m);
    }
    return {};
}

// What the demo says of the images of the last question; a real model would describe them.
QString aboutImages(const QJsonObject &request, bool chinese)
{
    const QJsonArray messages = request.value(QLatin1StringView("messages")).toArray();
    if (messages.isEmpty())
        return {};
    QStringList kinds;
    for (const QJsonValue &part :
        messages.last().toObject().value(QLatin1StringView("content")).toArray()) {
        const QString url = part.toObject()
                                .value(QLatin1StringView("image_url"))
                                .toObject()
                                .value(QLatin1StringView("url"))
                                .toString();
        if (!url.isEmpty())
            kinds << (url.startsWith(QLatin1StringView("data:"))
                    ? url.mid(5, url.indexOf(QLatin1Char(';')) - 5) + QLatin1Char(' ')
                        + QString::number(url.size() - url.indexOf(QLatin1Char(',')) - 1)
                        + QLatin1StringView(" base64")
                    : url);
    }
    if (kinds.isEmpty())
        return {};
    return (chinese ? QStringLiteral("（演示服务器看不懂图片，但收到了 %1 张：%2。）\n\n")
            : kinds.size() == 1
            ? QStringLiteral("(The demo cannot see, but it received %1 image: %2.)\n\n")
            : QStringLiteral("(The demo cannot see, but it received %1 images: %2.)\n\n"))
        .arg(kinds.size())
        .arg(kinds.join(QLatin1StringView(", ")));
}

// Like real models (4,096 tokens is DeepSeek's default), the demo stops a reply at an output
// limit, or at the request's max_tokens when smaller, with the finish reason "length": the
// long reply shows the Continue action.
constexpr int OutputLimit = 4096;

// A request to go on with a reply cut at the limit: ..., the question, the reply so far, and a
// user turn. Returns the question and the reply so far, or nothing.
std::optional<std::pair<QString, QString>> continuation(const QJsonObject &request)
{
    const QJsonArray messages = request.value(QLatin1StringView("messages")).toArray();
    if (messages.size() < 3)
        return std::nullopt;
    auto at = [&](qsizetype fromEnd) {
        return messages.at(messages.size() - fromEnd).toObject();
    };
    auto role = [](const QJsonObject &m) {
        return m.value(QLatin1StringView("role")).toString();
    };
    if (role(at(1)) != QLatin1StringView("user") || role(at(2)) != QLatin1StringView("assistant")
        || role(at(3)) != QLatin1StringView("user"))
        return std::nullopt;
    const QString question = textOf(at(3));
    const QString given = textOf(at(2));
    const QString whole = DemoServer::replyFor(question);
    if (given.isEmpty() || given.size() >= whole.size() || !whole.startsWith(given))
        return std::nullopt;
    return std::make_pair(question, given);
}

} // namespace

DemoServer::DemoServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &DemoServer::onConnection);
}

DemoServer::~DemoServer() = default;

bool DemoServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl DemoServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server->serverPort()));
}

ProviderProfile DemoServer::profile() const
{
    ProviderProfile p;
    p.id = QStringLiteral("demo");
    p.name = tr("Demo (on this computer)");
    p.baseUrl = baseUrl().toString();
    p.keySource = ProviderProfile::KeySource::None;
    // It takes images (and says how many it got), so the attachments can be tried with it.
    p.models = { { modelName(), {}, true, true, true } };
    p.defaultModel = modelName();
    p.transient = true;
    return p;
}

QString DemoServer::reasoningFor(const QString &question)
{
    if (hasCjk(question))
        return QStringLiteral("用户想要一个行程。先排西湖，再排寺庙和博物馆，最后给个预算。");
    return QStringLiteral("The user wants a plan. Start with the lake, then the temples and the "
                          "museum, and end with a budget they can change.");
}

QString DemoServer::replyFor(const QString &question)
{
    const bool chinese = hasCjk(question);
    QString reply = QString::fromUtf8(chinese ? ChineseReply : EnglishReply);
    if (!wantsLong(question))
        return reply;
    // Many sections, each a paragraph, a list and some code: tens of thousands of tokens.
    QString text;
    for (int i = 1; i <= 200; ++i) {
        text += QStringLiteral("## %1 %2\n\n")
                    .arg(chinese ? QStringLiteral("第") : QStringLiteral("Part"))
                    .arg(i);
        text += reply.section(QStringLiteral("\n\n"), 0, 0) + QStringLiteral("\n\n");
        text += QStringLiteral("- %1\n- %2\n\n").arg(i * 3).arg(i * 7);
        text += QStringLiteral("```cpp\nint part%1 = %1 * %1;\n```\n\n").arg(i);
    }
    return text;
}

void DemoServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
    }
}

void DemoServer::serve(QTcpSocket *socket)
{
    QByteArray request = socket->property("request").toByteArray() + socket->readAll();
    socket->setProperty("request", request);
    const qsizetype headerEnd = request.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QByteArray head = request.left(headerEnd).toLower();
    qsizetype length = 0;
    const qsizetype at = head.indexOf("content-length:");
    if (at >= 0)
        length = head.mid(at + 15, head.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
    if (request.size() < headerEnd + 4 + length)
        return; // the body is still arriving
    socket->setProperty("request", QByteArray());
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);

    const QByteArray firstLine = request.left(request.indexOf("\r\n"));
    auto respond = [socket](const QByteArray &status, const QByteArray &body) {
        socket->write("HTTP/1.1 " + status
            + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    };
    if (firstLine.startsWith("GET ") && firstLine.contains("/models")) {
        respond("200 OK",
            QJsonDocument(QJsonObject { { QStringLiteral("object"), QStringLiteral("list") },
                              { QStringLiteral("data"),
                                  QJsonArray { QJsonObject { { QStringLiteral("id"), modelName() },
                                      { QStringLiteral("object"), QStringLiteral("model") } } } } })
                .toJson(QJsonDocument::Compact));
        return;
    }
    if (!firstLine.startsWith("POST ") || !firstLine.contains("/chat/completions")) {
        respond("404 Not Found",
            R"({"error":{"message":"The demo server knows /v1/models and /v1/chat/completions only","type":"invalid_request_error"}})");
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.mid(headerEnd + 4)).object();
    const QString question = lastQuestion(body);
    QStringList thinking = tokens(reasoningFor(question));
    QStringList answer;
    QString finishReason = QStringLiteral("stop");
    if (!m_fixedReply.isEmpty()) {
        answer = tokens(m_fixedReply);
    } else {
        const auto resumed = continuation(body);
        if (resumed) {
            thinking.clear();
            answer = tokens(replyFor(resumed->first).mid(resumed->second.size()));
        } else {
            answer = tokens(aboutImages(body, hasCjk(question)) + replyFor(question));
        }
        qsizetype limit = OutputLimit;
        for (const char *key : { "max_tokens", "max_completion_tokens" }) {
            const int asked = body.value(QLatin1StringView(key)).toInt();
            if (asked > 0)
                limit = std::min<qsizetype>(limit, asked);
        }
        if (answer.size() > limit) {
            answer = answer.first(limit);
            finishReason = QStringLiteral("length");
        }
    }
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache"
                  "\r\nConnection: close\r\n\r\n");

    // Paced by a timer: a frame's worth of tokens at a time, as a fast model sends them.
    auto *timer = new QTimer(socket);
    timer->setInterval(16);
    const int perTick = std::max(1, m_rate * 16 / 1000);
    auto sent = std::make_shared<qsizetype>(0);
    connect(timer, &QTimer::timeout, socket,
        [socket, timer, thinking, answer, perTick, sent, question, finishReason] {
            QByteArray out;
            for (int n = 0; n < perTick; ++n) {
                const qsizetype i = (*sent)++;
                if (i < thinking.size()) {
                    out += chunk({ { QStringLiteral("reasoning_content"), thinking.at(i) } });
                } else if (i - thinking.size() < answer.size()) {
                    out += chunk({ { QStringLiteral("content"), answer.at(i - thinking.size()) } });
                } else {
                    out += chunk(QJsonObject(), finishReason);
                    out += sseEvent({ { QStringLiteral("id"), QStringLiteral("chatcmpl-demo") },
                        { QStringLiteral("model"), DemoServer::modelName() },
                        { QStringLiteral("choices"), QJsonArray() },
                        { QStringLiteral("usage"),
                            QJsonObject { { QStringLiteral("prompt_tokens"),
                                              int(tokens(question).size()) + 12 },
                                { QStringLiteral("completion_tokens"), int(answer.size()) },
                                { QStringLiteral("completion_tokens_details"),
                                    QJsonObject { { QStringLiteral("reasoning_tokens"),
                                        int(thinking.size()) } } } } } });
                    out += "data: [DONE]\n\n";
                    socket->write(out);
                    timer->stop();
                    socket->disconnectFromHost();
                    return;
                }
            }
            socket->write(out);
        });
    timer->start();
}

// The conversation store at library scale: builds 10,000 conversations with 1,000,000 messages
// (measuring at 100,000 on the way), then times search, the conversation list, loading a long
// conversation, single inserts and streaming writes. Figures as `name: value unit`.
//
//   ./build/bench/bench_store [DIR] [--quick]     (--quick: 100k messages only)
#include "benchsupport.h"
#include "conversationexport.h"
#include "conversationimport.h"
#include "conversationstore.h"
#include "database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using Bench::percentile;

namespace {

const char *const English[] = { "the", "server", "stream", "reply", "model", "token", "window",
    "search", "index", "conversation", "performance", "memory", "thread", "network", "parser",
    "layout", "keyboard", "settings", "provider", "history", "gateway", "latency", "cache",
    "function", "argument", "return", "value", "error", "message", "answer", "question", "python",
    "database", "table", "column", "query", "result", "update", "delete" };
const char *const Chinese[] = { "中文", "分词", "模型", "回复", "服务器", "数据库", "性能", "内存",
    "线程", "网络", "对话", "搜索", "索引", "设置", "历史", "问题", "答案", "函数", "参数", "缓存",
    "我们", "可以", "需要", "这个", "因为", "所以", "但是", "如果" };

QString paragraph(QRandomGenerator &rng, bool chinese, int length)
{
    QString out;
    while (out.size() < length) {
        if (chinese) {
            out += QString::fromUtf8(Chinese[rng.bounded(int(std::size(Chinese)))]);
            if (rng.bounded(8) == 0)
                out += QStringLiteral("，");
        } else {
            out += QLatin1StringView(English[rng.bounded(int(std::size(English)))]);
            out += rng.bounded(10) == 0 ? QStringLiteral(". ") : QStringLiteral(" ");
        }
    }
    return out;
}

QString messageText(QRandomGenerator &rng, bool assistant)
{
    const bool chinese = rng.bounded(5) == 0; // 20 % Chinese
    QString text
        = paragraph(rng, chinese, assistant ? 200 + rng.bounded(1200) : 30 + rng.bounded(200));
    if (assistant && rng.bounded(6) == 0)
        text += QStringLiteral(
            "\n\n```python\ndef handler(request):\n    return request.json()\n```\n");
    if (assistant && rng.bounded(10) == 0)
        text += QStringLiteral(
            "\n\n| name | value |\n| --- | --- |\n| latency | 42 ms |\n| tokens | 1024 |\n");
    return text;
}

void print(const char *name, double value, const char *unit)
{
    std::printf("%s: %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

// Adds `conversations` conversations of `perConversation` messages, in transactions of ~2,000.
double fill(ConversationStore &store, QRandomGenerator &rng, int conversations, int perConversation)
{
    QElapsedTimer timer;
    timer.start();
    store.beginBulk();
    int inTransaction = 0;
    for (int c = 0; c < conversations; ++c) {
        Conversation conversation;
        conversation.title = paragraph(rng, rng.bounded(5) == 0, 20).left(40);
        conversation.model = QStringLiteral("deepseek-chat");
        store.createConversation(conversation);
        qint64 parent = 0;
        for (int m = 0; m < perConversation; ++m) {
            Message message;
            message.role = m % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
            message.parentId = parent;
            message.text = messageText(rng, m % 2);
            store.addMessage(conversation.id, message);
            parent = message.id;
            if (++inTransaction >= 2000) {
                store.endBulk(true);
                store.beginBulk();
                inTransaction = 0;
            }
        }
    }
    store.endBulk(true);
    return timer.nsecsElapsed() / 1e9;
}

struct Query
{
    const char *name;
    QString text;
    ConversationStore::SearchOrder order;
    int limit;
};

void searchFigures(ConversationStore &store, const char *scale, std::vector<double> *single,
    std::vector<double> *multi, std::vector<double> *ranked)
{
    const Query queries[] = {
        { "single_en", QStringLiteral("latency"), ConversationStore::SearchOrder::Newest, 50 },
        { "single_zh", QStringLiteral("分词"), ConversationStore::SearchOrder::Newest, 50 },
        { "prefix", QStringLiteral("perf*"), ConversationStore::SearchOrder::Newest, 50 },
        { "two_terms", QStringLiteral("thread memory"), ConversationStore::SearchOrder::Newest,
            50 },
        { "ranked", QStringLiteral("database"), ConversationStore::SearchOrder::Relevance, 20 },
    };
    for (const Query &q : queries) {
        std::vector<double> times;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer t;
            t.start();
            const auto hits = store.search(q.text, q.limit, q.order);
            times.push_back(t.nsecsElapsed() / 1e6);
            if (hits.isEmpty())
                std::printf("warning: no hits for %s\n", q.name);
        }
        const double p95 = percentile(times, 0.95);
        char name[64];
        std::snprintf(name, sizeof name, "search_%s_p95_%s", q.name, scale);
        print(name, p95, "ms");
        const QByteArray n(q.name);
        (n.startsWith("single") ? single : n == "ranked" ? ranked : multi)->push_back(p95);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    QTemporaryDir temp;
    QString dir = temp.path();
    for (const QString &a : args.mid(1)) {
        if (!a.startsWith(QLatin1StringView("--")))
            dir = a;
    }
    QRandomGenerator rng(42);

    Database db(QStringLiteral("bench"));
    if (!db.open(QDir(dir).filePath(QStringLiteral("library.sqlite")))) {
        std::printf("error: %s\n", qPrintable(db.errorString()));
        return 1;
    }
    ConversationStore store(db);

    // 100k messages (1,000 conversations), measured; then on to 1M (10,000 conversations).
    double seconds = fill(store, rng, 1000, 100);
    print("insert_bulk_100k", 100000 / seconds, "messages/s");
    std::vector<double> single100k, multi100k, ranked100k;
    searchFigures(store, "100k", &single100k, &multi100k, &ranked100k);

    // Import: the 100k library exported to Confab JSON, read back into an empty database.
    {
        const QString file = QDir(dir).filePath(QStringLiteral("library.json"));
        ConversationExport exporter(
            [&store](const QByteArray &hash) { return store.loadImage(hash); });
        if (!exporter.writeLibrary(store, file))
            std::printf("error: %s\n", qPrintable(exporter.errorString()));
        Database target(QStringLiteral("import target"));
        target.open(QDir(dir).filePath(QStringLiteral("imported.sqlite")));
        ConversationStore targetStore(target);
        ConversationImport importer(target, targetStore);
        int messages = 0;
        QObject::connect(
            &importer, &ConversationImport::finished, [&messages](int, int m) { messages = m; });
        QElapsedTimer t;
        t.start();
        if (!importer.run(file))
            std::printf("error: %s\n", qPrintable(importer.errorString()));
        print("import_confab_json", messages / (t.nsecsElapsed() / 1e9), "messages/s");
    }
    if (!quick) {
        seconds = fill(store, rng, 9000, 100);
        print("insert_bulk_1m", 900000 / seconds, "messages/s");
        std::vector<double> single1m, multi1m, ranked1m;
        searchFigures(store, "1m", &single1m, &multi1m, &ranked1m);
        print("search_single_1m_vs_100k",
            *std::max_element(single1m.begin(), single1m.end())
                / *std::max_element(single100k.begin(), single100k.end()),
            "x");
    }

    // The conversation list: the first screenful (50 rows) of the library.
    {
        std::vector<double> times;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer t;
            t.start();
            const auto page = store.listConversations(0, 50);
            times.push_back(t.nsecsElapsed() / 1e6);
        }
        print(quick ? "list_first_page_1k_conversations" : "list_first_page_10k_conversations",
            percentile(times, 0.5), "ms");
    }

    // The first page of a library of 100,000 conversations (one message each), against 10,000.
    if (!quick) {
        Database big(QStringLiteral("bench 100k conversations"));
        big.open(QDir(dir).filePath(QStringLiteral("many.sqlite")));
        ConversationStore manyStore(big);
        fill(manyStore, rng, 100000, 1);
        std::vector<double> times;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer t;
            t.start();
            const auto page = manyStore.listConversations(0, 50);
            times.push_back(t.nsecsElapsed() / 1e6);
        }
        print("list_first_page_100k_conversations", percentile(times, 0.5), "ms");
    }

    // Conversations of 1,000 and 10,000 messages: loaded whole with the active path, and the
    // first screen (the last 50 messages of the path) that a window shows before the rest.
    {
        auto build = [&](int count) {
            Conversation c;
            store.createConversation(c);
            qint64 parent = 0;
            store.beginBulk();
            for (int i = 0; i < count; ++i) {
                Message m;
                m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
                m.parentId = parent;
                m.text = messageText(rng, i % 2);
                store.addMessage(c.id, m);
                parent = m.id;
            }
            store.endBulk(true);
            return c.id;
        };
        auto timeWhole = [&](qint64 id, int expected, int runs) {
            std::vector<double> times;
            for (int i = 0; i < runs; ++i) {
                QElapsedTimer t;
                t.start();
                const auto loaded = store.loadConversation(id);
                const auto path = loaded->activePath();
                times.push_back(t.nsecsElapsed() / 1e6);
                if (path.size() != expected)
                    std::printf("warning: path of %lld\n", static_cast<long long>(path.size()));
            }
            return percentile(times, 0.5);
        };
        constexpr int Screen = 50;
        auto timeScreen = [&](qint64 id) {
            std::vector<double> times;
            for (int i = 0; i < 51; ++i) {
                QElapsedTimer t;
                t.start();
                const auto loaded = store.loadTail(id, Screen);
                const auto path = loaded->activePath();
                times.push_back(t.nsecsElapsed() / 1e6);
                if (path.size() != Screen)
                    std::printf("warning: screen of %lld\n", static_cast<long long>(path.size()));
            }
            return percentile(times, 0.5);
        };
        const qint64 thousand = build(1000);
        const qint64 tenThousand = build(10000);
        print("load_conversation_1000_messages", timeWhole(thousand, 1000, 15), "ms");
        print("load_conversation_10000_messages", timeWhole(tenThousand, 10000, 5), "ms");
        const double screen1k = timeScreen(thousand);
        const double screen10k = timeScreen(tenThousand);
        print("load_first_screen_1000_messages", screen1k, "ms");
        print("load_first_screen_10000_messages", screen10k, "ms");
        print("first_screen_10000_vs_1000", screen10k / screen1k, "x");
        // The first open after the update to schema 3, when the path's end is not yet known
        // and is found by walking the path once.
        QSqlQuery forget(db.connection());
        forget.exec(QStringLiteral("UPDATE conversations SET active_leaf = NULL"));
        QElapsedTimer t;
        t.start();
        store.loadTail(tenThousand, Screen);
        print("load_first_screen_10000_messages_end_unknown", t.nsecsElapsed() / 1e6, "ms");
    }

    // One message at a time, each its own transaction, as the app adds a question.
    {
        Conversation c;
        store.createConversation(c);
        std::vector<double> times;
        qint64 parent = 0;
        for (int i = 0; i < 500; ++i) {
            Message m;
            m.parentId = parent;
            m.text = messageText(rng, i % 2);
            QElapsedTimer t;
            t.start();
            store.addMessage(c.id, m);
            times.push_back(t.nsecsElapsed() / 1e6);
            parent = m.id;
        }
        print("insert_one_message_p50", percentile(times, 0.5), "ms");
        print("insert_one_message_p95", percentile(times, 0.95), "ms");
    }

    // Streaming writes of a 100k-token reply: one write a second of ~60 tokens' text each. The
    // cost must not grow with what was already written.
    {
        Conversation c;
        store.createConversation(c);
        Message reply;
        reply.role = ChatMessage::Role::Assistant;
        reply.state = Message::State::Streaming;
        store.addMessage(c.id, reply);
        const QString delta = paragraph(rng, false, 300);
        std::vector<double> first, last;
        const int writes = 100000 / 60;
        for (int i = 0; i < writes; ++i) {
            QElapsedTimer t;
            t.start();
            store.appendStreamText(reply.id, ConversationStore::StreamField::Content, delta);
            const double ms = t.nsecsElapsed() / 1e6;
            if (i < 100)
                first.push_back(ms);
            else if (i >= writes - 100)
                last.push_back(ms);
        }
        print("stream_write_first_100_p50", percentile(first, 0.5), "ms");
        print("stream_write_last_100_p50", percentile(last, 0.5), "ms");
        QElapsedTimer t;
        t.start();
        reply.state = Message::State::Complete;
        store.finishStream(c.id, reply);
        print("stream_finish", t.nsecsElapsed() / 1e6, "ms");
    }
    return 0;
}

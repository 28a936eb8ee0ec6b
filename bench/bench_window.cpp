// The real window, measured: opening long conversations (visible tail painted), memory, and
// start-up against a bare Qt window. Run it under xvfb-run (or QT_QPA_PLATFORM=offscreen for
// everything but the start-up figures' realism):
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_window [DIR]
//
// It builds a library of 10,000 conversations plus two long ones (1,000 and 10,000 messages) in
// DIR (a temporary folder by default), then starts itself as child processes for the start-up
// figures.
#include "appstyle.h"
#include "benchsupport.h"
#include "conversationstore.h"
#include "database.h"
#include "mainwindow.h"
#include "messageview.h"
#include "providerregistry.h"
#include "secretstore.h"
#include "settings.h"
#include "storethread.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using Bench::median;

namespace {

const char *const Words[] = { "the", "server", "stream", "reply", "model", "token", "window",
    "search", "index", "杭州", "西湖", "性能", "内存", "线程", "layout", "keyboard", "provider" };

QString text(QRandomGenerator &rng, int length)
{
    QString out;
    while (out.size() < length)
        out += QString::fromUtf8(Words[rng.bounded(int(std::size(Words)))]) + QLatin1Char(' ');
    return out;
}

QString reply(QRandomGenerator &rng)
{
    QString out = QStringLiteral("## Notes\n\n") + text(rng, 300 + rng.bounded(600));
    if (rng.bounded(3) == 0)
        out += QStringLiteral("\n\n```cpp\nint main() {\n    return run(argc, argv);\n}\n```\n");
    if (rng.bounded(4) == 0)
        out += QStringLiteral("\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
    out += QStringLiteral("\n\n- one\n- two\n");
    return out;
}

qint64 longConversation(ConversationStore &store, QRandomGenerator &rng, int messages)
{
    Conversation c;
    c.title = QStringLiteral("%1 messages").arg(messages);
    c.model = QStringLiteral("bench-model");
    store.createConversation(c);
    store.beginBulk();
    qint64 parent = 0;
    for (int i = 0; i < messages; ++i) {
        Message m;
        m.role = i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
        m.parentId = parent;
        m.text = i % 2 ? reply(rng) : text(rng, 40 + rng.bounded(120));
        store.addMessage(c.id, m);
        parent = m.id;
    }
    store.endBulk(true);
    return c.id;
}

void buildLibrary(const QString &path, qint64 *thousand, qint64 *tenThousand)
{
    Database db(QStringLiteral("bench-build"));
    db.open(path);
    ConversationStore store(db);
    QRandomGenerator rng(5);
    store.beginBulk();
    for (int i = 0; i < 10000; ++i) {
        Conversation c;
        c.title = text(rng, 30).left(40);
        c.model = QStringLiteral("bench-model");
        store.createConversation(c);
        Message q;
        q.text = text(rng, 60);
        store.addMessage(c.id, q);
        Message a;
        a.role = ChatMessage::Role::Assistant;
        a.parentId = q.id;
        a.text = text(rng, 300);
        store.addMessage(c.id, a);
    }
    store.endBulk(true);
    *thousand = longConversation(store, rng, 1000);
    *tenThousand = longConversation(store, rng, 10000);
}

long rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

void print(const char *name, double value, const char *unit)
{
    std::printf("%s: %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

qint64 wallMs()
{
    timespec t {};
    clock_gettime(CLOCK_REALTIME, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

// The providers as main() makes them: those in the settings (none here), the environment's
// (left out), and one made for the run, as the demo is.
struct Providers
{
    Providers(QSettings *backing, QNetworkAccessManager *network)
        : settings(backing)
        , registry(&settings, &secrets, network)
    {
        registry.load(QProcessEnvironment());
        ProviderProfile p;
        p.id = QStringLiteral("bench");
        p.name = QStringLiteral("Bench");
        p.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        p.keySource = ProviderProfile::KeySource::None;
        p.models = { { QStringLiteral("bench-model"), {}, false, false, true } };
        p.defaultModel = QStringLiteral("bench-model");
        registry.addTransient(p);
    }
    Settings settings;
    KeychainSecretStore secrets { QStringLiteral("Confab") };
    ProviderRegistry registry;
};

// Prints the wall clock when `widget` has painted once, then quits.
class FirstPaint : public QObject
{
public:
    explicit FirstPaint(QWidget *widget) { widget->installEventFilter(this); }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            // After this paint has been flushed: the next turn of the loop.
            QTimer::singleShot(0, qApp, [] {
                std::printf("%lld\n", static_cast<long long>(wallMs()));
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return false;
    }

private:
    bool m_done = false;
};

int childStart(const QStringList &args, int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (args.contains(QStringLiteral("--bare"))) {
        QMainWindow window;
        window.resize(1100, 740);
        FirstPaint probe(&window);
        window.show();
        return app.exec();
    }
    const QString path = args.at(args.indexOf(QStringLiteral("--confab")) + 1);
    StoreThread store; // as main() does: the database opens while the window is built
    store.openInBackground(path, [](ConversationStore &s) { s.recoverInterrupted(); });
    QNetworkAccessManager network;
    QSettings settings(path + QStringLiteral(".ini"), QSettings::IniFormat);
    QApplication::setStyle(new AppStyle); // as main() does
    QApplication::setWindowIcon(AppStyle::applicationIcon());
    Providers providers(&settings, &network);
    MainWindow window(&store, &providers.registry, &settings);
    window.resize(1100, 740);
    FirstPaint probe(&window);
    window.show();
    return app.exec();
}

double startOnce(const QStringList &args)
{
    QProcess child;
    const qint64 before = wallMs();
    child.start(QCoreApplication::applicationFilePath(), args);
    child.waitForFinished(30000);
    const qint64 painted = child.readAllStandardOutput().trimmed().toLongLong();
    return double(painted - before);
}

int childMemory(const QStringList &args, int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString path = args.at(args.indexOf(QStringLiteral("--memory")) + 1);
    const qint64 thousand = args.at(args.indexOf(QStringLiteral("--memory")) + 2).toLongLong();
    StoreThread store;
    store.open(path);
    QNetworkAccessManager network;
    QSettings settings(path + QStringLiteral(".memory.ini"), QSettings::IniFormat);
    settings.clear();
    Providers providers(&settings, &network);
    auto *window = new MainWindow(&store, &providers.registry, &settings);
    window->resize(1100, 740);
    window->show();
    MessageView *view = window->messageView();
    // G6: the 1,000-message conversation scrolled end to end, a page at a time.
    window->openConversation(thousand);
    QElapsedTimer wait;
    wait.start();
    while (wait.elapsed() < 1000) // the older messages arrive from the database thread
        QCoreApplication::processEvents();
    const long atOpen = rssKb();
    QScrollBar *bar = view->verticalScrollBar();
    for (int value = bar->maximum(); value > 0; value -= bar->pageStep()) {
        bar->setValue(value);
        QCoreApplication::processEvents();
        view->viewport()->repaint();
    }
    for (int value = 0; value < bar->maximum(); value += bar->pageStep()) {
        bar->setValue(value);
        QCoreApplication::processEvents();
        view->viewport()->repaint();
    }
    const long scrolled = rssKb();
    print("rss_1000_messages_scrolled_end_to_end", scrolled / 1024.0, "MB");
    print("rss_growth_per_message_scrolled", double(scrolled - atOpen) / 1000.0, "KB");

    // 100 open/close cycles of the long conversation, against the first cycle.
    long cycleStart = 0;
    for (int i = 0; i < 100; ++i) {
        if (i == 1) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents();
            cycleStart = rssKb();
        }
        window->openConversation(thousand);
        view->viewport()->repaint();
        window->newChat();
        QCoreApplication::processEvents();
        // What the event loop does between two user actions: deferred deletes run.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const long cycleEnd = rssKb();
    print("rss_after_100_open_close_cycles_vs_first", double(cycleEnd) / double(cycleStart), "x");
    delete window;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (args.contains(QStringLiteral("--bare")) || args.contains(QStringLiteral("--confab")))
        return childStart(args, argc, argv);
    if (args.contains(QStringLiteral("--memory")))
        return childMemory(args, argc, argv);

    QApplication app(argc, argv);
    QTemporaryDir temporary;
    const QString dir = args.size() > 1 && !args.at(1).startsWith(QLatin1Char('-'))
        ? args.at(1)
        : temporary.path();
    const QString path = dir + QStringLiteral("/confab.sqlite");
    QFile::remove(path);
    qint64 thousand = 0;
    qint64 tenThousand = 0;
    buildLibrary(path, &thousand, &tenThousand);

    // G7: start to first paint, against a bare QMainWindow, alternating, 15 of each.
    {
        std::vector<double> bare;
        std::vector<double> confab;
        for (int i = 0; i < 15; ++i) {
            bare.push_back(startOnce({ QStringLiteral("--bare") }));
            confab.push_back(startOnce({ QStringLiteral("--confab"), path }));
        }
        print("start_bare_window_first_paint", median(bare), "ms");
        print("start_confab_10k_conversations_first_paint", median(confab), "ms");
        print("start_confab_vs_bare", median(confab) / median(bare), "x");
    }

    StoreThread store;
    store.open(path);
    QNetworkAccessManager network;
    QSettings settings(dir + QStringLiteral("/bench.ini"), QSettings::IniFormat);
    settings.clear();
    const long before = rssKb();
    Providers providers(&settings, &network);
    auto *window = new MainWindow(&store, &providers.registry, &settings);
    window->resize(1100, 740);
    window->show();
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 500)
        QCoreApplication::processEvents();
    print("rss_idle_10k_conversations_listed", rssKb() / 1024.0, "MB");
    Q_UNUSED(before);

    // G5: open a long conversation; its visible end painted.
    MessageView *view = window->messageView();
    auto openAndPaint = [&](qint64 id) {
        window->newChat();
        QCoreApplication::processEvents();
        QElapsedTimer t;
        t.start();
        window->openConversation(id);
        view->viewport()->repaint();
        return t.nsecsElapsed() / 1e6;
    };
    std::vector<double> open1k;
    std::vector<double> open10k;
    for (int i = 0; i < 7; ++i) {
        open1k.push_back(openAndPaint(thousand));
        open10k.push_back(openAndPaint(tenThousand));
    }
    print("open_1000_messages_tail_painted", median(open1k), "ms");
    print("open_10000_messages_tail_painted", median(open10k), "ms");
    print("open_10000_vs_1000", median(open10k) / median(open1k), "x");

    delete window;

    // G6 in a fresh process, so that what the figures above left in the heap does not count.
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(),
        { QStringLiteral("--memory"), path, QString::number(thousand) });
    child.waitForFinished(120000);
    return 0;
}

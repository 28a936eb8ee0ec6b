// The real window while a reply streams: how late a 1 ms timer fires (the event loop's
// responsiveness), the CPU the process uses above an idle run of the same length, and the time
// from the last byte to the last paint. The reply is 100,000 tokens of Markdown (paragraphs,
// lists, code, tables) streamed by DemoServer on a thread of its own at 1,000 and 3,000
// tokens/s. Run it where the window can be shown:
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_stream [tokens]
#include "benchsupport.h"
#include "chatclient.h"
#include "composer.h"
#include "conversationsession.h"
#include "demoserver.h"
#include "mainwindow.h"
#include "messageview.h"
#include "providerregistry.h"
#include "secretstore.h"
#include "settings.h"
#include "storethread.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using Bench::percentile;
using Bench::wait;

namespace {

QString longReply(int tokens)
{
    // About four characters a token, as DemoServer cuts them.
    QString text;
    for (int part = 1; text.size() < tokens * 4; ++part) {
        text += QStringLiteral("## Part %1\n\nThe model streams a reply with **bold** words, "
                               "`inline code`, 杭州的西湖 and a [link](https://example.org). "
                               "It goes on for a while so that the paragraph wraps over several "
                               "lines in the window.\n\n- first point\n- second point\n\n")
                    .arg(part);
        if (part % 3 == 0)
            text += QStringLiteral("```cpp\nint main(int argc, char *argv[])\n{\n    return "
                                   "run(argc, argv);\n}\n```\n\n");
        if (part % 5 == 0)
            text += QStringLiteral("| name | value |\n|---|--:|\n| latency | 42 ms |\n"
                                   "| tokens | 1024 |\n\n");
    }
    return text;
}

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Lateness of a 1 ms precise timer, in ms, sample by sample.
class Lateness : public QObject
{
public:
    Lateness()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0 && m_recording)
                m_samples.push_back(std::max(0.0, double(now - m_last) / 1e6 - 1.0));
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void record(bool on) { m_recording = on; }
    std::vector<double> take() { return std::exchange(m_samples, {}); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    bool m_recording = false;
    std::vector<double> m_samples;
};

void print(const char *name, double value, const char *unit)
{
    std::printf("%s: %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int tokens = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 100000;

    // The server on a thread of its own, so that its work is not counted as the window's.
    QThread serverThread;
    serverThread.start();
    auto *server = new DemoServer;
    server->setFixedReply(longReply(tokens));
    server->moveToThread(&serverThread);
    QUrl base;
    QMetaObject::invokeMethod(
        server,
        [server, &base] {
            server->listen();
            base = server->baseUrl();
        },
        Qt::BlockingQueuedConnection);

    QTemporaryDir dir;
    StoreThread store;
    store.open(dir.filePath(QStringLiteral("confab.sqlite")));
    QNetworkAccessManager network;
    QSettings settings(dir.filePath(QStringLiteral("confab.ini")), QSettings::IniFormat);
    Settings prefs(&settings);
    MemorySecretStore secrets;
    ProviderRegistry providers(&prefs, &secrets, &network);
    ProviderProfile demo;
    demo.id = QStringLiteral("demo");
    demo.name = QStringLiteral("Demo");
    demo.baseUrl = base.toString();
    demo.keySource = ProviderProfile::KeySource::None;
    demo.proxy = ProxyConfig::none();
    demo.defaultModel = DemoServer::modelName();
    providers.addTransient(demo);
    MainWindow window(&store, &providers, &settings);
    window.resize(1100, 800);
    window.show();
    wait(1000);

    Lateness lateness;
    // Idle: the same window, nothing streaming.
    const double idleSeconds = 5;
    double cpu = cpuSeconds();
    lateness.record(true);
    wait(int(idleSeconds * 1000));
    lateness.record(false);
    const double idleCpu = (cpuSeconds() - cpu) / idleSeconds;
    const std::vector<double> idle = lateness.take();
    print("idle_timer_lateness_p99", percentile(idle, 0.99), "ms");
    print("idle_timer_lateness_max", percentile(idle, 1.0), "ms");
    print("idle_cpu", idleCpu, "cores");

    int lastPaints = 0;
    QElapsedTimer sincePaint;
    struct PaintWatch : QObject
    {
        int *count;
        QElapsedTimer *clock;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint) {
                ++*count;
                clock->restart();
            }
            return false;
        }
    } watch;
    watch.count = &lastPaints;
    watch.clock = &sincePaint;
    window.messageView()->viewport()->installEventFilter(&watch);

    for (int rate : { 1000, 3000 }) {
        QMetaObject::invokeMethod(
            server, [server, rate] { server->setTokensPerSecond(rate); },
            Qt::BlockingQueuedConnection);
        window.newChat();
        ConversationSession *session = window.currentSession();
        session->send(QStringLiteral("Write something long"));
        QElapsedTimer wall;
        wall.start();
        // The first second is left out: connecting, the first layout.
        wait(1000);
        cpu = cpuSeconds();
        const qint64 from = wall.elapsed();
        lateness.record(true);
        qint64 lastByte = 0;
        QObject::connect(
            session, &ConversationSession::streamingChanged, &app, [&](bool streaming) {
                if (!streaming)
                    lastByte = wall.elapsed();
            });
        if (session->isStreaming()) {
            QEventLoop loop;
            QObject::connect(
                session, &ConversationSession::streamingChanged, &loop, [&loop](bool streaming) {
                    if (!streaming)
                        loop.quit();
                });
            loop.exec();
        }
        lateness.record(false);
        const double seconds = double(wall.elapsed() - from) / 1000.0;
        const double used = (cpuSeconds() - cpu) / seconds;
        // Until the view has painted the end and stays quiet.
        sincePaint.restart();
        const int paintsBefore = lastPaints;
        while (sincePaint.elapsed() < 200)
            wait(20);
        const double lastPaint
            = lastPaints > paintsBefore ? double(wall.elapsed() - 200 - lastByte) : 0.0;
        const std::vector<double> samples = lateness.take();
        auto name = [rate](const char *what) -> QByteArray {
            return QByteArray("stream_") + QByteArray::number(rate) + QByteArray("_tps_")
                + QByteArray(what);
        };
        print(name("timer_lateness_p99").constData(), percentile(samples, 0.99), "ms");
        print(name("timer_lateness_max").constData(), percentile(samples, 1.0), "ms");
        print(name("cpu_above_idle").constData(), used - idleCpu, "cores");
        print(name("last_byte_to_last_paint").constData(), std::max(0.0, lastPaint), "ms");
        print(name("seconds").constData(), seconds, "s");
        print(name("following_bottom").constData(), window.messageView()->isFollowing(), "");
    }

    QMetaObject::invokeMethod(server, &QObject::deleteLater);
    serverThread.quit();
    serverThread.wait();
    return 0;
}

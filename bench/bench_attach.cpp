// Attaching a 12-megapixel photo, as JPEG and as PNG, to the real window's composer: how long the
// GUI thread is blocked in total (a 1 ms timer's lateness, counting each tick at least 1 ms late),
// when the thumbnail shows, when the payload is ready and how large it is. Then four photos at
// once: how many full-resolution decodes were ever alive together. Each figure is the median
// of several attachments. Run it where the window can be shown:
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_attach [runs]
#include "attachmentlist.h"
#include "benchsupport.h"
#include "imageencoder.h"
#include "mainwindow.h"
#include "providerregistry.h"
#include "secretstore.h"
#include "settings.h"
#include "storethread.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImageWriter>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using Bench::median;
using Bench::wait;

namespace {

// A photo's worth of detail: gradients under sensor noise (up to `noise` levels), 4000 × 3000.
QImage photo(int noise)
{
    QImage image(4000, 3000, QImage::Format_RGB32);
    QRandomGenerator random(11);
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int n = int(random.bounded(quint32(noise)));
            line[x] = qRgb((x / 16 + n) & 255, (y / 12 + n) & 255, ((x + y) / 28 + n) & 255);
        }
    }
    return image;
}

// How much of the GUI thread's time something else took: the excess of every tick of a 1 ms
// timer that came at least 1 ms late.
class BlockedTime : public QObject
{
public:
    BlockedTime()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double late = double(now - m_last) / 1e6 - 1.0;
            if (m_last > 0 && late >= 1.0) {
                m_total += late;
                m_longest = std::max(m_longest, late);
            }
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset()
    {
        m_total = m_longest = 0;
        m_last = 0;
    }
    double total() const { return m_total; }
    double longest() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_total = 0;
    double m_longest = 0;
};

double maximum(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

void print(const QByteArray &name, double value, const char *unit)
{
    std::printf("%s: %.1f %s\n", name.constData(), value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 7;

    QTemporaryDir dir;
    const QImage source = photo(24);
    const QString jpeg = dir.filePath(QStringLiteral("photo.jpg"));
    const QString png = dir.filePath(QStringLiteral("photo.png"));
    const QString mildPng = dir.filePath(QStringLiteral("mild.png"));
    QImageWriter(jpeg, "jpeg").write(source); // quality 75, as a phone writes about
    // The noisy photo is a worst case for PNG; a render or a cleaner photo is more like the other.
    QImageWriter(png, "png").write(source);
    QImageWriter(mildPng, "png").write(photo(6));
    print("jpeg_file", double(QFile(jpeg).size()) / 1e6, "MB");
    print("png_file", double(QFile(png).size()) / 1e6, "MB");
    print("png_mild_file", double(QFile(mildPng).size()) / 1e6, "MB");

    StoreThread store;
    store.open(dir.filePath(QStringLiteral("confab.sqlite")));
    QNetworkAccessManager network;
    QSettings settings(dir.filePath(QStringLiteral("confab.ini")), QSettings::IniFormat);
    Settings prefs(&settings);
    MemorySecretStore secrets;
    ProviderRegistry providers(&prefs, &secrets, &network);
    MainWindow window(&store, &providers, &settings);
    window.resize(1100, 800);
    window.show();
    wait(1000);
    AttachmentList *list = window.attachments();

    BlockedTime blocked;
    // The same probe with nothing to do, for as long as an attachment takes: what the machine
    // alone (the scheduler, the X server) costs the GUI thread.
    std::vector<double> idleMs;
    for (int run = 0; run < runs; ++run) {
        blocked.reset();
        wait(250);
        idleMs.push_back(blocked.total());
    }
    print("idle_gui_blocked_total_median", median(idleMs), "ms");
    print("idle_gui_blocked_total_max", maximum(idleMs), "ms");
    for (const auto &[name, path] :
        { std::pair { QByteArray("jpeg"), jpeg }, { "png", png }, { "png_mild", mildPng } }) {
        std::vector<double> blockedMs, longestMs, thumbnailMs, readyMs, payloadKb;
        ImageEncoder::releaseDecodeBuffer(); // each kind's first attachment starts afresh
        for (int run = 0; run < runs; ++run) {
            list->clear();
            wait(300);
            QElapsedTimer clock;
            double thumbnail = -1;
            double ready = -1;
            QMetaObject::Connection changed
                = QObject::connect(list, &AttachmentList::itemChanged, [&](int id) {
                      if (thumbnail < 0 && !list->item(id)->thumbnail.isNull())
                          thumbnail = double(clock.nsecsElapsed()) / 1e6;
                  });
            QMetaObject::Connection done = QObject::connect(list, &AttachmentList::itemReady,
                [&](int) { ready = double(clock.nsecsElapsed()) / 1e6; });
            blocked.reset();
            clock.start();
            const int id = list->addFile(path);
            while (ready < 0 && clock.elapsed() < 10000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            wait(50); // the strip's repaint and the store's write
            QObject::disconnect(changed);
            QObject::disconnect(done);
            blockedMs.push_back(blocked.total());
            longestMs.push_back(blocked.longest());
            thumbnailMs.push_back(thumbnail);
            readyMs.push_back(ready);
            payloadKb.push_back(double(list->item(id)->bytes.size()) / 1000.0);
        }
        print(name + "_gui_blocked_total_median", median(blockedMs), "ms");
        print(name + "_gui_blocked_total_max", maximum(blockedMs), "ms");
        print(name + "_gui_longest_block_max", maximum(longestMs), "ms");
        print(name + "_thumbnail_median", median(thumbnailMs), "ms");
        print(name + "_thumbnail_max", maximum(thumbnailMs), "ms");
        // The first pays for fresh decode memory; the next reuse it (ImageEncoder).
        print(name + "_payload_ready_first", readyMs.front(), "ms");
        print(name + "_payload_ready_median", median(readyMs), "ms");
        print(name + "_payload_ready_max", maximum(readyMs), "ms");
        print(name + "_payload_size_max", maximum(payloadKb), "KB");
    }

    // A drop of four photos: they queue for the one full-size decode allowed at a time.
    list->clear();
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 4; ++i)
        list->addFile(i % 2 ? png : jpeg);
    while (list->isBusy() && clock.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    print("four_photos_all_ready", double(clock.elapsed()), "ms");
    print("full_decodes_alive_max", ImageEncoder::peakConcurrentDecodes(), "decodes");
    return 0;
}

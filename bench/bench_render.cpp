// The cost of rendering a streaming reply (StreamingMarkdown into laid-out QTextDocuments):
// appending 500 tokens, one frame's worth (17 tokens) at a time, to replies of 1k, 50k and 100k
// tokens. Flat means the work follows what arrived, not the length of the reply. Three shapes:
// mixed Markdown (paragraphs, lists, code, tables, Chinese), a reply that is one long code
// block, and a reply that ends in a table growing row by row.
//
//   ./build/bench/bench_render                   wall time, median of 7
//   ./build/bench/bench_render --only SHAPE TOKENS
//        one measured region, for callgrind (see bench/render_instructions.sh)
#include "streamingmarkdown.h"

#include <QAbstractTextDocumentLayout>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QTextDocument>

#include <algorithm>
#include <cstdio>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

namespace {

constexpr int Repetitions = 7;
constexpr int MeasuredTokens = 500;
constexpr int TokensPerFrame = 17; // 1,000 tokens/s at 60 frames/s

// A reply as a list of tokens, so that "N tokens" means what a model sends.
class Reply
{
public:
    enum class Shape { Mixed, Code, Table };

    Reply(Shape shape, int tokens)
    {
        QRandomGenerator rng(7);
        static const QStringList words = { u"the"_qs, u" model"_qs, u" streams"_qs, u" a"_qs,
            u" reply"_qs, u" with"_qs, u" **bold**"_qs, u" `code`"_qs, u" 杭州"_qs, u"的"_qs,
            u"西湖"_qs, u"，"_qs, u" and"_qs, u" [link](https://example.org)"_qs, u"。"_qs };
        auto paragraph = [&] {
            const int n = 40 + int(rng.bounded(80));
            for (int i = 0; i < n; ++i)
                m_tokens << words.at(int(rng.bounded(words.size())));
            m_tokens << u"\n\n"_qs;
        };
        auto codeLine = [&](int i) {
            m_tokens << QStringLiteral("    int value%1").arg(i) << u" ="_qs
                     << QStringLiteral(" compute(%1").arg(i) << u", items"_qs << u"[i]);"_qs
                     << u" // step"_qs << u"\n"_qs;
        };
        auto tableRow = [&](int i) {
            m_tokens << u"| "_qs << QStringLiteral("row %1").arg(i) << u" | "_qs << u"¥75"_qs
                     << u" | "_qs << u"**open**"_qs << u" |\n"_qs;
        };
        auto section = [&](int kind) {
            switch (kind % 6) {
            case 2:
                m_tokens << u"- first item"_qs << u" with words\n"_qs << u"- second"_qs
                         << u" item\n\n"_qs;
                break;
            case 4:
                m_tokens << u"```python\n"_qs;
                for (int i = 0; i < 12; ++i)
                    codeLine(i);
                m_tokens << u"```\n\n"_qs;
                break;
            case 5:
                m_tokens << u"| a | b | c |\n"_qs << u"|---|:-:|--:|\n"_qs;
                for (int i = 0; i < 6; ++i)
                    tableRow(i);
                m_tokens << u"\n"_qs;
                break;
            default:
                paragraph();
            }
        };
        if (shape == Shape::Code) {
            m_tokens << u"```cpp\n"_qs;
            for (int i = 0; m_tokens.size() < tokens + MeasuredTokens; ++i)
                codeLine(i);
            return;
        }
        for (int kind = 0; m_tokens.size() < tokens; ++kind)
            section(kind);
        if (shape == Shape::Table) {
            m_tokens << u"| a | b | c |\n"_qs << u"|---|:-:|--:|\n"_qs;
            for (int i = 0; i < 50; ++i)
                tableRow(i);
        }
        // What is measured is the same for every length: the same generator, from the start.
        m_start = int(m_tokens.size());
        rng.seed(11);
        if (shape == Shape::Table) {
            for (int i = 50; m_tokens.size() < m_start + MeasuredTokens; ++i)
                tableRow(i);
        } else {
            for (int kind = 0; m_tokens.size() < m_start + MeasuredTokens; ++kind)
                section(kind);
        }
    }

    // Where the measured tokens start: after the first `tokens`, at a block's end.
    int start(int tokens) const { return m_start > 0 ? m_start : tokens; }
    QString text(int tokens) const
    {
        QString out;
        for (int i = 0; i < tokens && i < m_tokens.size(); ++i)
            out += m_tokens.at(i);
        return out;
    }

private:
    QStringList m_tokens;
    int m_start = 0;
};

// One measured region: the reply up to `tokens` is in the document and laid out; then 500
// tokens arrive, a frame at a time, each frame laid out as a view would.
double appendRegion(Reply::Shape shape, int tokens, bool instrument)
{
    const Reply reply(shape, tokens);
    const int start = reply.start(tokens);
    StreamingMarkdown renderer([](QTextDocument &segment) { segment.setTextWidth(760); });
    renderer.setText(reply.text(start), false);
    for (int i = 0; i < renderer.segmentCount(); ++i)
        renderer.segment(i)->documentLayout()->documentSize();

    std::vector<QString> frames; // what arrives between two frames
    QString before = reply.text(start);
    for (int t = start + TokensPerFrame; t <= start + MeasuredTokens; t += TokensPerFrame) {
        const QString now = reply.text(t);
        frames.push_back(now.mid(before.size()));
        before = now;
    }

    QElapsedTimer timer;
    if (instrument)
        CALLGRIND_START_INSTRUMENTATION;
    timer.start();
    for (const QString &frame : frames) {
        const int before = renderer.segmentCount();
        renderer.append(frame);
        // The layout a paint at the end would need: the segment that grew, and any new one.
        for (int i = before - 1; i < renderer.segmentCount(); ++i)
            renderer.segment(i)->documentLayout()->documentSize();
    }
    const double ms = timer.nsecsElapsed() / 1e6;
    if (instrument)
        CALLGRIND_STOP_INSTRUMENTATION;
    return ms;
}

const char *shapeName(Reply::Shape shape)
{
    switch (shape) {
    case Reply::Shape::Mixed:
        return "mixed";
    case Reply::Shape::Code:
        return "code";
    case Reply::Shape::Table:
        return "table";
    }
    return "";
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int only = int(args.indexOf(u"--only"_qs));
    if (only > 0 && only + 2 < args.size()) {
        const QString shape = args.at(only + 1);
        const Reply::Shape s = shape == u"code"_qs ? Reply::Shape::Code
            : shape == u"table"_qs                 ? Reply::Shape::Table
                                                   : Reply::Shape::Mixed;
        appendRegion(s, args.at(only + 2).toInt(), true);
        return 0;
    }
    for (Reply::Shape shape : { Reply::Shape::Mixed, Reply::Shape::Code, Reply::Shape::Table }) {
        double first = 0;
        for (int tokens : { 1000, 50000, 100000 }) {
            std::vector<double> times;
            for (int i = 0; i < Repetitions; ++i)
                times.push_back(appendRegion(shape, tokens, false));
            std::sort(times.begin(), times.end());
            const double median = times[times.size() / 2];
            if (tokens == 1000)
                first = median;
            std::printf(
                "append_500_tokens_%s_at_%dk: %.2f ms\n", shapeName(shape), tokens / 1000, median);
            if (tokens == 100000)
                std::printf(
                    "append_500_tokens_%s_100k_vs_1k: %.2f x\n", shapeName(shape), median / first);
            std::fflush(stdout);
        }
    }
    return 0;
}

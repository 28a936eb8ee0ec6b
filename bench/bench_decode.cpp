// Decode throughput of the streaming path: SseParser framing plus StreamDecoder delta decoding,
// over a generated stream of 200,000 chunks shaped like real replies (Chinese and ASCII deltas,
// reasoning, a tool call, a usage chunk, [DONE]).
//
//   ./build/bench/bench_decode [chunks] [--profile]
// --profile decodes once in 16 KB pieces and prints nothing else: for callgrind.
#include "benchsupport.h"
#include "sseparser.h"
#include "streamdecoder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using Bench::median;

namespace {

constexpr int Repetitions = 7;

QByteArray chunk(const QByteArray &delta)
{
    return QByteArrayLiteral("data: "
                             "{\"id\":\"chatcmpl-9bench\",\"object\":\"chat.completion.chunk\","
                             "\"created\":1727346168,"
                             "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_"
                             "5050236cbd\",\"choices\":[{\"index\":0,\"delta\":")
        + delta + QByteArrayLiteral(",\"logprobs\":null,\"finish_reason\":null}]}\n\n");
}

QByteArray generateStream(int chunks)
{
    static const char *const chinese[]
        = { "你好", "，世界", "。这是", "一个", "流式", "回复", "的测试", "😀", "数据", "！" };
    static const char *const english[] = { "Hello", " world", ",", " this", " is", " a",
        " \\\"quoted\\\"", " token", "\\n\\n", " stream" };
    QByteArray out;
    out.reserve(qsizetype(chunks) * 260);
    const int reasoning = chunks / 5;
    const int toolStart = chunks - chunks / 50;
    for (int i = 0; i < chunks - 2; ++i) {
        if (i < reasoning) {
            out += chunk(QByteArrayLiteral("{\"content\":null,\"reasoning_content\":\"")
                + english[i % 10] + "\"}");
        } else if (i < toolStart) {
            const char *piece = (i % 3 == 0) ? english[i % 10] : chinese[i % 10];
            out += chunk(QByteArrayLiteral("{\"content\":\"") + piece + "\"}");
        } else if (i == toolStart) {
            out += chunk(QByteArrayLiteral(
                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}"));
        } else {
            out += chunk(QByteArrayLiteral(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}"));
        }
    }
    out += QByteArrayLiteral(
        "data: {\"id\":\"chatcmpl-9bench\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
        "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":200000,\"total_tokens\":200014}}"
        "\n\n");
    out += QByteArrayLiteral("data: [DONE]\n\n");
    return out;
}

struct Run
{
    double seconds = 0;
    qint64 events = 0;
    qsizetype contentSize = 0;
};

// Feeds `stream` in pieces of `piece` bytes through the parser and, unless framingOnly, the
// decoder.
Run run(const QByteArray &stream, qsizetype piece, bool framingOnly, bool fastPath = true)
{
    SseParser parser;
    StreamDecoder decoder;
    decoder.setFastPathEnabled(fastPath);
    Run r;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype pos = 0; pos < stream.size(); pos += piece) {
        parser.feed(QByteArrayView(stream).sliced(pos, std::min(piece, stream.size() - pos)));
        SseParser::Event event;
        while (parser.next(event)) {
            ++r.events;
            if (!framingOnly)
                decoder.decodeEvent(event.type, event.data);
        }
    }
    decoder.finish();
    r.seconds = timer.nsecsElapsed() / 1e9;
    if (!decoder.result().choices.isEmpty())
        r.contentSize = decoder.result().choices.first().content.size();
    return r;
}

double medianSeconds(const QByteArray &stream, qsizetype piece, bool framingOnly,
    qint64 *events = nullptr, bool fastPath = true)
{
    std::vector<double> times;
    for (int i = 0; i < Repetitions; ++i) {
        const Run r = run(stream, piece, framingOnly, fastPath);
        times.push_back(r.seconds);
        if (events)
            *events = r.events;
    }
    return median(times);
}

void print(const char *name, double value, const char *unit)
{
    std::printf("%s: %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int chunks = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200000;
    const QByteArray stream = generateStream(chunks);
    if (argc > 2 && qstrcmp(argv[2], "--profile") == 0) {
        const Run r = run(stream, 16 * 1024, false);
        std::printf("content: %lld chars\n", static_cast<long long>(r.contentSize));
        return 0;
    }
    const double mb = stream.size() / 1e6;
    std::printf("stream_size: %.1f MB\n", mb);
    std::printf("stream_chunks: %d chunks\n", chunks);

    qint64 events = 0;
    const double framing16k = medianSeconds(stream, 16 * 1024, true, &events);
    print("framing_16k", mb / framing16k, "MB/s");
    const double decode16k = medianSeconds(stream, 16 * 1024, false);
    print("decode_16k", mb / decode16k, "MB/s");
    print("decode_16k_events", events / decode16k / 1e6, "M events/s");
    // Every chunk through simdjson (SimdChunkReader), the general path, for comparison.
    const double general16k = medianSeconds(stream, 16 * 1024, false, nullptr, false);
    print("decode_16k_general_path", mb / general16k, "MB/s");
    const double decode1400 = medianSeconds(stream, 1400, false);
    print("decode_1400b", mb / decode1400, "MB/s");
    const double decode1 = medianSeconds(stream, 1, false);
    print("decode_1b", mb / decode1, "MB/s");
    print("cost_1b_vs_16k", decode1 / decode16k, "x");

    // One 4 MB data: line (a base64 image in a chunk), whole and in 1 KB pieces.
    QByteArray big
        = QByteArrayLiteral("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
    big += QByteArray(4 * 1024 * 1024, 'A');
    big += QByteArrayLiteral("\"}}]}\n\ndata: [DONE]\n\n");
    const double bigWhole = medianSeconds(big, big.size(), false);
    const double big1k = medianSeconds(big, 1024, false);
    print("line_4mb_whole", big.size() / 1e6 / bigWhole, "MB/s");
    print("line_4mb_1k", big.size() / 1e6 / big1k, "MB/s");
    print("cost_4mb_1k_vs_whole", big1k / bigWhole, "x");
    return 0;
}

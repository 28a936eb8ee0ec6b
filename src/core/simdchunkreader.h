#pragma once

#include "chunkview.h"

#include <QByteArrayView>

#include <memory>
#include <string_view>
#include <vector>

// The URL of one entry of a choice's "images" array (delta.images streamed, message.images
// not), as gateways send what image models make. Beside the ChunkView rather than in it: only
// this reader reads images; FastChunkScanner leaves every chunk that has some to it.
struct ImageUrlView
{
    size_t choice = 0; // the position in ChunkView::choices
    std::string_view url; // unescaped; valid until the next read
};

// The general reader of chunks and completions, on simdjson's On-Demand API: every shape Confab
// understands (content parts, tool calls, refusals, images, usage, errors, whole completions).
class SimdChunkReader
{
public:
    SimdChunkReader();
    ~SimdChunkReader();
    Q_DISABLE_COPY_MOVE(SimdChunkReader)

    // False when `json` is not a well-formed JSON object.
    bool read(QByteArrayView json, ChunkView &out);
    // The images of the chunk last read, in the order they came.
    const std::vector<ImageUrlView> &images() const;

private:
    bool readAs(QByteArrayView json, ChunkView &out);

    struct Private;
    std::unique_ptr<Private> d;
};

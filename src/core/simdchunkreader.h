#pragma once

#include "chunkview.h"

#include <QByteArrayView>

#include <memory>

// The general reader of chunks and completions, on simdjson's On-Demand API: every shape Confab
// understands (content parts, tool calls, refusals, usage, errors, whole completions).
class SimdChunkReader
{
public:
    SimdChunkReader();
    ~SimdChunkReader();
    Q_DISABLE_COPY_MOVE(SimdChunkReader)

    // False when `json` is not a well-formed JSON object.
    bool read(QByteArrayView json, ChunkView &out);

private:
    bool readAs(QByteArrayView json, ChunkView &out);

    struct Private;
    std::unique_ptr<Private> d;
};

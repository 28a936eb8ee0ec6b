#pragma once

#include "chunkview.h"

#include <QByteArrayView>

#include <string>

// The hot path of streaming: reads the chunk shape nearly every server sends for text deltas
// (choices[].delta.content / reasoning_content / reasoning, finish_reason, model, id) in one
// pass, with no allocation once warm. Anything else (tool calls, refusals, content parts, images,
// usage objects, errors, unusual escapes, malformed JSON) makes scan() return false, and the
// caller reads the chunk with SimdChunkReader instead.
//
// Within one stream, consecutive chunks differ only in their text: the scanner remembers the
// bytes around the text of the last plain text chunk and, when the next chunk has the same bytes
// around its text, reads only the text.
class FastChunkScanner
{
public:
    enum class Field { Content, Reasoning };

    bool scan(QByteArrayView json, ChunkView &out);

private:
    bool matchesShape(QByteArrayView json, ChunkView &out);

    std::string m_prefix; // up to and including the opening quote of the text
    std::string m_suffix; // from the closing quote on
    Field m_field = Field::Content;
    int64_t m_index = 0;
};

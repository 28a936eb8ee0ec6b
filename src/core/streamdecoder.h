#pragma once

#include "apierror.h"
#include "chatresult.h"

#include <QByteArrayView>
#include <QList>

#include <memory>

// Turns the JSON of a chat completion, one streamed chunk at a time or a whole non-streamed
// body, into a ChatResult. Text chunks take FastChunkScanner; every other shape is read with
// simdjson (SimdChunkReader); error bodies go through QJsonDocument in ApiError. Images sent
// beside the text are decoded from their data: URLs as they come (GeneratedImage).
class StreamDecoder
{
public:
    enum class Outcome { Continue, Done, Failed };

    StreamDecoder();
    ~StreamDecoder();
    StreamDecoder(StreamDecoder &&) noexcept;
    StreamDecoder &operator=(StreamDecoder &&) noexcept;
    Q_DISABLE_COPY(StreamDecoder)

    // One Server-Sent Event. Done after data: [DONE]; Failed after an error event or a chunk that
    // is not valid JSON (the text decoded so far stays in result()).
    Outcome decodeEvent(QByteArrayView type, QByteArrayView data);
    // A whole non-streamed response body (also what a server that ignores stream:true sends).
    Outcome decodeCompletion(QByteArrayView body);
    // End of input: releases text held back while deciding on a <think> tag.
    void finish();

    // Whether a leading <think>...</think> in content is moved to reasoning (default on).
    void setSplitThinkTags(bool split) { m_splitThink = split; }
    // Whether common text chunks take FastChunkScanner (default on); off, every chunk is read by
    // SimdChunkReader. For tests that compare the two.
    void setFastPathEnabled(bool enabled) { m_fastPath = enabled; }

    const ChatResult &result() const { return m_result; }
    ChatResult takeResult() { return std::move(m_result); }
    const ApiError &error() const { return m_error; }
    // Every choice seen has its finish reason: a stream may end here without [DONE].
    bool allChoicesFinished() const;

    // What changed since the last call, for replies that emit notifications.
    QList<int> takeToolCallChanges();
    QList<int> takeImageChanges(); // choices that gained an image
    bool takeUsageChanged();

private:
    struct Parser;
    enum class Shape { Chunk, Completion };
    Outcome decodeObject(QByteArrayView json, Shape shape);
    void apply(Shape shape);
    void applyImages();

    std::unique_ptr<Parser> d;
    ChatResult m_result;
    ApiError m_error;
    QList<int> m_toolCallChanges;
    QList<int> m_imageChanges;
    bool m_usageChanged = false;
    bool m_splitThink = true;
    bool m_fastPath = true;
};

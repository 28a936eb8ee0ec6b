#pragma once

#include "bytebuffer.h"

#include <QByteArrayView>

#include <string>

// An incremental Server-Sent Events parser following the WHATWG event-stream interpretation.
//
// Bytes are fed as they arrive; each byte is examined once (a partial line is carried over, never
// rescanned). Usage:
//
//     parser.feed(bytes);                // `bytes` must stay alive until next() returns false
//     SseParser::Event ev;
//     while (parser.next(ev)) { ... }    // views in `ev` stay valid until the following next()
// At the end of the stream nothing needs flushing: an unterminated last event is dropped, as the
// specification says.
//
// A pure value type: no network, no QObject, no allocation per event once buffers are warm. One
// extension: a line "error: ..." (llama.cpp's server) is read as an event of type "error".
class SseParser
{
public:
    struct Event
    {
        QByteArrayView type; // "message" unless an event: field said otherwise
        QByteArrayView data;
        QByteArrayView id; // the last event ID, as the spec keeps it across events
    };

    static constexpr qsizetype DefaultMaxLineLength = qsizetype(16) * 1024 * 1024;

    explicit SseParser(qsizetype maxLineLength = DefaultMaxLineLength);

    void feed(QByteArrayView bytes);
    bool next(Event &event);

    // A line (or the data of one event) exceeded the limit; the parser stops producing events.
    bool hasError() const { return m_overflow; }
    qsizetype maxLineLength() const { return m_maxLineLength; }

    // The reconnection time from the last valid retry: field, or -1.
    qint64 retry() const { return m_retry; }
    // True once any byte other than a BOM was seen.
    bool hasSeenBytes() const { return m_seenBytes; }
    // Bytes of an unfinished line held back for the next feed().
    qsizetype pendingBytes() const { return m_line.size() + (m_dataLineOpen ? m_data.size() : 0); }

    void reset();

private:
    enum class LineResult { Nothing, Dispatch };
    LineResult processLine(const char *line, qsizetype length);
    qsizetype findLineEnd();
    void consumeTerminator(qsizetype end);
    void carryTail();
    void beginDataValue();
    bool appendData(const char *value, qsizetype length);
    bool appendToData(const char *bytes, qsizetype length);

    QByteArrayView m_input;
    qsizetype m_pos = 0;
    // Positions of the next CR and LF in m_input, cached so each byte is searched once per feed;
    // NotSearched until first needed.
    static constexpr qsizetype NotSearched = -2;
    qsizetype m_nextCr = NotSearched;
    qsizetype m_nextLf = NotSearched;

    ByteBuffer m_line; // the unfinished line carried across feed() calls
    ByteBuffer m_data;
    std::string m_type;
    std::string m_id;
    std::string m_dispatchType;
    qint64 m_retry = -1;
    qsizetype m_maxLineLength;
    int m_bomState = 0; // bytes of a leading UTF-8 BOM matched so far; 3 = decided
    bool m_hasData = false;
    bool m_skipLf = false; // the previous line ended with CR: a following LF belongs to it
    // A data: line longer than one feed is appended to m_data as it arrives, not carried in
    // m_line and copied at its end: a multi-megabyte line (a base64 image) is copied once.
    bool m_dataLineOpen = false;
    bool m_overflow = false;
    bool m_seenBytes = false;
};

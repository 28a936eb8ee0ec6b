#pragma once

#include <QString>

// Moves a leading <think>...</think> section of streamed content to the reasoning text, as
// DeepSeek-R1 distills, QwQ and many local servers send it. Tags split across deltas are held
// back until they can be decided.
class ThinkSplitter
{
public:
    // Splits one content delta; appends to `content` and `reasoning`.
    void feed(const QString &delta, QString &content, QString &reasoning);
    // End of stream: whatever was held back goes where it belongs.
    void finish(QString &content, QString &reasoning);
    // Whether `utf8`, the next content delta, can bypass the splitter: true once past the think
    // section, or when the very first text cannot open a <think> tag (decided without copying,
    // which matters for a multi-megabyte first chunk).
    bool passesThrough(const char *utf8, qsizetype length);

private:
    enum class State { Start, Inside, AfterClose, Outside };
    State m_state = State::Start;
    QString m_pending;
};

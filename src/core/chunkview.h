#pragma once

// What one JSON chunk (or one non-streamed completion) carries, as read by either reader:
// FastChunkScanner for the common shape, SimdChunkReader for everything. Views point into the
// JSON being read and are valid only until the next read.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct ToolCallView
{
    int64_t index = -1;
    std::string_view id, type, name, arguments;
    bool hasArguments = false;
};

struct ChoiceView
{
    int64_t index = 0;
    std::string content; // unescaped UTF-8; content may come as a string or as parts
    std::string reasoning;
    std::string_view refusal;
    std::string_view finishReason;
    std::vector<ToolCallView> toolCalls;

    // Reused from chunk to chunk so that decoding allocates nothing once warm.
    void reset(int64_t defaultIndex)
    {
        index = defaultIndex;
        content.clear();
        reasoning.clear();
        refusal = {};
        finishReason = {};
        toolCalls.clear();
    }
};

struct ChunkView
{
    std::vector<ChoiceView> choices; // only the first choiceCount are in use
    size_t choiceCount = 0;
    std::string_view model, id, systemFingerprint;
    std::string_view usage; // the raw usage object; empty when absent or null
    bool hasError = false; // an "error" member: decoded on the general path
    bool hasChoices = false; // a "choices" member, even an empty one

    void reset()
    {
        choiceCount = 0;
        model = id = systemFingerprint = usage = {};
        hasError = false;
        hasChoices = false;
    }
    ChoiceView &addChoice()
    {
        if (choiceCount == choices.size())
            choices.emplace_back();
        ChoiceView &c = choices[choiceCount];
        c.reset(int64_t(choiceCount)); // the position, until the choice says otherwise
        ++choiceCount;
        return c;
    }
};

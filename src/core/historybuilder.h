#pragma once

#include "chatrequest.h"
#include "message.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

struct Conversation;

// Turns a conversation's active path into the messages a request sends. Stored state that a
// server would reject is repaired on the way: a failed or empty reply is left out, and the turns
// around it are merged so that roles still alternate (thinking models answer 400 to two user or
// two assistant messages in a row). Rules, in order:
//  - the system prompt, unless blank, comes first;
//  - a Streaming message (the reply being written now) is never sent;
//  - an assistant message is dropped when it is Failed with blank text, or when it has neither
//    text nor tool calls (a reply stopped during its reasoning); a Stopped, CutOff or
//    Interrupted reply with partial text is sent with that text; a refusal counts as the text
//    when there is no content;
//  - consecutive user messages are merged into one, and so are consecutive assistant messages
//    without tool calls: texts joined by a blank line, parts concatenated; tool messages and
//    tool-calling replies are never merged;
//  - assistant messages before the first user message are kept: they are what the user sees
//    (a greeting, an imported transcript), and a server that insists on a user message first
//    says so plainly, which beats silently sending less than is shown;
//  - images are sent only from user messages (the API has no assistant image part), as image_url
//    parts after the text part.
class HistoryBuilder
{
public:
    enum class Reasoning {
        Omitted, // the default: providers ignore it at best and reject it at worst
        SentBack, // for thinking models that require it back with tool calls
    };

    struct StoredImage
    {
        QByteArray bytes;
        QByteArray mimeType;
    };
    // Finds a stored image's bytes by content hash; nullopt when they are gone.
    using ImageLoader = std::function<std::optional<StoredImage>(const QByteArray &hash)>;

    static constexpr int AllImages = -1;

    Reasoning reasoning() const { return m_reasoning; }
    void setReasoning(Reasoning reasoning) { m_reasoning = reasoning; }

    // Only the images of the last `turns` questions (user messages) are sent, the one being
    // asked always among them; older images are left out without a note, their messages' text
    // still sent. AllImages (any negative value) sends every image; 0 counts as 1.
    int imageTurnLimit() const { return m_imageTurnLimit; }
    void setImageTurnLimit(int turns) { m_imageTurnLimit = turns; }

    // Without a loader, every stored image counts as missing.
    void setImageLoader(ImageLoader loader) { m_imageLoader = std::move(loader); }

    // The conversation's system prompt and active path. Nothing for a partly loaded
    // conversation (Conversation::isPartial()), which would lose its older turns.
    QList<ChatMessage> build(const Conversation &conversation);
    // An explicit path, first to last: to regenerate a reply, the path up to its parent.
    QList<ChatMessage> build(const QString &systemPrompt, const QList<const Message *> &path);

    // Images the last build() left out because the loader could not find their bytes (or the
    // reference was empty), so the UI can warn that the model did not see them.
    int missingImages() const { return m_missingImages; }

private:
    std::optional<ChatMessage> toChatMessage(const Message &message, bool withImages);
    std::optional<QString> imageUrl(const ImageRef &image) const;

    Reasoning m_reasoning = Reasoning::Omitted;
    int m_imageTurnLimit = AllImages;
    ImageLoader m_imageLoader;
    int m_missingImages = 0;
};

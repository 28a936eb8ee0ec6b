#include "historybuilder.h"

#include "conversation.h"

namespace {

bool isBlank(const QString &text)
{
    for (const QChar c : text) {
        if (!c.isSpace())
            return false;
    }
    return true;
}

// Whether `next` would be a second user or assistant message in a row. A tool-calling reply
// stays whole: its tool results refer to it, and a merge would move its text past them.
bool mustMerge(const ChatMessage &previous, const ChatMessage &next)
{
    if (previous.role != next.role)
        return false;
    if (next.role == ChatMessage::Role::User)
        return true;
    return next.role == ChatMessage::Role::Assistant && previous.toolCalls.isEmpty()
        && next.toolCalls.isEmpty();
}

QString joined(const QString &first, const QString &second)
{
    if (first.isEmpty())
        return second;
    if (second.isEmpty())
        return first;
    return first + QLatin1StringView("\n\n") + second;
}

QList<ContentPart> partsOf(const ChatMessage &message)
{
    if (!message.parts.isEmpty())
        return message.parts;
    if (message.text.isEmpty())
        return {};
    return { ContentPart::fromText(message.text) };
}

void merge(ChatMessage &into, const ChatMessage &next)
{
    if (into.parts.isEmpty() && next.parts.isEmpty()) {
        into.text = joined(into.text, next.text);
    } else {
        into.parts = partsOf(into) + partsOf(next);
        into.text.clear();
    }
    if (next.reasoningContent)
        into.reasoningContent
            = joined(into.reasoningContent.value_or(QString()), *next.reasoningContent);
}

} // namespace

QList<ChatMessage> HistoryBuilder::build(const Conversation &conversation)
{
    // Only the end of its path is loaded: sending that would silently drop the older turns.
    if (conversation.isPartial())
        return {};
    return build(conversation.systemPrompt, conversation.activePath());
}

QList<ChatMessage> HistoryBuilder::build(
    const QString &systemPrompt, const QList<const Message *> &path)
{
    m_missingImages = 0;
    QList<ChatMessage> messages;
    if (!isBlank(systemPrompt))
        messages.append(ChatMessage::system(systemPrompt));

    // Messages from this index on send their images: it is the earliest of the last
    // m_imageTurnLimit questions.
    qsizetype firstWithImages = 0;
    if (m_imageTurnLimit >= 0) {
        const int limit = std::max(1, m_imageTurnLimit);
        firstWithImages = path.size();
        int turns = 0;
        for (qsizetype i = path.size() - 1; i >= 0 && turns < limit; --i) {
            const Message *m = path.at(i);
            if (m && m->role == ChatMessage::Role::User && m->state != Message::State::Streaming) {
                ++turns;
                firstWithImages = i;
            }
        }
    }

    for (qsizetype i = 0; i < path.size(); ++i) {
        if (!path.at(i))
            continue;
        std::optional<ChatMessage> message = toChatMessage(*path.at(i), i >= firstWithImages);
        if (!message)
            continue;
        if (!messages.isEmpty() && mustMerge(messages.last(), *message))
            merge(messages.last(), *message);
        else
            messages.append(std::move(*message));
    }
    return messages;
}

std::optional<ChatMessage> HistoryBuilder::toChatMessage(const Message &message, bool withImages)
{
    if (message.state == Message::State::Streaming)
        return std::nullopt;

    ChatMessage chat;
    chat.role = message.role;
    switch (message.role) {
    case ChatMessage::Role::Assistant: {
        const QString &text = isBlank(message.text) ? message.refusal : message.text;
        const bool hasText = !isBlank(text);
        // A failed reply without text has nothing worth sending, even if the stream had begun a
        // tool call: its arguments are cut short and no tool result answers it.
        if (!hasText && (message.state == Message::State::Failed || message.toolCalls.isEmpty()))
            return std::nullopt;
        if (hasText)
            chat.text = text;
        chat.toolCalls = message.toolCalls;
        if (m_reasoning == Reasoning::SentBack && !message.reasoning.isEmpty())
            chat.reasoningContent = message.reasoning;
        return chat;
    }
    case ChatMessage::Role::Tool:
        chat.text = message.text;
        chat.toolCallId = message.toolCallId;
        return chat;
    case ChatMessage::Role::User: {
        chat.text = message.text;
        if (!withImages)
            return chat;
        QList<ContentPart> imageParts;
        for (const ImageRef &image : message.images) {
            if (const std::optional<QString> url = imageUrl(image))
                imageParts.append(ContentPart::fromImageUrl(*url, image.detail));
            else
                ++m_missingImages;
        }
        // Parts only when an image is really sent: a string content is accepted everywhere,
        // parts not by every text-only server.
        if (imageParts.isEmpty())
            return chat;
        if (!isBlank(chat.text))
            chat.parts.append(ContentPart::fromText(chat.text));
        chat.parts.append(imageParts);
        chat.text.clear();
        return chat;
    }
    case ChatMessage::Role::System:
    case ChatMessage::Role::Developer:
        chat.text = message.text;
        return chat;
    }
    return chat;
}

std::optional<QString> HistoryBuilder::imageUrl(const ImageRef &image) const
{
    if (image.isRemote()) {
        if (image.url.isEmpty())
            return std::nullopt;
        return image.url;
    }
    if (!m_imageLoader)
        return std::nullopt;
    const std::optional<StoredImage> stored = m_imageLoader(image.hash);
    if (!stored || stored->bytes.isEmpty())
        return std::nullopt;
    // The loader read the bytes, so its type is the one to trust; the reference's is a fallback.
    const QByteArray &mimeType = stored->mimeType.isEmpty() ? image.mimeType : stored->mimeType;
    return QString::fromLatin1("data:" + mimeType + ";base64," + stored->bytes.toBase64());
}

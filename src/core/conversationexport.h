#pragma once

#include "conversation.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QPair>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

class ConversationStore;

// Writes conversations out: the shown path as Markdown for people, and everything (every branch,
// the parameters, the image bytes) as Confab JSON for Confab, which ConversationImport reads back.
//
// Confab JSON, version 1 (a conversation; a library file holds an array of them):
//   {"format": "confab.conversation", "version": 1, "generator", "id", "title", "created",
//    "updated" (ISO 8601 UTC with milliseconds, or null), "pinned", "provider", "model",
//    "parameters", "systemPrompt", "draftText", "draftImages", "activeRoot" (when chosen),
//    "imageTurns" (when not every image is sent: the images of how many questions are),
//    "messages": [{"id", "parentId" (0: a first message), "role", "created", "text", "reasoning",
//                  "images", "toolCalls", "toolCallId", "refusal", "model", "usage" (the known
//                  counts of "prompt", "completion", "reasoning", "cached"), "timings" (the known
//                  "firstTokenMs", "durationMs", "tokensPerSecond"), "finishReason", "state",
//                  "error", "activeChild" (when chosen)}],   in id order, parents first
//    "images": {"<sha-256 hex>": {"mime", "data" (base64)}}}   each stored image once
// Image references are {"hash", "mime"} for a stored image and {"url"} for a remote one, with
// "detail", "width" and "height" when set. Nothing secret is written: the parameters go through
// withoutSecrets(), and API keys live in the keychain, never in a conversation.
class ConversationExport
{
    Q_DECLARE_TR_FUNCTIONS(ConversationExport)

public:
    // The bytes and MIME type of a stored image; ConversationStore::loadImage fits.
    using ImageLoader
        = std::function<std::optional<QPair<QByteArray, QByteArray>>(const QByteArray &hash)>;
    enum class ImageMode {
        Files, // each stored image written once into a folder, linked relatively
        DataUrls, // embedded in the Markdown: one self-contained file
    };
    static constexpr int FormatVersion = 1;

    explicit ConversationExport(ImageLoader loader);

    QString errorString() const { return m_error; }

    // The shown path as Markdown. In Files mode, each stored image is written into imageDir
    // (created when needed) as <hash>.<suffix of its MIME type> and linked as
    // "<name of imageDir>/<file>": the Markdown belongs in the folder that holds imageDir.
    // Returns a null string when an image could not be written.
    QString toMarkdown(
        const Conversation &conversation, ImageMode mode, const QString &imageDir = QString());
    // toMarkdown() saved to path; in Files mode the images go into "<base name>_files" beside it.
    bool writeMarkdown(const Conversation &conversation, const QString &path, ImageMode mode);

    QJsonObject toJson(const Conversation &conversation) const;
    bool writeJson(const Conversation &conversation, const QString &path);

    // Every conversation in the store, with its images from the store, into one
    // {"format": "confab.library", "version": 1, "conversations": [...]} file. Written one
    // conversation at a time: the library is never held in memory whole.
    bool writeLibrary(ConversationStore &store, const QString &path);

    // Parameters as they may leave the app: any member, at any depth, whose name says it holds
    // a credential (api_key, Authorization, secret, password, access_token...) removed.
    static QJsonObject withoutSecrets(const QJsonObject &parameters);

    // The file name an exported image gets: its hash and the usual suffix of its MIME type.
    static QString imageFileName(const QByteArray &hash, const QByteArray &mimeType);

private:
    QString messageMarkdown(
        const Message &message, ImageMode mode, const QString &imageDir, QSet<QByteArray> &written);
    // `text` with its Markdown data: URL images written into imageDir and linked; null on error.
    QString inlineImagesToFiles(
        const QString &text, const QString &imageDir, QSet<QByteArray> &written);
    QString imageMarkdown(
        const ImageRef &image, ImageMode mode, const QString &imageDir, QSet<QByteArray> &written);
    bool save(const QString &path, const QByteArray &bytes);

    ImageLoader m_loader;
    QString m_error;
};

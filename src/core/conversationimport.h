#pragma once

#include <QObject>
#include <QString>

#include <atomic>

class ConversationStore;
class Database;

// Imports a file of conversations into the store: a Confab conversation or library
// (ConversationExport's format), or the conversations.json of a ChatGPT data export, told apart
// by their content. The whole file is read and checked before anything is written, then written
// in one transaction: a malformed file, a failed write or a cancel imports nothing at all.
// Errors name their place: the line and column of bad JSON; the conversation and the message
// (or ChatGPT node) of a bad shape. Nothing secret is imported: parameters go through
// ConversationExport::withoutSecrets().
//
// Confab files come back whole, except what cannot be: a message "streaming" when exported
// becomes interrupted, a shown-child choice that names no child of its message is dropped (the
// newest child is shown, as for no choice), and an image the file refers to but does not hold
// stays a reference, as it was in the database it came from.
//
// ChatGPT exports keep their tree: an edited message and its regenerations become siblings, and
// the shown path is the one that ends at "current_node". What the ChatGPT app does not show is
// left out: hidden messages, messages to or from its tools (browsing, code, image generation:
// Confab has no tool call for them to answer), and empty ones; a left-out message's children
// hang from its nearest kept ancestor. The "thoughts" of a reasoning model become the reasoning
// of the reply that follows them. An attached image becomes the note "[image]": the export holds
// no image bytes.
//
// run() works on the thread that calls it, which must be the thread that owns the database: in
// the app, the database thread, never the GUI thread. Signals are emitted on that thread.
// cancel() may be called from any thread. An object imports once.
class ConversationImport : public QObject
{
    Q_OBJECT

public:
    enum class Format { Unknown, ConfabConversation, ConfabLibrary, ChatGpt };

    ConversationImport(Database &database, ConversationStore &store, QObject *parent = nullptr);

    // Emits exactly one of finished() and failed(); returns whether it finished.
    bool run(const QString &path);
    // Thread-safe. The import stops at its next check and undoes what it wrote. Before run(),
    // makes run() fail at once.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

    QString errorString() const { return m_error; }
    Format format() const { return m_format; }

signals:
    // In messages written. total is 0 while the file is read and checked.
    void progress(qint64 done, qint64 total);
    void finished(int conversations, int messages);
    void failed(const QString &message);

private:
    struct Pending;
    class Reader;
    bool read(const QByteArray &json, QList<Pending> &pending);
    bool write(const QList<Pending> &pending, qint64 total);
    bool fail(const QString &message);

    Database &m_database;
    ConversationStore &m_store;
    std::atomic<bool> m_cancelled { false };
    QString m_fileName;
    QString m_error;
    Format m_format = Format::Unknown;
};

#pragma once

#include "message.h"

#include <QObject>
#include <QPointer>

#include <functional>

class AttachmentList;
class AttachmentStrip;
class ConversationStore;
class QActionGroup;
class QMenu;
class QMimeData;
class QNetworkAccessManager;
class QWidget;
class Settings;
class StoreThread;

// The images waiting in the window's composer: attached from the file dialog, drops and pastes,
// stored as soon as they are ready (so that a draft keeps them), shown in the strip, and the
// image settings of the Settings menu. Each conversation's images are its draft; the window says
// which conversation is shown and hears when a draft's images change.
class ComposerImages : public QObject
{
    Q_OBJECT

public:
    ComposerImages(StoreThread *store, Settings *settings, QNetworkAccessManager *network,
        AttachmentStrip *strip, QWidget *window);

    // The images of the conversation shown.
    AttachmentList *list() const { return m_list; }

    // "Image Size" and "Images per Question", at the end of the menu.
    void addSettingsActions(QMenu *menu);
    // Later images are scaled to this longest side (0: their own size); the setting and the
    // menu follow.
    void setMaxSide(int maxSide);
    int maxSide() const;

    void attach(const QMimeData *data);
    void chooseFiles();
    void open(int id);

    // Another conversation shows, with these stored draft images (`reader` reads their bytes).
    // Images the one left (`leaving`, 0 for one not stored) is still preparing finish out of
    // sight and are announced by leftDraftReady().
    void show(qint64 leaving, const QList<ImageRef> &draft, ConversationStore *reader);
    // The question took the images: the strip is emptied without touching the draft.
    void clearSent();

    // A plain GET of a web image for display (no cookies, no provider headers, 16 MB at most),
    // decoded on a worker; a null image when it failed.
    void fetchWebImage(const QUrl &url, const std::function<void(const QImage &)> &done);

signals:
    // The conversation shown has these images ready (its draft).
    void draftChanged(const QList<ImageRef> &images);
    // A conversation left while its images were being prepared has them now.
    void leftDraftReady(qint64 conversationId, const QList<ImageRef> &images);
    void message(const QString &text, int timeoutMs);

private:
    AttachmentList *newList();
    void store(AttachmentList *list, int id);
    void announceDraft(AttachmentList *list);

    StoreThread *m_store;
    Settings *m_settings;
    QNetworkAccessManager *m_network;
    AttachmentStrip *m_strip;
    QWidget *m_window;
    AttachmentList *m_list;
    QActionGroup *m_sizes = nullptr;
    bool m_quiet = false; // the strip shows another draft or is emptied: nothing to announce
};

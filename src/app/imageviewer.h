#pragma once

#include <QByteArray>
#include <QDialog>
#include <QString>

class QAction;
class QLabel;
class QStackedWidget;
class QToolBar;
class ImageCanvas;

// Shows an attached picture: fitted to the window at first, then zoomed (Ctrl+wheel, Ctrl++ and
// Ctrl+-, Ctrl+0 for 100 %, Ctrl+9 or F to fit) and panned (drag, scroll bars, wheel). The bytes
// are kept exactly as sent so that Save As and the system viewer get the original file, not a
// re-encoded copy. Decoding happens on the GUI thread: fine for attachments of a few megabytes.
class ImageViewer : public QDialog
{
    Q_OBJECT

public:
    explicit ImageViewer(QWidget *parent = nullptr);

    // `mimeType` names the format of `bytes` ("image/jpeg") and gives the extension for Save As;
    // `name` suggests the file name without extension and becomes the title. Returns false, and
    // says so in the dialog, when the bytes are not an image Qt can decode.
    bool setImage(const QByteArray &bytes, const QByteArray &mimeType, const QString &name = {});

    // A non-modal viewer that deletes itself when closed.
    static ImageViewer *open(QWidget *parent, const QByteArray &bytes, const QByteArray &mimeType,
        const QString &name = {});
    using QDialog::open; // which the static open() would hide

    double zoom() const; // 1.0 is one image pixel per device pixel
    bool isFitToWindow() const;

    // Writes the original bytes; on failure returns false and sets `error` to the file's error.
    bool saveTo(const QString &path, QString *error = nullptr) const;

public slots:
    void zoomIn();
    void zoomOut();
    void zoomToActualSize();
    void fitToWindow();
    void copyImage();
    void saveAs();
    void openWithSystemViewer();

private:
    QString suggestedFileName() const;
    void sizeToImage();
    void updateInfo();
    void updateActions();

    QByteArray m_bytes;
    QByteArray m_mimeType;
    QString m_name;
    bool m_decoded = false;

    QToolBar *m_toolBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    ImageCanvas *m_canvas = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_infoLabel = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_actualSizeAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_openAction = nullptr;
};

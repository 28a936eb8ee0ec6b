#pragma once

#include "activepathmodel.h"

#include <QAbstractScrollArea>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>
class QTextDocument;
class QToolButton;
class StreamingMarkdown;

// The messages of a conversation, drawn by hand over an ActivePathModel.
//
// It is a scroll area rather than a list of widgets or a QListView with a delegate because the
// cost must follow what is visible: a message has a laid-out document only while it is on
// screen or near it (one far away keeps its height and drops the layout), a streaming reply
// renders only what arrived (StreamingMarkdown), and a long conversation opens at its end,
// laying out the screenful shown. Text is selected and copied within a message.
class MessageView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit MessageView(QWidget *parent = nullptr);
    ~MessageView() override;

    void setModel(ActivePathModel *model);
    ActivePathModel *model() const { return m_model; }

    // Following: the view stays at the bottom as replies grow, until the user scrolls up.
    bool isFollowing() const { return m_following; }
    void scrollToBottom();
    void scrollToMessage(qint64 messageId);
    QString selectedText() const;

    // Images in Markdown. A data: URL is shown at once; one on the web is a placeholder until
    // the user clicks it (loading it would tell the image's server the user's address), which
    // asks imageLoadRequested(); setImage() then shows what came, or a null image says it
    // could not be loaded. Other URLs (local files) are never read.
    void setImage(const QUrl &url, const QImage &image);
    // An image from encoded bytes, fitted into the size Markdown images are shown at; null
    // when the bytes are not a supported image or too large to decode.
    static QImage decodeImage(const QByteArray &bytes);
    // Images stored with messages (attached to a question, or returned by a model) are shown
    // as thumbnails, read when first shown: storedImageRequested() asks for one,
    // setStoredImage() shows it (a null image: it is gone). A click asks storedImageClicked().
    void setStoredImage(const QByteArray &hash, const QImage &image);
    // decodeImage() for a thread other than the GUI's.
    static QImage decodeThumbnail(const QByteArray &bytes) { return decodeImage(bytes); }
    // For a failed reply, the longest side its question's images could be sent again with
    // (0: no such offer); the view shows "Resend Images at N px", which asks
    // resendSmallerRequested().
    void setSmallerImagesOffer(std::function<int(qint64 replyId)> offer)
    {
        m_smallerImages = std::move(offer);
    }
    // For tests: whether the message in this row has a laid-out document now, and its body's
    // documents (StreamingMarkdown's segments, or the question's one).
    bool isLaidOut(int row) const;
    QTextDocument *bodySegment(int row, int index) const;
    // Where the action with this label was last painted at a row, in viewport coordinates;
    // empty if it was not. For tests.
    QRect actionRect(int row, const QString &label) const;
    // Where a position of a body segment is, in viewport coordinates. For tests.
    QPoint positionOf(int row, int segment, int position) const;

signals:
    void regenerateRequested(qint64 messageId);
    void editRequested(qint64 messageId);
    void continueRequested(qint64 messageId);
    void deleteRequested(qint64 messageId);
    void siblingRequested(int row, int siblingIndex);
    void detailsRequested(qint64 messageId);
    void imageLoadRequested(const QUrl &url);
    void storedImageRequested(const QByteArray &hash);
    void storedImageClicked(const QByteArray &hash);
    void resendSmallerRequested(qint64 replyId, int maxSide);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct Item;
    struct Hit
    {
        int row = -1;
        int part = -1; // 0: body, 1: reasoning
        int segment = -1;
        int position = -1;
        bool isValid() const { return row >= 0 && segment >= 0; }
    };
    enum class Action {
        Copy,
        CopyCode,
        Regenerate,
        Continue,
        Delete,
        Edit,
        Previous,
        Next,
        Retry,
        Details,
        ResendSmaller,
        ToggleReasoning
    };
    struct Button
    {
        QRect rect; // in content coordinates
        Action action;
        int row;
        int code; // CopyCode: the code block's number (StreamingMarkdown::CodeBlockProperty)
        QString label;
    };

    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &from, const QModelIndex &to, const QList<int> &roles);
    void onReset();

    int contentWidth() const;
    QRect bubbleRect(int row, int top) const;
    void ensureRendered(int row);
    void syncText(int row);
    int measure(int row);
    int estimate(int row) const;
    void relayout(); // heights of what is near the viewport; tops; the scroll range
    void updateTops();
    void updateScrollRange();
    void releaseFarItems(int first, int last);
    int rowAt(int contentY) const;
    Hit hitTest(const QPoint &viewportPos) const;
    QString textOf(int row) const;
    void copyToClipboard(const QString &text);
    void runAction(const Button &button);
    void prepareSegment(QTextDocument &document, bool reasoning) const;
    QVariant imageResource(QTextDocument &document, const QUrl &url) const;
    QImage placeholder(const QString &text) const;
    QString imageAt(const QPoint &viewportPos) const; // a web image's URL, or empty
    void refreshImage(const QString &url);
    void updateJumpButton();
    void scheduleRelayout();

    QPointer<ActivePathModel> m_model;
    std::vector<std::unique_ptr<Item>> m_items;
    std::vector<int> m_tops; // content y of each item; one more for the end
    QList<Button> m_buttons;
    int m_width = -1;
    bool m_following = true;
    bool m_settingScroll = false;
    Hit m_anchor;
    Hit m_head;
    bool m_selecting = false;
    QToolButton *m_jump;
    QHash<QString, QImage> m_webImages; // loaded after a click (null: failed), by URL
    QSet<QString> m_webImagesLoading;
    QHash<QByteArray, QImage> m_storedImages; // thumbnails by content hash (null: gone)
    mutable QSet<QByteArray> m_storedRequested;
    std::function<int(qint64)> m_smallerImages;
    mutable QHash<QString, QImage> m_placeholders; // by text; dropped with the palette
    QTimer m_relayoutTimer;
};

#pragma once

#include <QPlainTextEdit>
#include <QUrl>

// Where the user writes. Enter sends and Shift+Enter starts a new line (or the other way round,
// a setting); an input method composing text (pinyin, kana) keeps Enter, so a Chinese phrase is
// never sent half-typed. It grows with its text up to a limit, then scrolls.
class Composer : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit Composer(QWidget *parent = nullptr);

    bool enterSends() const { return m_enterSends; }
    void setEnterSends(bool enterSends);
    bool isComposing() const { return m_composing; }

    // Whether dropped or pasted data is for the attachment strip rather than the text: image
    // data, local files (an unreadable one is told so on its tile), or web images.
    static bool offersImages(const QMimeData *data);
    // The http(s) image a single pasted line names, or an empty URL.
    static QUrl imageUrlIn(const QString &text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sendRequested();
    void stopRequested();
    // Up in an empty composer: the user wants to change their last question.
    void editLastRequested();
    // Images were dropped or pasted here (see offersImages()); `data` lives during the call.
    void imagesOffered(const QMimeData *data);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    int heightForLines(int lines) const;
    void fitToText();

    bool m_enterSends = true;
    bool m_composing = false;
};

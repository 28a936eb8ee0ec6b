#pragma once

#include <QPlainTextEdit>

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

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sendRequested();
    void stopRequested();
    // Up in an empty composer: the user wants to change their last question.
    void editLastRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;

private:
    int heightForLines(int lines) const;
    void fitToText();

    bool m_enterSends = true;
    bool m_composing = false;
};

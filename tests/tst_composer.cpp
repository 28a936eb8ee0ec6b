#include "composer.h"

#include <QInputMethodEvent>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;

class TstComposer : public QObject
{
    Q_OBJECT

private slots:
    void enterSendsShiftEnterBreaksTheLine();
    void enterDuringInputMethodCompositionDoesNotSend();
    void swappedKeys();
    void upInAnEmptyComposerEditsTheLastQuestion();
    void growsWithItsTextUpToALimit();
};

void TstComposer::enterSendsShiftEnterBreaksTheLine()
{
    Composer composer;
    QSignalSpy send(&composer, &Composer::sendRequested);
    QTest::keyClicks(&composer, u"hello"_s);
    QTest::keyClick(&composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&composer, u"world"_s);
    QCOMPARE(send.size(), 0);
    QCOMPARE(composer.toPlainText(), u"hello\nworld"_s);
    QTest::keyClick(&composer, Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QTest::keyClick(&composer, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(send.size(), 2);
    QCOMPARE(composer.toPlainText(), u"hello\nworld"_s); // sending is the window's business
}

void TstComposer::enterDuringInputMethodCompositionDoesNotSend()
{
    Composer composer;
    QSignalSpy send(&composer, &Composer::sendRequested);
    // Typing pinyin: the input method shows "zhong" as preedit text.
    QInputMethodEvent preedit(u"zhong"_s, {});
    QApplication::sendEvent(&composer, &preedit);
    QVERIFY(composer.isComposing());
    QTest::keyClick(&composer, Qt::Key_Return);
    QCOMPARE(send.size(), 0);
    // The input method commits 中, ending the composition; now Enter sends.
    QInputMethodEvent commit;
    commit.setCommitString(u"中"_s);
    QApplication::sendEvent(&composer, &commit);
    QVERIFY(!composer.isComposing());
    QCOMPARE(composer.toPlainText(), u"中"_s);
    QTest::keyClick(&composer, Qt::Key_Return);
    QCOMPARE(send.size(), 1);
}

void TstComposer::swappedKeys()
{
    Composer composer;
    composer.setEnterSends(false);
    QSignalSpy send(&composer, &Composer::sendRequested);
    QTest::keyClicks(&composer, u"a"_s);
    QTest::keyClick(&composer, Qt::Key_Return);
    QCOMPARE(send.size(), 0);
    QCOMPARE(composer.toPlainText(), u"a\n"_s);
    QTest::keyClick(&composer, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(send.size(), 1);
}

void TstComposer::upInAnEmptyComposerEditsTheLastQuestion()
{
    Composer composer;
    QSignalSpy edit(&composer, &Composer::editLastRequested);
    QSignalSpy stop(&composer, &Composer::stopRequested);
    QTest::keyClick(&composer, Qt::Key_Up);
    QCOMPARE(edit.size(), 1);
    QTest::keyClicks(&composer, u"x"_s);
    QTest::keyClick(&composer, Qt::Key_Up); // moves the cursor, nothing else
    QCOMPARE(edit.size(), 1);
    QTest::keyClick(&composer, Qt::Key_Escape);
    QCOMPARE(stop.size(), 1);
}

void TstComposer::growsWithItsTextUpToALimit()
{
    Composer composer;
    composer.resize(300, composer.height());
    composer.show();
    const int empty = composer.height();
    composer.setPlainText(u"1\n2\n3\n4\n5"_s);
    QTRY_VERIFY(composer.height() > empty);
    const int five = composer.height();
    composer.setPlainText(QString(u"line\n"_s).repeated(50));
    QTRY_VERIFY(composer.height() > five);
    const int many = composer.height();
    composer.setPlainText(QString(u"line\n"_s).repeated(200));
    QCOMPARE(composer.height(), many); // the limit: it scrolls from here
}

QTEST_MAIN(TstComposer)
#include "tst_composer.moc"

#include "composer.h"

#include <QInputMethodEvent>
#include <QMimeData>
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
    void whatIsAnImageAndWhatIsText();
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

void TstComposer::whatIsAnImageAndWhatIsText()
{
    QMimeData screenshot;
    screenshot.setData(u"image/png"_s, QByteArray("\x89PNG", 4));
    QVERIFY(Composer::offersImages(&screenshot));

    // Cells copied from a spreadsheet come with a picture of themselves: they are text.
    QMimeData cells;
    cells.setText(u"12\t34"_s);
    cells.setData(u"image/png"_s, QByteArray("\x89PNG", 4));
    QVERIFY(!Composer::offersImages(&cells));

    QMimeData address;
    address.setText(u"https://example.org/cat.jpg"_s);
    QVERIFY(Composer::offersImages(&address));
    QMimeData page;
    page.setText(u"https://example.org/article"_s);
    QVERIFY(!Composer::offersImages(&page));

    // A browser's dragged image: its address and its data.
    QMimeData dragged;
    dragged.setUrls({ QUrl(u"https://example.org/image?id=3"_s) });
    dragged.setText(u"https://example.org/image?id=3"_s);
    dragged.setData(u"image/png"_s, QByteArray("\x89PNG", 4));
    QVERIFY(Composer::offersImages(&dragged));

    QMimeData file;
    file.setUrls({ QUrl::fromLocalFile(u"/tmp/notes.txt"_s) });
    QVERIFY(Composer::offersImages(&file)); // its tile says it is not an image
}

QTEST_MAIN(TstComposer)
#include "tst_composer.moc"

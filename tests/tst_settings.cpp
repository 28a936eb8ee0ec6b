#include "settings.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

class TstSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaultsUntilSetThenTheValue();
    void aValueOfTheWrongTypeReadsAsTheDefault();
};

void TstSettings::defaultsUntilSetThenTheValue()
{
    QTemporaryDir dir;
    QSettings backing(dir.filePath(u"confab.ini"_s), QSettings::IniFormat);
    Settings settings(&backing);
    QCOMPARE(settings.value(Settings::EnterSends), true);
    QCOMPARE(settings.value(Settings::LastConversation), 0);
    QVERIFY(!settings.contains(Settings::EnterSends));
    settings.setValue(Settings::EnterSends, false);
    settings.setValue(Settings::LastConversation, qint64(42));
    backing.sync();

    // As the next start reads them, from the file.
    QSettings reread(dir.filePath(u"confab.ini"_s), QSettings::IniFormat);
    Settings again(&reread);
    QCOMPARE(again.value(Settings::EnterSends), false);
    QCOMPARE(again.value(Settings::LastConversation), 42);
    again.reset(Settings::EnterSends);
    QCOMPARE(again.value(Settings::EnterSends), true);
}

void TstSettings::aValueOfTheWrongTypeReadsAsTheDefault()
{
    QTemporaryDir dir;
    QSettings backing(dir.filePath(u"confab.ini"_s), QSettings::IniFormat);
    backing.setValue(QLatin1StringView(Settings::LastConversation.key), QVariantList { 1, 2 });
    Settings settings(&backing);
    QCOMPARE(settings.value(Settings::LastConversation), 0);
}

QTEST_GUILESS_MAIN(TstSettings)
#include "tst_settings.moc"

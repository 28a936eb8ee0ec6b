#include <QtTest>

class Tsttranslations : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tsttranslations)
#include "tst_translations.moc"

#include <QtTest>

class Tstsseparser : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstsseparser)
#include "tst_sseparser.moc"

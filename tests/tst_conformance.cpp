#include <QtTest>

class Tstconformance : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstconformance)
#include "tst_conformance.moc"

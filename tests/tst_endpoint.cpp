#include <QtTest>

class Tstendpoint : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstendpoint)
#include "tst_endpoint.moc"

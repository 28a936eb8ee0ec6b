#include <QtTest>

class Tstapierror : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstapierror)
#include "tst_apierror.moc"

#include <QtTest>

class Tstproxyconfig : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstproxyconfig)
#include "tst_proxyconfig.moc"

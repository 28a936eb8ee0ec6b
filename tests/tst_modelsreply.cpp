#include <QtTest>

class Tstmodelsreply : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstmodelsreply)
#include "tst_modelsreply.moc"

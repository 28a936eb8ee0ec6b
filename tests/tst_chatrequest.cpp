#include <QtTest>

class Tstchatrequest : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstchatrequest)
#include "tst_chatrequest.moc"

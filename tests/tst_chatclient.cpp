#include <QtTest>

class Tstchatclient : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstchatclient)
#include "tst_chatclient.moc"

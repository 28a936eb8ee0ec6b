#include <QtTest>

class Tstthinksplitter : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstthinksplitter)
#include "tst_thinksplitter.moc"

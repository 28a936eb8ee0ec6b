#include <QtTest>

class Tstimageencoder : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tstimageencoder)
#include "tst_imageencoder.moc"

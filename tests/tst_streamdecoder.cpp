#include <QtTest>

class Tststreamdecoder : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tststreamdecoder)
#include "tst_streamdecoder.moc"

#include "attachmentlist.h"
#include "testdata.h"

#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QImage noisy(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(3);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = qRgb(x & 255, y & 255, int(random.bounded(256u)));
    }
    return image;
}

using State = AttachmentList::State;

bool settled(const AttachmentList &list)
{
    return !list.isBusy();
}
} // namespace

class TstAttachmentList : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void fileBecomesReady();
    void jpegShowsAThumbnailBeforeItIsReady();
    void badImageFailsAloneWithItsReason();
    void remoteUrlIsSentAsUrl();
    void dataUrlIsDecoded();
    void nonImageUrlIsRefused();
    void limitIsEnforced();
    void removeWhileProcessing();
    void detailIsKeptPerImage();
    void storedDraftImageIsRestored();
    void optionsApplyToNewImages();

private:
    QString save(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

QString TstAttachmentList::save(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qWarning("cannot write %s", qPrintable(path));
    file.write(bytes);
    return path;
}

void TstAttachmentList::fileBecomesReady()
{
    AttachmentList list;
    QSignalSpy ready(&list, &AttachmentList::itemReady);
    const int id
        = list.addFile(save(u"shot.png"_qs, TestData::encodedImage(noisy(3000, 1500), "png")));
    QVERIFY(id > 0);
    QCOMPARE(list.item(id)->state, State::Processing);
    QCOMPARE(list.item(id)->name, u"shot.png"_qs);
    QVERIFY(list.isBusy());
    QVERIFY(list.readyImages().isEmpty()); // not before it is processed

    QTRY_COMPARE(ready.count(), 1);
    const AttachmentList::Item *item = list.item(id);
    QCOMPARE(item->state, State::Ready);
    QCOMPARE(item->ref.mimeType, QByteArray("image/jpeg"));
    QCOMPARE(QSize(item->ref.width, item->ref.height), QSize(2048, 1024));
    QCOMPARE(item->sourceSize, QSize(3000, 1500));
    QCOMPARE(
        item->ref.hash, QCryptographicHash::hash(item->bytes, QCryptographicHash::Sha256).toHex());
    QVERIFY(!item->thumbnail.isNull());
    QVERIFY(item->thumbnail.width() <= AttachmentList::ThumbnailSide);
    QCOMPARE(list.readyImages(), QList<ImageRef> { item->ref });
}

void TstAttachmentList::jpegShowsAThumbnailBeforeItIsReady()
{
    AttachmentList list;
    bool thumbnailWhileProcessing = false;
    connect(&list, &AttachmentList::itemChanged, this, [&](int id) {
        const AttachmentList::Item *item = list.item(id);
        if (item->state == State::Processing && !item->thumbnail.isNull())
            thumbnailWhileProcessing = true;
    });
    list.addBytes(TestData::encodedImage(noisy(4000, 3000), "jpeg"), u"photo.jpg"_qs);
    QTRY_VERIFY(settled(list));
    QVERIFY(thumbnailWhileProcessing);
}

void TstAttachmentList::badImageFailsAloneWithItsReason()
{
    AttachmentList list;
    const int good = list.addImage(noisy(200, 100));
    const int text = list.addFile(save(u"notes.jpg"_qs, "not a picture at all"));
    const int missing = list.addFile(m_dir.filePath(u"gone.png"_qs));
    QTRY_VERIFY(settled(list));
    QCOMPARE(list.item(good)->state, State::Ready);
    QCOMPARE(list.item(text)->state, State::Failed);
    QVERIFY2(
        list.item(text)->error.contains(u"not an image"_qs), qPrintable(list.item(text)->error));
    QCOMPARE(list.item(missing)->state, State::Failed);
    QVERIFY(!list.item(missing)->error.isEmpty());
    QCOMPARE(list.count(), 3); // the failures stay, with their reasons, until removed
    QCOMPARE(list.readyImages().size(), 1);
}

void TstAttachmentList::remoteUrlIsSentAsUrl()
{
    AttachmentList list;
    const int id = list.addUrl(QUrl(u"https://example.com/cat.png?size=large"_qs));
    QVERIFY(id > 0);
    const AttachmentList::Item *item = list.item(id);
    QCOMPARE(item->state, State::Ready);
    QVERIFY(item->ref.isRemote());
    QCOMPARE(item->ref.url, u"https://example.com/cat.png?size=large"_qs);
    QVERIFY(item->bytes.isEmpty()); // never downloaded to be inlined
    QVERIFY(!list.isBusy());
}

void TstAttachmentList::dataUrlIsDecoded()
{
    AttachmentList list;
    const QByteArray png = TestData::encodedImage(noisy(40, 30), "png");
    const int id
        = list.addUrl(QUrl(u"data:image/png;base64,"_qs + QString::fromLatin1(png.toBase64())));
    QVERIFY(id > 0);
    QTRY_VERIFY(settled(list));
    QCOMPARE(list.item(id)->state, State::Ready);
    QVERIFY(!list.item(id)->ref.isRemote());
    QCOMPARE(QSize(list.item(id)->ref.width, list.item(id)->ref.height), QSize(40, 30));
}

void TstAttachmentList::nonImageUrlIsRefused()
{
    AttachmentList list;
    QCOMPARE(list.addUrl(QUrl(u"mailto:someone@example.com"_qs)), 0);
    QCOMPARE(list.addUrl(QUrl(u"data:text/plain;base64,aGk="_qs)), 0);
    QCOMPARE(list.count(), 0);
}

void TstAttachmentList::limitIsEnforced()
{
    AttachmentList list;
    list.setLimit(2);
    QSignalSpy full(&list, &AttachmentList::limitReached);
    QVERIFY(list.addUrl(QUrl(u"https://example.com/1.png"_qs)));
    QVERIFY(list.addUrl(QUrl(u"https://example.com/2.png"_qs)));
    QVERIFY(list.isFull());
    QCOMPARE(list.addImage(noisy(10, 10)), 0);
    QCOMPARE(full.count(), 1);
    QCOMPARE(full.first().first().toInt(), 2);
    QCOMPARE(list.count(), 2);
    QCOMPARE(AttachmentList().limit(), Settings::ImageLimit.defaultValue);
}

void TstAttachmentList::removeWhileProcessing()
{
    AttachmentList list;
    QSignalSpy removed(&list, &AttachmentList::itemRemoved);
    QSignalSpy ready(&list, &AttachmentList::itemReady);
    const int first = list.addBytes(TestData::encodedImage(noisy(3000, 2000), "png"));
    const int second = list.addImage(noisy(300, 200));
    list.remove(first);
    QCOMPARE(removed.count(), 1);
    QVERIFY(!list.item(first));
    QTRY_VERIFY(settled(list));
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().first().toInt(), second);
    QTest::qWait(300); // the removed one's job ends and reports to no one
    QCOMPARE(list.count(), 1);
}

void TstAttachmentList::detailIsKeptPerImage()
{
    AttachmentList list;
    const int a = list.addUrl(QUrl(u"https://example.com/a.png"_qs));
    const int b = list.addUrl(QUrl(u"https://example.com/b.png"_qs));
    list.setDetail(b, ContentPart::Detail::Low);
    QCOMPARE(list.item(a)->ref.detail, ContentPart::Detail::Unset);
    QCOMPARE(list.readyImages().at(1).detail, ContentPart::Detail::Low);
}

void TstAttachmentList::storedDraftImageIsRestored()
{
    AttachmentList list;
    const QByteArray png = TestData::encodedImage(noisy(64, 32), "png");
    ImageRef ref;
    ref.hash = QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex();
    ref.mimeType = "image/png";
    ref.width = 64;
    ref.height = 32;
    const int kept = list.addStored(ref, png);
    const int lost = list.addStored(ref, QByteArray());
    QCOMPARE(list.item(kept)->state, State::Ready);
    QCOMPARE(list.item(lost)->state, State::Failed);
    QTRY_VERIFY(!list.item(kept)->thumbnail.isNull());
    QCOMPARE(list.readyImages(), QList<ImageRef> { ref });
}

void TstAttachmentList::optionsApplyToNewImages()
{
    AttachmentList list;
    ImageEncoder::Options options;
    options.maxSide = 1024;
    list.setOptions(options);
    const int id = list.addImage(noisy(3000, 1000));
    QTRY_VERIFY(settled(list));
    QCOMPARE(list.item(id)->ref.width, 1024);
}

QTEST_MAIN(TstAttachmentList)
#include "tst_attachmentlist.moc"

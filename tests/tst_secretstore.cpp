#include "secretstore.h"

#include <QtTest>

using namespace Qt::StringLiterals;

class TstSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void memoryKeepsReadsAndRemoves();
    void answersLaterAndNotToTheDead();
    void noKeychainSaysSo();
    void systemKeychainAnswersOneWayOrTheOther();
};

void TstSecretStore::memoryKeepsReadsAndRemoves()
{
    MemorySecretStore store;
    QObject context;
    std::optional<SecretStore::Result> got;
    auto keep = [&](const SecretStore::Result &r) {
        got = r;
    };
    store.write(SecretStore::apiKeyName(u"p1"_s), u"sk-1"_s, &context, keep);
    QTRY_VERIFY(got);
    QCOMPARE(got->status, SecretStore::Status::Ok);
    got.reset();
    store.read(SecretStore::apiKeyName(u"p1"_s), &context, keep);
    QTRY_VERIFY(got);
    QCOMPARE(got->secret, u"sk-1"_s);
    got.reset();
    store.remove(SecretStore::apiKeyName(u"p1"_s), &context, keep);
    QTRY_VERIFY(got);
    got.reset();
    store.read(SecretStore::apiKeyName(u"p1"_s), &context, keep);
    QTRY_VERIFY(got);
    QCOMPARE(got->status, SecretStore::Status::NotFound);
    QVERIFY(SecretStore::apiKeyName(u"p1"_s) != SecretStore::proxyPasswordName(u"p1"_s));
}

void TstSecretStore::answersLaterAndNotToTheDead()
{
    MemorySecretStore store;
    bool called = false;
    auto context = std::make_unique<QObject>();
    store.read(u"x"_s, context.get(), [&](const SecretStore::Result &) { called = true; });
    QVERIFY(!called); // never inside the call
    context.reset();
    QTest::qWait(20);
    QVERIFY(!called);
}

void TstSecretStore::noKeychainSaysSo()
{
    MemorySecretStore store;
    store.setAvailable(false);
    QObject context;
    std::optional<SecretStore::Result> got;
    store.write(u"x"_s, u"sk"_s, &context, [&](const SecretStore::Result &r) { got = r; });
    QTRY_VERIFY(got);
    QCOMPARE(got->status, SecretStore::Status::NoBackend);
    QVERIFY(!got->message.isEmpty());
    QVERIFY(store.secrets().isEmpty());
}

void TstSecretStore::systemKeychainAnswersOneWayOrTheOther()
{
    // A desktop has a Secret Service or KWallet; a CI machine has none. Either way the store
    // answers, in time, with the secret or with a reason.
    KeychainSecretStore store(u"confab-test"_s);
    QObject context;
    std::optional<SecretStore::Result> wrote;
    store.write(
        u"probe"_s, u"sk-probe"_s, &context, [&](const SecretStore::Result &r) { wrote = r; });
    QTRY_VERIFY_WITH_TIMEOUT(wrote.has_value(), 20000);
    if (wrote->status != SecretStore::Status::Ok) {
        QVERIFY(!wrote->message.isEmpty());
        return;
    }
    std::optional<SecretStore::Result> read;
    store.read(u"probe"_s, &context, [&](const SecretStore::Result &r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
    QCOMPARE(read->secret, u"sk-probe"_s);
    bool removed = false;
    store.remove(u"probe"_s, &context, [&](const SecretStore::Result &) { removed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(removed, 20000);
}

QTEST_GUILESS_MAIN(TstSecretStore)
#include "tst_secretstore.moc"

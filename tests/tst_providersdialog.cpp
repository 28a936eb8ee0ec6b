#include "fakeserver.h"
#include "providerregistry.h"
#include "providersdialog.h"
#include "secretstore.h"
#include "settings.h"
#include "testdata.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class TstProvidersDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void presetEditedKeepsItsKeyInTheKeychainOnly();
    void testConnectionShowsTheGatewaysOwnWords();
    void aThousandModelsFetchedAndFiltered();
    void noKeychainAsksBeforeKeepingTheKeyInAFile();
    void openedBeforeTheKeyIsReadTheKeyStays();

private:
    // The first preset (OpenAI), pointed at the fake server, with a key typed.
    void fillPreset(ProvidersDialog &dialog, const QString &key);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QSettings> m_backing;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ProviderRegistry> m_registry;
};

void TstProvidersDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_backing = std::make_unique<QSettings>(m_dir->filePath(u"confab.ini"_s), QSettings::IniFormat);
    m_settings = std::make_unique<Settings>(m_backing.get());
    m_secrets = std::make_unique<MemorySecretStore>();
    m_network = std::make_unique<QNetworkAccessManager>();
    m_registry
        = std::make_unique<ProviderRegistry>(m_settings.get(), m_secrets.get(), m_network.get());
    m_registry->load(QProcessEnvironment());
}

void TstProvidersDialog::cleanup()
{
    m_registry.reset();
    m_network.reset();
    m_secrets.reset();
    m_settings.reset();
    m_backing.reset();
    m_server.reset();
    m_dir.reset();
}

void TstProvidersDialog::fillPreset(ProvidersDialog &dialog, const QString &key)
{
    dialog.addPreset(0);
    child<QLineEdit>(&dialog, "nameEdit")->setText(u"My gateway"_s);
    child<QLineEdit>(&dialog, "baseUrlEdit")->setText(m_server->baseUrl().toString());
    auto *keyEdit = child<QLineEdit>(&dialog, "keyEdit");
    keyEdit->clear();
    QTest::keyClicks(keyEdit, key); // typed, as only typed keys are written
    auto *proxy = child<QComboBox>(&dialog, "proxyBox"); // never the machine's proxy settings
    proxy->setCurrentIndex(proxy->findData(int(ProxyConfig::Mode::None)));
}

void TstProvidersDialog::presetEditedKeepsItsKeyInTheKeychainOnly()
{
    ProvidersDialog dialog(m_registry.get());
    fillPreset(dialog, u"sk-typed-secret"_s);
    // The endpoint the base URL resolves to is shown.
    QVERIFY(child<QLabel>(&dialog, "endpointLabel")->text().contains(u"/v1/chat/completions"_s));
    dialog.accept();
    QCOMPARE(m_registry->providers().size(), 1);
    const ProviderProfile p = m_registry->providers().first();
    QCOMPARE(p.name, u"My gateway"_s);
    QCOMPARE(p.keySource, ProviderProfile::KeySource::Keychain);
    QTRY_COMPARE(m_secrets->secrets().value(SecretStore::apiKeyName(p.id)), u"sk-typed-secret"_s);
    m_backing->sync();
    const QByteArray files = TestData::allFiles(m_dir->path());
    QVERIFY(files.contains("My gateway"));
    QVERIFY(!files.contains("sk-typed-secret"));
}

void TstProvidersDialog::testConnectionShowsTheGatewaysOwnWords()
{
    // A gateway that says "bad token" its own way, with status 200.
    m_server->enqueue(FakeResponse::json(R"({"codes":900,"mess":"令牌无效","data":"token"})"));
    ProvidersDialog dialog(m_registry.get());
    fillPreset(dialog, u"sk-wrong"_s);
    QSignalSpy checked(&dialog, &ProvidersDialog::checked);
    child<QPushButton>(&dialog, "testButton")->click();
    QTRY_COMPARE(checked.size(), 1);
    QVERIFY2(checked.first().at(0).toString().contains(u"令牌无效"_s),
        qPrintable(checked.first().at(0).toString()));
    QCOMPARE(checked.first().at(1).toBool(), false);
    QCOMPARE(m_server->lastRequest().header("Authorization"), QByteArray("Bearer sk-wrong"));
    QVERIFY(m_registry->providers().isEmpty()); // nothing changes before OK
}

void TstProvidersDialog::aThousandModelsFetchedAndFiltered()
{
    QJsonArray data;
    for (int i = 0; i < 1000; ++i)
        data.append(QJsonObject { { u"id"_s, u"model-%1"_s.arg(i) } });
    m_server->enqueue(
        FakeResponse::json(QJsonDocument(QJsonObject { { u"data"_s, data } }).toJson()));
    ProvidersDialog dialog(m_registry.get());
    fillPreset(dialog, u"sk-1"_s);
    QSignalSpy checked(&dialog, &ProvidersDialog::checked);
    child<QPushButton>(&dialog, "refreshModelsButton")->click();
    QTRY_COMPARE(checked.size(), 1);
    QVERIFY(checked.first().at(1).toBool());
    auto *table = child<QTableWidget>(&dialog, "modelsTable");
    QCOMPARE(table->rowCount(), 1000);
    child<QLineEdit>(&dialog, "modelFilterEdit")->setText(u"model-99"_s);
    int shown = 0;
    for (int r = 0; r < table->rowCount(); ++r)
        shown += table->isRowHidden(r) ? 0 : 1;
    QCOMPARE(shown, 11); // model-99 and model-990 to model-999
    // The user says which one takes images: kept as said, never guessed.
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == u"model-995"_s)
            table->item(r, 2)->setCheckState(Qt::Checked);
    }
    const ProviderProfile p = dialog.providers().last();
    QCOMPARE(p.models.size(), 1000);
    QVERIFY(p.model(u"model-995"_s)->vision);
    QVERIFY(!p.model(u"model-994"_s)->vision);
}

void TstProvidersDialog::noKeychainAsksBeforeKeepingTheKeyInAFile()
{
    m_secrets->setAvailable(false);
    QWidget window;
    window.show();
    auto *dialog = new ProvidersDialog(m_registry.get(), &window);
    fillPreset(*dialog, u"sk-file-secret"_s);
    QString question;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        // Asked, and nothing written yet.
        m_backing->sync();
        QVERIFY(!TestData::allFiles(m_dir->path()).contains("sk-file-secret"));
        question = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                button->click();
        }
        answer.stop();
    });
    answer.start();
    dialog->accept();
    delete dialog;
    QTRY_VERIFY(!question.isEmpty());
    QVERIFY(question.contains(u"My gateway"_s));
    const ProviderProfile p = m_registry->providers().first();
    QTRY_COMPARE(m_registry->provider(p.id)->keySource, ProviderProfile::KeySource::SettingsFile);
    QTRY_COMPARE(m_registry->apiKey(p.id), u"sk-file-secret"_s);
    m_backing->sync();
    QVERIFY(TestData::allFiles(m_dir->path()).contains("sk-file-secret")); // where the user chose
}

void TstProvidersDialog::openedBeforeTheKeyIsReadTheKeyStays()
{
    ProviderProfile p = ProviderProfile::presets().first();
    QVERIFY(ProviderList::save(*m_settings, { p }));
    bool written = false;
    m_secrets->write(SecretStore::apiKeyName(p.id), u"sk-kept"_s, this,
        [&](const SecretStore::Result &) { written = true; });
    QTRY_VERIFY(written);
    m_registry->load(QProcessEnvironment()); // the key is read later, as a keychain answers
    ProvidersDialog dialog(m_registry.get());
    QTRY_COMPARE(m_registry->apiKey(p.id), u"sk-kept"_s);
    dialog.accept(); // nothing typed
    QTest::qWait(20);
    QCOMPARE(m_secrets->secrets().value(SecretStore::apiKeyName(p.id)), u"sk-kept"_s);
}

QTEST_MAIN(TstProvidersDialog)
#include "tst_providersdialog.moc"

#include "providersdialog.h"

#include "chatclient.h"
#include "modelsreply.h"
#include "providerregistry.h"
#include "proxyrouter.h"
#include "ui_providersdialog.h"

#include <QCheckBox>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>

namespace {

enum ModelColumn { IdColumn, NameColumn, VisionColumn, ReasoningColumn };

QTableWidgetItem *checkItem(bool checked)
{
    auto *item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

} // namespace

ProvidersDialog::ProvidersDialog(ProviderRegistry *registry, QWidget *parent)
    : QDialog(parent)
    , ui(std::make_unique<Ui::ProvidersDialog>())
    , m_registry(registry)
{
    ui->setupUi(this);
    ui->keySourceBox->addItem(tr("System keychain"), int(ProviderProfile::KeySource::Keychain));
    ui->keySourceBox->addItem(
        tr("Environment variable"), int(ProviderProfile::KeySource::Environment));
    ui->keySourceBox->addItem(
        tr("Settings file (not encrypted)"), int(ProviderProfile::KeySource::SettingsFile));
    ui->keySourceBox->addItem(tr("No key"), int(ProviderProfile::KeySource::None));
    ui->proxyBox->addItem(tr("System proxy"), int(ProxyConfig::Mode::System));
    ui->proxyBox->addItem(tr("No proxy"), int(ProxyConfig::Mode::None));
    ui->proxyBox->addItem(tr("This proxy:"), int(ProxyConfig::Mode::Url));
    ui->streamUsageBox->addItem(tr("Automatic (ask, unless the server refused)"),
        int(ProviderConfig::StreamUsage::Automatic));
    ui->streamUsageBox->addItem(tr("Always ask"), int(ProviderConfig::StreamUsage::Always));
    ui->streamUsageBox->addItem(tr("Never ask"), int(ProviderConfig::StreamUsage::Never));
    ui->connectTimeoutSpin->setSuffix(tr(" s to connect"));
    ui->inactivityTimeoutSpin->setSuffix(tr(" s of silence"));
    ui->modelsTable->horizontalHeader()->setSectionResizeMode(IdColumn, QHeaderView::Stretch);
    ui->modelsTable->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);

    auto *presets = new QMenu(ui->addButton);
    const QList<ProviderProfile> list = ProviderProfile::presets();
    for (int i = 0; i < list.size(); ++i)
        presets->addAction(list.at(i).name, this, [this, i] { addPreset(i); });
    ui->addButton->setMenu(presets);

    for (const ProviderProfile &p : m_registry->providers()) {
        if (p.transient)
            continue;
        m_profiles.append(p);
        m_keys.insert(p.id, m_registry->apiKey(p.id));
        m_proxyPasswords.insert(p.id, m_registry->proxyPassword(p.id));
    }
    fillList();

    connect(ui->providerList, &QListWidget::currentRowChanged, this, [this](int row) {
        store();
        load(row);
    });
    connect(ui->duplicateButton, &QToolButton::clicked, this, [this] {
        if (m_row < 0)
            return;
        store();
        ProviderProfile copy = m_profiles.at(m_row);
        const QString from = copy.id;
        copy.id = ProviderProfile::newId();
        copy.name = tr("%1 (copy)").arg(copy.name);
        m_keys.insert(copy.id, m_keys.value(from));
        m_proxyPasswords.insert(copy.id, m_proxyPasswords.value(from));
        m_keysEdited.insert(copy.id); // a new id: its secrets are written as new
        m_passwordsEdited.insert(copy.id);
        m_profiles.insert(m_row + 1, copy);
        fillList();
        selectProvider(m_row + 1);
    });
    connect(ui->removeButton, &QToolButton::clicked, this, [this] {
        if (m_row < 0)
            return;
        const int row = m_row;
        m_row = -1; // nothing to store back
        m_profiles.removeAt(row);
        fillList();
        selectProvider(qMin(row, int(m_profiles.size()) - 1));
    });
    connect(ui->upButton, &QToolButton::clicked, this, [this] { move(-1); });
    connect(ui->downButton, &QToolButton::clicked, this, [this] { move(1); });
    connect(ui->baseUrlEdit, &QLineEdit::textChanged, this, &ProvidersDialog::updateEndpoint);
    connect(ui->keySourceBox, &QComboBox::currentIndexChanged, this, [this] {
        // The field held the previous source's text (a key, or a variable's name): keep it.
        if (m_row >= 0 && m_row < m_profiles.size()) {
            ProviderProfile &p = m_profiles[m_row];
            if (m_shownKeySource == ProviderProfile::KeySource::Environment)
                p.keyVariable = ui->keyEdit->text().trimmed();
            else if (m_shownKeySource != ProviderProfile::KeySource::None)
                m_keys.insert(p.id, ui->keyEdit->text().trimmed());
        }
        updateKeyWidgets();
    });
    connect(ui->keyEdit, &QLineEdit::textEdited, this, [this] {
        if (m_row >= 0 && m_shownKeySource != ProviderProfile::KeySource::Environment)
            m_keysEdited.insert(m_profiles.at(m_row).id);
    });
    connect(ui->proxyPasswordEdit, &QLineEdit::textEdited, this, [this] {
        if (m_row >= 0)
            m_passwordsEdited.insert(m_profiles.at(m_row).id);
    });
    connect(ui->showKeyButton, &QToolButton::toggled, this, [this](bool shown) {
        if (ui->keySourceBox->currentData().toInt() != int(ProviderProfile::KeySource::Environment))
            ui->keyEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(
        ui->proxyBox, &QComboBox::currentIndexChanged, this, &ProvidersDialog::updateProxyWidgets);
    connect(ui->addHeaderButton, &QToolButton::clicked, this, [this] {
        const int row = ui->headersTable->rowCount();
        ui->headersTable->insertRow(row);
        ui->headersTable->setItem(row, 0, new QTableWidgetItem);
        ui->headersTable->setItem(row, 1, new QTableWidgetItem);
        ui->headersTable->editItem(ui->headersTable->item(row, 0));
    });
    connect(ui->removeHeaderButton, &QToolButton::clicked, this, [this] {
        if (ui->headersTable->currentRow() >= 0)
            ui->headersTable->removeRow(ui->headersTable->currentRow());
    });
    connect(ui->testButton, &QPushButton::clicked, this, [this] { fetchModels(true); });
    connect(ui->refreshModelsButton, &QPushButton::clicked, this, [this] { fetchModels(false); });
    connect(ui->modelFilterEdit, &QLineEdit::textChanged, this, &ProvidersDialog::filterModels);
    connect(ui->addModelButton, &QPushButton::clicked, this, &ProvidersDialog::addModel);
    connect(ui->newModelEdit, &QLineEdit::returnPressed, this, &ProvidersDialog::addModel);
    connect(
        ui->removeModelButton, &QPushButton::clicked, this, &ProvidersDialog::removeSelectedModels);
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &ProvidersDialog::accept);

    selectProvider(m_profiles.isEmpty() ? -1 : 0);
}

ProvidersDialog::~ProvidersDialog()
{
    // A test tried the form's proxy for an origin: put back what is in use there (the system's
    // proxy when no provider has that origin).
    m_testClient.reset();
    ProxyRouter *router = ProxyRouter::forManager(m_registry->networkAccessManager());
    for (const QUrl &origin : std::as_const(m_testedOrigins))
        router->setProxy(origin, ProxyConfig::system());
    for (const ProviderProfile &p : m_registry->providers())
        m_registry->refresh(p.id);
}

QList<ProviderProfile> ProvidersDialog::providers()
{
    store();
    return m_profiles;
}

void ProvidersDialog::fillList()
{
    const QSignalBlocker blocker(ui->providerList);
    ui->providerList->clear();
    for (const ProviderProfile &p : std::as_const(m_profiles))
        ui->providerList->addItem(p.name.isEmpty() ? tr("(unnamed)") : p.name);
}

void ProvidersDialog::selectProvider(int row)
{
    store();
    {
        const QSignalBlocker blocker(ui->providerList);
        ui->providerList->setCurrentRow(row);
    }
    load(row);
}

void ProvidersDialog::addPreset(int index)
{
    const QList<ProviderProfile> presets = ProviderProfile::presets();
    if (index < 0 || index >= presets.size())
        return;
    store();
    m_profiles.append(presets.at(index));
    fillList();
    selectProvider(int(m_profiles.size()) - 1);
    ui->tabs->setCurrentWidget(ui->connectionTab);
    ui->baseUrlEdit->setFocus();
}

void ProvidersDialog::move(int by)
{
    const int to = m_row + by;
    if (m_row < 0 || to < 0 || to >= m_profiles.size())
        return;
    store();
    m_profiles.move(m_row, to);
    fillList();
    m_row = -1;
    selectProvider(to);
}

void ProvidersDialog::load(int row)
{
    m_row = row;
    const bool has = row >= 0 && row < m_profiles.size();
    ui->tabs->setEnabled(has);
    ui->duplicateButton->setEnabled(has);
    ui->removeButton->setEnabled(has);
    ui->upButton->setEnabled(has && row > 0);
    ui->downButton->setEnabled(has && row + 1 < m_profiles.size());
    ui->testResult->clear();
    if (!has) {
        m_row = -1;
        return;
    }
    const ProviderProfile &p = m_profiles.at(row);
    ui->nameEdit->setText(p.name);
    ui->baseUrlEdit->setText(p.baseUrl);
    ui->keySourceBox->setCurrentIndex(ui->keySourceBox->findData(int(p.keySource)));
    updateKeyWidgets();
    ui->keyEdit->setText(p.keySource == ProviderProfile::KeySource::Environment
            ? p.keyVariable
            : m_keys.value(p.id));
    ui->headersTable->setRowCount(0);
    for (const auto &[name, value] : p.headers) {
        const int r = ui->headersTable->rowCount();
        ui->headersTable->insertRow(r);
        ui->headersTable->setItem(r, 0, new QTableWidgetItem(QString::fromLatin1(name)));
        ui->headersTable->setItem(r, 1, new QTableWidgetItem(QString::fromUtf8(value)));
    }
    ui->proxyBox->setCurrentIndex(ui->proxyBox->findData(int(p.proxy.mode)));
    QUrl proxyUrl = p.proxy.url;
    proxyUrl.setPassword(QString());
    ui->proxyEdit->setText(
        m_proxyErrors.contains(p.id) ? m_proxyErrors.value(p.id) : proxyUrl.toString());
    ui->proxyPasswordEdit->setText(m_proxyPasswords.value(p.id));
    updateProxyWidgets();
    ui->connectTimeoutSpin->setValue(p.connectTimeoutMs / 1000);
    ui->inactivityTimeoutSpin->setValue(p.inactivityTimeoutMs / 1000);
    ui->streamUsageBox->setCurrentIndex(ui->streamUsageBox->findData(int(p.streamUsage)));
    ui->sendReasoningCheck->setChecked(p.sendReasoningBack);
    fillModels();
    ui->defaultModelBox->setCurrentText(p.defaultModel);
}

void ProvidersDialog::store()
{
    if (m_row < 0 || m_row >= m_profiles.size())
        return;
    ProviderProfile &p = m_profiles[m_row];
    p.name = ui->nameEdit->text().trimmed();
    if (p.baseUrl != ui->baseUrlEdit->text().trimmed())
        p.streamOptionsRejected = false; // learned of another server
    p.baseUrl = ui->baseUrlEdit->text().trimmed();
    p.keySource = ProviderProfile::KeySource(ui->keySourceBox->currentData().toInt());
    if (p.keySource == ProviderProfile::KeySource::Environment)
        p.keyVariable = ui->keyEdit->text().trimmed();
    else if (p.keySource != ProviderProfile::KeySource::None)
        m_keys.insert(p.id, ui->keyEdit->text().trimmed());
    p.headers.clear();
    for (int r = 0; r < ui->headersTable->rowCount(); ++r) {
        const QString name = ui->headersTable->item(r, 0)
            ? ui->headersTable->item(r, 0)->text().trimmed()
            : QString();
        const QString value
            = ui->headersTable->item(r, 1) ? ui->headersTable->item(r, 1)->text() : QString();
        if (!name.isEmpty())
            p.headers.append({ name.toLatin1(), value.toUtf8() });
    }
    const auto mode = ProxyConfig::Mode(ui->proxyBox->currentData().toInt());
    m_proxyErrors.remove(p.id);
    if (mode == ProxyConfig::Mode::Url) {
        ProxyConfig proxy;
        QString error;
        if (ProxyConfig::parse(ui->proxyEdit->text().trimmed(), proxy, &error)
            && proxy.mode == ProxyConfig::Mode::Url) {
            p.proxy = proxy;
            p.proxy.url.setPassword(QString());
        } else {
            m_proxyErrors.insert(p.id, ui->proxyEdit->text());
        }
    } else {
        p.proxy = mode == ProxyConfig::Mode::None ? ProxyConfig::none() : ProxyConfig::system();
    }
    m_proxyPasswords.insert(p.id, ui->proxyPasswordEdit->text());
    p.connectTimeoutMs = ui->connectTimeoutSpin->value() * 1000;
    p.inactivityTimeoutMs = ui->inactivityTimeoutSpin->value() * 1000;
    p.streamUsage = ProviderConfig::StreamUsage(ui->streamUsageBox->currentData().toInt());
    p.sendReasoningBack = ui->sendReasoningCheck->isChecked();
    QList<ModelInfo> models;
    for (int r = 0; r < ui->modelsTable->rowCount(); ++r) {
        ModelInfo m;
        m.id = ui->modelsTable->item(r, IdColumn)->text();
        m.displayName = ui->modelsTable->item(r, NameColumn)->text().trimmed();
        m.vision = ui->modelsTable->item(r, VisionColumn)->checkState() == Qt::Checked;
        m.reasoning = ui->modelsTable->item(r, ReasoningColumn)->checkState() == Qt::Checked;
        m.manual = ui->modelsTable->item(r, IdColumn)->data(Qt::UserRole).toBool();
        models.append(m);
    }
    p.models = models;
    p.defaultModel = ui->defaultModelBox->currentText().trimmed();
    if (QListWidgetItem *item = ui->providerList->item(m_row))
        item->setText(p.name.isEmpty() ? tr("(unnamed)") : p.name);
}

void ProvidersDialog::updateEndpoint()
{
    const QString text = ui->baseUrlEdit->text().trimmed();
    const Endpoint endpoint = Endpoint::fromUserInput(text);
    ui->endpointLabel->setText(text.isEmpty() ? QString()
            : endpoint.isValid()
            ? tr("Requests go to %1").arg(endpoint.chatCompletionsUrl().toString())
            : tr("This is not a URL Confab can use."));
}

void ProvidersDialog::updateKeyWidgets()
{
    const auto source = ProviderProfile::KeySource(ui->keySourceBox->currentData().toInt());
    m_shownKeySource = source;
    const bool variable = source == ProviderProfile::KeySource::Environment;
    ui->keyEdit->setEnabled(source != ProviderProfile::KeySource::None);
    ui->showKeyButton->setEnabled(!variable && source != ProviderProfile::KeySource::None);
    ui->keyEdit->setEchoMode(
        variable || ui->showKeyButton->isChecked() ? QLineEdit::Normal : QLineEdit::Password);
    ui->keyEdit->setPlaceholderText(
        variable ? tr("The variable's name, e.g. DEEPSEEK_API_KEY") : tr("sk-…"));
    if (m_row >= 0 && m_row < m_profiles.size()) {
        const ProviderProfile &p = m_profiles.at(m_row);
        const QSignalBlocker blocker(ui->keyEdit);
        ui->keyEdit->setText(variable ? p.keyVariable : m_keys.value(p.id));
    }
}

void ProvidersDialog::updateProxyWidgets()
{
    const bool url = ui->proxyBox->currentData().toInt() == int(ProxyConfig::Mode::Url);
    ui->proxyEdit->setEnabled(url);
    ui->proxyPasswordEdit->setEnabled(url);
}

void ProvidersDialog::fillModels()
{
    const QSignalBlocker blocker(ui->modelsTable);
    const ProviderProfile &p = m_profiles.at(m_row);
    ui->modelsTable->setRowCount(0);
    ui->modelsTable->setRowCount(int(p.models.size()));
    const QString current = ui->defaultModelBox->currentText();
    ui->defaultModelBox->clear();
    for (int r = 0; r < p.models.size(); ++r) {
        const ModelInfo &m = p.models.at(r);
        auto *id = new QTableWidgetItem(m.id);
        id->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        id->setData(Qt::UserRole, m.manual);
        ui->modelsTable->setItem(r, IdColumn, id);
        ui->modelsTable->setItem(r, NameColumn, new QTableWidgetItem(m.displayName));
        ui->modelsTable->setItem(r, VisionColumn, checkItem(m.vision));
        ui->modelsTable->setItem(r, ReasoningColumn, checkItem(m.reasoning));
        ui->defaultModelBox->addItem(m.id);
    }
    ui->defaultModelBox->setCurrentText(current);
    filterModels(ui->modelFilterEdit->text());
}

void ProvidersDialog::filterModels(const QString &text)
{
    for (int r = 0; r < ui->modelsTable->rowCount(); ++r) {
        const bool shown = text.isEmpty()
            || ui->modelsTable->item(r, IdColumn)->text().contains(text, Qt::CaseInsensitive)
            || ui->modelsTable->item(r, NameColumn)->text().contains(text, Qt::CaseInsensitive);
        ui->modelsTable->setRowHidden(r, !shown);
    }
}

void ProvidersDialog::addModel()
{
    const QString id = ui->newModelEdit->text().trimmed();
    if (id.isEmpty() || m_row < 0)
        return;
    store();
    ProviderProfile &p = m_profiles[m_row];
    if (!p.model(id))
        p.models.append({ id, {}, false, false, true });
    ui->newModelEdit->clear();
    fillModels();
}

void ProvidersDialog::removeSelectedModels()
{
    if (m_row < 0)
        return;
    store();
    QList<int> rows;
    for (const QModelIndex &index : ui->modelsTable->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.rbegin(), rows.rend());
    for (int r : rows)
        m_profiles[m_row].models.removeAt(r);
    fillModels();
}

void ProvidersDialog::mergeModels(const QStringList &ids)
{
    ProviderProfile &p = m_profiles[m_row];
    QList<ModelInfo> merged;
    for (const QString &id : ids) {
        const ModelInfo *known = p.model(id);
        merged.append(known ? *known : ModelInfo { id, {}, false, false, false });
    }
    // What the user typed or described stays, listed or not.
    for (const ModelInfo &m : std::as_const(p.models)) {
        if (!ids.contains(m.id)
            && (m.manual || m.vision || m.reasoning || !m.displayName.isEmpty()))
            merged.append(m);
    }
    p.models = merged;
    fillModels();
}

void ProvidersDialog::fetchModels(bool test)
{
    if (m_row < 0)
        return;
    store();
    if (m_fetch)
        m_fetch->cancel();
    const ProviderProfile &p = m_profiles.at(m_row);
    if (!Endpoint::fromUserInput(p.baseUrl).isValid()) {
        ui->testResult->setText(tr("Enter the provider's base URL first."));
        emit checked(ui->testResult->text(), false);
        return;
    }
    QString key = m_keys.value(p.id);
    if (p.keySource == ProviderProfile::KeySource::Environment)
        key = qEnvironmentVariable(p.keyVariable.toLocal8Bit().constData());
    m_testClient = std::make_unique<ChatClient>(m_registry->networkAccessManager());
    m_testedOrigins.insert(Endpoint::fromUserInput(p.baseUrl).baseUrl());
    m_testClient->setProvider(p.toConfig(key, m_proxyPasswords.value(p.id)));
    ui->testResult->setText(test ? tr("Connecting…") : tr("Fetching the models…"));
    ui->testButton->setEnabled(false);
    ui->refreshModelsButton->setEnabled(false);
    ModelsReply *reply = m_testClient->fetchModels();
    m_fetch = reply;
    const QString id = p.id;
    auto done = [this] {
        ui->testButton->setEnabled(true);
        ui->refreshModelsButton->setEnabled(true);
    };
    connect(reply, &ModelsReply::finished, this, [this, reply, id, done] {
        done();
        const QStringList models = reply->models();
        if (m_row >= 0 && m_profiles.at(m_row).id == id)
            mergeModels(models);
        ui->testResult->setText(
            tr("Connected: the server lists %n model(s).", nullptr, int(models.size())));
        emit checked(ui->testResult->text(), true);
    });
    connect(reply, &ModelsReply::failed, this, [this, done](const ApiError &error) {
        done();
        ui->testResult->setText(error.message());
        emit checked(error.message(), false);
    });
}

void ProvidersDialog::accept()
{
    store();
    if (!m_proxyErrors.isEmpty()) {
        for (int r = 0; r < m_profiles.size(); ++r) {
            if (m_proxyErrors.contains(m_profiles.at(r).id)) {
                selectProvider(r);
                break;
            }
        }
        ui->testResult->setText(tr("The proxy is not a URL Confab can use, e.g. "
                                   "socks5://user@host:1080 or http://host:3128."));
        return;
    }
    // Keys are kept before the dialog closes its eyes: the answers come later, to the window.
    QHash<QString, QString> keys, passwords;
    for (const ProviderProfile &p : std::as_const(m_profiles)) {
        if (p.keySource != ProviderProfile::KeySource::Environment
            && p.keySource != ProviderProfile::KeySource::None && m_keysEdited.contains(p.id))
            keys.insert(p.id, m_keys.value(p.id));
        if (p.proxy.mode == ProxyConfig::Mode::Url && m_passwordsEdited.contains(p.id))
            passwords.insert(p.id, m_proxyPasswords.value(p.id));
    }
    m_registry->setProviders(m_profiles);
    QWidget *window = parentWidget();
    ProviderRegistry *registry = m_registry;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        const QString id = it.key();
        const QString key = it.value();
        registry->setApiKey(id, key, registry,
            [registry, window = QPointer<QWidget>(window), id, key](const SecretStore::Result &r) {
                if (r.status == SecretStore::Status::NoBackend)
                    askWhereToKeepKey(registry, window, id, key, r.message);
                else if (r.status != SecretStore::Status::Ok && window)
                    QMessageBox::warning(
                        window, tr("Confab"), tr("The key could not be kept: %1").arg(r.message));
            });
    }
    for (auto it = passwords.cbegin(); it != passwords.cend(); ++it) {
        registry->setProxyPassword(it.key(), it.value(), registry,
            [registry, window = QPointer<QWidget>(window), id = it.key(),
                keyAsked = keys.contains(it.key())](const SecretStore::Result &r) {
                // With the key, the question about the key moves it along; alone, say so.
                if (r.status == SecretStore::Status::Ok || keyAsked || !window)
                    return;
                const ProviderProfile *p = registry->provider(id);
                QMessageBox::warning(window, tr("Confab"),
                    tr("The proxy password for %1 could not be kept: %2\n\nIt is used until "
                       "Confab quits. Choose \"Settings file\" for the key in Settings ▸ "
                       "Providers to keep it there.")
                        .arg(p ? p->name : id, r.message));
            });
    }
    QDialog::accept();
}

void askWhereToKeepKey(ProviderRegistry *registry, QWidget *parent, const QString &providerId,
    const QString &key, const QString &why)
{
    const ProviderProfile *found = registry->provider(providerId);
    if (!found)
        return;
    ProviderProfile p = *found;
    QMessageBox box(QMessageBox::Warning, ProvidersDialog::tr("Where should the key be kept?"),
        ProvidersDialog::tr("The key for “%1” cannot go to the system keychain: %2")
            .arg(p.name, why),
        QMessageBox::NoButton, parent);
    box.setInformativeText(ProvidersDialog::tr(
        "Confab can keep it in its settings file, unencrypted: anyone who can read your files "
        "can read it. Or it can read the key from an environment variable you set yourself."));
    QPushButton *file
        = box.addButton(ProvidersDialog::tr("Keep in Settings File"), QMessageBox::AcceptRole);
    QPushButton *variable = box.addButton(
        ProvidersDialog::tr("Use an Environment Variable…"), QMessageBox::ActionRole);
    box.addButton(ProvidersDialog::tr("Do Not Keep It"), QMessageBox::RejectRole);
    box.exec();
    QList<ProviderProfile> list;
    auto replace = [&](const ProviderProfile &changed) {
        for (ProviderProfile q : registry->providers())
            list.append(q.id == changed.id ? changed : q);
        registry->setProviders(list);
    };
    if (box.clickedButton() == file) {
        p.keySource = ProviderProfile::KeySource::SettingsFile;
        replace(p);
        registry->setApiKey(providerId, key, registry, [](const SecretStore::Result &) {});
    } else if (box.clickedButton() == variable) {
        bool ok = false;
        const QString name
            = QInputDialog::getText(parent, ProvidersDialog::tr("Environment Variable"),
                ProvidersDialog::tr("The variable that holds the key:"), QLineEdit::Normal,
                QStringLiteral("CONFAB_API_KEY"), &ok)
                  .trimmed();
        if (!ok || name.isEmpty())
            return;
        p.keySource = ProviderProfile::KeySource::Environment;
        p.keyVariable = name;
        replace(p);
    }
}

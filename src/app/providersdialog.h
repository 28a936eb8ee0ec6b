#pragma once

#include "providerprofile.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <memory>

class ChatClient;
class ModelsReply;
class ProviderRegistry;

namespace Ui {
class ProvidersDialog;
}

// Sets up the providers: a list to add (from presets), duplicate, remove and reorder, and the
// selected one's connection (base URL with the endpoint it resolves to, key and where it is
// kept, headers, proxy, timeouts, stream usage, reasoning sent back) and models (fetched and
// typed, each with the capabilities the user gives it). Nothing changes until OK; "Test
// Connection" and "Fetch Models" try the form as it stands.
class ProvidersDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProvidersDialog(ProviderRegistry *registry, QWidget *parent = nullptr);
    ~ProvidersDialog() override;

    // The providers as the form has them now.
    QList<ProviderProfile> providers();
    void selectProvider(int row);
    void addPreset(int index); // ProviderProfile::presets()

    void accept() override;

signals:
    // A connection test or a model fetch ended: the line shown, and whether it worked.
    void checked(const QString &message, bool ok);

private:
    void load(int row);
    void store();
    void fillList();
    void fillModels();
    void filterModels(const QString &text);
    void updateEndpoint();
    void updateKeyWidgets();
    void updateProxyWidgets();
    void fetchModels(bool test);
    void mergeModels(const QStringList &ids);
    void addModel();
    void removeSelectedModels();
    void move(int by);

    std::unique_ptr<Ui::ProvidersDialog> ui;
    ProviderRegistry *m_registry;
    QList<ProviderProfile> m_profiles;
    QHash<QString, QString> m_keys; // by provider id, as typed
    QHash<QString, QString> m_proxyPasswords;
    QHash<QString, QString> m_proxyErrors; // a proxy URL that does not parse, with why
    // What the user typed: only these are written at OK (a key not yet read from the keychain
    // when the dialog opened shows empty, and must not be "saved" as empty).
    QSet<QString> m_keysEdited;
    QSet<QString> m_passwordsEdited;
    ProviderProfile::KeySource m_shownKeySource = ProviderProfile::KeySource::Keychain;
    QSet<QUrl> m_testedOrigins; // their proxy routes, tried by a test, are put back
    int m_row = -1;
    std::unique_ptr<ChatClient> m_testClient;
    QPointer<ModelsReply> m_fetch;
};

// No keychain answered when a key was to be kept: ask the user whether to keep it in the
// settings file (with a warning), read it from an environment variable, or not keep it.
void askWhereToKeepKey(ProviderRegistry *registry, QWidget *parent, const QString &providerId,
    const QString &key, const QString &why);

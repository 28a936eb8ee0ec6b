#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

// Where API keys (and proxy passwords) are kept: the system keychain in the app, memory in
// tests. Asynchronous, as a keychain is: a D-Bus round trip, perhaps an unlock prompt. The
// callback runs later on the caller's thread, never inside the call, and not at all once its
// context object is gone.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound, // nothing kept under that name
        NoBackend, // no keychain service answers (no Secret Service, no KWallet)
        Denied, // the user or the system refused
        Failed,
    };
    struct Result
    {
        Status status = Status::Ok;
        QString secret; // read(): what was kept
        QString message; // for the user, when status is not Ok
    };
    using Callback = std::function<void(const Result &)>;

    using QObject::QObject;
    virtual void read(const QString &name, QObject *context, Callback done) = 0;
    virtual void write(const QString &name, const QString &secret, QObject *context, Callback done)
        = 0;
    virtual void remove(const QString &name, QObject *context, Callback done) = 0;

    // The names secrets are kept under.
    static QString apiKeyName(const QString &providerId);
    static QString proxyPasswordName(const QString &providerId);
};

// The system keychain, through QtKeychain (libsecret or KWallet on Linux). Never its
// "insecure fallback": keeping a key in a plain file is the user's explicit choice, elsewhere.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);

    void read(const QString &name, QObject *context, Callback done) override;
    void write(
        const QString &name, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &name, QObject *context, Callback done) override;

private:
    QString m_service;
};

// Secrets in memory, for tests and for a session that keeps nothing; setAvailable(false)
// answers as a machine without a keychain service does.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    using SecretStore::SecretStore;
    void setAvailable(bool available) { m_available = available; }
    QHash<QString, QString> secrets() const { return m_secrets; }

    void read(const QString &name, QObject *context, Callback done) override;
    void write(
        const QString &name, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &name, QObject *context, Callback done) override;

private:
    void answer(QObject *context, Callback done, const Result &result);

    QHash<QString, QString> m_secrets;
    bool m_available = true;
};

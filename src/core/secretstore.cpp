#include "secretstore.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

namespace {

SecretStore::Result resultOf(const QKeychain::Job &job)
{
    SecretStore::Result r;
    switch (job.error()) {
    case QKeychain::NoError:
        return r;
    case QKeychain::EntryNotFound:
        r.status = SecretStore::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = SecretStore::Status::NoBackend;
        r.message = SecretStore::tr("No keychain service answers on this computer (%1).")
                        .arg(job.errorString());
        return r;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.status = SecretStore::Status::Denied;
        r.message = SecretStore::tr("The keychain refused: %1").arg(job.errorString());
        return r;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        r.status = SecretStore::Status::Failed;
        break;
    }
    r.message = SecretStore::tr("The keychain failed: %1").arg(job.errorString());
    return r;
}

// Runs `job` and hands its result to `done` on context's thread, if context still lives.
void run(QKeychain::Job *job, QObject *context, SecretStore::Callback done,
    std::function<void(QKeychain::Job *, SecretStore::Result &)> extract = nullptr)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, context,
        [done = std::move(done), extract = std::move(extract)](QKeychain::Job *finished) {
            SecretStore::Result r = resultOf(*finished);
            if (r.status == SecretStore::Status::Ok && extract)
                extract(finished, r);
            done(r);
        });
    job->start();
}

} // namespace

QString SecretStore::apiKeyName(const QString &providerId)
{
    return QStringLiteral("provider/%1/api-key").arg(providerId);
}

QString SecretStore::proxyPasswordName(const QString &providerId)
{
    return QStringLiteral("provider/%1/proxy-password").arg(providerId);
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{ }

void KeychainSecretStore::read(const QString &name, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(name);
    run(job, context, std::move(done), [](QKeychain::Job *j, Result &r) {
        r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
    });
}

void KeychainSecretStore::write(
    const QString &name, const QString &secret, QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(name);
    job->setTextData(secret);
    run(job, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &name, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(name);
    run(job, context, std::move(done));
}

void MemorySecretStore::answer(QObject *context, Callback done, const Result &result)
{
    QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
}

void MemorySecretStore::read(const QString &name, QObject *context, Callback done)
{
    Result r;
    if (!m_available) {
        r.status = Status::NoBackend;
        r.message = tr("No keychain service answers on this computer.");
    } else if (!m_secrets.contains(name)) {
        r.status = Status::NotFound;
    } else {
        r.secret = m_secrets.value(name);
    }
    answer(context, std::move(done), r);
}

void MemorySecretStore::write(
    const QString &name, const QString &secret, QObject *context, Callback done)
{
    Result r;
    if (!m_available) {
        r.status = Status::NoBackend;
        r.message = tr("No keychain service answers on this computer.");
    } else {
        m_secrets.insert(name, secret);
    }
    answer(context, std::move(done), r);
}

void MemorySecretStore::remove(const QString &name, QObject *context, Callback done)
{
    Result r;
    if (!m_available) {
        r.status = Status::NoBackend;
        r.message = tr("No keychain service answers on this computer.");
    } else if (m_secrets.remove(name) == 0) {
        r.status = Status::NotFound;
    }
    answer(context, std::move(done), r);
}

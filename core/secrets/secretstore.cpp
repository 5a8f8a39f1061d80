#include "secrets/secretstore.h"

#include "secrets/secretfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <future>

namespace tollgate {

namespace {

Q_LOGGING_CATEGORY(lcSecrets, "tollgate.secrets", QtInfoMsg)

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::SecretStore", text);
}

// QtKeychain runs its jobs through a process-wide executor that lives on the thread of the first
// job, and answers through D-Bus replies that need an event loop. So every job of the process
// runs on this one thread, and callers wait for a promise with a deadline instead of spinning a
// nested event loop. Created on first use; stopped when the QCoreApplication goes away.
QThread* keychainThread()
{
    static QThread* thread = [] {
        auto* t = new QThread;
        t->setObjectName(QStringLiteral("tollgate-keychain"));
        t->start();
        qAddPostRoutine([] {
            QThread* running = keychainThread();
            running->quit();
            running->wait(2000);
        });
        return t;
    }();
    return thread;
}

struct KeychainAnswer
{
    bool answered = false; // false: no answer within the deadline
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;
};

enum class KeychainOp
{
    Read,
    Write,
    Remove
};

KeychainAnswer runKeychainJob(KeychainOp op, const QString& service, const QString& key,
                              const QByteArray& data, int timeoutMs)
{
    auto promise = std::make_shared<std::promise<KeychainAnswer>>();
    std::future<KeychainAnswer> future = promise->get_future();
    QThread* thread = keychainThread();
    auto* context = new QObject;
    context->moveToThread(thread);
    QMetaObject::invokeMethod(context, [op, service, key, data, promise, context] {
        QKeychain::Job* job = nullptr;
        switch (op) {
        case KeychainOp::Read:
            job = new QKeychain::ReadPasswordJob(service);
            break;
        case KeychainOp::Write: {
            auto* write = new QKeychain::WritePasswordJob(service);
            write->setBinaryData(data);
            job = write;
            break;
        }
        case KeychainOp::Remove:
            job = new QKeychain::DeletePasswordJob(service);
            break;
        }
        // Never QtKeychain's own plaintext fallback: the encrypted file is ours.
        job->setInsecureFallback(false);
        job->setAutoDelete(true);
        job->setKey(key);
        QObject::connect(job, &QKeychain::Job::finished, job, [promise, op](QKeychain::Job* finished) {
            KeychainAnswer answer;
            answer.answered = true;
            answer.error = finished->error();
            answer.errorString = finished->errorString();
            if (op == KeychainOp::Read && answer.error == QKeychain::NoError)
                answer.data = static_cast<QKeychain::ReadPasswordJob*>(finished)->binaryData();
            promise->set_value(std::move(answer));
        });
        job->start();
        context->deleteLater();
    });
    if (future.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready)
        return KeychainAnswer{}; // the job still finishes (or not) on its thread; nobody waits
    return future.get();
}

const QRegularExpression& namePattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return re;
}

Error badName(const QString& name)
{
    return makeError(
        tr("Bad secret name %1: use letters, digits, '.', '_' and '-', starting with a letter or digit")
            .arg(QLatin1Char('\'') + name.left(64) + QLatin1Char('\'')));
}

QString keychainFailure(const KeychainAnswer& answer, int timeoutMs)
{
    if (!answer.answered)
        return tr("the system keychain did not answer within %1 ms").arg(timeoutMs);
    return tr("the system keychain failed: %1").arg(answer.errorString);
}

} // namespace

SecretStore::SecretStore(Options options)
    : m_options(std::move(options)), m_file(std::make_unique<SecretFile>(m_options.dataDir))
{
}

SecretStore::~SecretStore() = default;

bool SecretStore::isValidName(const QString& name)
{
    return namePattern().match(name).hasMatch();
}

QString SecretStore::filePath() const
{
    return m_file->path();
}

void SecretStore::decideBackend()
{
    if (m_decided)
        return;
    m_decided = true;
    if (!m_options.useKeychain) {
        m_backend = Backend::EncryptedFile;
        m_fallbackReason = tr("The system keychain is turned off for this gateway; secrets are kept in the "
                              "encrypted file %1")
                               .arg(m_file->path());
        return;
    }
    // A read of a name that is never written: "not found" proves the keychain answers.
    const KeychainAnswer probe =
        runKeychainJob(KeychainOp::Read, m_options.service, QStringLiteral("tollgate-keychain-probe"), {},
                       m_options.keychainTimeoutMs);
    if (probe.answered && (probe.error == QKeychain::NoError || probe.error == QKeychain::EntryNotFound)) {
        m_backend = Backend::Keychain;
        m_fallbackReason.clear();
        return;
    }
    m_backend = Backend::EncryptedFile;
    const QString why = !probe.answered
                            ? tr("it did not answer within %1 ms").arg(m_options.keychainTimeoutMs)
                            : probe.errorString;
    m_fallbackReason = tr("No system keychain is available (%1); secrets are kept in the encrypted file %2")
                           .arg(why, m_file->path());
    qCInfo(lcSecrets).noquote() << m_fallbackReason;
}

SecretStore::Backend SecretStore::backend()
{
    QMutexLocker lock(&m_mutex);
    decideBackend();
    return m_backend;
}

QString SecretStore::fallbackReason()
{
    QMutexLocker lock(&m_mutex);
    decideBackend();
    return m_fallbackReason;
}

Result<std::optional<QByteArray>> SecretStore::read(const QString& name)
{
    if (!isValidName(name))
        return badName(name);
    QMutexLocker lock(&m_mutex);
    decideBackend();
    if (m_backend == Backend::Keychain) {
        const KeychainAnswer answer =
            runKeychainJob(KeychainOp::Read, m_options.service, name, {}, m_options.keychainTimeoutMs);
        if (answer.answered && answer.error == QKeychain::NoError)
            return std::optional<QByteArray>(answer.data);
        if (!answer.answered || answer.error != QKeychain::EntryNotFound)
            return makeError(tr("Cannot read secret %1: %2")
                                 .arg(name, keychainFailure(answer, m_options.keychainTimeoutMs)));
        // Not in the keychain: it may have been saved while the keychain was away.
        if (!QFile::exists(m_file->path()))
            return std::optional<QByteArray>();
    }
    return m_file->read(name);
}

Result<void> SecretStore::write(const QString& name, const QByteArray& secret)
{
    if (!isValidName(name))
        return badName(name);
    if (secret.isEmpty())
        return makeError(tr("Secret %1 is empty; remove it instead").arg(name));
    QMutexLocker lock(&m_mutex);
    decideBackend();
    if (m_backend == Backend::Keychain) {
        const KeychainAnswer answer =
            runKeychainJob(KeychainOp::Write, m_options.service, name, secret, m_options.keychainTimeoutMs);
        if (!answer.answered || answer.error != QKeychain::NoError)
            return makeError(tr("Cannot save secret %1: %2")
                                 .arg(name, keychainFailure(answer, m_options.keychainTimeoutMs)));
        // An older copy in the file would come back if the keychain went away later.
        if (QFile::exists(m_file->path()))
            (void)m_file->remove(name);
        return {};
    }
    return m_file->write(name, secret);
}

Result<void> SecretStore::remove(const QString& name)
{
    if (!isValidName(name))
        return badName(name);
    QMutexLocker lock(&m_mutex);
    decideBackend();
    if (m_backend == Backend::Keychain) {
        const KeychainAnswer answer =
            runKeychainJob(KeychainOp::Remove, m_options.service, name, {}, m_options.keychainTimeoutMs);
        if (!answer.answered ||
            (answer.error != QKeychain::NoError && answer.error != QKeychain::EntryNotFound)) {
            return makeError(tr("Cannot remove secret %1: %2")
                                 .arg(name, keychainFailure(answer, m_options.keychainTimeoutMs)));
        }
        if (!QFile::exists(m_file->path()))
            return {};
    }
    return m_file->remove(name);
}

std::function<Result<QByteArray>(const QString& name)> SecretStore::lookup()
{
    return [this](const QString& name) -> Result<QByteArray> {
        Result<std::optional<QByteArray>> found = read(name);
        if (!found)
            return found.error();
        if (!*found)
            return makeError(tr("there is no secret named %1 in the secret store").arg(name));
        return **found;
    };
}

} // namespace tollgate

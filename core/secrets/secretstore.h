#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace tollgate {

class SecretFile;

// Provider API keys and other secrets, by name ("provider.openai"). Kept in the OS keychain
// (Secret Service / KWallet, macOS Keychain, Windows Credential Manager through QtKeychain) when
// one answers; otherwise in an AES-256-GCM encrypted file in the data dir (see secretfile.h for
// the master key and why it sits where it does). Which one is used is decided once, on first
// use, and fallbackReason() says why the keychain was not.
//
// Every call is synchronous: a keychain call waits at most Options::keychainTimeoutMs (the
// keychain runs on a helper thread with its own event loop, so the caller never spins a nested
// loop). Thread-safe. Secret values never appear in logs or in the messages of returned errors.
class SecretStore
{
public:
    enum class Backend
    {
        Keychain,
        EncryptedFile
    };

    struct Options
    {
        QString dataDir;                                           // where the encrypted file lives
        QString service = QStringLiteral("org.tollgate.Tollgate"); // keychain service name
        bool useKeychain = true; // false: the encrypted file only (servers, tests)
        int keychainTimeoutMs = 3000;
    };

    explicit SecretStore(Options options);
    ~SecretStore();
    SecretStore(const SecretStore&) = delete;
    SecretStore& operator=(const SecretStore&) = delete;

    // nullopt when no secret has that name. An error when the store cannot be read (a damaged
    // or foreign file, an unreadable master key, a keychain that refuses).
    Result<std::optional<QByteArray>> read(const QString& name);
    Result<void> write(const QString& name, const QByteArray& secret);
    // Removing a name that is not there succeeds.
    Result<void> remove(const QString& name);

    Backend backend();
    // Why the encrypted file is used instead of the keychain (translated, for the UI); empty
    // while the keychain is used.
    QString fallbackReason();
    // The path of the encrypted file (whether or not it exists yet).
    QString filePath() const;

    // Names: a letter or digit, then letters, digits, '.', '_' or '-'; at most 128 characters.
    static bool isValidName(const QString& name);

    // A lookup for ConfigLoader's "secret:NAME" api keys, reading through this store. The store
    // must outlive the returned function.
    std::function<Result<QByteArray>(const QString& name)> lookup();

private:
    void decideBackend(); // with m_mutex held

    Options m_options;
    QMutex m_mutex;
    bool m_decided = false;
    Backend m_backend = Backend::EncryptedFile;
    QString m_fallbackReason;
    std::unique_ptr<SecretFile> m_file;
};

} // namespace tollgate

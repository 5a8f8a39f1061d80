#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <optional>

namespace tollgate {

// Secrets in one AES-256-GCM encrypted file, `secrets.enc` in the data dir, used where no OS
// keychain answers (a server, CI, a desktop without a Secret Service).
//
// The master key is 32 random bytes, taken from TOLLGATE_MASTER_KEY (64 hex digits or base64)
// when that is set, else from `secrets.key` beside the file, created on first write with mode
// 0600 in a 0700 directory. Why a key file beside the data rather than a passphrase: the gateway
// runs unattended (`tollgate serve`, systemd), so nobody is there to type one, and a key derived
// from something on the machine would be no stronger than the file. What the split buys: the
// encrypted file alone — a backup, a synced or copied data dir without the key, an exported
// support bundle, a grep over the disk — gives away nothing, and tampering is detected (GCM tag).
// What it does not buy: someone who can read the user's whole data dir can read the secrets,
// the same boundary as a keychain unlocked in the user's session. Servers that want the key
// elsewhere (a systemd credential, a secret manager) pass it in TOLLGATE_MASTER_KEY and keep no
// key file.
//
// File layout: "TGS1" | 12-byte nonce | 16-byte GCM tag | ciphertext of a JSON object
// {name: base64(secret)}; the magic is authenticated data. Each write re-encrypts the whole file
// with a fresh nonce and replaces it atomically. Not thread-safe (SecretStore serialises calls);
// two processes writing at once may lose one write.
class SecretFile
{
public:
    explicit SecretFile(QString dataDir);

    QString path() const;
    QString keyPath() const;

    Result<std::optional<QByteArray>> read(const QString& name) const;
    Result<void> write(const QString& name, const QByteArray& secret);
    Result<void> remove(const QString& name);

private:
    using Entries = QMap<QString, QByteArray>;

    // The master key; creates the key file when `create` and neither it nor the variable exists.
    Result<QByteArray> masterKey(bool create) const;
    Result<Entries> load() const;
    Result<void> save(const Entries& entries) const;

    QString m_dataDir;
};

} // namespace tollgate

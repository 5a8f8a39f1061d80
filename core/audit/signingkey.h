#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace tollgate {

// The ledger's Ed25519 key (OpenSSL EVP_PKEY_ED25519). Holds the 32-byte private seed in memory
// only; the seed is never written to the ledger file or to logs (only the public key and its
// fingerprint are). Copies share one immutable key object; safe to use from several threads.
class SigningKey
{
public:
    SigningKey(); // invalid: isValid() is false, sign() returns an empty signature

    static Result<SigningKey> fromSeed(const QByteArray& seed32);
    static SigningKey generate();

    bool isValid() const { return m_key != nullptr; }
    QByteArray seed() const;         // 32 raw bytes; handle like a provider key
    QByteArray publicKeyRaw() const; // 32 raw bytes
    QByteArray publicKeyHex() const; // 64 lowercase hex digits
    QByteArray publicKeyPem() const; // "-----BEGIN PUBLIC KEY-----" SubjectPublicKeyInfo
    QByteArray fingerprint() const;  // hex SHA-256 of the raw public key

    QByteArray sign(const QByteArray& message) const; // 64-byte Ed25519 signature

private:
    struct State;
    std::shared_ptr<const State> m_key;
};

// Verifies an Ed25519 signature against a 32-byte raw public key.
bool verifyEd25519(const QByteArray& publicKeyRaw, const QByteArray& message, const QByteArray& signature);

// Reads a public key given as 64 hex digits, as 32 raw bytes, or as a PEM SubjectPublicKeyInfo
// (what `SigningKey::publicKeyPem()` writes and `openssl pkey -pubout` prints).
Result<QByteArray> parsePublicKey(const QByteArray& text);

// The secret's name in the secret store.
inline constexpr const char* kLedgerSigningKeySecret = "ledger-signing-key";

// Loads the ledger signing key from a secret store, or creates and stores one on first use.
// readSecret returns an empty QByteArray when the secret does not exist, and an Error when the
// store cannot answer: then no key is generated (a transient keychain failure must not rotate the
// ledger's key). The secret is stored as 64 hex digits of the seed.
using ReadSecretFn = std::function<Result<QByteArray>(const QString& name)>;
using WriteSecretFn = std::function<Result<void>(const QString& name, const QByteArray& value)>;
Result<SigningKey> loadOrCreateSigningKey(const ReadSecretFn& readSecret, const WriteSecretFn& writeSecret);

} // namespace tollgate

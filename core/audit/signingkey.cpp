#include "audit/signingkey.h"

#include "audit/decisionrecord.h"

#include <QCoreApplication>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace tollgate {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::SigningKey", text);
}

struct PkeyDeleter
{
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

} // namespace

struct SigningKey::State
{
    PkeyPtr pkey;
    QByteArray seed;
    QByteArray publicRaw;

    ~State()
    {
        if (!seed.isEmpty())
            OPENSSL_cleanse(seed.data(), std::size_t(seed.size()));
    }
};

SigningKey::SigningKey() = default;

Result<SigningKey> SigningKey::fromSeed(const QByteArray& seed32)
{
    if (seed32.size() != 32)
        return makeError(tr("an Ed25519 seed is 32 bytes, got %1").arg(seed32.size()));
    PkeyPtr pkey(EVP_PKEY_new_raw_private_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed32.constData()), 32));
    if (!pkey)
        return makeError(tr("OpenSSL could not build an Ed25519 key"));
    unsigned char pub[32];
    std::size_t pubLen = sizeof pub;
    if (EVP_PKEY_get_raw_public_key(pkey.get(), pub, &pubLen) != 1 || pubLen != 32)
        return makeError(tr("OpenSSL could not derive the Ed25519 public key"));
    auto state = std::make_shared<State>();
    state->pkey = std::move(pkey);
    state->seed = seed32;
    state->seed.detach();
    state->publicRaw = QByteArray(reinterpret_cast<const char*>(pub), 32);
    SigningKey key;
    key.m_key = std::move(state);
    return key;
}

SigningKey SigningKey::generate()
{
    QByteArray seed(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), 32) != 1)
        return SigningKey();
    auto key = fromSeed(seed);
    OPENSSL_cleanse(seed.data(), 32);
    return key.ok() ? key.value() : SigningKey();
}

QByteArray SigningKey::seed() const
{
    return m_key ? m_key->seed : QByteArray();
}

QByteArray SigningKey::publicKeyRaw() const
{
    return m_key ? m_key->publicRaw : QByteArray();
}

QByteArray SigningKey::publicKeyHex() const
{
    return publicKeyRaw().toHex();
}

QByteArray SigningKey::publicKeyPem() const
{
    if (!m_key)
        return {};
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr)
        return {};
    QByteArray pem;
    if (PEM_write_bio_PUBKEY(bio, m_key->pkey.get()) == 1) {
        char* data = nullptr;
        const long n = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, int(n));
    }
    BIO_free(bio);
    return pem;
}

QByteArray SigningKey::fingerprint() const
{
    if (!m_key)
        return {};
    return toHex(sha256(m_key->publicRaw.constData(), std::size_t(m_key->publicRaw.size())));
}

QByteArray SigningKey::sign(const QByteArray& message) const
{
    if (!m_key)
        return {};
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key->pkey.get()) != 1)
        return {};
    QByteArray sig(64, '\0');
    std::size_t len = 64;
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(message.constData()),
                       std::size_t(message.size())) != 1 ||
        len != 64)
        return {};
    return sig;
}

bool verifyEd25519(const QByteArray& publicKeyRaw, const QByteArray& message, const QByteArray& signature)
{
    if (publicKeyRaw.size() != 32 || signature.size() != 64)
        return false;
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(publicKeyRaw.constData()), 32));
    if (!pkey)
        return false;
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()), 64,
                            reinterpret_cast<const unsigned char*>(message.constData()),
                            std::size_t(message.size())) == 1;
}

Result<QByteArray> parsePublicKey(const QByteArray& text)
{
    const QByteArray trimmed = text.trimmed();
    if (trimmed.startsWith("-----BEGIN")) {
        BIO* bio = BIO_new_mem_buf(trimmed.constData(), int(trimmed.size()));
        if (bio == nullptr)
            return makeError(tr("out of memory"));
        PkeyPtr pkey(PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr));
        BIO_free(bio);
        if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519)
            return makeError(tr("the PEM text is not an Ed25519 public key"));
        unsigned char pub[32];
        std::size_t len = sizeof pub;
        if (EVP_PKEY_get_raw_public_key(pkey.get(), pub, &len) != 1 || len != 32)
            return makeError(tr("the PEM text is not an Ed25519 public key"));
        return QByteArray(reinterpret_cast<const char*>(pub), 32);
    }
    if (trimmed.size() == 64) {
        Digest d;
        if (digestFromHex(trimmed, &d))
            return digestBytes(d);
    }
    if (text.size() == 32)
        return text;
    return makeError(tr("a public key is 64 hex digits, 32 raw bytes or a PEM block"));
}

Result<SigningKey> loadOrCreateSigningKey(const ReadSecretFn& readSecret, const WriteSecretFn& writeSecret)
{
    const QString name = QString::fromLatin1(kLedgerSigningKeySecret);
    Result<QByteArray> stored = readSecret(name);
    if (!stored.ok())
        return makeError(tr("cannot read the ledger signing key: %1").arg(stored.error().message));
    if (!stored.value().isEmpty()) {
        QByteArray seed;
        const QByteArray text = stored.value().trimmed();
        Digest d;
        if (digestFromHex(text, &d))
            seed = digestBytes(d);
        else if (stored.value().size() == 32)
            seed = stored.value();
        OPENSSL_cleanse(stored.value().data(), std::size_t(stored.value().size()));
        if (seed.isEmpty())
            return makeError(tr("the stored ledger signing key is not 64 hex digits"));
        auto key = SigningKey::fromSeed(seed);
        OPENSSL_cleanse(seed.data(), std::size_t(seed.size()));
        return key;
    }
    SigningKey key = SigningKey::generate();
    if (!key.isValid())
        return makeError(tr("could not generate a ledger signing key"));
    QByteArray hex = key.seed().toHex();
    Result<void> written = writeSecret(name, hex);
    OPENSSL_cleanse(hex.data(), std::size_t(hex.size()));
    if (!written.ok())
        return makeError(tr("cannot store the new ledger signing key: %1").arg(written.error().message));
    return key;
}

} // namespace tollgate

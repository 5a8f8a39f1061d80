#include "secrets/secretfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace tollgate {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
const QByteArray kMagic = QByteArrayLiteral("TGS1");
// Far above any real set of API keys; bounds what a damaged or hostile file can make us allocate.
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::SecretFile", text);
}

// Overwrites a buffer that held key material or plaintext before it is freed.
void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

struct CipherCtxDeleter
{
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

std::optional<QByteArray> encrypt(const QByteArray& key, const QByteArray& plaintext)
{
    QByteArray nonce(kNonceBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), kNonceBytes) != 1)
        return std::nullopt;
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return std::nullopt;
    const auto* k = reinterpret_cast<const unsigned char*>(key.constData());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.constData());
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1)
        return std::nullopt;
    int len = 0;
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                          reinterpret_cast<const unsigned char*>(kMagic.constData()),
                          int(kMagic.size())) != 1)
        return std::nullopt;
    QByteArray ciphertext(plaintext.size() + 16, Qt::Uninitialized);
    if (EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ciphertext.data()), &len,
                          reinterpret_cast<const unsigned char*>(plaintext.constData()),
                          int(plaintext.size())) != 1)
        return std::nullopt;
    int total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ciphertext.data()) + total, &len) !=
        1)
        return std::nullopt;
    total += len;
    ciphertext.resize(total);
    QByteArray tag(kTagBytes, Qt::Uninitialized);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1)
        return std::nullopt;
    return kMagic + nonce + tag + ciphertext;
}

// nullopt when the file is not ours, damaged, or encrypted with another key: GCM cannot tell
// those apart, and the caller reports them alike.
std::optional<QByteArray> decrypt(const QByteArray& key, const QByteArray& file)
{
    const int header = int(kMagic.size()) + kNonceBytes + kTagBytes;
    if (file.size() < header || !file.startsWith(kMagic))
        return std::nullopt;
    const QByteArray nonce = file.mid(kMagic.size(), kNonceBytes);
    QByteArray tag = file.mid(kMagic.size() + kNonceBytes, kTagBytes);
    const QByteArray ciphertext = file.mid(header);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return std::nullopt;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                           reinterpret_cast<const unsigned char*>(key.constData()),
                           reinterpret_cast<const unsigned char*>(nonce.constData())) != 1)
        return std::nullopt;
    int len = 0;
    if (EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                          reinterpret_cast<const unsigned char*>(kMagic.constData()),
                          int(kMagic.size())) != 1)
        return std::nullopt;
    QByteArray plaintext(ciphertext.size() + 16, Qt::Uninitialized);
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &len,
                          reinterpret_cast<const unsigned char*>(ciphertext.constData()),
                          int(ciphertext.size())) != 1) {
        wipe(plaintext);
        return std::nullopt;
    }
    int total = len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()) + total, &len) <=
            0) {
        wipe(plaintext);
        return std::nullopt;
    }
    total += len;
    plaintext.resize(total);
    return plaintext;
}

// TOLLGATE_MASTER_KEY: 64 hex digits, or base64 of 32 bytes. An error names the variable, never
// its value.
std::optional<Result<QByteArray>> keyFromEnvironment()
{
    QByteArray text = qgetenv("TOLLGATE_MASTER_KEY").trimmed();
    if (text.isEmpty())
        return std::nullopt;
    QByteArray key;
    static const QByteArray hexDigits = QByteArrayLiteral("0123456789abcdefABCDEF");
    const bool isHex = text.size() == 2 * kKeyBytes &&
                       std::all_of(text.begin(), text.end(), [](char c) { return hexDigits.contains(c); });
    if (isHex) {
        key = QByteArray::fromHex(text);
    } else {
        auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            key = *decoded;
    }
    wipe(text);
    if (key.size() != kKeyBytes) {
        wipe(key);
        return Result<QByteArray>(makeError(
            tr("TOLLGATE_MASTER_KEY must hold 32 bytes as 64 hex digits or base64 (for example the output "
               "of `openssl rand -hex 32`)")));
    }
    return Result<QByteArray>(key);
}

} // namespace

SecretFile::SecretFile(QString dataDir) : m_dataDir(std::move(dataDir)) {}

QString SecretFile::path() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("secrets.enc"));
}

QString SecretFile::keyPath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("secrets.key"));
}

Result<QByteArray> SecretFile::masterKey(bool create) const
{
    if (auto fromEnv = keyFromEnvironment())
        return std::move(*fromEnv);
    const QString keyFile = keyPath();
    const QByteArray nativePath = QFile::encodeName(keyFile);
    struct stat info
    {
    };
    if (::stat(nativePath.constData(), &info) == 0) {
        // A key others can read is no longer a secret of this user; say so rather than use it.
        if (info.st_mode & (S_IRWXG | S_IRWXO)) {
            return makeError(tr("The master key file %1 is readable by other users; restrict it with "
                                "`chmod 600 %1` or set TOLLGATE_MASTER_KEY")
                                 .arg(keyFile));
        }
        QFile file(keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(tr("Cannot read the master key file %1: %2").arg(keyFile, file.errorString()));
        QByteArray key = file.read(kKeyBytes + 1);
        if (key.size() != kKeyBytes) {
            wipe(key);
            return makeError(
                tr("The master key file %1 is damaged (it must hold exactly 32 bytes)").arg(keyFile));
        }
        return key;
    }
    if (!create)
        return makeError(
            tr("There is no master key (%1, or TOLLGATE_MASTER_KEY) for the secret file").arg(keyFile));

    if (!QDir().mkpath(m_dataDir))
        return makeError(tr("Cannot create the data folder %1").arg(m_dataDir));
    // O_EXCL with mode 0600: the key is never readable by others, not even for a moment.
    const int fd = ::open(nativePath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return makeError(tr("Cannot create the master key file %1").arg(keyFile));
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kKeyBytes) != 1) {
        ::close(fd);
        ::unlink(nativePath.constData());
        return makeError(tr("The system could not provide random bytes for a master key"));
    }
    qsizetype written = 0;
    while (written < key.size()) {
        const ssize_t n = ::write(fd, key.constData() + written, size_t(key.size() - written));
        if (n <= 0) {
            ::close(fd);
            ::unlink(nativePath.constData());
            wipe(key);
            return makeError(tr("Cannot write the master key file %1").arg(keyFile));
        }
        written += n;
    }
    ::fsync(fd);
    ::close(fd);
    return key;
}

Result<SecretFile::Entries> SecretFile::load() const
{
    QFile file(path());
    if (!file.exists())
        return Entries{};
    if (!file.open(QIODevice::ReadOnly))
        return makeError(tr("Cannot read the secret file %1: %2").arg(path(), file.errorString()));
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes)
        return makeError(tr("The secret file %1 is too large to be a Tollgate secret file").arg(path()));
    Result<QByteArray> key = masterKey(false);
    if (!key)
        return key.error();
    std::optional<QByteArray> plaintext = decrypt(*key, bytes);
    wipe(*key);
    if (!plaintext) {
        return makeError(
            tr("The secret file %1 is damaged, was changed, or was encrypted with another master "
               "key; it was not used")
                .arg(path()));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*plaintext, &parseError);
    wipe(*plaintext);
    if (!doc.isObject())
        return makeError(
            tr("The secret file %1 decrypts to something unexpected; it was not used").arg(path()));
    Entries entries;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        auto value = QByteArray::fromBase64Encoding(it.value().toString().toLatin1(),
                                                    QByteArray::AbortOnBase64DecodingErrors);
        if (!value || !it.value().isString())
            return makeError(
                tr("The secret file %1 holds an entry that is not valid; it was not used").arg(path()));
        entries.insert(it.key(), *value);
    }
    return entries;
}

Result<void> SecretFile::save(const Entries& entries) const
{
    Result<QByteArray> key = masterKey(true);
    if (!key)
        return key.error();
    QJsonObject object;
    for (auto it = entries.begin(); it != entries.end(); ++it)
        object.insert(it.key(), QString::fromLatin1(it.value().toBase64()));
    QByteArray plaintext = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::optional<QByteArray> encrypted = encrypt(*key, plaintext);
    wipe(plaintext);
    wipe(*key);
    if (!encrypted)
        return makeError(tr("Cannot encrypt the secret file (OpenSSL failed)"));
    QSaveFile file(path());
    if (!file.open(QIODevice::WriteOnly))
        return makeError(tr("Cannot write the secret file %1: %2").arg(path(), file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(*encrypted);
    if (!file.commit())
        return makeError(tr("Cannot write the secret file %1: %2").arg(path(), file.errorString()));
    QFile::setPermissions(path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<std::optional<QByteArray>> SecretFile::read(const QString& name) const
{
    Result<Entries> entries = load();
    if (!entries)
        return entries.error();
    auto it = entries->constFind(name);
    if (it == entries->constEnd())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(*it);
}

Result<void> SecretFile::write(const QString& name, const QByteArray& secret)
{
    Result<Entries> entries = load();
    if (!entries)
        return entries.error();
    entries->insert(name, secret);
    Result<void> saved = save(*entries);
    for (QByteArray& value : *entries)
        wipe(value);
    return saved;
}

Result<void> SecretFile::remove(const QString& name)
{
    Result<Entries> entries = load();
    if (!entries)
        return entries.error();
    if (!entries->contains(name))
        return {};
    entries->remove(name);
    Result<void> saved = save(*entries);
    for (QByteArray& value : *entries)
        wipe(value);
    return saved;
}

} // namespace tollgate

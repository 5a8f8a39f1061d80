// SecretStore over its encrypted file (the keychain is either turned off or made unreachable, so
// the tests behave the same on a desktop and in CI): round trips, nothing readable on disk,
// tampering and a foreign key refused, and the reason for the fallback.
#include "config/configloader.h"
#include "secrets/secretstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

namespace {

SecretStore::Options fileOnly(const QString& dir)
{
    SecretStore::Options options;
    options.dataDir = dir;
    options.useKeychain = false;
    return options;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kSecret = "sk-proj-Zq81xWv0-unique-plaintext-marker-7731";

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { qunsetenv("TOLLGATE_MASTER_KEY"); }
    void cleanup() { qunsetenv("TOLLGATE_MASTER_KEY"); }

    void roundTrip_writeReadOverwriteRemove();
    void survivesANewStoreOnTheSameFolder();
    void fileNeverContainsThePlaintext();
    void keyFile_isPrivate();
    void tamperedFile_isRefused_data();
    void tamperedFile_isRefused();
    void otherMasterKey_isRefused();
    void masterKeyFromEnvironment_noKeyFile();
    void badMasterKeyInEnvironment_isAClearError();
    void badNames_areRefused();
    void fallbackReason_whenKeychainTurnedOff();
    void fallbackReason_whenNoKeychainAnswers();
    void configLookup_resolvesSecretRefs();
};

void TestSecretStore::roundTrip_writeReadOverwriteRemove()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    auto missing = store.read(QStringLiteral("provider.openai"));
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());

    QVERIFY(store.write(QStringLiteral("provider.openai"), kSecret).ok());
    QVERIFY(store.write(QStringLiteral("provider.other"), QByteArray("\x00\x01binary\xff", 10)).ok());
    auto found = store.read(QStringLiteral("provider.openai"));
    QVERIFY(found.ok());
    QCOMPARE(found->value(), kSecret);
    QCOMPARE(store.read(QStringLiteral("provider.other"))->value(), QByteArray("\x00\x01binary\xff", 10));

    QVERIFY(store.write(QStringLiteral("provider.openai"), "second").ok());
    QCOMPARE(store.read(QStringLiteral("provider.openai"))->value(), QByteArray("second"));

    QVERIFY(store.remove(QStringLiteral("provider.openai")).ok());
    QVERIFY(!store.read(QStringLiteral("provider.openai"))->has_value());
    QVERIFY(store.read(QStringLiteral("provider.other"))->has_value());
    QVERIFY(store.remove(QStringLiteral("never-there")).ok());
    QVERIFY(!store.write(QStringLiteral("empty"), QByteArray()).ok());
}

void TestSecretStore::survivesANewStoreOnTheSameFolder()
{
    QTemporaryDir dir;
    {
        SecretStore store(fileOnly(dir.path()));
        QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
    }
    SecretStore again(fileOnly(dir.path()));
    QCOMPARE(again.read(QStringLiteral("a"))->value(), kSecret);
}

void TestSecretStore::fileNeverContainsThePlaintext()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    QVERIFY(store.write(QStringLiteral("provider.openai"), kSecret).ok());
    QVERIFY(store.write(QStringLiteral("provider.b"), kSecret + "-b").ok());
    const QByteArray file = readAll(store.filePath());
    QVERIFY(file.size() > kSecret.size());
    QVERIFY(file.startsWith("TGS1"));
    QVERIFY(!file.contains(kSecret));
    QVERIFY(!file.contains("unique-plaintext-marker"));
    QVERIFY(!file.contains(kSecret.toBase64()));
    QVERIFY(!file.contains(kSecret.toBase64().left(20)));
    QVERIFY(!file.contains(kSecret.toHex()));
    QVERIFY(!file.contains("provider.openai")); // the names are encrypted too
    // Every write uses a fresh nonce: the same content encrypts differently.
    QVERIFY(store.write(QStringLiteral("provider.b"), kSecret + "-b").ok());
    QVERIFY(readAll(store.filePath()) != file);
    // Nothing else in the folder holds it either (the key file, no leftover temp file).
    for (const QString& name : QDir(dir.path()).entryList(QDir::Files))
        QVERIFY2(!readAll(dir.filePath(name)).contains(kSecret), qPrintable(name));
}

void TestSecretStore::keyFile_isPrivate()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
    const QFileInfo key(dir.filePath(QStringLiteral("secrets.key")));
    QVERIFY(key.exists());
    QCOMPARE(key.size(), qint64(32));
    QCOMPARE(key.permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
             QFile::Permissions());
    QCOMPARE(QFileInfo(store.filePath()).permissions() &
                 ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
             QFile::Permissions());
    // A key file others can read is refused, with a message that says how to fix it.
    QVERIFY(QFile::setPermissions(key.filePath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    auto read = store.read(QStringLiteral("a"));
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.contains(QLatin1String("chmod 600")), qPrintable(read.error().message));
}

void TestSecretStore::tamperedFile_isRefused_data()
{
    QTest::addColumn<int>("offset"); // from the start; negative: from the end
    QTest::newRow("magic") << 0;
    QTest::newRow("nonce") << 6;
    QTest::newRow("tag") << 20;
    QTest::newRow("ciphertext") << -3;
    QTest::newRow("truncated") << -1000;
}

void TestSecretStore::tamperedFile_isRefused()
{
    QFETCH(int, offset);
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
    QByteArray file = readAll(store.filePath());
    if (offset == -1000) {
        file.chop(1);
    } else {
        const qsizetype at = offset >= 0 ? offset : file.size() + offset;
        file[at] = char(file[at] ^ 0x01);
    }
    QFile f(store.filePath());
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(file);
    f.close();
    auto read = store.read(QStringLiteral("a"));
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.contains(QLatin1String("damaged")), qPrintable(read.error().message));
    QVERIFY(!read.error().message.contains(QString::fromLatin1(kSecret)));
    // A write does not silently replace the damaged file (that would lose every other secret).
    QVERIFY(!store.write(QStringLiteral("b"), "x").ok());
}

void TestSecretStore::otherMasterKey_isRefused()
{
    QTemporaryDir dir;
    {
        SecretStore store(fileOnly(dir.path()));
        QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
    }
    QFile key(dir.filePath(QStringLiteral("secrets.key")));
    QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
    key.write(QByteArray(32, 'k'));
    key.close();
    SecretStore store(fileOnly(dir.path()));
    auto read = store.read(QStringLiteral("a"));
    QVERIFY(!read.ok());
    QVERIFY(read.error().message.contains(QLatin1String("another master key")));
}

void TestSecretStore::masterKeyFromEnvironment_noKeyFile()
{
    QTemporaryDir dir;
    qputenv("TOLLGATE_MASTER_KEY", QByteArray(32, '\x42').toHex());
    {
        SecretStore store(fileOnly(dir.path()));
        QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
        QCOMPARE(store.read(QStringLiteral("a"))->value(), kSecret);
    }
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("secrets.key"))));
    // The same key in base64 opens the same file; without the key it cannot be read.
    qputenv("TOLLGATE_MASTER_KEY", QByteArray(32, '\x42').toBase64());
    SecretStore again(fileOnly(dir.path()));
    QCOMPARE(again.read(QStringLiteral("a"))->value(), kSecret);
    qunsetenv("TOLLGATE_MASTER_KEY");
    QVERIFY(!again.read(QStringLiteral("a")).ok());
}

void TestSecretStore::badMasterKeyInEnvironment_isAClearError()
{
    QTemporaryDir dir;
    qputenv("TOLLGATE_MASTER_KEY", "too-short-key-value");
    SecretStore store(fileOnly(dir.path()));
    auto written = store.write(QStringLiteral("a"), kSecret);
    QVERIFY(!written.ok());
    QVERIFY(written.error().message.contains(QLatin1String("TOLLGATE_MASTER_KEY")));
    QVERIFY(!written.error().message.contains(QLatin1String("too-short-key-value")));
}

void TestSecretStore::badNames_areRefused()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    for (const QString& name : {QString(), QStringLiteral(".hidden"), QStringLiteral("a/b"),
                                QStringLiteral("a b"), QString(129, QLatin1Char('a'))}) {
        QVERIFY2(!store.write(name, "x").ok(), qPrintable(name));
        QVERIFY2(!store.read(name).ok(), qPrintable(name));
    }
    QVERIFY(SecretStore::isValidName(QStringLiteral("provider.eu_vllm-2")));
}

void TestSecretStore::fallbackReason_whenKeychainTurnedOff()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    QCOMPARE(store.backend(), SecretStore::Backend::EncryptedFile);
    QVERIFY(store.fallbackReason().contains(QLatin1String("turned off")));
    QVERIFY(store.fallbackReason().contains(store.filePath()));
}

void TestSecretStore::fallbackReason_whenNoKeychainAnswers()
{
    // No session bus and no desktop: no Secret Service or KWallet can answer.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tollgate-test-bus");
    qunsetenv("XDG_CURRENT_DESKTOP");
    qunsetenv("DESKTOP_SESSION");
    QTemporaryDir dir;
    SecretStore::Options options;
    options.dataDir = dir.path();
    options.keychainTimeoutMs = 3000;
    SecretStore store(options);
    QCOMPARE(store.backend(), SecretStore::Backend::EncryptedFile);
    const QString reason = store.fallbackReason();
    QVERIFY2(reason.contains(QLatin1String("No system keychain")), qPrintable(reason));
    QVERIFY(reason.contains(store.filePath()));
    // And the store works through the file.
    QVERIFY(store.write(QStringLiteral("a"), kSecret).ok());
    QCOMPARE(store.read(QStringLiteral("a"))->value(), kSecret);
    QVERIFY(QFile::exists(store.filePath()));
}

void TestSecretStore::configLookup_resolvesSecretRefs()
{
    QTemporaryDir dir;
    SecretStore store(fileOnly(dir.path()));
    QVERIFY(store.write(QStringLiteral("provider.openai"), kSecret).ok());
    const QByteArray yaml =
        "providers:\n  - name: openai\n    kind: openai\n    base_url: https://api.openai.com/v1\n"
        "    region: us\n    api_key: secret:provider.openai\n    models: [{name: m}]\n"
        "  - name: other\n    kind: openai\n    base_url: https://o.example/v1\n"
        "    region: us\n    api_key: secret:provider.other\n    models: [{name: m}]\n";
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml, {}, store.lookup());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->providers[0].apiKey.value, kSecret);
    QCOMPARE(loaded.config->providers[0].apiKey.describe(), QStringLiteral("secret:provider.openai"));
    QVERIFY(!loaded.config->providers[1].apiKey.resolved());
    QCOMPARE(loaded.issues.size(), std::size_t(1));
    QCOMPARE(loaded.issues[0].line, 12); // the second api_key
    QVERIFY(loaded.issues[0].message.contains(QLatin1String("provider.other")));
    for (const ConfigIssue& issue : loaded.issues)
        QVERIFY(!issue.message.contains(QString::fromLatin1(kSecret)));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"

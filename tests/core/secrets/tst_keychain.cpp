// SecretStore on a real system keychain: gnome-keyring-daemon's Secret Service, unlocked with a
// throwaway password and keeping its files in a temporary folder, on a private D-Bus session bus
// (ctest runs the test under dbus-run-session with tests/core/secrets/private-session-bus.conf).
// The store picks the keychain (no fallback reason); a provider key written through it is read
// back by a second store, lands in no file of the data folder and not as plaintext in the keyring
// file, and is gone after remove(). When the keychain goes away the store reports an error
// rather than answering from somewhere else.
#include "secrets/secretstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

namespace {

const QByteArray kSecret = "sk-ant-api03-keychain-plaintext-marker-5519";

QByteArray filesUnder(const QString& dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keysLiveInTheKeychain();
    void aKeychainThatGoesAwayIsAnError();

private:
    SecretStore::Options options(const QString& dataDir) const;
    bool secretServiceOnBus();

    QTemporaryDir m_home;
    QProcess m_keyring;
    QProcessEnvironment m_env;
};

void TestKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("TOLLGATE_PRIVATE_SESSION_BUS"),
             "run through ctest: the test needs the private session bus it gets there, not the desktop's");
    const QString keyringDaemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    QVERIFY2(!keyringDaemon.isEmpty(), "gnome-keyring-daemon is needed (cmake/install-deps.sh installs it)");
    QVERIFY(m_home.isValid());
    const QString runtime = m_home.filePath(QStringLiteral("run"));
    QVERIFY(QDir().mkpath(runtime));
    QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // This process and the daemon both use the temporary folders.
    qputenv("XDG_RUNTIME_DIR", runtime.toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("share")).toUtf8());
    qunsetenv("XDG_CURRENT_DESKTOP"); // the Secret Service, not KWallet
    m_env = QProcessEnvironment::systemEnvironment();

    m_keyring.setProcessEnvironment(m_env);
    m_keyring.start(keyringDaemon, {QStringLiteral("--foreground"), QStringLiteral("--components=secrets"),
                                    QStringLiteral("--unlock")});
    QVERIFY(m_keyring.waitForStarted(5000));
    m_keyring.write("throwaway-test-password");
    m_keyring.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(secretServiceOnBus(), 10000);
}

void TestKeychain::cleanupTestCase()
{
    // The bus belongs to dbus-run-session, which ends it after this process.
    if (m_keyring.state() != QProcess::NotRunning) {
        m_keyring.terminate();
        if (!m_keyring.waitForFinished(3000))
            m_keyring.kill();
        m_keyring.waitForFinished(3000);
    }
}

bool TestKeychain::secretServiceOnBus()
{
    QProcess ask;
    ask.setProcessEnvironment(m_env);
    ask.start(QStringLiteral("dbus-send"),
              {QStringLiteral("--session"), QStringLiteral("--print-reply"), QStringLiteral("--dest=org.freedesktop.DBus"),
               QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
               QStringLiteral("string:org.freedesktop.secrets")});
    return ask.waitForFinished(3000) && ask.readAllStandardOutput().contains("boolean true");
}

SecretStore::Options TestKeychain::options(const QString& dataDir) const
{
    SecretStore::Options o;
    o.dataDir = dataDir;
    o.service = QStringLiteral("org.tollgate.Tollgate.test");
    o.keychainTimeoutMs = 5000;
    return o;
}

void TestKeychain::keysLiveInTheKeychain()
{
    QTemporaryDir data;
    SecretStore store(options(data.path()));
    QCOMPARE(store.backend(), SecretStore::Backend::Keychain);
    QVERIFY2(store.fallbackReason().isEmpty(), qPrintable(store.fallbackReason()));
    QCOMPARE(store.read(QStringLiteral("provider.claude"))->has_value(), false);
    QVERIFY(store.write(QStringLiteral("provider.claude"), kSecret).ok());
    QCOMPARE(store.read(QStringLiteral("provider.claude"))->value(), kSecret);

    // Another store (another run of the app) finds it in the keychain.
    SecretStore again(options(data.path()));
    QCOMPARE(again.read(QStringLiteral("provider.claude"))->value(), kSecret);
    // Not in the data folder: no encrypted file was needed, and nothing there holds the key.
    QVERIFY(!QFile::exists(store.filePath()));
    QVERIFY(!filesUnder(data.path()).contains(kSecret));
    // The keyring keeps it encrypted under its password.
    const QByteArray keyrings = filesUnder(m_home.filePath(QStringLiteral("share/keyrings")));
    QVERIFY(!keyrings.isEmpty());
    QVERIFY(!keyrings.contains(kSecret));

    // Overwrite, then remove.
    QVERIFY(again.write(QStringLiteral("provider.claude"), "sk-ant-second").ok());
    QCOMPARE(store.read(QStringLiteral("provider.claude"))->value(), QByteArray("sk-ant-second"));
    QVERIFY(store.remove(QStringLiteral("provider.claude")).ok());
    QCOMPARE(again.read(QStringLiteral("provider.claude"))->has_value(), false);
}

void TestKeychain::aKeychainThatGoesAwayIsAnError()
{
    QTemporaryDir data;
    SecretStore store(options(data.path()));
    QCOMPARE(store.backend(), SecretStore::Backend::Keychain);
    QVERIFY(store.write(QStringLiteral("provider.openai"), kSecret).ok());
    m_keyring.terminate();
    QVERIFY(m_keyring.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!secretServiceOnBus(), 5000);
    // The store chose the keychain: it does not quietly answer "no key" or fall back to a file.
    const auto read = store.read(QStringLiteral("provider.openai"));
    QVERIFY(!read.ok());
    QVERIFY(!read.error().message.contains(QString::fromLatin1(kSecret)));
    QVERIFY(!QFile::exists(store.filePath()));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"

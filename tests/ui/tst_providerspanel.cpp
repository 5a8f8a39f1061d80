// The providers panel around a real Gateway on loopback: a provider added through its dialog is
// validated as it is typed, its key goes to the secret store (never to the file or the screen),
// the config file is rewritten, and the running gateway sends the next request to it.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "models/providertablemodel.h"
#include "panels/providers/providerdialog.h"
#include "panels/providers/providerspanel.h"
#include "secrets/secretstore.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

const QByteArray kBetaKey = "sk-beta-typed-in-the-dialog-0123456789";

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qWarning() << "no widget" << name;
    return widget;
}

} // namespace

class TestProvidersPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void addProvider_isPersistedAndUsedByTheRunningGateway();
    void editDialog_neverShowsTheKey_andKeepsIt();
    void removeProvider_refusedWhileARouteUsesIt();
    void testConnection_reportsARefusedKey();

private:
    void addBetaThroughTheDialog();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_alpha;
    std::unique_ptr<FakeOpenAiServer> m_beta;
    std::unique_ptr<SecretStore> m_store;
    std::unique_ptr<TestGateway> m_run; // the running gateway, its data in a temporary directory
    Gateway* m_gateway = nullptr;
    std::unique_ptr<ProvidersPanel> m_panel;
    QString m_configPath;
};

void TestProvidersPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_alpha = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    m_beta = std::make_unique<FakeOpenAiServer>(QStringLiteral("beta"));
    QVERIFY(m_alpha->listen());
    QVERIFY(m_beta->listen());
    m_beta->setApiKey(kBetaKey);
    m_beta->setModels({QStringLiteral("gpt-fake"), QStringLiteral("other")});
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        m_alpha->baseUrl().toUtf8() +
        "/v1\n    region: eu\n    models:\n      - name: gpt-fake\n"
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";
    SecretStore::Options options;
    options.dataDir = m_dir->filePath(QStringLiteral("data"));
    options.useKeychain = false; // the test must not write into the developer's keychain
    m_store = std::make_unique<SecretStore>(options);
    m_run = std::make_unique<TestGateway>();
    QVERIFY(m_run->start(yaml));
    m_gateway = &m_run->gateway();

    m_configPath = m_dir->filePath(QStringLiteral("tollgate.yaml"));
    m_panel = std::make_unique<ProvidersPanel>();
    m_panel->setSecretStore(m_store.get());
    m_panel->setConfigPath(m_configPath);
    m_panel->setConfig(m_gateway->config());
    // The wiring MainWindow does: an edit goes to the running gateway.
    connect(m_panel.get(), &ProvidersPanel::configEdited, m_gateway, &Gateway::applyConfig);
    m_panel->resize(1000, 600);
    m_panel->show();
}

void TestProvidersPanel::cleanup()
{
    m_panel.reset();
    m_gateway = nullptr;
    m_run.reset(); // stops the gateway and waits for it
    m_store.reset();
    m_alpha.reset();
    m_beta.reset();
    m_dir.reset();
}

void TestProvidersPanel::addBetaThroughTheDialog()
{
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "addProviderButton"), Qt::LeftButton);
    ProviderDialog* dialog = m_panel->openDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    auto* ok = child<QDialogButtonBox>(dialog, "providerDialogButtons")->button(QDialogButtonBox::Ok);
    auto* issues = child<QLabel>(dialog, "providerIssuesLabel");
    QVERIFY(!ok->isEnabled()); // nothing entered yet

    // Validated as typed: a bad name is reported in the loader's words and blocks OK.
    QTest::keyClicks(child<QLineEdit>(dialog, "providerNameEdit"), QStringLiteral("Beta!"));
    child<QComboBox>(dialog, "providerKindCombo")->setCurrentText(QStringLiteral("openai-compatible"));
    QTest::keyClicks(child<QLineEdit>(dialog, "providerBaseUrlEdit"),
                     m_beta->baseUrl() + QStringLiteral("/v1"));
    QTest::keyClicks(child<QLineEdit>(dialog, "providerRegionEdit"), QStringLiteral("eu"));
    QTest::keyClicks(child<QLineEdit>(dialog, "providerApiKeyEdit"), QString::fromLatin1(kBetaKey));
    QTest::mouseClick(child<QPushButton>(dialog, "addModelButton"), Qt::LeftButton);
    auto* models = child<QTableWidget>(dialog, "modelsTable");
    QCOMPARE(models->rowCount(), 1);
    QVERIFY(issues->text().contains(QLatin1String("name of model #1 is empty")));
    models->item(0, 0)->setText(QStringLiteral("gpt-fake"));
    models->item(0, 1)->setText(QStringLiteral("0.5"));
    models->item(0, 2)->setText(QStringLiteral("1.5x"));
    models->item(0, 3)->setText(QStringLiteral("EUR"));
    QVERIFY2(issues->text().contains(QLatin1String("price of model 'gpt-fake'")), qPrintable(issues->text()));
    QVERIFY(!ok->isEnabled());
    models->item(0, 2)->setText(QStringLiteral("1.5"));
    QVERIFY2(issues->text().contains(QLatin1String("Bad provider name 'Beta!'")), qPrintable(issues->text()));
    QVERIFY(!ok->isEnabled());
    auto* name = child<QLineEdit>(dialog, "providerNameEdit");
    name->clear();
    QTest::keyClicks(name, QStringLiteral("alpha"));
    QVERIFY(issues->text().contains(QLatin1String("already exists")));
    QVERIFY(!ok->isEnabled());
    name->clear();
    QTest::keyClicks(name, QStringLiteral("beta"));
    QVERIFY2(ok->isEnabled(), qPrintable(issues->text()));

    // Test connection: GET /v1/models with the typed key, answered asynchronously.
    QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
    auto* result = child<QLabel>(dialog, "testResultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Connected")), 10000);
    QVERIFY2(result->text().contains(QLatin1String("2 model")), qPrintable(result->text()));
    QCOMPARE(m_beta->lastRequest().path, QByteArray("/v1/models"));
    QCOMPARE(m_beta->lastRequest().header("authorization"), "Bearer " + kBetaKey);
    QVERIFY(!result->text().contains(QString::fromLatin1(kBetaKey)));

    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->openDialog(), 5000);
}

void TestProvidersPanel::addProvider_isPersistedAndUsedByTheRunningGateway()
{
    QSignalSpy edited(m_panel.get(), &ProvidersPanel::configEdited);
    addBetaThroughTheDialog();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(edited.count(), 1);
    auto* status = child<QLabel>(m_panel.get(), "providersStatus");
    QCOMPARE(status->text(), QStringLiteral("Provider beta added."));

    // Shown in the table, the key masked.
    auto* table = child<QTableView>(m_panel.get(), "providersTable");
    QCOMPARE(table->model()->rowCount(), 2);
    const int row = m_panel->model()->rowOf(QStringLiteral("beta"));
    QCOMPARE(table->model()->index(row, ProviderTableModel::ApiKeyColumn).data().toString(),
             QStringLiteral("•••••••• (secret:provider.beta)"));

    // Persisted: the file names the secret, the store holds the key, neither file shows it.
    const QByteArray file = readAll(m_configPath);
    QVERIFY2(file.contains("api_key: \"secret:provider.beta\""), file.constData());
    QVERIFY(!file.contains(kBetaKey));
    QCOMPARE(m_store->read(QStringLiteral("provider.beta"))->value(), kBetaKey);
    QVERIFY(!readAll(m_store->filePath()).contains(kBetaKey));
    const ConfigLoadResult reloaded = ConfigLoader::loadFile(m_configPath, {}, m_store->lookup());
    QVERIFY(reloaded.ok());
    const ProviderConfig* beta = reloaded.config->findProvider(QStringLiteral("beta"));
    QVERIFY(beta);
    QCOMPARE(beta->apiKey.value, kBetaKey);
    QCOMPARE(beta->models.at(0).price.inputPerMillionMicros, std::int64_t(500'000));
    QCOMPARE(QByteArray(beta->models.at(0).price.currency.data(), 3), QByteArray("EUR"));

    // Used by the running gateway, with no restart.
    QTRY_VERIFY_WITH_TIMEOUT(m_gateway->config()->findProvider(QStringLiteral("beta")), 5000);
    const int before = m_beta->requestCount();
    const QByteArray chat =
        R"({"model":"beta/gpt-fake","messages":[{"role":"user","content":"hello beta"}]})";
    auto response = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", chat);
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QCOMPARE(response->header("x-tollgate-provider"), QByteArray("beta"));
    QVERIFY(response->body.contains("beta says: hello beta"));
    QCOMPARE(m_beta->requestCount(), before + 1);
    QCOMPARE(m_beta->lastRequest().header("authorization"), "Bearer " + kBetaKey);
}

void TestProvidersPanel::editDialog_neverShowsTheKey_andKeepsIt()
{
    addBetaThroughTheDialog();
    if (QTest::currentTestFailed())
        return;
    m_panel->editProvider(QStringLiteral("beta"));
    ProviderDialog* dialog = m_panel->openDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    for (QLineEdit* edit : dialog->findChildren<QLineEdit*>())
        QVERIFY2(!edit->text().contains(QString::fromLatin1(kBetaKey)), qPrintable(edit->objectName()));
    for (QLabel* label : dialog->findChildren<QLabel*>())
        QVERIFY2(!label->text().contains(QLatin1String("sk-beta")), qPrintable(label->objectName()));
    QCOMPARE(child<QLineEdit>(dialog, "providerApiKeyEdit")->text(), QString());
    QVERIFY(
        child<QLabel>(dialog, "providerKeyState")->text().contains(QLatin1String("secret:provider.beta")));
    // Change the region only; the key stays where it was.
    auto* region = child<QLineEdit>(dialog, "providerRegionEdit");
    region->clear();
    QTest::keyClicks(region, QStringLiteral("us"));
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "providerDialogButtons")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->openDialog(), 5000);
    const ProviderConfig* beta = m_panel->config()->findProvider(QStringLiteral("beta"));
    QVERIFY(beta);
    QCOMPARE(beta->region, QStringLiteral("us"));
    QCOMPARE(beta->apiKey.describe(), QStringLiteral("secret:provider.beta"));
    QCOMPARE(beta->apiKey.value, kBetaKey);
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->config()->findProvider(QStringLiteral("beta"))->region,
                              QStringLiteral("us"), 5000);
}

void TestProvidersPanel::removeProvider_refusedWhileARouteUsesIt()
{
    addBetaThroughTheDialog();
    if (QTest::currentTestFailed())
        return;
    auto* status = child<QLabel>(m_panel.get(), "providersStatus");
    QVERIFY(!m_panel->removeProvider(QStringLiteral("alpha")));
    QVERIFY2(status->text().contains(QLatin1String("unknown provider 'alpha'")), qPrintable(status->text()));
    QVERIFY(m_panel->config()->findProvider(QStringLiteral("alpha")));

    QVERIFY(m_panel->removeProvider(QStringLiteral("beta")));
    QCOMPARE(m_panel->model()->rowCount(), 1);
    QVERIFY(!readAll(m_configPath).contains("beta"));
    QVERIFY(!m_store->read(QStringLiteral("provider.beta"))->has_value());
    QTRY_VERIFY_WITH_TIMEOUT(!m_gateway->config()->findProvider(QStringLiteral("beta")), 5000);
}

void TestProvidersPanel::testConnection_reportsARefusedKey()
{
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "addProviderButton"), Qt::LeftButton);
    ProviderDialog* dialog = m_panel->openDialog();
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog, "providerBaseUrlEdit"),
                     m_beta->baseUrl() + QStringLiteral("/v1"));
    QTest::keyClicks(child<QLineEdit>(dialog, "providerApiKeyEdit"), QStringLiteral("sk-wrong-key"));
    QTest::mouseClick(child<QPushButton>(dialog, "testConnectionButton"), Qt::LeftButton);
    auto* result = child<QLabel>(dialog, "testResultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Failed")), 10000);
    QVERIFY2(result->text().contains(QLatin1String("401")), qPrintable(result->text()));
    QVERIFY(!result->text().contains(QLatin1String("sk-wrong-key")));
    // Cancel changes nothing.
    QTest::mouseClick(
        child<QDialogButtonBox>(dialog, "providerDialogButtons")->button(QDialogButtonBox::Cancel),
        Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->openDialog(), 5000);
    QCOMPARE(m_panel->model()->rowCount(), 1);
    QVERIFY(!QFile::exists(m_configPath));
}

QTEST_MAIN(TestProvidersPanel)
#include "tst_providerspanel.moc"

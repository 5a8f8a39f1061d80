// The Residency panel around a real Gateway on loopback: the regimes x regions matrix, the class
// mapping and the providers' regions; unchecking eu for gdpr and saving makes the running gateway
// refuse GDPR data on an eu-only route (403), with no restart.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "models/residencyclassmodel.h"
#include "models/residencymatrixmodel.h"
#include "models/residencyprovidermodel.h"
#include "panels/residency/residencypanel.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qWarning() << "no widget" << name;
    return widget;
}

// An e-mail address is personal data (GDPR) by default; PII is logged, so it reaches the provider
// and restricts the route.
const QByteArray kGdprChat =
    R"({"model":"eu-only","messages":[{"role":"user","content":"reply to jane.doe@example.eu please"}]})";

} // namespace

class TestResidencyPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void models_passTheTester();
    void matrix_showsPolicyAndProviderRegions();
    void uncheckEuForGdpr_refusesGdprDataOnAnEuOnlyRoute();
    void classMapping_editIsSavedAndApplied();
    void addRegion_addsAColumn();

private:
    QModelIndex cell(const QString& regime, const QString& region);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_eu;
    std::unique_ptr<FakeOpenAiServer> m_in;
    std::unique_ptr<TestGateway> m_run; // the running gateway, its data in a temporary directory
    Gateway* m_gateway = nullptr;
    std::unique_ptr<ResidencyPanel> m_panel;
    QString m_configPath;
};

void TestResidencyPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_eu = std::make_unique<FakeOpenAiServer>(QStringLiteral("eufake"));
    m_in = std::make_unique<FakeOpenAiServer>(QStringLiteral("infake"));
    QVERIFY(m_eu->listen());
    QVERIFY(m_in->listen());
    const auto provider = [](const char* name, const FakeOpenAiServer& fake, const char* region) {
        return QByteArray("  - name: ") + name +
               "\n    kind: openai-compatible\n    base_url: " + fake.baseUrl().toUtf8() +
               "/v1\n    region: " + region + "\n    models:\n      - name: gpt-fake\n";
    };
    const QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n" + provider("eufake", *m_eu, "eu") +
                            provider("infake", *m_in, "in") +
                            "routes:\n  - alias: eu-only\n    targets: [eufake/gpt-fake]\n";
    m_run = std::make_unique<TestGateway>();
    QVERIFY(m_run->start(yaml));
    m_gateway = &m_run->gateway();

    m_configPath = m_dir->filePath(QStringLiteral("tollgate.yaml"));
    m_panel = std::make_unique<ResidencyPanel>();
    m_panel->setConfigPath(m_configPath);
    m_panel->setConfig(m_gateway->config());
    connect(m_panel.get(), &ResidencyPanel::configEdited, m_gateway, &Gateway::applyConfig);
    m_panel->resize(1100, 800);
    m_panel->show();
}

void TestResidencyPanel::cleanup()
{
    m_panel.reset();
    m_gateway = nullptr;
    m_run.reset(); // stops the gateway and waits for it
    m_eu.reset();
    m_in.reset();
    m_dir.reset();
}

QModelIndex TestResidencyPanel::cell(const QString& regime, const QString& region)
{
    ResidencyMatrixModel* matrix = m_panel->matrixModel();
    return matrix->index(matrix->rowOfRegime(regime), matrix->columnOfRegion(region));
}

void TestResidencyPanel::models_passTheTester()
{
    ResidencyMatrixModel matrix;
    ResidencyClassModel classes;
    ResidencyProviderModel providers(&matrix);
    QAbstractItemModelTester t1(&matrix, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&classes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(&providers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const residency::ResidencyPolicy policy;
    matrix.setPolicy(policy, {QStringLiteral("us"), QStringLiteral("ch")});
    classes.setPolicy(policy);
    providers.setProviders(
        {{QStringLiteral("a"), QStringLiteral("eu")}, {QStringLiteral("b"), QStringLiteral("ch")}});
    QVERIFY(matrix.addRegion(QStringLiteral("br")));
    QVERIFY(!matrix.addRegion(QStringLiteral("br")));
    const QModelIndex gdprCh =
        matrix.index(matrix.rowOfRegime(QStringLiteral("gdpr")), matrix.columnOfRegion(QStringLiteral("ch")));
    QCOMPARE(gdprCh.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(providers.index(1, ResidencyProviderModel::RegimesColumn).data().toString(),
             QStringLiteral("only data under no regime"));
    QVERIFY(matrix.setData(gdprCh, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(providers.index(1, ResidencyProviderModel::RegimesColumn).data().toString(),
             QStringLiteral("gdpr"));
    const QModelIndex personal =
        classes.index(classes.rowOfClass(QStringLiteral("personal")), ResidencyClassModel::RegimesColumn);
    QVERIFY(classes.setData(personal, QStringLiteral("gdpr, dpdp")));
    QCOMPARE(classes.regimesOf(QStringLiteral("personal")), (QStringList{"gdpr", "dpdp"}));
    QVERIFY(!classes.setData(personal, QStringLiteral("gdpr, nosuchregime")));
    QCOMPARE(classes.regimesOf(QStringLiteral("personal")), (QStringList{"gdpr", "dpdp"}));
}

void TestResidencyPanel::matrix_showsPolicyAndProviderRegions()
{
    ResidencyMatrixModel* matrix = m_panel->matrixModel();
    // Policy regions first (eu, local, in, us), then the providers' (already there).
    for (const char* region : {"eu", "local", "in", "us"})
        QVERIFY2(matrix->columnOfRegion(QString::fromLatin1(region)) >= 0, region);
    QCOMPARE(
        cell(QStringLiteral("gdpr"), QStringLiteral("eu")).data(Qt::CheckStateRole).value<Qt::CheckState>(),
        Qt::Checked);
    QCOMPARE(
        cell(QStringLiteral("gdpr"), QStringLiteral("in")).data(Qt::CheckStateRole).value<Qt::CheckState>(),
        Qt::Unchecked);
    QCOMPARE(
        cell(QStringLiteral("dpdp"), QStringLiteral("in")).data(Qt::CheckStateRole).value<Qt::CheckState>(),
        Qt::Checked);
    ResidencyProviderModel* providers = m_panel->providerModel();
    const int eu = providers->rowOfProvider(QStringLiteral("eufake"));
    const int in = providers->rowOfProvider(QStringLiteral("infake"));
    QCOMPARE(providers->index(eu, ResidencyProviderModel::RegionColumn).data().toString(),
             QStringLiteral("eu"));
    QCOMPARE(providers->index(eu, ResidencyProviderModel::RegimesColumn).data().toString(),
             QStringLiteral("gdpr"));
    QCOMPARE(providers->index(in, ResidencyProviderModel::RegimesColumn).data().toString(),
             QStringLiteral("dpdp"));
    auto* view = child<QTableView>(m_panel.get(), "residencyMatrix");
    QCOMPARE(view->model(), matrix);
    QVERIFY(child<QLabel>(m_panel.get(), "residencyVersion")
                ->text()
                .contains(m_gateway->config()->residency.version()));
}

void TestResidencyPanel::uncheckEuForGdpr_refusesGdprDataOnAnEuOnlyRoute()
{
    auto before = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", kGdprChat);
    QVERIFY(before);
    QVERIFY2(before->status == 200, before->body.constData());
    QCOMPARE(before->header("x-tollgate-region"), QByteArray("eu"));
    QVERIFY(before->header("x-tollgate-data-classes").contains("personal"));
    const int served = m_eu->requestCount();

    // Uncheck the cell through the view's model, as a click on the check box does.
    auto* view = child<QTableView>(m_panel.get(), "residencyMatrix");
    QVERIFY(view->model()->setData(cell(QStringLiteral("gdpr"), QStringLiteral("eu")), Qt::Unchecked,
                                   Qt::CheckStateRole));
    QVERIFY(m_panel->hasUnsavedChanges());
    // The providers table follows the edit before it is saved.
    ResidencyProviderModel* providers = m_panel->providerModel();
    QCOMPARE(
        providers
            ->index(providers->rowOfProvider(QStringLiteral("eufake")), ResidencyProviderModel::RegimesColumn)
            .data()
            .toString(),
        QStringLiteral("only data under no regime"));
    QSignalSpy edited(m_panel.get(), &ResidencyPanel::configEdited);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "residencySaveButton"), Qt::LeftButton);
    QCOMPARE(edited.count(), 1);
    QVERIFY(!m_panel->hasUnsavedChanges());
    const ConfigLoadResult saved = ConfigLoader::loadFile(m_configPath);
    QVERIFY(saved.ok());
    const auto regimes = saved.config->residency.classify({"email"}).regimes;
    QVERIFY(!saved.config->residency.regionAllowed(regimes, QStringLiteral("eu")));
    QVERIFY(saved.config->residency.regionAllowed(regimes, QStringLiteral("local")));

    QTRY_VERIFY_WITH_TIMEOUT(!m_gateway->config()->residency.regionAllowed(regimes, QStringLiteral("eu")),
                             5000);
    auto after = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", kGdprChat);
    QVERIFY(after);
    QCOMPARE(after->status, 403);
    QVERIFY2(after->body.contains("gdpr"), after->body.constData());
    QVERIFY(!after->body.contains("jane.doe"));
    QCOMPARE(m_eu->requestCount(), served);
    // Data under no regime still goes.
    auto plain =
        HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions",
                                R"({"model":"eu-only","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(plain);
    QCOMPARE(plain->status, 200);
}

void TestResidencyPanel::classMapping_editIsSavedAndApplied()
{
    // personal data under dpdp instead of gdpr: the eu provider is no longer allowed for it.
    auto* view = child<QTableView>(m_panel.get(), "residencyClasses");
    ResidencyClassModel* classes = m_panel->classModel();
    QVERIFY(view->model()->setData(
        classes->index(classes->rowOfClass(QStringLiteral("personal")), ResidencyClassModel::RegimesColumn),
        QStringLiteral("dpdp")));
    QVERIFY(m_panel->save());
    QVERIFY(QFile::exists(m_configPath));
    const ConfigLoadResult saved = ConfigLoader::loadFile(m_configPath);
    QVERIFY(saved.ok());
    QCOMPARE(saved.config->residency.regimeNames(saved.config->residency.classify({"email"}).regimes),
             QStringList{QStringLiteral("dpdp")});
    QVERIFY(saved.config->residency.version() !=
            ConfigLoader::loadText("providers: []\nroutes: []\n").config->residency.version());
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->config()->residency.version(), saved.config->residency.version(),
                              5000);
    auto after = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", kGdprChat);
    QVERIFY(after);
    QCOMPARE(after->status, 403);
    QVERIFY2(after->body.contains("dpdp"), after->body.constData());
}

void TestResidencyPanel::addRegion_addsAColumn()
{
    QTest::keyClicks(child<QLineEdit>(m_panel.get(), "newRegionEdit"), QStringLiteral("ch"));
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "addRegionButton"), Qt::LeftButton);
    ResidencyMatrixModel* matrix = m_panel->matrixModel();
    QVERIFY(matrix->columnOfRegion(QStringLiteral("ch")) >= 0);
    QVERIFY(
        matrix->setData(cell(QStringLiteral("gdpr"), QStringLiteral("ch")), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(m_panel->save());
    const ConfigLoadResult saved = ConfigLoader::loadFile(m_configPath);
    QVERIFY(saved.ok());
    QCOMPARE(saved.config->residency.regimeTable().front().regime, QStringLiteral("gdpr"));
    QCOMPARE(saved.config->residency.regimeTable().front().regions, (QStringList{"eu", "local", "ch"}));
}

QTEST_MAIN(TestResidencyPanel)
#include "tst_residencypanel.moc"

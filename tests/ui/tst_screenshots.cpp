// Renders every panel of the main window to a PNG under the build tree (tests/ui/screenshots/)
// so a reviewer can look at them: the dashboard with 15 minutes of two providers' traffic, the
// requests table with rows that went through a real gateway to a fake provider.
#include "audit/decisionledger.h"
#include "budget/budgetservice.h"
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "mainwindow/mainwindow.h"
#include "panels/dashboard/dashboardpanel.h"

#include <QDir>
#include <QImage>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tollgate;
using namespace tollgate::telemetry;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

// Plausible traffic for the last 15 minutes: alpha busy with a daily swing, beta lighter and
// slower, with a burst of errors in the middle.
void feedHistory(DashboardPanel* dashboard)
{
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const int seconds = 15 * 60;
    for (int s = seconds; s > 0; --s) {
        StatsSnapshot snap;
        snap.startMs = now - std::int64_t(s) * 1000;
        snap.endMs = snap.startMs + 1000;
        const double phase = double(s) / 90.0;
        ProviderStats alpha;
        alpha.provider = QStringLiteral("alpha");
        alpha.requests = 20 + std::int64_t(8 * std::sin(phase));
        alpha.errors = s % 97 == 0 ? 2 : 0;
        alpha.latencyP50Us = 180'000 + std::int64_t(30'000 * std::sin(phase * 2));
        alpha.latencyP95Us = alpha.latencyP50Us * 2;
        alpha.inputTokens = alpha.requests * 120;
        alpha.outputTokens = alpha.requests * 60;
        alpha.costMicros.insert(QStringLiteral("EUR"), alpha.requests * 900);
        ProviderStats beta;
        beta.provider = QStringLiteral("beta");
        beta.requests = 6 + s % 3;
        beta.errors = (s > 400 && s < 430) ? 3 : 0;
        beta.latencyP50Us = 420'000;
        beta.latencyP95Us = 900'000 + (s % 7) * 20'000;
        beta.inputTokens = beta.requests * 100;
        beta.outputTokens = beta.requests * 40;
        beta.costMicros.insert(QStringLiteral("USD"), beta.requests * 300);
        snap.interval = {alpha, beta};
        dashboard->addSnapshot(snap);
    }
}

// Whether an image has content: more than a handful of distinct colours.
int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4) {
            colours.insert(image.pixel(x, y));
            if (colours.size() > 50)
                return int(colours.size());
        }
    }
    return int(colours.size());
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void renderEveryPanel();
};

void TestScreenshots::renderEveryPanel()
{
    // The window reads its preferences from QSettings: start from none.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    FakeOpenAiServer alpha(QStringLiteral("alpha"));
    FakeOpenAiServer beta(QStringLiteral("beta"));
    QVERIFY(alpha.listen());
    QVERIFY(beta.listen());
    const auto provider = [](const char* name, const FakeOpenAiServer& fake, const char* price) {
        return QByteArray("  - name: ") + name +
               "\n    kind: openai-compatible\n    base_url: " + fake.baseUrl().toUtf8() +
               "/v1\n    region: eu\n    api_key: sk-screenshot\n    models:\n      - name: gpt-fake\n       "
               " " +
               price + "\n";
    };
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n" +
        provider("alpha", alpha,
                 "input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR") +
        provider("beta", beta, "input_per_million: 1\n        output_per_million: 2") +
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake, beta/gpt-fake]\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    QVERIFY(loaded.ok());

    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loaded.config, dir.path());
    window.resize(1280, 800);
    window.show();
    auto* dashboard = window.findChild<DashboardPanel*>(QStringLiteral("dashboardPanel"));
    QVERIFY(dashboard);
    feedHistory(dashboard);

    window.startGateway();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    const QByteArray chat = R"({"model":"chat","messages":[{"role":"user","content":"show me the panels"}]})";
    const QByteArray direct =
        R"({"model":"beta/gpt-fake","messages":[{"role":"user","content":"and beta too"}]})";
    const QByteArray unknown = R"({"model":"nope","messages":[{"role":"user","content":"x"}]})";
    for (int i = 0; i < 6; ++i) {
        QVERIFY(HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions",
                                        i % 3 == 2 ? direct : chat));
    }
    QVERIFY(HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", unknown));
    auto* table = window.findChild<QTableView*>(QStringLiteral("requestsTable"));
    QVERIFY(table);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 7, 10000);
    table->selectRow(0);

    const QString outDir = QStringLiteral(TOLLGATE_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(outDir));
    // Keys and Budgets with something to show: a key (created after the open traffic above, which
    // had none) and a team budget, set on the running gateway as its panels would.
    auto budgetService = gateway.budgetService();
    QVERIFY(budgetService);
    budget::NewKeyOptions keyOptions;
    keyOptions.name = QStringLiteral("helpdesk bot");
    keyOptions.team = QStringLiteral("support");
    keyOptions.scopes = {QStringLiteral("chat")};
    QVERIFY(budgetService->keys().create(keyOptions));
    budget::BudgetRuleConfig rule;
    rule.id = QStringLiteral("support-monthly");
    rule.subject = QStringLiteral("support");
    rule.cap.micros = 50'000'000;
    rule.cap.currency = Money::currencyFrom(QStringLiteral("EUR"));
    rule.softMicros = 40'000'000;
    QVERIFY(budgetService->setBudget(rule));
    window.showPanel(window.panelIndex(QStringLiteral("keysPanel")));
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QTableView*>(QStringLiteral("keysTable"))->model()->rowCount(), 1, 10000);
    window.showPanel(window.panelIndex(QStringLiteral("budgetsPanel")));
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QTableView*>(QStringLiteral("budgetsTable"))->model()->rowCount(), 1,
                              10000);

    const QList<QWidget*> panels = window.panels();
    QCOMPARE(panels.size(), window.findChild<QListWidget*>(QStringLiteral("navigation"))->count());
    QVERIFY(panels.contains(window.findChild<QWidget*>(QStringLiteral("keysPanel"))));
    QVERIFY(panels.contains(window.findChild<QWidget*>(QStringLiteral("budgetsPanel"))));
    // Guardrails with a sandbox finding, Audit with the ledger records of the traffic above.
    for (const char* name : {"guardrailsPanel", "residencyPanel", "auditPanel"})
        QVERIFY2(panels.contains(window.findChild<QWidget*>(QString::fromLatin1(name))), name);
    window.showPanel(window.panelIndex(QStringLiteral("guardrailsPanel")));
    window.findChild<QPlainTextEdit*>(QStringLiteral("sandboxInput"))
        ->setPlainText(QStringLiteral("Write to jane.doe@example.eu about card 4111 1111 1111 1111."));
    QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<QPlainTextEdit*>(QStringLiteral("sandboxOutput"))->toPlainText().isEmpty(),
                             10000);
    QVERIFY(gateway.decisionLedger()->seal(10000));
    window.showPanel(window.panelIndex(QStringLiteral("auditPanel")));
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QTableView*>(QStringLiteral("auditRecordsTable"))->model()->rowCount() > 0,
                             10000);
    for (int i = 0; i < panels.size(); ++i) {
        window.showPanel(i);
        QTRY_VERIFY(panels[i]->isVisible());
        QTest::qWait(50); // let layouts and the charts settle
        const QImage image = window.grab().toImage();
        const QString name = panels[i]->objectName();
        const QString path = QDir(outDir).filePath(name + QStringLiteral(".png"));
        QVERIFY2(image.save(path), qPrintable(path));
        QVERIFY2(distinctColours(image) > 20, qPrintable(name));
        const QImage reread(path);
        QCOMPARE(reread.size(), image.size());
        qInfo().noquote() << "screenshot:" << path;
    }
    gateway.stop();
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"

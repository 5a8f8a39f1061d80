// The main window around a real Gateway: the navigation lists the panels and switches the stack,
// the status bar follows the gateway through start, stop and a failed start, driven by the
// window's own actions; Stop lets the requests in flight finish, and Stop again cuts them.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "mainwindow/mainwindow.h"
#include "models/providertablemodel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

ConfigSnapshot loadConfig(const QByteArray& yaml)
{
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    return loaded.config;
}

const QByteArray BaseConfig = "server:\n  listen: 127.0.0.1:0\n"
                              "providers:\n  - name: alpha\n    kind: openai-compatible\n"
                              "    base_url: http://127.0.0.1:9/v1\n    region: eu\n    api_key: sk-x\n"
                              "    models:\n      - name: gpt-fake\n"
                              "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void navigationListsPanels();
    void startAndStopFromActions();
    void failedStartIsShownAndCanBeRetried();
    void stopLetsRequestsInFlightFinish();
    void stopAgainCutsRequestsInFlight();
};

void TestMainWindow::initTestCase()
{
    // The window reads its preferences (listen address, tray) from QSettings: start from none.
    static QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
}

void TestMainWindow::navigationListsPanels()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loadConfig(BaseConfig), dir.path());
    window.show();
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("panelStack"));
    QVERIFY(navigation);
    QVERIFY(stack);
    QStringList titles;
    for (int i = 0; i < navigation->count(); ++i)
        titles << navigation->item(i)->text();
    QCOMPARE(titles, (QStringList{"Dashboard", "Requests", "Providers", "Routes", "Keys", "Budgets", "Guardrails",
                                  "Residency", "Audit", "Settings"}));
    QCOMPARE(window.panels().size(), navigation->count());
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("dashboardPanel"));

    const QStringList panelNames{"dashboardPanel", "requestsPanel",   "providersPanel", "routesPanel",
                                 "keysPanel",      "budgetsPanel",    "guardrailsPanel", "residencyPanel",
                                 "auditPanel",     "settingsPanel"};
    for (int i = 0; i < navigation->count(); ++i) {
        const QRect rect = navigation->visualItemRect(navigation->item(i));
        QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(stack->currentWidget()->objectName(), panelNames[i]);
        QVERIFY(stack->currentWidget()->isVisible());
    }
    // The configuration shows before the gateway runs.
    auto* providers = window.findChild<QTableView*>(QStringLiteral("providersTable"));
    QVERIFY(providers);
    QCOMPARE(providers->model()->rowCount(), 1);
    QCOMPARE(providers->model()->index(0, 0).data().toString(), QStringLiteral("alpha"));
    QVERIFY(providers->model()->index(0, ProviderTableModel::ModelsColumn).data().toString().contains(QLatin1String("gpt-fake")));
    auto* routes = window.findChild<QTreeWidget*>(QStringLiteral("routesTree"));
    QVERIFY(routes);
    QCOMPARE(routes->topLevelItem(0)->text(0), QStringLiteral("chat"));
    QCOMPARE(routes->topLevelItem(0)->child(0)->text(0), QStringLiteral("alpha/gpt-fake"));
}

void TestMainWindow::startAndStopFromActions()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loadConfig(BaseConfig), dir.path());
    window.show();
    auto* state = window.findChild<QLabel*>(QStringLiteral("gatewayStateLabel"));
    auto* start = window.findChild<QAction*>(QStringLiteral("startGatewayAction"));
    auto* stop = window.findChild<QAction*>(QStringLiteral("stopGatewayAction"));
    QVERIFY(state && start && stop);
    QCOMPARE(window.gatewayState(), MainWindow::GatewayState::Stopped);
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());

    start->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    QVERIFY(gateway.port() != 0);
    QVERIFY2(state->text().contains(gateway.listenAddress()), qPrintable(state->text()));
    QVERIFY(!start->isEnabled());
    QVERIFY(stop->isEnabled());

    stop->trigger(); // nothing in flight: the drain is over at once
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Stopped, 5000);
    QVERIFY(!gateway.isRunning());
    QVERIFY(!state->text().contains(QStringLiteral("127.0.0.1")));
    QVERIFY(start->isEnabled());

    // And once more: a stopped gateway starts again from the window.
    start->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    QVERIFY(gateway.isRunning());
}

void TestMainWindow::failedStartIsShownAndCanBeRetried()
{
    QTcpServer occupied;
    QVERIFY(occupied.listen(QHostAddress::LocalHost, 0));
    QByteArray yaml = BaseConfig;
    yaml.replace("127.0.0.1:0", "127.0.0.1:" + QByteArray::number(occupied.serverPort()));
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loadConfig(yaml), dir.path());
    window.show();
    auto* state = window.findChild<QLabel*>(QStringLiteral("gatewayStateLabel"));
    auto* start = window.findChild<QAction*>(QStringLiteral("startGatewayAction"));
    start->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Failed, 10000);
    QVERIFY2(state->text().contains(QString::number(occupied.serverPort())), qPrintable(state->text()));
    QVERIFY(start->isEnabled());

    occupied.close();
    start->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
}

namespace {

const QByteArray ChatRequest = R"({"model":"chat","messages":[{"role":"user","content":"Hello there"}]})";

// A shown window whose Start action was triggered, over a gateway whose one provider is a fake
// answering every request as `behaviour` says.
struct ServingWindow
{
    explicit ServingWindow(const testing::FakeBehaviour& behaviour)
    {
        listening = fake.listen();
        fake.setDefaultBehaviour(behaviour);
        QByteArray yaml = BaseConfig;
        yaml.replace("http://127.0.0.1:9/v1", (fake.baseUrl() + QStringLiteral("/v1")).toUtf8());
        window = std::make_unique<MainWindow>(&gateway, loadConfig(yaml), dir.path());
        window->show();
        state = window->findChild<QLabel*>(QStringLiteral("gatewayStateLabel"));
        start = window->findChild<QAction*>(QStringLiteral("startGatewayAction"));
        stop = window->findChild<QAction*>(QStringLiteral("stopGatewayAction"));
        start->trigger();
    }

    // Once the gateway serves, `client` sends a chat request; true when it has reached the fake.
    bool sendRequest()
    {
        if (!listening ||
            !QTest::qWaitFor([this] { return window->gatewayState() == MainWindow::GatewayState::Running; },
                             10000))
            return false;
        client = std::make_unique<testing::HttpTestClient>(gateway.port());
        if (!client->connectToServer())
            return false;
        client->post("/v1/chat/completions", ChatRequest);
        return QTest::qWaitFor([this] { return fake.requestCount() == 1; }, 5000);
    }

    testing::FakeOpenAiServer fake;
    QTemporaryDir dir;
    Gateway gateway;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<testing::HttpTestClient> client;
    QLabel* state = nullptr;
    QAction* start = nullptr;
    QAction* stop = nullptr;
    bool listening = false;
};

} // namespace

void TestMainWindow::stopLetsRequestsInFlightFinish()
{
    ServingWindow w(testing::FakeBehaviour::slowFirstByte(700));
    QVERIFY(w.sendRequest());
    const quint16 port = w.gateway.port();

    w.stop->trigger();
    QCOMPARE(w.window->gatewayState(), MainWindow::GatewayState::Stopping);
    QVERIFY2(w.state->text().contains(QStringLiteral("30 s")), qPrintable(w.state->text()));
    QVERIFY(w.gateway.isRunning());
    QVERIFY(w.stop->isEnabled());
    QCOMPARE(w.stop->text(), QStringLiteral("Stop now"));
    QVERIFY(!w.start->isEnabled());

    // Nothing new is accepted meanwhile.
    QVERIFY(!testing::HttpTestClient::request(port, "GET", "/healthz", {}, {}, 2000));
    QCOMPARE(w.window->gatewayState(), MainWindow::GatewayState::Stopping);

    // The request in flight gets its whole answer; then the gateway stops by itself.
    const std::optional<testing::TestResponse> answer = w.client->waitForResponse(10000);
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QVERIFY2(answer->body.contains("chat.completion"), answer->body.constData());
    QTRY_COMPARE_WITH_TIMEOUT(w.window->gatewayState(), MainWindow::GatewayState::Stopped, 10000);
    QVERIFY(!w.gateway.isRunning());
    QCOMPARE(w.stop->text(), QStringLiteral("Stop gateway"));
    QVERIFY(!w.stop->isEnabled());
    QVERIFY(w.start->isEnabled());
    QCOMPARE(w.fake.completedResponses(), 1);
}

void TestMainWindow::stopAgainCutsRequestsInFlight()
{
    ServingWindow w(testing::FakeBehaviour::hang());
    QVERIFY(w.sendRequest());

    w.stop->trigger();
    QCOMPARE(w.window->gatewayState(), MainWindow::GatewayState::Stopping);
    QTest::qWait(200);
    QCOMPARE(w.window->gatewayState(), MainWindow::GatewayState::Stopping); // the provider still hangs

    w.stop->trigger(); // "Stop now"
    QCOMPARE(w.window->gatewayState(), MainWindow::GatewayState::Stopped);
    QVERIFY(!w.gateway.isRunning());
    QVERIFY(w.client->waitForDisconnected(5000));
    QVERIFY2(!w.client->buffer().startsWith("HTTP/1.1 200"),
             w.client->buffer().constData()); // cut, not answered
    QVERIFY(w.start->isEnabled());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

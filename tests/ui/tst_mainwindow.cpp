// The main window around a real Gateway: the navigation lists the panels and switches the stack,
// the status bar follows the gateway through start, stop and a failed start, driven by the
// window's own actions.
#include "config/configloader.h"
#include "gateway/gateway.h"
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

    stop->trigger();
    QCOMPARE(window.gatewayState(), MainWindow::GatewayState::Stopped);
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

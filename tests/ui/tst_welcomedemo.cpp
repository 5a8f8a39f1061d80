// First run and the demo, through the real window: with no provider configured the window opens
// on the welcome page; "Add a provider" leads to the Providers panel; "Try the demo" starts the
// simulated providers, points the gateway at them and sends it traffic, and the dashboard's series
// grow within seconds; "Stop the demo" ends it and the demo providers are gone.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "mainwindow/mainwindow.h"
#include "panels/dashboard/dashboardpanel.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

ConfigSnapshot load(const QByteArray& yaml)
{
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    return loaded.config;
}

const QByteArray NoProviders = "server:\n  listen: 127.0.0.1:0\n";
const QByteArray OneProvider = "server:\n  listen: 127.0.0.1:0\n"
                               "providers:\n  - name: alpha\n    kind: openai-compatible\n"
                               "    base_url: http://127.0.0.1:9/v1\n    region: eu\n"
                               "    models:\n      - name: gpt-fake\n"
                               "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";

// Requests per second the dashboard has drawn for the demo providers, summed over points.
double demoRequestsDrawn(DashboardPanel* dashboard)
{
    double total = 0;
    for (const char* provider : {"demo-eu", "demo-in", "demo-us"}) {
        for (const QPointF& p : dashboard->seriesPoints(QStringLiteral("requests:") + QLatin1String(provider)))
            total += p.y();
    }
    return total;
}

int demoPointCount(DashboardPanel* dashboard)
{
    int count = 0;
    for (const char* provider : {"demo-eu", "demo-in", "demo-us"})
        count += int(dashboard->seriesPoints(QStringLiteral("requests:") + QLatin1String(provider)).size());
    return count;
}

} // namespace

class TestWelcomeDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void welcomeWithoutProviders();
    void noWelcomeWithAProvider();
    void addProviderLeadsToProviders();
    void demoBringsTheDashboardAlive();

private:
    std::unique_ptr<QTemporaryDir> m_settingsDir;
};

void TestWelcomeDemo::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir->path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir->path());
}

void TestWelcomeDemo::welcomeWithoutProviders()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, load(NoProviders), dir.path());
    window.show();
    QVERIFY(window.isWelcomeShown());
    auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("panelStack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("welcomePage"));
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("welcomeAddProviderButton"))->isVisible());
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("welcomeTryDemoButton"))->isVisible());
    QVERIFY(!window.findChild<QWidget*>(QStringLiteral("demoBanner"))->isVisible());
    // The welcome page is not a panel: the navigation lists the panels only.
    QVERIFY(!window.panels().contains(stack->currentWidget()));
}

void TestWelcomeDemo::noWelcomeWithAProvider()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, load(OneProvider), dir.path());
    window.show();
    QVERIFY(!window.isWelcomeShown());
    auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("panelStack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("dashboardPanel"));
}

void TestWelcomeDemo::addProviderLeadsToProviders()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, load(NoProviders), dir.path());
    window.show();
    QSignalSpy requested(&window, &MainWindow::addProviderRequested);
    QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("welcomeAddProviderButton")), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("panelStack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("providersPanel"));
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QCOMPARE(navigation->currentRow(), window.panelIndex(QStringLiteral("providersPanel")));
    QVERIFY(!window.isDemoRunning());
    QVERIFY(!gateway.isRunning());
}

void TestWelcomeDemo::demoBringsTheDashboardAlive()
{
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, load(NoProviders), dir.path());
    window.show();
    auto* dashboard = window.findChild<DashboardPanel*>(QStringLiteral("dashboardPanel"));
    QVERIFY(dashboard);
    QCOMPARE(demoPointCount(dashboard), 0);

    QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("welcomeTryDemoButton")), Qt::LeftButton);
    auto* banner = window.findChild<QWidget*>(QStringLiteral("demoBanner"));
    QVERIFY(banner->isVisible());
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("demoBannerLabel"))->text().contains(QStringLiteral("Demo mode")));
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("demoStopButton"))->isVisible());
    QVERIFY(!window.isWelcomeShown());
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    QVERIFY(window.isDemoRunning());
    // The running gateway serves the demo's providers, in the demo's own data folder.
    const ConfigSnapshot running = gateway.config();
    QVERIFY(running->findProvider(QStringLiteral("demo-eu")));
    QCOMPARE(running->findProvider(QStringLiteral("demo-in"))->region, QStringLiteral("in"));
    QCOMPARE(running->findProvider(QStringLiteral("demo-us"))->region, QStringLiteral("us"));
    QVERIFY(running->findRoute(QStringLiteral("chat-default")));
    QVERIFY(gateway.databasePath().startsWith(QDir(dir.path()).filePath(QStringLiteral("demo"))));

    // Traffic flows and the dashboard draws it: points appear, then more of them.
    QTRY_VERIFY_WITH_TIMEOUT(demoRequestsDrawn(dashboard) > 0, 15000);
    const int pointsBefore = demoPointCount(dashboard);
    const double requestsBefore = demoRequestsDrawn(dashboard);
    QTRY_VERIFY_WITH_TIMEOUT(demoPointCount(dashboard) > pointsBefore && demoRequestsDrawn(dashboard) > requestsBefore,
                             15000);

    QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("demoStopButton")), Qt::LeftButton);
    QVERIFY(!window.isDemoRunning());
    QVERIFY(!banner->isVisible());
    // The gateway did not run before the demo, so it is stopped again, and the demo providers are
    // nowhere in the user's configuration.
    QVERIFY(!gateway.isRunning());
    QCOMPARE(window.gatewayState(), MainWindow::GatewayState::Stopped);
    QVERIFY(window.isWelcomeShown());
    window.startGateway();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    QVERIFY(!gateway.config()->findProvider(QStringLiteral("demo-eu")));
    QVERIFY(!gateway.databasePath().contains(QStringLiteral("/demo/")));
    gateway.stop();
}

QTEST_MAIN(TestWelcomeDemo)
#include "tst_welcomedemo.moc"

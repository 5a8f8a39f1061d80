#include "mainwindow/mainwindow.h"

#include "gateway/gateway.h"
#include "panels/dashboard/dashboardpanel.h"
#include "panels/providers/providerspanel.h"
#include "panels/requests/requestspanel.h"
#include "panels/routes/routespanel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QToolBar>

namespace tollgate::ui {

MainWindow::MainWindow(Gateway* gateway, ConfigSnapshot initialConfig, QString dataDir, QWidget* parent)
    : QMainWindow(parent), m_gateway(gateway), m_initialConfig(std::move(initialConfig)),
      m_dataDir(std::move(dataDir)), m_navigation(new QListWidget(this)), m_stack(new QStackedWidget(this)),
      m_stateLabel(new QLabel(this)), m_spendLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tollgate"));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigation->setMaximumWidth(200);
    m_navigation->setSpacing(3);
    m_navigation->setIconSize(QSize(20, 20));
    m_stack->setObjectName(QStringLiteral("panelStack"));
    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({160, 900});
    setCentralWidget(splitter);

    m_dashboard = new DashboardPanel(this);
    addPanel(tr("Dashboard"), style()->standardIcon(QStyle::SP_ComputerIcon), m_dashboard);
    m_requests = new RequestsPanel(this);
    addPanel(tr("Requests"), style()->standardIcon(QStyle::SP_FileDialogDetailedView), m_requests);
    m_providers = new ProvidersPanel(this);
    addPanel(tr("Providers"), style()->standardIcon(QStyle::SP_DriveNetIcon), m_providers);
    m_routes = new RoutesPanel(this);
    addPanel(tr("Routes"), style()->standardIcon(QStyle::SP_ArrowForward), m_routes);
    connect(m_navigation, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    m_startAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start gateway"), this);
    m_startAction->setObjectName(QStringLiteral("startGatewayAction"));
    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop gateway"), this);
    m_stopAction->setObjectName(QStringLiteral("stopGatewayAction"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startGateway);
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopGateway);
    auto* quitAction = new QAction(tr("Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, qApp, &QApplication::quit);

    QMenu* gatewayMenu = menuBar()->addMenu(tr("&Gateway"));
    gatewayMenu->setObjectName(QStringLiteral("gatewayMenu"));
    gatewayMenu->addAction(m_startAction);
    gatewayMenu->addAction(m_stopAction);
    gatewayMenu->addSeparator();
    gatewayMenu->addAction(quitAction);
    QToolBar* toolBar = addToolBar(tr("Gateway"));
    toolBar->setObjectName(QStringLiteral("gatewayToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_startAction);
    toolBar->addAction(m_stopAction);

    m_stateLabel->setObjectName(QStringLiteral("gatewayStateLabel"));
    m_spendLabel->setObjectName(QStringLiteral("spendTodayLabel"));
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_spendLabel);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(style()->standardIcon(QStyle::SP_ComputerIcon), this);
        m_tray->setObjectName(QStringLiteral("trayIcon"));
        auto* trayMenu = new QMenu(this);
        trayMenu->setObjectName(QStringLiteral("trayMenu"));
        QAction* showAction = trayMenu->addAction(tr("Show Tollgate"));
        connect(showAction, &QAction::triggered, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        trayMenu->addAction(m_startAction);
        trayMenu->addAction(m_stopAction);
        trayMenu->addSeparator();
        trayMenu->addAction(quitAction);
        m_tray->setContextMenu(trayMenu);
        m_tray->show();
    }

    connect(m_gateway, &Gateway::started, this, [this](const QString& address) {
        setState(GatewayState::Running, address);
        m_requests->setDatabasePath(m_gateway->databasePath());
        m_providers->setConfig(m_gateway->config());
        m_routes->setConfig(m_gateway->config());
    });
    connect(m_gateway, &Gateway::startFailed, this,
            [this](const QString& error) { setState(GatewayState::Failed, error); });
    connect(m_gateway, &Gateway::stopped, this, [this] {
        if (m_state != GatewayState::Failed)
            setState(GatewayState::Stopped);
    });
    connect(m_gateway, &Gateway::statsUpdated, this, &MainWindow::onStats);

    const ConfigSnapshot shown = m_gateway->config() ? m_gateway->config() : m_initialConfig;
    m_providers->setConfig(shown);
    m_routes->setConfig(shown);
    if (!m_gateway->databasePath().isEmpty())
        m_requests->setDatabasePath(m_gateway->databasePath());
    if (m_gateway->isRunning())
        setState(m_gateway->listenAddress().isEmpty() ? GatewayState::Starting : GatewayState::Running,
                 m_gateway->listenAddress());
    else
        setState(GatewayState::Stopped);
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPanel(const QString& title, const QIcon& icon, QWidget* panel)
{
    auto* item = new QListWidgetItem(icon, title, m_navigation);
    item->setData(Qt::UserRole, panel->objectName());
    m_stack->addWidget(panel);
}

QList<QWidget*> MainWindow::panels() const
{
    QList<QWidget*> result;
    for (int i = 0; i < m_stack->count(); ++i)
        result << m_stack->widget(i);
    return result;
}

void MainWindow::showPanel(int index)
{
    m_navigation->setCurrentRow(index);
}

void MainWindow::startGateway()
{
    if (m_gateway->isRunning())
        return;
    const ConfigSnapshot config = m_gateway->config() ? m_gateway->config() : m_initialConfig;
    if (!config) {
        setState(GatewayState::Failed, tr("no configuration"));
        return;
    }
    setState(GatewayState::Starting);
    m_gateway->start(config, m_dataDir);
}

void MainWindow::stopGateway()
{
    // Gateway::stop() joins the worker threads after they close their connections and flush the
    // request log: short, and only on the user's request.
    m_gateway->stop();
}

void MainWindow::setState(GatewayState state, const QString& detail)
{
    m_state = state;
    switch (state) {
    case GatewayState::Stopped:
        m_stateLabel->setText(tr("Gateway stopped"));
        break;
    case GatewayState::Starting:
        m_stateLabel->setText(tr("Gateway starting…"));
        break;
    case GatewayState::Running:
        m_stateLabel->setText(
            tr("Gateway running on http://%1 — point OpenAI clients at http://%1/v1").arg(detail));
        break;
    case GatewayState::Failed:
        m_stateLabel->setText(tr("Gateway failed to start: %1").arg(detail));
        break;
    }
    m_startAction->setEnabled(state == GatewayState::Stopped || state == GatewayState::Failed);
    m_stopAction->setEnabled(state == GatewayState::Running);
    updateTrayToolTip();
}

void MainWindow::onStats(const telemetry::StatsSnapshot& snapshot)
{
    m_dashboard->addSnapshot(snapshot);
    m_requests->onStats(snapshot);
    const QString spend = m_dashboard->today().spendText();
    m_spendLabel->setText(spend.isEmpty() ? tr("Spend today: none") : tr("Spend today: %1").arg(spend));
    updateTrayToolTip();
}

void MainWindow::updateTrayToolTip()
{
    if (!m_tray)
        return;
    const QString spend = m_dashboard->today().spendText();
    m_tray->setToolTip(
        tr("Tollgate\n%1\nSpend today: %2").arg(m_stateLabel->text(), spend.isEmpty() ? tr("none") : spend));
}

} // namespace tollgate::ui

#include "mainwindow/mainwindow.h"

#include "demo/demomode.h"
#include "gateway/gateway.h"
#include "mainwindow/welcomepage.h"
#include "secrets/secretstore.h"
#include "panels/audit/auditpanel.h"
#include "panels/budgets/budgetspanel.h"
#include "panels/dashboard/dashboardpanel.h"
#include "panels/guardrails/guardrailspanel.h"
#include "panels/keys/keyspanel.h"
#include "panels/providers/providerspanel.h"
#include "panels/requests/requestspanel.h"
#include "panels/residency/residencypanel.h"
#include "panels/routes/routespanel.h"
#include "panels/settings/settingspanel.h"
#include "widgets/languages.h"
#include "widgets/uiresources.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace tollgate::ui {

MainWindow::MainWindow(Gateway* gateway, ConfigSnapshot initialConfig, QString dataDir, QWidget* parent)
    : QMainWindow(parent), m_gateway(gateway), m_initialConfig(std::move(initialConfig)),
      m_dataDir(std::move(dataDir)), m_settings(AppSettings::load()), m_navigation(new QListWidget(this)),
      m_stack(new QStackedWidget(this)), m_stateLabel(new QLabel(this)), m_spendLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(applicationIcon());

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigation->setMaximumWidth(200);
    m_navigation->setSpacing(3);
    m_navigation->setIconSize(QSize(20, 20));
    m_stack->setObjectName(QStringLiteral("panelStack"));

    // The demo banner sits above the panels while the demo runs.
    m_demoBanner = new QWidget(this);
    m_demoBanner->setObjectName(QStringLiteral("demoBanner"));
    m_demoBanner->setAutoFillBackground(true);
    m_demoBanner->setStyleSheet(QStringLiteral("#demoBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"));
    auto* bannerLayout = new QHBoxLayout(m_demoBanner);
    bannerLayout->setContentsMargins(10, 4, 10, 4);
    m_demoBannerLabel = new QLabel(m_demoBanner);
    m_demoBannerLabel->setObjectName(QStringLiteral("demoBannerLabel"));
    m_demoBannerLabel->setWordWrap(true);
    m_demoStopButton = new QPushButton(m_demoBanner);
    m_demoStopButton->setObjectName(QStringLiteral("demoStopButton"));
    bannerLayout->addWidget(m_demoBannerLabel, 1);
    bannerLayout->addWidget(m_demoStopButton);
    m_demoBanner->hide();
    connect(m_demoStopButton, &QPushButton::clicked, this, &MainWindow::stopDemo);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    rightLayout->addWidget(m_demoBanner);
    rightLayout->addWidget(m_stack, 1);

    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({160, 900});
    setCentralWidget(splitter);
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_stack->setCurrentIndex(row);
    });

    m_startAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), QString(), this);
    m_startAction->setObjectName(QStringLiteral("startGatewayAction"));
    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), QString(), this);
    m_stopAction->setObjectName(QStringLiteral("stopGatewayAction"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startGateway);
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopGateway);
    m_demoAction = new QAction(navigationIcon(QStringLiteral("demo")), QString(), this);
    m_demoAction->setObjectName(QStringLiteral("demoAction"));
    m_demoAction->setCheckable(true);
    connect(m_demoAction, &QAction::triggered, this, [this](bool on) {
        if (on)
            startDemo();
        else
            stopDemo();
    });
    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, qApp, &QApplication::quit);

    m_gatewayMenu = menuBar()->addMenu(QString());
    m_gatewayMenu->setObjectName(QStringLiteral("gatewayMenu"));
    m_gatewayMenu->addAction(m_startAction);
    m_gatewayMenu->addAction(m_stopAction);
    m_gatewayMenu->addAction(m_demoAction);
    m_gatewayMenu->addSeparator();
    m_gatewayMenu->addAction(m_quitAction);
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("gatewayToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_startAction);
    m_toolBar->addAction(m_stopAction);

    m_stateLabel->setObjectName(QStringLiteral("gatewayStateLabel"));
    m_spendLabel->setObjectName(QStringLiteral("spendTodayLabel"));
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_spendLabel);

    m_showAction = new QAction(this);
    m_showAction->setObjectName(QStringLiteral("showWindowAction"));
    connect(m_showAction, &QAction::triggered, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(applicationIcon(), this);
        m_tray->setObjectName(QStringLiteral("trayIcon"));
        auto* trayMenu = new QMenu(this);
        trayMenu->setObjectName(QStringLiteral("trayMenu"));
        trayMenu->addAction(m_showAction);
        trayMenu->addAction(m_startAction);
        trayMenu->addAction(m_stopAction);
        trayMenu->addSeparator();
        trayMenu->addAction(m_quitAction);
        m_tray->setContextMenu(trayMenu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                m_showAction->trigger();
        });
        m_tray->show();
    }

    m_demo = new demo::DemoMode(this);
    connect(m_demo, &demo::DemoMode::ready, this, &MainWindow::onDemoReady);
    connect(m_demo, &demo::DemoMode::failed, this, [this](const QString& error) {
        m_demoWanted = false;
        m_demo->stop();
        updateWelcome();
        setState(GatewayState::Failed, tr("the demo could not start: %1").arg(error));
    });

    connect(m_gateway, &Gateway::started, this, [this](const QString& address) {
        setState(GatewayState::Running, address);
        m_requests->setDatabasePath(m_gateway->databasePath());
        m_providers->setConfig(m_gateway->config());
        m_routes->setConfig(m_gateway->config());
        m_keysPanel->setConfig(m_gateway->config());
        m_keysPanel->setBudgetService(m_gateway->budgetService());
        m_budgetsPanel->setBudgetService(m_gateway->budgetService());
        m_dashboard->setBudgetService(m_gateway->budgetService());
        m_guardrails->setConfig(m_gateway->config());
        m_residency->setConfig(m_gateway->config());
        m_audit->setLedger(m_gateway->decisionLedger());
        updateSettingsPanel();
        if (m_demoWanted && m_demo->isRunning())
            m_demo->startTraffic(m_gateway->config()->server.listenHost, m_gateway->port());
    });
    connect(m_gateway, &Gateway::startFailed, this,
            [this](const QString& error) { setState(GatewayState::Failed, error); });
    connect(m_gateway, &Gateway::stopped, this, [this] {
        if (m_state != GatewayState::Failed)
            setState(GatewayState::Stopped);
        m_keysPanel->setBudgetService(nullptr);
        m_budgetsPanel->setBudgetService(nullptr);
        m_dashboard->setBudgetService(nullptr);
        updateSettingsPanel();
    });
    connect(m_gateway, &Gateway::statsUpdated, this, &MainWindow::onStats);

    buildPanels();
    retranslateChrome();
    if (m_gateway->isRunning())
        setState(m_gateway->listenAddress().isEmpty() ? GatewayState::Starting : GatewayState::Running,
                 m_gateway->listenAddress());
    else
        setState(GatewayState::Stopped);
    resize(1100, 720);
}

MainWindow::~MainWindow()
{
    // The demo's traffic must stop before the gateway it talks to goes away with the caller.
    m_demo->stop();
}

void MainWindow::buildPanels()
{
    const QString current = m_stack->currentWidget() ? m_stack->currentWidget()->objectName() : QString();
    m_navigation->blockSignals(true);
    m_navigation->clear();
    while (m_stack->count() > 0) {
        QWidget* old = m_stack->widget(0);
        m_stack->removeWidget(old);
        delete old; // at once: nothing may find a panel of the old language
    }
    m_navigation->blockSignals(false);

    m_dashboard = new DashboardPanel(this);
    addPanel(tr("Dashboard"), QStringLiteral("dashboard"), m_dashboard);
    m_requests = new RequestsPanel(this);
    addPanel(tr("Requests"), QStringLiteral("requests"), m_requests);
    m_providers = new ProvidersPanel(this);
    addPanel(tr("Providers"), QStringLiteral("providers"), m_providers);
    m_routes = new RoutesPanel(this);
    addPanel(tr("Routes"), QStringLiteral("routes"), m_routes);
    m_keysPanel = new KeysPanel(this);
    addPanel(tr("Keys"), QStringLiteral("keys"), m_keysPanel);
    m_budgetsPanel = new BudgetsPanel(this);
    addPanel(tr("Budgets"), QStringLiteral("budgets"), m_budgetsPanel);
    m_guardrails = new GuardrailsPanel(this);
    addPanel(tr("Guardrails"), QStringLiteral("guardrails"), m_guardrails);
    m_residency = new ResidencyPanel(this);
    addPanel(tr("Residency"), QStringLiteral("residency"), m_residency);
    m_audit = new AuditPanel(this);
    addPanel(tr("Audit"), QStringLiteral("audit"), m_audit);
    m_settingsPanel = new SettingsPanel(this);
    addPanel(tr("Settings"), QStringLiteral("settings"), m_settingsPanel);
    connect(m_settingsPanel, &SettingsPanel::settingsChanged, this, &MainWindow::applySettings);
    connect(m_settingsPanel, &SettingsPanel::languageChanged, this,
            [](const QString& language) { installLanguage(language); });

    // The welcome page is in the stack but not in the navigation: it has no row to select.
    m_welcome = new WelcomePage(this);
    m_stack->addWidget(m_welcome);
    connect(m_welcome, &WelcomePage::addProviderClicked, this, [this] {
        showPanel(panelIndex(QStringLiteral("providersPanel")));
        Q_EMIT addProviderRequested();
    });
    connect(m_welcome, &WelcomePage::tryDemoClicked, this, &MainWindow::startDemo);

    wireEditors();
    const ConfigSnapshot shown = m_gateway->config() ? m_gateway->config() : userConfig();
    m_providers->setConfig(shown);
    m_routes->setConfig(shown);
    m_keysPanel->setConfig(shown);
    m_keysPanel->setBudgetService(m_gateway->budgetService());
    m_budgetsPanel->setBudgetService(m_gateway->budgetService());
    m_dashboard->setBudgetService(m_gateway->budgetService());
    m_dashboard->setDisplayCurrency(m_settings.displayCurrency);
    m_guardrails->setConfig(shown);
    m_residency->setConfig(shown);
    if (m_gateway->decisionLedger())
        m_audit->setLedger(m_gateway->decisionLedger());
    else
        m_audit->setLedgerPath(QDir(userDataDir()).filePath(QStringLiteral("ledger.db")));
    if (!m_gateway->databasePath().isEmpty())
        m_requests->setDatabasePath(m_gateway->databasePath());
    updateSettingsPanel();

    const int restored = panelIndex(current);
    if (restored >= 0)
        showPanel(restored);
    else
        updateWelcome();
    if (m_stack->currentWidget() == nullptr || m_navigation->currentRow() < 0)
        if (!isWelcomeShown())
            showPanel(0);
}

void MainWindow::retranslateChrome()
{
    setWindowTitle(tr("Tollgate"));
    m_startAction->setText(tr("Start gateway"));
    m_demoAction->setText(tr("Run the demo"));
    m_quitAction->setText(tr("Quit"));
    m_showAction->setText(tr("Show Tollgate"));
    m_gatewayMenu->setTitle(tr("&Gateway"));
    m_toolBar->setWindowTitle(tr("Gateway"));
    m_demoBannerLabel->setText(tr("<b>Demo mode</b> — simulated providers demo-eu, demo-in and demo-us with "
                                  "generated traffic. Nothing leaves this computer."));
    m_demoStopButton->setText(tr("Stop the demo"));
    setState(m_state, m_stateDetail);
}

void MainWindow::addPanel(const QString& title, const QString& iconName, QWidget* panel)
{
    auto* item = new QListWidgetItem(navigationIcon(iconName), title, m_navigation);
    item->setData(Qt::UserRole, panel->objectName());
    m_stack->insertWidget(m_navigation->count() - 1, panel);
}

QList<QWidget*> MainWindow::panels() const
{
    QList<QWidget*> result;
    for (int i = 0; i < m_navigation->count(); ++i)
        result << m_stack->widget(i);
    return result;
}

void MainWindow::showPanel(int index)
{
    if (index < 0 || index >= m_navigation->count())
        return;
    m_navigation->setCurrentRow(index);
    m_stack->setCurrentIndex(index);
}

int MainWindow::panelIndex(const QString& objectName) const
{
    for (int i = 0; i < m_navigation->count(); ++i) {
        if (m_navigation->item(i)->data(Qt::UserRole).toString() == objectName)
            return i;
    }
    return -1;
}

bool MainWindow::isWelcomeShown() const
{
    return m_welcome && m_stack->currentWidget() == m_welcome;
}

void MainWindow::updateWelcome()
{
    const ConfigSnapshot config = userConfig();
    const bool noProvider = !config || config->providers.empty();
    if (noProvider && !m_demoWanted) {
        m_navigation->blockSignals(true);
        m_navigation->setCurrentRow(-1);
        m_navigation->blockSignals(false);
        m_stack->setCurrentWidget(m_welcome);
        m_welcome->setFocus();
    } else if (isWelcomeShown()) {
        showPanel(0);
    }
}

void MainWindow::setConfigStorage(const QString& configPath, SecretStore* secrets)
{
    m_configPath = configPath;
    m_secrets = secrets;
    wireEditors();
}

void MainWindow::wireEditors()
{
    if (!m_providers || !m_routes)
        return;
    m_providers->setSecretStore(m_secrets);
    m_providers->setConfigPath(m_configPath);
    m_routes->setSecretStore(m_secrets);
    m_routes->setConfigPath(m_configPath);
    connect(m_providers, &ProvidersPanel::configEdited, this, &MainWindow::applyEditedConfig, Qt::UniqueConnection);
    connect(m_routes, &RoutesPanel::configEdited, this, &MainWindow::applyEditedConfig, Qt::UniqueConnection);
    m_guardrails->setSecretStore(m_secrets);
    m_guardrails->setConfigPath(m_configPath);
    m_residency->setSecretStore(m_secrets);
    m_residency->setConfigPath(m_configPath);
    connect(m_guardrails, &GuardrailsPanel::configEdited, this, &MainWindow::applyEditedConfig, Qt::UniqueConnection);
    connect(m_residency, &ResidencyPanel::configEdited, this, &MainWindow::applyEditedConfig, Qt::UniqueConnection);
}

// An edit from the providers or routes editor: the running gateway takes the new snapshot at once
// (requests in flight keep theirs), and it is what the next start uses.
void MainWindow::applyEditedConfig(const ConfigSnapshot& config)
{
    m_initialConfig = config;
    if (m_gateway->config())
        m_gateway->applyConfig(config);
    m_providers->setConfig(config);
    m_routes->setConfig(config);
    m_keysPanel->setConfig(config);
    m_guardrails->setConfig(config);
    m_residency->setConfig(config);
    updateWelcome();
}

ConfigSnapshot MainWindow::userConfig() const
{
    if (!m_initialConfig)
        return m_initialConfig;
    if (m_settings.listenHost.isEmpty() && m_settings.listenPort == 0)
        return m_initialConfig;
    auto config = std::make_shared<GatewayConfig>(*m_initialConfig);
    if (!m_settings.listenHost.isEmpty())
        config->server.listenHost = m_settings.listenHost;
    if (m_settings.listenPort != 0)
        config->server.listenPort = m_settings.listenPort;
    return config;
}

QString MainWindow::userDataDir() const
{
    return m_settings.dataDir.isEmpty() ? m_dataDir : m_settings.dataDir;
}

void MainWindow::startGateway()
{
    if (m_gateway->isRunning())
        return;
    if (m_demoWanted) {
        m_demoWanted = false;
        m_demo->stop();
        m_demoBanner->hide();
        m_demoAction->setChecked(false);
    }
    // A config the running gateway was given later (by applyConfig) wins over the initial one.
    const ConfigSnapshot running = m_gateway->config();
    const bool demoConfig = running && running->findProvider(QStringLiteral("demo-eu"));
    startWith(running && !demoConfig ? running : userConfig(), userDataDir());
}

void MainWindow::startWith(const ConfigSnapshot& config, const QString& dataDir)
{
    if (!config) {
        setState(GatewayState::Failed, tr("no configuration"));
        return;
    }
    setState(GatewayState::Starting);
    m_gateway->start(config, dataDir);
}

void MainWindow::stopGateway()
{
    // As `tollgate serve` does on its first signal: the requests in flight, streams included,
    // finish while nothing new is accepted; Stop during that wait cuts them at once. Gateway::stop()
    // joins the worker threads after they close their connections and flush the request log.
    const ConfigSnapshot config = m_gateway->config();
    const int timeoutMs = config ? config->server.drainTimeoutMs : 0;
    if (m_state == GatewayState::Running && m_gateway->isRunning() && timeoutMs > 0) {
        setState(GatewayState::Stopping, QString::number(timeoutMs / 1000.0));
        m_gateway->drain(timeoutMs); // emits stopped() once the last request is done
        return;
    }
    m_gateway->stop();
}

void MainWindow::showOnStart()
{
    if (m_settings.startInTray && m_tray)
        return; // the tray icon's "Show Tollgate" opens the window
    show();
}

bool MainWindow::isDemoRunning() const
{
    return m_demoWanted && m_demo->isRunning();
}

void MainWindow::startDemo()
{
    if (m_demoWanted)
        return;
    m_demoWanted = true;
    m_demoAction->setChecked(true);
    m_resumeAfterDemo = m_gateway->isRunning() && m_state != GatewayState::Stopping;
    if (m_gateway->isRunning())
        m_gateway->stop();
    m_demoBanner->show();
    showPanel(0);
    setState(GatewayState::Starting);
    m_demo->start(userConfig());
}

void MainWindow::onDemoReady(const ConfigSnapshot& demoConfig)
{
    if (!m_demoWanted)
        return;
    // The demo keeps its request log apart from the user's.
    startWith(demoConfig, QDir(userDataDir()).filePath(QStringLiteral("demo")));
}

void MainWindow::stopDemo()
{
    if (!m_demoWanted)
        return;
    m_demoWanted = false;
    m_demoAction->setChecked(false);
    m_demo->stop();
    m_demoBanner->hide();
    if (m_gateway->isRunning())
        m_gateway->stop();
    const ConfigSnapshot config = userConfig();
    m_providers->setConfig(config);
    m_routes->setConfig(config);
    m_guardrails->setConfig(config);
    m_residency->setConfig(config);
    if (m_resumeAfterDemo)
        startWith(config, userDataDir());
    m_resumeAfterDemo = false;
    updateWelcome();
}

void MainWindow::applySettings(const AppSettings& settings)
{
    m_settings = settings;
    if (m_dashboard)
        m_dashboard->setDisplayCurrency(settings.displayCurrency);
    updateTrayToolTip();
}

void MainWindow::updateSettingsPanel()
{
    if (!m_settingsPanel)
        return;
    const bool running = m_gateway->isRunning() && !m_gateway->listenAddress().isEmpty();
    if (running) {
        const ConfigSnapshot config = m_gateway->config();
        m_settingsPanel->setGatewayValues(config->server.listenHost, m_gateway->port(),
                                          QFileInfo(m_gateway->databasePath()).absolutePath(), true);
        return;
    }
    const ConfigSnapshot config = m_initialConfig;
    m_settingsPanel->setGatewayValues(config ? config->server.listenHost : QStringLiteral("127.0.0.1"),
                                      config ? config->server.listenPort : 4000, m_dataDir, false);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // With "keep running in tray" the window only hides; the gateway keeps serving and the tray's
    // menu brings the window back or quits.
    if (m_settings.keepRunningInTray && m_tray && m_tray->isVisible()) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && !m_rebuildPending) {
        // Installing a translator sends one event per translator: rebuild once, and not from
        // inside the Settings panel's own signal (the panel is replaced by the rebuild).
        m_rebuildPending = true;
        QTimer::singleShot(0, this, [this] {
            m_rebuildPending = false;
            buildPanels();
            retranslateChrome();
        });
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::setState(GatewayState state, const QString& detail)
{
    m_state = state;
    m_stateDetail = detail;
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
    case GatewayState::Stopping:
        m_stateLabel->setText(
            tr("Gateway stopping: requests in flight have up to %1 s to finish (Stop now cuts them)")
                .arg(detail));
        break;
    case GatewayState::Failed:
        m_stateLabel->setText(tr("Gateway failed to start: %1").arg(detail));
        break;
    }
    m_stopAction->setText(state == GatewayState::Stopping ? tr("Stop now") : tr("Stop gateway"));
    m_startAction->setEnabled(state == GatewayState::Stopped || state == GatewayState::Failed);
    m_stopAction->setEnabled(state == GatewayState::Running || state == GatewayState::Stopping);
    updateTrayToolTip();
}

void MainWindow::onStats(const telemetry::StatsSnapshot& snapshot)
{
    m_dashboard->addSnapshot(snapshot);
    m_requests->onStats(snapshot);
    const QString spend = m_dashboard->spendTodayText();
    m_spendLabel->setText(spend.isEmpty() ? tr("Spend today: none") : tr("Spend today: %1").arg(spend));
    updateTrayToolTip();
}

void MainWindow::updateTrayToolTip()
{
    if (!m_tray || !m_dashboard)
        return;
    const QString spend = m_dashboard->spendTodayText();
    m_tray->setToolTip(
        tr("Tollgate\n%1\nSpend today: %2").arg(m_stateLabel->text(), spend.isEmpty() ? tr("none") : spend));
}

} // namespace tollgate::ui

#pragma once

#include "config/gatewayconfig.h"
#include "panels/settings/appsettings.h"
#include "telemetry/statssnapshot.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;
class QToolBar;

namespace tollgate {
class Gateway;
class SecretStore;
namespace demo {
class DemoMode;
}
} // namespace tollgate

namespace tollgate::ui {

class AuditPanel;
class BudgetsPanel;
class DashboardPanel;
class GuardrailsPanel;
class KeysPanel;
class ProvidersPanel;
class RequestsPanel;
class ResidencyPanel;
class RoutesPanel;
class SettingsPanel;
class WelcomePage;

// The desktop manager's window: a navigation list of panels, a stack showing the chosen one, a
// status bar with the gateway's state and address, and a tray icon (where the platform has a
// tray) to start and stop the gateway and see the day's spend. It only talks to the Gateway
// through its non-blocking calls and signals; panels draw from StatsSnapshots and read the store
// off the UI thread.
//
// With no provider configured it opens on a welcome page ("Add a provider", "Try the demo"). The
// demo runs simulated providers and a traffic generator on their own thread and points the
// gateway at them (with its own data folder); a banner says so until the user stops it, and the
// gateway then returns to the user's configuration. When the application's language changes the
// window rebuilds its panels, so every text is in the new language.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class GatewayState
    {
        Stopped,
        Starting,
        Running,
        // Stop was asked: nothing new is accepted while the requests in flight finish (up to
        // server.drain_timeout_ms). Stop again cuts them at once.
        Stopping,
        Failed
    };

    // gateway: owned by the caller, outlives the window. initialConfig and dataDir are what the
    // Start action uses when the gateway has not run yet; the listen address and data folder chosen
    // in Settings (QSettings) take precedence over them.
    MainWindow(Gateway* gateway, ConfigSnapshot initialConfig, QString dataDir, QWidget* parent = nullptr);
    ~MainWindow() override;

    GatewayState gatewayState() const { return m_state; }
    // The panels in navigation order (for tests and screenshots); the welcome page is not one.
    QList<QWidget*> panels() const;
    void showPanel(int index);
    // Navigation index of a panel by objectName ("providersPanel"), -1 if none.
    int panelIndex(const QString& objectName) const;

    void startGateway();
    void stopGateway();

    // Shows the window, or only the tray icon when "start in tray" is set and a tray exists.
    void showOnStart();
    // Where the providers and routes editors persist the config (YAML) and keep provider keys.
    // Without it, edits apply to the running gateway only.
    void setConfigStorage(const QString& configPath, SecretStore* secrets);

    bool isDemoRunning() const;
    void startDemo();
    void stopDemo();
    bool isWelcomeShown() const;

Q_SIGNALS:
    // The user asked to add a provider (from the welcome page); the Providers panel is shown too.
    void addProviderRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildPanels();
    void retranslateChrome();
    void addPanel(const QString& title, const QString& iconName, QWidget* panel);
    void setState(GatewayState state, const QString& detail = {});
    void onStats(const telemetry::StatsSnapshot& snapshot);
    void updateTrayToolTip();
    void updateWelcome();
    void updateSettingsPanel();
    void applySettings(const AppSettings& settings);
    void onDemoReady(const ConfigSnapshot& demoConfig);
    void startWith(const ConfigSnapshot& config, const QString& dataDir);
    ConfigSnapshot userConfig() const;
    QString userDataDir() const;

    Gateway* m_gateway;
    ConfigSnapshot m_initialConfig;
    QString m_dataDir;
    AppSettings m_settings;
    GatewayState m_state = GatewayState::Stopped;
    QString m_stateDetail;
    QListWidget* m_navigation;
    QStackedWidget* m_stack;
    QLabel* m_stateLabel;
    QLabel* m_spendLabel;
    QWidget* m_demoBanner = nullptr;
    QLabel* m_demoBannerLabel = nullptr;
    QPushButton* m_demoStopButton = nullptr;
    QMenu* m_gatewayMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
    QAction* m_startAction;
    QAction* m_stopAction;
    QAction* m_quitAction = nullptr;
    QAction* m_demoAction = nullptr;
    QAction* m_showAction = nullptr;
    QSystemTrayIcon* m_tray = nullptr;
    WelcomePage* m_welcome = nullptr;
    DashboardPanel* m_dashboard = nullptr;
    RequestsPanel* m_requests = nullptr;
    ProvidersPanel* m_providers = nullptr;
    RoutesPanel* m_routes = nullptr;
    KeysPanel* m_keysPanel = nullptr;
    BudgetsPanel* m_budgetsPanel = nullptr;
    GuardrailsPanel* m_guardrails = nullptr;
    ResidencyPanel* m_residency = nullptr;
    AuditPanel* m_audit = nullptr;
    SettingsPanel* m_settingsPanel = nullptr;
    demo::DemoMode* m_demo = nullptr;
    bool m_demoWanted = false;      // the user chose the demo and has not stopped it
    bool m_resumeAfterDemo = false; // the gateway ran the user's config before the demo
    bool m_rebuildPending = false;
    QString m_configPath;
    SecretStore* m_secrets = nullptr;
    void wireEditors();
    void applyEditedConfig(const ConfigSnapshot& config);
};

} // namespace tollgate::ui

#pragma once

#include "config/gatewayconfig.h"
#include "telemetry/statssnapshot.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;

namespace tollgate {
class Gateway;
}

namespace tollgate::ui {

class DashboardPanel;
class ProvidersPanel;
class RequestsPanel;
class RoutesPanel;

// The desktop manager's window: a navigation list of panels, a stack showing the chosen one, a
// status bar with the gateway's state and address, and a tray icon (where the platform has a
// tray) to start and stop the gateway and see the day's spend. It only talks to the Gateway
// through its non-blocking calls and signals; panels draw from StatsSnapshots and read the store
// off the UI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class GatewayState
    {
        Stopped,
        Starting,
        Running,
        Failed
    };

    // gateway: owned by the caller, outlives the window. initialConfig and dataDir are what the
    // Start action uses when the gateway has not run yet.
    MainWindow(Gateway* gateway, ConfigSnapshot initialConfig, QString dataDir, QWidget* parent = nullptr);
    ~MainWindow() override;

    GatewayState gatewayState() const { return m_state; }
    // The panels in navigation order (for tests and screenshots).
    QList<QWidget*> panels() const;
    void showPanel(int index);

    void startGateway();
    void stopGateway();

private:
    void addPanel(const QString& title, const QIcon& icon, QWidget* panel);
    void setState(GatewayState state, const QString& detail = {});
    void onStats(const telemetry::StatsSnapshot& snapshot);
    void updateTrayToolTip();

    Gateway* m_gateway;
    ConfigSnapshot m_initialConfig;
    QString m_dataDir;
    GatewayState m_state = GatewayState::Stopped;
    QListWidget* m_navigation;
    QStackedWidget* m_stack;
    QLabel* m_stateLabel;
    QLabel* m_spendLabel;
    QAction* m_startAction;
    QAction* m_stopAction;
    QSystemTrayIcon* m_tray = nullptr;
    DashboardPanel* m_dashboard = nullptr;
    RequestsPanel* m_requests = nullptr;
    ProvidersPanel* m_providers = nullptr;
    RoutesPanel* m_routes = nullptr;
};

} // namespace tollgate::ui

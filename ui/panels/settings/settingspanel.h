#pragma once

#include "panels/settings/appsettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tollgate::ui {

// The desktop manager's preferences: where the gateway listens and keeps its data, the display
// currency, the language and the tray behaviour. Every valid change is saved to QSettings at once
// and announced with settingsChanged(); an invalid entry (a currency that is not ISO 4217, a host
// that is not an address) is shown as such and not saved. The listen address and data folder only
// take effect when the gateway next starts: the panel says so while they differ from the running
// gateway's.
class SettingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    const AppSettings& settings() const { return m_settings; }
    // What the running gateway uses ("127.0.0.1", 4000, "/home/me/.local/share/tollgate"), so the
    // panel can tell whether a restart is needed; and what an empty setting falls back to.
    void setGatewayValues(const QString& listenHost, quint16 listenPort, const QString& dataDir, bool running);

Q_SIGNALS:
    void settingsChanged(const tollgate::ui::AppSettings& settings);
    void languageChanged(const QString& language);

private:
    void buildUi();
    void showSettings();
    void commit();
    void updateRestartNotice();
    QString effectiveHost() const;
    quint16 effectivePort() const;
    QString effectiveDataDir() const;

    AppSettings m_settings;
    QString m_gatewayHost;
    quint16 m_gatewayPort = 0;
    QString m_gatewayDataDir;
    bool m_gatewayRunning = false;
    bool m_loading = false;

    QLineEdit* m_hostEdit = nullptr;
    QSpinBox* m_portSpin = nullptr;
    QLabel* m_hostError = nullptr;
    QLineEdit* m_dataDirEdit = nullptr;
    QPushButton* m_browseButton = nullptr;
    QComboBox* m_currencyCombo = nullptr;
    QLabel* m_currencyError = nullptr;
    QComboBox* m_languageCombo = nullptr;
    QCheckBox* m_startInTray = nullptr;
    QCheckBox* m_keepRunningInTray = nullptr;
    QLabel* m_restartNotice = nullptr;
};

} // namespace tollgate::ui

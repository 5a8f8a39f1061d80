#pragma once

#include "config/gatewayconfig.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace tollgate {
class SecretStore;
}

namespace tollgate::ui {

class ResidencyClassModel;
class ResidencyMatrixModel;
class ResidencyProviderModel;

// The residency policy of the configuration: the regimes x regions matrix (which regions data
// under each regime may go to), the data class -> regimes mapping, and the providers with their
// region and the regimes that may reach them. "Save" compiles the edited policy, validates the
// whole configuration with the loader's rules, writes the config file and emits configEdited()
// for the running gateway. A saved edit gets a new policy version (a hash of its content), which
// every ledger record from then on carries.
class ResidencyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ResidencyPanel(QWidget* parent = nullptr);

    void setConfig(const ConfigSnapshot& config);
    ConfigSnapshot config() const { return m_config; }
    void setSecretStore(SecretStore* store) { m_store = store; }
    void setConfigPath(const QString& path) { m_configPath = path; }

    ResidencyMatrixModel* matrixModel() const { return m_matrix; }
    ResidencyClassModel* classModel() const { return m_classes; }
    ResidencyProviderModel* providerModel() const { return m_providers; }
    bool hasUnsavedChanges() const { return m_dirty; }

    bool save();
    void revert();

Q_SIGNALS:
    void configEdited(const tollgate::ConfigSnapshot& config);

private:
    void markEdited();
    void addRegion();

    ConfigSnapshot m_config;
    SecretStore* m_store = nullptr;
    QString m_configPath;
    ResidencyMatrixModel* m_matrix;
    ResidencyClassModel* m_classes;
    ResidencyProviderModel* m_providers;
    QTableView* m_matrixView;
    QTableView* m_classView;
    QTableView* m_providerView;
    QLineEdit* m_newRegion;
    QPushButton* m_addRegionButton;
    QPushButton* m_saveButton;
    QPushButton* m_revertButton;
    QLabel* m_version;
    QLabel* m_status;
    bool m_dirty = false;
};

} // namespace tollgate::ui

#pragma once

#include "config/gatewayconfig.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace tollgate {
class SecretStore;
}

namespace tollgate::ui {

class ProviderDialog;
class ProviderTableModel;

// The providers of the configuration: a table (ProviderTableModel) with add, edit and remove.
// Add and edit open a ProviderDialog; on OK a typed API key goes to the secret store (never to
// the file or the screen again), the new configuration is written to the config file and emitted
// as configEdited() for the running gateway. A removal that would leave a route without its
// provider is refused with the loader's message.
class ProvidersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProvidersPanel(QWidget* parent = nullptr);

    // The configuration shown and edited; the panel follows whatever snapshot it was last given.
    void setConfig(const ConfigSnapshot& config);
    ConfigSnapshot config() const { return m_config; }
    // Where keys typed in the dialog go; not owned, must outlive the panel. Without a store, new
    // keys cannot be saved and the dialog's OK reports that.
    void setSecretStore(SecretStore* store);
    // The YAML file every change is written to; empty: changes only go to configEdited().
    void setConfigPath(const QString& path) { m_configPath = path; }

    // The dialog open right now (for tests), or null.
    ProviderDialog* openDialog() const { return m_dialog; }
    ProviderTableModel* model() const { return m_model; }

    void addProvider();
    void editProvider(const QString& name);
    // Removes a provider (and its key from the secret store) if the rest stays valid.
    bool removeProvider(const QString& name);

Q_SIGNALS:
    // A validated configuration, already persisted: apply it to the running gateway.
    void configEdited(const tollgate::ConfigSnapshot& config);

private:
    void openProviderDialog(const QString& editing);
    void onDialogAccepted();
    bool commit(const GatewayConfig& candidate, const QString& doneMessage);
    QString selectedName() const;
    void updateButtons();

    ConfigSnapshot m_config;
    SecretStore* m_store = nullptr;
    QString m_configPath;
    ProviderTableModel* m_model;
    QTableView* m_table;
    QPushButton* m_addButton;
    QPushButton* m_editButton;
    QPushButton* m_removeButton;
    QLabel* m_secretsLabel;
    QLabel* m_status;
    ProviderDialog* m_dialog = nullptr;
};

} // namespace tollgate::ui

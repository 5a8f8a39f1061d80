#pragma once

#include "config/gatewayconfig.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;

namespace tollgate::budget {
class BudgetService;
}

namespace tollgate::ui {

class KeyDialog;
class KeySecretDialog;
class KeyTableModel;

// The gateway's virtual keys: a table (KeyTableModel), "Create key" (KeyDialog, then the new key
// shown once in a KeySecretDialog) and "Revoke" after a confirmation. While no key exists a banner
// says that the gateway answers without one. Works on the running gateway's BudgetService; every
// call to it (each writes or may read budget.db) runs on the thread pool, results come back on
// the UI thread. Without a service (gateway stopped) the panel shows what it last knew, read-only.
class KeysPanel : public QWidget
{
    Q_OBJECT
public:
    explicit KeysPanel(QWidget* parent = nullptr);
    ~KeysPanel() override;

    // The running gateway's service, or null when it stops. Refreshes the list.
    void setBudgetService(std::shared_ptr<budget::BudgetService> service);
    // The configuration the create dialog offers scopes and teams from.
    void setConfig(const ConfigSnapshot& config);

    KeyTableModel* model() const { return m_model; }
    // The dialogs open right now (for tests), or null.
    KeyDialog* openDialog() const;
    KeySecretDialog* secretDialog() const;
    QMessageBox* revokeConfirmation() const;

    void refresh();
    void createKey();
    // Asks for confirmation, then revokes.
    void revokeKey(const QString& keyId);

Q_SIGNALS:
    // After each completed refresh of the list (also after a create or revoke).
    void keysRefreshed();

protected:
    // Showing the panel re-reads the keys: the command line may have changed them.
    void showEvent(QShowEvent* event) override;

private:
    void onDialogAccepted();
    void revokeConfirmed(const QString& keyId);
    QString selectedKeyId() const;
    void updateButtons();
    void updateBanner();
    QStringList knownTeams() const;

    std::shared_ptr<budget::BudgetService> m_service;
    ConfigSnapshot m_config;
    KeyTableModel* m_model;
    QTableView* m_table;
    QLabel* m_banner;
    QLabel* m_status;
    QPushButton* m_createButton;
    QPushButton* m_revokeButton;
    QPointer<KeyDialog> m_dialog;
    QPointer<KeySecretDialog> m_secretDialog;
    QPointer<QMessageBox> m_confirm;
    bool m_loaded = false; // a list came back from the current service
    quint64 m_refreshSequence = 0;
    quint64 m_appliedSequence = 0;
    quint64 m_generation = 0; // bumped on each service change: late results of an old one are dropped
};

} // namespace tollgate::ui

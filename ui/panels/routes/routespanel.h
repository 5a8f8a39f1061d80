#pragma once

#include "config/gatewayconfig.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QTreeWidget;
class QUndoStack;

namespace tollgate {
class SecretStore;
}

namespace tollgate::ui {

class RouteTargetModel;

// The routes editor: the routes of the configuration (alias and targets, in the order they are
// tried) on the left; on the right the selected route's alias and its targets, which can be
// reordered (drag and drop, or move up and down), added, removed and weighted, and its strategy
// (fallback in listed order, or shared out by weight). Every edit is on
// an undo stack and is checked as it is made by the loader's own rules. Save writes the config
// file and emits configEdited() for the running gateway (no restart). Import reads a YAML file,
// showing the loader's problems with their line numbers; export writes the current edit.
class RoutesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RoutesPanel(QWidget* parent = nullptr);
    ~RoutesPanel() override;

    // The configuration shown. Unsaved route edits are kept (and checked against the new
    // providers); with none, the routes follow the new snapshot.
    void setConfig(const ConfigSnapshot& config);
    ConfigSnapshot config() const { return m_config; }
    void setSecretStore(SecretStore* store) { m_store = store; }
    // The YAML file Save writes; empty: Save only emits configEdited().
    void setConfigPath(const QString& path) { m_configPath = path; }

    const std::vector<RouteConfig>& editedRoutes() const { return m_routes; }
    int currentRoute() const { return m_current; }
    QStringList errors() const { return m_errors; }
    QUndoStack* undoStack() const { return m_undo; }
    RouteTargetModel* targetModel() const { return m_targets; }

    // Edits of the working copy; each one is an undo step. Out-of-range arguments do nothing.
    void selectRoute(int index);
    void addRoute();
    void removeRoute();
    void setAlias(const QString& alias);
    void addTarget(const QString& providerSlashModel);
    void removeTarget(int row);
    void moveTarget(int from, int to);
    void setWeight(int row, int weight);
    void setStrategy(RouteStrategy strategy);

    bool save();
    bool importFile(const QString& path);
    bool exportFile(const QString& path);

    // The state an undo step restores; used by the undo commands.
    void restore(const std::vector<RouteConfig>& routes, int current);

Q_SIGNALS:
    // A validated configuration, already persisted: apply it to the running gateway.
    void configEdited(const tollgate::ConfigSnapshot& config);

private:
    void edit(std::vector<RouteConfig> routes, int current, const QString& text, int mergeId = -1);
    void refresh();
    void validate();
    void fillTargetChoices();
    bool adopt(const ConfigSnapshot& committed, const QString& message);
    GatewayConfig candidate() const;

    ConfigSnapshot m_config;
    SecretStore* m_store = nullptr;
    QString m_configPath;
    std::vector<RouteConfig> m_routes;
    int m_current = -1;
    QStringList m_errors;

    QUndoStack* m_undo;
    RouteTargetModel* m_targets;
    QTreeWidget* m_tree;
    QLineEdit* m_alias;
    QTableView* m_targetView;
    QComboBox* m_targetChoice;
    QComboBox* m_strategy;
    QPushButton* m_addRoute;
    QPushButton* m_removeRoute;
    QPushButton* m_addTarget;
    QPushButton* m_removeTarget;
    QPushButton* m_moveUp;
    QPushButton* m_moveDown;
    QPushButton* m_save;
    QPushButton* m_import;
    QPushButton* m_export;
    QLabel* m_issues;
    QLabel* m_status;
    QListWidget* m_importIssues;
};

} // namespace tollgate::ui

#pragma once

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace tollgate::budget {
class BudgetService;
}

namespace tollgate::ui {

class BudgetDialog;
class BudgetLimitModel;
class BudgetTableModel;
class LimitsDialog;

// Budgets and rate limits of the running gateway. The budgets table (BudgetTableModel) shows each
// rule with a usage bar — settled plus held against the hard cap — and a linear forecast to the
// end of its period; "Add budget…" and "Edit…" open a BudgetDialog applied with
// BudgetService::setBudget. Below, the rate limits per key and team with "Set limits…"
// (BudgetService::setLimits). Every call to the service runs on the thread pool; while the panel
// is visible its usage is refreshed about once a second.
class BudgetsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BudgetsPanel(QWidget* parent = nullptr);
    ~BudgetsPanel() override;

    void setBudgetService(std::shared_ptr<budget::BudgetService> service);
    // How often a visible panel refreshes its usage (default 1000 ms).
    void setRefreshInterval(int ms);

    BudgetTableModel* budgetModel() const { return m_budgets; }
    BudgetLimitModel* limitModel() const { return m_limits; }
    BudgetDialog* openBudgetDialog() const;
    LimitsDialog* openLimitsDialog() const;

    void refresh();
    void addBudget();
    void editBudget(const QString& budgetId);
    void setLimits();

Q_SIGNALS:
    // After each completed refresh.
    void refreshed();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void showBudgetDialog(const QString& editing);
    void applyBudget();
    void applyLimits();
    QString selectedBudgetId() const;
    void updateButtons();

    std::shared_ptr<budget::BudgetService> m_service;
    BudgetTableModel* m_budgets;
    BudgetLimitModel* m_limits;
    QTableView* m_budgetTable;
    QTableView* m_limitTable;
    QPushButton* m_addButton;
    QPushButton* m_editButton;
    QPushButton* m_limitsButton;
    QLabel* m_status;
    QTimer* m_timer;
    QPointer<BudgetDialog> m_budgetDialog;
    QPointer<LimitsDialog> m_limitsDialog;
    QStringList m_teams;
    QStringList m_projects;
    QStringList m_keyIds;
    bool m_refreshing = false;
    quint64 m_generation = 0;
};

} // namespace tollgate::ui

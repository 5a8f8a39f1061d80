#pragma once

#include "budget/budgetconfig.h"

#include <QDialog>
#include <QStringList>

#include <optional>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tollgate::ui {

// Add or edit one budget rule: id, scope (key/project/team) and subject, period (day, month, or
// a custom start and end) with its time zone, currency, hard cap and optional soft threshold.
// Validated as the user types with the enforcer's own rules; OK stays disabled until valid. The
// panel applies rule() through BudgetService::setBudget.
class BudgetDialog : public QDialog
{
    Q_OBJECT
public:
    // editing: the rule to edit (its id is fixed), or nullopt to add one. subjects: suggestions
    // for the subject box (team names, project names, key ids).
    BudgetDialog(std::optional<budget::BudgetRuleConfig> editing, const QStringList& subjects,
                 QWidget* parent = nullptr);

    // Valid only when issues() is empty.
    budget::BudgetRuleConfig rule() const;
    QStringList issues() const;

private:
    void validate();
    void updatePeriodFields();

    bool m_editing;
    QLineEdit* m_id;
    QComboBox* m_scope;
    QComboBox* m_subject;
    QComboBox* m_period;
    QComboBox* m_timeZone;
    QDateTimeEdit* m_start;
    QDateTimeEdit* m_end;
    QComboBox* m_currency;
    QLineEdit* m_cap;
    QLineEdit* m_soft;
    QLabel* m_issues;
    QDialogButtonBox* m_buttons;
};

} // namespace tollgate::ui

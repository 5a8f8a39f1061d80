#pragma once

#include "budget/ratelimiter.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace tollgate::ui {

// Sets the rate limits of one key or team: requests and tokens per minute, 0 for no limit.
// The panel applies them through BudgetService::setLimits.
class LimitsDialog : public QDialog
{
    Q_OBJECT
public:
    // keyIds / teams: suggestions for the subject box of each kind.
    LimitsDialog(const QStringList& keyIds, const QStringList& teams, QWidget* parent = nullptr);

    // Preselects a subject and its current limits (editing an existing row).
    void setSubject(budget::RateLimiter::Kind kind, const QString& subject,
                    const budget::RateLimitConfig& limits);
    budget::RateLimiter::Kind kind() const;
    QString subject() const;
    budget::RateLimitConfig limits() const;

private:
    void updateSubjects();
    void validate();

    QStringList m_keyIds;
    QStringList m_teams;
    QComboBox* m_kind;
    QComboBox* m_subject;
    QSpinBox* m_requests;
    QSpinBox* m_tokens;
    QLabel* m_issues;
    QDialogButtonBox* m_buttons;
};

} // namespace tollgate::ui

#pragma once

#include "budget/keyregistry.h"
#include "config/gatewayconfig.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace tollgate::ui {

// "Create key": team (required), name, project, scopes, an optional expiry and optional rate
// limits. The scopes are offered from the running configuration — every route alias, every
// provider's models and a "provider/*" pattern per provider — and a custom pattern can be added;
// none checked means every model. A guardrails profile declared in the config can be chosen for the
// key's requests (docs/config.md, "Profiles"). Validated as the user types; OK stays disabled until the input
// makes a valid key. Creating it is the panel's job (options() is what it passes on).
class KeyDialog : public QDialog
{
    Q_OBJECT
public:
    // teams: names offered in the team box (from the config and the existing keys).
    KeyDialog(const ConfigSnapshot& config, const QStringList& teams, QWidget* parent = nullptr);

    budget::NewKeyOptions options() const;
    // What keeps OK disabled; empty when the input is valid.
    QStringList issues() const;
    // The scope candidates listed, in order (for tests).
    QStringList offeredScopes() const;
    // Checks the scope with this text, adding it as a custom pattern when it is not listed.
    void checkScope(const QString& scope);

private:
    void addScopeItem(const QString& scope, bool checked);
    void validate();

    QLineEdit* m_name;
    QComboBox* m_team;
    QLineEdit* m_project;
    QListWidget* m_scopes;
    QLineEdit* m_customScope;
    QCheckBox* m_expires;
    QDateTimeEdit* m_expiresAt;
    QSpinBox* m_requestsPerMinute;
    QSpinBox* m_tokensPerMinute;
    QComboBox* m_guardrails;
    QLabel* m_issues;
    QDialogButtonBox* m_buttons;
};

} // namespace tollgate::ui

#pragma once

#include "config/gatewayconfig.h"
#include "models/guardrailsandbox.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QTimer;

namespace tollgate {
class SecretStore;
}

namespace tollgate::ui {

class GuardrailPolicyModel;

// The guardrails policy of the configuration: every detector with its category and action
// (allow, log, redact, pseudonymize, block; defaults shown), the prompt-injection threshold and
// whether responses are scanned. "Save" validates the edited policy with the loader's rules,
// writes the config file and emits configEdited() for the running gateway (no restart).
//
// The sandbox scans pasted text with the edited (not yet saved) policy and shows the findings
// (type, byte offsets, score) and the text as the provider would receive it, or "blocked: <types>".
// It can also try a profile of the config (guardrails.profiles, or a route's inline one) on top of
// the edited policy, as the gateway applies it to that route's or key's requests.
// Scans run on the thread pool; the text is bounded (kSandboxMaxBytes). Nothing of the sandbox
// is logged or saved.
class GuardrailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GuardrailsPanel(QWidget* parent = nullptr);
    ~GuardrailsPanel() override;

    // The configuration shown and edited; unsaved edits are replaced by it.
    void setConfig(const ConfigSnapshot& config);
    ConfigSnapshot config() const { return m_config; }
    // Not owned; needed only when the config holds a literal provider key (it is moved there).
    void setSecretStore(SecretStore* store) { m_store = store; }
    // The YAML file every change is written to; empty: changes only go to configEdited().
    void setConfigPath(const QString& path) { m_configPath = path; }

    GuardrailPolicyModel* model() const { return m_model; }
    // The policy as edited in the panel (saved or not).
    guardrails::GuardrailsPolicy editedPolicy() const;
    bool hasUnsavedChanges() const;

    // Validates and commits the edited policy; false (with the reason in the status line) when
    // the loader refuses it or the file cannot be written.
    bool save();
    void revert();
    // Scans the sandbox text now (asynchronously; sandboxScanned() reports the result).
    void scanSandbox();
    const SandboxResult& lastSandboxResult() const { return m_lastResult; }
    // The profile the sandbox applies (a name from the config), or none for the edited policy as it
    // is; an unknown name selects none. Scans again.
    void setSandboxProfile(const QString& name);
    // The policy the sandbox scans with: the edited one, changed by the chosen profile.
    guardrails::GuardrailsPolicy sandboxPolicy() const;

Q_SIGNALS:
    // A validated configuration, already persisted: apply it to the running gateway.
    void configEdited(const tollgate::ConfigSnapshot& config);
    void sandboxScanned();

private:
    void onPolicyEdited();
    void onScanFinished();
    void showResult(const SandboxResult& result);
    void updateButtons();
    void fillSandboxProfiles();

    ConfigSnapshot m_config;
    SecretStore* m_store = nullptr;
    QString m_configPath;
    GuardrailPolicyModel* m_model;
    QTableView* m_table;
    QDoubleSpinBox* m_threshold;
    QCheckBox* m_scanResponses;
    QComboBox* m_sandboxProfile;
    QPushButton* m_saveButton;
    QPushButton* m_revertButton;
    QLabel* m_status;
    QPlainTextEdit* m_input;
    QPushButton* m_scanButton;
    QTableWidget* m_findings;
    QLabel* m_verdict;
    QPlainTextEdit* m_output;
    QTimer* m_scanDelay;
    QFutureWatcher<SandboxResult> m_scanWatcher;
    bool m_scanAgain = false; // the text or policy changed while a scan was running
    SandboxResult m_lastResult;
};

} // namespace tollgate::ui

#pragma once

#include "config/gatewayconfig.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPushButton;
class QTableWidget;

namespace tollgate::ui {

// Adds or edits one provider: name, kind, base URL, region, API key and the models with their
// prices. Every change is checked as it is typed by the loader's own rules (the whole candidate
// configuration is written and loaded back), and OK stays disabled while there is an error.
//
// The API key field is write-only: an existing key is never shown, only where it is kept; typing
// a new one replaces it (the panel saves it to the secret store), `env:NAME` reads it from the
// environment instead, and an empty field keeps the current key.
//
// "Test connection" sends GET {base_url}/models with the key, asynchronously; the answer (status
// and number of models, or the error) is shown under the button. The key is never displayed.
class ProviderDialog : public QDialog
{
    Q_OBJECT
public:
    // base: the configuration being edited; editing: the name of the provider to edit, or empty
    // to add one.
    ProviderDialog(ConfigSnapshot base, const QString& editing, QWidget* parent = nullptr);
    ~ProviderDialog() override;

    // The provider as entered. Its apiKey is the current one unless a new key was typed (then
    // it is a Literal that the panel moves to the secret store) or env:NAME was typed.
    ProviderConfig provider() const;
    // The configuration with this provider added or replaced (and routes following a rename).
    GatewayConfig candidate() const;
    QString editedName() const { return m_editing; }
    QStringList errors() const { return m_errors; }

    void testConnection();

private:
    void addModelRow(const ModelConfig& model);
    void validate();
    void onTestFinished(QNetworkReply* reply);

    ConfigSnapshot m_base;
    QString m_editing;
    std::optional<ProviderConfig> m_original;
    QStringList m_errors;

    QLineEdit* m_name;
    QComboBox* m_kind;
    QLineEdit* m_baseUrl;
    QLineEdit* m_region;
    QLineEdit* m_apiKey;
    QLabel* m_keyState;
    QTableWidget* m_models;
    QLabel* m_issues;
    QPushButton* m_testButton;
    QLabel* m_testResult;
    QDialogButtonBox* m_buttons;
    QNetworkAccessManager* m_network;
    QNetworkReply* m_pendingTest = nullptr;
};

} // namespace tollgate::ui

#pragma once

#include <QByteArray>
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tollgate::ui {

// Shows a newly created key the one time it exists in full: a read-only field, a Copy button
// (system clipboard) and the warning that it will not be shown again — Tollgate keeps only its
// hash. Closing the dialog clears the field.
class KeySecretDialog : public QDialog
{
    Q_OBJECT
public:
    KeySecretDialog(const QByteArray& token, const QString& keyId, QWidget* parent = nullptr);
    ~KeySecretDialog() override;

    void copyToClipboard();

protected:
    void done(int result) override;

private:
    QLineEdit* m_secret;
    QPushButton* m_copy;
    QLabel* m_copied;
};

} // namespace tollgate::ui

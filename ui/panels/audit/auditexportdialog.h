#pragma once

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tollgate::ui {

// Asks for the period (UTC), the format and the file of an evidence export. Only collects and
// checks the choice; the Audit panel runs the export.
class AuditExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AuditExportDialog(QWidget* parent = nullptr);

    void setPeriod(std::int64_t fromMs, std::int64_t toMs);
    std::int64_t fromMs() const;
    std::int64_t toMs() const;
    QString format() const; // "html", "csv" or "json"
    QString filePath() const;
    void setFilePath(const QString& path);

private:
    void browse();
    void validate();

    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QComboBox* m_format;
    QLineEdit* m_path;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace tollgate::ui

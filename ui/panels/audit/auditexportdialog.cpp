#include "panels/audit/auditexportdialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeZone>

namespace tollgate::ui {

AuditExportDialog::AuditExportDialog(QWidget* parent)
    : QDialog(parent), m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this)),
      m_format(new QComboBox(this)), m_path(new QLineEdit(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("auditExportDialog"));
    setWindowTitle(tr("Export evidence"));
    auto* form = new QFormLayout(this);
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        edit->setCalendarPopup(true);
    }
    m_from->setObjectName(QStringLiteral("exportFromEdit"));
    m_to->setObjectName(QStringLiteral("exportToEdit"));
    form->addRow(tr("From (inclusive):"), m_from);
    form->addRow(tr("To (exclusive):"), m_to);
    m_format->setObjectName(QStringLiteral("exportFormatCombo"));
    m_format->addItem(tr("HTML report"), QStringLiteral("html"));
    m_format->addItem(tr("PDF report"), QStringLiteral("pdf"));
    m_format->addItem(tr("CSV"), QStringLiteral("csv"));
    m_format->addItem(tr("JSON"), QStringLiteral("json"));
    form->addRow(tr("Format:"), m_format);
    auto* pathRow = new QHBoxLayout;
    m_path->setObjectName(QStringLiteral("exportPathEdit"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("exportBrowseButton"));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    form->addRow(tr("File:"), pathRow);
    m_problem->setObjectName(QStringLiteral("exportProblemLabel"));
    form->addRow(m_problem);
    m_buttons->setObjectName(QStringLiteral("exportDialogButtons"));
    form->addRow(m_buttons);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    setPeriod(now.addDays(-30).toMSecsSinceEpoch(), now.addSecs(60).toMSecsSinceEpoch());

    connect(browse, &QPushButton::clicked, this, &AuditExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &AuditExportDialog::validate);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &AuditExportDialog::validate);
    connect(m_path, &QLineEdit::textChanged, this, &AuditExportDialog::validate);
    validate();
}

void AuditExportDialog::setPeriod(std::int64_t fromMs, std::int64_t toMs)
{
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC));
}

std::int64_t AuditExportDialog::fromMs() const
{
    return m_from->dateTime().toMSecsSinceEpoch();
}

std::int64_t AuditExportDialog::toMs() const
{
    return m_to->dateTime().toMSecsSinceEpoch();
}

QString AuditExportDialog::format() const
{
    return m_format->currentData().toString();
}

QString AuditExportDialog::filePath() const
{
    return m_path->text().trimmed();
}

void AuditExportDialog::setFilePath(const QString& path)
{
    m_path->setText(path);
}

void AuditExportDialog::browse()
{
    const QString suffix = format();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export evidence"), filePath().isEmpty() ? QStringLiteral("evidence.") + suffix : filePath(),
        tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (!path.isEmpty())
        m_path->setText(path);
}

void AuditExportDialog::validate()
{
    QString problem;
    if (toMs() <= fromMs())
        problem = tr("The end of the period must be after its start.");
    else if (filePath().isEmpty())
        problem = tr("Choose the file to write.");
    else if (!QFileInfo(QFileInfo(filePath()).absolutePath()).isDir())
        problem = tr("The folder %1 does not exist.").arg(QFileInfo(filePath()).absolutePath());
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace tollgate::ui

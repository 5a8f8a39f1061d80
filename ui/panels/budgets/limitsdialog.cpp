#include "panels/budgets/limitsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tollgate::ui {

LimitsDialog::LimitsDialog(const QStringList& keyIds, const QStringList& teams, QWidget* parent)
    : QDialog(parent), m_keyIds(keyIds), m_teams(teams), m_kind(new QComboBox(this)),
      m_subject(new QComboBox(this)), m_requests(new QSpinBox(this)), m_tokens(new QSpinBox(this)),
      m_issues(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("limitsDialog"));
    setWindowTitle(tr("Rate limits"));
    setModal(true);
    m_kind->setObjectName(QStringLiteral("limitsKindCombo"));
    m_kind->addItem(tr("team"), int(budget::RateLimiter::Kind::Team));
    m_kind->addItem(tr("key"), int(budget::RateLimiter::Kind::Key));
    m_subject->setObjectName(QStringLiteral("limitsSubjectCombo"));
    m_subject->setEditable(true);
    m_requests->setObjectName(QStringLiteral("limitsRpmSpin"));
    m_tokens->setObjectName(QStringLiteral("limitsTpmSpin"));
    for (QSpinBox* spin : {m_requests, m_tokens}) {
        spin->setRange(0, 1'000'000'000);
        spin->setSpecialValueText(tr("no limit"));
        spin->setGroupSeparatorShown(true);
    }
    m_issues->setObjectName(QStringLiteral("limitsIssuesLabel"));
    m_issues->setWordWrap(true);
    m_issues->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_buttons->setObjectName(QStringLiteral("limitsDialogButtons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* note = new QLabel(tr("A request must fit in both its key's and its team's limits; refused ones get "
                               "429 with Retry-After."),
                            this);
    note->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Applies to:"), m_kind);
    form->addRow(tr("Subject:"), m_subject);
    form->addRow(tr("Requests per minute:"), m_requests);
    form->addRow(tr("Tokens per minute:"), m_tokens);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_issues);
    layout->addWidget(m_buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateSubjects();
        validate();
    });
    connect(m_subject, &QComboBox::currentTextChanged, this, &LimitsDialog::validate);
    updateSubjects();
    validate();
}

void LimitsDialog::updateSubjects()
{
    const QString text = m_subject->currentText();
    m_subject->blockSignals(true);
    m_subject->clear();
    m_subject->addItems(kind() == budget::RateLimiter::Kind::Team ? m_teams : m_keyIds);
    m_subject->setCurrentIndex(-1);
    m_subject->setCurrentText(text);
    m_subject->blockSignals(false);
}

void LimitsDialog::setSubject(budget::RateLimiter::Kind kind, const QString& subject,
                              const budget::RateLimitConfig& limits)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
    m_subject->setCurrentText(subject);
    m_requests->setValue(int(std::min<std::int64_t>(limits.requestsPerMinute, m_requests->maximum())));
    m_tokens->setValue(int(std::min<std::int64_t>(limits.tokensPerMinute, m_tokens->maximum())));
    validate();
}

budget::RateLimiter::Kind LimitsDialog::kind() const
{
    return budget::RateLimiter::Kind(m_kind->currentData().toInt());
}

QString LimitsDialog::subject() const
{
    return m_subject->currentText().trimmed();
}

budget::RateLimitConfig LimitsDialog::limits() const
{
    budget::RateLimitConfig limits;
    limits.requestsPerMinute = m_requests->value();
    limits.tokensPerMinute = m_tokens->value();
    return limits;
}

void LimitsDialog::validate()
{
    const QString problem =
        subject().isEmpty()
            ? (kind() == budget::RateLimiter::Kind::Team ? tr("Enter a team.") : tr("Enter a key id."))
            : QString();
    m_issues->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace tollgate::ui

#include "panels/budgets/budgetdialog.h"

#include "budget/budgetenforcer.h"
#include "panels/settings/appsettings.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimeZone>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

QString microsText(std::int64_t micros)
{
    // Exact: six decimals, trailing zeros trimmed ("12.5", "0.000001").
    QString text = QString::number(micros / 1'000'000) + QLatin1Char('.') +
                   QStringLiteral("%1").arg(micros % 1'000'000, 6, 10, QLatin1Char('0'));
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

} // namespace

BudgetDialog::BudgetDialog(std::optional<budget::BudgetRuleConfig> editing, const QStringList& subjects,
                           QWidget* parent)
    : QDialog(parent), m_editing(editing.has_value()), m_id(new QLineEdit(this)),
      m_scope(new QComboBox(this)), m_subject(new QComboBox(this)), m_period(new QComboBox(this)),
      m_timeZone(new QComboBox(this)), m_start(new QDateTimeEdit(this)), m_end(new QDateTimeEdit(this)),
      m_currency(new QComboBox(this)), m_cap(new QLineEdit(this)), m_soft(new QLineEdit(this)),
      m_issues(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("budgetDialog"));
    setWindowTitle(m_editing ? tr("Edit budget") : tr("Add budget"));
    setModal(true);

    m_id->setObjectName(QStringLiteral("budgetIdEdit"));
    m_id->setPlaceholderText(tr("e.g. support-monthly"));
    m_scope->setObjectName(QStringLiteral("budgetScopeCombo"));
    m_scope->addItem(tr("team"), int(budget::BudgetScope::Team));
    m_scope->addItem(tr("project"), int(budget::BudgetScope::Project));
    m_scope->addItem(tr("key"), int(budget::BudgetScope::Key));
    m_subject->setObjectName(QStringLiteral("budgetSubjectCombo"));
    m_subject->setEditable(true);
    m_subject->addItems(subjects);
    m_subject->setCurrentIndex(-1);
    m_subject->setCurrentText(QString());
    m_period->setObjectName(QStringLiteral("budgetPeriodCombo"));
    m_period->addItem(tr("day"), int(budget::BudgetPeriod::Day));
    m_period->addItem(tr("month"), int(budget::BudgetPeriod::Month));
    m_period->addItem(tr("custom"), int(budget::BudgetPeriod::Custom));
    m_period->setCurrentIndex(1);
    m_timeZone->setObjectName(QStringLiteral("budgetTimeZoneCombo"));
    m_timeZone->setEditable(true);
    m_timeZone->addItem(QStringLiteral("UTC"));
    const QByteArray systemZone = QTimeZone::systemTimeZoneId();
    if (!systemZone.isEmpty() && systemZone != "UTC")
        m_timeZone->addItem(QString::fromUtf8(systemZone));
    m_timeZone->setCurrentIndex(0);
    m_start->setObjectName(QStringLiteral("budgetStartEdit"));
    m_end->setObjectName(QStringLiteral("budgetEndEdit"));
    for (QDateTimeEdit* edit : {m_start, m_end}) {
        edit->setCalendarPopup(true);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    }
    const QDateTime today(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC);
    m_start->setDateTime(today);
    m_end->setDateTime(today.addDays(7));
    m_currency->setObjectName(QStringLiteral("budgetCurrencyCombo"));
    m_currency->setEditable(true);
    m_currency->addItems(AppSettings::knownCurrencies());
    m_currency->setCurrentText(QStringLiteral("USD"));
    m_cap->setObjectName(QStringLiteral("budgetCapEdit"));
    m_cap->setPlaceholderText(tr("e.g. 500.00"));
    m_soft->setObjectName(QStringLiteral("budgetSoftEdit"));
    m_soft->setPlaceholderText(tr("optional: warn from this amount on"));

    if (editing) {
        const budget::BudgetRuleConfig& r = *editing;
        m_id->setText(r.id);
        m_id->setReadOnly(true);
        m_scope->setCurrentIndex(m_scope->findData(int(r.scope)));
        m_subject->setCurrentText(r.subject);
        m_period->setCurrentIndex(m_period->findData(int(r.period)));
        m_timeZone->setCurrentText(r.timeZone);
        if (r.period == budget::BudgetPeriod::Custom) {
            m_start->setDateTime(QDateTime::fromMSecsSinceEpoch(r.customStartMs, Qt::UTC));
            m_end->setDateTime(QDateTime::fromMSecsSinceEpoch(r.customEndMs, Qt::UTC));
        }
        m_currency->setCurrentText(r.cap.currencyCode());
        m_cap->setText(microsText(r.cap.micros));
        if (r.softMicros >= 0)
            m_soft->setText(microsText(r.softMicros));
    }

    m_issues->setObjectName(QStringLiteral("budgetIssuesLabel"));
    m_issues->setWordWrap(true);
    m_issues->setTextFormat(Qt::PlainText);
    m_issues->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_buttons->setObjectName(QStringLiteral("budgetDialogButtons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* note =
        new QLabel(tr("At the hard cap requests get 402. Changing a cap keeps what was already spent "
                      "in the period."),
                   this);
    note->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Id:"), m_id);
    form->addRow(tr("Scope:"), m_scope);
    form->addRow(tr("Subject:"), m_subject);
    form->addRow(tr("Period:"), m_period);
    form->addRow(tr("Time zone:"), m_timeZone);
    form->addRow(tr("Start:"), m_start);
    form->addRow(tr("End:"), m_end);
    form->addRow(tr("Currency:"), m_currency);
    form->addRow(tr("Hard cap:"), m_cap);
    form->addRow(tr("Soft threshold:"), m_soft);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_issues);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : {m_id, m_cap, m_soft})
        connect(edit, &QLineEdit::textChanged, this, &BudgetDialog::validate);
    for (QComboBox* combo : {m_subject, m_timeZone, m_currency})
        connect(combo, &QComboBox::currentTextChanged, this, &BudgetDialog::validate);
    for (QComboBox* combo : {m_scope, m_period})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updatePeriodFields();
            validate();
        });
    for (QDateTimeEdit* edit : {m_start, m_end})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &BudgetDialog::validate);
    updatePeriodFields();
    validate();
}

void BudgetDialog::updatePeriodFields()
{
    const bool custom = budget::BudgetPeriod(m_period->currentData().toInt()) == budget::BudgetPeriod::Custom;
    m_start->setEnabled(custom);
    m_end->setEnabled(custom);
    m_timeZone->setEnabled(!custom);
}

budget::BudgetRuleConfig BudgetDialog::rule() const
{
    budget::BudgetRuleConfig r;
    r.id = m_id->text().trimmed();
    r.scope = budget::BudgetScope(m_scope->currentData().toInt());
    r.subject = m_subject->currentText().trimmed();
    r.period = budget::BudgetPeriod(m_period->currentData().toInt());
    r.timeZone = m_timeZone->currentText().trimmed();
    if (r.period == budget::BudgetPeriod::Custom) {
        r.customStartMs = m_start->dateTime().toMSecsSinceEpoch();
        r.customEndMs = m_end->dateTime().toMSecsSinceEpoch();
    }
    const QString currency = m_currency->currentText().trimmed().toUpper();
    if (Money::isValidCurrencyCode(currency))
        r.cap.currency = Money::currencyFrom(currency);
    std::int64_t micros = 0;
    r.cap.micros = budget::parseAmountMicros(m_cap->text().trimmed(), &micros) ? micros : -1;
    const QString soft = m_soft->text().trimmed();
    if (soft.isEmpty())
        r.softMicros = -1;
    else
        r.softMicros = budget::parseAmountMicros(soft, &micros) ? micros : -2;
    return r;
}

QStringList BudgetDialog::issues() const
{
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    QStringList issues;
    const budget::BudgetRuleConfig r = rule();
    if (!idPattern.match(r.id).hasMatch())
        issues << tr("Id: letters, digits, '.', '_' and '-' (at most 64).");
    if (r.subject.isEmpty())
        issues << tr("Enter the team, project or key id the budget applies to.");
    if (!Money::isValidCurrencyCode(m_currency->currentText().trimmed().toUpper()))
        issues << tr("Currency: a three-letter ISO 4217 code such as EUR.");
    if (m_cap->text().trimmed().isEmpty())
        issues << tr("Enter the hard cap.");
    else if (r.cap.micros < 0)
        issues << tr("Hard cap '%1' is not an amount (digits, at most six decimals).")
                      .arg(m_cap->text().trimmed());
    if (r.softMicros == -2)
        issues << tr("Soft threshold '%1' is not an amount.").arg(m_soft->text().trimmed());
    else if (r.softMicros >= 0 && r.cap.micros >= 0 && r.softMicros > r.cap.micros)
        issues << tr("The soft threshold is above the hard cap.");
    if (r.period != budget::BudgetPeriod::Custom && !QTimeZone::isTimeZoneIdAvailable(r.timeZone.toUtf8()))
        issues << tr("Unknown time zone '%1' (an IANA name such as Europe/Berlin).").arg(r.timeZone);
    if (issues.isEmpty()) {
        // The enforcer's own check, so the dialog never accepts what setBudget would refuse.
        if (auto valid = budget::BudgetEnforcer::validate(r); !valid)
            issues << valid.error().message;
    }
    return issues;
}

void BudgetDialog::validate()
{
    const QStringList problems = issues();
    m_issues->setText(problems.join(QLatin1Char('\n')));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}

} // namespace tollgate::ui

#include "panels/keys/keydialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

// Team and project names end up in the ledger, CSV reports and HTTP headers: keep them plain.
bool isPlainName(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(text).hasMatch();
}

// Patterns as the registry matches them: route aliases, provider/model, '*' as a wildcard.
bool isScopePattern(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9*._:/@-]{1,200}$"));
    return pattern.match(text).hasMatch();
}

} // namespace

KeyDialog::KeyDialog(const ConfigSnapshot& config, const QStringList& teams, QWidget* parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_team(new QComboBox(this)),
      m_project(new QLineEdit(this)), m_scopes(new QListWidget(this)), m_customScope(new QLineEdit(this)),
      m_expires(new QCheckBox(this)), m_expiresAt(new QDateTimeEdit(this)),
      m_requestsPerMinute(new QSpinBox(this)), m_tokensPerMinute(new QSpinBox(this)),
      m_guardrails(new QComboBox(this)), m_issues(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("keyDialog"));
    setWindowTitle(tr("Create key"));
    setModal(true);

    m_name->setObjectName(QStringLiteral("keyNameEdit"));
    m_name->setPlaceholderText(tr("optional, e.g. helpdesk bot"));
    m_team->setObjectName(QStringLiteral("keyTeamCombo"));
    m_team->setEditable(true);
    m_team->addItems(teams);
    m_team->setCurrentIndex(-1);
    m_team->setCurrentText(QString());
    m_project->setObjectName(QStringLiteral("keyProjectEdit"));
    m_project->setPlaceholderText(tr("optional"));

    m_scopes->setObjectName(QStringLiteral("keyScopesList"));
    m_scopes->setMinimumHeight(140);
    if (config) {
        for (const RouteConfig& route : config->routes)
            addScopeItem(route.alias, false);
        for (const ProviderConfig& provider : config->providers) {
            addScopeItem(provider.name + QStringLiteral("/*"), false);
            for (const ModelConfig& model : provider.models)
                addScopeItem(provider.name + QLatin1Char('/') + model.name, false);
        }
    }
    m_customScope->setObjectName(QStringLiteral("keyCustomScopeEdit"));
    m_customScope->setPlaceholderText(tr("another pattern, e.g. openai/gpt-4o*"));
    auto* addScope = new QPushButton(tr("Add"), this);
    addScope->setObjectName(QStringLiteral("keyAddScopeButton"));
    connect(addScope, &QPushButton::clicked, this, [this] {
        const QString text = m_customScope->text().trimmed();
        if (!isScopePattern(text))
            return;
        checkScope(text);
        m_customScope->clear();
    });
    auto* customRow = new QHBoxLayout;
    customRow->addWidget(m_customScope, 1);
    customRow->addWidget(addScope);
    auto* scopeHint = new QLabel(tr("None checked: the key may use every model."), this);
    scopeHint->setWordWrap(true);

    m_expires->setObjectName(QStringLiteral("keyExpiresCheck"));
    m_expires->setText(tr("Expires"));
    m_expiresAt->setObjectName(QStringLiteral("keyExpiresEdit"));
    m_expiresAt->setCalendarPopup(true);
    m_expiresAt->setDateTime(QDateTime::currentDateTime().addDays(90));
    m_expiresAt->setEnabled(false);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expires);
    expiryRow->addWidget(m_expiresAt, 1);

    for (QSpinBox* spin : {m_requestsPerMinute, m_tokensPerMinute}) {
        spin->setRange(0, 1'000'000'000);
        spin->setSpecialValueText(tr("no limit"));
        spin->setGroupSeparatorShown(true);
    }
    m_requestsPerMinute->setObjectName(QStringLiteral("keyRpmSpin"));
    m_tokensPerMinute->setObjectName(QStringLiteral("keyTpmSpin"));

    // The profiles a key can name: those declared under guardrails.profiles (not a route's inline one).
    m_guardrails->setObjectName(QStringLiteral("keyGuardrailsCombo"));
    m_guardrails->addItem(tr("The gateway's policy"), QString());
    if (config) {
        for (const GuardrailsProfile& profile : config->guardrailProfiles) {
            if (!profile.inlined())
                m_guardrails->addItem(profile.name, profile.name);
        }
    }
    m_guardrails->setEnabled(m_guardrails->count() > 1);
    m_guardrails->setToolTip(tr("A profile's guardrail actions apply to every request made with this key; "
                                "where the route has a profile too, the stricter setting wins."));

    m_issues->setObjectName(QStringLiteral("keyIssuesLabel"));
    m_issues->setWordWrap(true);
    m_issues->setTextFormat(Qt::PlainText);
    m_issues->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_buttons->setObjectName(QStringLiteral("keyDialogButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create key"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("Team:"), m_team);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Project:"), m_project);
    form->addRow(tr("Scopes:"), m_scopes);
    form->addRow(QString(), customRow);
    form->addRow(QString(), scopeHint);
    form->addRow(tr("Expiry:"), expiryRow);
    form->addRow(tr("Requests per minute:"), m_requestsPerMinute);
    form->addRow(tr("Tokens per minute:"), m_tokensPerMinute);
    form->addRow(tr("Guardrails:"), m_guardrails);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_issues);
    layout->addWidget(m_buttons);

    connect(m_team, &QComboBox::currentTextChanged, this, &KeyDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &KeyDialog::validate);
    connect(m_project, &QLineEdit::textChanged, this, &KeyDialog::validate);
    connect(m_expires, &QCheckBox::toggled, this, [this](bool on) {
        m_expiresAt->setEnabled(on);
        validate();
    });
    connect(m_expiresAt, &QDateTimeEdit::dateTimeChanged, this, &KeyDialog::validate);
    validate();
    resize(480, 560);
}

void KeyDialog::addScopeItem(const QString& scope, bool checked)
{
    auto* item = new QListWidgetItem(scope, m_scopes);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void KeyDialog::checkScope(const QString& scope)
{
    const QList<QListWidgetItem*> found = m_scopes->findItems(scope, Qt::MatchExactly);
    if (found.isEmpty())
        addScopeItem(scope, true);
    else
        found.first()->setCheckState(Qt::Checked);
}

QStringList KeyDialog::offeredScopes() const
{
    QStringList scopes;
    for (int i = 0; i < m_scopes->count(); ++i)
        scopes << m_scopes->item(i)->text();
    return scopes;
}

budget::NewKeyOptions KeyDialog::options() const
{
    budget::NewKeyOptions o;
    o.name = m_name->text().trimmed();
    o.team = m_team->currentText().trimmed();
    o.project = m_project->text().trimmed();
    for (int i = 0; i < m_scopes->count(); ++i) {
        if (m_scopes->item(i)->checkState() == Qt::Checked)
            o.scopes << m_scopes->item(i)->text();
    }
    if (m_expires->isChecked())
        o.expiresAtMs = m_expiresAt->dateTime().toMSecsSinceEpoch();
    o.limits.requestsPerMinute = m_requestsPerMinute->value();
    o.limits.tokensPerMinute = m_tokensPerMinute->value();
    o.guardrails = m_guardrails->currentData().toString();
    return o;
}

QStringList KeyDialog::issues() const
{
    QStringList issues;
    const budget::NewKeyOptions o = options();
    if (o.team.isEmpty())
        issues << tr("Every key belongs to a team: enter one.");
    else if (!isPlainName(o.team))
        issues << tr("Team '%1': use letters, digits, '.', '_' and '-' (at most 64).").arg(o.team);
    if (!o.project.isEmpty() && !isPlainName(o.project))
        issues << tr("Project '%1': use letters, digits, '.', '_' and '-' (at most 64).").arg(o.project);
    if (o.name.size() > 200)
        issues << tr("The name is longer than 200 characters.");
    if (m_expires->isChecked() && o.expiresAtMs <= QDateTime::currentMSecsSinceEpoch())
        issues << tr("The expiry is in the past.");
    return issues;
}

void KeyDialog::validate()
{
    const QStringList problems = issues();
    m_issues->setText(problems.join(QLatin1Char('\n')));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}

} // namespace tollgate::ui

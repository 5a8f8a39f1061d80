#include "panels/guardrails/guardrailspanel.h"

#include "widgets/paneltitle.h"

#include "models/guardrailpolicymodel.h"
#include "panels/providers/configcommit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tollgate::ui {

namespace {

// The action column is edited with a combo box of the five action names.
class ActionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("guardrailActionEditor"));
        combo->addItems(GuardrailPolicyModel::actionNames());
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
    }
};

} // namespace

GuardrailsPanel::GuardrailsPanel(QWidget* parent)
    : QWidget(parent), m_model(new GuardrailPolicyModel(this)), m_table(new QTableView(this)),
      m_threshold(new QDoubleSpinBox(this)), m_scanResponses(new QCheckBox(this)),
      m_sandboxProfile(new QComboBox(this)),
      m_saveButton(new QPushButton(tr("Save"), this)), m_revertButton(new QPushButton(tr("Revert"), this)),
      m_status(new QLabel(this)), m_input(new QPlainTextEdit(this)),
      m_scanButton(new QPushButton(tr("Scan"), this)), m_findings(new QTableWidget(this)),
      m_verdict(new QLabel(this)), m_output(new QPlainTextEdit(this)), m_scanDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("guardrailsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Guardrails"), QStringLiteral("guardrailsTitle"), this));
    auto* intro =
        new QLabel(tr("What the gateway does with what its detectors find in a request. Changes apply "
                      "to the running gateway when saved."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

    // Left: the policy.
    auto* policyBox = new QWidget(splitter);
    auto* policyLayout = new QVBoxLayout(policyBox);
    policyLayout->setContentsMargins(0, 0, 0, 0);
    m_table->setObjectName(QStringLiteral("guardrailsTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(GuardrailPolicyModel::ActionColumn, new ActionDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    policyLayout->addWidget(m_table, 1);
    auto* form = new QFormLayout;
    m_threshold->setObjectName(QStringLiteral("injectionThresholdSpin"));
    m_threshold->setRange(0.0, 1.0);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.05);
    m_threshold->setToolTip(tr("prompt_injection fires when a text's injection score reaches this value"));
    form->addRow(tr("Injection threshold:"), m_threshold);
    m_scanResponses->setObjectName(QStringLiteral("scanResponsesCheck"));
    m_scanResponses->setText(tr("Scan responses too"));
    form->addRow(QString(), m_scanResponses);
    policyLayout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    m_saveButton->setObjectName(QStringLiteral("guardrailsSaveButton"));
    m_revertButton->setObjectName(QStringLiteral("guardrailsRevertButton"));
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_revertButton);
    buttons->addStretch();
    policyLayout->addLayout(buttons);
    m_status->setObjectName(QStringLiteral("guardrailsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    policyLayout->addWidget(m_status);

    // Right: the sandbox.
    auto* sandbox = new QGroupBox(tr("Sandbox"), splitter);
    sandbox->setObjectName(QStringLiteral("guardrailsSandbox"));
    auto* sandboxLayout = new QVBoxLayout(sandbox);
    auto* sandboxIntro =
        new QLabel(tr("Paste a text to see what the detectors find and what the provider would "
                      "receive under the actions on the left (saved or not). Nothing here is "
                      "sent or stored."),
                   sandbox);
    sandboxIntro->setWordWrap(true);
    sandboxLayout->addWidget(sandboxIntro);
    m_sandboxProfile->setObjectName(QStringLiteral("sandboxProfileCombo"));
    m_sandboxProfile->setToolTip(tr("A profile changes the actions for the routes and keys that name it; "
                                    "where a route and a key both have one, the stricter setting wins."));
    auto* profileRow = new QHBoxLayout;
    profileRow->addWidget(new QLabel(tr("Profile:"), sandbox));
    profileRow->addWidget(m_sandboxProfile, 1);
    sandboxLayout->addLayout(profileRow);
    m_input->setObjectName(QStringLiteral("sandboxInput"));
    m_input->setPlaceholderText(tr("Paste a prompt or a document here"));
    sandboxLayout->addWidget(m_input, 2);
    m_scanButton->setObjectName(QStringLiteral("sandboxScanButton"));
    sandboxLayout->addWidget(m_scanButton, 0, Qt::AlignLeft);
    m_findings->setObjectName(QStringLiteral("sandboxFindings"));
    m_findings->setColumnCount(6);
    m_findings->setHorizontalHeaderLabels(
        {tr("Type"), tr("Action"), tr("Begin"), tr("End"), tr("Score"), tr("Value")});
    m_findings->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_findings->verticalHeader()->hide();
    m_findings->horizontalHeader()->setStretchLastSection(true);
    sandboxLayout->addWidget(m_findings, 2);
    m_verdict->setObjectName(QStringLiteral("sandboxVerdict"));
    m_verdict->setWordWrap(true);
    sandboxLayout->addWidget(m_verdict);
    m_output->setObjectName(QStringLiteral("sandboxOutput"));
    m_output->setReadOnly(true);
    sandboxLayout->addWidget(m_output, 2);
    splitter->addWidget(policyBox);
    splitter->addWidget(sandbox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    m_scanDelay->setSingleShot(true);
    m_scanDelay->setInterval(300);
    connect(m_scanDelay, &QTimer::timeout, this, &GuardrailsPanel::scanSandbox);
    connect(m_input, &QPlainTextEdit::textChanged, m_scanDelay, qOverload<>(&QTimer::start));
    connect(m_scanButton, &QPushButton::clicked, this, &GuardrailsPanel::scanSandbox);
    connect(m_sandboxProfile, &QComboBox::activated, this, &GuardrailsPanel::scanSandbox);
    connect(&m_scanWatcher, &QFutureWatcher<SandboxResult>::finished, this, &GuardrailsPanel::onScanFinished);
    connect(m_model, &GuardrailPolicyModel::policyEdited, this, &GuardrailsPanel::onPolicyEdited);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &GuardrailsPanel::onPolicyEdited);
    connect(m_scanResponses, &QCheckBox::toggled, this, &GuardrailsPanel::onPolicyEdited);
    connect(m_saveButton, &QPushButton::clicked, this, &GuardrailsPanel::save);
    connect(m_revertButton, &QPushButton::clicked, this, &GuardrailsPanel::revert);
    revert();
}

GuardrailsPanel::~GuardrailsPanel()
{
    // A running scan only reads its own copies; wait so it does not outlive the watcher's owner.
    m_scanWatcher.waitForFinished();
}

void GuardrailsPanel::setConfig(const ConfigSnapshot& config)
{
    // The snapshot this panel just saved comes back from MainWindow: keep the status line.
    if (config == m_config)
        return;
    m_config = config;
    revert();
}

guardrails::GuardrailsPolicy GuardrailsPanel::editedPolicy() const
{
    guardrails::GuardrailsPolicy policy = m_model->policy();
    policy.injectionThreshold = float(m_threshold->value());
    policy.scanResponses = m_scanResponses->isChecked();
    return policy;
}

guardrails::GuardrailsPolicy GuardrailsPanel::sandboxPolicy() const
{
    const GuardrailsProfile* profile =
        m_config ? m_config->findGuardrailsProfile(m_sandboxProfile->currentData().toString()) : nullptr;
    return guardrails::applyOverrides(editedPolicy(), profile ? &profile->change : nullptr, nullptr);
}

void GuardrailsPanel::setSandboxProfile(const QString& name)
{
    const int index = name.isEmpty() ? 0 : m_sandboxProfile->findData(name);
    m_sandboxProfile->setCurrentIndex(std::max(0, index));
    scanSandbox();
}

bool GuardrailsPanel::hasUnsavedChanges() const
{
    if (!m_config)
        return false;
    const guardrails::GuardrailsPolicy edited = editedPolicy();
    const guardrails::GuardrailsPolicy& saved = m_config->guardrails;
    // The spin box shows two decimals; a saved threshold with more is not a change by itself.
    const bool thresholdChanged =
        qAbs(double(edited.injectionThreshold) - double(saved.injectionThreshold)) > 0.001;
    return edited.actions != saved.actions || thresholdChanged || edited.scanResponses != saved.scanResponses;
}

void GuardrailsPanel::revert()
{
    const guardrails::GuardrailsPolicy policy =
        m_config ? m_config->guardrails : guardrails::GuardrailsPolicy();
    {
        const QSignalBlocker blockThreshold(m_threshold);
        const QSignalBlocker blockResponses(m_scanResponses);
        m_model->setPolicy(policy);
        m_threshold->setValue(double(policy.injectionThreshold));
        m_scanResponses->setChecked(policy.scanResponses);
    }
    fillSandboxProfiles();
    m_status->clear();
    onPolicyEdited();
}

void GuardrailsPanel::fillSandboxProfiles()
{
    const QString chosen = m_sandboxProfile->currentData().toString();
    m_sandboxProfile->clear();
    m_sandboxProfile->addItem(tr("None: the policy on the left"), QString());
    if (m_config) {
        for (const GuardrailsProfile& profile : m_config->guardrailProfiles) {
            // A route's inline profile is named "route/<alias>".
            const QString label = profile.inlined()
                                      ? tr("Route %1 (its own actions)").arg(profile.name.section(QLatin1Char('/'), 1))
                                      : profile.name;
            m_sandboxProfile->addItem(label, profile.name);
        }
    }
    m_sandboxProfile->setCurrentIndex(std::max(0, m_sandboxProfile->findData(chosen)));
    m_sandboxProfile->setEnabled(m_sandboxProfile->count() > 1);
}

bool GuardrailsPanel::save()
{
    if (!m_config) {
        m_status->setText(tr("Not saved: there is no configuration to change yet."));
        return false;
    }
    auto candidate = std::make_shared<GatewayConfig>(*m_config);
    guardrails::GuardrailsPolicy policy = editedPolicy();
    if (qAbs(double(policy.injectionThreshold) - double(m_config->guardrails.injectionThreshold)) <= 0.001)
        policy.injectionThreshold = m_config->guardrails.injectionThreshold;
    candidate->guardrails = policy;
    Result<ConfigSnapshot> committed = checkAndCommit(*candidate, m_store, m_configPath);
    if (!committed) {
        m_status->setText(tr("Not saved: %1").arg(committed.error().message));
        return false;
    }
    m_config = *committed;
    revert();
    m_status->setText(tr("Guardrails saved; the gateway uses them from the next request."));
    Q_EMIT configEdited(*committed);
    return true;
}

void GuardrailsPanel::onPolicyEdited()
{
    updateButtons();
    if (!m_input->toPlainText().isEmpty())
        m_scanDelay->start();
}

void GuardrailsPanel::updateButtons()
{
    const bool changed = hasUnsavedChanges();
    m_saveButton->setEnabled(changed);
    m_revertButton->setEnabled(changed);
}

void GuardrailsPanel::scanSandbox()
{
    m_scanDelay->stop();
    if (m_scanWatcher.isRunning()) {
        m_scanAgain = true;
        return;
    }
    m_scanAgain = false;
    m_verdict->setText(tr("Scanning…"));
    m_scanWatcher.setFuture(QtConcurrent::run(runSandbox, sandboxPolicy(), m_input->toPlainText()));
}

void GuardrailsPanel::onScanFinished()
{
    if (m_scanAgain) {
        scanSandbox();
        return;
    }
    m_lastResult = m_scanWatcher.result();
    showResult(m_lastResult);
    Q_EMIT sandboxScanned();
}

void GuardrailsPanel::showResult(const SandboxResult& result)
{
    m_findings->setRowCount(0);
    if (!result.ok) {
        m_verdict->setText(result.error);
        m_output->clear();
        return;
    }
    m_findings->setRowCount(int(result.findings.size()));
    for (int row = 0; row < int(result.findings.size()); ++row) {
        const SandboxFinding& f = result.findings[std::size_t(row)];
        const QStringList cells{f.type,
                                f.action,
                                QString::number(f.begin),
                                QString::number(f.end),
                                QString::number(double(f.score), 'f', 2),
                                f.value};
        for (int column = 0; column < cells.size(); ++column)
            m_findings->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    const QString score = tr("injection score %1").arg(double(result.injectionScore), 0, 'f', 2);
    QString verdict;
    if (result.blocked)
        verdict = tr("The gateway would refuse this text with 400 (blocked by %1; %2).")
                      .arg(result.blockedBy.join(QStringLiteral(", ")), score);
    else if (result.findings.empty())
        verdict = tr("Nothing found (%1); the provider receives the text as it is.").arg(score);
    else
        verdict = tr("%n finding(s) (%1); the provider would receive:", nullptr, int(result.findings.size()))
                      .arg(score);
    m_verdict->setText(verdict);
    m_output->setPlainText(result.providerText);
}

} // namespace tollgate::ui

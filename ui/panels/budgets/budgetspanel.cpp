#include "panels/budgets/budgetspanel.h"

#include "widgets/paneltitle.h"

#include "budget/budgetservice.h"
#include "models/budgetlimitmodel.h"
#include "models/budgettablemodel.h"
#include "models/budgettask.h"
#include "panels/budgets/budgetdialog.h"
#include "panels/budgets/limitsdialog.h"
#include "panels/budgets/usagebardelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

struct BudgetState
{
    std::vector<budget::BudgetUsage> usage;
    std::vector<budget::BudgetService::LimitEntry> limits;
    QStringList teams;
    QStringList projects;
    QStringList keyIds;
    std::int64_t nowMs = 0;
};

struct AdminOutcome
{
    bool ok = false;
    QString error;
};

void setUpTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

} // namespace

BudgetsPanel::BudgetsPanel(QWidget* parent)
    : QWidget(parent), m_budgets(new BudgetTableModel(this)), m_limits(new BudgetLimitModel(this)),
      m_budgetTable(new QTableView(this)), m_limitTable(new QTableView(this)),
      m_addButton(new QPushButton(tr("Add budget…"), this)), m_editButton(new QPushButton(tr("Edit…"), this)),
      m_limitsButton(new QPushButton(tr("Set limits…"), this)), m_status(new QLabel(this)),
      m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("budgetsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Budgets"), QStringLiteral("budgetsTitle"), this));

    m_budgetTable->setObjectName(QStringLiteral("budgetsTable"));
    m_budgetTable->setModel(m_budgets);
    setUpTable(m_budgetTable);
    m_budgetTable->setItemDelegateForColumn(BudgetTableModel::UsageColumn,
                                            new UsageBarDelegate(m_budgetTable));
    layout->addWidget(m_budgetTable, 2);

    m_addButton->setObjectName(QStringLiteral("addBudgetButton"));
    m_editButton->setObjectName(QStringLiteral("editBudgetButton"));
    auto* budgetButtons = new QHBoxLayout;
    budgetButtons->addWidget(m_addButton);
    budgetButtons->addWidget(m_editButton);
    budgetButtons->addStretch();
    layout->addLayout(budgetButtons);

    layout->addWidget(panelTitle(tr("Rate limits"), QStringLiteral("limitsTitle"), this));
    m_limitTable->setObjectName(QStringLiteral("limitsTable"));
    m_limitTable->setModel(m_limits);
    setUpTable(m_limitTable);
    layout->addWidget(m_limitTable, 1);
    m_limitsButton->setObjectName(QStringLiteral("setLimitsButton"));
    auto* limitButtons = new QHBoxLayout;
    limitButtons->addWidget(m_limitsButton);
    limitButtons->addStretch();
    layout->addLayout(limitButtons);

    m_status->setObjectName(QStringLiteral("budgetsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    m_timer->setObjectName(QStringLiteral("budgetsRefreshTimer"));
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &BudgetsPanel::refresh);
    connect(m_addButton, &QPushButton::clicked, this, &BudgetsPanel::addBudget);
    connect(m_editButton, &QPushButton::clicked, this, [this] {
        if (!selectedBudgetId().isEmpty())
            editBudget(selectedBudgetId());
    });
    connect(m_budgetTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        editBudget(index.data(BudgetTableModel::BudgetIdRole).toString());
    });
    connect(m_limitsButton, &QPushButton::clicked, this, &BudgetsPanel::setLimits);
    connect(m_budgetTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BudgetsPanel::updateButtons);
    connect(m_budgets, &QAbstractItemModel::modelReset, this, &BudgetsPanel::updateButtons);
    setBudgetService(nullptr);
}

BudgetsPanel::~BudgetsPanel() = default;

BudgetDialog* BudgetsPanel::openBudgetDialog() const
{
    return m_budgetDialog;
}

LimitsDialog* BudgetsPanel::openLimitsDialog() const
{
    return m_limitsDialog;
}

void BudgetsPanel::setBudgetService(std::shared_ptr<budget::BudgetService> service)
{
    if (service == m_service && service)
        return;
    m_service = std::move(service);
    ++m_generation;
    m_refreshing = false;
    if (!m_service) {
        if (m_budgetDialog)
            m_budgetDialog->reject();
        if (m_limitsDialog)
            m_limitsDialog->reject();
        m_status->setText(tr("Start the gateway to see and change its budgets and limits."));
    } else {
        m_status->clear();
    }
    updateButtons();
    refresh();
}

void BudgetsPanel::setRefreshInterval(int ms)
{
    m_timer->setInterval(std::max(50, ms));
}

void BudgetsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_timer->start();
    refresh();
}

void BudgetsPanel::hideEvent(QHideEvent* event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void BudgetsPanel::refresh()
{
    if (!m_service || m_refreshing)
        return;
    m_refreshing = true;
    const quint64 generation = m_generation;
    runBudgetTask(
        this,
        [service = m_service] {
            BudgetState state;
            state.usage = service->budgets().usage();
            state.limits = service->limits();
            for (const auto& key : service->keys().list()) {
                state.keyIds << key->id;
                state.teams << key->team;
                if (!key->project.isEmpty())
                    state.projects << key->project;
            }
            for (const budget::TeamConfig& team : service->config().teams)
                state.teams << team.name;
            for (QStringList* list : {&state.teams, &state.projects, &state.keyIds}) {
                list->removeAll(QString());
                list->removeDuplicates();
                list->sort();
            }
            state.nowMs = service->clock().wallMs();
            return state;
        },
        [this, generation](const BudgetState& state) {
            if (generation != m_generation)
                return;
            m_refreshing = false;
            const QString selected = selectedBudgetId();
            m_budgets->setUsage(state.usage, state.nowMs);
            const int row = m_budgets->rowOf(selected);
            if (row >= 0 && selectedBudgetId() != selected)
                m_budgetTable->selectRow(row);
            m_limits->setLimits(state.limits);
            m_teams = state.teams;
            m_projects = state.projects;
            m_keyIds = state.keyIds;
            updateButtons();
            Q_EMIT refreshed();
        });
}

QString BudgetsPanel::selectedBudgetId() const
{
    const QModelIndexList rows = m_budgetTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(BudgetTableModel::BudgetIdRole).toString();
}

void BudgetsPanel::updateButtons()
{
    m_addButton->setEnabled(bool(m_service));
    m_limitsButton->setEnabled(bool(m_service));
    m_editButton->setEnabled(m_service && !selectedBudgetId().isEmpty());
}

void BudgetsPanel::addBudget()
{
    showBudgetDialog(QString());
}

void BudgetsPanel::editBudget(const QString& budgetId)
{
    if (m_budgets->rowOf(budgetId) >= 0)
        showBudgetDialog(budgetId);
}

void BudgetsPanel::showBudgetDialog(const QString& editing)
{
    if (!m_service)
        return;
    if (m_budgetDialog)
        m_budgetDialog->close();
    std::optional<budget::BudgetRuleConfig> rule;
    if (const budget::BudgetUsage* usage = m_budgets->usageAt(m_budgets->rowOf(editing)))
        rule = usage->rule;
    m_budgetDialog = new BudgetDialog(rule, m_teams + m_projects + m_keyIds, this);
    m_budgetDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_budgetDialog, &QDialog::accepted, this, &BudgetsPanel::applyBudget);
    m_budgetDialog->open();
}

void BudgetsPanel::applyBudget()
{
    auto* dialog = qobject_cast<BudgetDialog*>(sender());
    if (!dialog || !m_service || !dialog->issues().isEmpty())
        return;
    const budget::BudgetRuleConfig rule = dialog->rule();
    const quint64 generation = m_generation;
    m_status->setText(tr("Saving budget %1…").arg(rule.id));
    runBudgetTask(
        this,
        [service = m_service, rule] {
            AdminOutcome outcome;
            auto result = service->setBudget(rule);
            outcome.ok = bool(result);
            if (!result)
                outcome.error = result.error().message;
            return outcome;
        },
        [this, generation, id = rule.id](const AdminOutcome& outcome) {
            if (generation != m_generation)
                return;
            m_status->setText(outcome.ok ? tr("Budget %1 saved; it applies from the next request.").arg(id)
                                         : tr("Budget %1 was not saved: %2").arg(id, outcome.error));
            m_refreshing = false; // a refresh started before the change would show the old rules
            ++m_generation;
            refresh();
        });
}

void BudgetsPanel::setLimits()
{
    if (!m_service)
        return;
    if (m_limitsDialog)
        m_limitsDialog->close();
    m_limitsDialog = new LimitsDialog(m_keyIds, m_teams, this);
    m_limitsDialog->setAttribute(Qt::WA_DeleteOnClose);
    const QModelIndexList rows = m_limitTable->selectionModel()->selectedRows();
    if (!rows.isEmpty()) {
        const QModelIndex row = rows.first();
        budget::RateLimitConfig current;
        current.requestsPerMinute = row.data(BudgetLimitModel::RequestsPerMinuteRole).toLongLong();
        current.tokensPerMinute = row.data(BudgetLimitModel::TokensPerMinuteRole).toLongLong();
        m_limitsDialog->setSubject(budget::RateLimiter::Kind(row.data(BudgetLimitModel::KindRole).toInt()),
                                   row.data(BudgetLimitModel::SubjectRole).toString(), current);
    }
    connect(m_limitsDialog, &QDialog::accepted, this, &BudgetsPanel::applyLimits);
    m_limitsDialog->open();
}

void BudgetsPanel::applyLimits()
{
    auto* dialog = qobject_cast<LimitsDialog*>(sender());
    if (!dialog || !m_service || dialog->subject().isEmpty())
        return;
    const budget::RateLimiter::Kind kind = dialog->kind();
    const QString subject = dialog->subject();
    const budget::RateLimitConfig limits = dialog->limits();
    const quint64 generation = m_generation;
    runBudgetTask(
        this,
        [service = m_service, kind, subject, limits] {
            AdminOutcome outcome;
            auto result = service->setLimits(kind, subject, limits);
            outcome.ok = bool(result);
            if (!result)
                outcome.error = result.error().message;
            return outcome;
        },
        [this, generation, subject](const AdminOutcome& outcome) {
            if (generation != m_generation)
                return;
            m_status->setText(outcome.ok
                                  ? tr("Limits of %1 saved; they apply from the next request.").arg(subject)
                                  : tr("Limits of %1 were not saved: %2").arg(subject, outcome.error));
            m_refreshing = false;
            ++m_generation;
            refresh();
        });
}

} // namespace tollgate::ui

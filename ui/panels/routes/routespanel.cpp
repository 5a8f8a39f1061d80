#include "panels/routes/routespanel.h"

#include "widgets/paneltitle.h"

#include "config/configloader.h"
#include "config/configwriter.h"
#include "models/routetargetmodel.h"
#include "panels/providers/configcommit.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace tollgate::ui {

namespace {

constexpr int kAliasMergeId = 1;
constexpr int kWeightMergeId = 2;

// One edit of the routes: the whole list before and after (routes are small), so undo and redo
// are exact whatever the edit was. Consecutive keystrokes in the alias field merge into one step.
class RoutesEditCommand : public QUndoCommand
{
public:
    RoutesEditCommand(RoutesPanel* panel, std::vector<RouteConfig> before, int beforeCurrent,
                      std::vector<RouteConfig> after, int afterCurrent, const QString& text, int mergeId)
        : QUndoCommand(text), m_panel(panel), m_before(std::move(before)), m_after(std::move(after)),
          m_beforeCurrent(beforeCurrent), m_afterCurrent(afterCurrent), m_mergeId(mergeId)
    {
    }

    void undo() override { m_panel->restore(m_before, m_beforeCurrent); }
    void redo() override { m_panel->restore(m_after, m_afterCurrent); }
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const RoutesEditCommand*>(other);
        if (next->m_beforeCurrent != m_afterCurrent || next->m_afterCurrent != m_afterCurrent)
            return false;
        m_after = next->m_after;
        return true;
    }

private:
    RoutesPanel* m_panel;
    std::vector<RouteConfig> m_before;
    std::vector<RouteConfig> m_after;
    int m_beforeCurrent;
    int m_afterCurrent;
    int m_mergeId;
};

} // namespace

RoutesPanel::RoutesPanel(QWidget* parent)
    : QWidget(parent), m_config(std::make_shared<const GatewayConfig>()), m_undo(new QUndoStack(this)),
      m_targets(new RouteTargetModel(this)), m_tree(new QTreeWidget(this)), m_alias(new QLineEdit(this)),
      m_targetView(new QTableView(this)), m_targetChoice(new QComboBox(this)),
      m_strategy(new QComboBox(this)),
      m_addRoute(new QPushButton(tr("Add route"), this)),
      m_removeRoute(new QPushButton(tr("Remove route"), this)),
      m_addTarget(new QPushButton(tr("Add target"), this)),
      m_removeTarget(new QPushButton(tr("Remove target"), this)),
      m_moveUp(new QPushButton(tr("Move up"), this)), m_moveDown(new QPushButton(tr("Move down"), this)),
      m_save(new QPushButton(tr("Save and apply"), this)), m_import(new QPushButton(tr("Import…"), this)),
      m_export(new QPushButton(tr("Export…"), this)), m_issues(new QLabel(this)), m_status(new QLabel(this)),
      m_importIssues(new QListWidget(this))
{
    setObjectName(QStringLiteral("routesPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Routes"), QStringLiteral("routesTitle"), this));

    // Left: every route with its targets, in order.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_tree->setObjectName(QStringLiteral("routesTree"));
    m_tree->setHeaderLabels({tr("Alias / target"), tr("Order")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    leftLayout->addWidget(m_tree);
    auto* routeButtons = new QHBoxLayout;
    m_addRoute->setObjectName(QStringLiteral("addRouteButton"));
    m_removeRoute->setObjectName(QStringLiteral("removeRouteButton"));
    routeButtons->addWidget(m_addRoute);
    routeButtons->addWidget(m_removeRoute);
    routeButtons->addStretch();
    leftLayout->addLayout(routeButtons);

    // Right: the selected route.
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* aliasRow = new QHBoxLayout;
    auto* aliasLabel = new QLabel(tr("&Alias"), right);
    aliasLabel->setBuddy(m_alias);
    m_alias->setObjectName(QStringLiteral("aliasEdit"));
    aliasRow->addWidget(aliasLabel);
    aliasRow->addWidget(m_alias, 1);
    auto* strategyLabel = new QLabel(tr("&Strategy"), right);
    strategyLabel->setBuddy(m_strategy);
    m_strategy->setObjectName(QStringLiteral("strategyCombo"));
    m_strategy->addItem(tr("Fallback: in this order"), int(RouteStrategy::Fallback));
    m_strategy->addItem(tr("Weighted: shared out by weight"), int(RouteStrategy::Weighted));
    m_strategy->setToolTip(tr("Fallback tries the targets in their order. Weighted sends each request "
                              "first to a target chosen in proportion to the weights; the others "
                              "follow in order as fallbacks."));
    aliasRow->addWidget(strategyLabel);
    aliasRow->addWidget(m_strategy);
    rightLayout->addLayout(aliasRow);
    m_targetView->setObjectName(QStringLiteral("targetsView"));
    m_targetView->setModel(m_targets);
    m_targetView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_targetView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_targetView->setDragEnabled(true);
    m_targetView->setAcceptDrops(true);
    m_targetView->setDropIndicatorShown(true);
    m_targetView->setDragDropOverwriteMode(false);
    m_targetView->setDragDropMode(QAbstractItemView::InternalMove);
    m_targetView->setDefaultDropAction(Qt::MoveAction);
    m_targetView->verticalHeader()->hide();
    m_targetView->horizontalHeader()->setStretchLastSection(true);
    m_targetView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    rightLayout->addWidget(m_targetView, 1);
    auto* targetButtons = new QHBoxLayout;
    m_targetChoice->setObjectName(QStringLiteral("targetCombo"));
    m_addTarget->setObjectName(QStringLiteral("addTargetButton"));
    m_removeTarget->setObjectName(QStringLiteral("removeTargetButton"));
    m_moveUp->setObjectName(QStringLiteral("moveUpButton"));
    m_moveDown->setObjectName(QStringLiteral("moveDownButton"));
    targetButtons->addWidget(m_targetChoice, 1);
    targetButtons->addWidget(m_addTarget);
    targetButtons->addWidget(m_removeTarget);
    targetButtons->addWidget(m_moveUp);
    targetButtons->addWidget(m_moveDown);
    rightLayout->addLayout(targetButtons);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    m_issues->setObjectName(QStringLiteral("routeIssuesLabel"));
    m_issues->setWordWrap(true);
    m_issues->setTextFormat(Qt::PlainText);
    layout->addWidget(m_issues);
    m_importIssues->setObjectName(QStringLiteral("importIssuesList"));
    m_importIssues->setMaximumHeight(120);
    m_importIssues->hide();
    layout->addWidget(m_importIssues);

    QAction* undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction* redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undo);
    addAction(redo);
    auto* undoButton = new QToolButton(this);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    undoButton->setDefaultAction(undo);
    auto* redoButton = new QToolButton(this);
    redoButton->setObjectName(QStringLiteral("redoButton"));
    redoButton->setDefaultAction(redo);
    m_save->setObjectName(QStringLiteral("saveRoutesButton"));
    m_import->setObjectName(QStringLiteral("importConfigButton"));
    m_export->setObjectName(QStringLiteral("exportConfigButton"));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(undoButton);
    bottom->addWidget(redoButton);
    bottom->addStretch();
    bottom->addWidget(m_import);
    bottom->addWidget(m_export);
    bottom->addWidget(m_save);
    layout->addLayout(bottom);
    m_status->setObjectName(QStringLiteral("routesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item)
            return;
        QTreeWidgetItem* top = item->parent() ? item->parent() : item;
        const int index = m_tree->indexOfTopLevelItem(top);
        if (index != m_current) {
            m_current = index;
            refresh();
        }
    });
    connect(m_addRoute, &QPushButton::clicked, this, &RoutesPanel::addRoute);
    connect(m_removeRoute, &QPushButton::clicked, this, &RoutesPanel::removeRoute);
    connect(m_alias, &QLineEdit::textEdited, this, &RoutesPanel::setAlias);
    connect(m_strategy, &QComboBox::activated, this,
            [this](int index) { setStrategy(RouteStrategy(m_strategy->itemData(index).toInt())); });
    connect(m_addTarget, &QPushButton::clicked, this, [this] { addTarget(m_targetChoice->currentText()); });
    const auto selectedTarget = [this] {
        const QModelIndexList rows = m_targetView->selectionModel()->selectedRows();
        return rows.isEmpty() ? -1 : rows.first().row();
    };
    connect(m_removeTarget, &QPushButton::clicked, this,
            [this, selectedTarget] { removeTarget(selectedTarget()); });
    connect(m_moveUp, &QPushButton::clicked, this, [this, selectedTarget] {
        const int row = selectedTarget();
        moveTarget(row, row - 1);
    });
    connect(m_moveDown, &QPushButton::clicked, this, [this, selectedTarget] {
        const int row = selectedTarget();
        moveTarget(row, row + 1);
    });
    connect(m_targets, &RouteTargetModel::moveRequested, this, &RoutesPanel::moveTarget);
    connect(m_targets, &RouteTargetModel::weightEditRequested, this, &RoutesPanel::setWeight);
    connect(m_save, &QPushButton::clicked, this, &RoutesPanel::save);
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import configuration"), QString(),
                                         tr("YAML or JSON (*.yaml *.yml *.json);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export configuration"), QStringLiteral("tollgate.yaml"), tr("YAML (*.yaml *.yml)"));
        if (!path.isEmpty())
            exportFile(path);
    });
    connect(m_undo, &QUndoStack::cleanChanged, this, &RoutesPanel::validate);
    refresh();
}

RoutesPanel::~RoutesPanel()
{
    // The undo stack is a child and says "clean" once more while it is destroyed; by then this
    // panel is only a QWidget.
    m_undo->disconnect(this);
}

void RoutesPanel::setConfig(const ConfigSnapshot& config)
{
    m_config = config ? config : std::make_shared<const GatewayConfig>();
    fillTargetChoices();
    if (m_undo->isClean()) {
        m_undo->clear();
        m_routes = m_config->routes;
        if (m_current >= int(m_routes.size()) || m_current < 0)
            m_current = m_routes.empty() ? -1 : 0;
    }
    refresh();
}

void RoutesPanel::fillTargetChoices()
{
    const QString previous = m_targetChoice->currentText();
    m_targetChoice->clear();
    for (const ProviderConfig& p : m_config->providers) {
        for (const ModelConfig& m : p.models)
            m_targetChoice->addItem(p.name + QLatin1Char('/') + m.name);
    }
    const int index = m_targetChoice->findText(previous);
    if (index >= 0)
        m_targetChoice->setCurrentIndex(index);
}

GatewayConfig RoutesPanel::candidate() const
{
    GatewayConfig c = *m_config;
    c.routes = m_routes;
    return c;
}

void RoutesPanel::restore(const std::vector<RouteConfig>& routes, int current)
{
    m_routes = routes;
    m_current = routes.empty() ? -1 : std::clamp(current, 0, int(routes.size()) - 1);
    refresh();
}

void RoutesPanel::edit(std::vector<RouteConfig> routes, int current, const QString& text, int mergeId)
{
    m_undo->push(new RoutesEditCommand(this, m_routes, m_current, std::move(routes), current, text, mergeId));
}

void RoutesPanel::refresh()
{
    {
        const QSignalBlocker blocker(m_tree);
        m_tree->clear();
        for (const RouteConfig& route : m_routes) {
            auto* item = new QTreeWidgetItem(m_tree, {route.alias, QString()});
            int order = 1;
            for (const RouteTargetConfig& target : route.targets)
                new QTreeWidgetItem(
                    item, {target.provider + QLatin1Char('/') + target.model, QString::number(order++)});
            item->setExpanded(true);
        }
        if (m_current >= 0 && m_current < m_tree->topLevelItemCount())
            m_tree->setCurrentItem(m_tree->topLevelItem(m_current));
    }
    const bool hasRoute = m_current >= 0 && m_current < int(m_routes.size());
    const int selectedRow = [this] {
        const QModelIndexList rows = m_targetView->selectionModel()->selectedRows();
        return rows.isEmpty() ? -1 : rows.first().row();
    }();
    m_targets->setTargets(hasRoute ? m_routes[std::size_t(m_current)].targets
                                   : std::vector<RouteTargetConfig>{});
    if (selectedRow >= 0 && selectedRow < m_targets->rowCount())
        m_targetView->selectRow(selectedRow);
    const QString alias = hasRoute ? m_routes[std::size_t(m_current)].alias : QString();
    if (m_alias->text() != alias)
        m_alias->setText(alias);
    m_alias->setEnabled(hasRoute);
    const RouteStrategy strategy = hasRoute ? m_routes[std::size_t(m_current)].strategy : RouteStrategy::Fallback;
    m_strategy->setCurrentIndex(m_strategy->findData(int(strategy)));
    for (QWidget* w : std::initializer_list<QWidget*>{m_strategy, m_removeRoute, m_addTarget, m_removeTarget, m_moveUp,
                                                      m_moveDown, m_targetView})
        w->setEnabled(hasRoute);
    validate();
}

void RoutesPanel::validate()
{
    m_errors = candidateErrors(candidate());
    if (m_errors.isEmpty()) {
        m_issues->setText(m_undo->isClean() ? tr("No unsaved changes.") : tr("Valid; not saved yet."));
        m_issues->setStyleSheet(QString());
    } else {
        m_issues->setText(m_errors.join(QLatin1Char('\n')));
        m_issues->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    m_save->setEnabled(m_errors.isEmpty() && !m_undo->isClean());
}

void RoutesPanel::selectRoute(int index)
{
    if (index < 0 || index >= int(m_routes.size()))
        return;
    m_current = index;
    refresh();
}

void RoutesPanel::addRoute()
{
    std::vector<RouteConfig> routes = m_routes;
    RouteConfig route;
    int n = int(routes.size()) + 1;
    const auto taken = [&](const QString& alias) {
        return std::any_of(routes.begin(), routes.end(),
                           [&](const RouteConfig& r) { return r.alias == alias; });
    };
    do {
        route.alias = QStringLiteral("route-%1").arg(n++);
    } while (taken(route.alias));
    if (m_targetChoice->count() > 0) {
        const QString first = m_targetChoice->itemText(0);
        const qsizetype slash = first.indexOf(QLatin1Char('/'));
        route.targets.push_back(RouteTargetConfig{first.left(slash), first.mid(slash + 1), 1});
    }
    routes.push_back(route);
    edit(std::move(routes), int(m_routes.size()), tr("Add route %1").arg(route.alias));
}

void RoutesPanel::removeRoute()
{
    if (m_current < 0 || m_current >= int(m_routes.size()))
        return;
    std::vector<RouteConfig> routes = m_routes;
    const QString alias = routes[std::size_t(m_current)].alias;
    routes.erase(routes.begin() + m_current);
    edit(std::move(routes), std::min(m_current, int(routes.size()) - 1), tr("Remove route %1").arg(alias));
}

void RoutesPanel::setAlias(const QString& alias)
{
    if (m_current < 0 || m_current >= int(m_routes.size()) || m_routes[std::size_t(m_current)].alias == alias)
        return;
    std::vector<RouteConfig> routes = m_routes;
    routes[std::size_t(m_current)].alias = alias;
    edit(std::move(routes), m_current, tr("Rename route"), kAliasMergeId);
}

void RoutesPanel::setStrategy(RouteStrategy strategy)
{
    if (m_current < 0 || m_current >= int(m_routes.size()) || m_routes[std::size_t(m_current)].strategy == strategy)
        return;
    std::vector<RouteConfig> routes = m_routes;
    routes[std::size_t(m_current)].strategy = strategy;
    edit(std::move(routes), m_current,
         strategy == RouteStrategy::Weighted ? tr("Share out by weight") : tr("Fall back in order"));
}

void RoutesPanel::addTarget(const QString& providerSlashModel)
{
    const qsizetype slash = providerSlashModel.indexOf(QLatin1Char('/'));
    if (m_current < 0 || m_current >= int(m_routes.size()) || slash <= 0)
        return;
    std::vector<RouteConfig> routes = m_routes;
    routes[std::size_t(m_current)].targets.push_back(
        RouteTargetConfig{providerSlashModel.left(slash), providerSlashModel.mid(slash + 1), 1});
    edit(std::move(routes), m_current, tr("Add target %1").arg(providerSlashModel));
}

void RoutesPanel::removeTarget(int row)
{
    if (m_current < 0 || m_current >= int(m_routes.size()))
        return;
    std::vector<RouteConfig> routes = m_routes;
    auto& targets = routes[std::size_t(m_current)].targets;
    if (row < 0 || row >= int(targets.size()))
        return;
    targets.erase(targets.begin() + row);
    edit(std::move(routes), m_current, tr("Remove target"));
}

void RoutesPanel::moveTarget(int from, int to)
{
    if (m_current < 0 || m_current >= int(m_routes.size()))
        return;
    std::vector<RouteConfig> routes = m_routes;
    auto& targets = routes[std::size_t(m_current)].targets;
    const int count = int(targets.size());
    if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        return;
    const RouteTargetConfig moved = targets[std::size_t(from)];
    targets.erase(targets.begin() + from);
    targets.insert(targets.begin() + to, moved);
    edit(std::move(routes), m_current, tr("Move target %1/%2").arg(moved.provider, moved.model));
    m_targetView->selectRow(to);
}

void RoutesPanel::setWeight(int row, int weight)
{
    if (m_current < 0 || m_current >= int(m_routes.size()))
        return;
    std::vector<RouteConfig> routes = m_routes;
    auto& targets = routes[std::size_t(m_current)].targets;
    if (row < 0 || row >= int(targets.size()) || weight < 1 || weight > 1000 ||
        targets[std::size_t(row)].weight == weight)
        return;
    targets[std::size_t(row)].weight = weight;
    edit(std::move(routes), m_current, tr("Change weight"), kWeightMergeId + row * 16);
}

bool RoutesPanel::adopt(const ConfigSnapshot& committed, const QString& message)
{
    m_config = committed;
    m_undo->setClean();
    m_routes = committed->routes;
    fillTargetChoices();
    if (m_current >= int(m_routes.size()))
        m_current = m_routes.empty() ? -1 : 0;
    refresh();
    m_status->setText(message);
    Q_EMIT configEdited(committed);
    return true;
}

bool RoutesPanel::save()
{
    validate();
    if (!m_errors.isEmpty()) {
        m_status->setText(tr("Not saved: fix the problems above first."));
        return false;
    }
    Result<ConfigSnapshot> committed = commitConfig(candidate(), m_store, m_configPath);
    if (!committed) {
        m_status->setText(tr("Not saved: %1").arg(committed.error().message));
        return false;
    }
    return adopt(*committed, m_configPath.isEmpty()
                                 ? tr("Applied to the gateway.")
                                 : tr("Saved to %1 and applied to the gateway.").arg(m_configPath));
}

bool RoutesPanel::importFile(const QString& path)
{
    m_importIssues->clear();
    const ConfigLoadResult loaded = ConfigLoader::loadFile(path, {}, secretLookupFor(m_store));
    const QString shownName = QFileInfo(path).fileName();
    for (const ConfigIssue& issue : loaded.issues)
        m_importIssues->addItem(issue.format(shownName));
    m_importIssues->setVisible(!loaded.issues.empty());
    if (!loaded.ok()) {
        m_status->setText(tr("%1 was not imported: it has errors (listed above).").arg(shownName));
        return false;
    }
    Result<ConfigSnapshot> committed = commitConfig(*loaded.config, m_store, m_configPath);
    if (!committed) {
        m_status->setText(tr("%1 was not imported: %2").arg(shownName, committed.error().message));
        return false;
    }
    m_undo->clear();
    return adopt(*committed, tr("Imported %1 and applied it to the gateway.").arg(shownName));
}

bool RoutesPanel::exportFile(const QString& path)
{
    Result<QByteArray> yaml = yamlForExport(candidate(), m_store);
    if (!yaml) {
        m_status->setText(tr("Not exported: %1").arg(yaml.error().message));
        return false;
    }
    const Result<void> saved = ConfigWriter::saveFile(path, *yaml);
    if (!saved) {
        m_status->setText(tr("Not exported: %1").arg(saved.error().message));
        return false;
    }
    m_status->setText(tr("Exported to %1 (API keys as references only).").arg(path));
    return true;
}

} // namespace tollgate::ui

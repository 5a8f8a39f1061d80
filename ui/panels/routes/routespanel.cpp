#include "panels/routes/routespanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

RoutesPanel::RoutesPanel(QWidget* parent) : QWidget(parent), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("routesPanel"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Routes"), this);
    title->setObjectName(QStringLiteral("routesTitle"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);
    m_tree->setObjectName(QStringLiteral("routesTree"));
    m_tree->setHeaderLabels({tr("Alias / target"), tr("Order")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_tree);
}

void RoutesPanel::setConfig(const ConfigSnapshot& config)
{
    m_tree->clear();
    if (!config)
        return;
    for (const RouteConfig& route : config->routes) {
        auto* item = new QTreeWidgetItem(m_tree, {route.alias, QString()});
        int order = 1;
        for (const RouteTargetConfig& target : route.targets)
            new QTreeWidgetItem(
                item, {target.provider + QLatin1Char('/') + target.model, QString::number(order++)});
        item->setExpanded(true);
    }
}

} // namespace tollgate::ui

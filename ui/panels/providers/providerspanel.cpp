#include "panels/providers/providerspanel.h"

#include "models/dailytotals.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

ProvidersPanel::ProvidersPanel(QWidget* parent) : QWidget(parent), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("providersPanel"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Providers"), this);
    title->setObjectName(QStringLiteral("providersTitle"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);
    m_tree->setObjectName(QStringLiteral("providersTree"));
    m_tree->setHeaderLabels(
        {tr("Name / model"), tr("Kind"), tr("Region"), tr("Base URL / price per million tokens")});
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_tree);
}

void ProvidersPanel::setConfig(const ConfigSnapshot& config)
{
    m_tree->clear();
    if (!config)
        return;
    for (const ProviderConfig& provider : config->providers) {
        auto* item =
            new QTreeWidgetItem(m_tree, {provider.name, provider.kind, provider.region, provider.baseUrl});
        for (const ModelConfig& model : provider.models) {
            const QString currency = QString::fromLatin1(model.price.currency.data(), 3);
            const QString price =
                tr("in %1, out %2")
                    .arg(DailyTotals::formatMoney(model.price.inputPerMillionMicros, currency),
                         DailyTotals::formatMoney(model.price.outputPerMillionMicros, currency));
            new QTreeWidgetItem(item, {model.name, QString(), QString(), price});
        }
        item->setExpanded(true);
    }
}

} // namespace tollgate::ui

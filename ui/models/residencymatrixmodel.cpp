#include "models/residencymatrixmodel.h"

namespace tollgate::ui {

ResidencyMatrixModel::ResidencyMatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResidencyMatrixModel::setPolicy(const residency::ResidencyPolicy& policy,
                                     const QStringList& providerRegions)
{
    beginResetModel();
    m_rows = policy.regimeTable();
    m_regions.clear();
    for (const auto& row : m_rows) {
        for (const QString& region : row.regions)
            if (!m_regions.contains(region))
                m_regions << region;
    }
    for (const QString& region : providerRegions)
        if (!region.isEmpty() && !m_regions.contains(region))
            m_regions << region;
    endResetModel();
}

bool ResidencyMatrixModel::addRegion(const QString& region)
{
    const QString name = region.trimmed();
    if (name.isEmpty() || m_regions.contains(name))
        return false;
    const int column = int(m_regions.size());
    beginInsertColumns({}, column, column);
    m_regions << name;
    endInsertColumns();
    return true;
}

QStringList ResidencyMatrixModel::regimes() const
{
    QStringList names;
    for (const auto& row : m_rows)
        names << row.regime;
    return names;
}

QStringList ResidencyMatrixModel::regionsOf(const QString& regime) const
{
    const int row = rowOfRegime(regime);
    return row < 0 ? QStringList() : m_rows[std::size_t(row)].regions;
}

int ResidencyMatrixModel::rowOfRegime(const QString& regime) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].regime == regime)
            return int(i);
    return -1;
}

std::vector<residency::ResidencyConfig::RegionRule> ResidencyMatrixModel::regionRules() const
{
    std::vector<residency::ResidencyConfig::RegionRule> rules;
    for (const auto& row : m_rows)
        rules.push_back({row.regime, row.regions});
    return rules;
}

int ResidencyMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResidencyMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_regions.size());
}

QVariant ResidencyMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& row = m_rows[std::size_t(index.row())];
    const QString& region = m_regions[index.column()];
    switch (role) {
    case Qt::CheckStateRole:
        return row.regions.contains(region) ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        return row.regions.contains(region)
                   ? tr("%1 data may be processed in %2").arg(row.regime, region)
                   : tr("%1 data may not be processed in %2").arg(row.regime, region);
    case RegimeRole:
        return row.regime;
    case RegionRole:
        return region;
    default:
        return {};
    }
}

bool ResidencyMatrixModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || !index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    auto& row = m_rows[std::size_t(index.row())];
    const QString& region = m_regions[index.column()];
    const bool checked = value.value<Qt::CheckState>() == Qt::Checked;
    if (checked == row.regions.contains(region))
        return true;
    if (checked)
        row.regions << region;
    else
        row.regions.removeAll(region);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole, Qt::ToolTipRole});
    Q_EMIT matrixEdited();
    return true;
}

Qt::ItemFlags ResidencyMatrixModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

QVariant ResidencyMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_regions.size() ? QVariant(m_regions[section]) : QVariant();
    return section >= 0 && section < int(m_rows.size()) ? QVariant(m_rows[std::size_t(section)].regime)
                                                        : QVariant();
}

} // namespace tollgate::ui

#include "models/residencyprovidermodel.h"

#include "models/residencymatrixmodel.h"

namespace tollgate::ui {

ResidencyProviderModel::ResidencyProviderModel(const ResidencyMatrixModel* matrix, QObject* parent)
    : QAbstractTableModel(parent), m_matrix(matrix)
{
    connect(m_matrix, &QAbstractItemModel::dataChanged, this, &ResidencyProviderModel::matrixChanged);
    connect(m_matrix, &QAbstractItemModel::modelReset, this, &ResidencyProviderModel::matrixChanged);
    connect(m_matrix, &QAbstractItemModel::columnsInserted, this, &ResidencyProviderModel::matrixChanged);
}

void ResidencyProviderModel::setProviders(std::vector<Provider> providers)
{
    beginResetModel();
    m_providers = std::move(providers);
    endResetModel();
}

int ResidencyProviderModel::rowOfProvider(const QString& name) const
{
    for (std::size_t i = 0; i < m_providers.size(); ++i)
        if (m_providers[i].name == name)
            return int(i);
    return -1;
}

QStringList ResidencyProviderModel::regimesReaching(const QString& region) const
{
    QStringList regimes;
    for (const QString& regime : m_matrix->regimes())
        if (m_matrix->regionsOf(regime).contains(region))
            regimes << regime;
    return regimes;
}

void ResidencyProviderModel::matrixChanged()
{
    if (!m_providers.empty())
        Q_EMIT dataChanged(index(0, RegimesColumn), index(rowCount() - 1, RegimesColumn));
}

int ResidencyProviderModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_providers.size());
}

int ResidencyProviderModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResidencyProviderModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole)
        return {};
    const Provider& p = m_providers[std::size_t(index.row())];
    switch (Column(index.column())) {
    case ProviderColumn:
        return p.name;
    case RegionColumn:
        return p.region;
    case RegimesColumn: {
        const QStringList regimes = regimesReaching(p.region);
        return regimes.isEmpty() ? tr("only data under no regime") : regimes.join(QStringLiteral(", "));
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ResidencyProviderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case ProviderColumn:
        return tr("Provider");
    case RegionColumn:
        return tr("Region");
    case RegimesColumn:
        return tr("Regimes that may reach it");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

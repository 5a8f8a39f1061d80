#include "models/residencyclassmodel.h"

namespace tollgate::ui {

ResidencyClassModel::ResidencyClassModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResidencyClassModel::setPolicy(const residency::ResidencyPolicy& policy)
{
    beginResetModel();
    m_rows.clear();
    for (const auto& [dataClass, regimes] : policy.classTable())
        m_rows.push_back({dataClass, regimes, {}});
    for (const auto& [detector, dataClass] : policy.detectorTable()) {
        for (Row& row : m_rows)
            if (row.dataClass == dataClass)
                row.detectors << detector;
    }
    m_knownRegimes.clear();
    for (const auto& r : policy.regimeTable())
        m_knownRegimes << r.regime;
    endResetModel();
}

int ResidencyClassModel::rowOfClass(const QString& dataClass) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].dataClass == dataClass)
            return int(i);
    return -1;
}

QStringList ResidencyClassModel::regimesOf(const QString& dataClass) const
{
    const int row = rowOfClass(dataClass);
    return row < 0 ? QStringList() : m_rows[std::size_t(row)].regimes;
}

std::vector<residency::ResidencyConfig::RegimeRule> ResidencyClassModel::regimeRules() const
{
    std::vector<residency::ResidencyConfig::RegimeRule> rules;
    for (const Row& row : m_rows)
        rules.push_back({row.dataClass, row.regimes});
    return rules;
}

int ResidencyClassModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResidencyClassModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResidencyClassModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::ToolTipRole && index.column() == RegimesColumn)
        return tr("Regimes, separated by commas; known: %1").arg(m_knownRegimes.join(QStringLiteral(", ")));
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (Column(index.column())) {
    case ClassColumn:
        return row.dataClass;
    case RegimesColumn:
        if (role == Qt::DisplayRole && row.regimes.isEmpty())
            return tr("(none)");
        return row.regimes.join(QStringLiteral(", "));
    case DetectorsColumn:
        return row.detectors.join(QStringLiteral(", "));
    case ColumnCount:
        break;
    }
    return {};
}

bool ResidencyClassModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != RegimesColumn || !index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    QStringList regimes;
    for (const QString& part : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed();
        if (name.isEmpty())
            continue;
        if (!m_knownRegimes.contains(name))
            return false; // an unknown regime would make the policy invalid
        if (!regimes.contains(name))
            regimes << name;
    }
    Row& row = m_rows[std::size_t(index.row())];
    if (row.regimes == regimes)
        return true;
    row.regimes = regimes;
    Q_EMIT dataChanged(index, index);
    Q_EMIT mappingEdited();
    return true;
}

Qt::ItemFlags ResidencyClassModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == RegimesColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ResidencyClassModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case ClassColumn:
        return tr("Data class");
    case RegimesColumn:
        return tr("Regimes");
    case DetectorsColumn:
        return tr("Detectors");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

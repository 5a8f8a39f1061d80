#include "models/providertablemodel.h"

namespace tollgate::ui {

ProviderTableModel::ProviderTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProviderTableModel::setProviders(std::vector<ProviderConfig> providers)
{
    beginResetModel();
    m_providers = std::move(providers);
    endResetModel();
}

int ProviderTableModel::rowOf(const QString& name) const
{
    for (std::size_t i = 0; i < m_providers.size(); ++i) {
        if (m_providers[i].name == name)
            return int(i);
    }
    return -1;
}

QString ProviderTableModel::maskedKey(const SecretRef& key)
{
    switch (key.source) {
    case SecretRef::Source::None:
        return tr("none");
    case SecretRef::Source::Env:
        return key.describe();
    case SecretRef::Source::Secret:
        return key.resolved() ? tr("•••••••• (%1)").arg(key.describe())
                              : tr("missing (%1)").arg(key.describe());
    case SecretRef::Source::Literal:
        // Not even a prefix: this column ends up in screenshots.
        return tr("•••••••• (in the config file)");
    }
    return {};
}

int ProviderTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_providers.size());
}

int ProviderTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProviderTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProviderConfig& p = m_providers[std::size_t(index.row())];
    if (role == ProviderNameRole)
        return p.name;
    if (role == ModelCountRole)
        return int(p.models.size());
    if (role == Qt::ToolTipRole && index.column() == ModelsColumn) {
        QStringList lines;
        for (const ModelConfig& m : p.models) {
            lines << tr("%1: in %2, out %3 %4 per million tokens")
                         .arg(m.name, QString::number(double(m.price.inputPerMillionMicros) / 1e6, 'f', 6),
                              QString::number(double(m.price.outputPerMillionMicros) / 1e6, 'f', 6),
                              QString::fromLatin1(m.price.currency.data(), 3));
        }
        return lines.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return p.name;
    case KindColumn:
        return p.kind;
    case RegionColumn:
        return p.region;
    case BaseUrlColumn:
        return p.baseUrl;
    case ApiKeyColumn:
        return maskedKey(p.apiKey);
    case ModelsColumn: {
        QStringList names;
        for (const ModelConfig& m : p.models)
            names << m.name;
        return names.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant ProviderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case RegionColumn:
        return tr("Region");
    case BaseUrlColumn:
        return tr("Base URL");
    case ApiKeyColumn:
        return tr("API key");
    case ModelsColumn:
        return tr("Models");
    default:
        return {};
    }
}

} // namespace tollgate::ui

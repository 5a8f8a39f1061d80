#include "models/routetargetmodel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

#include <algorithm>
#include <optional>

namespace tollgate::ui {

namespace {

const QString kMimeType = QStringLiteral("application/x-tollgate-route-target-row");

// A drag carries the source row only; it is meaningful within the view it started from.
std::optional<int> draggedRow(const QMimeData* data)
{
    if (!data || !data->hasFormat(kMimeType))
        return std::nullopt;
    QByteArray bytes = data->data(kMimeType);
    QDataStream stream(&bytes, QIODevice::ReadOnly);
    qint32 row = -1;
    stream >> row;
    if (stream.status() != QDataStream::Ok || row < 0)
        return std::nullopt;
    return int(row);
}

} // namespace

RouteTargetModel::RouteTargetModel(QObject* parent) : QAbstractTableModel(parent) {}

void RouteTargetModel::setTargets(std::vector<RouteTargetConfig> targets)
{
    if (targets.size() == m_targets.size()) {
        m_targets = std::move(targets);
        if (!m_targets.empty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_targets.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_targets = std::move(targets);
    endResetModel();
}

int RouteTargetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

int RouteTargetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RouteTargetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RouteTargetConfig& t = m_targets[std::size_t(index.row())];
    switch (role) {
    case ProviderRole:
        return t.provider;
    case ModelRole:
        return t.model;
    case WeightRole:
        return t.weight;
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case OrderColumn:
            return index.row() + 1;
        case TargetColumn:
            return t.provider + QLatin1Char('/') + t.model;
        case WeightColumn:
            return t.weight;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == WeightColumn)
            return tr(
                "Relative share for weighted strategies (1-1000); targets are tried in the listed order");
        return {};
    default:
        return {};
    }
}

QVariant RouteTargetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case OrderColumn:
        return tr("Order");
    case TargetColumn:
        return tr("Target (provider/model)");
    case WeightColumn:
        return tr("Weight");
    default:
        return {};
    }
}

Qt::ItemFlags RouteTargetModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // between and after rows
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled;
    if (index.column() == WeightColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool RouteTargetModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != WeightColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    bool ok = false;
    const int weight = value.toInt(&ok);
    if (!ok || weight < 1 || weight > 1000)
        return false;
    if (weight == m_targets[std::size_t(index.row())].weight)
        return true;
    Q_EMIT weightEditRequested(index.row(), weight);
    return true;
}

Qt::DropActions RouteTargetModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList RouteTargetModel::mimeTypes() const
{
    return {kMimeType};
}

QMimeData* RouteTargetModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << qint32(indexes.first().row());
    auto* data = new QMimeData;
    data->setData(kMimeType, bytes);
    return data;
}

bool RouteTargetModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int,
                                       const QModelIndex&) const
{
    const std::optional<int> row = draggedRow(data);
    return action == Qt::MoveAction && row && *row < int(m_targets.size());
}

bool RouteTargetModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int,
                                    const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, 0, parent))
        return false;
    const int from = *draggedRow(data);
    // Dropped onto an item: before it. Dropped below the last row: at the end.
    int before = row >= 0 ? row : (parent.isValid() ? parent.row() : int(m_targets.size()));
    before = std::clamp(before, 0, int(m_targets.size()));
    const int to = before > from ? before - 1 : before;
    if (to != from)
        Q_EMIT moveRequested(from, to);
    return false;
}

} // namespace tollgate::ui

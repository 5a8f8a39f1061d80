#pragma once

#include "config/gatewayconfig.h"

#include <QAbstractTableModel>

#include <vector>

namespace tollgate::ui {

// The ordered targets of one route: order, provider/model, weight. The model does not change its
// own targets on user gestures: a drop and a weight edit are turned into requests
// (moveRequested, weightEditRequested) that the routes editor records on its undo stack and
// answers with setTargets(). setTargets() with the same number of rows only signals dataChanged,
// so selection and the edit in progress survive.
class RouteTargetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        OrderColumn,
        TargetColumn,
        WeightColumn,
        ColumnCount
    };
    enum Role
    {
        ProviderRole = Qt::UserRole,
        ModelRole,
        WeightRole,
    };

    explicit RouteTargetModel(QObject* parent = nullptr);

    void setTargets(std::vector<RouteTargetConfig> targets);
    const std::vector<RouteTargetConfig>& targets() const { return m_targets; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    // Emits moveRequested and returns false, so the view does not remove the dragged row itself.
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

Q_SIGNALS:
    // Move the target at `from` so that it ends up at index `to` (both in the current order).
    void moveRequested(int from, int to);
    void weightEditRequested(int row, int weight);

private:
    std::vector<RouteTargetConfig> m_targets;
};

} // namespace tollgate::ui

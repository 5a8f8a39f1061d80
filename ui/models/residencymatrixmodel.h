#pragma once

#include "residency/residencypolicy.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

// Regimes (rows) x regions (columns): a checked cell means data under that regime may be processed
// in that region. The regions are those the policy names plus those of the configured providers
// (and any added with addRegion()). Cells are user-checkable; a toggle emits matrixEdited().
// Each regime keeps its regions in their original order, new ones appended, so an unchanged
// regime writes back unchanged.
class ResidencyMatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        RegimeRole = Qt::UserRole, // QString
        RegionRole,                // QString
    };

    explicit ResidencyMatrixModel(QObject* parent = nullptr);

    void setPolicy(const residency::ResidencyPolicy& policy, const QStringList& providerRegions);
    // Adds a region column (no regime allows it yet); false when it exists or is empty.
    bool addRegion(const QString& region);

    const QStringList& regions() const { return m_regions; }
    QStringList regimes() const;
    // The regions a regime allows, in order; empty for an unknown regime.
    QStringList regionsOf(const QString& regime) const;
    int rowOfRegime(const QString& regime) const;
    int columnOfRegion(const QString& region) const { return int(m_regions.indexOf(region)); }
    // Regime -> allowed regions as the config writes them.
    std::vector<residency::ResidencyConfig::RegionRule> regionRules() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void matrixEdited();

private:
    std::vector<residency::ResidencyPolicy::RegimeRegions> m_rows;
    QStringList m_regions;
};

} // namespace tollgate::ui

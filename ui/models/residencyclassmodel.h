#pragma once

#include "residency/residencypolicy.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

// Data class -> regimes, with the detectors that produce each class. The regimes column is
// editable as a comma-separated list of regime names ("gdpr, swiss_fadp"; empty: no regime);
// names must be regimes of `knownRegimes` (the matrix's rows), anything else is refused.
class ResidencyClassModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ClassColumn,
        RegimesColumn,
        DetectorsColumn,
        ColumnCount
    };

    explicit ResidencyClassModel(QObject* parent = nullptr);

    void setPolicy(const residency::ResidencyPolicy& policy);
    void setKnownRegimes(const QStringList& regimes) { m_knownRegimes = regimes; }
    int rowOfClass(const QString& dataClass) const;
    QStringList regimesOf(const QString& dataClass) const;
    // Data class -> regimes as the config writes them.
    std::vector<residency::ResidencyConfig::RegimeRule> regimeRules() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void mappingEdited();

private:
    struct Row
    {
        QString dataClass;
        QStringList regimes;
        QStringList detectors;
    };
    std::vector<Row> m_rows;
    QStringList m_knownRegimes;
};

} // namespace tollgate::ui

#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

class ResidencyMatrixModel;

// The configured providers with their processing region and the regimes whose data may reach
// them, following the matrix as it is edited (read-only).
class ResidencyProviderModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ProviderColumn,
        RegionColumn,
        RegimesColumn,
        ColumnCount
    };

    // matrix: not owned, must outlive this model.
    explicit ResidencyProviderModel(const ResidencyMatrixModel* matrix, QObject* parent = nullptr);

    struct Provider
    {
        QString name;
        QString region;
    };
    void setProviders(std::vector<Provider> providers);
    int rowOfProvider(const QString& name) const;
    // Regimes whose data may go to `region` under the matrix as it stands.
    QStringList regimesReaching(const QString& region) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void matrixChanged();

    const ResidencyMatrixModel* m_matrix;
    std::vector<Provider> m_providers;
};

} // namespace tollgate::ui

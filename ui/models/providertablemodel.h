#pragma once

#include "config/gatewayconfig.h"

#include <QAbstractTableModel>

#include <vector>

namespace tollgate::ui {

// The providers of a configuration, one row each. API keys show only where they come from
// ("secret:provider.openai", "env:OPENAI_API_KEY"), never the key. Read-only: edits go through
// ProviderDialog and come back with setProviders().
class ProviderTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        KindColumn,
        RegionColumn,
        BaseUrlColumn,
        ApiKeyColumn,
        ModelsColumn,
        ColumnCount
    };
    enum Role
    {
        ProviderNameRole = Qt::UserRole, // the provider's name, in every column
        ModelCountRole,
    };

    explicit ProviderTableModel(QObject* parent = nullptr);

    void setProviders(std::vector<ProviderConfig> providers);
    const std::vector<ProviderConfig>& providers() const { return m_providers; }
    // -1 when no provider has that name.
    int rowOf(const QString& name) const;

    // What the UI shows for a key: its source, masked.
    static QString maskedKey(const SecretRef& key);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<ProviderConfig> m_providers;
};

} // namespace tollgate::ui

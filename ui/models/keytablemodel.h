#pragma once

#include "budget/keyregistry.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <memory>
#include <vector>

namespace tollgate::ui {

// The gateway's virtual keys, one row each, newest first. Shows the visible prefix and never a
// key (the registry holds none). A key's state is computed against the time given with the keys
// (Unix ms), so an expiry shows as soon as the list is refreshed. Read-only: keys are created and
// revoked through the BudgetService and come back with setKeys().
class KeyTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        PrefixColumn,
        NameColumn,
        IdColumn,
        TeamColumn,
        ProjectColumn,
        ScopesColumn,
        GuardrailsColumn,
        ExpiresColumn,
        StateColumn,
        CreatedColumn,
        ColumnCount
    };
    enum class State
    {
        Active,
        Expired,
        Revoked
    };
    enum Role
    {
        KeyIdRole = Qt::UserRole, // the key's id, in every column
        StateRole,                // int(State)
        DeclaredRole,             // bool: from the config file (cannot be revoked here)
    };

    explicit KeyTableModel(QObject* parent = nullptr);

    void setKeys(std::vector<std::shared_ptr<const budget::KeyInfo>> keys, std::int64_t nowMs);
    int rowOf(const QString& keyId) const; // -1 if absent
    std::shared_ptr<const budget::KeyInfo> keyAt(int row) const;
    static State stateOf(const budget::KeyInfo& key, std::int64_t nowMs);
    static QString stateName(State state);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<std::shared_ptr<const budget::KeyInfo>> m_keys;
    std::int64_t m_nowMs = 0;
};

} // namespace tollgate::ui

#pragma once

#include "guardrails/policy.h"

#include <QAbstractTableModel>

namespace tollgate::ui {

// Every detector Tollgate ships with its category and the action a guardrails policy gives it;
// the action column is editable (an action name: allow, log, redact, pseudonymize, block). The
// model holds a working copy of the policy: edits change it and emit policyEdited(); nothing is
// saved here (the Guardrails panel validates and commits).
class GuardrailPolicyModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        DetectorColumn,
        CategoryColumn,
        ActionColumn,
        DefaultColumn,
        ColumnCount
    };
    enum Role
    {
        DetectorIdRole = Qt::UserRole, // int(guardrails::DetectorId)
        IsDefaultRole,                 // bool: the action is the built-in default
    };

    explicit GuardrailPolicyModel(QObject* parent = nullptr);

    void setPolicy(const guardrails::GuardrailsPolicy& policy);
    const guardrails::GuardrailsPolicy& policy() const { return m_policy; }
    int rowOf(guardrails::DetectorId id) const { return int(id); }

    // The action names in severity order, as the editor offers them.
    static QStringList actionNames();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void policyEdited();

private:
    guardrails::GuardrailsPolicy m_policy;
    const guardrails::GuardrailsPolicy m_defaults;
};

} // namespace tollgate::ui

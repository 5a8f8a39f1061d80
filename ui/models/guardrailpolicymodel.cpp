#include "models/guardrailpolicymodel.h"

#include <QFont>

namespace tollgate::ui {

namespace {

QString latin1(std::string_view text)
{
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

} // namespace

GuardrailPolicyModel::GuardrailPolicyModel(QObject* parent) : QAbstractTableModel(parent) {}

void GuardrailPolicyModel::setPolicy(const guardrails::GuardrailsPolicy& policy)
{
    m_policy = policy;
    // Same rows, new values: no reset, so a view keeps its selection and scroll position.
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList GuardrailPolicyModel::actionNames()
{
    QStringList names;
    for (auto a : {guardrails::Action::Allow, guardrails::Action::Log, guardrails::Action::Redact,
                   guardrails::Action::Pseudonymize, guardrails::Action::Block})
        names << latin1(guardrails::actionName(a));
    return names;
}

int GuardrailPolicyModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(guardrails::kDetectorCount);
}

int GuardrailPolicyModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GuardrailPolicyModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto id = guardrails::DetectorId(index.row());
    const guardrails::Action action = m_policy.actionFor(id);
    const bool isDefault = action == m_defaults.actionFor(id);
    switch (role) {
    case DetectorIdRole:
        return index.row();
    case IsDefaultRole:
        return isDefault;
    case Qt::FontRole:
        if (index.column() == ActionColumn && !isDefault) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ActionColumn)
            return isDefault ? tr("The built-in default")
                             : tr("Changed from the default (%1)")
                                   .arg(latin1(guardrails::actionName(m_defaults.actionFor(id))));
        return {};
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (Column(index.column())) {
        case DetectorColumn:
            return latin1(guardrails::detectorName(id));
        case CategoryColumn:
            return latin1(guardrails::categoryName(guardrails::detectorCategory(id)));
        case ActionColumn:
            return latin1(guardrails::actionName(action));
        case DefaultColumn:
            return latin1(guardrails::actionName(m_defaults.actionFor(id)));
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

bool GuardrailPolicyModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != ActionColumn || !index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const auto action = guardrails::actionFromName(value.toString().trimmed().toStdString());
    if (!action)
        return false; // not an action name: the edit is refused, the old action stays
    const auto id = guardrails::DetectorId(index.row());
    if (m_policy.actionFor(id) == *action)
        return true;
    m_policy.setAction(id, *action);
    Q_EMIT dataChanged(index, index);
    Q_EMIT policyEdited();
    return true;
}

Qt::ItemFlags GuardrailPolicyModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == ActionColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant GuardrailPolicyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case DetectorColumn:
        return tr("Detector");
    case CategoryColumn:
        return tr("Category");
    case ActionColumn:
        return tr("Action");
    case DefaultColumn:
        return tr("Default");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

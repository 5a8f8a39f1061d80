#include "models/keytablemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace tollgate::ui {

namespace {

QString formatTime(std::int64_t ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

KeyTableModel::KeyTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void KeyTableModel::setKeys(std::vector<std::shared_ptr<const budget::KeyInfo>> keys, std::int64_t nowMs)
{
    keys.erase(std::remove(keys.begin(), keys.end(), nullptr), keys.end());
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
        return a->createdAtMs != b->createdAtMs ? a->createdAtMs > b->createdAtMs : a->id < b->id;
    });
    beginResetModel();
    m_keys = std::move(keys);
    m_nowMs = nowMs;
    endResetModel();
}

int KeyTableModel::rowOf(const QString& keyId) const
{
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i]->id == keyId)
            return int(i);
    }
    return -1;
}

std::shared_ptr<const budget::KeyInfo> KeyTableModel::keyAt(int row) const
{
    return row >= 0 && row < int(m_keys.size()) ? m_keys[std::size_t(row)] : nullptr;
}

KeyTableModel::State KeyTableModel::stateOf(const budget::KeyInfo& key, std::int64_t nowMs)
{
    if (key.revokedAtMs != 0)
        return State::Revoked;
    if (key.expiresAtMs != 0 && key.expiresAtMs <= nowMs)
        return State::Expired;
    return State::Active;
}

QString KeyTableModel::stateName(State state)
{
    switch (state) {
    case State::Active:
        return tr("active");
    case State::Expired:
        return tr("expired");
    case State::Revoked:
        return tr("revoked");
    }
    return {};
}

int KeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int KeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const budget::KeyInfo& key = *m_keys[std::size_t(index.row())];
    const State state = stateOf(key, m_nowMs);
    switch (role) {
    case KeyIdRole:
        return key.id;
    case StateRole:
        return int(state);
    case DeclaredRole:
        return key.declared;
    case Qt::ForegroundRole:
        if (state != State::Active)
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ScopesColumn && !key.scopes.isEmpty())
            return key.scopes.join(QLatin1Char('\n'));
        if (key.declared)
            return tr("Declared in the configuration file; remove it there to revoke it.");
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case PrefixColumn:
        return tr("%1…").arg(key.prefix);
    case NameColumn:
        return key.name;
    case IdColumn:
        return key.id;
    case TeamColumn:
        return key.team;
    case ProjectColumn:
        return key.project;
    case ScopesColumn:
        return key.scopes.isEmpty() ? tr("every model") : key.scopes.join(QStringLiteral(", "));
    case GuardrailsColumn:
        return key.guardrails.isEmpty() ? tr("gateway's policy") : key.guardrails;
    case ExpiresColumn:
        return key.expiresAtMs == 0 ? tr("never") : formatTime(key.expiresAtMs);
    case StateColumn:
        return key.declared ? tr("%1 (config file)").arg(stateName(state)) : stateName(state);
    case CreatedColumn:
        return key.createdAtMs == 0 ? QString() : formatTime(key.createdAtMs);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant KeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case PrefixColumn:
        return tr("Key");
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("Id");
    case TeamColumn:
        return tr("Team");
    case ProjectColumn:
        return tr("Project");
    case ScopesColumn:
        return tr("Scopes");
    case GuardrailsColumn:
        return tr("Guardrails");
    case ExpiresColumn:
        return tr("Expires");
    case StateColumn:
        return tr("State");
    case CreatedColumn:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

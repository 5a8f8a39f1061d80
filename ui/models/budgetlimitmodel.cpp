#include "models/budgetlimitmodel.h"

#include <QLocale>

#include <algorithm>

namespace tollgate::ui {

BudgetLimitModel::BudgetLimitModel(QObject* parent) : QAbstractTableModel(parent) {}

void BudgetLimitModel::setLimits(std::vector<budget::BudgetService::LimitEntry> limits)
{
    std::sort(limits.begin(), limits.end(), [](const auto& a, const auto& b) {
        return a.kind != b.kind ? a.kind == budget::RateLimiter::Kind::Team : a.subject < b.subject;
    });
    beginResetModel();
    m_limits = std::move(limits);
    endResetModel();
}

int BudgetLimitModel::rowOf(budget::RateLimiter::Kind kind, const QString& subject) const
{
    for (std::size_t i = 0; i < m_limits.size(); ++i) {
        if (m_limits[i].kind == kind && m_limits[i].subject == subject)
            return int(i);
    }
    return -1;
}

int BudgetLimitModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_limits.size());
}

int BudgetLimitModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BudgetLimitModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const budget::BudgetService::LimitEntry& e = m_limits[std::size_t(index.row())];
    switch (role) {
    case SubjectRole:
        return e.subject;
    case KindRole:
        return int(e.kind);
    case RequestsPerMinuteRole:
        return qint64(e.limits.requestsPerMinute);
    case TokensPerMinuteRole:
        return qint64(e.limits.tokensPerMinute);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const auto perMinute = [](std::int64_t value) {
        return value > 0 ? QLocale().toString(qlonglong(value)) : tr("no limit");
    };
    switch (Column(index.column())) {
    case ScopeColumn:
        return e.kind == budget::RateLimiter::Kind::Team ? tr("team") : tr("key");
    case SubjectColumn:
        return e.subject;
    case RequestsColumn:
        return perMinute(e.limits.requestsPerMinute);
    case TokensColumn:
        return perMinute(e.limits.tokensPerMinute);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BudgetLimitModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case ScopeColumn:
        return tr("Scope");
    case SubjectColumn:
        return tr("Subject");
    case RequestsColumn:
        return tr("Requests / min");
    case TokensColumn:
        return tr("Tokens / min");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

#pragma once

#include "budget/budgetservice.h"

#include <QAbstractTableModel>

#include <vector>

namespace tollgate::ui {

// The rate limits the gateway applies per key and per team (from the config and the admin API),
// one row each: requests and tokens per minute, 0 shown as "no limit".
class BudgetLimitModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ScopeColumn,
        SubjectColumn,
        RequestsColumn,
        TokensColumn,
        ColumnCount
    };
    enum Role
    {
        SubjectRole = Qt::UserRole, // in every column
        KindRole,                   // int(RateLimiter::Kind)
        RequestsPerMinuteRole,      // qint64
        TokensPerMinuteRole,        // qint64
    };

    explicit BudgetLimitModel(QObject* parent = nullptr);

    void setLimits(std::vector<budget::BudgetService::LimitEntry> limits);
    int rowOf(budget::RateLimiter::Kind kind, const QString& subject) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<budget::BudgetService::LimitEntry> m_limits;
};

} // namespace tollgate::ui

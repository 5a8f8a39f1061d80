#pragma once

#include "budget/budgetenforcer.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <vector>

namespace tollgate::ui {

// Where a budget's settled spend is heading by the end of its period, extrapolated linearly from
// the spend since the period began. Amounts in micro-units of the budget's currency; times Unix ms.
struct BudgetForecast
{
    enum class Kind
    {
        NoSpend,    // nothing settled yet in this period
        OnTrack,    // the projection stays at or under the cap
        WillExceed, // the projection passes the cap at exceedAtMs, before the period ends
        Exhausted,  // settled spend already reached the cap
        Inactive    // outside a custom period
    };
    Kind kind = Kind::NoSpend;
    std::int64_t projectedMicros = 0; // settled spend at the end of the period at the current pace
    std::int64_t exceedAtMs = 0;

    static BudgetForecast compute(const budget::BudgetUsage& usage, std::int64_t nowMs);
};

// The budgets the running gateway enforces (config and admin ones), one row each, ordered by id,
// with their usage now: settled and reserved spend against the hard cap, and the forecast.
class BudgetTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        ScopeColumn,
        SubjectColumn,
        PeriodColumn,
        CurrencyColumn,
        CapColumn,
        SoftColumn,
        UsageColumn,
        ForecastColumn,
        ColumnCount
    };
    enum Role
    {
        BudgetIdRole = Qt::UserRole, // in every column
        SettledMicrosRole,           // qint64
        ReservedMicrosRole,          // qint64
        CapMicrosRole,               // qint64
        SoftMicrosRole,              // qint64, -1: none
        ForecastKindRole,            // int(BudgetForecast::Kind)
    };

    explicit BudgetTableModel(QObject* parent = nullptr);

    // A refresh with the same budgets in the same order updates the cells in place (dataChanged),
    // so a selection survives the periodic refresh; any other change resets the model.
    void setUsage(std::vector<budget::BudgetUsage> usage, std::int64_t nowMs);
    int rowOf(const QString& budgetId) const; // -1 if absent
    const budget::BudgetUsage* usageAt(int row) const;

    static QString formatMicros(std::int64_t micros, const QString& currency);
    static QString periodText(const budget::BudgetUsage& usage);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString forecastText(const budget::BudgetUsage& usage) const;

    std::vector<budget::BudgetUsage> m_usage;
    std::int64_t m_nowMs = 0;
};

} // namespace tollgate::ui

#include "budget/spendbreakdown.h"

#include "budget/budgetdb.h"

#include <QCoreApplication>

#include <algorithm>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::SpendBreakdown", text);
}

} // namespace

Result<std::vector<SpendBucketRow>> spendBuckets(const QString& databasePath, const SpendBucketQuery& query)
{
    if (query.bucketMs <= 0)
        return makeError(tr("The bucket length must be positive"));
    if (query.toMs <= query.fromMs)
        return std::vector<SpendBucketRow>();
    // The team dimension groups by team and currency; the currency dimension only by currency.
    // Integer division of non-negative times floors, so buckets are aligned to the epoch.
    const std::string_view sql =
        query.dimension == SpendDimension::Team
            ? "SELECT (time_ms / ?1) * ?1 AS bucket, team, currency, SUM(amount_micros), COUNT(*) FROM spend "
              "WHERE time_ms >= ?2 AND time_ms < ?3 GROUP BY bucket, team, currency ORDER BY bucket, team, "
              "currency"
            : "SELECT (time_ms / ?1) * ?1 AS bucket, currency, currency, SUM(amount_micros), COUNT(*) FROM "
              "spend "
              "WHERE time_ms >= ?2 AND time_ms < ?3 GROUP BY bucket, currency ORDER BY bucket, currency";
    auto db = BudgetDb::open(databasePath, true);
    if (!db)
        return db.error();
    Statement select(**db, sql);
    if (!select.prepared())
        return makeError(tr("Cannot read the spend ledger: %1").arg((*db)->lastError()));
    select.bind(1, query.bucketMs);
    select.bind(2, std::max<std::int64_t>(query.fromMs, 0));
    select.bind(3, query.toMs);
    std::vector<SpendBucketRow> rows;
    while (select.step()) {
        SpendBucketRow row;
        row.bucketStartMs = select.int64(0);
        row.group = select.text(1);
        const QString currency = select.text(2);
        if (!Money::isValidCurrencyCode(currency))
            continue; // a row no writer of this schema produces; not worth failing the chart for
        row.amount.currency = Money::currencyFrom(currency);
        row.amount.micros = select.int64(3);
        row.requests = select.int64(4);
        rows.push_back(std::move(row));
    }
    if (select.failed())
        return makeError(tr("Cannot read the spend ledger: %1").arg((*db)->lastError()));
    return rows;
}

} // namespace tollgate::budget

#pragma once

#include "common/money.h"
#include "common/result.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace tollgate::budget {

// What to break spend down by, over time.
enum class SpendDimension
{
    Team,
    Currency
};

// Spend in its original currency, summed per time bucket and group (the team, or the currency
// itself), unconverted: a caller converting it decides what a missing exchange rate means instead
// of the whole report failing. Rows are ordered by bucket, then group, then currency.
struct SpendBucketRow
{
    std::int64_t bucketStartMs = 0; // Unix ms, a multiple of the query's bucketMs
    QString group;                  // team name (may be empty) or currency code
    Money amount;                   // original amount and currency
    std::int64_t requests = 0;
};

struct SpendBucketQuery
{
    std::int64_t fromMs = 0; // [fromMs, toMs), Unix ms
    std::int64_t toMs = INT64_MAX;
    std::int64_t bucketMs = 60'000; // > 0
    SpendDimension dimension = SpendDimension::Team;
};

// Reads budget.db's spend ledger (read-only connection of its own; any thread, never the UI
// thread: it runs SQL). Errors: a bad query, a database that cannot be opened or read.
Result<std::vector<SpendBucketRow>> spendBuckets(const QString& databasePath, const SpendBucketQuery& query);

} // namespace tollgate::budget

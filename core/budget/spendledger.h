#pragma once

#include "budget/budgetconfig.h"
#include "budget/exchangerates.h"
#include "budget/pricing.h"
#include "common/money.h"
#include "common/result.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace tollgate::budget {

// One settled request. The original amount is in the price's currency; converted is in the
// ledger's display currency with the rate (and the rate's date) that was applied.
struct SpendRecord
{
    QString requestId;
    std::int64_t timeMs = 0; // Unix ms of settlement
    QString keyId;
    QString team;
    QString project;
    QString provider;
    QString model;
    TokenUsage tokens;
    Money original;
    Money converted;
    std::int64_t rateNanos = 1'000'000'000;
    QDate rateDate;
};

// Writes spend rows into budget.db off the request path: enqueue() (any thread) appends to a
// queue; one writer thread commits batches in single transactions. flush() waits for everything
// enqueued before it. On a write failure the batch is kept and retried.
class SpendLedger
{
public:
    static Result<std::unique_ptr<SpendLedger>> open(const QString& databasePath);
    ~SpendLedger(); // writes what is queued, then stops the thread

    void enqueue(SpendRecord record);
    bool flush(int timeoutMs = 10'000);
    std::int64_t writtenCount() const;
    std::int64_t failedWrites() const;

private:
    SpendLedger();
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// Report query. groupBy: any of "key", "team", "project", "provider", "model", "day" (in that
// column order in the output); [fromMs, toMs) in Unix ms; amounts converted to `currency` with
// each day's rate (the latest rate on or before that day).
struct SpendQuery
{
    QStringList groupBy;
    std::int64_t fromMs = 0;
    std::int64_t toMs = INT64_MAX;
    QString currency = QStringLiteral("USD");
    // Only rows of this subject (empty: all).
    QString keyId;
    QString team;
    QString project;
};

struct SpendRow
{
    QStringList groupValues; // one per SpendQuery::groupBy entry, same order
    std::int64_t requests = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    Money amount;
};

bool isValidGroupBy(const QString& column);
Result<std::vector<SpendRow>> spendReport(const QString& databasePath, const SpendQuery& query,
                                          const ExchangeRates& rates);
QByteArray spendReportCsv(const SpendQuery& query, const std::vector<SpendRow>& rows);

// Total spend of one budget's subject in [fromMs, toMs), in `currency` (for reloading budgets).
Result<std::int64_t> spendTotal(const QString& databasePath, BudgetScope scope, const QString& subject,
                                std::int64_t fromMs, std::int64_t toMs, const QString& currency,
                                const ExchangeRates& rates);

} // namespace tollgate::budget

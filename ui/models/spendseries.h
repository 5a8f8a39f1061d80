#pragma once

#include "budget/exchangerates.h"
#include "budget/spendbreakdown.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <vector>

namespace tollgate::ui {

// Amounts per currency converted into one display currency with dated exchange rates. What has
// no rate stays in its own currency in `missing`, never counted 1:1. Micro-units.
struct ConvertedSpend
{
    std::int64_t micros = 0;             // in the display currency
    QMap<QString, std::int64_t> missing; // per original currency: amounts without a rate

    bool complete() const { return missing.isEmpty(); }
    void add(const ConvertedSpend& other);
    // rates may be null (then only the display currency itself converts).
    static ConvertedSpend convert(const QMap<QString, std::int64_t>& perCurrency,
                                  const QString& displayCurrency, QDate day,
                                  const budget::ExchangeRates* rates);
};

// The dashboard's spend charts built from spend-ledger buckets: per team, the spend converted into
// the display currency, and per original currency its own amount plus the converted total, each
// cumulative over the window (x: Unix ms of the bucket's start, y: units of the currency). A
// bucket is converted with the rate of its UTC day.
struct SpendSeries
{
    QMap<QString, QList<QPointF>> teams;      // team -> cumulative, display currency
    QMap<QString, QList<QPointF>> currencies; // original currency -> cumulative, that currency
    QList<QPointF> total;                     // cumulative, display currency (what converted)
    QMap<QString, std::int64_t> missing;      // original currency -> micros without a rate to the display
    QMap<QString, std::int64_t> teamTotals;   // team -> micros in the display currency
    std::int64_t totalMicros = 0;

    // teamRows: SpendDimension::Team rows; currencyRows: SpendDimension::Currency rows, both over
    // [fromMs, ...). Series start at fromMs with 0 so that a growing line is visible from the start.
    static SpendSeries build(const std::vector<budget::SpendBucketRow>& teamRows,
                             const std::vector<budget::SpendBucketRow>& currencyRows, std::int64_t fromMs,
                             const QString& displayCurrency, const budget::ExchangeRates* rates);
};

} // namespace tollgate::ui

#pragma once

#include "budget/budgetconfig.h"
#include "common/money.h"
#include "common/result.h"

#include <QDate>
#include <QString>

#include <cstdint>
#include <map>

namespace tollgate::budget {

// A rate in nano-units: 1 unit of `from` = rateNanos / 1e9 units of `to`. Integer, so sums and
// conversions are reproducible to the micro-unit.
struct RateQuote
{
    std::int64_t rateNanos = 1'000'000'000;
    QDate date; // the day the rate is quoted for
};

struct Conversion
{
    Money amount;   // in the target currency
    RateQuote rate; // the rate that was applied (1 and the requested date for the same currency)
};

// Dated exchange rates. Immutable once built; share it as shared_ptr<const ExchangeRates>.
class ExchangeRates
{
public:
    Result<void> add(QDate date, const QString& from, const QString& to, const QString& rateText);
    Result<void> add(const ExchangeRateConfig& rate) { return add(rate.date, rate.from, rate.to, rate.rate); }
    // CSV with lines "date,from,to,rate" (ISO date; a header line starting with "date" is skipped).
    // Returns the number of rates read; the first bad line fails the whole file with its number.
    Result<int> loadCsv(const QString& path);
    Result<int> loadCsvText(const QByteArray& text);

    // The latest rate on or before `date`, directly quoted or as the inverse of the opposite pair.
    Result<RateQuote> rate(const QString& from, const QString& to, QDate date) const;
    Result<Conversion> convert(const Money& amount, const QString& to, QDate date) const;
    bool empty() const { return m_rates.empty(); }

    static Result<std::int64_t> parseRate(const QString& text);
    static QString formatRate(std::int64_t rateNanos); // "0.9234" (trailing zeros trimmed)
    // amount * rate, rounded half away from zero, in micro-units.
    static std::int64_t applyRate(std::int64_t micros, std::int64_t rateNanos);

private:
    // "EURUSD" -> julian day -> rate
    std::map<QString, std::map<qint64, std::int64_t>> m_rates;
};

} // namespace tollgate::budget

#include "models/spendseries.h"

#include <QDateTime>
#include <QTimeZone>

#include <set>

namespace tollgate::ui {

namespace {

QDate utcDay(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date();
}

// Cumulative lines over a shared set of x values: every series gets a point at every bucket, so
// lines of different groups stay comparable at any x.
QMap<QString, QList<QPointF>> cumulative(const QMap<QString, QMap<std::int64_t, std::int64_t>>& perGroup,
                                         const std::set<std::int64_t>& buckets, std::int64_t fromMs)
{
    QMap<QString, QList<QPointF>> out;
    for (auto g = perGroup.cbegin(); g != perGroup.cend(); ++g) {
        QList<QPointF> points;
        points.reserve(qsizetype(buckets.size()) + 1);
        if (buckets.empty() || *buckets.begin() > fromMs)
            points << QPointF(double(fromMs), 0.0);
        std::int64_t sum = 0;
        for (std::int64_t bucket : buckets) {
            sum += g->value(bucket);
            points << QPointF(double(bucket), double(sum) / 1e6);
        }
        out.insert(g.key(), points);
    }
    return out;
}

} // namespace

void ConvertedSpend::add(const ConvertedSpend& other)
{
    micros += other.micros;
    for (auto it = other.missing.cbegin(); it != other.missing.cend(); ++it)
        missing[it.key()] += it.value();
}

ConvertedSpend ConvertedSpend::convert(const QMap<QString, std::int64_t>& perCurrency,
                                       const QString& displayCurrency, QDate day,
                                       const budget::ExchangeRates* rates)
{
    ConvertedSpend out;
    for (auto it = perCurrency.cbegin(); it != perCurrency.cend(); ++it) {
        if (it.value() == 0)
            continue;
        if (it.key() == displayCurrency) {
            out.micros += it.value();
            continue;
        }
        if (rates && Money::isValidCurrencyCode(it.key())) {
            Money amount;
            amount.micros = it.value();
            amount.currency = Money::currencyFrom(it.key());
            if (auto converted = rates->convert(amount, displayCurrency, day)) {
                out.micros += converted->amount.micros;
                continue;
            }
        }
        out.missing[it.key()] += it.value();
    }
    return out;
}

SpendSeries SpendSeries::build(const std::vector<budget::SpendBucketRow>& teamRows,
                               const std::vector<budget::SpendBucketRow>& currencyRows, std::int64_t fromMs,
                               const QString& displayCurrency, const budget::ExchangeRates* rates)
{
    SpendSeries s;
    std::set<std::int64_t> buckets;
    for (const auto* rows : {&teamRows, &currencyRows}) {
        for (const budget::SpendBucketRow& r : *rows)
            buckets.insert(r.bucketStartMs);
    }

    QMap<QString, QMap<std::int64_t, std::int64_t>> teams;
    for (const budget::SpendBucketRow& r : teamRows) {
        const ConvertedSpend c = ConvertedSpend::convert({{r.amount.currencyCode(), r.amount.micros}},
                                                         displayCurrency, utcDay(r.bucketStartMs), rates);
        // Unconverted amounts are reported once, from the currency rows.
        teams[r.group][r.bucketStartMs] += c.micros;
        s.teamTotals[r.group] += c.micros;
    }
    s.teams = cumulative(teams, buckets, fromMs);

    QMap<QString, QMap<std::int64_t, std::int64_t>> currencies;
    QMap<QString, QMap<std::int64_t, std::int64_t>> total;
    total[displayCurrency]; // the total line exists even before any spend
    for (const budget::SpendBucketRow& r : currencyRows) {
        const QString currency = r.amount.currencyCode();
        currencies[currency][r.bucketStartMs] += r.amount.micros;
        const ConvertedSpend c = ConvertedSpend::convert({{currency, r.amount.micros}}, displayCurrency,
                                                         utcDay(r.bucketStartMs), rates);
        total[displayCurrency][r.bucketStartMs] += c.micros;
        s.totalMicros += c.micros;
        for (auto m = c.missing.cbegin(); m != c.missing.cend(); ++m)
            s.missing[m.key()] += m.value();
    }
    s.currencies = cumulative(currencies, buckets, fromMs);
    s.total = cumulative(total, buckets, fromMs).value(displayCurrency);
    return s;
}

} // namespace tollgate::ui

#pragma once

#include "budget/exchangerates.h"

#include <QDate>
#include <QString>

#include <array>
#include <cstdint>
#include <memory>

namespace tollgate::budget {

// The last few rate lookups of the calling thread. ExchangeRates::rate() builds QStrings and
// walks two maps; the request path asks the same question (this price currency to that budget or
// display currency, today) thousands of times a second, so each worker thread remembers answers.
// An entry holds a reference to the rate table it came from, so a replaced table can never be
// mistaken for a new one at the same address. Errors are not remembered. Internal to core/budget.
inline Result<RateQuote> cachedRate(const std::shared_ptr<const ExchangeRates>& rates,
                                    const std::array<char, 3>& from, const std::array<char, 3>& to,
                                    QDate date)
{
    if (from == to)
        return RateQuote{1'000'000'000, date};
    struct Entry
    {
        std::shared_ptr<const ExchangeRates> rates;
        std::array<char, 3> from{};
        std::array<char, 3> to{};
        qint64 day = 0;
        RateQuote quote;
    };
    thread_local std::array<Entry, 4> entries;
    thread_local unsigned next = 0;
    const qint64 day = date.toJulianDay();
    for (const Entry& e : entries) {
        if (e.rates == rates && e.day == day && e.from == from && e.to == to)
            return e.quote;
    }
    auto quote = rates->rate(QString::fromLatin1(from.data(), 3), QString::fromLatin1(to.data(), 3), date);
    if (!quote)
        return quote;
    Entry& slot = entries[next++ % entries.size()];
    slot = {rates, from, to, day, *quote};
    return quote;
}

} // namespace tollgate::budget

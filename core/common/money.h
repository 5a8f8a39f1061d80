#pragma once

#include <QString>

#include <array>
#include <cstdint>

namespace tollgate {

// An amount of money in micro-units (1e-6) of an ISO 4217 currency. Integer arithmetic only:
// costs are summed across millions of requests and must not drift.
struct Money
{
    std::int64_t micros = 0;
    std::array<char, 3> currency{'U', 'S', 'D'};

    QString currencyCode() const { return QString::fromLatin1(currency.data(), 3); }
    // "0.000123 USD": six decimals, the currency code after the amount.
    QString toString() const;
    static bool isValidCurrencyCode(const QString& code);
    static std::array<char, 3> currencyFrom(const QString& code);
};

// Price of one million tokens, in micro-units of the price's currency.
// cost = tokens * pricePerMillionMicros / 1'000'000, rounded half up.
std::int64_t costMicros(std::int64_t tokens, std::int64_t pricePerMillionMicros);

} // namespace tollgate

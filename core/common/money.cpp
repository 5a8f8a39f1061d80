#include "common/money.h"

namespace tollgate {

QString Money::toString() const
{
    // "-12.345678 EUR", built in a buffer: this runs for every answered request.
    const bool negative = micros < 0;
    // Unsigned arithmetic keeps the most negative value exact.
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
    std::uint64_t whole = magnitude / 1'000'000;
    std::uint64_t frac = magnitude % 1'000'000;
    char text[40];
    char* end = text + sizeof text;
    char* p = end;
    *--p = currency[2];
    *--p = currency[1];
    *--p = currency[0];
    *--p = ' ';
    for (int i = 0; i < 6; ++i) {
        *--p = char('0' + frac % 10);
        frac /= 10;
    }
    *--p = '.';
    do {
        *--p = char('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    if (negative)
        *--p = '-';
    return QString::fromLatin1(p, qsizetype(end - p));
}

bool Money::isValidCurrencyCode(const QString& code)
{
    if (code.size() != 3)
        return false;
    for (QChar c : code) {
        if (c < QLatin1Char('A') || c > QLatin1Char('Z'))
            return false;
    }
    return true;
}

std::array<char, 3> Money::currencyFrom(const QString& code)
{
    const QByteArray latin = code.toLatin1().leftJustified(3, '?', true);
    return {latin[0], latin[1], latin[2]};
}

std::int64_t costMicros(std::int64_t tokens, std::int64_t pricePerMillionMicros)
{
    // __int128 keeps tokens * price exact even for absurd prices.
    const __int128 product = static_cast<__int128>(tokens) * pricePerMillionMicros;
    return static_cast<std::int64_t>((product + 500'000) / 1'000'000);
}

} // namespace tollgate

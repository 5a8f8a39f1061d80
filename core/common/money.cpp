#include "common/money.h"

namespace tollgate {

QString Money::toString() const
{
    const std::int64_t whole = micros / 1'000'000;
    const std::int64_t frac = (micros < 0 ? -micros : micros) % 1'000'000;
    QString text = QString::number(whole) + QLatin1Char('.') + QString::number(frac).rightJustified(6, QLatin1Char('0'));
    if (micros < 0 && whole == 0)
        text.prepend(QLatin1Char('-'));
    return text + QLatin1Char(' ') + currencyCode();
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

#include "budget/exchangerates.h"

#include <QCoreApplication>
#include <QFile>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::ExchangeRates", text);
}

std::int64_t roundedDiv(__int128 numerator, __int128 denominator)
{
    const __int128 half = denominator / 2;
    return static_cast<std::int64_t>(numerator >= 0 ? (numerator + half) / denominator
                                                    : -((-numerator + half) / denominator));
}

} // namespace

Result<std::int64_t> ExchangeRates::parseRate(const QString& text)
{
    const QString t = text.trimmed();
    const qsizetype dot = t.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? t : t.left(dot);
    QString frac = dot < 0 ? QString() : t.mid(dot + 1);
    bool okWhole = true, okFrac = true;
    if (whole.isEmpty() && frac.isEmpty())
        return makeError(tr("'%1' is not a rate").arg(text));
    for (QChar c : whole + frac) {
        if (!c.isDigit())
            return makeError(tr("'%1' is not a rate (digits and one '.' only)").arg(text));
    }
    if (frac.size() > 9)
        return makeError(tr("'%1' has more than 9 decimals").arg(text));
    const qint64 w = whole.isEmpty() ? 0 : whole.toLongLong(&okWhole);
    frac = frac.leftJustified(9, QLatin1Char('0'));
    const qint64 f = frac.toLongLong(&okFrac);
    if (!okWhole || !okFrac || w > 1'000'000'000)
        return makeError(tr("'%1' is not a usable rate").arg(text));
    const std::int64_t nanos = w * 1'000'000'000 + f;
    if (nanos <= 0)
        return makeError(tr("A rate must be greater than zero"));
    return nanos;
}

QString ExchangeRates::formatRate(std::int64_t rateNanos)
{
    QString text = QString::number(rateNanos / 1'000'000'000) + QLatin1Char('.')
                   + QString::number(rateNanos % 1'000'000'000).rightJustified(9, QLatin1Char('0'));
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.append(QLatin1Char('0'));
    return text;
}

std::int64_t ExchangeRates::applyRate(std::int64_t micros, std::int64_t rateNanos)
{
    return roundedDiv(static_cast<__int128>(micros) * rateNanos, 1'000'000'000);
}

Result<void> ExchangeRates::add(QDate date, const QString& from, const QString& to, const QString& rateText)
{
    if (!date.isValid())
        return makeError(tr("A rate needs a valid date"));
    if (!Money::isValidCurrencyCode(from) || !Money::isValidCurrencyCode(to))
        return makeError(tr("'%1' -> '%2': currencies are three upper-case letters (ISO 4217)").arg(from, to));
    if (from == to)
        return makeError(tr("A rate from %1 to itself is always 1").arg(from));
    auto rate = parseRate(rateText);
    if (!rate)
        return rate.error();
    m_rates[from + to][date.toJulianDay()] = *rate;
    return {};
}

Result<int> ExchangeRates::loadCsv(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(tr("Cannot read the rates file %1: %2").arg(path, file.errorString()));
    auto result = loadCsvText(file.readAll());
    if (!result)
        return makeError(tr("%1: %2").arg(path, result.error().message));
    return result;
}

Result<int> ExchangeRates::loadCsvText(const QByteArray& text)
{
    int count = 0;
    int lineNo = 0;
    for (const QByteArray& rawLine : text.split('\n')) {
        ++lineNo;
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith('#') || (lineNo == 1 && line.toLower().startsWith("date")))
            continue;
        const QList<QByteArray> fields = line.split(',');
        if (fields.size() != 4)
            return makeError(tr("line %1: expected date,from,to,rate").arg(lineNo));
        const QDate date = QDate::fromString(QString::fromLatin1(fields[0].trimmed()), Qt::ISODate);
        if (!date.isValid())
            return makeError(tr("line %1: '%2' is not an ISO date").arg(lineNo).arg(QString::fromLatin1(fields[0])));
        if (auto r = add(date, QString::fromLatin1(fields[1].trimmed()), QString::fromLatin1(fields[2].trimmed()),
                         QString::fromLatin1(fields[3].trimmed()));
            !r)
            return makeError(tr("line %1: %2").arg(lineNo).arg(r.error().message));
        ++count;
    }
    return count;
}

Result<RateQuote> ExchangeRates::rate(const QString& from, const QString& to, QDate date) const
{
    if (from == to)
        return RateQuote{1'000'000'000, date};
    const qint64 day = date.toJulianDay();
    const auto latest = [&](const QString& pair) -> const std::pair<const qint64, std::int64_t>* {
        const auto it = m_rates.find(pair);
        if (it == m_rates.end())
            return nullptr;
        auto at = it->second.upper_bound(day);
        if (at == it->second.begin())
            return nullptr;
        return &*std::prev(at);
    };
    const auto* direct = latest(from + to);
    const auto* inverse = latest(to + from);
    // Of the two quotes, the more recent one wins; the direct quote on a tie.
    if (direct && (!inverse || direct->first >= inverse->first))
        return RateQuote{direct->second, QDate::fromJulianDay(direct->first)};
    if (inverse)
        return RateQuote{roundedDiv(static_cast<__int128>(1'000'000'000) * 1'000'000'000, inverse->second),
                         QDate::fromJulianDay(inverse->first)};
    return makeError(tr("No exchange rate from %1 to %2 on or before %3")
                         .arg(from, to, date.toString(Qt::ISODate)));
}

Result<Conversion> ExchangeRates::convert(const Money& amount, const QString& to, QDate date) const
{
    auto quote = rate(amount.currencyCode(), to, date);
    if (!quote)
        return quote.error();
    Conversion c;
    c.rate = *quote;
    c.amount.currency = Money::currencyFrom(to);
    c.amount.micros = applyRate(amount.micros, quote->rateNanos);
    return c;
}

} // namespace tollgate::budget

#include "budget/budgetconfig.h"

#include <QDateTime>
#include <QTimeZone>

namespace tollgate::budget {

bool parseAmountMicros(const QString& text, std::int64_t* out)
{
    const QString t = text.trimmed();
    const qsizetype dot = t.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? t : t.left(dot);
    const QString frac = dot < 0 ? QString() : t.mid(dot + 1);
    if ((whole.isEmpty() && frac.isEmpty()) || frac.size() > 6 || whole.size() > 12)
        return false;
    for (QChar c : whole + frac) {
        if (!c.isDigit())
            return false;
    }
    const qint64 w = whole.isEmpty() ? 0 : whole.toLongLong();
    const qint64 f = frac.isEmpty() ? 0 : frac.leftJustified(6, QLatin1Char('0')).toLongLong();
    *out = w * 1'000'000 + f;
    return true;
}

bool parseTimestamp(const QString& text, std::int64_t* outMs)
{
    const QString t = text.trimmed();
    // QDate reads the date at the front of a date-time too, so only a bare date takes this path.
    const QDate date = t.size() == 10 ? QDate::fromString(t, Qt::ISODate) : QDate();
    if (date.isValid()) {
        *outMs = QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        return true;
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return false;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // no offset given: UTC, never the machine's zone
    *outMs = dt.toMSecsSinceEpoch();
    return true;
}

QString scopeName(BudgetScope scope)
{
    switch (scope) {
    case BudgetScope::Key: return QStringLiteral("key");
    case BudgetScope::Project: return QStringLiteral("project");
    case BudgetScope::Team: return QStringLiteral("team");
    }
    return {};
}

bool parseScope(const QString& text, BudgetScope* out)
{
    for (BudgetScope s : {BudgetScope::Key, BudgetScope::Project, BudgetScope::Team}) {
        if (text == scopeName(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

QString periodName(BudgetPeriod period)
{
    switch (period) {
    case BudgetPeriod::Day: return QStringLiteral("day");
    case BudgetPeriod::Month: return QStringLiteral("month");
    case BudgetPeriod::Custom: return QStringLiteral("custom");
    }
    return {};
}

bool parsePeriod(const QString& text, BudgetPeriod* out)
{
    for (BudgetPeriod p : {BudgetPeriod::Day, BudgetPeriod::Month, BudgetPeriod::Custom}) {
        if (text == periodName(p)) {
            *out = p;
            return true;
        }
    }
    return false;
}

} // namespace tollgate::budget

#include "models/budgettablemodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace tollgate::ui {

BudgetForecast BudgetForecast::compute(const budget::BudgetUsage& usage, std::int64_t nowMs)
{
    BudgetForecast f;
    const std::int64_t cap = usage.rule.cap.micros;
    if (!usage.active) {
        f.kind = Kind::Inactive;
        return f;
    }
    const std::int64_t spent = usage.spentMicros;
    f.projectedMicros = spent;
    if (spent >= cap && cap >= 0 && spent > 0) {
        f.kind = Kind::Exhausted;
        return f;
    }
    const std::int64_t elapsed = nowMs - usage.periodStartMs;
    const std::int64_t length = usage.periodEndMs - usage.periodStartMs;
    if (spent <= 0 || elapsed <= 0 || length <= 0) {
        f.kind = Kind::NoSpend;
        return f;
    }
    // Linear: the pace so far (micros per ms) held until the period ends. Long double keeps a
    // month of micro-units exact enough for a forecast without overflowing.
    const long double pace = static_cast<long double>(spent) / static_cast<long double>(elapsed);
    const std::int64_t remaining = std::max<std::int64_t>(0, usage.periodEndMs - nowMs);
    f.projectedMicros =
        spent + static_cast<std::int64_t>(std::llround(pace * static_cast<long double>(remaining)));
    if (f.projectedMicros <= cap) {
        f.kind = Kind::OnTrack;
        return f;
    }
    f.kind = Kind::WillExceed;
    const long double untilCap = static_cast<long double>(cap - spent) / pace;
    f.exceedAtMs = std::min(usage.periodEndMs, nowMs + static_cast<std::int64_t>(std::llround(untilCap)));
    return f;
}

BudgetTableModel::BudgetTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void BudgetTableModel::setUsage(std::vector<budget::BudgetUsage> usage, std::int64_t nowMs)
{
    std::sort(usage.begin(), usage.end(), [](const budget::BudgetUsage& a, const budget::BudgetUsage& b) {
        return a.rule.id < b.rule.id;
    });
    const bool sameRows = usage.size() == m_usage.size() &&
                          std::equal(usage.begin(), usage.end(), m_usage.begin(),
                                     [](const auto& a, const auto& b) { return a.rule.id == b.rule.id; });
    if (sameRows && !m_usage.empty()) {
        m_usage = std::move(usage);
        m_nowMs = nowMs;
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_usage = std::move(usage);
    m_nowMs = nowMs;
    endResetModel();
}

int BudgetTableModel::rowOf(const QString& budgetId) const
{
    for (std::size_t i = 0; i < m_usage.size(); ++i) {
        if (m_usage[i].rule.id == budgetId)
            return int(i);
    }
    return -1;
}

const budget::BudgetUsage* BudgetTableModel::usageAt(int row) const
{
    return row >= 0 && row < int(m_usage.size()) ? &m_usage[std::size_t(row)] : nullptr;
}

QString BudgetTableModel::formatMicros(std::int64_t micros, const QString& currency)
{
    // Cents once the amount is at least one, otherwise enough decimals for per-request costs.
    const bool small = micros > -1'000'000 && micros < 1'000'000;
    const QString amount = QLocale().toString(double(micros) / 1e6, 'f', small ? 6 : 2);
    return QStringLiteral("%1 %2").arg(amount, currency);
}

QString BudgetTableModel::periodText(const budget::BudgetUsage& usage)
{
    const QLocale locale;
    switch (usage.rule.period) {
    case budget::BudgetPeriod::Day:
        return usage.rule.timeZone == QLatin1String("UTC") ? tr("day")
                                                           : tr("day (%1)").arg(usage.rule.timeZone);
    case budget::BudgetPeriod::Month:
        return usage.rule.timeZone == QLatin1String("UTC") ? tr("month")
                                                           : tr("month (%1)").arg(usage.rule.timeZone);
    case budget::BudgetPeriod::Custom:
        return tr("%1 – %2").arg(
            locale.toString(QDateTime::fromMSecsSinceEpoch(usage.rule.customStartMs), QLocale::ShortFormat),
            locale.toString(QDateTime::fromMSecsSinceEpoch(usage.rule.customEndMs), QLocale::ShortFormat));
    }
    return {};
}

QString BudgetTableModel::forecastText(const budget::BudgetUsage& usage) const
{
    const BudgetForecast f = BudgetForecast::compute(usage, m_nowMs);
    const QString currency = usage.rule.cap.currencyCode();
    switch (f.kind) {
    case BudgetForecast::Kind::NoSpend:
        return tr("on track (nothing spent yet)");
    case BudgetForecast::Kind::OnTrack:
        return tr("on track (%1 by the end of the period)").arg(formatMicros(f.projectedMicros, currency));
    case BudgetForecast::Kind::WillExceed:
        return tr("will exceed on %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(f.exceedAtMs), QLocale::ShortFormat));
    case BudgetForecast::Kind::Exhausted:
        return tr("cap reached: requests get 402 until %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(usage.periodEndMs), QLocale::ShortFormat));
    case BudgetForecast::Kind::Inactive:
        return tr("outside its period");
    }
    return {};
}

int BudgetTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_usage.size());
}

int BudgetTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BudgetTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const budget::BudgetUsage& u = m_usage[std::size_t(index.row())];
    const QString currency = u.rule.cap.currencyCode();
    switch (role) {
    case BudgetIdRole:
        return u.rule.id;
    case SettledMicrosRole:
        return qint64(u.spentMicros);
    case ReservedMicrosRole:
        return qint64(u.reservedMicros);
    case CapMicrosRole:
        return qint64(u.rule.cap.micros);
    case SoftMicrosRole:
        return qint64(u.rule.softMicros);
    case ForecastKindRole:
        return int(BudgetForecast::compute(u, m_nowMs).kind);
    case Qt::ToolTipRole:
        if (index.column() == UsageColumn)
            return tr("Settled %1, held by requests in flight %2, cap %3")
                .arg(formatMicros(u.spentMicros, currency), formatMicros(u.reservedMicros, currency),
                     formatMicros(u.rule.cap.micros, currency));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case IdColumn:
        return u.rule.id;
    case ScopeColumn:
        switch (u.rule.scope) {
        case budget::BudgetScope::Key:
            return tr("key");
        case budget::BudgetScope::Project:
            return tr("project");
        case budget::BudgetScope::Team:
            return tr("team");
        }
        return {};
    case SubjectColumn:
        return u.rule.subject;
    case PeriodColumn:
        return periodText(u);
    case CurrencyColumn:
        return currency;
    case CapColumn:
        return formatMicros(u.rule.cap.micros, currency);
    case SoftColumn:
        return u.rule.softMicros < 0 ? tr("none") : formatMicros(u.rule.softMicros, currency);
    case UsageColumn: {
        const double percent = u.rule.cap.micros > 0 ? 100.0 * double(u.spentMicros + u.reservedMicros) /
                                                           double(u.rule.cap.micros)
                                                     : 0;
        return tr("%1 + %2 held (%3%)")
            .arg(formatMicros(u.spentMicros, currency), formatMicros(u.reservedMicros, currency),
                 QLocale().toString(percent, 'f', 1));
    }
    case ForecastColumn:
        return forecastText(u);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BudgetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case IdColumn:
        return tr("Budget");
    case ScopeColumn:
        return tr("Scope");
    case SubjectColumn:
        return tr("Subject");
    case PeriodColumn:
        return tr("Period");
    case CurrencyColumn:
        return tr("Currency");
    case CapColumn:
        return tr("Hard cap");
    case SoftColumn:
        return tr("Soft threshold");
    case UsageColumn:
        return tr("Usage (settled + held)");
    case ForecastColumn:
        return tr("Forecast");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tollgate::ui

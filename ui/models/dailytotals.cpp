#include "models/dailytotals.h"

#include <QDateTime>
#include <QStringList>

namespace tollgate::ui {

void DailyTotals::add(const telemetry::StatsSnapshot& snapshot)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(snapshot.endMs).date();
    if (day != m_day) {
        *this = DailyTotals();
        m_day = day;
    }
    for (const telemetry::ProviderStats& p : snapshot.interval) {
        m_requests += p.requests;
        m_errors += p.errors;
        m_inputTokens += p.inputTokens;
        m_outputTokens += p.outputTokens;
        for (auto it = p.costMicros.cbegin(); it != p.costMicros.cend(); ++it)
            m_costMicros[it.key()] += it.value();
    }
}

QString DailyTotals::formatMoney(std::int64_t micros, const QString& currency)
{
    // Two decimals once the amount reaches a cent, otherwise enough to show tiny per-request costs.
    const double amount = double(micros) / 1e6;
    const int decimals = (micros >= 10'000 || micros <= -10'000) ? 2 : 6;
    return QStringLiteral("%1 %2").arg(QString::number(amount, 'f', decimals), currency);
}

QString DailyTotals::spendText() const
{
    QStringList parts;
    for (auto it = m_costMicros.cbegin(); it != m_costMicros.cend(); ++it)
        parts << formatMoney(it.value(), it.key());
    return parts.join(QStringLiteral(", "));
}

} // namespace tollgate::ui

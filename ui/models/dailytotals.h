#pragma once

#include "telemetry/statssnapshot.h"

#include <QDate>
#include <QMap>
#include <QString>

#include <cstdint>

namespace tollgate::ui {

// Today's traffic, summed from the gateway's StatsSnapshots as they arrive (so it covers the time
// this window has been watching). Starts over when a snapshot ends on a new local day.
class DailyTotals
{
public:
    void add(const telemetry::StatsSnapshot& snapshot);

    QDate day() const { return m_day; }
    std::int64_t requests() const { return m_requests; }
    std::int64_t errors() const { return m_errors; }
    std::int64_t inputTokens() const { return m_inputTokens; }
    std::int64_t outputTokens() const { return m_outputTokens; }
    const QMap<QString, std::int64_t>& costMicros() const { return m_costMicros; } // per currency

    // "0.012345 EUR, 0.5 USD"; empty when nothing was spent.
    QString spendText() const;
    static QString formatMoney(std::int64_t micros, const QString& currency);

private:
    QDate m_day;
    std::int64_t m_requests = 0;
    std::int64_t m_errors = 0;
    std::int64_t m_inputTokens = 0;
    std::int64_t m_outputTokens = 0;
    QMap<QString, std::int64_t> m_costMicros;
};

} // namespace tollgate::ui

#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <vector>

namespace tollgate::telemetry {

// What one provider did in one interval (or since start, for the totals). Durations in
// microseconds; costs in micro-units, keyed by ISO 4217 currency code.
struct ProviderStats
{
    QString provider; // empty: requests the gateway answered itself (no provider was called)
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::int64_t latencyP50Us = 0; // 0 when there were no requests
    std::int64_t latencyP95Us = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    QMap<QString, std::int64_t> costMicros;
};

// Published by the Gateway about once a second on its owner's thread. `interval` covers
// [startMs, endMs) wall-clock ms; `totals` everything since the gateway started, per provider
// (latency percentiles there are over the whole run).
struct StatsSnapshot
{
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    std::vector<ProviderStats> interval; // sorted by provider name
    std::vector<ProviderStats> totals;   // sorted by provider name

    std::int64_t intervalRequests() const;
    std::int64_t intervalErrors() const;
    std::int64_t totalRequests() const;
    std::int64_t totalErrors() const;
    std::int64_t totalInputTokens() const;
    std::int64_t totalOutputTokens() const;
    QMap<QString, std::int64_t> totalCostMicros() const;
    const ProviderStats* intervalFor(const QString& provider) const;
    const ProviderStats* totalFor(const QString& provider) const;
};

} // namespace tollgate::telemetry

Q_DECLARE_METATYPE(tollgate::telemetry::StatsSnapshot)

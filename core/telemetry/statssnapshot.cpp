#include "telemetry/statssnapshot.h"

namespace tollgate::telemetry {

namespace {

template <typename F> std::int64_t sum(const std::vector<ProviderStats>& stats, F field)
{
    std::int64_t total = 0;
    for (const ProviderStats& s : stats)
        total += field(s);
    return total;
}

const ProviderStats* find(const std::vector<ProviderStats>& stats, const QString& provider)
{
    for (const ProviderStats& s : stats) {
        if (s.provider == provider)
            return &s;
    }
    return nullptr;
}

} // namespace

std::int64_t StatsSnapshot::intervalRequests() const
{
    return sum(interval, [](const ProviderStats& s) { return s.requests; });
}

std::int64_t StatsSnapshot::intervalErrors() const
{
    return sum(interval, [](const ProviderStats& s) { return s.errors; });
}

std::int64_t StatsSnapshot::totalRequests() const
{
    return sum(totals, [](const ProviderStats& s) { return s.requests; });
}

std::int64_t StatsSnapshot::totalErrors() const
{
    return sum(totals, [](const ProviderStats& s) { return s.errors; });
}

std::int64_t StatsSnapshot::totalInputTokens() const
{
    return sum(totals, [](const ProviderStats& s) { return s.inputTokens; });
}

std::int64_t StatsSnapshot::totalOutputTokens() const
{
    return sum(totals, [](const ProviderStats& s) { return s.outputTokens; });
}

QMap<QString, std::int64_t> StatsSnapshot::totalCostMicros() const
{
    QMap<QString, std::int64_t> result;
    for (const ProviderStats& s : totals) {
        for (auto it = s.costMicros.cbegin(); it != s.costMicros.cend(); ++it)
            result[it.key()] += it.value();
    }
    return result;
}

const ProviderStats* StatsSnapshot::intervalFor(const QString& provider) const
{
    return find(interval, provider);
}

const ProviderStats* StatsSnapshot::totalFor(const QString& provider) const
{
    return find(totals, provider);
}

} // namespace tollgate::telemetry

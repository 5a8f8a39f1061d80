#include "telemetry/statsaggregator.h"

#include <QThread>

#include <algorithm>

namespace tollgate::telemetry {

namespace {

void add(ProviderAccumulator& into, const ProviderAccumulator& from)
{
    into.requests += from.requests;
    into.errors += from.errors;
    into.inputTokens += from.inputTokens;
    into.outputTokens += from.outputTokens;
    for (auto it = from.costMicros.cbegin(); it != from.costMicros.cend(); ++it)
        into.costMicros[it.key()] += it.value();
    into.latency.merge(from.latency);
}

std::vector<ProviderStats> toStats(const QHash<QString, ProviderAccumulator>& accumulators)
{
    std::vector<ProviderStats> result;
    result.reserve(size_t(accumulators.size()));
    for (auto it = accumulators.cbegin(); it != accumulators.cend(); ++it) {
        const ProviderAccumulator& a = it.value();
        ProviderStats s;
        s.provider = it.key();
        s.requests = a.requests;
        s.errors = a.errors;
        s.latencyP50Us = a.latency.percentileUs(0.50);
        s.latencyP95Us = a.latency.percentileUs(0.95);
        s.inputTokens = a.inputTokens;
        s.outputTokens = a.outputTokens;
        for (auto c = a.costMicros.cbegin(); c != a.costMicros.cend(); ++c)
            s.costMicros.insert(c.key(), c.value());
        result.push_back(std::move(s));
    }
    std::sort(result.begin(), result.end(),
              [](const ProviderStats& a, const ProviderStats& b) { return a.provider < b.provider; });
    return result;
}

} // namespace

bool isError(const RequestLogRecord& record)
{
    return record.status == 0 || record.status >= 400 || !record.errorType.isEmpty();
}

void TelemetryShard::record(const RequestLogRecord& record)
{
    if (record.endpoint == QLatin1String("health"))
        return; // probes would drown the traffic the dashboard is about
    // Announce the write before choosing the buffer: a drain that switched buffers after this
    // store sees it and waits; one that switched before it is seen by the load below.
    m_writing.store(true);
    Buffer& buffer = m_buffers[size_t(m_active.load())];
    ProviderAccumulator& a = buffer[record.provider];
    ++a.requests;
    if (isError(record))
        ++a.errors;
    a.inputTokens += record.inputTokens;
    a.outputTokens += record.outputTokens;
    if (record.costMicros != 0 && !record.costCurrency.isEmpty())
        a.costMicros[record.costCurrency] += record.costMicros;
    a.latency.add(record.totalUs);
    m_writing.store(false);
}

TelemetryShard::Buffer TelemetryShard::drain()
{
    const int old = m_active.load();
    m_active.store(1 - old);
    // A record() that picked the old buffer is still writing into it; it takes well under a
    // microsecond unless its thread was preempted.
    while (m_writing.load())
        QThread::yieldCurrentThread();
    Buffer taken;
    taken.swap(m_buffers[size_t(old)]);
    return taken;
}

StatsAggregator::StatsAggregator(const Clock& clock) : m_clock(clock), m_lastCollectMs(clock.wallMs()) {}

StatsAggregator::~StatsAggregator() = default;

TelemetryShard* StatsAggregator::addShard()
{
    m_shards.push_back(std::make_unique<TelemetryShard>());
    return m_shards.back().get();
}

StatsSnapshot StatsAggregator::collect()
{
    QHash<QString, ProviderAccumulator> interval;
    for (const auto& shard : m_shards) {
        const TelemetryShard::Buffer drained = shard->drain();
        for (auto it = drained.cbegin(); it != drained.cend(); ++it) {
            add(interval[it.key()], it.value());
            add(m_totals[it.key()], it.value());
        }
    }
    StatsSnapshot snapshot;
    snapshot.startMs = m_lastCollectMs;
    snapshot.endMs = std::max(m_lastCollectMs, m_clock.wallMs());
    m_lastCollectMs = snapshot.endMs;
    snapshot.interval = toStats(interval);
    snapshot.totals = toStats(m_totals);
    return snapshot;
}

} // namespace tollgate::telemetry

#pragma once

#include "common/clock.h"
#include "store/requestlogrecord.h"
#include "telemetry/latencyhistogram.h"
#include "telemetry/statssnapshot.h"

#include <QHash>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace tollgate::telemetry {

// Sums of one provider over one interval, as a shard accumulates them.
struct ProviderAccumulator
{
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    QHash<QString, std::int64_t> costMicros;
    LatencyHistogram latency;
};

// One gateway worker's share of the telemetry. record() is called by that worker's thread only
// and takes no lock: it writes into one of two buffers while the aggregator, on its own thread,
// drains the other. The switch is a Dekker-style handshake on two sequentially consistent atomics,
// so the drain waits at most for one record() in progress.
class TelemetryShard
{
public:
    // The worker thread only. Counts a finished request (health probes are not counted).
    void record(const RequestLogRecord& record);

private:
    friend class StatsAggregator;
    using Buffer = QHash<QString, ProviderAccumulator>;
    // The aggregator's thread: takes what was recorded since the last drain.
    Buffer drain();

    std::array<Buffer, 2> m_buffers;
    std::atomic<int> m_active{0};
    std::atomic<bool> m_writing{false};
};

// Whether a finished request counts as an error on the dashboard: the client got an error
// status, or an error was recorded, or it left before any response.
bool isError(const RequestLogRecord& record);

// Collects the workers' shards into StatsSnapshots. Lives on the Gateway's thread: addShard() and
// collect() are called there only; shards live as long as the aggregator.
class StatsAggregator
{
public:
    explicit StatsAggregator(const Clock& clock = SystemClock::instance());
    ~StatsAggregator();

    TelemetryShard* addShard();
    // Drains every shard into a snapshot of the interval since the previous collect() (or since
    // construction) and adds it to the totals.
    StatsSnapshot collect();

private:
    const Clock& m_clock;
    std::vector<std::unique_ptr<TelemetryShard>> m_shards;
    QHash<QString, ProviderAccumulator> m_totals;
    std::int64_t m_lastCollectMs;
};

} // namespace tollgate::telemetry

// The telemetry aggregator alone: percentiles of the fixed-bucket histogram, per-provider sums per
// interval and since start, interval bounds from a clock the test moves, and shards written by
// other threads while the aggregator drains them.
#include "telemetry/statsaggregator.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace tollgate;
using namespace tollgate::telemetry;

namespace {

class ManualClock final : public Clock
{
public:
    std::int64_t wallMs() const override { return m_ms; }
    std::int64_t monotonicUs() const override { return m_ms * 1000; }
    void advanceMs(std::int64_t ms) { m_ms += ms; }

private:
    std::int64_t m_ms = 1'700'000'000'000;
};

RequestLogRecord record(const QString& provider, int status, std::int64_t totalUs,
                        std::int64_t costMicros = 0, const QString& currency = {}, std::int64_t in = 0,
                        std::int64_t out = 0)
{
    RequestLogRecord r;
    r.endpoint = QStringLiteral("chat.completions");
    r.provider = provider;
    r.status = status;
    r.totalUs = totalUs;
    r.costMicros = costMicros;
    r.costCurrency = currency;
    r.inputTokens = in;
    r.outputTokens = out;
    return r;
}

} // namespace

class TestStatsAggregator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void histogramBuckets();
    void histogramPercentiles();
    void emptyIntervalHasBoundsFromClock();
    void sumsPerProviderAndCurrency();
    void totalsAccumulateAcrossIntervals();
    void errorsAndHealthProbes();
    void concurrentWritersLoseNothing();
};

void TestStatsAggregator::histogramBuckets()
{
    QCOMPARE(LatencyHistogram::bucketFor(0), 0);
    QCOMPARE(LatencyHistogram::bucketFor(100), 0);
    QCOMPARE(LatencyHistogram::bucketFor(101), 1);
    QCOMPARE(LatencyHistogram::upperBoundUs(4), 200);
    QCOMPARE(LatencyHistogram::bucketFor(200), 4);
    QCOMPARE(LatencyHistogram::bucketFor(-5), 0);
    QCOMPARE(LatencyHistogram::bucketFor(std::int64_t(1) << 50), LatencyHistogram::BucketCount - 1);
    for (int k = 1; k < LatencyHistogram::BucketCount - 1; ++k)
        QVERIFY(LatencyHistogram::upperBoundUs(k) > LatencyHistogram::upperBoundUs(k - 1));
}

void TestStatsAggregator::histogramPercentiles()
{
    LatencyHistogram h;
    QCOMPARE(h.percentileUs(0.5), 0);
    // 90 fast requests at 1 ms, 10 slow at 50 ms: p50 is near 1 ms, p95 near 50 ms.
    for (int i = 0; i < 90; ++i)
        h.add(1000);
    for (int i = 0; i < 10; ++i)
        h.add(50'000);
    QCOMPARE(h.count(), 100);
    const std::int64_t p50 = h.percentileUs(0.5);
    const std::int64_t p95 = h.percentileUs(0.95);
    QVERIFY2(p50 >= 1000 && p50 < 1200, QByteArray::number(p50));
    QVERIFY2(p95 >= 50'000 && p95 < 60'000, QByteArray::number(p95));
    QCOMPARE(h.percentileUs(0.90), p50); // the 90th sample is still a fast one

    LatencyHistogram other;
    other.add(50'000);
    h.merge(other);
    QCOMPARE(h.count(), 101);
    h.clear();
    QCOMPARE(h.count(), 0);
    QCOMPARE(h.percentileUs(0.95), 0);
}

void TestStatsAggregator::emptyIntervalHasBoundsFromClock()
{
    ManualClock clock;
    const std::int64_t t0 = clock.wallMs();
    StatsAggregator aggregator(clock);
    aggregator.addShard();
    clock.advanceMs(1000);
    StatsSnapshot s = aggregator.collect();
    QCOMPARE(s.startMs, t0);
    QCOMPARE(s.endMs, t0 + 1000);
    QVERIFY(s.interval.empty());
    QCOMPARE(s.totalRequests(), 0);
    clock.advanceMs(1500);
    s = aggregator.collect();
    QCOMPARE(s.startMs, t0 + 1000);
    QCOMPARE(s.endMs, t0 + 2500);
}

void TestStatsAggregator::sumsPerProviderAndCurrency()
{
    ManualClock clock;
    StatsAggregator aggregator(clock);
    TelemetryShard* a = aggregator.addShard();
    TelemetryShard* b = aggregator.addShard();
    a->record(record("alpha", 200, 2000, 65, "EUR", 10, 4));
    b->record(record("alpha", 200, 3000, 35, "EUR", 5, 1));
    b->record(record("alpha", 200, 3000, 7, "USD", 1, 1));
    a->record(record("beta", 502, 900'000));
    a->record(record("", 404, 300)); // answered by the gateway itself
    clock.advanceMs(1000);
    const StatsSnapshot s = aggregator.collect();
    QCOMPARE(s.interval.size(), size_t(3));
    QCOMPARE(s.interval[0].provider, QString()); // sorted by name
    QCOMPARE(s.interval[1].provider, QStringLiteral("alpha"));
    const ProviderStats* alpha = s.intervalFor(QStringLiteral("alpha"));
    QVERIFY(alpha);
    QCOMPARE(alpha->requests, 3);
    QCOMPARE(alpha->errors, 0);
    QCOMPARE(alpha->inputTokens, 16);
    QCOMPARE(alpha->outputTokens, 6);
    QCOMPARE(alpha->costMicros.value("EUR"), 100);
    QCOMPARE(alpha->costMicros.value("USD"), 7);
    QVERIFY(alpha->latencyP50Us >= 3000 && alpha->latencyP50Us < 3600);
    const ProviderStats* beta = s.intervalFor(QStringLiteral("beta"));
    QVERIFY(beta);
    QCOMPARE(beta->requests, 1);
    QCOMPARE(beta->errors, 1);
    QVERIFY(beta->latencyP95Us >= 900'000);
    QVERIFY(beta->costMicros.isEmpty());
    QCOMPARE(s.intervalRequests(), 5);
    QCOMPARE(s.intervalErrors(), 2);
}

void TestStatsAggregator::totalsAccumulateAcrossIntervals()
{
    ManualClock clock;
    StatsAggregator aggregator(clock);
    TelemetryShard* shard = aggregator.addShard();
    shard->record(record("alpha", 200, 1000, 10, "EUR", 3, 2));
    clock.advanceMs(1000);
    StatsSnapshot first = aggregator.collect();
    QCOMPARE(first.intervalRequests(), 1);

    shard->record(record("alpha", 200, 1000, 20, "EUR", 3, 2));
    shard->record(record("beta", 200, 1000, 5, "USD", 1, 1));
    clock.advanceMs(1000);
    StatsSnapshot second = aggregator.collect();
    QCOMPARE(second.intervalRequests(), 2);
    QCOMPARE(second.intervalFor("alpha")->requests, 1); // the interval only
    QCOMPARE(second.totalRequests(), 3);
    QCOMPARE(second.totalFor("alpha")->requests, 2);
    QCOMPARE(second.totalFor("alpha")->costMicros.value("EUR"), 30);
    QCOMPARE(second.totalInputTokens(), 7);
    QCOMPARE(second.totalOutputTokens(), 5);
    const QMap<QString, std::int64_t> cost = second.totalCostMicros();
    QCOMPARE(cost.value("EUR"), 30);
    QCOMPARE(cost.value("USD"), 5);

    clock.advanceMs(1000);
    StatsSnapshot idle = aggregator.collect();
    QVERIFY(idle.interval.empty());
    QCOMPARE(idle.totalRequests(), 3);
}

void TestStatsAggregator::errorsAndHealthProbes()
{
    StatsAggregator aggregator;
    TelemetryShard* shard = aggregator.addShard();
    RequestLogRecord health = record("", 200, 100);
    health.endpoint = QStringLiteral("health");
    shard->record(health);
    RequestLogRecord refused = record("alpha", 200, 100);
    refused.errorType = QStringLiteral("upstream_error"); // recorded error, even with a 200 relayed
    shard->record(refused);
    shard->record(record("alpha", 0, 100)); // client left before any response
    shard->record(record("alpha", 429, 100));
    shard->record(record("alpha", 201, 100));
    const StatsSnapshot s = aggregator.collect();
    QCOMPARE(s.intervalRequests(), 4);
    QCOMPARE(s.intervalErrors(), 3);
}

void TestStatsAggregator::concurrentWritersLoseNothing()
{
    StatsAggregator aggregator;
    constexpr int Writers = 3;
    constexpr int PerWriter = 20'000;
    std::vector<TelemetryShard*> shards;
    for (int i = 0; i < Writers; ++i)
        shards.push_back(aggregator.addShard());
    std::atomic<int> done{0};
    std::vector<QThread*> threads;
    for (int i = 0; i < Writers; ++i) {
        QThread* t = QThread::create([shard = shards[size_t(i)], i, &done] {
            const QString provider = i % 2 ? QStringLiteral("odd") : QStringLiteral("even");
            for (int n = 0; n < PerWriter; ++n)
                shard->record(record(provider, 200, 1000 + n % 500, 3, QStringLiteral("EUR"), 2, 1));
            ++done;
        });
        threads.push_back(t);
        t->start();
    }
    std::int64_t requests = 0;
    std::int64_t cost = 0;
    int collects = 0;
    // Drain while the writers run, then once more after they are done.
    while (done.load() < Writers) {
        const StatsSnapshot s = aggregator.collect();
        requests += s.intervalRequests();
        for (const ProviderStats& p : s.interval)
            cost += p.costMicros.value("EUR");
        ++collects;
        QThread::usleep(200);
    }
    for (QThread* t : threads) {
        QVERIFY(t->wait(30'000));
        delete t;
    }
    const StatsSnapshot last = aggregator.collect();
    requests += last.intervalRequests();
    for (const ProviderStats& p : last.interval)
        cost += p.costMicros.value("EUR");
    QCOMPARE(requests, std::int64_t(Writers) * PerWriter);
    QCOMPARE(cost, std::int64_t(Writers) * PerWriter * 3);
    QCOMPARE(last.totalRequests(), std::int64_t(Writers) * PerWriter);
    QCOMPARE(last.totalFor("even")->requests, std::int64_t(2) * PerWriter);
    QVERIFY(collects >= 1);
}

QTEST_GUILESS_MAIN(TestStatsAggregator)
#include "tst_statsaggregator.moc"

// The dashboard's history: snapshots folded into per-second, per-10 s and per-minute rings that
// each hold exactly their window, with sums and request-weighted latencies per bucket.
#include "panels/dashboard/dashboardhistory.h"

#include <QTest>

using namespace tollgate;
using namespace tollgate::telemetry;
using namespace tollgate::ui;

namespace {

constexpr std::int64_t T0 = 1'699'999'980'000; // a whole minute

StatsSnapshot snapshot(std::int64_t startMs, const QString& provider, std::int64_t requests,
                       std::int64_t errors = 0, std::int64_t p50Us = 1000, std::int64_t p95Us = 2000,
                       std::int64_t costMicros = 0)
{
    StatsSnapshot s;
    s.startMs = startMs;
    s.endMs = startMs + 1000;
    if (requests > 0) {
        ProviderStats p;
        p.provider = provider;
        p.requests = requests;
        p.errors = errors;
        p.latencyP50Us = p50Us;
        p.latencyP95Us = p95Us;
        if (costMicros)
            p.costMicros.insert(QStringLiteral("EUR"), costMicros);
        s.interval.push_back(p);
    }
    return s;
}

} // namespace

class TestDashboardHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ringDropsOldest();
    void resolutionsAndCapacities();
    void downsamplesIntoTenSecondAndMinuteBuckets();
    void aDayStaysBounded();
};

void TestDashboardHistory::ringDropsOldest()
{
    PointRing ring(3);
    for (int i = 0; i < 5; ++i) {
        HistoryPoint p;
        p.startMs = i;
        ring.push(p);
    }
    QCOMPARE(ring.size(), 3);
    QCOMPARE(ring.at(0).startMs, 2);
    QCOMPARE(ring.at(2).startMs, 4);
    ring.clear();
    QCOMPARE(ring.size(), 0);
}

void TestDashboardHistory::resolutionsAndCapacities()
{
    QCOMPARE(DashboardHistory::resolutionMs(DashboardHistory::FifteenMinutes), 1000);
    QCOMPARE(DashboardHistory::resolutionMs(DashboardHistory::OneHour), 10'000);
    QCOMPARE(DashboardHistory::resolutionMs(DashboardHistory::OneDay), 60'000);
    DashboardHistory history;
    QCOMPARE(history.completedCount(DashboardHistory::OneDay), 0);
    QVERIFY(history.points(DashboardHistory::OneDay).empty());
}

void TestDashboardHistory::downsamplesIntoTenSecondAndMinuteBuckets()
{
    DashboardHistory history;
    // 25 seconds: alpha 2 req/s at 1 ms p50; in seconds 10..19 also beta, 1 req/s with an error
    // every other second and 10 ms latency.
    for (int s = 0; s < 25; ++s) {
        StatsSnapshot snap =
            snapshot(T0 + s * 1000, QStringLiteral("alpha"), 2, 0, s < 20 ? 1000 : 4000, 3000, 5);
        if (s >= 10 && s < 20) {
            ProviderStats beta;
            beta.provider = QStringLiteral("beta");
            beta.requests = 1;
            beta.errors = s % 2;
            beta.latencyP50Us = 10'000;
            beta.latencyP95Us = 20'000;
            snap.interval.push_back(beta);
        }
        history.add(snap);
    }
    // Per second: 24 completed points and the one filling.
    QCOMPARE(history.completedCount(DashboardHistory::FifteenMinutes), 24);
    const auto seconds = history.points(DashboardHistory::FifteenMinutes);
    QCOMPARE(seconds.size(), size_t(25));
    QCOMPARE(seconds.front().startMs, T0);
    QCOMPARE(seconds.back().startMs, T0 + 24'000);

    // Per 10 s: [0,10) and [10,20) completed, [20,30) filling.
    QCOMPARE(history.completedCount(DashboardHistory::OneHour), 2);
    const auto tens = history.points(DashboardHistory::OneHour);
    QCOMPARE(tens.size(), size_t(3));
    QCOMPARE(tens[0].startMs, T0);
    QCOMPARE(tens[0].requests(), 20);
    QCOMPARE(tens[0].providers.value("alpha").costMicros.value("EUR"), 50);
    QCOMPARE(tens[1].startMs, T0 + 10'000);
    QCOMPARE(tens[1].requests(), 30);
    QCOMPARE(tens[1].errors(), 5);
    QCOMPARE(tens[1].providers.value("beta").requests, 10);
    QCOMPARE(tens[1].providers.value("beta").latencyP50Us, 10'000.0);
    QCOMPARE(tens[1].providers.value("alpha").latencyP95Us, 3000.0);
    QCOMPARE(tens[2].requests(), 10); // 5 seconds so far
    QCOMPARE(tens[2].providers.value("alpha").latencyP50Us, 4000.0);

    // Per minute: still filling the first one.
    QCOMPARE(history.completedCount(DashboardHistory::OneDay), 0);
    const auto minutes = history.points(DashboardHistory::OneDay);
    QCOMPARE(minutes.size(), size_t(1));
    QCOMPARE(minutes[0].requests(), 60);
    // alpha's p50 over the minute, weighted by requests: (40 * 1 ms + 10 * 4 ms) / 50.
    QCOMPARE(minutes[0].providers.value("alpha").latencyP50Us, 1600.0);
    QCOMPARE(minutes[0].providers.value("beta").latencyP50Us, 10'000.0);
}

void TestDashboardHistory::aDayStaysBounded()
{
    DashboardHistory history;
    // Two days of per-second snapshots with traffic every second.
    const int seconds = 2 * 24 * 3600;
    for (int s = 0; s < seconds; ++s)
        history.add(snapshot(T0 + std::int64_t(s) * 1000, QStringLiteral("alpha"), 1));
    QCOMPARE(history.completedCount(DashboardHistory::FifteenMinutes), 900);
    QCOMPARE(history.completedCount(DashboardHistory::OneHour), 360);
    QCOMPARE(history.completedCount(DashboardHistory::OneDay), 1440);
    const auto day = history.points(DashboardHistory::OneDay);
    QCOMPARE(day.back().startMs, T0 + std::int64_t(seconds - 60) * 1000);
    QCOMPARE(day.front().startMs, T0 + std::int64_t(seconds - 60) * 1000 - 1440 * 60'000);
    for (const HistoryPoint& p : day)
        QCOMPARE(p.requests(), 60);
    const auto quarter = history.points(DashboardHistory::FifteenMinutes);
    QCOMPARE(quarter.back().startMs - quarter.front().startMs, 900 * 1000);
}

QTEST_GUILESS_MAIN(TestDashboardHistory)
#include "tst_dashboardhistory.moc"

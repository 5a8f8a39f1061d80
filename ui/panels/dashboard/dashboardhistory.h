#pragma once

#include "telemetry/statssnapshot.h"

#include <QMap>
#include <QString>

#include <cstdint>
#include <vector>

namespace tollgate::ui {

// One provider in one history point.
struct ProviderPoint
{
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    // Request-weighted means of the snapshots' percentiles, microseconds: an approximation once
    // several snapshots are merged into one point, good enough for a trend line.
    double latencyP50Us = 0;
    double latencyP95Us = 0;
    QMap<QString, std::int64_t> costMicros; // per currency
};

// The traffic of one time bucket [startMs, startMs + resolutionMs).
struct HistoryPoint
{
    std::int64_t startMs = 0;
    QMap<QString, ProviderPoint> providers;

    std::int64_t requests() const;
    std::int64_t errors() const;
};

// A fixed-capacity ring of points, oldest first. Pushing onto a full ring drops the oldest.
class PointRing
{
public:
    explicit PointRing(int capacity);
    void push(HistoryPoint point);
    int size() const { return m_size; }
    int capacity() const { return int(m_points.size()); }
    const HistoryPoint& at(int i) const; // 0 = oldest
    void clear();

private:
    std::vector<HistoryPoint> m_points;
    int m_head = 0; // index of the oldest point
    int m_size = 0;
};

// The dashboard's memory: the snapshots folded into three resolutions, each a ring that holds
// just its window — per second for 15 min (900 points), per 10 s for 1 h (360), per minute for
// 24 h (1440) — so a day of history costs a few thousand points whatever the traffic.
class DashboardHistory
{
public:
    enum Window
    {
        FifteenMinutes,
        OneHour,
        OneDay,
        WindowCount
    };
    static std::int64_t resolutionMs(Window window);
    static std::int64_t spanMs(Window window);

    DashboardHistory();
    void add(const telemetry::StatsSnapshot& snapshot);

    // The completed points of a window, plus the bucket still being filled as the last one.
    std::vector<HistoryPoint> points(Window window) const;
    // How many completed points a window's ring holds.
    int completedCount(Window window) const { return m_rings[window].size(); }
    std::int64_t latestMs() const { return m_latestMs; }

private:
    struct Level
    {
        HistoryPoint current;
        bool hasCurrent = false;
    };
    std::vector<PointRing> m_rings;
    std::vector<Level> m_levels;
    std::int64_t m_latestMs = 0;
};

} // namespace tollgate::ui

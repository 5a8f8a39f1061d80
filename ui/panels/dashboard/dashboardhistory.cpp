#include "panels/dashboard/dashboardhistory.h"

#include <QtGlobal>

namespace tollgate::ui {

namespace {

void merge(ProviderPoint& into, const ProviderPoint& from)
{
    const std::int64_t total = into.requests + from.requests;
    if (total > 0) {
        into.latencyP50Us =
            (into.latencyP50Us * double(into.requests) + from.latencyP50Us * double(from.requests)) /
            double(total);
        into.latencyP95Us =
            (into.latencyP95Us * double(into.requests) + from.latencyP95Us * double(from.requests)) /
            double(total);
    }
    into.requests = total;
    into.errors += from.errors;
    for (auto it = from.costMicros.cbegin(); it != from.costMicros.cend(); ++it)
        into.costMicros[it.key()] += it.value();
}

} // namespace

std::int64_t HistoryPoint::requests() const
{
    std::int64_t n = 0;
    for (const ProviderPoint& p : providers)
        n += p.requests;
    return n;
}

std::int64_t HistoryPoint::errors() const
{
    std::int64_t n = 0;
    for (const ProviderPoint& p : providers)
        n += p.errors;
    return n;
}

PointRing::PointRing(int capacity) : m_points(size_t(qMax(1, capacity))) {}

void PointRing::push(HistoryPoint point)
{
    const int cap = capacity();
    if (m_size < cap) {
        m_points[size_t((m_head + m_size) % cap)] = std::move(point);
        ++m_size;
    } else {
        m_points[size_t(m_head)] = std::move(point);
        m_head = (m_head + 1) % cap;
    }
}

const HistoryPoint& PointRing::at(int i) const
{
    return m_points[size_t((m_head + i) % capacity())];
}

void PointRing::clear()
{
    m_head = 0;
    m_size = 0;
}

std::int64_t DashboardHistory::resolutionMs(Window window)
{
    switch (window) {
    case FifteenMinutes:
        return 1'000;
    case OneHour:
        return 10'000;
    case OneDay:
        return 60'000;
    case WindowCount:
        break;
    }
    return 1'000;
}

std::int64_t DashboardHistory::spanMs(Window window)
{
    switch (window) {
    case FifteenMinutes:
        return 15 * 60'000;
    case OneHour:
        return 60 * 60'000;
    case OneDay:
        return 24 * 60 * 60'000;
    case WindowCount:
        break;
    }
    return 15 * 60'000;
}

DashboardHistory::DashboardHistory() : m_levels(WindowCount)
{
    for (int w = 0; w < WindowCount; ++w)
        m_rings.emplace_back(int(spanMs(Window(w)) / resolutionMs(Window(w))));
}

void DashboardHistory::add(const telemetry::StatsSnapshot& snapshot)
{
    m_latestMs = qMax(m_latestMs, snapshot.endMs);
    // A snapshot belongs to the bucket holding its last millisecond.
    const std::int64_t at = qMax<std::int64_t>(snapshot.startMs, snapshot.endMs - 1);
    for (int w = 0; w < WindowCount; ++w) {
        const std::int64_t resolution = resolutionMs(Window(w));
        const std::int64_t bucket = at - at % resolution;
        Level& level = m_levels[size_t(w)];
        if (level.hasCurrent && level.current.startMs != bucket) {
            if (bucket < level.current.startMs)
                continue; // the wall clock stepped back: keep filling the newer bucket
            m_rings[size_t(w)].push(std::move(level.current));
            level.current = HistoryPoint();
        }
        level.current.startMs = bucket;
        level.hasCurrent = true;
        for (const telemetry::ProviderStats& s : snapshot.interval) {
            ProviderPoint p;
            p.requests = s.requests;
            p.errors = s.errors;
            p.latencyP50Us = double(s.latencyP50Us);
            p.latencyP95Us = double(s.latencyP95Us);
            p.costMicros = s.costMicros;
            merge(level.current.providers[s.provider], p);
        }
    }
}

std::vector<HistoryPoint> DashboardHistory::points(Window window) const
{
    const PointRing& ring = m_rings[size_t(window)];
    std::vector<HistoryPoint> result;
    result.reserve(size_t(ring.size() + 1));
    for (int i = 0; i < ring.size(); ++i)
        result.push_back(ring.at(i));
    if (m_levels[size_t(window)].hasCurrent)
        result.push_back(m_levels[size_t(window)].current);
    return result;
}

} // namespace tollgate::ui

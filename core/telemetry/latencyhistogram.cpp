#include "telemetry/latencyhistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tollgate::telemetry {

namespace {

// Upper bounds, computed once: 100 us * 2^(k/4) for every bucket but the last.
const std::array<std::int64_t, LatencyHistogram::BucketCount>& bounds()
{
    static const auto table = [] {
        std::array<std::int64_t, LatencyHistogram::BucketCount> b{};
        for (int k = 0; k < LatencyHistogram::BucketCount - 1; ++k)
            b[size_t(k)] = std::llround(100.0 * std::pow(2.0, k / 4.0));
        b.back() = std::numeric_limits<std::int64_t>::max();
        return b;
    }();
    return table;
}

} // namespace

std::int64_t LatencyHistogram::upperBoundUs(int bucket)
{
    return bounds()[size_t(std::clamp(bucket, 0, BucketCount - 1))];
}

int LatencyHistogram::bucketFor(std::int64_t us)
{
    const auto& b = bounds();
    return int(std::lower_bound(b.begin(), b.end(), std::max<std::int64_t>(us, 0)) - b.begin());
}

void LatencyHistogram::add(std::int64_t us)
{
    ++m_buckets[size_t(bucketFor(us))];
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
}

void LatencyHistogram::clear()
{
    m_buckets.fill(0);
    m_count = 0;
}

std::int64_t LatencyHistogram::percentileUs(double p) const
{
    if (m_count == 0)
        return 0;
    // The rank of the p-quantile, 1-based: the smallest value with at least p of the samples at or below it.
    const auto rank =
        std::max<std::int64_t>(1, std::int64_t(std::ceil(std::clamp(p, 0.0, 1.0) * double(m_count))));
    std::int64_t seen = 0;
    for (int k = 0; k < BucketCount; ++k) {
        seen += m_buckets[size_t(k)];
        if (seen >= rank)
            return k == BucketCount - 1 ? upperBoundUs(k - 1) : upperBoundUs(k);
    }
    return upperBoundUs(BucketCount - 2);
}

} // namespace tollgate::telemetry

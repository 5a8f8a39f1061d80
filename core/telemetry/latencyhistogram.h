#pragma once

#include <array>
#include <cstdint>

namespace tollgate::telemetry {

// A fixed-bucket latency histogram in microseconds: bucket k holds values up to
// 100 us * 2^(k/4) (about 19% wide), the last one everything above ~100 s. Percentiles are the
// upper bound of the bucket holding the rank, so they may overstate by up to one bucket width.
// Not thread-safe: one writer, or a copy.
class LatencyHistogram
{
public:
    static constexpr int BucketCount = 82;

    void add(std::int64_t us);
    void merge(const LatencyHistogram& other);
    void clear();
    std::int64_t count() const { return m_count; }
    // p in (0, 1]; 0 when empty.
    std::int64_t percentileUs(double p) const;

    static std::int64_t upperBoundUs(int bucket);
    static int bucketFor(std::int64_t us);

private:
    std::array<std::int64_t, BucketCount> m_buckets{};
    std::int64_t m_count = 0;
};

} // namespace tollgate::telemetry

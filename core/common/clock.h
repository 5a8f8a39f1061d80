#pragma once

#include <chrono>
#include <cstdint>

namespace tollgate {

// Time as the gateway sees it. Tests substitute a clock they can move.
// Contract: wallMs() is milliseconds since the Unix epoch (UTC); monotonicUs() only ever grows.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual std::int64_t wallMs() const = 0;
    virtual std::int64_t monotonicUs() const = 0;
};

class SystemClock final : public Clock
{
public:
    std::int64_t wallMs() const override
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
    std::int64_t monotonicUs() const override
    {
        using namespace std::chrono;
        return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
    }

    static const SystemClock& instance()
    {
        static const SystemClock clock;
        return clock;
    }
};

} // namespace tollgate

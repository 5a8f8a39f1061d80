#pragma once

#include "common/clock.h"

#include <atomic>
#include <cstdint>

// A clock the test moves by hand; both readings advance together. Safe to read from any thread.
class ManualClock final : public tollgate::Clock
{
public:
    explicit ManualClock(std::int64_t wallMs = 1'767'225'600'000) // 2026-01-01T00:00:00Z
        : m_wallMs(wallMs)
    {
    }
    std::int64_t wallMs() const override { return m_wallMs.load(); }
    std::int64_t monotonicUs() const override { return m_monoUs.load(); }
    void advanceMs(std::int64_t ms) { advanceUs(ms * 1000); }
    void advanceUs(std::int64_t us)
    {
        m_monoUs.fetch_add(us);
        m_wallMs.fetch_add(us / 1000);
    }
    void setWallMs(std::int64_t ms) { m_wallMs.store(ms); }

private:
    std::atomic<std::int64_t> m_wallMs;
    std::atomic<std::int64_t> m_monoUs{1'000'000'000};
};

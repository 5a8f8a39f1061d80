#pragma once

#include "budget/budgetconfig.h"
#include "common/clock.h"
#include "http/httptypes.h"

#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace tollgate::budget {

// Rate limits as GCRA (the generic cell rate algorithm, a virtual-scheduling token bucket):
// per subject and dimension one "theoretical arrival time" (TAT). A limit of L per minute spaces
// units T = 60 s / L apart and tolerates a burst of L. Why this and not a sliding log or a
// sliding-window counter:
//  - O(1) state (two integers) per subject, whatever the limit: a sliding log of a 2M tokens/min
//    limit would have to keep an entry per request of the last minute;
//  - exact answers for the headers: the wait until a refused request fits is TAT + cost*T - 60 s
//    - now, to the nanosecond (a sliding-window counter only approximates), and the time until
//    the bucket is full again is TAT - now;
//  - no doubling at window edges (the flaw of fixed windows);
//  - it matches what x-ratelimit-remaining/reset mean for OpenAI clients: capacity refills
//    continuously.
// The trade-off: after a burst of L, capacity returns gradually (one unit every T), so over an
// arbitrary 60 s window a client may see up to L + (refill) — the standard token-bucket reading
// of "per minute".
//
// Thread-safety: any thread. Subjects live in 32 shards, each with its own mutex held only for a
// few integer operations; a request touching a key and its team locks both shards in a fixed
// order, so admission across the two is all-or-nothing.
class RateLimiter
{
public:
    enum class Kind : unsigned char { Key, Team };

    struct Subject
    {
        Kind kind = Kind::Key;
        QString id;
        RateLimitConfig limits;
    };

    // Values for the x-ratelimit-* headers (OpenAI's names); a dimension without a limit has 0.
    struct Status
    {
        std::int64_t limitRequests = 0;
        std::int64_t remainingRequests = 0;
        std::int64_t resetRequestsMs = 0;
        std::int64_t limitTokens = 0;
        std::int64_t remainingTokens = 0;
        std::int64_t resetTokensMs = 0;
    };

    struct Decision
    {
        bool allowed = true;
        // Refused: milliseconds until this same request would be admitted (rounded up); -1 when
        // it never can (more tokens than the limit allows per minute).
        std::int64_t retryAfterMs = 0;
        Kind refusedKind = Kind::Key; // which subject and dimension refused
        QString refusedId;
        bool refusedTokens = false;
        Status status;

        // Retry-After (whole seconds, rounded up), retry-after-ms and x-ratelimit-*.
        void addHeaders(http::HttpHeaders& headers) const;
        QString message() const;
    };

    // Handed out on admission; correctTokens() replaces the estimate with the actual usage.
    struct Ticket
    {
        struct Entry
        {
            void* cell = nullptr; // owned by the limiter; cells are never freed while it lives
            void* shard = nullptr;
            std::int64_t tokensPerMinute = 0;
        };
        std::array<Entry, 2> entries{};
        int count = 0;
        std::int64_t estimatedTokens = 0;
        bool corrected = false;
    };

    explicit RateLimiter(const Clock& clock);
    ~RateLimiter();

    // Admits one request of estimatedTokens for every subject (at most two), or none.
    Decision admit(const Subject* subjects, int count, std::int64_t estimatedTokens, Ticket* ticket = nullptr);
    // After the call: charges actualTokens instead of the estimate (refunds or adds the difference).
    void correctTokens(Ticket& ticket, std::int64_t actualTokens);
    // Forgets the state of a subject (e.g. a revoked key).
    void forget(Kind kind, const QString& id);

private:
    struct Cell;
    struct Shard;
    Cell* cellFor(Kind kind, const QString& id, Shard** shard);

    const Clock& m_clock;
    static constexpr int kShards = 32;
    std::unique_ptr<Shard[]> m_shards;
};

// "20ms", "1.5s", "6m0s": the duration format of OpenAI's x-ratelimit-reset-* headers.
QString formatResetDuration(std::int64_t ms);

} // namespace tollgate::budget

#include "budget/ratelimiter.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace tollgate::budget {

namespace {

constexpr std::int64_t kWindowNs = 60'000'000'000; // one minute

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::RateLimiter", text);
}

// ns that `cost` units occupy under a limit of `perMinute` units per minute, rounded up so the
// limit is never exceeded by rounding.
std::int64_t spacingNs(std::int64_t cost, std::int64_t perMinute)
{
    const __int128 product = static_cast<__int128>(kWindowNs) * cost;
    return static_cast<std::int64_t>((product + perMinute - 1) / perMinute);
}

std::int64_t remainingUnits(std::int64_t tat, std::int64_t now, std::int64_t perMinute)
{
    const std::int64_t backlog = std::max<std::int64_t>(0, tat - now);
    const std::int64_t free = std::max<std::int64_t>(0, kWindowNs - backlog);
    return static_cast<std::int64_t>(static_cast<__int128>(free) * perMinute / kWindowNs);
}

std::int64_t ceilMs(std::int64_t ns)
{
    return ns <= 0 ? 0 : (ns + 999'999) / 1'000'000;
}

// One dimension of one subject, evaluated without changing anything.
struct Trial
{
    bool limited = false;
    bool fits = true;
    std::int64_t newTat = 0;
    std::int64_t waitNs = 0; // when it does not fit; -1: never
};

Trial tryAdmit(std::int64_t tat, std::int64_t now, std::int64_t cost, std::int64_t perMinute)
{
    Trial t;
    if (perMinute <= 0)
        return t;
    t.limited = true;
    if (cost > perMinute) {
        t.fits = false;
        t.waitNs = -1;
        return t;
    }
    t.newTat = std::max(tat, now) + spacingNs(cost, perMinute);
    if (t.newTat - now > kWindowNs) {
        t.fits = false;
        t.waitNs = t.newTat - kWindowNs - now;
    }
    return t;
}

} // namespace

struct RateLimiter::Cell
{
    std::int64_t requestTat = 0; // ns on the monotonic clock
    std::int64_t tokenTat = 0;
};

struct RateLimiter::Shard
{
    std::mutex mutex;
    std::unordered_map<QString, std::unique_ptr<Cell>> keys;
    std::unordered_map<QString, std::unique_ptr<Cell>> teams;
};

RateLimiter::RateLimiter(const Clock& clock) : m_clock(clock), m_shards(new Shard[kShards]) {}
RateLimiter::~RateLimiter() = default;

RateLimiter::Cell* RateLimiter::cellFor(Kind kind, const QString& id, Shard** shard)
{
    Shard& s = m_shards[(qHash(id) ^ (kind == Kind::Team ? 0x9e37u : 0u)) % kShards];
    *shard = &s;
    auto& map = kind == Kind::Key ? s.keys : s.teams;
    std::lock_guard lock(s.mutex);
    auto& slot = map[id];
    if (!slot)
        slot = std::make_unique<Cell>();
    return slot.get();
}

RateLimiter::Decision RateLimiter::admit(const Subject* subjects, int count, std::int64_t estimatedTokens,
                                         Ticket* ticket)
{
    Decision decision;
    count = std::clamp(count, 0, 2);
    estimatedTokens = std::max<std::int64_t>(0, estimatedTokens);
    Cell* cells[2] = {nullptr, nullptr};
    Shard* shards[2] = {nullptr, nullptr};
    int active = 0;
    const Subject* used[2] = {nullptr, nullptr};
    for (int i = 0; i < count; ++i) {
        if (subjects[i].limits.unlimited())
            continue;
        cells[active] = cellFor(subjects[i].kind, subjects[i].id, &shards[active]);
        used[active] = &subjects[i];
        ++active;
    }
    if (ticket) {
        *ticket = Ticket{};
        ticket->estimatedTokens = estimatedTokens;
    }
    if (active == 0)
        return decision;

    // Fixed lock order (by address) so two requests touching the same pair never deadlock.
    std::unique_lock<std::mutex> first, second;
    if (active == 2 && shards[0] != shards[1]) {
        Shard* a = std::min(shards[0], shards[1]);
        Shard* b = std::max(shards[0], shards[1]);
        first = std::unique_lock(a->mutex);
        second = std::unique_lock(b->mutex);
    } else {
        first = std::unique_lock(shards[0]->mutex);
    }
    const std::int64_t now = m_clock.monotonicUs() * 1000;

    Trial requestTrials[2], tokenTrials[2];
    bool allFit = true;
    std::int64_t worstWait = 0;
    for (int i = 0; i < active; ++i) {
        requestTrials[i] = tryAdmit(cells[i]->requestTat, now, 1, used[i]->limits.requestsPerMinute);
        tokenTrials[i] = tryAdmit(cells[i]->tokenTat, now, estimatedTokens, used[i]->limits.tokensPerMinute);
        for (const Trial* t : {&requestTrials[i], &tokenTrials[i]}) {
            if (t->fits)
                continue;
            const bool isTokens = t == &tokenTrials[i];
            if (allFit || t->waitNs < 0 || (worstWait >= 0 && t->waitNs > worstWait)) {
                worstWait = t->waitNs;
                decision.refusedKind = used[i]->kind;
                decision.refusedId = used[i]->id;
                decision.refusedTokens = isTokens;
            }
            allFit = false;
        }
    }
    if (allFit) {
        for (int i = 0; i < active; ++i) {
            if (requestTrials[i].limited)
                cells[i]->requestTat = requestTrials[i].newTat;
            if (tokenTrials[i].limited)
                cells[i]->tokenTat = tokenTrials[i].newTat;
            if (ticket && used[i]->limits.tokensPerMinute > 0)
                ticket->entries[ticket->count++] = {cells[i], shards[i], used[i]->limits.tokensPerMinute};
        }
    } else {
        decision.allowed = false;
        decision.retryAfterMs = worstWait < 0 ? -1 : ceilMs(worstWait);
    }

    // Headers: per dimension, the subject with the least room left.
    Status& st = decision.status;
    st.remainingRequests = st.remainingTokens = INT64_MAX;
    for (int i = 0; i < active; ++i) {
        const RateLimitConfig& l = used[i]->limits;
        if (l.requestsPerMinute > 0) {
            const std::int64_t tat = cells[i]->requestTat;
            const std::int64_t remaining = remainingUnits(tat, now, l.requestsPerMinute);
            if (remaining < st.remainingRequests) {
                st.limitRequests = l.requestsPerMinute;
                st.remainingRequests = remaining;
                st.resetRequestsMs = ceilMs(tat - now);
            }
        }
        if (l.tokensPerMinute > 0) {
            const std::int64_t tat = cells[i]->tokenTat;
            const std::int64_t remaining = remainingUnits(tat, now, l.tokensPerMinute);
            if (remaining < st.remainingTokens) {
                st.limitTokens = l.tokensPerMinute;
                st.remainingTokens = remaining;
                st.resetTokensMs = ceilMs(tat - now);
            }
        }
    }
    if (st.limitRequests == 0)
        st.remainingRequests = 0;
    if (st.limitTokens == 0)
        st.remainingTokens = 0;
    return decision;
}

void RateLimiter::correctTokens(Ticket& ticket, std::int64_t actualTokens)
{
    if (ticket.corrected)
        return;
    ticket.corrected = true;
    const std::int64_t delta = std::max<std::int64_t>(0, actualTokens) - ticket.estimatedTokens;
    if (delta == 0)
        return;
    for (int i = 0; i < ticket.count; ++i) {
        auto* cell = static_cast<Cell*>(ticket.entries[i].cell);
        auto* shard = static_cast<Shard*>(ticket.entries[i].shard);
        const std::int64_t shift = spacingNs(delta < 0 ? -delta : delta, ticket.entries[i].tokensPerMinute);
        std::lock_guard lock(shard->mutex);
        const std::int64_t now = m_clock.monotonicUs() * 1000;
        if (delta > 0)
            cell->tokenTat = std::max(cell->tokenTat, now) + shift;
        else
            cell->tokenTat = std::max(cell->tokenTat - shift, now); // an empty bucket stays empty
    }
}

void RateLimiter::forget(Kind kind, const QString& id)
{
    Shard* shard = nullptr;
    cellFor(kind, id, &shard);
    std::lock_guard lock(shard->mutex);
    auto& map = kind == Kind::Key ? shard->keys : shard->teams;
    // Cells are referenced by tickets in flight: reset rather than erase.
    if (auto it = map.find(id); it != map.end())
        *it->second = Cell{};
}

QString formatResetDuration(std::int64_t ms)
{
    if (ms < 1000)
        return QString::number(ms) + QStringLiteral("ms");
    const std::int64_t minutes = ms / 60'000;
    const std::int64_t restMs = ms % 60'000;
    QString seconds = QString::number(double(restMs) / 1000.0, 'f', 3);
    while (seconds.endsWith(QLatin1Char('0')))
        seconds.chop(1);
    if (seconds.endsWith(QLatin1Char('.')))
        seconds.chop(1);
    return (minutes > 0 ? QString::number(minutes) + QStringLiteral("m") : QString()) + seconds + QStringLiteral("s");
}

void RateLimiter::Decision::addHeaders(http::HttpHeaders& headers) const
{
    if (status.limitRequests > 0) {
        headers.set("x-ratelimit-limit-requests", std::to_string(status.limitRequests));
        headers.set("x-ratelimit-remaining-requests", std::to_string(status.remainingRequests));
        headers.set("x-ratelimit-reset-requests", formatResetDuration(status.resetRequestsMs).toStdString());
    }
    if (status.limitTokens > 0) {
        headers.set("x-ratelimit-limit-tokens", std::to_string(status.limitTokens));
        headers.set("x-ratelimit-remaining-tokens", std::to_string(status.remainingTokens));
        headers.set("x-ratelimit-reset-tokens", formatResetDuration(status.resetTokensMs).toStdString());
    }
    if (!allowed && retryAfterMs >= 0) {
        headers.set("retry-after", std::to_string((retryAfterMs + 999) / 1000));
        headers.set("retry-after-ms", std::to_string(retryAfterMs));
    }
}

QString RateLimiter::Decision::message() const
{
    if (allowed)
        return {};
    const QString who = (refusedKind == Kind::Key ? tr("key %1") : tr("team %1")).arg(refusedId);
    if (retryAfterMs < 0)
        return tr("The request needs more tokens than the %1 may use per minute (%2).")
            .arg(who)
            .arg(status.limitTokens);
    return tr("Rate limit reached for %1 (%2 per minute). Retry in %3 s.")
        .arg(who, refusedTokens ? tr("tokens") : tr("requests"))
        .arg(double(retryAfterMs) / 1000.0, 0, 'f', 3);
}

} // namespace tollgate::budget

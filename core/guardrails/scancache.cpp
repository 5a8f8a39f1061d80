#include "guardrails/scancache.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>

namespace tollgate::guardrails {

static_assert(kDetectorCount <= 64, "the cache keys detector sets as 64-bit words");

ScanOutcome ScanCache::scan(const Scanner& scanner, std::string_view utf8, std::vector<Detection>& out)
{
    if (utf8.size() < kMinBytes || utf8.size() > kMaxBytes || m_budget == 0)
        return scanner.scan(utf8, out);

    const ScannerOptions& options = scanner.options();
    const std::uint64_t enabled = options.enabled.to_ullong();
    const float threshold = options.injectionThreshold;
    std::uint64_t key = std::hash<std::string_view>{}(utf8);
    key ^= enabled * 0x9E3779B97F4A7C15ULL;
    key ^= std::uint64_t(std::bit_cast<std::uint32_t>(threshold)) << 17;
    // Finaliser of splitmix64: every bit of the key depends on every input bit, low bits included
    // (they pick the slot of the recently-seen table).
    key = (key ^ (key >> 30)) * 0xBF58476D1CE4E5B9ULL;
    key = (key ^ (key >> 27)) * 0x94D049BB133111EBULL;
    key ^= key >> 31;

    if (auto it = m_index.find(key); it != m_index.end()) {
        Entry& entry = *it->second;
        if (entry.enabled == enabled && entry.threshold == threshold && entry.text.size() == utf8.size() &&
            std::memcmp(entry.text.data(), utf8.data(), utf8.size()) == 0) {
            ++m_hits;
            m_lru.splice(m_lru.begin(), m_lru, it->second);
            out.insert(out.end(), entry.found.begin(), entry.found.end());
            return entry.outcome;
        }
    }
    ++m_misses;
    const std::size_t from = out.size();
    const ScanOutcome outcome = scanner.scan(utf8, out);
    std::uint64_t& seen = m_seen[key & (kSeenSlots - 1)];
    const bool secondSighting = seen == key;
    seen = key;
    if (outcome.ok() && secondSighting) {
        try {
            insert(key, enabled, threshold, utf8, outcome, out.data() + from, out.size() - from);
        } catch (const std::bad_alloc&) {
            // Not remembering is always safe.
        }
    }
    return outcome;
}

void ScanCache::insert(std::uint64_t key, std::uint64_t enabled, float threshold, std::string_view text,
                       const ScanOutcome& outcome, const Detection* found, std::size_t count)
{
    if (auto it = m_index.find(key); it != m_index.end()) {
        // Another text (or another policy) with the same hash: the newer one takes the slot.
        m_bytes -= it->second->text.size();
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    if (text.size() > m_budget)
        return;
    evictTo(m_budget - text.size());
    m_lru.push_front(Entry{key, enabled, threshold, std::string(text), outcome, {found, found + count}});
    try {
        m_index.emplace(key, m_lru.begin());
    } catch (...) {
        m_lru.pop_front();
        throw;
    }
    m_bytes += text.size();
}

void ScanCache::evictTo(std::size_t bytes)
{
    while (!m_lru.empty() && m_bytes > bytes) {
        Entry& last = m_lru.back();
        m_bytes -= last.text.size();
        m_index.erase(last.key);
        m_lru.pop_back();
    }
}

void ScanCache::setBudget(std::size_t byteBudget)
{
    if (byteBudget == m_budget)
        return;
    m_budget = byteBudget;
    evictTo(byteBudget);
    if (byteBudget == 0) {
        // Nothing of the texts stays behind, not even which ones were seen.
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_index = {};
    }
}

ScanCache& ScanCache::forThisThread()
{
    thread_local ScanCache cache;
    return cache;
}

} // namespace tollgate::guardrails

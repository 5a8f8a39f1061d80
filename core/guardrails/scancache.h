#pragma once

#include "guardrails/scanner.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate::guardrails {

// Remembers what a scanner found in recent texts, so a text sent again is not scanned again.
// Requests to a model repeat most of their text: the same system prompt on every call, and in a
// conversation every earlier message again on each turn.
//
// A hit needs the same scanner options and the same bytes: the whole text is kept and compared,
// the hash only finds the candidate, so a collision costs a scan and never returns another text's
// findings. Only texts between kMinBytes and kMaxBytes are kept, only outcomes that are Ok, and
// at most `byteBudget` bytes of text; the least recently used go first. A text is kept the second
// time it is seen (a table of recent hashes remembers the first), so text that never comes back,
// like most new user messages, costs a hash and no copy.
//
// Thread: not thread-safe; one cache per thread (forThisThread()).
class ScanCache
{
public:
    static constexpr std::size_t kMinBytes = 128;    // shorter texts scan faster than they hash
    static constexpr std::size_t kMaxBytes = 64 * 1024;
    static constexpr std::size_t kDefaultBudget = 4 * 1024 * 1024;

    explicit ScanCache(std::size_t byteBudget = kDefaultBudget) : m_budget(byteBudget) {}

    // As Scanner::scan: appends the findings in `utf8` to `out`.
    ScanOutcome scan(const Scanner& scanner, std::string_view utf8, std::vector<Detection>& out);

    // The calling thread's cache.
    static ScanCache& forThisThread();

    // At most `byteBudget` bytes of text from now on: what is over it goes at once, least recently
    // used first; 0 keeps no text at all (and forgets what was kept).
    void setBudget(std::size_t byteBudget);

    std::uint64_t hits() const { return m_hits; }
    std::uint64_t misses() const { return m_misses; }
    std::size_t entries() const { return m_index.size(); }
    std::size_t bytes() const { return m_bytes; }

private:
    struct Entry
    {
        std::uint64_t key = 0;
        std::uint64_t enabled = 0;
        float threshold = 0;
        std::string text;
        ScanOutcome outcome;
        std::vector<Detection> found;
    };
    using List = std::list<Entry>;

    void insert(std::uint64_t key, std::uint64_t enabled, float threshold, std::string_view text,
                const ScanOutcome& outcome, const Detection* found, std::size_t count);
    void evictTo(std::size_t bytes); // least recently used first, until at most `bytes` are kept

    std::size_t m_budget;
    std::size_t m_bytes = 0;
    List m_lru; // most recently used first
    std::unordered_map<std::uint64_t, List::iterator> m_index;
    static constexpr std::size_t kSeenSlots = 4096; // power of two
    std::vector<std::uint64_t> m_seen = std::vector<std::uint64_t>(kSeenSlots); // hashes seen once
    std::uint64_t m_hits = 0;
    std::uint64_t m_misses = 0;
};

} // namespace tollgate::guardrails

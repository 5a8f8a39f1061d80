#pragma once

#include "guardrails/detector.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate::guardrails {

// Replaces findings with stable placeholders the provider sees ("[EMAIL_1]"), and puts the original
// values back into the response. One Pseudonymizer per request: the same value maps to the same
// placeholder in every message and tool result of the request. The mapping holds the raw values:
// it lives only as long as the request and is never logged. Not thread-safe (one worker thread).
//
// Placeholder form: '[' LABEL '_' number ']' with LABEL in [A-Z_]. Models copy such bracketed
// upper-case tokens verbatim far more reliably than invented names or numbers.
class Pseudonymizer
{
public:
    // Rewrites the detections (sorted, non-overlapping; prompt_injection skipped); `only` limits
    // which detectors are rewritten.
    std::string pseudonymize(std::string_view text, const std::vector<Detection>& detections,
                             const DetectorSet& only = allDetectors());

    // The placeholder for a value, created on first use.
    const std::string& placeholderFor(DetectorId id, std::string_view value);

    // Replaces every known placeholder in a whole response; unknown ones stay as they are.
    std::string restore(std::string_view text) const;

    // nullptr when `placeholder` (with brackets) is not one of ours.
    const std::string* valueFor(std::string_view placeholder) const;

    std::size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }
    // Longest placeholder handed out, in bytes (bounds what a stream has to hold back).
    std::size_t maxPlaceholderLength() const { return m_maxLength; }

private:
    std::array<std::uint32_t, kDetectorCount> m_next{};
    std::unordered_map<std::string, std::string> m_byValue; // label '\0' value -> placeholder
    std::unordered_map<std::string, std::string> m_values;  // placeholder -> value
    std::size_t m_maxLength = 0;
};

// Restores placeholders in a streamed response. feed() returns the text that is safe to emit now,
// holding back only a trailing fragment that could still become a placeholder ("[EMA"); finish()
// returns what is left at the end of the stream. A placeholder split across any number of deltas is
// restored whole. Holds a reference: the Pseudonymizer must outlive it.
class StreamRestorer
{
public:
    explicit StreamRestorer(const Pseudonymizer& pseudonymizer) : m_pseudonymizer(pseudonymizer) {}

    std::string feed(std::string_view delta);
    std::string finish();

private:
    const Pseudonymizer& m_pseudonymizer;
    std::string m_pending;
};

} // namespace tollgate::guardrails

#pragma once

#include "guardrails/detector.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate::guardrails {

// Replaces findings with typed placeholders ("[EMAIL_1]", "[CARD_2]"). One Redactor per request:
// the same value gets the same number in every message of the request, so the model can still tell
// two different addresses apart. Only 64-bit hashes of values are kept, never the values.
// Not thread-safe (a request lives on one worker thread).
class Redactor
{
public:
    // Rewrites every detection in `detections` (sorted, non-overlapping as Scanner produces them;
    // prompt_injection spans and anything overlapping an earlier span are skipped). `only`, when
    // given, limits the rewrite to those detectors.
    std::string redact(std::string_view text, const std::vector<Detection>& detections,
                       const DetectorSet& only = allDetectors());

    std::size_t redactedCount() const { return m_count; }

private:
    std::array<std::uint32_t, kDetectorCount> m_next{};
    std::unordered_map<std::uint64_t, std::uint32_t> m_numbers;
    std::size_t m_count = 0;
};

// "[LABEL_n]" for a detector and number.
std::string makePlaceholder(DetectorId id, std::uint32_t number);

} // namespace tollgate::guardrails

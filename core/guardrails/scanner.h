#pragma once

#include "guardrails/detector.h"

#include <string_view>
#include <vector>

namespace tollgate::guardrails {

struct ScannerOptions
{
    DetectorSet enabled = allDetectors();
    // prompt_injection is reported when the text's injection score reaches this value.
    float injectionThreshold = 0.5f;
};

enum class ScanStatus : std::uint8_t
{
    Ok,
    // The text is longer than the 32-bit offsets of Detection can address.
    InputTooLarge,
    // A detector failed (out of memory, broken invariant). The caller must fail closed.
    DetectorFailed,
};

struct ScanOutcome
{
    ScanStatus status = ScanStatus::Ok;
    // Injection score of the whole text in [0,1] (0 when the detector is disabled), so a caller can
    // log near misses below the threshold.
    float injectionScore = 0.0f;

    bool ok() const { return status == ScanStatus::Ok; }
};

// Runs every enabled detector over a UTF-8 text in one pass, plus the prompt-injection pass (a
// screen over the raw text; only the stretches around words that can anchor an injection pattern,
// or the whole text when it shows obfuscation, are normalised: see injection.h). Built once per config
// snapshot; scan() is const, thread-safe, never throws, and in steady state allocates nothing beyond growing
// `out` (per-thread scratch buffers are reused). Invalid UTF-8 is tolerated: bytes that are not valid UTF-8
// act as separators.
class Scanner
{
public:
    explicit Scanner(ScannerOptions options = {});

    const ScannerOptions& options() const { return m_options; }

    // Appends findings to `out` sorted by begin, without overlaps (where two detectors claim the
    // same bytes the more specific one wins: checksummed ids and secrets before phones and dates).
    ScanOutcome scan(std::string_view utf8, std::vector<Detection>& out) const noexcept;

private:
    ScannerOptions m_options;
};

} // namespace tollgate::guardrails

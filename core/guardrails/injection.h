#pragma once

// Prompt-injection detector (internal to core/guardrails; Scanner is the public entry point).

#include "guardrails/detector.h"

#include <string_view>
#include <vector>

namespace tollgate::guardrails::detail {

// Normalises the text (case, accents, homoglyphs, zero-width characters, spaced letters, leetspeak,
// base64 payloads), matches the multilingual phrase patterns and returns the text's injection
// score in [0,1]. When the score reaches `threshold`, appends one prompt_injection detection per
// matched region (byte offsets into `text`), each carrying the text's score. Thread-safe: the
// pattern index is immutable and the scratch buffers are per thread.
float scanInjection(std::string_view text, float threshold, std::vector<Detection>& out);

} // namespace tollgate::guardrails::detail

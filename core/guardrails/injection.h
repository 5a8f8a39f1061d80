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
//
// Most text is spared the normalising pass: a screen reads the raw text once, producing the words
// normalisation would produce without writing them out, and only the stretches of text around words
// that can anchor a pattern are normalised and matched. Texts showing obfuscation that works across
// characters or words (zero-width and other ignorable characters, homoglyphs, full-width letters,
// s p a c e d letters) always take the full normalising pass. The result is the same either way:
// the screen only decides how much text is normalised.
float scanInjection(std::string_view text, float threshold, std::vector<Detection>& out);

// For tests holding the screen to that contract: the same scan with the whole text always
// normalised, and whether the screen accepts a text (false: the full pass is taken).
float scanInjectionUnscreened(std::string_view text, float threshold, std::vector<Detection>& out);
bool injectionScreenAccepts(std::string_view text);

} // namespace tollgate::guardrails::detail

#pragma once

#include "guardrails/detector.h"
#include "guardrails/scanner.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate::guardrails {

// What the gateway does with a finding. Ordered by severity: when several detectors fire, the most
// severe action decides whether the request goes on at all (Block), the others rewrite or log.
enum class Action : std::uint8_t
{
    Allow,
    Log,
    Redact,
    Pseudonymize,
    Block
};

std::string_view actionName(Action action); // "allow", "log", "redact", "pseudonymize", "block"
std::optional<Action> actionFromName(std::string_view name);

// Plain data, parsed from the config (guardrails: section, per route or key). Defaults: secrets are
// redacted, prompt injection blocks, PII is logged; responses are not scanned.
struct GuardrailsPolicy
{
    std::array<Action, kDetectorCount> actions{};
    float injectionThreshold = 0.5f;
    bool scanResponses = false;

    GuardrailsPolicy();

    Action actionFor(DetectorId id) const { return actions[static_cast<std::size_t>(id)]; }
    void setAction(DetectorId id, Action action) { actions[static_cast<std::size_t>(id)] = action; }
    void setCategoryAction(DetectorCategory category, Action action);

    // Detectors whose action is Allow are not run at all.
    ScannerOptions scannerOptions() const;
};

// What a route, a key or a named profile changes in the config's guardrails policy; whatever it
// leaves unset comes from the guardrails section (which itself starts from the defaults above).
struct PolicyOverride
{
    std::array<std::optional<Action>, kDetectorCount> actions{};
    std::optional<float> injectionThreshold;
    std::optional<bool> scanResponses;

    void setAction(DetectorId id, Action action) { actions[static_cast<std::size_t>(id)] = action; }
    void setCategoryAction(DetectorCategory category, Action action);
    bool empty() const;
    bool operator==(const PolicyOverride&) const = default;
};

// A profile name a user can declare: lowercase letters, digits, '-' and '_', starting with a letter
// or digit, at most 64 bytes.
bool isProfileName(std::string_view name);

// `base` with the overrides applied, each of which may be null. A setting only one of them makes
// replaces the base's; where both set the same thing, the stricter wins: the later action in
// allow < log < redact < pseudonymize < block, the lower injection threshold, scanning responses
// over not. So neither a route's owner nor a key's holder can loosen what the other tightened.
GuardrailsPolicy applyOverrides(const GuardrailsPolicy& base, const PolicyOverride* first,
                                const PolicyOverride* second);
void applyOverride(GuardrailsPolicy& policy, const PolicyOverride& change);

// What a policy says about one scanned text (or a whole request: feed every part's detections).
struct PolicyVerdict
{
    Action strongest = Action::Allow;
    DetectorSet found;     // every detector that fired (for logs, classification, the ledger)
    DetectorSet blockedBy; // detectors whose action is Block
    bool rewrite = false;  // some finding must be redacted or pseudonymized

    bool blocked() const { return blockedBy.any(); }
};

PolicyVerdict evaluatePolicy(const GuardrailsPolicy& policy, const std::vector<Detection>& detections);
void mergeVerdict(PolicyVerdict& into, const PolicyVerdict& other);

// Client-facing reason for a block: names the detector ids, never the values
// ("blocked by guardrails: prompt_injection, us_ssn").
std::string blockReason(const PolicyVerdict& verdict);

} // namespace tollgate::guardrails

#include "guardrails/policy.h"

#include <algorithm>

namespace tollgate::guardrails {

std::string_view actionName(Action action)
{
    switch (action) {
    case Action::Allow:
        return "allow";
    case Action::Log:
        return "log";
    case Action::Redact:
        return "redact";
    case Action::Pseudonymize:
        return "pseudonymize";
    case Action::Block:
        return "block";
    }
    return "allow";
}

std::optional<Action> actionFromName(std::string_view name)
{
    for (Action a : {Action::Allow, Action::Log, Action::Redact, Action::Pseudonymize, Action::Block}) {
        if (actionName(a) == name)
            return a;
    }
    if (name == "pseudonymise")
        return Action::Pseudonymize;
    return std::nullopt;
}

GuardrailsPolicy::GuardrailsPolicy()
{
    setCategoryAction(DetectorCategory::Pii, Action::Log);
    setCategoryAction(DetectorCategory::Secret, Action::Redact);
    setCategoryAction(DetectorCategory::Injection, Action::Block);
}

namespace {
template<typename Slot>
void setCategory(std::array<Slot, kDetectorCount>& actions, DetectorCategory category, Action action)
{
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (detectorCategory(static_cast<DetectorId>(i)) == category)
            actions[i] = action;
    }
}
} // namespace

void GuardrailsPolicy::setCategoryAction(DetectorCategory category, Action action)
{
    setCategory(actions, category, action);
}

bool isProfileName(std::string_view name)
{
    if (name.empty() || name.size() > 64)
        return false;
    const auto lowerOrDigit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lowerOrDigit(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(), [&](char c) { return lowerOrDigit(c) || c == '-' || c == '_'; });
}

void PolicyOverride::setCategoryAction(DetectorCategory category, Action action)
{
    setCategory(actions, category, action);
}

bool PolicyOverride::empty() const
{
    return !injectionThreshold && !scanResponses &&
           std::none_of(actions.begin(), actions.end(), [](const std::optional<Action>& a) { return a.has_value(); });
}

void applyOverride(GuardrailsPolicy& policy, const PolicyOverride& change)
{
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (change.actions[i])
            policy.actions[i] = *change.actions[i];
    }
    if (change.injectionThreshold)
        policy.injectionThreshold = *change.injectionThreshold;
    if (change.scanResponses)
        policy.scanResponses = *change.scanResponses;
}

namespace {
template<typename T, typename Stricter>
std::optional<T> stricterOf(const std::optional<T>& a, const std::optional<T>& b, Stricter stricter)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return stricter(*a, *b);
}
} // namespace

GuardrailsPolicy applyOverrides(const GuardrailsPolicy& base, const PolicyOverride* first, const PolicyOverride* second)
{
    GuardrailsPolicy policy = base;
    if (!first || !second) {
        if (const PolicyOverride* only = first ? first : second)
            applyOverride(policy, *only);
        return policy;
    }
    PolicyOverride both;
    for (std::size_t i = 0; i < kDetectorCount; ++i)
        both.actions[i] = stricterOf(first->actions[i], second->actions[i], [](Action a, Action b) { return std::max(a, b); });
    both.injectionThreshold =
        stricterOf(first->injectionThreshold, second->injectionThreshold, [](float a, float b) { return std::min(a, b); });
    both.scanResponses = stricterOf(first->scanResponses, second->scanResponses, [](bool a, bool b) { return a || b; });
    applyOverride(policy, both);
    return policy;
}

ScannerOptions GuardrailsPolicy::scannerOptions() const
{
    ScannerOptions options;
    options.enabled.reset();
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (actions[i] != Action::Allow)
            options.enabled.set(i);
    }
    options.injectionThreshold = injectionThreshold;
    return options;
}

PolicyVerdict evaluatePolicy(const GuardrailsPolicy& policy, const std::vector<Detection>& detections)
{
    PolicyVerdict verdict;
    for (const Detection& d : detections) {
        const auto i = static_cast<std::size_t>(d.id);
        if (i >= kDetectorCount)
            continue;
        const Action a = policy.actions[i];
        if (a == Action::Allow)
            continue;
        verdict.found.set(i);
        if (a == Action::Block)
            verdict.blockedBy.set(i);
        // Injection spans mark an attack, not data: they can block but are never rewritten.
        if ((a == Action::Redact || a == Action::Pseudonymize) && d.id != DetectorId::PromptInjection)
            verdict.rewrite = true;
        if (static_cast<int>(a) > static_cast<int>(verdict.strongest))
            verdict.strongest = a;
    }
    return verdict;
}

void mergeVerdict(PolicyVerdict& into, const PolicyVerdict& other)
{
    into.found |= other.found;
    into.blockedBy |= other.blockedBy;
    into.rewrite = into.rewrite || other.rewrite;
    if (static_cast<int>(other.strongest) > static_cast<int>(into.strongest))
        into.strongest = other.strongest;
}

std::string blockReason(const PolicyVerdict& verdict)
{
    std::string reason = "blocked by guardrails:";
    bool first = true;
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (!verdict.blockedBy.test(i))
            continue;
        reason += first ? " " : ", ";
        reason += detectorName(static_cast<DetectorId>(i));
        first = false;
    }
    return reason;
}

} // namespace tollgate::guardrails

#include "guardrails/detector.h"

#include <array>

namespace tollgate::guardrails {

namespace {

struct DetectorInfo
{
    std::string_view name;
    std::string_view label;
    DetectorCategory category;
};

constexpr std::array<DetectorInfo, kDetectorCount> kInfo{{
    {"email", "EMAIL", DetectorCategory::Pii},
    {"phone", "PHONE", DetectorCategory::Pii},
    {"payment_card", "CARD", DetectorCategory::Pii},
    {"iban", "IBAN", DetectorCategory::Pii},
    {"us_ssn", "SSN", DetectorCategory::Pii},
    {"aadhaar", "AADHAAR", DetectorCategory::Pii},
    {"in_pan", "PAN", DetectorCategory::Pii},
    {"uk_nhs", "NHS", DetectorCategory::Pii},
    {"ip_address", "IP", DetectorCategory::Pii},
    {"date_of_birth", "DOB", DetectorCategory::Pii},
    {"medical_record_number", "MRN", DetectorCategory::Pii},
    {"person_name", "NAME", DetectorCategory::Pii},
    {"aws_access_key", "AWS_KEY", DetectorCategory::Secret},
    {"github_token", "GITHUB_TOKEN", DetectorCategory::Secret},
    {"gitlab_token", "GITLAB_TOKEN", DetectorCategory::Secret},
    {"openai_key", "OPENAI_KEY", DetectorCategory::Secret},
    {"anthropic_key", "ANTHROPIC_KEY", DetectorCategory::Secret},
    {"google_api_key", "GOOGLE_KEY", DetectorCategory::Secret},
    {"slack_token", "SLACK_TOKEN", DetectorCategory::Secret},
    {"stripe_key", "STRIPE_KEY", DetectorCategory::Secret},
    {"private_key", "PRIVATE_KEY", DetectorCategory::Secret},
    {"jwt", "JWT", DetectorCategory::Secret},
    {"connection_string", "CONNECTION_STRING", DetectorCategory::Secret},
    {"prompt_injection", "INJECTION", DetectorCategory::Injection},
}};

} // namespace

std::string_view detectorName(DetectorId id)
{
    const auto i = static_cast<std::size_t>(id);
    return i < kDetectorCount ? kInfo[i].name : std::string_view("unknown");
}

std::string_view detectorLabel(DetectorId id)
{
    const auto i = static_cast<std::size_t>(id);
    return i < kDetectorCount ? kInfo[i].label : std::string_view("UNKNOWN");
}

std::optional<DetectorId> detectorFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (kInfo[i].name == name)
            return static_cast<DetectorId>(i);
    }
    return std::nullopt;
}

DetectorCategory detectorCategory(DetectorId id)
{
    const auto i = static_cast<std::size_t>(id);
    return i < kDetectorCount ? kInfo[i].category : DetectorCategory::Pii;
}

std::string_view categoryName(DetectorCategory category)
{
    switch (category) {
    case DetectorCategory::Pii:
        return "pii";
    case DetectorCategory::Secret:
        return "secret";
    case DetectorCategory::Injection:
        return "injection";
    }
    return "pii";
}

DetectorSet detectorsInCategory(DetectorCategory category)
{
    DetectorSet set;
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        if (kInfo[i].category == category)
            set.set(i);
    }
    return set;
}

} // namespace tollgate::guardrails

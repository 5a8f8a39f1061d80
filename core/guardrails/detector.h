#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tollgate::guardrails {

// Every detector Tollgate ships. The string ids (detectorName) are part of the config file format
// and of `tollgate scan` output: never rename one, only add.
enum class DetectorId : std::uint8_t
{
    // PII
    Email,
    Phone,
    PaymentCard,
    Iban,
    UsSsn,
    Aadhaar,
    InPan,
    UkNhs,
    IpAddress,
    DateOfBirth,
    MedicalRecordNumber,
    PersonName,
    // Secrets
    AwsAccessKey,
    GithubToken,
    GitlabToken,
    OpenaiKey,
    AnthropicKey,
    GoogleApiKey,
    SlackToken,
    StripeKey,
    PrivateKey,
    Jwt,
    ConnectionString,
    // Injection
    PromptInjection,
    Count
};

inline constexpr std::size_t kDetectorCount = static_cast<std::size_t>(DetectorId::Count);

enum class DetectorCategory : std::uint8_t
{
    Pii,
    Secret,
    Injection
};

using DetectorSet = std::bitset<kDetectorCount>;

// Stable snake_case id, e.g. "payment_card".
std::string_view detectorName(DetectorId id);
std::optional<DetectorId> detectorFromName(std::string_view name);
DetectorCategory detectorCategory(DetectorId id);
std::string_view categoryName(DetectorCategory category); // "pii", "secret", "injection"
// Upper-case label used in placeholders, e.g. "CARD" in "[CARD_1]".
std::string_view detectorLabel(DetectorId id);

inline DetectorSet allDetectors()
{
    return DetectorSet().set();
}
DetectorSet detectorsInCategory(DetectorCategory category);

// One finding. begin/end are byte offsets (half-open) into the UTF-8 text that was scanned.
// score is in [0,1]: 1 for checksum-validated identifiers, lower where only format and context
// speak for the finding; for prompt_injection it is the text's injection score.
struct Detection
{
    DetectorId id = DetectorId::Email;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    float score = 1.0f;
};

} // namespace tollgate::guardrails

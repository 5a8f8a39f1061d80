#include "config/gatewayconfig.h"

namespace tollgate {

namespace {

// A literal key shorter than this is shown without any of its characters: four characters of a
// short key would give away too much of it.
constexpr int kMinLengthToShowPrefix = 12;
constexpr int kShownPrefix = 4;

} // namespace

QString SecretRef::describe() const
{
    switch (source) {
    case Source::None:
        return QStringLiteral("none");
    case Source::Env:
        return QStringLiteral("env:") + envName;
    case Source::Secret:
        return QStringLiteral("secret:") + secretName;
    case Source::Literal:
        if (value.size() < kMinLengthToShowPrefix)
            return QStringLiteral("literal");
        return QStringLiteral("literal (") + QString::fromLatin1(value.left(kShownPrefix)) + QChar(0x2026) +
               QLatin1Char(')');
    }
    return QStringLiteral("none");
}

const ModelConfig* ProviderConfig::findModel(const QString& model) const
{
    for (const ModelConfig& m : models) {
        if (m.name == model)
            return &m;
    }
    return nullptr;
}

const ProviderConfig* GatewayConfig::findProvider(const QString& name) const
{
    for (const ProviderConfig& p : providers) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const RouteConfig* GatewayConfig::findRoute(const QString& alias) const
{
    for (const RouteConfig& r : routes) {
        if (r.alias == alias)
            return &r;
    }
    return nullptr;
}

const GuardrailsProfile* GatewayConfig::findGuardrailsProfile(const QString& name) const
{
    for (const GuardrailsProfile& p : guardrailProfiles) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

guardrails::ScannerOptions GatewayConfig::scannerOptions(const guardrails::GuardrailsPolicy& policy,
                                                         bool forInstructions) const
{
    guardrails::ScannerOptions options = policy.scannerOptions();
    for (const auto& [detector, dataClass] : residency.detectorTable()) {
        if (dataClass.isEmpty())
            continue;
        if (auto id = guardrails::detectorFromName(detector.toStdString()))
            options.enabled.set(std::size_t(*id));
    }
    if (forInstructions)
        options.enabled.reset(std::size_t(guardrails::DetectorId::PromptInjection));
    return options;
}

void GatewayConfig::buildScanner()
{
    scanner = std::make_shared<const guardrails::Scanner>(scannerOptions(guardrails, false));
    instructionScanner = std::make_shared<const guardrails::Scanner>(scannerOptions(guardrails, true));
}

std::shared_ptr<const guardrails::Scanner> GatewayConfig::scannerOrBuild(bool forInstructions) const
{
    if (const auto& built = forInstructions ? instructionScanner : scanner)
        return built;
    return std::make_shared<const guardrails::Scanner>(scannerOptions(guardrails, forInstructions));
}

} // namespace tollgate

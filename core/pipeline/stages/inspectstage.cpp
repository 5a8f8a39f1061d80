#include "pipeline/stages/inspectstage.h"

#include "audit/decisionledger.h"
#include "budget/keyregistry.h"
#include "guardrails/pseudonymizer.h"
#include "guardrails/redactor.h"
#include "guardrails/scancache.h"
#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {

namespace {

using guardrails::Action;
using guardrails::DetectorId;
using guardrails::DetectorSet;

bool isInstruction(const rapidjson::Value& message)
{
    const auto role = message.FindMember("role");
    if (role == message.MemberEnd() || !role->value.IsString())
        return false;
    const std::string_view r(role->value.GetString(), role->value.GetStringLength());
    return r == "system" || r == "developer";
}

// Every text of a message: a string content, or the "text" of its content parts.
template<typename F>
void forEachText(rapidjson::Value& message, F&& each)
{
    auto content = message.FindMember("content");
    if (content == message.MemberEnd())
        return;
    if (content->value.IsString()) {
        each(content->value);
        return;
    }
    if (!content->value.IsArray())
        return;
    for (rapidjson::Value& part : content->value.GetArray()) {
        if (!part.IsObject())
            continue;
        auto text = part.FindMember("text");
        if (text != part.MemberEnd() && text->value.IsString())
            each(text->value);
    }
}

// The policy for this request: the config's, changed by the profile the route names and the one
// the key names (the stricter wins where both set something). A profile the config does not
// declare any more (a key created for a profile since removed) stops the request: fail closed.
StageResult choosePolicy(RequestContext& context)
{
    const GatewayConfig& config = context.config();
    if (config.guardrailProfiles.empty() && (!context.key || context.key->guardrails.isEmpty()))
        return StageResult::proceed();
    const RouteConfig* route = config.findRoute(context.chat->model);
    const QString routeProfile = route ? route->guardrails : QString();
    const QString keyProfile = context.key ? context.key->guardrails : QString();
    if (routeProfile.isEmpty() && keyProfile.isEmpty())
        return StageResult::proceed();
    const GuardrailsProfile* forRoute = routeProfile.isEmpty() ? nullptr : config.findGuardrailsProfile(routeProfile);
    const GuardrailsProfile* forKey = keyProfile.isEmpty() ? nullptr : config.findGuardrailsProfile(keyProfile);
    if (!keyProfile.isEmpty() && !forKey) {
        return StageResult::refuse(
            api::ApiError{403, "permission_error", "unknown_guardrails_profile", {},
                QStringLiteral("This key's guardrails profile '%1' is not in the gateway's config; the request was not "
                               "sent. Ask the gateway's admin to declare it or to change the key.")
                    .arg(keyProfile), {}},
            QStringLiteral("inspect: unknown guardrails profile %1 (fail closed)").arg(keyProfile));
    }
    context.guardrailsPolicy = guardrails::applyOverrides(config.guardrails, forRoute ? &forRoute->change : nullptr,
                                                          forKey ? &forKey->change : nullptr);
    QStringList named;
    if (forRoute)
        named << QStringLiteral("route=") + routeProfile;
    if (forKey)
        named << QStringLiteral("key=") + keyProfile;
    context.guardrailsProfiles = named.join(QLatin1Char(' '));
    return StageResult::proceed();
}

} // namespace

StageResult InspectStage::process(RequestContext& context)
{
    if (!context.chat)
        return StageResult::proceed();
    if (StageResult chosen = choosePolicy(context); chosen.verdict() != StageResult::Verdict::Continue)
        return chosen;
    const GatewayConfig& config = context.config();
    const guardrails::GuardrailsPolicy& policy = context.policy();
    const std::shared_ptr<const guardrails::Scanner> userScanner = context.scannerFor(false);
    const std::shared_ptr<const guardrails::Scanner> instructionScanner = context.scannerFor(true);
    rapidjson::Document& doc = *context.chat->body;
    auto messages = doc.FindMember("messages");
    if (messages == doc.MemberEnd() || !messages->value.IsArray())
        return StageResult::proceed();

    guardrails::ScanCache& cache = guardrails::ScanCache::forThisThread();
    cache.setBudget(std::size_t(config.scanCacheBytes));

    DetectorSet rewriteWith;
    for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i) {
        const Action a = policy.actions[i];
        if (a == Action::Redact || a == Action::Pseudonymize)
            rewriteWith.set(i);
    }

    guardrails::PolicyVerdict verdict;
    std::vector<guardrails::Detection> found;
    std::unique_ptr<guardrails::Redactor> redactor;
    auto& alloc = doc.GetAllocator();
    bool failed = false;
    for (rapidjson::Value& message : messages->value.GetArray()) {
        if (!message.IsObject())
            continue;
        const bool instruction = isInstruction(message);
        const guardrails::Scanner* scanner = instruction ? instructionScanner.get() : userScanner.get();
        forEachText(message, [&](rapidjson::Value& value) {
            if (failed)
                return;
            const std::string_view text(value.GetString(), value.GetStringLength());
            found.clear();
            // The same system prompt and conversation history come again with every call: what
            // this thread scanned recently under the same policy is not scanned twice.
            if (!cache.scan(*scanner, text, found).ok()) {
                failed = true;
                return;
            }
            if (found.empty())
                return;
            guardrails::PolicyVerdict part = guardrails::evaluatePolicy(policy, found);
            guardrails::mergeVerdict(verdict, part);
            DecisionLedger* ledger = context.services().ledger;
            for (const guardrails::Detection& d : found) {
                context.detectionCounts[std::size_t(d.id)] += 1;
                if (ledger && d.id != DetectorId::PromptInjection && d.end > d.begin && d.end <= text.size())
                    context.detectionHashes.emplace_back(
                        d.id, ledger->hashValue(QByteArrayView(text.data() + d.begin, qsizetype(d.end - d.begin))));
            }
            if (part.blocked())
                return;
            // What still reaches the provider (allowed, logged) decides the data classes; what is
            // redacted or pseudonymized never leaves the gateway.
            for (const guardrails::Detection& d : found) {
                const Action a = policy.actionFor(d.id);
                if (a == Action::Allow || a == Action::Log)
                    config.residency.addDetection(guardrails::detectorName(d.id), context.classification);
            }
            if (!part.rewrite)
                return;
            std::string rewritten(text);
            DetectorSet pseudonymize, redact;
            for (const guardrails::Detection& d : found) {
                if (policy.actionFor(d.id) == Action::Pseudonymize)
                    pseudonymize.set(std::size_t(d.id));
                else if (policy.actionFor(d.id) == Action::Redact)
                    redact.set(std::size_t(d.id));
            }
            if (pseudonymize.any()) {
                if (!context.pseudonyms)
                    context.pseudonyms = std::make_shared<guardrails::Pseudonymizer>();
                rewritten = context.pseudonyms->pseudonymize(text, found, pseudonymize);
            }
            if (redact.any()) {
                if (!redactor)
                    redactor = std::make_unique<guardrails::Redactor>();
                if (pseudonymize.any()) {
                    // Offsets moved: find the values to redact again in the rewritten text.
                    found.clear();
                    if (!scanner->scan(rewritten, found).ok()) {
                        failed = true;
                        return;
                    }
                }
                rewritten = redactor->redact(rewritten, found, redact);
            }
            value.SetString(rewritten.data(), rapidjson::SizeType(rewritten.size()), alloc);
            context.chat->rewritten = true;
        });
        if (failed)
            break;
    }
    if (failed)
        return StageResult::block(api::ApiError::internal(QStringLiteral(
                                     "The request could not be checked by the guardrails and was not sent.")),
                                 QStringLiteral("inspect: detector failed (fail closed)"));
    context.guardrailAction = verdict.strongest;
    if (verdict.blocked()) {
        const std::string reason = guardrails::blockReason(verdict);
        return StageResult::block(api::ApiError::invalidRequest(
                                     QStringLiteral("The request was refused (%1). Remove what was found and send it again.")
                                         .arg(QString::fromStdString(reason)),
                                     "messages", "guardrails_blocked"),
                                 QStringLiteral("inspect: ") + QString::fromStdString(reason));
    }
    return StageResult::proceed();
}

} // namespace tollgate::pipeline

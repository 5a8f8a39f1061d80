#include "pipeline/stages/routestage.h"

#include "pipeline/requestcontext.h"


#include <algorithm>

namespace tollgate::pipeline {

namespace {

// A region pinned by the client; same spelling rule as a provider's region in the config.
QString describeTargets(const std::vector<routing::RouteTarget>& targets)
{
    QStringList parts;
    for (const routing::RouteTarget& t : targets)
        parts.append(QStringLiteral("%1 (%2)").arg(t.provider->name, t.provider->region));
    return parts.join(QLatin1String(", "));
}

} // namespace

StageResult RouteStage::process(RequestContext& context)
{
    if (!context.chat && !context.embeddings)
        return StageResult::proceed();
    const bool chat = context.chat.has_value();
    auto resolved = routing::resolveTargets(context.config(), chat ? context.chat->model : context.embeddings->model,
                                            chat ? routing::ModelUse::Chat : routing::ModelUse::Embeddings);
    if (auto* error = std::get_if<api::ApiError>(&resolved))
        return StageResult::stop(std::move(*error), QStringLiteral("route: no target for the model"));
    std::vector<routing::RouteTarget> targets = std::move(std::get<std::vector<routing::RouteTarget>>(resolved));

    const std::string_view pin = context.httpRequest().headers.value("x-tollgate-region");
    if (!pin.empty()) {
        if (!residency::isValidRegionName(pin))
            return StageResult::stop(api::ApiError::invalidRequest(
                                         QStringLiteral("The x-tollgate-region header must be a region name such as eu, "
                                                        "us or in (lowercase letters, digits and '-')."),
                                         {}, "invalid_region"),
                                     QStringLiteral("route: bad region pin"));
        const QString requested = QString::fromLatin1(pin.data(), qsizetype(pin.size()));
        if (!context.pinnedRegion.isEmpty() && context.pinnedRegion != requested)
            return StageResult::refuse(
                api::ApiError::residencyRefused(QStringLiteral("This key is pinned to region %1; the request asked for %2.")
                                                    .arg(context.pinnedRegion, requested)),
                QStringLiteral("policy: region pin conflict"));
        context.pinnedRegion = requested;
    }

    // The region lock: only targets whose region every regime of the request's data allows (and
    // the pinned region, if any). Nothing else is ever tried, fallback included.
    const residency::ResidencyPolicy& policy = context.config().residency;
    const residency::NameSet regimes = context.classification.regimes;
    context.candidates.clear();
    for (const routing::RouteTarget& t : targets) {
        context.candidates.push_back({t.provider->name, t.provider->region,
                                      policy.regionAllowed(regimes, t.provider->region)
                                          && (context.pinnedRegion.isEmpty() || t.provider->region == context.pinnedRegion)});
    }
    if (regimes || !context.pinnedRegion.isEmpty()) {
        std::vector<routing::RouteTarget> allowed;
        allowed.reserve(targets.size());
        for (const routing::RouteTarget& t : targets) {
            if (policy.regionAllowed(regimes, t.provider->region)
                && (context.pinnedRegion.isEmpty() || t.provider->region == context.pinnedRegion))
                allowed.push_back(t);
        }
        if (allowed.empty()) {
            const QString model = chat ? context.chat->model : context.embeddings->model;
            QString message;
            if (regimes) {
                const residency::RegionDecision decision = policy.allowedRegions(regimes, context.pinnedRegion);
                message = QStringLiteral("Refused: this request carries %1 data under %2, which may only be processed "
                                         "in %3; no target of '%4' is there (%5).")
                              .arg(policy.classNames(context.classification.classes).join(QLatin1String(", ")),
                                   policy.regimeNames(regimes).join(QLatin1String(", ")),
                                   decision.regions.isEmpty() ? QStringLiteral("no region at all")
                                                              : QStringLiteral("region ") + decision.regions.join(QLatin1String(", ")),
                                   model, describeTargets(targets));
            } else {
                message = QStringLiteral("Refused: the request is pinned to region %1 and no target of '%2' is there (%3).")
                              .arg(context.pinnedRegion, model, describeTargets(targets));
            }
            return StageResult::refuse(api::ApiError::residencyRefused(message), QStringLiteral("policy: no allowed region"));
        }
        targets = std::move(allowed);
    }
    context.targets = std::move(targets);
    return StageResult::proceed();
}

} // namespace tollgate::pipeline

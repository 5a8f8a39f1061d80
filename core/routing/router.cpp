#include "routing/router.h"

#include <algorithm>
#include <numeric>

namespace tollgate::routing {
namespace {

std::variant<RouteTarget, api::ApiError> makeTarget(const GatewayConfig& config, const QString& providerName,
                                                    const QString& modelName, const QString& asked, ModelUse use)
{
    const ProviderConfig* provider = config.findProvider(providerName);
    const ModelConfig* model = provider ? provider->findModel(modelName) : nullptr;
    if (!model)
        return api::ApiError::modelNotFound(asked);
    const providers::ProviderAdapter* adapter = providers::adapterForKind(provider->kind);
    if (!adapter)
        return api::ApiError::internal(QStringLiteral("Provider '%1' has a kind this gateway cannot speak: %2")
                                           .arg(provider->name, provider->kind));
    if (model->embeddings != (use == ModelUse::Embeddings)) {
        return api::ApiError::invalidRequest(
            use == ModelUse::Embeddings
                ? QStringLiteral("The model '%1' is a chat model; /v1/embeddings needs an embeddings model.").arg(asked)
                : QStringLiteral("The model '%1' is an embeddings model; use it with /v1/embeddings.").arg(asked),
            "model", "model_not_supported");
    }
    if (use == ModelUse::Embeddings && !adapter->supportsEmbeddings()) // configs built outside the loader
        return api::ApiError::invalidRequest(QStringLiteral("provider %1 (kind %2) has no embeddings")
                                                 .arg(provider->name, provider->kind),
                                             "model", "model_not_supported");
    return RouteTarget{provider, model, adapter};
}

} // namespace

std::size_t weightedTurn(const std::vector<RouteTargetConfig>& targets, std::uint64_t turn)
{
    std::uint64_t total = 0;
    for (const RouteTargetConfig& t : targets)
        total += std::uint64_t(std::max(1, t.weight));
    if (targets.size() < 2)
        return 0;
    // Step through the slots 0..total-1 by a stride coprime with total (so each slot comes once
    // per run), about 0.618 of the way round each time, so neighbouring turns land far apart.
    std::uint64_t stride = std::max<std::uint64_t>(1, std::uint64_t(double(total) * 0.618));
    while (std::gcd(stride, total) != 1)
        ++stride;
    std::uint64_t slot = (turn % total) * stride % total;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const std::uint64_t weight = std::uint64_t(std::max(1, targets[i].weight));
        if (slot < weight)
            return i;
        slot -= weight;
    }
    return 0; // not reached
}

std::variant<std::vector<RouteTarget>, api::ApiError> resolveTargets(const GatewayConfig& config,
                                                                      const QString& model, ModelUse use)
{
    std::vector<RouteTarget> targets;
    if (const RouteConfig* route = config.findRoute(model)) {
        targets.reserve(route->targets.size());
        for (const RouteTargetConfig& t : route->targets) {
            auto target = makeTarget(config, t.provider, t.model, model, use);
            if (auto* error = std::get_if<api::ApiError>(&target))
                return std::move(*error);
            targets.push_back(std::get<RouteTarget>(target));
        }
        if (route->strategy == RouteStrategy::Weighted && targets.size() > 1) {
            const std::size_t first = weightedTurn(route->targets, route->turns->fetch_add(1, std::memory_order_relaxed));
            // That one first, the others after it in their listed order.
            std::rotate(targets.begin(), targets.begin() + std::ptrdiff_t(first), targets.begin() + std::ptrdiff_t(first) + 1);
        }
        return targets;
    }
    const qsizetype slash = model.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return api::ApiError::modelNotFound(model);
    auto target = makeTarget(config, model.left(slash), model.mid(slash + 1), model, use);
    if (auto* error = std::get_if<api::ApiError>(&target))
        return std::move(*error);
    targets.push_back(std::get<RouteTarget>(target));
    return targets;
}

bool shouldFallOver(http::UpstreamFailure failure, int status)
{
    switch (failure) {
    case http::UpstreamFailure::None:
        return status == 429 || status >= 500;
    case http::UpstreamFailure::Cancelled:
        return false;
    default:
        return true;
    }
}

} // namespace tollgate::routing

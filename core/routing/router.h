#pragma once

#include "api/apierror.h"
#include "config/gatewayconfig.h"
#include "http/upstreamclient.h"
#include "providers/provideradapter.h"

#include <variant>
#include <vector>

namespace tollgate::routing {

enum class ModelUse { Chat, Embeddings };

// One place a request may go: a provider, one of its models, and the adapter that speaks to it.
// Pointers into the config snapshot the request holds.
struct RouteTarget
{
    const ProviderConfig* provider = nullptr;
    const ModelConfig* model = nullptr;
    const providers::ProviderAdapter* adapter = nullptr;
};

// The ordered targets for what the client put in "model": a route alias (its targets in order, or
// under the weighted strategy the target whose turn it is first and then the others in order) or
// a "provider/model" id (that one target). An unknown model is a 404; a model of the wrong use
// (an embeddings model on /v1/chat/completions) a 400.
std::variant<std::vector<RouteTarget>, api::ApiError> resolveTargets(const GatewayConfig& config,
                                                                      const QString& model, ModelUse use);

// The index of the target that goes first on the turn-th request to a weighted route. Over every
// run of sum-of-weights turns each target goes first exactly weight times, spread out rather than
// in blocks (3 and 1: first, second, first, first). The weights are 1..1000.
std::size_t weightedTurn(const std::vector<RouteTargetConfig>& targets, std::uint64_t turn);

// Whether a failed attempt may fall over to the next target: connection failures, timeouts,
// resets, 429 and 5xx. The caller also checks that nothing has reached the client yet.
bool shouldFallOver(http::UpstreamFailure failure, int status);

} // namespace tollgate::routing

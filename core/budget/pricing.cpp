#include "budget/pricing.h"

#include <algorithm>

namespace tollgate::budget {

Money usageCost(const PriceSheet& price, const TokenUsage& usage)
{
    const ModelPrice& p = price.model;
    const auto inputOr = [&](std::int64_t v) { return v >= 0 ? v : p.inputPerMillionMicros; };
    const std::int64_t input = std::max<std::int64_t>(0, usage.inputTokens);
    const std::int64_t cached = std::clamp<std::int64_t>(usage.cachedInputTokens, 0, input);
    const std::int64_t written = std::clamp<std::int64_t>(usage.cacheWriteTokens, 0, input - cached);
    const std::int64_t output = std::max<std::int64_t>(0, usage.outputTokens);
    const std::int64_t reasoning = std::clamp<std::int64_t>(usage.reasoningTokens, 0, output);
    const std::int64_t reasoningPrice =
        price.reasoningPerMillionMicros >= 0 ? price.reasoningPerMillionMicros : p.outputPerMillionMicros;
    Money cost;
    cost.currency = p.currency;
    cost.micros = costMicros(input - cached - written, p.inputPerMillionMicros)
                  + costMicros(cached, inputOr(p.cachedInputPerMillionMicros))
                  + costMicros(written, inputOr(p.cacheWritePerMillionMicros))
                  + costMicros(output - reasoning, p.outputPerMillionMicros)
                  + costMicros(reasoning, reasoningPrice);
    return cost;
}

std::int64_t inputTokensUpperBound(const CostBound& bound, const CostBoundDefaults& defaults)
{
    return std::max<std::int64_t>(0, bound.requestBytes)
           + std::max<std::int64_t>(1, bound.messageCount) * std::max<std::int64_t>(0, defaults.perMessageOverheadTokens);
}

std::int64_t outputTokensBound(const CostBound& bound, const CostBoundDefaults& defaults)
{
    if (bound.maxOutputTokens && *bound.maxOutputTokens > 0) {
        return bound.modelOutputLimit > 0 ? std::min(*bound.maxOutputTokens, bound.modelOutputLimit)
                                          : *bound.maxOutputTokens;
    }
    if (bound.modelOutputLimit > 0)
        return bound.modelOutputLimit;
    return std::max<std::int64_t>(0, defaults.defaultMaxOutputTokens);
}

Money maxRequestCost(const PriceSheet& price, const CostBound& bound, const CostBoundDefaults& defaults)
{
    const ModelPrice& p = price.model;
    const std::int64_t inputPrice =
        std::max({p.inputPerMillionMicros, p.cachedInputPerMillionMicros, p.cacheWritePerMillionMicros});
    const std::int64_t outputPrice = std::max(p.outputPerMillionMicros, price.reasoningPerMillionMicros);
    Money cost;
    cost.currency = p.currency;
    cost.micros = costMicros(inputTokensUpperBound(bound, defaults), inputPrice)
                  + costMicros(outputTokensBound(bound, defaults), outputPrice)
                  // usageCost() rounds up to five token classes separately, each by at most half
                  // a micro-unit; the slack keeps the bound an upper bound.
                  + 3;
    return cost;
}

} // namespace tollgate::budget

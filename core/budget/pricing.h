#pragma once

#include "common/money.h"
#include "config/gatewayconfig.h"

#include <cstdint>
#include <optional>

namespace tollgate::budget {

// Tokens of one request as the provider reported them. inputTokens counts every input token
// (cached and cache-written ones included); outputTokens counts every output token (reasoning
// included, as OpenAI reports it).
struct TokenUsage
{
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t cacheWriteTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
};

// ModelPrice plus a price for reasoning tokens, which ModelPrice does not have. -1: the output price.
struct PriceSheet
{
    ModelPrice model;
    std::int64_t reasoningPerMillionMicros = -1;
};

// The cost of a finished request in the price's currency, each token class at its own price.
Money usageCost(const PriceSheet& price, const TokenUsage& usage);

// What admission knows before the call.
struct CostBound
{
    std::int64_t requestBytes = 0;  // the request body's size
    std::int64_t messageCount = 0;  // chat messages in it
    std::optional<std::int64_t> maxOutputTokens; // max_tokens / max_completion_tokens, if sent
    std::int64_t modelOutputLimit = 0;           // the model's output limit; 0: unknown
};

struct CostBoundDefaults
{
    std::int64_t defaultMaxOutputTokens = 4096;
    std::int64_t perMessageOverheadTokens = 8;
};

// Upper bound on input tokens: no tokenizer emits more tokens than bytes, plus the per-message
// overhead providers add.
std::int64_t inputTokensUpperBound(const CostBound& bound, const CostBoundDefaults& defaults);
// Output tokens admission assumes: max_tokens (capped by the model's limit), else the model's
// limit, else the configured default. The gateway must send this value upstream as max_tokens when
// the client sent none, or the bound does not hold.
std::int64_t outputTokensBound(const CostBound& bound, const CostBoundDefaults& defaults);
// The most this request can cost: every input token at the dearest input price, every output
// token at the dearest output price.
Money maxRequestCost(const PriceSheet& price, const CostBound& bound, const CostBoundDefaults& defaults);

} // namespace tollgate::budget

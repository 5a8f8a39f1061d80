#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// Virtual keys (DESIGN.md stage 2). Once any key exists, a request without a valid one gets 401
// and a key outside its scopes 403; until then the gateway runs open. Runs after decode, because
// the scope check needs the model the client asked for.
class AuthStage final : public Stage
{
public:
    std::string_view name() const override { return "auth"; }
    StageResult process(RequestContext& context) override;
};

// Rate limits and budgets (stage 8): after routing, the request's maximum cost over every target
// it may go to is reserved atomically in every budget it touches, or it is refused (429 or 402).
// RequestContext::finish() settles the actual cost and releases the rest.
class AdmitStage final : public Stage
{
public:
    std::string_view name() const override { return "admit"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

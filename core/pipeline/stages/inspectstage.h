#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// Guardrails and classification (DESIGN.md stages 4 and 5). Scans every message of a chat request
// with the config's scanner; blocks (400 naming the detectors, never the values), redacts or
// pseudonymizes what the policy says; maps what still goes to the provider to data classes and
// regimes for the route stage's region lock. A scanner that fails blocks the request: fail closed.
class InspectStage final : public Stage
{
public:
    std::string_view name() const override { return "inspect"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// Maps method and path to an endpoint. Answers /healthz and /v1/models itself; unknown paths get
// 404 and known paths with the wrong method 405 (with Allow).
class AcceptStage final : public Stage
{
public:
    std::string_view name() const override { return "accept"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

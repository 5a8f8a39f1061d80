#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// The model the client asked for -> the ordered targets to try. Unknown model: 404.
class RouteStage final : public Stage
{
public:
    std::string_view name() const override { return "route"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

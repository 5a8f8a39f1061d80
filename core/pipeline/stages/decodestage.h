#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// Body -> canonical request, type-checked. Bad JSON, invalid UTF-8, missing or mistyped fields: 400.
class DecodeStage final : public Stage
{
public:
    std::string_view name() const override { return "decode"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

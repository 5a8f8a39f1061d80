#pragma once

#include "pipeline/stage.h"

namespace tollgate::pipeline {

// Calls the targets in order until one answers. Falls over to the next target on connection
// failure, timeout, reset, 429, 5xx or an answer that is not what the provider's API promises —
// as long as no byte has reached the client. Streams are relayed event by event with backpressure;
// a client that leaves cancels the upstream call.
class CallStage final : public Stage
{
public:
    std::string_view name() const override { return "call"; }
    StageResult process(RequestContext& context) override;
};

} // namespace tollgate::pipeline

#pragma once

#include "pipeline/stage.h"

#include <memory>
#include <vector>

namespace tollgate::pipeline {

// The ordered request chain. Built once per configuration and shared by every request that
// starts under it. Runs on the worker thread.
class Chain
{
public:
    explicit Chain(std::vector<std::unique_ptr<Stage>> stages) : m_stages(std::move(stages)) {}

    // The gateway's chain: accept, decode, auth (after decode: scopes name models), inspect (with
    // classification), route (with the region lock), admit, call. The cache is still to come.
    static std::shared_ptr<const Chain> standard();

    // Runs stages from context.nextStage until one stops or goes pending. A stop is answered here;
    // a pending stage answers (and finishes the request) itself.
    void run(const std::shared_ptr<RequestContext>& context) const;

    const std::vector<std::unique_ptr<Stage>>& stages() const { return m_stages; }

private:
    std::vector<std::unique_ptr<Stage>> m_stages;
};

} // namespace tollgate::pipeline

#include "pipeline/stages/routestage.h"

#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {

StageResult RouteStage::process(RequestContext& context)
{
    if (!context.chat && !context.embeddings)
        return StageResult::proceed();
    const bool chat = context.chat.has_value();
    auto resolved = routing::resolveTargets(context.config(), chat ? context.chat->model : context.embeddings->model,
                                            chat ? routing::ModelUse::Chat : routing::ModelUse::Embeddings);
    if (auto* error = std::get_if<api::ApiError>(&resolved))
        return StageResult::stop(std::move(*error), QStringLiteral("route: no target for the model"));
    context.targets = std::move(std::get<std::vector<routing::RouteTarget>>(resolved));
    return StageResult::proceed();
}

} // namespace tollgate::pipeline

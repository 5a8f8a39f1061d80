#include "pipeline/chain.h"

#include "pipeline/requestcontext.h"
#include "pipeline/stages/acceptstage.h"
#include "pipeline/stages/budgetstages.h"
#include "pipeline/stages/callstage.h"
#include "pipeline/stages/decodestage.h"
#include "pipeline/stages/inspectstage.h"
#include "pipeline/stages/routestage.h"

namespace tollgate::pipeline {

std::shared_ptr<const Chain> Chain::standard()
{
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::make_unique<AcceptStage>());
    stages.push_back(std::make_unique<DecodeStage>());
    stages.push_back(std::make_unique<AuthStage>());
    stages.push_back(std::make_unique<InspectStage>());
    stages.push_back(std::make_unique<RouteStage>());
    stages.push_back(std::make_unique<AdmitStage>());
    stages.push_back(std::make_unique<CallStage>());
    return std::make_shared<const Chain>(std::move(stages));
}

void Chain::run(const std::shared_ptr<RequestContext>& context) const
{
    while (context->nextStage < m_stages.size()) {
        Stage& stage = *m_stages[context->nextStage++];
        StageResult result = stage.process(*context);
        switch (result.verdict()) {
        case StageResult::Verdict::Continue:
            continue;
        case StageResult::Verdict::Pending:
            return;
        case StageResult::Verdict::Stop:
            context->stopKind = result.stopKind();
            if (result.error()) {
                context->respondError(*result.error(), result.reason());
            } else {
                context->record().stopReason = result.reason();
                context->respond(std::move(*result.response()));
            }
            context->finish();
            return;
        }
    }
    // Every stage continued and none answered: a chain without a terminal stage for this request.
    context->respondError(api::ApiError::internal(QStringLiteral("No stage answered the request.")),
                          QStringLiteral("chain: no stage answered"));
    context->finish();
}

} // namespace tollgate::pipeline

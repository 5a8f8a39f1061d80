#include "pipeline/stages/budgetstages.h"

#include "budget/budgetservice.h"
#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {

StageResult AuthStage::process(RequestContext& context)
{
    budget::BudgetService* service = context.services().budget;
    if (!service || !service->keysRequired())
        return StageResult::proceed();
    if (context.endpoint == Endpoint::Health)
        return StageResult::proceed();
    const http::HttpHeaders& headers = context.httpRequest().headers;
    std::string_view credential = headers.value("authorization");
    if (credential.empty())
        credential = headers.value("x-api-key"); // Anthropic clients
    QString model;
    if (context.chat)
        model = context.chat->model;
    else if (context.embeddings)
        model = context.embeddings->model;
    budget::AuthOutcome outcome = service->authenticate(credential, model);
    if (!outcome.ok())
        return StageResult::stop(std::move(*outcome.error), QStringLiteral("auth: key refused"));
    context.key = std::move(outcome.key);
    return StageResult::proceed();
}

StageResult AdmitStage::process(RequestContext& context)
{
    budget::BudgetService* service = context.services().budget;
    if (!service || !context.key || context.targets.empty() || (!context.chat && !context.embeddings))
        return StageResult::proceed();
    budget::CostBound bound;
    if (context.chat) {
        bound.requestBytes = context.chat->bodyBytes;
        const rapidjson::Document& doc = *context.chat->body;
        const auto messages = doc.FindMember("messages");
        bound.messageCount = messages != doc.MemberEnd() && messages->value.IsArray() ? messages->value.Size() : 1;
        bound.maxOutputTokens = context.chat->maxTokens;
    } else {
        bound.requestBytes = context.embeddings->body.source().size();
        bound.messageCount = context.embeddings->inputCount;
        bound.maxOutputTokens = 0;
    }
    const budget::BudgetConfig& config = service->config();
    const budget::CostBoundDefaults defaults{config.defaultMaxOutputTokens, config.perMessageOverheadTokens};
    // The dearest target the request may fall over to decides the reservation.
    // (Targets priced in another currency than the first are compared no further.)
    budget::AdmissionRequest request;
    Money dearest;
    bool first = true;
    for (const routing::RouteTarget& target : context.targets) {
        budget::PriceSheet price;
        price.model = target.model->price;
        const Money cost = budget::maxRequestCost(price, bound, defaults);
        if (first || (cost.currency == dearest.currency && cost.micros > dearest.micros)) {
            request.provider = target.provider->name;
            request.model = target.model->name;
            request.price = price;
            dearest = cost;
            first = false;
        }
    }
    request.bound = bound;
    budget::AdmitOutcome outcome = service->admit(context.key, request);
    if (!outcome.ok())
        return StageResult::stop(std::move(*outcome.error), QStringLiteral("admit: refused"));
    // The bound only holds if the provider is told: a chat request without max_tokens gets the
    // number of output tokens the reservation assumed.
    if (context.chat && !context.chat->maxTokens && outcome.admission->reservation.active()) {
        rapidjson::Document& doc = *context.chat->body;
        const std::int64_t output = budget::outputTokensBound(bound, defaults);
        doc.AddMember("max_tokens", rapidjson::Value(output), doc.GetAllocator());
        context.chat->maxTokens = output;
        context.chat->rewritten = true;
    }
    context.admission = std::make_shared<budget::Admission>(std::move(*outcome.admission));
    return StageResult::proceed();
}

} // namespace tollgate::pipeline

#include "pipeline/stages/budgetstages.h"

#include "budget/budgetservice.h"
#include "pipeline/requestcontext.h"

#include <QDateTime>
#include <QTimeZone>

#include <optional>

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
        return StageResult::refuse(std::move(*outcome.error), QStringLiteral("auth: key refused"));
    context.key = std::move(outcome.key);
    if (!context.key->region.isEmpty())
        context.pinnedRegion = context.key->region; // the route stage sends it nowhere else
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
    // The dearest target the request may fall over to decides the reservation. Targets priced in
    // different currencies are compared in the display currency at today's rate; a target whose
    // price cannot be converted counts as the dearest (admit then refuses clearly rather than
    // reserving too little for a fallback it could not settle).
    budget::AdmissionRequest request;
    // Rates and today's date only when a target is priced in another currency (rarely): no
    // allocation, atomic load or calendar arithmetic for the common single-currency route.
    std::shared_ptr<const budget::ExchangeRates> rates;
    QDate today;
    const QString& display = config.displayCurrency;
    const auto comparable = [&](const Money& cost) -> std::optional<std::int64_t> {
        if (display.size() == 3 && cost.currency[0] == display[0] && cost.currency[1] == display[1]
            && cost.currency[2] == display[2])
            return cost.micros;
        if (!today.isValid()) {
            rates = service->rates();
            today = QDateTime::fromMSecsSinceEpoch(service->clock().wallMs(), QTimeZone::utc()).date();
        }
        if (!rates)
            return std::nullopt;
        auto converted = rates->convert(cost, display, today);
        if (!converted.ok())
            return std::nullopt;
        return converted.value().amount.micros;
    };
    std::optional<std::int64_t> dearest;
    bool first = true;
    bool unconvertible = false;
    for (const routing::RouteTarget& target : context.targets) {
        budget::PriceSheet price;
        price.model = target.model->price;
        const Money cost = budget::maxRequestCost(price, bound, defaults);
        const std::optional<std::int64_t> value = comparable(cost);
        const bool dearer = first || (!unconvertible && (!value || (dearest && *value > *dearest)));
        if (dearer) {
            request.provider = target.provider->name;
            request.model = target.model->name;
            request.price = price;
            dearest = value;
            unconvertible = !value;
            first = false;
        }
    }
    request.bound = bound;
    budget::AdmitOutcome outcome = service->admit(context.key, request);
    if (!outcome.ok())
        return StageResult::refuse(std::move(*outcome.error), QStringLiteral("admit: refused"));
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

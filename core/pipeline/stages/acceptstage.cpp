#include "pipeline/stages/acceptstage.h"

#include "api/json.h"
#include "budget/adminapi.h"
#include "budget/budgetservice.h"
#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {
namespace {

struct Route
{
    std::string_view path;
    std::string_view method;
    Endpoint endpoint;
};

constexpr Route kRoutes[] = {
    {"/v1/chat/completions", "POST", Endpoint::ChatCompletions},
    {"/v1/messages", "POST", Endpoint::Messages},
    {"/v1/embeddings", "POST", Endpoint::Embeddings},
    {"/v1/models", "GET", Endpoint::Models},
    {"/healthz", "GET", Endpoint::Health},
};

http::HttpResponse jsonResponse(QByteArray body)
{
    http::HttpResponse response;
    response.status = 200;
    response.headers.add("Content-Type", "application/json");
    response.body = std::move(body);
    return response;
}

QByteArray modelList(const GatewayConfig& config)
{
    api::JsonWriter w;
    w.startObject();
    w.key("object");
    w.string(std::string_view("list"));
    w.key("data");
    w.startArray();
    const auto entry = [&w](const QByteArray& id, const QByteArray& ownedBy) {
        w.startObject();
        w.key("id");
        w.string(id);
        w.key("object");
        w.string(std::string_view("model"));
        w.key("created");
        w.integer(0);
        w.key("owned_by");
        w.string(ownedBy);
        w.endObject();
    };
    for (const RouteConfig& route : config.routes)
        entry(route.alias.toUtf8(), "tollgate");
    for (const ProviderConfig& provider : config.providers) {
        const QByteArray name = provider.name.toUtf8();
        for (const ModelConfig& model : provider.models)
            entry(name + '/' + model.name.toUtf8(), name);
    }
    w.endArray();
    w.endObject();
    return w.take();
}

} // namespace

StageResult AcceptStage::process(RequestContext& context)
{
    const http::HttpRequest& request = context.httpRequest();
    const std::string_view path = request.path();
    const Route* match = nullptr;
    for (const Route& route : kRoutes) {
        if (route.path == path) {
            match = &route;
            break;
        }
    }
    if (!match && context.services().admin && budget::AdminApi::handles(path)) {
        // The admin API answers itself (its own key, its own errors); rare, so synchronous.
        return StageResult::answer(context.services().admin->handle(request), QStringLiteral("accept: admin API"));
    }
    if (!match) {
        return StageResult::stop(api::ApiError::pathNotFound(QString::fromUtf8(path.data(), qsizetype(path.size()))),
                                 QStringLiteral("accept: unknown path"));
    }
    context.endpoint = match->endpoint;
    // Anthropic clients get every answer, errors included, in Anthropic's shape. Their
    // x-api-key and anthropic-version headers are accepted as they are.
    if (match->endpoint == Endpoint::Messages)
        context.setClientDialect(makeAnthropicDialect());
    const bool headForGet = match->method == "GET" && request.method == "HEAD";
    if (request.method != match->method && !headForGet) {
        return StageResult::stop(
            api::ApiError::methodNotAllowed(QString::fromLatin1(request.method.data(), qsizetype(request.method.size())),
                                            QString::fromUtf8(path.data(), qsizetype(path.size())),
                                            QByteArray(match->method.data(), qsizetype(match->method.size()))),
            QStringLiteral("accept: method not allowed"));
    }
    switch (match->endpoint) {
    case Endpoint::Health:
        return StageResult::answer(jsonResponse(QByteArrayLiteral("{\"status\":\"ok\"}")),
                                   QStringLiteral("accept: health check"));
    case Endpoint::Models:
        // Once keys exist, the model list is for key holders too (the auth stage runs after
        // decode; this endpoint has no body and is answered here).
        if (budget::BudgetService* service = context.services().budget; service && service->keysRequired()) {
            std::string_view credential = request.headers.value("authorization");
            if (credential.empty())
                credential = request.headers.value("x-api-key");
            budget::AuthOutcome outcome = service->authenticate(credential, {});
            if (!outcome.ok())
                return StageResult::refuse(std::move(*outcome.error), QStringLiteral("auth: key refused"));
        }
        return StageResult::answer(jsonResponse(modelList(context.config())), QStringLiteral("accept: model list"));
    default:
        return StageResult::proceed();
    }
}

} // namespace tollgate::pipeline

#include "pipeline/stages/acceptstage.h"

#include "api/json.h"
#include "budget/adminapi.h"
#include "budget/budgetservice.h"
#include "pipeline/requestcontext.h"

#include <optional>

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

// One entry of the model list, the object GET /v1/models/{id} answers with.
void writeModel(api::JsonWriter& w, const QByteArray& id, const QByteArray& ownedBy)
{
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
}

// Calls fn(id, ownedBy) for every model the client may address (route aliases, then
// provider/model ids): all of them without keys, else those in the key's scopes.
template <typename Fn> void forEachModel(const GatewayConfig& config, const budget::KeyInfo* key, Fn fn)
{
    const auto visit = [&](const QString& id, const QByteArray& ownedBy) {
        if (!key || key->allowsModel(id))
            fn(id.toUtf8(), ownedBy);
    };
    for (const RouteConfig& route : config.routes)
        visit(route.alias, QByteArrayLiteral("tollgate"));
    for (const ProviderConfig& provider : config.providers) {
        const QByteArray name = provider.name.toUtf8();
        for (const ModelConfig& model : provider.models)
            visit(provider.name + u'/' + model.name, name);
    }
}

QByteArray modelList(const GatewayConfig& config, const budget::KeyInfo* key)
{
    api::JsonWriter w;
    w.startObject();
    w.key("object");
    w.string(std::string_view("list"));
    w.key("data");
    w.startArray();
    forEachModel(config, key,
                 [&w](const QByteArray& id, const QByteArray& ownedBy) { writeModel(w, id, ownedBy); });
    w.endArray();
    w.endObject();
    return w.take();
}

// The model object of `id`, or nothing when the client may address no alias or provider/model id
// of that name.
std::optional<QByteArray> modelObject(const GatewayConfig& config, const budget::KeyInfo* key,
                                      const QByteArray& id)
{
    std::optional<QByteArray> found;
    forEachModel(config, key, [&](const QByteArray& candidate, const QByteArray& ownedBy) {
        if (!found && candidate == id) {
            api::JsonWriter w;
            writeModel(w, candidate, ownedBy);
            found = w.take();
        }
    });
    return found;
}

// GET /v1/models/{id}: the id is the rest of the path, percent-decoded (SDKs encode the slash of
// a provider/model id as %2F; a raw slash works too).
constexpr std::string_view kModelPrefix = "/v1/models/";
constexpr Route kModelRoute{kModelPrefix, "GET", Endpoint::Models};

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
    if (!match && path.size() > kModelPrefix.size() && path.starts_with(kModelPrefix))
        match = &kModelRoute;
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
    case Endpoint::Models: {
        // GET /v1/models/{id} names its model in the rest of the path.
        QByteArray id;
        if (match == &kModelRoute) {
            const std::string_view rest = path.substr(kModelPrefix.size());
            id = QByteArray::fromPercentEncoding(QByteArray(rest.data(), qsizetype(rest.size())));
        }
        // Once keys exist, the models are for key holders too: the list shows those the key's
        // scopes allow, and asking for one outside them is refused as a request for it would be
        // (the auth stage runs after decode; this endpoint has no body and is answered here).
        std::shared_ptr<const budget::KeyInfo> key;
        if (budget::BudgetService* service = context.services().budget; service && service->keysRequired()) {
            std::string_view credential = request.headers.value("authorization");
            if (credential.empty())
                credential = request.headers.value("x-api-key");
            budget::AuthOutcome outcome = service->authenticate(credential, QString::fromUtf8(id));
            if (!outcome.ok())
                return StageResult::refuse(std::move(*outcome.error), QStringLiteral("auth: key refused"));
            key = std::move(outcome.key);
        }
        if (match == &kModelRoute) {
            if (std::optional<QByteArray> model = modelObject(context.config(), key.get(), id))
                return StageResult::answer(jsonResponse(std::move(*model)), QStringLiteral("accept: model"));
            return StageResult::stop(api::ApiError::modelNotFound(QString::fromUtf8(id)),
                                     QStringLiteral("accept: unknown model"));
        }
        return StageResult::answer(jsonResponse(modelList(context.config(), key.get())),
                                   QStringLiteral("accept: model list"));
    }
    default:
        return StageResult::proceed();
    }
}

} // namespace tollgate::pipeline

#include "pipeline/stages/acceptstage.h"

#include "api/json.h"
#include "budget/adminapi.h"
#include "budget/budgetservice.h"
#include "common/result.h"
#include "pipeline/requestcontext.h"

#include <QHostAddress>
#include <QUrlQuery>

#include <algorithm>
#include <optional>
#include <vector>

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
    {"/v1/responses", "POST", Endpoint::Responses},
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

struct ModelEntry
{
    QByteArray id;
    QByteArray ownedBy; // "tollgate" for a route alias, else the provider
};

// The models the client may address, route aliases first, then provider/model ids: all of them
// without keys, else those in the key's scopes.
std::vector<ModelEntry> visibleModels(const GatewayConfig& config, const budget::KeyInfo* key)
{
    std::vector<ModelEntry> models;
    const auto add = [&](const QString& id, const QByteArray& ownedBy) {
        if (!key || key->allowsModel(id))
            models.push_back({id.toUtf8(), ownedBy});
    };
    for (const RouteConfig& route : config.routes)
        add(route.alias, QByteArrayLiteral("tollgate"));
    for (const ProviderConfig& provider : config.providers) {
        const QByteArray name = provider.name.toUtf8();
        for (const ModelConfig& model : provider.models)
            add(provider.name + u'/' + model.name, name);
    }
    return models;
}

// One model object, in OpenAI's shape or in Anthropic's. No creation time is known: OpenAI's
// `created` is 0 and Anthropic's `created_at` the same instant.
void writeModel(api::JsonWriter& w, const ModelEntry& model, bool anthropic)
{
    w.startObject();
    if (anthropic) {
        w.key("type");
        w.string(std::string_view("model"));
        w.key("id");
        w.string(model.id);
        w.key("display_name");
        w.string(model.id);
        w.key("created_at");
        w.string(std::string_view("1970-01-01T00:00:00Z"));
    } else {
        w.key("id");
        w.string(model.id);
        w.key("object");
        w.string(std::string_view("model"));
        w.key("created");
        w.integer(0);
        w.key("owned_by");
        w.string(model.ownedBy);
    }
    w.endObject();
}

QByteArray openAiModelList(const std::vector<ModelEntry>& models)
{
    api::JsonWriter w;
    w.startObject();
    w.key("object");
    w.string(std::string_view("list"));
    w.key("data");
    w.startArray();
    for (const ModelEntry& model : models)
        writeModel(w, model, false);
    w.endArray();
    w.endObject();
    return w.take();
}

// Anthropic's list comes in pages: at most `limit` (1-1000, default 20) models after `after_id`,
// or the ones just before `before_id`, with has_more, first_id and last_id.
Result<QByteArray> anthropicModelList(const std::vector<ModelEntry>& models, std::string_view target)
{
    const std::size_t q = target.find('?');
    const QUrlQuery query(q == std::string_view::npos
                              ? QString()
                              : QString::fromUtf8(target.data() + q + 1, qsizetype(target.size() - q - 1)));
    int limit = 20;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return makeError(QStringLiteral("limit: must be a whole number from 1 to 1000"));
    }
    // Where the model a cursor names stands; nothing when the query has no such cursor.
    std::optional<std::size_t> cursors[2];
    const char* const names[2] = {"after_id", "before_id"};
    for (int i = 0; i < 2; ++i) {
        const QString name = QLatin1String(names[i]);
        if (!query.hasQueryItem(name))
            continue;
        const QByteArray id = query.queryItemValue(name, QUrl::FullyDecoded).toUtf8();
        const auto it =
            std::find_if(models.begin(), models.end(), [&](const ModelEntry& m) { return m.id == id; });
        if (it == models.end())
            return makeError(QLatin1String(names[i]) + QStringLiteral(": no such model"));
        cursors[i] = std::size_t(it - models.begin());
    }
    const auto& [after, before] = cursors;
    std::size_t begin = after ? *after + 1 : 0;
    std::size_t end = before.value_or(models.size());
    bool hasMore = false;
    if (before && !after) { // the page just before before_id
        begin = end > std::size_t(limit) ? end - std::size_t(limit) : 0;
        hasMore = begin > 0;
    } else if (begin < end) {
        hasMore = end - begin > std::size_t(limit);
        end = std::min(end, begin + std::size_t(limit));
    }
    api::JsonWriter w;
    w.startObject();
    w.key("data");
    w.startArray();
    for (std::size_t i = begin; i < end; ++i)
        writeModel(w, models[i], true);
    w.endArray();
    w.key("has_more");
    w.boolean(hasMore);
    for (const auto& [name, index] : {std::pair{"first_id", begin}, std::pair{"last_id", end - 1}}) {
        w.key(name);
        if (begin < end)
            w.string(models[index].id);
        else
            w.null();
    }
    w.endObject();
    return w.take();
}

// The Host header's name in lower case, without its port ("[::1]" keeps its brackets).
QString hostName(const QString& host)
{
    if (host.startsWith(QLatin1Char('[')))
        return host.left(host.indexOf(QLatin1Char(']')) + 1);
    const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? host : host.left(colon);
}

bool isLoopbackName(const QString& name)
{
    if (name == QLatin1String("localhost") || name.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(name.startsWith(QLatin1Char('[')) ? name.mid(1, name.size() - 2) : name);
    return !address.isNull() && address.isLoopback();
}

// A web page can make a browser send requests to a gateway on the user's machine; with a host
// name it controls that resolves to 127.0.0.1 (DNS rebinding) it can even read the answers. On a
// loopback address only loopback names and server.allowed_hosts are served; elsewhere any name,
// unless allowed_hosts lists some.
bool hostAllowed(std::string_view header, const ServerConfig& server)
{
    if (header.empty())
        return true; // HTTP/1.0 without Host
    // What nearly every request carries, answered without building strings.
    std::string_view plain = header;
    if (header.front() != '[') {
        if (const std::size_t colon = header.rfind(':'); colon != std::string_view::npos)
            plain = header.substr(0, colon);
    } else if (header == "[::1]" || header.starts_with("[::1]:")) {
        plain = "[::1]";
    }
    if (plain == "127.0.0.1" || plain == "[::1]" || http::equalsIgnoreCase(plain, "localhost"))
        return true;
    const QString host = QString::fromLatin1(header.data(), qsizetype(header.size())).toLower();
    const QString name = hostName(host);
    if (isLoopbackName(name) || server.allowedHosts.contains(host) || server.allowedHosts.contains(name))
        return true;
    const bool loopbackListener = isLoopbackName(server.listenHost.toLower());
    return !loopbackListener && server.allowedHosts.isEmpty();
}

bool originAllowed(std::string_view origin, const ServerConfig& server)
{
    return server.allowedOrigins.contains(QStringLiteral("*")) ||
           server.allowedOrigins.contains(
               QString::fromLatin1(origin.data(), qsizetype(origin.size())).toLower());
}

// The answer to a CORS preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin.
http::HttpResponse preflightAnswer(const http::HttpRequest& request, std::string_view origin)
{
    http::HttpResponse response;
    response.status = 204;
    response.headers.addLine("access-control-allow-origin", origin);
    response.headers.addLine("access-control-allow-methods", "GET, HEAD, POST, OPTIONS");
    const std::string_view asked = request.headers.value("access-control-request-headers");
    response.headers.addLine("access-control-allow-headers",
                             asked.empty() ? std::string_view("authorization, content-type") : asked);
    response.headers.addLine("access-control-max-age", "600");
    response.headers.addLine("vary", "Origin, Access-Control-Request-Headers");
    return response;
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
    const ServerConfig& server = context.config().server;
    if (!hostAllowed(request.headers.value("host"), server)) {
        const std::string_view host = request.headers.value("host");
        return StageResult::stop(
            api::ApiError{
                403,
                "permission_error",
                "host_not_allowed",
                {},
                QStringLiteral("This gateway does not answer to the host name '%1': it listens on a "
                               "loopback address. Add the name to server.allowed_hosts if it is yours.")
                    .arg(QString::fromLatin1(host.data(), qsizetype(host.size()))),
                {}},
            QStringLiteral("accept: host not allowed"));
    }
    // Browsers send Origin with every cross-site request (and with same-site POSTs); other
    // clients send none. A page may call the gateway only when its origin is allowed.
    if (const std::string_view origin = request.headers.value("origin"); !origin.empty()) {
        if (!originAllowed(origin, server)) {
            return StageResult::stop(
                api::ApiError{
                    403,
                    "permission_error",
                    "origin_not_allowed",
                    {},
                    QStringLiteral("Requests from the web page at %1 are not allowed. Add it to "
                                   "server.allowed_origins to let browsers call this gateway from it.")
                        .arg(QString::fromLatin1(origin.data(), qsizetype(origin.size()))),
                    {}},
                QStringLiteral("accept: origin not allowed"));
        }
        context.corsOrigin = std::string(origin);
        if (request.method == "OPTIONS" && !request.headers.value("access-control-request-method").empty()) {
            context.corsOrigin.clear(); // the preflight answer carries its own headers
            return StageResult::answer(preflightAnswer(request, origin),
                                       QStringLiteral("accept: CORS preflight"));
        }
    }
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
    // x-api-key and anthropic-version headers are accepted as they are. Their SDKs send
    // anthropic-version with every request, which tells them apart on the model endpoints.
    // The model endpoints answer in their shape themselves, so the dialect only shapes their errors.
    const bool anthropic =
        match->endpoint == Endpoint::Messages ||
        (match->endpoint == Endpoint::Models && !request.headers.value("anthropic-version").empty());
    const auto anthropicErrors = [&] {
        if (anthropic)
            context.setClientDialect(makeAnthropicDialect());
    };
    if (match->endpoint == Endpoint::Messages)
        anthropicErrors();
    const bool headForGet = match->method == "GET" && request.method == "HEAD";
    if (request.method != match->method && !headForGet) {
        anthropicErrors();
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
            if (!outcome.ok()) {
                anthropicErrors();
                return StageResult::refuse(std::move(*outcome.error), QStringLiteral("auth: key refused"));
            }
            key = std::move(outcome.key);
        }
        const std::vector<ModelEntry> models = visibleModels(context.config(), key.get());
        if (match == &kModelRoute) {
            const auto it =
                std::find_if(models.begin(), models.end(), [&](const ModelEntry& m) { return m.id == id; });
            if (it == models.end()) {
                anthropicErrors();
                return StageResult::stop(api::ApiError::modelNotFound(QString::fromUtf8(id)),
                                         QStringLiteral("accept: unknown model"));
            }
            api::JsonWriter w;
            writeModel(w, *it, anthropic);
            return StageResult::answer(jsonResponse(w.take()), QStringLiteral("accept: model"));
        }
        if (!anthropic)
            return StageResult::answer(jsonResponse(openAiModelList(models)),
                                       QStringLiteral("accept: model list"));
        Result<QByteArray> page = anthropicModelList(models, request.target);
        if (!page) {
            anthropicErrors();
            return StageResult::stop(api::ApiError::invalidRequest(page.error().message),
                                     QStringLiteral("accept: bad page"));
        }
        return StageResult::answer(jsonResponse(std::move(*page)), QStringLiteral("accept: model list"));
    }
    default:
        return StageResult::proceed();
    }
}

} // namespace tollgate::pipeline

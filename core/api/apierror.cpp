#include "api/apierror.h"

#include "api/json.h"

namespace tollgate::api {

QByteArray ApiError::toJson() const
{
    JsonWriter w;
    w.startObject();
    w.key("error");
    w.startObject();
    w.key("message");
    w.string(message.toUtf8());
    w.key("type");
    w.string(type);
    w.key("param");
    if (param.isEmpty())
        w.null();
    else
        w.string(param);
    w.key("code");
    if (code.isEmpty())
        w.null();
    else
        w.string(code);
    w.endObject();
    w.endObject();
    return w.take();
}

http::HttpResponse ApiError::toResponse() const
{
    http::HttpResponse response;
    response.status = status;
    response.headers = headers;
    response.headers.set("Content-Type", "application/json");
    response.body = toJson();
    return response;
}

ApiError ApiError::invalidRequest(QString message, QByteArray param, QByteArray code)
{
    return {400, "invalid_request_error", std::move(code), std::move(param), std::move(message), {}};
}

ApiError ApiError::modelNotFound(const QString& model)
{
    return {404, "invalid_request_error", "model_not_found", "model",
            QStringLiteral("The model '%1' does not exist: it is neither a route alias nor a "
                           "provider/model id of this gateway. GET /v1/models lists them.")
                .arg(model),
            {}};
}

ApiError ApiError::pathNotFound(const QString& path)
{
    return {404, "invalid_request_error", "unknown_url", {},
            QStringLiteral("Unknown request URL: %1. Please check the URL and the method.").arg(path), {}};
}

ApiError ApiError::methodNotAllowed(const QString& method, const QString& path, QByteArray allow)
{
    ApiError error{405, "invalid_request_error", "method_not_allowed", {},
                   QStringLiteral("Method %1 is not allowed on %2; use %3.")
                       .arg(method, path, QString::fromLatin1(allow)),
                   {}};
    error.headers.set("Allow", allow.toStdString());
    return error;
}

ApiError ApiError::upstreamFailed(QString message, QByteArray code)
{
    return {502, "upstream_error", std::move(code), {}, std::move(message), {}};
}

ApiError ApiError::residencyRefused(QString message)
{
    return {403, "residency_error", "no_allowed_region", {}, std::move(message), {}};
}

ApiError ApiError::upstreamTimeout(QString message)
{
    return {504, "upstream_error", "upstream_timeout", {}, std::move(message), {}};
}

ApiError ApiError::internal(QString message)
{
    return {500, "server_error", "internal_error", {}, std::move(message), {}};
}

} // namespace tollgate::api

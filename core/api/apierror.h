#pragma once

#include "common/result.h"
#include "http/httptypes.h"

#include <QByteArray>
#include <QString>

namespace tollgate::api {

// An error as the client sees it: OpenAI-style JSON {"error":{"message","type","param","code"}}
// with an HTTP status. This is the one place where failures become HTTP errors.
struct ApiError
{
    int status = 500;
    QByteArray type;  // "invalid_request_error", "not_found_error", "upstream_error", ...
    QByteArray code;  // machine-readable detail, e.g. "model_not_found"
    QByteArray param; // the offending request field, if any
    QString message;
    http::HttpHeaders headers; // extra response headers (Allow, Retry-After)

    QByteArray toJson() const;
    http::HttpResponse toResponse() const;

    static ApiError invalidRequest(QString message, QByteArray param = {}, QByteArray code = "invalid_request");
    static ApiError modelNotFound(const QString& model);
    static ApiError pathNotFound(const QString& path);
    static ApiError methodNotAllowed(const QString& method, const QString& path, QByteArray allow);
    static ApiError upstreamFailed(QString message, QByteArray code = "upstream_failed");
    static ApiError upstreamTimeout(QString message);
    static ApiError internal(QString message);
    // The request's data may not go to any region its targets are in (403, fails closed).
    static ApiError residencyRefused(QString message);
};

} // namespace tollgate::api

#pragma once

#include "api/apierror.h"
#include "http/httptypes.h"
#include "providers/provideradapter.h"

#include <QByteArray>

#include <memory>
#include <string>
#include <string_view>

namespace tollgate::pipeline {

// The API a client speaks when it is not OpenAI's: the chain works in the OpenAI schema, and the
// request context passes everything it sends through the client's dialect, in one place.
// One object per request; lives on the worker thread.
class ClientDialect
{
public:
    virtual ~ClientDialect() = default;
    // The answer's usage as the provider reported it, known before the answer or the stream's end
    // is sent: for what the OpenAI schema cannot carry (cache writes).
    virtual void setUsage(const providers::Usage& usage) = 0;
    // A 2xx non-stream answer in the OpenAI schema, rewritten in place; false when it is not one.
    virtual bool convertAnswer(QByteArray& body) = 0;
    virtual http::HttpResponse errorResponse(const api::ApiError& error) = 0;
    // Stream bytes in the OpenAI schema -> the client's events, appended to `out`.
    virtual void streamBytes(std::string_view bytes, QByteArray& out) = 0;
    virtual void streamError(const api::ApiError& error, QByteArray& out) = 0;
    virtual void streamEnd(QByteArray& out) = 0;
};

// POST /v1/messages: Anthropic's Messages API.
std::unique_ptr<ClientDialect> makeAnthropicDialect();
// POST /v1/responses: OpenAI's Responses API, for a request already decoded; errors keep the
// OpenAI shape. `model` is the one the client asked for, named by a stream until the provider's
// chunks name the model that answers.
std::unique_ptr<ClientDialect> makeResponsesDialect(std::string responseId, std::string model);

} // namespace tollgate::pipeline

#pragma once

// The inbound OpenAI Responses API (POST /v1/responses): a client's Responses request becomes the
// canonical Chat Completions request, so routing, guardrails and every provider work unchanged;
// the chat answer is turned back into a Response. The gateway keeps no responses: a request
// carries its whole conversation in `input` (previous_response_id and stored prompts are refused).

#include "api/json.h"
#include "api/requests.h"

#include <QByteArray>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tollgate::api {

// Parses and checks a Responses request. Errors are 400s in the OpenAI shape naming the field. The
// result always asks for usage in streams (the Response reports it).
Decoded<ChatRequest> decodeResponsesRequest(const QByteArray& body);

// Usage as a Response reports it.
struct ResponsesUsage
{
    std::int64_t inputTokens = 0; // cached tokens included
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t reasoningTokens = 0;
};

// A chat.completion body -> a Response object (`"object":"response"`); nullopt when it is not one.
// `usage`, when given, replaces the body's.
std::optional<QByteArray> encodeResponse(const QByteArray& chatCompletion, std::string_view responseId,
                                         const ResponsesUsage* usage = nullptr);

// Usage from a chat answer's or chunk's `usage` object.
ResponsesUsage responsesUsageFrom(const rapidjson::Value& usage);

// The Response's status detail for a chat finish_reason: "max_output_tokens" for "length",
// "content_filter" for itself, empty (the response completed) otherwise.
std::string_view incompleteReasonFor(std::string_view finishReason);

// The fields of a Response object that are not its output items.
struct ResponseFields
{
    std::string_view id;
    std::int64_t createdAt = 0;
    std::string_view model;
    std::string_view status;               // "in_progress", "completed" or "incomplete"
    std::string_view incompleteReason;     // for "incomplete"
    std::string_view outputText;           // the SDKs' output_text: the message text joined
    const ResponsesUsage* usage = nullptr; // null while the response is in progress
};
// A Response object as the openai SDKs type it; writeOutput writes the items of its `output`
// array. What the gateway does not echo from the request (instructions, sampling, tools) is null
// or empty.
void writeResponseObject(JsonOut& w, const ResponseFields& fields,
                         const std::function<void(JsonOut&)>& writeOutput);

// "resp_" followed by the gateway's request id: a Response's id names the request that made it.
std::string responseIdFor(std::string_view requestId);

} // namespace tollgate::api

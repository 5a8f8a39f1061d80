#pragma once

#include "api/apierror.h"
#include "api/requests.h"
#include "common/result.h"
#include "config/gatewayconfig.h"
#include "http/upstreamclient.h"

#include <QByteArray>

#include <cstdint>
#include <memory>
#include <string_view>

namespace tollgate::providers {

// Token counts of one response, as the provider reported them, counted the way OpenAI counts
// them: inputTokens is every prompt token (cache reads and cache writes included), outputTokens
// every generated token (reasoning included).
struct Usage
{
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cachedInputTokens = 0;     // part of inputTokens served from the provider's cache
    std::int64_t cacheWriteInputTokens = 0; // part of inputTokens written to the provider's cache
    std::int64_t reasoningTokens = 0;       // part of outputTokens spent on reasoning
    bool reported = false;                  // false when the provider said nothing about usage
};

// A translated non-stream answer: the body in the OpenAI schema, and its usage.
struct TranslatedResponse
{
    QByteArray body;
    Usage usage;
};

// Turns a provider's streamed answer into OpenAI chat.completion.chunk events for the client,
// event by event. One instance per upstream attempt.
class ChatStreamTranslator
{
public:
    virtual ~ChatStreamTranslator() = default;
    // Feeds upstream body bytes; appends complete client-ready SSE bytes to `out`.
    // Returns false when the stream is malformed (the attempt then fails).
    virtual bool feed(std::string_view bytes, QByteArray& out) = 0;
    // True once the provider's terminal event arrived: a stream that ends without it was cut.
    virtual bool complete() const = 0;
    virtual const Usage& usage() const = 0;
    // After feed() returned false: the provider's own error message when it reported one inside
    // the stream (an error event); empty when the stream was malformed.
    virtual QString streamError() const { return {}; }
};

// One per provider kind: the translation between the canonical (OpenAI) request/response and the
// provider's wire format, and how to reach and authenticate with it. Stateless and thread-safe.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    // The provider's request for a canonical one. An Error means the request cannot be expressed in
    // the provider's format (a field it has no equivalent for, tool arguments that are not JSON):
    // the client gets a 400 with the message, and no other target is tried.
    virtual Result<http::UpstreamRequest> buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                                           const ModelConfig& model) const = 0;
    // Only called when supportsEmbeddings() is true.
    virtual Result<http::UpstreamRequest> buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                                 const ProviderConfig& provider,
                                                                 const ModelConfig& model) const = 0;
    // False for kinds whose API has no embeddings; the config refuses embedding models on them.
    virtual bool supportsEmbeddings() const = 0;

    // A 2xx non-stream answer. An Error means the provider answered something that is not what its
    // API promises (a lie): the attempt fails and the route may fall over.
    virtual Result<TranslatedResponse> translateChatResponse(const QByteArray& body) const = 0;
    virtual Result<TranslatedResponse> translateEmbeddingsResponse(const QByteArray& body,
                                                                   const api::EmbeddingsRequest& request) const = 0;
    virtual std::unique_ptr<ChatStreamTranslator> newChatStream(const api::ChatRequest& request) const = 0;

    // The provider's own error message from a non-2xx body, if it has one in its usual shape.
    virtual QString errorMessage(const QByteArray& body) const = 0;
};

// The adapter for a config `kind`, or null for an unknown kind.
const ProviderAdapter* adapterForKind(const QString& kind);

} // namespace tollgate::providers

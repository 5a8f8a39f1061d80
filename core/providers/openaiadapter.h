#pragma once

#include "providers/provideradapter.h"

namespace tollgate::providers {

// Kinds "openai" and "openai-compatible" (vLLM, Ollama's /v1, Mistral, Groq, ...): the canonical
// format is theirs, so requests pass through with only `model` rewritten, and answers pass through
// byte for byte; usage is read on the way.
class OpenAiAdapter final : public ProviderAdapter
{
public:
    http::UpstreamRequest buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                           const ModelConfig& model) const override;
    http::UpstreamRequest buildEmbeddingsRequest(api::EmbeddingsRequest& request, const ProviderConfig& provider,
                                                 const ModelConfig& model) const override;
    Result<TranslatedResponse> translateChatResponse(const QByteArray& body) const override;
    Result<TranslatedResponse> translateEmbeddingsResponse(const QByteArray& body) const override;
    std::unique_ptr<ChatStreamTranslator> newChatStream(const api::ChatRequest& request) const override;
    QString errorMessage(const QByteArray& body) const override;
};

} // namespace tollgate::providers

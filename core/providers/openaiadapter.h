#pragma once

#include "providers/provideradapter.h"

namespace tollgate::providers {

// Kinds "openai" and "openai-compatible" (vLLM, Ollama's /v1, Mistral, Groq, ...): the canonical
// format is theirs, so requests pass through with only `model` rewritten, and answers pass through
// byte for byte; usage is read on the way.
// Other kinds that speak the same wire format behind other URLs and headers (Azure OpenAI) derive
// from it and change only where a request goes and how it authenticates.
class OpenAiAdapter : public ProviderAdapter
{
public:
    Result<http::UpstreamRequest> buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                                   const ModelConfig& model) const override;
    Result<http::UpstreamRequest> buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                         const ProviderConfig& provider,
                                                         const ModelConfig& model) const override;
    bool supportsEmbeddings() const override { return true; }
    Result<TranslatedResponse> translateChatResponse(const QByteArray& body) const override;
    Result<TranslatedResponse> translateEmbeddingsResponse(const QByteArray& body,
                                                           const api::EmbeddingsRequest& request) const override;
    std::unique_ptr<ChatStreamTranslator> newChatStream(const api::ChatRequest& request) const override;
    QString errorMessage(const QByteArray& body) const override;

protected:
    enum class Operation { ChatCompletions, Embeddings };

    // Method, URL, credentials and timeouts for one operation; the body is set by the caller.
    virtual http::UpstreamRequest baseRequest(const ProviderConfig& provider, const ModelConfig& model,
                                              Operation operation, bool stream) const;
    // Whether stream chunks with an empty "choices" array and no usage reach the client.
    virtual bool forwardsEmptyChoiceChunks() const { return true; }
};

} // namespace tollgate::providers

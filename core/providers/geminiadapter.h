#pragma once

#include "providers/provideradapter.h"

namespace tollgate::providers {

// Kind "gemini": the Gemini API (Google AI). POST {base_url}/models/{model}:generateContent, or
// :streamGenerateContent?alt=sse for streams (base_url such as
// https://generativelanguage.googleapis.com/v1beta), with `x-goog-api-key`.
//
// Request, OpenAI chat -> GenerateContentRequest:
// - system and developer messages -> systemInstruction; user/assistant/tool -> contents with roles
//   user/model (consecutive turns of one role merged); text parts; images and files by data: URL
//   -> inlineData, by http(s) URL -> fileData; input_audio -> inlineData;
// - assistant tool_calls -> functionCall parts; tool messages -> functionResponse parts named after
//   the matching earlier tool call (a JSON object content is the response, other text becomes
//   {"output": text});
// - tools -> functionDeclarations; tool_choice auto/none/required/function -> functionCallingConfig
//   AUTO/NONE/ANY/ANY + allowedFunctionNames; parallel_tool_calls has no equivalent (ignored);
// - generationConfig: maxOutputTokens, temperature, topP, stopSequences, presencePenalty,
//   frequencyPenalty, seed; response_format json_object -> responseMimeType application/json;
//   json_schema -> responseSchema when the schema maps onto Gemini's OpenAPI subset, else
//   responseJsonSchema. Function parameters are translated the same way (parameters /
//   parametersJsonSchema).
// - n > 1 and logprobs are refused; cache_control markers are dropped (Gemini caches implicitly).
// Tool calls in answers get generated ids when Gemini gives none. Gemini's streams have no end
// marker: the chunk with a finishReason ends the stream, and [DONE] is written after it.
// Embeddings go to :batchEmbedContents.
class GeminiAdapter final : public ProviderAdapter
{
public:
    Result<http::UpstreamRequest> buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                                   const ModelConfig& model) const override;
    Result<http::UpstreamRequest> buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                         const ProviderConfig& provider,
                                                         const ModelConfig& model) const override;
    bool supportsEmbeddings() const override { return true; }
    Result<TranslatedResponse> translateChatResponse(const QByteArray& body) const override;
    Result<TranslatedResponse>
    translateEmbeddingsResponse(const QByteArray& body, const api::EmbeddingsRequest& request) const override;
    std::unique_ptr<ChatStreamTranslator> newChatStream(const api::ChatRequest& request) const override;
    QString errorMessage(const QByteArray& body) const override;
};

} // namespace tollgate::providers

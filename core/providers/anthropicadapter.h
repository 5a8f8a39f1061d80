#pragma once

#include "providers/provideradapter.h"

namespace tollgate::providers {

// Kind "anthropic": the Messages API. POST {base_url}/messages (base_url such as
// https://api.anthropic.com/v1) with `x-api-key` and `anthropic-version: 2023-06-01`.
//
// Request, OpenAI chat -> Messages:
// - system and developer messages, wherever they stand, become the top-level `system`: a string,
//   or an array of text blocks when there are several pieces or `cache_control` markers (kept);
// - user, assistant and tool messages become alternating user/assistant turns (consecutive turns of
//   one role merged; tool results are user turns of tool_result blocks); content parts keep their
//   `cache_control`; images by data: URL become base64 sources, by http(s) URL url sources; PDF
//   files by data: URL become document blocks;
// - assistant tool_calls become tool_use blocks (arguments must be a JSON object);
// - tools, tool_choice (auto/none/required/function -> auto/none/any/tool), parallel_tool_calls
//   false -> disable_parallel_tool_use; max_tokens (max_completion_tokens, max_tokens, else 4096);
//   temperature, top_p, stop -> stop_sequences, user -> metadata.user_id;
// - response_format json_schema -> output_config.format (structured outputs); json_object has no
//   Anthropic equivalent, so an instruction to answer with one JSON object is added to `system`.
// - n > 1 and logprobs cannot be expressed: the request is refused. presence_penalty,
//   frequency_penalty, seed and logit_bias have no equivalent and are dropped.
// Answers and streams come back as OpenAI chat completions and chunks; usage counts cache reads and
// writes into prompt_tokens as OpenAI does. Anthropic has no embeddings API.
class AnthropicAdapter final : public ProviderAdapter
{
public:
    Result<http::UpstreamRequest> buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                                   const ModelConfig& model) const override;
    Result<http::UpstreamRequest> buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                         const ProviderConfig& provider,
                                                         const ModelConfig& model) const override;
    bool supportsEmbeddings() const override { return false; }
    Result<TranslatedResponse> translateChatResponse(const QByteArray& body) const override;
    Result<TranslatedResponse>
    translateEmbeddingsResponse(const QByteArray& body, const api::EmbeddingsRequest& request) const override;
    std::unique_ptr<ChatStreamTranslator> newChatStream(const api::ChatRequest& request) const override;
    QString errorMessage(const QByteArray& body) const override;

    static constexpr std::int64_t kDefaultMaxTokens = 4096;
    static constexpr const char* kApiVersion = "2023-06-01";
};

} // namespace tollgate::providers

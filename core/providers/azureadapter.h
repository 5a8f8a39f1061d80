#pragma once

#include "providers/openaiadapter.h"

namespace tollgate::providers {

// Kind "azure-openai": the OpenAI wire format, addressed per deployment —
// {base_url}/openai/deployments/{deployment}/chat/completions?api-version={api_version} — and
// authenticated with an `api-key` header. The deployment is the model's `name` in the config.
// Azure's stream chunks that carry only content-filter annotations (an empty "choices" array, no
// usage) are not forwarded: OpenAI clients index choices[0] on every chunk.
class AzureOpenAiAdapter final : public OpenAiAdapter
{
protected:
    http::UpstreamRequest baseRequest(const ProviderConfig& provider, const ModelConfig& model,
                                      Operation operation, bool stream) const override;
    bool forwardsEmptyChoiceChunks() const override { return false; }
};

} // namespace tollgate::providers

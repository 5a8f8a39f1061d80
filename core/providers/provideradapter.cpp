#include "providers/provideradapter.h"

#include "providers/anthropicadapter.h"
#include "providers/azureadapter.h"
#include "providers/geminiadapter.h"
#include "providers/openaiadapter.h"

namespace tollgate::providers {

const ProviderAdapter* adapterForKind(const QString& kind)
{
    static const OpenAiAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const GeminiAdapter gemini;
    static const AzureOpenAiAdapter azure;
    if (kind == QLatin1String("openai") || kind == QLatin1String("openai-compatible"))
        return &openAi;
    if (kind == QLatin1String("anthropic"))
        return &anthropic;
    if (kind == QLatin1String("gemini"))
        return &gemini;
    if (kind == QLatin1String("azure-openai"))
        return &azure;
    return nullptr;
}

} // namespace tollgate::providers

#include "providers/provideradapter.h"

#include "providers/openaiadapter.h"

namespace tollgate::providers {

const ProviderAdapter* adapterForKind(const QString& kind)
{
    static const OpenAiAdapter openAi;
    if (kind == QLatin1String("openai") || kind == QLatin1String("openai-compatible"))
        return &openAi;
    return nullptr;
}

} // namespace tollgate::providers

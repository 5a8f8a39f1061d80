#include "providers/azureadapter.h"

#include "providers/translation.h"

namespace tollgate::providers {

http::UpstreamRequest AzureOpenAiAdapter::baseRequest(const ProviderConfig& provider,
                                                      const ModelConfig& model, Operation operation,
                                                      bool stream) const
{
    std::string path = "/openai/deployments/";
    appendPathSegment(path, model.name.toUtf8());
    path += operation == Operation::ChatCompletions ? "/chat/completions" : "/embeddings";
    path += "?api-version=";
    appendPathSegment(path, provider.apiVersion.toUtf8());
    http::UpstreamRequest request = jsonPost(provider, path, stream);
    if (provider.apiKey.resolved())
        request.headers.add("api-key", provider.apiKey.value.toStdString());
    return request;
}

} // namespace tollgate::providers

#include "providers/openaiadapter.h"

#include "api/json.h"
#include "api/sse.h"

#include <vector>

namespace tollgate::providers {
namespace {

using rapidjson::Value;

http::UpstreamRequest baseRequest(const ProviderConfig& provider, std::string_view path, bool stream)
{
    http::UpstreamRequest request;
    request.method = "POST";
    QByteArray url = provider.baseUrl.toUtf8();
    while (url.endsWith('/'))
        url.chop(1);
    request.url.reserve(size_t(url.size()) + path.size());
    request.url.append(url.constData(), size_t(url.size()));
    request.url.append(path);
    request.headers.add("Content-Type", "application/json");
    request.headers.add("Accept", stream ? "text/event-stream" : "application/json");
    if (provider.apiKey.resolved())
        request.headers.add("Authorization", "Bearer " + provider.apiKey.value.toStdString());
    request.timeouts = provider.timeouts;
    return request;
}

// Reads an OpenAI `usage` object. Absent or null usage leaves `usage.reported` false.
bool readUsage(const Value& object, Usage& usage)
{
    const Value* u = api::member(object, "usage");
    if (!u || u->IsNull())
        return true;
    if (!u->IsObject())
        return false;
    usage.inputTokens = api::memberInt(*u, "prompt_tokens").value_or(0);
    usage.outputTokens = api::memberInt(*u, "completion_tokens").value_or(0);
    if (const Value* details = api::member(*u, "prompt_tokens_details"))
        usage.cachedInputTokens = api::memberInt(*details, "cached_tokens").value_or(0);
    if (usage.inputTokens < 0 || usage.outputTokens < 0 || usage.cachedInputTokens < 0)
        return false;
    usage.reported = true;
    return true;
}

class OpenAiStream final : public ChatStreamTranslator
{
public:
    explicit OpenAiStream(bool clientWantsUsage) : m_clientWantsUsage(clientWantsUsage) {}

    bool feed(std::string_view bytes, QByteArray& out) override
    {
        m_events.clear();
        if (!m_parser.feed(bytes, m_events))
            return false;
        for (api::SseEvent& event : m_events) {
            if (m_complete)
                continue; // nothing after [DONE] is forwarded
            if (event.data.isEmpty()) {
                out.append(event.raw).append("\n\n"); // comments / keep-alives pass through
                continue;
            }
            if (event.data == "[DONE]") {
                m_complete = true;
                out.append("data: [DONE]\n\n");
                continue;
            }
            m_doc.Parse<api::kStrictParseFlags>(event.data.constData(), size_t(event.data.size()));
            if (m_doc.HasParseError() || !m_doc.IsObject())
                return false;
            Usage usage;
            if (!readUsage(m_doc, usage))
                return false;
            bool usageOnly = false;
            if (usage.reported) {
                m_usage = usage;
                const Value* choices = api::member(m_doc, "choices");
                usageOnly = choices && choices->IsArray() && choices->Empty();
            }
            // The gateway asked for usage on the client's behalf; a client that did not ask for it
            // does not get the usage-only chunk.
            if (usageOnly && !m_clientWantsUsage)
                continue;
            out.append(event.raw).append("\n\n");
        }
        return true;
    }

    bool complete() const override { return m_complete; }
    const Usage& usage() const override { return m_usage; }

private:
    bool m_clientWantsUsage;
    bool m_complete = false;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    rapidjson::Document m_doc;
    Usage m_usage;
};

Result<TranslatedResponse> readJsonAnswer(const QByteArray& body, const char* requiredArray)
{
    rapidjson::Document doc;
    doc.Parse<api::kStrictParseFlags>(body.constData(), size_t(body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return makeError(QStringLiteral("the provider's answer is not a JSON object"));
    const Value* array = api::member(doc, requiredArray);
    if (!array || !array->IsArray())
        return makeError(QStringLiteral("the provider's answer has no '%1' array").arg(QLatin1String(requiredArray)));
    TranslatedResponse response;
    if (!readUsage(doc, response.usage))
        return makeError(QStringLiteral("the provider's answer has a malformed 'usage'"));
    response.body = body;
    return response;
}

} // namespace

http::UpstreamRequest OpenAiAdapter::buildChatRequest(api::ChatRequest& request, const ProviderConfig& provider,
                                                      const ModelConfig& model) const
{
    http::UpstreamRequest upstream = baseRequest(provider, "/chat/completions", request.stream);
    upstream.body = api::encodeForUpstream(request, model.name);
    return upstream;
}

http::UpstreamRequest OpenAiAdapter::buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                            const ProviderConfig& provider,
                                                            const ModelConfig& model) const
{
    http::UpstreamRequest upstream = baseRequest(provider, "/embeddings", false);
    upstream.body = api::encodeForUpstream(request, model.name);
    return upstream;
}

Result<TranslatedResponse> OpenAiAdapter::translateChatResponse(const QByteArray& body) const
{
    return readJsonAnswer(body, "choices");
}

Result<TranslatedResponse> OpenAiAdapter::translateEmbeddingsResponse(const QByteArray& body) const
{
    return readJsonAnswer(body, "data");
}

std::unique_ptr<ChatStreamTranslator> OpenAiAdapter::newChatStream(const api::ChatRequest& request) const
{
    return std::make_unique<OpenAiStream>(request.clientWantsUsage);
}

QString OpenAiAdapter::errorMessage(const QByteArray& body) const
{
    rapidjson::Document doc;
    doc.Parse(body.constData(), size_t(body.size()));
    if (doc.HasParseError())
        return {};
    const Value* error = api::member(doc, "error");
    if (error && error->IsObject()) {
        const Value* message = api::member(*error, "message");
        if (message && message->IsString())
            return QString::fromUtf8(message->GetString(), qsizetype(message->GetStringLength()));
    }
    if (error && error->IsString()) // some compatible servers answer {"error": "text"}
        return QString::fromUtf8(error->GetString(), qsizetype(error->GetStringLength()));
    return {};
}

} // namespace tollgate::providers

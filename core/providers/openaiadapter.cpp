#include "providers/openaiadapter.h"

#include "api/json.h"
#include "api/sse.h"
#include "providers/translation.h"

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/reader.h>
#include <rapidjson/memorystream.h>

namespace tollgate::providers {
namespace {

using rapidjson::Value;

// Reads what the gateway needs from an OpenAI answer or stream chunk — usage, and whether the
// expected top-level array is there and empty — in one SAX pass, without building a DOM. The
// whole text is still parsed, so a malformed answer is caught.
class AnswerScan : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, AnswerScan>
{
public:
    explicit AnswerScan(std::string_view arrayName) : m_arrayName(arrayName) {}

    Usage usage;
    bool usageMalformed = false;
    bool sawArray = false;
    bool arrayEmpty = true;
    bool topIsObject = false;

    bool Key(const char* s, rapidjson::SizeType length, bool)
    {
        const std::string_view key(s, length);
        if (m_depth == 1) {
            m_topKey = key == "usage" ? TopKey::Usage : key == m_arrayName ? TopKey::Array : TopKey::Other;
        } else if (m_depth == 2 && m_inUsage) {
            m_usageKey = key == "prompt_tokens"               ? UsageKey::Prompt
                         : key == "completion_tokens"         ? UsageKey::Completion
                         : key == "prompt_tokens_details"     ? UsageKey::PromptDetails
                         : key == "completion_tokens_details" ? UsageKey::CompletionDetails
                                                              : UsageKey::Other;
        } else if (m_depth == 3 && m_details != Details::None) {
            m_usageKey = m_details == Details::Prompt && key == "cached_tokens"         ? UsageKey::Cached
                         : m_details == Details::Completion && key == "reasoning_tokens" ? UsageKey::Reasoning
                                                                                        : UsageKey::Other;
        }
        return true;
    }
    bool StartObject()
    {
        if (m_depth == 0)
            topIsObject = true;
        else
            noteValue();
        if (m_depth == 1 && m_topKey == TopKey::Usage) {
            m_inUsage = true;
            usage.reported = true;
        } else if (m_depth == 2 && m_inUsage && m_usageKey == UsageKey::PromptDetails) {
            m_details = Details::Prompt;
        } else if (m_depth == 2 && m_inUsage && m_usageKey == UsageKey::CompletionDetails) {
            m_details = Details::Completion;
        }
        ++m_depth;
        return true;
    }
    bool EndObject(rapidjson::SizeType)
    {
        --m_depth;
        if (m_depth == 1)
            m_inUsage = false;
        else if (m_depth == 2)
            m_details = Details::None;
        return true;
    }
    bool StartArray()
    {
        noteValue();
        if (m_depth == 1 && m_topKey == TopKey::Array)
            sawArray = true;
        ++m_depth;
        return true;
    }
    bool EndArray(rapidjson::SizeType) { return --m_depth, true; }
    bool Null() { return noteValue(), true; }
    bool Int(int v) { return number(v); }
    bool Uint(unsigned v) { return number(v); }
    bool Int64(std::int64_t v) { return number(v); }
    bool Uint64(std::uint64_t v) { return number(v > std::uint64_t(INT64_MAX) ? -1 : std::int64_t(v)); }
    bool Default() // strings, booleans, doubles
    {
        noteValue();
        if (m_depth == 1 && m_topKey == TopKey::Usage)
            usageMalformed = true; // "usage": "lots"
        else if (usageField() != nullptr)
            usageMalformed = true; // "prompt_tokens": 1.5
        return true;
    }

private:
    enum class TopKey { Other, Usage, Array };
    enum class UsageKey { Other, Prompt, Completion, PromptDetails, CompletionDetails, Cached, Reasoning };
    enum class Details { None, Prompt, Completion };

    void noteValue()
    {
        if (m_depth == 2 && m_topKey == TopKey::Array && !m_inUsage)
            arrayEmpty = false;
    }
    std::int64_t* usageField()
    {
        if (m_depth == 2 && m_inUsage && m_details == Details::None) {
            if (m_usageKey == UsageKey::Prompt)
                return &usage.inputTokens;
            if (m_usageKey == UsageKey::Completion)
                return &usage.outputTokens;
        }
        if (m_depth == 3 && m_inUsage && m_details == Details::Prompt && m_usageKey == UsageKey::Cached)
            return &usage.cachedInputTokens;
        if (m_depth == 3 && m_inUsage && m_details == Details::Completion && m_usageKey == UsageKey::Reasoning)
            return &usage.reasoningTokens;
        return nullptr;
    }
    bool number(std::int64_t v)
    {
        noteValue();
        if (std::int64_t* field = usageField()) {
            if (v < 0)
                usageMalformed = true;
            else
                *field = v;
        }
        return true;
    }

    std::string_view m_arrayName;
    int m_depth = 0;
    TopKey m_topKey = TopKey::Other;
    UsageKey m_usageKey = UsageKey::Other;
    bool m_inUsage = false;
    Details m_details = Details::None;
};

// Scans `text`; an empty optional when it is not a JSON object with a well-formed usage.
// Parsed in place in a per-thread scratch copy, so strings are not copied a second time.
std::optional<AnswerScan> scanAnswer(const char* text, size_t length, std::string_view arrayName)
{
    if (std::memchr(text, 0, length) != nullptr)
        return std::nullopt; // a raw NUL is never valid JSON, and would end the in-place parse
    thread_local std::string scratch;
    scratch.assign(text, length);
    AnswerScan scan(arrayName);
    rapidjson::Reader reader;
    rapidjson::InsituStringStream stream(scratch.data());
    if (reader.Parse<rapidjson::kParseInsituFlag>(stream, scan).IsError() || !scan.topIsObject || scan.usageMalformed)
        return std::nullopt;
    return scan;
}

class OpenAiStream final : public ChatStreamTranslator
{
public:
    OpenAiStream(bool clientWantsUsage, bool forwardEmptyChoices)
        : m_clientWantsUsage(clientWantsUsage), m_forwardEmptyChoices(forwardEmptyChoices)
    {
    }

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
            const auto scan = scanAnswer(event.data.constData(), size_t(event.data.size()), "choices");
            if (!scan)
                return false;
            if (scan->usage.reported) {
                m_usage = scan->usage;
                // The gateway asked for usage on the client's behalf; a client that did not ask for
                // it does not get the usage-only chunk.
                if (!m_clientWantsUsage && scan->sawArray && scan->arrayEmpty)
                    continue;
            } else if (!m_forwardEmptyChoices && scan->sawArray && scan->arrayEmpty) {
                continue;
            }
            out.append(event.raw).append("\n\n");
        }
        return true;
    }

    bool complete() const override { return m_complete; }
    const Usage& usage() const override { return m_usage; }

private:
    bool m_clientWantsUsage;
    bool m_forwardEmptyChoices;
    bool m_complete = false;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    Usage m_usage;
};

Result<TranslatedResponse> readJsonAnswer(const QByteArray& body, const char* requiredArray)
{
    const auto scan = scanAnswer(body.constData(), size_t(body.size()), requiredArray);
    if (!scan)
        return makeError(QStringLiteral("the provider's answer is not a JSON object with a well-formed usage"));
    if (!scan->sawArray)
        return makeError(QStringLiteral("the provider's answer has no '%1' array").arg(QLatin1String(requiredArray)));
    return TranslatedResponse{body, scan->usage};
}

} // namespace

http::UpstreamRequest OpenAiAdapter::baseRequest(const ProviderConfig& provider, const ModelConfig&,
                                                 Operation operation, bool stream) const
{
    http::UpstreamRequest request =
        jsonPost(provider, operation == Operation::ChatCompletions ? "/chat/completions" : "/embeddings", stream);
    if (provider.apiKey.resolved())
        request.headers.add("Authorization", "Bearer " + provider.apiKey.value.toStdString());
    return request;
}

Result<http::UpstreamRequest> OpenAiAdapter::buildChatRequest(api::ChatRequest& request,
                                                              const ProviderConfig& provider,
                                                              const ModelConfig& model) const
{
    http::UpstreamRequest upstream = baseRequest(provider, model, Operation::ChatCompletions, request.stream);
    upstream.body = api::encodeForUpstream(request, model.name);
    return upstream;
}

Result<http::UpstreamRequest> OpenAiAdapter::buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                                    const ProviderConfig& provider,
                                                                    const ModelConfig& model) const
{
    http::UpstreamRequest upstream = baseRequest(provider, model, Operation::Embeddings, false);
    upstream.body = api::encodeForUpstream(request, model.name);
    return upstream;
}

Result<TranslatedResponse> OpenAiAdapter::translateChatResponse(const QByteArray& body) const
{
    return readJsonAnswer(body, "choices");
}

Result<TranslatedResponse> OpenAiAdapter::translateEmbeddingsResponse(const QByteArray& body,
                                                                     const api::EmbeddingsRequest&) const
{
    return readJsonAnswer(body, "data");
}

std::unique_ptr<ChatStreamTranslator> OpenAiAdapter::newChatStream(const api::ChatRequest& request) const
{
    return std::make_unique<OpenAiStream>(request.clientWantsUsage, forwardsEmptyChoiceChunks());
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

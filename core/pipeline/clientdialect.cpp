#include "pipeline/clientdialect.h"

#include "api/anthropicinbound.h"

#include <algorithm>
#include <optional>

namespace tollgate::pipeline {
namespace {

class AnthropicDialect final : public ClientDialect
{
public:
    void setUsage(const providers::Usage& usage) override
    {
        if (!usage.reported)
            return;
        api::AnthropicUsage u;
        u.cacheReadInputTokens = usage.cachedInputTokens;
        u.cacheCreationInputTokens = usage.cacheWriteInputTokens;
        u.inputTokens = std::max<std::int64_t>(0, usage.inputTokens - usage.cachedInputTokens -
                                                      usage.cacheWriteInputTokens);
        u.outputTokens = usage.outputTokens;
        m_usage = u;
        m_encoder.setUsage(u);
    }
    bool convertAnswer(QByteArray& body) override
    {
        std::optional<QByteArray> message = api::encodeAnthropicMessage(body, m_usage ? &*m_usage : nullptr);
        if (!message)
            return false;
        body = std::move(*message);
        return true;
    }
    http::HttpResponse errorResponse(const api::ApiError& error) override
    {
        return api::anthropicErrorResponse(error);
    }
    void streamBytes(std::string_view bytes, QByteArray& out) override { m_encoder.feed(bytes, out); }
    void streamError(const api::ApiError& error, QByteArray& out) override
    {
        if (m_encoder.finished())
            return;
        api::AnthropicStreamEncoder::error(error, out);
    }
    void streamEnd(QByteArray& out) override { m_encoder.finish(out); }

private:
    api::AnthropicStreamEncoder m_encoder;
    std::optional<api::AnthropicUsage> m_usage;
};

} // namespace

std::unique_ptr<ClientDialect> makeAnthropicDialect()
{
    return std::make_unique<AnthropicDialect>();
}

} // namespace tollgate::pipeline

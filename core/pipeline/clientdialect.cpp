#include "pipeline/clientdialect.h"

#include "api/anthropicinbound.h"
#include "api/responsesinbound.h"
#include "api/responsesstream.h"
#include "common/clock.h"

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

class ResponsesDialect final : public ClientDialect
{
public:
    ResponsesDialect(std::string responseId, std::string model)
        : m_id(std::move(responseId)),
          m_encoder(m_id, SystemClock::instance().wallMs() / 1000, std::move(model))
    {
    }
    void setUsage(const providers::Usage& usage) override
    {
        if (!usage.reported)
            return;
        api::ResponsesUsage u;
        u.inputTokens = usage.inputTokens;
        u.outputTokens = usage.outputTokens;
        u.cachedInputTokens = usage.cachedInputTokens;
        u.reasoningTokens = usage.reasoningTokens;
        m_usage = u;
        m_encoder.setUsage(u);
    }
    bool convertAnswer(QByteArray& body) override
    {
        std::optional<QByteArray> response = api::encodeResponse(body, m_id, m_usage ? &*m_usage : nullptr);
        if (!response)
            return false;
        body = std::move(*response);
        return true;
    }
    http::HttpResponse errorResponse(const api::ApiError& error) override { return error.toResponse(); }
    void streamBytes(std::string_view bytes, QByteArray& out) override { m_encoder.feed(bytes, out); }
    void streamError(const api::ApiError& error, QByteArray& out) override
    {
        if (m_encoder.finished())
            return;
        api::ResponsesStreamEncoder::error(error, out, m_encoder.nextSequenceNumber());
    }
    void streamEnd(QByteArray& out) override { m_encoder.finish(out); }

private:
    std::string m_id;
    api::ResponsesStreamEncoder m_encoder;
    std::optional<api::ResponsesUsage> m_usage;
};

} // namespace

std::unique_ptr<ClientDialect> makeAnthropicDialect()
{
    return std::make_unique<AnthropicDialect>();
}

std::unique_ptr<ClientDialect> makeResponsesDialect(std::string responseId, std::string model)
{
    return std::make_unique<ResponsesDialect>(std::move(responseId), std::move(model));
}

} // namespace tollgate::pipeline

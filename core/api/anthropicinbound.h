#pragma once

// The inbound Anthropic Messages API (POST /v1/messages): a client's Messages request becomes the
// canonical (OpenAI-schema) ChatRequest, so routing and every provider work unchanged; the answer
// in the OpenAI schema is turned back into what an Anthropic client expects.

#include "api/apierror.h"
#include "api/requests.h"
#include "api/sse.h"
#include "http/httptypes.h"

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate::api {

// Parses and checks a Messages request. Errors are 400s naming the field (sent to the client in
// Anthropic's shape by anthropicErrorResponse). The result always asks for usage in streams.
Decoded<ChatRequest> decodeAnthropicMessages(const QByteArray& body);

// Anthropic's error type for an error of the gateway, chosen by HTTP status.
std::string_view anthropicErrorType(const ApiError& error);
// {"type":"error","error":{"type":...,"message":...}}
QByteArray anthropicErrorJson(const ApiError& error);
// The same status and extra headers as error.toResponse(), with Anthropic's body.
http::HttpResponse anthropicErrorResponse(const ApiError& error);

// Usage as Anthropic counts it: input_tokens excludes the tokens read from or written to the cache.
struct AnthropicUsage
{
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t cacheReadInputTokens = 0;
    std::int64_t cacheCreationInputTokens = 0;
};

// An OpenAI chat.completion body -> an Anthropic message body; nullopt when it is not one.
// `usage`, when given, replaces the body's usage (the OpenAI schema has no field for cache writes).
std::optional<QByteArray> encodeAnthropicMessage(const QByteArray& chatCompletion,
                                                 const AnthropicUsage* usage = nullptr);

// Turns a stream of OpenAI chat.completion.chunk events ("data: {...}\n\n", ending in
// "data: [DONE]") into Anthropic's Messages stream events (message_start, content_block_*,
// message_delta, message_stop), with `event:` lines. Bytes may arrive split anywhere. The message
// ends at finish(), so that usage settled after [DONE] (setUsage) still reaches message_delta.
class AnthropicStreamEncoder
{
public:
    // Appends the Anthropic events the bytes complete to `out`.
    void feed(std::string_view openAiBytes, QByteArray& out);
    // Replaces the usage the chunks reported; call before finish().
    void setUsage(const AnthropicUsage& usage);
    // Ends the message: closes what is open, then message_delta and message_stop.
    void finish(QByteArray& out);
    // An Anthropic `event: error` for a stream that failed after it began.
    static void error(const ApiError& error, QByteArray& out);
    bool finished() const { return m_finished; }

private:
    void onChunk(const QByteArray& data, QByteArray& out);
    void start(QByteArray& out);
    void openBlock(QByteArray& out, bool text, int toolIndex, std::string_view id, std::string_view name);
    void closeBlock(QByteArray& out);

    SseParser m_parser;
    std::vector<SseEvent> m_events;
    std::string m_id;
    std::string m_model;
    int m_nextBlock = 0;  // Anthropic index the next content block gets
    int m_openBlock = -1; // Anthropic index of the open block; -1 when none is open
    bool m_openIsText = false;
    int m_openToolIndex = -1; // OpenAI tool_calls index of the open tool_use block
    std::string_view m_stopReason = "end_turn";
    std::int64_t m_promptTokens = 0; // as OpenAI counts: cached tokens included
    std::int64_t m_outputTokens = 0;
    std::int64_t m_cacheRead = 0;
    std::int64_t m_cacheWrite = 0;
    bool m_started = false;
    bool m_sawDone = false;
    bool m_finished = false;
};

} // namespace tollgate::api

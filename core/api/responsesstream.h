#pragma once

// The streamed half of the inbound Responses API: a provider's Chat Completions stream becomes the
// semantic events a client of POST /v1/responses with "stream": true reads.

#include "api/apierror.h"
#include "api/json.h"
#include "api/responsesinbound.h"
#include "api/sse.h"

#include <QByteArray>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate::api {

// Turns a stream of OpenAI chat.completion.chunk events ("data: {...}\n\n", ending in
// "data: [DONE]") into Responses streaming events (response.created, response.output_item.*,
// response.output_text.*, response.function_call_arguments.*, ..., response.completed), each
// written as "event: <type>\ndata: <json>\n\n" with a sequence_number counting from 0. Bytes may
// arrive split anywhere. The response ends at finish(), so that usage settled after [DONE]
// (setUsage) still reaches response.completed. Only the first choice is read.
class ResponsesStreamEncoder
{
public:
    // responseId: "resp_..." chosen by the caller; createdAt: unix seconds; model: the model name
    // the client asked for, shown until a chunk names the model that answers (and when none comes).
    ResponsesStreamEncoder(std::string responseId, std::int64_t createdAt, std::string model);

    // Appends the Responses events the bytes complete to `out`. A chunk carrying an `error`
    // object ends the stream with an `error` event; chunks that are not JSON are skipped.
    void feed(std::string_view openAiBytes, QByteArray& out);
    // Replaces the usage the chunks reported (and any they report later); call before finish().
    void setUsage(const ResponsesUsage& usage);
    // Ends the response: closes the open items, then response.completed, or response.incomplete
    // when the provider stopped for length or a content filter. Starts the stream first if no
    // chunk did. Does nothing once finished().
    void finish(QByteArray& out);
    // An `error` event for a stream that failed after it began; sequenceNumber is
    // nextSequenceNumber() of the stream's encoder. The payload has the documented flat fields
    // (code, message, param) and, as the API sends it, the same under "error", which is what
    // makes the openai SDKs raise it.
    static void error(const ApiError& error, QByteArray& out, std::int64_t sequenceNumber);
    std::int64_t nextSequenceNumber() const { return m_sequence; }
    bool finished() const { return m_finished; }

private:
    struct ContentPart
    {
        bool refusal = false; // a refusal part rather than output_text
        std::string text;
    };
    struct OutputItem
    {
        bool functionCall = false; // a function_call item rather than a message
        bool open = true;
        std::string_view doneStatus = "completed"; // the status once closed
        std::string id;
        std::vector<ContentPart> parts; // message: only the last part may still be open
        bool partOpen = false;
        int toolIndex = -1; // function_call: the chunks' tool_calls index
        std::string callId;
        std::string name;
        std::string arguments;
    };

    void onChunk(const QByteArray& data, QByteArray& out);
    void start(QByteArray& out);
    void messageDelta(QByteArray& out, bool refusal, std::string_view delta);
    void toolCallDelta(QByteArray& out, int toolIndex, std::string_view callId, std::string_view name,
                       std::string_view arguments);
    void closePart(QByteArray& out, int outputIndex);
    void closeItem(QByteArray& out, int outputIndex, std::string_view status);
    static void writePart(JsonOut& w, const ContentPart& part);
    static void writeItem(JsonOut& w, const OutputItem& item);
    void writeResponse(QByteArray& out, std::string_view eventType, std::string_view status);

    SseParser m_parser;
    std::vector<SseEvent> m_events;
    std::string m_id;
    std::string m_idSuffix; // the response id without "resp_", for the ids of its items
    std::int64_t m_createdAt;
    std::string m_model;
    std::vector<OutputItem> m_output;    // by output_index
    int m_openMessage = -1;              // output_index of the message receiving text; -1 when none
    std::string_view m_incompleteReason; // empty, "max_output_tokens" or "content_filter"
    ResponsesUsage m_usage;
    bool m_usageSettled = false; // setUsage() was called: the chunks' usage no longer counts
    std::int64_t m_sequence = 0;
    bool m_started = false;
    bool m_sawDone = false;
    bool m_finished = false;
};

} // namespace tollgate::api

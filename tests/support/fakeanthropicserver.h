#pragma once

#include "fakeproviderserver.h"

#include <QSet>

namespace tollgate::testing {

// A fake provider speaking Anthropic's Messages API: POST /v1/messages and GET /v1/models, with
// "x-api-key" and a required "anthropic-version" header. Requests are validated as the API does
// where translation mistakes would show: unknown top-level fields ("Extra inputs are not
// permitted"), roles, block types and their fields, empty text blocks, image sources, tool_use /
// tool_result pairing between consecutive turns, tools' input_schema, tool_choice, temperature
// range. Errors are {"type":"error","error":{"type","message"}} with the API's error types.
//
// Content follows the rules in fakeproviderserver.h, with:
//   text(turn) = a string content, or its text blocks and tool_result texts (string content or
//                text blocks) joined with single spaces
//   SOURCE     = when the last turn ends with tool_result blocks, the texts of those trailing
//                blocks; otherwise the text blocks of the last user turn that has any
//   P          = words(system text) + 3 when there is a system prompt, + sum(words(text) + 3) per turn
//   JSON mode: output_config.format (or output_format) of type json_schema; stop: stop_sequences;
//   required tools: tool_choice {"type":"any"}, parallel unless disable_parallel_tool_use;
//   forced: {"type":"tool","name"}
//   stop_reason: tool_use, max_tokens, stop_sequence (with stop_sequence set) or end_turn
// Prompt caching follows the cache_control markers: the prompt up to and including the unit (the
// system prompt, or a turn) holding the last marker is the cached prefix, tokens counted as above.
// The first request with a given prefix reports them as cache_creation_input_tokens, later ones
// as cache_read_input_tokens; input_tokens is the rest of P. Markers on tools count 0 tokens.
// Streams send message_start, content_block_start, ping, content_block_delta per word (text_delta)
// or two input_json_delta halves per tool call, content_block_stop, message_delta (stop_reason,
// output_tokens), message_stop — each as "event: <type>" + "data: {...}".
class FakeAnthropicServer : public FakeProviderServer
{
    Q_OBJECT
public:
    explicit FakeAnthropicServer(QString name = QStringLiteral("fake"), QObject* parent = nullptr);

protected:
    FakeReply reply(const RecordedRequest& request, const Settings& settings) override;
    QByteArray defaultErrorBody(int status) const override;
    QByteArray badRequestBody(const QByteArray& message) const override;
    QByteArray streamErrorEvent() const override;

private:
    QSet<QByteArray> m_cachedPrefixes; // server thread only
};

} // namespace tollgate::testing

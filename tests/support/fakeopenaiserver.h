#pragma once

#include "fakeproviderserver.h"

namespace tollgate::testing {

// A fake provider speaking the OpenAI REST wire format: POST /v1/chat/completions,
// POST /v1/embeddings, GET /v1/models[/id], with "Authorization: Bearer <key>". It also serves
// Azure OpenAI's deployment URLs — POST /openai/deployments/{deployment}/chat/completions and
// /embeddings, which need an api-version query parameter and authenticate with "api-key: <key>";
// the deployment is the answer's model.
//
// Content follows the rules in fakeproviderserver.h, with:
//   text(m)  = a message's content if it is a string; for an array, its "text" parts joined with
//              single spaces; "" otherwise (null content, tool calls)
//   SOURCE   = text of the trailing role "tool" messages, or of the last role "user" message
//   prompt_tokens P = sum(words(text(m))) over all messages + 3 * number of messages
//   JSON mode: response_format json_object or json_schema; stop: "stop" (string or array);
//   max tokens: max_completion_tokens / max_tokens; required tools: tool_choice "required",
//   parallel_tool_calls not false
//   finish_reason "length" when max tokens cut, "tool_calls" for tool calls, else "stop"
//   usage.prompt_tokens_details.cached_tokens = min(setCachedPromptTokens, P) when that is > 0
//   Stream: chunk {"role":"assistant","content":""}, one chunk per word of TEXT (words after the
//   first carry a leading space, so the deltas concatenate to TEXT), a chunk with an empty delta
//   and the finish_reason, a usage chunk ("choices":[]) only when stream_options.include_usage
//   is true, then "data: [DONE]". Tool calls stream as one chunk with index, id, name and empty
//   arguments, then one chunk with the arguments, per call. Responses are chunked
//   (Transfer-Encoding) like OpenAI's.
//   Embeddings: fakecontent::embeddingFor per input; usage.prompt_tokens = total_tokens = sum of
//   words over inputs. encoding_format "base64" gives little-endian float32 in base64.
// Errors are {"error":{"message","type","param","code"}}.
class FakeOpenAiServer : public FakeProviderServer
{
    Q_OBJECT
public:
    explicit FakeOpenAiServer(QString name = QStringLiteral("fake"), QObject* parent = nullptr);

protected:
    FakeReply reply(const RecordedRequest& request, const Settings& settings) override;
    QByteArray defaultErrorBody(int status) const override;
    QByteArray badRequestBody(const QByteArray& message) const override;
    QByteArray streamErrorEvent() const override;
};

} // namespace tollgate::testing

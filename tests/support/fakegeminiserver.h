#pragma once

#include "fakeproviderserver.h"

namespace tollgate::testing {

// A fake provider speaking the Gemini API (v1beta): POST /v1beta/models/{model}:generateContent,
// :streamGenerateContent (alt=sse: server-sent events separated by CRLF CRLF; without it, a JSON
// array of the same chunks) and :batchEmbedContents, authenticated with "x-goog-api-key" (or a
// "key" query parameter). Requests are validated where translation mistakes would show: unknown
// field names (camelCase only), roles user/model, non-empty parts with exactly one data field,
// inlineData base64, function call / function response turn order and counts, Schema types
// (upper-case enum names; OBJECT parameters need properties), toolConfig modes, generationConfig
// fields. Errors are {"error":{"code","message","status"}}.
//
// Content follows the rules in fakeproviderserver.h, with:
//   text(content) = its text parts, and for functionResponse parts response.output when that is a
//                   string, else the response as compact JSON, joined with single spaces
//   SOURCE   = the trailing functionResponse texts of the last content, or the text parts of the
//              last user content that has any
//   P        = words(systemInstruction text) + 3 when present, + sum(words(text) + 3) per content
//   JSON mode: responseMimeType application/json; stop: stopSequences; max: maxOutputTokens;
//   required tools: mode ANY (one allowedFunctionNames entry forces that function)
//   finishReason MAX_TOKENS when max tokens cut, else STOP (stop sequences included)
//   usageMetadata: promptTokenCount P, candidatesTokenCount C, totalTokenCount, and
//   cachedContentTokenCount = min(setCachedPromptTokens, P) when that is > 0
//   Stream: one chunk per word (words after the first with a leading space); the last word's chunk
//   carries finishReason and the final usageMetadata (earlier ones the prompt count only). Tool
//   calls come in one chunk, with finishReason. Function calls carry no id.
//   Embeddings: fakecontent::embeddingFor per request, cut to outputDimensionality.
class FakeGeminiServer : public FakeProviderServer
{
    Q_OBJECT
public:
    explicit FakeGeminiServer(QString name = QStringLiteral("fake"), QObject* parent = nullptr);

protected:
    FakeReply reply(const RecordedRequest& request, const Settings& settings) override;
    QByteArray defaultErrorBody(int status) const override;
    QByteArray badRequestBody(const QByteArray& message) const override;
    QByteArray streamErrorEvent() const override;
};

} // namespace tollgate::testing

#pragma once

#include "api/apierror.h"

#include <QByteArray>
#include <QString>

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

namespace tollgate::api {

// The canonical chat request: the client's OpenAI-schema JSON, kept whole so that every field
// (tools, images, response_format, fields this gateway does not know yet) passes through intact,
// plus the few fields the gateway itself acts on, read once at decode time.
// A request body parsed in place: the document's strings point into its own copy of the text
// (no second copy of every string), and its memory pool is sized for the body rather than
// rapidjson's 64 KiB default — requests are small and many, and a fresh 64 KiB block per request
// costs page faults.
class JsonBody
{
public:
    JsonBody() : JsonBody(0) {}
    explicit JsonBody(size_t expectedBytes);
    // Parses `text` (full-precision numbers). The document is valid until the next parse.
    void parse(const QByteArray& text);
    // The text as it was received.
    const QByteArray& source() const { return m_source; }
    // Where a string value of the document sits in source(), quotes included, when it is there
    // verbatim (no escapes); -1 otherwise.
    std::pair<qsizetype, qsizetype> sourceSpan(const rapidjson::Value& string) const;
    JsonBody(JsonBody&&) noexcept = default;
    JsonBody& operator=(JsonBody&&) noexcept = default;
    rapidjson::Document& operator*() { return *m_document; }
    const rapidjson::Document& operator*() const { return *m_document; }
    rapidjson::Document* operator->() { return m_document.get(); }
    const rapidjson::Document* operator->() const { return m_document.get(); }

private:
    QByteArray m_source; // shared with the request, never written
    QByteArray m_text;   // the document's strings live here
    std::unique_ptr<rapidjson::MemoryPoolAllocator<>> m_pool;
    std::unique_ptr<rapidjson::Document> m_document; // allocates from m_pool
};

struct ChatRequest
{
    JsonBody body;
    QString model;                       // as the client sent it
    bool stream = false;
    bool clientWantsUsage = false;       // stream_options.include_usage as the client sent it
    std::optional<std::int64_t> maxTokens; // max_completion_tokens, else max_tokens
    std::int64_t bodyBytes = 0;
    // The gateway changed the document (guardrails rewrote a message): it is written out again
    // instead of splicing into the bytes the client sent.
    bool rewritten = false;
};

struct EmbeddingsRequest
{
    JsonBody body;
    QString model;
    int inputCount = 0; // number of inputs (1 for a single string)
};

template<typename T>
using Decoded = std::variant<T, ApiError>;

// Parse and type-check a request body. Unknown fields are kept; known fields of the wrong type,
// missing required fields, bad JSON and invalid UTF-8 give a 400 naming the field.
Decoded<ChatRequest> decodeChatRequest(const QByteArray& body);
Decoded<EmbeddingsRequest> decodeEmbeddingsRequest(const QByteArray& body);

// A chat request in another API's schema (Anthropic Messages, OpenAI Responses): the body is
// parsed, `translate` writes its canonical chat JSON (or names what is wrong), and that is decoded
// as above. The result counts the client's bytes and always asks for usage (those APIs report it).
using ChatTranslator =
    std::function<std::optional<ApiError>(const rapidjson::Document& body, QByteArray& chat)>;
Decoded<ChatRequest> decodeTranslatedChatRequest(const QByteArray& body, const ChatTranslator& translate);

// The body to send upstream: the client's request with `model` replaced by the provider's model id
// and, for streams, stream_options.include_usage forced on so that the gateway always learns usage.
// Where it can, this splices the new model name into the bytes the client sent (everything else
// byte for byte, whitespace included); otherwise it writes the document out again.
QByteArray encodeForUpstream(ChatRequest& request, const QString& upstreamModel);
QByteArray encodeForUpstream(EmbeddingsRequest& request, const QString& upstreamModel);

} // namespace tollgate::api

#pragma once

// Pieces shared by the adapters that translate between the canonical (OpenAI) format and another
// wire format: reading the client's request, writing OpenAI answers and stream chunks.
// Everything here works on UTF-8 bytes and rapidjson values; nothing on this path touches QString.

#include "api/json.h"
#include "common/result.h"
#include "providers/provideradapter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate::providers {

using api::JsonOut;
using api::stringMember;
using api::writeKey;
using api::writeString;

// Parse flags for provider answers and tool arguments: numbers keep full precision.
constexpr unsigned kAnswerParseFlags = rapidjson::kParseFullPrecisionFlag;

// A JSON POST to "{base_url}{path}", without credentials; the body is set by the caller.
http::UpstreamRequest jsonPost(const ProviderConfig& provider, std::string_view path, bool stream);

// Appends `segment` percent-encoded (everything but RFC 3986 unreserved characters).
void appendPathSegment(std::string& out, std::string_view segment);
inline void appendPathSegment(std::string& out, const QByteArray& segment)
{
    appendPathSegment(out, std::string_view(segment.constData(), size_t(segment.size())));
}

// "data:<mime>;base64,<data>". Only base64 data URLs with a media type are accepted.
struct DataUrl
{
    std::string_view mimeType;
    std::string_view data;
};
std::optional<DataUrl> parseDataUrl(std::string_view url);
bool isHttpUrl(std::string_view url);
// The media type a URL's file extension suggests (images and PDF); empty when unknown.
std::string_view mimeTypeForUrl(std::string_view url);

// "call_" followed by 24 random hex digits: for providers whose tool calls carry no id.
std::string newToolCallId();
std::int64_t unixSeconds();

// Calls f(std::string_view) for each stop sequence of an OpenAI request ("stop": string or array).
template <typename F> void forEachStop(const rapidjson::Value& request, F&& f)
{
    const rapidjson::Value* stop = api::member(request, "stop");
    if (!stop)
        return;
    if (stop->IsString()) {
        if (stop->GetStringLength() > 0)
            f(api::view(*stop));
        return;
    }
    if (!stop->IsArray())
        return;
    for (const rapidjson::Value& s : stop->GetArray()) {
        if (s.IsString() && s.GetStringLength() > 0)
            f(api::view(s));
    }
}

// The JSON Schema of response_format {"type":"json_schema","json_schema":{"schema":...}}, or null.
const rapidjson::Value* responseJsonSchema(const rapidjson::Value& request);
// response_format.type, or empty.
std::string_view responseFormatType(const rapidjson::Value& request);
// What the Anthropic and Gemini formats cannot say: several choices (n > 1), logprobs, an unknown
// response_format type, a json_schema format without its schema. The Error names the field.
Result<void> checkTranslatable(const rapidjson::Value& request, QLatin1String provider);
// Whether a message's content says anything: a non-empty string, or parts that are not all empty
// text (non-text parts always count).
bool hasContent(const rapidjson::Value* content);

// OpenAI's usage object, counted as OpenAI counts (see Usage).
void writeOpenAiUsage(JsonOut& w, const Usage& usage);

// A non-stream chat.completion in the OpenAI schema.
struct ToolCallOut
{
    std::string id;
    std::string name;
    QByteArray arguments; // a JSON text
};
struct CompletionOut
{
    std::string_view id;
    std::string_view model;
    std::int64_t created = 0;
    std::string content;
    bool hasContent = false; // content null otherwise
    std::vector<ToolCallOut> toolCalls;
    std::string_view finishReason = "stop";
    Usage usage;
};
QByteArray writeCompletion(const CompletionOut& completion);

// Writes client-ready OpenAI chat.completion.chunk events ("data: {...}\n\n") for one stream.
class ChunkEmitter
{
public:
    void setId(std::string_view id) { m_id.assign(id.data(), id.size()); }
    void setModel(std::string_view model) { m_model.assign(model.data(), model.size()); }
    void setCreated(std::int64_t created) { m_created = created; }
    bool hasId() const { return !m_id.empty(); }
    bool hasModel() const { return !m_model.empty(); }

    void role(QByteArray& out) const; // {"role":"assistant","content":""}
    void content(QByteArray& out, std::string_view text) const;
    void toolCallStart(QByteArray& out, int index, std::string_view id, std::string_view name,
                       std::string_view arguments = {}) const;
    void toolCallArguments(QByteArray& out, int index, std::string_view fragment) const;
    void finish(QByteArray& out, std::string_view reason) const;
    void usage(QByteArray& out, const Usage& usage) const; // "choices": []
    static void done(QByteArray& out) { out.append("data: [DONE]\n\n"); }

private:
    template <typename Delta> void chunk(QByteArray& out, Delta&& delta, std::string_view finishReason) const;
    void head(JsonOut& w) const;

    std::string m_id;
    std::string m_model;
    std::int64_t m_created = 0;
};

// A reusable parser for one provider event at a time: a fixed first block for the DOM, so small
// events parse without allocating, and nothing grows from event to event.
class EventDocument
{
public:
    EventDocument() : m_pool(m_buffer, sizeof m_buffer), m_document(&m_pool) {}
    EventDocument(const EventDocument&) = delete;
    EventDocument& operator=(const EventDocument&) = delete;

    // Parses `text`; false when it is not a JSON object.
    bool parse(const char* text, size_t length);
    const rapidjson::Document& document() const { return m_document; }

private:
    alignas(8) char m_buffer[8192];
    rapidjson::MemoryPoolAllocator<> m_pool;
    rapidjson::Document m_document;
};

} // namespace tollgate::providers

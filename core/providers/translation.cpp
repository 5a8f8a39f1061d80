#include "providers/translation.h"

#include <QRandomGenerator>

#include <chrono>

namespace tollgate::providers {

using rapidjson::Value;

http::UpstreamRequest jsonPost(const ProviderConfig& provider, std::string_view path, bool stream)
{
    http::UpstreamRequest request;
    request.method = "POST";
    QByteArray url = provider.baseUrl.toUtf8();
    while (url.endsWith('/'))
        url.chop(1);
    request.url.reserve(size_t(url.size()) + path.size());
    request.url.append(url.constData(), size_t(url.size()));
    request.url.append(path);
    request.headers.add("Content-Type", "application/json");
    request.headers.add("Accept", stream ? "text/event-stream" : "application/json");
    request.timeouts = provider.timeouts;
    if (!provider.caFile.isEmpty())
        request.caFile = provider.caFile.toStdString();
    return request;
}

void appendPathSegment(std::string& out, std::string_view segment)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : segment) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                                u == '-' || u == '.' || u == '_' || u == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0xF]);
        }
    }
}

std::optional<DataUrl> parseDataUrl(std::string_view url)
{
    constexpr std::string_view prefix = "data:";
    if (url.size() < prefix.size() || url.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    const size_t comma = url.find(',');
    if (comma == std::string_view::npos)
        return std::nullopt;
    std::string_view meta = url.substr(prefix.size(), comma - prefix.size());
    constexpr std::string_view base64 = ";base64";
    if (meta.size() <= base64.size() || meta.substr(meta.size() - base64.size()) != base64)
        return std::nullopt;
    meta.remove_suffix(base64.size());
    // Parameters such as ";charset=..." before ";base64" are not part of the media type.
    if (const size_t semicolon = meta.find(';'); semicolon != std::string_view::npos)
        meta = meta.substr(0, semicolon);
    if (meta.empty() || meta.find('/') == std::string_view::npos)
        return std::nullopt;
    const std::string_view data = url.substr(comma + 1);
    if (data.empty())
        return std::nullopt;
    return DataUrl{meta, data};
}

bool isHttpUrl(std::string_view url)
{
    return url.substr(0, 8) == "https://" || url.substr(0, 7) == "http://";
}

std::string_view mimeTypeForUrl(std::string_view url)
{
    std::string_view path = url.substr(0, url.find_first_of("?#"));
    const size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return {};
    std::string ext(path.substr(dot + 1));
    for (char& c : ext)
        c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (ext == "png")
        return "image/png";
    if (ext == "jpg" || ext == "jpeg")
        return "image/jpeg";
    if (ext == "gif")
        return "image/gif";
    if (ext == "webp")
        return "image/webp";
    if (ext == "pdf")
        return "application/pdf";
    return {};
}

std::string newToolCallId()
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id = "call_";
    id.reserve(5 + 24);
    quint64 words[2] = {QRandomGenerator::global()->generate64(), QRandomGenerator::global()->generate64()};
    for (int i = 0; i < 24; ++i)
        id.push_back(kHex[(words[i / 16] >> (4 * (i % 16))) & 0xF]);
    return id;
}

std::int64_t unixSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

const Value* responseJsonSchema(const Value& request)
{
    const Value* format = api::member(request, "response_format");
    if (!format || stringMember(*format, "type") != "json_schema")
        return nullptr;
    const Value* spec = api::member(*format, "json_schema");
    const Value* schema = spec ? api::member(*spec, "schema") : nullptr;
    return schema && schema->IsObject() ? schema : nullptr;
}

std::string_view responseFormatType(const Value& request)
{
    const Value* format = api::member(request, "response_format");
    return format ? stringMember(*format, "type") : std::string_view();
}

void writeOpenAiUsage(JsonOut& w, const Usage& usage)
{
    w.StartObject();
    w.Key("prompt_tokens");
    w.Int64(usage.inputTokens);
    w.Key("completion_tokens");
    w.Int64(usage.outputTokens);
    w.Key("total_tokens");
    w.Int64(usage.inputTokens + usage.outputTokens);
    w.Key("prompt_tokens_details");
    w.StartObject();
    w.Key("cached_tokens");
    w.Int64(usage.cachedInputTokens);
    w.EndObject();
    w.Key("completion_tokens_details");
    w.StartObject();
    w.Key("reasoning_tokens");
    w.Int64(usage.reasoningTokens);
    w.EndObject();
    w.EndObject();
}

QByteArray writeCompletion(const CompletionOut& c)
{
    QByteArray out;
    out.reserve(qsizetype(c.content.size()) + 512);
    {
        api::QByteArrayOutputStream stream(out);
        JsonOut w(stream);
        w.StartObject();
        w.Key("id");
        writeString(w, c.id);
        w.Key("object");
        w.String("chat.completion");
        w.Key("created");
        w.Int64(c.created);
        w.Key("model");
        writeString(w, c.model);
        w.Key("choices");
        w.StartArray();
        w.StartObject();
        w.Key("index");
        w.Int(0);
        w.Key("message");
        w.StartObject();
        w.Key("role");
        w.String("assistant");
        w.Key("content");
        if (c.hasContent)
            writeString(w, c.content);
        else
            w.Null();
        if (!c.toolCalls.empty()) {
            w.Key("tool_calls");
            w.StartArray();
            for (const ToolCallOut& call : c.toolCalls) {
                w.StartObject();
                w.Key("id");
                writeString(w, call.id);
                w.Key("type");
                w.String("function");
                w.Key("function");
                w.StartObject();
                w.Key("name");
                writeString(w, call.name);
                w.Key("arguments");
                w.String(call.arguments.constData(), rapidjson::SizeType(call.arguments.size()));
                w.EndObject();
                w.EndObject();
            }
            w.EndArray();
        }
        w.Key("refusal");
        w.Null();
        w.EndObject();
        w.Key("logprobs");
        w.Null();
        w.Key("finish_reason");
        writeString(w, c.finishReason);
        w.EndObject();
        w.EndArray();
        w.Key("usage");
        writeOpenAiUsage(w, c.usage);
        w.EndObject();
    }
    return out;
}

void ChunkEmitter::head(JsonOut& w) const
{
    w.Key("id");
    writeString(w, m_id);
    w.Key("object");
    w.String("chat.completion.chunk");
    w.Key("created");
    w.Int64(m_created);
    w.Key("model");
    writeString(w, m_model);
}

template <typename Delta>
void ChunkEmitter::chunk(QByteArray& out, Delta&& delta, std::string_view finishReason) const
{
    out.append("data: ");
    {
        api::QByteArrayOutputStream stream(out);
        JsonOut w(stream);
        w.StartObject();
        head(w);
        w.Key("choices");
        w.StartArray();
        w.StartObject();
        w.Key("index");
        w.Int(0);
        w.Key("delta");
        w.StartObject();
        delta(w);
        w.EndObject();
        w.Key("logprobs");
        w.Null();
        w.Key("finish_reason");
        if (finishReason.empty())
            w.Null();
        else
            writeString(w, finishReason);
        w.EndObject();
        w.EndArray();
        w.EndObject();
    }
    out.append("\n\n");
}

void ChunkEmitter::role(QByteArray& out) const
{
    chunk(out,
          [](JsonOut& w) {
              w.Key("role");
              w.String("assistant");
              w.Key("content");
              w.String("");
          },
          {});
}

void ChunkEmitter::content(QByteArray& out, std::string_view text) const
{
    chunk(out,
          [text](JsonOut& w) {
              w.Key("content");
              writeString(w, text);
          },
          {});
}

void ChunkEmitter::toolCallStart(QByteArray& out, int index, std::string_view id, std::string_view name,
                                 std::string_view arguments) const
{
    chunk(out,
          [&](JsonOut& w) {
              w.Key("tool_calls");
              w.StartArray();
              w.StartObject();
              w.Key("index");
              w.Int(index);
              w.Key("id");
              writeString(w, id);
              w.Key("type");
              w.String("function");
              w.Key("function");
              w.StartObject();
              w.Key("name");
              writeString(w, name);
              w.Key("arguments");
              writeString(w, arguments);
              w.EndObject();
              w.EndObject();
              w.EndArray();
          },
          {});
}

void ChunkEmitter::toolCallArguments(QByteArray& out, int index, std::string_view fragment) const
{
    chunk(out,
          [&](JsonOut& w) {
              w.Key("tool_calls");
              w.StartArray();
              w.StartObject();
              w.Key("index");
              w.Int(index);
              w.Key("function");
              w.StartObject();
              w.Key("arguments");
              writeString(w, fragment);
              w.EndObject();
              w.EndObject();
              w.EndArray();
          },
          {});
}

void ChunkEmitter::finish(QByteArray& out, std::string_view reason) const
{
    chunk(
        out, [](JsonOut&) {}, reason);
}

void ChunkEmitter::usage(QByteArray& out, const Usage& usage) const
{
    out.append("data: ");
    {
        api::QByteArrayOutputStream stream(out);
        JsonOut w(stream);
        w.StartObject();
        head(w);
        w.Key("choices");
        w.StartArray();
        w.EndArray();
        w.Key("usage");
        writeOpenAiUsage(w, usage);
        w.EndObject();
    }
    out.append("\n\n");
}

bool EventDocument::parse(const char* text, size_t length)
{
    m_document.SetNull();
    m_pool.Clear();
    m_document.Parse<kAnswerParseFlags>(text, length);
    return !m_document.HasParseError() && m_document.IsObject();
}

bool hasContent(const rapidjson::Value* content)
{
    if (!content)
        return false;
    if (content->IsString())
        return content->GetStringLength() > 0;
    if (!content->IsArray())
        return false;
    for (const rapidjson::Value& part : content->GetArray()) {
        if (stringMember(part, "type") != "text" || !stringMember(part, "text").empty())
            return true;
    }
    return false;
}

Result<void> checkTranslatable(const rapidjson::Value& request, QLatin1String provider)
{
    if (const auto n = api::memberInt(request, "n"); n && *n != 1)
        return makeError(QStringLiteral("n must be 1: %1 answers with one choice").arg(provider));
    if (const rapidjson::Value* logprobs = api::member(request, "logprobs");
        logprobs && logprobs->IsBool() && logprobs->GetBool())
        return makeError(QStringLiteral("%1 does not return logprobs").arg(provider));
    const std::string_view format = responseFormatType(request);
    if (!format.empty() && format != "text" && format != "json_object" && format != "json_schema")
        return makeError(QStringLiteral("response_format type '%1' is not supported")
                             .arg(QString::fromUtf8(format.data(), qsizetype(format.size()))));
    if (format == "json_schema" && !responseJsonSchema(request))
        return makeError(QStringLiteral("response_format json_schema needs json_schema.schema"));
    return {};
}

} // namespace tollgate::providers

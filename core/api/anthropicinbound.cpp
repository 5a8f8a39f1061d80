#include "api/anthropicinbound.h"

#include "api/inboundtranslation.h"
#include "api/json.h"
#include "common/ids.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <map>

namespace tollgate::api {
namespace {

using inbound::bad;
using inbound::wrongType;
using rapidjson::Value;
using Out = JsonOut;

// Where a value sits in the request ("messages.2.content.0"), spelled out only when an error
// names it: a conversation carries many messages and blocks, and nearly always no error.
struct Where
{
    const Where* parent; // null at the top level
    std::string_view name;
    size_t index;

    QByteArray text() const
    {
        QByteArray out = parent ? parent->text() + '.' : QByteArray();
        out.append(name.data(), qsizetype(name.size()));
        out += '.' + QByteArray::number(qulonglong(index));
        return out;
    }
    QByteArray operator+(const char* suffix) const { return text() + suffix; }
};

void copyCacheControl(Out& w, const Value& block)
{
    if (const Value* cache = member(block, "cache_control"); cache && cache->IsObject()) {
        writeKey(w, "cache_control");
        cache->Accept(w);
    }
}

// One text block -> an OpenAI text part.
std::optional<ApiError> writeTextPart(Out& w, const Value& block, const Where& where)
{
    const Value* text = member(block, "text");
    if (!text || !text->IsString())
        return wrongType(where + ".text", "a string");
    w.StartObject();
    writeKey(w, "type");
    writeString(w, "text");
    writeKey(w, "text");
    writeString(w, view(*text));
    copyCacheControl(w, block);
    w.EndObject();
    return std::nullopt;
}

std::optional<ApiError> writeImagePart(Out& w, const Value& block, const Where& where)
{
    const Value* source = member(block, "source");
    if (!source || !source->IsObject())
        return wrongType(where + ".source", "an object");
    const std::string_view type = stringMember(*source, "type");
    std::string url;
    if (type == "base64") {
        const std::string_view mediaType = stringMember(*source, "media_type");
        const std::string_view data = stringMember(*source, "data");
        if (mediaType.empty() || data.empty())
            return bad(QStringLiteral("%1.source: a base64 image needs media_type and data.")
                           .arg(QString::fromUtf8(where.text())),
                       where + ".source");
        url.reserve(mediaType.size() + data.size() + 16);
        url.append("data:").append(mediaType).append(";base64,").append(data);
    } else if (type == "url") {
        const std::string_view u = stringMember(*source, "url");
        if (u.empty())
            return wrongType(where + ".source.url", "a string");
        url.assign(u);
    } else {
        return bad(QStringLiteral("%1.source.type: expected 'base64' or 'url'.")
                       .arg(QString::fromUtf8(where.text())),
                   where + ".source.type");
    }
    w.StartObject();
    writeKey(w, "type");
    writeString(w, "image_url");
    writeKey(w, "image_url");
    w.StartObject();
    writeKey(w, "url");
    writeString(w, url);
    w.EndObject();
    copyCacheControl(w, block);
    w.EndObject();
    return std::nullopt;
}

// A tool_result's content as plain text (string, or text blocks joined).
std::optional<ApiError> toolResultText(const Value& block, const Where& where, std::string& text)
{
    const Value* content = member(block, "content");
    if (!content || content->IsNull())
        return std::nullopt;
    if (content->IsString()) {
        text.assign(view(*content));
        return std::nullopt;
    }
    if (!content->IsArray())
        return wrongType(where + ".content", "a string or an array of blocks");
    for (const Value& part : content->GetArray()) {
        if (stringMember(part, "type") != "text")
            return bad(QStringLiteral("%1.content: only text blocks are supported in a tool result.")
                           .arg(QString::fromUtf8(where.text())),
                       where + ".content");
        if (!text.empty())
            text.push_back('\n');
        text.append(stringMember(part, "text"));
    }
    return std::nullopt;
}

std::optional<ApiError> writeSystem(Out& w, const Value& system)
{
    if (system.IsString()) {
        if (system.GetStringLength() == 0)
            return std::nullopt;
        w.StartObject();
        writeKey(w, "role");
        writeString(w, "system");
        writeKey(w, "content");
        writeString(w, view(system));
        w.EndObject();
        return std::nullopt;
    }
    if (!system.IsArray())
        return wrongType("system", "a string or an array of text blocks");
    if (system.Empty())
        return std::nullopt;
    w.StartObject();
    writeKey(w, "role");
    writeString(w, "system");
    writeKey(w, "content");
    w.StartArray();
    size_t i = 0;
    for (const Value& block : system.GetArray()) {
        const Where where{nullptr, "system", i++};
        if (stringMember(block, "type") != "text")
            return bad(
                QStringLiteral("%1.type: system blocks must be text.").arg(QString::fromUtf8(where.text())),
                where + ".type");
        if (auto error = writeTextPart(w, block, where))
            return error;
    }
    w.EndArray();
    w.EndObject();
    return std::nullopt;
}

std::optional<ApiError> writeUserMessage(Out& w, const Value& content, const Where& where)
{
    // Tool results become role "tool" messages, ahead of the rest of the turn.
    size_t i = 0;
    for (const Value& block : content.GetArray()) {
        const Where blockAt{&where, "content", i++};
        if (!block.IsObject())
            return wrongType(blockAt.text(), "an object");
        if (stringMember(block, "type") != "tool_result")
            continue;
        const std::string_view id = stringMember(block, "tool_use_id");
        if (id.empty())
            return wrongType(blockAt + ".tool_use_id", "a string");
        std::string text;
        if (auto error = toolResultText(block, blockAt, text))
            return error;
        const Value* isError = member(block, "is_error");
        if (isError && isError->IsBool() && isError->GetBool())
            text.insert(0, "Error: ");
        inbound::writeToolResult(w, id, text);
    }
    bool any = false;
    i = 0;
    for (const Value& block : content.GetArray()) {
        const Where blockAt{&where, "content", i++};
        const std::string_view type = stringMember(block, "type");
        if (type == "tool_result")
            continue;
        if (!any) {
            w.StartObject();
            writeKey(w, "role");
            writeString(w, "user");
            writeKey(w, "content");
            w.StartArray();
            any = true;
        }
        std::optional<ApiError> error;
        if (type == "text")
            error = writeTextPart(w, block, blockAt);
        else if (type == "image")
            error = writeImagePart(w, block, blockAt);
        else
            error = bad(QStringLiteral("%1.type: unsupported content block type '%2' in a user message.")
                            .arg(QString::fromUtf8(blockAt.text()),
                                 QString::fromUtf8(type.data(), qsizetype(type.size()))),
                        blockAt + ".type");
        if (error)
            return error;
    }
    if (any) {
        w.EndArray();
        w.EndObject();
    }
    return std::nullopt;
}

std::optional<ApiError> writeAssistantMessage(Out& w, const Value& content, const Where& where)
{
    w.StartObject();
    writeKey(w, "role");
    writeString(w, "assistant");
    std::string text;
    bool hasCalls = false;
    size_t i = 0;
    for (const Value& block : content.GetArray()) {
        const Where blockAt{&where, "content", i++};
        const std::string_view type = stringMember(block, "type");
        if (type == "text")
            text.append(stringMember(block, "text"));
        else if (type == "tool_use")
            hasCalls = true;
        else if (type != "thinking" && type != "redacted_thinking") // reasoning is not sent back
            return bad(QStringLiteral("%1.type: unsupported content block type '%2' in an assistant message.")
                           .arg(QString::fromUtf8(blockAt.text()),
                                QString::fromUtf8(type.data(), qsizetype(type.size()))),
                       blockAt + ".type");
    }
    writeKey(w, "content");
    if (text.empty() && hasCalls)
        w.Null();
    else
        writeString(w, text);
    if (hasCalls) {
        writeKey(w, "tool_calls");
        w.StartArray();
        i = 0;
        for (const Value& block : content.GetArray()) {
            const Where blockAt{&where, "content", i++};
            if (stringMember(block, "type") != "tool_use")
                continue;
            const std::string_view id = stringMember(block, "id");
            const std::string_view name = stringMember(block, "name");
            if (id.empty() || name.empty())
                return bad(QStringLiteral("%1: a tool_use block needs an id and a name.")
                               .arg(QString::fromUtf8(blockAt.text())),
                           blockAt.text());
            const Value* input = member(block, "input");
            const QByteArray arguments =
                input && input->IsObject() ? serialize(*input) : QByteArrayLiteral("{}");
            inbound::writeToolCall(w, id, name,
                                   std::string_view(arguments.constData(), size_t(arguments.size())));
        }
        w.EndArray();
    }
    w.EndObject();
    return std::nullopt;
}

std::optional<ApiError> writeMessages(Out& w, const Value& messages)
{
    size_t i = 0;
    for (const Value& message : messages.GetArray()) {
        const Where where{nullptr, "messages", i++};
        if (!message.IsObject())
            return wrongType(where.text(), "an object");
        const std::string_view role = stringMember(message, "role");
        const Value* content = member(message, "content");
        if (!content || !(content->IsString() || content->IsArray()))
            return wrongType(where + ".content", "a string or an array of content blocks");
        if (role != "user" && role != "assistant")
            return bad(QStringLiteral("%1.role: expected 'user' or 'assistant'.")
                           .arg(QString::fromUtf8(where.text())),
                       where + ".role");
        if (content->IsString()) {
            w.StartObject();
            writeKey(w, "role");
            writeString(w, role);
            writeKey(w, "content");
            writeString(w, view(*content));
            w.EndObject();
            continue;
        }
        std::optional<ApiError> error =
            role == "user" ? writeUserMessage(w, *content, where) : writeAssistantMessage(w, *content, where);
        if (error)
            return error;
    }
    return std::nullopt;
}

std::optional<ApiError> writeTools(Out& w, const Value& tools)
{
    if (!tools.IsArray())
        return wrongType("tools", "an array");
    writeKey(w, "tools");
    w.StartArray();
    size_t i = 0;
    for (const Value& tool : tools.GetArray()) {
        const Where where{nullptr, "tools", i++};
        const std::string_view type = stringMember(tool, "type");
        if (!type.empty() && type != "custom")
            return bad(QStringLiteral("%1.type: server tool '%2' is not supported by this gateway.")
                           .arg(QString::fromUtf8(where.text()),
                                QString::fromUtf8(type.data(), qsizetype(type.size()))),
                       where + ".type");
        const std::string_view name = stringMember(tool, "name");
        if (name.empty())
            return wrongType(where + ".name", "a string");
        const Value* schema = member(tool, "input_schema");
        if (!schema || !schema->IsObject())
            return wrongType(where + ".input_schema", "an object");
        w.StartObject();
        writeKey(w, "type");
        writeString(w, "function");
        writeKey(w, "function");
        w.StartObject();
        writeKey(w, "name");
        writeString(w, name);
        if (const Value* description = member(tool, "description"); description && description->IsString()) {
            writeKey(w, "description");
            writeString(w, view(*description));
        }
        writeKey(w, "parameters");
        schema->Accept(w);
        w.EndObject();
        copyCacheControl(w, tool);
        w.EndObject();
    }
    w.EndArray();
    return std::nullopt;
}

std::optional<ApiError> writeToolChoice(Out& w, const Value& choice)
{
    if (!choice.IsObject())
        return wrongType("tool_choice", "an object");
    const std::string_view type = stringMember(choice, "type");
    writeKey(w, "tool_choice");
    if (type == "auto" || type == "none") {
        writeString(w, type);
    } else if (type == "any") {
        writeString(w, "required");
    } else if (type == "tool") {
        const std::string_view name = stringMember(choice, "name");
        if (name.empty())
            return wrongType("tool_choice.name", "a string");
        inbound::writeFunctionChoice(w, name);
    } else {
        return bad(QStringLiteral("tool_choice.type: expected 'auto', 'any', 'tool' or 'none'."),
                   "tool_choice.type");
    }
    const Value* noParallel = member(choice, "disable_parallel_tool_use");
    if (noParallel && noParallel->IsBool() && noParallel->GetBool() && type != "none") {
        writeKey(w, "parallel_tool_calls");
        w.Bool(false);
    }
    return std::nullopt;
}

std::optional<ApiError> translateRequest(const rapidjson::Document& doc, QByteArray& out)
{
    QByteArrayOutputStream os(out);
    Out w(os);
    w.StartObject();
    if (auto error = inbound::writeModel(w, doc))
        return error;
    const Value* maxTokens = member(doc, "max_tokens");
    if (!maxTokens)
        return bad(QStringLiteral("max_tokens: Field required"), "max_tokens");
    if (!maxTokens->IsInt64() || maxTokens->GetInt64() < 1)
        return wrongType("max_tokens", "an integer of at least 1");
    writeKey(w, "max_tokens");
    w.Int64(maxTokens->GetInt64());
    const Value* messages = member(doc, "messages");
    if (!messages)
        return bad(QStringLiteral("messages: Field required"), "messages");
    if (!messages->IsArray() || messages->Empty())
        return wrongType("messages", "a non-empty array");
    writeKey(w, "messages");
    w.StartArray();
    if (const Value* system = member(doc, "system"); system && !system->IsNull()) {
        if (auto error = writeSystem(w, *system))
            return error;
    }
    if (auto error = writeMessages(w, *messages))
        return error;
    w.EndArray();
    if (const Value* tools = member(doc, "tools"); tools && !tools->IsNull()) {
        if (auto error = writeTools(w, *tools))
            return error;
    }
    if (const Value* choice = member(doc, "tool_choice"); choice && !choice->IsNull()) {
        if (auto error = writeToolChoice(w, *choice))
            return error;
    }
    if (const Value* stops = member(doc, "stop_sequences"); stops && !stops->IsNull()) {
        if (!stops->IsArray())
            return wrongType("stop_sequences", "an array of strings");
        writeKey(w, "stop");
        w.StartArray();
        for (const Value& s : stops->GetArray()) {
            if (!s.IsString())
                return wrongType("stop_sequences", "an array of strings");
            s.Accept(w);
        }
        w.EndArray();
    }
    if (auto error = inbound::writeSampling(w, doc))
        return error;
    if (const Value* metadata = member(doc, "metadata"); metadata && metadata->IsObject()) {
        if (const std::string_view user = stringMember(*metadata, "user_id"); !user.empty()) {
            writeKey(w, "user");
            writeString(w, user);
        }
    }
    // The stream encoder needs usage for message_delta whatever the client asked.
    if (auto error = inbound::writeStream(w, doc))
        return error;
    w.EndObject();
    return std::nullopt;
}

std::string_view stopReasonFor(std::string_view finishReason)
{
    if (finishReason == "length")
        return "max_tokens";
    if (finishReason == "tool_calls" || finishReason == "function_call")
        return "tool_use";
    if (finishReason == "content_filter")
        return "refusal";
    return "end_turn";
}

struct UsageIn
{
    std::int64_t prompt = 0;
    std::int64_t output = 0;
    std::int64_t cacheRead = 0;
    std::int64_t cacheWrite = 0;
};

UsageIn readUsage(const Value& usage)
{
    UsageIn u;
    u.prompt = memberInt(usage, "prompt_tokens").value_or(0);
    u.output = memberInt(usage, "completion_tokens").value_or(0);
    if (const Value* details = member(usage, "prompt_tokens_details")) {
        u.cacheRead = memberInt(*details, "cached_tokens").value_or(0);
        u.cacheWrite = memberInt(*details, "cache_write_tokens").value_or(0);
    }
    u.cacheWrite = std::max(u.cacheWrite, memberInt(usage, "cache_creation_input_tokens").value_or(0));
    return u;
}

// Anthropic counts input_tokens without the tokens read from or written to the cache.
void writeUsage(Out& w, const UsageIn& u)
{
    w.StartObject();
    writeKey(w, "input_tokens");
    w.Int64(std::max<std::int64_t>(0, u.prompt - u.cacheRead - u.cacheWrite));
    writeKey(w, "output_tokens");
    w.Int64(u.output);
    writeKey(w, "cache_read_input_tokens");
    w.Int64(u.cacheRead);
    writeKey(w, "cache_creation_input_tokens");
    w.Int64(u.cacheWrite);
    w.EndObject();
}

std::string messageId(std::string_view openAiId)
{
    if (openAiId.substr(0, 4) == "msg_")
        return std::string(openAiId);
    std::string id = "msg_";
    if (openAiId.empty())
        id.append(newRequestId().toStdString());
    else
        id.append(openAiId);
    return id;
}

void event(QByteArray& out, std::string_view name, const QByteArray& data)
{
    out.append("event: ")
        .append(name.data(), qsizetype(name.size()))
        .append("\ndata: ")
        .append(data)
        .append("\n\n");
}

} // namespace

Decoded<ChatRequest> decodeAnthropicMessages(const QByteArray& body)
{
    return decodeTranslatedChatRequest(body, translateRequest);
}

std::string_view anthropicErrorType(const ApiError& error)
{
    switch (error.status) {
    case 400:
    case 405:
    case 422:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 503:
    case 529:
        return "overloaded_error";
    default:
        break;
    }
    return error.status >= 400 && error.status < 500 ? "invalid_request_error" : "api_error";
}

QByteArray anthropicErrorJson(const ApiError& error)
{
    JsonWriter w;
    w.startObject();
    w.key("type");
    w.string(std::string_view("error"));
    w.key("error");
    w.startObject();
    w.key("type");
    w.string(anthropicErrorType(error));
    w.key("message");
    w.string(error.message.toUtf8());
    w.endObject();
    w.endObject();
    return w.take();
}

http::HttpResponse anthropicErrorResponse(const ApiError& error)
{
    http::HttpResponse response;
    response.status = error.status;
    response.headers = error.headers;
    response.headers.set("Content-Type", "application/json");
    response.body = anthropicErrorJson(error);
    return response;
}

std::optional<QByteArray> encodeAnthropicMessage(const QByteArray& chatCompletion,
                                                 const AnthropicUsage* settled)
{
    rapidjson::Document doc;
    const inbound::FirstChoice first = inbound::parseFirstChoice(chatCompletion, doc);
    if (!first.message)
        return std::nullopt;
    const Value& choice = *first.choice;
    const Value* message = first.message;
    QByteArray out;
    out.reserve(chatCompletion.size() + 128);
    {
        QByteArrayOutputStream os(out);
        Out w(os);
        w.StartObject();
        writeKey(w, "id");
        writeString(w, messageId(stringMember(doc, "id")));
        writeKey(w, "type");
        writeString(w, "message");
        writeKey(w, "role");
        writeString(w, "assistant");
        writeKey(w, "model");
        writeString(w, stringMember(doc, "model"));
        writeKey(w, "content");
        w.StartArray();
        if (const Value* content = member(*message, "content");
            content && content->IsString() && content->GetStringLength() > 0) {
            w.StartObject();
            writeKey(w, "type");
            writeString(w, "text");
            writeKey(w, "text");
            content->Accept(w);
            w.EndObject();
        }
        if (const Value* calls = member(*message, "tool_calls"); calls && calls->IsArray()) {
            for (const Value& call : calls->GetArray()) {
                const Value* fn = member(call, "function");
                if (!fn || !fn->IsObject())
                    continue;
                w.StartObject();
                writeKey(w, "type");
                writeString(w, "tool_use");
                writeKey(w, "id");
                writeString(w, stringMember(call, "id"));
                writeKey(w, "name");
                writeString(w, stringMember(*fn, "name"));
                writeKey(w, "input");
                rapidjson::Document input;
                const std::string_view arguments = stringMember(*fn, "arguments");
                input.Parse<rapidjson::kParseFullPrecisionFlag>(arguments.data(), arguments.size());
                if (!input.HasParseError() && input.IsObject())
                    input.Accept(w);
                else {
                    w.StartObject();
                    w.EndObject();
                }
                w.EndObject();
            }
        }
        w.EndArray();
        writeKey(w, "stop_reason");
        writeString(w, stopReasonFor(stringMember(choice, "finish_reason")));
        writeKey(w, "stop_sequence");
        w.Null();
        writeKey(w, "usage");
        const Value* usage = member(doc, "usage");
        UsageIn u = usage && usage->IsObject() ? readUsage(*usage) : UsageIn{};
        if (settled) {
            u.prompt =
                settled->inputTokens + settled->cacheReadInputTokens + settled->cacheCreationInputTokens;
            u.output = settled->outputTokens;
            u.cacheRead = settled->cacheReadInputTokens;
            u.cacheWrite = settled->cacheCreationInputTokens;
        }
        writeUsage(w, u);
        w.EndObject();
    }
    return out;
}

void AnthropicStreamEncoder::feed(std::string_view openAiBytes, QByteArray& out)
{
    m_events.clear();
    m_parser.feed(openAiBytes, m_events);
    for (const SseEvent& e : m_events) {
        if (m_finished || m_sawDone)
            return;
        if (e.data.isEmpty())
            continue;
        if (e.data == "[DONE]") {
            m_sawDone = true;
            return;
        }
        onChunk(e.data, out);
    }
}

void AnthropicStreamEncoder::start(QByteArray& out)
{
    m_started = true;
    JsonWriter w;
    w.startObject();
    w.key("type");
    w.string(std::string_view("message_start"));
    w.key("message");
    w.startObject();
    w.key("id");
    w.string(messageId(m_id));
    w.key("type");
    w.string(std::string_view("message"));
    w.key("role");
    w.string(std::string_view("assistant"));
    w.key("model");
    w.string(m_model);
    w.key("content");
    w.startArray();
    w.endArray();
    w.key("stop_reason");
    w.null();
    w.key("stop_sequence");
    w.null();
    w.key("usage");
    w.startObject();
    w.key("input_tokens");
    w.integer(0);
    w.key("output_tokens");
    w.integer(0);
    w.endObject();
    w.endObject();
    w.endObject();
    event(out, "message_start", w.take());
}

void AnthropicStreamEncoder::openBlock(QByteArray& out, bool text, int toolIndex, std::string_view id,
                                       std::string_view name)
{
    closeBlock(out);
    m_openBlock = m_nextBlock++;
    m_openIsText = text;
    m_openToolIndex = toolIndex;
    JsonWriter w;
    w.startObject();
    w.key("type");
    w.string(std::string_view("content_block_start"));
    w.key("index");
    w.integer(m_openBlock);
    w.key("content_block");
    w.startObject();
    w.key("type");
    if (text) {
        w.string(std::string_view("text"));
        w.key("text");
        w.string(std::string_view());
    } else {
        w.string(std::string_view("tool_use"));
        w.key("id");
        w.string(id);
        w.key("name");
        w.string(name);
        w.key("input");
        w.startObject();
        w.endObject();
    }
    w.endObject();
    w.endObject();
    event(out, "content_block_start", w.take());
}

void AnthropicStreamEncoder::closeBlock(QByteArray& out)
{
    if (m_openBlock < 0)
        return;
    QByteArray data = QByteArrayLiteral("{\"type\":\"content_block_stop\",\"index\":") +
                      QByteArray::number(m_openBlock) + '}';
    event(out, "content_block_stop", data);
    m_openBlock = -1;
    m_openToolIndex = -1;
}

void AnthropicStreamEncoder::onChunk(const QByteArray& data, QByteArray& out)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(data.constData(), size_t(data.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return;
    if (const Value* error = member(doc, "error"); error && error->IsObject()) {
        ApiError e;
        e.status = 502;
        e.message = QString::fromUtf8(stringMember(*error, "message").data(),
                                      qsizetype(stringMember(*error, "message").size()));
        AnthropicStreamEncoder::error(e, out);
        m_finished = true;
        return;
    }
    if (m_id.empty())
        m_id.assign(stringMember(doc, "id"));
    if (m_model.empty())
        m_model.assign(stringMember(doc, "model"));
    if (!m_started)
        start(out);
    if (const Value* usage = member(doc, "usage"); usage && usage->IsObject()) {
        const UsageIn u = readUsage(*usage);
        m_promptTokens = u.prompt;
        m_outputTokens = u.output;
        m_cacheRead = u.cacheRead;
        m_cacheWrite = u.cacheWrite;
    }
    const Value* choices = member(doc, "choices");
    if (!choices || !choices->IsArray())
        return;
    for (const Value& choice : choices->GetArray()) {
        if (const Value* delta = member(choice, "delta"); delta && delta->IsObject()) {
            if (const Value* content = member(*delta, "content");
                content && content->IsString() && content->GetStringLength() > 0) {
                if (m_openBlock < 0 || !m_openIsText)
                    openBlock(out, true, -1, {}, {});
                JsonWriter w;
                w.startObject();
                w.key("type");
                w.string(std::string_view("content_block_delta"));
                w.key("index");
                w.integer(m_openBlock);
                w.key("delta");
                w.startObject();
                w.key("type");
                w.string(std::string_view("text_delta"));
                w.key("text");
                w.string(view(*content));
                w.endObject();
                w.endObject();
                event(out, "content_block_delta", w.take());
            }
            if (const Value* calls = member(*delta, "tool_calls"); calls && calls->IsArray()) {
                for (const Value& call : calls->GetArray()) {
                    const int index = int(memberInt(call, "index").value_or(0));
                    const Value* fn = member(call, "function");
                    const std::string_view id = stringMember(call, "id");
                    if (m_openIsText || m_openBlock < 0 || index != m_openToolIndex)
                        openBlock(out, false, index, id, fn ? stringMember(*fn, "name") : std::string_view());
                    const std::string_view arguments =
                        fn ? stringMember(*fn, "arguments") : std::string_view();
                    if (arguments.empty())
                        continue;
                    JsonWriter w;
                    w.startObject();
                    w.key("type");
                    w.string(std::string_view("content_block_delta"));
                    w.key("index");
                    w.integer(m_openBlock);
                    w.key("delta");
                    w.startObject();
                    w.key("type");
                    w.string(std::string_view("input_json_delta"));
                    w.key("partial_json");
                    w.string(arguments);
                    w.endObject();
                    w.endObject();
                    event(out, "content_block_delta", w.take());
                }
            }
        }
        if (const std::string_view reason = stringMember(choice, "finish_reason"); !reason.empty())
            m_stopReason = stopReasonFor(reason);
    }
}

void AnthropicStreamEncoder::setUsage(const AnthropicUsage& usage)
{
    m_promptTokens = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
    m_outputTokens = usage.outputTokens;
    m_cacheRead = usage.cacheReadInputTokens;
    m_cacheWrite = usage.cacheCreationInputTokens;
}

void AnthropicStreamEncoder::finish(QByteArray& out)
{
    if (m_finished)
        return;
    if (!m_started)
        start(out);
    closeBlock(out);
    m_finished = true;
    JsonWriter w;
    {
        w.startObject();
        w.key("type");
        w.string(std::string_view("message_delta"));
        w.key("delta");
        w.startObject();
        w.key("stop_reason");
        w.string(m_stopReason);
        w.key("stop_sequence");
        w.null();
        w.endObject();
        w.key("usage");
        w.startObject();
        w.key("input_tokens");
        w.integer(std::max<std::int64_t>(0, m_promptTokens - m_cacheRead - m_cacheWrite));
        w.key("output_tokens");
        w.integer(m_outputTokens);
        w.key("cache_read_input_tokens");
        w.integer(m_cacheRead);
        w.key("cache_creation_input_tokens");
        w.integer(m_cacheWrite);
        w.endObject();
        w.endObject();
    }
    event(out, "message_delta", w.take());
    event(out, "message_stop", QByteArrayLiteral("{\"type\":\"message_stop\"}"));
}

void AnthropicStreamEncoder::error(const ApiError& error, QByteArray& out)
{
    event(out, "error", anthropicErrorJson(error));
}

} // namespace tollgate::api

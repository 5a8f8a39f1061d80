#include "api/responsesinbound.h"

#include "api/inboundtranslation.h"
#include "api/json.h"
#include "common/clock.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

namespace tollgate::api {
namespace {

using inbound::bad;
using inbound::wrongType;
using rapidjson::Value;

ApiError unsupported(const QByteArray& field, const char* why)
{
    return bad(QStringLiteral("%1: %2").arg(QString::fromUtf8(field), QLatin1String(why)), field);
}
QByteArray at(std::string_view base, size_t index, const char* suffix = "")
{
    return QByteArray(base.data(), qsizetype(base.size())) + '.' + QByteArray::number(qulonglong(index)) +
           suffix;
}

// The text of a content part that carries text (input_text, output_text, text); null otherwise.
const Value* textOfPart(const Value& part)
{
    const std::string_view type = stringMember(part, "type");
    if (type != "input_text" && type != "output_text" && type != "text")
        return nullptr;
    const Value* text = member(part, "text");
    return text && text->IsString() ? text : nullptr;
}

// A user, system or developer message's content parts -> chat content parts.
std::optional<ApiError> writeInputParts(JsonOut& w, const Value& parts, const QByteArray& where)
{
    w.StartArray();
    for (size_t i = 0; i < parts.Size(); ++i) {
        const Value& part = parts[rapidjson::SizeType(i)];
        const QByteArray here = at(std::string_view(where.constData(), size_t(where.size())), i);
        if (!part.IsObject())
            return wrongType(here, "an object");
        const std::string_view type = stringMember(part, "type");
        if (const Value* text = textOfPart(part)) {
            w.StartObject();
            writeKey(w, "type");
            writeString(w, "text");
            writeKey(w, "text");
            text->Accept(w);
            w.EndObject();
        } else if (type == "input_image") {
            const std::string_view url = stringMember(part, "image_url");
            if (url.empty())
                return unsupported(here + ".image_url",
                                   "an image is sent by image_url (an https or data: URL); "
                                   "uploaded files are not available through this gateway.");
            w.StartObject();
            writeKey(w, "type");
            writeString(w, "image_url");
            writeKey(w, "image_url");
            w.StartObject();
            writeKey(w, "url");
            writeString(w, url);
            if (const std::string_view detail = stringMember(part, "detail"); !detail.empty()) {
                writeKey(w, "detail");
                writeString(w, detail);
            }
            w.EndObject();
            w.EndObject();
        } else if (type == "input_file") {
            const std::string_view data = stringMember(part, "file_data");
            if (data.empty())
                return unsupported(here + ".file_data",
                                   "a file is sent inline as file_data; uploaded files "
                                   "and file URLs are not available through this gateway.");
            w.StartObject();
            writeKey(w, "type");
            writeString(w, "file");
            writeKey(w, "file");
            w.StartObject();
            writeKey(w, "file_data");
            writeString(w, data);
            if (const std::string_view name = stringMember(part, "filename"); !name.empty()) {
                writeKey(w, "filename");
                writeString(w, name);
            }
            w.EndObject();
            w.EndObject();
        } else {
            return bad(QStringLiteral("%1.type: expected 'input_text', 'input_image' or 'input_file'.")
                           .arg(QString::fromUtf8(here)),
                       here + ".type");
        }
    }
    w.EndArray();
    return std::nullopt;
}

// Text parts joined (assistant history and tool output are plain text in the chat schema).
std::optional<ApiError> joinText(const Value& content, const QByteArray& where, std::string& out)
{
    if (content.IsString()) {
        out.assign(view(content));
        return std::nullopt;
    }
    if (!content.IsArray())
        return wrongType(where, "a string or an array of content parts");
    for (size_t i = 0; i < content.Size(); ++i) {
        const Value& part = content[rapidjson::SizeType(i)];
        const Value* text = textOfPart(part);
        if (!text && stringMember(part, "type") == "refusal")
            text = member(part, "refusal");
        if (!text || !text->IsString())
            return unsupported(at(std::string_view(where.constData(), size_t(where.size())), i),
                               "only text parts are accepted here.");
        out.append(view(*text));
    }
    return std::nullopt;
}

// Consecutive function_call items become one assistant message with several tool calls (parallel
// calls), as the chat schema wants them before their tool results.
class MessageWriter
{
public:
    explicit MessageWriter(JsonOut& w) : m_w(w) {}

    void plain(std::string_view role, std::string_view text)
    {
        closeCalls();
        m_w.StartObject();
        writeKey(m_w, "role");
        writeString(m_w, role);
        writeKey(m_w, "content");
        writeString(m_w, text);
        m_w.EndObject();
    }

    std::optional<ApiError> message(std::string_view role, const Value& content, const QByteArray& where)
    {
        closeCalls();
        if (role == "assistant") {
            std::string text;
            if (auto error = joinText(content, where, text))
                return error;
            plain(role, text);
            return std::nullopt;
        }
        m_w.StartObject();
        writeKey(m_w, "role");
        // The chat schema's system role: every provider kind knows it, not all know "developer".
        writeString(m_w, role == "developer" ? std::string_view("system") : role);
        writeKey(m_w, "content");
        if (content.IsString()) {
            content.Accept(m_w);
        } else if (content.IsArray()) {
            if (auto error = writeInputParts(m_w, content, where))
                return error;
        } else {
            return wrongType(where, "a string or an array of content parts");
        }
        m_w.EndObject();
        return std::nullopt;
    }

    std::optional<ApiError> functionCall(const Value& item, const QByteArray& where)
    {
        const std::string_view callId = stringMember(item, "call_id");
        const std::string_view name = stringMember(item, "name");
        const Value* arguments = member(item, "arguments");
        if (callId.empty())
            return wrongType(where + ".call_id", "a non-empty string");
        if (name.empty())
            return wrongType(where + ".name", "a non-empty string");
        if (!arguments || !arguments->IsString())
            return wrongType(where + ".arguments", "a string");
        if (!m_callsOpen) {
            m_w.StartObject();
            writeKey(m_w, "role");
            writeString(m_w, "assistant");
            writeKey(m_w, "content");
            m_w.Null();
            writeKey(m_w, "tool_calls");
            m_w.StartArray();
            m_callsOpen = true;
        }
        inbound::writeToolCall(m_w, callId, name, view(*arguments));
        return std::nullopt;
    }

    std::optional<ApiError> functionOutput(const Value& item, const QByteArray& where)
    {
        const std::string_view callId = stringMember(item, "call_id");
        const Value* output = member(item, "output");
        if (callId.empty())
            return wrongType(where + ".call_id", "a non-empty string");
        if (!output)
            return bad(QStringLiteral("%1.output: Field required").arg(QString::fromUtf8(where)),
                       where + ".output");
        std::string text;
        if (auto error = joinText(*output, where + ".output", text))
            return error;
        closeCalls();
        inbound::writeToolResult(m_w, callId, text);
        return std::nullopt;
    }

    void closeCalls()
    {
        if (!m_callsOpen)
            return;
        m_w.EndArray();
        m_w.EndObject();
        m_callsOpen = false;
    }

private:
    JsonOut& m_w;
    bool m_callsOpen = false;
};

std::optional<ApiError> writeInput(JsonOut& w, const Value& input)
{
    MessageWriter messages(w);
    if (input.IsString()) {
        messages.plain("user", view(input));
        return std::nullopt;
    }
    if (!input.IsArray() || input.Empty())
        return wrongType("input", "a string or a non-empty array of input items");
    for (size_t i = 0; i < input.Size(); ++i) {
        const Value& item = input[rapidjson::SizeType(i)];
        const QByteArray where = at("input", i);
        if (!item.IsObject())
            return wrongType(where, "an object");
        const std::string_view type = stringMember(item, "type");
        std::optional<ApiError> error;
        if (type.empty() || type == "message") {
            const std::string_view role = stringMember(item, "role");
            if (role != "user" && role != "assistant" && role != "system" && role != "developer")
                return bad(QStringLiteral("%1.role: expected 'user', 'assistant', 'system' or 'developer'.")
                               .arg(QString::fromUtf8(where)),
                           where + ".role");
            const Value* content = member(item, "content");
            if (!content)
                return bad(QStringLiteral("%1.content: Field required").arg(QString::fromUtf8(where)),
                           where + ".content");
            error = messages.message(role, *content, where + ".content");
        } else if (type == "function_call") {
            error = messages.functionCall(item, where);
        } else if (type == "function_call_output") {
            error = messages.functionOutput(item, where);
        } else if (type == "reasoning") {
            continue; // a model's earlier reasoning: the chat schema has no place for it
        } else {
            return unsupported(where + ".type",
                               "expected 'message', 'function_call' or 'function_call_output'; "
                               "items of hosted tools and item references are not available "
                               "through this gateway.");
        }
        if (error)
            return error;
    }
    messages.closeCalls();
    return std::nullopt;
}

std::optional<ApiError> writeTools(JsonOut& w, const Value& tools)
{
    if (!tools.IsArray())
        return wrongType("tools", "an array");
    writeKey(w, "tools");
    w.StartArray();
    for (size_t i = 0; i < tools.Size(); ++i) {
        const Value& tool = tools[rapidjson::SizeType(i)];
        const QByteArray where = at("tools", i);
        if (stringMember(tool, "type") != "function")
            return unsupported(where + ".type", "only function tools are available through this gateway.");
        const std::string_view name = stringMember(tool, "name");
        if (name.empty())
            return wrongType(where + ".name", "a non-empty string");
        w.StartObject();
        writeKey(w, "type");
        writeString(w, "function");
        writeKey(w, "function");
        w.StartObject();
        writeKey(w, "name");
        writeString(w, name);
        for (std::string_view field : {"description", "parameters", "strict"}) {
            if (const Value* v = member(tool, field); v && !v->IsNull()) {
                writeKey(w, field);
                v->Accept(w);
            }
        }
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    return std::nullopt;
}

std::optional<ApiError> writeToolChoice(JsonOut& w, const Value& choice)
{
    writeKey(w, "tool_choice");
    if (choice.IsString()) {
        const std::string_view mode = view(choice);
        if (mode != "auto" && mode != "none" && mode != "required")
            return bad(QStringLiteral("tool_choice: expected 'auto', 'none', 'required' or a function."),
                       "tool_choice");
        writeString(w, mode);
        return std::nullopt;
    }
    const std::string_view name = stringMember(choice, "name");
    if (stringMember(choice, "type") != "function" || name.empty())
        return unsupported("tool_choice",
                           "expected 'auto', 'none', 'required' or {\"type\":\"function\",\"name\":...}.");
    inbound::writeFunctionChoice(w, name);
    return std::nullopt;
}

// text.format -> response_format.
std::optional<ApiError> writeTextFormat(JsonOut& w, const Value& text)
{
    if (!text.IsObject())
        return wrongType("text", "an object");
    const Value* format = member(text, "format");
    if (!format || format->IsNull())
        return std::nullopt;
    const std::string_view type = stringMember(*format, "type");
    if (type == "text")
        return std::nullopt;
    if (type == "json_object") {
        writeKey(w, "response_format");
        w.StartObject();
        writeKey(w, "type");
        writeString(w, "json_object");
        w.EndObject();
        return std::nullopt;
    }
    if (type != "json_schema")
        return bad(QStringLiteral("text.format.type: expected 'text', 'json_object' or 'json_schema'."),
                   "text.format.type");
    const Value* schema = member(*format, "schema");
    if (stringMember(*format, "name").empty())
        return wrongType("text.format.name", "a non-empty string");
    if (!schema || !schema->IsObject())
        return wrongType("text.format.schema", "an object");
    writeKey(w, "response_format");
    w.StartObject();
    writeKey(w, "type");
    writeString(w, "json_schema");
    writeKey(w, "json_schema");
    w.StartObject();
    for (std::string_view field : {"name", "description", "schema", "strict"}) {
        if (const Value* v = member(*format, field); v && !v->IsNull()) {
            writeKey(w, field);
            v->Accept(w);
        }
    }
    w.EndObject();
    w.EndObject();
    return std::nullopt;
}

std::optional<ApiError> translateRequest(const rapidjson::Document& doc, QByteArray& out)
{
    QByteArrayOutputStream os(out);
    JsonOut w(os);
    w.StartObject();
    if (auto error = inbound::writeModel(w, doc))
        return error;
    // What needs responses kept by the server: this gateway keeps none.
    for (std::string_view field : {"previous_response_id", "conversation", "prompt"}) {
        if (const Value* v = member(doc, field); v && !v->IsNull())
            return unsupported(
                QByteArray(field.data(), qsizetype(field.size())),
                "this gateway keeps no responses or prompts; send the whole conversation in input.");
    }
    if (const Value* background = member(doc, "background"); background && background->IsTrue())
        return unsupported("background", "background responses are not available through this gateway.");
    const Value* input = member(doc, "input");
    if (!input)
        return bad(QStringLiteral("input: Field required"), "input");
    writeKey(w, "messages");
    w.StartArray();
    if (const Value* instructions = member(doc, "instructions"); instructions && !instructions->IsNull()) {
        if (!instructions->IsString())
            return wrongType("instructions", "a string");
        MessageWriter(w).plain("system", view(*instructions));
    }
    if (auto error = writeInput(w, *input))
        return error;
    w.EndArray();
    if (const Value* maxTokens = member(doc, "max_output_tokens"); maxTokens && !maxTokens->IsNull()) {
        if (!maxTokens->IsInt64() || maxTokens->GetInt64() < 1)
            return wrongType("max_output_tokens", "an integer of at least 1");
        writeKey(w, "max_tokens");
        w.Int64(maxTokens->GetInt64());
    }
    if (const Value* tools = member(doc, "tools"); tools && !tools->IsNull()) {
        if (auto error = writeTools(w, *tools))
            return error;
    }
    if (const Value* choice = member(doc, "tool_choice"); choice && !choice->IsNull()) {
        if (auto error = writeToolChoice(w, *choice))
            return error;
    }
    if (const Value* text = member(doc, "text"); text && !text->IsNull()) {
        if (auto error = writeTextFormat(w, *text))
            return error;
    }
    if (auto error = inbound::writeSampling(w, doc))
        return error;
    if (const Value* parallel = member(doc, "parallel_tool_calls"); parallel && !parallel->IsNull()) {
        if (!parallel->IsBool())
            return wrongType("parallel_tool_calls", "a boolean");
        writeKey(w, "parallel_tool_calls");
        parallel->Accept(w);
    }
    if (const Value* reasoning = member(doc, "reasoning"); reasoning && reasoning->IsObject()) {
        if (const std::string_view effort = stringMember(*reasoning, "effort"); !effort.empty()) {
            writeKey(w, "reasoning_effort");
            writeString(w, effort);
        }
    }
    for (std::string_view name : {"user", "safety_identifier"}) {
        if (const std::string_view user = stringMember(doc, name); !user.empty()) {
            writeKey(w, "user");
            writeString(w, user);
            break;
        }
    }
    if (auto error = inbound::writeStream(w, doc))
        return error;
    w.EndObject();
    return std::nullopt;
}

} // namespace

Decoded<ChatRequest> decodeResponsesRequest(const QByteArray& body)
{
    return decodeTranslatedChatRequest(body, translateRequest);
}

ResponsesUsage responsesUsageFrom(const Value& usage)
{
    ResponsesUsage u;
    if (!usage.IsObject())
        return u;
    u.inputTokens = memberInt(usage, "prompt_tokens").value_or(0);
    u.outputTokens = memberInt(usage, "completion_tokens").value_or(0);
    if (const Value* details = member(usage, "prompt_tokens_details"))
        u.cachedInputTokens = memberInt(*details, "cached_tokens").value_or(0);
    if (const Value* details = member(usage, "completion_tokens_details"))
        u.reasoningTokens = memberInt(*details, "reasoning_tokens").value_or(0);
    return u;
}

std::string_view incompleteReasonFor(std::string_view finishReason)
{
    if (finishReason == "length")
        return "max_output_tokens";
    if (finishReason == "content_filter")
        return "content_filter";
    return {};
}

void writeResponseObject(JsonOut& w, const ResponseFields& r,
                         const std::function<void(JsonOut&)>& writeOutput)
{
    w.StartObject();
    writeKey(w, "id");
    writeString(w, r.id);
    writeKey(w, "object");
    writeString(w, "response");
    writeKey(w, "created_at");
    w.Int64(r.createdAt);
    writeKey(w, "status");
    writeString(w, r.status);
    writeKey(w, "error");
    w.Null();
    writeKey(w, "incomplete_details");
    if (r.status == "incomplete") {
        w.StartObject();
        writeKey(w, "reason");
        writeString(w, r.incompleteReason);
        w.EndObject();
    } else {
        w.Null();
    }
    writeKey(w, "instructions");
    w.Null();
    writeKey(w, "max_output_tokens");
    w.Null();
    writeKey(w, "model");
    writeString(w, r.model);
    writeKey(w, "output");
    w.StartArray();
    writeOutput(w);
    w.EndArray();
    // A convenience of the SDKs rather than of the API; responses.stream() hands the last Response
    // on as it came, so the text is only there if it is sent.
    writeKey(w, "output_text");
    writeString(w, r.outputText);
    writeKey(w, "parallel_tool_calls");
    w.Bool(true);
    writeKey(w, "previous_response_id");
    w.Null();
    writeKey(w, "store");
    w.Bool(false);
    writeKey(w, "temperature");
    w.Null();
    writeKey(w, "tool_choice");
    writeString(w, "auto");
    writeKey(w, "tools");
    w.StartArray();
    w.EndArray();
    writeKey(w, "top_p");
    w.Null();
    writeKey(w, "metadata");
    w.StartObject();
    w.EndObject();
    writeKey(w, "usage");
    if (!r.usage) {
        w.Null();
    } else {
        const ResponsesUsage& u = *r.usage;
        w.StartObject();
        writeKey(w, "input_tokens");
        w.Int64(u.inputTokens);
        writeKey(w, "input_tokens_details");
        w.StartObject();
        writeKey(w, "cached_tokens");
        w.Int64(u.cachedInputTokens);
        w.EndObject();
        writeKey(w, "output_tokens");
        w.Int64(u.outputTokens);
        writeKey(w, "output_tokens_details");
        w.StartObject();
        writeKey(w, "reasoning_tokens");
        w.Int64(u.reasoningTokens);
        w.EndObject();
        writeKey(w, "total_tokens");
        w.Int64(u.inputTokens + u.outputTokens);
        w.EndObject();
    }
    w.EndObject();
}

std::string responseIdFor(std::string_view requestId)
{
    std::string id = "resp_";
    id.append(requestId.substr(0, 4) == "req_" ? requestId.substr(4) : requestId);
    return id;
}

std::optional<QByteArray> encodeResponse(const QByteArray& chatCompletion, std::string_view responseId,
                                         const ResponsesUsage* settled)
{
    rapidjson::Document doc;
    const inbound::FirstChoice first = inbound::parseFirstChoice(chatCompletion, doc);
    if (!first.message)
        return std::nullopt;
    const Value& choice = *first.choice;
    const Value* message = first.message;
    const std::string_view incomplete = incompleteReasonFor(stringMember(choice, "finish_reason"));
    const std::string_view suffix = responseId.substr(std::min<size_t>(responseId.size(), 5));
    const Value* content = member(*message, "content");
    const Value* refusal = member(*message, "refusal");
    const Value* calls = member(*message, "tool_calls");
    const bool hasCalls = calls && calls->IsArray() && !calls->Empty();
    const bool hasText = content && content->IsString() && content->GetStringLength() > 0;
    const bool hasRefusal = refusal && refusal->IsString() && refusal->GetStringLength() > 0;
    const Value* chatUsage = member(doc, "usage");
    const ResponsesUsage usage = settled     ? *settled
                                 : chatUsage ? responsesUsageFrom(*chatUsage)
                                             : ResponsesUsage{};
    ResponseFields fields;
    fields.id = responseId;
    fields.createdAt = memberInt(doc, "created").value_or(SystemClock::instance().wallMs() / 1000);
    fields.model = stringMember(doc, "model");
    fields.status = incomplete.empty() ? "completed" : "incomplete";
    fields.incompleteReason = incomplete;
    fields.outputText = hasText && !hasRefusal ? view(*content) : std::string_view();
    fields.usage = &usage;
    QByteArray out;
    out.reserve(chatCompletion.size() + 512);
    {
        QByteArrayOutputStream os(out);
        JsonOut w(os);
        writeResponseObject(w, fields, [&](JsonOut& w) {
            if (hasText || hasRefusal || !hasCalls) {
                w.StartObject();
                writeKey(w, "type");
                writeString(w, "message");
                writeKey(w, "id");
                writeString(w, "msg_" + std::string(suffix));
                writeKey(w, "status");
                writeString(w, "completed");
                writeKey(w, "role");
                writeString(w, "assistant");
                writeKey(w, "content");
                w.StartArray();
                w.StartObject();
                writeKey(w, "type");
                if (hasRefusal) {
                    writeString(w, "refusal");
                    writeKey(w, "refusal");
                    refusal->Accept(w);
                } else {
                    writeString(w, "output_text");
                    writeKey(w, "text");
                    writeString(w, fields.outputText);
                    writeKey(w, "annotations");
                    w.StartArray();
                    w.EndArray();
                }
                w.EndObject();
                w.EndArray();
                w.EndObject();
            }
            if (!hasCalls)
                return;
            for (const Value& call : calls->GetArray()) {
                const Value* fn = member(call, "function");
                if (!fn || !fn->IsObject())
                    continue;
                const std::string_view callId = stringMember(call, "id");
                w.StartObject();
                writeKey(w, "type");
                writeString(w, "function_call");
                writeKey(w, "id");
                writeString(w, "fc_" + std::string(callId));
                writeKey(w, "call_id");
                writeString(w, callId);
                writeKey(w, "name");
                writeString(w, stringMember(*fn, "name"));
                writeKey(w, "arguments");
                writeString(w, stringMember(*fn, "arguments"));
                writeKey(w, "status");
                writeString(w, "completed");
                w.EndObject();
            }
        });
    }
    return out;
}

} // namespace tollgate::api

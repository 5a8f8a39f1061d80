#include "providers/geminiadapter.h"

#include "api/json.h"
#include "api/sse.h"
#include "providers/translation.h"

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace tollgate::providers {
namespace {

using api::member;
using api::view;
using rapidjson::Value;

QString utf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString where(const char* path, rapidjson::SizeType i, const char* sub, rapidjson::SizeType j)
{
    return QStringLiteral("%1[%2].%3[%4]").arg(QLatin1String(path)).arg(i).arg(QLatin1String(sub)).arg(j);
}

// "models/{model}" for a plain model id; ids that already name a resource ("models/x",
// "tunedModels/y") are kept. Every segment is percent-encoded.
void appendModelResource(std::string& path, const QString& model)
{
    const QByteArray name = model.toUtf8();
    if (!name.contains('/'))
        path += "models/";
    qsizetype start = 0;
    while (true) {
        const qsizetype slash = name.indexOf('/', start);
        const qsizetype end = slash < 0 ? name.size() : slash;
        appendPathSegment(path, std::string_view(name.constData() + start, size_t(end - start)));
        if (slash < 0)
            break;
        path.push_back('/');
        start = slash + 1;
    }
}

// --- JSON Schema -> Gemini Schema (an OpenAPI 3.0 subset) ---------------------------------------

bool isNullType(const Value& v)
{
    return v.IsString() && view(v) == "null";
}

// Whether `schema` can be said in Gemini's Schema. Keys outside the subset ($ref, oneOf, const,
// additionalProperties other than false, ...) make it fall back to the JSON Schema field.
bool mapsToGeminiSchema(const Value& schema, int depth = 0)
{
    if (!schema.IsObject() || depth > 32)
        return false;
    for (const auto& m : schema.GetObject()) {
        const std::string_view key = view(m.name);
        const Value& v = m.value;
        if (key == "type") {
            if (v.IsArray()) {
                int nonNull = 0;
                for (const Value& t : v.GetArray()) {
                    if (!t.IsString())
                        return false;
                    nonNull += isNullType(t) ? 0 : 1;
                }
                if (nonNull != 1)
                    return false;
            } else if (!v.IsString() || isNullType(v)) {
                return false;
            }
        } else if (key == "properties") {
            if (!v.IsObject())
                return false;
            for (const auto& p : v.GetObject()) {
                if (!mapsToGeminiSchema(p.value, depth + 1))
                    return false;
            }
        } else if (key == "items") {
            if (!mapsToGeminiSchema(v, depth + 1))
                return false;
        } else if (key == "anyOf") {
            if (!v.IsArray())
                return false;
            for (const Value& s : v.GetArray()) {
                if (!mapsToGeminiSchema(s, depth + 1))
                    return false;
            }
        } else if (key == "enum") {
            if (!v.IsArray())
                return false;
            for (const Value& e : v.GetArray()) {
                if (!e.IsString())
                    return false;
            }
        } else if (key == "additionalProperties") {
            if (!v.IsBool() || v.GetBool())
                return false;
        } else if (key != "description" && key != "title" && key != "format" && key != "nullable" &&
                   key != "required" && key != "minItems" && key != "maxItems" && key != "minimum" &&
                   key != "maximum" && key != "minLength" && key != "maxLength" && key != "pattern" &&
                   key != "propertyOrdering" && key != "default" && key != "example" && key != "$schema") {
            return false;
        }
    }
    return true;
}

void writeUpperType(JsonOut& w, std::string_view type)
{
    char buffer[16];
    const size_t n = std::min(type.size(), sizeof buffer);
    for (size_t i = 0; i < n; ++i)
        buffer[i] = char(type[i] >= 'a' && type[i] <= 'z' ? type[i] - 'a' + 'A' : type[i]);
    w.String(buffer, rapidjson::SizeType(n));
}

// Precondition: mapsToGeminiSchema(schema).
void writeGeminiSchema(JsonOut& w, const Value& schema)
{
    w.StartObject();
    bool nullable = false;
    for (const auto& m : schema.GetObject()) {
        const std::string_view key = view(m.name);
        const Value& v = m.value;
        if (key == "additionalProperties" || key == "$schema")
            continue;
        if (key == "nullable") {
            nullable = nullable || (v.IsBool() && v.GetBool());
            continue;
        }
        if (key == "type") {
            w.Key("type");
            if (v.IsString()) {
                writeUpperType(w, view(v));
            } else {
                for (const Value& t : v.GetArray()) {
                    if (isNullType(t))
                        nullable = true;
                    else
                        writeUpperType(w, view(t));
                }
            }
            continue;
        }
        w.Key(m.name.GetString(), m.name.GetStringLength());
        if (key == "properties") {
            w.StartObject();
            for (const auto& p : v.GetObject()) {
                w.Key(p.name.GetString(), p.name.GetStringLength());
                writeGeminiSchema(w, p.value);
            }
            w.EndObject();
        } else if (key == "items") {
            writeGeminiSchema(w, v);
        } else if (key == "anyOf") {
            w.StartArray();
            for (const Value& s : v.GetArray())
                writeGeminiSchema(w, s);
            w.EndArray();
        } else {
            v.Accept(w);
        }
    }
    if (nullable) {
        w.Key("nullable");
        w.Bool(true);
    }
    w.EndObject();
}

// Writes `schema` under `schemaKey` when it maps, else as JSON Schema under `jsonSchemaKey`.
void writeSchemaField(JsonOut& w, const Value& schema, const char* schemaKey, const char* jsonSchemaKey)
{
    if (mapsToGeminiSchema(schema)) {
        w.Key(schemaKey);
        writeGeminiSchema(w, schema);
    } else {
        w.Key(jsonSchemaKey);
        schema.Accept(w);
    }
}

// An object schema without properties: Gemini refuses OBJECT parameters with no properties, and a
// function without parameters means the same.
bool isEmptyObjectSchema(const Value& schema)
{
    const Value* properties = member(schema, "properties");
    return stringMember(schema, "type") == "object" &&
           (!properties || (properties->IsObject() && properties->ObjectEmpty()));
}

// --- request ------------------------------------------------------------------------------------

struct ToolCallName
{
    std::string_view id;
    std::string_view name;
};

void writeInlineData(JsonOut& w, std::string_view mimeType, std::string_view data)
{
    w.StartObject();
    w.Key("inlineData");
    w.StartObject();
    w.Key("mimeType");
    writeString(w, mimeType);
    w.Key("data");
    writeString(w, data);
    w.EndObject();
    w.EndObject();
}

void writeTextPart(JsonOut& w, std::string_view text)
{
    w.StartObject();
    w.Key("text");
    writeString(w, text);
    w.EndObject();
}

Result<void> writeParts(JsonOut& w, const Value& content, rapidjson::SizeType i, bool textOnly)
{
    if (content.IsString()) {
        if (content.GetStringLength() > 0)
            writeTextPart(w, view(content));
        return {};
    }
    if (!content.IsArray())
        return {};
    for (rapidjson::SizeType j = 0; j < content.Size(); ++j) {
        const Value& part = content[j];
        const std::string_view type = stringMember(part, "type");
        const QString at = where("messages", i, "content", j);
        if (type == "text" || (textOnly && type == "refusal")) {
            if (const std::string_view text = stringMember(part, type == "text" ? "text" : "refusal");
                !text.empty())
                writeTextPart(w, text);
            continue;
        }
        if (textOnly)
            return makeError(QStringLiteral("%1: assistant content must be text").arg(at));
        if (type == "image_url") {
            const Value* image = member(part, "image_url");
            const std::string_view url = image && image->IsString() ? view(*image)
                                         : image                    ? stringMember(*image, "url")
                                                                    : std::string_view();
            if (const auto data = parseDataUrl(url)) {
                writeInlineData(w, data->mimeType, data->data);
            } else if (isHttpUrl(url)) {
                w.StartObject();
                w.Key("fileData");
                w.StartObject();
                if (const std::string_view mime = mimeTypeForUrl(url); !mime.empty()) {
                    w.Key("mimeType");
                    writeString(w, mime);
                }
                w.Key("fileUri");
                writeString(w, url);
                w.EndObject();
                w.EndObject();
            } else {
                return makeError(
                    QStringLiteral("%1.image_url.url must be an http(s) URL or a base64 data: URL").arg(at));
            }
        } else if (type == "file") {
            const Value* file = member(part, "file");
            const auto data = file ? parseDataUrl(stringMember(*file, "file_data")) : std::nullopt;
            if (!data)
                return makeError(QStringLiteral("%1: files must be given as file_data data: URLs").arg(at));
            writeInlineData(w, data->mimeType, data->data);
        } else if (type == "input_audio") {
            const Value* audio = member(part, "input_audio");
            const std::string_view data = audio ? stringMember(*audio, "data") : std::string_view();
            const std::string_view format = audio ? stringMember(*audio, "format") : std::string_view();
            if (data.empty() || (format != "wav" && format != "mp3"))
                return makeError(
                    QStringLiteral("%1: input_audio needs data and a format of wav or mp3").arg(at));
            writeInlineData(w, format == "wav" ? "audio/wav" : "audio/mp3", data);
        } else {
            return makeError(QStringLiteral("%1 has content part type '%2', which Gemini cannot take")
                                 .arg(at, utf8(type)));
        }
    }
    return {};
}

Result<void> writeFunctionCalls(JsonOut& w, const Value& calls, rapidjson::SizeType i, EventDocument& scratch,
                                std::vector<ToolCallName>& names)
{
    for (rapidjson::SizeType j = 0; j < calls.Size(); ++j) {
        const Value& call = calls[j];
        const QString at = where("messages", i, "tool_calls", j);
        const Value* fn = member(call, "function");
        const std::string_view name = fn ? stringMember(*fn, "name") : std::string_view();
        if (name.empty())
            return makeError(QStringLiteral("%1 needs a function name").arg(at));
        names.push_back({stringMember(call, "id"), name});
        std::string_view arguments = fn ? stringMember(*fn, "arguments") : std::string_view();
        while (!arguments.empty() && (arguments.front() == ' ' || arguments.front() == '\n' ||
                                      arguments.front() == '\t' || arguments.front() == '\r'))
            arguments.remove_prefix(1);
        w.StartObject();
        w.Key("functionCall");
        w.StartObject();
        w.Key("name");
        writeString(w, name);
        w.Key("args");
        if (arguments.empty()) {
            w.StartObject();
            w.EndObject();
        } else if (scratch.parse(arguments.data(), arguments.size())) {
            scratch.document().Accept(w);
        } else {
            return makeError(QStringLiteral("%1.function.arguments must be a JSON object").arg(at));
        }
        w.EndObject();
        w.EndObject();
    }
    return {};
}

Result<void> writeFunctionResponse(JsonOut& w, const Value& m, rapidjson::SizeType i,
                                   const std::vector<ToolCallName>& names, EventDocument& scratch)
{
    const std::string_view id = stringMember(m, "tool_call_id");
    std::string_view name;
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
        if (it->id == id) {
            name = it->name;
            break;
        }
    }
    if (id.empty() || name.empty())
        return makeError(
            QStringLiteral("messages[%1] (role tool) answers tool call '%2', which no earlier assistant "
                           "message made")
                .arg(i)
                .arg(utf8(id)));
    std::string text;
    if (const Value* content = member(m, "content"); content && content->IsString()) {
        text.assign(content->GetString(), content->GetStringLength());
    } else if (content && content->IsArray()) {
        for (const Value& part : content->GetArray()) {
            if (stringMember(part, "type") == "text") {
                const std::string_view t = stringMember(part, "text");
                text.append(t.data(), t.size());
            }
        }
    }
    w.StartObject();
    w.Key("functionResponse");
    w.StartObject();
    w.Key("name");
    writeString(w, name);
    w.Key("response");
    if (!text.empty() && text.front() == '{' && scratch.parse(text.data(), text.size())) {
        scratch.document().Accept(w);
    } else {
        w.StartObject();
        w.Key("output");
        writeString(w, text);
        w.EndObject();
    }
    w.EndObject();
    w.EndObject();
    return {};
}

Result<void> writeContents(JsonOut& w, const Value& messages)
{
    EventDocument scratch;
    std::vector<ToolCallName> names;
    std::string_view open;
    w.Key("contents");
    w.StartArray();
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const Value& m = messages[i];
        const std::string_view role = stringMember(m, "role");
        if (role == "system" || role == "developer")
            continue;
        if (role == "function")
            return makeError(
                QStringLiteral("messages[%1] has the legacy role 'function'; use tools and role 'tool'")
                    .arg(i));
        const Value* content = member(m, "content");
        const Value* calls = member(m, "tool_calls");
        const bool hasCalls = role == "assistant" && calls && calls->IsArray() && !calls->Empty();
        if (role != "tool" && !hasContent(content) && !hasCalls)
            continue;
        const std::string_view turn = role == "assistant" ? "model" : "user";
        if (turn != open) {
            if (!open.empty()) {
                w.EndArray();
                w.EndObject();
            }
            w.StartObject();
            w.Key("role");
            writeString(w, turn);
            w.Key("parts");
            w.StartArray();
            open = turn;
        }
        if (role == "tool") {
            if (auto written = writeFunctionResponse(w, m, i, names, scratch); !written)
                return written;
            continue;
        }
        if (content) {
            if (auto written = writeParts(w, *content, i, role == "assistant"); !written)
                return written;
        }
        if (hasCalls) {
            if (auto written = writeFunctionCalls(w, *calls, i, scratch, names); !written)
                return written;
        }
    }
    if (!open.empty()) {
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    return {};
}

Result<void> writeSystemInstruction(JsonOut& w, const Value& messages)
{
    bool opened = false;
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const Value& m = messages[i];
        const std::string_view role = stringMember(m, "role");
        if (role != "system" && role != "developer")
            continue;
        const Value* content = member(m, "content");
        if (!hasContent(content))
            continue;
        if (!opened) {
            w.Key("systemInstruction");
            w.StartObject();
            w.Key("parts");
            w.StartArray();
            opened = true;
        }
        if (auto written = writeParts(w, *content, i, true); !written)
            return makeError(QStringLiteral("system messages must be text: %1").arg(written.error().message));
    }
    if (opened) {
        w.EndArray();
        w.EndObject();
    }
    return {};
}

Result<void> writeTools(JsonOut& w, const Value& doc)
{
    const Value* tools = member(doc, "tools");
    if (!tools || !tools->IsArray() || tools->Empty())
        return {};
    w.Key("tools");
    w.StartArray();
    w.StartObject();
    w.Key("functionDeclarations");
    w.StartArray();
    for (rapidjson::SizeType k = 0; k < tools->Size(); ++k) {
        const Value& tool = (*tools)[k];
        const Value* fn = member(tool, "function");
        if (stringMember(tool, "type") != "function" || !fn || stringMember(*fn, "name").empty())
            return makeError(QStringLiteral("tools[%1] must be a function tool with a name").arg(k));
        w.StartObject();
        w.Key("name");
        writeString(w, stringMember(*fn, "name"));
        if (const std::string_view description = stringMember(*fn, "description"); !description.empty()) {
            w.Key("description");
            writeString(w, description);
        }
        if (const Value* parameters = member(*fn, "parameters");
            parameters && parameters->IsObject() && !isEmptyObjectSchema(*parameters))
            writeSchemaField(w, *parameters, "parameters", "parametersJsonSchema");
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();

    const Value* choice = member(doc, "tool_choice");
    if (!choice)
        return {};
    std::string_view mode;
    std::string_view name;
    if (choice->IsString()) {
        const std::string_view c = view(*choice);
        mode = c == "auto" ? "AUTO" : c == "none" ? "NONE" : c == "required" ? "ANY" : "";
        if (mode.empty())
            return makeError(
                QStringLiteral("tool_choice '%1' is not one of auto, none, required").arg(utf8(c)));
    } else if (choice->IsObject()) {
        const Value* fn = member(*choice, "function");
        name = fn ? stringMember(*fn, "name") : std::string_view();
        if (name.empty())
            return makeError(QStringLiteral(
                "tool_choice must name a function: {\"type\":\"function\",\"function\":{\"name\":...}}"));
        mode = "ANY";
    } else {
        return {};
    }
    w.Key("toolConfig");
    w.StartObject();
    w.Key("functionCallingConfig");
    w.StartObject();
    w.Key("mode");
    writeString(w, mode);
    if (!name.empty()) {
        w.Key("allowedFunctionNames");
        w.StartArray();
        writeString(w, name);
        w.EndArray();
    }
    w.EndObject();
    w.EndObject();
    return {};
}

void writeGenerationConfig(JsonOut& w, const Value& doc, const api::ChatRequest& request)
{
    bool opened = false;
    const auto open = [&] {
        if (!opened) {
            w.Key("generationConfig");
            w.StartObject();
            opened = true;
        }
    };
    if (request.maxTokens) {
        open();
        w.Key("maxOutputTokens");
        w.Int64(*request.maxTokens);
    }
    const std::pair<const char*, const char*> numbers[] = {{"temperature", "temperature"},
                                                           {"top_p", "topP"},
                                                           {"presence_penalty", "presencePenalty"},
                                                           {"frequency_penalty", "frequencyPenalty"}};
    for (const auto& [from, to] : numbers) {
        if (const Value* v = member(doc, from); v && v->IsNumber()) {
            open();
            w.Key(to);
            v->Accept(w);
        }
    }
    if (const Value* seed = member(doc, "seed"); seed && seed->IsInt()) {
        open();
        w.Key("seed");
        w.Int(seed->GetInt());
    }
    bool anyStop = false;
    forEachStop(doc, [&](std::string_view stop) {
        if (!anyStop) {
            open();
            w.Key("stopSequences");
            w.StartArray();
            anyStop = true;
        }
        writeString(w, stop);
    });
    if (anyStop)
        w.EndArray();
    const std::string_view format = responseFormatType(doc);
    if (format == "json_object" || format == "json_schema") {
        open();
        w.Key("responseMimeType");
        w.String("application/json");
        if (const Value* schema = responseJsonSchema(doc))
            writeSchemaField(w, *schema, "responseSchema", "responseJsonSchema");
    }
    if (opened)
        w.EndObject();
}

// --- answers ------------------------------------------------------------------------------------

std::string_view finishReasonFor(std::string_view reason, bool toolCalls)
{
    if (reason == "MAX_TOKENS")
        return "length";
    if (reason == "SAFETY" || reason == "RECITATION" || reason == "BLOCKLIST" ||
        reason == "PROHIBITED_CONTENT" || reason == "SPII" || reason == "IMAGE_SAFETY" ||
        reason == "IMAGE_PROHIBITED_CONTENT")
        return "content_filter";
    return toolCalls ? "tool_calls" : "stop";
}

// Gemini's usageMetadata as OpenAI counts it: thoughts are output tokens; cached and tool-use
// prompt tokens are part of the prompt.
bool readUsage(const Value& metadata, Usage& usage)
{
    if (!metadata.IsObject())
        return false;
    std::int64_t prompt = 0, candidates = 0, cached = 0, thoughts = 0, toolPrompt = 0;
    const std::pair<std::string_view, std::int64_t*> fields[] = {{"promptTokenCount", &prompt},
                                                                 {"candidatesTokenCount", &candidates},
                                                                 {"cachedContentTokenCount", &cached},
                                                                 {"thoughtsTokenCount", &thoughts},
                                                                 {"toolUsePromptTokenCount", &toolPrompt}};
    for (const auto& [name, field] : fields) {
        const Value* v = member(metadata, name);
        if (!v)
            continue;
        if (!v->IsInt64() || v->GetInt64() < 0)
            return false;
        *field = v->GetInt64();
    }
    usage.inputTokens = prompt + toolPrompt;
    usage.outputTokens = candidates + thoughts;
    usage.cachedInputTokens = cached;
    usage.reasoningTokens = thoughts;
    usage.reported = true;
    return true;
}

const Value* firstCandidate(const Value& response)
{
    const Value* candidates = member(response, "candidates");
    if (!candidates || !candidates->IsArray() || candidates->Empty() || !(*candidates)[0].IsObject())
        return nullptr;
    return &(*candidates)[0];
}

const Value* partsOf(const Value& candidate)
{
    const Value* content = member(candidate, "content");
    const Value* parts = content ? member(*content, "parts") : nullptr;
    return parts && parts->IsArray() ? parts : nullptr;
}

bool isThought(const Value& part)
{
    const Value* thought = member(part, "thought");
    return thought && thought->IsBool() && thought->GetBool();
}

ToolCallOut toolCallFrom(const Value& call)
{
    ToolCallOut out;
    const std::string_view id = stringMember(call, "id");
    out.id = id.empty() ? newToolCallId() : std::string(id);
    out.name = std::string(stringMember(call, "name"));
    const Value* args = member(call, "args");
    out.arguments = args && args->IsObject() ? api::serialize(*args) : QByteArray("{}");
    return out;
}

std::string_view blockReason(const Value& response)
{
    const Value* feedback = member(response, "promptFeedback");
    return feedback ? stringMember(*feedback, "blockReason") : std::string_view();
}

class GeminiStream final : public ChatStreamTranslator
{
public:
    explicit GeminiStream(bool clientWantsUsage) : m_clientWantsUsage(clientWantsUsage)
    {
        m_emit.setCreated(unixSeconds());
    }

    bool feed(std::string_view bytes, QByteArray& out) override
    {
        m_events.clear();
        if (!m_parser.feed(bytes, m_events))
            return false;
        for (const api::SseEvent& event : m_events) {
            if (event.data.isEmpty())
                continue;
            if (!m_doc.parse(event.data.constData(), size_t(event.data.size())))
                return false;
            if (!handle(m_doc.document(), out))
                return false;
        }
        return true;
    }

    bool complete() const override { return m_complete; }
    const Usage& usage() const override { return m_usage; }
    QString streamError() const override { return m_error; }

private:
    bool handle(const Value& response, QByteArray& out)
    {
        if (const Value* error = member(response, "error")) {
            const std::string_view message =
                error->IsObject() ? stringMember(*error, "message") : std::string_view();
            const std::string_view status =
                error->IsObject() ? stringMember(*error, "status") : std::string_view();
            m_error = QStringLiteral("%1 (%2)").arg(
                utf8(message.empty() ? std::string_view("error") : message), utf8(status));
            return false;
        }
        if (const Value* metadata = member(response, "usageMetadata");
            metadata && !readUsage(*metadata, m_usage))
            return false;
        if (m_complete)
            return true; // only usage is taken from anything after the finish
        if (!m_emit.hasId()) {
            const std::string_view id = stringMember(response, "responseId");
            if (id.empty())
                m_emit.setId("chatcmpl-" + newToolCallId().substr(5));
            else
                m_emit.setId(id);
        }
        if (!m_emit.hasModel())
            m_emit.setModel(stringMember(response, "modelVersion"));
        if (!m_started) {
            m_started = true;
            m_emit.role(out);
        }
        const Value* candidate = firstCandidate(response);
        if (!candidate) {
            if (!blockReason(response).empty()) // the prompt itself was blocked
                end(out, "content_filter");
            return true;
        }
        if (const Value* parts = partsOf(*candidate)) {
            for (const Value& part : parts->GetArray()) {
                if (const Value* text = member(part, "text"); text && text->IsString()) {
                    if (!isThought(part) && text->GetStringLength() > 0)
                        m_emit.content(out, view(*text));
                } else if (const Value* call = member(part, "functionCall"); call && call->IsObject()) {
                    const ToolCallOut tool = toolCallFrom(*call);
                    m_emit.toolCallStart(
                        out, m_toolCalls++, tool.id, tool.name,
                        std::string_view(tool.arguments.constData(), size_t(tool.arguments.size())));
                }
            }
        }
        if (const std::string_view reason = stringMember(*candidate, "finishReason"); !reason.empty())
            end(out, finishReasonFor(reason, m_toolCalls > 0));
        return true;
    }

    void end(QByteArray& out, std::string_view finishReason)
    {
        m_emit.finish(out, finishReason);
        if (m_clientWantsUsage)
            m_emit.usage(out, m_usage);
        ChunkEmitter::done(out);
        m_complete = true;
    }

    bool m_clientWantsUsage;
    bool m_started = false;
    bool m_complete = false;
    int m_toolCalls = 0;
    ChunkEmitter m_emit;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    EventDocument m_doc;
    Usage m_usage;
    QString m_error;
};

// Little-endian float32 values in base64, as OpenAI's encoding_format "base64" gives them.
QByteArray base64Floats(const Value& values)
{
    QByteArray raw;
    raw.reserve(qsizetype(values.Size()) * 4);
    for (const Value& v : values.GetArray()) {
        const float f = float(std::strtod(v.GetString(), nullptr));
        quint32 bits = 0;
        std::memcpy(&bits, &f, sizeof bits);
        for (int b = 0; b < 4; ++b)
            raw.append(char((bits >> (8 * b)) & 0xff));
    }
    return raw.toBase64();
}

} // namespace

Result<http::UpstreamRequest> GeminiAdapter::buildChatRequest(api::ChatRequest& request,
                                                              const ProviderConfig& provider,
                                                              const ModelConfig& model) const
{
    const rapidjson::Document& doc = *request.body;
    if (auto translatable = checkTranslatable(doc, QLatin1String("Gemini")); !translatable)
        return translatable.error();
    const Value* messages = member(doc, "messages");
    if (!messages || !messages->IsArray())
        return makeError(QStringLiteral("'messages' must be an array"));

    std::string path = "/";
    appendModelResource(path, model.name);
    path += request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    http::UpstreamRequest upstream = jsonPost(provider, path, request.stream);
    if (provider.apiKey.resolved())
        upstream.headers.add("x-goog-api-key", provider.apiKey.value.toStdString());

    upstream.body.reserve(qsizetype(request.bodyBytes) + 256);
    {
        api::QByteArrayOutputStream stream(upstream.body);
        JsonOut w(stream);
        w.StartObject();
        if (auto written = writeContents(w, *messages); !written)
            return written.error();
        if (auto written = writeSystemInstruction(w, *messages); !written)
            return written.error();
        if (auto written = writeTools(w, doc); !written)
            return written.error();
        writeGenerationConfig(w, doc, request);
        w.EndObject();
    }
    return upstream;
}

Result<http::UpstreamRequest> GeminiAdapter::buildEmbeddingsRequest(api::EmbeddingsRequest& request,
                                                                    const ProviderConfig& provider,
                                                                    const ModelConfig& model) const
{
    const rapidjson::Document& doc = *request.body;
    const Value* input = member(doc, "input");
    if (!input || !(input->IsString() || input->IsArray()))
        return makeError(QStringLiteral("'input' must be a string or an array of strings"));
    if (input->IsArray()) {
        for (const Value& item : input->GetArray()) {
            if (!item.IsString())
                return makeError(
                    QStringLiteral("Gemini embeds text: 'input' must be a string or an array of strings, "
                                   "not token ids"));
        }
    }
    const auto dimensions = api::memberInt(doc, "dimensions");

    std::string path = "/";
    appendModelResource(path, model.name);
    const std::string resource = path.substr(1);
    path += ":batchEmbedContents";
    http::UpstreamRequest upstream = jsonPost(provider, path, false);
    if (provider.apiKey.resolved())
        upstream.headers.add("x-goog-api-key", provider.apiKey.value.toStdString());
    {
        api::QByteArrayOutputStream stream(upstream.body);
        JsonOut w(stream);
        const auto one = [&](const Value& text) {
            w.StartObject();
            w.Key("model");
            writeString(w, resource);
            w.Key("content");
            w.StartObject();
            w.Key("parts");
            w.StartArray();
            writeTextPart(w, view(text));
            w.EndArray();
            w.EndObject();
            if (dimensions) {
                w.Key("outputDimensionality");
                w.Int64(*dimensions);
            }
            w.EndObject();
        };
        w.StartObject();
        w.Key("requests");
        w.StartArray();
        if (input->IsString()) {
            one(*input);
        } else {
            for (const Value& item : input->GetArray())
                one(item);
        }
        w.EndArray();
        w.EndObject();
    }
    return upstream;
}

Result<TranslatedResponse> GeminiAdapter::translateChatResponse(const QByteArray& body) const
{
    api::JsonBody parsed(size_t(body.size()));
    rapidjson::Document& doc = *parsed;
    doc.Parse<kAnswerParseFlags>(body.constData(), size_t(body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return makeError(QStringLiteral("the answer is not a JSON object"));
    const Value* candidate = firstCandidate(doc);
    if (!candidate && blockReason(doc).empty())
        return makeError(QStringLiteral("the answer has neither candidates nor a prompt block reason"));

    const std::string generatedId =
        stringMember(doc, "responseId").empty() ? "chatcmpl-" + newToolCallId().substr(5) : std::string();
    CompletionOut out;
    out.id = generatedId.empty() ? stringMember(doc, "responseId") : std::string_view(generatedId);
    out.model = stringMember(doc, "modelVersion");
    out.created = unixSeconds();
    if (const Value* metadata = member(doc, "usageMetadata"); metadata && !readUsage(*metadata, out.usage))
        return makeError(QStringLiteral("the answer's usageMetadata is malformed"));
    if (!candidate) {
        out.finishReason = "content_filter";
        return TranslatedResponse{writeCompletion(out), out.usage};
    }
    if (const Value* parts = partsOf(*candidate)) {
        for (const Value& part : parts->GetArray()) {
            if (const Value* text = member(part, "text"); text && text->IsString()) {
                if (!isThought(part)) {
                    out.content.append(text->GetString(), text->GetStringLength());
                    out.hasContent = true;
                }
            } else if (const Value* call = member(part, "functionCall"); call && call->IsObject()) {
                out.toolCalls.push_back(toolCallFrom(*call));
            }
        }
    }
    out.finishReason = finishReasonFor(stringMember(*candidate, "finishReason"), !out.toolCalls.empty());
    return TranslatedResponse{writeCompletion(out), out.usage};
}

Result<TranslatedResponse>
GeminiAdapter::translateEmbeddingsResponse(const QByteArray& body,
                                           const api::EmbeddingsRequest& request) const
{
    // Numbers are kept as their text so that the vectors reach the client digit for digit.
    api::JsonBody parsed(size_t(body.size()));
    rapidjson::Document& doc = *parsed;
    doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.constData(), size_t(body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return makeError(QStringLiteral("the answer is not a JSON object"));
    const Value* embeddings = member(doc, "embeddings");
    if (!embeddings || !embeddings->IsArray())
        return makeError(QStringLiteral("the answer has no 'embeddings' array"));
    const bool base64 = stringMember(*request.body, "encoding_format") == "base64";

    Usage usage;
    if (const Value* metadata = member(doc, "usageMetadata")) {
        const Value* prompt = member(*metadata, "promptTokenCount");
        if (prompt && prompt->IsString()) {
            usage.inputTokens = std::strtoll(prompt->GetString(), nullptr, 10);
            usage.reported = true;
        }
    }
    QByteArray out;
    out.reserve(body.size() + 256);
    {
        api::QByteArrayOutputStream stream(out);
        JsonOut w(stream);
        w.StartObject();
        w.Key("object");
        w.String("list");
        w.Key("data");
        w.StartArray();
        for (rapidjson::SizeType i = 0; i < embeddings->Size(); ++i) {
            const Value* values = member((*embeddings)[i], "values");
            if (!values || !values->IsArray())
                return makeError(QStringLiteral("embeddings[%1] has no 'values' array").arg(i));
            for (const Value& v : values->GetArray()) {
                // With kParseNumbersAsStringsFlag numbers arrive as strings; real strings are a lie.
                if (!v.IsString() || v.GetStringLength() == 0 ||
                    !(v.GetString()[0] == '-' || (v.GetString()[0] >= '0' && v.GetString()[0] <= '9')))
                    return makeError(
                        QStringLiteral("embeddings[%1].values holds something other than numbers").arg(i));
            }
            w.StartObject();
            w.Key("object");
            w.String("embedding");
            w.Key("index");
            w.Uint(i);
            w.Key("embedding");
            if (base64) {
                const QByteArray encoded = base64Floats(*values);
                w.String(encoded.constData(), rapidjson::SizeType(encoded.size()));
            } else {
                w.StartArray();
                for (const Value& v : values->GetArray())
                    w.RawValue(v.GetString(), v.GetStringLength(),
                               rapidjson::kNumberType); // RawNumber quotes in 1.1
                w.EndArray();
            }
            w.EndObject();
        }
        w.EndArray();
        w.Key("model");
        const QByteArray model = request.model.toUtf8();
        w.String(model.constData(), rapidjson::SizeType(model.size()));
        w.Key("usage");
        w.StartObject();
        w.Key("prompt_tokens");
        w.Int64(usage.inputTokens);
        w.Key("total_tokens");
        w.Int64(usage.inputTokens);
        w.EndObject();
        w.EndObject();
    }
    return TranslatedResponse{out, usage};
}

std::unique_ptr<ChatStreamTranslator> GeminiAdapter::newChatStream(const api::ChatRequest& request) const
{
    return std::make_unique<GeminiStream>(request.clientWantsUsage);
}

QString GeminiAdapter::errorMessage(const QByteArray& body) const
{
    rapidjson::Document doc;
    doc.Parse(body.constData(), size_t(body.size()));
    if (doc.HasParseError())
        return {};
    // The stream endpoint without alt=sse answers errors inside a JSON array.
    const Value& top = doc.IsArray() && !doc.Empty() ? doc[0] : doc;
    const Value* error = member(top, "error");
    if (!error || !error->IsObject())
        return {};
    const std::string_view message = stringMember(*error, "message");
    const std::string_view status = stringMember(*error, "status");
    if (message.empty())
        return utf8(status);
    return status.empty() ? utf8(message) : QStringLiteral("%1 (%2)").arg(utf8(message), utf8(status));
}

} // namespace tollgate::providers

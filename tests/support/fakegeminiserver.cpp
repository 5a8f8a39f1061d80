#include "fakegeminiserver.h"

#include "fakejson.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>

namespace tollgate::testing {

namespace {

using namespace fakecontent;
using namespace fakejson;

const char* statusName(int code)
{
    switch (code) {
    case 400:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 409:
        return "ABORTED";
    case 429:
        return "RESOURCE_EXHAUSTED";
    case 499:
        return "CANCELLED";
    case 503:
        return "UNAVAILABLE";
    case 504:
        return "DEADLINE_EXCEEDED";
    default:
        return code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
}

QByteArray geminiError(int code, const QByteArray& message)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.Int(code);
    w.Key("message");
    writeString(w, message);
    w.Key("status");
    w.String(statusName(code));
    w.EndObject();
    w.EndObject();
    return finish(buffer);
}

FakeReply error(int code, const QByteArray& message)
{
    FakeReply r;
    r.status = code;
    r.body = geminiError(code, message);
    return r;
}

FakeReply invalid(const QByteArray& message)
{
    return error(400, message);
}

QByteArray unknownName(const QByteArray& name, const char* where)
{
    return "Invalid JSON payload received. Unknown name \"" + name + "\" at '" + where +
           "': Cannot find field.";
}

bool onlyKeys(const Value& object, std::initializer_list<const char*> allowed, QByteArray* unknown)
{
    for (const auto& m : object.GetObject()) {
        bool known = false;
        for (const char* a : allowed)
            known = known || std::strcmp(m.name.GetString(), a) == 0;
        if (!known) {
            *unknown = QByteArray(m.name.GetString(), qsizetype(m.name.GetStringLength()));
            return false;
        }
    }
    return true;
}

QByteArray num(qsizetype n)
{
    return QByteArray::number(n);
}

// A Gemini Schema object (OpenAPI subset, upper-case type names).
std::optional<QByteArray> checkSchema(const Value& schema, const QByteArray& at, bool parameters,
                                      int depth = 0)
{
    if (!schema.IsObject() || depth > 32)
        return at + ": Invalid value";
    QByteArray unknown;
    if (!onlyKeys(schema,
                  {"type",      "format",    "title",      "description", "nullable",      "enum",
                   "maxItems",  "minItems",  "properties", "required",    "minProperties", "maxProperties",
                   "minLength", "maxLength", "pattern",    "example",     "anyOf",         "propertyOrdering",
                   "default",   "items",     "minimum",    "maximum"},
                  &unknown))
        return unknownName(unknown, at.constData());
    static const QStringList types{"TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER",
                                   "BOOLEAN",          "ARRAY",  "OBJECT", "NULL"};
    const QString type = stringOf(schema, "type");
    if (member(schema, "type") && !types.contains(type))
        return "Invalid value at '" + at +
               ".type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), \"" + type.toUtf8() +
               "\"";
    const Value* properties = member(schema, "properties");
    if (parameters && depth == 0 && type == QLatin1String("OBJECT") &&
        (!properties || properties->ObjectEmpty()))
        return "* GenerateContentRequest." + at + ".properties: should be non-empty for OBJECT type";
    if (properties) {
        if (!properties->IsObject())
            return at + ".properties: Invalid value";
        for (const auto& p : properties->GetObject()) {
            if (auto problem =
                    checkSchema(p.value, at + ".properties[" + QByteArray(p.name.GetString()) + "].value",
                                parameters, depth + 1))
                return problem;
        }
    }
    if (const Value* items = member(schema, "items")) {
        if (auto problem = checkSchema(*items, at + ".items", parameters, depth + 1))
            return problem;
    }
    if (const Value* anyOf = member(schema, "anyOf"); anyOf && anyOf->IsArray()) {
        for (rapidjson::SizeType k = 0; k < anyOf->Size(); ++k) {
            if (auto problem =
                    checkSchema((*anyOf)[k], at + ".any_of[" + num(k) + "]", parameters, depth + 1))
                return problem;
        }
    }
    return std::nullopt;
}

QString functionResponseText(const Value& response)
{
    if (const Value* output = member(response, "output"); output && output->IsString())
        return toQString(*output);
    return QString::fromUtf8(serialize(response));
}

struct Answer
{
    QByteArray responseId;
    QByteArray model;
    TextAnswer text;
    QList<DeclaredTool> tools;
    QString source;
    int promptTokens = 0;
    int cachedTokens = 0;
    int candidateTokens = 0;
    const char* finishReason = "STOP";
};

void writeUsage(Writer& w, const Answer& a, bool final)
{
    w.Key("usageMetadata");
    w.StartObject();
    w.Key("promptTokenCount");
    w.Int(a.promptTokens);
    if (final) {
        w.Key("candidatesTokenCount");
        w.Int(a.candidateTokens);
    }
    w.Key("totalTokenCount");
    w.Int(a.promptTokens + (final ? a.candidateTokens : 0));
    if (a.cachedTokens > 0) {
        w.Key("cachedContentTokenCount");
        w.Int(a.cachedTokens);
    }
    w.Key("promptTokensDetails");
    w.StartArray();
    w.StartObject();
    w.Key("modality");
    w.String("TEXT");
    w.Key("tokenCount");
    w.Int(a.promptTokens);
    w.EndObject();
    w.EndArray();
    w.EndObject();
}

// One GenerateContentResponse; `parts` writes the parts, `final` adds finishReason and the usage.
QByteArray responseChunk(const Answer& a, const std::function<void(Writer&)>& parts, bool final)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("candidates");
    w.StartArray();
    w.StartObject();
    w.Key("content");
    w.StartObject();
    w.Key("parts");
    w.StartArray();
    parts(w);
    w.EndArray();
    w.Key("role");
    w.String("model");
    w.EndObject();
    if (final) {
        w.Key("finishReason");
        w.String(a.finishReason);
    }
    w.Key("index");
    w.Int(0);
    w.EndObject();
    w.EndArray();
    writeUsage(w, a, final);
    w.Key("modelVersion");
    writeString(w, a.model);
    w.Key("responseId");
    writeString(w, a.responseId);
    w.EndObject();
    return finish(buffer);
}

void writeTextPart(Writer& w, const QString& text)
{
    w.StartObject();
    w.Key("text");
    writeString(w, text);
    w.EndObject();
}

void writeFunctionCalls(Writer& w, const Answer& a)
{
    for (const DeclaredTool& tool : a.tools) {
        w.StartObject();
        w.Key("functionCall");
        w.StartObject();
        w.Key("name");
        writeString(w, tool.name);
        w.Key("args");
        rapidjson::Document args;
        const QByteArray json = argumentsFor(tool.required, a.source);
        args.Parse(json.constData(), size_t(json.size()));
        args.Accept(w);
        w.EndObject();
        w.EndObject();
    }
}

QList<QByteArray> chunks(const Answer& a)
{
    QList<QByteArray> out;
    if (!a.tools.isEmpty()) {
        out.append(responseChunk(
            a, [&a](Writer& w) { writeFunctionCalls(w, a); }, true));
        return out;
    }
    const QStringList& words = a.text.words;
    if (words.isEmpty()) {
        out.append(responseChunk(
            a, [](Writer& w) { writeTextPart(w, QString()); }, true));
        return out;
    }
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString piece = i == 0 ? words[i] : QLatin1Char(' ') + words[i];
        out.append(responseChunk(
            a, [&piece](Writer& w) { writeTextPart(w, piece); }, i + 1 == words.size()));
    }
    return out;
}

FakeReply embed(const Value& doc, const QString& resource)
{
    QByteArray unknown;
    if (!onlyKeys(doc, {"requests"}, &unknown))
        return invalid(unknownName(unknown, ""));
    const Value* requests = member(doc, "requests");
    if (!requests || !requests->IsArray() || requests->Empty())
        return invalid("* BatchEmbedContentsRequest.requests: requests is not specified");
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("embeddings");
    w.StartArray();
    for (rapidjson::SizeType i = 0; i < requests->Size(); ++i) {
        const Value& r = (*requests)[i];
        if (!r.IsObject() ||
            !onlyKeys(r, {"model", "content", "taskType", "title", "outputDimensionality"}, &unknown))
            return invalid(unknownName(unknown, "requests[" + num(i) + "]"));
        if (stringOf(r, "model") != resource)
            return invalid("Model in request (" + stringOf(r, "model").toUtf8() +
                           ") does not match the model in the URL (" + resource.toUtf8() + ").");
        const Value* content = member(r, "content");
        const Value* parts = content ? member(*content, "parts") : nullptr;
        if (!parts || !parts->IsArray() || parts->Empty())
            return invalid("* BatchEmbedContentsRequest.requests[" + num(i) +
                           "].content.parts: contents.parts must not be empty.");
        QStringList texts;
        for (const Value& part : parts->GetArray())
            texts.append(stringOf(part, "text"));
        QList<float> values = embeddingFor(texts.join(QLatin1Char(' ')));
        if (const Value* dims = member(r, "outputDimensionality");
            dims && dims->IsInt() && dims->GetInt() > 0)
            values = values.mid(0, dims->GetInt());
        w.StartObject();
        w.Key("values");
        w.StartArray();
        for (float v : values)
            w.Double(double(v));
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    FakeReply reply;
    reply.body = finish(buffer);
    return reply;
}

} // namespace

FakeGeminiServer::FakeGeminiServer(QString name, QObject* parent)
    : FakeProviderServer(std::move(name),
                         {QStringLiteral("gemini-2.0-flash"), QStringLiteral("text-embedding-004")}, parent)
{
}

FakeReply FakeGeminiServer::reply(const RecordedRequest& request, const Settings& settings)
{
    if (!settings.apiKey.isEmpty()) {
        QByteArray key = request.header("x-goog-api-key");
        if (key.isEmpty())
            key = request.query("key");
        if (key.isEmpty())
            return error(403,
                         "Method doesn't allow unregistered callers (callers without established identity). "
                         "Please use API Key or other form of API consumer identity to call this API.");
        if (key != settings.apiKey)
            return error(400, "API key not valid. Please pass a valid API key.");
    }
    const QByteArray prefix = "/v1beta/";
    const qsizetype colon = request.path.lastIndexOf(':');
    if (request.method != "POST" || !request.path.startsWith(prefix) || colon < 0)
        return error(404, "Requested entity was not found.");
    const QString resource = QString::fromUtf8(request.path.mid(prefix.size(), colon - prefix.size()));
    const QByteArray method = request.path.mid(colon + 1);
    if (!resource.startsWith(QLatin1String("models/")) || resource.size() <= 7)
        return error(404, "Requested entity was not found.");
    const QByteArray model = resource.mid(7).toUtf8();

    rapidjson::Document doc;
    doc.Parse(request.body.constData(), size_t(request.body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return invalid("Invalid JSON payload received. Expected an object.");
    if (method == "batchEmbedContents")
        return embed(doc, resource);
    const bool streamMethod = method == "streamGenerateContent";
    if (method != "generateContent" && !streamMethod)
        return error(404, "Requested entity was not found.");

    QByteArray unknown;
    if (!onlyKeys(doc,
                  {"contents", "systemInstruction", "tools", "toolConfig", "generationConfig",
                   "safetySettings", "cachedContent"},
                  &unknown))
        return invalid(unknownName(unknown, ""));

    Answer a;
    a.model = model;
    a.responseId = "resp_" + QByteArray::number(nextId());

    // systemInstruction
    if (const Value* system = member(doc, "systemInstruction")) {
        const Value* parts = member(*system, "parts");
        if (!system->IsObject() || !onlyKeys(*system, {"parts", "role"}, &unknown) || !parts ||
            !parts->IsArray())
            return invalid(unknownName(unknown, "system_instruction"));
        QStringList texts;
        for (const Value& part : parts->GetArray()) {
            if (!member(part, "text") || !onlyKeys(part, {"text"}, &unknown))
                return invalid(
                    "* GenerateContentRequest.system_instruction.parts: only text parts are supported");
            texts.append(stringOf(part, "text"));
        }
        a.promptTokens += wordCount(texts.join(QLatin1Char(' '))) + 3;
    }

    // contents
    const Value* contents = member(doc, "contents");
    if (!contents || !contents->IsArray() || contents->Empty())
        return invalid("* GenerateContentRequest.contents: contents is not specified");
    QString lastUserText;
    QStringList trailingResponses;
    int previousCalls = 0; // function calls of the previous content
    for (rapidjson::SizeType i = 0; i < contents->Size(); ++i) {
        const Value& c = (*contents)[i];
        const QByteArray at = "contents[" + num(i) + "]";
        if (!c.IsObject() || !onlyKeys(c, {"role", "parts"}, &unknown))
            return invalid(unknownName(unknown, at.constData()));
        const QString role = member(c, "role") ? stringOf(c, "role") : QStringLiteral("user");
        if (role != QLatin1String("user") && role != QLatin1String("model"))
            return invalid("Please use a valid role: user, model.");
        const Value* parts = member(c, "parts");
        if (!parts || !parts->IsArray() || parts->Empty())
            return invalid("* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.");
        QStringList texts;
        QStringList responses;
        int calls = 0;
        for (rapidjson::SizeType k = 0; k < parts->Size(); ++k) {
            const Value& part = (*parts)[k];
            const QByteArray pat = at + ".parts[" + num(k) + "]";
            if (!part.IsObject() || !onlyKeys(part,
                                              {"text", "inlineData", "fileData", "functionCall",
                                               "functionResponse", "thought", "thoughtSignature"},
                                              &unknown))
                return invalid(unknownName(unknown, pat.constData()));
            int data = 0;
            for (const char* field : {"text", "inlineData", "fileData", "functionCall", "functionResponse"})
                data += member(part, field) ? 1 : 0;
            if (data != 1)
                return invalid("* GenerateContentRequest." + pat +
                               ".data: required oneof field 'data' must have one "
                               "initialized field");
            if (const Value* text = member(part, "text")) {
                if (!text->IsString())
                    return invalid(pat + ".text: Invalid value");
                texts.append(toQString(*text));
            } else if (const Value* inline_ = member(part, "inlineData")) {
                const QByteArray bytes = stringOf(*inline_, "data").toUtf8();
                if (stringOf(*inline_, "mimeType").isEmpty() || bytes.isEmpty() ||
                    QByteArray::fromBase64Encoding(bytes, QByteArray::AbortOnBase64DecodingErrors)
                            .decodingStatus != QByteArray::Base64DecodingStatus::Ok)
                    return invalid("Invalid value at '" + pat +
                                   ".inline_data.data' (TYPE_BYTES), Base64 decoding failed");
            } else if (const Value* file = member(part, "fileData")) {
                if (stringOf(*file, "fileUri").isEmpty() ||
                    !onlyKeys(*file, {"mimeType", "fileUri"}, &unknown))
                    return invalid("* GenerateContentRequest." + pat +
                                   ".file_data.file_uri: file_uri is required");
            } else if (const Value* call = member(part, "functionCall")) {
                if (role != QLatin1String("model") || stringOf(*call, "name").isEmpty())
                    return invalid("* GenerateContentRequest." + pat +
                                   ".function_call: function calls belong to model turns and need a name");
                if (const Value* args = member(*call, "args"); args && !args->IsObject())
                    return invalid(pat + ".function_call.args: Invalid value");
                ++calls;
            } else if (const Value* response = member(part, "functionResponse")) {
                if (stringOf(*response, "name").isEmpty() || !member(*response, "response") ||
                    !(*response)["response"].IsObject())
                    return invalid("* GenerateContentRequest." + pat +
                                   ".function_response: name and response are required");
                responses.append(functionResponseText((*response)["response"]));
            }
        }
        if (!responses.isEmpty()) {
            if (previousCalls == 0)
                return invalid("Please ensure that function response turn comes immediately after a function "
                               "call turn.");
            if (responses.size() != previousCalls)
                return invalid(
                    "Please ensure that the number of function response parts is equal to the number of "
                    "function call parts of the function call turn.");
        }
        previousCalls = calls;
        QStringList all = texts;
        all.append(responses);
        a.promptTokens += wordCount(all.join(QLatin1Char(' '))) + 3;
        // Trailing functionResponse parts of this content.
        QStringList trailing;
        for (rapidjson::SizeType k = parts->Size(); k-- > 0;) {
            const Value* response = member((*parts)[k], "functionResponse");
            if (!response)
                break;
            trailing.prepend(functionResponseText((*response)["response"]));
        }
        trailingResponses = trailing;
        if (role == QLatin1String("user") && !texts.isEmpty())
            lastUserText = texts.join(QLatin1Char(' '));
    }
    const bool endsWithToolResults = !trailingResponses.isEmpty();
    a.source = endsWithToolResults ? trailingResponses.join(QLatin1Char(' ')) : lastUserText;

    // tools and toolConfig
    QList<DeclaredTool> declared;
    if (const Value* tools = member(doc, "tools")) {
        if (!tools->IsArray())
            return invalid("tools: Invalid value");
        for (rapidjson::SizeType t = 0; t < tools->Size(); ++t) {
            const Value& tool = (*tools)[t];
            if (!tool.IsObject() ||
                !onlyKeys(tool, {"functionDeclarations", "googleSearch", "codeExecution"}, &unknown))
                return invalid(unknownName(unknown, ("tools[" + num(t) + "]").constData()));
            const Value* declarations = member(tool, "functionDeclarations");
            if (!declarations)
                continue;
            for (rapidjson::SizeType k = 0; k < declarations->Size(); ++k) {
                const Value& d = (*declarations)[k];
                const QByteArray at = "tools[" + num(t) + "].function_declarations[" + num(k) + "]";
                if (!d.IsObject() || !onlyKeys(d,
                                               {"name", "description", "parameters", "parametersJsonSchema",
                                                "response", "behavior"},
                                               &unknown))
                    return invalid(unknownName(unknown, at.constData()));
                DeclaredTool decl;
                decl.name = stringOf(d, "name");
                if (decl.name.isEmpty())
                    return invalid("* GenerateContentRequest." + at + ".name: Invalid function name.");
                const Value* parameters = member(d, "parameters");
                const Value* jsonSchema = member(d, "parametersJsonSchema");
                if (parameters && jsonSchema)
                    return invalid("* GenerateContentRequest." + at +
                                   ": parameters and parameters_json_schema are mutually exclusive");
                if (parameters) {
                    if (auto problem = checkSchema(*parameters, at + ".parameters", true))
                        return invalid(*problem);
                }
                const Value* schema = parameters ? parameters : jsonSchema;
                if (const Value* required = schema ? member(*schema, "required") : nullptr;
                    required && required->IsArray())
                    for (const Value& r : required->GetArray())
                        decl.required.append(toQString(r));
                declared.append(decl);
            }
        }
    }
    ToolChoice choice = ToolChoice::Auto;
    QString forced;
    if (const Value* config = member(doc, "toolConfig")) {
        const Value* calling = member(*config, "functionCallingConfig");
        if (!config->IsObject() || !onlyKeys(*config, {"functionCallingConfig"}, &unknown) || !calling)
            return invalid(unknownName(unknown, "tool_config"));
        if (!onlyKeys(*calling, {"mode", "allowedFunctionNames"}, &unknown))
            return invalid(unknownName(unknown, "tool_config.function_calling_config"));
        const QString mode = stringOf(*calling, "mode");
        if (mode != QLatin1String("AUTO") && mode != QLatin1String("ANY") && mode != QLatin1String("NONE") &&
            mode != QLatin1String("VALIDATED"))
            return invalid(
                "Invalid value at 'tool_config.function_calling_config.mode' "
                "(type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), \"" +
                mode.toUtf8() + "\"");
        QStringList allowed;
        if (const Value* names = member(*calling, "allowedFunctionNames"); names && names->IsArray())
            for (const Value& n : names->GetArray())
                allowed.append(toQString(n));
        if (!allowed.isEmpty() && mode != QLatin1String("ANY"))
            return invalid(
                "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "
                "allowed_function_names should only be set when mode is ANY.");
        for (const QString& name : allowed) {
            if (std::none_of(declared.begin(), declared.end(),
                             [&](const DeclaredTool& d) { return d.name == name; }))
                return invalid(
                    "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "
                    "function " +
                    name.toUtf8() + " is not declared.");
        }
        if (mode == QLatin1String("NONE")) {
            choice = ToolChoice::None;
        } else if (mode == QLatin1String("ANY")) {
            choice = allowed.size() == 1 ? ToolChoice::Forced : ToolChoice::Required;
            forced = allowed.value(0);
        }
    }

    // generationConfig
    QStringList stops;
    int maxTokens = -1;
    bool jsonMode = false;
    if (const Value* config = member(doc, "generationConfig")) {
        if (!config->IsObject() ||
            !onlyKeys(*config,
                      {"stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema",
                       "candidateCount", "maxOutputTokens", "temperature", "topP", "topK", "seed",
                       "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs",
                       "thinkingConfig", "responseModalities"},
                      &unknown))
            return invalid(unknownName(unknown, "generation_config"));
        if (const Value* s = member(*config, "stopSequences")) {
            if (!s->IsArray() || s->Size() > 5)
                return invalid(
                    "* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences");
            for (const Value& stop : s->GetArray())
                stops.append(toQString(stop));
        }
        if (const Value* m = member(*config, "maxOutputTokens")) {
            if (!m->IsInt() || m->GetInt() < 1)
                return invalid(
                    "* GenerateContentRequest.generation_config.max_output_tokens: must be positive");
            maxTokens = m->GetInt();
        }
        const QString mime = stringOf(*config, "responseMimeType");
        if (member(*config, "responseMimeType") && mime != QLatin1String("text/plain") &&
            mime != QLatin1String("application/json") && mime != QLatin1String("text/x.enum"))
            return invalid(
                "* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are "
                "`text/plain`, `application/json`, `text/x.enum`.");
        const Value* schema = member(*config, "responseSchema");
        const Value* jsonSchema = member(*config, "responseJsonSchema");
        if ((schema || jsonSchema) && mime != QLatin1String("application/json"))
            return invalid(
                "* GenerateContentRequest.generation_config.response_mime_type: a response schema needs "
                "response_mime_type application/json");
        if (schema && jsonSchema)
            return invalid(
                "* GenerateContentRequest.generation_config: response_schema and response_json_schema are "
                "mutually exclusive");
        if (schema) {
            if (auto problem = checkSchema(*schema, "generation_config.response_schema", false))
                return invalid(*problem);
        }
        jsonMode = mime == QLatin1String("application/json");
    }

    a.cachedTokens = std::min(a.promptTokens, settings.cachedPromptTokens);
    a.tools = toolsToCall(declared, choice, forced, true, endsWithToolResults);
    if (!a.tools.isEmpty()) {
        a.candidateTokens = int(a.tools.size());
    } else {
        a.text = textAnswer(settings.name, a.source, jsonMode, stops, maxTokens);
        a.candidateTokens = int(a.text.words.size());
        a.finishReason = a.text.cutByMaxTokens ? "MAX_TOKENS" : "STOP";
    }

    FakeReply r;
    if (!streamMethod) {
        if (a.tools.isEmpty())
            r.body = responseChunk(
                a, [&a](Writer& w) { writeTextPart(w, a.text.text()); }, true);
        else
            r.body = responseChunk(
                a, [&a](Writer& w) { writeFunctionCalls(w, a); }, true);
        return r;
    }
    const QList<QByteArray> parts = chunks(a);
    if (request.query("alt") != "sse") {
        r.body = "[" + parts.join(",\r\n") + "]";
        return r;
    }
    r.stream = true;
    r.contentType = "text/event-stream";
    for (const QByteArray& chunk : parts)
        r.events.append("data: " + chunk + "\r\n\r\n");
    return r;
}

QByteArray FakeGeminiServer::defaultErrorBody(int status) const
{
    switch (status) {
    case 400:
        return geminiError(400, "Request contains an invalid argument.");
    case 403:
        return geminiError(403, "The caller does not have permission");
    case 404:
        return geminiError(404, "Requested entity was not found.");
    case 429:
        return geminiError(429, "Resource has been exhausted (e.g. check quota).");
    case 503:
        return geminiError(503, "The model is overloaded. Please try again later.");
    case 504:
        return geminiError(504, "Deadline exceeded");
    default:
        break;
    }
    if (status >= 500)
        return geminiError(status, "An internal error has occurred. Please retry or report in "
                                   "https://developers.generativeai.google/guide/troubleshooting");
    return geminiError(status, "The request failed.");
}

QByteArray FakeGeminiServer::badRequestBody(const QByteArray& message) const
{
    return geminiError(400, message);
}

QByteArray FakeGeminiServer::streamErrorEvent() const
{
    return "data: " + defaultErrorBody(500) + "\r\n\r\n";
}

} // namespace tollgate::testing

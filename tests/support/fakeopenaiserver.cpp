#include "fakeopenaiserver.h"

#include <QDateTime>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <functional>

namespace tollgate::testing {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;
using namespace fakecontent;

void writeString(JsonWriter& w, const QByteArray& utf8)
{
    w.String(utf8.constData(), rapidjson::SizeType(utf8.size()), true);
}

void writeString(JsonWriter& w, const QString& text)
{
    writeString(w, text.toUtf8());
}

void writeKey(JsonWriter& w, const char* key)
{
    w.Key(key);
}

QByteArray finish(rapidjson::StringBuffer& buffer)
{
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

QByteArray errorBody(const QByteArray& message, const char* type, const char* param, const char* code)
{
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeKey(w, "error");
    w.StartObject();
    writeKey(w, "message");
    writeString(w, message);
    writeKey(w, "type");
    w.String(type);
    writeKey(w, "param");
    param ? w.String(param) : w.Null();
    writeKey(w, "code");
    code ? w.String(code) : w.Null();
    w.EndObject();
    w.EndObject();
    return finish(buffer);
}

// Azure OpenAI's own error shape for failures outside the model (routing, keys).
QByteArray azureErrorBody(const char* code, const QByteArray& message)
{
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeKey(w, "error");
    w.StartObject();
    writeKey(w, "code");
    w.String(code);
    writeKey(w, "message");
    writeString(w, message);
    w.EndObject();
    w.EndObject();
    return finish(buffer);
}

QString toQString(const rapidjson::Value& v)
{
    return QString::fromUtf8(v.GetString(), qsizetype(v.GetStringLength()));
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name)
{
    if (!object.IsObject())
        return nullptr;
    const auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

QString stringOf(const rapidjson::Value& object, const char* name)
{
    const rapidjson::Value* v = member(object, name);
    return v && v->IsString() ? toQString(*v) : QString();
}

// Text of a chat message's content: a string, or the "text" parts of an array joined by spaces.
QString contentText(const rapidjson::Value& message)
{
    const rapidjson::Value* content = member(message, "content");
    if (!content)
        return {};
    if (content->IsString())
        return toQString(*content);
    if (!content->IsArray())
        return {};
    QStringList parts;
    for (const auto& part : content->GetArray()) {
        if (stringOf(part, "type") == QLatin1String("text") && member(part, "text") &&
            part["text"].IsString())
            parts.append(toQString(part["text"]));
    }
    return parts.join(QLatin1Char(' '));
}

QStringList stopsOf(const rapidjson::Value& doc)
{
    QStringList stops;
    if (const rapidjson::Value* stop = member(doc, "stop")) {
        if (stop->IsString())
            stops.append(toQString(*stop));
        else if (stop->IsArray())
            for (const auto& s : stop->GetArray())
                if (s.IsString())
                    stops.append(toQString(s));
    }
    return stops;
}

struct Completion
{
    QByteArray id;
    qint64 created = 0;
    QByteArray model;
    QStringList words;
    QList<DeclaredTool> tools;
    QList<QByteArray> toolCallIds;
    QString source;
    const char* finishReason = "stop";
    int promptTokens = 0;
    int cachedTokens = 0;
    int completionTokens = 0;
};

void writeUsage(JsonWriter& w, const Completion& c)
{
    w.StartObject();
    writeKey(w, "prompt_tokens");
    w.Int(c.promptTokens);
    writeKey(w, "completion_tokens");
    w.Int(c.completionTokens);
    writeKey(w, "total_tokens");
    w.Int(c.promptTokens + c.completionTokens);
    if (c.cachedTokens > 0) {
        writeKey(w, "prompt_tokens_details");
        w.StartObject();
        writeKey(w, "cached_tokens");
        w.Int(c.cachedTokens);
        w.EndObject();
    }
    w.EndObject();
}

void writeHead(JsonWriter& w, const Completion& c, const char* object)
{
    writeKey(w, "id");
    writeString(w, c.id);
    writeKey(w, "object");
    w.String(object);
    writeKey(w, "created");
    w.Int64(c.created);
    writeKey(w, "model");
    writeString(w, c.model);
}

void writeToolCall(JsonWriter& w, const Completion& c, int i, bool withIndex, bool withHeader,
                   const QByteArray& arguments)
{
    w.StartObject();
    if (withIndex) {
        writeKey(w, "index");
        w.Int(i);
    }
    if (withHeader) {
        writeKey(w, "id");
        writeString(w, c.toolCallIds[i]);
        writeKey(w, "type");
        w.String("function");
    }
    writeKey(w, "function");
    w.StartObject();
    if (withHeader) {
        writeKey(w, "name");
        writeString(w, c.tools[i].name);
    }
    writeKey(w, "arguments");
    writeString(w, arguments);
    w.EndObject();
    w.EndObject();
}

QByteArray completionBody(const Completion& c)
{
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeHead(w, c, "chat.completion");
    writeKey(w, "choices");
    w.StartArray();
    w.StartObject();
    writeKey(w, "index");
    w.Int(0);
    writeKey(w, "message");
    w.StartObject();
    writeKey(w, "role");
    w.String("assistant");
    writeKey(w, "content");
    if (c.tools.isEmpty()) {
        writeString(w, c.words.join(QLatin1Char(' ')));
    } else {
        w.Null();
        writeKey(w, "tool_calls");
        w.StartArray();
        for (int i = 0; i < c.tools.size(); ++i)
            writeToolCall(w, c, i, false, true, argumentsFor(c.tools[i].required, c.source));
        w.EndArray();
    }
    writeKey(w, "refusal");
    w.Null();
    w.EndObject();
    writeKey(w, "logprobs");
    w.Null();
    writeKey(w, "finish_reason");
    w.String(c.finishReason);
    w.EndObject();
    w.EndArray();
    writeKey(w, "usage");
    writeUsage(w, c);
    w.EndObject();
    return finish(buffer);
}

// One chunk; `delta` writes the delta object's members.
QByteArray chunk(const Completion& c, bool includeUsage, const std::function<void(JsonWriter&)>& delta,
                 const char* finishReason)
{
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    writeHead(w, c, "chat.completion.chunk");
    writeKey(w, "choices");
    w.StartArray();
    w.StartObject();
    writeKey(w, "index");
    w.Int(0);
    writeKey(w, "delta");
    w.StartObject();
    delta(w);
    w.EndObject();
    writeKey(w, "logprobs");
    w.Null();
    writeKey(w, "finish_reason");
    finishReason ? w.String(finishReason) : w.Null();
    w.EndObject();
    w.EndArray();
    if (includeUsage) {
        writeKey(w, "usage");
        w.Null();
    }
    w.EndObject();
    return "data: " + finish(buffer) + "\n\n";
}

QList<QByteArray> streamEvents(const Completion& c, bool includeUsage)
{
    QList<QByteArray> events;
    if (c.tools.isEmpty()) {
        events.append(chunk(
            c, includeUsage,
            [](JsonWriter& w) {
                writeKey(w, "role");
                w.String("assistant");
                writeKey(w, "content");
                w.String("");
            },
            nullptr));
        for (qsizetype i = 0; i < c.words.size(); ++i) {
            const QString piece = i == 0 ? c.words[i] : QLatin1Char(' ') + c.words[i];
            events.append(chunk(
                c, includeUsage,
                [&piece](JsonWriter& w) {
                    writeKey(w, "content");
                    writeString(w, piece);
                },
                nullptr));
        }
    } else {
        for (int i = 0; i < c.tools.size(); ++i) {
            events.append(chunk(
                c, includeUsage,
                [&c, i](JsonWriter& w) {
                    if (i == 0) {
                        writeKey(w, "role");
                        w.String("assistant");
                        writeKey(w, "content");
                        w.Null();
                    }
                    writeKey(w, "tool_calls");
                    w.StartArray();
                    writeToolCall(w, c, i, true, true, QByteArray());
                    w.EndArray();
                },
                nullptr));
            const QByteArray arguments = argumentsFor(c.tools[i].required, c.source);
            events.append(chunk(
                c, includeUsage,
                [&c, i, &arguments](JsonWriter& w) {
                    writeKey(w, "tool_calls");
                    w.StartArray();
                    writeToolCall(w, c, i, true, false, arguments);
                    w.EndArray();
                },
                nullptr));
        }
    }
    events.append(chunk(
        c, includeUsage, [](JsonWriter&) {}, c.finishReason));
    if (includeUsage) {
        rapidjson::StringBuffer buffer;
        JsonWriter w(buffer);
        w.StartObject();
        writeHead(w, c, "chat.completion.chunk");
        writeKey(w, "choices");
        w.StartArray();
        w.EndArray();
        writeKey(w, "usage");
        writeUsage(w, c);
        w.EndObject();
        events.append("data: " + finish(buffer) + "\n\n");
    }
    events.append("data: [DONE]\n\n");
    return events;
}

// Builds replies for the OpenAI endpoints. Pure functions of the request and the settings.
class OpenAiLogic
{
public:
    OpenAiLogic(const FakeProviderServer::Settings& settings, std::function<quint64()> nextId)
        : m_settings(settings), m_nextId(std::move(nextId))
    {
    }

    FakeReply reply(const RecordedRequest& request) const
    {
        if (request.path.startsWith("/openai/deployments/"))
            return azure(request);
        if (!m_settings.apiKey.isEmpty()) {
            if (request.header("authorization") != "Bearer " + m_settings.apiKey)
                return error(401, errorBody("Incorrect API key provided.", "invalid_request_error", nullptr,
                                            "invalid_api_key"));
        }
        if (request.method == "POST" && request.path == "/v1/chat/completions")
            return chat(request, {});
        if (request.method == "POST" && request.path == "/v1/embeddings")
            return embeddings(request, {});
        if (request.method == "GET" && request.path == "/v1/models")
            return models();
        if (request.method == "GET" && request.path.startsWith("/v1/models/"))
            return model(QString::fromUtf8(request.path.mid(qsizetype(std::strlen("/v1/models/")))));
        return error(404, errorBody("Unknown request URL: " + request.method + ' ' + request.path + ".",
                                    "invalid_request_error", nullptr, "unknown_url"));
    }

private:
    static FakeReply error(int status, QByteArray body)
    {
        FakeReply r;
        r.status = status;
        r.body = std::move(body);
        return r;
    }

    static FakeReply invalid(const QByteArray& message, const char* param)
    {
        return error(400, errorBody(message, "invalid_request_error", param, nullptr));
    }

    static bool parse(const RecordedRequest& request, rapidjson::Document& doc)
    {
        doc.Parse(request.body.constData(), request.body.size());
        return !doc.HasParseError() && doc.IsObject();
    }

    static FakeReply badJson()
    {
        return invalid(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
            "using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
            nullptr);
    }

    // /openai/deployments/{deployment}/(chat/completions|embeddings)?api-version=...
    FakeReply azure(const RecordedRequest& request) const
    {
        const QByteArray rest = request.path.mid(qsizetype(std::strlen("/openai/deployments/")));
        const qsizetype slash = rest.indexOf('/');
        const QByteArray deployment = slash < 0 ? rest : rest.left(slash);
        const QByteArray operation = slash < 0 ? QByteArray() : rest.mid(slash + 1);
        if (!m_settings.apiKey.isEmpty() && request.header("api-key") != m_settings.apiKey)
            return error(401, azureErrorBody("401",
                                             "Access denied due to invalid subscription key or wrong API "
                                             "endpoint. Make sure to provide a valid key for an active "
                                             "subscription and use a correct regional API endpoint for your "
                                             "resource."));
        if (request.query("api-version").isEmpty() || deployment.isEmpty() || request.method != "POST")
            return error(404, azureErrorBody("404", "Resource not found"));
        if (operation == "chat/completions")
            return chat(request, deployment);
        if (operation == "embeddings")
            return embeddings(request, deployment);
        return error(404, azureErrorBody("404", "Resource not found"));
    }

    FakeReply chat(const RecordedRequest& request, const QByteArray& deployment) const
    {
        rapidjson::Document doc;
        if (!parse(request, doc))
            return badJson();
        const rapidjson::Value* modelValue = member(doc, "model");
        if (deployment.isEmpty() && (!modelValue || !modelValue->IsString()))
            return invalid("you must provide a model parameter", "model");
        const QByteArray model = !deployment.isEmpty() ? deployment
                                                       : QByteArray(modelValue->GetString(),
                                                                    qsizetype(modelValue->GetStringLength()));
        const rapidjson::Value* messages = member(doc, "messages");
        if (!messages || !messages->IsArray() || messages->Empty())
            return invalid("'messages' must be a non-empty array", "messages");

        int promptTokens = 0;
        QString lastUserText;
        QStringList trailingToolTexts;
        for (const auto& message : messages->GetArray()) {
            if (!message.IsObject())
                return invalid("each message must be an object", "messages");
            const QString text = contentText(message);
            promptTokens += wordCount(text) + 3;
            const QString role = stringOf(message, "role");
            if (role == QLatin1String("tool")) {
                if (stringOf(message, "tool_call_id").isEmpty())
                    return invalid("Missing parameter 'tool_call_id': messages with role 'tool' must have a "
                                   "'tool_call_id'.",
                                   "messages");
                trailingToolTexts.append(text);
                continue;
            }
            trailingToolTexts.clear();
            if (role == QLatin1String("user"))
                lastUserText = text;
        }
        const bool endsWithToolResults = !trailingToolTexts.isEmpty();
        const QString source = endsWithToolResults ? trailingToolTexts.join(QLatin1Char(' ')) : lastUserText;

        int maxTokens = -1;
        for (const char* key : {"max_completion_tokens", "max_tokens"}) {
            const rapidjson::Value* v = member(doc, key);
            if (!v || v->IsNull())
                continue;
            if (!v->IsInt() || v->GetInt() < 1)
                return invalid(QByteArray("Invalid '") + key + "': expected an integer >= 1.", key);
            maxTokens = v->GetInt();
            break;
        }

        bool stream = false;
        if (const rapidjson::Value* v = member(doc, "stream"); v && v->IsBool())
            stream = v->GetBool();
        bool includeUsage = false;
        if (const rapidjson::Value* options = member(doc, "stream_options"); options && options->IsObject()) {
            const rapidjson::Value* usage = member(*options, "include_usage");
            includeUsage = usage && usage->IsBool() && usage->GetBool();
        }

        QList<DeclaredTool> declared;
        if (const rapidjson::Value* tools = member(doc, "tools"); tools && tools->IsArray()) {
            for (const auto& tool : tools->GetArray()) {
                const rapidjson::Value* fn = member(tool, "function");
                DeclaredTool t;
                t.name = fn ? stringOf(*fn, "name") : QString();
                if (t.name.isEmpty())
                    return invalid("tools[].function.name is required", "tools");
                if (const rapidjson::Value* parameters = member(*fn, "parameters")) {
                    if (const rapidjson::Value* required = member(*parameters, "required");
                        required && required->IsArray())
                        for (const auto& r : required->GetArray())
                            if (r.IsString())
                                t.required.append(toQString(r));
                }
                declared.append(t);
            }
        }
        ToolChoice choice = ToolChoice::Auto;
        QString forced;
        if (const rapidjson::Value* c = member(doc, "tool_choice")) {
            if (c->IsString()) {
                const QString value = toQString(*c);
                choice = value == QLatin1String("none")       ? ToolChoice::None
                         : value == QLatin1String("required") ? ToolChoice::Required
                                                              : ToolChoice::Auto;
            } else if (const rapidjson::Value* fn = member(*c, "function")) {
                forced = stringOf(*fn, "name");
                choice = ToolChoice::Forced;
            }
        }
        const rapidjson::Value* parallel = member(doc, "parallel_tool_calls");
        const bool parallelAllowed = !(parallel && parallel->IsBool() && !parallel->GetBool());
        const QString formatType =
            member(doc, "response_format") ? stringOf(doc["response_format"], "type") : QString();
        const bool jsonMode =
            formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema");

        Completion c;
        c.id = "chatcmpl-" + QByteArray::number(m_nextId());
        c.created = QDateTime::currentSecsSinceEpoch();
        c.model = model;
        c.promptTokens = promptTokens;
        c.cachedTokens = std::min(promptTokens, m_settings.cachedPromptTokens);
        c.source = source;
        c.tools = toolsToCall(declared, choice, forced, parallelAllowed, endsWithToolResults);
        if (!c.tools.isEmpty()) {
            for (int i = 0; i < c.tools.size(); ++i)
                c.toolCallIds.append("call_" + QByteArray::number(m_nextId()));
            c.finishReason = "tool_calls";
            c.completionTokens = int(c.tools.size());
        } else {
            const TextAnswer answer = textAnswer(m_settings.name, source, jsonMode, stopsOf(doc), maxTokens);
            c.words = answer.words;
            c.finishReason = answer.cutByMaxTokens ? "length" : "stop";
            c.completionTokens = int(c.words.size());
        }

        FakeReply r;
        if (!stream) {
            r.body = completionBody(c);
            return r;
        }
        r.stream = true;
        r.contentType = "text/event-stream; charset=utf-8";
        r.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-cache")));
        r.events = streamEvents(c, includeUsage);
        return r;
    }

    FakeReply embeddings(const RecordedRequest& request, const QByteArray& deployment) const
    {
        rapidjson::Document doc;
        if (!parse(request, doc))
            return badJson();
        const rapidjson::Value* modelValue = member(doc, "model");
        if (deployment.isEmpty() && (!modelValue || !modelValue->IsString()))
            return invalid("you must provide a model parameter", "model");
        const QByteArray model = !deployment.isEmpty() ? deployment
                                                       : QByteArray(modelValue->GetString(),
                                                                    qsizetype(modelValue->GetStringLength()));
        QStringList inputs;
        const rapidjson::Value* input = member(doc, "input");
        if (!input)
            return invalid("'input' is required", "input");
        if (input->IsString()) {
            inputs.append(toQString(*input));
        } else if (input->IsArray() && !input->Empty()) {
            for (const auto& item : input->GetArray()) {
                if (!item.IsString())
                    return invalid("'input' must be a string or an array of strings", "input");
                inputs.append(toQString(item));
            }
        } else {
            return invalid("'input' must be a string or a non-empty array of strings", "input");
        }
        const bool base64 = stringOf(doc, "encoding_format") == QLatin1String("base64");

        rapidjson::StringBuffer buffer;
        JsonWriter w(buffer);
        int tokens = 0;
        w.StartObject();
        writeKey(w, "object");
        w.String("list");
        writeKey(w, "data");
        w.StartArray();
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            tokens += wordCount(inputs[i]);
            const QList<float> vector = embeddingFor(inputs[i]);
            w.StartObject();
            writeKey(w, "object");
            w.String("embedding");
            writeKey(w, "index");
            w.Int(int(i));
            writeKey(w, "embedding");
            if (base64) {
                QByteArray raw;
                for (float value : vector) {
                    quint32 bits = 0;
                    std::memcpy(&bits, &value, sizeof bits);
                    for (int b = 0; b < 4; ++b)
                        raw.append(char((bits >> (8 * b)) & 0xff));
                }
                writeString(w, raw.toBase64());
            } else {
                w.StartArray();
                for (float value : vector)
                    w.Double(double(value));
                w.EndArray();
            }
            w.EndObject();
        }
        w.EndArray();
        writeKey(w, "model");
        writeString(w, model);
        writeKey(w, "usage");
        w.StartObject();
        writeKey(w, "prompt_tokens");
        w.Int(tokens);
        writeKey(w, "total_tokens");
        w.Int(tokens);
        w.EndObject();
        w.EndObject();
        FakeReply r;
        r.body = finish(buffer);
        return r;
    }

    void writeModel(JsonWriter& w, const QString& id) const
    {
        w.StartObject();
        writeKey(w, "id");
        writeString(w, id);
        writeKey(w, "object");
        w.String("model");
        writeKey(w, "created");
        w.Int64(1700000000);
        writeKey(w, "owned_by");
        writeString(w, m_settings.name);
        w.EndObject();
    }

    FakeReply models() const
    {
        rapidjson::StringBuffer buffer;
        JsonWriter w(buffer);
        w.StartObject();
        writeKey(w, "object");
        w.String("list");
        writeKey(w, "data");
        w.StartArray();
        for (const QString& id : m_settings.models)
            writeModel(w, id);
        w.EndArray();
        w.EndObject();
        FakeReply r;
        r.body = finish(buffer);
        return r;
    }

    FakeReply model(const QString& id) const
    {
        if (!m_settings.models.contains(id))
            return error(404, errorBody("The model '" + id.toUtf8() + "' does not exist",
                                        "invalid_request_error", "model", "model_not_found"));
        rapidjson::StringBuffer buffer;
        JsonWriter w(buffer);
        writeModel(w, id);
        FakeReply r;
        r.body = finish(buffer);
        return r;
    }

    const FakeProviderServer::Settings& m_settings;
    std::function<quint64()> m_nextId;
};

} // namespace

FakeOpenAiServer::FakeOpenAiServer(QString name, QObject* parent)
    : FakeProviderServer(std::move(name),
                         {QStringLiteral("gpt-4o-mini"), QStringLiteral("text-embedding-3-small")}, parent)
{
}

FakeReply FakeOpenAiServer::reply(const RecordedRequest& request, const Settings& settings)
{
    return OpenAiLogic(settings, [this] { return nextId(); }).reply(request);
}

QByteArray FakeOpenAiServer::defaultErrorBody(int status) const
{
    switch (status) {
    case 400:
        return errorBody("Bad request.", "invalid_request_error", nullptr, nullptr);
    case 401:
        return errorBody("Incorrect API key provided.", "invalid_request_error", nullptr, "invalid_api_key");
    case 403:
        return errorBody("You are not allowed to sample from this model.", "invalid_request_error", nullptr,
                         nullptr);
    case 404:
        return errorBody("The model does not exist or you do not have access to it.", "invalid_request_error",
                         nullptr, "model_not_found");
    case 408:
        return errorBody("Request timed out.", "timeout", nullptr, nullptr);
    case 429:
        return errorBody("Rate limit reached for requests.", "requests", nullptr, "rate_limit_exceeded");
    case 503:
        return errorBody("The server is overloaded or not ready yet.", "server_error", nullptr, nullptr);
    default:
        break;
    }
    if (status >= 500)
        return errorBody("The server had an error while processing your request.", "server_error", nullptr,
                         nullptr);
    return errorBody("The request failed.", "invalid_request_error", nullptr, nullptr);
}

QByteArray FakeOpenAiServer::badRequestBody(const QByteArray& message) const
{
    return errorBody(message, "invalid_request_error", nullptr, nullptr);
}

QByteArray FakeOpenAiServer::streamErrorEvent() const
{
    return "data: " +
           errorBody("The server had an error while processing your request.", "server_error", nullptr,
                     nullptr) +
           "\n\n";
}

} // namespace tollgate::testing

#include "fakeopenaiserver.h"

#include <QDateTime>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sys/socket.h>

#include <cstring>
#include <functional>

namespace tollgate::testing {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 32 * 1024 * 1024;
// Pause between the last bytes written and a reset, so the peer has read them when the RST lands.
constexpr int kResetGraceMs = 30;

QStringList splitWords(QStringView text)
{
    QStringList words;
    qsizetype start = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isSpace()) {
            if (start >= 0) {
                words.append(text.mid(start, i - start).toString());
                start = -1;
            }
        } else if (start < 0) {
            start = i;
        }
    }
    if (start >= 0)
        words.append(text.mid(start).toString());
    return words;
}

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

QByteArray defaultErrorBody(int status)
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

const char* reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

// Text of a chat message's content: a string, or the "text" parts of an array joined by spaces.
QString contentText(const rapidjson::Value& message)
{
    if (!message.IsObject())
        return {};
    auto it = message.FindMember("content");
    if (it == message.MemberEnd())
        return {};
    const rapidjson::Value& content = it->value;
    if (content.IsString())
        return QString::fromUtf8(content.GetString(), qsizetype(content.GetStringLength()));
    if (!content.IsArray())
        return {};
    QStringList parts;
    for (const auto& part : content.GetArray()) {
        if (!part.IsObject())
            continue;
        auto type = part.FindMember("type");
        auto text = part.FindMember("text");
        if (type != part.MemberEnd() && type->value.IsString() &&
            std::strcmp(type->value.GetString(), "text") == 0 && text != part.MemberEnd() &&
            text->value.IsString())
            parts.append(
                QString::fromUtf8(text->value.GetString(), qsizetype(text->value.GetStringLength())));
    }
    return parts.join(QLatin1Char(' '));
}

quint64 fnv1a64(const QByteArray& bytes)
{
    quint64 hash = 14695981039346656037ull;
    for (char c : bytes) {
        hash ^= quint64(quint8(c));
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace

// ------------------------------------------------------------------------------------------------

FakeBehaviour FakeBehaviour::statusCode(int code, int retryAfterSeconds, QByteArray body)
{
    FakeBehaviour b;
    b.kind = Kind::Status;
    b.status = code;
    b.retryAfterSeconds = retryAfterSeconds;
    b.body = std::move(body);
    return b;
}

FakeBehaviour FakeBehaviour::hang()
{
    FakeBehaviour b;
    b.kind = Kind::Hang;
    return b;
}

FakeBehaviour FakeBehaviour::resetBeforeResponse()
{
    FakeBehaviour b;
    b.kind = Kind::ResetBeforeResponse;
    return b;
}

FakeBehaviour FakeBehaviour::resetMidStream(int afterEvents)
{
    FakeBehaviour b;
    b.kind = Kind::ResetMidStream;
    b.afterEvents = afterEvents;
    return b;
}

FakeBehaviour FakeBehaviour::slowFirstByte(int ms)
{
    FakeBehaviour b;
    b.kind = Kind::SlowFirstByte;
    b.delayMs = ms;
    return b;
}

FakeBehaviour FakeBehaviour::eventDelay(int ms)
{
    FakeBehaviour b;
    b.kind = Kind::EventDelay;
    b.delayMs = ms;
    return b;
}

FakeBehaviour FakeBehaviour::garbage()
{
    FakeBehaviour b;
    b.kind = Kind::Garbage;
    return b;
}

QByteArray RecordedRequest::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// ------------------------------------------------------------------------------------------------

// A response ready to send: either a plain body or a list of SSE events.
struct FakeReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool stream = false;
    QList<QByteArray> events; // complete "data: ...\n\n" events
};

// Builds replies for the OpenAI endpoints. Pure functions of the request and the settings.
class FakeOpenAiLogic
{
public:
    FakeOpenAiLogic(const FakeOpenAiServer::Settings& settings, std::function<quint64()> nextId)
        : m_settings(settings), m_nextId(std::move(nextId))
    {
    }

    FakeReply reply(const RecordedRequest& request) const
    {
        if (!m_settings.apiKey.isEmpty()) {
            if (request.header("authorization") != "Bearer " + m_settings.apiKey)
                return error(401, errorBody("Incorrect API key provided.", "invalid_request_error", nullptr,
                                            "invalid_api_key"));
        }
        if (request.method == "POST" && request.path == "/v1/chat/completions")
            return chat(request);
        if (request.method == "POST" && request.path == "/v1/embeddings")
            return embeddings(request);
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

    FakeReply chat(const RecordedRequest& request) const
    {
        rapidjson::Document doc;
        if (!parse(request, doc))
            return badJson();
        auto modelIt = doc.FindMember("model");
        if (modelIt == doc.MemberEnd() || !modelIt->value.IsString())
            return invalid("you must provide a model parameter", "model");
        const QByteArray model(modelIt->value.GetString(), qsizetype(modelIt->value.GetStringLength()));
        auto messagesIt = doc.FindMember("messages");
        if (messagesIt == doc.MemberEnd() || !messagesIt->value.IsArray() || messagesIt->value.Empty())
            return invalid("'messages' must be a non-empty array", "messages");

        int promptTokens = 0;
        QString lastUserText;
        for (const auto& message : messagesIt->value.GetArray()) {
            if (!message.IsObject())
                return invalid("each message must be an object", "messages");
            const QString text = contentText(message);
            promptTokens += FakeOpenAiServer::wordCount(text) + 3;
            auto role = message.FindMember("role");
            if (role != message.MemberEnd() && role->value.IsString() &&
                std::strcmp(role->value.GetString(), "user") == 0)
                lastUserText = text;
        }

        int maxTokens = -1;
        for (const char* key : {"max_completion_tokens", "max_tokens"}) {
            auto it = doc.FindMember(key);
            if (it == doc.MemberEnd() || it->value.IsNull())
                continue;
            if (!it->value.IsInt() || it->value.GetInt() < 1)
                return invalid(QByteArray("Invalid '") + key + "': expected an integer >= 1.", key);
            maxTokens = it->value.GetInt();
            break;
        }

        bool stream = false;
        if (auto it = doc.FindMember("stream"); it != doc.MemberEnd() && it->value.IsBool())
            stream = it->value.GetBool();
        bool includeUsage = false;
        if (auto it = doc.FindMember("stream_options"); it != doc.MemberEnd() && it->value.IsObject()) {
            auto usage = it->value.FindMember("include_usage");
            includeUsage = usage != it->value.MemberEnd() && usage->value.IsBool() && usage->value.GetBool();
        }

        QByteArray toolName;
        if (auto tools = doc.FindMember("tools");
            tools != doc.MemberEnd() && tools->value.IsArray() && !tools->value.Empty()) {
            bool toolsOff = false;
            QByteArray forced;
            if (auto choice = doc.FindMember("tool_choice"); choice != doc.MemberEnd()) {
                if (choice->value.IsString())
                    toolsOff = std::strcmp(choice->value.GetString(), "none") == 0;
                else if (choice->value.IsObject()) {
                    auto fn = choice->value.FindMember("function");
                    if (fn != choice->value.MemberEnd() && fn->value.IsObject()) {
                        auto name = fn->value.FindMember("name");
                        if (name != fn->value.MemberEnd() && name->value.IsString())
                            forced = name->value.GetString();
                    }
                }
            }
            if (!toolsOff) {
                toolName = forced;
                const auto& first = tools->value[0];
                if (toolName.isEmpty() && first.IsObject()) {
                    auto fn = first.FindMember("function");
                    if (fn != first.MemberEnd() && fn->value.IsObject()) {
                        auto name = fn->value.FindMember("name");
                        if (name != fn->value.MemberEnd() && name->value.IsString())
                            toolName = name->value.GetString();
                    }
                }
                if (toolName.isEmpty())
                    return invalid("tools[0].function.name is required", "tools");
            }
        }

        Completion c;
        c.id = "chatcmpl-" + QByteArray::number(m_nextId());
        c.created = QDateTime::currentSecsSinceEpoch();
        c.model = model;
        c.promptTokens = promptTokens;
        if (!toolName.isEmpty()) {
            c.toolName = toolName;
            c.toolCallId = "call_" + QByteArray::number(m_nextId());
            c.finishReason = "tool_calls";
            c.completionTokens = 1;
        } else {
            QStringList words = splitWords(FakeOpenAiServer::replyText(m_settings.name, lastUserText));
            c.finishReason = "stop";
            if (maxTokens >= 0 && words.size() > maxTokens) {
                words = words.mid(0, maxTokens);
                c.finishReason = "length";
            }
            c.words = words;
            c.completionTokens = int(words.size());
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

    struct Completion
    {
        QByteArray id;
        qint64 created = 0;
        QByteArray model;
        QStringList words;
        QByteArray toolName;
        QByteArray toolCallId;
        const char* finishReason = "stop";
        int promptTokens = 0;
        int completionTokens = 0;
    };

    static void writeUsage(JsonWriter& w, const Completion& c)
    {
        w.StartObject();
        writeKey(w, "prompt_tokens");
        w.Int(c.promptTokens);
        writeKey(w, "completion_tokens");
        w.Int(c.completionTokens);
        writeKey(w, "total_tokens");
        w.Int(c.promptTokens + c.completionTokens);
        w.EndObject();
    }

    static void writeHead(JsonWriter& w, const Completion& c, const char* object)
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

    static QByteArray completionBody(const Completion& c)
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
        if (c.toolName.isEmpty()) {
            writeString(w, c.words.join(QLatin1Char(' ')));
        } else {
            w.Null();
            writeKey(w, "tool_calls");
            w.StartArray();
            w.StartObject();
            writeKey(w, "id");
            writeString(w, c.toolCallId);
            writeKey(w, "type");
            w.String("function");
            writeKey(w, "function");
            w.StartObject();
            writeKey(w, "name");
            writeString(w, c.toolName);
            writeKey(w, "arguments");
            w.String("{}");
            w.EndObject();
            w.EndObject();
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
    static QByteArray chunk(const Completion& c, bool includeUsage,
                            const std::function<void(JsonWriter&)>& delta, const char* finishReason)
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

    static QList<QByteArray> streamEvents(const Completion& c, bool includeUsage)
    {
        QList<QByteArray> events;
        if (c.toolName.isEmpty()) {
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
            events.append(chunk(
                c, includeUsage,
                [&c](JsonWriter& w) {
                    writeKey(w, "role");
                    w.String("assistant");
                    writeKey(w, "content");
                    w.Null();
                    writeKey(w, "tool_calls");
                    w.StartArray();
                    w.StartObject();
                    writeKey(w, "index");
                    w.Int(0);
                    writeKey(w, "id");
                    writeString(w, c.toolCallId);
                    writeKey(w, "type");
                    w.String("function");
                    writeKey(w, "function");
                    w.StartObject();
                    writeKey(w, "name");
                    writeString(w, c.toolName);
                    writeKey(w, "arguments");
                    w.String("");
                    w.EndObject();
                    w.EndObject();
                    w.EndArray();
                },
                nullptr));
            events.append(chunk(
                c, includeUsage,
                [](JsonWriter& w) {
                    writeKey(w, "tool_calls");
                    w.StartArray();
                    w.StartObject();
                    writeKey(w, "index");
                    w.Int(0);
                    writeKey(w, "function");
                    w.StartObject();
                    writeKey(w, "arguments");
                    w.String("{}");
                    w.EndObject();
                    w.EndObject();
                    w.EndArray();
                },
                nullptr));
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

    FakeReply embeddings(const RecordedRequest& request) const
    {
        rapidjson::Document doc;
        if (!parse(request, doc))
            return badJson();
        auto modelIt = doc.FindMember("model");
        if (modelIt == doc.MemberEnd() || !modelIt->value.IsString())
            return invalid("you must provide a model parameter", "model");
        QStringList inputs;
        auto input = doc.FindMember("input");
        if (input == doc.MemberEnd())
            return invalid("'input' is required", "input");
        if (input->value.IsString()) {
            inputs.append(
                QString::fromUtf8(input->value.GetString(), qsizetype(input->value.GetStringLength())));
        } else if (input->value.IsArray() && !input->value.Empty()) {
            for (const auto& item : input->value.GetArray()) {
                if (!item.IsString())
                    return invalid("'input' must be a string or an array of strings", "input");
                inputs.append(QString::fromUtf8(item.GetString(), qsizetype(item.GetStringLength())));
            }
        } else {
            return invalid("'input' must be a string or a non-empty array of strings", "input");
        }
        bool base64 = false;
        if (auto format = doc.FindMember("encoding_format");
            format != doc.MemberEnd() && format->value.IsString())
            base64 = std::strcmp(format->value.GetString(), "base64") == 0;

        rapidjson::StringBuffer buffer;
        JsonWriter w(buffer);
        int tokens = 0;
        w.StartObject();
        writeKey(w, "object");
        w.String("list");
        writeKey(w, "data");
        w.StartArray();
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            tokens += FakeOpenAiServer::wordCount(inputs[i]);
            const QList<float> vector = FakeOpenAiServer::embeddingFor(inputs[i]);
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
        w.String(modelIt->value.GetString(), modelIt->value.GetStringLength(), true);
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

    const FakeOpenAiServer::Settings& m_settings;
    std::function<quint64()> m_nextId;
};

// ------------------------------------------------------------------------------------------------

// One accepted connection. HTTP/1.1 with keep-alive; requests are answered one at a time, in order.
class FakeConnection : public QObject
{
public:
    FakeConnection(FakeOpenAiServer* server, QTcpSocket* socket)
        : QObject(server), m_server(server), m_socket(socket)
    {
        m_socket->setParent(this);
        m_timer.setSingleShot(true);
        connect(m_socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &FakeConnection::onDisconnected);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_onTimer) {
                auto step = std::move(m_onTimer);
                m_onTimer = nullptr;
                step();
            }
        });
    }

private:
    enum class Parse
    {
        NeedMore,
        Done,
        Bad
    };

    void onReadyRead()
    {
        m_in += m_socket->readAll();
        if (!m_busy)
            processBuffered();
    }

    void onDisconnected()
    {
        if (m_closed)
            return;
        m_closed = true;
        m_timer.stop();
        m_onTimer = nullptr;
        if (m_busy) {
            m_busy = false;
            m_server->noteAbandoned();
        }
        m_server->noteConnectionClosed();
        deleteLater();
    }

    void processBuffered()
    {
        if (m_processing)
            return; // the loop below picks up the next request
        m_processing = true;
        processLoop();
        m_processing = false;
    }

    void processLoop()
    {
        while (!m_busy && !m_closed && !m_in.isEmpty()) {
            RecordedRequest request;
            bool keepAlive = true;
            QByteArray problem;
            const Parse result = parse(request, keepAlive, problem);
            if (result == Parse::NeedMore)
                return;
            if (result == Parse::Bad) {
                m_busy = true;
                m_keepAlive = false;
                FakeReply reply;
                reply.status = 400;
                reply.body = errorBody(problem, "invalid_request_error", nullptr, nullptr);
                send(reply, 0, -1);
                return;
            }
            m_keepAlive = keepAlive;
            handle(std::move(request));
        }
    }

    Parse parse(RecordedRequest& request, bool& keepAlive, QByteArray& problem)
    {
        const qsizetype headerEnd = m_in.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (m_in.size() > kMaxHeaderBytes) {
                problem = "Request header too large.";
                return Parse::Bad;
            }
            return Parse::NeedMore;
        }
        const QList<QByteArray> lines = m_in.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            problem = "Malformed request line.";
            return Parse::Bad;
        }
        request.method = requestLine[0];
        request.target = requestLine[1];
        const qsizetype query = request.target.indexOf('?');
        request.path = query < 0 ? request.target : request.target.left(query);
        const bool http10 = requestLine[2] == "HTTP/1.0";
        keepAlive = !http10;
        qint64 contentLength = 0;
        bool chunked = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            if (line.isEmpty())
                continue;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                problem = "Malformed header line.";
                return Parse::Bad;
            }
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append(qMakePair(name, value));
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                bool ok = false;
                contentLength = value.toLongLong(&ok);
                if (!ok || contentLength < 0 || contentLength > kMaxBodyBytes) {
                    problem = "Invalid Content-Length.";
                    return Parse::Bad;
                }
            } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                chunked = value.toLower().contains("chunked");
            } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
                const QByteArray lower = value.toLower();
                if (lower.contains("close"))
                    keepAlive = false;
                else if (lower.contains("keep-alive"))
                    keepAlive = true;
            }
        }

        const qsizetype bodyStart = headerEnd + 4;
        if (!chunked) {
            if (m_in.size() - bodyStart < contentLength)
                return Parse::NeedMore;
            request.body = m_in.mid(bodyStart, contentLength);
            m_in.remove(0, bodyStart + contentLength);
            return Parse::Done;
        }

        qsizetype pos = bodyStart;
        QByteArray body;
        for (;;) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return Parse::NeedMore;
            QByteArray sizeField = m_in.mid(pos, lineEnd - pos);
            if (const qsizetype semicolon = sizeField.indexOf(';'); semicolon >= 0)
                sizeField.truncate(semicolon);
            bool ok = false;
            const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || body.size() + size > kMaxBodyBytes) {
                problem = "Invalid chunk size.";
                return Parse::Bad;
            }
            pos = lineEnd + 2;
            if (size == 0) {
                // Trailer fields, then an empty line.
                for (;;) {
                    const qsizetype end = m_in.indexOf("\r\n", pos);
                    if (end < 0)
                        return Parse::NeedMore;
                    const bool last = end == pos;
                    pos = end + 2;
                    if (last)
                        break;
                }
                request.body = body;
                m_in.remove(0, pos);
                return Parse::Done;
            }
            if (m_in.size() < pos + size + 2)
                return Parse::NeedMore;
            body.append(m_in.constData() + pos, size);
            pos += size;
            if (m_in.mid(pos, 2) != "\r\n") {
                problem = "Malformed chunk.";
                return Parse::Bad;
            }
            pos += 2;
        }
    }

    void handle(RecordedRequest request)
    {
        m_busy = true;
        m_server->record(request);
        const FakeBehaviour behaviour = m_server->takeBehaviour();
        using Kind = FakeBehaviour::Kind;
        switch (behaviour.kind) {
        case Kind::Hang:
            return; // busy forever; a disconnect counts as an abandoned response
        case Kind::ResetBeforeResponse:
            reset();
            return;
        case Kind::Status: {
            FakeReply reply;
            reply.status = behaviour.status;
            reply.body = behaviour.body.isEmpty() ? defaultErrorBody(behaviour.status) : behaviour.body;
            if (behaviour.retryAfterSeconds >= 0)
                reply.headers.append(
                    qMakePair(QByteArray("Retry-After"), QByteArray::number(behaviour.retryAfterSeconds)));
            send(reply, 0, -1);
            return;
        }
        case Kind::Garbage: {
            FakeReply reply;
            reply.body = "<html><body>502 upstream hiccup, not JSON {";
            send(reply, 0, -1);
            return;
        }
        default:
            break;
        }

        const FakeOpenAiServer::Settings settings = m_server->settings();
        FakeOpenAiLogic logic(settings, [server = m_server] { return server->nextId(); });
        FakeReply reply = logic.reply(request);
        const int eventDelay = behaviour.kind == Kind::EventDelay ? behaviour.delayMs : settings.eventDelayMs;
        const int resetAfter =
            behaviour.kind == Kind::ResetMidStream ? std::max(0, behaviour.afterEvents) : -1;
        if (behaviour.kind == Kind::SlowFirstByte) {
            later(behaviour.delayMs, [this, reply, eventDelay] { send(reply, eventDelay, -1); });
            return;
        }
        send(reply, eventDelay, resetAfter);
    }

    void later(int ms, std::function<void()> step)
    {
        m_onTimer = std::move(step);
        m_timer.start(std::max(0, ms));
    }

    // resetAfter >= 0: for a stream, reset after that many events; for a plain body, reset after
    // half of it.
    void send(const FakeReply& reply, int eventDelayMs, int resetAfter)
    {
        QByteArray head =
            "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
        head += "Content-Type: " + reply.contentType + "\r\n";
        for (const auto& [name, value] : reply.headers)
            head += name + ": " + value + "\r\n";
        head += m_keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
        if (!reply.stream) {
            head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
            if (resetAfter >= 0) {
                m_socket->write(head + reply.body.left(reply.body.size() / 2));
                m_socket->flush();
                later(kResetGraceMs, [this] { reset(); });
                return;
            }
            m_socket->write(head + reply.body);
            m_socket->flush();
            responseDone();
            return;
        }
        head += "Transfer-Encoding: chunked\r\n\r\n";
        m_socket->write(head);
        m_socket->flush();
        m_events = reply.events;
        m_nextEvent = 0;
        m_eventDelayMs = eventDelayMs;
        m_resetAfterEvents = resetAfter;
        sendNextEvent();
    }

    void sendNextEvent()
    {
        if (m_closed)
            return;
        if (m_resetAfterEvents >= 0 && m_nextEvent >= m_resetAfterEvents) {
            later(kResetGraceMs, [this] { reset(); });
            return;
        }
        if (m_nextEvent >= m_events.size()) {
            m_socket->write("0\r\n\r\n");
            m_socket->flush();
            m_events.clear();
            responseDone();
            return;
        }
        // Each event is its own chunk and its own write, like a provider generating tokens.
        const QByteArray& event = m_events[m_nextEvent++];
        m_socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        m_socket->flush();
        if (m_eventDelayMs > 0)
            later(m_eventDelayMs, [this] { sendNextEvent(); });
        else
            QTimer::singleShot(0, this, [this] { sendNextEvent(); });
    }

    void responseDone()
    {
        m_busy = false;
        m_server->noteCompleted();
        if (!m_keepAlive) {
            m_socket->disconnectFromHost();
            return;
        }
        processBuffered();
    }

    // A TCP RST instead of an orderly close: linger with a zero timeout, then close.
    void reset()
    {
        m_busy = false;
        m_timer.stop();
        m_onTimer = nullptr;
        const qintptr fd = m_socket->socketDescriptor();
        if (fd >= 0) {
            struct linger option = {1, 0};
            ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &option, sizeof option);
        }
        m_socket->abort();
        if (!m_closed) {
            m_closed = true;
            m_server->noteConnectionClosed();
            deleteLater();
        }
    }

    FakeOpenAiServer* m_server;
    QTcpSocket* m_socket;
    QByteArray m_in;
    QTimer m_timer;
    std::function<void()> m_onTimer;
    bool m_busy = false; // a request is being answered (or hangs)
    bool m_keepAlive = true;
    bool m_closed = false;
    bool m_processing = false;
    QList<QByteArray> m_events;
    qsizetype m_nextEvent = 0;
    int m_eventDelayMs = 0;
    int m_resetAfterEvents = -1;
};

// ------------------------------------------------------------------------------------------------

FakeOpenAiServer::FakeOpenAiServer(QString name, QObject* parent)
    : QObject(parent), m_server(new QTcpServer(this))
{
    m_settings.name = std::move(name);
    m_settings.models = {QStringLiteral("gpt-4o-mini"), QStringLiteral("text-embedding-3-small")};
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            ++m_connectionCount;
            ++m_openConnections;
            new FakeConnection(this, socket);
        }
    });
}

FakeOpenAiServer::~FakeOpenAiServer() = default;

bool FakeOpenAiServer::listen(const QHostAddress& address, quint16 port)
{
    m_server->setMaxPendingConnections(1024);
    return m_server->listen(address, port);
}

quint16 FakeOpenAiServer::port() const
{
    return m_server->serverPort();
}

QString FakeOpenAiServer::name() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings.name;
}

QString FakeOpenAiServer::baseUrl() const
{
    QHostAddress address = m_server->serverAddress();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

void FakeOpenAiServer::setApiKey(const QByteArray& key)
{
    QMutexLocker lock(&m_mutex);
    m_settings.apiKey = key;
}

void FakeOpenAiServer::setModels(const QStringList& models)
{
    QMutexLocker lock(&m_mutex);
    m_settings.models = models;
}

void FakeOpenAiServer::setEventDelayMs(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_settings.eventDelayMs = ms;
}

void FakeOpenAiServer::setDefaultBehaviour(const FakeBehaviour& behaviour)
{
    QMutexLocker lock(&m_mutex);
    m_defaultBehaviour = behaviour;
}

void FakeOpenAiServer::enqueueBehaviour(const FakeBehaviour& behaviour)
{
    QMutexLocker lock(&m_mutex);
    m_oneShot.push_back(behaviour);
}

void FakeOpenAiServer::clearBehaviours()
{
    QMutexLocker lock(&m_mutex);
    m_oneShot.clear();
    m_defaultBehaviour = FakeBehaviour::normal();
}

QList<RecordedRequest> FakeOpenAiServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

RecordedRequest FakeOpenAiServer::lastRequest() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests.isEmpty() ? RecordedRequest{} : m_requests.last();
}

void FakeOpenAiServer::resetRecords()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
    m_requestCount = 0;
    m_connectionCount = 0;
    m_abandoned = 0;
    m_completed = 0;
}

FakeBehaviour FakeOpenAiServer::takeBehaviour()
{
    QMutexLocker lock(&m_mutex);
    if (m_oneShot.empty())
        return m_defaultBehaviour;
    FakeBehaviour next = m_oneShot.front();
    m_oneShot.pop_front();
    return next;
}

FakeOpenAiServer::Settings FakeOpenAiServer::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

void FakeOpenAiServer::record(RecordedRequest request)
{
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(std::move(request));
        ++m_requestCount;
    }
    Q_EMIT requestReceived();
}

void FakeOpenAiServer::noteAbandoned()
{
    ++m_abandoned;
    Q_EMIT clientWentAway();
}

QString FakeOpenAiServer::replyText(const QString& serverName, const QString& lastUserText)
{
    return splitWords(QString(serverName + QStringLiteral(" says: ") + lastUserText)).join(QLatin1Char(' '));
}

int FakeOpenAiServer::wordCount(QStringView text)
{
    int count = 0;
    bool inWord = false;
    for (QChar c : text) {
        if (c.isSpace()) {
            inWord = false;
        } else if (!inWord) {
            inWord = true;
            ++count;
        }
    }
    return count;
}

QList<float> FakeOpenAiServer::embeddingFor(const QString& input)
{
    const quint64 hash = fnv1a64(input.toUtf8());
    QList<float> values;
    values.reserve(8);
    for (int k = 0; k < 8; ++k)
        values.append(float(double((hash >> (8 * k)) & 0xff) / 127.5 - 1.0));
    return values;
}

} // namespace tollgate::testing

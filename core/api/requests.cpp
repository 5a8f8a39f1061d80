#include "api/requests.h"

#include "api/json.h"
#include "common/utf8.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace tollgate::api {
namespace {

using rapidjson::Value;

enum class Kind { String, Bool, Number, Integer, Object, Array, StringOrArray, StringOrObject };

struct FieldRule
{
    std::string_view name;
    Kind kind;
};

// Fields whose type the gateway checks. Everything else passes through as sent.
constexpr std::array kChatRules{
    FieldRule{"stream", Kind::Bool},
    FieldRule{"stream_options", Kind::Object},
    FieldRule{"temperature", Kind::Number},
    FieldRule{"top_p", Kind::Number},
    FieldRule{"n", Kind::Integer},
    FieldRule{"max_tokens", Kind::Integer},
    FieldRule{"max_completion_tokens", Kind::Integer},
    FieldRule{"presence_penalty", Kind::Number},
    FieldRule{"frequency_penalty", Kind::Number},
    FieldRule{"seed", Kind::Integer},
    FieldRule{"user", Kind::String},
    FieldRule{"stop", Kind::StringOrArray},
    FieldRule{"tools", Kind::Array},
    FieldRule{"tool_choice", Kind::StringOrObject},
    FieldRule{"parallel_tool_calls", Kind::Bool},
    FieldRule{"response_format", Kind::Object},
    FieldRule{"logprobs", Kind::Bool},
    FieldRule{"top_logprobs", Kind::Integer},
    FieldRule{"logit_bias", Kind::Object},
    FieldRule{"metadata", Kind::Object},
};

const char* kindName(Kind kind)
{
    switch (kind) {
    case Kind::String: return "a string";
    case Kind::Bool: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::Integer: return "an integer";
    case Kind::Object: return "an object";
    case Kind::Array: return "an array";
    case Kind::StringOrArray: return "a string or an array";
    case Kind::StringOrObject: return "a string or an object";
    }
    return "?";
}

bool hasKind(const Value& v, Kind kind)
{
    switch (kind) {
    case Kind::String: return v.IsString();
    case Kind::Bool: return v.IsBool();
    case Kind::Number: return v.IsNumber();
    case Kind::Integer: return v.IsInt64();
    case Kind::Object: return v.IsObject();
    case Kind::Array: return v.IsArray();
    case Kind::StringOrArray: return v.IsString() || v.IsArray();
    case Kind::StringOrObject: return v.IsString() || v.IsObject();
    }
    return false;
}

ApiError wrongType(const QByteArray& name, const char* expected)
{
    return ApiError::invalidRequest(
        QStringLiteral("Invalid type for '%1': expected %2.").arg(QString::fromUtf8(name), QLatin1String(expected)),
        name, "invalid_type");
}

std::optional<ApiError> parseObject(const QByteArray& body, JsonBody& json)
{
    if (body.isEmpty())
        return ApiError::invalidRequest(QStringLiteral("The request body is empty; expected a JSON object."),
                                        {}, "invalid_json");
    // UTF-8 is checked over the whole body up front (cheaper than rapidjson's per-character check,
    // and it also catches invalid bytes outside strings).
    if (!isValidUtf8(body.constData(), size_t(body.size())))
        return ApiError::invalidRequest(QStringLiteral("The request body is not valid UTF-8."), {},
                                        "invalid_encoding");
    // JSON never holds a raw NUL; in-place parsing would stop at one and ignore the rest.
    if (std::memchr(body.constData(), 0, size_t(body.size())) != nullptr)
        return ApiError::invalidRequest(QStringLiteral("The request body is not valid JSON: it contains a NUL byte."),
                                        {}, "invalid_json");
    json.parse(body);
    const rapidjson::Document& doc = *json;
    if (doc.HasParseError()) {
        return ApiError::invalidRequest(
            QStringLiteral("The request body is not valid JSON: %1").arg(parseErrorMessage(doc)), {}, "invalid_json");
    }
    if (!doc.IsObject())
        return ApiError::invalidRequest(QStringLiteral("The request body must be a JSON object."), {},
                                        "invalid_json");
    return std::nullopt;
}

std::optional<ApiError> readModel(const rapidjson::Document& doc, QString& model)
{
    const Value* v = member(doc, "model");
    if (!v)
        return ApiError::invalidRequest(QStringLiteral("Missing required parameter: 'model'."), "model",
                                        "missing_required_parameter");
    if (!v->IsString())
        return wrongType("model", "a string");
    if (v->GetStringLength() == 0)
        return ApiError::invalidRequest(QStringLiteral("'model' must not be empty."), "model", "invalid_value");
    model = QString::fromUtf8(v->GetString(), qsizetype(v->GetStringLength()));
    return std::nullopt;
}

std::optional<ApiError> checkMessages(const Value& messages)
{
    if (!messages.IsArray())
        return wrongType("messages", "an array");
    if (messages.Empty())
        return ApiError::invalidRequest(QStringLiteral("'messages' must contain at least one message."),
                                        "messages", "invalid_value");
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const Value& m = messages[i];
        // Named only when something is wrong: most requests carry many messages and no error.
        const auto where = [i] { return "messages[" + QByteArray::number(i) + "]"; };
        if (!m.IsObject())
            return ApiError::invalidRequest(QStringLiteral("Invalid type for '%1': expected an object.")
                                                .arg(QString::fromLatin1(where())),
                                            where(), "invalid_type");
        const Value* role = member(m, "role");
        if (!role)
            return ApiError::invalidRequest(
                QStringLiteral("Missing required parameter: '%1.role'.").arg(QString::fromLatin1(where())),
                where() + ".role", "missing_required_parameter");
        if (!role->IsString())
            return wrongType(where() + ".role", "a string");
        const std::string_view r = view(*role);
        if (r != "system" && r != "user" && r != "assistant" && r != "tool" && r != "developer" && r != "function")
            return ApiError::invalidRequest(
                QStringLiteral("Invalid value for '%1.role': '%2'. Supported values are: 'system', 'developer', "
                               "'user', 'assistant', 'tool' and 'function'.")
                    .arg(QString::fromLatin1(where()), QString::fromUtf8(r.data(), qsizetype(r.size()))),
                where() + ".role", "invalid_value");
        const Value* content = member(m, "content");
        if (content && !(content->IsString() || content->IsArray() || content->IsNull()))
            return wrongType(where() + ".content", "a string, an array of content parts or null");
        if (!content && r != "assistant")
            return ApiError::invalidRequest(
                QStringLiteral("Missing required parameter: '%1.content'.").arg(QString::fromLatin1(where())),
                where() + ".content", "missing_required_parameter");
    }
    return std::nullopt;
}

void setMember(rapidjson::Document& doc, Value& object, std::string_view name, Value value)
{
    auto& alloc = doc.GetAllocator();
    const auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    if (it != object.MemberEnd())
        it->value = std::move(value);
    else
        object.AddMember(Value(name.data(), rapidjson::SizeType(name.size()), alloc), std::move(value), alloc);
}

void setModel(rapidjson::Document& doc, const QString& model)
{
    const QByteArray utf8 = model.toUtf8();
    setMember(doc, doc, "model", Value(utf8.constData(), rapidjson::SizeType(utf8.size()), doc.GetAllocator()));
}

} // namespace

JsonBody::JsonBody(size_t expectedBytes)
    : m_pool(std::make_unique<rapidjson::MemoryPoolAllocator<>>(std::max<size_t>(4096, expectedBytes))),
      m_document(std::make_unique<rapidjson::Document>(m_pool.get()))
{
}

void JsonBody::parse(const QByteArray& text)
{
    m_source = text;
    m_text = QByteArray(text.constData(), text.size()); // our own, writable, NUL-terminated copy
    m_document->ParseInsitu<rapidjson::kParseFullPrecisionFlag>(m_text.data());
}

std::pair<qsizetype, qsizetype> JsonBody::sourceSpan(const rapidjson::Value& string) const
{
    // Parsed in place, a string's characters start where they stood in the text; unescaping
    // only ever shortens a string within its own span, so later offsets hold too.
    const char* text = m_text.constData();
    const char* chars = string.GetString();
    const qsizetype length = qsizetype(string.GetStringLength());
    if (chars < text || chars >= text + m_text.size())
        return {-1, 0}; // not from the text (set later)
    const qsizetype offset = chars - text;
    if (offset < 1 || offset + length >= m_source.size() || m_source[offset - 1] != '"' || m_source[offset + length] != '"'
        || std::memcmp(m_source.constData() + offset, chars, size_t(length)) != 0)
        return {-1, 0}; // escaped characters: not verbatim
    return {offset - 1, length + 2};
}

Decoded<ChatRequest> decodeChatRequest(const QByteArray& body)
{
    ChatRequest request{JsonBody(size_t(body.size()))};
    request.bodyBytes = body.size();
    if (auto error = parseObject(body, request.body))
        return *error;
    const rapidjson::Document& doc = *request.body;
    if (auto error = readModel(doc, request.model))
        return *error;
    const Value* messages = member(doc, "messages");
    if (!messages)
        return ApiError::invalidRequest(QStringLiteral("Missing required parameter: 'messages'."), "messages",
                                        "missing_required_parameter");
    if (auto error = checkMessages(*messages))
        return *error;
    for (const FieldRule& rule : kChatRules) {
        const Value* v = member(doc, rule.name);
        if (v && !v->IsNull() && !hasKind(*v, rule.kind))
            return wrongType(QByteArray(rule.name.data(), qsizetype(rule.name.size())), kindName(rule.kind));
    }
    if (const Value* stream = member(doc, "stream"); stream && stream->IsBool())
        request.stream = stream->GetBool();
    if (const Value* options = member(doc, "stream_options"); options && options->IsObject()) {
        const Value* usage = member(*options, "include_usage");
        if (usage && !usage->IsBool())
            return wrongType("stream_options.include_usage", "a boolean");
        request.clientWantsUsage = usage && usage->GetBool();
    }
    for (std::string_view field : {"max_completion_tokens", "max_tokens"}) {
        if (auto v = memberInt(doc, field)) {
            if (*v < 1)
                return ApiError::invalidRequest(
                    QStringLiteral("Invalid value for '%1': must be at least 1.").arg(QLatin1String(field.data())),
                    QByteArray(field.data()), "invalid_value");
            if (!request.maxTokens)
                request.maxTokens = *v;
        }
    }
    return request;
}

Decoded<EmbeddingsRequest> decodeEmbeddingsRequest(const QByteArray& body)
{
    EmbeddingsRequest request{JsonBody(size_t(body.size()))};
    if (auto error = parseObject(body, request.body))
        return *error;
    const rapidjson::Document& doc = *request.body;
    if (auto error = readModel(doc, request.model))
        return *error;
    const Value* input = member(doc, "input");
    if (!input)
        return ApiError::invalidRequest(QStringLiteral("Missing required parameter: 'input'."), "input",
                                        "missing_required_parameter");
    if (input->IsString()) {
        request.inputCount = 1;
    } else if (input->IsArray() && !input->Empty()) {
        // An array of strings, an array of token ids, or an array of token-id arrays.
        const Value& first = (*input)[0];
        const bool tokens = first.IsInt64();
        for (const Value& item : input->GetArray()) {
            const bool fits = first.IsString() ? item.IsString()
                              : tokens        ? item.IsInt64()
                                              : item.IsArray();
            if (!fits)
                return wrongType("input", "a string, an array of strings, or an array of token ids");
        }
        request.inputCount = tokens ? 1 : int(input->Size());
    } else {
        return wrongType("input", "a non-empty string or array");
    }
    if (const Value* format = member(doc, "encoding_format"); format && !format->IsString())
        return wrongType("encoding_format", "a string");
    if (const Value* dims = member(doc, "dimensions"); dims && !dims->IsInt64())
        return wrongType("dimensions", "an integer");
    return request;
}

// `body` with the string at `span` (quotes included) replaced by `model`, and `insertAfterBrace`
// put right after the top-level object's opening brace.
static QByteArray splice(const QByteArray& body, std::pair<qsizetype, qsizetype> span, const QString& model,
                         std::string_view insertAfterBrace)
{
    // A model name is nearly always ASCII with nothing to escape: quoted as it is, no writer.
    thread_local std::string plain;
    QByteArray escaped;
    const bool asIs = asciiToUtf8(model, plain) && std::none_of(plain.begin(), plain.end(), [](char c) {
                          return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
                      });
    if (!asIs) {
        JsonWriter quoted;
        quoted.string(model.toUtf8());
        escaped = quoted.take();
    }
    const qsizetype replacementSize = asIs ? qsizetype(plain.size()) + 2 : escaped.size();
    const qsizetype brace = body.indexOf('{');
    QByteArray out;
    out.reserve(body.size() + replacementSize + qsizetype(insertAfterBrace.size()));
    out.append(body.constData(), brace + 1);
    out.append(insertAfterBrace.data(), qsizetype(insertAfterBrace.size()));
    out.append(body.constData() + brace + 1, span.first - brace - 1);
    if (asIs) {
        out.append('"');
        out.append(plain.data(), qsizetype(plain.size()));
        out.append('"');
    } else {
        out.append(escaped);
    }
    out.append(body.constData() + span.first + span.second, body.size() - span.first - span.second);
    return out;
}

QByteArray encodeForUpstream(ChatRequest& request, const QString& upstreamModel)
{
    rapidjson::Document& doc = *request.body;
    // The common cases, spliced: no stream; a stream whose client asked for usage itself; a stream
    // without stream_options (one member is added). A stream_options without include_usage: true
    // is rewritten through the document.
    const bool addOptions = request.stream && !request.clientWantsUsage;
    if (!request.rewritten && (!addOptions || !member(doc, "stream_options"))) {
        const auto span = request.body.sourceSpan(doc["model"]);
        if (span.first >= 0)
            return splice(request.body.source(), span, upstreamModel,
                          addOptions ? std::string_view(R"("stream_options":{"include_usage":true},)") : "");
    }
    setModel(doc, upstreamModel);
    if (request.stream) {
        auto& alloc = doc.GetAllocator();
        const auto it = doc.FindMember("stream_options");
        if (it == doc.MemberEnd() || !it->value.IsObject())
            setMember(doc, doc, "stream_options", Value(rapidjson::kObjectType));
        Value& options = doc["stream_options"];
        setMember(doc, options, "include_usage", Value(true));
        (void)alloc;
    }
    QByteArray out;
    out.reserve(qsizetype(request.bodyBytes) + 64);
    {
        QByteArrayOutputStream stream(out);
        rapidjson::Writer<QByteArrayOutputStream> writer(stream);
        doc.Accept(writer);
    }
    return out;
}

QByteArray encodeForUpstream(EmbeddingsRequest& request, const QString& upstreamModel)
{
    const auto span = request.body.sourceSpan((*request.body)["model"]);
    if (span.first >= 0)
        return splice(request.body.source(), span, upstreamModel, {});
    setModel(*request.body, upstreamModel);
    return serialize(*request.body);
}

Decoded<ChatRequest> decodeTranslatedChatRequest(const QByteArray& body, const ChatTranslator& translate)
{
    rapidjson::Document doc;
    doc.Parse<kStrictParseFlags>(body.constData(), size_t(body.size()));
    if (doc.HasParseError())
        return ApiError::invalidRequest(
            QStringLiteral("The request body is not valid JSON: %1").arg(parseErrorMessage(doc)), {},
            "invalid_json");
    if (!doc.IsObject())
        return ApiError::invalidRequest(QStringLiteral("The request body must be a JSON object."), {},
                                        "invalid_json");
    QByteArray chat;
    chat.reserve(body.size() + 256);
    if (std::optional<ApiError> error = translate(doc, chat))
        return *error;
    Decoded<ChatRequest> decoded = decodeChatRequest(chat);
    if (auto* request = std::get_if<ChatRequest>(&decoded)) {
        request->bodyBytes = body.size();
        request->clientWantsUsage = true;
    }
    return decoded;
}

} // namespace tollgate::api

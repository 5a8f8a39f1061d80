#pragma once

// Pieces shared by the inbound translators (Anthropic Messages, OpenAI Responses) that write the
// canonical chat request from another API's request: their 400s and the fields they treat alike.

#include "api/apierror.h"
#include "api/json.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string_view>

namespace tollgate::api::inbound {

inline ApiError bad(const QString& message, const QByteArray& param)
{
    return ApiError::invalidRequest(message, param);
}
inline ApiError wrongType(const QByteArray& field, const char* expected)
{
    return bad(QStringLiteral("%1: expected %2.").arg(QString::fromUtf8(field), QLatin1String(expected)),
               field);
}

// `model`, required and non-empty, copied as it is.
inline std::optional<ApiError> writeModel(JsonOut& w, const rapidjson::Value& request)
{
    const rapidjson::Value* model = member(request, "model");
    if (!model)
        return bad(QStringLiteral("model: Field required"), "model");
    if (!model->IsString() || model->GetStringLength() == 0)
        return wrongType("model", "a non-empty string");
    writeKey(w, "model");
    writeString(w, view(*model));
    return std::nullopt;
}

// `temperature` and `top_p`, numbers, copied when present.
inline std::optional<ApiError> writeSampling(JsonOut& w, const rapidjson::Value& request)
{
    for (std::string_view name : {"temperature", "top_p"}) {
        const rapidjson::Value* v = member(request, name);
        if (!v || v->IsNull())
            continue;
        if (!v->IsNumber())
            return wrongType(QByteArray(name.data(), qsizetype(name.size())), "a number");
        writeKey(w, name);
        v->Accept(w);
    }
    return std::nullopt;
}

// `stream`, a boolean; a stream always asks for usage, which those APIs report at its end.
inline std::optional<ApiError> writeStream(JsonOut& w, const rapidjson::Value& request)
{
    const rapidjson::Value* s = member(request, "stream");
    if (!s || s->IsNull())
        return std::nullopt;
    if (!s->IsBool())
        return wrongType("stream", "a boolean");
    if (s->IsTrue()) {
        writeKey(w, "stream");
        w.Bool(true);
        writeKey(w, "stream_options");
        w.StartObject();
        writeKey(w, "include_usage");
        w.Bool(true);
        w.EndObject();
    }
    return std::nullopt;
}

// The chat schema's pieces for tools: a tool_choice naming one function, one entry of an assistant
// message's tool_calls, and the message carrying a tool's result.
inline void writeFunctionChoice(JsonOut& w, std::string_view name)
{
    w.StartObject();
    writeKey(w, "type");
    writeString(w, "function");
    writeKey(w, "function");
    w.StartObject();
    writeKey(w, "name");
    writeString(w, name);
    w.EndObject();
    w.EndObject();
}
inline void writeToolCall(JsonOut& w, std::string_view id, std::string_view name, std::string_view arguments)
{
    w.StartObject();
    writeKey(w, "id");
    writeString(w, id);
    writeKey(w, "type");
    writeString(w, "function");
    writeKey(w, "function");
    w.StartObject();
    writeKey(w, "name");
    writeString(w, name);
    writeKey(w, "arguments");
    writeString(w, arguments);
    w.EndObject();
    w.EndObject();
}
inline void writeToolResult(JsonOut& w, std::string_view callId, std::string_view text)
{
    w.StartObject();
    writeKey(w, "role");
    writeString(w, "tool");
    writeKey(w, "tool_call_id");
    writeString(w, callId);
    writeKey(w, "content");
    writeString(w, text);
    w.EndObject();
}

// The first choice of a chat.completion answer and its message, parsed into `doc`; both null when
// the text is not such an answer.
struct FirstChoice
{
    const rapidjson::Value* choice = nullptr;
    const rapidjson::Value* message = nullptr;
};
inline FirstChoice parseFirstChoice(const QByteArray& chatCompletion, rapidjson::Document& doc)
{
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(chatCompletion.constData(), size_t(chatCompletion.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return {};
    const rapidjson::Value* choices = member(doc, "choices");
    if (!choices || !choices->IsArray() || choices->Empty() || !choices->GetArray()[0].IsObject())
        return {};
    const rapidjson::Value& choice = choices->GetArray()[0];
    const rapidjson::Value* message = member(choice, "message");
    if (!message || !message->IsObject())
        return {};
    return {&choice, message};
}

} // namespace tollgate::api::inbound

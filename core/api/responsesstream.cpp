#include "api/responsesstream.h"

#include <rapidjson/document.h>

#include <utility>

namespace tollgate::api {
namespace {

using rapidjson::Value;

// "event: <type>\ndata: {"type":<type>,<body>,"sequence_number":<sequence>}\n\n", written straight
// into `out`. rapidjson escapes control characters, so the JSON is one data line.
template <typename Body>
void writeEvent(QByteArray& out, std::string_view type, std::int64_t sequence, Body&& body)
{
    out.append("event: ").append(type.data(), qsizetype(type.size())).append("\ndata: ");
    {
        QByteArrayOutputStream stream(out);
        JsonOut w(stream);
        w.StartObject();
        writeKey(w, "type");
        writeString(w, type);
        body(w);
        writeKey(w, "sequence_number");
        w.Int64(sequence);
        w.EndObject();
    }
    out.append("\n\n");
}

// Where an event's piece belongs: the item, its place in the output, and (for content events) the
// part's place in the item; contentIndex < 0 leaves that out.
void writeWhere(JsonOut& w, const std::string& itemId, int outputIndex, int contentIndex = -1)
{
    writeKey(w, "item_id");
    writeString(w, itemId);
    writeKey(w, "output_index");
    w.Int(outputIndex);
    if (contentIndex >= 0) {
        writeKey(w, "content_index");
        w.Int(contentIndex);
    }
}

void writeNullableString(JsonOut& w, const QByteArray& s)
{
    if (s.isEmpty())
        w.Null();
    else
        writeString(w, std::string_view(s.constData(), size_t(s.size())));
}

} // namespace

ResponsesStreamEncoder::ResponsesStreamEncoder(std::string responseId, std::int64_t createdAt,
                                               std::string model)
    : m_id(std::move(responseId)), m_createdAt(createdAt), m_model(std::move(model))
{
    m_idSuffix = std::string_view(m_id).substr(0, 5) == "resp_" ? m_id.substr(5) : m_id;
}

void ResponsesStreamEncoder::feed(std::string_view openAiBytes, QByteArray& out)
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

void ResponsesStreamEncoder::setUsage(const ResponsesUsage& usage)
{
    m_usage = usage;
    m_usageSettled = true;
}

void ResponsesStreamEncoder::onChunk(const QByteArray& data, QByteArray& out)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(data.constData(), size_t(data.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return;
    if (const Value* problem = member(doc, "error"); problem && problem->IsObject()) {
        const std::string_view message = stringMember(*problem, "message");
        ApiError e = ApiError::upstreamFailed(
            message.empty() ? QStringLiteral("The provider's stream reported an error.")
                            : QString::fromUtf8(message.data(), qsizetype(message.size())));
        error(e, out, m_sequence++);
        m_finished = true;
        return;
    }
    if (!m_started) {
        // The model that answered, as the chunks name it and as a non-streamed Response does.
        if (const std::string_view model = stringMember(doc, "model"); !model.empty())
            m_model.assign(model);
        start(out);
    }
    if (const Value* usage = member(doc, "usage"); usage && usage->IsObject() && !m_usageSettled)
        m_usage = responsesUsageFrom(*usage);
    const Value* choices = member(doc, "choices");
    if (!choices || !choices->IsArray())
        return;
    for (const Value& choice : choices->GetArray()) {
        if (memberInt(choice, "index").value_or(0) != 0)
            continue;
        if (const Value* delta = member(choice, "delta"); delta && delta->IsObject()) {
            if (const std::string_view text = stringMember(*delta, "content"); !text.empty())
                messageDelta(out, false, text);
            if (const std::string_view refusal = stringMember(*delta, "refusal"); !refusal.empty())
                messageDelta(out, true, refusal);
            if (const Value* calls = member(*delta, "tool_calls"); calls && calls->IsArray()) {
                for (const Value& call : calls->GetArray()) {
                    const Value* fn = member(call, "function");
                    toolCallDelta(out, int(memberInt(call, "index").value_or(0)), stringMember(call, "id"),
                                  fn ? stringMember(*fn, "name") : std::string_view(),
                                  fn ? stringMember(*fn, "arguments") : std::string_view());
                }
            }
        }
        if (const std::string_view reason = stringMember(choice, "finish_reason"); !reason.empty())
            m_incompleteReason = incompleteReasonFor(reason);
    }
}

void ResponsesStreamEncoder::start(QByteArray& out)
{
    m_started = true;
    writeResponse(out, "response.created", "in_progress");
    writeResponse(out, "response.in_progress", "in_progress");
}

void ResponsesStreamEncoder::messageDelta(QByteArray& out, bool refusal, std::string_view delta)
{
    if (m_openMessage < 0) {
        m_openMessage = int(m_output.size());
        OutputItem& item = m_output.emplace_back();
        item.id = "msg_" + m_idSuffix + '_' + std::to_string(m_openMessage);
        writeEvent(out, "response.output_item.added", m_sequence++, [&](JsonOut& w) {
            writeKey(w, "output_index");
            w.Int(m_openMessage);
            writeKey(w, "item");
            writeItem(w, item);
        });
    }
    const int outputIndex = m_openMessage;
    if (m_output[size_t(outputIndex)].partOpen &&
        m_output[size_t(outputIndex)].parts.back().refusal != refusal)
        closePart(out, outputIndex);
    OutputItem& item = m_output[size_t(outputIndex)];
    if (!item.partOpen) {
        item.parts.push_back({refusal, {}});
        item.partOpen = true;
        writeEvent(out, "response.content_part.added", m_sequence++, [&](JsonOut& w) {
            writeWhere(w, item.id, outputIndex, int(item.parts.size() - 1));
            writeKey(w, "part");
            writePart(w, item.parts.back());
        });
    }
    item.parts.back().text.append(delta);
    writeEvent(out, refusal ? "response.refusal.delta" : "response.output_text.delta", m_sequence++,
               [&](JsonOut& w) {
                   writeWhere(w, item.id, outputIndex, int(item.parts.size() - 1));
                   writeKey(w, "delta");
                   writeString(w, delta);
                   if (!refusal) {
                       writeKey(w, "logprobs");
                       w.StartArray();
                       w.EndArray();
                   }
               });
}

void ResponsesStreamEncoder::toolCallDelta(QByteArray& out, int toolIndex, std::string_view callId,
                                           std::string_view name, std::string_view arguments)
{
    int outputIndex = -1;
    for (size_t i = 0; i < m_output.size(); ++i) {
        if (m_output[i].functionCall && m_output[i].open && m_output[i].toolIndex == toolIndex)
            outputIndex = int(i);
    }
    if (outputIndex < 0) {
        // The text before a call is finished; text after it starts a new message.
        if (m_openMessage >= 0)
            closeItem(out, m_openMessage, "completed");
        outputIndex = int(m_output.size());
        OutputItem& item = m_output.emplace_back();
        item.functionCall = true;
        item.toolIndex = toolIndex;
        item.id = "fc_" + m_idSuffix + '_' + std::to_string(outputIndex);
        item.callId =
            callId.empty() ? "call_" + m_idSuffix + '_' + std::to_string(outputIndex) : std::string(callId);
        item.name.assign(name);
        writeEvent(out, "response.output_item.added", m_sequence++, [&](JsonOut& w) {
            writeKey(w, "output_index");
            w.Int(outputIndex);
            writeKey(w, "item");
            writeItem(w, item);
        });
    } else if (m_output[size_t(outputIndex)].name.empty()) {
        // Some providers name the function in a later piece than the one that opens the call.
        m_output[size_t(outputIndex)].name.assign(name);
    }
    if (arguments.empty())
        return;
    OutputItem& item = m_output[size_t(outputIndex)];
    item.arguments.append(arguments);
    writeEvent(out, "response.function_call_arguments.delta", m_sequence++, [&](JsonOut& w) {
        writeWhere(w, item.id, outputIndex);
        writeKey(w, "delta");
        writeString(w, arguments);
    });
}

void ResponsesStreamEncoder::closePart(QByteArray& out, int outputIndex)
{
    OutputItem& item = m_output[size_t(outputIndex)];
    if (!item.partOpen)
        return;
    item.partOpen = false;
    const ContentPart& part = item.parts.back();
    const int contentIndex = int(item.parts.size() - 1);
    writeEvent(out, part.refusal ? "response.refusal.done" : "response.output_text.done", m_sequence++,
               [&](JsonOut& w) {
                   writeWhere(w, item.id, outputIndex, contentIndex);
                   writeKey(w, part.refusal ? "refusal" : "text");
                   writeString(w, part.text);
                   if (!part.refusal) {
                       writeKey(w, "logprobs");
                       w.StartArray();
                       w.EndArray();
                   }
               });
    writeEvent(out, "response.content_part.done", m_sequence++, [&](JsonOut& w) {
        writeWhere(w, item.id, outputIndex, contentIndex);
        writeKey(w, "part");
        writePart(w, part);
    });
}

void ResponsesStreamEncoder::closeItem(QByteArray& out, int outputIndex, std::string_view status)
{
    if (!m_output[size_t(outputIndex)].open)
        return;
    if (outputIndex == m_openMessage)
        m_openMessage = -1;
    closePart(out, outputIndex);
    OutputItem& item = m_output[size_t(outputIndex)];
    item.open = false;
    item.doneStatus = status;
    if (item.functionCall) {
        writeEvent(out, "response.function_call_arguments.done", m_sequence++, [&](JsonOut& w) {
            writeWhere(w, item.id, outputIndex);
            writeKey(w, "name");
            writeString(w, item.name);
            writeKey(w, "arguments");
            writeString(w, item.arguments);
        });
    }
    writeEvent(out, "response.output_item.done", m_sequence++, [&](JsonOut& w) {
        writeKey(w, "output_index");
        w.Int(outputIndex);
        writeKey(w, "item");
        writeItem(w, item);
    });
}

void ResponsesStreamEncoder::finish(QByteArray& out)
{
    if (m_finished)
        return;
    if (!m_started)
        start(out);
    const bool incomplete = !m_incompleteReason.empty();
    for (size_t i = 0; i < m_output.size(); ++i)
        closeItem(out, int(i), incomplete ? "incomplete" : "completed");
    writeResponse(out, incomplete ? "response.incomplete" : "response.completed",
                  incomplete ? "incomplete" : "completed");
    m_finished = true;
}

void ResponsesStreamEncoder::writePart(JsonOut& w, const ContentPart& part)
{
    w.StartObject();
    writeKey(w, "type");
    if (part.refusal) {
        writeString(w, "refusal");
        writeKey(w, "refusal");
        writeString(w, part.text);
    } else {
        writeString(w, "output_text");
        writeKey(w, "text");
        writeString(w, part.text);
        writeKey(w, "annotations");
        w.StartArray();
        w.EndArray();
    }
    w.EndObject();
}

void ResponsesStreamEncoder::writeItem(JsonOut& w, const OutputItem& item)
{
    w.StartObject();
    writeKey(w, "id");
    writeString(w, item.id);
    writeKey(w, "type");
    writeString(w, item.functionCall ? "function_call" : "message");
    writeKey(w, "status");
    writeString(w, item.open ? "in_progress" : item.doneStatus);
    if (item.functionCall) {
        writeKey(w, "call_id");
        writeString(w, item.callId);
        writeKey(w, "name");
        writeString(w, item.name);
        writeKey(w, "arguments");
        writeString(w, item.arguments);
    } else {
        writeKey(w, "role");
        writeString(w, "assistant");
        writeKey(w, "content");
        w.StartArray();
        for (const ContentPart& part : item.parts)
            writePart(w, part);
        w.EndArray();
    }
    w.EndObject();
}

void ResponsesStreamEncoder::writeResponse(QByteArray& out, std::string_view eventType,
                                           std::string_view status)
{
    std::string text;
    for (const OutputItem& item : m_output) {
        for (const ContentPart& part : item.parts) {
            if (!part.refusal)
                text.append(part.text);
        }
    }
    ResponseFields fields;
    fields.id = m_id;
    fields.createdAt = m_createdAt;
    fields.model = m_model;
    fields.status = status;
    fields.incompleteReason = m_incompleteReason;
    fields.outputText = text;
    fields.usage = status == "in_progress" ? nullptr : &m_usage; // known once the response ends
    writeEvent(out, eventType, m_sequence++, [&](JsonOut& w) {
        writeKey(w, "response");
        writeResponseObject(w, fields, [this](JsonOut& w) {
            for (const OutputItem& item : m_output)
                writeItem(w, item);
        });
    });
}

void ResponsesStreamEncoder::error(const ApiError& error, QByteArray& out, std::int64_t sequenceNumber)
{
    const QByteArray message = error.message.toUtf8();
    const QByteArray type = error.type.isEmpty() ? QByteArrayLiteral("server_error") : error.type;
    writeEvent(out, "error", sequenceNumber, [&](JsonOut& w) {
        writeKey(w, "code");
        writeNullableString(w, error.code);
        writeKey(w, "message");
        writeString(w, std::string_view(message.constData(), size_t(message.size())));
        writeKey(w, "param");
        writeNullableString(w, error.param);
        writeKey(w, "error");
        w.StartObject();
        writeKey(w, "type");
        writeString(w, std::string_view(type.constData(), size_t(type.size())));
        writeKey(w, "code");
        writeNullableString(w, error.code);
        writeKey(w, "message");
        writeString(w, std::string_view(message.constData(), size_t(message.size())));
        writeKey(w, "param");
        writeNullableString(w, error.param);
        w.EndObject();
    });
}

} // namespace tollgate::api

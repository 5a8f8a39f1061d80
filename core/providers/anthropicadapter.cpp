#include "providers/anthropicadapter.h"

#include "api/json.h"
#include "api/sse.h"
#include "providers/translation.h"

#include <vector>

namespace tollgate::providers {
namespace {

using api::member;
using api::view;
using rapidjson::Value;

constexpr std::string_view kJsonObjectInstruction =
    "Respond with a single valid JSON object and nothing else: no prose, no code fences.";

QString where(const char* path, rapidjson::SizeType i)
{
    return QStringLiteral("%1[%2]").arg(QLatin1String(path)).arg(i);
}

QString where(const char* path, rapidjson::SizeType i, const char* sub, rapidjson::SizeType j)
{
    return QStringLiteral("%1[%2].%3[%4]").arg(QLatin1String(path)).arg(i).arg(QLatin1String(sub)).arg(j);
}

QString utf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

void writeCacheControl(JsonOut& w, const Value& part)
{
    if (const Value* cache = member(part, "cache_control"); cache && cache->IsObject()) {
        w.Key("cache_control");
        cache->Accept(w);
    }
}

void writeTextBlock(JsonOut& w, std::string_view text, const Value* cacheSource)
{
    w.StartObject();
    w.Key("type");
    w.String("text");
    w.Key("text");
    writeString(w, text);
    if (cacheSource)
        writeCacheControl(w, *cacheSource);
    w.EndObject();
}

// One piece of the system prompt: its text and the part that may carry cache_control.
struct SystemPiece
{
    std::string_view text;
    const Value* part = nullptr;
};

Result<void> writeSystem(JsonOut& w, const Value& messages, bool jsonObjectMode)
{
    std::vector<SystemPiece> pieces;
    bool cacheMarked = false;
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const Value& m = messages[i];
        const std::string_view role = stringMember(m, "role");
        if (role != "system" && role != "developer")
            continue;
        const Value* content = member(m, "content");
        if (!content || content->IsNull())
            continue;
        if (content->IsString()) {
            if (content->GetStringLength() > 0)
                pieces.push_back({view(*content), nullptr});
            continue;
        }
        for (rapidjson::SizeType j = 0; j < content->Size(); ++j) {
            const Value& part = (*content)[j];
            if (stringMember(part, "type") != "text")
                return makeError(QStringLiteral("%1 of a system message must be a text part")
                                     .arg(where("messages", i, "content", j)));
            const std::string_view text = stringMember(part, "text");
            if (text.empty())
                continue;
            cacheMarked = cacheMarked || member(part, "cache_control") != nullptr;
            pieces.push_back({text, &part});
        }
    }
    if (jsonObjectMode)
        pieces.push_back({kJsonObjectInstruction, nullptr});
    if (pieces.empty())
        return {};
    w.Key("system");
    if (pieces.size() == 1 && !cacheMarked) {
        writeString(w, pieces.front().text);
        return {};
    }
    w.StartArray();
    for (const SystemPiece& piece : pieces)
        writeTextBlock(w, piece.text, piece.part);
    w.EndArray();
    return {};
}

// An image or PDF part as an Anthropic block.
Result<void> writeMediaPart(JsonOut& w, const Value& part, std::string_view type, const QString& at)
{
    if (type == "image_url") {
        const Value* image = member(part, "image_url");
        const std::string_view url = image && image->IsString() ? view(*image)
                                     : image                    ? stringMember(*image, "url")
                                                                : std::string_view();
        w.StartObject();
        w.Key("type");
        w.String("image");
        w.Key("source");
        w.StartObject();
        if (const auto data = parseDataUrl(url)) {
            w.Key("type");
            w.String("base64");
            w.Key("media_type");
            writeString(w, data->mimeType);
            w.Key("data");
            writeString(w, data->data);
        } else if (isHttpUrl(url)) {
            w.Key("type");
            w.String("url");
            w.Key("url");
            writeString(w, url);
        } else {
            return makeError(
                QStringLiteral("%1.image_url.url must be an http(s) URL or a base64 data: URL").arg(at));
        }
        w.EndObject();
        writeCacheControl(w, part);
        w.EndObject();
        return {};
    }
    // "file": only PDFs by data: URL have an Anthropic equivalent (a document block).
    const Value* file = member(part, "file");
    const auto data = file ? parseDataUrl(stringMember(*file, "file_data")) : std::nullopt;
    if (!data || data->mimeType != "application/pdf")
        return makeError(
            QStringLiteral("%1: only PDF files given as file_data data: URLs can be sent to Anthropic")
                .arg(at));
    w.StartObject();
    w.Key("type");
    w.String("document");
    w.Key("source");
    w.StartObject();
    w.Key("type");
    w.String("base64");
    w.Key("media_type");
    writeString(w, data->mimeType);
    w.Key("data");
    writeString(w, data->data);
    w.EndObject();
    writeCacheControl(w, part);
    w.EndObject();
    return {};
}

// The blocks of a user (or tool result) content. `textOnly` for assistant content.
Result<void> writeContentBlocks(JsonOut& w, const Value& content, rapidjson::SizeType i, bool textOnly)
{
    if (content.IsString()) {
        if (content.GetStringLength() > 0)
            writeTextBlock(w, view(content), nullptr);
        return {};
    }
    if (!content.IsArray())
        return {};
    for (rapidjson::SizeType j = 0; j < content.Size(); ++j) {
        const Value& part = content[j];
        const std::string_view type = stringMember(part, "type");
        if (type == "text" || (textOnly && type == "refusal")) {
            const std::string_view text = stringMember(part, type == "text" ? "text" : "refusal");
            if (!text.empty())
                writeTextBlock(w, text, &part);
            continue;
        }
        const QString at = where("messages", i, "content", j);
        if (!textOnly && (type == "image_url" || type == "file")) {
            if (auto written = writeMediaPart(w, part, type, at); !written)
                return written;
            continue;
        }
        return makeError(QStringLiteral("%1 has content part type '%2', which Anthropic cannot take here")
                             .arg(at, utf8(type)));
    }
    return {};
}

Result<void> writeToolUses(JsonOut& w, const Value& calls, rapidjson::SizeType i, EventDocument& scratch)
{
    for (rapidjson::SizeType j = 0; j < calls.Size(); ++j) {
        const Value& call = calls[j];
        const QString at = where("messages", i, "tool_calls", j);
        const Value* fn = member(call, "function");
        const std::string_view id = stringMember(call, "id");
        const std::string_view name = fn ? stringMember(*fn, "name") : std::string_view();
        if (id.empty() || name.empty())
            return makeError(QStringLiteral("%1 needs an id and a function name").arg(at));
        std::string_view arguments = fn ? stringMember(*fn, "arguments") : std::string_view();
        while (!arguments.empty() && (arguments.front() == ' ' || arguments.front() == '\n' ||
                                      arguments.front() == '\t' || arguments.front() == '\r'))
            arguments.remove_prefix(1);
        w.StartObject();
        w.Key("type");
        w.String("tool_use");
        w.Key("id");
        writeString(w, id);
        w.Key("name");
        writeString(w, name);
        w.Key("input");
        if (arguments.empty()) {
            w.StartObject();
            w.EndObject();
        } else if (scratch.parse(arguments.data(), arguments.size())) {
            scratch.document().Accept(w);
        } else {
            return makeError(QStringLiteral("%1.function.arguments must be a JSON object").arg(at));
        }
        w.EndObject();
    }
    return {};
}

Result<void> writeToolResult(JsonOut& w, const Value& m, rapidjson::SizeType i)
{
    const std::string_view id = stringMember(m, "tool_call_id");
    if (id.empty())
        return makeError(QStringLiteral("%1 (role tool) needs a tool_call_id").arg(where("messages", i)));
    w.StartObject();
    w.Key("type");
    w.String("tool_result");
    w.Key("tool_use_id");
    writeString(w, id);
    const Value* content = member(m, "content");
    if (content && content->IsString() && content->GetStringLength() > 0) {
        w.Key("content");
        writeString(w, view(*content));
    } else if (content && content->IsArray() && !content->Empty()) {
        w.Key("content");
        w.StartArray();
        if (auto written = writeContentBlocks(w, *content, i, false); !written)
            return written;
        w.EndArray();
    }
    w.EndObject();
    return {};
}

Result<void> writeMessages(JsonOut& w, const Value& messages)
{
    EventDocument scratch; // tool arguments, one at a time
    std::string_view open; // the role of the turn being written
    w.Key("messages");
    w.StartArray();
    for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const Value& m = messages[i];
        const std::string_view role = stringMember(m, "role");
        if (role == "system" || role == "developer")
            continue;
        if (role == "function")
            return makeError(QStringLiteral("%1 has the legacy role 'function'; use tools and role 'tool'")
                                 .arg(where("messages", i)));
        const Value* content = member(m, "content");
        const Value* calls = member(m, "tool_calls");
        const bool hasCalls = role == "assistant" && calls && calls->IsArray() && !calls->Empty();
        if (role != "tool" && !hasContent(content) && !hasCalls)
            continue; // Anthropic refuses empty turns and empty text blocks
        const std::string_view turn = role == "assistant" ? "assistant" : "user";
        if (turn != open) {
            if (!open.empty()) {
                w.EndArray();
                w.EndObject();
            }
            w.StartObject();
            w.Key("role");
            writeString(w, turn);
            w.Key("content");
            w.StartArray();
            open = turn;
        }
        if (role == "tool") {
            if (auto written = writeToolResult(w, m, i); !written)
                return written;
            continue;
        }
        if (content) {
            if (auto written = writeContentBlocks(w, *content, i, role == "assistant"); !written)
                return written;
        }
        if (hasCalls) {
            if (auto written = writeToolUses(w, *calls, i, scratch); !written)
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

Result<void> writeTools(JsonOut& w, const Value& doc)
{
    const Value* tools = member(doc, "tools");
    if (!tools || !tools->IsArray() || tools->Empty())
        return {};
    w.Key("tools");
    w.StartArray();
    for (rapidjson::SizeType k = 0; k < tools->Size(); ++k) {
        const Value& tool = (*tools)[k];
        const Value* fn = member(tool, "function");
        if (stringMember(tool, "type") != "function" || !fn || stringMember(*fn, "name").empty())
            return makeError(QStringLiteral("%1 must be a function tool with a name").arg(where("tools", k)));
        w.StartObject();
        w.Key("name");
        writeString(w, stringMember(*fn, "name"));
        if (const std::string_view description = stringMember(*fn, "description"); !description.empty()) {
            w.Key("description");
            writeString(w, description);
        }
        w.Key("input_schema");
        if (const Value* parameters = member(*fn, "parameters"); parameters && parameters->IsObject()) {
            parameters->Accept(w);
        } else {
            w.StartObject();
            w.Key("type");
            w.String("object");
            w.Key("properties");
            w.StartObject();
            w.EndObject();
            w.EndObject();
        }
        if (const Value* strict = member(*fn, "strict"); strict && strict->IsBool() && strict->GetBool()) {
            w.Key("strict");
            w.Bool(true);
        }
        writeCacheControl(w, member(tool, "cache_control") ? tool : *fn);
        w.EndObject();
    }
    w.EndArray();

    const Value* choice = member(doc, "tool_choice");
    const Value* parallel = member(doc, "parallel_tool_calls");
    const bool serial = parallel && parallel->IsBool() && !parallel->GetBool();
    std::string_view type = "auto";
    std::string_view name;
    if (choice && choice->IsString()) {
        const std::string_view c = view(*choice);
        if (c == "auto")
            type = "auto";
        else if (c == "none")
            type = "none";
        else if (c == "required")
            type = "any";
        else
            return makeError(
                QStringLiteral("tool_choice '%1' is not one of auto, none, required").arg(utf8(c)));
    } else if (choice && choice->IsObject()) {
        const Value* fn = member(*choice, "function");
        name = fn ? stringMember(*fn, "name") : std::string_view();
        if (name.empty())
            return makeError(QStringLiteral(
                "tool_choice must name a function: {\"type\":\"function\",\"function\":{\"name\":...}}"));
        type = "tool";
    } else if (!serial) {
        return {}; // Anthropic's default is auto
    }
    w.Key("tool_choice");
    w.StartObject();
    w.Key("type");
    writeString(w, type);
    if (!name.empty()) {
        w.Key("name");
        writeString(w, name);
    }
    if (serial && type != "none") {
        w.Key("disable_parallel_tool_use");
        w.Bool(true);
    }
    w.EndObject();
    return {};
}

std::string_view finishReasonFor(std::string_view stopReason)
{
    if (stopReason == "max_tokens" || stopReason == "model_context_window_exceeded")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "refusal")
        return "content_filter";
    return "stop"; // end_turn, stop_sequence, pause_turn
}

// Reads Anthropic's usage members present in `usage` into the raw counters.
struct RawUsage
{
    std::int64_t input = 0;
    std::int64_t cacheRead = 0;
    std::int64_t cacheWrite = 0;
    std::int64_t output = 0;
    bool reported = false;

    bool read(const Value& usage)
    {
        if (!usage.IsObject())
            return false;
        const std::pair<std::string_view, std::int64_t*> fields[] = {
            {"input_tokens", &input},
            {"cache_read_input_tokens", &cacheRead},
            {"cache_creation_input_tokens", &cacheWrite},
            {"output_tokens", &output}};
        for (const auto& [name, field] : fields) {
            const Value* v = member(usage, name);
            if (!v || v->IsNull())
                continue;
            if (!v->IsInt64() || v->GetInt64() < 0)
                return false;
            *field = v->GetInt64();
        }
        reported = true;
        return true;
    }
    Usage canonical() const
    {
        Usage u;
        u.inputTokens = input + cacheRead + cacheWrite;
        u.outputTokens = output;
        u.cachedInputTokens = cacheRead;
        u.cacheWriteInputTokens = cacheWrite;
        u.reported = reported;
        return u;
    }
};

class AnthropicStream final : public ChatStreamTranslator
{
public:
    explicit AnthropicStream(bool clientWantsUsage) : m_clientWantsUsage(clientWantsUsage)
    {
        m_emit.setCreated(unixSeconds());
    }

    bool feed(std::string_view bytes, QByteArray& out) override
    {
        m_events.clear();
        if (!m_parser.feed(bytes, m_events))
            return false;
        for (const api::SseEvent& event : m_events) {
            if (m_complete || event.data.isEmpty())
                continue; // comments; nothing follows message_stop
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
    bool handle(const Value& e, QByteArray& out)
    {
        const std::string_view type = stringMember(e, "type");
        if (type == "content_block_delta")
            return delta(e, out);
        if (type == "message_start") {
            const Value* message = member(e, "message");
            if (!message || !message->IsObject())
                return false;
            m_emit.setId(stringMember(*message, "id"));
            m_emit.setModel(stringMember(*message, "model"));
            if (const Value* usage = member(*message, "usage"); usage && !noteUsage(*usage))
                return false;
            startIfNeeded(out);
            return true;
        }
        if (type == "content_block_start") {
            const Value* block = member(e, "content_block");
            const Value* index = member(e, "index");
            if (!block || !index || !index->IsUint())
                return false;
            startIfNeeded(out);
            const std::string_view blockType = stringMember(*block, "type");
            if (blockType == "tool_use") {
                const unsigned at = index->GetUint();
                if (at >= 1024)
                    return false;
                if (m_toolIndexOfBlock.size() <= at)
                    m_toolIndexOfBlock.resize(at + 1, -1);
                const int toolIndex = m_toolCalls++;
                m_toolIndexOfBlock[at] = toolIndex;
                m_emit.toolCallStart(out, toolIndex, stringMember(*block, "id"),
                                     stringMember(*block, "name"));
            } else if (blockType == "text") {
                if (const std::string_view text = stringMember(*block, "text"); !text.empty())
                    m_emit.content(out, text);
            }
            return true;
        }
        if (type == "message_delta") {
            const Value* d = member(e, "delta");
            if (d) {
                if (const std::string_view reason = stringMember(*d, "stop_reason"); !reason.empty()) {
                    startIfNeeded(out);
                    m_emit.finish(out, finishReasonFor(reason));
                    m_finished = true;
                }
            }
            if (const Value* usage = member(e, "usage"); usage && !noteUsage(*usage))
                return false;
            return true;
        }
        if (type == "message_stop") {
            startIfNeeded(out);
            if (!m_finished)
                m_emit.finish(out, "stop");
            if (m_clientWantsUsage)
                m_emit.usage(out, m_usage);
            ChunkEmitter::done(out);
            m_complete = true;
            return true;
        }
        if (type == "error") { // overloaded mid-stream and the like: the attempt fails
            const Value* error = member(e, "error");
            const std::string_view message = error ? stringMember(*error, "message") : std::string_view();
            const std::string_view kind = error ? stringMember(*error, "type") : std::string_view();
            m_error = QStringLiteral("%1 (%2)").arg(
                utf8(message.empty() ? std::string_view("error") : message), utf8(kind));
            return false;
        }
        return true; // ping, content_block_stop, and event types added after this was written
    }

    bool delta(const Value& e, QByteArray& out)
    {
        const Value* d = member(e, "delta");
        const Value* index = member(e, "index");
        if (!d || !index || !index->IsUint())
            return false;
        const std::string_view type = stringMember(*d, "type");
        if (type == "text_delta") {
            startIfNeeded(out);
            if (const std::string_view text = stringMember(*d, "text"); !text.empty())
                m_emit.content(out, text);
        } else if (type == "input_json_delta") {
            const unsigned at = index->GetUint();
            if (at >= m_toolIndexOfBlock.size() || m_toolIndexOfBlock[at] < 0)
                return false; // arguments for a block that was never started as a tool_use
            if (const std::string_view fragment = stringMember(*d, "partial_json"); !fragment.empty())
                m_emit.toolCallArguments(out, m_toolIndexOfBlock[at], fragment);
        }
        // thinking_delta, signature_delta, citations_delta: nothing in the chat schema carries them.
        return true;
    }

    bool noteUsage(const Value& usage)
    {
        if (!m_raw.read(usage))
            return false;
        m_usage = m_raw.canonical();
        return true;
    }

    void startIfNeeded(QByteArray& out)
    {
        if (m_started)
            return;
        m_started = true;
        m_emit.role(out);
    }

    bool m_clientWantsUsage;
    bool m_started = false;
    bool m_finished = false;
    bool m_complete = false;
    int m_toolCalls = 0;
    std::vector<int> m_toolIndexOfBlock; // Anthropic content block index -> OpenAI tool_calls index
    ChunkEmitter m_emit;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    EventDocument m_doc;
    RawUsage m_raw;
    Usage m_usage;
    QString m_error;
};

} // namespace

Result<http::UpstreamRequest> AnthropicAdapter::buildChatRequest(api::ChatRequest& request,
                                                                 const ProviderConfig& provider,
                                                                 const ModelConfig& model) const
{
    const rapidjson::Document& doc = *request.body;
    if (auto translatable = checkTranslatable(doc, QLatin1String("Anthropic")); !translatable)
        return translatable.error();
    const Value* messages = member(doc, "messages");
    if (!messages || !messages->IsArray())
        return makeError(QStringLiteral("'messages' must be an array"));
    const std::string_view format = responseFormatType(doc);
    const Value* schema = responseJsonSchema(doc);

    http::UpstreamRequest upstream = jsonPost(provider, "/messages", request.stream);
    if (provider.apiKey.resolved())
        upstream.headers.add("x-api-key", provider.apiKey.value.toStdString());
    upstream.headers.add("anthropic-version", kApiVersion);

    upstream.body.reserve(qsizetype(request.bodyBytes) + 256);
    {
        api::QByteArrayOutputStream stream(upstream.body);
        JsonOut w(stream);
        w.StartObject();
        w.Key("model");
        const QByteArray modelName = model.name.toUtf8();
        w.String(modelName.constData(), rapidjson::SizeType(modelName.size()));
        w.Key("max_tokens");
        w.Int64(request.maxTokens.value_or(kDefaultMaxTokens));
        if (auto written = writeSystem(w, *messages, format == "json_object"); !written)
            return written.error();
        if (auto written = writeMessages(w, *messages); !written)
            return written.error();
        if (auto written = writeTools(w, doc); !written)
            return written.error();
        for (const char* field : {"temperature", "top_p"}) {
            if (const Value* v = member(doc, field); v && v->IsNumber()) {
                w.Key(field);
                v->Accept(w);
            }
        }
        bool anyStop = false;
        forEachStop(doc, [&](std::string_view stop) {
            if (!anyStop) {
                w.Key("stop_sequences");
                w.StartArray();
                anyStop = true;
            }
            writeString(w, stop);
        });
        if (anyStop)
            w.EndArray();
        if (const std::string_view user = stringMember(doc, "user"); !user.empty()) {
            w.Key("metadata");
            w.StartObject();
            w.Key("user_id");
            writeString(w, user);
            w.EndObject();
        }
        if (schema) {
            w.Key("output_config");
            w.StartObject();
            w.Key("format");
            w.StartObject();
            w.Key("type");
            w.String("json_schema");
            w.Key("schema");
            schema->Accept(w);
            w.EndObject();
            w.EndObject();
        }
        if (request.stream) {
            w.Key("stream");
            w.Bool(true);
        }
        w.EndObject();
    }
    return upstream;
}

Result<http::UpstreamRequest> AnthropicAdapter::buildEmbeddingsRequest(api::EmbeddingsRequest&,
                                                                       const ProviderConfig&,
                                                                       const ModelConfig&) const
{
    return makeError(QStringLiteral("Anthropic has no embeddings API"));
}

Result<TranslatedResponse> AnthropicAdapter::translateChatResponse(const QByteArray& body) const
{
    api::JsonBody parsed(size_t(body.size()));
    rapidjson::Document& doc = *parsed;
    doc.Parse<kAnswerParseFlags>(body.constData(), size_t(body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return makeError(QStringLiteral("the answer is not a JSON object"));
    const Value* content = member(doc, "content");
    if (stringMember(doc, "type") != "message" || !content || !content->IsArray())
        return makeError(QStringLiteral("the answer is not a Messages API message with a content array"));

    CompletionOut out;
    out.id = stringMember(doc, "id");
    out.model = stringMember(doc, "model");
    out.created = unixSeconds();
    for (const Value& block : content->GetArray()) {
        const std::string_view type = stringMember(block, "type");
        if (type == "text") {
            const std::string_view text = stringMember(block, "text");
            out.content.append(text.data(), text.size());
            out.hasContent = true;
        } else if (type == "tool_use") {
            const Value* input = member(block, "input");
            ToolCallOut call;
            call.id = std::string(stringMember(block, "id"));
            call.name = std::string(stringMember(block, "name"));
            call.arguments = input ? api::serialize(*input) : QByteArray("{}");
            if (call.id.empty() || call.name.empty())
                return makeError(QStringLiteral("a tool_use block has no id or name"));
            out.toolCalls.push_back(std::move(call));
        }
    }
    out.finishReason = finishReasonFor(stringMember(doc, "stop_reason"));
    RawUsage raw;
    if (const Value* usage = member(doc, "usage"); usage && !raw.read(*usage))
        return makeError(QStringLiteral("the answer's usage is malformed"));
    out.usage = raw.canonical();
    return TranslatedResponse{writeCompletion(out), out.usage};
}

Result<TranslatedResponse> AnthropicAdapter::translateEmbeddingsResponse(const QByteArray&,
                                                                         const api::EmbeddingsRequest&) const
{
    return makeError(QStringLiteral("Anthropic has no embeddings API"));
}

std::unique_ptr<ChatStreamTranslator> AnthropicAdapter::newChatStream(const api::ChatRequest& request) const
{
    return std::make_unique<AnthropicStream>(request.clientWantsUsage);
}

QString AnthropicAdapter::errorMessage(const QByteArray& body) const
{
    rapidjson::Document doc;
    doc.Parse(body.constData(), size_t(body.size()));
    const Value* error = doc.HasParseError() ? nullptr : member(doc, "error");
    if (!error || !error->IsObject())
        return {};
    const std::string_view message = stringMember(*error, "message");
    const std::string_view type = stringMember(*error, "type");
    if (message.empty())
        return utf8(type);
    return type.empty() ? utf8(message) : QStringLiteral("%1 (%2)").arg(utf8(message), utf8(type));
}

} // namespace tollgate::providers

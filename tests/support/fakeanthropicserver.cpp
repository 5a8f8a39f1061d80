#include "fakeanthropicserver.h"

#include "fakejson.h"

#include <QRegularExpression>

#include <cstring>
#include <functional>
#include <optional>

namespace tollgate::testing {

namespace {

using namespace fakecontent;
using namespace fakejson;

QByteArray anthropicError(const char* type, const QByteArray& message)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("type");
    w.String("error");
    w.Key("error");
    w.StartObject();
    w.Key("type");
    w.String(type);
    w.Key("message");
    writeString(w, message);
    w.EndObject();
    w.EndObject();
    return finish(buffer);
}

FakeReply error(int status, const char* type, const QByteArray& message)
{
    FakeReply r;
    r.status = status;
    r.body = anthropicError(type, message);
    r.headers.append(qMakePair(QByteArray("request-id"), QByteArray("req_fake")));
    return r;
}

FakeReply invalid(const QByteArray& message)
{
    return error(400, "invalid_request_error", message);
}

QByteArray num(qsizetype n)
{
    return QByteArray::number(n);
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

// Text of a text-or-blocks value: a string, or its text blocks (and tool_result texts) joined.
QString blocksText(const Value& content, bool withToolResults)
{
    if (content.IsString())
        return toQString(content);
    if (!content.IsArray())
        return {};
    QStringList parts;
    for (const Value& block : content.GetArray()) {
        const QString type = stringOf(block, "type");
        if (type == QLatin1String("text"))
            parts.append(stringOf(block, "text"));
        else if (withToolResults && type == QLatin1String("tool_result"))
            if (const Value* inner = member(block, "content"))
                parts.append(blocksText(*inner, false));
    }
    return parts.join(QLatin1Char(' '));
}

// Checks one content block of a turn; an error message, or nothing.
std::optional<QByteArray> checkBlock(const Value& block, const QByteArray& at, bool userTurn)
{
    if (!block.IsObject())
        return at + ": Input should be a valid dictionary";
    const QString type = stringOf(block, "type");
    QByteArray unknown;
    if (type == QLatin1String("text")) {
        if (!onlyKeys(block, {"type", "text", "cache_control", "citations"}, &unknown))
            return at + "." + unknown + ": Extra inputs are not permitted";
        if (!member(block, "text") || !block["text"].IsString())
            return at + ".text: Field required";
        if (block["text"].GetStringLength() == 0)
            return QByteArray("messages: text content blocks must be non-empty");
        return std::nullopt;
    }
    if (type == QLatin1String("image") || type == QLatin1String("document")) {
        if (!userTurn)
            return at + ": image and document blocks are only allowed in user turns";
        if (!onlyKeys(block, {"type", "source", "cache_control", "title", "context", "citations"}, &unknown))
            return at + "." + unknown + ": Extra inputs are not permitted";
        const Value* source = member(block, "source");
        if (!source || !source->IsObject())
            return at + ".source: Field required";
        const QString sourceType = stringOf(*source, "type");
        if (sourceType == QLatin1String("base64")) {
            const QString media = stringOf(*source, "media_type");
            const QStringList allowed =
                type == QLatin1String("image")
                    ? QStringList{"image/jpeg", "image/png", "image/gif", "image/webp"}
                    : QStringList{"application/pdf"};
            if (!allowed.contains(media))
                return at + ".source.media_type: Input should be " +
                       allowed.join(QLatin1String(", ")).toUtf8();
            const QByteArray data = stringOf(*source, "data").toUtf8();
            if (data.isEmpty() ||
                QByteArray::fromBase64Encoding(data, QByteArray::AbortOnBase64DecodingErrors)
                        .decodingStatus != QByteArray::Base64DecodingStatus::Ok)
                return at + ".source.data: invalid base64 data";
            return std::nullopt;
        }
        if (sourceType == QLatin1String("url")) {
            const QString url = stringOf(*source, "url");
            if (!url.startsWith(QLatin1String("https://")) && !url.startsWith(QLatin1String("http://")))
                return at + ".source.url: Input should be a valid URL";
            return std::nullopt;
        }
        return at + ".source.type: Input should be 'base64' or 'url'";
    }
    if (type == QLatin1String("tool_use")) {
        if (userTurn)
            return at + ": tool_use blocks are only allowed in assistant turns";
        if (!onlyKeys(block, {"type", "id", "name", "input", "cache_control"}, &unknown))
            return at + "." + unknown + ": Extra inputs are not permitted";
        if (stringOf(block, "id").isEmpty() || stringOf(block, "name").isEmpty())
            return at + ": tool_use needs id and name";
        if (!member(block, "input") || !block["input"].IsObject())
            return at + ".input: Input should be a valid dictionary";
        return std::nullopt;
    }
    if (type == QLatin1String("tool_result")) {
        if (!userTurn)
            return at + ": tool_result blocks are only allowed in user turns";
        if (!onlyKeys(block, {"type", "tool_use_id", "content", "is_error", "cache_control"}, &unknown))
            return at + "." + unknown + ": Extra inputs are not permitted";
        if (stringOf(block, "tool_use_id").isEmpty())
            return at + ".tool_use_id: Field required";
        if (const Value* content = member(block, "content"); content && content->IsArray()) {
            for (rapidjson::SizeType k = 0; k < content->Size(); ++k) {
                if (auto problem = checkBlock((*content)[k], at + ".content." + num(k), true))
                    return problem;
            }
        } else if (content && !content->IsString()) {
            return at + ".content: Input should be a valid string or list";
        }
        return std::nullopt;
    }
    return at + ".type: Input tag '" + type.toUtf8() +
           "' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', "
           "'tool_use', 'tool_result'";
}

QStringList toolUseIds(const Value& content)
{
    QStringList ids;
    if (content.IsArray())
        for (const Value& block : content.GetArray())
            if (stringOf(block, "type") == QLatin1String("tool_use"))
                ids.append(stringOf(block, "id"));
    return ids;
}

QStringList toolResultIds(const Value& content)
{
    QStringList ids;
    if (content.IsArray())
        for (const Value& block : content.GetArray())
            if (stringOf(block, "type") == QLatin1String("tool_result"))
                ids.append(stringOf(block, "tool_use_id"));
    return ids;
}

bool hasCacheControl(const Value& v)
{
    if (member(v, "cache_control"))
        return true;
    if (v.IsArray())
        for (const Value& item : v.GetArray())
            if (member(item, "cache_control"))
                return true;
    if (const Value* content = member(v, "content"); content && content->IsArray())
        for (const Value& block : content->GetArray()) {
            if (member(block, "cache_control"))
                return true;
            if (const Value* inner = member(block, "content"); inner && inner->IsArray())
                for (const Value& b : inner->GetArray())
                    if (member(b, "cache_control"))
                        return true;
        }
    return false;
}

struct Answer
{
    QByteArray id;
    QByteArray model;
    TextAnswer text;
    QList<DeclaredTool> tools;
    QList<QByteArray> toolIds;
    QString source;
    QByteArray stopReason;
    int inputTokens = 0;
    int cacheCreation = 0;
    int cacheRead = 0;
    int outputTokens = 0;
};

void writeUsage(Writer& w, const Answer& a, bool start)
{
    w.StartObject();
    w.Key("input_tokens");
    w.Int(a.inputTokens);
    w.Key("cache_creation_input_tokens");
    w.Int(a.cacheCreation);
    w.Key("cache_read_input_tokens");
    w.Int(a.cacheRead);
    w.Key("output_tokens");
    w.Int(start ? 1 : a.outputTokens);
    w.EndObject();
}

void writeStopSequence(Writer& w, const Answer& a)
{
    w.Key("stop_sequence");
    if (a.text.stopSequence.isEmpty() || !a.tools.isEmpty())
        w.Null();
    else
        writeString(w, a.text.stopSequence);
}

QByteArray messageBody(const Answer& a)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("id");
    writeString(w, a.id);
    w.Key("type");
    w.String("message");
    w.Key("role");
    w.String("assistant");
    w.Key("model");
    writeString(w, a.model);
    w.Key("content");
    w.StartArray();
    if (a.tools.isEmpty()) {
        w.StartObject();
        w.Key("type");
        w.String("text");
        w.Key("text");
        writeString(w, a.text.text());
        w.EndObject();
    } else {
        for (int i = 0; i < a.tools.size(); ++i) {
            w.StartObject();
            w.Key("type");
            w.String("tool_use");
            w.Key("id");
            writeString(w, a.toolIds[i]);
            w.Key("name");
            writeString(w, a.tools[i].name);
            w.Key("input");
            rapidjson::Document input;
            const QByteArray args = argumentsFor(a.tools[i].required, a.source);
            input.Parse(args.constData(), size_t(args.size()));
            input.Accept(w);
            w.EndObject();
        }
    }
    w.EndArray();
    w.Key("stop_reason");
    writeString(w, a.stopReason);
    writeStopSequence(w, a);
    w.Key("usage");
    writeUsage(w, a, false);
    w.EndObject();
    return finish(buffer);
}

QByteArray event(const char* type, const std::function<void(Writer&)>& body)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("type");
    w.String(type);
    body(w);
    w.EndObject();
    return QByteArray("event: ") + type + "\ndata: " + finish(buffer) + "\n\n";
}

QList<QByteArray> streamEvents(const Answer& a)
{
    QList<QByteArray> events;
    events.append(event("message_start", [&a](Writer& w) {
        w.Key("message");
        w.StartObject();
        w.Key("id");
        writeString(w, a.id);
        w.Key("type");
        w.String("message");
        w.Key("role");
        w.String("assistant");
        w.Key("model");
        writeString(w, a.model);
        w.Key("content");
        w.StartArray();
        w.EndArray();
        w.Key("stop_reason");
        w.Null();
        w.Key("stop_sequence");
        w.Null();
        w.Key("usage");
        writeUsage(w, a, true);
        w.EndObject();
    }));
    const auto blockStop = [](int index) {
        return event("content_block_stop", [index](Writer& w) {
            w.Key("index");
            w.Int(index);
        });
    };
    if (a.tools.isEmpty()) {
        events.append(event("content_block_start", [](Writer& w) {
            w.Key("index");
            w.Int(0);
            w.Key("content_block");
            w.StartObject();
            w.Key("type");
            w.String("text");
            w.Key("text");
            w.String("");
            w.EndObject();
        }));
        events.append(event("ping", [](Writer&) {}));
        for (qsizetype i = 0; i < a.text.words.size(); ++i) {
            const QString piece = i == 0 ? a.text.words[i] : QLatin1Char(' ') + a.text.words[i];
            events.append(event("content_block_delta", [&piece](Writer& w) {
                w.Key("index");
                w.Int(0);
                w.Key("delta");
                w.StartObject();
                w.Key("type");
                w.String("text_delta");
                w.Key("text");
                writeString(w, piece);
                w.EndObject();
            }));
        }
        events.append(blockStop(0));
    } else {
        for (int i = 0; i < a.tools.size(); ++i) {
            events.append(event("content_block_start", [&a, i](Writer& w) {
                w.Key("index");
                w.Int(i);
                w.Key("content_block");
                w.StartObject();
                w.Key("type");
                w.String("tool_use");
                w.Key("id");
                writeString(w, a.toolIds[i]);
                w.Key("name");
                writeString(w, a.tools[i].name);
                w.Key("input");
                w.StartObject();
                w.EndObject();
                w.EndObject();
            }));
            if (i == 0)
                events.append(event("ping", [](Writer&) {}));
            const QByteArray args = argumentsFor(a.tools[i].required, a.source);
            for (const QByteArray& half : {args.left(args.size() / 2), args.mid(args.size() / 2)}) {
                events.append(event("content_block_delta", [i, &half](Writer& w) {
                    w.Key("index");
                    w.Int(i);
                    w.Key("delta");
                    w.StartObject();
                    w.Key("type");
                    w.String("input_json_delta");
                    w.Key("partial_json");
                    writeString(w, half);
                    w.EndObject();
                }));
            }
            events.append(blockStop(i));
        }
    }
    events.append(event("message_delta", [&a](Writer& w) {
        w.Key("delta");
        w.StartObject();
        w.Key("stop_reason");
        writeString(w, a.stopReason);
        writeStopSequence(w, a);
        w.EndObject();
        w.Key("usage");
        w.StartObject();
        w.Key("output_tokens");
        w.Int(a.outputTokens);
        w.EndObject();
    }));
    events.append(event("message_stop", [](Writer&) {}));
    return events;
}

FakeReply models(const QStringList& ids)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("data");
    w.StartArray();
    for (const QString& id : ids) {
        w.StartObject();
        w.Key("type");
        w.String("model");
        w.Key("id");
        writeString(w, id);
        w.Key("display_name");
        writeString(w, id);
        w.Key("created_at");
        w.String("2025-01-01T00:00:00Z");
        w.EndObject();
    }
    w.EndArray();
    w.Key("has_more");
    w.Bool(false);
    for (const char* key : {"first_id", "last_id"}) {
        w.Key(key);
        if (ids.isEmpty())
            w.Null();
        else
            writeString(w, std::strcmp(key, "first_id") == 0 ? ids.first() : ids.last());
    }
    w.EndObject();
    FakeReply r;
    r.body = finish(buffer);
    return r;
}

} // namespace

FakeAnthropicServer::FakeAnthropicServer(QString name, QObject* parent)
    : FakeProviderServer(std::move(name),
                         {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-haiku-4-5")}, parent)
{
}

FakeReply FakeAnthropicServer::reply(const RecordedRequest& request, const Settings& settings)
{
    if (!settings.apiKey.isEmpty() && request.header("x-api-key") != settings.apiKey)
        return error(401, "authentication_error", "invalid x-api-key");
    if (request.method == "GET" && request.path == "/v1/models")
        return models(settings.models);
    if (request.method != "POST" || request.path != "/v1/messages")
        return error(404, "not_found_error", "Not Found");
    if (request.header("anthropic-version").isEmpty())
        return invalid("anthropic-version: header is required");

    rapidjson::Document doc;
    doc.Parse(request.body.constData(), size_t(request.body.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return invalid(
            "There was an issue with the format or content of your request: the body is not a JSON object");
    QByteArray unknown;
    if (!onlyKeys(doc,
                  {"model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream",
                   "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier",
                   "output_config", "output_format", "container", "mcp_servers", "context_management"},
                  &unknown))
        return invalid(unknown + ": Extra inputs are not permitted");
    const QString model = stringOf(doc, "model");
    if (model.isEmpty())
        return invalid("model: Field required");
    const Value* maxTokensValue = member(doc, "max_tokens");
    if (!maxTokensValue)
        return invalid("max_tokens: Field required");
    if (!maxTokensValue->IsInt() || maxTokensValue->GetInt() < 1)
        return invalid("max_tokens: Input should be a valid integer greater than or equal to 1");
    if (const Value* t = member(doc, "temperature");
        t && (!t->IsNumber() || t->GetDouble() < 0 || t->GetDouble() > 1))
        return invalid("temperature: Input should be less than or equal to 1");
    if (const Value* metadata = member(doc, "metadata")) {
        if (!metadata->IsObject() || !onlyKeys(*metadata, {"user_id"}, &unknown))
            return invalid("metadata." + unknown + ": Extra inputs are not permitted");
    }

    // System prompt.
    QString systemText;
    bool hasSystem = false;
    if (const Value* system = member(doc, "system")) {
        hasSystem = true;
        if (system->IsArray()) {
            for (rapidjson::SizeType k = 0; k < system->Size(); ++k) {
                if (stringOf((*system)[k], "type") != QLatin1String("text"))
                    return invalid("system." + num(k) + ".type: Input should be 'text'");
                if (auto problem = checkBlock((*system)[k], "system." + num(k), false))
                    return invalid(*problem);
            }
        } else if (!system->IsString()) {
            return invalid("system: Input should be a valid string or list");
        }
        systemText = blocksText(*system, false);
    }

    // Turns.
    const Value* messages = member(doc, "messages");
    if (!messages || !messages->IsArray())
        return invalid("messages: Field required");
    if (messages->Empty())
        return invalid("messages: at least one message is required");
    int promptTokens = hasSystem ? wordCount(systemText) + 3 : 0;
    QStringList unitKeys; // per unit, for the cache prefix
    QList<int> unitTokens;
    if (hasSystem) {
        unitKeys.append(QString::fromUtf8(serialize(doc["system"])));
        unitTokens.append(wordCount(systemText) + 3);
    }
    int lastMarkedUnit = hasSystem && hasCacheControl(doc["system"]) ? 0 : -1;
    QString lastUserText;
    QString trailingToolText;
    bool endsWithToolResults = false;
    for (rapidjson::SizeType i = 0; i < messages->Size(); ++i) {
        const Value& m = (*messages)[i];
        const QByteArray at = "messages." + num(i);
        if (!m.IsObject())
            return invalid(at + ": Input should be a valid dictionary");
        if (!onlyKeys(m, {"role", "content"}, &unknown))
            return invalid(at + "." + unknown + ": Extra inputs are not permitted");
        const QString role = stringOf(m, "role");
        if (role != QLatin1String("user") && role != QLatin1String("assistant"))
            return invalid(at + ".role: Input should be 'user' or 'assistant'");
        const Value* content = member(m, "content");
        if (!content || !(content->IsString() || content->IsArray()))
            return invalid(at + ".content: Field required");
        if (content->IsArray()) {
            if (content->Empty() && !(role == QLatin1String("assistant") && i + 1 == messages->Size()))
                return invalid(at +
                               ": all messages must have non-empty content except for the optional final "
                               "assistant message");
            for (rapidjson::SizeType k = 0; k < content->Size(); ++k) {
                if (auto problem =
                        checkBlock((*content)[k], at + ".content." + num(k), role == QLatin1String("user")))
                    return invalid(*problem);
            }
        }
        // tool_use in an assistant turn needs tool_result in the next turn, and the other way round.
        if (role == QLatin1String("assistant")) {
            const QStringList uses = toolUseIds(*content);
            if (!uses.isEmpty()) {
                const Value* next =
                    i + 1 < messages->Size() ? member((*messages)[i + 1], "content") : nullptr;
                const QStringList results = next ? toolResultIds(*next) : QStringList();
                QStringList missing;
                for (const QString& id : uses)
                    if (!results.contains(id))
                        missing.append(id);
                if (!missing.isEmpty())
                    return invalid(
                        at + ": `tool_use` ids were found without `tool_result` blocks immediately after: " +
                        missing.join(QLatin1String(", ")).toUtf8() +
                        ". Each `tool_use` block must have a corresponding `tool_result` block in the "
                        "next message.");
            }
        } else {
            const Value* previous = i > 0 ? member((*messages)[i - 1], "content") : nullptr;
            const QStringList uses = previous ? toolUseIds(*previous) : QStringList();
            for (const QString& id : toolResultIds(*content)) {
                if (!uses.contains(id))
                    return invalid(
                        at + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id.toUtf8() +
                        ". Each `tool_result` block must have a corresponding `tool_use` block in the "
                        "previous message.");
            }
        }
        const QString text = blocksText(*content, true);
        promptTokens += wordCount(text) + 3;
        unitKeys.append(QString::fromUtf8(serialize(m)));
        unitTokens.append(wordCount(text) + 3);
        if (hasCacheControl(m))
            lastMarkedUnit = int(unitKeys.size()) - 1;
        endsWithToolResults = false;
        if (role == QLatin1String("user")) {
            // Trailing tool_result blocks of this turn.
            QStringList trailing;
            if (content->IsArray()) {
                for (rapidjson::SizeType k = content->Size(); k-- > 0;) {
                    const Value& block = (*content)[k];
                    if (stringOf(block, "type") != QLatin1String("tool_result"))
                        break;
                    const Value* inner = member(block, "content");
                    trailing.prepend(inner ? blocksText(*inner, false) : QString());
                }
            }
            endsWithToolResults = !trailing.isEmpty();
            trailingToolText = trailing.join(QLatin1Char(' '));
            const QString userText = blocksText(*content, false);
            if (!userText.isEmpty())
                lastUserText = userText;
        }
    }

    // Tools and the choice between them.
    QList<DeclaredTool> declared;
    static const QRegularExpression toolName(QStringLiteral("^[a-zA-Z0-9_-]{1,64}$"));
    if (const Value* tools = member(doc, "tools")) {
        if (!tools->IsArray())
            return invalid("tools: Input should be a valid list");
        for (rapidjson::SizeType k = 0; k < tools->Size(); ++k) {
            const Value& tool = (*tools)[k];
            const QByteArray at = "tools." + num(k);
            if (!tool.IsObject() ||
                !onlyKeys(tool, {"name", "description", "input_schema", "cache_control", "type", "strict"},
                          &unknown))
                return invalid(at + ".custom." + unknown + ": Extra inputs are not permitted");
            DeclaredTool t;
            t.name = stringOf(tool, "name");
            if (!toolName.match(t.name).hasMatch())
                return invalid(at + ".custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
            const Value* schema = member(tool, "input_schema");
            if (!schema || !schema->IsObject())
                return invalid(at + ".custom.input_schema: Field required");
            if (stringOf(*schema, "type") != QLatin1String("object"))
                return invalid(at + ".custom.input_schema.type: Input should be 'object'");
            if (const Value* required = member(*schema, "required"); required && required->IsArray())
                for (const Value& r : required->GetArray())
                    t.required.append(toQString(r));
            declared.append(t);
        }
    }
    ToolChoice choice = ToolChoice::Auto;
    QString forced;
    bool parallelAllowed = true;
    if (const Value* c = member(doc, "tool_choice")) {
        const QString type = stringOf(*c, "type");
        if (!c->IsObject() || !onlyKeys(*c, {"type", "name", "disable_parallel_tool_use"}, &unknown))
            return invalid("tool_choice." + unknown + ": Extra inputs are not permitted");
        if (type == QLatin1String("auto")) {
            choice = ToolChoice::Auto;
        } else if (type == QLatin1String("any")) {
            choice = ToolChoice::Required;
        } else if (type == QLatin1String("none")) {
            choice = ToolChoice::None;
        } else if (type == QLatin1String("tool")) {
            forced = stringOf(*c, "name");
            if (forced.isEmpty())
                return invalid("tool_choice.tool.name: Field required");
            choice = ToolChoice::Forced;
        } else {
            return invalid(
                "tool_choice: Input tag '" + type.toUtf8() +
                "' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', "
                "'none'");
        }
        if (const Value* off = member(*c, "disable_parallel_tool_use"); off && off->IsBool())
            parallelAllowed = !off->GetBool();
    }

    QStringList stops;
    if (const Value* s = member(doc, "stop_sequences")) {
        if (!s->IsArray())
            return invalid("stop_sequences: Input should be a valid list");
        for (const Value& stop : s->GetArray()) {
            if (!stop.IsString())
                return invalid("stop_sequences: Input should be a valid string");
            stops.append(toQString(stop));
        }
    }
    bool jsonMode = false;
    for (const char* key : {"output_config", "output_format"}) {
        const Value* config = member(doc, key);
        if (!config)
            continue;
        const Value* format = std::strcmp(key, "output_config") == 0 ? member(*config, "format") : config;
        if (!format || stringOf(*format, "type") != QLatin1String("json_schema") ||
            !member(*format, "schema") || !(*format)["schema"].IsObject())
            return invalid(QByteArray(key) + ": format must be {\"type\":\"json_schema\",\"schema\":{...}}");
        jsonMode = true;
    }
    const Value* streamValue = member(doc, "stream");
    const bool stream = streamValue && streamValue->IsBool() && streamValue->GetBool();

    Answer a;
    a.id = "msg_" + QByteArray::number(nextId());
    a.model = model.toUtf8();
    a.source = endsWithToolResults ? trailingToolText : lastUserText;
    // Prompt caching by marker.
    int prefixTokens = 0;
    if (lastMarkedUnit >= 0) {
        QByteArray key = member(doc, "tools") ? serialize(doc["tools"]) : QByteArray();
        for (int u = 0; u <= lastMarkedUnit; ++u) {
            key += unitKeys[u].toUtf8();
            prefixTokens += unitTokens[u];
        }
        if (m_cachedPrefixes.contains(key)) {
            a.cacheRead = prefixTokens;
        } else {
            a.cacheCreation = prefixTokens;
            m_cachedPrefixes.insert(key);
        }
    }
    a.inputTokens = promptTokens - prefixTokens;
    a.tools = toolsToCall(declared, choice, forced, parallelAllowed, endsWithToolResults);
    if (!a.tools.isEmpty()) {
        for (int i = 0; i < a.tools.size(); ++i)
            a.toolIds.append("toolu_" + QByteArray::number(nextId()));
        a.stopReason = "tool_use";
        a.outputTokens = int(a.tools.size());
    } else {
        a.text = textAnswer(settings.name, a.source, jsonMode, stops, maxTokensValue->GetInt());
        a.stopReason = a.text.cutByMaxTokens            ? "max_tokens"
                       : !a.text.stopSequence.isEmpty() ? "stop_sequence"
                                                        : "end_turn";
        a.outputTokens = int(a.text.words.size());
    }

    FakeReply r;
    r.headers.append(qMakePair(QByteArray("request-id"), "req_" + a.id.mid(4)));
    if (!stream) {
        r.body = messageBody(a);
        return r;
    }
    r.stream = true;
    r.contentType = "text/event-stream; charset=utf-8";
    r.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-cache")));
    r.events = streamEvents(a);
    return r;
}

QByteArray FakeAnthropicServer::defaultErrorBody(int status) const
{
    switch (status) {
    case 400:
        return anthropicError("invalid_request_error",
                              "There was an issue with the format or content of your request.");
    case 401:
        return anthropicError("authentication_error", "invalid x-api-key");
    case 403:
        return anthropicError("permission_error",
                              "Your API key does not have permission to use the specified resource.");
    case 404:
        return anthropicError("not_found_error", "The requested resource could not be found.");
    case 413:
        return anthropicError("request_too_large", "Request exceeds the maximum allowed number of bytes.");
    case 429:
        return anthropicError(
            "rate_limit_error",
            "This request would exceed the rate limit for your organization of 50 requests per minute.");
    case 529:
        return anthropicError("overloaded_error", "Overloaded");
    default:
        break;
    }
    if (status >= 500)
        return anthropicError("api_error", "Internal server error");
    return anthropicError("invalid_request_error", "The request failed.");
}

QByteArray FakeAnthropicServer::badRequestBody(const QByteArray& message) const
{
    return anthropicError("invalid_request_error", message);
}

QByteArray FakeAnthropicServer::streamErrorEvent() const
{
    return "event: error\ndata: " + anthropicError("overloaded_error", "Overloaded") + "\n\n";
}

} // namespace tollgate::testing

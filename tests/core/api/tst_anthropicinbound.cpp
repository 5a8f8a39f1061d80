#include "api/anthropicinbound.h"
#include "api/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate::api;

class TestAnthropicInbound : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesTextAndSystem();
    void decodesSystemBlocksWithCacheControl();
    void decodesImages();
    void decodesToolUseRoundTrip();
    void decodesToolsAndChoice_data();
    void decodesToolsAndChoice();
    void decodesSamplingAndStream();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void errorShape_data();
    void errorShape();
    void encodesTextAnswer();
    void encodesToolUseAnswer_data();
    void encodesToolUseAnswer();
    void rejectsNonCompletion();
    void translatesStream();
    void streamByteByByteEqualsWhole();
    void streamEndsWithoutDone();
    void streamErrorMidway();
    void settledUsageWins();
};

namespace {

QJsonObject object(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

// The canonical request a Messages body decodes to, as a JSON object.
QJsonObject decoded(const QByteArray& body)
{
    Decoded<ChatRequest> result = decodeAnthropicMessages(body);
    if (auto* error = std::get_if<ApiError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return object(serialize(*std::get<ChatRequest>(result).body));
}

// A realistic OpenAI stream: text, then a tool call split over chunks, then usage and [DONE].
QByteArray openAiStream()
{
    QByteArray s;
    const auto chunk = [&s](const QByteArray& json) { s += "data: " + json + "\n\n"; };
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Let me "},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"check."},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})");
    chunk(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":7,"total_tokens":37,"prompt_tokens_details":{"cached_tokens":20}}})");
    s += "data: [DONE]\n\n";
    return s;
}

struct Event
{
    QByteArray name;
    QJsonObject data;
};

QList<Event> events(const QByteArray& stream)
{
    QList<Event> out;
    for (const QByteArray& block : stream.split('\n')) {
        if (block.startsWith("event: "))
            out.append({block.mid(7), {}});
        else if (block.startsWith("data: ") && !out.isEmpty())
            out.last().data = object(block.mid(6));
    }
    return out;
}

} // namespace

void TestAnthropicInbound::decodesTextAndSystem()
{
    const QByteArray body =
        R"({"model":"claude-x","max_tokens":100,"system":"Be brief.","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"How are you?"}]}]})";
    Decoded<ChatRequest> result = decodeAnthropicMessages(body);
    QVERIFY(std::holds_alternative<ChatRequest>(result));
    const ChatRequest& request = std::get<ChatRequest>(result);
    QCOMPARE(request.model, QStringLiteral("claude-x"));
    QCOMPARE(request.maxTokens, std::optional<std::int64_t>(100));
    QVERIFY(!request.stream);
    const QJsonObject doc = object(serialize(*request.body));
    const QJsonArray messages = doc.value("messages").toArray();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[0].toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(messages[0].toObject().value("content").toString(), QStringLiteral("Be brief."));
    QCOMPARE(messages[1].toObject().value("content").toString(), QStringLiteral("Hi"));
    QCOMPARE(messages[2].toObject().value("role").toString(), QStringLiteral("assistant"));
    const QJsonArray parts = messages[3].toObject().value("content").toArray();
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts[0].toObject().value("text").toString(), QStringLiteral("How are you?"));
    QCOMPARE(doc.value("max_tokens").toInt(), 100);
}

void TestAnthropicInbound::decodesSystemBlocksWithCacheControl()
{
    const QJsonObject doc = decoded(
        R"({"model":"m","max_tokens":5,"system":[{"type":"text","text":"Long context"},{"type":"text","text":"Rules","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]}]})");
    const QJsonArray messages = doc.value("messages").toArray();
    QCOMPARE(messages.size(), 2);
    const QJsonArray system = messages[0].toObject().value("content").toArray();
    QCOMPARE(system.size(), 2);
    QVERIFY(!system[0].toObject().contains("cache_control"));
    QCOMPARE(system[1].toObject().value("cache_control").toObject().value("type").toString(),
             QStringLiteral("ephemeral"));
    QCOMPARE(messages[1]
                 .toObject()
                 .value("content")
                 .toArray()[0]
                 .toObject()
                 .value("cache_control")
                 .toObject()
                 .value("type")
                 .toString(),
             QStringLiteral("ephemeral"));
}

void TestAnthropicInbound::decodesImages()
{
    const QJsonObject doc = decoded(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},{"type":"text","text":"What is this?"}]}]})");
    const QJsonArray parts = doc.value("messages").toArray()[0].toObject().value("content").toArray();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts[0].toObject().value("type").toString(), QStringLiteral("image_url"));
    QCOMPARE(parts[0].toObject().value("image_url").toObject().value("url").toString(),
             QStringLiteral("data:image/png;base64,iVBORw0KGgo="));
    QCOMPARE(parts[1].toObject().value("image_url").toObject().value("url").toString(),
             QStringLiteral("https://example.com/cat.jpg"));
}

void TestAnthropicInbound::decodesToolUseRoundTrip()
{
    const QJsonObject doc = decoded(R"({"model":"m","max_tokens":5,"messages":[
        {"role":"user","content":"Weather in Paris and Rome?"},
        {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},{"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"boom"}],"is_error":true},{"type":"text","text":"Thanks"}]}]})");
    const QJsonArray messages = doc.value("messages").toArray();
    QCOMPARE(messages.size(), 5);
    const QJsonObject assistant = messages[1].toObject();
    QCOMPARE(assistant.value("content").toString(), QStringLiteral("Checking."));
    const QJsonArray calls = assistant.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].toObject().value("id").toString(), QStringLiteral("toolu_1"));
    QCOMPARE(calls[0].toObject().value("type").toString(), QStringLiteral("function"));
    QCOMPARE(calls[0].toObject().value("function").toObject().value("name").toString(),
             QStringLiteral("get_weather"));
    QCOMPARE(object(calls[1].toObject().value("function").toObject().value("arguments").toString().toUtf8()),
             QJsonObject({{"city", "Rome"}}));
    QCOMPARE(messages[2].toObject().value("role").toString(), QStringLiteral("tool"));
    QCOMPARE(messages[2].toObject().value("tool_call_id").toString(), QStringLiteral("toolu_1"));
    QCOMPARE(messages[2].toObject().value("content").toString(), QStringLiteral("18C"));
    QCOMPARE(messages[3].toObject().value("tool_call_id").toString(), QStringLiteral("toolu_2"));
    QCOMPARE(messages[3].toObject().value("content").toString(), QStringLiteral("Error: boom"));
    QCOMPARE(messages[4].toObject().value("role").toString(), QStringLiteral("user"));
}

void TestAnthropicInbound::decodesToolsAndChoice_data()
{
    QTest::addColumn<QByteArray>("choice");
    QTest::addColumn<QByteArray>("expected"); // compact JSON of tool_choice
    QTest::addColumn<bool>("parallel");
    QTest::newRow("auto") << QByteArray(R"({"type":"auto"})") << QByteArray(R"("auto")") << true;
    QTest::newRow("any") << QByteArray(R"({"type":"any"})") << QByteArray(R"("required")") << true;
    QTest::newRow("none") << QByteArray(R"({"type":"none"})") << QByteArray(R"("none")") << true;
    QTest::newRow("tool, no parallel")
        << QByteArray(R"({"type":"tool","name":"get_weather","disable_parallel_tool_use":true})")
        << QByteArray(R"({"function":{"name":"get_weather"},"type":"function"})") << false;
}

void TestAnthropicInbound::decodesToolsAndChoice()
{
    QFETCH(QByteArray, choice);
    QFETCH(QByteArray, expected);
    QFETCH(bool, parallel);
    const QJsonObject doc = decoded(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}],"tool_choice":)" +
        choice + "}");
    const QJsonObject tool = doc.value("tools").toArray()[0].toObject();
    QCOMPARE(tool.value("type").toString(), QStringLiteral("function"));
    QCOMPARE(tool.value("function").toObject().value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(tool.value("function").toObject().value("description").toString(), QStringLiteral("Weather"));
    QCOMPARE(tool.value("function").toObject().value("parameters").toObject().value("type").toString(),
             QStringLiteral("object"));
    QVERIFY(tool.contains("cache_control"));
    const QJsonValue got = doc.value("tool_choice");
    const QByteArray gotText = got.isString() ? '"' + got.toString().toUtf8() + '"'
                                              : QJsonDocument(got.toObject()).toJson(QJsonDocument::Compact);
    QCOMPARE(gotText, expected);
    QCOMPARE(doc.contains("parallel_tool_calls"), !parallel);
}

void TestAnthropicInbound::decodesSamplingAndStream()
{
    const QByteArray body =
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"stop_sequences":["END","STOP"],"temperature":0.25,"top_p":0.9,"top_k":5,"metadata":{"user_id":"u-42"},"stream":true})";
    Decoded<ChatRequest> result = decodeAnthropicMessages(body);
    QVERIFY(std::holds_alternative<ChatRequest>(result));
    const ChatRequest& request = std::get<ChatRequest>(result);
    QVERIFY(request.stream);
    QVERIFY(request.clientWantsUsage);
    const QJsonObject doc = object(serialize(*request.body));
    QCOMPARE(doc.value("stop").toArray(), QJsonArray({"END", "STOP"}));
    QCOMPARE(doc.value("temperature").toDouble(), 0.25);
    QCOMPARE(doc.value("top_p").toDouble(), 0.9);
    QCOMPARE(doc.value("user").toString(), QStringLiteral("u-42"));
    QVERIFY(!doc.contains("top_k"));
    QVERIFY(!doc.contains("metadata"));
    QCOMPARE(doc.value("stream_options").toObject().value("include_usage").toBool(), true);
}

void TestAnthropicInbound::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("param");
    const QByteArray msgs = R"("messages":[{"role":"user","content":"hi"}])";
    QTest::newRow("not json") << QByteArray("{nope") << QByteArray();
    QTest::newRow("array") << QByteArray("[]") << QByteArray();
    QTest::newRow("missing model") << QByteArray(R"({"max_tokens":5,)" + msgs + "}") << QByteArray("model");
    QTest::newRow("missing max_tokens")
        << QByteArray(R"({"model":"m",)" + msgs + "}") << QByteArray("max_tokens");
    QTest::newRow("zero max_tokens") << QByteArray(R"({"model":"m","max_tokens":0,)" + msgs + "}")
                                     << QByteArray("max_tokens");
    QTest::newRow("missing messages")
        << QByteArray(R"({"model":"m","max_tokens":5})") << QByteArray("messages");
    QTest::newRow("bad role")
        << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]})")
        << QByteArray("messages.0.role");
    QTest::newRow("bad block")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"video"}]}]})")
        << QByteArray("messages.0.content.0.type");
    QTest::newRow("bad image source")
        << QByteArray(
               R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file"}}]}]})")
        << QByteArray("messages.0.content.0.source.type");
    // Positions past the first, nested, in every kind of list the decoder names.
    QTest::newRow("third block of the second message")
        << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},)"
                      R"({"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},)"
                      R"({"type":"text","text":7}]}]})")
        << QByteArray("messages.1.content.2.text");
    QTest::newRow("tool_use without id in an assistant message")
        << QByteArray(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},)"
                      R"({"role":"assistant","content":[{"type":"text","text":"a"},{"type":"tool_use","name":"f"}]}]})")
        << QByteArray("messages.1.content.1");
    QTest::newRow("second system block")
        << QByteArray(R"({"model":"m","max_tokens":5,"system":[{"type":"text","text":"a"},{"type":"image"}],)" +
                      msgs + "}")
        << QByteArray("system.1.type");
    QTest::newRow("second tool") << QByteArray(R"({"model":"m","max_tokens":5,"tools":[)"
                                               R"({"name":"t","input_schema":{}},{"name":"u"}],)" +
                                               msgs + "}")
                                 << QByteArray("tools.1.input_schema");
    QTest::newRow("system number") << QByteArray(R"({"model":"m","max_tokens":5,"system":3,)" + msgs + "}")
                                   << QByteArray("system");
    QTest::newRow("tool without schema")
        << QByteArray(R"({"model":"m","max_tokens":5,"tools":[{"name":"t"}],)" + msgs + "}")
        << QByteArray("tools.0.input_schema");
    QTest::newRow("bad tool_choice")
        << QByteArray(R"({"model":"m","max_tokens":5,"tool_choice":{"type":"maybe"},)" + msgs + "}")
        << QByteArray("tool_choice.type");
    QTest::newRow("stream string") << QByteArray(R"({"model":"m","max_tokens":5,"stream":"yes",)" + msgs +
                                                 "}")
                                   << QByteArray("stream");
    QTest::newRow("temperature string")
        << QByteArray(R"({"model":"m","max_tokens":5,"temperature":"hot",)" + msgs + "}")
        << QByteArray("temperature");
}

void TestAnthropicInbound::rejectsBadInput()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, param);
    Decoded<ChatRequest> result = decodeAnthropicMessages(body);
    const ApiError* error = std::get_if<ApiError>(&result);
    QVERIFY(error);
    QCOMPARE(error->status, 400);
    QCOMPARE(error->param, param);
    QVERIFY(!error->message.isEmpty());
    if (param.contains('.')) // a position in the request: the message names it too
        QVERIFY2(error->message.contains(QString::fromUtf8(param)), qPrintable(error->message));
    const QJsonObject shape = object(anthropicErrorJson(*error));
    QCOMPARE(shape.value("type").toString(), QStringLiteral("error"));
    QCOMPARE(shape.value("error").toObject().value("type").toString(),
             QStringLiteral("invalid_request_error"));
}

void TestAnthropicInbound::errorShape_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("type");
    QTest::newRow("model not found") << ApiError::modelNotFound(QStringLiteral("x"))
                                     << QStringLiteral("not_found_error");
    QTest::newRow("rate limit") << ApiError{429, "rate_limit_error", {}, {}, QStringLiteral("slow"), {}}
                                << QStringLiteral("rate_limit_error");
    QTest::newRow("upstream") << ApiError::upstreamFailed(QStringLiteral("down"))
                              << QStringLiteral("api_error");
    QTest::newRow("overloaded") << ApiError{529, "upstream_error", {}, {}, QStringLiteral("busy"), {}}
                                << QStringLiteral("overloaded_error");
}

void TestAnthropicInbound::errorShape()
{
    QFETCH(ApiError, error);
    QFETCH(QString, type);
    error.headers.set("Retry-After", "3");
    const tollgate::http::HttpResponse response = anthropicErrorResponse(error);
    QCOMPARE(response.status, error.status);
    QCOMPARE(response.headers.value("retry-after"), std::string_view("3"));
    const QJsonObject body = object(response.body);
    QCOMPARE(body.value("type").toString(), QStringLiteral("error"));
    QCOMPARE(body.value("error").toObject().value("type").toString(), type);
    QCOMPARE(body.value("error").toObject().value("message").toString(), error.message);
}

void TestAnthropicInbound::encodesTextAnswer()
{
    const auto message = encodeAnthropicMessage(
        R"({"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"length"}],"usage":{"prompt_tokens":50,"completion_tokens":5,"total_tokens":55,"prompt_tokens_details":{"cached_tokens":40}}})");
    QVERIFY(message);
    const QJsonObject m = object(*message);
    QCOMPARE(m.value("id").toString(), QStringLiteral("msg_chatcmpl-9"));
    QCOMPARE(m.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(m.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(m.value("model").toString(), QStringLiteral("gpt-x"));
    const QJsonArray content = m.value("content").toArray();
    QCOMPARE(content.size(), 1);
    QCOMPARE(content[0].toObject(), QJsonObject({{"type", "text"}, {"text", "Hello!"}}));
    QCOMPARE(m.value("stop_reason").toString(), QStringLiteral("max_tokens"));
    QVERIFY(m.value("stop_sequence").isNull());
    const QJsonObject usage = m.value("usage").toObject();
    QCOMPARE(usage.value("input_tokens").toInt(), 10);
    QCOMPARE(usage.value("output_tokens").toInt(), 5);
    QCOMPARE(usage.value("cache_read_input_tokens").toInt(), 40);
    QCOMPARE(usage.value("cache_creation_input_tokens").toInt(), 0);
}

void TestAnthropicInbound::encodesToolUseAnswer_data()
{
    QTest::addColumn<QByteArray>("finish");
    QTest::addColumn<QString>("stop");
    QTest::newRow("tool_calls") << QByteArray("tool_calls") << QStringLiteral("tool_use");
    QTest::newRow("stop") << QByteArray("stop") << QStringLiteral("end_turn");
}

void TestAnthropicInbound::encodesToolUseAnswer()
{
    QFETCH(QByteArray, finish);
    QFETCH(QString, stop);
    const auto message = encodeAnthropicMessage(
        R"({"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_b","type":"function","function":{"name":"get_time","arguments":"not json"}}]},"finish_reason":")" +
        finish + R"("}]})");
    QVERIFY(message);
    const QJsonObject m = object(*message);
    const QJsonArray content = m.value("content").toArray();
    QCOMPARE(content.size(), 2);
    QCOMPARE(content[0].toObject().value("type").toString(), QStringLiteral("tool_use"));
    QCOMPARE(content[0].toObject().value("id").toString(), QStringLiteral("call_a"));
    QCOMPARE(content[0].toObject().value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(content[0].toObject().value("input").toObject(), QJsonObject({{"city", "Paris"}}));
    QCOMPARE(content[1].toObject().value("input").toObject(), QJsonObject());
    QCOMPARE(m.value("stop_reason").toString(), stop);
    QCOMPARE(m.value("usage").toObject().value("output_tokens").toInt(), 0);
}

void TestAnthropicInbound::rejectsNonCompletion()
{
    QVERIFY(!encodeAnthropicMessage("not json"));
    QVERIFY(!encodeAnthropicMessage(R"({"choices":[]})"));
    QVERIFY(!encodeAnthropicMessage(R"({"choices":[{"delta":{}}]})"));
}

void TestAnthropicInbound::translatesStream()
{
    AnthropicStreamEncoder encoder;
    QByteArray out;
    const QByteArray input = openAiStream();
    encoder.feed(std::string_view(input.constData(), size_t(input.size())), out);
    QVERIFY(!encoder.finished()); // the message ends at finish(), once usage is settled
    QVERIFY(!out.contains("message_delta"));
    encoder.finish(out);
    QVERIFY(encoder.finished());
    QVERIFY(!out.contains("[DONE]"));
    const QList<Event> e = events(out);
    QStringList names;
    for (const Event& ev : e)
        names << QString::fromUtf8(ev.name);
    QCOMPARE(names, QStringList({"message_start", "content_block_start", "content_block_delta",
                                 "content_block_delta", "content_block_stop", "content_block_start",
                                 "content_block_delta", "content_block_delta", "content_block_stop",
                                 "message_delta", "message_stop"}));
    for (const Event& ev : e)
        QCOMPARE(ev.data.value("type").toString(), QString::fromUtf8(ev.name));
    QCOMPARE(e[0].data.value("message").toObject().value("id").toString(), QStringLiteral("msg_chatcmpl-1"));
    QCOMPARE(e[1].data.value("content_block").toObject().value("type").toString(), QStringLiteral("text"));
    QCOMPARE(e[2].data.value("delta").toObject().value("text").toString(), QStringLiteral("Let me "));
    QCOMPARE(e[4].data.value("index").toInt(), 0);
    const QJsonObject toolBlock = e[5].data.value("content_block").toObject();
    QCOMPARE(e[5].data.value("index").toInt(), 1);
    QCOMPARE(toolBlock.value("type").toString(), QStringLiteral("tool_use"));
    QCOMPARE(toolBlock.value("id").toString(), QStringLiteral("call_1"));
    QCOMPARE(toolBlock.value("name").toString(), QStringLiteral("get_weather"));
    QString json;
    for (int i = 6; i <= 7; ++i) {
        QCOMPARE(e[i].data.value("delta").toObject().value("type").toString(),
                 QStringLiteral("input_json_delta"));
        json += e[i].data.value("delta").toObject().value("partial_json").toString();
    }
    QCOMPARE(object(json.toUtf8()), QJsonObject({{"city", "Paris"}}));
    const QJsonObject delta = e[9].data;
    QCOMPARE(delta.value("delta").toObject().value("stop_reason").toString(), QStringLiteral("tool_use"));
    QCOMPARE(delta.value("usage").toObject().value("output_tokens").toInt(), 7);
    QCOMPARE(delta.value("usage").toObject().value("input_tokens").toInt(), 10);
    QCOMPARE(delta.value("usage").toObject().value("cache_read_input_tokens").toInt(), 20);
    // Nothing after the end.
    QByteArray more;
    encoder.finish(more);
    QVERIFY(more.isEmpty());
}

void TestAnthropicInbound::streamByteByByteEqualsWhole()
{
    const QByteArray input = openAiStream();
    AnthropicStreamEncoder whole;
    QByteArray expected;
    whole.feed(std::string_view(input.constData(), size_t(input.size())), expected);
    whole.finish(expected);
    AnthropicStreamEncoder bytes;
    QByteArray got;
    for (char c : input)
        bytes.feed(std::string_view(&c, 1), got);
    bytes.finish(got);
    QCOMPARE(got, expected);
    QVERIFY(expected.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
}

void TestAnthropicInbound::streamEndsWithoutDone()
{
    AnthropicStreamEncoder encoder;
    QByteArray out;
    encoder.feed(
        R"(data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]})"
        "\n\n",
        out);
    QVERIFY(!encoder.finished());
    encoder.finish(out);
    const QList<Event> e = events(out);
    QCOMPARE(e.size(), 6);
    QCOMPARE(e[4].data.value("delta").toObject().value("stop_reason").toString(), QStringLiteral("end_turn"));
    QCOMPARE(e[5].name, QByteArray("message_stop"));
}

void TestAnthropicInbound::streamErrorMidway()
{
    AnthropicStreamEncoder encoder;
    QByteArray out;
    encoder.feed(R"(data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]})"
                 "\n\n"
                 R"(data: {"error":{"message":"provider broke","type":"upstream_error"}})"
                 "\n\n",
                 out);
    const QList<Event> e = events(out);
    QCOMPARE(e.last().name, QByteArray("error"));
    QCOMPARE(e.last().data.value("error").toObject().value("type").toString(), QStringLiteral("api_error"));
    QCOMPARE(e.last().data.value("error").toObject().value("message").toString(),
             QStringLiteral("provider broke"));
    QVERIFY(encoder.finished());
}

// Cache writes have no field in the OpenAI schema: the usage the provider reported is set directly.
void TestAnthropicInbound::settledUsageWins()
{
    const AnthropicUsage usage{12, 3, 100, 40};
    const auto message = encodeAnthropicMessage(
        R"({"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":152,"completion_tokens":3}})",
        &usage);
    QVERIFY(message);
    const QJsonObject u = object(*message).value("usage").toObject();
    QCOMPARE(u.value("input_tokens").toInt(), 12);
    QCOMPARE(u.value("output_tokens").toInt(), 3);
    QCOMPARE(u.value("cache_read_input_tokens").toInt(), 100);
    QCOMPARE(u.value("cache_creation_input_tokens").toInt(), 40);

    AnthropicStreamEncoder encoder;
    QByteArray out;
    const QByteArray input = openAiStream();
    encoder.feed(std::string_view(input.constData(), size_t(input.size())), out);
    encoder.setUsage(usage);
    encoder.finish(out);
    const QJsonObject delta = events(out).at(events(out).size() - 2).data.value("usage").toObject();
    QCOMPARE(delta.value("input_tokens").toInt(), 12);
    QCOMPARE(delta.value("cache_creation_input_tokens").toInt(), 40);
    QCOMPARE(delta.value("cache_read_input_tokens").toInt(), 100);
}

QTEST_GUILESS_MAIN(TestAnthropicInbound)
#include "tst_anthropicinbound.moc"

// The Anthropic Messages adapter: OpenAI requests to Messages requests, Messages answers and event
// streams back to OpenAI completions and chunks, usage with cache reads and writes, errors.
#include "adaptertest.h"

#include "config/configloader.h"
#include "providers/anthropicadapter.h"

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const providers::AnthropicAdapter& adapter()
{
    static const providers::AnthropicAdapter instance;
    return instance;
}

struct Built
{
    QByteArray body;
    http::UpstreamRequest request;
};

std::optional<Built> build(const QByteArray& openAiBody)
{
    auto request = chatRequest(openAiBody);
    if (!request)
        return std::nullopt;
    const ProviderConfig provider =
        providerConfig(QStringLiteral("anthropic"), QStringLiteral("https://api.anthropic.test/v1"));
    auto built = adapter().buildChatRequest(*request, provider, modelConfig(QStringLiteral("claude-x")));
    if (!built) {
        qWarning().noquote() << "build failed:" << built.error().message;
        return std::nullopt;
    }
    return Built{built->body, std::move(built).value()};
}

QJsonObject builtObject(const QByteArray& openAiBody)
{
    auto built = build(openAiBody);
    return built ? json(built->body).toObject() : QJsonObject();
}

QByteArray sseEvent(const char* type, const QByteArray& data)
{
    return QByteArray("event: ") + type + "\ndata: " + data + "\n\n";
}

// A stream with text, then two tool calls whose arguments arrive in fragments.
QByteArray textAndToolsStream()
{
    QByteArray s;
    s += sseEvent(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":4,"output_tokens":1}}})");
    s += sseEvent("content_block_start",
                  R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    s += sseEvent("ping", R"({"type": "ping"})");
    s += sseEvent("content_block_delta",
                  R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})");
    s +=
        sseEvent("content_block_delta",
                 R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" thére"}})");
    s += sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})");
    s += sseEvent(
        "content_block_start",
        R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"weather","input":{}}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\u0022city\u0022: \u0022Par"}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\u0022}"}})");
    s += sseEvent("content_block_stop", R"({"type":"content_block_stop","index":1})");
    s += sseEvent(
        "content_block_start",
        R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"time","input":{}}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}})");
    s += sseEvent("content_block_stop", R"({"type":"content_block_stop","index":2})");
    s += sseEvent(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":25}})");
    s += sseEvent("message_stop", R"({"type":"message_stop"})");
    return s;
}

const QByteArray kStreamRequest =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
const QByteArray kStreamRequestWithUsage =
    R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})";

} // namespace

class TestAnthropicAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestGolden();
    void endpointAndHeaders();
    void cacheControlMarkersSurvive();
    void systemAsPlainString();
    void toolChoice_data();
    void toolChoice();
    void maxTokens_data();
    void maxTokens();
    void responseFormat();
    void streamRequest();
    void unsupportedRequests_data();
    void unsupportedRequests();
    void responseGolden();
    void stopReasons_data();
    void stopReasons();
    void malformedAnswers_data();
    void malformedAnswers();
    void streamEvents();
    void streamSameWhateverTheSlicing();
    void streamUsageOnlyWhenAsked();
    void streamTextOnlyWithStopSequence();
    void streamErrorEventFails();
    void streamCutIsNotComplete();
    void streamMalformed_data();
    void streamMalformed();
    void errorMessages();
    void noEmbeddings();
    void configRefusesEmbeddingModels();
};

void TestAnthropicAdapter::requestGolden()
{
    const QByteArray openAi = R"({"model":"chat","messages":[
        {"role":"system","content":"be brief"},
        {"role":"developer","content":[{"type":"text","text":"answer in English"}]},
        {"role":"user","content":"hello"},
        {"role":"user","content":[{"type":"text","text":"look"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
            {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}}]},
        {"role":"assistant","content":"Let me check.","tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\",\"days\":2,\"ratio\":0.1}"}},
            {"id":"call_2","type":"function","function":{"name":"time","arguments":""}}]},
        {"role":"tool","tool_call_id":"call_1","content":"sunny"},
        {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"noon"}]},
        {"role":"user","content":"thanks"}],
      "tools":[{"type":"function","function":{"name":"weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
               {"type":"function","function":{"name":"time"}}],
      "tool_choice":"required","parallel_tool_calls":false,
      "max_completion_tokens":300,"temperature":0.5,"top_p":0.9,"stop":["END","STOP"],"user":"u-42",
      "seed":7,"presence_penalty":0.1,"stream_options":{"include_usage":true}})";
    const QByteArray expected = R"({"model":"claude-x","max_tokens":300,
      "system":[{"type":"text","text":"be brief"},{"type":"text","text":"answer in English"}],
      "messages":[
        {"role":"user","content":[{"type":"text","text":"hello"},{"type":"text","text":"look"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
            {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
        {"role":"assistant","content":[{"type":"text","text":"Let me check."},
            {"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Paris","days":2,"ratio":0.1}},
            {"type":"tool_use","id":"call_2","name":"time","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"sunny"},
            {"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"noon"}]},
            {"type":"text","text":"thanks"}]}],
      "tools":[{"name":"weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
               {"name":"time","input_schema":{"type":"object","properties":{}}}],
      "tool_choice":{"type":"any","disable_parallel_tool_use":true},
      "temperature":0.5,"top_p":0.9,"stop_sequences":["END","STOP"],"metadata":{"user_id":"u-42"}})";
    auto built = build(openAi);
    QVERIFY(built);
    COMPARE_JSON(built->body, expected);
    // Numbers in tool arguments keep their value exactly.
    QVERIFY(built->body.contains(R"("ratio":0.1)"));
}

void TestAnthropicAdapter::endpointAndHeaders()
{
    auto built = build(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(built);
    QCOMPARE(QByteArray::fromStdString(built->request.url),
             QByteArray("https://api.anthropic.test/v1/messages"));
    QCOMPARE(headerOf(built->request, "x-api-key"), QByteArray("sk-test"));
    QCOMPARE(headerOf(built->request, "anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(headerOf(built->request, "content-type"), QByteArray("application/json"));
    QVERIFY(headerOf(built->request, "authorization").isEmpty()); // the key goes in Anthropic's header only
    QCOMPARE(built->request.method, std::string("POST"));
}

void TestAnthropicAdapter::cacheControlMarkersSurvive()
{
    const QJsonObject body = builtObject(R"({"model":"m","messages":[
        {"role":"system","content":[{"type":"text","text":"long policy","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":[{"type":"text","text":"doc","cache_control":{"type":"ephemeral","ttl":"1h"}},{"type":"text","text":"question"}]}],
      "tools":[{"type":"function","function":{"name":"f"},"cache_control":{"type":"ephemeral"}}]})");
    COMPARE_JSON(QJsonDocument(body["system"].toArray()).toJson(),
                 R"([{"type":"text","text":"long policy","cache_control":{"type":"ephemeral"}}])");
    COMPARE_JSON(
        QJsonDocument(body["messages"].toArray()).toJson(),
        R"([{"role":"user","content":[{"type":"text","text":"doc","cache_control":{"type":"ephemeral","ttl":"1h"}},{"type":"text","text":"question"}]}])");
    QCOMPARE(body["tools"].toArray().at(0).toObject()["cache_control"].toObject()["type"].toString(),
             QStringLiteral("ephemeral"));
}

void TestAnthropicAdapter::systemAsPlainString()
{
    const QJsonObject body = builtObject(
        R"({"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":""},{"role":"user","content":"again"}]})");
    QCOMPARE(body["system"].toString(), QStringLiteral("be brief"));
    // The empty assistant turn is dropped (Anthropic refuses empty turns), so the user turns merge.
    COMPARE_JSON(
        QJsonDocument(body["messages"].toArray()).toJson(),
        R"([{"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"again"}]}])");
}

void TestAnthropicAdapter::toolChoice_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QByteArray>("expected"); // tool_choice, or "absent"
    QTest::newRow("auto") << QByteArray(R"(,"tool_choice":"auto")") << QByteArray(R"({"type":"auto"})");
    QTest::newRow("none") << QByteArray(R"(,"tool_choice":"none")") << QByteArray(R"({"type":"none"})");
    QTest::newRow("required") << QByteArray(R"(,"tool_choice":"required")")
                              << QByteArray(R"({"type":"any"})");
    QTest::newRow("function") << QByteArray(R"(,"tool_choice":{"type":"function","function":{"name":"f"}})")
                              << QByteArray(R"({"type":"tool","name":"f"})");
    QTest::newRow("default") << QByteArray() << QByteArray("absent");
    QTest::newRow("serial only") << QByteArray(R"(,"parallel_tool_calls":false)")
                                 << QByteArray(R"({"type":"auto","disable_parallel_tool_use":true})");
    QTest::newRow("parallel true") << QByteArray(R"(,"parallel_tool_calls":true)") << QByteArray("absent");
    QTest::newRow("function, serial")
        << QByteArray(
               R"(,"tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false)")
        << QByteArray(R"({"type":"tool","name":"f","disable_parallel_tool_use":true})");
    QTest::newRow("none, serial") << QByteArray(R"(,"tool_choice":"none","parallel_tool_calls":false)")
                                  << QByteArray(R"({"type":"none"})");
}

void TestAnthropicAdapter::toolChoice()
{
    QFETCH(QByteArray, extra);
    QFETCH(QByteArray, expected);
    const QJsonObject body = builtObject(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}])" +
        extra + "}");
    QVERIFY(!body.isEmpty());
    if (expected == "absent")
        QVERIFY(!body.contains("tool_choice"));
    else
        COMPARE_JSON(QJsonDocument(body["tool_choice"].toObject()).toJson(), expected);
}

void TestAnthropicAdapter::maxTokens_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<int>("expected");
    QTest::newRow("default") << QByteArray() << 4096;
    QTest::newRow("max_tokens") << QByteArray(R"(,"max_tokens":12)") << 12;
    QTest::newRow("max_completion_tokens wins")
        << QByteArray(R"(,"max_tokens":12,"max_completion_tokens":34)") << 34;
}

void TestAnthropicAdapter::maxTokens()
{
    QFETCH(QByteArray, extra);
    QFETCH(int, expected);
    const QJsonObject body =
        builtObject(R"({"model":"m","messages":[{"role":"user","content":"hi"}])" + extra + "}");
    QCOMPARE(body["max_tokens"].toInt(), expected);
}

void TestAnthropicAdapter::responseFormat()
{
    const QJsonObject schemaBody = builtObject(R"({"model":"m","messages":[{"role":"user","content":"hi"}],
        "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":{"type":"object","properties":{"reply":{"type":"string"}},"required":["reply"],"additionalProperties":false}}}})");
    COMPARE_JSON(
        QJsonDocument(schemaBody["output_config"].toObject()).toJson(),
        R"({"format":{"type":"json_schema","schema":{"type":"object","properties":{"reply":{"type":"string"}},"required":["reply"],"additionalProperties":false}}})");
    QVERIFY(!schemaBody.contains("system"));

    const QJsonObject objectBody = builtObject(
        R"({"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}})");
    const QJsonArray system = objectBody["system"].toArray();
    QCOMPARE(system.size(), 2);
    QCOMPARE(system.at(0).toObject()["text"].toString(), QStringLiteral("be brief"));
    QVERIFY(system.at(1).toObject()["text"].toString().contains(QLatin1String("JSON object")));
    QVERIFY(!objectBody.contains("output_config"));

    const QJsonObject textBody = builtObject(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"text"}})");
    QVERIFY(!textBody.contains("output_config") && !textBody.contains("system"));
}

void TestAnthropicAdapter::streamRequest()
{
    auto built = build(kStreamRequestWithUsage);
    QVERIFY(built);
    const QJsonObject body = json(built->body).toObject();
    QCOMPARE(body["stream"].toBool(), true);
    QVERIFY(!body.contains("stream_options")); // an OpenAI field Anthropic would refuse
    QCOMPARE(headerOf(built->request, "accept"), QByteArray("text/event-stream"));
}

void TestAnthropicAdapter::unsupportedRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    const QByteArray user = R"({"role":"user","content":"hi"})";
    QTest::newRow("arguments not JSON")
        << QByteArray(
               R"({"model":"m","messages":[)" + user +
               R"(,{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{not json"}}]},{"role":"tool","tool_call_id":"c","content":"x"}]})")
        << QStringLiteral("messages[1].tool_calls[0].function.arguments must be a JSON object");
    QTest::newRow("arguments an array")
        << QByteArray(
               R"({"model":"m","messages":[)" + user +
               R"(,{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]})")
        << QStringLiteral("must be a JSON object");
    QTest::newRow("n=2") << QByteArray(R"({"model":"m","n":2,"messages":[)" + user + "]}")
                         << QStringLiteral("n must be 1");
    QTest::newRow("logprobs") << QByteArray(R"({"model":"m","logprobs":true,"messages":[)" + user + "]}")
                              << QStringLiteral("logprobs");
    QTest::newRow("image by ftp")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]})")
        << QStringLiteral("messages[0].content[0].image_url.url");
    QTest::newRow("audio part")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]})")
        << QStringLiteral("input_audio");
    QTest::newRow("legacy function role") << QByteArray(R"({"model":"m","messages":[)" + user +
                                                        R"(,{"role":"function","name":"f","content":"x"}]})")
                                          << QStringLiteral("legacy role 'function'");
    QTest::newRow("tool without id") << QByteArray(R"({"model":"m","messages":[)" + user +
                                                   R"(,{"role":"tool","content":"x"}]})")
                                     << QStringLiteral("tool_call_id");
    QTest::newRow("unknown tool_choice")
        << QByteArray(
               R"({"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes","messages":[)" +
               user + "]}")
        << QStringLiteral("tool_choice 'sometimes'");
    QTest::newRow("non-function tool")
        << QByteArray(R"({"model":"m","tools":[{"type":"retrieval"}],"messages":[)" + user + "]}")
        << QStringLiteral("tools[0]");
    QTest::newRow("json_schema without schema")
        << QByteArray(
               R"({"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"x"}},"messages":[)" +
               user + "]}")
        << QStringLiteral("json_schema.schema");
    QTest::newRow("image in a system message")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},)" +
               user + "]}")
        << QStringLiteral("system message must be a text part");
    QTest::newRow("file that is not a PDF")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:text/plain;base64,aGk="}}]}]})")
        << QStringLiteral("only PDF files");
}

void TestAnthropicAdapter::unsupportedRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    auto request = chatRequest(body);
    QVERIFY(request);
    auto built = adapter().buildChatRequest(
        *request, providerConfig(QStringLiteral("anthropic"), QStringLiteral("https://a.test/v1")),
        modelConfig(QStringLiteral("claude-x")));
    QVERIFY(!built);
    QVERIFY2(built.error().message.contains(message), qPrintable(built.error().message));
}

void TestAnthropicAdapter::responseGolden()
{
    const QByteArray answer = R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-x",
        "content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Hello"},{"type":"text","text":" wörld"},
                   {"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris","n":1.5}}],
        "stop_reason":"tool_use","stop_sequence":null,
        "usage":{"input_tokens":10,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":7}})";
    auto translated = adapter().translateChatResponse(answer);
    QVERIFY(translated);
    const QByteArray expected1 = R"({"id":"msg_01","object":"chat.completion","created":0,"model":"claude-x",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello wörld","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\",\"n\":1.5}"}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":60,"completion_tokens":7,"total_tokens":67,"prompt_tokens_details":{"cached_tokens":30},"completion_tokens_details":{"reasoning_tokens":0}}})";
    COMPARE_JSON(normalized(translated->body), expected1);
    QVERIFY(json(translated->body).toObject()["created"].toInteger() > 1700000000);
    QVERIFY(translated->usage.reported);
    QCOMPARE(translated->usage.inputTokens, 60);
    QCOMPARE(translated->usage.cachedInputTokens, 30);
    QCOMPARE(translated->usage.cacheWriteInputTokens, 20);
    QCOMPARE(translated->usage.outputTokens, 7);

    // Only tool calls: content is null, as OpenAI gives it.
    auto toolsOnly = adapter().translateChatResponse(
        R"({"id":"m","type":"message","model":"c","content":[{"type":"tool_use","id":"t","name":"f","input":{}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}})");
    QVERIFY(toolsOnly);
    const QJsonObject message =
        json(toolsOnly->body).toObject()["choices"].toArray().at(0).toObject()["message"].toObject();
    QVERIFY(message["content"].isNull());
    QCOMPARE(message["tool_calls"].toArray().at(0).toObject()["function"].toObject()["arguments"].toString(),
             QStringLiteral("{}"));
}

void TestAnthropicAdapter::stopReasons_data()
{
    QTest::addColumn<QByteArray>("stopReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("end_turn") << QByteArray("\"end_turn\"") << QStringLiteral("stop");
    QTest::newRow("stop_sequence") << QByteArray("\"stop_sequence\"") << QStringLiteral("stop");
    QTest::newRow("max_tokens") << QByteArray("\"max_tokens\"") << QStringLiteral("length");
    QTest::newRow("tool_use") << QByteArray("\"tool_use\"") << QStringLiteral("tool_calls");
    QTest::newRow("refusal") << QByteArray("\"refusal\"") << QStringLiteral("content_filter");
    QTest::newRow("pause_turn") << QByteArray("\"pause_turn\"") << QStringLiteral("stop");
    QTest::newRow("context window") << QByteArray("\"model_context_window_exceeded\"")
                                    << QStringLiteral("length");
    QTest::newRow("null") << QByteArray("null") << QStringLiteral("stop");
}

void TestAnthropicAdapter::stopReasons()
{
    QFETCH(QByteArray, stopReason);
    QFETCH(QString, finishReason);
    auto translated = adapter().translateChatResponse(
        R"({"id":"m","type":"message","model":"c","content":[{"type":"text","text":"x"}],"stop_reason":)" +
        stopReason + R"(,"usage":{"input_tokens":1,"output_tokens":1}})");
    QVERIFY(translated);
    QCOMPARE(
        json(translated->body).toObject()["choices"].toArray().at(0).toObject()["finish_reason"].toString(),
        finishReason);
}

void TestAnthropicAdapter::malformedAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not JSON") << QByteArray("<html>");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("error object") << QByteArray(
        R"({"type":"error","error":{"type":"api_error","message":"x"}})");
    QTest::newRow("content not an array") << QByteArray(R"({"type":"message","content":"hi"})");
    QTest::newRow("negative usage") << QByteArray(
        R"({"type":"message","content":[],"usage":{"input_tokens":-1}})");
    QTest::newRow("usage as text") << QByteArray(
        R"({"type":"message","content":[],"usage":{"output_tokens":"7"}})");
    QTest::newRow("tool_use without id")
        << QByteArray(R"({"type":"message","content":[{"type":"tool_use","name":"f","input":{}}]})");
}

void TestAnthropicAdapter::malformedAnswers()
{
    QFETCH(QByteArray, body);
    QVERIFY(!adapter().translateChatResponse(body));
}

void TestAnthropicAdapter::streamEvents()
{
    auto request = chatRequest(kStreamRequestWithUsage);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, textAndToolsStream(), 0);
    QVERIFY(run.ok);
    QVERIFY(run.complete);
    const QList<QByteArray> data = sseData(run.out);
    const QList<QByteArray> expectedDeltas = {
        R"({"role":"assistant","content":""})",
        R"({"content":"Hi"})",
        R"({"content":" thére"})",
        R"({"tool_calls":[{"index":0,"id":"toolu_a","type":"function","function":{"name":"weather","arguments":""}}]})",
        R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \"Par"}}]})",
        R"({"tool_calls":[{"index":0,"function":{"arguments":"is\"}"}}]})",
        R"({"tool_calls":[{"index":1,"id":"toolu_b","type":"function","function":{"name":"time","arguments":""}}]})",
        R"({"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]})",
        R"({})",
    };
    QCOMPARE(data.size(), expectedDeltas.size() + 2); // + usage chunk + [DONE]
    for (int i = 0; i < expectedDeltas.size(); ++i) {
        const QJsonObject chunk = json(data[i]).toObject();
        QCOMPARE(chunk["object"].toString(), QStringLiteral("chat.completion.chunk"));
        QCOMPARE(chunk["id"].toString(), QStringLiteral("msg_1"));
        QCOMPARE(chunk["model"].toString(), QStringLiteral("claude-x"));
        const QJsonObject choice = chunk["choices"].toArray().at(0).toObject();
        COMPARE_JSON(QJsonDocument(choice["delta"].toObject()).toJson(), expectedDeltas[i]);
        if (i + 1 == expectedDeltas.size())
            QCOMPARE(choice["finish_reason"].toString(), QStringLiteral("tool_calls"));
        else
            QVERIFY(choice["finish_reason"].isNull());
    }
    const QJsonObject usage = json(data[data.size() - 2]).toObject();
    QVERIFY(usage["choices"].toArray().isEmpty());
    COMPARE_JSON(
        QJsonDocument(usage["usage"].toObject()).toJson(),
        R"({"prompt_tokens":14,"completion_tokens":25,"total_tokens":39,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0}})");
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    QCOMPARE(run.usage.inputTokens, 14);
    QCOMPARE(run.usage.outputTokens, 25);
    QCOMPARE(run.usage.cachedInputTokens, 4);
    // The argument fragments of the first call concatenate to its input.
    QString arguments;
    for (const QByteArray& d : data.mid(0, data.size() - 2)) {
        const QJsonArray calls = json(d)
                                     .toObject()["choices"]
                                     .toArray()
                                     .at(0)
                                     .toObject()["delta"]
                                     .toObject()["tool_calls"]
                                     .toArray();
        if (!calls.isEmpty() && calls.at(0).toObject()["index"].toInt() == 0)
            arguments += calls.at(0).toObject()["function"].toObject()["arguments"].toString();
    }
    QCOMPARE(arguments, QStringLiteral(R"({"city": "Paris"})"));
}

void TestAnthropicAdapter::streamSameWhateverTheSlicing()
{
    auto request = chatRequest(kStreamRequestWithUsage);
    QVERIFY(request);
    const QByteArray wire = textAndToolsStream();
    const StreamRun whole = runStream(adapter(), *request, wire, 0);
    QVERIFY(whole.ok && whole.complete);
    for (int step : {1, 2, 7, 64}) {
        const StreamRun sliced = runStream(adapter(), *request, wire, step);
        QVERIFY(sliced.ok && sliced.complete);
        QCOMPARE(normalized(sliced.out), normalized(whole.out));
    }
    QByteArray crlf = wire;
    crlf.replace("\n", "\r\n");
    const StreamRun crlfRun = runStream(adapter(), *request, crlf, 3);
    QVERIFY(crlfRun.ok && crlfRun.complete);
    QCOMPARE(normalized(crlfRun.out), normalized(whole.out));
}

void TestAnthropicAdapter::streamUsageOnlyWhenAsked()
{
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, textAndToolsStream(), 5);
    QVERIFY(run.ok && run.complete);
    const QList<QByteArray> data = sseData(run.out);
    for (const QByteArray& d : data.mid(0, data.size() - 1))
        QVERIFY(!json(d).toObject()["choices"].toArray().isEmpty());
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    QCOMPARE(run.usage.outputTokens, 25); // the gateway still learns usage
}

void TestAnthropicAdapter::streamTextOnlyWithStopSequence()
{
    QByteArray s;
    s += sseEvent(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-x","content":[],"usage":{"input_tokens":3,"output_tokens":1}}})");
    s += sseEvent(
        "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"let me think"}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}})");
    s += sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})");
    s += sseEvent("content_block_start",
                  R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})");
    s += sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"one two"}})");
    s += sseEvent("content_block_stop", R"({"type":"content_block_stop","index":1})");
    s += sseEvent(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"three"},"usage":{"output_tokens":2}})");
    s += sseEvent("future_event", R"({"type":"future_event","whatever":1})");
    s += sseEvent("message_stop", R"({"type":"message_stop"})");
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, s, 0);
    QVERIFY(run.ok && run.complete);
    const QList<QByteArray> data = sseData(run.out);
    QCOMPARE(data.size(), 4); // role, "one two", finish, [DONE]: thinking never reaches the client
    QCOMPARE(json(data[1])
                 .toObject()["choices"]
                 .toArray()
                 .at(0)
                 .toObject()["delta"]
                 .toObject()["content"]
                 .toString(),
             QStringLiteral("one two"));
    QCOMPARE(json(data[2]).toObject()["choices"].toArray().at(0).toObject()["finish_reason"].toString(),
             QStringLiteral("stop"));
}

void TestAnthropicAdapter::streamErrorEventFails()
{
    QByteArray s = textAndToolsStream();
    s.truncate(s.indexOf("event: content_block_stop"));
    s += sseEvent("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, s, 0);
    QVERIFY(!run.ok);
    QVERIFY(!run.complete);
    QCOMPARE(run.error, QStringLiteral("Overloaded (overloaded_error)"));
    QVERIFY(runStream(adapter(), *request, sseEvent("message_start", "{oops"), 0)
                .error.isEmpty()); // malformed: no message
}

void TestAnthropicAdapter::streamCutIsNotComplete()
{
    QByteArray s = textAndToolsStream();
    s.truncate(s.indexOf("event: message_stop"));
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, s, 0);
    QVERIFY(run.ok);
    QVERIFY(!run.complete);
    QVERIFY(!run.out.contains("[DONE]"));
}

void TestAnthropicAdapter::streamMalformed_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("not JSON") << sseEvent("message_start", "{oops");
    QTest::newRow("arguments for an unknown block") << sseEvent(
        "content_block_delta",
        R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{"}})");
    QTest::newRow("delta without index") << sseEvent(
        "content_block_delta", R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}})");
    QTest::newRow("message_start without message")
        << sseEvent("message_start", R"({"type":"message_start"})");
    QTest::newRow("negative usage") << sseEvent(
        "message_delta", R"({"type":"message_delta","delta":{},"usage":{"output_tokens":-3}})");
}

void TestAnthropicAdapter::streamMalformed()
{
    QFETCH(QByteArray, wire);
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    QVERIFY(!runStream(adapter(), *request, wire, 0).ok);
}

void TestAnthropicAdapter::errorMessages()
{
    QCOMPARE(adapter().errorMessage(
                 R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"),
             QStringLiteral("Overloaded (overloaded_error)"));
    QCOMPARE(adapter().errorMessage(
                 R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})"),
             QStringLiteral("slow down (rate_limit_error)"));
    QVERIFY(adapter().errorMessage("<html>bad gateway</html>").isEmpty());
    QVERIFY(adapter().errorMessage(R"({"error":"text"})").isEmpty());
}

void TestAnthropicAdapter::noEmbeddings()
{
    QVERIFY(!adapter().supportsEmbeddings());
    auto request = embeddingsRequest(R"({"model":"e","input":"x"})");
    QVERIFY(request);
    QVERIFY(!adapter().buildEmbeddingsRequest(
        *request, providerConfig(QStringLiteral("anthropic"), QStringLiteral("https://a.test/v1")),
        modelConfig(QStringLiteral("e"))));
}

void TestAnthropicAdapter::configRefusesEmbeddingModels()
{
    const QByteArray yaml = "providers:\n"
                            "  - name: claude\n"
                            "    kind: anthropic\n"
                            "    base_url: https://api.anthropic.com/v1\n"
                            "    region: us\n"
                            "    models:\n"
                            "      - name: claude-sonnet-4-5\n"
                            "      - name: claude-embed\n"
                            "        type: embeddings\n";
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml, [](const QString&) { return QByteArray(); });
    QVERIFY(!loaded.ok());
    bool found = false;
    for (const ConfigIssue& issue : loaded.issues) {
        if (issue.message.contains(QLatin1String("has no embeddings"))) {
            found = true;
            QCOMPARE(issue.line, 9);
            QVERIFY(issue.message.contains(QLatin1String("anthropic")));
        }
    }
    QVERIFY(found);
}

QTEST_GUILESS_MAIN(TestAnthropicAdapter)
#include "tst_anthropicadapter.moc"

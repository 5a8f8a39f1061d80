#include "api/json.h"
#include "api/responsesinbound.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate::api;

class TestResponsesInbound : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesStringInputAndInstructions();
    void decodesMessagesAndParts();
    void decodesFunctionCallRoundTrip();
    void decodesToolsChoiceFormatAndSampling();
    void streamAlwaysAsksForUsage();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void encodesTextAnswer();
    void encodesToolCallsAndIncomplete();
    void settledUsageWins();
    void rejectsNonCompletion();
};

namespace {

QJsonObject object(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

// The chat request a Responses body decodes to, as a JSON object.
QJsonObject decoded(const QByteArray& body)
{
    Decoded<ChatRequest> result = decodeResponsesRequest(body);
    if (auto* error = std::get_if<ApiError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return object(serialize(*std::get<ChatRequest>(result).body));
}

QJsonArray messages(const QByteArray& body)
{
    return decoded(body).value(QStringLiteral("messages")).toArray();
}

} // namespace

void TestResponsesInbound::decodesStringInputAndInstructions()
{
    const QJsonObject chat = decoded(R"({"model":"m","instructions":"Be brief.","input":"hello"})");
    QCOMPARE(chat.value("model").toString(), QStringLiteral("m"));
    const QJsonArray msgs = chat.value("messages").toArray();
    QCOMPARE(msgs.size(), 2);
    QCOMPARE(msgs[0].toObject().value("role").toString(), QStringLiteral("system"));
    QCOMPARE(msgs[0].toObject().value("content").toString(), QStringLiteral("Be brief."));
    QCOMPARE(msgs[1].toObject().value("role").toString(), QStringLiteral("user"));
    QCOMPARE(msgs[1].toObject().value("content").toString(), QStringLiteral("hello"));
    QVERIFY(!chat.contains("stream"));
}

void TestResponsesInbound::decodesMessagesAndParts()
{
    const QJsonArray msgs = messages(R"({"model":"m","input":[
        {"role":"developer","content":"rules"},
        {"role":"user","content":[{"type":"input_text","text":"look"},
                                  {"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"low"},
                                  {"type":"input_file","file_data":"data:application/pdf;base64,JVBE","filename":"a.pdf"}]},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"seen ","annotations":[]},
                                                         {"type":"output_text","text":"it","annotations":[]}]},
        {"type":"reasoning","id":"rs_1","summary":[]},
        {"role":"user","content":"next"}]})");
    QCOMPARE(msgs.size(), 4); // the reasoning item has no place in the chat schema
    QCOMPARE(msgs[0].toObject().value("role").toString(), QStringLiteral("system"));
    const QJsonArray parts = msgs[1].toObject().value("content").toArray();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts[0].toObject().value("type").toString(), QStringLiteral("text"));
    QCOMPARE(parts[0].toObject().value("text").toString(), QStringLiteral("look"));
    QCOMPARE(parts[1].toObject().value("type").toString(), QStringLiteral("image_url"));
    QCOMPARE(parts[1].toObject().value("image_url").toObject().value("url").toString(),
             QStringLiteral("data:image/png;base64,AAAA"));
    QCOMPARE(parts[1].toObject().value("image_url").toObject().value("detail").toString(),
             QStringLiteral("low"));
    QCOMPARE(parts[2].toObject().value("type").toString(), QStringLiteral("file"));
    QCOMPARE(parts[2].toObject().value("file").toObject().value("filename").toString(),
             QStringLiteral("a.pdf"));
    QCOMPARE(msgs[2].toObject().value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(msgs[2].toObject().value("content").toString(), QStringLiteral("seen it"));
    QCOMPARE(msgs[3].toObject().value("content").toString(), QStringLiteral("next"));
}

void TestResponsesInbound::decodesFunctionCallRoundTrip()
{
    // Two calls in a row are one assistant message with two tool calls, followed by their results.
    const QJsonArray msgs = messages(R"({"model":"m","input":[
        {"role":"user","content":"weather in Paris and Rome"},
        {"type":"function_call","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
        {"type":"function_call","call_id":"call_b","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
        {"type":"function_call_output","call_id":"call_a","output":"21 C"},
        {"type":"function_call_output","call_id":"call_b","output":[{"type":"input_text","text":"25 C"}]}]})");
    QCOMPARE(msgs.size(), 4);
    const QJsonObject assistant = msgs[1].toObject();
    QCOMPARE(assistant.value("role").toString(), QStringLiteral("assistant"));
    QVERIFY(assistant.value("content").isNull());
    const QJsonArray calls = assistant.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].toObject().value("id").toString(), QStringLiteral("call_a"));
    QCOMPARE(calls[0].toObject().value("type").toString(), QStringLiteral("function"));
    QCOMPARE(calls[1].toObject().value("function").toObject().value("arguments").toString(),
             QStringLiteral("{\"city\":\"Rome\"}"));
    QCOMPARE(msgs[2].toObject().value("role").toString(), QStringLiteral("tool"));
    QCOMPARE(msgs[2].toObject().value("tool_call_id").toString(), QStringLiteral("call_a"));
    QCOMPARE(msgs[2].toObject().value("content").toString(), QStringLiteral("21 C"));
    QCOMPARE(msgs[3].toObject().value("content").toString(), QStringLiteral("25 C"));
}

void TestResponsesInbound::decodesToolsChoiceFormatAndSampling()
{
    const QJsonObject chat = decoded(R"({"model":"m","input":"x",
        "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"},"strict":true}],
        "tool_choice":{"type":"function","name":"f"},"parallel_tool_calls":false,
        "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true}},
        "temperature":0.3,"top_p":0.9,"max_output_tokens":77,"reasoning":{"effort":"low"},
        "safety_identifier":"u-1","store":true,"metadata":{"a":"b"}})");
    const QJsonObject fn = chat.value("tools").toArray()[0].toObject().value("function").toObject();
    QCOMPARE(fn.value("name").toString(), QStringLiteral("f"));
    QCOMPARE(fn.value("description").toString(), QStringLiteral("d"));
    QCOMPARE(fn.value("strict").toBool(), true);
    QCOMPARE(chat.value("tool_choice").toObject().value("function").toObject().value("name").toString(),
             QStringLiteral("f"));
    QCOMPARE(chat.value("parallel_tool_calls").toBool(true), false);
    const QJsonObject format = chat.value("response_format").toObject();
    QCOMPARE(format.value("type").toString(), QStringLiteral("json_schema"));
    QCOMPARE(format.value("json_schema").toObject().value("name").toString(), QStringLiteral("out"));
    QCOMPARE(chat.value("temperature").toDouble(), 0.3);
    QCOMPARE(chat.value("top_p").toDouble(), 0.9);
    QCOMPARE(chat.value("max_tokens").toInt(), 77);
    QCOMPARE(chat.value("reasoning_effort").toString(), QStringLiteral("low"));
    QCOMPARE(chat.value("user").toString(), QStringLiteral("u-1"));
    QVERIFY(!chat.contains("store")); // nothing is kept anywhere either way
    QVERIFY(!chat.contains("metadata"));

    QCOMPARE(decoded(R"({"model":"m","input":"x","tool_choice":"required"})").value("tool_choice").toString(),
             QStringLiteral("required"));
    QCOMPARE(decoded(R"({"model":"m","input":"x","text":{"format":{"type":"json_object"}}})")
                 .value("response_format")
                 .toObject()
                 .value("type")
                 .toString(),
             QStringLiteral("json_object"));
    QVERIFY(!decoded(R"({"model":"m","input":"x","text":{"format":{"type":"text"}}})")
                 .contains("response_format"));
}

void TestResponsesInbound::streamAlwaysAsksForUsage()
{
    Decoded<ChatRequest> result = decodeResponsesRequest(R"({"model":"m","input":"x","stream":true})");
    QVERIFY(std::holds_alternative<ChatRequest>(result));
    const ChatRequest& request = std::get<ChatRequest>(result);
    QVERIFY(request.stream);
    QVERIFY(request.clientWantsUsage); // response.completed reports usage
    const QJsonObject chat = object(serialize(*request.body));
    QCOMPARE(chat.value("stream_options").toObject().value("include_usage").toBool(), true);
}

void TestResponsesInbound::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("param");
    QTest::newRow("not json") << QByteArray("{") << QByteArray();
    QTest::newRow("no model") << QByteArray(R"({"input":"x"})") << QByteArray("model");
    QTest::newRow("no input") << QByteArray(R"({"model":"m"})") << QByteArray("input");
    QTest::newRow("empty input") << QByteArray(R"({"model":"m","input":[]})") << QByteArray("input");
    QTest::newRow("bad role") << QByteArray(R"({"model":"m","input":[{"role":"tool","content":"x"}]})")
                              << QByteArray("input.0.role");
    QTest::newRow("image by file id")
        << QByteArray(
               R"({"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]})")
        << QByteArray("input.0.content.0.image_url");
    QTest::newRow("unknown part")
        << QByteArray(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_audio"}]}]})")
        << QByteArray("input.0.content.0.type");
    QTest::newRow("item reference") << QByteArray(
                                           R"({"model":"m","input":[{"type":"item_reference","id":"x"}]})")
                                    << QByteArray("input.0.type");
    QTest::newRow("call without id")
        << QByteArray(R"({"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]})")
        << QByteArray("input.0.call_id");
    QTest::newRow("previous response")
        << QByteArray(R"({"model":"m","input":"x","previous_response_id":"resp_1"})")
        << QByteArray("previous_response_id");
    QTest::newRow("stored prompt") << QByteArray(R"({"model":"m","input":"x","prompt":{"id":"pmpt_1"}})")
                                   << QByteArray("prompt");
    QTest::newRow("background") << QByteArray(R"({"model":"m","input":"x","background":true})")
                                << QByteArray("background");
    QTest::newRow("hosted tool") << QByteArray(R"({"model":"m","input":"x","tools":[{"type":"web_search"}]})")
                                 << QByteArray("tools.0.type");
    QTest::newRow("bad tool choice") << QByteArray(R"({"model":"m","input":"x","tool_choice":"sometimes"})")
                                     << QByteArray("tool_choice");
    QTest::newRow("bad max tokens") << QByteArray(R"({"model":"m","input":"x","max_output_tokens":0})")
                                    << QByteArray("max_output_tokens");
    QTest::newRow("bad temperature") << QByteArray(R"({"model":"m","input":"x","temperature":"hot"})")
                                     << QByteArray("temperature");
    QTest::newRow("bad format") << QByteArray(
                                       R"({"model":"m","input":"x","text":{"format":{"type":"yaml"}}})")
                                << QByteArray("text.format.type");
    QTest::newRow("bad stream") << QByteArray(R"({"model":"m","input":"x","stream":"yes"})")
                                << QByteArray("stream");
}

void TestResponsesInbound::rejectsBadInput()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, param);
    Decoded<ChatRequest> result = decodeResponsesRequest(body);
    auto* error = std::get_if<ApiError>(&result);
    QVERIFY(error);
    QCOMPARE(error->status, 400);
    QCOMPARE(error->param, param);
    QVERIFY(!error->message.isEmpty());
}

void TestResponsesInbound::encodesTextAnswer()
{
    const QByteArray completion =
        R"({"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"gpt-x","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}})";
    const std::optional<QByteArray> out = encodeResponse(completion, responseIdFor("req_0123abcd"));
    QVERIFY(out);
    const QJsonObject r = object(*out);
    QCOMPARE(r.value("id").toString(), QStringLiteral("resp_0123abcd"));
    QCOMPARE(r.value("object").toString(), QStringLiteral("response"));
    QCOMPARE(r.value("created_at").toInteger(), 1700000000);
    QCOMPARE(r.value("status").toString(), QStringLiteral("completed"));
    QVERIFY(r.value("incomplete_details").isNull());
    QCOMPARE(r.value("model").toString(), QStringLiteral("gpt-x"));
    const QJsonArray output = r.value("output").toArray();
    QCOMPARE(output.size(), 1);
    const QJsonObject message = output[0].toObject();
    QCOMPARE(message.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(message.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(message.value("status").toString(), QStringLiteral("completed"));
    QVERIFY(message.value("id").toString().startsWith(QStringLiteral("msg_")));
    const QJsonObject part = message.value("content").toArray()[0].toObject();
    QCOMPARE(part.value("type").toString(), QStringLiteral("output_text"));
    QCOMPARE(part.value("text").toString(), QStringLiteral("Hi there"));
    QVERIFY(part.value("annotations").isArray());
    const QJsonObject usage = r.value("usage").toObject();
    QCOMPARE(usage.value("input_tokens").toInt(), 12);
    QCOMPARE(usage.value("output_tokens").toInt(), 3);
    QCOMPARE(usage.value("total_tokens").toInt(), 15);
    QCOMPARE(usage.value("input_tokens_details").toObject().value("cached_tokens").toInt(), 4);
    QCOMPARE(usage.value("output_tokens_details").toObject().value("reasoning_tokens").toInt(), 1);
}

void TestResponsesInbound::encodesToolCallsAndIncomplete()
{
    const QByteArray calls =
        R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},{"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}]})";
    const QJsonObject r = object(*encodeResponse(calls, "resp_1"));
    const QJsonArray output = r.value("output").toArray();
    QCOMPARE(output.size(), 2); // no empty message next to the calls
    QCOMPARE(output[0].toObject().value("type").toString(), QStringLiteral("function_call"));
    QCOMPARE(output[0].toObject().value("call_id").toString(), QStringLiteral("call_1"));
    QCOMPARE(output[0].toObject().value("name").toString(), QStringLiteral("f"));
    QCOMPARE(output[0].toObject().value("arguments").toString(), QStringLiteral("{\"a\":1}"));
    QCOMPARE(output[1].toObject().value("call_id").toString(), QStringLiteral("call_2"));
    QVERIFY(output[0].toObject().value("id").toString() != output[1].toObject().value("id").toString());
    QCOMPARE(r.value("status").toString(), QStringLiteral("completed"));

    const QByteArray cut =
        R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"a b"},"finish_reason":"length"}]})";
    const QJsonObject incomplete = object(*encodeResponse(cut, "resp_2"));
    QCOMPARE(incomplete.value("status").toString(), QStringLiteral("incomplete"));
    QCOMPARE(incomplete.value("incomplete_details").toObject().value("reason").toString(),
             QStringLiteral("max_output_tokens"));
}

void TestResponsesInbound::settledUsageWins()
{
    const QByteArray completion =
        R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})";
    ResponsesUsage settled;
    settled.inputTokens = 40;
    settled.outputTokens = 9;
    settled.cachedInputTokens = 30;
    const QJsonObject usage =
        object(*encodeResponse(completion, "resp_3", &settled)).value("usage").toObject();
    QCOMPARE(usage.value("input_tokens").toInt(), 40);
    QCOMPARE(usage.value("output_tokens").toInt(), 9);
    QCOMPARE(usage.value("total_tokens").toInt(), 49);
    QCOMPARE(usage.value("input_tokens_details").toObject().value("cached_tokens").toInt(), 30);
}

void TestResponsesInbound::rejectsNonCompletion()
{
    QVERIFY(!encodeResponse("not json", "resp_4"));
    QVERIFY(!encodeResponse(R"({"object":"list","data":[]})", "resp_4"));
    QVERIFY(!encodeResponse(R"({"choices":[{"index":0}]})", "resp_4"));
}

QTEST_GUILESS_MAIN(TestResponsesInbound)
#include "tst_responsesinbound.moc"

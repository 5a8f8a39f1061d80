// The Gemini adapter: OpenAI requests to GenerateContentRequest, answers and SSE streams back to
// OpenAI completions and chunks, usage (cached and thought tokens), embeddings, errors.
#include "adaptertest.h"

#include "providers/geminiadapter.h"

#include <cstring>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const providers::GeminiAdapter& adapter()
{
    static const providers::GeminiAdapter instance;
    return instance;
}

const QString kBase = QStringLiteral("https://g.test/v1beta");

std::optional<http::UpstreamRequest> build(const QByteArray& openAiBody,
                                           const QString& model = QStringLiteral("gemini-x"))
{
    auto request = chatRequest(openAiBody);
    if (!request)
        return std::nullopt;
    auto built = adapter().buildChatRequest(*request, providerConfig(QStringLiteral("gemini"), kBase),
                                            modelConfig(model));
    if (!built) {
        qWarning().noquote() << "build failed:" << built.error().message;
        return std::nullopt;
    }
    return std::move(built).value();
}

QJsonObject builtObject(const QByteArray& openAiBody)
{
    auto built = build(openAiBody);
    return built ? json(built->body).toObject() : QJsonObject();
}

QByteArray sse(const QByteArray& data)
{
    return "data: " + data + "\r\n\r\n";
}

QByteArray textStream()
{
    return sse(R"({"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-x","responseId":"r1"})") +
           sse(R"({"candidates":[{"content":{"parts":[{"text":"lo wörld"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":16,"cachedContentTokenCount":4,"thoughtsTokenCount":5},"modelVersion":"gemini-x","responseId":"r1"})");
}

QByteArray toolStream()
{
    return sse(
        R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"weather","args":{"city":"Paris"}}},{"functionCall":{"name":"time","args":{}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":2,"totalTokenCount":14},"modelVersion":"gemini-x","responseId":"r2"})");
}

const QByteArray kStreamRequest =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
const QByteArray kStreamRequestWithUsage =
    R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})";

QJsonObject choiceOf(const QByteArray& chunk)
{
    return json(chunk).toObject()["choices"].toArray().at(0).toObject();
}

} // namespace

class TestGeminiAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestGolden();
    void endpoints_data();
    void endpoints();
    void toolChoice_data();
    void toolChoice();
    void schemasThatDoNotMapStayJsonSchema();
    void responseFormat();
    void filesAndAudio();
    void unsupportedRequests_data();
    void unsupportedRequests();
    void responseGolden();
    void finishReasons_data();
    void finishReasons();
    void blockedPrompt();
    void malformedAnswers_data();
    void malformedAnswers();
    void streamText();
    void streamToolCalls();
    void streamSameWhateverTheSlicing();
    void streamWithoutFinishIsNotComplete();
    void streamErrorChunkFails();
    void streamUsageAfterFinishIsCounted();
    void embeddingsRequest();
    void embeddingsAnswer();
    void embeddingsAnswerAsBase64();
    void embeddingsMalformed();
    void errorMessages();
};

void TestGeminiAdapter::requestGolden()
{
    const QByteArray openAi = R"({"model":"chat","messages":[
        {"role":"system","content":"be brief"},
        {"role":"user","content":[{"type":"text","text":"look"},
            {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
            {"type":"image_url","image_url":{"url":"https://example.com/cat.png?size=2","detail":"low"}}]},
        {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},
            {"id":"call_2","type":"function","function":{"name":"time","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"sunny"},
        {"role":"tool","tool_call_id":"call_2","content":"{\"hour\":12}"},
        {"role":"assistant","content":"It is sunny at noon."},
        {"role":"user","content":"thanks","cache_control":{"type":"ephemeral"}}],
      "tools":[{"type":"function","function":{"name":"weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City"},"unit":{"type":["string","null"],"enum":["c","f"]}},"required":["city"],"additionalProperties":false}}},
               {"type":"function","function":{"name":"time","parameters":{"type":"object","properties":{}}}}],
      "tool_choice":{"type":"function","function":{"name":"weather"}},
      "max_tokens":100,"temperature":0.2,"top_p":0.8,"stop":"END","seed":5,"presence_penalty":0.5,
      "frequency_penalty":0.25,"user":"u1","parallel_tool_calls":false})";
    const QByteArray expected = R"({"contents":[
        {"role":"user","parts":[{"text":"look"},{"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
            {"fileData":{"mimeType":"image/png","fileUri":"https://example.com/cat.png?size=2"}}]},
        {"role":"model","parts":[{"functionCall":{"name":"weather","args":{"city":"Paris"}}},{"functionCall":{"name":"time","args":{}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"output":"sunny"}}},
            {"functionResponse":{"name":"time","response":{"hour":12}}}]},
        {"role":"model","parts":[{"text":"It is sunny at noon."}]},
        {"role":"user","parts":[{"text":"thanks"}]}],
      "systemInstruction":{"parts":[{"text":"be brief"}]},
      "tools":[{"functionDeclarations":[
        {"name":"weather","description":"Weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING","description":"City"},"unit":{"type":"STRING","enum":["c","f"],"nullable":true}},"required":["city"]}},
        {"name":"time"}]}],
      "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["weather"]}},
      "generationConfig":{"maxOutputTokens":100,"temperature":0.2,"topP":0.8,"presencePenalty":0.5,"frequencyPenalty":0.25,"seed":5,"stopSequences":["END"]}})";
    auto built = build(openAi);
    QVERIFY(built);
    COMPARE_JSON(built->body, expected);
}

void TestGeminiAdapter::endpoints_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QByteArray>("url");
    QTest::newRow("generate") << QStringLiteral("gemini-x") << false
                              << QByteArray("https://g.test/v1beta/models/gemini-x:generateContent");
    QTest::newRow("stream") << QStringLiteral("gemini-x") << true
                            << QByteArray(
                                   "https://g.test/v1beta/models/gemini-x:streamGenerateContent?alt=sse");
    QTest::newRow("resource name kept")
        << QStringLiteral("models/gemini-x") << false
        << QByteArray("https://g.test/v1beta/models/gemini-x:generateContent");
    QTest::newRow("tuned model, encoded")
        << QStringLiteral("tunedModels/my model?") << false
        << QByteArray("https://g.test/v1beta/tunedModels/my%20model%3F:generateContent");
}

void TestGeminiAdapter::endpoints()
{
    QFETCH(QString, model);
    QFETCH(bool, stream);
    QFETCH(QByteArray, url);
    auto built = build(stream ? kStreamRequest
                              : QByteArray(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"),
                       model);
    QVERIFY(built);
    QCOMPARE(QByteArray::fromStdString(built->url), url);
    QCOMPARE(headerOf(*built, "x-goog-api-key"), QByteArray("sk-test"));
    QVERIFY(headerOf(*built, "authorization").isEmpty());
    QCOMPARE(headerOf(*built, "accept"),
             stream ? QByteArray("text/event-stream") : QByteArray("application/json"));
    // The stream flag is in the URL, not the body.
    QVERIFY(!json(built->body).toObject().contains("stream"));
}

void TestGeminiAdapter::toolChoice_data()
{
    QTest::addColumn<QByteArray>("choice");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("auto") << QByteArray(R"("auto")")
                          << QByteArray(R"({"functionCallingConfig":{"mode":"AUTO"}})");
    QTest::newRow("none") << QByteArray(R"("none")")
                          << QByteArray(R"({"functionCallingConfig":{"mode":"NONE"}})");
    QTest::newRow("required") << QByteArray(R"("required")")
                              << QByteArray(R"({"functionCallingConfig":{"mode":"ANY"}})");
    QTest::newRow("function")
        << QByteArray(R"({"type":"function","function":{"name":"f"}})")
        << QByteArray(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f"]}})");
    QTest::newRow("absent") << QByteArray() << QByteArray();
}

void TestGeminiAdapter::toolChoice()
{
    QFETCH(QByteArray, choice);
    QFETCH(QByteArray, expected);
    const QJsonObject body = builtObject(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}])" +
        (choice.isEmpty() ? QByteArray() : ",\"tool_choice\":" + choice) + "}");
    QVERIFY(!body.isEmpty());
    if (expected.isEmpty())
        QVERIFY(!body.contains("toolConfig"));
    else
        COMPARE_JSON(QJsonDocument(body["toolConfig"].toObject()).toJson(), expected);
}

void TestGeminiAdapter::schemasThatDoNotMapStayJsonSchema()
{
    const QByteArray schema =
        R"({"type":"object","properties":{"item":{"$ref":"#/$defs/item"}},"$defs":{"item":{"type":"string"}}})";
    const QJsonObject body = builtObject(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":)" +
        schema + "}}]}");
    const QJsonObject declaration =
        body["tools"].toArray().at(0).toObject()["functionDeclarations"].toArray().at(0).toObject();
    QVERIFY(!declaration.contains("parameters"));
    COMPARE_JSON(QJsonDocument(declaration["parametersJsonSchema"].toObject()).toJson(), schema);

    const QByteArray anyOf =
        R"({"type":"object","properties":{"v":{"oneOf":[{"type":"string"},{"type":"integer"}]}}})";
    const QJsonObject config =
        builtObject(
            R"({"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":)" +
            anyOf + "}}}")["generationConfig"]
            .toObject();
    QVERIFY(!config.contains("responseSchema"));
    COMPARE_JSON(QJsonDocument(config["responseJsonSchema"].toObject()).toJson(), anyOf);
    QCOMPARE(config["responseMimeType"].toString(), QStringLiteral("application/json"));
}

void TestGeminiAdapter::responseFormat()
{
    const QJsonObject schemaConfig = builtObject(R"({"model":"m","messages":[{"role":"user","content":"hi"}],
        "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":{"type":"object","properties":{"reply":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},"required":["reply"],"additionalProperties":false}}}})")
                                         ["generationConfig"]
                                             .toObject();
    COMPARE_JSON(
        QJsonDocument(schemaConfig).toJson(),
        R"({"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"reply":{"type":"STRING"},"tags":{"type":"ARRAY","items":{"type":"STRING"}}},"required":["reply"]}})");
    const QJsonObject objectConfig =
        builtObject(
            R"({"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}})")
            ["generationConfig"]
                .toObject();
    COMPARE_JSON(QJsonDocument(objectConfig).toJson(), R"({"responseMimeType":"application/json"})");
    QVERIFY(!builtObject(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})")
                 .contains("generationConfig"));
}

void TestGeminiAdapter::filesAndAudio()
{
    const QJsonObject body = builtObject(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0="}},
        {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
        {"type":"image_url","image_url":"https://example.com/photo"}]}]})");
    const QByteArray expected1 = R"([{"role":"user","parts":[
        {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}},
        {"inlineData":{"mimeType":"audio/wav","data":"UklGRg=="}},
        {"fileData":{"fileUri":"https://example.com/photo"}}]}])";
    COMPARE_JSON(QJsonDocument(body["contents"].toArray()).toJson(), expected1);
}

void TestGeminiAdapter::unsupportedRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    const QByteArray user = R"({"role":"user","content":"hi"})";
    QTest::newRow("tool result for an unknown call")
        << QByteArray(R"({"model":"m","messages":[)" + user +
                      R"(,{"role":"tool","tool_call_id":"call_9","content":"x"}]})")
        << QStringLiteral("'call_9'");
    QTest::newRow("arguments not JSON")
        << QByteArray(
               R"({"model":"m","messages":[)" + user +
               R"(,{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"nope"}}]}]})")
        << QStringLiteral("messages[1].tool_calls[0].function.arguments");
    QTest::newRow("n=3") << QByteArray(R"({"model":"m","n":3,"messages":[)" + user + "]}")
                         << QStringLiteral("n must be 1");
    QTest::newRow("logprobs") << QByteArray(R"({"model":"m","logprobs":true,"messages":[)" + user + "]}")
                              << QStringLiteral("logprobs");
    QTest::newRow("relative image URL")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"/img.png"}}]}]})")
        << QStringLiteral("image_url.url");
    QTest::newRow("audio format")
        << QByteArray(
               R"({"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"flac"}}]}]})")
        << QStringLiteral("wav or mp3");
    QTest::newRow("unknown response_format")
        << QByteArray(R"({"model":"m","response_format":{"type":"yaml"},"messages":[)" + user + "]}")
        << QStringLiteral("'yaml'");
    QTest::newRow("legacy function role") << QByteArray(R"({"model":"m","messages":[)" + user +
                                                        R"(,{"role":"function","name":"f","content":"x"}]})")
                                          << QStringLiteral("legacy role");
}

void TestGeminiAdapter::unsupportedRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    auto request = chatRequest(body);
    QVERIFY(request);
    auto built = adapter().buildChatRequest(*request, providerConfig(QStringLiteral("gemini"), kBase),
                                            modelConfig(QStringLiteral("g")));
    QVERIFY(!built);
    QVERIFY2(built.error().message.contains(message), qPrintable(built.error().message));
}

void TestGeminiAdapter::responseGolden()
{
    const QByteArray answer = R"({"candidates":[{"content":{"parts":[
            {"text":"thinking about it","thought":true},{"text":"Hello"},{"text":" wörld"},
            {"functionCall":{"name":"weather","args":{"city":"Paris","days":2}}},{"functionCall":{"id":"fc_7","name":"time"}}],"role":"model"},
          "finishReason":"STOP","index":0,"safetyRatings":[]}],
        "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"totalTokenCount":150,"cachedContentTokenCount":60,"thoughtsTokenCount":30},
        "modelVersion":"gemini-x-001","responseId":"resp-1"})";
    auto translated = adapter().translateChatResponse(answer);
    QVERIFY(translated);
    const QByteArray expected2 =
        R"({"id":"resp-1","object":"chat.completion","created":0,"model":"gemini-x-001",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello wörld","tool_calls":[
            {"id":"call_X","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\",\"days\":2}"}},
            {"id":"fc_7","type":"function","function":{"name":"time","arguments":"{}"}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":60},"completion_tokens_details":{"reasoning_tokens":30}}})";
    COMPARE_JSON(normalized(translated->body), expected2);
    QCOMPARE(translated->usage.inputTokens, 100);
    QCOMPARE(translated->usage.outputTokens, 50);
    QCOMPARE(translated->usage.cachedInputTokens, 60);
    QCOMPARE(translated->usage.reasoningTokens, 30);

    // Generated ids differ from call to call.
    auto again = adapter().translateChatResponse(answer);
    QVERIFY(again);
    const auto firstId = [](const QByteArray& body) {
        return json(body)
            .toObject()["choices"]
            .toArray()
            .at(0)
            .toObject()["message"]
            .toObject()["tool_calls"]
            .toArray()
            .at(0)
            .toObject()["id"]
            .toString();
    };
    QVERIFY(firstId(translated->body).startsWith(QLatin1String("call_")));
    QVERIFY(firstId(translated->body) != firstId(again->body));
}

void TestGeminiAdapter::finishReasons_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("STOP") << QByteArray("STOP") << QStringLiteral("stop");
    QTest::newRow("MAX_TOKENS") << QByteArray("MAX_TOKENS") << QStringLiteral("length");
    QTest::newRow("SAFETY") << QByteArray("SAFETY") << QStringLiteral("content_filter");
    QTest::newRow("RECITATION") << QByteArray("RECITATION") << QStringLiteral("content_filter");
    QTest::newRow("PROHIBITED_CONTENT")
        << QByteArray("PROHIBITED_CONTENT") << QStringLiteral("content_filter");
    QTest::newRow("SPII") << QByteArray("SPII") << QStringLiteral("content_filter");
    QTest::newRow("OTHER") << QByteArray("OTHER") << QStringLiteral("stop");
}

void TestGeminiAdapter::finishReasons()
{
    QFETCH(QByteArray, reason);
    QFETCH(QString, expected);
    auto translated = adapter().translateChatResponse(
        R"({"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":")" + reason +
        R"("}]})");
    QVERIFY(translated);
    QCOMPARE(choiceOf(translated->body)["finish_reason"].toString(), expected);
    QVERIFY(!translated->usage.reported);
}

void TestGeminiAdapter::blockedPrompt()
{
    auto translated = adapter().translateChatResponse(
        R"({"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5},"modelVersion":"g"})");
    QVERIFY(translated);
    const QJsonObject choice = choiceOf(translated->body);
    QCOMPARE(choice["finish_reason"].toString(), QStringLiteral("content_filter"));
    QVERIFY(choice["message"].toObject()["content"].isNull());
    QCOMPARE(translated->usage.inputTokens, 5);
    QVERIFY(json(translated->body).toObject()["id"].toString().startsWith(QLatin1String("chatcmpl-")));
}

void TestGeminiAdapter::malformedAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not JSON") << QByteArray("<html>");
    QTest::newRow("neither candidates nor feedback") << QByteArray(R"({"usageMetadata":{}})");
    QTest::newRow("usage as text") << QByteArray(
        R"({"candidates":[{"content":{"parts":[]}}],"usageMetadata":{"promptTokenCount":"5"}})");
    QTest::newRow("negative usage") << QByteArray(
        R"({"candidates":[{"content":{"parts":[]}}],"usageMetadata":{"candidatesTokenCount":-1}})");
}

void TestGeminiAdapter::malformedAnswers()
{
    QFETCH(QByteArray, body);
    QVERIFY(!adapter().translateChatResponse(body));
}

void TestGeminiAdapter::streamText()
{
    auto request = chatRequest(kStreamRequestWithUsage);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, textStream(), 0);
    QVERIFY(run.ok);
    QVERIFY(run.complete);
    const QList<QByteArray> data = sseData(run.out);
    QCOMPARE(data.size(), 6);
    COMPARE_JSON(QJsonDocument(choiceOf(data[0])["delta"].toObject()).toJson(),
                 R"({"role":"assistant","content":""})");
    COMPARE_JSON(QJsonDocument(choiceOf(data[1])["delta"].toObject()).toJson(), R"({"content":"Hel"})");
    COMPARE_JSON(QJsonDocument(choiceOf(data[2])["delta"].toObject()).toJson(), R"({"content":"lo wörld"})");
    QCOMPARE(choiceOf(data[3])["finish_reason"].toString(), QStringLiteral("stop"));
    QCOMPARE(json(data[3]).toObject()["id"].toString(), QStringLiteral("r1"));
    QCOMPARE(json(data[3]).toObject()["model"].toString(), QStringLiteral("gemini-x"));
    COMPARE_JSON(
        QJsonDocument(json(data[4]).toObject()["usage"].toObject()).toJson(),
        R"({"prompt_tokens":9,"completion_tokens":7,"total_tokens":16,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":5}})");
    QCOMPARE(data[5], QByteArray("[DONE]"));
}

void TestGeminiAdapter::streamToolCalls()
{
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const StreamRun run = runStream(adapter(), *request, toolStream(), 0);
    QVERIFY(run.ok && run.complete);
    const QList<QByteArray> data = sseData(run.out);
    QCOMPARE(data.size(), 5); // role, two calls, finish, [DONE]
    COMPARE_JSON(
        normalized(QJsonDocument(choiceOf(data[1])["delta"].toObject()).toJson(QJsonDocument::Compact)),
        R"({"tool_calls":[{"index":0,"id":"call_X","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]})");
    COMPARE_JSON(
        normalized(QJsonDocument(choiceOf(data[2])["delta"].toObject()).toJson(QJsonDocument::Compact)),
        R"({"tool_calls":[{"index":1,"id":"call_X","type":"function","function":{"name":"time","arguments":"{}"}}]})");
    QCOMPARE(choiceOf(data[3])["finish_reason"].toString(), QStringLiteral("tool_calls"));
    QCOMPARE(data[4], QByteArray("[DONE]"));
    QCOMPARE(run.usage.inputTokens, 12);
    QCOMPARE(run.usage.outputTokens, 2);
}

void TestGeminiAdapter::streamSameWhateverTheSlicing()
{
    auto request = chatRequest(kStreamRequestWithUsage);
    QVERIFY(request);
    for (const QByteArray& wire : {textStream(), toolStream()}) {
        const StreamRun whole = runStream(adapter(), *request, wire, 0);
        QVERIFY(whole.ok && whole.complete);
        for (int step : {1, 3, 50}) {
            const StreamRun sliced = runStream(adapter(), *request, wire, step);
            QVERIFY(sliced.ok && sliced.complete);
            QCOMPARE(normalized(sliced.out), normalized(whole.out));
        }
    }
}

void TestGeminiAdapter::streamWithoutFinishIsNotComplete()
{
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    QByteArray wire = textStream();
    wire.truncate(wire.indexOf("\r\n\r\n") + 4); // only the first chunk
    const StreamRun run = runStream(adapter(), *request, wire, 0);
    QVERIFY(run.ok);
    QVERIFY(!run.complete);
    QVERIFY(!run.out.contains("[DONE]"));
}

void TestGeminiAdapter::streamErrorChunkFails()
{
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    QByteArray wire = textStream();
    wire.truncate(wire.indexOf("\r\n\r\n") + 4);
    wire += sse(R"({"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}})");
    const StreamRun run = runStream(adapter(), *request, wire, 0);
    QVERIFY(!run.ok);
    QCOMPARE(run.error, QStringLiteral("An internal error has occurred. (INTERNAL)"));
    QVERIFY(!runStream(adapter(), *request, sse("{broken"), 0).ok);
}

void TestGeminiAdapter::streamUsageAfterFinishIsCounted()
{
    auto request = chatRequest(kStreamRequest);
    QVERIFY(request);
    const QByteArray wire =
        sse(R"({"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"STOP"}],"responseId":"r"})") +
        sse(R"({"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4}})");
    const StreamRun run = runStream(adapter(), *request, wire, 0);
    QVERIFY(run.ok && run.complete);
    QCOMPARE(run.usage.inputTokens, 3);
    QCOMPARE(run.out.count("[DONE]"), 1);
    QVERIFY(run.out.endsWith("data: [DONE]\n\n"));
}

void TestGeminiAdapter::embeddingsRequest()
{
    auto request = testing::embeddingsRequest(R"({"model":"e","input":["a b","c"],"dimensions":4})");
    QVERIFY(request);
    auto built = adapter().buildEmbeddingsRequest(*request, providerConfig(QStringLiteral("gemini"), kBase),
                                                  modelConfig(QStringLiteral("text-embedding-004")));
    QVERIFY(built);
    QCOMPARE(QByteArray::fromStdString(built->url),
             QByteArray("https://g.test/v1beta/models/text-embedding-004:batchEmbedContents"));
    QCOMPARE(headerOf(*built, "x-goog-api-key"), QByteArray("sk-test"));
    const QByteArray expected3 = R"({"requests":[
        {"model":"models/text-embedding-004","content":{"parts":[{"text":"a b"}]},"outputDimensionality":4},
        {"model":"models/text-embedding-004","content":{"parts":[{"text":"c"}]},"outputDimensionality":4}]})";
    COMPARE_JSON(built->body, expected3);

    auto single = testing::embeddingsRequest(R"({"model":"e","input":"one"})");
    QVERIFY(single);
    auto one = adapter().buildEmbeddingsRequest(*single, providerConfig(QStringLiteral("gemini"), kBase),
                                                modelConfig(QStringLiteral("emb")));
    QVERIFY(one);
    COMPARE_JSON(one->body, R"({"requests":[{"model":"models/emb","content":{"parts":[{"text":"one"}]}}]})");

    auto tokens = testing::embeddingsRequest(R"({"model":"e","input":[1,2,3]})");
    QVERIFY(tokens);
    QVERIFY(!adapter().buildEmbeddingsRequest(*tokens, providerConfig(QStringLiteral("gemini"), kBase),
                                              modelConfig(QStringLiteral("emb"))));
}

void TestGeminiAdapter::embeddingsAnswer()
{
    auto request = testing::embeddingsRequest(R"({"model":"my-embed","input":["a","b"]})");
    QVERIFY(request);
    auto translated = adapter().translateEmbeddingsResponse(
        R"({"embeddings":[{"values":[0.1,-0.25,3e-05]},{"values":[1,2]}]})", *request);
    QVERIFY(translated);
    // The digits reach the client as the provider wrote them.
    QVERIFY(translated->body.contains("[0.1,-0.25,3e-05]"));
    const QByteArray expected4 = R"({"object":"list","data":[
        {"object":"embedding","index":0,"embedding":[0.1,-0.25,3e-05]},
        {"object":"embedding","index":1,"embedding":[1,2]}],
        "model":"my-embed","usage":{"prompt_tokens":0,"total_tokens":0}})";
    COMPARE_JSON(translated->body, expected4);
    QVERIFY(!translated->usage.reported);
}

void TestGeminiAdapter::embeddingsAnswerAsBase64()
{
    auto request = testing::embeddingsRequest(R"({"model":"e","input":"a","encoding_format":"base64"})");
    QVERIFY(request);
    auto translated =
        adapter().translateEmbeddingsResponse(R"({"embeddings":[{"values":[1.0,-2.5]}]})", *request);
    QVERIFY(translated);
    QByteArray raw;
    for (float f : {1.0f, -2.5f}) {
        quint32 bits = 0;
        std::memcpy(&bits, &f, sizeof bits);
        for (int b = 0; b < 4; ++b)
            raw.append(char((bits >> (8 * b)) & 0xff));
    }
    QCOMPARE(json(translated->body)
                 .toObject()["data"]
                 .toArray()
                 .at(0)
                 .toObject()["embedding"]
                 .toString()
                 .toLatin1(),
             raw.toBase64());
}

void TestGeminiAdapter::embeddingsMalformed()
{
    auto request = testing::embeddingsRequest(R"({"model":"e","input":"a"})");
    QVERIFY(request);
    QVERIFY(!adapter().translateEmbeddingsResponse("nope", *request));
    QVERIFY(!adapter().translateEmbeddingsResponse(R"({"embedding":{"values":[1]}})", *request));
    QVERIFY(!adapter().translateEmbeddingsResponse(R"({"embeddings":[{"values":["x"]}]})", *request));
    QVERIFY(!adapter().translateEmbeddingsResponse(R"({"embeddings":[{}]})", *request));
}

void TestGeminiAdapter::errorMessages()
{
    QCOMPARE(
        adapter().errorMessage(
            R"({"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}})"),
        QStringLiteral("Resource has been exhausted (e.g. check quota). (RESOURCE_EXHAUSTED)"));
    QCOMPARE(
        adapter().errorMessage(R"([{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}])"),
        QStringLiteral("bad (INVALID_ARGUMENT)"));
    QVERIFY(adapter().errorMessage("upstream connect error").isEmpty());
}

QTEST_GUILESS_MAIN(TestGeminiAdapter)
#include "tst_geminiadapter.moc"

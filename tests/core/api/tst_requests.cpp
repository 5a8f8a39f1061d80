#include "api/json.h"
#include "api/requests.h"

#include <QTest>

using namespace tollgate::api;

class TestRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejectsInvalidChatRequests_data();
    void rejectsInvalidChatRequests();
    void keepsUnknownFieldsAndExactNumbers();
    void streamForcesUsageButRemembersWhatTheClientAsked_data();
    void streamForcesUsageButRemembersWhatTheClientAsked();
    void readsMaxTokens();
    void upstreamBodyKeepsTheClientsBytes_data();
    void upstreamBodyKeepsTheClientsBytes();
    void embeddings_data();
    void embeddings();
};

void TestRequests::rejectsInvalidChatRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QByteArray>("param");
    const QByteArray msgs = R"("messages":[{"role":"user","content":"hi"}])";
    QTest::newRow("empty body") << QByteArray() << QByteArray("invalid_json") << QByteArray();
    QTest::newRow("not json") << QByteArray("{model: x}") << QByteArray("invalid_json") << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"model":"m",)") << QByteArray("invalid_json") << QByteArray();
    QTest::newRow("array body") << QByteArray("[1,2]") << QByteArray("invalid_json") << QByteArray();
    QByteArray withNul = "{\"model\":\"m\"," + msgs + "}";
    withNul.append('\0').append("{");
    QTest::newRow("NUL byte after the object") << withNul << QByteArray("invalid_json") << QByteArray();
    QTest::newRow("invalid utf-8") << QByteArray("{\"model\":\"m\xff\xfe\"," + msgs + "}")
                                   << QByteArray("invalid_encoding") << QByteArray();
    QTest::newRow("missing model") << QByteArray("{" + msgs + "}") << QByteArray("missing_required_parameter")
                                   << QByteArray("model");
    QTest::newRow("model not string") << QByteArray("{\"model\":5," + msgs + "}") << QByteArray("invalid_type")
                                      << QByteArray("model");
    QTest::newRow("empty model") << QByteArray("{\"model\":\"\"," + msgs + "}") << QByteArray("invalid_value")
                                 << QByteArray("model");
    QTest::newRow("missing messages") << QByteArray(R"({"model":"m"})") << QByteArray("missing_required_parameter")
                                      << QByteArray("messages");
    QTest::newRow("messages not array") << QByteArray(R"({"model":"m","messages":"hi"})")
                                        << QByteArray("invalid_type") << QByteArray("messages");
    QTest::newRow("messages empty") << QByteArray(R"({"model":"m","messages":[]})") << QByteArray("invalid_value")
                                    << QByteArray("messages");
    QTest::newRow("message not object") << QByteArray(R"({"model":"m","messages":["hi"]})")
                                        << QByteArray("invalid_type") << QByteArray("messages[0]");
    QTest::newRow("role missing") << QByteArray(R"({"model":"m","messages":[{"content":"hi"}]})")
                                  << QByteArray("missing_required_parameter") << QByteArray("messages[0].role");
    QTest::newRow("role unknown") << QByteArray(R"({"model":"m","messages":[{"role":"robot","content":"hi"}]})")
                                  << QByteArray("invalid_value") << QByteArray("messages[0].role");
    QTest::newRow("content number") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":3}]})")
                                    << QByteArray("invalid_type") << QByteArray("messages[0].content");
    QTest::newRow("user without content") << QByteArray(R"({"model":"m","messages":[{"role":"user"}]})")
                                          << QByteArray("missing_required_parameter")
                                          << QByteArray("messages[0].content");
    QTest::newRow("third message not object")
        << QByteArray(R"({"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"},7]})")
        << QByteArray("invalid_type") << QByteArray("messages[2]");
    QTest::newRow("second message role unknown")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"hi"},{"role":"robot","content":"x"}]})")
        << QByteArray("invalid_value") << QByteArray("messages[1].role");
    QTest::newRow("stream not bool") << QByteArray("{\"model\":\"m\",\"stream\":\"yes\"," + msgs + "}")
                                     << QByteArray("invalid_type") << QByteArray("stream");
    QTest::newRow("temperature string") << QByteArray("{\"model\":\"m\",\"temperature\":\"hot\"," + msgs + "}")
                                        << QByteArray("invalid_type") << QByteArray("temperature");
    QTest::newRow("max_tokens float") << QByteArray("{\"model\":\"m\",\"max_tokens\":1.5," + msgs + "}")
                                      << QByteArray("invalid_type") << QByteArray("max_tokens");
    QTest::newRow("max_tokens zero") << QByteArray("{\"model\":\"m\",\"max_tokens\":0," + msgs + "}")
                                     << QByteArray("invalid_value") << QByteArray("max_tokens");
    QTest::newRow("tools object") << QByteArray("{\"model\":\"m\",\"tools\":{}," + msgs + "}")
                                  << QByteArray("invalid_type") << QByteArray("tools");
    QTest::newRow("include_usage string")
        << QByteArray("{\"model\":\"m\",\"stream_options\":{\"include_usage\":\"y\"}," + msgs + "}")
        << QByteArray("invalid_type") << QByteArray("stream_options.include_usage");
}

void TestRequests::rejectsInvalidChatRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, code);
    QFETCH(QByteArray, param);
    auto decoded = decodeChatRequest(body);
    QVERIFY(std::holds_alternative<ApiError>(decoded));
    const ApiError& error = std::get<ApiError>(decoded);
    QCOMPARE(error.status, 400);
    QCOMPARE(error.type, QByteArray("invalid_request_error"));
    QCOMPARE(error.code, code);
    QCOMPARE(error.param, param);
    QVERIFY(!error.message.isEmpty());
    // The body is OpenAI-shaped JSON.
    rapidjson::Document doc;
    const QByteArray json = error.toJson();
    doc.Parse(json.constData(), size_t(json.size()));
    QVERIFY(!doc.HasParseError());
    QVERIFY(doc["error"]["message"].IsString());
    QCOMPARE(QByteArray(doc["error"]["type"].GetString()), QByteArray("invalid_request_error"));
}

void TestRequests::keepsUnknownFieldsAndExactNumbers()
{
    const QByteArray body = R"({"model":"chat-default","messages":[{"role":"user","content":[{"type":"text","text":"what is in this image?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"seed":9007199254740993,"temperature":0.1,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"x_vendor_field":{"nested":[1,2.5,"é"]}})";
    auto decoded = decodeChatRequest(body);
    QVERIFY(std::holds_alternative<ChatRequest>(decoded));
    ChatRequest& request = std::get<ChatRequest>(decoded);
    QCOMPARE(request.model, QStringLiteral("chat-default"));
    QVERIFY(!request.stream);
    const QByteArray upstream = encodeForUpstream(request, QStringLiteral("gpt-4o-mini"));
    QByteArray expected = body;
    expected.replace(R"("model":"chat-default")", R"("model":"gpt-4o-mini")");
    QCOMPARE(upstream, expected);
}

void TestRequests::streamForcesUsageButRemembersWhatTheClientAsked_data()
{
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<bool>("clientWants");
    QTest::newRow("no stream_options") << QByteArray() << false;
    QTest::newRow("include_usage false") << QByteArray(R"("stream_options":{"include_usage":false},)") << false;
    QTest::newRow("include_usage true") << QByteArray(R"("stream_options":{"include_usage":true},)") << true;
    QTest::newRow("other options kept") << QByteArray(R"("stream_options":{"x":1},)") << false;
}

void TestRequests::streamForcesUsageButRemembersWhatTheClientAsked()
{
    QFETCH(QByteArray, options);
    QFETCH(bool, clientWants);
    const QByteArray body = R"({"model":"m","stream":true,)" + options + R"("messages":[{"role":"user","content":"hi"}]})";
    auto decoded = decodeChatRequest(body);
    QVERIFY(std::holds_alternative<ChatRequest>(decoded));
    ChatRequest& request = std::get<ChatRequest>(decoded);
    QVERIFY(request.stream);
    QCOMPARE(request.clientWantsUsage, clientWants);
    const QByteArray upstream = encodeForUpstream(request, QStringLiteral("up"));
    rapidjson::Document doc;
    doc.Parse(upstream.constData(), size_t(upstream.size()));
    QVERIFY(doc["stream_options"]["include_usage"].GetBool());
    if (options.contains("\"x\""))
        QCOMPARE(doc["stream_options"]["x"].GetInt(), 1);
    QCOMPARE(QByteArray(doc["model"].GetString()), QByteArray("up"));
}

void TestRequests::readsMaxTokens()
{
    auto a = decodeChatRequest(R"({"model":"m","max_tokens":50,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(std::get<ChatRequest>(a).maxTokens.value(), 50);
    auto b = decodeChatRequest(
        R"({"model":"m","max_tokens":50,"max_completion_tokens":70,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(std::get<ChatRequest>(b).maxTokens.value(), 70);
    auto c = decodeChatRequest(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[]},{"role":"user","content":null}]})");
    QVERIFY(std::holds_alternative<ChatRequest>(c));
    QVERIFY(!std::get<ChatRequest>(c).maxTokens);
}

void TestRequests::embeddings_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("inputs"); // -1: rejected
    QTest::newRow("string") << QByteArray(R"({"model":"e","input":"hello"})") << 1;
    QTest::newRow("strings") << QByteArray(R"({"model":"e","input":["a","b","c"]})") << 3;
    QTest::newRow("tokens") << QByteArray(R"({"model":"e","input":[1,2,3]})") << 1;
    QTest::newRow("token arrays") << QByteArray(R"({"model":"e","input":[[1,2],[3]]})") << 2;
    QTest::newRow("missing input") << QByteArray(R"({"model":"e"})") << -1;
    QTest::newRow("empty array") << QByteArray(R"({"model":"e","input":[]})") << -1;
    QTest::newRow("mixed array") << QByteArray(R"({"model":"e","input":["a",1]})") << -1;
    QTest::newRow("number input") << QByteArray(R"({"model":"e","input":5})") << -1;
    QTest::newRow("dimensions string") << QByteArray(R"({"model":"e","input":"a","dimensions":"8"})") << -1;
    QTest::newRow("missing model") << QByteArray(R"({"input":"a"})") << -1;
}

void TestRequests::embeddings()
{
    QFETCH(QByteArray, body);
    QFETCH(int, inputs);
    auto decoded = decodeEmbeddingsRequest(body);
    if (inputs < 0) {
        QVERIFY(std::holds_alternative<ApiError>(decoded));
        QCOMPARE(std::get<ApiError>(decoded).status, 400);
        return;
    }
    QVERIFY(std::holds_alternative<EmbeddingsRequest>(decoded));
    QCOMPARE(std::get<EmbeddingsRequest>(decoded).inputCount, inputs);
}

void TestRequests::upstreamBodyKeepsTheClientsBytes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected"); // empty: only check it is valid JSON with the new model
    QTest::newRow("pretty-printed") << QByteArray("{\n  \"model\" : \"chat\",\n  \"messages\": [ {\"role\":\"user\",\"content\":\"a\\nb\"} ]\n}\n")
                                    << QByteArray("{\n  \"model\" : \"up/\\\"x\\\"\",\n  \"messages\": [ {\"role\":\"user\",\"content\":\"a\\nb\"} ]\n}\n");
    QTest::newRow("stream gets stream_options") << QByteArray(R"({"model":"chat","stream":true,"messages":[{"role":"user","content":"hi"}]})")
                                                << QByteArray(R"({"stream_options":{"include_usage":true},"model":"up/\"x\"","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QTest::newRow("escaped model name falls back") << QByteArray(R"({"model":"ch\u0061t","messages":[{"role":"user","content":"hi"}]})")
                                                   << QByteArray();
    QTest::newRow("stream_options without include_usage") << QByteArray(R"({"model":"chat","stream":true,"stream_options":{},"messages":[{"role":"user","content":"hi"}]})")
                                                          << QByteArray();
}

void TestRequests::upstreamBodyKeepsTheClientsBytes()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    auto decoded = decodeChatRequest(body);
    QVERIFY(std::holds_alternative<ChatRequest>(decoded));
    ChatRequest& request = std::get<ChatRequest>(decoded);
    const auto quoted = [](const QString& text) {
        JsonWriter w;
        w.string(text.toUtf8());
        return w.take();
    };
    const QString escaped = QStringLiteral("up/\"x\""); // the model `expected` holds
    // A model that needs escaping, one quoted as it is, and one that is not ASCII.
    for (const QString& model : {escaped, QStringLiteral("up-plain.v2"), QStringLiteral("mod\u00e8le")}) {
        for (int attempt = 0; attempt < 2; ++attempt) { // a fallback encodes the same request again
            const QByteArray upstream = encodeForUpstream(request, model);
            if (!expected.isEmpty())
                QCOMPARE(upstream, QByteArray(expected).replace(quoted(escaped), quoted(model)));
            rapidjson::Document doc;
            doc.Parse(upstream.constData(), size_t(upstream.size()));
            QVERIFY2(!doc.HasParseError(), upstream.constData());
            QCOMPARE(QString::fromUtf8(doc["model"].GetString()), model);
            if (request.stream)
                QVERIFY(doc["stream_options"]["include_usage"].GetBool());
            QCOMPARE(doc["messages"][0]["role"].GetString(), "user");
        }
    }
}

QTEST_GUILESS_MAIN(TestRequests)
#include "tst_requests.moc"

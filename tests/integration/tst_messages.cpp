// The inbound Anthropic Messages API: the real gateway, over loopback, with Anthropic-style
// requests routed to a fake OpenAI provider and to a fake Anthropic provider.
#include "config/configloader.h"
#include "fakeanthropicserver.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tollgate;
using namespace tollgate::testing;

class TestMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void text_data();
    void text();
    void streamedText_data();
    void streamedText();
    void toolUseRoundTrip_data();
    void toolUseRoundTrip();
    void streamedToolUse_data();
    void streamedToolUse();
    void errors_data();
    void errors();
    void providerRateLimit();
    void promptCachingUsage();

private:
    void kinds();
    std::optional<TestResponse> messages(const QByteArray& body);

    std::unique_ptr<FakeOpenAiServer> m_openAi;
    std::unique_ptr<FakeAnthropicServer> m_anthropic;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
};

namespace {

QJsonObject object(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

using Event = NamedEvent;

const QByteArray kWeatherTool =
    R"({"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}})";

} // namespace

void TestMessages::initTestCase()
{
    m_openAi = std::make_unique<FakeOpenAiServer>(QStringLiteral("openai"));
    m_anthropic = std::make_unique<FakeAnthropicServer>(QStringLiteral("claude"));
    QVERIFY(m_openAi->listen());
    QVERIFY(m_anthropic->listen());
    m_openAi->setApiKey("sk-openai-secret");
    m_anthropic->setApiKey("sk-ant-secret");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QByteArray timeouts =
        "    timeouts: {connect_ms: 2000, first_byte_ms: 3000, idle_ms: 3000, total_ms: 20000}\n";
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n"
        "  - name: openai\n    kind: openai\n    base_url: " +
        m_openAi->baseUrl().toUtf8() + "/v1\n    region: us\n    api_key: sk-openai-secret\n" + timeouts +
        "    models:\n      - name: gpt-fake\n"
        "  - name: claude\n    kind: anthropic\n    base_url: " +
        m_anthropic->baseUrl().toUtf8() + "/v1\n    region: us\n    api_key: sk-ant-secret\n" + timeouts +
        "    models:\n      - name: claude-fake\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml, [](const QString&) { return QByteArray(); });
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("providers.yaml"));
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_dir->path());
    QVERIFY(started.wait(10000));
    m_port = m_gateway->port();
    QVERIFY(m_port != 0);
}

void TestMessages::cleanupTestCase()
{
    m_gateway.reset();
    m_openAi.reset();
    m_anthropic.reset();
    m_dir.reset();
}

void TestMessages::init()
{
    for (FakeProviderServer* f : {static_cast<FakeProviderServer*>(m_openAi.get()),
                                  static_cast<FakeProviderServer*>(m_anthropic.get())}) {
        f->clearBehaviours();
        f->resetRecords();
    }
}

void TestMessages::kinds()
{
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QString>("name");
    QTest::newRow("to openai") << QByteArray("openai/gpt-fake") << QStringLiteral("openai");
    QTest::newRow("to anthropic") << QByteArray("claude/claude-fake") << QStringLiteral("claude");
}

std::optional<TestResponse> TestMessages::messages(const QByteArray& body)
{
    return HttpTestClient::request(m_port, "POST", "/v1/messages", body,
                                   "x-api-key: client-key\r\nanthropic-version: 2023-06-01\r\n");
}

void TestMessages::text_data()
{
    kinds();
}

void TestMessages::text()
{
    QFETCH(QByteArray, model);
    QFETCH(QString, name);
    const auto response = messages(
        R"({"model":")" + model +
        R"(","max_tokens":64,"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"How are you?"}]}]})");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->header("content-type").startsWith("application/json"));
    QVERIFY(!response->header("x-tollgate-request-id").isEmpty());
    const QJsonObject m = object(response->body);
    QVERIFY(m.value("id").toString().startsWith(QStringLiteral("msg_")));
    QCOMPARE(m.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(m.value("role").toString(), QStringLiteral("assistant"));
    const QString expected = FakeProviderServer::replyText(name, QStringLiteral("How are you?"));
    QCOMPARE(m.value("content").toArray(), QJsonArray({QJsonObject({{"type", "text"}, {"text", expected}})}));
    QCOMPARE(m.value("stop_reason").toString(), QStringLiteral("end_turn"));
    QCOMPARE(m.value("usage").toObject().value("output_tokens").toInt(),
             FakeProviderServer::wordCount(expected));
    QVERIFY(m.value("usage").toObject().value("input_tokens").toInt() > 0);

    // What the provider received, in its own format: the system prompt, the turns, the limit.
    FakeProviderServer* fake = name == QLatin1String("openai")
                                   ? static_cast<FakeProviderServer*>(m_openAi.get())
                                   : static_cast<FakeProviderServer*>(m_anthropic.get());
    const QJsonObject upstream = object(fake->lastRequest().body);
    QVERIFY(!fake->lastRequest().body.contains("client-key"));
    if (name == QLatin1String("openai")) {
        QCOMPARE(upstream.value("max_tokens").toInt(), 64);
        const QJsonArray sent = upstream.value("messages").toArray();
        QCOMPARE(sent.size(), 4);
        QCOMPARE(sent[0].toObject().value("role").toString(), QStringLiteral("system"));
        QCOMPARE(fake->lastRequest().header("authorization"), QByteArray("Bearer sk-openai-secret"));
    } else {
        QCOMPARE(upstream.value("max_tokens").toInt(), 64);
        const QJsonArray system = upstream.value("system").toArray();
        QCOMPARE(system.size(), 1);
        QCOMPARE(system[0].toObject().value("text").toString(), QStringLiteral("Be brief."));
        QCOMPARE(system[0].toObject().value("cache_control").toObject().value("type").toString(),
                 QStringLiteral("ephemeral"));
        QCOMPARE(upstream.value("messages").toArray().size(), 3);
        QCOMPARE(fake->lastRequest().header("x-api-key"), QByteArray("sk-ant-secret"));
    }
}

void TestMessages::streamedText_data()
{
    kinds();
}

void TestMessages::streamedText()
{
    QFETCH(QByteArray, model);
    QFETCH(QString, name);
    const auto response = messages(
        R"({"model":")" + model +
        R"(","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Tell me a story"}]})");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->header("content-type").startsWith("text/event-stream"));
    QVERIFY(!response->body.contains("[DONE]"));
    QVERIFY(!response->body.contains("chat.completion"));
    const QList<Event> e = namedEvents(response->body);
    QVERIFY(e.size() >= 5);
    QCOMPARE(e.first().name, QByteArray("message_start"));
    QCOMPARE(e.last().name, QByteArray("message_stop"));
    QString text;
    int starts = 0;
    int stops = 0;
    for (const Event& ev : e) {
        QCOMPARE(ev.data.value("type").toString(), QString::fromUtf8(ev.name));
        if (ev.name == "content_block_start") {
            ++starts;
            QCOMPARE(ev.data.value("content_block").toObject().value("type").toString(),
                     QStringLiteral("text"));
        } else if (ev.name == "content_block_stop") {
            ++stops;
        } else if (ev.name == "content_block_delta") {
            QCOMPARE(ev.data.value("delta").toObject().value("type").toString(),
                     QStringLiteral("text_delta"));
            text += ev.data.value("delta").toObject().value("text").toString();
        }
    }
    QCOMPARE(starts, 1);
    QCOMPARE(stops, 1);
    const QString expected = FakeProviderServer::replyText(name, QStringLiteral("Tell me a story"));
    QCOMPARE(text, expected);
    const Event& delta = e[e.size() - 2];
    QCOMPARE(delta.name, QByteArray("message_delta"));
    QCOMPARE(delta.data.value("delta").toObject().value("stop_reason").toString(),
             QStringLiteral("end_turn"));
    QCOMPARE(delta.data.value("usage").toObject().value("output_tokens").toInt(),
             FakeProviderServer::wordCount(expected));
}

void TestMessages::toolUseRoundTrip_data()
{
    kinds();
}

void TestMessages::toolUseRoundTrip()
{
    QFETCH(QByteArray, model);
    QFETCH(QString, name);
    const QByteArray head = R"({"model":")" + model + R"(","max_tokens":64,"tools":[)" + kWeatherTool + "],";
    const auto first = messages(head + R"("messages":[{"role":"user","content":"Paris"}]})");
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    const QJsonObject m = object(first->body);
    QCOMPARE(m.value("stop_reason").toString(), QStringLiteral("tool_use"));
    const QJsonArray content = m.value("content").toArray();
    QCOMPARE(content.size(), 1);
    const QJsonObject call = content[0].toObject();
    QCOMPARE(call.value("type").toString(), QStringLiteral("tool_use"));
    QCOMPARE(call.value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(call.value("input").toObject(), QJsonObject({{"city", "Paris"}}));
    const QString id = call.value("id").toString();
    QVERIFY(!id.isEmpty());

    // The client sends the call back with its result, as the Anthropic SDK does.
    const QByteArray assistant = QJsonDocument(QJsonObject({{"role", "assistant"}, {"content", content}}))
                                     .toJson(QJsonDocument::Compact);
    const auto second = messages(head + R"("messages":[{"role":"user","content":"Paris"},)" + assistant +
                                 R"(,{"role":"user","content":[{"type":"tool_result","tool_use_id":")" +
                                 id.toUtf8() + R"(","content":"18 degrees"}]}]})");
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    const QJsonObject answer = object(second->body);
    QCOMPARE(answer.value("stop_reason").toString(), QStringLiteral("end_turn"));
    QCOMPARE(answer.value("content").toArray()[0].toObject().value("text").toString(),
             FakeProviderServer::replyText(name, QStringLiteral("18 degrees")));
}

void TestMessages::streamedToolUse_data()
{
    kinds();
}

void TestMessages::streamedToolUse()
{
    QFETCH(QByteArray, model);
    const auto response =
        messages(R"({"model":")" + model + R"(","max_tokens":64,"stream":true,"tools":[)" + kWeatherTool +
                 R"(],"tool_choice":{"type":"any"},"messages":[{"role":"user","content":"Rome"}]})");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QList<Event> e = namedEvents(response->body);
    QString json;
    int toolStarts = 0;
    for (const Event& ev : e) {
        if (ev.name == "content_block_start" &&
            ev.data.value("content_block").toObject().value("type") == QStringLiteral("tool_use")) {
            ++toolStarts;
            QCOMPARE(ev.data.value("content_block").toObject().value("name").toString(),
                     QStringLiteral("get_weather"));
            QVERIFY(!ev.data.value("content_block").toObject().value("id").toString().isEmpty());
        }
        if (ev.name == "content_block_delta" &&
            ev.data.value("delta").toObject().value("type") == QStringLiteral("input_json_delta"))
            json += ev.data.value("delta").toObject().value("partial_json").toString();
    }
    QCOMPARE(toolStarts, 1);
    QCOMPARE(object(json.toUtf8()), QJsonObject({{"city", "Rome"}}));
    QCOMPARE(e.last().name, QByteArray("message_stop"));
    QCOMPARE(e[e.size() - 2].data.value("delta").toObject().value("stop_reason").toString(),
             QStringLiteral("tool_use"));
}

void TestMessages::errors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::newRow("unknown model")
        << QByteArray(R"({"model":"nope/none","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})")
        << 404 << QStringLiteral("not_found_error");
    QTest::newRow("missing max_tokens")
        << QByteArray(R"({"model":"openai/gpt-fake","messages":[{"role":"user","content":"hi"}]})") << 400
        << QStringLiteral("invalid_request_error");
    QTest::newRow("bad json") << QByteArray("{") << 400 << QStringLiteral("invalid_request_error");
    QTest::newRow("unknown model, streamed")
        << QByteArray(
               R"({"model":"nope","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]})")
        << 404 << QStringLiteral("not_found_error");
}

void TestMessages::errors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, type);
    const auto response = messages(body);
    QVERIFY(response);
    QCOMPARE(response->status, status);
    const QJsonObject e = object(response->body);
    QCOMPARE(e.value("type").toString(), QStringLiteral("error"));
    QCOMPARE(e.value("error").toObject().value("type").toString(), type);
    QVERIFY(!e.value("error").toObject().value("message").toString().isEmpty());
    QCOMPARE(m_openAi->requestCount() + m_anthropic->requestCount(), 0);
}

void TestMessages::providerRateLimit()
{
    m_openAi->enqueueBehaviour(FakeBehaviour::statusCode(429, 7));
    const auto response =
        messages(R"({"model":"openai/gpt-fake","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(response);
    QCOMPARE(response->status, 429);
    QCOMPARE(response->header("retry-after"), QByteArray("7"));
    const QJsonObject e = object(response->body);
    QCOMPARE(e.value("error").toObject().value("type").toString(), QStringLiteral("rate_limit_error"));
    QVERIFY(!response->body.contains("sk-openai-secret"));
}

// cache_control reaches the Anthropic provider; its cache writes and reads come back in the usage,
// streamed or not, with input_tokens counted as Anthropic counts them (cache excluded).
void TestMessages::promptCachingUsage()
{
    const QByteArray head =
        R"({"model":"claude/claude-fake","max_tokens":64,"system":[{"type":"text","text":"A long shared preamble about caching prompts across requests.","cache_control":{"type":"ephemeral"}}],)";
    const QByteArray tail = R"("messages":[{"role":"user","content":"cache me"}]})";
    const auto first = messages(head + tail);
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    const QJsonObject written = object(first->body).value("usage").toObject();
    const int creation = written.value("cache_creation_input_tokens").toInt();
    QVERIFY(creation > 0);
    QCOMPARE(written.value("cache_read_input_tokens").toInt(), 0);

    const auto second = messages(head + R"("stream":true,)" + tail);
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    const QList<Event> e = namedEvents(second->body);
    QVERIFY(e.size() >= 2);
    QCOMPARE(e[e.size() - 2].name, QByteArray("message_delta"));
    const QJsonObject read = e[e.size() - 2].data.value("usage").toObject();
    QCOMPARE(read.value("cache_read_input_tokens").toInt(), creation);
    QCOMPARE(read.value("cache_creation_input_tokens").toInt(), 0);
    QCOMPARE(read.value("input_tokens").toInt(), written.value("input_tokens").toInt());
    QCOMPARE(read.value("output_tokens").toInt(), written.value("output_tokens").toInt());
}

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"

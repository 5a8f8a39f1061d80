// The conformance matrix: the real gateway, over loopback, routed to fake providers that speak the
// OpenAI, Azure OpenAI, Anthropic and Gemini wire formats. Every cell checks what the client gets
// (the OpenAI schema) and what the provider received (its own schema). docs/providers.md shows the
// same matrix. A second column sends the same cases in the Anthropic Messages format to
// /v1/messages and checks the Anthropic-schema answer against the same providers.
#include "common/money.h"
#include "config/configloader.h"
#include "fakeanthropicserver.h"
#include "fakegeminiserver.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

enum class Case
{
    PlainText,
    SystemPrompt,
    MultiTurn,
    Image,
    OneToolCall,
    ParallelToolCalls,
    ToolResultRoundTrip,
    JsonMode,
    StopSequence,
    MaxTokensReached,
    ProviderError,
    RateLimit,
    StreamedText,
    StreamedToolCalls,
    CachedTokenUsage,
    // Failure modes only some providers have.
    StreamErrorEvent, // Anthropic's "event: error", Gemini's error chunk
    Overloaded,       // Anthropic's 529 overloaded_error
};

struct CaseInfo
{
    Case id;
    const char* name;
};

constexpr CaseInfo kCases[] = {
    {Case::PlainText, "plain text"},
    {Case::SystemPrompt, "system prompt"},
    {Case::MultiTurn, "multi-turn"},
    {Case::Image, "image"},
    {Case::OneToolCall, "one tool call"},
    {Case::ParallelToolCalls, "parallel tool calls"},
    {Case::ToolResultRoundTrip, "tool result round trip"},
    {Case::JsonMode, "JSON mode"},
    {Case::StopSequence, "stop sequence"},
    {Case::MaxTokensReached, "max tokens reached"},
    {Case::ProviderError, "provider error"},
    {Case::RateLimit, "rate limit"},
    {Case::StreamedText, "streamed text"},
    {Case::StreamedToolCalls, "streamed tool calls"},
    {Case::CachedTokenUsage, "usage with cached tokens"},
    {Case::StreamErrorEvent, "error event mid-stream"},
    {Case::Overloaded, "overloaded (529)"},
};

const char* const kKinds[] = {"openai", "azure-openai", "anthropic", "gemini"};

QJsonObject object(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

// Compact JSON with members sorted by name (QJsonObject keeps them sorted).
QByteArray compact(const QJsonValue& v)
{
    return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                       : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

const QByteArray kWeatherTool =
    R"({"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}})";
const QByteArray kTimeTool =
    R"({"type":"function","function":{"name":"get_time","description":"Time in a zone","parameters":{"type":"object","properties":{"timezone":{"type":"string"}},"required":["timezone"]}}})";
// The same tools as the Anthropic Messages API declares them.
const QByteArray kAnthropicWeatherTool =
    R"({"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}})";
const QByteArray kAnthropicTimeTool =
    R"({"name":"get_time","description":"Time in a zone","input_schema":{"type":"object","properties":{"timezone":{"type":"string"}},"required":["timezone"]}})";

// JSON mode has no form in the Anthropic Messages API; the provider-specific failure modes are
// covered by the OpenAI column.
bool anthropicInboundCase(Case c)
{
    return c != Case::JsonMode && c != Case::StreamErrorEvent && c != Case::Overloaded;
}

struct SseEvent
{
    QByteArray name;
    QJsonObject data;
};

// The events of an Anthropic stream, each with the name of its `event:` line.
QList<SseEvent> anthropicEvents(const QByteArray& body)
{
    QList<SseEvent> out;
    QByteArray name;
    for (const QByteArray& line : body.split('\n')) {
        if (line.startsWith("event: ")) {
            name = line.mid(7).trimmed();
        } else if (line.startsWith("data: ")) {
            out.append({name, object(line.mid(6))});
            name.clear();
        }
    }
    return out;
}

// Cost in USD at the chat models' prices: input 3, cached input 0.3, cache writes 3.75, output 15
// (per million tokens). `prompt` includes the cached and written tokens.
QByteArray expectedCost(qint64 prompt, qint64 completion, qint64 cachedTokens, qint64 writtenTokens)
{
    const auto micros = [](qint64 tokens, qint64 perMillion) {
        return (tokens * perMillion + 500'000) / 1'000'000;
    };
    Money cost;
    cost.micros = micros(prompt - cachedTokens - writtenTokens, 3'000'000) + micros(cachedTokens, 300'000) +
                  micros(writtenTokens, 3'750'000) + micros(completion, 15'000'000);
    return cost.toString().toUtf8();
}

} // namespace

class TestProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void conformance_data();
    void conformance();
    void embeddings_data();
    void embeddings();
    void untranslatableRequestIsRefused_data();
    void untranslatableRequestIsRefused();
    void anthropicInbound_data();
    void anthropicInbound();

private:
    FakeProviderServer* fake(const QString& kind) const;
    static QByteArray model(const QString& kind);
    static QString replyName(const QString& kind);
    std::optional<TestResponse> chat(const QString& kind, const QByteArray& messages,
                                     const QByteArray& extra = {});
    std::optional<TestResponse> messages(const QString& kind, const QByteArray& messagesJson,
                                         const QByteArray& extra = {}, int maxTokens = 64);
    QJsonObject upstream(const QString& kind) const { return object(fake(kind)->lastRequest().body); }
    void checkCase(const QString& kind, Case c);
    void checkAnthropicInboundCase(const QString& kind, Case c);
    void checkEndpointAndKey(const QString& kind, bool stream);

    std::unique_ptr<FakeOpenAiServer> m_openAi;
    std::unique_ptr<FakeOpenAiServer> m_azure;
    std::unique_ptr<FakeAnthropicServer> m_anthropic;
    std::unique_ptr<FakeGeminiServer> m_gemini;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
};

void TestProviders::initTestCase()
{
    m_openAi = std::make_unique<FakeOpenAiServer>(QStringLiteral("openai"));
    m_azure = std::make_unique<FakeOpenAiServer>(QStringLiteral("azure"));
    m_anthropic = std::make_unique<FakeAnthropicServer>(QStringLiteral("claude"));
    m_gemini = std::make_unique<FakeGeminiServer>(QStringLiteral("gemini"));
    for (FakeProviderServer* f :
         {static_cast<FakeProviderServer*>(m_openAi.get()), static_cast<FakeProviderServer*>(m_azure.get()),
          static_cast<FakeProviderServer*>(m_anthropic.get()),
          static_cast<FakeProviderServer*>(m_gemini.get())})
        QVERIFY(f->listen());
    m_openAi->setApiKey("sk-openai-secret");
    m_azure->setApiKey("az-secret");
    m_anthropic->setApiKey("sk-ant-secret");
    m_gemini->setApiKey("g-secret");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    const QByteArray timeouts =
        "    timeouts: {connect_ms: 2000, first_byte_ms: 3000, idle_ms: 3000, total_ms: 20000}\n";
    // Chat models carry cached-input and cache-write prices so that cost can be checked.
    const QByteArray prices = "\n        input_per_million: 3\n        output_per_million: 15\n"
                              "        cached_input_per_million: 0.3\n        cache_write_per_million: 3.75\n";
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n"
        "  - name: openai\n    kind: openai\n    base_url: " +
        m_openAi->baseUrl().toUtf8() +
        "/v1\n    region: us\n"
        "    api_key: sk-openai-secret\n" +
        timeouts +
        "    models:\n      - name: gpt-fake" + prices + "      - name: embed-fake\n        type: embeddings\n"
        "  - name: azure\n    kind: azure-openai\n    base_url: " +
        m_azure->baseUrl().toUtf8() +
        "\n    region: eu\n"
        "    api_key: az-secret\n    api_version: 2024-10-21\n" +
        timeouts +
        "    models:\n      - name: gpt-deploy" + prices + "      - name: embed-deploy\n        type: embeddings\n"
        "  - name: claude\n    kind: anthropic\n    base_url: " +
        m_anthropic->baseUrl().toUtf8() +
        "/v1\n    region: us\n"
        "    api_key: sk-ant-secret\n" +
        timeouts +
        "    models:\n      - name: claude-fake" + prices +
        "  - name: gemini\n    kind: gemini\n    base_url: " +
        m_gemini->baseUrl().toUtf8() +
        "/v1beta\n    region: eu\n"
        "    api_key: g-secret\n" +
        timeouts +
        "    models:\n      - name: gemini-fake" + prices + "      - name: text-embedding-004\n        type: "
        "embeddings\n";
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

void TestProviders::cleanupTestCase()
{
    m_gateway.reset();
    m_openAi.reset();
    m_azure.reset();
    m_anthropic.reset();
    m_gemini.reset();
    m_dir.reset();
}

void TestProviders::init()
{
    for (const char* kind : kKinds) {
        FakeProviderServer* f = fake(QLatin1String(kind));
        f->clearBehaviours();
        f->resetRecords();
        f->setCachedPromptTokens(0);
    }
}

FakeProviderServer* TestProviders::fake(const QString& kind) const
{
    if (kind == QLatin1String("openai"))
        return m_openAi.get();
    if (kind == QLatin1String("azure-openai"))
        return m_azure.get();
    if (kind == QLatin1String("anthropic"))
        return m_anthropic.get();
    return m_gemini.get();
}

QByteArray TestProviders::model(const QString& kind)
{
    if (kind == QLatin1String("openai"))
        return "openai/gpt-fake";
    if (kind == QLatin1String("azure-openai"))
        return "azure/gpt-deploy";
    if (kind == QLatin1String("anthropic"))
        return "claude/claude-fake";
    return "gemini/gemini-fake";
}

QString TestProviders::replyName(const QString& kind)
{
    if (kind == QLatin1String("openai"))
        return QStringLiteral("openai");
    if (kind == QLatin1String("azure-openai"))
        return QStringLiteral("azure");
    if (kind == QLatin1String("anthropic"))
        return QStringLiteral("claude");
    return QStringLiteral("gemini");
}

std::optional<TestResponse> TestProviders::chat(const QString& kind, const QByteArray& messages,
                                                const QByteArray& extra)
{
    const QByteArray body = R"({"model":")" + model(kind) + R"(","messages":)" + messages + extra + "}";
    return HttpTestClient::request(m_port, "POST", "/v1/chat/completions", body);
}

// An Anthropic Messages API request with the headers the Anthropic SDK sends; the client's key is
// for the gateway and must never reach a provider.
std::optional<TestResponse> TestProviders::messages(const QString& kind, const QByteArray& messagesJson,
                                                    const QByteArray& extra, int maxTokens)
{
    const QByteArray body = R"({"model":")" + model(kind) + R"(","max_tokens":)" +
                            QByteArray::number(maxTokens) + R"(,"messages":)" + messagesJson + extra + "}";
    return HttpTestClient::request(m_port, "POST", "/v1/messages", body,
                                   "x-api-key: client-key\r\nanthropic-version: 2023-06-01\r\n");
}

// The request went to the provider's own endpoint with its own key in its own header, and no other
// provider's key went anywhere near it.
void TestProviders::checkEndpointAndKey(const QString& kind, bool stream)
{
    const RecordedRequest r = fake(kind)->lastRequest();
    if (kind == QLatin1String("openai")) {
        QCOMPARE(r.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(r.header("authorization"), QByteArray("Bearer sk-openai-secret"));
    } else if (kind == QLatin1String("azure-openai")) {
        QCOMPARE(r.path, QByteArray("/openai/deployments/gpt-deploy/chat/completions"));
        QCOMPARE(r.query("api-version"), QByteArray("2024-10-21"));
        QCOMPARE(r.header("api-key"), QByteArray("az-secret"));
        QVERIFY(r.header("authorization").isEmpty());
    } else if (kind == QLatin1String("anthropic")) {
        QCOMPARE(r.path, QByteArray("/v1/messages"));
        QCOMPARE(r.header("x-api-key"), QByteArray("sk-ant-secret"));
        QCOMPARE(r.header("anthropic-version"), QByteArray("2023-06-01"));
        QVERIFY(r.header("authorization").isEmpty());
    } else {
        QCOMPARE(r.path, stream ? QByteArray("/v1beta/models/gemini-fake:streamGenerateContent")
                                : QByteArray("/v1beta/models/gemini-fake:generateContent"));
        if (stream)
            QCOMPARE(r.query("alt"), QByteArray("sse"));
        QCOMPARE(r.header("x-goog-api-key"), QByteArray("g-secret"));
        QVERIFY(r.header("authorization").isEmpty());
    }
    for (const auto& [name, value] : r.headers) {
        for (const char* key : {"sk-openai-secret", "az-secret", "sk-ant-secret", "g-secret"}) {
            const bool own = (kind == QLatin1String("openai") && std::strcmp(key, "sk-openai-secret") == 0) ||
                             (kind == QLatin1String("azure-openai") && std::strcmp(key, "az-secret") == 0) ||
                             (kind == QLatin1String("anthropic") && std::strcmp(key, "sk-ant-secret") == 0) ||
                             (kind == QLatin1String("gemini") && std::strcmp(key, "g-secret") == 0);
            if (!own)
                QVERIFY2(!value.contains(key), name.constData());
        }
    }
    QVERIFY(!r.body.contains("secret"));
    for (const auto& [name, value] : r.headers)
        QVERIFY2(!value.contains("client-key"), name.constData());
    QVERIFY(!r.body.contains("client-key"));
}

void TestProviders::conformance_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("caseId");
    for (const char* kind : kKinds) {
        for (const CaseInfo& c : kCases) {
            if (c.id == Case::StreamErrorEvent && std::strcmp(kind, "anthropic") != 0 &&
                std::strcmp(kind, "gemini") != 0)
                continue;
            if (c.id == Case::Overloaded && std::strcmp(kind, "anthropic") != 0)
                continue;
            QTest::addRow("%s: %s", kind, c.name) << QString::fromLatin1(kind) << int(c.id);
        }
    }
}

void TestProviders::conformance()
{
    QFETCH(QString, kind);
    QFETCH(int, caseId);
    checkCase(kind, Case(caseId));
}

void TestProviders::checkCase(const QString& kind, Case c)
{
    const QString name = replyName(kind);
    const bool anthropic = kind == QLatin1String("anthropic");
    const bool gemini = kind == QLatin1String("gemini");
    const bool openAiFormat = !anthropic && !gemini;
    const auto messageOf = [](const TestResponse& r) {
        return object(r.body)["choices"].toArray().at(0).toObject()["message"].toObject();
    };
    const auto finishOf = [](const TestResponse& r) {
        return object(r.body)["choices"].toArray().at(0).toObject()["finish_reason"].toString();
    };
    const auto usageOf = [](const TestResponse& r) { return object(r.body)["usage"].toObject(); };

    switch (c) {
    case Case::PlainText: {
        auto r = chat(kind, R"([{"role":"user","content":"hello there"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QJsonObject body = object(r->body);
        QCOMPARE(body["object"].toString(), QStringLiteral("chat.completion"));
        QVERIFY(!body["id"].toString().isEmpty());
        QCOMPARE(messageOf(*r)["role"].toString(), QStringLiteral("assistant"));
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: hello there"));
        QCOMPARE(finishOf(*r), QStringLiteral("stop"));
        QCOMPARE(usageOf(*r)["prompt_tokens"].toInt(), 5);
        QCOMPARE(usageOf(*r)["completion_tokens"].toInt(), 4);
        QCOMPARE(usageOf(*r)["total_tokens"].toInt(), 9);
        QCOMPARE(r->header("x-tollgate-provider"), model(kind).split('/').first());
        checkEndpointAndKey(kind, false);
        const QJsonObject up = upstream(kind);
        if (openAiFormat) {
            QCOMPARE(compact(up["messages"]), QByteArray(R"([{"content":"hello there","role":"user"}])"));
        } else if (anthropic) {
            QCOMPARE(compact(up["messages"]),
                     QByteArray(R"([{"content":[{"text":"hello there","type":"text"}],"role":"user"}])"));
            QCOMPARE(up["model"].toString(), QStringLiteral("claude-fake"));
            QCOMPARE(up["max_tokens"].toInt(), 4096);
        } else {
            QCOMPARE(compact(up["contents"]),
                     QByteArray(R"([{"parts":[{"text":"hello there"}],"role":"user"}])"));
        }
        break;
    }
    case Case::SystemPrompt: {
        auto r =
            chat(kind, R"([{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: hello there"));
        QCOMPARE(usageOf(*r)["prompt_tokens"].toInt(), 10);
        const QJsonObject up = upstream(kind);
        if (openAiFormat)
            QCOMPARE(up["messages"].toArray().at(0).toObject()["role"].toString(), QStringLiteral("system"));
        else if (anthropic)
            QCOMPARE(up["system"].toString(), QStringLiteral("be brief"));
        else
            QCOMPARE(compact(up["systemInstruction"]), QByteArray(R"({"parts":[{"text":"be brief"}]})"));
        if (!openAiFormat) // the system prompt is not also sent as a turn
            QVERIFY(!fake(kind)->lastRequest().body.contains("\"role\":\"system\""));
        break;
    }
    case Case::MultiTurn: {
        auto r = chat(
            kind,
            R"([{"role":"user","content":"first question"},{"role":"assistant","content":"first answer"},{"role":"user","content":"second question"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: second question"));
        QCOMPARE(usageOf(*r)["prompt_tokens"].toInt(), 15);
        const QJsonObject up = upstream(kind);
        QStringList roles;
        for (const QJsonValue& m : up[gemini ? "contents" : "messages"].toArray())
            roles << m.toObject()["role"].toString();
        QCOMPARE(roles, gemini ? QStringList({"user", "model", "user"})
                               : QStringList({"user", "assistant", "user"}));
        break;
    }
    case Case::Image: {
        auto r = chat(
            kind,
            R"([{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: what is this"));
        // Kept out of the macros below: moc takes the "//" of a URL in a raw string for a comment.
        const QByteArray anthropicBlocks =
            R"([{"text":"what is this","type":"text"},{"source":{"data":"iVBORw0KGgo=","media_type":"image/png","type":"base64"},"type":"image"},{"source":{"type":"url","url":"https://example.com/cat.jpg"},"type":"image"}])";
        const QByteArray geminiParts =
            R"([{"text":"what is this"},{"inlineData":{"data":"iVBORw0KGgo=","mimeType":"image/png"}},{"fileData":{"fileUri":"https://example.com/cat.jpg","mimeType":"image/jpeg"}}])";
        const QJsonObject up = upstream(kind);
        if (openAiFormat)
            QCOMPARE(up["messages"].toArray().at(0).toObject()["content"].toArray().size(), 3);
        else if (anthropic)
            QCOMPARE(compact(up["messages"].toArray().at(0).toObject()["content"]), anthropicBlocks);
        else
            QCOMPARE(compact(up["contents"].toArray().at(0).toObject()["parts"]), geminiParts);
        break;
    }
    case Case::OneToolCall: {
        auto r = chat(kind, R"([{"role":"user","content":"weather in Paris"}])",
                      ",\"tools\":[" + kWeatherTool + "]");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(finishOf(*r), QStringLiteral("tool_calls"));
        const QJsonObject message = messageOf(*r);
        QVERIFY(message["content"].isNull());
        const QJsonArray calls = message["tool_calls"].toArray();
        QCOMPARE(calls.size(), 1);
        const QJsonObject call = calls.at(0).toObject();
        QVERIFY(!call["id"].toString().isEmpty());
        QCOMPARE(call["type"].toString(), QStringLiteral("function"));
        QCOMPARE(call["function"].toObject()["name"].toString(), QStringLiteral("get_weather"));
        QCOMPARE(object(call["function"].toObject()["arguments"].toString().toUtf8())["city"].toString(),
                 QStringLiteral("weather in Paris"));
        QCOMPARE(usageOf(*r)["completion_tokens"].toInt(), 1);
        const QJsonObject up = upstream(kind);
        if (anthropic) {
            QCOMPARE(
                compact(up["tools"]),
                QByteArray(
                    R"([{"description":"Weather for a city","input_schema":{"properties":{"city":{"type":"string"}},"required":["city"],"type":"object"},"name":"get_weather"}])"));
        } else if (gemini) {
            QCOMPARE(
                compact(up["tools"]),
                QByteArray(
                    R"([{"functionDeclarations":[{"description":"Weather for a city","name":"get_weather","parameters":{"properties":{"city":{"type":"STRING"}},"required":["city"],"type":"OBJECT"}}]}])"));
        } else {
            QCOMPARE(up["tools"].toArray().size(), 1);
        }
        break;
    }
    case Case::ParallelToolCalls: {
        auto r = chat(kind, R"([{"role":"user","content":"weather in Paris"}])",
                      ",\"tools\":[" + kWeatherTool + "," + kTimeTool + R"(],"tool_choice":"required")");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(finishOf(*r), QStringLiteral("tool_calls"));
        const QJsonArray calls = messageOf(*r)["tool_calls"].toArray();
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).toObject()["function"].toObject()["name"].toString(),
                 QStringLiteral("get_weather"));
        QCOMPARE(calls.at(1).toObject()["function"].toObject()["name"].toString(),
                 QStringLiteral("get_time"));
        QVERIFY(calls.at(0).toObject()["id"].toString() != calls.at(1).toObject()["id"].toString());
        QCOMPARE(
            object(calls.at(1).toObject()["function"].toObject()["arguments"].toString().toUtf8())["timezone"]
                .toString(),
            QStringLiteral("weather in Paris"));
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(compact(up["tool_choice"]), QByteArray(R"({"type":"any"})"));
        else if (gemini)
            QCOMPARE(compact(up["toolConfig"]), QByteArray(R"({"functionCallingConfig":{"mode":"ANY"}})"));
        else
            QCOMPARE(up["tool_choice"].toString(), QStringLiteral("required"));
        break;
    }
    case Case::ToolResultRoundTrip: {
        auto r = chat(kind,
                      R"([{"role":"user","content":"weather in Paris"},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
                          {"role":"tool","tool_call_id":"call_1","content":"sunny and warm"}])",
                      ",\"tools\":[" + kWeatherTool + "]");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(finishOf(*r), QStringLiteral("stop"));
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: sunny and warm"));
        QCOMPARE(usageOf(*r)["prompt_tokens"].toInt(), 15);
        const QJsonObject up = upstream(kind);
        if (anthropic) {
            const QJsonArray m = up["messages"].toArray();
            QCOMPARE(
                compact(m.at(1)),
                QByteArray(
                    R"({"content":[{"id":"call_1","input":{"city":"Paris"},"name":"get_weather","type":"tool_use"}],"role":"assistant"})"));
            QCOMPARE(
                compact(m.at(2)),
                QByteArray(
                    R"({"content":[{"content":"sunny and warm","tool_use_id":"call_1","type":"tool_result"}],"role":"user"})"));
        } else if (gemini) {
            const QJsonArray m = up["contents"].toArray();
            QCOMPARE(
                compact(m.at(1)),
                QByteArray(
                    R"({"parts":[{"functionCall":{"args":{"city":"Paris"},"name":"get_weather"}}],"role":"model"})"));
            QCOMPARE(
                compact(m.at(2)),
                QByteArray(
                    R"({"parts":[{"functionResponse":{"name":"get_weather","response":{"output":"sunny and warm"}}}],"role":"user"})"));
        } else {
            QCOMPARE(up["messages"].toArray().at(2).toObject()["tool_call_id"].toString(),
                     QStringLiteral("call_1"));
        }
        break;
    }
    case Case::JsonMode: {
        auto r = chat(
            kind, R"([{"role":"user","content":"give me json"}])",
            R"(,"response_format":{"type":"json_schema","json_schema":{"name":"reply","strict":true,"schema":{"type":"object","properties":{"reply":{"type":"string"}},"required":["reply"],"additionalProperties":false}}})");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QJsonParseError error{};
        const QJsonDocument content =
            QJsonDocument::fromJson(messageOf(*r)["content"].toString().toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(content.object()["reply"].toString(), name + QStringLiteral(" says: give me json"));
        const QJsonObject up = upstream(kind);
        if (anthropic) {
            QCOMPARE(up["output_config"].toObject()["format"].toObject()["type"].toString(),
                     QStringLiteral("json_schema"));
        } else if (gemini) {
            const QJsonObject config = up["generationConfig"].toObject();
            QCOMPARE(config["responseMimeType"].toString(), QStringLiteral("application/json"));
            QCOMPARE(
                compact(config["responseSchema"]),
                QByteArray(
                    R"({"properties":{"reply":{"type":"STRING"}},"required":["reply"],"type":"OBJECT"})"));
        } else {
            QCOMPARE(up["response_format"].toObject()["type"].toString(), QStringLiteral("json_schema"));
        }
        break;
    }
    case Case::StopSequence: {
        auto r = chat(kind, R"([{"role":"user","content":"one two three four five"}])",
                      R"(,"stop":["four","never"])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: one two three"));
        QCOMPARE(finishOf(*r), QStringLiteral("stop"));
        QCOMPARE(usageOf(*r)["completion_tokens"].toInt(), 5);
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(compact(up["stop_sequences"]), QByteArray(R"(["four","never"])"));
        else if (gemini)
            QCOMPARE(compact(up["generationConfig"].toObject()["stopSequences"]),
                     QByteArray(R"(["four","never"])"));
        else
            QCOMPARE(compact(up["stop"]), QByteArray(R"(["four","never"])"));
        break;
    }
    case Case::MaxTokensReached: {
        auto r = chat(kind, R"([{"role":"user","content":"one two three four"}])", R"(,"max_tokens":3)");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(messageOf(*r)["content"].toString(), name + QStringLiteral(" says: one"));
        QCOMPARE(finishOf(*r), QStringLiteral("length"));
        QCOMPARE(usageOf(*r)["completion_tokens"].toInt(), 3);
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(up["max_tokens"].toInt(), 3);
        else if (gemini)
            QCOMPARE(up["generationConfig"].toObject()["maxOutputTokens"].toInt(), 3);
        else
            QCOMPARE(up["max_tokens"].toInt(), 3);
        break;
    }
    case Case::ProviderError: {
        fake(kind)->enqueueBehaviour(FakeBehaviour::statusCode(400));
        auto r = chat(kind, R"([{"role":"user","content":"hello"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        const QJsonObject error = object(r->body)["error"].toObject();
        QCOMPARE(error["type"].toString(), QStringLiteral("invalid_request_error"));
        QCOMPARE(error["code"].toString(), QStringLiteral("upstream_rejected"));
        const QString message = error["message"].toString();
        const QString expected =
            anthropic ? QStringLiteral("There was an issue with the format or content of your request. "
                                       "(invalid_request_error)")
            : gemini  ? QStringLiteral("Request contains an invalid argument. (INVALID_ARGUMENT)")
                      : QStringLiteral("Bad request.");
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(fake(kind)->requestCount(), 1); // a client error is not retried elsewhere
        break;
    }
    case Case::RateLimit: {
        fake(kind)->enqueueBehaviour(FakeBehaviour::statusCode(429, 7));
        auto r = chat(kind, R"([{"role":"user","content":"hello"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 429);
        QCOMPARE(r->header("retry-after"), QByteArray("7"));
        const QJsonObject error = object(r->body)["error"].toObject();
        QCOMPARE(error["type"].toString(), QStringLiteral("rate_limit_error"));
        const QString expected =
            anthropic ? QStringLiteral("(rate_limit_error)")
            : gemini  ? QStringLiteral("Resource has been exhausted (e.g. check quota). (RESOURCE_EXHAUSTED)")
                      : QStringLiteral("Rate limit reached for requests.");
        QVERIFY2(error["message"].toString().contains(expected), qPrintable(error["message"].toString()));
        break;
    }
    case Case::StreamedText: {
        auto r = chat(kind, R"([{"role":"user","content":"stream me please"}])",
                      R"(,"stream":true,"stream_options":{"include_usage":true})");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("content-type"), QByteArray("text/event-stream"));
        const QList<QByteArray> data = r->sseData();
        QVERIFY(data.size() >= 5);
        QCOMPARE(data.last(), QByteArray("[DONE]"));
        QString text;
        QString finish;
        QJsonObject usage;
        for (const QByteArray& d : data.mid(0, data.size() - 1)) {
            const QJsonObject chunk = object(d);
            QCOMPARE(chunk["object"].toString(), QStringLiteral("chat.completion.chunk"));
            const QJsonArray choices = chunk["choices"].toArray();
            if (choices.isEmpty()) {
                usage = chunk["usage"].toObject();
                continue;
            }
            const QJsonObject choice = choices.at(0).toObject();
            text += choice["delta"].toObject()["content"].toString();
            if (!choice["finish_reason"].isNull())
                finish = choice["finish_reason"].toString();
        }
        QCOMPARE(
            object(data.first())["choices"].toArray().at(0).toObject()["delta"].toObject()["role"].toString(),
            QStringLiteral("assistant"));
        QCOMPARE(text, name + QStringLiteral(" says: stream me please"));
        QCOMPARE(finish, QStringLiteral("stop"));
        QCOMPARE(usage["prompt_tokens"].toInt(), 6);
        QCOMPARE(usage["completion_tokens"].toInt(), 5);
        checkEndpointAndKey(kind, true);
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(up["stream"].toBool(), true);
        else if (gemini)
            QVERIFY(!up.contains("stream"));
        else
            QCOMPARE(up["stream_options"].toObject()["include_usage"].toBool(), true);
        break;
    }
    case Case::StreamedToolCalls: {
        auto r = chat(kind, R"([{"role":"user","content":"weather in Paris"}])",
                      ",\"stream\":true,\"tools\":[" + kWeatherTool + "," + kTimeTool +
                          R"(],"tool_choice":"required")");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QList<QByteArray> data = r->sseData();
        QCOMPARE(data.last(), QByteArray("[DONE]"));
        QMap<int, QString> ids, names, arguments;
        QString finish;
        for (const QByteArray& d : data.mid(0, data.size() - 1)) {
            const QJsonObject choice = object(d)["choices"].toArray().at(0).toObject();
            QVERIFY2(!object(d)["choices"].toArray().isEmpty(), "no usage chunk unless asked");
            for (const QJsonValue& v : choice["delta"].toObject()["tool_calls"].toArray()) {
                const QJsonObject call = v.toObject();
                const int index = call["index"].toInt(-1);
                QVERIFY(index >= 0);
                if (call.contains("id"))
                    ids[index] = call["id"].toString();
                const QJsonObject fn = call["function"].toObject();
                if (fn.contains("name"))
                    names[index] = fn["name"].toString();
                arguments[index] += fn["arguments"].toString();
            }
            if (!choice["finish_reason"].isNull())
                finish = choice["finish_reason"].toString();
        }
        QCOMPARE(finish, QStringLiteral("tool_calls"));
        QCOMPARE(names.values(), (QList<QString>{"get_weather", "get_time"}));
        QVERIFY(!ids[0].isEmpty() && !ids[1].isEmpty() && ids[0] != ids[1]);
        QCOMPARE(object(arguments[0].toUtf8())["city"].toString(), QStringLiteral("weather in Paris"));
        QCOMPARE(object(arguments[1].toUtf8())["timezone"].toString(), QStringLiteral("weather in Paris"));
        checkEndpointAndKey(kind, true);
        break;
    }
    case Case::CachedTokenUsage: {
        // Anthropic caches where the client put cache_control; the others cache on their own.
        const QByteArray marked =
            R"([{"role":"system","content":[{"type":"text","text":"be brief","cache_control":{"type":"ephemeral"}}]},{"role":"user","content":"hello there"}])";
        const QByteArray plain =
            R"([{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}])";
        if (!anthropic)
            fake(kind)->setCachedPromptTokens(4);
        auto first = chat(kind, openAiFormat ? plain : marked);
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        auto second = chat(kind, openAiFormat ? plain : marked);
        QVERIFY(second);
        QCOMPARE(second->status, 200);
        for (const TestResponse* r : {&*first, &*second})
            QCOMPARE(usageOf(*r)["prompt_tokens"].toInt(), 10); // cached tokens are part of the prompt
        const auto cached = [&](const TestResponse& r) {
            return usageOf(r)["prompt_tokens_details"].toObject()["cached_tokens"].toInt(-1);
        };
        if (anthropic) {
            QCOMPARE(cached(*first), 0);  // written to the cache, not read from it
            QCOMPARE(cached(*second), 5); // "be brief" + 3
            QCOMPARE(
                compact(upstream(kind)["system"]),
                QByteArray(R"([{"cache_control":{"type":"ephemeral"},"text":"be brief","type":"text"}])"));
        } else {
            QCOMPARE(cached(*first), 4);
            QCOMPARE(cached(*second), 4);
        }
        if (gemini)
            QVERIFY(!fake(kind)->lastRequest().body.contains("cache_control")); // no such field in Gemini
        const auto costOf = [&](const TestResponse& r, qint64 cachedTokens, qint64 writtenTokens) {
            return expectedCost(usageOf(r)["prompt_tokens"].toInt(), usageOf(r)["completion_tokens"].toInt(),
                                cachedTokens, writtenTokens);
        };
        if (anthropic) {
            QCOMPARE(first->header("x-tollgate-cost"), costOf(*first, 0, 5));
            QCOMPARE(second->header("x-tollgate-cost"), costOf(*second, 5, 0));
        } else {
            QCOMPARE(first->header("x-tollgate-cost"), costOf(*first, 4, 0));
            QCOMPARE(second->header("x-tollgate-cost"), costOf(*second, 4, 0));
        }
        break;
    }
    case Case::StreamErrorEvent: {
        fake(kind)->enqueueBehaviour(FakeBehaviour::streamError(3));
        auto r = chat(kind, R"([{"role":"user","content":"one two three four five"}])", R"(,"stream":true)");
        QVERIFY(r);
        QCOMPARE(r->status, 200); // the stream had begun
        const QList<QByteArray> data = r->sseData();
        QVERIFY(!data.contains("[DONE]"));
        const QJsonObject error = object(data.last())["error"].toObject();
        const QString message = error["message"].toString();
        QVERIFY2(message.contains(QLatin1String("reported an error mid-stream")), qPrintable(message));
        QVERIFY2(message.contains(anthropic ? QLatin1String("Overloaded (overloaded_error)")
                                            : QLatin1String("(INTERNAL)")),
                 qPrintable(message));
        QCOMPARE(error["code"].toString(), QStringLiteral("upstream_stream_error"));
        break;
    }
    case Case::Overloaded: {
        fake(kind)->enqueueBehaviour(FakeBehaviour::statusCode(529));
        auto r = chat(kind, R"([{"role":"user","content":"hello"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 502);
        const QString message = object(r->body)["error"].toObject()["message"].toString();
        QVERIFY2(message.contains(QLatin1String("Overloaded (overloaded_error)")), qPrintable(message));
        break;
    }
    }
}

void TestProviders::embeddings_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<bool>("base64");
    for (bool base64 : {false, true}) {
        const char* suffix = base64 ? " (base64)" : "";
        QTest::addRow("openai%s", suffix)
            << QStringLiteral("openai") << QByteArray("openai/embed-fake") << base64;
        QTest::addRow("azure-openai%s", suffix)
            << QStringLiteral("azure-openai") << QByteArray("azure/embed-deploy") << base64;
        QTest::addRow("gemini%s", suffix)
            << QStringLiteral("gemini") << QByteArray("gemini/text-embedding-004") << base64;
    }
}

void TestProviders::embeddings()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, model);
    QFETCH(bool, base64);
    const QByteArray body = R"({"model":")" + model + R"(","input":["alpha beta","gamma"])" +
                            (base64 ? QByteArray(R"(,"encoding_format":"base64")") : QByteArray()) + "}";
    auto r = HttpTestClient::request(m_port, "POST", "/v1/embeddings", body);
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    const QJsonObject answer = object(r->body);
    QCOMPARE(answer["object"].toString(), QStringLiteral("list"));
    const QJsonArray data = answer["data"].toArray();
    QCOMPARE(data.size(), 2);
    const QStringList inputs{"alpha beta", "gamma"};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject item = data.at(i).toObject();
        QCOMPARE(item["index"].toInt(), i);
        QList<float> values;
        if (base64) {
            const QByteArray raw = QByteArray::fromBase64(item["embedding"].toString().toLatin1());
            QCOMPARE(raw.size(), 32);
            for (int k = 0; k < 8; ++k) {
                float f = 0;
                std::memcpy(&f, raw.constData() + 4 * k, 4); // little-endian hosts only, as the tests run
                values.append(f);
            }
        } else {
            for (const QJsonValue& v : item["embedding"].toArray())
                values.append(float(v.toDouble()));
        }
        const QList<float> expected = FakeProviderServer::embeddingFor(inputs[i]);
        QCOMPARE(values.size(), expected.size());
        for (int k = 0; k < expected.size(); ++k)
            QVERIFY(qAbs(values[k] - expected[k]) < 1e-6f);
    }
    const RecordedRequest up = fake(kind)->lastRequest();
    if (kind == QLatin1String("gemini")) {
        QCOMPARE(up.path, QByteArray("/v1beta/models/text-embedding-004:batchEmbedContents"));
        QCOMPARE(object(up.body)["requests"]
                     .toArray()
                     .at(1)
                     .toObject()["content"]
                     .toObject()["parts"]
                     .toArray()
                     .at(0)
                     .toObject()["text"]
                     .toString(),
                 QStringLiteral("gamma"));
    } else if (kind == QLatin1String("azure-openai")) {
        QCOMPARE(up.path, QByteArray("/openai/deployments/embed-deploy/embeddings"));
        QCOMPARE(up.header("api-key"), QByteArray("az-secret"));
    } else {
        QCOMPARE(up.path, QByteArray("/v1/embeddings"));
        QCOMPARE(answer["usage"].toObject()["prompt_tokens"].toInt(), 3);
    }
}

void TestProviders::untranslatableRequestIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("rest"); // the request after "model"
    QTest::addColumn<QString>("message");
    QTest::newRow("anthropic: n=2") << QStringLiteral("anthropic")
                                    << QByteArray(R"("messages":[{"role":"user","content":"hi"}],"n":2)")
                                    << QStringLiteral("n must be 1");
    QTest::newRow("gemini: logprobs")
        << QStringLiteral("gemini")
        << QByteArray(R"("messages":[{"role":"user","content":"hi"}],"logprobs":true)")
        << QStringLiteral("logprobs");
    QTest::newRow("anthropic: tool arguments not JSON")
        << QStringLiteral("anthropic")
        << QByteArray(
               R"("messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]},{"role":"tool","tool_call_id":"c","content":"r"}])")
        << QStringLiteral("must be a JSON object");
    QTest::newRow("gemini: result of a call never made")
        << QStringLiteral("gemini")
        << QByteArray(
               R"("messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_404","content":"r"}])")
        << QStringLiteral("'call_404'");
}

void TestProviders::untranslatableRequestIsRefused()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, rest);
    QFETCH(QString, message);
    const QByteArray body = R"({"model":")" + model(kind) + "\"," + rest + "}";
    auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", body);
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    const QJsonObject error = object(r->body)["error"].toObject();
    QCOMPARE(error["type"].toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(error["code"].toString(), QStringLiteral("unsupported_by_provider"));
    QVERIFY2(error["message"].toString().contains(message), qPrintable(error["message"].toString()));
    QCOMPARE(fake(kind)->requestCount(), 0); // refused before anything went out
}

void TestProviders::anthropicInbound_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("caseId");
    for (const char* kind : kKinds) {
        for (const CaseInfo& c : kCases) {
            if (anthropicInboundCase(c.id))
                QTest::addRow("%s: %s", kind, c.name) << QString::fromLatin1(kind) << int(c.id);
        }
    }
}

void TestProviders::anthropicInbound()
{
    QFETCH(QString, kind);
    QFETCH(int, caseId);
    checkAnthropicInboundCase(kind, Case(caseId));
}

// One cell of the Anthropic-inbound column: what the client got in the Anthropic schema, and what
// the provider received in its own.
void TestProviders::checkAnthropicInboundCase(const QString& kind, Case c)
{
    const QString name = replyName(kind);
    const bool anthropic = kind == QLatin1String("anthropic");
    const bool gemini = kind == QLatin1String("gemini");
    const bool openAiFormat = !anthropic && !gemini;
    const auto contentOf = [](const TestResponse& r) { return object(r.body)["content"].toArray(); };
    const auto textOf = [&](const TestResponse& r) {
        QString text;
        for (const QJsonValue& block : contentOf(r))
            if (block.toObject()["type"].toString() == QLatin1String("text"))
                text += block.toObject()["text"].toString();
        return text;
    };
    const auto stopOf = [](const TestResponse& r) { return object(r.body)["stop_reason"].toString(); };
    const auto usageOf = [](const TestResponse& r) { return object(r.body)["usage"].toObject(); };
    const auto toolUses = [&](const TestResponse& r) {
        QJsonArray out;
        for (const QJsonValue& block : contentOf(r))
            if (block.toObject()["type"].toString() == QLatin1String("tool_use"))
                out.append(block);
        return out;
    };
    const auto checkError = [](const TestResponse& r, const QString& type) {
        const QJsonObject body = object(r.body);
        QCOMPARE(body["type"].toString(), QStringLiteral("error"));
        QCOMPARE(body["error"].toObject()["type"].toString(), type);
        QVERIFY(!body["error"].toObject()["message"].toString().isEmpty());
        QVERIFY(!r.body.contains("secret"));
    };

    switch (c) {
    case Case::PlainText: {
        auto r = messages(kind, R"([{"role":"user","content":"hello there"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(r->header("content-type").startsWith("application/json"));
        const QJsonObject body = object(r->body);
        QCOMPARE(body["type"].toString(), QStringLiteral("message"));
        QCOMPARE(body["role"].toString(), QStringLiteral("assistant"));
        QVERIFY(body["id"].toString().startsWith(QLatin1String("msg_")));
        QVERIFY(!r->body.contains("chat.completion"));
        QCOMPARE(contentOf(*r),
                 QJsonArray({QJsonObject(
                     {{"type", "text"}, {"text", name + QStringLiteral(" says: hello there")}})}));
        QCOMPARE(stopOf(*r), QStringLiteral("end_turn"));
        QCOMPARE(usageOf(*r)["input_tokens"].toInt(), 5);
        QCOMPARE(usageOf(*r)["output_tokens"].toInt(), 4);
        QCOMPARE(r->header("x-tollgate-provider"), model(kind).split('/').first());
        checkEndpointAndKey(kind, false);
        const QJsonObject up = upstream(kind);
        if (openAiFormat) {
            QCOMPARE(compact(up["messages"]), QByteArray(R"([{"content":"hello there","role":"user"}])"));
            QCOMPARE(up["max_tokens"].toInt(), 64);
        } else if (anthropic) {
            QCOMPARE(compact(up["messages"]),
                     QByteArray(R"([{"content":[{"text":"hello there","type":"text"}],"role":"user"}])"));
            QCOMPARE(up["model"].toString(), QStringLiteral("claude-fake"));
            QCOMPARE(up["max_tokens"].toInt(), 64);
        } else {
            QCOMPARE(compact(up["contents"]),
                     QByteArray(R"([{"parts":[{"text":"hello there"}],"role":"user"}])"));
            QCOMPARE(up["generationConfig"].toObject()["maxOutputTokens"].toInt(), 64);
        }
        break;
    }
    case Case::SystemPrompt: {
        auto r = messages(kind, R"([{"role":"user","content":"hello there"}])", R"(,"system":"be brief")");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: hello there"));
        QCOMPARE(usageOf(*r)["input_tokens"].toInt(), 10);
        const QJsonObject up = upstream(kind);
        if (openAiFormat) {
            QCOMPARE(compact(up["messages"].toArray().at(0)),
                     QByteArray(R"({"content":"be brief","role":"system"})"));
        } else if (anthropic) {
            QCOMPARE(up["system"].toString(), QStringLiteral("be brief"));
            QCOMPARE(up["messages"].toArray().size(), 1);
        } else {
            QCOMPARE(compact(up["systemInstruction"]), QByteArray(R"({"parts":[{"text":"be brief"}]})"));
            QCOMPARE(up["contents"].toArray().size(), 1);
        }
        break;
    }
    case Case::MultiTurn: {
        auto r = messages(
            kind,
            R"([{"role":"user","content":"first question"},{"role":"assistant","content":"first answer"},{"role":"user","content":[{"type":"text","text":"second question"}]}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: second question"));
        QCOMPARE(usageOf(*r)["input_tokens"].toInt(), 15);
        const QJsonObject up = upstream(kind);
        QStringList roles;
        for (const QJsonValue& m : up[gemini ? "contents" : "messages"].toArray())
            roles << m.toObject()["role"].toString();
        QCOMPARE(roles, gemini ? QStringList({"user", "model", "user"})
                               : QStringList({"user", "assistant", "user"}));
        break;
    }
    case Case::Image: {
        auto r = messages(
            kind,
            R"([{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: what is this"));
        const QJsonObject up = upstream(kind);
        if (openAiFormat) {
            const QJsonArray parts = up["messages"].toArray().at(0).toObject()["content"].toArray();
            QCOMPARE(parts.size(), 2);
            QCOMPARE(parts.at(1).toObject()["type"].toString(), QStringLiteral("image_url"));
            QCOMPARE(parts.at(1).toObject()["image_url"].toObject()["url"].toString(),
                     QStringLiteral("data:image/png;base64,iVBORw0KGgo="));
        } else if (anthropic) {
            QCOMPARE(
                compact(up["messages"].toArray().at(0).toObject()["content"]),
                QByteArray(
                    R"([{"text":"what is this","type":"text"},{"source":{"data":"iVBORw0KGgo=","media_type":"image/png","type":"base64"},"type":"image"}])"));
        } else {
            QCOMPARE(
                compact(up["contents"].toArray().at(0).toObject()["parts"]),
                QByteArray(
                    R"([{"text":"what is this"},{"inlineData":{"data":"iVBORw0KGgo=","mimeType":"image/png"}}])"));
        }
        break;
    }
    case Case::OneToolCall: {
        auto r = messages(kind, R"([{"role":"user","content":"weather in Paris"}])",
                          ",\"tools\":[" + kAnthropicWeatherTool + "]");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(stopOf(*r), QStringLiteral("tool_use"));
        const QJsonArray calls = toolUses(*r);
        QCOMPARE(calls.size(), 1);
        QCOMPARE(contentOf(*r).size(), 1); // no empty text block beside the call
        const QJsonObject call = calls.at(0).toObject();
        QVERIFY(!call["id"].toString().isEmpty());
        QCOMPARE(call["name"].toString(), QStringLiteral("get_weather"));
        QCOMPARE(call["input"].toObject(), QJsonObject({{"city", "weather in Paris"}}));
        QCOMPARE(usageOf(*r)["output_tokens"].toInt(), 1);
        const QJsonObject up = upstream(kind);
        if (anthropic) {
            QCOMPARE(
                compact(up["tools"]),
                QByteArray(
                    R"([{"description":"Weather for a city","input_schema":{"properties":{"city":{"type":"string"}},"required":["city"],"type":"object"},"name":"get_weather"}])"));
        } else if (gemini) {
            QCOMPARE(
                compact(up["tools"]),
                QByteArray(
                    R"([{"functionDeclarations":[{"description":"Weather for a city","name":"get_weather","parameters":{"properties":{"city":{"type":"STRING"}},"required":["city"],"type":"OBJECT"}}]}])"));
        } else {
            const QJsonArray tools = up["tools"].toArray();
            QCOMPARE(tools.size(), 1);
            const QJsonObject fn = tools.at(0).toObject()["function"].toObject();
            QCOMPARE(tools.at(0).toObject()["type"].toString(), QStringLiteral("function"));
            QCOMPARE(fn["name"].toString(), QStringLiteral("get_weather"));
            QCOMPARE(compact(fn["parameters"]),
                     QByteArray(
                         R"({"properties":{"city":{"type":"string"}},"required":["city"],"type":"object"})"));
        }
        break;
    }
    case Case::ParallelToolCalls: {
        auto r = messages(kind, R"([{"role":"user","content":"weather in Paris"}])",
                          ",\"tools\":[" + kAnthropicWeatherTool + "," + kAnthropicTimeTool +
                              R"(],"tool_choice":{"type":"any"})");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(stopOf(*r), QStringLiteral("tool_use"));
        const QJsonArray calls = toolUses(*r);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).toObject()["name"].toString(), QStringLiteral("get_weather"));
        QCOMPARE(calls.at(1).toObject()["name"].toString(), QStringLiteral("get_time"));
        QVERIFY(calls.at(0).toObject()["id"].toString() != calls.at(1).toObject()["id"].toString());
        QCOMPARE(calls.at(0).toObject()["input"].toObject(), QJsonObject({{"city", "weather in Paris"}}));
        QCOMPARE(calls.at(1).toObject()["input"].toObject(), QJsonObject({{"timezone", "weather in Paris"}}));
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(compact(up["tool_choice"]), QByteArray(R"({"type":"any"})"));
        else if (gemini)
            QCOMPARE(compact(up["toolConfig"]), QByteArray(R"({"functionCallingConfig":{"mode":"ANY"}})"));
        else
            QCOMPARE(up["tool_choice"].toString(), QStringLiteral("required"));
        break;
    }
    case Case::ToolResultRoundTrip: {
        auto r = messages(kind,
                          R"([{"role":"user","content":"weather in Paris"},
                              {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
                              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"sunny and warm"}]}])",
                          ",\"tools\":[" + kAnthropicWeatherTool + "]");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(stopOf(*r), QStringLiteral("end_turn"));
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: sunny and warm"));
        const QJsonObject up = upstream(kind);
        if (anthropic) {
            const QJsonArray m = up["messages"].toArray();
            QCOMPARE(m.size(), 3);
            QCOMPARE(
                compact(m.at(1)),
                QByteArray(
                    R"({"content":[{"id":"call_1","input":{"city":"Paris"},"name":"get_weather","type":"tool_use"}],"role":"assistant"})"));
            QCOMPARE(
                compact(m.at(2)),
                QByteArray(
                    R"({"content":[{"content":"sunny and warm","tool_use_id":"call_1","type":"tool_result"}],"role":"user"})"));
        } else if (gemini) {
            const QJsonArray m = up["contents"].toArray();
            QCOMPARE(m.size(), 3);
            QCOMPARE(
                compact(m.at(1)),
                QByteArray(
                    R"({"parts":[{"functionCall":{"args":{"city":"Paris"},"name":"get_weather"}}],"role":"model"})"));
            QCOMPARE(
                compact(m.at(2)),
                QByteArray(
                    R"({"parts":[{"functionResponse":{"name":"get_weather","response":{"output":"sunny and warm"}}}],"role":"user"})"));
        } else {
            const QJsonArray m = up["messages"].toArray();
            QCOMPARE(m.size(), 3);
            const QJsonObject call = m.at(1).toObject()["tool_calls"].toArray().at(0).toObject();
            QCOMPARE(call["id"].toString(), QStringLiteral("call_1"));
            QCOMPARE(call["function"].toObject()["name"].toString(), QStringLiteral("get_weather"));
            QCOMPARE(object(call["function"].toObject()["arguments"].toString().toUtf8()),
                     QJsonObject({{"city", "Paris"}}));
            QCOMPARE(m.at(2).toObject()["role"].toString(), QStringLiteral("tool"));
            QCOMPARE(m.at(2).toObject()["tool_call_id"].toString(), QStringLiteral("call_1"));
        }
        break;
    }
    case Case::StopSequence: {
        auto r = messages(kind, R"([{"role":"user","content":"one two three four five"}])",
                          R"(,"stop_sequences":["four","never"])");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: one two three"));
        QCOMPARE(usageOf(*r)["output_tokens"].toInt(), 5);
        // The canonical (OpenAI-schema) answer says "stop" for a natural end and for a stop sequence
        // alike, so the gateway cannot tell which sequence matched, even when the provider is
        // Anthropic: the client gets end_turn (docs/providers.md).
        QCOMPARE(stopOf(*r), QStringLiteral("end_turn"));
        QVERIFY(object(r->body)["stop_sequence"].isNull());
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(compact(up["stop_sequences"]), QByteArray(R"(["four","never"])"));
        else if (gemini)
            QCOMPARE(compact(up["generationConfig"].toObject()["stopSequences"]),
                     QByteArray(R"(["four","never"])"));
        else
            QCOMPARE(compact(up["stop"]), QByteArray(R"(["four","never"])"));
        break;
    }
    case Case::MaxTokensReached: {
        auto r = messages(kind, R"([{"role":"user","content":"one two three four"}])", {}, 3);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(textOf(*r), name + QStringLiteral(" says: one"));
        QCOMPARE(stopOf(*r), QStringLiteral("max_tokens"));
        QCOMPARE(usageOf(*r)["output_tokens"].toInt(), 3);
        const QJsonObject up = upstream(kind);
        if (gemini)
            QCOMPARE(up["generationConfig"].toObject()["maxOutputTokens"].toInt(), 3);
        else
            QCOMPARE(up["max_tokens"].toInt(), 3);
        break;
    }
    case Case::ProviderError: {
        fake(kind)->setDefaultBehaviour(FakeBehaviour::statusCode(500));
        auto r = messages(kind, R"([{"role":"user","content":"hello"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 502);
        checkError(*r, QStringLiteral("api_error"));
        QVERIFY(fake(kind)->requestCount() >= 1);
        checkEndpointAndKey(kind, false);
        break;
    }
    case Case::RateLimit: {
        fake(kind)->enqueueBehaviour(FakeBehaviour::statusCode(429, 7));
        auto r = messages(kind, R"([{"role":"user","content":"hello"}])");
        QVERIFY(r);
        QCOMPARE(r->status, 429);
        QCOMPARE(r->header("retry-after"), QByteArray("7"));
        checkError(*r, QStringLiteral("rate_limit_error"));
        QCOMPARE(fake(kind)->requestCount(), 1);
        checkEndpointAndKey(kind, false);
        break;
    }
    case Case::StreamedText: {
        auto r = messages(kind, R"([{"role":"user","content":"stream me please"}])", R"(,"stream":true)");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(r->header("content-type").startsWith("text/event-stream"));
        QVERIFY(!r->body.contains("[DONE]"));
        QVERIFY(!r->body.contains("chat.completion"));
        const QList<SseEvent> e = anthropicEvents(r->body);
        QVERIFY(e.size() >= 6);
        QCOMPARE(e.first().name, QByteArray("message_start"));
        QCOMPARE(e.last().name, QByteArray("message_stop"));
        QCOMPARE(e.first().data["message"].toObject()["role"].toString(), QStringLiteral("assistant"));
        QString text;
        int starts = 0;
        int stops = 0;
        for (const SseEvent& ev : e) {
            QCOMPARE(ev.data["type"].toString(), QString::fromUtf8(ev.name));
            if (ev.name == "content_block_start") {
                ++starts;
                QCOMPARE(ev.data["content_block"].toObject()["type"].toString(), QStringLiteral("text"));
            } else if (ev.name == "content_block_stop") {
                ++stops;
            } else if (ev.name == "content_block_delta") {
                QCOMPARE(ev.data["delta"].toObject()["type"].toString(), QStringLiteral("text_delta"));
                text += ev.data["delta"].toObject()["text"].toString();
            }
        }
        QCOMPARE(starts, 1);
        QCOMPARE(stops, 1);
        QCOMPARE(text, name + QStringLiteral(" says: stream me please"));
        const SseEvent& delta = e[e.size() - 2];
        QCOMPARE(delta.name, QByteArray("message_delta"));
        QCOMPARE(delta.data["delta"].toObject()["stop_reason"].toString(), QStringLiteral("end_turn"));
        QCOMPARE(delta.data["usage"].toObject()["output_tokens"].toInt(), 5);
        checkEndpointAndKey(kind, true);
        const QJsonObject up = upstream(kind);
        if (anthropic)
            QCOMPARE(up["stream"].toBool(), true);
        else if (gemini)
            QVERIFY(!up.contains("stream"));
        else
            QCOMPARE(up["stream"].toBool(), true);
        break;
    }
    case Case::StreamedToolCalls: {
        auto r = messages(kind, R"([{"role":"user","content":"weather in Paris"}])",
                          ",\"stream\":true,\"tools\":[" + kAnthropicWeatherTool + "," + kAnthropicTimeTool +
                              R"(],"tool_choice":{"type":"any"})");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QList<SseEvent> e = anthropicEvents(r->body);
        QVERIFY(!e.isEmpty());
        QCOMPARE(e.first().name, QByteArray("message_start"));
        QCOMPARE(e.last().name, QByteArray("message_stop"));
        QMap<int, QString> ids, names, json;
        for (const SseEvent& ev : e) {
            const int index = ev.data["index"].toInt(-1);
            if (ev.name == "content_block_start") {
                const QJsonObject block = ev.data["content_block"].toObject();
                QCOMPARE(block["type"].toString(), QStringLiteral("tool_use"));
                QVERIFY(index >= 0);
                ids[index] = block["id"].toString();
                names[index] = block["name"].toString();
            } else if (ev.name == "content_block_delta") {
                const QJsonObject delta = ev.data["delta"].toObject();
                QCOMPARE(delta["type"].toString(), QStringLiteral("input_json_delta"));
                QVERIFY(names.contains(index));
                json[index] += delta["partial_json"].toString();
            }
        }
        QCOMPARE(names.values(), (QList<QString>{"get_weather", "get_time"}));
        QVERIFY(!ids.first().isEmpty() && !ids.last().isEmpty() && ids.first() != ids.last());
        QCOMPARE(object(json.first().toUtf8()), QJsonObject({{"city", "weather in Paris"}}));
        QCOMPARE(object(json.last().toUtf8()), QJsonObject({{"timezone", "weather in Paris"}}));
        QCOMPARE(e[e.size() - 2].data["delta"].toObject()["stop_reason"].toString(),
                 QStringLiteral("tool_use"));
        checkEndpointAndKey(kind, true);
        break;
    }
    case Case::CachedTokenUsage: {
        // Anthropic caches where the client put cache_control; the others cache on their own. The
        // fake Anthropic cache outlives a test function, so this prefix differs from the OpenAI
        // column's ("be brief") to start cold; same token count.
        const QByteArray system =
            R"(,"system":[{"type":"text","text":"stay brief","cache_control":{"type":"ephemeral"}}])";
        if (!anthropic)
            fake(kind)->setCachedPromptTokens(4);
        auto first = messages(kind, R"([{"role":"user","content":"hello there"}])", system);
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        auto second = messages(kind, R"([{"role":"user","content":"hello there"}])", system);
        QVERIFY(second);
        QCOMPARE(second->status, 200);
        const int read = anthropic ? 5 : 4; // "stay brief" + 3, or what the provider says it cached
        const QJsonObject u1 = usageOf(*first);
        const QJsonObject u2 = usageOf(*second);
        // input_tokens counts what was neither read from nor written to the cache, as Anthropic does.
        QCOMPARE(u2["cache_read_input_tokens"].toInt(), read);
        QCOMPARE(u2["cache_creation_input_tokens"].toInt(), 0);
        QCOMPARE(u2["input_tokens"].toInt(), 10 - read);
        if (anthropic) {
            QCOMPARE(u1["cache_read_input_tokens"].toInt(), 0);
            QCOMPARE(u1["cache_creation_input_tokens"].toInt(), 5);
            QCOMPARE(u1["input_tokens"].toInt(), 5);
            QCOMPARE(first->header("x-tollgate-cost"), expectedCost(10, u1["output_tokens"].toInt(), 0, 5));
            QCOMPARE(
                compact(upstream(kind)["system"]),
                QByteArray(R"([{"cache_control":{"type":"ephemeral"},"text":"stay brief","type":"text"}])"));
        } else {
            QCOMPARE(u1["cache_read_input_tokens"].toInt(), 4);
            QCOMPARE(u1["input_tokens"].toInt(), 6);
            QCOMPARE(first->header("x-tollgate-cost"), expectedCost(10, u1["output_tokens"].toInt(), 4, 0));
        }
        QCOMPARE(second->header("x-tollgate-cost"), expectedCost(10, u2["output_tokens"].toInt(), read, 0));
        if (gemini)
            QVERIFY(!fake(kind)->lastRequest().body.contains("cache_control")); // no such field in Gemini
        break;
    }
    case Case::JsonMode:
    case Case::StreamErrorEvent:
    case Case::Overloaded:
        QFAIL("not a cell of the Anthropic-inbound column");
    }
}

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"

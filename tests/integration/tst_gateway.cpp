// The whole gateway on its worker thread, driven over loopback, with fake OpenAI providers that
// can be told to fail. Checks routing and fallback, streaming, errors, and the request log.
#include "audit/inclusionproof.h"
#include "common/ids.h"
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "store/requestlogwriter.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

QJsonObject json(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray chatBody(const QByteArray& model, const QByteArray& text, const QByteArray& extra = {})
{
    return R"({"model":")" + model + R"(","messages":[{"role":"system","content":"be brief"},{"role":"user","content":")"
           + text + "\"}]" + extra + "}";
}

// A port on which nothing listens.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

class TestGateway : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void healthAndModels();
    void retrievesOneModelById();
    void anthropicClientsGetModelsInTheirShape();
    void webPagesAndForeignHostNamesAreKeptOut();
    void allowedOriginsGetCorsHeaders();
    void chatThroughAliasPassesFieldsAndReportsCost();
    void directProviderModel();
    void streamRelaysEventsAndHidesUnaskedUsage();
    void streamWithUsageAsked();
    void fallsOver_data();
    void fallsOver();
    void doesNotFallOverOnClientErrors();
    void weightedRouteSharesRequestsByWeight();
    void weightedRouteFallsOverToTheOthers();
    void allTargetsFail_data();
    void allTargetsFail();
    void streamCutAfterFirstEventEndsWithErrorEvent();
    void clientDisconnectMidStreamCancelsUpstream();
    void clientErrors_data();
    void clientErrors();
    void oversizedBodyWhileOthersAreServed();
    void embeddings();
    void configSwapKeepsInFlightSnapshot();
    void requestLogHasEveryRequest();
    void requestLogRetentionAppliesOnReload();
    void requestIdCarriesItsStartTime();

private:
    void startGateway(const QByteArray& yaml);
    QByteArray baseConfig(const QByteArray& extraProviders = {}, const QByteArray& routes = {}) const;

    std::unique_ptr<FakeOpenAiServer> m_a;
    std::unique_ptr<FakeOpenAiServer> m_b;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
};

void TestGateway::init()
{
    m_a = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    m_b = std::make_unique<FakeOpenAiServer>(QStringLiteral("beta"));
    QVERIFY(m_a->listen());
    QVERIFY(m_b->listen());
    m_a->setApiKey("sk-alpha-secret");
    m_b->setApiKey("sk-beta-secret");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestGateway::cleanup()
{
    m_gateway.reset();
    m_a.reset();
    m_b.reset();
    m_dir.reset();
}

QByteArray TestGateway::baseConfig(const QByteArray& extraProviders, const QByteArray& routes) const
{
    const auto provider = [](const char* name, const FakeOpenAiServer& fake, const char* key, const char* price) {
        return QByteArray("  - name: ") + name + "\n    kind: openai-compatible\n    base_url: " + fake.baseUrl().toUtf8()
               + "/v1\n    region: eu\n    api_key: " + key
               + "\n    timeouts: {connect_ms: 2000, first_byte_ms: 1500, idle_ms: 1500, total_ms: 20000}"
                 "\n    models:\n      - name: gpt-fake\n        "
               + price
               + "\n      - name: embed-fake\n        type: embeddings\n        input_per_million: 0.1\n";
    };
    return "server:\n  listen: 127.0.0.1:0\n  max_body_bytes: 1MiB\nproviders:\n"
           + provider("alpha", *m_a, "sk-alpha-secret", "input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR")
           + provider("beta", *m_b, "sk-beta-secret", "input_per_million: 1\n        output_per_million: 2")
           + extraProviders + "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake, beta/gpt-fake]\n"
           + "  - alias: embed\n    targets: [beta/embed-fake]\n" + routes;
}

void TestGateway::startGateway(const QByteArray& yaml)
{
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_dir->path());
    QVERIFY(started.wait(10000));
    m_port = m_gateway->port();
    QVERIFY(m_port != 0);
}

void TestGateway::healthAndModels()
{
    startGateway(baseConfig());
    auto health = HttpTestClient::request(m_port, "GET", "/healthz");
    QVERIFY(health);
    QCOMPARE(health->status, 200);
    QCOMPARE(json(health->body).value("status").toString(), QStringLiteral("ok"));

    auto models = HttpTestClient::request(m_port, "GET", "/v1/models");
    QVERIFY(models);
    QCOMPARE(models->status, 200);
    QStringList ids;
    for (const QJsonValue& m : json(models->body).value("data").toArray())
        ids << m.toObject().value("id").toString();
    QCOMPARE(ids, (QStringList{"chat", "embed", "alpha/gpt-fake", "alpha/embed-fake", "beta/gpt-fake", "beta/embed-fake"}));
}

void TestGateway::retrievesOneModelById()
{
    startGateway(baseConfig());
    const auto model = [this](const QByteArray& path) {
        auto response = HttpTestClient::request(m_port, "GET", path);
        return response ? std::make_pair(response->status, json(response->body))
                        : std::make_pair(0, QJsonObject());
    };
    // An alias, and a provider/model id with its slash percent-encoded (as SDKs send it) or raw.
    auto [status, body] = model("/v1/models/chat");
    QCOMPARE(status, 200);
    QCOMPARE(body.value("id").toString(), QStringLiteral("chat"));
    QCOMPARE(body.value("object").toString(), QStringLiteral("model"));
    QCOMPARE(body.value("owned_by").toString(), QStringLiteral("tollgate"));
    for (const QByteArray& path :
         {QByteArray("/v1/models/beta%2Fembed-fake"), QByteArray("/v1/models/beta/embed-fake"),
          QByteArray("/v1/models/beta%2fembed-fake?x=1")}) {
        std::tie(status, body) = model(path);
        QCOMPARE(status, 200);
        QCOMPARE(body.value("id").toString(), QStringLiteral("beta/embed-fake"));
        QCOMPARE(body.value("owned_by").toString(), QStringLiteral("beta"));
    }
    // Unknown ids, a model's name without its provider, and other case are not models.
    for (const QByteArray& path :
         {QByteArray("/v1/models/gpt-fake"), QByteArray("/v1/models/Chat"),
          QByteArray("/v1/models/alpha%2Fgpt-fake%2F"), QByteArray("/v1/models/n%C3%A4")}) {
        std::tie(status, body) = model(path);
        QCOMPARE(status, 404);
        const QJsonObject error = body.value("error").toObject();
        QCOMPARE(error.value("code").toString(), QStringLiteral("model_not_found"));
        QVERIFY2(error.value("message").toString().contains(QString::fromUtf8(
                     QByteArray::fromPercentEncoding(path.mid(int(qstrlen("/v1/models/")))))),
                 qPrintable(error.value("message").toString()));
    }
    std::tie(status, body) = model("/v1/models/");
    QCOMPARE(status, 404);
    QCOMPARE(body.value("error").toObject().value("code").toString(), QStringLiteral("unknown_url"));

    auto post = HttpTestClient::request(m_port, "POST", "/v1/models/chat", "{}");
    QVERIFY(post);
    QCOMPARE(post->status, 405);
    QCOMPARE(post->header("allow"), QByteArray("GET"));
}

void TestGateway::anthropicClientsGetModelsInTheirShape()
{
    startGateway(baseConfig());
    const auto get = [this](const QByteArray& path) {
        auto response = HttpTestClient::request(m_port, "GET", path, {}, "anthropic-version: 2023-06-01\r\n");
        return response ? std::make_pair(response->status, json(response->body))
                        : std::make_pair(0, QJsonObject());
    };
    const auto ids = [](const QJsonObject& page) {
        QStringList out;
        for (const QJsonValue& m : page.value("data").toArray())
            out << m.toObject().value("id").toString();
        return out;
    };
    auto [status, page] = get("/v1/models");
    QCOMPARE(status, 200);
    QCOMPARE(ids(page), (QStringList{"chat", "embed", "alpha/gpt-fake", "alpha/embed-fake", "beta/gpt-fake",
                                     "beta/embed-fake"}));
    const QJsonObject first = page.value("data").toArray().at(0).toObject();
    QCOMPARE(first.value("type").toString(), QStringLiteral("model"));
    QCOMPARE(first.value("display_name").toString(), QStringLiteral("chat"));
    QCOMPARE(first.value("created_at").toString(), QStringLiteral("1970-01-01T00:00:00Z"));
    QVERIFY(!first.contains("object"));
    QCOMPARE(page.value("has_more").toBool(), false);
    QCOMPARE(page.value("first_id").toString(), QStringLiteral("chat"));
    QCOMPARE(page.value("last_id").toString(), QStringLiteral("beta/embed-fake"));

    std::tie(status, page) = get("/v1/models?limit=4&after_id=embed");
    QCOMPARE(ids(page),
             (QStringList{"alpha/gpt-fake", "alpha/embed-fake", "beta/gpt-fake", "beta/embed-fake"}));
    QCOMPARE(page.value("has_more").toBool(), false);
    std::tie(status, page) = get("/v1/models?limit=3&after_id=embed");
    QCOMPARE(ids(page), (QStringList{"alpha/gpt-fake", "alpha/embed-fake", "beta/gpt-fake"}));
    QCOMPARE(page.value("has_more").toBool(), true);
    std::tie(status, page) = get("/v1/models?limit=2&before_id=beta%2Fgpt-fake");
    QCOMPARE(ids(page), (QStringList{"alpha/gpt-fake", "alpha/embed-fake"}));
    QCOMPARE(page.value("has_more").toBool(), true);
    std::tie(status, page) = get("/v1/models?limit=5&before_id=alpha%2Fgpt-fake");
    QCOMPARE(ids(page), (QStringList{"chat", "embed"}));
    QCOMPARE(page.value("has_more").toBool(), false);
    std::tie(status, page) = get("/v1/models?after_id=beta%2Fembed-fake");
    QCOMPARE(status, 200);
    QVERIFY(ids(page).isEmpty());
    QVERIFY(page.value("first_id").isNull() && page.value("last_id").isNull());

    for (const QByteArray& bad :
         {QByteArray("/v1/models?limit=0"), QByteArray("/v1/models?limit=1001"),
          QByteArray("/v1/models?limit=two"), QByteArray("/v1/models?after_id=nope")}) {
        std::tie(status, page) = get(bad);
        QCOMPARE(status, 400);
        QCOMPARE(page.value("type").toString(), QStringLiteral("error"));
        QCOMPARE(page.value("error").toObject().value("type").toString(),
                 QStringLiteral("invalid_request_error"));
    }
    std::tie(status, page) = get("/v1/models/alpha%2Fgpt-fake");
    QCOMPARE(status, 200);
    QCOMPARE(page.value("type").toString(), QStringLiteral("model"));
    QCOMPARE(page.value("id").toString(), QStringLiteral("alpha/gpt-fake"));
    std::tie(status, page) = get("/v1/models/gpt-fake");
    QCOMPARE(status, 404);
    QCOMPARE(page.value("error").toObject().value("type").toString(), QStringLiteral("not_found_error"));
}

namespace {
// One request with exactly these header lines (HttpTestClient::request adds a Host of its own).
std::optional<TestResponse> rawRequest(quint16 port, const QByteArray& head, const QByteArray& body = {})
{
    HttpTestClient client(port);
    if (!client.connectToServer())
        return std::nullopt;
    client.send(
        head +
        (body.isEmpty() ? QByteArray() : "Content-Length: " + QByteArray::number(body.size()) + "\r\n") +
        "\r\n" + body);
    return client.waitForResponse();
}
} // namespace

void TestGateway::webPagesAndForeignHostNamesAreKeptOut()
{
    startGateway(baseConfig()); // on 127.0.0.1, no allowed origins or hosts
    const QByteArray body = chatBody("chat", "spend their budget");
    // A cross-site form or fetch without preflight: text/plain, with the page's Origin.
    auto response =
        rawRequest(m_port,
                   "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                   "Origin: https://evil.example\r\n",
                   body);
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QCOMPARE(json(response->body).value("error").toObject().value("code").toString(),
             QStringLiteral("origin_not_allowed"));
    QVERIFY(response->header("access-control-allow-origin").isEmpty());
    response = rawRequest(m_port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n");
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    // DNS rebinding: a name the attacker controls that resolves to 127.0.0.1.
    for (const QByteArray& host :
         {QByteArray("rebind.example"), QByteArray("rebind.example:4000"), QByteArray("127.0.0.1.nip.io")}) {
        response = rawRequest(m_port,
                              "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host +
                                  "\r\nContent-Type: application/json\r\n",
                              body);
        QVERIFY(response);
        QCOMPARE(response->status, 403);
        QCOMPARE(json(response->body).value("error").toObject().value("code").toString(),
                 QStringLiteral("host_not_allowed"));
    }
    QCOMPARE(m_a->requestCount() + m_b->requestCount(), 0);
    // Loopback names, with or without a port, are served.
    for (const QByteArray& host :
         {QByteArray("localhost"), QByteArray("LOCALHOST:4000"), QByteArray("[::1]:4000"),
          QByteArray("127.0.0.2"), QByteArray("api.localhost")}) {
        response = rawRequest(m_port, "GET /v1/models HTTP/1.1\r\nHost: " + host + "\r\n");
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
}

void TestGateway::allowedOriginsGetCorsHeaders()
{
    QByteArray yaml = baseConfig();
    yaml.replace("  max_body_bytes: 1MiB\n",
                 "  max_body_bytes: 1MiB\n  allowed_origins: [\"https://app.example.com\"]\n"
                 "  allowed_hosts: [gateway.internal]\n");
    startGateway(yaml);
    auto preflight =
        rawRequest(m_port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Origin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n"
                           "Access-Control-Request-Headers: authorization, content-type, x-stainless-os\r\n");
    QVERIFY(preflight);
    QCOMPARE(preflight->status, 204);
    QCOMPARE(preflight->header("access-control-allow-origin"), QByteArray("https://app.example.com"));
    QCOMPARE(preflight->header("access-control-allow-headers"),
             QByteArray("authorization, content-type, x-stainless-os"));
    QVERIFY(preflight->header("access-control-allow-methods").contains("POST"));
    QCOMPARE(m_a->requestCount(), 0);

    const QByteArray body = chatBody("chat", "from the page");
    auto answer = rawRequest(m_port,
                             "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway.internal:8443\r\n"
                             "Content-Type: application/json\r\nOrigin: https://App.Example.com\r\n",
                             body);
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QCOMPARE(answer->header("access-control-allow-origin"), QByteArray("https://App.Example.com"));
    QCOMPARE(answer->header("vary"), QByteArray("Origin"));
    QVERIFY(answer->header("access-control-expose-headers").contains("x-tollgate-cost"));
    QVERIFY(!answer->header("x-tollgate-cost").isEmpty());
    // Errors carry them too, so the page can read why.
    auto error = rawRequest(m_port,
                            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nOrigin: https://app.example.com\r\n",
                            chatBody("no-such-model", "x"));
    QVERIFY(error);
    QCOMPARE(error->status, 404);
    QCOMPARE(error->header("access-control-allow-origin"), QByteArray("https://app.example.com"));
    // Another page, another host name: still refused.
    error =
        rawRequest(m_port, "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://other.example\r\n");
    QVERIFY(error);
    QCOMPARE(error->status, 403);
    error = rawRequest(m_port, "GET /v1/models HTTP/1.1\r\nHost: other.internal\r\n");
    QVERIFY(error);
    QCOMPARE(error->status, 403);
}

void TestGateway::chatThroughAliasPassesFieldsAndReportsCost()
{
    startGateway(baseConfig());
    const QByteArray extra = R"(,"temperature":0.25,"seed":9007199254740993,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{}}}}],"tool_choice":"none","x_custom":{"k":[1,"two"]})";
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "hello there", extra));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonObject body = json(response->body);
    QCOMPARE(body.value("choices").toArray().at(0).toObject().value("message").toObject().value("content").toString(),
             QStringLiteral("alpha says: hello there"));
    QCOMPARE(response->header("x-tollgate-provider"), QByteArray("alpha"));
    QCOMPARE(response->header("x-tollgate-model"), QByteArray("gpt-fake"));
    QVERIFY(response->header("x-tollgate-request-id").startsWith("req_"));
    // P = words("be brief") + words("hello there") + 3*2 = 10; C = words("alpha says: hello there") = 4.
    // Cost = 10 * 2.5 / 1e6 + 4 * 10 / 1e6 EUR = 0.000065 EUR.
    QCOMPARE(body.value("usage").toObject().value("prompt_tokens").toInt(), 10);
    QCOMPARE(response->header("x-tollgate-cost"), QByteArray("0.000065 EUR"));

    const RecordedRequest upstream = m_a->lastRequest();
    QCOMPARE(upstream.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(upstream.header("authorization"), QByteArray("Bearer sk-alpha-secret"));
    QByteArray expected = chatBody("gpt-fake", "hello there", extra);
    QCOMPARE(upstream.body, expected); // byte for byte: only the model changed
    QCOMPARE(m_b->requestCount(), 0);
}

void TestGateway::directProviderModel()
{
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("beta/gpt-fake", "hi"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("x-tollgate-provider"), QByteArray("beta"));
    QCOMPARE(m_a->requestCount(), 0);
    QCOMPARE(m_b->lastRequest().header("authorization"), QByteArray("Bearer sk-beta-secret"));
}

void TestGateway::streamRelaysEventsAndHidesUnaskedUsage()
{
    startGateway(baseConfig());
    m_a->setEventDelayMs(30);
    HttpTestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.post("/v1/chat/completions", chatBody("chat", "one two three four five", R"(,"stream":true)"));
    // The first content event reaches the client long before the stream ends.
    QVERIFY(client.waitForBytes("alpha"));
    QVERIFY(!client.buffer().contains("[DONE]"));
    auto response = client.waitForResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->chunked);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(response->header("x-tollgate-provider"), QByteArray("alpha"));
    const QList<QByteArray> data = response->sseData();
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    QString text;
    for (const QByteArray& d : data.mid(0, data.size() - 1)) {
        const QJsonObject chunk = json(d);
        QVERIFY2(!chunk.value("choices").toArray().isEmpty(), "no usage-only chunk for a client that did not ask");
        text += chunk.value("choices").toArray().at(0).toObject().value("delta").toObject().value("content").toString();
    }
    QCOMPARE(text, QStringLiteral("alpha says: one two three four five"));
    // The gateway asked the provider for usage on the client's behalf.
    const QJsonObject upstream = json(m_a->lastRequest().body);
    QVERIFY(upstream.value("stream_options").toObject().value("include_usage").toBool());
}

void TestGateway::streamWithUsageAsked()
{
    startGateway(baseConfig());
    auto response = HttpTestClient::request(
        m_port, "POST", "/v1/chat/completions",
        chatBody("chat", "a b c", R"(,"stream":true,"stream_options":{"include_usage":true})"));
    QVERIFY(response);
    const QList<QByteArray> data = response->sseData();
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    const QJsonObject usageChunk = json(data.at(data.size() - 2));
    QVERIFY(usageChunk.value("choices").toArray().isEmpty());
    QCOMPARE(usageChunk.value("usage").toObject().value("completion_tokens").toInt(), 5);
}

void TestGateway::fallsOver_data()
{
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<bool>("stream");
    for (bool stream : {false, true}) {
        const char* s = stream ? " (stream)" : "";
        QTest::addRow("500%s", s) << 0 << stream;
        QTest::addRow("503%s", s) << 1 << stream;
        QTest::addRow("429 with Retry-After%s", s) << 2 << stream;
        QTest::addRow("hang: first-byte timeout%s", s) << 3 << stream;
        QTest::addRow("reset before response%s", s) << 4 << stream;
        QTest::addRow("garbage body%s", s) << 5 << stream;
        QTest::addRow("reset before the first event%s", s) << 6 << stream;
        QTest::addRow("connection refused%s", s) << 7 << stream;
    }
}

void TestGateway::fallsOver()
{
    QFETCH(int, behaviour);
    QFETCH(bool, stream);
    const FakeBehaviour behaviours[] = {
        FakeBehaviour::statusCode(500), FakeBehaviour::statusCode(503), FakeBehaviour::statusCode(429, 7),
        FakeBehaviour::hang(), FakeBehaviour::resetBeforeResponse(), FakeBehaviour::garbage(),
        FakeBehaviour::resetMidStream(0), FakeBehaviour::normal()};
    QByteArray config = baseConfig();
    if (behaviour == 7)
        config.replace(m_a->baseUrl().toUtf8(), "http://127.0.0.1:" + QByteArray::number(closedPort()));
    else
        m_a->setDefaultBehaviour(behaviours[behaviour]);
    startGateway(config);
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions",
                                            chatBody("chat", "fall over", stream ? R"(,"stream":true)" : ""));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("x-tollgate-provider"), QByteArray("beta"));
    QVERIFY(response->body.contains("beta says: fall") || response->body.contains("\"beta"));
    QCOMPARE(m_b->requestCount(), 1);
}

void TestGateway::weightedRouteSharesRequestsByWeight()
{
    startGateway(baseConfig({}, "  - alias: shared\n    strategy: weighted\n    targets:\n"
                                "      - {provider: alpha, model: gpt-fake, weight: 3}\n"
                                "      - {provider: beta, model: gpt-fake, weight: 1}\n"));
    QByteArray order;
    for (int i = 0; i < 40; ++i) {
        auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("shared", "share"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        order += response->header("x-tollgate-provider").left(1);
    }
    // Exactly 3:1, interleaved rather than in blocks; the plain route still always goes to alpha first.
    QCOMPARE(m_a->requestCount(), 30);
    QCOMPARE(m_b->requestCount(), 10);
    QVERIFY2(!order.contains("bb") && !order.contains("aaaa"), order.constData());
    auto plain = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "first"));
    QVERIFY(plain);
    QCOMPARE(plain->header("x-tollgate-provider"), QByteArray("alpha"));
}

void TestGateway::weightedRouteFallsOverToTheOthers()
{
    startGateway(baseConfig({}, "  - alias: shared\n    strategy: weighted\n    targets:\n"
                                "      - {provider: alpha, model: gpt-fake, weight: 1}\n"
                                "      - {provider: beta, model: gpt-fake, weight: 1}\n"));
    m_b->setDefaultBehaviour(FakeBehaviour::statusCode(503));
    for (int i = 0; i < 6; ++i) {
        auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("shared", "again"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("x-tollgate-provider"), QByteArray("alpha"));
    }
    // Half of the requests chose beta first, failed there and fell over to alpha.
    QCOMPARE(m_b->requestCount(), 3);
    QCOMPARE(m_a->requestCount(), 6);
}

void TestGateway::doesNotFallOverOnClientErrors()
{
    m_a->setDefaultBehaviour(FakeBehaviour::statusCode(
        400, -1, R"({"error":{"message":"context too long","type":"invalid_request_error","param":null,"code":null}})"));
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "x"));
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    const QJsonObject error = json(response->body).value("error").toObject();
    QVERIFY(error.value("message").toString().contains(QStringLiteral("context too long")));
    QCOMPARE(m_b->requestCount(), 0);
}

void TestGateway::allTargetsFail_data()
{
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<int>("status");
    QTest::newRow("5xx -> 502") << 0 << 502;
    QTest::newRow("hang -> 504") << 1 << 504;
    QTest::newRow("429 -> 429 with Retry-After") << 2 << 429;
}

void TestGateway::allTargetsFail()
{
    QFETCH(int, behaviour);
    QFETCH(int, status);
    const FakeBehaviour b = behaviour == 0   ? FakeBehaviour::statusCode(500)
                            : behaviour == 1 ? FakeBehaviour::hang()
                                             : FakeBehaviour::statusCode(429, 12);
    m_a->setDefaultBehaviour(b);
    m_b->setDefaultBehaviour(b);
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "x"));
    QVERIFY(response);
    QCOMPARE(response->status, status);
    const QJsonObject error = json(response->body).value("error").toObject();
    QVERIFY(!error.value("message").toString().isEmpty());
    QVERIFY(!response->body.contains("secret"));
    if (status == 429)
        QCOMPARE(response->header("retry-after"), QByteArray("12"));
    // The server keeps serving.
    auto health = HttpTestClient::request(m_port, "GET", "/healthz");
    QVERIFY(health && health->status == 200);
}

void TestGateway::streamCutAfterFirstEventEndsWithErrorEvent()
{
    m_a->setDefaultBehaviour(FakeBehaviour::resetMidStream(3));
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, "POST", "/v1/chat/completions",
                                            chatBody("chat", "one two three four five six", R"(,"stream":true)"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QList<QByteArray> data = response->sseData();
    QVERIFY(!data.contains("[DONE]"));
    const QJsonObject last = json(data.last());
    QCOMPARE(last.value("error").toObject().value("type").toString(), QStringLiteral("upstream_error"));
    QCOMPARE(m_b->requestCount(), 0); // committed to alpha: no fallback after bytes reached the client
}

void TestGateway::clientDisconnectMidStreamCancelsUpstream()
{
    startGateway(baseConfig());
    m_a->setEventDelayMs(200);
    {
        HttpTestClient client(m_port);
        QVERIFY(client.connectToServer());
        client.post("/v1/chat/completions",
                    chatBody("chat", "many words to stream slowly one two three four five six seven", R"(,"stream":true)"));
        QVERIFY(client.waitForBytes("alpha"));
        client.abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_a->abandonedResponses(), 1, 5000);
    m_a->setEventDelayMs(0);
    auto after = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "still here"));
    QVERIFY(after && after->status == 200);
    m_gateway->stop();
    const auto rows = readRequestLog(m_gateway->databasePath(), 10);
    QCOMPARE(int(rows.size()), 2);
    const RequestLogRecord& cut = rows.back(); // newest first: the disconnected one is older
    QVERIFY(cut.clientDisconnected);
    QVERIFY(cut.stream);
}

void TestGateway::clientErrors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("bad json") << QByteArray("POST") << QByteArray("/v1/chat/completions") << QByteArray("{nope")
                              << 400 << QByteArray("invalid_json");
    QTest::newRow("invalid utf-8") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                   << chatBody("chat", "caf\xc3\x28") << 400 << QByteArray("invalid_encoding");
    QTest::newRow("wrong type") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                << chatBody("chat", "x", R"(,"n":"two")") << 400 << QByteArray("invalid_type");
    QTest::newRow("missing messages") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                      << QByteArray(R"({"model":"chat"})") << 400
                                      << QByteArray("missing_required_parameter");
    QTest::newRow("unknown model") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                   << chatBody("gpt-17", "x") << 404 << QByteArray("model_not_found");
    QTest::newRow("unknown provider model") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                            << chatBody("alpha/gpt-17", "x") << 404 << QByteArray("model_not_found");
    QTest::newRow("embeddings model on chat") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                              << chatBody("beta/embed-fake", "x") << 400
                                              << QByteArray("model_not_supported");
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/v1/nothing") << QByteArray() << 404
                                  << QByteArray("unknown_url");
    QTest::newRow("wrong method") << QByteArray("GET") << QByteArray("/v1/chat/completions") << QByteArray() << 405
                                  << QByteArray("method_not_allowed");
}

void TestGateway::clientErrors()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, method, path, body);
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("content-type"), QByteArray("application/json"));
    const QJsonObject error = json(response->body).value("error").toObject();
    QCOMPARE(error.value("code").toString().toUtf8(), code);
    QVERIFY(!error.value("message").toString().isEmpty());
    QVERIFY(error.contains("type"));
    QVERIFY(!response->header("x-tollgate-request-id").isEmpty());
    if (status == 405)
        QCOMPARE(response->header("allow"), QByteArray("POST"));
    QCOMPARE(m_a->requestCount() + m_b->requestCount(), 0);
}

void TestGateway::oversizedBodyWhileOthersAreServed()
{
    startGateway(baseConfig()); // max_body_bytes: 1MiB
    HttpTestClient big(m_port);
    QVERIFY(big.connectToServer());
    big.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
             "application/json\r\nContent-Length: " +
             QByteArray::number(100 * 1024 * 1024) + "\r\n\r\n" + QByteArray(256 * 1024, 'a'));
    auto ok = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "meanwhile"));
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
    auto refused = big.waitForResponse();
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
    QVERIFY(!json(refused->body).value("error").toObject().value("message").toString().isEmpty());
}

void TestGateway::embeddings()
{
    startGateway(baseConfig());
    auto response = HttpTestClient::request(m_port, "POST", "/v1/embeddings",
                                            R"({"model":"embed","input":["alpha beta","gamma"]})");
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonObject body = json(response->body);
    QCOMPARE(body.value("data").toArray().size(), 2);
    QCOMPARE(body.value("usage").toObject().value("prompt_tokens").toInt(), 3);
    // 3 tokens at 0.1 per million = 0.0000003 -> rounds to 0.000000 USD.
    QCOMPARE(response->header("x-tollgate-cost"), QByteArray("0.000000 USD"));
    QCOMPARE(m_b->lastRequest().path, QByteArray("/v1/embeddings"));
    QCOMPARE(json(m_b->lastRequest().body).value("model").toString(), QStringLiteral("embed-fake"));
}

void TestGateway::configSwapKeepsInFlightSnapshot()
{
    startGateway(baseConfig());
    m_a->enqueueBehaviour(FakeBehaviour::slowFirstByte(600));
    HttpTestClient inFlight(m_port);
    QVERIFY(inFlight.connectToServer());
    inFlight.post("/v1/chat/completions", chatBody("chat", "old config"));
    QTRY_COMPARE_WITH_TIMEOUT(m_a->requestCount(), 1, 5000);

    // New snapshot: "chat" now goes to beta first.
    QByteArray swapped = baseConfig();
    swapped.replace("targets: [alpha/gpt-fake, beta/gpt-fake]", "targets: [beta/gpt-fake]");
    ConfigLoadResult loaded = ConfigLoader::loadText(swapped);
    QVERIFY(loaded.ok());
    m_gateway->applyConfig(loaded.config);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "new config"));
            return r && r->header("x-tollgate-provider") == "beta";
        }(),
        5000);
    auto old = inFlight.waitForResponse();
    QVERIFY(old);
    QCOMPARE(old->status, 200);
    QCOMPARE(old->header("x-tollgate-provider"), QByteArray("alpha"));
}

void TestGateway::requestLogHasEveryRequest()
{
    m_a->enqueueBehaviour(FakeBehaviour::statusCode(500));
    startGateway(baseConfig());
    QCOMPARE(HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("chat", "one two"))->status, 200);
    QCOMPARE(HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("nope", "x"))->status, 404);
    QCOMPARE(HttpTestClient::request(m_port, "GET", "/healthz")->status, 200);
    const QString db = m_gateway->databasePath();
    m_gateway->stop();
    const std::vector<RequestLogRecord> rows = readRequestLog(db, 10);
    QCOMPARE(int(rows.size()), 3);
    const RequestLogRecord& chat = rows[2];
    QCOMPARE(chat.endpoint, QStringLiteral("chat.completions"));
    QCOMPARE(chat.modelRequested, QStringLiteral("chat"));
    QCOMPARE(chat.provider, QStringLiteral("beta"));
    QCOMPARE(chat.modelUsed, QStringLiteral("gpt-fake"));
    QCOMPARE(chat.attempts, 2);
    QCOMPARE(chat.status, 200);
    // P = 2 + 2 + 6 = 10, C = words("beta says: one two") = 4; beta prices 1 and 2 USD per million.
    QCOMPARE(chat.inputTokens, 10);
    QCOMPARE(chat.outputTokens, 4);
    QCOMPARE(chat.costMicros, 18);
    QCOMPARE(chat.costCurrency, QStringLiteral("USD"));
    QVERIFY(chat.totalUs > 0);
    QVERIFY(chat.upstreamUs > 0 && chat.upstreamUs <= chat.totalUs);
    QVERIFY(chat.ttfbUs > 0);
    QVERIFY(chat.requestId.startsWith("req_"));
    const RequestLogRecord& missing = rows[1];
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorType, QStringLiteral("invalid_request_error"));
    QVERIFY(missing.stopReason.startsWith(QStringLiteral("route")));
    QCOMPARE(rows[0].endpoint, QStringLiteral("health"));
}

void TestGateway::requestLogRetentionAppliesOnReload()
{
    // A request log from earlier runs: requests of 100, 3 and half a day ago.
    const QString db = QDir(m_dir->path()).filePath(QStringLiteral("tollgate.db"));
    {
        QString error;
        auto writer = RequestLogWriter::open(db, &error);
        QVERIFY2(writer, qPrintable(error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        int n = 0;
        for (const qint64 ageMs : {100 * 86'400'000LL, 3 * 86'400'000LL, 43'200'000LL}) {
            RequestLogRecord r;
            r.requestId = "req_old_" + QByteArray::number(++n);
            r.startedAtMs = r.finishedAtMs = now - ageMs;
            writer->enqueue(r);
        }
        QVERIFY(writer->flush());
    }
    startGateway(baseConfig()); // the default retention, 90 days, prunes 10 s after the start
    QCOMPARE(m_gateway->databasePath(), db);
    QCOMPARE(readRequestLog(db, 0).size(), std::size_t(3));

    QByteArray shorter = baseConfig();
    shorter.replace("server:\n", "server:\n  request_log_retention_days: 2\n");
    ConfigLoadResult loaded = ConfigLoader::loadText(shorter);
    QVERIFY(loaded.ok());
    m_gateway->applyConfig(loaded.config); // a shorter retention applies at once
    QTRY_COMPARE_WITH_TIMEOUT(readRequestLog(db, 0).size(), std::size_t(1), 5000);
    QCOMPARE(readRequestLog(db, 0).front().requestId, QByteArray("req_old_3"));
    // The gateway goes on logging.
    QCOMPARE(HttpTestClient::request(m_port, "GET", "/healthz")->status, 200);
    m_gateway->stop();
    QCOMPARE(readRequestLog(db, 0).size(), std::size_t(2));
}

void TestGateway::requestIdCarriesItsStartTime()
{
    startGateway(baseConfig());
    // The body comes 100 ms after the head: the request started with its first byte, well before
    // the gateway had all of it and made its context.
    const QByteArray body = chatBody("alpha/gpt-fake", "late body");
    HttpTestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                "Content-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n");
    QTest::qWait(100);
    client.send(body);
    const std::optional<TestResponse> response = client.waitForResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QByteArray id = response->header("x-tollgate-request-id");
    const std::optional<std::int64_t> idMs = requestIdTimeMs(id);
    QVERIFY2(idMs, id.constData());
    const QString db = m_gateway->databasePath();
    m_gateway->stop(); // writes the log and seals the ledger

    const std::vector<RequestLogRecord> rows = readRequestLog(db, 10);
    QCOMPARE(int(rows.size()), 1);
    QCOMPARE(rows[0].requestId, id);
    QCOMPARE(*idMs, rows[0].startedAtMs);
    QVERIFY(rows[0].totalUs >= 100'000);

    // The ledger's record has the same time, finds the id by it, and keeps no index of ids.
    const QString ledgerPath = m_dir->filePath(QStringLiteral("ledger.db"));
    const auto proof = buildInclusionProof(ledgerPath, id);
    QVERIFY2(proof.ok(), qPrintable(proof.ok() ? QString() : proof.error().message));
    const QJsonObject record = json(proof.value()).value(QLatin1String("record")).toObject();
    QCOMPARE(record.value(QLatin1String("request_id")).toString().toLatin1(), id);
    QCOMPARE(qint64(record.value(QLatin1String("time_ms")).toDouble()), *idMs);
    sqlite3* ledger = nullptr;
    QCOMPARE(sqlite3_open_v2(qPrintable(ledgerPath), &ledger, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    QCOMPARE(sqlite3_prepare_v2(
                 ledger,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE '%request_id%'", -1,
                 &q, nullptr),
             SQLITE_OK);
    QCOMPARE(sqlite3_step(q), SQLITE_ROW);
    const int idIndexes = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(ledger);
    QCOMPARE(idIndexes, 0);
}

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"

// The demo's simulated providers and config without a window: each provider speaks OpenAI's chat
// format (JSON with usage; SSE ending in a usage chunk and [DONE]), refuses malformed bodies with
// a 400, and answers some requests with 429 or 500 at its configured rates; at a fast time scale
// (load tests) the answers keep their format and token counts, with several tokens per stream
// event. The demo config is valid, regions eu/in/us, prices in EUR/INR/USD; the traffic generator
// never has more requests open than its cap; DemoMode starts the providers and its traffic
// generator really reaches a gateway, at a few requests a second and at a load-test rate.
#include "config/configloader.h"
#include "demo/democonfig.h"
#include "demo/demomode.h"
#include "demo/demoproviderserver.h"
#include "demo/trafficgenerator.h"
#include "gateway/gateway.h"
#include "http/httpserver.h"
#include "httptestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::demo;
using namespace tollgate::testing;

namespace {

const QByteArray Chat = R"({"model":"chat-small","messages":[{"role":"user","content":"hello there demo"}]})";

DemoProviderProfile quickProfile(double rateLimited = 0, double serverErrors = 0)
{
    DemoProviderProfile profile;
    profile.name = QStringLiteral("demo-test");
    profile.region = QStringLiteral("eu");
    profile.medianLatencyMs = 5;
    profile.interTokenMs = 1;
    profile.rateLimitRate = rateLimited;
    profile.serverErrorRate = serverErrors;
    profile.seed = 42;
    return profile;
}

// The content deltas of an SSE stream from a demo provider, in order (the role chunk, the finish
// chunk and the usage chunk left out).
QStringList contentDeltas(const QList<QByteArray>& events)
{
    QStringList deltas;
    for (const QByteArray& event : events) {
        const QJsonObject chunk = QJsonDocument::fromJson(event).object();
        const QJsonValue content = chunk["choices"][0]["delta"]["content"];
        if (content.isString() && !content.toString().isEmpty())
            deltas << content.toString();
    }
    return deltas;
}

// A server that keeps every request and answers none until told to.
class HoldingServer : public http::RequestHandler
{
public:
    HoldingServer() : server(this, http::ServerLimits{}) {}
    void handle(std::shared_ptr<http::HttpExchange> exchange) override
    {
        held.push_back(std::move(exchange));
    }
    void answerAll()
    {
        for (const auto& exchange : held) {
            http::HttpResponse response;
            response.status = 200;
            response.headers.add("Content-Type", "application/json");
            response.body = "{}";
            exchange->respond(std::move(response));
        }
        held.clear();
    }

    http::HttpServer server;
    std::vector<std::shared_ptr<http::HttpExchange>> held;
};

} // namespace

class TestDemoProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersWithUsage();
    void streamsWithUsageAndDone();
    void malformedBodiesGet400_data();
    void malformedBodiesGet400();
    void errorsAtTheConfiguredRates();
    void fastTimeScaleKeepsTheAnswers();
    void demoConfigIsValid();
    void generatorStaysWithinItsInFlightCap();
    void demoModeSendsTrafficThroughAGateway_data();
    void demoModeSendsTrafficThroughAGateway();
};

void TestDemoProviders::answersWithUsage()
{
    DemoProviderServer server(quickProfile());
    QVERIFY(server.listen());
    const auto response = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", Chat);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonObject body = QJsonDocument::fromJson(response->body).object();
    QCOMPARE(body.value("object").toString(), QStringLiteral("chat.completion"));
    QCOMPARE(body.value("model").toString(), QStringLiteral("chat-small"));
    const QString content = body["choices"][0]["message"]["content"].toString();
    QVERIFY(!content.isEmpty());
    const QJsonObject usage = body.value("usage").toObject();
    QVERIFY(usage.value("prompt_tokens").toInt() > 3);
    QCOMPARE(usage.value("completion_tokens").toInt(), int(content.split(' ').size()));
    QCOMPARE(usage.value("total_tokens").toInt(),
             usage.value("prompt_tokens").toInt() + usage.value("completion_tokens").toInt());

    const auto models = HttpTestClient::request(server.port(), "GET", "/v1/models");
    QVERIFY(models);
    QCOMPARE(models->status, 200);
    QCOMPARE(QJsonDocument::fromJson(models->body)["data"].toArray().size(), 2);
}

void TestDemoProviders::streamsWithUsageAndDone()
{
    DemoProviderServer server(quickProfile());
    QVERIFY(server.listen());
    const QByteArray body = R"({"model":"chat-large","stream":true,"stream_options":{"include_usage":true},)"
                            R"("messages":[{"role":"user","content":"stream please"}]})";
    const auto response = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", body);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->chunked);
    QCOMPARE(response->header("content-type"), QByteArray("text/event-stream"));
    const QList<QByteArray> events = response->sseData();
    QVERIFY(events.size() > 4);
    QCOMPARE(events.last(), QByteArray("[DONE]"));
    QString text;
    int finishes = 0;
    for (int i = 0; i + 2 < events.size(); ++i) {
        const QJsonObject chunk = QJsonDocument::fromJson(events[i]).object();
        QCOMPARE(chunk.value("object").toString(), QStringLiteral("chat.completion.chunk"));
        text += chunk["choices"][0]["delta"]["content"].toString();
        finishes += chunk["choices"][0]["finish_reason"].toString() == QLatin1String("stop") ? 1 : 0;
    }
    QCOMPARE(finishes, 1);
    // At real time every content event carries one token.
    QCOMPARE(server.tokensPerEvent(), 1);
    for (const QString& delta : contentDeltas(events))
        QCOMPARE(int(delta.split(' ', Qt::SkipEmptyParts).size()), 1);
    const QJsonObject usageChunk = QJsonDocument::fromJson(events[events.size() - 2]).object();
    QVERIFY(usageChunk.value("choices").toArray().isEmpty());
    // chat-large answers have 40 to 160 tokens, one per word.
    const int completion = usageChunk["usage"]["completion_tokens"].toInt();
    QVERIFY2(completion >= 40 && completion <= 160, qPrintable(QString::number(completion)));
    QCOMPARE(int(text.split(' ', Qt::SkipEmptyParts).size()), completion);

    // Without include_usage there is no usage chunk.
    const QByteArray plain = R"({"model":"chat-small","stream":true,"messages":[{"role":"user","content":"x"}]})";
    const auto second = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", plain);
    QVERIFY(second);
    for (const QByteArray& event : second->sseData())
        QVERIFY(!event.contains("\"usage\""));
}

void TestDemoProviders::malformedBodiesGet400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not json") << QByteArray("hello");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("no messages") << QByteArray(R"({"model":"chat-small"})");
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})");
    QTest::newRow("empty") << QByteArray();
}

void TestDemoProviders::malformedBodiesGet400()
{
    QFETCH(QByteArray, body);
    DemoProviderServer server(quickProfile());
    QVERIFY(server.listen());
    const auto response = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", body);
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(QJsonDocument::fromJson(response->body)["error"]["type"].toString(),
             QStringLiteral("invalid_request_error"));
}

void TestDemoProviders::errorsAtTheConfiguredRates()
{
    // 30% rate-limited, 20% server errors, 50% answered: over 200 requests each share is near its
    // rate (seeded, so the counts do not vary between runs).
    DemoProviderServer server(quickProfile(0.3, 0.2));
    QVERIFY(server.listen());
    QMap<int, int> statuses;
    for (int i = 0; i < 200; ++i) {
        const auto response = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", Chat);
        QVERIFY(response);
        ++statuses[response->status];
        if (response->status == 429) {
            QCOMPARE(response->header("retry-after"), QByteArray("1"));
            QCOMPARE(QJsonDocument::fromJson(response->body)["error"]["code"].toString(),
                     QStringLiteral("rate_limit_exceeded"));
        }
    }
    QCOMPARE(statuses.keys(), (QList<int>{200, 429, 500}));
    QVERIFY2(statuses[429] > 35 && statuses[429] < 85, qPrintable(QString::number(statuses[429])));
    QVERIFY2(statuses[500] > 20 && statuses[500] < 60, qPrintable(QString::number(statuses[500])));
}

void TestDemoProviders::fastTimeScaleKeepsTheAnswers()
{
    // Real time at a few requests a second; above RealTimeRate, rate x scale (and so the number
    // of open requests, by Little's law) stays what it is at RealTimeRate.
    QCOMPARE(DemoProviderServer::timeScaleFor(4), 1.0);
    QCOMPARE(DemoProviderServer::timeScaleFor(DemoProviderServer::RealTimeRate), 1.0);
    for (const double rate : {500.0, 2000.0, 5000.0})
        QCOMPARE(rate * DemoProviderServer::timeScaleFor(rate), DemoProviderServer::RealTimeRate);

    DemoProviderServer server(quickProfile());
    QVERIFY(server.listen());
    server.setTimeScale(DemoProviderServer::timeScaleFor(2000));
    QCOMPARE(server.tokensPerEvent(), 8);

    // Plain answers as at real time.
    const auto plain = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", Chat);
    QVERIFY(plain);
    QCOMPARE(plain->status, 200);
    const QJsonObject body = QJsonDocument::fromJson(plain->body).object();
    const QString content = body["choices"][0]["message"]["content"].toString();
    QCOMPARE(body["usage"]["completion_tokens"].toInt(), int(content.split(' ').size()));
    QVERIFY(body["usage"]["prompt_tokens"].toInt() > 3);

    // Streams: the same tokens, eight to an event (the last event has the rest).
    const QByteArray request =
        R"({"model":"chat-large","stream":true,"stream_options":{"include_usage":true},)"
        R"("messages":[{"role":"user","content":"stream please"}]})";
    const auto stream = HttpTestClient::request(server.port(), "POST", "/v1/chat/completions", request);
    QVERIFY(stream);
    QCOMPARE(stream->status, 200);
    QCOMPARE(stream->header("content-type"), QByteArray("text/event-stream"));
    const QList<QByteArray> events = stream->sseData();
    QCOMPARE(events.last(), QByteArray("[DONE]"));
    const QJsonObject first = QJsonDocument::fromJson(events.first()).object();
    QCOMPARE(first["choices"][0]["delta"]["role"].toString(), QStringLiteral("assistant"));
    const int completion =
        QJsonDocument::fromJson(events[events.size() - 2])["usage"]["completion_tokens"].toInt();
    QVERIFY2(completion >= 40 && completion <= 160, qPrintable(QString::number(completion)));
    const QStringList deltas = contentDeltas(events);
    QCOMPARE(int(deltas.size()), (completion + 7) / 8);
    for (int i = 0; i + 1 < deltas.size(); ++i)
        QCOMPARE(int(deltas[i].split(' ', Qt::SkipEmptyParts).size()), 8);
    QCOMPARE(int(deltas.join(QString()).split(' ', Qt::SkipEmptyParts).size()), completion);
    int finishes = 0;
    for (const QByteArray& event : events.mid(0, events.size() - 1))
        finishes +=
            QJsonDocument::fromJson(event)["choices"][0]["finish_reason"].toString() == QLatin1String("stop");
    QCOMPARE(finishes, 1);
    QCOMPARE(server.answersPending(), 0);
}

void TestDemoProviders::demoConfigIsValid()
{
    const Result<ConfigSnapshot> config = demoConfig(nullptr, DemoProviderPorts{1001, 1002, 1003});
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    const GatewayConfig& c = *config.value();
    QCOMPARE(int(c.providers.size()), 3);
    const QMap<QString, QPair<QString, QString>> expected{{"demo-eu", {"eu", "EUR"}},
                                                          {"demo-in", {"in", "INR"}},
                                                          {"demo-us", {"us", "USD"}}};
    for (const ProviderConfig& provider : c.providers) {
        QVERIFY(expected.contains(provider.name));
        QCOMPARE(provider.region, expected[provider.name].first);
        QVERIFY(provider.baseUrl.startsWith(QStringLiteral("http://127.0.0.1:100")));
        QCOMPARE(int(provider.models.size()), 2);
        for (const ModelConfig& model : provider.models) {
            QCOMPARE(QString::fromLatin1(model.price.currency.data(), 3), expected[provider.name].second);
            QVERIFY(model.price.inputPerMillionMicros > 0);
            QVERIFY(model.price.outputPerMillionMicros > model.price.inputPerMillionMicros);
        }
    }
    for (const char* alias : {"chat-default", "chat-large", "chat-india", "chat-eu"})
        QVERIFY2(c.findRoute(QString::fromLatin1(alias)), alias);
    QVERIFY(!demoConfig(nullptr, DemoProviderPorts{}).ok());
}

void TestDemoProviders::generatorStaysWithinItsInFlightCap()
{
    HoldingServer holding;
    QVERIFY(holding.server.listen(QHostAddress::LocalHost, 0));
    auto counters = std::make_shared<DemoMode::Counters>();
    TrafficGenerator generator(counters);
    // 20 requests/s: two seconds of arrivals, 40, may be open at once.
    generator.start(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(holding.server.serverPort())), 20);
    QCOMPARE(generator.maxInFlight(), 40);
    QTRY_VERIFY_WITH_TIMEOUT(counters->skipped.load() >= 5, 20000);
    QCOMPARE(counters->sent.load(), 40);
    QCOMPARE(generator.inFlight(), 40);
    QCOMPARE(generator.peakInFlight(), 40);
    QTRY_COMPARE(int(holding.held.size()), 40); // what the server sees, not only the count
    QCOMPARE(counters->answered.load(), 0);

    // Answers free the slots: the next arrivals go out again.
    holding.answerAll();
    QTRY_COMPARE_WITH_TIMEOUT(counters->answered.load(), 40, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(counters->sent.load() > 40, 10000);
    QVERIFY(generator.inFlight() <= generator.maxInFlight());
    QCOMPARE(counters->failed.load(), 0);
    generator.stop();

    // The cap stops growing with the rate: at load-test rates the providers answer sooner.
    generator.start(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(holding.server.serverPort())), 2000);
    generator.stop();
    QCOMPARE(generator.maxInFlight(), TrafficGenerator::MaxInFlight);
    QVERIFY(TrafficGenerator::MaxInFlight < 2 * 2000);
}

void TestDemoProviders::demoModeSendsTrafficThroughAGateway_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("responses");
    QTest::newRow("real time") << 20.0 << 5;
    // Above RealTimeRate: the providers' time scale is 0.25, four tokens to a stream event.
    QTest::newRow("fast time scale") << 500.0 << 200;
}

void TestDemoProviders::demoModeSendsTrafficThroughAGateway()
{
    QFETCH(double, rate);
    QFETCH(int, responses);
    ConfigLoadResult base = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(base.ok());
    DemoMode demo;
    QSignalSpy ready(&demo, &DemoMode::ready);
    demo.start(base.config);
    QVERIFY(ready.wait(10000));
    const ConfigSnapshot config = ready.at(0).at(0).value<ConfigSnapshot>();
    QVERIFY(config && config->findProvider(QStringLiteral("demo-eu")));

    QTemporaryDir dir;
    Gateway gateway;
    QSignalSpy started(&gateway, &Gateway::started);
    gateway.start(config, dir.path());
    QVERIFY(started.wait(10000));
    demo.startTraffic(QStringLiteral("127.0.0.1"), gateway.port(), rate);
    // Real answers come back through the gateway, from the simulated providers.
    QTRY_VERIFY_WITH_TIMEOUT(demo.responsesReceived() >= responses, 20000);
    QCOMPARE(demo.requestsFailed(), 0);
    demo.stop();
    QVERIFY(!demo.isRunning());
    const qint64 sent = demo.requestsSent();
    QTest::qWait(300);
    QCOMPARE(demo.requestsSent(), sent); // stopped means stopped
    gateway.stop();
}

QTEST_MAIN(TestDemoProviders)
#include "tst_demoproviders.moc"

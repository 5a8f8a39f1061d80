// Telemetry end to end: a real Gateway on its worker threads, fake OpenAI providers over
// loopback; the StatsSnapshots it publishes add up to what was sent, per provider, with the cost
// the gateway reported to the client.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::telemetry;
using namespace tollgate::testing;

namespace {

QByteArray chatBody(const QByteArray& model, const QByteArray& text)
{
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":")" + text + "\"}]}";
}

// "0.000065 EUR" -> (65, "EUR").
std::pair<std::int64_t, QString> parseCost(const QByteArray& header)
{
    const QList<QByteArray> parts = header.split(' ');
    if (parts.size() != 2)
        return {-1, {}};
    const QList<QByteArray> amount = parts[0].split('.');
    if (amount.size() != 2 || amount[1].size() != 6)
        return {-1, {}};
    return {amount[0].toLongLong() * 1'000'000 + amount[1].toLongLong(), QString::fromLatin1(parts[1])};
}

} // namespace

class TestGatewayTelemetry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snapshotsAddUpToTraffic_data();
    void snapshotsAddUpToTraffic();
    void snapshotsArriveWhileIdle();
};

void TestGatewayTelemetry::snapshotsAddUpToTraffic_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("one worker") << 1;
    QTest::newRow("two workers") << 2;
}

void TestGatewayTelemetry::snapshotsAddUpToTraffic()
{
    QFETCH(int, workers);
    FakeOpenAiServer alpha(QStringLiteral("alpha"));
    FakeOpenAiServer beta(QStringLiteral("beta"));
    QVERIFY(alpha.listen());
    QVERIFY(beta.listen());
    // beta fails its first request with a 500; nothing to fall over to, so the client sees it.
    FakeBehaviour failure;
    failure.kind = FakeBehaviour::Kind::Status;
    failure.status = 500;
    beta.enqueueBehaviour(failure);
    const auto provider = [](const char* name, const FakeOpenAiServer& fake, const char* price) {
        return QByteArray("  - name: ") + name +
               "\n    kind: openai-compatible\n    base_url: " + fake.baseUrl().toUtf8() +
               "/v1\n    region: eu\n    api_key: sk-test\n    models:\n      - name: gpt-fake\n        " +
               price + "\n";
    };
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\n  workers: " + QByteArray::number(workers) + "\nproviders:\n" +
        provider("alpha", alpha,
                 "input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR") +
        provider("beta", beta, "input_per_million: 1\n        output_per_million: 2") +
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    QVERIFY(loaded.ok());

    QTemporaryDir dir;
    Gateway gateway;
    QSignalSpy started(&gateway, &Gateway::started);
    QSignalSpy stats(&gateway, &Gateway::statsUpdated);
    gateway.start(loaded.config, dir.path());
    QVERIFY(started.wait(10000));

    constexpr int AlphaRequests = 9;
    constexpr int BetaRequests = 4;
    std::int64_t alphaCost = 0;
    std::int64_t betaCost = 0;
    for (int i = 0; i < AlphaRequests; ++i) {
        auto r = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions",
                                         chatBody("chat", "hello number " + QByteArray::number(i)));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const auto [micros, currency] = parseCost(r->header("x-tollgate-cost"));
        QCOMPARE(currency, QStringLiteral("EUR"));
        QVERIFY(micros > 0);
        alphaCost += micros;
    }
    int betaErrors = 0;
    for (int i = 0; i < BetaRequests; ++i) {
        auto r = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions",
                                         chatBody("beta/gpt-fake", "one two three"));
        QVERIFY(r);
        if (r->status != 200) {
            ++betaErrors;
            continue;
        }
        const auto [micros, currency] = parseCost(r->header("x-tollgate-cost"));
        QCOMPARE(currency, QStringLiteral("USD"));
        betaCost += micros;
    }
    QCOMPARE(betaErrors, 1);
    QVERIFY(HttpTestClient::request(gateway.port(), "GET", "/healthz")); // not counted

    // Snapshots come about once a second; wait for the requests to show in one, then add up the
    // intervals and compare with the totals.
    QTRY_VERIFY_WITH_TIMEOUT(!stats.isEmpty() && stats.last().at(0).value<StatsSnapshot>().totalRequests() ==
                                                     AlphaRequests + BetaRequests,
                             10000);
    std::int64_t requests = 0;
    std::int64_t alphaSeen = 0;
    std::int64_t betaErrorsSeen = 0;
    std::int64_t alphaEur = 0;
    std::int64_t betaUsd = 0;
    std::int64_t previousEnd = 0;
    for (const QList<QVariant>& args : stats) {
        const auto s = args.at(0).value<StatsSnapshot>();
        QVERIFY(s.endMs >= s.startMs);
        QVERIFY(previousEnd == 0 || s.startMs == previousEnd); // intervals tile the time line
        previousEnd = s.endMs;
        requests += s.intervalRequests();
        if (const ProviderStats* a = s.intervalFor(QStringLiteral("alpha"))) {
            alphaSeen += a->requests;
            alphaEur += a->costMicros.value(QStringLiteral("EUR"));
            QCOMPARE(a->errors, 0);
            QVERIFY(a->latencyP50Us > 0);
            QVERIFY(a->latencyP95Us >= a->latencyP50Us);
            QVERIFY(a->inputTokens > 0);
            QVERIFY(a->outputTokens > 0);
        }
        if (const ProviderStats* b = s.intervalFor(QStringLiteral("beta"))) {
            betaErrorsSeen += b->errors;
            betaUsd += b->costMicros.value(QStringLiteral("USD"));
        }
    }
    QCOMPARE(requests, AlphaRequests + BetaRequests);
    QCOMPARE(alphaSeen, AlphaRequests);
    QCOMPARE(alphaEur, alphaCost);
    QCOMPARE(betaUsd, betaCost);
    QCOMPARE(betaErrorsSeen, 1);
    const auto last = stats.last().at(0).value<StatsSnapshot>();
    QCOMPARE(last.totalFor(QStringLiteral("alpha"))->requests, AlphaRequests);
    QCOMPARE(last.totalFor(QStringLiteral("beta"))->requests, BetaRequests);
    QCOMPARE(last.totalErrors(), 1);
    QCOMPARE(last.totalCostMicros().value(QStringLiteral("EUR")), alphaCost);
    QVERIFY(!last.totalFor(QString())); // the health probe is not traffic

    // Stopping publishes one last snapshot; nothing is counted twice.
    const qsizetype before = stats.size();
    gateway.stop();
    QCOMPARE(stats.size(), before + 1);
    QCOMPARE(stats.last().at(0).value<StatsSnapshot>().intervalRequests(), 0);
    QCOMPARE(stats.last().at(0).value<StatsSnapshot>().totalRequests(), AlphaRequests + BetaRequests);
}

void TestGatewayTelemetry::snapshotsArriveWhileIdle()
{
    QTemporaryDir dir;
    ConfigLoadResult loaded = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(loaded.ok());
    Gateway gateway;
    QSignalSpy started(&gateway, &Gateway::started);
    QSignalSpy stats(&gateway, &Gateway::statsUpdated);
    gateway.start(loaded.config, dir.path());
    QVERIFY(started.wait(10000));
    // The dashboard's clock: snapshots keep coming with no traffic.
    QTRY_VERIFY_WITH_TIMEOUT(stats.size() >= 2, 10000);
    const auto s = stats.last().at(0).value<StatsSnapshot>();
    QVERIFY(s.interval.empty());
    QVERIFY(s.endMs > s.startMs);
}

QTEST_GUILESS_MAIN(TestGatewayTelemetry)
#include "tst_gatewaytelemetry.moc"

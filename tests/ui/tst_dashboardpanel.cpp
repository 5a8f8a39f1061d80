// The dashboard: fed synthetic snapshots, its series and tiles show the right numbers in each
// window; connected to a real Gateway with a fake provider, its series grow as traffic flows.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "panels/dashboard/dashboardpanel.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::telemetry;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

StatsSnapshot snapshot(std::int64_t startMs, std::vector<ProviderStats> interval)
{
    StatsSnapshot s;
    s.startMs = startMs;
    s.endMs = startMs + 1000;
    s.interval = std::move(interval);
    return s;
}

ProviderStats stats(const QString& provider, std::int64_t requests, std::int64_t errors, std::int64_t p50Us,
                    std::int64_t p95Us, std::int64_t eurMicros = 0)
{
    ProviderStats p;
    p.provider = provider;
    p.requests = requests;
    p.errors = errors;
    p.latencyP50Us = p50Us;
    p.latencyP95Us = p95Us;
    p.inputTokens = requests * 10;
    p.outputTokens = requests * 4;
    if (eurMicros)
        p.costMicros.insert(QStringLiteral("EUR"), eurMicros);
    return p;
}

// Requests shown by a stacked area: the height it adds at each point, times the bucket length.
double areaTotal(const DashboardPanel& panel, const QString& provider, double bucketSeconds)
{
    const QList<QPointF> upper = panel.seriesPoints(QStringLiteral("requests:") + provider);
    double total = 0;
    for (const QPointF& p : upper)
        total += p.y();
    return total * bucketSeconds;
}

} // namespace

class TestDashboardPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drawsSnapshotsStackedWithLatencyAndErrors();
    void windowsDownsample();
    void seriesGrowWithRealTraffic();
};

void TestDashboardPanel::drawsSnapshotsStackedWithLatencyAndErrors()
{
    DashboardPanel panel;
    panel.resize(1000, 700);
    panel.show();
    const std::int64_t t0 = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 60'000;
    for (int s = 0; s < 10; ++s) {
        panel.addSnapshot(snapshot(
            t0 + s * 1000, {stats("alpha", 4, 0, 2000, 5000, 100), stats("beta", 2, s % 2, 8000, 20'000)}));
    }
    // Stacked: alpha first (by name), beta on top of it.
    const QList<QPointF> alpha = panel.seriesPoints(QStringLiteral("requests:alpha"));
    const QList<QPointF> beta = panel.seriesPoints(QStringLiteral("requests:beta"));
    QCOMPARE(alpha.size(), 10);
    QCOMPARE(beta.size(), 10);
    QCOMPARE(alpha.first().x(), double(t0));
    QCOMPARE(alpha.first().y(), 4.0);
    QCOMPARE(beta.first().y(), 6.0);
    const QList<QPointF> p50 = panel.seriesPoints(QStringLiteral("p50:beta"));
    const QList<QPointF> p95 = panel.seriesPoints(QStringLiteral("p95:beta"));
    QCOMPARE(p50.size(), 10);
    QCOMPARE(p50.first().y(), 8.0); // ms
    QCOMPARE(p95.first().y(), 20.0);
    const QList<QPointF> errors = panel.seriesPoints(QStringLiteral("errorRate"));
    QCOMPARE(errors.size(), 10);
    QCOMPARE(errors[0].y(), 0.0);
    QCOMPARE(errors[1].y(), 100.0 / 6.0);
    QVERIFY(panel.seriesPoints(QStringLiteral("requests:nobody")).isEmpty());
    const QList<QPointF> cost = panel.seriesPoints(QStringLiteral("cost:EUR"));
    QCOMPARE(cost.size(), 10);
    QCOMPARE(cost.first().y(), 0.0001);                                // 100 micro-EUR in that second
    QVERIFY(panel.seriesPoints(QStringLiteral("cost:USD")).isEmpty()); // nothing was spent in USD
    const QMap<QString, double> share = panel.providerShare();
    QCOMPARE(share.value(QStringLiteral("alpha")), 40.0);
    QCOMPARE(share.value(QStringLiteral("beta")), 20.0);

    // Tiles: today's totals.
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("kpiRequestsValue"))->text(), QLocale().toString(60));
    QVERIFY(
        panel.findChild<QLabel*>(QStringLiteral("kpiErrorsValue"))->text().startsWith(QLocale().toString(5)));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("kpiSpendValue"))->text(),
             QStringLiteral("0.001000 EUR"));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("kpiTokensValue"))->text(),
             QStringLiteral("%1 / %2").arg(QLocale().toString(600), QLocale().toString(240)));
}

void TestDashboardPanel::windowsDownsample()
{
    DashboardPanel panel;
    panel.show();
    const std::int64_t t0 = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000 - 3 * 60'000;
    for (int s = 0; s < 150; ++s)
        panel.addSnapshot(snapshot(t0 + s * 1000, {stats("alpha", 1, 0, 1000, 1000)}));
    QCOMPARE(panel.seriesPoints(QStringLiteral("requests:alpha")).size(), 150);

    auto* selector = panel.findChild<QComboBox*>(QStringLiteral("windowSelector"));
    QVERIFY(selector);
    selector->setCurrentIndex(1); // 1 h: per 10 s
    QCOMPARE(panel.window(), DashboardHistory::OneHour);
    const QList<QPointF> tens = panel.seriesPoints(QStringLiteral("requests:alpha"));
    QCOMPARE(tens.size(), 15);
    QCOMPARE(tens.first().y(), 1.0); // 10 requests in 10 s
    QCOMPARE(areaTotal(panel, QStringLiteral("alpha"), 10), 150.0);

    selector->setCurrentIndex(2); // 24 h: per minute, the last one partly filled
    QCOMPARE(panel.window(), DashboardHistory::OneDay);
    const QList<QPointF> minutes = panel.seriesPoints(QStringLiteral("requests:alpha"));
    QCOMPARE(minutes.size(), 3);
    QCOMPARE(minutes[0].y(), 1.0);
    QCOMPARE(minutes[1].y(), 1.0);
    QCOMPARE(panel.providerShare().value(QStringLiteral("alpha")), 150.0);

    panel.setWindow(DashboardHistory::FifteenMinutes);
    QCOMPARE(selector->currentIndex(), 0);
    QCOMPARE(panel.seriesPoints(QStringLiteral("requests:alpha")).size(), 150);
}

void TestDashboardPanel::seriesGrowWithRealTraffic()
{
    FakeOpenAiServer alpha(QStringLiteral("alpha"));
    QVERIFY(alpha.listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        alpha.baseUrl().toUtf8() +
        "/v1\n    region: eu\n    api_key: sk-x\n    models:\n      - name: gpt-fake\n"
        "        input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    DashboardPanel panel;
    panel.show();
    connect(&gateway, &Gateway::statsUpdated, &panel, &DashboardPanel::addSnapshot);
    QSignalSpy started(&gateway, &Gateway::started);
    gateway.start(loaded.config, dir.path());
    QVERIFY(started.wait(10000));

    const QByteArray body = R"({"model":"alpha/gpt-fake","messages":[{"role":"user","content":"hi there"}]})";
    int sent = 0;
    const auto sendSome = [&](int n) {
        for (int i = 0; i < n; ++i) {
            auto r = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", body);
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            ++sent;
        }
    };
    sendSome(5);
    QTRY_VERIFY_WITH_TIMEOUT(panel.today().requests() == sent, 10000);
    const int firstPoints = int(panel.seriesPoints(QStringLiteral("requests:alpha")).size());
    QVERIFY(firstPoints >= 1);
    QCOMPARE(areaTotal(panel, QStringLiteral("alpha"), 1), double(sent));

    // More traffic a while later: the series gain points, and still add up to what was sent.
    QTest::qWait(1100);
    sendSome(7);
    QTRY_VERIFY_WITH_TIMEOUT(panel.today().requests() == sent, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.seriesPoints(QStringLiteral("requests:alpha")).size() > firstPoints,
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(areaTotal(panel, QStringLiteral("alpha"), 1), double(sent), 5000);
    QVERIFY(!panel.seriesPoints(QStringLiteral("p50:alpha")).isEmpty());
    QVERIFY(panel.seriesPoints(QStringLiteral("p95:alpha")).last().y() > 0);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("kpiRequestsValue"))->text(), QLocale().toString(sent));
    QVERIFY(
        panel.findChild<QLabel*>(QStringLiteral("kpiSpendValue"))->text().endsWith(QStringLiteral("EUR")));
    gateway.stop();
}

QTEST_MAIN(TestDashboardPanel)
#include "tst_dashboardpanel.moc"

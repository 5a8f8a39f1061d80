// The dashboard's money: with a display currency the cost chart and the spend tile convert with
// dated exchange rates and show spend without a rate apart (never 1:1); connected to a real
// Gateway with keys of two teams, the spend-by-team and spend-by-currency series (read from the
// real budget.db) grow as traffic flows and match what the gateway reported in x-tollgate-cost.
#include "budget/budgetservice.h"
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "panels/dashboard/dashboardpanel.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::telemetry;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

StatsSnapshot snapshot(std::int64_t startMs, const QMap<QString, std::int64_t>& cost)
{
    StatsSnapshot s;
    s.startMs = startMs;
    s.endMs = startMs + 1000;
    ProviderStats p;
    p.provider = QStringLiteral("alpha");
    p.requests = 1;
    p.latencyP50Us = 1000;
    p.latencyP95Us = 2000;
    p.costMicros = cost;
    s.interval = {p};
    return s;
}

std::shared_ptr<const budget::ExchangeRates> eurUsdRates()
{
    auto rates = std::make_shared<budget::ExchangeRates>();
    (void)rates->add(QDate(2020, 1, 1), QStringLiteral("EUR"), QStringLiteral("USD"), QStringLiteral("1.10"));
    return rates;
}

std::int64_t eurMicros(const QByteArray& header)
{
    const QList<QByteArray> parts = header.split(' ');
    std::int64_t micros = 0;
    if (parts.size() != 2 || parts[1] != "EUR" ||
        !budget::parseAmountMicros(QString::fromLatin1(parts[0]), &micros))
        return -1;
    return micros;
}

double lastY(const DashboardPanel& panel, const QString& series)
{
    const QList<QPointF> points = panel.seriesPoints(series);
    return points.isEmpty() ? -1.0 : points.last().y();
}

} // namespace

class TestDashboardSpend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void costAndKpiConvertIntoTheDisplayCurrency();
    void teamAndCurrencySeriesGrowWithRealTraffic();
};

void TestDashboardSpend::costAndKpiConvertIntoTheDisplayCurrency()
{
    DashboardPanel panel;
    panel.resize(1100, 800);
    panel.show();
    const std::int64_t t0 = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 30'000;
    for (int s = 0; s < 5; ++s)
        panel.addSnapshot(snapshot(t0 + s * 1000, {{QStringLiteral("EUR"), 1'000'000},
                                                   {QStringLiteral("USD"), 500'000},
                                                   {QStringLiteral("INR"), 80'000'000}}));
    // No display currency: one line per currency, as spent.
    QCOMPARE(lastY(panel, QStringLiteral("cost:EUR")), 1.0);
    QCOMPARE(lastY(panel, QStringLiteral("cost:INR")), 80.0);
    auto* spend = panel.findChild<QLabel*>(QStringLiteral("kpiSpendValue"));
    QVERIFY(spend->text().contains(QLatin1String("5.00 EUR")));
    auto* ratesLabel = panel.findChild<QLabel*>(QStringLiteral("spendRatesLabel"));
    QVERIFY(!ratesLabel->isVisible());

    // USD with a EUR rate but none for INR: EUR converts at 1.10, INR stays apart and says so.
    panel.setExchangeRates(eurUsdRates());
    panel.setDisplayCurrency(QStringLiteral("USD"));
    QCOMPARE(panel.displayCurrency(), QStringLiteral("USD"));
    const QList<QPointF> usd = panel.seriesPoints(QStringLiteral("cost:USD"));
    QCOMPARE(usd.size(), 5);
    QCOMPARE(usd.first().y(), 1.6); // 1 EUR * 1.10 + 0.5 USD
    QCOMPARE(lastY(panel, QStringLiteral("cost:INR")), 80.0);
    QVERIFY(panel.seriesPoints(QStringLiteral("cost:EUR")).isEmpty()); // converted, no line of its own
    const QStringList lines = spend->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("8.00 USD")); // 5 * 1.6
    QCOMPARE(lines.value(1), QStringLiteral("+ 400.00 INR (no rate to USD)"));
    QVERIFY(spend->toolTip().contains(QLatin1String("5.00 EUR")));
    QVERIFY(ratesLabel->isVisible());
    QVERIFY(ratesLabel->text().contains(QLatin1String("INR")));
    QCOMPARE(panel.spendTodayText(), QStringLiteral("8.00 USD + 400.00 INR (no rate)"));

    // Without rates nothing but USD converts: the EUR is not counted 1:1 either.
    panel.setExchangeRates(nullptr);
    QCOMPARE(spend->text().split(QLatin1Char('\n')).value(0), QStringLiteral("2.50 USD"));
    QVERIFY(spend->text().contains(QLatin1String("5.00 EUR (no rate to USD)")));
    QCOMPARE(lastY(panel, QStringLiteral("cost:EUR")), 1.0);

    // Back to no display currency.
    panel.setDisplayCurrency(QString());
    QVERIFY(spend->text().contains(QLatin1String("5.00 EUR")));
    QVERIFY(!ratesLabel->isVisible());
}

void TestDashboardSpend::teamAndCurrencySeriesGrowWithRealTraffic()
{
    FakeOpenAiServer alpha(QStringLiteral("alpha"));
    QVERIFY(alpha.listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        alpha.baseUrl().toUtf8() +
        "/v1\n    region: eu\n    api_key: sk-x\n    models:\n      - name: gpt-fake\n"
        "        input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR\n"
        "budget:\n  display_currency: USD\n  rates:\n"
        "    - {date: 2020-01-01, from: EUR, to: USD, rate: \"1.10\"}\n";
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    QVERIFY2(loaded.ok(), qPrintable(loaded.issues.empty() ? QString() : loaded.issues.front().message));
    QTemporaryDir dir;
    Gateway gateway;
    QSignalSpy started(&gateway, &Gateway::started);
    gateway.start(loaded.config, dir.path());
    QVERIFY(started.wait(10000));
    auto service = gateway.budgetService();
    QVERIFY(service);
    budget::NewKeyOptions support;
    support.team = QStringLiteral("support");
    budget::NewKeyOptions sales;
    sales.team = QStringLiteral("sales");
    const auto supportKey = service->keys().create(support);
    const auto salesKey = service->keys().create(sales);
    QVERIFY(supportKey && salesKey);

    DashboardPanel panel;
    panel.resize(1100, 800);
    panel.show();
    panel.setDisplayCurrency(QStringLiteral("USD"));
    panel.setSpendPollInterval(100);
    connect(&gateway, &Gateway::statsUpdated, &panel, &DashboardPanel::addSnapshot);
    panel.setBudgetService(service);

    const QByteArray body =
        R"({"model":"alpha/gpt-fake","max_tokens":20,"messages":[{"role":"user","content":"hi"}]})";
    std::int64_t supportEur = 0;
    std::int64_t salesEur = 0;
    const auto sendAs = [&](const QByteArray& token, std::int64_t* sum, int n) {
        for (int i = 0; i < n; ++i) {
            const auto r = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", body,
                                                   "Authorization: Bearer " + token + "\r\n");
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            const std::int64_t cost = eurMicros(r->header("x-tollgate-cost"));
            QVERIFY(cost > 0);
            *sum += cost;
        }
    };
    sendAs(supportKey->token, &supportEur, 2);
    sendAs(salesKey->token, &salesEur, 1);
    // Converted at 1.10, to the micro-unit per ledger row.
    const auto near = [](double shown, std::int64_t eur) {
        return qAbs(shown - double(eur) * 1.1 / 1e6) < 1e-5;
    };
    QTRY_VERIFY_WITH_TIMEOUT(near(lastY(panel, QStringLiteral("teamSpend:support")), supportEur), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(near(lastY(panel, QStringLiteral("teamSpend:sales")), salesEur), 10000);
    const double supportBefore = lastY(panel, QStringLiteral("teamSpend:support"));

    // More traffic: the support line grows, sales stays.
    sendAs(supportKey->token, &supportEur, 3);
    QTRY_VERIFY_WITH_TIMEOUT(near(lastY(panel, QStringLiteral("teamSpend:support")), supportEur), 10000);
    QVERIFY(lastY(panel, QStringLiteral("teamSpend:support")) > supportBefore);
    QVERIFY(near(lastY(panel, QStringLiteral("teamSpend:sales")), salesEur));

    // By currency: the original EUR, and the total in USD; nothing without a rate.
    QTRY_COMPARE_WITH_TIMEOUT(lastY(panel, QStringLiteral("currencySpend:EUR")),
                              double(supportEur + salesEur) / 1e6, 10000);
    QVERIFY(near(lastY(panel, QStringLiteral("currencySpend:total")), supportEur + salesEur));
    QVERIFY(panel.spendSeries().missing.isEmpty());
    QVERIFY(!panel.findChild<QLabel*>(QStringLiteral("spendRatesLabel"))->isVisible());
    // The tile converts the telemetry's EUR into USD too.
    QTRY_VERIFY_WITH_TIMEOUT(
        panel.findChild<QLabel*>(QStringLiteral("kpiSpendValue"))->text().endsWith(QLatin1String("USD")),
        10000);

    // Stopped: the charts keep what they showed.
    panel.setBudgetService(nullptr);
    QVERIFY(near(lastY(panel, QStringLiteral("teamSpend:support")), supportEur));
    gateway.stop();
}

QTEST_MAIN(TestDashboardSpend)
#include "tst_dashboardspend.moc"

// The admit stage's reservation across a route whose targets are priced in different currencies:
// the dearest target the request may fall over to decides it, compared in the display currency.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const QByteArray kKey = "tg-admissiontestkey0123456789abcdefghijklmnop";

QByteArray chatBody(const QByteArray& model)
{
    return R"({"model":")" + model + R"(","max_tokens":1000,"messages":[{"role":"user","content":"hello"}]})";
}

} // namespace

class TestAdmission : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dearestFallbackInAnotherCurrencyDecides();

private:
    std::unique_ptr<FakeOpenAiServer> m_usd;
    std::unique_ptr<FakeOpenAiServer> m_inr;
};

void TestAdmission::initTestCase()
{
    qputenv("TG_ADMISSION_TEST_KEY", kKey);
    m_usd = std::make_unique<FakeOpenAiServer>(QStringLiteral("usd"));
    m_inr = std::make_unique<FakeOpenAiServer>(QStringLiteral("inr"));
    QVERIFY(m_usd->listen());
    QVERIFY(m_inr->listen());
}

void TestAdmission::dearestFallbackInAnotherCurrencyDecides()
{
    // 1,000 output tokens cost at most 0.002 USD (about 0.0018 EUR) on the first target and
    // 100 INR (1.10 EUR) on its fallback; the key's budget is 0.50 EUR.
    const QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n"
                            + fakeProviderYaml("cheap", *m_usd, "eu", "m", "input_per_million: 1, output_per_million: 2, currency: USD")
                            + fakeProviderYaml("dear", *m_inr, "eu", "m", "input_per_million: 1, output_per_million: 100000, currency: INR")
                            + "routes:\n  - alias: mixed\n    targets: [cheap/m, dear/m]\n"
                              "  - alias: cheap-only\n    targets: [cheap/m]\n"
                              "budget:\n  display_currency: EUR\n  rates:\n"
                              "    - {date: 2026-01-01, from: USD, to: EUR, rate: \"0.9\"}\n"
                              "    - {date: 2026-01-01, from: INR, to: EUR, rate: \"0.011\"}\n"
                              "  keys:\n    - id: bot\n      team: t\n      env: TG_ADMISSION_TEST_KEY\n"
                              "  budgets:\n    - id: bot-day\n      scope: key\n      subject: bot\n      period: day\n"
                              "      cap: 0.5\n      currency: EUR\n";
    TestGateway gateway;
    QVERIFY(gateway.start(yaml));
    const QByteArray auth = "Authorization: Bearer " + kKey + "\r\n";

    auto refused = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", chatBody("mixed"), auth);
    QVERIFY(refused);
    QCOMPARE(refused->status, 402);
    const QString message = QJsonDocument::fromJson(refused->body).object().value("error").toObject().value("message").toString();
    QVERIFY2(message.contains(QLatin1String("budget"), Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(m_usd->requestCount() + m_inr->requestCount(), 0);

    auto served = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", chatBody("cheap-only"), auth);
    QVERIFY(served);
    QCOMPARE(served->status, 200);
    QCOMPARE(served->header("x-tollgate-provider"), QByteArray("cheap"));

    // A reload that raises the cap to 5 EUR applies to the running gateway: the fallback now fits.
    QByteArray raised = yaml;
    raised.replace("cap: 0.5\n", "cap: 5\n");
    ConfigLoadResult reloaded = ConfigLoader::loadText(raised);
    QVERIFY(reloaded.ok());
    gateway.gateway().applyConfig(reloaded.config);
    QTRY_COMPARE_WITH_TIMEOUT(
        HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", chatBody("mixed"), auth)->status, 200, 10000);
}

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"

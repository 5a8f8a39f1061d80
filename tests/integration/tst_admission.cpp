// The admit stage's reservation across a route whose targets are priced in different currencies:
// the dearest target the request may fall over to decides it, compared in the display currency.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
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
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Gateway> m_gateway;
};

void TestAdmission::initTestCase()
{
    qputenv("TG_ADMISSION_TEST_KEY", kKey);
    m_usd = std::make_unique<FakeOpenAiServer>(QStringLiteral("usd"));
    m_inr = std::make_unique<FakeOpenAiServer>(QStringLiteral("inr"));
    QVERIFY(m_usd->listen());
    QVERIFY(m_inr->listen());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAdmission::dearestFallbackInAnotherCurrencyDecides()
{
    // 1,000 output tokens cost at most 0.002 USD (about 0.0018 EUR) on the first target and
    // 100 INR (1.10 EUR) on its fallback; the key's budget is 0.50 EUR.
    const auto provider = [](const char* name, const FakeOpenAiServer& f, const char* output, const char* currency) {
        return QByteArray("  - name: ") + name + "\n    kind: openai-compatible\n    base_url: " + f.baseUrl().toUtf8()
               + "/v1\n    region: eu\n    api_key: sk-test\n    models:\n      - name: m\n"
                 "        input_per_million: 1\n        output_per_million: " + output + "\n        currency: " + currency + "\n";
    };
    const QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n" + provider("cheap", *m_usd, "2", "USD")
                            + provider("dear", *m_inr, "100000", "INR")
                            + "routes:\n  - alias: mixed\n    targets: [cheap/m, dear/m]\n"
                              "  - alias: cheap-only\n    targets: [cheap/m]\n"
                              "budget:\n  display_currency: EUR\n  rates:\n"
                              "    - {date: 2026-01-01, from: USD, to: EUR, rate: \"0.9\"}\n"
                              "    - {date: 2026-01-01, from: INR, to: EUR, rate: \"0.011\"}\n"
                              "  keys:\n    - id: bot\n      team: t\n      env: TG_ADMISSION_TEST_KEY\n"
                              "  budgets:\n    - id: bot-day\n      scope: key\n      subject: bot\n      period: day\n"
                              "      cap: 0.5\n      currency: EUR\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_dir->path());
    QVERIFY(started.wait(10000));
    const QByteArray auth = "Authorization: Bearer " + kKey + "\r\n";

    auto refused = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", chatBody("mixed"), auth);
    QVERIFY(refused);
    QCOMPARE(refused->status, 402);
    const QString message = QJsonDocument::fromJson(refused->body).object().value("error").toObject().value("message").toString();
    QVERIFY2(message.contains(QLatin1String("budget"), Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(m_usd->requestCount() + m_inr->requestCount(), 0);

    auto served = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", chatBody("cheap-only"), auth);
    QVERIFY(served);
    QCOMPARE(served->status, 200);
    QCOMPARE(served->header("x-tollgate-provider"), QByteArray("cheap"));
    m_gateway.reset();
}

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"

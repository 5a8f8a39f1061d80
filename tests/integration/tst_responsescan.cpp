// Response-side guardrails end to end: a fake provider whose answers carry a secret the request
// never had (its name, which it puts in every answer), a real gateway, and a client that must not
// see the secret once `guardrails.scan_responses` is on — whole answers and streams.
#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const QByteArray kKey = "AKIAQ3EGRXBT7KMSW2LP"; // the shape of an AWS access key id, not a real one

QByteArray chatBody(const QByteArray& text, bool stream = false)
{
    return R"({"model":"chat","messages":[{"role":"user","content":")" + text + "\"}]"
           + (stream ? QByteArray(R"(,"stream":true)") : QByteArray()) + "}";
}

struct Answer
{
    QByteArray content;
    QStringList finishReasons;
};

Answer readAnswer(const TestResponse& r)
{
    Answer a;
    if (r.header("content-type").startsWith("text/event-stream")) {
        for (const QByteArray& data : r.sseData()) {
            for (const QJsonValue& c : QJsonDocument::fromJson(data).object().value("choices").toArray()) {
                a.content += c.toObject().value("delta").toObject().value("content").toString().toUtf8();
                if (c.toObject().value("finish_reason").isString())
                    a.finishReasons.append(c.toObject().value("finish_reason").toString());
            }
        }
        return a;
    }
    const QJsonObject choice = QJsonDocument::fromJson(r.body).object().value("choices").toArray().at(0).toObject();
    a.content = choice.value("message").toObject().value("content").toString().toUtf8();
    a.finishReasons.append(choice.value("finish_reason").toString());
    return a;
}

} // namespace

class TestResponseScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void answersPassUnscannedByDefault();
    void secretsInAnswersAreRedacted_data();
    void secretsInAnswersAreRedacted();
    void blockEndsTheAnswerWithContentFilter_data();
    void blockEndsTheAnswerWithContentFilter();
    void pseudonymsStillComeBack();

private:
    void startGateway(const QByteArray& guardrails);

    std::unique_ptr<FakeOpenAiServer> m_fake;
    std::unique_ptr<TestGateway> m_gateway;
    quint16 m_port = 0;
};

void TestResponseScan::init()
{
    // Every answer starts with "<name> says:": this provider leaks a key in each one.
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("leaky ") + QString::fromLatin1(kKey));
    QVERIFY(m_fake->listen());
    m_gateway = std::make_unique<TestGateway>();
}

void TestResponseScan::cleanup()
{
    m_gateway.reset();
    m_fake.reset();
}

void TestResponseScan::startGateway(const QByteArray& guardrails)
{
    QVERIFY(m_gateway->start("server:\n  listen: 127.0.0.1:0\nproviders:\n" + fakeProviderYaml("p", *m_fake, "eu")
                             + "routes:\n  - alias: chat\n    targets: [p/m]\n" + guardrails));
    m_port = m_gateway->port();
}

void TestResponseScan::answersPassUnscannedByDefault()
{
    startGateway({});
    auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("hello there"));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(readAnswer(*r).content.contains(kKey)); // what the switch is for
}

void TestResponseScan::secretsInAnswersAreRedacted_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("answer") << false;
    QTest::newRow("stream") << true;
}

void TestResponseScan::secretsInAnswersAreRedacted()
{
    QFETCH(bool, stream);
    startGateway("guardrails:\n  scan_responses: true\n");
    auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("hello there", stream));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    const Answer a = readAnswer(*r);
    QVERIFY2(!r->body.contains(kKey), r->body.constData());
    QCOMPARE(a.content, QByteArray("leaky [AWS_KEY_1] says: hello there"));
    QCOMPARE(a.finishReasons, QStringList{QStringLiteral("stop")});
    if (stream)
        QVERIFY(r->body.contains("data: [DONE]"));
}

void TestResponseScan::blockEndsTheAnswerWithContentFilter_data()
{
    secretsInAnswersAreRedacted_data();
}

void TestResponseScan::blockEndsTheAnswerWithContentFilter()
{
    QFETCH(bool, stream);
    startGateway("guardrails:\n  scan_responses: true\n  actions:\n    aws_access_key: block\n");
    auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("hello there", stream));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    const Answer a = readAnswer(*r);
    QVERIFY2(!r->body.contains(kKey), r->body.constData());
    QVERIFY(!a.content.contains("hello there"));
    QCOMPARE(a.finishReasons, QStringList{QStringLiteral("content_filter")});
}

void TestResponseScan::pseudonymsStillComeBack()
{
    startGateway("guardrails:\n  scan_responses: true\n  actions:\n    email: pseudonymize\n");
    auto r = HttpTestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("write to anna@example.org", true));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(!m_fake->lastRequest().body.contains("anna@example.org"));
    QCOMPARE(readAnswer(*r).content, QByteArray("leaky [AWS_KEY_1] says: write to anna@example.org"));
}

QTEST_GUILESS_MAIN(TestResponseScan)
#include "tst_responsescan.moc"

// The inbound OpenAI Responses API through the real gateway, over loopback: the chain (guardrails
// with pseudonyms restored in answers and streams, blocking, the request log) works for it as for
// /v1/chat/completions, and a stream the provider cuts ends with an `error` event.
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "store/requestlogwriter.h"
#include "testgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const QByteArray kEmail = "maria.rossi@example.org";

QJsonObject object(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray body(const QByteArray& model, const QByteArray& text, bool stream = false)
{
    QByteArray json = "{\"model\":\"" + model + "\",\"input\":\"" + text + "\"";
    if (stream)
        json += ",\"stream\":true";
    return json + "}";
}

using Event = NamedEvent;

QString streamedText(const QList<Event>& list)
{
    QString text;
    for (const Event& e : list) {
        if (e.name == "response.output_text.delta")
            text += e.data.value("delta").toString();
    }
    return text;
}

} // namespace

class TestResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void pseudonymsGoOutAndComeBack();
    void blockedIsAnOpenAiError();
    void requestLogNamesTheEndpoint();
    void streamCutByTheProviderEndsWithErrorEvent();

private:
    void start();

    std::unique_ptr<FakeOpenAiServer> m_fake;
    std::unique_ptr<TestGateway> m_gateway;
    quint16 m_port = 0;
};

void TestResponses::init()
{
    // The fake echoes the prompt after "p says:", so what it was sent comes back to the client.
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("p"));
    QVERIFY(m_fake->listen());
    m_gateway = std::make_unique<TestGateway>();
}

void TestResponses::cleanup()
{
    m_gateway.reset();
    m_fake.reset();
}

void TestResponses::start()
{
    const QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n" +
                            fakeProviderYaml("p", *m_fake, "eu") +
                            "routes:\n"
                            "  - alias: chat\n    targets: [p/m]\n"
                            "  - alias: notes\n    targets: [p/m]\n    guardrails:\n      actions:\n"
                            "        email: pseudonymize\n"
                            "  - alias: locked\n    targets: [p/m]\n    guardrails:\n      actions:\n"
                            "        email: block\n";
    QVERIFY(m_gateway->start(yaml));
    m_port = m_gateway->port();
}

void TestResponses::pseudonymsGoOutAndComeBack()
{
    start();
    auto plain =
        HttpTestClient::request(m_port, "POST", "/v1/responses", body("notes", "write to " + kEmail));
    QVERIFY(plain);
    QCOMPARE(plain->status, 200);
    QByteArray sent = m_fake->lastRequest().body;
    QVERIFY2(!sent.contains(kEmail) && sent.contains("[EMAIL_1]"), sent.constData());
    const QJsonObject response = object(plain->body);
    QCOMPARE(response.value("object").toString(), QStringLiteral("response"));
    const QString text = response.value("output")
                             .toArray()[0]
                             .toObject()
                             .value("content")
                             .toArray()[0]
                             .toObject()
                             .value("text")
                             .toString();
    QCOMPARE(text, "p says: write to " + QString::fromUtf8(kEmail)); // restored for the client

    auto streamed =
        HttpTestClient::request(m_port, "POST", "/v1/responses", body("notes", "mail " + kEmail, true));
    QVERIFY(streamed);
    QCOMPARE(streamed->status, 200);
    sent = m_fake->lastRequest().body;
    QVERIFY2(!sent.contains(kEmail), sent.constData());
    const QList<Event> list = namedEvents(streamed->body);
    QVERIFY(!list.isEmpty());
    QCOMPARE(list.last().name, QByteArray("response.completed"));
    QCOMPARE(streamedText(list), "p says: mail " + QString::fromUtf8(kEmail));
}

void TestResponses::blockedIsAnOpenAiError()
{
    start();
    auto r = HttpTestClient::request(m_port, "POST", "/v1/responses", body("locked", "write to " + kEmail));
    QVERIFY(r);
    QVERIFY2(r->status >= 400 && r->status < 500, r->body.constData());
    QVERIFY(object(r->body).value("error").isObject());
    QCOMPARE(m_fake->requestCount(), 0); // nothing reached the provider
}

void TestResponses::requestLogNamesTheEndpoint()
{
    start();
    auto r = HttpTestClient::request(m_port, "POST", "/v1/responses", body("chat", "one two three"));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(object(r->body).value("id").toString(),
             "resp_" + QString::fromLatin1(r->header("x-tollgate-request-id").mid(4)));
    const QString db = m_gateway->gateway().databasePath();
    m_gateway->stop();
    const std::vector<RequestLogRecord> rows = readRequestLog(db, 10);
    QCOMPARE(int(rows.size()), 1);
    QCOMPARE(rows[0].endpoint, QStringLiteral("responses"));
    QCOMPARE(rows[0].modelRequested, QStringLiteral("chat"));
    QCOMPARE(rows[0].provider, QStringLiteral("p"));
    QCOMPARE(rows[0].status, 200);
    QVERIFY(rows[0].inputTokens > 0 && rows[0].outputTokens > 0);
    QCOMPARE(QByteArray(rows[0].requestId), r->header("x-tollgate-request-id"));
}

void TestResponses::streamCutByTheProviderEndsWithErrorEvent()
{
    m_fake->setDefaultBehaviour(FakeBehaviour::resetMidStream(3));
    start();
    auto r = HttpTestClient::request(m_port, "POST", "/v1/responses",
                                     body("chat", "one two three four five six", true));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    const QList<Event> list = namedEvents(r->body);
    QVERIFY(list.size() >= 3);
    QCOMPARE(list.first().name, QByteArray("response.created"));
    QCOMPARE(list.last().name, QByteArray("error"));
    QVERIFY(!list.last().data.value("message").toString().isEmpty());
    for (int i = 0; i < list.size(); ++i)
        QCOMPARE(list[i].data.value("sequence_number").toInt(-1), i);
    for (const Event& e : list)
        QVERIFY(e.name != "response.completed");
}

QTEST_GUILESS_MAIN(TestResponses)
#include "tst_responses.moc"

#include "fakeopenaiserver.h"
#include "http/epolldispatcher.h"
#include "http/hostlookup.h"
#include "http/passflush.h"
#include "http/upstreamclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tollgate::http;
using tollgate::testing::FakeBehaviour;
using tollgate::testing::FakeOpenAiServer;

namespace {

// Everything the handlers of one call saw.
struct Exchange
{
    int headCalls = 0;
    int status = 0;
    HttpHeaders headers;
    int bodyCalls = 0;
    QByteArray body;
    int completeCalls = 0;
    UpstreamOutcome outcome;
    bool bodyBeforeHead = false;

    bool done() const { return completeCalls > 0; }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QByteArray header(const Exchange& e, std::string_view name)
{
    const std::string_view value = e.headers.value(name);
    return QByteArray(value.data(), qsizetype(value.size()));
}

UpstreamHandlers recordInto(Exchange& e)
{
    UpstreamHandlers h;
    h.onHead = [&e](int status, const HttpHeaders& headers) {
        ++e.headCalls;
        e.status = status;
        e.headers = headers;
    };
    h.onBody = [&e](std::string_view bytes) {
        if (e.headCalls == 0)
            e.bodyBeforeHead = true;
        ++e.bodyCalls;
        e.body.append(bytes.data(), qsizetype(bytes.size()));
    };
    h.onComplete = [&e](const UpstreamOutcome& outcome) {
        ++e.completeCalls;
        e.outcome = outcome;
    };
    return h;
}

QByteArray chatBody(const QByteArray& userText, bool stream = false, bool includeUsage = false)
{
    QJsonObject message{{"role", "user"}, {"content", QString::fromUtf8(userText)}};
    QJsonObject body{{"model", "gpt-4o-mini"}, {"messages", QJsonArray{message}}};
    if (stream) {
        body["stream"] = true;
        if (includeUsage)
            body["stream_options"] = QJsonObject{{"include_usage", true}};
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// A name server for one name, provider.test, that tests can repoint and that counts its lookups.
// Shared with the lookup threads, which may outlive a test that failed.
struct FakeNames
{
    std::mutex mutex;
    std::vector<std::string> answer;
    int delayMs = 0;
    std::atomic<int> lookups{0};

    void point(std::vector<std::string> addresses)
    {
        std::lock_guard lock(mutex);
        answer = std::move(addresses);
    }
};

std::shared_ptr<FakeNames> installFakeNames()
{
    auto names = std::make_shared<FakeNames>();
    setHostResolverForTesting([names](const std::string& host) {
        ++names->lookups;
        std::vector<std::string> answer;
        int delayMs;
        {
            std::lock_guard lock(names->mutex);
            answer = names->answer;
            delayMs = names->delayMs;
        }
        if (delayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        return host == "provider.test" ? answer : std::vector<std::string>{};
    });
    return names;
}

UpstreamRequest chatRequest(const FakeOpenAiServer& server, const QByteArray& body)
{
    UpstreamRequest r;
    r.method = "POST";
    r.url = server.baseUrl().toStdString() + "/v1/chat/completions";
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Authorization", "Bearer sk-test");
    r.body = body;
    r.timeouts.connectMs = 5000;
    r.timeouts.firstByteMs = 5000;
    r.timeouts.idleMs = 5000;
    r.timeouts.totalMs = 20000;
    return r;
}

// Splits an SSE body into the payloads of its "data:" lines.
QList<QByteArray> ssePayloads(const QByteArray& body)
{
    QList<QByteArray> payloads;
    for (const QByteArray& event : body.split('\n')) {
        if (event.startsWith("data: "))
            payloads.append(event.mid(6));
    }
    return payloads;
}

// A loopback server with byte-level control: for each connection, waits for one request head
// (and its Content-Length body), then plays a script of (delay, bytes) steps.
class ScriptedServer : public QObject
{
public:
    struct Step
    {
        int delayMs = 0;
        QByteArray bytes;
        bool close = false; // close the connection after this step
    };

    explicit ScriptedServer(QList<Step> script) : m_script(std::move(script))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
    }

    std::string url(const char* path = "/") const
    {
        return "http://127.0.0.1:" + std::to_string(m_server.serverPort()) + path;
    }
    QByteArray lastRequestHead() const { return m_lastHead; }

private:
    void onData(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0 || m_started.contains(socket))
            return;
        m_lastHead = buffer.left(end);
        m_started.insert(socket);
        play(QPointer<QTcpSocket>(socket), 0);
    }

    void play(QPointer<QTcpSocket> socket, qsizetype index)
    {
        if (!socket || index >= m_script.size())
            return;
        const Step step = m_script[index];
        QTimer::singleShot(step.delayMs, this, [this, socket, step, index] {
            if (!socket)
                return;
            socket->write(step.bytes);
            socket->flush();
            if (step.close) {
                socket->disconnectFromHost();
                return;
            }
            play(socket, index + 1);
        });
    }

    QTcpServer m_server;
    QList<Step> m_script;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QSet<QTcpSocket*> m_started;
    QByteArray m_lastHead;
};

// Keep-alive the way servers with a short idle timeout behave: each connection answers its first
// request (with keep-alive) and is closed, unanswered, when a second request arrives on it.
class OneRequestPerConnectionServer : public QObject
{
public:
    OneRequestPerConnectionServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                ++m_connections;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_server.serverPort()) + "/v1/models"; }
    int connections() const { return m_connections; }
    int answered() const { return m_answered; }

private:
    void onData(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        while (buffer.contains("\r\n\r\n")) {
            buffer.remove(0, buffer.indexOf("\r\n\r\n") + 4);
            if (m_served.contains(socket)) {
                socket->abort(); // the second request on this connection: gone without an answer
                return;
            }
            m_served.insert(socket);
            ++m_answered;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QSet<QTcpSocket*> m_served;
    int m_connections = 0;
    int m_answered = 0;
};

constexpr int kWait = 10000; // generous upper bound for waits on a busy machine

} // namespace

class TestUpstreamClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
        m_server->setApiKey("sk-test");
        QVERIFY(m_server->listen());
        m_client = std::make_unique<UpstreamClient>();
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        setHostResolverForTesting({});
    }

    void nonStreamCompletion()
    {
        Exchange e;
        auto call = m_client->start(chatRequest(*m_server, chatBody("hello big world")), recordInto(e));
        QVERIFY(call);
        QCOMPARE(m_client->activeCalls(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);

        QCOMPARE(e.completeCalls, 1);
        QCOMPARE(e.headCalls, 1);
        QVERIFY(!e.bodyBeforeHead);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.outcome.status, 200);
        QCOMPARE(e.status, 200);
        QVERIFY(e.outcome.totalUs > 0);
        QVERIFY(e.outcome.firstByteUs > 0);
        QVERIFY(e.outcome.firstByteUs <= e.outcome.totalUs);
        QVERIFY(e.outcome.message.empty());
        QCOMPARE(header(e, "content-type"), QByteArray("application/json"));
        QCOMPARE(header(e, "Content-Length"), QByteArray::number(e.body.size()));

        const QJsonObject json = e.json();
        QCOMPARE(json["object"].toString(), QStringLiteral("chat.completion"));
        QCOMPARE(json["model"].toString(), QStringLiteral("gpt-4o-mini"));
        const QJsonObject choice = json["choices"].toArray().at(0).toObject();
        QCOMPARE(choice["message"].toObject()["content"].toString(),
                 QStringLiteral("alpha says: hello big world"));
        QCOMPARE(choice["finish_reason"].toString(), QStringLiteral("stop"));
        const QJsonObject usage = json["usage"].toObject();
        QCOMPARE(usage["prompt_tokens"].toInt(), 3 + 3); // words + 3 per message
        QCOMPARE(usage["completion_tokens"].toInt(), 5); // "alpha says: hello big world"
        QCOMPARE(usage["total_tokens"].toInt(), 11);
        QCOMPARE(m_client->activeCalls(), 0);

        // What the provider received: the caller's headers, the body, no 100-continue dance.
        QCOMPARE(m_server->requestCount(), 1);
        const auto request = m_server->lastRequest();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test"));
        QCOMPARE(request.header("content-type"), QByteArray("application/json"));
        QCOMPARE(request.body, chatBody("hello big world"));
        QVERIFY(request.header("expect").isEmpty());
        QVERIFY(request.header("accept-encoding").contains("gzip"));
    }

    void largeBodyIsSentWithoutExpectContinue()
    {
        // curl would add "Expect: 100-continue" above 1 MiB unless told not to.
        const QByteArray filler(2 * 1024 * 1024, 'x');
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody(filler)), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        const auto request = m_server->lastRequest();
        QVERIFY(request.header("expect").isEmpty());
        QCOMPARE(request.body.size(), chatBody(filler).size());
    }

    void streamArrivesInPieces()
    {
        m_server->setEventDelayMs(15);
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("one two three four", true, true)), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);

        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QVERIFY(header(e, "content-type").startsWith("text/event-stream"));
        QCOMPARE(header(e, "transfer-encoding"), QByteArray("chunked"));
        QVERIFY2(e.bodyCalls >= 4, qPrintable(QString::number(e.bodyCalls)));

        // The body is OpenAI's SSE format: JSON chunks, a finish chunk, a usage chunk, [DONE].
        const QList<QByteArray> payloads = ssePayloads(e.body);
        QVERIFY(payloads.size() >= 5);
        QCOMPARE(payloads.last(), QByteArray("[DONE]"));
        QString text;
        QString finishReason;
        QJsonObject usage;
        for (qsizetype i = 0; i + 1 < payloads.size(); ++i) {
            QJsonParseError error;
            const QJsonObject chunk = QJsonDocument::fromJson(payloads[i], &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(chunk["object"].toString(), QStringLiteral("chat.completion.chunk"));
            QVERIFY(chunk.contains("usage")); // null on every chunk but the last with include_usage
            const QJsonArray choices = chunk["choices"].toArray();
            if (choices.isEmpty()) {
                QCOMPARE(i, payloads.size() - 2);
                usage = chunk["usage"].toObject();
                continue;
            }
            const QJsonObject choice = choices.at(0).toObject();
            if (i == 0) {
                QCOMPARE(choice["delta"].toObject()["role"].toString(), QStringLiteral("assistant"));
                QCOMPARE(choice["delta"].toObject()["content"].toString(), QString());
            }
            text += choice["delta"].toObject()["content"].toString();
            if (!choice["finish_reason"].isNull())
                finishReason = choice["finish_reason"].toString();
        }
        QCOMPARE(text, FakeOpenAiServer::replyText("alpha", "one two three four"));
        QCOMPARE(finishReason, QStringLiteral("stop"));
        QCOMPARE(usage["prompt_tokens"].toInt(), 4 + 3);
        QCOMPARE(usage["completion_tokens"].toInt(), 6);
        QCOMPARE(usage["total_tokens"].toInt(), 13);
    }

    void streamWithoutUsageHasNoUsageChunk()
    {
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("hi", true, false)), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        const QList<QByteArray> payloads = ssePayloads(e.body);
        QCOMPARE(payloads.last(), QByteArray("[DONE]"));
        for (qsizetype i = 0; i + 1 < payloads.size(); ++i) {
            const QJsonObject chunk = QJsonDocument::fromJson(payloads[i]).object();
            QVERIFY(!chunk.contains("usage"));
            QCOMPARE(chunk["choices"].toArray().size(), 1);
        }
    }

    void fakeServerEndpoints_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("check"); // "object" value or error code/type expected

        QTest::newRow("models") << QByteArray("GET") << QByteArray("/v1/models") << QByteArray("sk-test")
                                << QByteArray() << 200 << QStringLiteral("list");
        QTest::newRow("embeddings") << QByteArray("POST") << QByteArray("/v1/embeddings")
                                    << QByteArray("sk-test")
                                    << QByteArray(R"({"model":"e","input":["a b","c d e"]})") << 200
                                    << QStringLiteral("list");
        QTest::newRow("tool-call") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                   << QByteArray("sk-test")
                                   << QByteArray(
                                          R"({"model":"m","messages":[{"role":"user","content":"x"}],)"
                                          R"("tools":[{"type":"function","function":{"name":"lookup"}}]})")
                                   << 200 << QStringLiteral("chat.completion");
        QTest::newRow("max-tokens")
            << QByteArray("POST") << QByteArray("/v1/chat/completions") << QByteArray("sk-test")
            << QByteArray(R"({"model":"m","max_tokens":2,"messages":[{"role":"user","content":"a b c"}]})")
            << 200 << QStringLiteral("chat.completion");
        QTest::newRow("wrong-key") << QByteArray("GET") << QByteArray("/v1/models") << QByteArray("sk-wrong")
                                   << QByteArray() << 401 << QStringLiteral("invalid_api_key");
        QTest::newRow("bad-json") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                                  << QByteArray("sk-test") << QByteArray("{not json") << 400
                                  << QStringLiteral("invalid_request_error");
        QTest::newRow("unknown-path")
            << QByteArray("GET") << QByteArray("/v1/nothing") << QByteArray("sk-test") << QByteArray() << 404
            << QStringLiteral("unknown_url");
    }

    void fakeServerEndpoints()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, check);

        UpstreamRequest r;
        r.method = method.toStdString();
        r.url = m_server->baseUrl().toStdString() + path.toStdString();
        r.headers.add("Authorization", "Bearer " + key.toStdString());
        r.headers.add("Content-Type", "application/json");
        r.body = body;
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, status);
        const QJsonObject json = e.json();
        if (status != 200) {
            const QJsonObject error = json["error"].toObject();
            QVERIFY(error.contains("message") && error.contains("param"));
            QVERIFY(error["code"].toString() == check || error["type"].toString() == check);
            QVERIFY(!e.body.contains("sk-wrong")); // a rejected key is never echoed
            return;
        }
        QCOMPARE(json["object"].toString(), check);
        if (QTest::currentDataTag() == QByteArray("models")) {
            const QJsonArray data = json["data"].toArray();
            QCOMPARE(data.size(), 2);
            QCOMPARE(data.at(0).toObject()["id"].toString(), QStringLiteral("gpt-4o-mini"));
        } else if (QTest::currentDataTag() == QByteArray("embeddings")) {
            const QJsonArray data = json["data"].toArray();
            QCOMPARE(data.size(), 2);
            const QJsonArray vector = data.at(1).toObject()["embedding"].toArray();
            QCOMPARE(vector.size(), 8);
            const QList<float> expected = FakeOpenAiServer::embeddingFor("c d e");
            for (int k = 0; k < 8; ++k)
                QCOMPARE(float(vector.at(k).toDouble()), expected[k]);
            QCOMPARE(json["usage"].toObject()["prompt_tokens"].toInt(), 5);
        } else if (QTest::currentDataTag() == QByteArray("tool-call")) {
            const QJsonObject choice = json["choices"].toArray().at(0).toObject();
            QCOMPARE(choice["finish_reason"].toString(), QStringLiteral("tool_calls"));
            const QJsonObject message = choice["message"].toObject();
            QVERIFY(message["content"].isNull());
            const QJsonObject callObject = message["tool_calls"].toArray().at(0).toObject();
            QVERIFY(callObject["id"].toString().startsWith("call_"));
            QCOMPARE(callObject["function"].toObject()["name"].toString(), QStringLiteral("lookup"));
            QCOMPARE(callObject["function"].toObject()["arguments"].toString(), QStringLiteral("{}"));
        } else if (QTest::currentDataTag() == QByteArray("max-tokens")) {
            const QJsonObject choice = json["choices"].toArray().at(0).toObject();
            QCOMPARE(choice["finish_reason"].toString(), QStringLiteral("length"));
            QCOMPARE(choice["message"].toObject()["content"].toString(), QStringLiteral("alpha says:"));
            QCOMPARE(json["usage"].toObject()["completion_tokens"].toInt(), 2);
        }
    }

    void concurrentRequestsAndKeepAlive()
    {
        constexpr int kConcurrent = 100;
        std::vector<Exchange> exchanges(kConcurrent);
        for (int i = 0; i < kConcurrent; ++i)
            m_client->start(chatRequest(*m_server, chatBody("request " + QByteArray::number(i))),
                            recordInto(exchanges[i]));
        QCOMPARE(m_client->activeCalls(), kConcurrent);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(exchanges.begin(), exchanges.end(), [](const Exchange& e) { return e.done(); }),
            kWait * 2);
        for (int i = 0; i < kConcurrent; ++i) {
            QCOMPARE(exchanges[i].outcome.failure, UpstreamFailure::None);
            QCOMPARE(exchanges[i].status, 200);
            QCOMPARE(exchanges[i]
                         .json()["choices"]
                         .toArray()
                         .at(0)
                         .toObject()["message"]
                         .toObject()["content"]
                         .toString(),
                     QStringLiteral("alpha says: request %1").arg(i));
        }
        QCOMPARE(m_server->requestCount(), kConcurrent);
        QCOMPARE(m_client->activeCalls(), 0);

        // Sequential requests reuse the pooled connections instead of opening new ones.
        const int connectionsBefore = m_server->connectionCount();
        constexpr int kSequential = 20;
        int reusedConnections = 0;
        for (int i = 0; i < kSequential; ++i) {
            Exchange e;
            m_client->start(chatRequest(*m_server, chatBody("again")), recordInto(e));
            QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
            QCOMPARE(e.outcome.failure, UpstreamFailure::None);
            if (e.outcome.connectUs == 0)
                ++reusedConnections;
        }
        QCOMPARE(m_server->requestCount(), kConcurrent + kSequential);
        QVERIFY2(m_server->connectionCount() - connectionsBefore <= 1,
                 qPrintable(QString::number(m_server->connectionCount() - connectionsBefore)));
        QVERIFY(reusedConnections >= kSequential - 1);
    }

    void sequentialRequestsShareOneConnection()
    {
        for (int i = 0; i < 10; ++i) {
            Exchange e;
            m_client->start(chatRequest(*m_server, chatBody("seq")), recordInto(e));
            QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
            QCOMPARE(e.outcome.failure, UpstreamFailure::None);
            if (i == 0)
                QVERIFY(e.outcome.connectUs > 0);
            else
                QCOMPARE(e.outcome.connectUs, std::int64_t(0));
        }
        QCOMPARE(m_server->connectionCount(), 1);
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        UpstreamRequest r;
        r.method = "GET";
        r.url = "http://127.0.0.1:" + std::to_string(port) + "/v1/models";
        r.headers.add("Authorization", "Bearer sk-secret-value");
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Connect);
        QCOMPARE(e.outcome.status, 0);
        QCOMPARE(e.headCalls, 0);
        QVERIFY(!e.outcome.message.empty());
        QVERIFY(e.outcome.message.find("sk-secret-value") == std::string::npos);
        QCOMPARE(upstreamFailureName(e.outcome.failure), "connect");
    }

    void hangGivesFirstByteTimeout()
    {
        m_server->enqueueBehaviour(FakeBehaviour::hang());
        auto request = chatRequest(*m_server, chatBody("anyone?"));
        request.timeouts.firstByteMs = 300;
        Exchange e;
        QElapsedTimer clock;
        clock.start();
        m_client->start(std::move(request), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::FirstByteTimeout);
        QVERIFY(isTimeout(e.outcome.failure));
        QVERIFY(clock.elapsed() >= 290);
        QCOMPARE(e.headCalls, 0);
        QCOMPARE(e.outcome.status, 0);
        // The abandoned request's connection is closed, which the provider notices.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->abandonedResponses(), 1, kWait);
        QCOMPARE(m_client->activeCalls(), 0);
    }

    void slowFirstByteWithinLimitSucceeds()
    {
        m_server->enqueueBehaviour(FakeBehaviour::slowFirstByte(150));
        auto request = chatRequest(*m_server, chatBody("patience"));
        request.timeouts.firstByteMs = 3000;
        request.timeouts.idleMs = 100; // idle only starts with the first byte
        Exchange e;
        m_client->start(std::move(request), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QVERIFY(e.outcome.firstByteUs >= 140'000);
    }

    void stallMidBodyGivesIdleTimeout()
    {
        // Headers and the first event arrive at once, the second one far too late.
        m_server->enqueueBehaviour(FakeBehaviour::eventDelay(5000));
        auto request = chatRequest(*m_server, chatBody("stall here", true));
        request.timeouts.idleMs = 300;
        Exchange e;
        m_client->start(std::move(request), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::IdleTimeout);
        QCOMPARE(e.outcome.status, 200);
        QCOMPARE(e.headCalls, 1);
        QVERIFY(e.bodyCalls >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->abandonedResponses(), 1, kWait);
    }

    void slowButSteadyStreamIsNotIdle()
    {
        // Gaps of 60 ms under an idle limit of 400 ms, for longer than the limit in total.
        m_server->setEventDelayMs(60);
        auto request = chatRequest(*m_server, chatBody("a b c d e f g h i j", true));
        request.timeouts.idleMs = 400;
        Exchange e;
        m_client->start(std::move(request), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QVERIFY(e.outcome.totalUs >= 400'000);
    }

    void totalTimeout()
    {
        m_server->setEventDelayMs(100);
        auto request = chatRequest(*m_server, chatBody("a b c d e f g h i j k l m n o p q r s t", true));
        request.timeouts.idleMs = 2000;
        request.timeouts.totalMs = 500;
        Exchange e;
        m_client->start(std::move(request), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::TotalTimeout);
        QCOMPARE(e.outcome.status, 200);
        QVERIFY(e.bodyCalls >= 1);
        QVERIFY(!e.outcome.message.empty());
    }

    void resetMidStreamIsTransport()
    {
        m_server->enqueueBehaviour(FakeBehaviour::resetMidStream(2));
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("cut me off", true)), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Transport);
        QCOMPARE(e.outcome.status, 200);
        QCOMPARE(e.headCalls, 1);
        QVERIFY(!e.body.contains("[DONE]"));
    }

    void resetMidBodyIsTransport()
    {
        m_server->enqueueBehaviour(FakeBehaviour::resetMidStream(0));
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("half a body")), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Transport);
        QCOMPARE(e.outcome.status, 200);
    }

    void resetBeforeResponseIsTransport()
    {
        m_server->enqueueBehaviour(FakeBehaviour::resetBeforeResponse());
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("reset")), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Transport);
        QCOMPARE(e.outcome.status, 0);
        QCOMPARE(e.headCalls, 0);
    }

    void errorStatusesAreResponses()
    {
        m_server->enqueueBehaviour(FakeBehaviour::statusCode(429, 7));
        m_server->enqueueBehaviour(FakeBehaviour::statusCode(500));
        m_server->enqueueBehaviour(FakeBehaviour::statusCode(503, -1, R"({"error":{"message":"custom"}})"));

        Exchange limited;
        m_client->start(chatRequest(*m_server, chatBody("one")), recordInto(limited));
        QTRY_VERIFY_WITH_TIMEOUT(limited.done(), kWait);
        QCOMPARE(limited.outcome.failure, UpstreamFailure::None);
        QCOMPARE(limited.outcome.status, 429);
        QCOMPARE(limited.status, 429);
        QCOMPARE(header(limited, "Retry-After"), QByteArray("7"));
        QCOMPARE(limited.json()["error"].toObject()["code"].toString(),
                 QStringLiteral("rate_limit_exceeded"));

        Exchange failed;
        m_client->start(chatRequest(*m_server, chatBody("two")), recordInto(failed));
        QTRY_VERIFY_WITH_TIMEOUT(failed.done(), kWait);
        QCOMPARE(failed.outcome.failure, UpstreamFailure::None);
        QCOMPARE(failed.status, 500);
        QVERIFY(!failed.headers.contains("retry-after"));
        QCOMPARE(failed.json()["error"].toObject()["type"].toString(), QStringLiteral("server_error"));

        Exchange custom;
        m_client->start(chatRequest(*m_server, chatBody("three")), recordInto(custom));
        QTRY_VERIFY_WITH_TIMEOUT(custom.done(), kWait);
        QCOMPARE(custom.status, 503);
        QCOMPARE(custom.body, QByteArray(R"({"error":{"message":"custom"}})"));

        // The FIFO is drained: the default behaviour answers again.
        Exchange normal;
        m_client->start(chatRequest(*m_server, chatBody("four")), recordInto(normal));
        QTRY_VERIFY_WITH_TIMEOUT(normal.done(), kWait);
        QCOMPARE(normal.status, 200);
    }

    void garbageIsDeliveredAsIs()
    {
        m_server->enqueueBehaviour(FakeBehaviour::garbage());
        Exchange e;
        m_client->start(chatRequest(*m_server, chatBody("x")), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QJsonParseError error;
        QJsonDocument::fromJson(e.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    void cancelInsideOnBody()
    {
        m_server->setEventDelayMs(30);
        Exchange e;
        std::shared_ptr<UpstreamCall> call;
        UpstreamHandlers handlers = recordInto(e);
        auto record = handlers.onBody;
        handlers.onBody = [&](std::string_view bytes) {
            record(bytes);
            call->cancel();
            call->cancel(); // twice is harmless
        };
        call =
            m_client->start(chatRequest(*m_server, chatBody("a b c d e f g h", true)), std::move(handlers));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->abandonedResponses(), 1, kWait);
        QTest::qWait(150);
        QCOMPARE(e.bodyCalls, 1);
        QCOMPARE(e.completeCalls, 0);
        QCOMPARE(m_client->activeCalls(), 0);
        call->pause(); // no effect on a cancelled call
        call->resume();

        // The client keeps working after a cancellation from inside a callback.
        m_server->setEventDelayMs(0);
        Exchange next;
        m_client->start(chatRequest(*m_server, chatBody("still fine")), recordInto(next));
        QTRY_VERIFY_WITH_TIMEOUT(next.done(), kWait);
        QCOMPARE(next.status, 200);
    }

    void cancelInsideOnHead()
    {
        Exchange e;
        std::shared_ptr<UpstreamCall> call;
        UpstreamHandlers handlers = recordInto(e);
        auto record = handlers.onHead;
        handlers.onHead = [&](int status, const HttpHeaders& headers) {
            record(status, headers);
            call->cancel();
        };
        call = m_client->start(chatRequest(*m_server, chatBody("head only")), std::move(handlers));
        QTRY_COMPARE_WITH_TIMEOUT(e.headCalls, 1, kWait);
        QTest::qWait(100);
        QCOMPARE(e.bodyCalls, 0);
        QCOMPARE(e.completeCalls, 0);
        QCOMPARE(m_client->activeCalls(), 0);
    }

    void cancelFromOutside()
    {
        m_server->enqueueBehaviour(FakeBehaviour::hang());
        Exchange e;
        auto call = m_client->start(chatRequest(*m_server, chatBody("never mind")), recordInto(e));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 1, kWait);
        call->cancel();
        QCOMPARE(m_client->activeCalls(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->abandonedResponses(), 1, kWait);
        QTest::qWait(50);
        QCOMPARE(e.headCalls + e.bodyCalls + e.completeCalls, 0);
    }

    void cancelAnotherCallFromACallback()
    {
        // Call B is cancelled from call A's onBody, i.e. while curl runs A's callbacks.
        m_server->setEventDelayMs(20);
        Exchange a;
        Exchange b;
        std::shared_ptr<UpstreamCall> callB;
        UpstreamHandlers handlers = recordInto(a);
        auto record = handlers.onBody;
        handlers.onBody = [&](std::string_view bytes) {
            record(bytes);
            if (callB)
                callB->cancel();
        };
        callB =
            m_client->start(chatRequest(*m_server, chatBody("b b b b b b b b b b b", true)), recordInto(b));
        m_client->start(chatRequest(*m_server, chatBody("a", true)), std::move(handlers));
        QTRY_VERIFY_WITH_TIMEOUT(a.done(), kWait);
        QCOMPARE(a.outcome.failure, UpstreamFailure::None);
        QTest::qWait(100);
        QCOMPARE(b.completeCalls, 0);
        QVERIFY(!b.body.contains("[DONE]"));
        QCOMPARE(m_client->activeCalls(), 0);
    }

    void startFromInsideCallbacks()
    {
        // A call started from onBody joins once curl has returned; one started from onComplete
        // joins directly. Both must finish normally.
        Exchange first;
        Exchange fromBody;
        Exchange fromComplete;
        bool startedFromBody = false;
        UpstreamHandlers handlers = recordInto(first);
        auto onBody = handlers.onBody;
        auto onComplete = handlers.onComplete;
        handlers.onBody = [&](std::string_view bytes) {
            onBody(bytes);
            if (!startedFromBody) {
                startedFromBody = true;
                m_client->start(chatRequest(*m_server, chatBody("from body")), recordInto(fromBody));
            }
        };
        handlers.onComplete = [&](const UpstreamOutcome& outcome) {
            onComplete(outcome);
            m_client->start(chatRequest(*m_server, chatBody("from complete")), recordInto(fromComplete));
        };
        m_client->start(chatRequest(*m_server, chatBody("first", true)), std::move(handlers));
        QTRY_VERIFY_WITH_TIMEOUT(first.done() && fromBody.done() && fromComplete.done(), kWait);
        QCOMPARE(first.outcome.failure, UpstreamFailure::None);
        QCOMPARE(fromBody.status, 200);
        QCOMPARE(fromComplete.status, 200);
        QCOMPARE(
            fromBody.json()["choices"].toArray().at(0).toObject()["message"].toObject()["content"].toString(),
            QStringLiteral("alpha says: from body"));
    }

    void pauseAndResume()
    {
        m_server->setEventDelayMs(10);
        Exchange e;
        std::shared_ptr<UpstreamCall> call;
        UpstreamHandlers handlers = recordInto(e);
        auto record = handlers.onBody;
        handlers.onBody = [&](std::string_view bytes) {
            record(bytes);
            if (e.bodyCalls == 1)
                call->pause();
        };
        auto request = chatRequest(*m_server, chatBody("w1 w2 w3 w4 w5 w6 w7 w8", true));
        request.timeouts.idleMs = 200;
        call = m_client->start(std::move(request), std::move(handlers));
        QTRY_COMPARE_WITH_TIMEOUT(e.bodyCalls, 1, kWait);
        // Paused for longer than the idle limit: neither more data nor an idle timeout.
        QTest::qWait(600);
        QCOMPARE(e.bodyCalls, 1);
        QCOMPARE(e.completeCalls, 0);
        QCOMPARE(m_client->activeCalls(), 1);
        call->resume();
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QVERIFY(e.body.endsWith("data: [DONE]\n\n"));
        QString text;
        const QList<QByteArray> payloads = ssePayloads(e.body);
        for (qsizetype i = 0; i + 1 < payloads.size(); ++i) {
            const QJsonArray choices = QJsonDocument::fromJson(payloads[i]).object()["choices"].toArray();
            text += choices.at(0).toObject()["delta"].toObject()["content"].toString();
        }
        QCOMPARE(text, FakeOpenAiServer::replyText("alpha", "w1 w2 w3 w4 w5 w6 w7 w8"));
    }

    void destroyingTheClientCancelsCalls()
    {
        m_server->setDefaultBehaviour(FakeBehaviour::hang());
        Exchange e[3];
        std::shared_ptr<UpstreamCall> calls[3];
        for (int i = 0; i < 3; ++i)
            calls[i] = m_client->start(chatRequest(*m_server, chatBody("x")), recordInto(e[i]));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 3, kWait);
        m_client.reset();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->abandonedResponses(), 3, kWait);
        for (auto& call : calls) {
            call->cancel(); // the client is gone: a no-op, not a crash
            call->resume();
        }
        QTest::qWait(50);
        for (const Exchange& x : e)
            QCOMPARE(x.headCalls + x.bodyCalls + x.completeCalls, 0);
    }

    void interimResponseAndChunkedBodyFromRawServer()
    {
        // A 100 Continue before the real head, odd chunk boundaries split across writes, and a
        // trailer field that must not show up as a header.
        ScriptedServer raw({
            {0, "HTTP/1.1 100 Continue\r\n\r\n"},
            {10, "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-Folded: first\r\n  second\r\n"
                 "Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n5\r\nhel"},
            {20, "lo\r\n7\r\n, world\r\n"},
            {20, "0\r\nX-Checksum: abc\r\n\r\n"},
        });
        UpstreamRequest r;
        r.method = "PUT";
        r.url = raw.url("/things/1");
        r.body = "payload";
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.headCalls, 1);
        QCOMPARE(e.status, 201);
        QCOMPARE(e.body, QByteArray("hello, world"));
        QVERIFY(e.bodyCalls >= 2);
        QCOMPARE(header(e, "x-folded"), QByteArray("first second"));
        QVERIFY(!e.headers.contains("x-checksum"));
        QVERIFY(raw.lastRequestHead().startsWith("PUT /things/1 HTTP/1.1"));
    }

    void gzipBodyIsDecoded()
    {
        const QByteArray gzip = QByteArray::fromHex(
            "1f8b0800000000000203ab56cacb2f4955b2524acecf2d284a2d2e4e4d512828ca2fcb4c492d5248cc2b2e0752a352a3"
            "52a352a35258a5946a010a80521743040000");
        const QByteArray expected =
            "{\"note\":\"" + QByteArray("compressed provider answer ").repeated(40) + "\"}";
        ScriptedServer raw({
            {0, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: "
                "gzip\r\nContent-Length: " +
                    QByteArray::number(gzip.size()) + "\r\n\r\n" + gzip},
        });
        Exchange e;
        get(raw.url("/v1/models"), e);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.body, expected);
        QVERIFY(raw.lastRequestHead().toLower().contains("accept-encoding: "));
    }

    void truncatedBodyIsTransport()
    {
        ScriptedServer raw({
            {0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part", true},
        });
        Exchange e;
        get(raw.url(), e);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Transport);
        QCOMPARE(e.outcome.status, 200);
        QCOMPARE(e.body, QByteArray("only a part"));
    }

    void headerValuesNeverLeakIntoMessages()
    {
        // A header value with a line break would inject a header; it is dropped, not sent.
        UpstreamRequest r = chatRequest(*m_server, chatBody("inject"));
        r.headers.add("X-Bad", "value\r\nX-Injected: yes");
        QTest::ignoreMessage(QtWarningMsg,
                             "dropping an upstream request header with an invalid name or value");
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.status, 200);
        QVERIFY(m_server->lastRequest().header("x-injected").isEmpty());
        QVERIFY(m_server->lastRequest().header("x-bad").isEmpty());
    }

    void requestOfAPassLeavesAtItsEnd()
    {
        if (qEnvironmentVariable("TOLLGATE_UPSTREAM_CLIENT") == QLatin1String("curl"))
            QSKIP("curl sends from its own multi handle; only the HTTP/1.1 driver holds requests");
        // A plain listening socket, so the test sees exactly when bytes reach the server.
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        QVERIFY(::listen(listener, 4) == 0);
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/v1/models";
        int peer = -1;
        auto cleanup = qScopeGuard([&] {
            if (peer >= 0)
                ::close(peer);
            ::close(listener);
        });
        auto readRequest = [&peer] {
            QByteArray got;
            char buffer[4096];
            for (ssize_t n; (n = ::recv(peer, buffer, sizeof buffer, MSG_DONTWAIT)) > 0;)
                got.append(buffer, n);
            return got;
        };

        // The first call opens the connection the second finds in the pool.
        UpstreamRequest r;
        r.method = "GET";
        r.url = url;
        Exchange first;
        m_client->start(r, recordInto(first));
        QTRY_VERIFY_WITH_TIMEOUT((peer = peer >= 0 ? peer : ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0,
                                 kWait);
        QByteArray head;
        QTRY_VERIFY_WITH_TIMEOUT((head += readRequest()).contains("\r\n\r\n"), kWait);
        static const char kAnswer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        QVERIFY(::send(peer, kAnswer, sizeof kAnswer - 1, 0) == ssize_t(sizeof kAnswer - 1));
        QTRY_VERIFY_WITH_TIMEOUT(first.done(), kWait);
        QCOMPARE(first.body, QByteArray("{}"));

        Exchange second;
        {
            PassFlush::Scope pass;
            m_client->start(r, recordInto(second));
            char byte;
            QCOMPARE(::recv(peer, &byte, 1, MSG_PEEK | MSG_DONTWAIT), ssize_t(-1)); // held to the end
        }
        head = readRequest(); // written when the pass ended, before the loop ran again
        QVERIFY2(head.startsWith("GET /v1/models HTTP/1.1\r\n") && head.endsWith("\r\n\r\n"), head.constData());
        QVERIFY(::send(peer, kAnswer, sizeof kAnswer - 1, 0) == ssize_t(sizeof kAnswer - 1));
        QTRY_VERIFY_WITH_TIMEOUT(second.done(), kWait);
        QCOMPARE(second.outcome.failure, UpstreamFailure::None);
        QCOMPARE(second.body, QByteArray("{}"));
    }

    void staleKeepAliveConnectionIsRetriedOnce()
    {
        // The second request goes out on the pooled connection, which the server drops without
        // answering (its idle timeout raced the request): it is sent again on a new connection.
        OneRequestPerConnectionServer server;
        for (int i = 0; i < 3; ++i) {
            Exchange e;
            get(server.url(), e);
            QCOMPARE(e.outcome.failure, UpstreamFailure::None);
            QCOMPARE(e.status, 200);
            QCOMPARE(e.body, QByteArray("{}"));
        }
        QCOMPARE(server.answered(), 3);
        QCOMPARE(server.connections(), 3);
    }

    void idleConnectionClosedByServerIsNotReused()
    {
        // "Connection: close" answers and closes; the next request opens a new connection.
        ScriptedServer raw({
            {0, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst", true},
        });
        for (int i = 0; i < 2; ++i) {
            Exchange e;
            get(raw.url("/v1/models"), e);
            QCOMPARE(e.outcome.failure, UpstreamFailure::None);
            QCOMPARE(e.body, QByteArray("first"));
            QTest::qWait(50); // the close reaches the pooled connection
        }
    }

    void responseFramingErrors_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<bool>("headArrives");
        QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                      "zz\r\nhello\r\n0\r\n\r\n")
                                        << true;
        QTest::newRow("chunk longer than its size")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n") << true;
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << false;
        QTest::newRow("unknown coding")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: x-unknown\r\nContent-Length: 4\r\n\r\nabcd")
            << false;
        QTest::newRow("head too large")
            << QByteArray("HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(300 * 1024, 'a') + "\r\nContent-Length: 0\r\n\r\n")
            << false;
    }

    void responseFramingErrors()
    {
        // A provider that lies about its framing ends the call as a transport failure, never as
        // a complete answer.
        QFETCH(QByteArray, response);
        QFETCH(bool, headArrives);
        ScriptedServer raw({{0, response}});
        Exchange e;
        get(raw.url("/v1/models"), e);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Transport);
        QVERIFY(!e.outcome.message.empty());
        if (headArrives)
            QCOMPARE(e.headCalls, 1);
        QCOMPARE(m_client->activeCalls(), 0);
    }

    void closeDelimitedBodyIsComplete()
    {
        // No Content-Length and no chunking: the body ends when the server closes.
        ScriptedServer raw({
            {0, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\npart one, "},
            {20, "part two", true},
        });
        Exchange e;
        get(raw.url("/v1/models"), e);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QCOMPARE(e.body, QByteArray("part one, part two"));
    }

    void noContentHasNoBody()
    {
        // 204 ends at its head even on a kept-alive connection, and the connection serves the next.
        ScriptedServer raw({
            {0, "HTTP/1.1 204 No Content\r\nX-Id: 1\r\n\r\n"},
        });
        UpstreamRequest r;
        r.method = "DELETE";
        r.url = raw.url("/v1/files/1");
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 204);
        QVERIFY(e.body.isEmpty());
        QCOMPARE(header(e, "x-id"), QByteArray("1"));
        QVERIFY(raw.lastRequestHead().startsWith("DELETE /v1/files/1 HTTP/1.1"));
    }

    void hostNameIsResolved()
    {
        UpstreamRequest r = chatRequest(*m_server, chatBody("by name"));
        const std::string prefix = "http://127.0.0.1:";
        QVERIFY(r.url.compare(0, prefix.size(), prefix) == 0);
        r.url = "http://localhost:" + r.url.substr(prefix.size());
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QVERIFY(m_server->lastRequest().header("host").startsWith("localhost:"));
    }

    void unresolvableHostIsConnectFailure()
    {
        UpstreamRequest r;
        r.method = "GET";
        r.url = "http://no-such-host.invalid/v1/models";
        r.timeouts.connectMs = 5000;
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QCOMPARE(e.completeCalls, 0);
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Connect);
        QCOMPARE(e.headCalls, 0);
    }

    // The provider moves: its name now gives another address, and the old one refuses. Once every
    // kept address has refused, the name is looked up again rather than failing for the rest of
    // the minute the answer is kept.
    void movedHostIsLookedUpAgain()
    {
        if (usesCurl())
            QSKIP("curl resolves host names itself; HostLookups serves the HTTP/1.1 driver");
        auto names = installFakeNames();
        names->point({"127.0.0.1"});
        const quint16 port = m_server->port();
        Exchange first;
        m_client->start(byName(chatRequest(*m_server, chatBody("before"))), recordInto(first));
        QTRY_VERIFY_WITH_TIMEOUT(first.done(), kWait);
        QCOMPARE(first.status, 200);
        QCOMPARE(names->lookups.load(), 1);

        FakeOpenAiServer moved(QStringLiteral("beta"));
        moved.setApiKey("sk-test");
        QVERIFY(moved.listen(QHostAddress(QStringLiteral("127.0.0.2")), port));
        UpstreamRequest second = byName(chatRequest(*m_server, chatBody("after")));
        m_server.reset(); // the old address refuses; its idle connection closes
        names->point({"127.0.0.2"});
        QTest::qWait(1100); // a kept answer is looked up again when it is at least a second old

        Exchange e;
        m_client->start(std::move(second), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::None);
        QCOMPARE(e.status, 200);
        QCOMPARE(moved.requestCount(), 1);
        QCOMPARE(names->lookups.load(), 2);
    }

    // While a provider is down, its fresh answer is not asked for again on every request.
    void downHostIsNotLookedUpOnEveryRequest()
    {
        if (usesCurl())
            QSKIP("curl resolves host names itself; HostLookups serves the HTTP/1.1 driver");
        auto names = installFakeNames();
        names->point({"127.0.0.3"}); // nothing listens there
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 5; ++i) {
            Exchange e;
            m_client->start(byName(chatRequest(*m_server, chatBody("x"))), recordInto(e));
            QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
            QCOMPARE(e.outcome.failure, UpstreamFailure::Connect);
            QVERIFY2(e.outcome.message.find("refused") != std::string::npos, e.outcome.message.c_str());
        }
        // One lookup, and on a machine slow enough to take seconds, at most one more a second.
        QVERIFY2(names->lookups.load() <= 1 + clock.elapsed() / 1000, qPrintable(QString::number(names->lookups.load())));
    }

    // Calls that need the same name while it is being looked up wait for that one lookup.
    void concurrentCallsShareOneLookup()
    {
        if (usesCurl())
            QSKIP("curl resolves host names itself; HostLookups serves the HTTP/1.1 driver");
        auto names = installFakeNames();
        names->point({"127.0.0.1"});
        names->delayMs = 100;
        constexpr int kCalls = 20;
        Exchange e[kCalls];
        for (Exchange& x : e)
            m_client->start(byName(chatRequest(*m_server, chatBody("together"))), recordInto(x));
        for (const Exchange& x : e) {
            QTRY_VERIFY_WITH_TIMEOUT(x.done(), kWait);
            QCOMPARE(x.status, 200);
        }
        QCOMPARE(names->lookups.load(), 1);
    }

    // A lookup that ends after the client is gone delivers nothing.
    void lookupOutlivingTheClientIsDropped()
    {
        if (usesCurl())
            QSKIP("curl resolves host names itself; HostLookups serves the HTTP/1.1 driver");
        auto names = installFakeNames();
        names->point({"127.0.0.1"});
        names->delayMs = 200;
        Exchange e;
        m_client->start(byName(chatRequest(*m_server, chatBody("late"))), recordInto(e));
        QTest::qWait(20);
        m_client.reset();
        QTRY_COMPARE_WITH_TIMEOUT(names->lookups.load(), 1, kWait);
        QTest::qWait(400);
        QCOMPARE(e.headCalls + e.bodyCalls + e.completeCalls, 0);
        QCOMPARE(m_server->requestCount(), 0);
    }

    void malformedUrlFailsAsynchronously()
    {
        UpstreamRequest r;
        r.method = "GET";
        r.url = "ftp://example.invalid/file";
        Exchange e;
        m_client->start(std::move(r), recordInto(e));
        QCOMPARE(e.completeCalls, 0); // never from inside start()
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
        QCOMPARE(e.outcome.failure, UpstreamFailure::Connect);
    }

private:
    static bool usesCurl()
    {
        return qEnvironmentVariable("TOLLGATE_UPSTREAM_CLIENT") == QLatin1String("curl");
    }

    // The request, addressed to provider.test instead of 127.0.0.1.
    static UpstreamRequest byName(UpstreamRequest r)
    {
        const std::string prefix = "http://127.0.0.1:";
        Q_ASSERT(r.url.compare(0, prefix.size(), prefix) == 0);
        r.url = "http://provider.test:" + r.url.substr(prefix.size());
        return r;
    }

    // GET `url` and wait until the call is over.
    void get(const std::string& url, Exchange& e)
    {
        UpstreamRequest r;
        r.method = "GET";
        r.url = url;
        m_client->start(std::move(r), recordInto(e));
        QTRY_VERIFY_WITH_TIMEOUT(e.done(), kWait);
    }

    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<UpstreamClient> m_client;
};

// TOLLGATE_TEST_DISPATCHER=epoll runs everything on the dispatcher of the gateway's worker threads,
// which holds the writes of each pass to its end.
int main(int argc, char** argv)
{
    if (qEnvironmentVariable("TOLLGATE_TEST_DISPATCHER") == QLatin1String("epoll"))
        QCoreApplication::setEventDispatcher(new tollgate::http::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestUpstreamClient test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_upstreamclient.moc"

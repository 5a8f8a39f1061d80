#include "http/httpserver.h"

#include "http/epolldispatcher.h"

#include <QAbstractEventDispatcher>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QtTest>

#include <QSocketNotifier>

#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tollgate::http;

namespace {

// Spins the event loop (the server lives on this thread too) until cond() holds or time runs out.
bool waitUntil(const std::function<bool()>& cond, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QTimer tick; // guarantees a wake-up even when nothing else happens
    tick.start(10);
    while (!cond()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

struct ClientResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray& name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

// Parses one response from the front of buf. Returns the bytes it spans, or 0 if incomplete.
qsizetype parseResponse(const QByteArray& buf, bool headRequest, bool closed, ClientResponse& out)
{
    const qsizetype headEnd = buf.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return 0;
    const QList<QByteArray> lines = buf.left(headEnd).split('\n');
    const QList<QByteArray> statusParts = lines.first().trimmed().split(' ');
    if (statusParts.size() < 2 || !statusParts[0].startsWith("HTTP/1."))
        return -1;
    out = ClientResponse();
    out.status = statusParts[1].toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            out.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    qsizetype pos = headEnd + 4;
    if (out.status / 100 == 1 || out.status == 204 || out.status == 304 || headRequest)
        return pos;
    if (out.header("Transfer-Encoding").compare("chunked", Qt::CaseInsensitive) == 0) {
        // Scan for completeness first, so waiting on a large body does not copy it again and again.
        QList<QPair<qsizetype, qsizetype>> chunks;
        for (;;) {
            const qsizetype eol = buf.indexOf("\r\n", pos);
            if (eol < 0)
                return 0;
            bool ok = false;
            const qint64 size = buf.mid(pos, eol - pos).split(';').first().toLongLong(&ok, 16);
            if (!ok)
                return -1;
            pos = eol + 2;
            if (size == 0) {
                if (buf.size() < pos + 2)
                    return 0;
                break;
            }
            if (buf.size() < pos + size + 2)
                return 0;
            chunks.append({pos, size});
            pos += size + 2;
        }
        for (const auto& chunk : chunks)
            out.body.append(buf.constData() + chunk.first, chunk.second);
        return pos + 2;
    }
    if (out.hasHeader("Content-Length")) {
        const qsizetype length = out.header("Content-Length").toLongLong();
        if (buf.size() < pos + length)
            return 0;
        out.body = buf.mid(pos, length);
        return pos + length;
    }
    if (!closed)
        return 0;
    out.body = buf.mid(pos);
    return buf.size();
}

// Waits until one whole response is at the front of `buffer` (or the peer closed: `closed`), takes
// it off and returns it; nothing when none came in time.
std::optional<ClientResponse> takeResponse(QByteArray& buffer, const bool& closed, bool headRequest, int timeoutMs)
{
    ClientResponse response;
    qsizetype used = 0;
    qsizetype parsedSize = -1;
    waitUntil(
        [&] {
            if (buffer.size() != parsedSize) {
                parsedSize = buffer.size();
                used = parseResponse(buffer, headRequest, closed, response);
            }
            return used != 0 || closed;
        },
        timeoutMs);
    if (used == 0)
        used = parseResponse(buffer, headRequest, closed, response);
    if (used <= 0)
        return std::nullopt;
    buffer.remove(0, used);
    return response;
}

// A raw HTTP client on a QTcpSocket, driven by the test's event loop.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_buffer += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] { m_closed = true; });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, [this](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError ||
                m_socket.state() == QAbstractSocket::UnconnectedState)
                m_closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected(int timeoutMs = 5000)
    {
        return waitUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_closed; },
                         timeoutMs) &&
               m_socket.state() == QAbstractSocket::ConnectedState;
    }

    void send(const QByteArray& bytes) { m_socket.write(bytes); }

    std::optional<ClientResponse> readResponse(int timeoutMs = 5000, bool headRequest = false)
    {
        return takeResponse(m_buffer, m_closed, headRequest, timeoutMs);
    }

    bool waitForData(const QByteArray& needle, int timeoutMs = 5000)
    {
        return waitUntil([&] { return m_buffer.contains(needle); }, timeoutMs);
    }

    bool waitClosed(int timeoutMs = 5000)
    {
        return waitUntil([this] { return m_closed; }, timeoutMs);
    }

    void abort() { m_socket.abort(); }
    void close() { m_socket.disconnectFromHost(); }
    bool closed() const { return m_closed; }
    QByteArray& buffer() { return m_buffer; }
    QTcpSocket& socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_closed = false;
};

// Bytes whose every 16-byte record carries its own index, so a lost, repeated or reordered piece
// shows: the first `size` bytes of one endless sequence.
QByteArray pattern(qint64 size)
{
    static QByteArray cache;
    if (cache.size() < size) {
        const qint64 records = (size + 15) / 16;
        QByteArray bytes(records * 16, Qt::Uninitialized);
        for (qint64 r = 0; r < records; ++r) {
            char record[24];
            std::snprintf(record, sizeof record, "%015lld\n", static_cast<long long>(r));
            std::memcpy(bytes.data() + r * 16, record, 16);
        }
        cache = bytes;
    }
    return cache.left(size);
}

// A client on a plain non-blocking socket, for what QTcpSocket does not do: stop reading while the
// server writes, half-close, reset. Reading is driven by a notifier on the test's event loop.
class PosixClient
{
public:
    // receiveBuffer > 0 shrinks the kernel's receive buffer, so a paused reader backs up sooner.
    explicit PosixClient(quint16 port, int receiveBuffer = 0)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (receiveBuffer > 0)
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this] { pump(); });
    }
    ~PosixClient()
    {
        m_notifier.reset();
        if (m_fd >= 0)
            ::close(m_fd);
    }

    // Sends all of it, letting the event loop (and so the server) run while the kernel is full.
    bool send(const QByteArray& bytes, int timeoutMs = 10'000)
    {
        qsizetype sent = 0;
        return waitUntil(
            [&] {
                while (sent < bytes.size()) {
                    const ssize_t n = ::send(m_fd, bytes.constData() + sent, std::size_t(bytes.size() - sent),
                                             MSG_NOSIGNAL);
                    if (n <= 0)
                        break;
                    sent += n;
                }
                return sent == bytes.size();
            },
            timeoutMs);
    }
    void shutdownWrite() { ::shutdown(m_fd, SHUT_WR); }
    // Closes with a reset instead of a FIN.
    void reset()
    {
        m_notifier.reset();
        const linger lg{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        ::close(m_fd);
        m_fd = -1;
    }
    // Takes up to maxBytes of what the kernel holds for it now, even while paused.
    void readSome(qsizetype maxBytes)
    {
        const bool paused = m_paused;
        m_paused = false;
        pump(maxBytes);
        m_paused = paused;
    }
    // A paused client reads nothing: the kernel buffers fill and the server has to hold the rest.
    void setPaused(bool paused)
    {
        m_paused = paused;
        if (m_notifier)
            m_notifier->setEnabled(!paused && !m_ended);
        if (!paused)
            pump();
    }

    // Parses one response from the front of what arrived, waiting for it.
    std::optional<ClientResponse> readResponse(int timeoutMs = 10'000)
    {
        return takeResponse(m_buffer, m_ended, false, timeoutMs);
    }

    bool waitEnded(int timeoutMs = 5000)
    {
        return waitUntil([this] { return m_ended; }, timeoutMs);
    }
    bool ended() const { return m_ended; }
    bool wasReset() const { return m_wasReset; }
    int fd() const { return m_fd; }
    QByteArray& buffer() { return m_buffer; }

private:
    void pump(qsizetype maxBytes = std::numeric_limits<qsizetype>::max())
    {
        if (m_paused || m_ended || m_fd < 0)
            return;
        char chunk[64 * 1024];
        for (qsizetype taken = 0; taken < maxBytes;) {
            const ssize_t n =
                ::recv(m_fd, chunk, std::size_t(std::min<qsizetype>(sizeof chunk, maxBytes - taken)), 0);
            if (n > 0) {
                m_buffer.append(chunk, n);
                taken += n;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return;
            if (n < 0 && errno == EINTR)
                continue;
            m_wasReset = n < 0;
            m_ended = true;
            m_notifier->setEnabled(false);
            return;
        }
    }

    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QByteArray m_buffer;
    bool m_paused = false;
    bool m_ended = false;
    bool m_wasReset = false;
};

QByteArray get(const QByteArray& target, const QByteArray& extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

// Answers by path: /sync at once, /async?ms=N later, /echo with the body, /stream and /hold are
// kept for the test to drive, /bulk streams a large body with backpressure.
class TestHandler : public RequestHandler
{
public:
    void handle(std::shared_ptr<HttpExchange> exchange) override
    {
        if (beforeHandle)
            beforeHandle();
        ++handled;
        ++inFlight;
        maxInFlight = std::max(maxInFlight, inFlight);
        const HttpRequest& request = exchange->request();
        targets << QByteArray::fromStdString(request.target);
        const std::string_view path = request.path();
        const QByteArray target = QByteArray::fromStdString(request.target);
        const QUrlQuery query(QString::fromLatin1(target.mid(target.indexOf('?') + 1)));

        if (path == "/sync") {
            finish(exchange, 200, "sync " + target);
        } else if (path == "/async") {
            const int ms = query.queryItemValue("ms").toInt();
            QTimer::singleShot(ms, [this, exchange, target] { finish(exchange, 200, "async " + target); });
        } else if (path == "/echo") {
            finish(exchange, 200, request.body);
        } else if (path == "/stream" || path == "/hold") {
            exchange->onClientGone = [this] { ++clientGone; };
            held.push_back(exchange);
            if (path == "/stream") {
                HttpHeaders headers;
                headers.add("Content-Type", "text/event-stream");
                exchange->beginStream(200, std::move(headers));
            }
        } else if (path == "/bulk") {
            startBulk(exchange, query.queryItemValue("bytes").toLongLong());
        } else if (path == "/big") {
            finish(exchange, 200, pattern(query.queryItemValue("bytes").toLongLong()));
        } else if (path == "/bad-header") {
            HttpResponse response;
            response.headers.add("X-Injected", "a\r\nSet-Cookie: evil");
            response.headers.add("X-Fine", "ok");
            response.headers.add("Content-Length", "999");
            // Lines: checked when added, written after the fields.
            lineResults << response.headers.addLine("x-line-one", "1")
                        << response.headers.addLine("x-line bad", "name")
                        << response.headers.addLine("x-line-evil", "a\r\nSet-Cookie: evil")
                        << response.headers.addLine("", "empty name")
                        << response.headers.addLine("x-line-two", "2");
            response.body = "fine";
            --inFlight;
            exchange->respond(std::move(response));
        } else {
            finish(exchange, 404, "not found");
        }
    }

    std::function<void()> beforeHandle; // runs first in every handle()
    QList<bool> lineResults;            // what HttpHeaders::addLine returned for /bad-header

    void finish(const std::shared_ptr<HttpExchange>& exchange, int status, const QByteArray& body)
    {
        --inFlight;
        HttpResponse response;
        response.status = status;
        response.headers.add("Content-Type", "text/plain");
        response.body = body;
        exchange->respond(std::move(response));
    }

    void startBulk(const std::shared_ptr<HttpExchange>& exchange, qint64 total)
    {
        struct Writer
        {
            std::shared_ptr<HttpExchange> exchange;
            qint64 remaining = 0;
            TestHandler* handler = nullptr;
            qint64 total = 0;
            QByteArray all;
            void pump()
            {
                while (remaining > 0 && exchange->isOpen() && exchange->pendingOutputBytes() < 256 * 1024) {
                    const qint64 n = std::min<qint64>(remaining, 64 * 1024);
                    exchange->writeChunk(
                        std::string_view(all.constData() + (total - remaining), std::size_t(n)));
                    remaining -= n;
                    handler->maxPending = std::max(handler->maxPending, exchange->pendingOutputBytes());
                }
                if (remaining == 0 && !exchange->responseFinished()) {
                    --handler->inFlight;
                    exchange->endStream();
                }
            }
        };
        auto writer = std::make_shared<Writer>();
        writer->exchange = exchange;
        writer->remaining = total;
        writer->total = total;
        writer->all = pattern(total);
        writer->handler = this;
        bulkWriter = writer;
        exchange->onClientGone = [this] { ++clientGone; };
        // The callback holds the exchange through the writer: a cycle the server breaks when the
        // exchange finishes.
        exchange->onDrained = [this, writer] {
            ++drained;
            writer->pump();
        };
        exchange->beginStream(200, {});
        writer->pump();
    }

    int handled = 0;
    int inFlight = 0;
    int maxInFlight = 0;
    int clientGone = 0;
    int drained = 0;
    std::int64_t maxPending = 0; // the most a /bulk stream found waiting in the server
    std::shared_ptr<void> bulkWriter;
    QList<QByteArray> targets;
    std::vector<std::shared_ptr<HttpExchange>> held;
};

ServerLimits testLimits()
{
    ServerLimits limits;
    limits.headerTimeoutMs = 10'000;
    limits.bodyTimeoutMs = 10'000;
    limits.idleTimeoutMs = 10'000;
    return limits;
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void keepAliveServesSeveralRequests();
    void pipelinedRequestsAreAnsweredInOrder();
    void manyPipelinedRequestsInOneWrite();
    void answersOfOnePassLeaveAtItsEnd();
    void pipeliningBeyondTheInputCapStillCompletes();
    void connectionCloseIsHonoured();
    void http10ClosesUnlessKeepAlive_data();
    void http10ClosesUnlessKeepAlive();
    void chunkedRequestBody();
    void expectContinueFlow();
    void expectContinueRefusedWith413();
    void endlessHeaderLineGets431();
    void bodyOverLimitGets413_data();
    void bodyOverLimitGets413();
    void hugeBodyIsRefusedWithoutBufferingIt_data();
    void hugeBodyIsRefusedWithoutBufferingIt();
    void slowHeaderTimesOutWith408();
    void slowBodyTimesOutWith408();
    void idleKeepAliveConnectionIsClosed();
    void silentNewConnectionIsClosed();
    void connectionCapClosesExtraConnections();
    void streamArrivesChunkByChunk();
    void streamToHttp10IsCloseDelimited();
    void headRequestGetsNoBody();
    void backpressureReportsDrained();
    void clientDisconnectMidStreamNotifiesOnce();
    void clientDisconnectWhileHandlerWorks();
    void abortCutsTheStream();
    void unsafeResponseHeadersAreDropped();
    void invalidUtf8DoesNotCrash();
    void errorsAreJsonAndServerKeepsServing_data();
    void errorsAreJsonAndServerKeepsServing();
    void destroyingTheServerDetachesExchanges();

    void slowReaderGetsAWholeStreamInOrder();
    void slowReaderGetsAWholeLargeResponseInOrder();
    void peerResetDuringWrite_data();
    void peerResetDuringWrite();
    void halfCloseAfterRequestsStillGetsTheAnswers_data();
    void halfCloseAfterRequestsStillGetsTheAnswers();
    void halfCloseBehindResponsesToASlowReader();
    void finWhileTheRequestIsHandledMeansClientGone();
    void mixedPipelinedRequestsInOneSegment();
    void abortOfACloseDelimitedStreamResets();
    void slowReaderOutlastingTheIdleTimeoutIsNotCut();
    void drainFinishesWhatIsInHandAndClosesTheRest();
    void drainServesARequestAlreadySent();
    void drainClosesAnIdleConnectionAtOnce();

private:
    void startServer(const ServerLimits& limits);
    void verifyStillServing();

    std::unique_ptr<TestHandler> m_handler;
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
};

void TestHttpServer::init()
{
    m_handler = std::make_unique<TestHandler>();
}

void TestHttpServer::cleanup()
{
    m_handler->held.clear();
    m_server.reset();
    m_handler.reset();
}

void TestHttpServer::startServer(const ServerLimits& limits)
{
    m_server = std::make_unique<HttpServer>(m_handler.get(), limits);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_port = m_server->serverPort();
    QVERIFY(m_port != 0);
}

void TestHttpServer::verifyStillServing()
{
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/sync?check=1"));
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("sync /sync?check=1"));
}

void TestHttpServer::keepAliveServesSeveralRequests()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    for (int i = 0; i < 6; ++i) {
        const QByteArray target = (i % 2 ? "/async?ms=5&i=" : "/sync?i=") + QByteArray::number(i);
        client.send(get(target));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, (i % 2 ? "async " : "sync ") + target);
        QCOMPARE(response->header("Connection"), QByteArray("keep-alive"));
        QCOMPARE(response->header("Content-Length"), QByteArray::number(response->body.size()));
        QCOMPARE(response->header("Content-Type"), QByteArray("text/plain"));
        QVERIFY(response->header("Date").endsWith(" GMT"));
    }
    QVERIFY(!client.closed());
    QCOMPARE(m_handler->handled, 6);
    QCOMPARE(m_server->openConnections(), 1);
}

void TestHttpServer::pipelinedRequestsAreAnsweredInOrder()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    // The first answer comes last in time if handled concurrently; order must still hold.
    client.send(get("/async?ms=150&id=1") + get("/async?ms=10&id=2") + get("/sync?id=3"));
    const QList<QByteArray> expected = {"async /async?ms=150&id=1", "async /async?ms=10&id=2",
                                        "sync /sync?id=3"};
    for (const QByteArray& body : expected) {
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, body);
    }
    QCOMPARE(m_handler->handled, 3);
    QCOMPARE(m_handler->maxInFlight, 1); // the next request is parsed only after the response
    QVERIFY(!client.closed());
}

void TestHttpServer::manyPipelinedRequestsInOneWrite()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    QByteArray batch;
    for (int i = 0; i < 300; ++i)
        batch += get("/sync?n=" + QByteArray::number(i));
    client.send(batch);
    for (int i = 0; i < 300; ++i) {
        const auto response = client.readResponse();
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->body, "sync /sync?n=" + QByteArray::number(i));
    }
    QCOMPARE(m_handler->handled, 300);
}

void TestHttpServer::answersOfOnePassLeaveAtItsEnd()
{
    if (qEnvironmentVariable("TOLLGATE_TEST_DISPATCHER") != QLatin1String("epoll"))
        QSKIP("only the workers' dispatcher holds writes to the end of its pass");
    startServer(testLimits());
    PosixClient clients[2] = {PosixClient(m_port), PosixClient(m_port)};
    for (PosixClient& client : clients) { // both accepted and idle
        QVERIFY(client.send(get("/sync?warm=1")));
        QVERIFY(client.readResponse());
        client.setPaused(true);
    }
    // Both requests are in before the loop runs again, so one pass handles both. When the second
    // is handled, the first's answer must still be held: nothing has reached either client.
    QList<ssize_t> waiting;
    m_handler->beforeHandle = [&] {
        for (const PosixClient& client : clients) {
            char byte;
            waiting << ::recv(client.fd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        }
    };
    for (PosixClient& client : clients)
        QVERIFY(::send(client.fd(), get("/sync?n=1").constData(), std::size_t(get("/sync?n=1").size()), 0) > 0);
    QVERIFY(waitUntil([&] { return waiting.size() == 4; }, 5000));
    m_handler->beforeHandle = nullptr;
    for (ssize_t n : waiting)
        QCOMPARE(n, ssize_t(-1)); // EAGAIN: nothing to read yet
    for (PosixClient& client : clients) {
        client.setPaused(false);
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("sync /sync?n=1"));
    }
}

void TestHttpServer::pipeliningBeyondTheInputCapStillCompletes()
{
    ServerLimits limits = testLimits();
    limits.maxPipelinedBytes = 16 * 1024;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    // About 100 KiB of requests queue up behind a slow one: the server stops reading at its cap
    // and picks the rest up as it answers.
    QByteArray batch = get("/async?ms=100&first=1");
    for (int i = 0; i < 2500; ++i)
        batch += get("/sync?n=" + QByteArray::number(i));
    QVERIFY(batch.size() > 6 * limits.maxPipelinedBytes);
    client.send(batch);
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("async /async?ms=100&first=1"));
    for (int i = 0; i < 2500; ++i) {
        response = client.readResponse();
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->body, "sync /sync?n=" + QByteArray::number(i));
    }
}

void TestHttpServer::connectionCloseIsHonoured()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/sync", "Connection: close\r\n"));
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QVERIFY(client.buffer().isEmpty());
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHttpServer::http10ClosesUnlessKeepAlive_data()
{
    QTest::addColumn<QByteArray>("connectionHeader");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("plain HTTP/1.0") << QByteArray() << false;
    QTest::newRow("HTTP/1.0 keep-alive") << QByteArray("Connection: keep-alive\r\n") << true;
}

void TestHttpServer::http10ClosesUnlessKeepAlive()
{
    QFETCH(QByteArray, connectionHeader);
    QFETCH(bool, keepAlive);
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("GET /sync?v=10 HTTP/1.0\r\n" + connectionHeader + "\r\n");
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("sync /sync?v=10"));
    QCOMPARE(response->header("Connection"), keepAlive ? QByteArray("keep-alive") : QByteArray("close"));
    if (!keepAlive) {
        QVERIFY(client.waitClosed());
        return;
    }
    client.send("GET /sync?again=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("sync /sync?again=1"));
    QVERIFY(!client.closed());
}

void TestHttpServer::chunkedRequestBody()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n");
    QTest::qWait(20);
    client.send("6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n");
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello world"));
    verifyStillServing();
}

void TestHttpServer::expectContinueFlow()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
    auto interim = client.readResponse();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    QVERIFY(client.buffer().isEmpty()); // nothing final before the body
    QCOMPARE(m_handler->handled, 0);
    client.send("hello world");
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello world"));
}

void TestHttpServer::expectContinueRefusedWith413()
{
    ServerLimits limits = testLimits();
    limits.maxBodyBytes = 100;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413); // the final answer instead of 100 Continue
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QVERIFY(client.waitClosed());
    QCOMPARE(m_handler->handled, 0);
}

void TestHttpServer::endlessHeaderLineGets431()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("GET /sync HTTP/1.1\r\nHost: t\r\nX-Endless: ");
    const QByteArray piece(8 * 1024, 'a');
    std::optional<ClientResponse> response;
    for (int i = 0; i < 16 && !client.closed(); ++i) { // 128 KiB against the 64 KiB default
        client.send(piece);
        QTest::qWait(1);
    }
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QVERIFY(client.waitClosed());
    verifyStillServing();
}

void TestHttpServer::bodyOverLimitGets413_data()
{
    QTest::addColumn<QByteArray>("request");
    const QByteArray body(2000, 'x');
    QTest::newRow("Content-Length") << QByteArray(
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n" + body);
    QTest::newRow("chunked") << QByteArray(
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3e8\r\n" +
        body.left(1000) + "\r\n3e8\r\n" + body.left(1000) + "\r\n0\r\n\r\n");
}

void TestHttpServer::bodyOverLimitGets413()
{
    QFETCH(QByteArray, request);
    ServerLimits limits = testLimits();
    limits.maxBodyBytes = 1500;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(request);
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(m_handler->handled, 0);
    QVERIFY(client.waitClosed());
    verifyStillServing();
}

void TestHttpServer::hugeBodyIsRefusedWithoutBufferingIt_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("declared Content-Length") << false;
    QTest::newRow("chunked") << true;
}

void TestHttpServer::hugeBodyIsRefusedWithoutBufferingIt()
{
    QFETCH(bool, chunked);
    startServer(testLimits()); // default 32 MiB body limit
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    const qint64 total = 100 * 1024 * 1024;
    client.send(chunked ? QByteArray("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
                        : "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + QByteArray::number(total) +
                              "\r\n\r\n");
    const QByteArray data(1024 * 1024, 'z');
    const QByteArray piece = chunked ? "100000\r\n" + data + "\r\n" : data;
    qint64 sent = 0;
    std::optional<ClientResponse> response;
    ClientResponse parsed;
    // Send as fast as the connection takes it, watching for an early answer.
    const bool answered = waitUntil(
        [&] {
            if (parseResponse(client.buffer(), false, client.closed(), parsed) > 0)
                return true;
            if (client.closed())
                return true;
            while (sent < total && client.socket().bytesToWrite() < 2 * piece.size()) {
                client.send(piece);
                sent += data.size();
            }
            return false;
        },
        60'000);
    QVERIFY(answered);
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QVERIFY2(sent < total, qPrintable(QStringLiteral("sent %1 bytes before the answer").arg(sent)));
    QCOMPARE(m_handler->handled, 0);
    client.abort();
    verifyStillServing();
}

void TestHttpServer::slowHeaderTimesOutWith408()
{
    ServerLimits limits = testLimits();
    limits.headerTimeoutMs = 300;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    QElapsedTimer elapsed;
    elapsed.start();
    client.send("GET /sync HTTP/1.1\r\nHost: t\r\n");
    // Slowloris: a byte now and then keeps the connection busy but never finishes the header.
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&client] {
        if (!client.closed())
            client.send("X");
    });
    drip.start(50);
    const auto response = client.readResponse(5000);
    drip.stop();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(elapsed.elapsed() >= 250);
    QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
    QVERIFY(client.waitClosed());
    verifyStillServing();
}

void TestHttpServer::slowBodyTimesOutWith408()
{
    ServerLimits limits = testLimits();
    limits.bodyTimeoutMs = 300;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    const auto response = client.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitClosed());
    QCOMPARE(m_handler->handled, 0);
    verifyStillServing();
}

void TestHttpServer::idleKeepAliveConnectionIsClosed()
{
    ServerLimits limits = testLimits();
    limits.idleTimeoutMs = 300;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/sync"));
    QVERIFY(client.readResponse());
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(client.waitClosed(5000));
    QVERIFY(elapsed.elapsed() >= 200);
    QVERIFY(client.buffer().isEmpty()); // closed quietly, no 408
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHttpServer::silentNewConnectionIsClosed()
{
    ServerLimits limits = testLimits();
    limits.headerTimeoutMs = 300;
    startServer(limits);
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    QVERIFY(client.waitClosed(5000));
    QVERIFY(client.buffer().isEmpty());
}

void TestHttpServer::connectionCapClosesExtraConnections()
{
    ServerLimits limits = testLimits();
    limits.maxConnections = 2;
    startServer(limits);
    RawClient first(m_port);
    RawClient second(m_port);
    QVERIFY(first.waitConnected());
    QVERIFY(second.waitConnected());
    QTRY_COMPARE(m_server->openConnections(), 2);

    RawClient third(m_port);
    QVERIFY(third.waitClosed());
    QVERIFY(third.buffer().isEmpty());
    QCOMPARE(m_server->openConnections(), 2);

    first.send(get("/sync?first"));
    QVERIFY(first.readResponse());
    first.abort();
    QTRY_COMPARE(m_server->openConnections(), 1);

    RawClient fourth(m_port);
    QVERIFY(fourth.waitConnected());
    fourth.send(get("/sync?fourth"));
    const auto response = fourth.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("sync /sync?fourth"));
}

void TestHttpServer::streamArrivesChunkByChunk()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/stream"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();

    exchange->writeChunk("data: one\n\n");
    QVERIFY(client.waitForData("data: one\n\n"));
    // The head went out with the stream, the second event does not exist yet.
    QVERIFY(client.buffer().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(client.buffer().contains("Transfer-Encoding: chunked\r\n"));
    QVERIFY(client.buffer().contains("Content-Type: text/event-stream\r\n"));
    QVERIFY(!client.buffer().contains("Content-Length"));
    QVERIFY(!client.buffer().contains("data: two"));

    exchange->writeChunk("data: two\n\n");
    QVERIFY(client.waitForData("data: two\n\n"));
    QVERIFY(!client.buffer().endsWith("0\r\n\r\n"));
    exchange->writeChunk(""); // an empty write must not end the stream
    exchange->endStream();
    QVERIFY(exchange->responseFinished());
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("data: one\n\ndata: two\n\n"));

    // The connection stays usable.
    client.send(get("/sync?after=stream"));
    const auto next = client.readResponse();
    QVERIFY(next);
    QCOMPARE(next->body, QByteArray("sync /sync?after=stream"));
    QCOMPARE(m_handler->clientGone, 0);
}

void TestHttpServer::streamToHttp10IsCloseDelimited()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("GET /stream HTTP/1.0\r\n\r\n");
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    exchange->writeChunk("event one\n");
    QVERIFY(client.waitForData("event one\n"));
    exchange->writeChunk("event two\n");
    exchange->endStream();
    QVERIFY(client.waitClosed());
    const auto response = client.readResponse();
    QVERIFY(response);
    QVERIFY(!response->hasHeader("Transfer-Encoding"));
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QCOMPARE(response->body, QByteArray("event one\nevent two\n"));
}

void TestHttpServer::headRequestGetsNoBody()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send("HEAD /sync HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto response = client.readResponse(5000, true);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Content-Length"), QByteArray::number(QByteArray("sync /sync").size()));
    // The next response must start right where the head ended: no body bytes in between.
    client.send(get("/sync?next"));
    const auto next = client.readResponse();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
    QCOMPARE(next->body, QByteArray("sync /sync?next"));
}

void TestHttpServer::backpressureReportsDrained()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    const qint64 total = 8 * 1024 * 1024;
    client.send(get("/bulk?bytes=" + QByteArray::number(total)));
    const auto response = client.readResponse(30'000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(qint64(response->body.size()), total);
    QVERIFY(m_handler->drained >= 1);
    QCOMPARE(m_handler->inFlight, 0);
}

void TestHttpServer::clientDisconnectMidStreamNotifiesOnce()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/stream"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    exchange->writeChunk("data: first\n\n");
    QVERIFY(client.waitForData("data: first"));
    QVERIFY(exchange->isOpen());

    client.abort();
    // Keep writing as an upstream relay would; the server notices the peer is gone.
    QVERIFY(waitUntil(
        [&] {
            exchange->writeChunk("data: more\n\n");
            return m_handler->clientGone > 0;
        },
        5000));
    QCOMPARE(m_handler->clientGone, 1);
    QVERIFY(!exchange->isOpen());
    exchange->writeChunk("data: ignored\n\n");
    exchange->endStream();
    QCOMPARE(exchange->pendingOutputBytes(), 0);
    QTest::qWait(50);
    QCOMPARE(m_handler->clientGone, 1);
    QTRY_COMPARE(m_server->openConnections(), 0);
    verifyStillServing();
}

void TestHttpServer::clientDisconnectWhileHandlerWorks()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/hold"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    client.abort();
    QTRY_COMPARE(m_handler->clientGone, 1);
    QVERIFY(!exchange->isOpen());
    HttpResponse late;
    late.body = "too late";
    exchange->respond(std::move(late)); // dropped, not a crash
    QVERIFY(exchange->responseFinished());
    QTest::qWait(20);
    QCOMPARE(m_handler->clientGone, 1);
    verifyStillServing();
}

void TestHttpServer::abortCutsTheStream()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/stream"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    exchange->writeChunk("data: partial\n\n");
    exchange->abort();
    QVERIFY(!exchange->isOpen());
    QVERIFY(client.waitClosed());
    QVERIFY(client.buffer().contains("data: partial"));
    QVERIFY(!client.buffer().endsWith("0\r\n\r\n")); // a cut, not a well-formed end
    QCOMPARE(m_handler->clientGone, 0);              // the handler asked for it
    verifyStillServing();
}

void TestHttpServer::unsafeResponseHeadersAreDropped()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/bad-header"));
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(!response->hasHeader("X-Injected"));
    QVERIFY(!response->hasHeader("Set-Cookie"));
    QCOMPARE(response->header("X-Fine"), QByteArray("ok"));
    QCOMPARE(response->header("Content-Length"), QByteArray("4")); // the server's, not the handler's
    QCOMPARE(response->body, QByteArray("fine"));
    QCOMPARE(m_handler->lineResults, QList<bool>({true, false, false, false, true}));
    QCOMPARE(response->header("x-line-one"), QByteArray("1"));
    QCOMPARE(response->header("x-line-two"), QByteArray("2"));
    QVERIFY(!response->hasHeader("x-line-evil"));
    QCOMPARE(response->headers.size(), 6); // X-Fine, the two lines, Content-Length, Connection, Date
    const QByteArray names = [&] {
        QByteArray all;
        for (const auto& h : response->headers)
            all += h.first.toLower() + ' ';
        return all;
    }();
    QVERIFY2(names.startsWith("x-fine x-line-one x-line-two content-length "), names.constData());
}

void TestHttpServer::invalidUtf8DoesNotCrash()
{
    startServer(testLimits());
    {
        RawClient client(m_port);
        QVERIFY(client.waitConnected());
        client.send("GET /\xff\xfe?\xc0\xaf HTTP/1.1\r\nHost: t\r\nX-Bad: \xc3\x28\xa0\xa1\r\n\r\n");
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 404); // reached the handler with the raw bytes
        QCOMPARE(m_handler->targets.last(), QByteArray("/\xff\xfe?\xc0\xaf"));
    }
    {
        RawClient client(m_port);
        QVERIFY(client.waitConnected());
        client.send("GET / HTTP/1.1\r\nHost: t\r\nX-\xc3\xa9: v\r\n\r\n");
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 400);
    }
    verifyStillServing();
}

void TestHttpServer::errorsAreJsonAndServerKeepsServing_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QTest::newRow("Content-Length with Transfer-Encoding")
        << QByteArray(
               "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
               "0\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("conflicting Content-Length")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde")
        << 400 << "invalid_request";
    QTest::newRow("Transfer-Encoding gzip")
        << QByteArray(
               "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nGET /sync HTTP/1.1\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("bad chunk size")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n") << 400
        << "invalid_request";
    QTest::newRow("LF-only lines") << QByteArray("GET /sync HTTP/1.1\nHost: t\n\n") << 400
                                   << "invalid_request";
    QTest::newRow("obs-fold") << QByteArray("GET /sync HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n") << 400
                              << "invalid_request";
    QTest::newRow("control character in header")
        << QByteArray("GET /sync HTTP/1.1\r\nHost: t\r\nX: a\x01\r\n\r\n") << 400 << "invalid_request";
    QTest::newRow("HTTP/2.0") << QByteArray("GET /sync HTTP/2.0\r\nHost: t\r\n\r\n") << 505
                              << "http_version_not_supported";
    QTest::newRow("HTTP/0.9") << QByteArray("GET /sync\r\n\r\n") << 400 << "invalid_request";
    QTest::newRow("missing Host") << QByteArray("GET /sync HTTP/1.1\r\n\r\n") << 400 << "invalid_request";
    QTest::newRow("header too large")
        << QByteArray("GET /sync HTTP/1.1\r\nHost: t\r\nX: " + QByteArray(70 * 1024, 'h') + "\r\n\r\n") << 431
        << "request_header_fields_too_large";
    QTest::newRow("binary garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400
                                    << "invalid_request";
}

void TestHttpServer::errorsAreJsonAndServerKeepsServing()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(request);
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response->body, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, response->body.constData());
    const QJsonObject error = doc.object().value("error").toObject();
    QCOMPARE(error.value("type").toString(), QString("invalid_request_error"));
    QCOMPARE(error.value("code").toString(), code);
    QVERIFY(!error.value("message").toString().isEmpty());
    QVERIFY(client.waitClosed());
    QCOMPARE(m_handler->handled, 0); // nothing smuggled through to the handler
    verifyStillServing();
}

void TestHttpServer::destroyingTheServerDetachesExchanges()
{
    startServer(testLimits());
    RawClient client(m_port);
    QVERIFY(client.waitConnected());
    client.send(get("/stream"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    m_server.reset();
    QCOMPARE(m_handler->clientGone, 1);
    QVERIFY(!exchange->isOpen());
    exchange->writeChunk("after the server");
    exchange->endStream();
    QVERIFY(client.waitClosed());
}

void TestHttpServer::slowReaderGetsAWholeStreamInOrder()
{
    startServer(testLimits());
    PosixClient client(m_port, 32 * 1024);
    client.setPaused(true);
    const qint64 total = 24 * 1024 * 1024; // well beyond what the kernel buffers on both ends hold
    QVERIFY(client.send(get("/bulk?bytes=" + QByteArray::number(total))));
    // The server writes until the kernel refuses, then holds the rest and waits for room.
    QVERIFY(waitUntil([this] { return m_handler->maxPending > 0; }, 5000));
    QTest::qWait(300);
    QCOMPARE(m_handler->inFlight, 1);
    client.setPaused(false);
    const auto response = client.readResponse(60'000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(qint64(response->body.size()), total);
    QVERIFY(response->body == pattern(total)); // every byte, in order
    QVERIFY(m_handler->drained >= 1);
    QCOMPARE(m_handler->inFlight, 0);
    QCOMPARE(m_handler->clientGone, 0);
}

void TestHttpServer::slowReaderGetsAWholeLargeResponseInOrder()
{
    startServer(testLimits());
    PosixClient client(m_port, 32 * 1024);
    client.setPaused(true);
    const qint64 total = 24 * 1024 * 1024;
    QVERIFY(client.send(get("/big?bytes=" + QByteArray::number(total))));
    QVERIFY(waitUntil([this] { return m_handler->handled == 1; }, 5000));
    QTest::qWait(300); // most of the body now waits in the server
    client.setPaused(false);
    auto response = client.readResponse(60'000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Content-Length"), QByteArray::number(total));
    QVERIFY(response->body == pattern(total));
    // The connection is in a clean state for the next request.
    QVERIFY(client.send(get("/sync?after=big")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("sync /sync?after=big"));
    QVERIFY(client.buffer().isEmpty());
}

void TestHttpServer::peerResetDuringWrite_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<bool>("streamed");
    QTest::newRow("stream") << QByteArray("/bulk?bytes=67108864") << true;
    QTest::newRow("one large response") << QByteArray("/big?bytes=33554432") << false;
}

void TestHttpServer::peerResetDuringWrite()
{
    QFETCH(QByteArray, target);
    QFETCH(bool, streamed);
    startServer(testLimits());
    {
        PosixClient client(m_port, 32 * 1024);
        client.setPaused(true);
        QVERIFY(client.send(get(target)));
        QVERIFY(waitUntil([this] { return m_handler->handled == 1; }, 5000));
        if (streamed)
            QVERIFY(waitUntil([this] { return m_handler->maxPending > 0; }, 5000));
        QTest::qWait(100);
        QCOMPARE(m_server->openConnections(), 1);
        client.reset();
    }
    // The server notices on its next read or write (no SIGPIPE), drops the connection, and a
    // stream's producer learns that its client is gone.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 5000);
    if (streamed) {
        QTRY_COMPARE(m_handler->clientGone, 1);
        QCOMPARE(m_handler->inFlight, 1); // never finished
    }
    verifyStillServing();
}

void TestHttpServer::halfCloseAfterRequestsStillGetsTheAnswers_data()
{
    QTest::addColumn<QList<QByteArray>>("targets");
    QTest::newRow("one request answered at once") << QList<QByteArray>{"/sync?id=1"};
    QTest::newRow("pipelined, the first answered later")
        << QList<QByteArray>{"/async?ms=100&id=1", "/sync?id=2", "/async?ms=10&id=3"};
    QTest::newRow("pipelined, the last answered later")
        << QList<QByteArray>{"/sync?id=1", "/sync?id=2", "/async?ms=100&id=3"};
}

void TestHttpServer::halfCloseAfterRequestsStillGetsTheAnswers()
{
    QFETCH(QList<QByteArray>, targets);
    startServer(testLimits());
    PosixClient client(m_port);
    QByteArray requests;
    for (const QByteArray& target : targets)
        requests += get(target);
    QVERIFY(client.send(requests));
    client.shutdownWrite(); // FIN right behind the last request
    for (const QByteArray& target : targets) {
        const auto response = client.readResponse();
        QVERIFY2(response, target.constData());
        QCOMPARE(response->status, 200);
        QVERIFY(response->body.endsWith(target));
    }
    // Nothing more can come, so the server closes once it has answered.
    QVERIFY(client.waitEnded());
    QVERIFY(!client.wasReset());
    QVERIFY(client.buffer().isEmpty());
    QCOMPARE(m_handler->handled, int(targets.size()));
    QCOMPARE(m_handler->clientGone, 0);
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHttpServer::halfCloseBehindResponsesToASlowReader()
{
    startServer(testLimits());
    PosixClient client(m_port, 32 * 1024);
    client.setPaused(true);
    const int count = 12;
    const qint64 size = 1024 * 1024;
    QByteArray requests;
    for (int i = 0; i < count; ++i)
        requests += get("/big?bytes=" + QByteArray::number(size) + "&n=" + QByteArray::number(i));
    QVERIFY(client.send(requests));
    client.shutdownWrite();
    // The FIN arrives while answers wait in the server for the reader: they still go out.
    QTest::qWait(300);
    QVERIFY(m_handler->handled < count); // output over the pipelining cap holds further requests
    client.setPaused(false);
    const QByteArray expected = pattern(size);
    for (int i = 0; i < count; ++i) {
        const auto response = client.readResponse(30'000);
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
        QVERIFY(response->body == expected);
    }
    QVERIFY(client.waitEnded());
    QVERIFY(!client.wasReset());
    QCOMPARE(m_handler->handled, count);
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHttpServer::finWhileTheRequestIsHandledMeansClientGone()
{
    // A FIN with no further request behind the one being handled is how clients give up (and
    // how nginx reads it): the exchange is told, so e.g. an upstream call is cancelled.
    startServer(testLimits());
    PosixClient client(m_port);
    QVERIFY(client.send(get("/hold")));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    client.shutdownWrite();
    QTRY_COMPARE(m_handler->clientGone, 1);
    QVERIFY(!m_handler->held.front()->isOpen());
    QVERIFY(client.waitEnded());
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHttpServer::mixedPipelinedRequestsInOneSegment()
{
    startServer(testLimits());
    PosixClient client(m_port);
    QByteArray batch;
    QList<QByteArray> expected;
    for (int i = 0; i < 100; ++i) {
        const QByteArray n = QByteArray::number(i);
        switch (i % 4) {
        case 0:
            batch += get("/sync?n=" + n);
            expected << "sync /sync?n=" + n;
            break;
        case 1:
            batch += get("/async?ms=1&n=" + n);
            expected << "async /async?ms=1&n=" + n;
            break;
        case 2:
            batch += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + QByteArray::number(5 + n.size()) +
                     "\r\n\r\necho " + n;
            expected << "echo " + n;
            break;
        default:
            batch += "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n" +
                     QByteArray::number(n.size(), 16) + "\r\n" + n + "\r\n0\r\n\r\n";
            expected << "chunk" + n;
        }
    }
    QVERIFY(client.send(batch)); // one send: the server finds them all in one read
    for (int i = 0; i < expected.size(); ++i) {
        const auto response = client.readResponse();
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, expected[i]);
    }
    QCOMPARE(m_handler->handled, 100);
    QCOMPARE(m_handler->maxInFlight, 1);
    QVERIFY(!client.ended());
}

void TestHttpServer::abortOfACloseDelimitedStreamResets()
{
    startServer(testLimits());
    PosixClient client(m_port);
    QVERIFY(client.send("GET /stream HTTP/1.0\r\n\r\n"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto exchange = m_handler->held.front();
    exchange->writeChunk("event one\n");
    QVERIFY(waitUntil([&] { return client.buffer().contains("event one\n"); }, 5000));
    exchange->abort();
    // The body of an HTTP/1.0 stream ends where the connection does: a FIN would pass the cut off
    // as a complete answer, so the server resets.
    QVERIFY(client.waitEnded());
    QVERIFY(client.wasReset());
    QCOMPARE(m_handler->clientGone, 0);
    QTRY_COMPARE(m_server->openConnections(), 0);
    verifyStillServing();
}

void TestHttpServer::slowReaderOutlastingTheIdleTimeoutIsNotCut()
{
    ServerLimits limits = testLimits();
    limits.idleTimeoutMs = 300;
    startServer(limits);
    PosixClient client(m_port, 32 * 1024);
    client.setPaused(true);
    const qint64 total = 12 * 1024 * 1024; // three times what the kernel buffers on the way
    QVERIFY(client.send(get("/big?bytes=" + QByteArray::number(total))));
    // 256 KiB every 20 ms: the response takes well over the idle timeout, but a client still
    // taking it is not idle.
    QTimer trickle;
    QObject::connect(&trickle, &QTimer::timeout, [&client] { client.readSome(256 * 1024); });
    trickle.start(20);
    QElapsedTimer elapsed;
    elapsed.start();
    const auto response = client.readResponse(60'000);
    trickle.stop();
    QVERIFY(response);
    QVERIFY2(elapsed.elapsed() > 2 * limits.idleTimeoutMs, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(response->status, 200);
    QVERIFY(response->body == pattern(total));
    // Still open for the next request (an idle close during the transfer would have ended it)...
    client.setPaused(false);
    QVERIFY(client.send(get("/sync?after=slow")));
    const auto next = client.readResponse();
    QVERIFY(next);
    QCOMPARE(next->body, QByteArray("sync /sync?after=slow"));
    // ...and idle from now on: closed quietly after the timeout.
    QVERIFY(client.waitEnded(5000));
    QVERIFY(client.buffer().isEmpty());
}

// TOLLGATE_TEST_DISPATCHER=epoll runs everything on the dispatcher of the gateway's worker threads
// (level-triggered epoll) instead of Qt's own.
void TestHttpServer::drainFinishesWhatIsInHandAndClosesTheRest()
{
    startServer(testLimits());
    // Idle on keep-alive after one request.
    RawClient idle(m_port);
    QVERIFY(idle.waitConnected());
    idle.send(get("/sync?who=idle"));
    QVERIFY(idle.readResponse());
    // A request the handler answers later.
    RawClient busy(m_port);
    QVERIFY(busy.waitConnected());
    busy.send(get("/async?ms=300&who=busy"));
    // A stream whose head went out saying keep-alive.
    RawClient streaming(m_port);
    QVERIFY(streaming.waitConnected());
    streaming.send(get("/stream"));
    QVERIFY(waitUntil([this] { return !m_handler->held.empty(); }, 5000));
    const auto stream = m_handler->held.front();
    stream->writeChunk("data: one\n\n");
    QVERIFY(streaming.waitForData("data: one\n\n"));
    QVERIFY(streaming.buffer().contains("Connection: keep-alive\r\n"));
    // Half a request head.
    auto partialClient = std::make_unique<PosixClient>(m_port);
    PosixClient& partial = *partialClient;
    QVERIFY(waitUntil([this] { return m_server->openConnections() == 4 && m_handler->handled == 3; }, 5000));
    QVERIFY(partial.send("GET /sync?who=partial HTTP/1.1\r\nHost: t\r\n"));
    QTest::qWait(50);

    QSignalSpy drained(m_server.get(), &HttpServer::drained);
    m_server->drain();
    QVERIFY(m_server->isDraining());
    QVERIFY(!m_server->isListening());
    QVERIFY(idle.waitClosed());
    QVERIFY(!busy.closed());
    QVERIFY(!streaming.closed());
    QVERIFY(!partial.ended());
    RawClient late(m_port);
    QVERIFY(!late.waitConnected(2000)); // nobody listens any more

    QVERIFY(partial.send("\r\n"));
    const auto partialAnswer = partial.readResponse();
    QVERIFY(partialAnswer);
    QCOMPARE(partialAnswer->body, QByteArray("sync /sync?who=partial"));
    QCOMPARE(partialAnswer->header("Connection"), QByteArray("close"));
    QVERIFY(partial.waitEnded());
    partialClient.reset(); // the server lingers until its client closes too

    const auto busyAnswer = busy.readResponse();
    QVERIFY(busyAnswer);
    QCOMPARE(busyAnswer->body, QByteArray("async /async?ms=300&who=busy"));
    QCOMPARE(busyAnswer->header("Connection"), QByteArray("close"));
    QVERIFY(busy.waitClosed());

    // The stream goes on for as long as its handler writes; the server waits for it.
    QTest::qWait(100);
    QCOMPARE(drained.count(), 0);
    QCOMPARE(m_server->openConnections(), 1);
    stream->writeChunk("data: two\n\n");
    stream->endStream();
    const auto streamed = streaming.readResponse();
    QVERIFY(streamed);
    QCOMPARE(streamed->body, QByteArray("data: one\n\ndata: two\n\n"));
    QVERIFY(streaming.waitClosed());
    QVERIFY(waitUntil([&] { return drained.count() > 0; }, 5000));
    QTest::qWait(50);
    QCOMPARE(drained.count(), 1);
    QCOMPARE(m_server->openConnections(), 0);
    QCOMPARE(m_handler->clientGone, 0);
}

void TestHttpServer::drainServesARequestAlreadySent()
{
    startServer(testLimits());
    PosixClient client(m_port);
    QVERIFY(waitUntil([this] { return m_server->openConnections() == 1; }, 5000));
    // The request is in the server's socket before its notifier has been seen: still served.
    QVERIFY(client.send(get("/sync?who=early"))); // sent at once: no event is handled meanwhile
    m_server->drain();
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("sync /sync?who=early"));
    QCOMPARE(response->header("Connection"), QByteArray("close"));
    QVERIFY(client.waitEnded());
    QCOMPARE(m_handler->handled, 1);
}

void TestHttpServer::drainClosesAnIdleConnectionAtOnce()
{
    startServer(testLimits());
    // A client that keeps its keep-alive connection and never closes it by itself.
    PosixClient idle(m_port);
    QVERIFY(idle.send(get("/sync?who=idle")));
    QVERIFY(idle.readResponse());
    QVERIFY(waitUntil([this] { return m_handler->handled == 1; }, 5000));

    QSignalSpy drained(m_server.get(), &HttpServer::drained);
    m_server->drain();
    // Well inside the 5 s that a lingering close waits for the client's FIN.
    QVERIFY(waitUntil([&] { return drained.count() > 0; }, 2000));
    QCOMPARE(m_server->openConnections(), 0);
    QVERIFY(idle.waitEnded(2000));
    QVERIFY(!idle.wasReset()); // a FIN, not a reset
    QVERIFY(idle.buffer().isEmpty());
}

int main(int argc, char** argv)
{
    if (qEnvironmentVariable("TOLLGATE_TEST_DISPATCHER") == QLatin1String("epoll"))
        QCoreApplication::setEventDispatcher(new tollgate::http::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestHttpServer test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_httpserver.moc"

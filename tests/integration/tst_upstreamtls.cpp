// Upstream over TLS with HTTP/2 where the provider offers it: the real gateway in front of a real
// nginx (TLS + HTTP/2, self-signed certificate made for the test) on loopback.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <set>


using namespace tollgate;
using namespace tollgate::testing;

namespace {

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

const char* kNginxConfig = R"(
worker_processes 1;
pid %1/nginx.pid;
error_log %1/error.log warn;
events { worker_connections 1024; }
http {
    log_format proto '$server_protocol $connection $request_uri';
    access_log %1/access.log proto;
    client_body_temp_path %1/body;
    server {
        listen 127.0.0.1:%2 ssl http2;
        ssl_certificate %1/cert.pem;
        ssl_certificate_key %1/key.pem;
        location = /v1/chat/completions {
            default_type application/json;
            return 200 '{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"over h2"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}';
        }
    }
}
)";

} // namespace

class TestUpstreamTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void http2OverTlsWithThePrivateCa();
    void concurrentRequestsShareConnections();
    void untrustedCertificateFailsClosed();

private:
    void startGateway(bool trustCa);
    QStringList accessLog() const;

    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_nginxPort = 0;
    int m_logBase = 0;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<QTemporaryDir> m_data;
};

void TestUpstreamTls::initTestCase()
{
    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {"/usr/sbin", "/usr/bin"});
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(!nginx.isEmpty() && !openssl.isEmpty(), "nginx and openssl are test dependencies (cmake/install-deps.sh)");
    QVERIFY(m_dir.isValid());
    const QString d = m_dir.path();
    QDir(d).mkpath(QStringLiteral("body"));
    QProcess req;
    req.start(openssl, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", d + "/key.pem", "-out", d + "/cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"});
    QVERIFY(req.waitForFinished(30000));
    QCOMPARE(req.exitCode(), 0);
    m_nginxPort = freePort();
    QFile config(d + "/nginx.conf");
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QString::fromLatin1(kNginxConfig).arg(d).arg(m_nginxPort).toUtf8());
    config.close();
    m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
    m_nginx.start(nginx, {"-p", d, "-c", d + "/nginx.conf", "-g", "daemon off;"});
    QVERIFY(m_nginx.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_nginxPort);
            return probe.waitForConnected(200);
        }(),
        10000);
}

void TestUpstreamTls::cleanupTestCase()
{
    m_nginx.terminate();
    if (!m_nginx.waitForFinished(5000))
        m_nginx.kill();
}

void TestUpstreamTls::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_logBase = 0;
    m_logBase = int(accessLog().size()); // each test counts only its own requests
}

void TestUpstreamTls::cleanup()
{
    m_gateway.reset();
    m_data.reset();
}

void TestUpstreamTls::startGateway(bool trustCa)
{
    QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: secure\n    kind: openai-compatible\n"
                      "    base_url: https://127.0.0.1:"
                      + QByteArray::number(m_nginxPort) + "/v1\n    region: eu\n";
    if (trustCa)
        yaml += "    ca_file: " + m_dir.filePath(QStringLiteral("cert.pem")).toUtf8() + "\n";
    yaml += "    models:\n      - name: m\n        input_per_million: 1\n        output_per_million: 1\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("tls.yaml"));
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_data->path());
    QVERIFY(started.wait(10000));
}

QStringList TestUpstreamTls::accessLog() const
{
    QFile log(m_dir.filePath(QStringLiteral("access.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(m_logBase);
}

void TestUpstreamTls::http2OverTlsWithThePrivateCa()
{
    startGateway(true);
    auto response = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions",
                                            R"({"model":"secure/m","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(response);
    QVERIFY2(response->status == 200, response->body.constData());
    QVERIFY(response->body.contains("over h2"));
    QTRY_COMPARE(accessLog().size(), 1);
    QVERIFY2(accessLog().first().startsWith(QLatin1String("HTTP/2.0 ")), qPrintable(accessLog().first()));
}

void TestUpstreamTls::concurrentRequestsShareConnections()
{
    startGateway(true);
    constexpr int kRequests = 40;
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < kRequests; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(m_gateway->port()));
        QVERIFY(clients.back()->connectToServer());
        clients.back()->post("/v1/chat/completions", R"({"model":"secure/m","messages":[{"role":"user","content":"x"}]})");
    }
    for (auto& client : clients) {
        auto response = client->waitForResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    QTRY_COMPARE(accessLog().size(), kRequests);
    std::set<QString> connections;
    for (const QString& line : accessLog()) {
        QVERIFY(line.startsWith(QLatin1String("HTTP/2.0 ")));
        connections.insert(line.section(QLatin1Char(' '), 1, 1));
    }
    // Streams multiplexed over a few connections (one pool per worker thread), not one each.
    QVERIFY2(int(connections.size()) <= 2 * m_gateway->workerCount(),
             qPrintable(QStringLiteral("%1 connections for %2 requests").arg(connections.size()).arg(kRequests)));
}

void TestUpstreamTls::untrustedCertificateFailsClosed()
{
    startGateway(false);
    auto response = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions",
                                            R"({"model":"secure/m","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(response);
    QCOMPARE(response->status, 502);
    QVERIFY2(response->body.contains("certificate"), response->body.constData());
    QCOMPARE(accessLog().size(), 0);
}

QTEST_GUILESS_MAIN(TestUpstreamTls)
#include "tst_upstreamtls.moc"

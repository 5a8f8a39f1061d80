#include "gateway/gateway.h"

#include "common/logging.h"
#include "gateway/gatewayworker.h"
#include "http/httpserver.h"
#include "http/upstreamclient.h"
#include "store/requestlogwriter.h"

#include <QDir>
#include <QThread>

namespace tollgate {

// ---- GatewayWorker (worker thread) ----

GatewayWorker::GatewayWorker(ConfigSnapshot config, QString databasePath)
    : m_config(std::move(config)), m_databasePath(std::move(databasePath)), m_chain(pipeline::Chain::standard())
{
}

GatewayWorker::~GatewayWorker()
{
    stopServing();
}

void GatewayWorker::startServing()
{
    QString error;
    m_requestLog = RequestLogWriter::open(m_databasePath, &error);
    if (!m_requestLog) {
        Q_EMIT failed(tr("Cannot open the request log %1: %2").arg(m_databasePath, error));
        return;
    }
    m_upstream = new http::UpstreamClient(this);
    m_services.upstream = m_upstream;
    m_services.requestLog = m_requestLog.get();
    m_server = new http::HttpServer(this, m_config->server.limits, this);
    const QHostAddress host = m_config->server.listenHost == QLatin1String("localhost")
                                  ? QHostAddress(QHostAddress::LocalHost)
                                  : QHostAddress(m_config->server.listenHost);
    if (host.isNull()) {
        Q_EMIT failed(tr("Cannot listen on '%1': not an IP address").arg(m_config->server.listenHost));
        return;
    }
    if (!m_server->listen(host, m_config->server.listenPort)) {
        Q_EMIT failed(tr("Cannot listen on %1:%2: %3")
                          .arg(m_config->server.listenHost)
                          .arg(m_config->server.listenPort)
                          .arg(m_server->errorString()));
        return;
    }
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                                 : host.toString();
    Q_EMIT serving(hostText + QLatin1Char(':') + QString::number(m_server->serverPort()), m_server->serverPort());
}

void GatewayWorker::stopServing()
{
    // The server goes first: closing connections fires their clients' onClientGone, which cancels
    // upstream calls and writes the request log rows while the writer still exists.
    delete m_server;
    m_server = nullptr;
    delete m_upstream;
    m_upstream = nullptr;
    m_services = {};
    if (m_requestLog)
        m_requestLog->flush();
    m_requestLog.reset();
}

void GatewayWorker::setConfig(ConfigSnapshot config)
{
    m_config = std::move(config);
    if (m_server)
        m_server->setLimits(m_config->server.limits);
}

void GatewayWorker::handle(std::shared_ptr<http::HttpExchange> exchange)
{
    auto context = std::make_shared<pipeline::RequestContext>(std::move(exchange), m_config, m_services);
    m_chain->run(context);
}

// ---- Gateway (owner's thread) ----

Gateway::Gateway(QObject* parent) : QObject(parent) {}

Gateway::~Gateway()
{
    stop();
}

void Gateway::start(ConfigSnapshot config, const QString& dataDir)
{
    if (m_thread)
        return;
    m_config = std::move(config);
    if (!QDir().mkpath(dataDir)) {
        Q_EMIT startFailed(tr("Cannot create the data directory %1").arg(dataDir));
        return;
    }
    m_databasePath = QDir(dataDir).filePath(QStringLiteral("tollgate.db"));
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("tollgate-gateway"));
    m_worker = new GatewayWorker(m_config, m_databasePath);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &GatewayWorker::serving, this, &Gateway::onWorkerStarted);
    connect(m_worker, &GatewayWorker::failed, this, [this](const QString& error) {
        qCWarning(lcGateway).noquote() << error;
        stop();
        Q_EMIT startFailed(error);
    });
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->startServing(); }, Qt::QueuedConnection);
}

void Gateway::onWorkerStarted(const QString& address, quint16 port)
{
    m_listenAddress = address;
    m_port = port;
    qCInfo(lcGateway).noquote() << "listening on" << address;
    Q_EMIT started(address);
}

void Gateway::stop()
{
    if (!m_thread)
        return;
    // The worker's objects must be destroyed on the worker thread; deleteLater on finished does
    // that after the event loop drains, and stopServing runs first as a queued call.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->stopServing(); }, Qt::QueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr;
    m_listenAddress.clear();
    m_port = 0;
    Q_EMIT stopped();
}

void Gateway::applyConfig(ConfigSnapshot config)
{
    m_config = config;
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, config = std::move(config)]() mutable { worker->setConfig(std::move(config)); },
        Qt::QueuedConnection);
}

} // namespace tollgate

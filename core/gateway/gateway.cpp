#include "gateway/gateway.h"

#include "audit/decisionledger.h"
#include "audit/signingkey.h"
#include "budget/adminapi.h"
#include "budget/budgetservice.h"
#include "common/logging.h"
#include "gateway/gatewayworker.h"
#include "http/epolldispatcher.h"
#include "http/httpserver.h"
#include "http/upstreamclient.h"
#include "secrets/secretstore.h"
#include "store/requestlogwriter.h"
#include "telemetry/statsaggregator.h"

#include <QDir>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

#include <unistd.h>

namespace tollgate {

// ---- GatewayWorker (its worker thread) ----

GatewayWorker::GatewayWorker(ConfigSnapshot config, telemetry::TelemetryShard* telemetry, budget::BudgetService* budget,
                             budget::AdminApi* admin, DecisionLedger* ledger)
    : m_telemetry(telemetry), m_budget(budget), m_admin(admin), m_ledger(ledger), m_config(std::move(config)), m_chain(pipeline::Chain::standard())
{
}

GatewayWorker::~GatewayWorker()
{
    stopServing();
}

http::ServerLimits GatewayWorker::limitsForOneWorker() const
{
    http::ServerLimits limits = m_config->server.limits;
    limits.maxConnections = std::max(1, (limits.maxConnections + m_workerCount - 1) / m_workerCount);
    return limits;
}

void GatewayWorker::createServer(std::shared_ptr<RequestLogWriter> requestLog)
{
    m_requestLog = std::move(requestLog);
    m_workerCount = Gateway::workersFor(*m_config);
    m_upstream = new http::UpstreamClient(this);
    m_services.upstream = m_upstream;
    m_services.requestLog = m_requestLog.get();
    m_services.telemetry = m_telemetry;
    m_services.budget = m_budget;
    m_services.admin = m_admin;
    m_services.ledger = m_ledger;
    m_server = new http::HttpServer(this, limitsForOneWorker(), this);
}

void GatewayWorker::startListening(const QString& databasePath)
{
    QString error;
    std::unique_ptr<RequestLogWriter> log = RequestLogWriter::open(databasePath, &error);
    if (!log) {
        Q_EMIT failed(tr("Cannot open the request log %1: %2").arg(databasePath, error));
        return;
    }
    log->setRetention(m_config->server.requestLogRetentionDays);
    createServer(std::shared_ptr<RequestLogWriter>(std::move(log)));
    const QString& hostName = m_config->server.listenHost;
    const QHostAddress host = hostName == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                     : QHostAddress(hostName);
    if (host.isNull()) {
        Q_EMIT failed(tr("Cannot listen on '%1': not an IP address").arg(hostName));
        return;
    }
    if (!m_server->listen(host, m_config->server.listenPort)) {
        Q_EMIT failed(tr("Cannot listen on %1:%2: %3")
                          .arg(hostName)
                          .arg(m_config->server.listenPort)
                          .arg(m_server->errorString()));
        return;
    }
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                                 : host.toString();
    Q_EMIT listening(hostText + QLatin1Char(':') + QString::number(m_server->serverPort()), m_server->serverPort(),
                     m_requestLog);
}

void GatewayWorker::startServing(std::shared_ptr<RequestLogWriter> requestLog)
{
    createServer(std::move(requestLog));
}

void GatewayWorker::shareConnections(std::vector<GatewayWorker*> peers)
{
    m_peers = std::move(peers);
    if (!m_server || m_peers.size() < 2)
        return;
    m_server->setDistributor([this](qintptr descriptor) {
        GatewayWorker* peer = m_peers[m_nextPeer++ % m_peers.size()];
        if (peer == this)
            adopt(descriptor);
        else
            QMetaObject::invokeMethod(peer, [peer, descriptor] { peer->adopt(descriptor); }, Qt::QueuedConnection);
    });
}

void GatewayWorker::adopt(qintptr socketDescriptor)
{
    if (m_server)
        m_server->adopt(socketDescriptor);
    else
        ::close(int(socketDescriptor)); // handed over while this worker was stopping
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
    m_peers.clear();
    if (m_requestLog)
        m_requestLog->flush();
    m_requestLog.reset(); // the last worker to let go closes the writer
}

void GatewayWorker::drain()
{
    if (!m_server) {
        Q_EMIT drained();
        return;
    }
    connect(m_server, &http::HttpServer::drained, this, &GatewayWorker::drained, Qt::UniqueConnection);
    m_server->drain();
}

void GatewayWorker::setConfig(ConfigSnapshot config)
{
    m_config = std::move(config);
    if (m_server)
        m_server->setLimits(limitsForOneWorker());
    if (m_requestLog) // shared by the workers: each sets the same value
        m_requestLog->setRetention(m_config->server.requestLogRetentionDays);
}

void GatewayWorker::handle(std::shared_ptr<http::HttpExchange> exchange)
{
    auto context = std::make_shared<pipeline::RequestContext>(std::move(exchange), m_config, m_services);
    m_chain->run(context);
}

// ---- Gateway (owner's thread) ----

Gateway::Gateway(QObject* parent)
    : QObject(parent), m_statsTimer(new QTimer(this)), m_drainTimer(new QTimer(this))
{
    qRegisterMetaType<std::shared_ptr<tollgate::RequestLogWriter>>();
    qRegisterMetaType<tollgate::telemetry::StatsSnapshot>();
    m_statsTimer->setInterval(1000);
    connect(m_statsTimer, &QTimer::timeout, this, &Gateway::publishStats);
    m_drainTimer->setSingleShot(true);
    connect(m_drainTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcGateway) << "requests still in flight after the drain timeout: cutting them";
        stop();
    });
}

Gateway::~Gateway()
{
    stop();
}

int Gateway::workersFor(const GatewayConfig& config)
{
    if (config.server.workers > 0)
        return config.server.workers;
    return std::clamp(QThread::idealThreadCount(), 1, 4);
}

GatewayWorker* Gateway::addWorker()
{
    const int index = int(m_workers.size());
    auto* thread = new QThread;
    thread->setObjectName(QStringLiteral("tollgate-gw%1").arg(index));
    // epoll instead of Qt's poll() over every socket on each iteration; TOLLGATE_DISPATCHER=poll
    // keeps Qt's own, for comparison.
    if (QAbstractEventDispatcher* dispatcher = http::EpollEventDispatcher::createForWorker(m_config->server.busyPollUs))
        thread->setEventDispatcher(dispatcher);
    auto* worker = new GatewayWorker(m_config, m_stats->addShard(), m_budget.get(), m_admin.get(), m_ledger.get());
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    m_threads.push_back(thread);
    m_workers.push_back(worker);
    thread->start();
    return worker;
}

void Gateway::start(ConfigSnapshot config, const QString& dataDir)
{
    if (isRunning())
        return;
    m_config = std::move(config);
    if (!QDir().mkpath(dataDir)) {
        Q_EMIT startFailed(tr("Cannot create the data directory %1").arg(dataDir));
        return;
    }
    m_databasePath = QDir(dataDir).filePath(QStringLiteral("tollgate.db"));
    // Keys, limits and budgets are shared by every worker: one service for the whole gateway.
    auto budgetService = budget::BudgetService::open(dataDir, m_config->budget);
    if (!budgetService) {
        Q_EMIT startFailed(tr("Cannot open the budget store in %1: %2").arg(dataDir, budgetService.error().message));
        return;
    }
    m_budget = std::shared_ptr<budget::BudgetService>(std::move(budgetService.value()));
    auto adminKey = budget::AdminApi::adminKeyFromConfig(m_config->budget);
    if (!adminKey) {
        m_budget.reset();
        Q_EMIT startFailed(adminKey.error().message);
        return;
    }
    m_admin = std::make_shared<budget::AdminApi>(*m_budget, *adminKey);
    // The decision ledger: no ledger, no service (every request must leave its record). Its
    // signing key lives in the secret store like a provider key: the OS keychain where a desktop
    // session offers one, else the encrypted file in the data dir.
    SecretStore::Options secretOptions;
    secretOptions.dataDir = dataDir;
    secretOptions.useKeychain = !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
    SecretStore secrets(secretOptions);
    auto signingKey = loadOrCreateSigningKey(
        [&](const QString& name) -> Result<QByteArray> {
            auto value = secrets.read(name);
            if (!value)
                return value.error();
            return value->value_or(QByteArray());
        },
        [&](const QString& name, const QByteArray& bytes) { return secrets.write(name, bytes); });
    if (!signingKey) {
        m_admin.reset();
        m_budget.reset();
        Q_EMIT startFailed(tr("Cannot load the ledger's signing key: %1").arg(signingKey.error().message));
        return;
    }
    QString ledgerError;
    std::unique_ptr<DecisionLedger> ledger =
        DecisionLedger::open(QDir(dataDir).filePath(QStringLiteral("ledger.db")), *signingKey, &ledgerError);
    if (!ledger) {
        m_admin.reset();
        m_budget.reset();
        Q_EMIT startFailed(tr("Cannot open the decision ledger: %1").arg(ledgerError));
        return;
    }
    m_ledger = std::shared_ptr<DecisionLedger>(std::move(ledger));
    m_stats = std::make_unique<telemetry::StatsAggregator>();
    GatewayWorker* first = addWorker();
    connect(first, &GatewayWorker::listening, this, &Gateway::onListening);
    connect(first, &GatewayWorker::failed, this, [this](const QString& error) {
        qCWarning(lcGateway).noquote() << error;
        stop();
        Q_EMIT startFailed(error);
    });
    QMetaObject::invokeMethod(
        first, [first, path = m_databasePath] { first->startListening(path); }, Qt::QueuedConnection);
}

void Gateway::onListening(const QString& address, quint16 port, std::shared_ptr<RequestLogWriter> requestLog)
{
    const int count = workersFor(*m_config);
    for (int i = 1; i < count; ++i) {
        GatewayWorker* worker = addWorker();
        QMetaObject::invokeMethod(
            worker, [worker, requestLog] { worker->startServing(requestLog); }, Qt::QueuedConnection);
    }
    // Queued after each worker's startServing, so a handed-over connection finds its server there.
    GatewayWorker* first = m_workers.front();
    QMetaObject::invokeMethod(
        first, [first, peers = m_workers] { first->shareConnections(peers); }, Qt::QueuedConnection);
    m_listenAddress = address;
    m_port = port;
    m_statsTimer->start();
    qCInfo(lcGateway).noquote() << "listening on" << address << "with" << count << "worker threads";
    Q_EMIT started(address);
}

void Gateway::drain(int timeoutMs)
{
    if (!isRunning() || m_drainingWorkers > 0)
        return;
    if (timeoutMs <= 0 || m_listenAddress.isEmpty()) { // nothing served yet: nothing to wait for
        stop();
        return;
    }
    qCInfo(lcGateway) << "draining: no new connections; waiting up to" << timeoutMs
                      << "ms for requests in flight";
    m_drainingWorkers = int(m_workers.size());
    for (GatewayWorker* worker : m_workers) {
        connect(
            worker, &GatewayWorker::drained, this,
            [this] {
                if (m_drainingWorkers > 0 && --m_drainingWorkers == 0)
                    stop();
            },
            Qt::QueuedConnection);
        QMetaObject::invokeMethod(
            worker, [worker] { worker->drain(); }, Qt::QueuedConnection);
    }
    m_drainTimer->start(timeoutMs);
}

void Gateway::stop()
{
    m_drainingWorkers = 0;
    m_drainTimer->stop();
    if (!isRunning())
        return;
    // The listening worker first, so that no new connection is handed to a stopping worker.
    for (size_t i = 0; i < m_workers.size(); ++i) {
        GatewayWorker* worker = m_workers[i];
        QMetaObject::invokeMethod(worker, [worker] { worker->stopServing(); }, Qt::QueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_threads[i];
    }
    m_threads.clear();
    m_workers.clear();
    m_listenAddress.clear();
    m_port = 0;
    m_statsTimer->stop();
    // The workers are joined: this last snapshot holds everything they recorded.
    publishStats();
    m_stats.reset();
    m_admin.reset();
    m_budget.reset(); // flushes the spend ledger
    m_ledger.reset(); // writes and seals what is queued
    Q_EMIT stopped();
}

void Gateway::publishStats()
{
    // Keys created or revoked by `tollgate keys` (another process) count from the next request.
    if (m_budget) {
        if (Result<bool> reloaded = m_budget->keys().reloadIfChanged(); !reloaded.ok())
            qCWarning(lcGateway).noquote() << "keys not reloaded:" << reloaded.error().message;
    }
    if (m_stats)
        Q_EMIT statsUpdated(m_stats->collect());
}

void Gateway::applyConfig(ConfigSnapshot config)
{
    m_config = config;
    for (GatewayWorker* worker : m_workers) {
        QMetaObject::invokeMethod(
            worker, [worker, config] { worker->setConfig(config); }, Qt::QueuedConnection);
    }
    // Keys, limits, budgets and rates declared in the config: the budget service recounts changed
    // budgets from its ledger, which may wait for a flush, so not on this (possibly the UI) thread.
    if (m_budget) {
        if (!m_budgetReloads) {
            m_budgetReloads = std::make_unique<QThreadPool>();
            m_budgetReloads->setMaxThreadCount(1); // one at a time, in the order they came
        }
        m_budgetReloads->start([budget = m_budget, config] {
            if (Result<void> applied = budget->applyConfig(config->budget); !applied.ok())
                qCWarning(lcGateway).noquote() << "the budget section of the new config was not applied:"
                                               << applied.error().message;
        });
    }
}

} // namespace tollgate

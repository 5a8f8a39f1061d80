#pragma once

#include "config/gatewayconfig.h"
#include "telemetry/statssnapshot.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QThread;
class QThreadPool;
class QTimer;

namespace tollgate {

class DecisionLedger;
class GatewayWorker;
namespace budget {
class AdminApi;
class BudgetService;
} // namespace budget
class RequestLogWriter;
namespace telemetry {
class StatsAggregator;
}

// The running gateway: owns the worker threads — each with its own event loop, HTTP connections,
// upstream client and chain; the first one also accepts connections and hands them out in turn —
// and the store writer they share. Lives on the thread that creates it (the UI thread or main());
// every call here returns at once and results come back as signals.
class Gateway : public QObject
{
    Q_OBJECT
public:
    explicit Gateway(QObject* parent = nullptr);
    ~Gateway() override; // stops the gateway if it runs

    // Starts the first worker, which opens the request log in dataDir (created if missing) and
    // listens on the config's server address; then the other workers. Emits started() or
    // startFailed().
    void start(ConfigSnapshot config, const QString& dataDir);
    // Closes the listener and every connection, flushes the request log, joins the threads.
    void stop();
    // Stops gracefully: no new connections, idle ones close, every request in flight (streams
    // included) finishes and its connection closes after it; then stop(). Whatever is still open
    // after timeoutMs is cut as stop() cuts it. stopped() tells when it is over.
    void drain(int timeoutMs);
    bool isDraining() const { return m_drainingWorkers > 0; }
    // Swaps in a new validated configuration. Requests in flight keep the one they started with.
    // The listen address and the number of workers only change on the next start().
    void applyConfig(ConfigSnapshot config);

    bool isRunning() const { return !m_threads.empty(); }
    ConfigSnapshot config() const { return m_config; }
    // "127.0.0.1:4000" once started.
    QString listenAddress() const { return m_listenAddress; }
    quint16 port() const { return m_port; }
    QString databasePath() const { return m_databasePath; }
    int workerCount() const { return int(m_workers.size()); }
    // The running gateway's budget service and decision ledger (null when stopped). Both are
    // thread-safe; the desktop panels use them from the UI thread through QtConcurrent so that
    // no SQLite write blocks the UI. A stop() drops the gateway's references; a panel holding one
    // keeps the object alive until it lets go.
    std::shared_ptr<budget::BudgetService> budgetService() const { return m_budget; }
    std::shared_ptr<DecisionLedger> decisionLedger() const { return m_ledger; }

    // Worker threads for a config's `server.workers` (0: one per core, at most 4).
    static int workersFor(const GatewayConfig& config);

Q_SIGNALS:
    void started(const QString& listenAddress);
    void startFailed(const QString& error);
    void stopped();
    // About once a second while running, and once more when stopping, on this object's thread:
    // what the workers served since the previous snapshot, and the totals since start().
    void statsUpdated(const tollgate::telemetry::StatsSnapshot& snapshot);

private:
    GatewayWorker* addWorker();
    void publishStats();
    void onListening(const QString& address, quint16 port, std::shared_ptr<RequestLogWriter> requestLog);

    std::vector<QThread*> m_threads;
    std::vector<GatewayWorker*> m_workers;
    std::unique_ptr<telemetry::StatsAggregator> m_stats; // per start(); shards outlive the workers
    std::shared_ptr<budget::BudgetService> m_budget;     // per start(); outlives the workers
    std::shared_ptr<budget::AdminApi> m_admin;
    std::shared_ptr<DecisionLedger> m_ledger;            // per start(); outlives the workers
    QTimer* m_statsTimer = nullptr;
    QTimer* m_drainTimer = nullptr;
    int m_drainingWorkers = 0;                    // > 0 while drain() waits for workers
    std::unique_ptr<QThreadPool> m_budgetReloads; // budget sections of applied configs, in order
    ConfigSnapshot m_config;
    QString m_listenAddress;
    QString m_databasePath;
    quint16 m_port = 0;
};

} // namespace tollgate

#pragma once

#include "config/gatewayconfig.h"
#include "http/httpexchange.h"
#include "pipeline/chain.h"
#include "pipeline/requestcontext.h"

#include <QObject>

#include <memory>
#include <vector>

namespace tollgate {

class RequestLogWriter;
namespace http {
class HttpServer;
class UpstreamClient;
} // namespace http

// Everything that lives on one of the gateway's worker threads: an HTTP server (serving the
// connections handed to it), an upstream client with its connection pool, and the chain.
// Created on the owner's thread, moved to its worker thread, driven by queued calls.
class GatewayWorker : public QObject, public http::RequestHandler
{
    Q_OBJECT
public:
    // telemetry: this worker's shard, owned by the Gateway's aggregator (may be null).
    GatewayWorker(ConfigSnapshot config, telemetry::TelemetryShard* telemetry, budget::BudgetService* budget = nullptr,
                  budget::AdminApi* admin = nullptr, DecisionLedger* ledger = nullptr);
    ~GatewayWorker() override;

    void handle(std::shared_ptr<http::HttpExchange> exchange) override;

    // The rest: the worker's own thread only.

    // The first worker: opens the request log at databasePath, then listens; emits listening()
    // or failed().
    void startListening(const QString& databasePath);
    // The other workers: serve connections handed to them, logging into the shared writer.
    void startServing(std::shared_ptr<RequestLogWriter> requestLog);
    // The listening worker hands accepted connections to `peers` (itself included) in turn.
    void shareConnections(std::vector<GatewayWorker*> peers);
    // Serves a connection another worker accepted.
    void adopt(qintptr socketDescriptor);
    void stopServing();
    // Stops accepting and lets the requests in hand finish (HttpServer::drain); drained() when
    // this worker has no connection left.
    void drain();
    void setConfig(ConfigSnapshot config);

Q_SIGNALS:
    void drained();
    void listening(const QString& address, quint16 port, std::shared_ptr<tollgate::RequestLogWriter> requestLog);
    void failed(const QString& error);

private:
    void createServer(std::shared_ptr<RequestLogWriter> requestLog);
    http::ServerLimits limitsForOneWorker() const;

    telemetry::TelemetryShard* m_telemetry = nullptr;
    budget::BudgetService* m_budget = nullptr; // owned by the Gateway, outlives the worker's serving
    budget::AdminApi* m_admin = nullptr;
    DecisionLedger* m_ledger = nullptr;
    int m_workerCount = 1;
    ConfigSnapshot m_config;
    std::shared_ptr<const pipeline::Chain> m_chain;
    std::shared_ptr<RequestLogWriter> m_requestLog;
    http::UpstreamClient* m_upstream = nullptr;
    http::HttpServer* m_server = nullptr;
    pipeline::GatewayServices m_services;
    std::vector<GatewayWorker*> m_peers;
    size_t m_nextPeer = 0;
};

} // namespace tollgate

#pragma once

#include "config/gatewayconfig.h"
#include "http/httpexchange.h"
#include "pipeline/chain.h"
#include "pipeline/requestcontext.h"

#include <QObject>

#include <memory>

namespace tollgate {

class RequestLogWriter;
namespace http {
class HttpServer;
class UpstreamClient;
} // namespace http

// Everything that lives on the gateway's worker thread. Created on the owner's thread, moved to
// the worker, driven by queued calls; never touched directly from another thread.
class GatewayWorker : public QObject, public http::RequestHandler
{
    Q_OBJECT
public:
    GatewayWorker(ConfigSnapshot config, QString databasePath);
    ~GatewayWorker() override;

    void handle(std::shared_ptr<http::HttpExchange> exchange) override;

    // Worker thread only.
    void startServing();
    void stopServing();
    void setConfig(ConfigSnapshot config);

Q_SIGNALS:
    void serving(const QString& address, quint16 port);
    void failed(const QString& error);

private:
    ConfigSnapshot m_config;
    QString m_databasePath;
    std::shared_ptr<const pipeline::Chain> m_chain;
    std::unique_ptr<RequestLogWriter> m_requestLog;
    http::UpstreamClient* m_upstream = nullptr;
    http::HttpServer* m_server = nullptr;
    pipeline::GatewayServices m_services;
};

} // namespace tollgate

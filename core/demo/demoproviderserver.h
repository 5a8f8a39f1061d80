#pragma once

#include "http/httpexchange.h"

#include <QObject>
#include <QString>

#include <memory>
#include <random>

namespace tollgate::http {
class HttpServer;
}

namespace tollgate::demo {

// How one simulated provider behaves. Latencies are milliseconds.
struct DemoProviderProfile
{
    QString name;                   // "demo-eu"
    QString region;                 // "eu"
    double medianLatencyMs = 300;   // time to the whole answer (non-stream) or first token (stream)
    double latencySpread = 0.45;    // sigma of the log-normal latency
    double interTokenMs = 25;       // between stream chunks
    double rateLimitRate = 0.02;    // share of requests answered 429
    double serverErrorRate = 0.01;  // share answered 500
    quint32 seed = 0;               // 0: from the clock
};

// One simulated OpenAI-style provider on loopback: POST /v1/chat/completions (JSON or SSE stream,
// with usage as OpenAI reports it, also as the final stream chunk when stream_options.include_usage
// is set), GET /v1/models, and OpenAI-shaped errors. Latency is log-normal around the profile's
// median, answers have 8 to 160 completion tokens, and a small share of requests get 429 or 500.
// Untrusted input (a body that is not JSON, no messages) gets a 400, never an assert.
//
// Thread: lives on one thread (the demo's), like the HttpServer it owns.
class DemoProviderServer : public QObject, public http::RequestHandler
{
    Q_OBJECT
public:
    explicit DemoProviderServer(DemoProviderProfile profile, QObject* parent = nullptr);
    ~DemoProviderServer() override;

    bool listen(); // 127.0.0.1, a free port
    quint16 port() const;
    QString errorString() const;
    const DemoProviderProfile& profile() const { return m_profile; }
    qint64 requestsServed() const { return m_served; }

    void handle(std::shared_ptr<http::HttpExchange> exchange) override;

private:
    void chatCompletion(const std::shared_ptr<http::HttpExchange>& exchange);
    void streamNext(const std::shared_ptr<struct DemoStream>& stream);
    int latencyMs();
    int pick(int low, int high); // uniform, inclusive

    DemoProviderProfile m_profile;
    std::unique_ptr<http::HttpServer> m_server;
    std::mt19937 m_random;
    qint64 m_served = 0;
};

} // namespace tollgate::demo

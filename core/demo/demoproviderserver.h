#pragma once

#include "http/httpexchange.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <queue>
#include <random>
#include <vector>

class QTimer;

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
// Answers are written from ready-made pieces of JSON, and every delay (the first byte, each stream
// write) waits in one queue served by one timer, so a few thousand answers in flight cost one timer
// wake-up per few milliseconds rather than a timer each.
//
// Time scale: at 1 (the default) the latencies are the profile's. Below 1 every delay is
// multiplied by it and stream events carry several tokens each (about 1/scale, at most 8), so a
// load test at thousands of requests a second keeps as many requests open as a realistic few
// hundred a second would (Little's law), with fewer, larger stream events. Token counts, prices
// and error rates do not change with the scale.
//
// Thread: lives on one thread (the demo's), like the HttpServer it owns.
class DemoProviderServer : public QObject, public http::RequestHandler
{
    Q_OBJECT
public:
    // Up to this many requests a second the demo's latencies are real (timeScaleFor() is 1).
    static constexpr double RealTimeRate = 125.0;
    // The time scale for traffic at requestsPerSecond: 1 up to RealTimeRate, RealTimeRate / rate above.
    static double timeScaleFor(double requestsPerSecond);

    explicit DemoProviderServer(DemoProviderProfile profile, QObject* parent = nullptr);
    ~DemoProviderServer() override;

    bool listen(); // 127.0.0.1, a free port
    quint16 port() const;
    QString errorString() const;
    const DemoProviderProfile& profile() const { return m_profile; }
    qint64 requestsServed() const { return m_served; }

    // (0, 1]; applies to requests that arrive afterwards.
    void setTimeScale(double scale);
    double timeScale() const { return m_timeScale; }
    // Tokens per stream event at the current time scale (1 at real time).
    int tokensPerEvent() const { return m_tokensPerEvent; }
    // Answers waiting for their next write (first byte, stream event or end).
    int answersPending() const { return int(m_due.size()); }

    void handle(std::shared_ptr<http::HttpExchange> exchange) override;

private:
    struct Answer;
    struct Due
    {
        std::int64_t atNs;   // on m_clock
        std::uint64_t order; // first come, first served among equal times
        std::shared_ptr<Answer> answer;
        bool operator>(const Due& other) const
        {
            return atNs != other.atNs ? atNs > other.atNs : order > other.order;
        }
    };

    void chatCompletion(const std::shared_ptr<http::HttpExchange>& exchange);
    void advance(const std::shared_ptr<Answer>& answer);
    void streamNext(const std::shared_ptr<Answer>& answer);
    void schedule(std::shared_ptr<Answer> answer, double delayMs);
    void armTimer();
    void serveDue();
    int latencyMs();
    int pick(int low, int high); // uniform, inclusive

    DemoProviderProfile m_profile;
    std::unique_ptr<http::HttpServer> m_server;
    std::mt19937 m_random;
    qint64 m_served = 0;
    double m_timeScale = 1.0;
    int m_tokensPerEvent = 1;
    QTimer* m_timer;
    QElapsedTimer m_clock;
    std::int64_t m_armedForNs = 0; // when m_timer fires, if active
    std::uint64_t m_order = 0;
    bool m_serving = false;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_due;
};

} // namespace tollgate::demo

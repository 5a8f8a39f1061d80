#pragma once

#include "config/gatewayconfig.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace tollgate::demo {

class DemoProviderServer;
class TrafficGenerator;

// The built-in demo: three simulated OpenAI-style providers (demo-eu, demo-in, demo-us in regions
// eu, in and us) listening on loopback, routes over them, and a traffic generator sending real
// HTTP requests to the gateway. The providers run on a "tollgate-sim" thread and the generator on
// a "tollgate-demo" thread: at thousands of requests a second each side has hundreds of sockets,
// and two threads each poll half of them, on both cores. This object lives on its creator's
// thread (the UI thread) and every call returns at once except stop(), which joins both threads
// (short: they only close sockets and timers).
//
// The demo only exists while a DemoMode has been started: nothing else in Tollgate knows about
// the demo providers, so they are never used unless the user chose the demo.
class DemoMode : public QObject
{
    Q_OBJECT
public:
    explicit DemoMode(QObject* parent = nullptr);
    ~DemoMode() override; // stops

    // Starts the simulated providers (ports chosen by the system). Emits ready() with a config that
    // keeps base's server section and has the demo's providers and routes, or failed().
    void start(ConfigSnapshot base);
    // Starts the traffic generator against the gateway at host:port (after ready()), at
    // requestsPerSecond, or at trafficRate() when that is 0. Above DemoProviderServer::RealTimeRate
    // the simulated providers answer proportionally sooner (DemoProviderServer::timeScaleFor()).
    void startTraffic(const QString& host, quint16 port, double requestsPerSecond = 0);
    // The rate startTraffic() uses by default: 4 requests/s, enough to bring the dashboard alive;
    // up to TrafficGenerator::MaxRate (5,000) for load tests of the desktop manager.
    void setTrafficRate(double requestsPerSecond);
    double trafficRate() const { return m_trafficRate; }
    void stop();
    bool isRunning() const { return m_thread != nullptr; }

    // Counters of the traffic generator; any thread.
    qint64 requestsSent() const { return m_counters->sent.load(); }
    qint64 responsesReceived() const { return m_counters->answered.load(); }
    qint64 requestsFailed() const { return m_counters->failed.load(); }
    qint64 requestsSkipped() const { return m_counters->skipped.load(); }

    struct Counters
    {
        std::atomic<qint64> sent{0};
        std::atomic<qint64> answered{0}; // any HTTP status (a simulated 429 is an answer)
        std::atomic<qint64> failed{0};   // no HTTP answer at all
        std::atomic<qint64> skipped{0};  // due but not sent: too many requests were open
    };

Q_SIGNALS:
    void ready(const tollgate::ConfigSnapshot& config);
    void failed(const QString& error);

private:
    QThread* m_thread = nullptr;         // the generator's
    QThread* m_providerThread = nullptr; // the simulated providers'
    QObject* m_root = nullptr;           // lives on m_thread; parent of the generator
    QObject* m_providerRoot = nullptr;   // lives on m_providerThread; parent of the providers
    TrafficGenerator* m_generator = nullptr;
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
    double m_trafficRate = 4.0;
    int m_generation = 0; // tells a late ready() of a stopped run from the current one
};

} // namespace tollgate::demo

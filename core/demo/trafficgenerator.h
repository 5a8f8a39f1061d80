#pragma once

#include "demo/demomode.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <random>
#include <vector>

class QTimer;

namespace tollgate::http {
class UpstreamClient;
}

namespace tollgate::demo {

// Sends a steady stream of chat requests to a gateway: Poisson arrivals at requestsPerSecond (up
// to MaxRate), a mix of route aliases and direct provider/model names, about 40% streamed,
// prompts of varied length. Real HTTP over loopback through core's upstream client (libcurl,
// pooled keep-alive connections), so the requests go through the gateway's whole path like any
// client's, and a few thousand a second cost the demo thread little.
//
// Concurrency is bounded: at most maxInFlight() requests wait for answers; an arrival due while
// that many are open is not sent and counts as skipped (the gateway is not keeping up, or is
// gone), so the offered load never piles up. Every open request holds a connection from here to
// the gateway and one from the gateway to a provider, four descriptors in this one process, and
// each event loop polls all of its descriptors on every pass: the cap keeps that bounded.
// With the category tollgate.demo at debug level, the counters are logged every 10 seconds.
// Thread: lives on and is used from one thread (the demo's); never the UI thread.
class TrafficGenerator : public QObject
{
    Q_OBJECT
public:
    static constexpr double MaxRate = 5000.0;

    TrafficGenerator(std::shared_ptr<DemoMode::Counters> counters, QObject* parent = nullptr);
    ~TrafficGenerator() override;

    void start(const QUrl& gatewayBaseUrl, double requestsPerSecond);
    void stop();
    double rate() const { return m_rate; }
    // About two seconds of arrivals (a streamed answer takes that long), at least 32, at most
    // MaxInFlight (at fast rates the demo providers answer sooner; see DemoProviderServer).
    int maxInFlight() const;
    static constexpr int MaxInFlight = 384;
    int inFlight() const { return m_inFlight; }
    // The most requests open at once since start().
    int peakInFlight() const { return m_peakInFlight; }

    // The models the generator asks for: route aliases of the demo config and direct names.
    static QStringList models();

private:
    void onTick();
    void scheduleTick();
    void sendOne();
    double nextGapNs();
    void report(qint64 nowNs);

    std::shared_ptr<DemoMode::Counters> m_counters;
    http::UpstreamClient* m_client = nullptr;
    QTimer* m_timer;
    QElapsedTimer m_clock;
    qint64 m_nextDueNs = 0; // on m_clock
    std::string m_url;
    std::vector<QByteArray> m_bodies; // every model x prompt x stream combination, built once
    double m_rate = 4.0;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    qint64 m_reportedAtNs = 0; // on m_clock
    bool m_running = false;
    std::mt19937 m_random;
};

} // namespace tollgate::demo

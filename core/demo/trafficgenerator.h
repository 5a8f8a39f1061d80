#pragma once

#include "demo/demomode.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <random>

class QNetworkAccessManager;
class QTimer;

namespace tollgate::demo {

// Sends a steady stream of chat requests to a gateway: Poisson arrivals at requestsPerSecond, a
// mix of route aliases and direct provider/model names, about 40% streamed, prompts of varied
// length. Real HTTP over loopback (QNetworkAccessManager), so the requests go through the
// gateway's whole path like any client's. Thread: lives on and is used from one thread (the
// demo's); never the UI thread.
class TrafficGenerator : public QObject
{
    Q_OBJECT
public:
    TrafficGenerator(std::shared_ptr<DemoMode::Counters> counters, QObject* parent = nullptr);
    ~TrafficGenerator() override;

    void start(const QUrl& gatewayBaseUrl, double requestsPerSecond);
    void stop();

    // The models the generator asks for: route aliases of the demo config and direct names.
    static QStringList models();

private:
    void scheduleNext();
    void sendOne();

    std::shared_ptr<DemoMode::Counters> m_counters;
    QNetworkAccessManager* m_network = nullptr;
    QTimer* m_timer;
    QUrl m_url;
    double m_rate = 4.0;
    int m_inFlight = 0;
    std::mt19937 m_random;
};

} // namespace tollgate::demo

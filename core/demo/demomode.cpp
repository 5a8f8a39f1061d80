#include "demo/demomode.h"

#include "demo/democonfig.h"
#include "demo/demoproviderserver.h"
#include "demo/trafficgenerator.h"

#include <QCoreApplication>
#include <QThread>
#include <QUrl>

#include <algorithm>

namespace tollgate::demo {

namespace {

// Loopback servers answer in microseconds; these latencies are what hosted models take. The US
// provider is the quickest, India's the slowest and the most often rate-limited.
const DemoProviderProfile Profiles[] = {
    {QStringLiteral("demo-eu"), QStringLiteral("eu"), 320, 0.45, 22, 0.02, 0.01, 0},
    {QStringLiteral("demo-in"), QStringLiteral("in"), 480, 0.55, 30, 0.05, 0.015, 0},
    {QStringLiteral("demo-us"), QStringLiteral("us"), 260, 0.40, 18, 0.015, 0.01, 0},
};

} // namespace

DemoMode::DemoMode(QObject* parent) : QObject(parent)
{
}

DemoMode::~DemoMode()
{
    stop();
}

void DemoMode::start(ConfigSnapshot base)
{
    if (m_thread)
        return;
    m_counters = std::make_shared<Counters>();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("tollgate-demo"));
    m_root = new QObject;
    m_root->setObjectName(QStringLiteral("demoRoot"));
    m_generator = new TrafficGenerator(m_counters, m_root);
    m_root->moveToThread(m_thread); // and its children with it
    m_providerThread = new QThread;
    m_providerThread->setObjectName(QStringLiteral("tollgate-sim"));
    m_providerRoot = new QObject;
    m_providerRoot->setObjectName(QStringLiteral("demoProviders"));
    m_providerRoot->moveToThread(m_providerThread);
    // Everything under the roots is deleted on their threads as they end (QThread runs deferred
    // deletes after finished()).
    connect(m_thread, &QThread::finished, m_root, &QObject::deleteLater);
    connect(m_providerThread, &QThread::finished, m_providerRoot, &QObject::deleteLater);
    m_thread->start();
    m_providerThread->start();

    const int generation = ++m_generation;
    QObject* root = m_providerRoot;
    QMetaObject::invokeMethod(
        root,
        [this, root, base = std::move(base), generation] {
            // On the providers' thread.
            DemoProviderPorts ports;
            QString error;
            for (const DemoProviderProfile& profile : Profiles) {
                auto* server = new DemoProviderServer(profile, root);
                if (!server->listen()) {
                    error =
                        QCoreApplication::translate("tollgate::demo", "demo provider %1 cannot listen: %2")
                            .arg(profile.name, server->errorString());
                    break;
                }
                (profile.region == QLatin1String("eu")   ? ports.eu
                 : profile.region == QLatin1String("in") ? ports.in
                                                         : ports.us) = server->port();
            }
            Result<ConfigSnapshot> config =
                error.isEmpty() ? demoConfig(base, ports) : Result<ConfigSnapshot>(makeError(error));
            // Back to the owner's thread; dropped if the DemoMode is gone by then.
            QMetaObject::invokeMethod(
                this,
                [this, config = std::move(config), generation] {
                    if (generation != m_generation || !m_thread)
                        return; // stopped (and maybe restarted) meanwhile
                    if (config.ok())
                        Q_EMIT ready(config.value());
                    else
                        Q_EMIT failed(config.error().message);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void DemoMode::setTrafficRate(double requestsPerSecond)
{
    if (requestsPerSecond > 0)
        m_trafficRate = std::min(requestsPerSecond, TrafficGenerator::MaxRate);
}

void DemoMode::startTraffic(const QString& host, quint16 port, double requestsPerSecond)
{
    if (!m_generator)
        return;
    if (requestsPerSecond <= 0)
        requestsPerSecond = m_trafficRate;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host == QLatin1String("0.0.0.0") || host == QLatin1String("::") ? QStringLiteral("127.0.0.1") : host);
    url.setPort(port);
    url.setPath(QStringLiteral("/"));
    QObject* providers = m_providerRoot;
    const double scale = DemoProviderServer::timeScaleFor(requestsPerSecond);
    QMetaObject::invokeMethod(
        providers,
        [providers, scale] {
            for (DemoProviderServer* server :
                 providers->findChildren<DemoProviderServer*>(Qt::FindDirectChildrenOnly))
                server->setTimeScale(scale);
        },
        Qt::QueuedConnection);
    TrafficGenerator* generator = m_generator;
    QMetaObject::invokeMethod(generator, [generator, url, requestsPerSecond] { generator->start(url, requestsPerSecond); },
                              Qt::QueuedConnection);
}

void DemoMode::stop()
{
    if (!m_thread)
        return;
    ++m_generation;
    // The traffic first, then what it talks to.
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_root = nullptr;
    m_generator = nullptr;
    m_providerThread->quit();
    m_providerThread->wait();
    delete m_providerThread;
    m_providerThread = nullptr;
    m_providerRoot = nullptr;
}

} // namespace tollgate::demo

#pragma once

#include "config/gatewayconfig.h"

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace tollgate {

class GatewayWorker;

// The running gateway: owns the worker thread on which the HTTP server, the request chain and
// the upstream client live, and the store writer. Lives on the thread that creates it (the UI
// thread or main()); every call here returns at once and results come back as signals.
class Gateway : public QObject
{
    Q_OBJECT
public:
    explicit Gateway(QObject* parent = nullptr);
    ~Gateway() override; // stops the gateway if it runs

    // Starts the worker thread, opens the request log in dataDir (created if missing) and listens
    // on the config's server address. Emits started() or startFailed().
    void start(ConfigSnapshot config, const QString& dataDir);
    // Closes the listener and in-flight connections, flushes the request log, joins the threads.
    void stop();
    // Swaps in a new validated configuration. Requests in flight keep the one they started with.
    // The listen address only changes on the next start().
    void applyConfig(ConfigSnapshot config);

    bool isRunning() const { return m_thread != nullptr; }
    ConfigSnapshot config() const { return m_config; }
    // "127.0.0.1:4000" once started.
    QString listenAddress() const { return m_listenAddress; }
    quint16 port() const { return m_port; }
    QString databasePath() const { return m_databasePath; }

Q_SIGNALS:
    void started(const QString& listenAddress);
    void startFailed(const QString& error);
    void stopped();

private:
    void onWorkerStarted(const QString& address, quint16 port);

    QThread* m_thread = nullptr;
    GatewayWorker* m_worker = nullptr;
    ConfigSnapshot m_config;
    QString m_listenAddress;
    QString m_databasePath;
    quint16 m_port = 0;
};

} // namespace tollgate

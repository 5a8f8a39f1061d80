#pragma once

#include "http/httpexchange.h"

#include <QHostAddress>
#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>

class QTcpServer;

namespace tollgate::http {

struct ServerLimits
{
    std::int64_t maxHeaderBytes = 64 * 1024;      // request line + headers; over it: 431
    std::int64_t maxBodyBytes = 32 * 1024 * 1024; // de-chunked body; over it: 413
    int headerTimeoutMs = 10'000;                 // first byte to end of headers; over it: 408 + close
    int bodyTimeoutMs = 60'000;                   // no body byte for this long: 408 + close
    int idleTimeoutMs = 60'000;                   // keep-alive connection with no request: close
    int maxConnections = 10'000;                  // more are accepted and closed at once
    int listenBacklog = 4096;
    std::int64_t maxPipelinedBytes = 1024 * 1024; // unread input held while a response is pending
};

// HTTP/1.1 server: accepts connections and hands complete requests to a RequestHandler.
// Thread: lives on one thread (the gateway's worker); the handler is called there.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    // handler must outlive the server.
    HttpServer(RequestHandler* handler, ServerLimits limits, QObject* parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress& address, quint16 port);
    // Stops accepting; open connections finish their current exchange and stay until they close.
    void close();
    // Winds down without cutting a request: stops accepting; a connection idle between requests
    // closes now; a request already sent (even in part) is still served; every response from now
    // on says Connection: close and its connection closes after it (a stream after its last
    // chunk). Connections adopted later are treated the same. drained() follows, queued, once no
    // connection is left.
    void drain();
    bool isDraining() const { return m_draining; }
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;

    const ServerLimits& limits() const { return m_limits; }
    // Applies to new connections and to the next request of open ones; the backlog only at listen().
    void setLimits(const ServerLimits& limits) { m_limits = limits; }
    int openConnections() const { return m_openConnections; }

    // Several servers on several threads can share one listener: the listening server hands each
    // accepted descriptor to `distributor`, which passes it on to some server's adopt() (on that
    // server's thread) — possibly its own. Without a distributor the server serves what it accepts.
    void setDistributor(std::function<void(qintptr socketDescriptor)> distributor);
    // Serves an already accepted connection. This server's thread only; closes it when over the cap.
    void adopt(qintptr socketDescriptor);

    // Called by HttpConnection.
    void connectionClosed(HttpConnection* connection);
    RequestHandler* handler() const { return m_handler; }

Q_SIGNALS:
    void drained();

private:
    void acceptDescriptor(qintptr socketDescriptor);
    void onAcceptError();
    void checkDrained();

    std::function<void(qintptr)> m_distributor;
    RequestHandler* m_handler;
    ServerLimits m_limits;
    QTcpServer* m_tcp;
    int m_openConnections = 0;
    bool m_draining = false;
    bool m_drainedSignalled = false;
};

} // namespace tollgate::http

#include "http/httpserver.h"

#include "common/logging.h"
#include "http/httpconnection.h"

#include <QTcpServer>
#include <QTimer>

#include <functional>

#include <unistd.h>

namespace tollgate::http {

namespace {

// Hands accepted descriptors to the server instead of wrapping each in a QTcpSocket first.
class Listener final : public QTcpServer
{
public:
    Listener(std::function<void(qintptr)> onAccepted, QObject* parent)
        : QTcpServer(parent), m_onAccepted(std::move(onAccepted))
    {
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_onAccepted(socketDescriptor); }

private:
    std::function<void(qintptr)> m_onAccepted;
};

// After accept() fails for lack of resources (e.g. EMFILE) Qt pauses accepting; try again then.
constexpr int kAcceptRetryMs = 100;

} // namespace

HttpServer::HttpServer(RequestHandler* handler, ServerLimits limits, QObject* parent)
    : QObject(parent), m_handler(handler), m_limits(limits),
      m_tcp(new Listener([this](qintptr fd) { acceptDescriptor(fd); }, this))
{
    connect(m_tcp, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) { onAcceptError(); });
}

HttpServer::~HttpServer()
{
    m_tcp->close();
    // Connections reach back into the server (limits, handler) while they go, so they go first.
    const auto connections = findChildren<HttpConnection*>(QString(), Qt::FindDirectChildrenOnly);
    for (HttpConnection* connection : connections)
        delete connection;
}

bool HttpServer::listen(const QHostAddress& address, quint16 port)
{
    m_tcp->setListenBacklogSize(m_limits.listenBacklog);
    return m_tcp->listen(address, port);
}

void HttpServer::close()
{
    m_tcp->close();
}

void HttpServer::drain()
{
    if (m_draining)
        return;
    m_draining = true;
    m_tcp->close();
    const auto connections = findChildren<HttpConnection*>(QString(), Qt::FindDirectChildrenOnly);
    for (HttpConnection* connection : connections)
        connection->drain();
    checkDrained();
}

void HttpServer::checkDrained()
{
    if (!m_draining || m_openConnections > 0 || m_drainedSignalled)
        return;
    m_drainedSignalled = true;
    // Queued: the last connection may be closing from inside one of its own calls.
    QMetaObject::invokeMethod(this, &HttpServer::drained, Qt::QueuedConnection);
}

bool HttpServer::isListening() const
{
    return m_tcp->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_tcp->serverPort();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_tcp->serverAddress();
}

QString HttpServer::errorString() const
{
    return m_tcp->errorString();
}

void HttpServer::setDistributor(std::function<void(qintptr)> distributor)
{
    m_distributor = std::move(distributor);
}

void HttpServer::acceptDescriptor(qintptr socketDescriptor)
{
    if (m_distributor)
        m_distributor(socketDescriptor);
    else
        adopt(socketDescriptor);
}

void HttpServer::adopt(qintptr socketDescriptor)
{
    if (m_openConnections >= m_limits.maxConnections) {
        qCDebug(lcHttp) << "connection limit reached (" << m_limits.maxConnections
                        << "), closing new connection";
        ::close(static_cast<int>(socketDescriptor));
        return;
    }
    auto* connection = new HttpConnection(socketDescriptor, this);
    if (!connection->isValid()) {
        delete connection;
        ::close(static_cast<int>(socketDescriptor));
        return;
    }
    ++m_openConnections;
    if (m_draining)
        connection->drain();
}

void HttpServer::connectionClosed(HttpConnection* connection)
{
    --m_openConnections;
    connection->deleteLater();
    checkDrained();
}

void HttpServer::onAcceptError()
{
    qCWarning(lcHttp) << "accept failed:" << m_tcp->errorString();
    QTimer::singleShot(kAcceptRetryMs, this, [this] {
        if (m_tcp->isListening())
            m_tcp->resumeAccepting();
    });
}

} // namespace tollgate::http

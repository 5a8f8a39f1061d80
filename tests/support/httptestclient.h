#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QTcpSocket>

#include <optional>

namespace tollgate::testing {

struct TestResponse
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; // lower-case names; repeated fields joined with ", "
    QByteArray body;                      // de-chunked
    QList<QByteArray> chunks;             // the chunks of a chunked body, as framed by the server
    bool chunked = false;

    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    // The `data:` payloads of an SSE body, in order.
    QList<QByteArray> sseData() const;
};

// One event of a stream whose events name themselves (`event:` then `data:`, as Anthropic's and
// the Responses API's do); `name` is empty for an event without an `event:` line.
struct NamedEvent
{
    QByteArray name;
    QJsonObject data;
};
QList<NamedEvent> namedEvents(const QByteArray& body);

// Parses one complete HTTP/1.x response from the front of `buffer` and removes it. nullopt while
// incomplete. `headOnly` for responses to HEAD. Close-delimited bodies need `closed`.
std::optional<TestResponse> takeResponse(QByteArray& buffer, bool closed = false, bool headOnly = false);

// A raw HTTP client for tests, on the test thread's event loop: every wait spins the event loop,
// so fake providers living on the same thread keep serving.
class HttpTestClient : public QObject
{
    Q_OBJECT
public:
    explicit HttpTestClient(quint16 port, QObject* parent = nullptr);

    bool connectToServer(int timeoutMs = 5000);
    void send(const QByteArray& raw);
    // POST with a JSON body, keep-alive.
    void post(const QByteArray& path, const QByteArray& json, const QByteArray& extraHeaders = {});
    void get(const QByteArray& path);
    std::optional<TestResponse> waitForResponse(int timeoutMs = 10000);
    // Waits until the buffered bytes contain `needle` (e.g. a stream's first event).
    bool waitForBytes(const QByteArray& needle, int timeoutMs = 10000);
    bool waitForDisconnected(int timeoutMs = 10000);
    void abort() { m_socket.abort(); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    const QByteArray& buffer() const { return m_buffer; }

    // One request on a fresh connection; the common case.
    static std::optional<TestResponse> request(quint16 port, const QByteArray& method, const QByteArray& path,
                                               const QByteArray& body = {}, const QByteArray& extraHeaders = {},
                                               int timeoutMs = 15000);

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    quint16 m_port;
    bool m_closed = false;
};

} // namespace tollgate::testing

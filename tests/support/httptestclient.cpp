#include "httptestclient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTest>

namespace tollgate::testing {

QList<QByteArray> TestResponse::sseData() const
{
    QList<QByteArray> out;
    for (const QByteArray& event : body.split('\n')) {
        if (event.startsWith("data: "))
            out.append(event.mid(6));
        else if (event.startsWith("data:"))
            out.append(event.mid(5));
    }
    return out;
}

QList<NamedEvent> namedEvents(const QByteArray& body)
{
    QList<NamedEvent> out;
    QByteArray name;
    for (const QByteArray& line : body.split('\n')) {
        if (line.startsWith("event: ")) {
            name = line.mid(7);
        } else if (line.startsWith("data: ")) {
            out.append({name, QJsonDocument::fromJson(line.mid(6)).object()});
            name.clear();
        }
    }
    return out;
}

std::optional<TestResponse> takeResponse(QByteArray& buffer, bool closed, bool headOnly)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    TestResponse response;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    response.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        response.headers[name] = response.headers.contains(name) ? response.headers[name] + ", " + value : value;
    }
    qsizetype pos = headEnd + 4;
    const bool noBody = headOnly || response.status == 204 || response.status == 304 || response.status / 100 == 1;
    if (noBody) {
        buffer.remove(0, pos);
        return response;
    }
    if (response.header("transfer-encoding").toLower().contains("chunked")) {
        response.chunked = true;
        while (true) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size = buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return std::nullopt;
            if (size == 0) {
                const qsizetype trailerEnd = buffer.indexOf("\r\n", lineEnd + 2);
                if (trailerEnd < 0)
                    return std::nullopt;
                pos = trailerEnd + 2; // no trailers expected
                break;
            }
            if (buffer.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            const QByteArray chunk = buffer.mid(lineEnd + 2, size);
            response.chunks.append(chunk);
            response.body.append(chunk);
            pos = lineEnd + 2 + size + 2;
        }
    } else if (response.headers.contains("content-length")) {
        const qsizetype length = response.header("content-length").toLongLong();
        if (buffer.size() < pos + length)
            return std::nullopt;
        response.body = buffer.mid(pos, length);
        pos += length;
    } else {
        if (!closed)
            return std::nullopt;
        response.body = buffer.mid(pos);
        pos = buffer.size();
    }
    buffer.remove(0, pos);
    return response;
}

HttpTestClient::HttpTestClient(quint16 port, QObject* parent) : QObject(parent), m_port(port)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_buffer.append(m_socket.readAll()); });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
}

bool HttpTestClient::connectToServer(int timeoutMs)
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return false;
        QTest::qWait(1);
    }
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void HttpTestClient::send(const QByteArray& raw)
{
    m_socket.write(raw);
}

void HttpTestClient::post(const QByteArray& path, const QByteArray& json, const QByteArray& extraHeaders)
{
    send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
         + QByteArray::number(json.size()) + "\r\n" + extraHeaders + "\r\n" + json);
}

void HttpTestClient::get(const QByteArray& path)
{
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

std::optional<TestResponse> HttpTestClient::waitForResponse(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        m_buffer.append(m_socket.readAll());
        if (auto response = takeResponse(m_buffer, m_closed))
            return response;
        if (deadline.hasExpired() || (m_closed && m_socket.bytesAvailable() == 0 && !takeResponse(m_buffer, true)))
            return takeResponse(m_buffer, true);
        QTest::qWait(1);
    }
}

bool HttpTestClient::waitForBytes(const QByteArray& needle, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains(needle)) {
        m_buffer.append(m_socket.readAll());
        if (deadline.hasExpired() || m_closed)
            return m_buffer.contains(needle);
        QTest::qWait(1);
    }
    return true;
}

bool HttpTestClient::waitForDisconnected(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_closed && !deadline.hasExpired())
        QTest::qWait(1);
    return m_closed;
}

std::optional<TestResponse> HttpTestClient::request(quint16 port, const QByteArray& method, const QByteArray& path,
                                                    const QByteArray& body, const QByteArray& extraHeaders,
                                                    int timeoutMs)
{
    HttpTestClient client(port);
    if (!client.connectToServer())
        return std::nullopt;
    QByteArray raw = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders;
    if (!body.isEmpty() || method == "POST")
        raw += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    client.send(raw);
    return client.waitForResponse(timeoutMs);
}

} // namespace tollgate::testing

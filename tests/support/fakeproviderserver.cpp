#include "fakeproviderserver.h"

#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sys/socket.h>

#include <functional>

namespace tollgate::testing {

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 32 * 1024 * 1024;
// Pause between the last bytes written and a reset, so the peer has read them when the RST lands.
constexpr int kResetGraceMs = 30;

const char* reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

quint64 fnv1a64(const QByteArray& bytes)
{
    quint64 hash = 14695981039346656037ull;
    for (char c : bytes) {
        hash ^= quint64(quint8(c));
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace

// ------------------------------------------------------------------------------------------------

namespace fakecontent {

QStringList splitWords(QStringView text)
{
    QStringList words;
    qsizetype start = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isSpace()) {
            if (start >= 0) {
                words.append(text.mid(start, i - start).toString());
                start = -1;
            }
        } else if (start < 0) {
            start = i;
        }
    }
    if (start >= 0)
        words.append(text.mid(start).toString());
    return words;
}

int wordCount(QStringView text)
{
    int count = 0;
    bool inWord = false;
    for (QChar c : text) {
        if (c.isSpace()) {
            inWord = false;
        } else if (!inWord) {
            inWord = true;
            ++count;
        }
    }
    return count;
}

QString replyText(const QString& serverName, const QString& source)
{
    return splitWords(QString(serverName + QStringLiteral(" says: ") + source)).join(QLatin1Char(' '));
}

QString jsonReply(const QString& text)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    const QByteArray utf8 = text.toUtf8();
    w.StartObject();
    w.Key("reply");
    w.String(utf8.constData(), rapidjson::SizeType(utf8.size()), true);
    w.EndObject();
    return QString::fromUtf8(buffer.GetString(), qsizetype(buffer.GetSize()));
}

QString applyStops(const QString& text, const QStringList& stops, QString* matched)
{
    qsizetype earliest = -1;
    matched->clear();
    for (const QString& stop : stops) {
        if (stop.isEmpty())
            continue;
        const qsizetype at = text.indexOf(stop);
        if (at >= 0 && (earliest < 0 || at < earliest)) {
            earliest = at;
            *matched = stop;
        }
    }
    if (earliest < 0)
        return text;
    QString cut = text.left(earliest);
    while (!cut.isEmpty() && cut.back().isSpace())
        cut.chop(1);
    return cut;
}

QList<float> embeddingFor(const QString& input)
{
    const quint64 hash = fnv1a64(input.toUtf8());
    QList<float> values;
    values.reserve(8);
    for (int k = 0; k < 8; ++k)
        values.append(float(double((hash >> (8 * k)) & 0xff) / 127.5 - 1.0));
    return values;
}

QByteArray argumentsFor(const QStringList& required, const QString& source)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    const QByteArray value = source.toUtf8();
    w.StartObject();
    for (const QString& name : required) {
        const QByteArray key = name.toUtf8();
        w.Key(key.constData(), rapidjson::SizeType(key.size()), true);
        w.String(value.constData(), rapidjson::SizeType(value.size()), true);
    }
    w.EndObject();
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

TextAnswer textAnswer(const QString& serverName, const QString& source, bool jsonMode,
                      const QStringList& stops, int maxTokens)
{
    TextAnswer answer;
    QString text = replyText(serverName, source);
    if (jsonMode)
        text = jsonReply(text);
    text = applyStops(text, stops, &answer.stopSequence);
    answer.words = splitWords(text);
    if (maxTokens >= 0 && answer.words.size() > maxTokens) {
        answer.words = answer.words.mid(0, maxTokens);
        answer.cutByMaxTokens = true;
    }
    return answer;
}

QList<DeclaredTool> toolsToCall(const QList<DeclaredTool>& tools, ToolChoice choice, const QString& forced,
                                bool parallelAllowed, bool endsWithToolResults)
{
    if (tools.isEmpty() || choice == ToolChoice::None || endsWithToolResults)
        return {};
    if (choice == ToolChoice::Forced) {
        for (const DeclaredTool& tool : tools) {
            if (tool.name == forced)
                return {tool};
        }
        return {DeclaredTool{forced, {}}};
    }
    if (choice == ToolChoice::Required && parallelAllowed && tools.size() >= 2)
        return tools;
    return {tools.front()};
}

} // namespace fakecontent

// ------------------------------------------------------------------------------------------------

FakeBehaviour FakeBehaviour::statusCode(int code, int retryAfterSeconds, QByteArray body)
{
    FakeBehaviour b;
    b.kind = Kind::Status;
    b.status = code;
    b.retryAfterSeconds = retryAfterSeconds;
    b.body = std::move(body);
    return b;
}

FakeBehaviour FakeBehaviour::hang()
{
    FakeBehaviour b;
    b.kind = Kind::Hang;
    return b;
}

FakeBehaviour FakeBehaviour::resetBeforeResponse()
{
    FakeBehaviour b;
    b.kind = Kind::ResetBeforeResponse;
    return b;
}

FakeBehaviour FakeBehaviour::resetMidStream(int afterEvents)
{
    FakeBehaviour b;
    b.kind = Kind::ResetMidStream;
    b.afterEvents = afterEvents;
    return b;
}

FakeBehaviour FakeBehaviour::slowFirstByte(int ms)
{
    FakeBehaviour b;
    b.kind = Kind::SlowFirstByte;
    b.delayMs = ms;
    return b;
}

FakeBehaviour FakeBehaviour::eventDelay(int ms)
{
    FakeBehaviour b;
    b.kind = Kind::EventDelay;
    b.delayMs = ms;
    return b;
}

FakeBehaviour FakeBehaviour::garbage()
{
    FakeBehaviour b;
    b.kind = Kind::Garbage;
    return b;
}

FakeBehaviour FakeBehaviour::streamError(int afterEvents)
{
    FakeBehaviour b;
    b.kind = Kind::StreamError;
    b.afterEvents = afterEvents;
    return b;
}

QByteArray RecordedRequest::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray RecordedRequest::query(const QByteArray& name) const
{
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return {};
    for (const QByteArray& pair : target.mid(question + 1).split('&')) {
        const qsizetype equals = pair.indexOf('=');
        if ((equals < 0 ? pair : pair.left(equals)) == name)
            return equals < 0 ? QByteArray() : pair.mid(equals + 1);
    }
    return {};
}

// ------------------------------------------------------------------------------------------------

// One accepted connection. HTTP/1.1 with keep-alive; requests are answered one at a time, in order.
class FakeConnection : public QObject
{
public:
    FakeConnection(FakeProviderServer* server, QTcpSocket* socket)
        : QObject(server), m_server(server), m_socket(socket)
    {
        m_socket->setParent(this);
        m_timer.setSingleShot(true);
        connect(m_socket, &QTcpSocket::readyRead, this, &FakeConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &FakeConnection::onDisconnected);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_onTimer) {
                auto step = std::move(m_onTimer);
                m_onTimer = nullptr;
                step();
            }
        });
    }

private:
    enum class Parse
    {
        NeedMore,
        Done,
        Bad
    };

    void onReadyRead()
    {
        m_in += m_socket->readAll();
        if (!m_busy)
            processBuffered();
    }

    void onDisconnected()
    {
        if (m_closed)
            return;
        m_closed = true;
        m_timer.stop();
        m_onTimer = nullptr;
        if (m_busy) {
            m_busy = false;
            m_server->noteAbandoned();
        }
        m_server->noteConnectionClosed();
        deleteLater();
    }

    void processBuffered()
    {
        if (m_processing)
            return; // the loop below picks up the next request
        m_processing = true;
        processLoop();
        m_processing = false;
    }

    void processLoop()
    {
        while (!m_busy && !m_closed && !m_in.isEmpty()) {
            RecordedRequest request;
            bool keepAlive = true;
            QByteArray problem;
            const Parse result = parse(request, keepAlive, problem);
            if (result == Parse::NeedMore)
                return;
            if (result == Parse::Bad) {
                m_busy = true;
                m_keepAlive = false;
                FakeReply reply;
                reply.status = 400;
                reply.body = m_server->badRequestBody(problem);
                send(reply, 0, -1);
                return;
            }
            m_keepAlive = keepAlive;
            handle(std::move(request));
        }
    }

    Parse parse(RecordedRequest& request, bool& keepAlive, QByteArray& problem)
    {
        const qsizetype headerEnd = m_in.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (m_in.size() > kMaxHeaderBytes) {
                problem = "Request header too large.";
                return Parse::Bad;
            }
            return Parse::NeedMore;
        }
        const QList<QByteArray> lines = m_in.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            problem = "Malformed request line.";
            return Parse::Bad;
        }
        request.method = requestLine[0];
        request.target = requestLine[1];
        const qsizetype query = request.target.indexOf('?');
        request.path = query < 0 ? request.target : request.target.left(query);
        const bool http10 = requestLine[2] == "HTTP/1.0";
        keepAlive = !http10;
        qint64 contentLength = 0;
        bool chunked = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            if (line.isEmpty())
                continue;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                problem = "Malformed header line.";
                return Parse::Bad;
            }
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append(qMakePair(name, value));
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                bool ok = false;
                contentLength = value.toLongLong(&ok);
                if (!ok || contentLength < 0 || contentLength > kMaxBodyBytes) {
                    problem = "Invalid Content-Length.";
                    return Parse::Bad;
                }
            } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                chunked = value.toLower().contains("chunked");
            } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
                const QByteArray lower = value.toLower();
                if (lower.contains("close"))
                    keepAlive = false;
                else if (lower.contains("keep-alive"))
                    keepAlive = true;
            }
        }

        const qsizetype bodyStart = headerEnd + 4;
        if (!chunked) {
            if (m_in.size() - bodyStart < contentLength)
                return Parse::NeedMore;
            request.body = m_in.mid(bodyStart, contentLength);
            m_in.remove(0, bodyStart + contentLength);
            return Parse::Done;
        }

        qsizetype pos = bodyStart;
        QByteArray body;
        for (;;) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return Parse::NeedMore;
            QByteArray sizeField = m_in.mid(pos, lineEnd - pos);
            if (const qsizetype semicolon = sizeField.indexOf(';'); semicolon >= 0)
                sizeField.truncate(semicolon);
            bool ok = false;
            const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || body.size() + size > kMaxBodyBytes) {
                problem = "Invalid chunk size.";
                return Parse::Bad;
            }
            pos = lineEnd + 2;
            if (size == 0) {
                // Trailer fields, then an empty line.
                for (;;) {
                    const qsizetype end = m_in.indexOf("\r\n", pos);
                    if (end < 0)
                        return Parse::NeedMore;
                    const bool last = end == pos;
                    pos = end + 2;
                    if (last)
                        break;
                }
                request.body = body;
                m_in.remove(0, pos);
                return Parse::Done;
            }
            if (m_in.size() < pos + size + 2)
                return Parse::NeedMore;
            body.append(m_in.constData() + pos, size);
            pos += size;
            if (m_in.mid(pos, 2) != "\r\n") {
                problem = "Malformed chunk.";
                return Parse::Bad;
            }
            pos += 2;
        }
    }

    void handle(RecordedRequest request)
    {
        m_busy = true;
        m_server->record(request);
        const FakeBehaviour behaviour = m_server->takeBehaviour();
        using Kind = FakeBehaviour::Kind;
        switch (behaviour.kind) {
        case Kind::Hang:
            return; // busy forever; a disconnect counts as an abandoned response
        case Kind::ResetBeforeResponse:
            reset();
            return;
        case Kind::Status: {
            FakeReply reply;
            reply.status = behaviour.status;
            reply.body =
                behaviour.body.isEmpty() ? m_server->defaultErrorBody(behaviour.status) : behaviour.body;
            if (behaviour.retryAfterSeconds >= 0)
                reply.headers.append(
                    qMakePair(QByteArray("Retry-After"), QByteArray::number(behaviour.retryAfterSeconds)));
            send(reply, 0, -1);
            return;
        }
        case Kind::Garbage: {
            FakeReply reply;
            reply.body = "<html><body>502 upstream hiccup, not JSON {";
            send(reply, 0, -1);
            return;
        }
        default:
            break;
        }

        const FakeProviderServer::Settings settings = m_server->settings();
        FakeReply reply = m_server->reply(request, settings);
        const int eventDelay = behaviour.kind == Kind::EventDelay ? behaviour.delayMs : settings.eventDelayMs;
        const int resetAfter =
            behaviour.kind == Kind::ResetMidStream ? std::max(0, behaviour.afterEvents) : -1;
        m_errorAfterEvents = behaviour.kind == Kind::StreamError ? std::max(0, behaviour.afterEvents) : -1;
        if (behaviour.kind == Kind::SlowFirstByte) {
            later(behaviour.delayMs, [this, reply, eventDelay] { send(reply, eventDelay, -1); });
            return;
        }
        send(reply, eventDelay, resetAfter);
    }

    void later(int ms, std::function<void()> step)
    {
        m_onTimer = std::move(step);
        m_timer.start(std::max(0, ms));
    }

    // resetAfter >= 0: for a stream, reset after that many events; for a plain body, reset after
    // half of it.
    void send(const FakeReply& reply, int eventDelayMs, int resetAfter)
    {
        QByteArray head =
            "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
        head += "Content-Type: " + reply.contentType + "\r\n";
        for (const auto& [name, value] : reply.headers)
            head += name + ": " + value + "\r\n";
        head += m_keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
        if (!reply.stream) {
            head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
            if (resetAfter >= 0) {
                m_socket->write(head + reply.body.left(reply.body.size() / 2));
                m_socket->flush();
                later(kResetGraceMs, [this] { reset(); });
                return;
            }
            m_socket->write(head + reply.body);
            m_socket->flush();
            responseDone();
            return;
        }
        head += "Transfer-Encoding: chunked\r\n\r\n";
        m_socket->write(head);
        m_socket->flush();
        m_events = reply.events;
        m_nextEvent = 0;
        m_eventDelayMs = eventDelayMs;
        m_resetAfterEvents = resetAfter;
        sendNextEvent();
    }

    void sendNextEvent()
    {
        if (m_closed)
            return;
        if (m_resetAfterEvents >= 0 && m_nextEvent >= m_resetAfterEvents) {
            later(kResetGraceMs, [this] { reset(); });
            return;
        }
        if (m_errorAfterEvents >= 0 && m_nextEvent >= m_errorAfterEvents) {
            // The provider reports a failure inside the stream, then ends the body normally.
            const QByteArray event = m_server->streamErrorEvent();
            m_socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n0\r\n\r\n");
            m_socket->flush();
            m_events.clear();
            m_errorAfterEvents = -1;
            responseDone();
            return;
        }
        if (m_nextEvent >= m_events.size()) {
            m_socket->write("0\r\n\r\n");
            m_socket->flush();
            m_events.clear();
            responseDone();
            return;
        }
        // Each event is its own chunk and its own write, like a provider generating tokens.
        const QByteArray& event = m_events[m_nextEvent++];
        m_socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        m_socket->flush();
        if (m_eventDelayMs > 0)
            later(m_eventDelayMs, [this] { sendNextEvent(); });
        else
            QTimer::singleShot(0, this, [this] { sendNextEvent(); });
    }

    void responseDone()
    {
        m_busy = false;
        m_server->noteCompleted();
        if (!m_keepAlive) {
            m_socket->disconnectFromHost();
            return;
        }
        processBuffered();
    }

    // A TCP RST instead of an orderly close: linger with a zero timeout, then close.
    void reset()
    {
        m_busy = false;
        m_timer.stop();
        m_onTimer = nullptr;
        const qintptr fd = m_socket->socketDescriptor();
        if (fd >= 0) {
            struct linger option = {1, 0};
            ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &option, sizeof option);
        }
        m_socket->abort();
        if (!m_closed) {
            m_closed = true;
            m_server->noteConnectionClosed();
            deleteLater();
        }
    }

    FakeProviderServer* m_server;
    QTcpSocket* m_socket;
    QByteArray m_in;
    QTimer m_timer;
    std::function<void()> m_onTimer;
    bool m_busy = false; // a request is being answered (or hangs)
    bool m_keepAlive = true;
    bool m_closed = false;
    bool m_processing = false;
    QList<QByteArray> m_events;
    qsizetype m_nextEvent = 0;
    int m_eventDelayMs = 0;
    int m_resetAfterEvents = -1;
    int m_errorAfterEvents = -1;
};

// ------------------------------------------------------------------------------------------------

FakeProviderServer::FakeProviderServer(QString name, QStringList models, QObject* parent)
    : QObject(parent), m_server(new QTcpServer(this))
{
    m_settings.name = std::move(name);
    m_settings.models = std::move(models);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            ++m_connectionCount;
            ++m_openConnections;
            new FakeConnection(this, socket);
        }
    });
}

FakeProviderServer::~FakeProviderServer() = default;

bool FakeProviderServer::listen(const QHostAddress& address, quint16 port)
{
    m_server->setMaxPendingConnections(1024);
    return m_server->listen(address, port);
}

quint16 FakeProviderServer::port() const
{
    return m_server->serverPort();
}

QString FakeProviderServer::name() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings.name;
}

QString FakeProviderServer::baseUrl() const
{
    QHostAddress address = m_server->serverAddress();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

void FakeProviderServer::setApiKey(const QByteArray& key)
{
    QMutexLocker lock(&m_mutex);
    m_settings.apiKey = key;
}

void FakeProviderServer::setModels(const QStringList& models)
{
    QMutexLocker lock(&m_mutex);
    m_settings.models = models;
}

void FakeProviderServer::setEventDelayMs(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_settings.eventDelayMs = ms;
}

void FakeProviderServer::setCachedPromptTokens(int tokens)
{
    QMutexLocker lock(&m_mutex);
    m_settings.cachedPromptTokens = tokens;
}

void FakeProviderServer::setDefaultBehaviour(const FakeBehaviour& behaviour)
{
    QMutexLocker lock(&m_mutex);
    m_defaultBehaviour = behaviour;
}

void FakeProviderServer::enqueueBehaviour(const FakeBehaviour& behaviour)
{
    QMutexLocker lock(&m_mutex);
    m_oneShot.push_back(behaviour);
}

void FakeProviderServer::clearBehaviours()
{
    QMutexLocker lock(&m_mutex);
    m_oneShot.clear();
    m_defaultBehaviour = FakeBehaviour::normal();
}

QList<RecordedRequest> FakeProviderServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

RecordedRequest FakeProviderServer::lastRequest() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests.isEmpty() ? RecordedRequest{} : m_requests.last();
}

void FakeProviderServer::resetRecords()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
    m_requestCount = 0;
    m_connectionCount = 0;
    m_abandoned = 0;
    m_completed = 0;
}

FakeBehaviour FakeProviderServer::takeBehaviour()
{
    QMutexLocker lock(&m_mutex);
    if (m_oneShot.empty())
        return m_defaultBehaviour;
    FakeBehaviour next = m_oneShot.front();
    m_oneShot.pop_front();
    return next;
}

FakeProviderServer::Settings FakeProviderServer::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

void FakeProviderServer::record(RecordedRequest request)
{
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(std::move(request));
        ++m_requestCount;
    }
    Q_EMIT requestReceived();
}

void FakeProviderServer::noteAbandoned()
{
    ++m_abandoned;
    Q_EMIT clientWentAway();
}

} // namespace tollgate::testing

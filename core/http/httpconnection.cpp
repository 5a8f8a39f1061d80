#include "http/httpconnection.h"

#include "common/clock.h"
#include "common/logging.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>

#include <sys/socket.h>

namespace tollgate::http {

namespace {

// After the final response of a closing connection is flushed, the write side is shut down and
// input is read and discarded for at most this long, so the client reads the response instead of
// a reset caused by the bytes it was still sending (e.g. the rest of a refused body).
constexpr int kLingerMs = 5000;
// Response bodies up to this size go out in the same socket write as the head.
constexpr qsizetype kCombineBodyLimit = 64 * 1024;
// Qt shares (does not copy) QByteArrays of at least this size in its write buffer.
constexpr qsizetype kSharedWriteMin = 4096;
// Buffers above this capacity are released between requests.
constexpr qsizetype kKeepBufferCapacity = 256 * 1024;
constexpr qint64 kMinReadBufferSize = 16 * 1024;

std::int64_t steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// IMF-fixdate (RFC 9110 5.6.7), formatted at most once per second per thread. Day and month names
// are spelled out here because strftime follows the process locale, which Qt sets from the
// environment.
const char* httpDate()
{
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local std::time_t cachedSecond = -1;
    thread_local char buffer[40];
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                      tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
        cachedSecond = now;
    }
    return buffer;
}

void appendHex(QByteArray& out, std::uint64_t value)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value, 16);
    out.append(buf, r.ptr - buf);
}

void appendView(QByteArray& out, std::string_view s)
{
    out.append(s.data(), static_cast<qsizetype>(s.size()));
}

// Fields the connection writes itself; a handler's copies are dropped.
bool isServerOwnedField(std::string_view name)
{
    switch (name.size()) {
    case 4:
        return equalsIgnoreCase(name, "date");
    case 10:
        return equalsIgnoreCase(name, "connection");
    case 14:
        return equalsIgnoreCase(name, "content-length");
    case 17:
        return equalsIgnoreCase(name, "transfer-encoding");
    default:
        return false;
    }
}

bool isTokenChar(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

// Response fields come from code that may copy upstream values: never let one split the head.
bool isWritableField(const HttpHeader& h)
{
    if (h.name.empty())
        return false;
    for (const char c : h.name) {
        if (!isTokenChar(static_cast<unsigned char>(c)))
            return false;
    }
    for (const char c : h.value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

bool asksToClose(const HttpHeaders& headers)
{
    for (const HttpHeader& h : headers.items()) {
        if (!equalsIgnoreCase(h.name, "connection"))
            continue;
        std::string_view v = h.value;
        while (!v.empty()) {
            const std::size_t comma = v.find(',');
            std::string_view token = v.substr(0, comma);
            while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
                token.remove_prefix(1);
            while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
                token.remove_suffix(1);
            if (equalsIgnoreCase(token, "close"))
                return true;
            if (comma == std::string_view::npos)
                break;
            v.remove_prefix(comma + 1);
        }
    }
    return false;
}

void appendJsonString(QByteArray& out, std::string_view s)
{
    out.append('"');
    for (const char c : s) {
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out.append(buf, 6);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

// OpenAI-style error body: {"error":{"message":...,"type":...,"code":...}}.
QByteArray errorBody(std::string_view message, std::string_view type, std::string_view code)
{
    QByteArray body;
    body.reserve(96 + static_cast<qsizetype>(message.size()));
    body.append("{\"error\":{\"message\":");
    appendJsonString(body, message);
    body.append(",\"type\":");
    appendJsonString(body, type);
    body.append(",\"code\":");
    appendJsonString(body, code);
    body.append("}}");
    return body;
}

class CallScope
{
public:
    explicit CallScope(int& depth) : m_depth(depth) { ++m_depth; }
    ~CallScope() { --m_depth; }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;

private:
    int& m_depth;
};

} // namespace

HttpConnection::HttpConnection(qintptr socketDescriptor, HttpServer* server)
    : QObject(server), m_server(server), m_socket(new QTcpSocket(this)),
      m_parser(server->limits().maxHeaderBytes, server->limits().maxBodyBytes)
{
    if (!m_socket->setSocketDescriptor(socketDescriptor)) {
        qCDebug(lcHttp) << "cannot adopt accepted socket:" << m_socket->errorString();
        return;
    }
    m_valid = true;
    const ServerLimits& limits = m_server->limits();
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounds what Qt reads ahead from the kernel while a response is pending (pipelining); beyond
    // it the TCP window closes and the client waits.
    m_socket->setReadBufferSize(std::max<qint64>(limits.maxPipelinedBytes, kMinReadBufferSize));

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });

    // A fresh connection must start its first request within the header timeout.
    setDeadline(steadyMs() + limits.headerTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    m_gone = true;
    m_socket->disconnect(this);
    if (auto exchange = std::move(m_current))
        exchange->detach();
    delete m_socket;
}

std::int64_t HttpConnection::pendingOutputBytes() const
{
    return m_gone ? 0 : m_socket->bytesToWrite();
}

// ---- input -------------------------------------------------------------------------------------

void HttpConnection::onReadyRead()
{
    switch (m_phase) {
    case Phase::Closing:
        discardInput();
        return;
    case Phase::Handling:
        // Pipelined bytes stay in the socket's bounded buffer until the response is finished.
        return;
    default:
        processInput();
    }
}

bool HttpConnection::readFromSocket()
{
    // Unparsed input held here stays within the pipelining cap (never below what one header
    // section may need); the rest waits in the socket's own bounded buffer.
    const ServerLimits& limits = m_server->limits();
    const qint64 cap = std::max<qint64>(limits.maxPipelinedBytes, limits.maxHeaderBytes + kMinReadBufferSize);
    const qint64 room = cap - (m_in.size() - m_inPos);
    const qint64 available = std::min(m_socket->bytesAvailable(), room);
    if (available <= 0)
        return false;
    if (m_inPos > 0) {
        const qsizetype rest = m_in.size() - m_inPos;
        if (rest > 0)
            std::memmove(m_in.data(), m_in.constData() + m_inPos, static_cast<std::size_t>(rest));
        m_in.resize(rest);
        m_inPos = 0;
    }
    const qsizetype old = m_in.size();
    m_in.resize(old + available);
    const qint64 n = m_socket->read(m_in.data() + old, available);
    m_in.resize(old + std::max<qint64>(n, 0));
    if (n <= 0)
        return false;
    m_lastReadMs = steadyMs();
    return true;
}

void HttpConnection::processInput()
{
    m_processScheduled = false;
    const ServerLimits& limits = m_server->limits();
    while (!m_gone) {
        if (m_phase == Phase::Handling || m_phase == Phase::Closing)
            return;
        if (m_phase == Phase::WaitingForRequest) {
            // A client that pipelines requests but does not read the responses must not make the
            // server queue responses without bound.
            if (m_socket->bytesToWrite() > std::max<qint64>(limits.maxPipelinedBytes, kMinReadBufferSize)) {
                m_waitingForOutputDrain = true;
                return;
            }
        }
        if (m_inPos >= m_in.size() && !readFromSocket())
            return;
        if (m_phase == Phase::WaitingForRequest) {
            m_phase = Phase::Headers;
            // SystemClock is the steady clock, so one reading serves both units.
            m_requestStartUs = SystemClock::instance().monotonicUs();
            m_requestStartMs = m_requestStartUs / 1000;
        }

        const std::size_t consumed =
            m_parser.feed(m_in.constData() + m_inPos, static_cast<std::size_t>(m_in.size() - m_inPos));
        m_inPos += static_cast<qsizetype>(consumed);

        switch (m_parser.state()) {
        case RequestParser::State::NeedMore:
            if (!readFromSocket()) {
                if (m_phase == Phase::Headers)
                    setDeadline(m_requestStartMs + limits.headerTimeoutMs);
                else if (m_phase == Phase::Body)
                    setDeadline(m_lastReadMs + limits.bodyTimeoutMs);
                return;
            }
            break;
        case RequestParser::State::HeadersComplete:
            onHeadersComplete();
            break;
        case RequestParser::State::Complete:
            dispatchRequest();
            break;
        case RequestParser::State::Error:
            failRequest(m_parser.errorStatus(), m_parser.errorCode(), m_parser.errorMessage());
            return;
        }
    }
}

void HttpConnection::onHeadersComplete()
{
    m_phase = Phase::Body;
    // RFC 9110 10.1.1: the interim answer is only useful while the client is still holding back
    // the body.
    if (m_parser.expectsContinue() && m_inPos >= m_in.size() && m_socket->bytesAvailable() == 0) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        writeOut(kContinue, sizeof kContinue - 1);
        flushOut();
    }
}

void HttpConnection::dispatchRequest()
{
    HttpRequest request = m_parser.takeRequest();
    const ServerLimits& limits = m_server->limits();
    m_parser.setLimits(limits.maxHeaderBytes, limits.maxBodyBytes);
    m_parser.reset();

    m_isHead = request.method == "HEAD";
    m_http10 = request.versionMinor == 0;
    m_keepAlive = request.keepAlive;
    m_streaming = false;
    m_chunked = false;
    m_streamHasBody = false;
    m_closeAfterResponse = false;
    m_phase = Phase::Handling;
    m_deadlineMs = 0; // the handler owns the time now; the armed timer fires once and finds nothing

    auto exchange = std::make_shared<HttpExchange>(this, std::move(request), m_requestStartUs);
    m_current = exchange;
    CallScope scope(m_callDepth);
    m_inHandler = true;
    try {
        m_server->handler()->handle(exchange);
    } catch (...) {
        // Exceptions must not unwind into Qt's event dispatch; the message may carry request data,
        // so it is not logged.
        qCWarning(lcHttp) << "request handler threw an exception";
        if (!exchange->responseStarted()) {
            HttpResponse response;
            response.status = 500;
            response.headers.add("Content-Type", "application/json");
            response.body = errorBody("internal server error", "server_error", "internal_error");
            exchange->respond(std::move(response));
        } else if (!exchange->responseFinished()) {
            exchange->abort();
        }
    }
    m_inHandler = false;
}

// ---- output ------------------------------------------------------------------------------------

void HttpConnection::writeOut(const char* data, qsizetype size)
{
    m_socket->write(data, size);
}

void HttpConnection::flushOut()
{
    // Write now rather than on the next event-loop turn; this can report a dead peer
    // synchronously (onDisconnected), so callers check m_gone afterwards.
    m_socket->flush();
}

namespace {

// Writes a response head straight into the output buffer, grown once to an upper bound and cut
// to size at the end. A head is about fifty small pieces; QByteArray::append takes each through
// insert(), whose aliasing and growth checks cost more than copying the piece.
class HeadWriter
{
public:
    HeadWriter(QByteArray& out, qsizetype maxSize) : m_out(out)
    {
        const qsizetype start = out.size();
        out.resize(start + maxSize);
        m_cursor = out.data() + start;
    }
    void put(const char* text, std::size_t size)
    {
        std::memcpy(m_cursor, text, size);
        m_cursor += size;
    }
    void put(std::string_view text) { put(text.data(), text.size()); }
    void putDecimal(std::uint64_t value) { m_cursor = std::to_chars(m_cursor, m_cursor + 20, value).ptr; }
    void finish() { m_out.resize(m_cursor - m_out.constData()); }

private:
    QByteArray& m_out;
    char* m_cursor = nullptr;
};

} // namespace

void HttpConnection::appendHead(QByteArray& out, int status, const HttpHeaders& headers, bool close,
                                std::int64_t contentLength, bool chunked)
{
    const char* reason = reasonPhrase(status);
    const char* date = httpDate();
    const std::size_t reasonSize = std::strlen(reason);
    const std::size_t dateSize = std::strlen(date);
    // "HTTP/1.1 " status ' ' reason CRLF, Content-Length, Transfer-Encoding, Connection, Date, CRLF.
    std::size_t maxSize = 9 + 20 + 1 + reasonSize + 2 + (16 + 20 + 2) + 28 + 24 + (6 + dateSize + 2) + 2;
    for (const HttpHeader& h : headers.items())
        maxSize += h.name.size() + 2 + h.value.size() + 2;

    HeadWriter head(out, static_cast<qsizetype>(maxSize));
    head.put("HTTP/1.1 ", 9);
    head.putDecimal(static_cast<std::uint64_t>(status));
    head.put(" ", 1);
    head.put(reason, reasonSize);
    head.put("\r\n", 2);
    for (const HttpHeader& h : headers.items()) {
        if (isServerOwnedField(h.name))
            continue;
        if (!isWritableField(h)) {
            qCWarning(lcHttp) << "dropping response header with invalid characters:"
                              << QByteArray::fromRawData(h.name.data(),
                                                         static_cast<qsizetype>(h.name.size()));
            continue;
        }
        head.put(h.name);
        head.put(": ", 2);
        head.put(h.value);
        head.put("\r\n", 2);
    }
    if (contentLength >= 0) {
        head.put("Content-Length: ", 16);
        head.putDecimal(static_cast<std::uint64_t>(contentLength));
        head.put("\r\n", 2);
    }
    if (chunked)
        head.put("Transfer-Encoding: chunked\r\n", 28);
    if (close)
        head.put("Connection: close\r\n", 19);
    else
        head.put("Connection: keep-alive\r\n", 24);
    head.put("Date: ", 6);
    head.put(date, dateSize);
    head.put("\r\n\r\n", 4);
    head.finish();
}

namespace {

int sanitizedStatus(int status)
{
    return (status >= 100 && status <= 999) ? status : 500;
}

bool statusAllowsBody(int status)
{
    return status >= 200 && status != 204 && status != 304;
}

} // namespace

void HttpConnection::sendResponse(HttpExchange* exchange, HttpResponse&& response)
{
    if (m_gone || !m_current || exchange != m_current.get() || m_streaming)
        return;
    CallScope scope(m_callDepth);
    const int status = sanitizedStatus(response.status);
    const bool close = !m_keepAlive || asksToClose(response.headers);
    const bool bodyAllowed = statusAllowsBody(status);
    const qsizetype bodySize = bodyAllowed ? response.body.size() : 0;
    const bool sendBody = bodyAllowed && !m_isHead && bodySize > 0;

    m_out.resize(0);
    appendHead(m_out, status, response.headers, close, bodyAllowed ? bodySize : -1, false);
    if (!sendBody) {
        writeOut(m_out.constData(), m_out.size());
    } else if (m_out.size() + bodySize < kSharedWriteMin) {
        m_out.append(response.body);
        writeOut(m_out.constData(), m_out.size());
    } else if (bodySize <= kCombineBodyLimit) {
        // One buffer handed to the socket as is: one copy of the body, one write.
        QByteArray combined;
        combined.reserve(m_out.size() + bodySize);
        combined.append(m_out);
        combined.append(response.body);
        m_socket->write(combined);
    } else {
        // Large body: the socket keeps a reference to it instead of copying.
        writeOut(m_out.constData(), m_out.size());
        m_socket->write(response.body);
    }
    flushOut();
    finishResponse(close);
}

void HttpConnection::beginStream(HttpExchange* exchange, int status, HttpHeaders&& headers)
{
    if (m_gone || !m_current || exchange != m_current.get() || m_streaming)
        return;
    CallScope scope(m_callDepth);
    status = sanitizedStatus(status);
    const bool bodyAllowed = statusAllowsBody(status);
    m_streaming = true;
    m_chunked = bodyAllowed && !m_http10;
    m_streamHasBody = bodyAllowed && !m_isHead;
    // HTTP/1.0 has no chunked coding: the body ends where the connection does.
    m_closeAfterResponse = !m_keepAlive || asksToClose(headers) || (m_http10 && bodyAllowed);

    m_out.resize(0);
    appendHead(m_out, status, headers, m_closeAfterResponse, bodyAllowed ? -1 : 0, m_chunked);
    writeOut(m_out.constData(), m_out.size());
    flushOut();
}

void HttpConnection::writeChunk(HttpExchange* exchange, std::string_view bytes)
{
    if (m_gone || !m_current || exchange != m_current.get() || !m_streaming || !m_streamHasBody ||
        bytes.empty())
        return;
    CallScope scope(m_callDepth);
    m_out.resize(0);
    if (m_chunked) {
        m_out.reserve(static_cast<qsizetype>(bytes.size()) + 24);
        appendHex(m_out, bytes.size());
        m_out.append("\r\n", 2);
        appendView(m_out, bytes);
        m_out.append("\r\n", 2);
        writeOut(m_out.constData(), m_out.size());
    } else {
        writeOut(bytes.data(), static_cast<qsizetype>(bytes.size()));
    }
    flushOut();
}

void HttpConnection::endStream(HttpExchange* exchange)
{
    if (m_gone || !m_current || exchange != m_current.get() || !m_streaming)
        return;
    CallScope scope(m_callDepth);
    if (m_chunked && m_streamHasBody) {
        static constexpr char kLastChunk[] = "0\r\n\r\n";
        writeOut(kLastChunk, sizeof kLastChunk - 1);
        flushOut();
        if (m_gone)
            return;
    }
    finishResponse(m_closeAfterResponse);
}

void HttpConnection::abortExchange(HttpExchange* exchange)
{
    if (m_gone || !m_current || exchange != m_current.get())
        return;
    CallScope scope(m_callDepth);
    auto current = std::move(m_current);
    current->release(); // the handler asked for this: no client-gone notification
    m_streaming = false;
    if (m_http10 && m_streamHasBody) {
        // A close-delimited body ends cleanly at FIN, so only a reset tells the client it was cut.
        const qintptr fd = m_socket->socketDescriptor();
        if (fd >= 0) {
            const linger lg{1, 0};
            ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        m_socket->abort();
        return;
    }
    // Content-Length or chunked framing left incomplete: the client sees the cut at FIN.
    beginClose();
}

void HttpConnection::finishResponse(bool closeAfter)
{
    if (auto exchange = std::move(m_current))
        exchange->detach(); // finished, so this only unlinks it
    m_streaming = false;
    if (m_out.capacity() > kKeepBufferCapacity)
        m_out = QByteArray();
    if (m_inPos >= m_in.size() && m_in.capacity() > kKeepBufferCapacity) {
        m_in = QByteArray();
        m_inPos = 0;
    }
    if (closeAfter) {
        beginClose();
        return;
    }
    m_phase = Phase::WaitingForRequest;
    setDeadline(steadyMs() + m_server->limits().idleTimeoutMs);
    // Inside handle() the dispatch loop goes on by itself; otherwise a pipelined request may be
    // waiting, and Qt will not announce bytes it already buffered again.
    if (!m_inHandler)
        scheduleProcessInput();
}

void HttpConnection::scheduleProcessInput()
{
    if (m_processScheduled || m_gone)
        return;
    if (m_inPos >= m_in.size() && m_socket->bytesAvailable() == 0)
        return;
    m_processScheduled = true;
    // Queued, so the next request never starts inside a handler's respond() call.
    QMetaObject::invokeMethod(
        this, [this] { processInput(); }, Qt::QueuedConnection);
}

void HttpConnection::failRequest(int status, const char* code, const char* message)
{
    if (m_gone)
        return;
    qCDebug(lcHttp) << "rejecting request with" << status << message;
    m_parser.reset(); // frees a partly received body now rather than after the linger period
    const QByteArray body = errorBody(message, "invalid_request_error", code);
    HttpHeaders headers;
    headers.add("Content-Type", "application/json");
    m_out.resize(0);
    appendHead(m_out, status, headers, true, body.size(), false);
    m_out.append(body);
    writeOut(m_out.constData(), m_out.size());
    m_keepAlive = false;
    beginClose();
}

void HttpConnection::beginClose()
{
    if (m_gone)
        return;
    m_phase = Phase::Closing;
    m_streaming = false;
    m_in = QByteArray();
    m_inPos = 0;
    setDeadline(steadyMs() + kLingerMs);
    flushOut();
    if (m_gone)
        return;
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite();
    else
        m_shutdownWhenFlushed = true;
    discardInput();
}

void HttpConnection::shutdownWrite()
{
    if (m_writeShut || m_gone)
        return;
    m_writeShut = true;
    m_shutdownWhenFlushed = false;
    const qintptr fd = m_socket->socketDescriptor();
    // Qt has no half-close: FIN goes out now, the read side stays open for the linger period.
    if (fd >= 0)
        ::shutdown(static_cast<int>(fd), SHUT_WR);
}

void HttpConnection::discardInput()
{
    while (!m_gone && m_socket->bytesAvailable() > 0) {
        if (m_socket->skip(m_socket->bytesAvailable()) <= 0)
            break;
    }
}

void HttpConnection::onBytesWritten()
{
    if (m_gone)
        return;
    const qint64 pending = m_socket->bytesToWrite();
    if (m_phase == Phase::Closing) {
        if (m_shutdownWhenFlushed && pending == 0)
            shutdownWrite();
        return;
    }
    if (m_phase == Phase::WaitingForRequest) {
        // A slow reader still taking a response is not idle.
        setDeadline(steadyMs() + m_server->limits().idleTimeoutMs);
        if (m_waitingForOutputDrain &&
            pending <= std::max<qint64>(m_server->limits().maxPipelinedBytes, kMinReadBufferSize)) {
            m_waitingForOutputDrain = false;
            if (m_callDepth == 0)
                processInput();
            else
                scheduleProcessInput();
        }
        return;
    }
    // Only from the event loop: inside an exchange call the caller reads pendingOutputBytes() itself.
    if (pending == 0 && m_callDepth == 0 && m_current && m_streaming) {
        auto exchange = m_current;
        exchange->notifyDrained();
    }
}

void HttpConnection::onDisconnected()
{
    if (m_gone)
        return;
    m_gone = true;
    m_phase = Phase::Closing;
    if (m_timerId != 0) {
        killTimer(m_timerId);
        m_timerId = 0;
    }
    if (auto exchange = std::move(m_current)) {
        if (exchange->release()) {
            if (m_callDepth > 0) {
                // The handler is on the stack (e.g. inside writeChunk): tell it on the next event
                // loop turn, so its callback never runs inside its own call.
                QTimer::singleShot(0, [exchange] { exchange->notifyClientGone(); });
            } else {
                exchange->notifyClientGone();
            }
        }
    }
    m_server->connectionClosed(this);
}

// ---- deadlines ---------------------------------------------------------------------------------

void HttpConnection::setDeadline(std::int64_t atMs)
{
    m_deadlineMs = atMs;
    if (atMs == 0 || m_gone)
        return;
    if (m_timerId != 0 && m_timerDueMs <= atMs)
        return;
    armTimer(atMs);
}

void HttpConnection::armTimer(std::int64_t atMs)
{
    if (m_timerId != 0)
        killTimer(m_timerId);
    const std::int64_t delay = std::max<std::int64_t>(atMs - steadyMs(), 0);
    m_timerId = startTimer(std::chrono::milliseconds(delay), Qt::CoarseTimer);
    m_timerDueMs = atMs;
}

void HttpConnection::timerEvent(QTimerEvent* event)
{
    if (event->timerId() != m_timerId) {
        QObject::timerEvent(event);
        return;
    }
    killTimer(m_timerId);
    m_timerId = 0;
    if (m_gone || m_deadlineMs == 0)
        return;
    if (steadyMs() < m_deadlineMs) {
        armTimer(m_deadlineMs);
        return;
    }
    m_deadlineMs = 0;
    onDeadline();
}

void HttpConnection::onDeadline()
{
    switch (m_phase) {
    case Phase::WaitingForRequest:
        qCDebug(lcHttp) << "closing idle connection";
        m_keepAlive = false;
        beginClose();
        break;
    case Phase::Headers:
        failRequest(408, "request_timeout", "timed out waiting for the request header");
        break;
    case Phase::Body:
        failRequest(408, "request_timeout", "timed out waiting for the request body");
        break;
    case Phase::Handling:
        break;
    case Phase::Closing:
        m_socket->abort();
        break;
    }
}

} // namespace tollgate::http

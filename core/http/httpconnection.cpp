#include "http/httpconnection.h"

#include "common/clock.h"
#include "common/logging.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "http/socketwatcher.h"

#include <QTimer>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace tollgate::http {

namespace {

// After the final response of a closing connection is flushed, the write side is shut down and
// input is read and discarded for at most this long, so the client reads the response instead of
// a reset caused by the bytes it was still sending (e.g. the rest of a refused body).
constexpr int kLingerMs = 5000;
// Response bodies below this size are copied behind the head and sent as one piece; larger ones
// go out from where they are, head and body in one vectored send.
constexpr qsizetype kCopyBodyBelow = 4096;
// Buffers above this capacity are released between requests.
constexpr qsizetype kKeepBufferCapacity = 256 * 1024;
// Writes up to this size are held to the end of a worker's pass (copied); larger ones go out at
// once, behind anything held.
constexpr qsizetype kHoldBelow = 64 * 1024;
// The least one read asks for: a read fills m_in's spare capacity, but never asks for less.
constexpr qint64 kMinReadBufferSize = 16 * 1024;
// A read that filled what it asked for means more is coming (a large body): the next one asks for
// twice as much, up to this.
constexpr qint64 kMaxReadSize = 256 * 1024;
// Input thrown away per readiness while closing; the rest waits for the next turn of the loop,
// so a client that keeps sending cannot hold the thread.
constexpr int kDiscardPerTurn = 1024 * 1024;

bool isConnectionLost(int error)
{
    return error != EAGAIN && error != EWOULDBLOCK && error != EINTR;
}

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

// Response fields come from code that may copy upstream values: never let one split the head.
bool isWritableField(const HttpHeader& h)
{
    return isToken(h.name) && isHeaderSafe(h.value);
}

bool asksToClose(const HttpHeaders& headers)
{
    for (const HttpHeader& h : headers.items()) {
        if (equalsIgnoreCase(h.name, "connection") && listsToken(h.value, "close"))
            return true;
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
    : QObject(server), m_server(server),
      m_parser(server->limits().maxHeaderBytes, server->limits().maxBodyBytes)
{
    const int fd = static_cast<int>(socketDescriptor);
    int on = 1;
    if (::ioctl(fd, FIONBIO, &on) != 0) {
        qCDebug(lcHttp) << "cannot adopt accepted socket:" << qt_error_string(errno);
        return; // the server closes the descriptor
    }
    m_fd = fd;
    m_valid = true;
    // Responses are written whole; Nagle would only hold back the tail of each one.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

    m_readNotifier = new SocketWatcher(
        socketDescriptor, QSocketNotifier::Read, true,
        [](void* self) { static_cast<HttpConnection*>(self)->onReadable(); }, this, this);
    // Created disabled: it is on only while output waits for room.
    m_writeNotifier = new SocketWatcher(
        socketDescriptor, QSocketNotifier::Write, false,
        [](void* self) { static_cast<HttpConnection*>(self)->onWritable(); }, this, this);

    // A fresh connection must start its first request within the header timeout.
    setDeadline(steadyMs() + m_server->limits().headerTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    m_gone = true;
    if (auto exchange = std::move(m_current))
        exchange->detach();
    // The notifiers go before the descriptor they watch.
    delete m_readNotifier;
    delete m_writeNotifier;
    if (m_fd >= 0)
        ::close(m_fd);
}

std::int64_t HttpConnection::pendingOutputBytes() const
{
    return m_gone ? 0 : pendingBytes();
}

// ---- input -------------------------------------------------------------------------------------

void HttpConnection::onReadable()
{
    if (m_gone)
        return;
    m_readDrained = false;
    switch (m_phase) {
    case Phase::Closing:
        discardInput();
        break;
    case Phase::Handling:
        bufferInput();
        break;
    default:
        processInput();
        return; // updates the notifier itself
    }
    updateReadNotifier();
}

bool HttpConnection::readFromSocket()
{
    if (m_gone || m_inputEnded || m_readDrained)
        return false;
    // Unparsed input held here stays within the pipelining cap (never below what one header
    // section may need); the rest waits in the kernel, and beyond that the TCP window closes.
    const ServerLimits& limits = m_server->limits();
    const qint64 cap = std::max<qint64>(limits.maxPipelinedBytes, limits.maxHeaderBytes + kMinReadBufferSize);
    const qint64 room = cap - (m_in.size() - m_inPos);
    if (room <= 0)
        return false;
    if (m_inPos > 0) {
        const qsizetype rest = m_in.size() - m_inPos;
        if (rest > 0)
            std::memmove(m_in.data(), m_in.constData() + m_inPos, static_cast<std::size_t>(rest));
        m_in.resize(rest);
        m_inPos = 0;
    }
    const qsizetype old = m_in.size();
    // As much as the buffer holds without growing: one read usually takes everything the kernel
    // has, and a short read tells that it had no more (no FIONREAD needed).
    qint64 wanted = std::max<qint64>(m_in.capacity() - old, kMinReadBufferSize);
    if (m_lastReadFull)
        wanted = std::max<qint64>(wanted, std::min<qint64>(2 * m_lastReadSize, kMaxReadSize));
    const auto want = static_cast<qsizetype>(std::min<qint64>(wanted, room));
    m_in.resize(old + want);
    ssize_t n;
    do {
        n = ::recv(m_fd, m_in.data() + old, static_cast<std::size_t>(want), 0);
    } while (n < 0 && errno == EINTR);
    m_lastReadFull = n == want;
    m_lastReadSize = want;
    if (n > 0) {
        m_in.resize(old + n);
        m_readDrained = n < want;
        m_lastReadMs = steadyMs();
        return true;
    }
    const int error = errno;
    m_in.resize(old);
    if (n == 0) {
        m_inputEnded = true;
        m_readNotifier->setEnabled(false); // the end of stream stays readable for ever
    } else if (isConnectionLost(error)) {
        qCDebug(lcHttp) << "connection lost while reading:" << qt_error_string(error);
        dropConnection(false);
    } else {
        m_readDrained = true;
    }
    return false;
}

void HttpConnection::bufferInput()
{
    // While the handler works, reading ahead (within the cap) is what notices a client that goes
    // away; pipelined requests are kept for later.
    while (readFromSocket()) {
    }
    if (m_gone || !m_inputEnded)
        return;
    // A FIN from a client that pipelines (bytes behind the request in hand, or this request was
    // already waiting behind the previous one) is a half-close: the client still waits for its
    // answers, so they are served and the connection closes after them. A FIN from a client that
    // sent one request and waits for it means the client gave up on it (nginx reads it so too):
    // the exchange learns that its client is gone, and e.g. cancels its upstream call.
    if (m_inPos < m_in.size() || m_requestPipelined)
        return;
    qCDebug(lcHttp) << "client closed the connection while its request was handled";
    dropConnection(false);
}

void HttpConnection::onInputEnded()
{
    // The client will send nothing more and has no request in the handler's hands: answers still
    // pending go out, then the connection closes.
    qCDebug(lcHttp) << "client finished sending";
    m_keepAlive = false;
    beginClose();
}

void HttpConnection::updateReadNotifier()
{
    if (m_gone)
        return;
    bool wanted = !m_inputEnded;
    if (wanted && m_phase != Phase::Closing) {
        const ServerLimits& limits = m_server->limits();
        const qint64 cap =
            std::max<qint64>(limits.maxPipelinedBytes, limits.maxHeaderBytes + kMinReadBufferSize);
        wanted =
            m_in.size() - m_inPos < cap && !(m_phase == Phase::WaitingForRequest && m_waitingForOutputDrain);
    }
    m_readNotifier->setEnabled(wanted);
}

void HttpConnection::processInput()
{
    m_processScheduled = false;
    parseInput();
    updateReadNotifier();
}

void HttpConnection::parseInput()
{
    const ServerLimits& limits = m_server->limits();
    while (!m_gone) {
        if (m_phase == Phase::Handling || m_phase == Phase::Closing)
            return;
        if (m_phase == Phase::WaitingForRequest) {
            // A client that pipelines requests but does not read the responses must not make the
            // server queue responses without bound.
            if (pendingBytes() > std::max<qint64>(limits.maxPipelinedBytes, kMinReadBufferSize)) {
                m_waitingForOutputDrain = true;
                return;
            }
        }
        const bool buffered = m_inPos < m_in.size();
        if (!buffered && !readFromSocket()) {
            if (m_inputEnded && !m_gone)
                onInputEnded();
            return;
        }
        if (m_phase == Phase::WaitingForRequest) {
            m_phase = Phase::Headers;
            m_requestPipelined = buffered;
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
                if (m_gone)
                    return;
                if (m_inputEnded) {
                    onInputEnded(); // a request the client will never finish
                    return;
                }
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
    if (m_parser.expectsContinue() && m_inPos >= m_in.size()) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        writeOut(kContinue, sizeof kContinue - 1);
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
    m_keepAlive = request.keepAlive && !m_draining;
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

qsizetype HttpConnection::sendNow(const iovec* parts, int count)
{
    for (;;) {
        ssize_t n;
        if (count == 1) {
            n = ::send(m_fd, parts[0].iov_base, parts[0].iov_len, MSG_NOSIGNAL);
        } else {
            msghdr message{};
            message.msg_iov = const_cast<iovec*>(parts);
            message.msg_iovlen = static_cast<std::size_t>(count);
            n = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        }
        if (n >= 0)
            return n;
        const int error = errno;
        if (error == EINTR)
            continue;
        if (!isConnectionLost(error))
            return 0;
        // EPIPE, ECONNRESET and the like: the client is gone (MSG_NOSIGNAL spares the SIGPIPE).
        qCDebug(lcHttp) << "connection lost while writing:" << qt_error_string(error);
        dropConnection(false);
        return -1;
    }
}

void HttpConnection::writeOut(const char* data, qsizetype size)
{
    const iovec part{const_cast<char*>(data), static_cast<std::size_t>(size)};
    writeParts(&part, 1);
}

void HttpConnection::writeParts(const iovec* parts, int count, const QByteArray* shared)
{
    if (m_gone || m_fd < 0)
        return;
    if (PassFlush::holdsWrites()) {
        // Inside a worker's pass: small writes wait for its end (see PassFlush) and go out with
        // whatever else this connection writes in the pass.
        std::size_t total = 0;
        for (int i = 0; i < count; ++i)
            total += parts[i].iov_len;
        if (total < std::size_t(kHoldBelow)) {
            for (int i = 0; i < count; ++i)
                queueOut(static_cast<const char*>(parts[i].iov_base), static_cast<qsizetype>(parts[i].iov_len));
            requestFlush();
            return;
        }
    }
    qsizetype sent = 0;
    if (pendingBytes() == 0) {
        // Nothing queued: the kernel takes what it can straight from the caller's bytes.
        sent = sendNow(parts, count);
        if (sent < 0)
            return;
    }
    for (int i = 0; i < count; ++i) {
        const auto size = static_cast<qsizetype>(parts[i].iov_len);
        if (sent >= size) {
            sent -= size;
            continue;
        }
        const char* data = static_cast<const char*>(parts[i].iov_base);
        if (shared && i == count - 1 && pendingBytes() == 0) {
            m_pending = *shared;
            m_pendingPos = sent;
        } else {
            queueOut(data + sent, size - sent);
        }
        sent = 0;
    }
    updateWriteNotifier();
}

void HttpConnection::queueOut(const char* data, qsizetype size)
{
    if (m_pendingPos > 0 && m_pendingPos >= m_pending.size() - m_pendingPos) {
        m_pending.remove(0, m_pendingPos);
        m_pendingPos = 0;
    }
    m_pending.append(data, size);
}

void HttpConnection::flushOut()
{
    // Sends what is queued, as far as the kernel takes it. This can find the peer gone
    // (dropConnection -> onDisconnected), so callers check m_gone afterwards.
    while (!m_gone && pendingBytes() > 0) {
        const qsizetype want = pendingBytes();
        // constData: the buffer may share a response body, which must not be detached (copied).
        const iovec part{const_cast<char*>(m_pending.constData() + m_pendingPos),
                         static_cast<std::size_t>(want)};
        const qsizetype n = sendNow(&part, 1);
        if (n <= 0)
            break;
        m_pendingPos += n;
        if (n < want)
            break; // the kernel buffer is full
    }
    if (m_gone)
        return;
    if (pendingBytes() == 0 && m_pendingPos > 0) {
        m_pendingPos = 0;
        if (m_pending.capacity() > kKeepBufferCapacity)
            m_pending = QByteArray();
        else
            m_pending.resize(0);
    }
    updateWriteNotifier();
}

void HttpConnection::flushPass()
{
    // As if the write notifier had fired: progress may let a closing connection finish, resume a
    // paused pipeline or tell a stream that its output drained.
    onWritable();
}

void HttpConnection::updateWriteNotifier()
{
    if (!m_gone)
        m_writeNotifier->setEnabled(pendingBytes() > 0);
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
    maxSize += headers.lines().size();

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
    head.put(headers.lines()); // checked when added
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
    } else if (bodySize < kCopyBodyBelow) {
        m_out.append(response.body);
        writeOut(m_out.constData(), m_out.size());
    } else {
        // Head and body in one send; what the kernel does not take keeps a reference to the body
        // rather than a copy of it.
        const iovec parts[2] = {
            {m_out.data(), static_cast<std::size_t>(m_out.size())},
            {const_cast<char*>(response.body.constData()), static_cast<std::size_t>(bodySize)}};
        writeParts(parts, 2, &response.body);
    }
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
}

void HttpConnection::writeChunk(HttpExchange* exchange, std::string_view bytes)
{
    if (m_gone || !m_current || exchange != m_current.get() || !m_streaming || !m_streamHasBody ||
        bytes.empty())
        return;
    CallScope scope(m_callDepth);
    if (m_chunked) {
        // Chunk size line, data and CRLF in one send, the data taken from where it is.
        char sizeLine[24];
        char* end = std::to_chars(sizeLine, sizeLine + 20, bytes.size(), 16).ptr;
        *end++ = '\r';
        *end++ = '\n';
        static constexpr char kCrlf[] = "\r\n";
        const iovec parts[3] = {{sizeLine, static_cast<std::size_t>(end - sizeLine)},
                                {const_cast<char*>(bytes.data()), bytes.size()},
                                {const_cast<char*>(kCrlf), 2}};
        writeParts(parts, 3);
    } else {
        writeOut(bytes.data(), static_cast<qsizetype>(bytes.size()));
    }
}

void HttpConnection::endStream(HttpExchange* exchange)
{
    if (m_gone || !m_current || exchange != m_current.get() || !m_streaming)
        return;
    CallScope scope(m_callDepth);
    if (m_chunked && m_streamHasBody) {
        static constexpr char kLastChunk[] = "0\r\n\r\n";
        writeOut(kLastChunk, sizeof kLastChunk - 1);
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
        dropConnection(true);
        return;
    }
    // Content-Length or chunked framing left incomplete: the client sees the cut at FIN.
    beginClose();
}

void HttpConnection::drain()
{
    if (m_gone || m_draining)
        return;
    m_draining = true;
    m_keepAlive = false; // the response in hand, if its head is still to go, says close
    switch (m_phase) {
    case Phase::WaitingForRequest:
        if (m_inPos >= m_in.size()) {
            // A request the client has sent may wait in the kernel before its notifier fires.
            m_readDrained = false;
            if (!readFromSocket()) {
                if (m_gone)
                    return;
                // Idle, nothing unread and nothing owed: closed at once, as a lingering close
                // protects only an answer still on its way, and a client that keeps its idle
                // connection open would hold the drain for the whole linger period.
                if (pendingBytes() == 0)
                    dropConnection(false);
                else
                    beginClose();
                return;
            }
        }
        // Not inside a handler: the server drains from the event loop.
        processInput();
        return;
    case Phase::Handling:
        if (m_streaming)
            m_closeAfterResponse = true; // its head said keep-alive; the connection ends with it
        return;
    case Phase::Headers:
    case Phase::Body:
    case Phase::Closing:
        return; // a request being received is served and answered with close
    }
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
    // A client that half-closed behind its requests has had its last answer once none is left.
    if (closeAfter || (m_inputEnded && m_inPos >= m_in.size())) {
        beginClose();
        return;
    }
    m_phase = Phase::WaitingForRequest;
    setDeadline(steadyMs() + m_server->limits().idleTimeoutMs);
    // Inside handle() the dispatch loop goes on by itself; otherwise a pipelined request may be
    // waiting in m_in, and the read notifier only announces bytes still in the kernel.
    if (!m_inHandler)
        scheduleProcessInput();
}

void HttpConnection::scheduleProcessInput()
{
    if (m_processScheduled || m_gone)
        return;
    if (m_inPos >= m_in.size()) {
        // Reading may have paused at the cap or for a slow reader; the kernel may hold more.
        updateReadNotifier();
        return;
    }
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
    closeIfDone(); // the client has finished too: nothing to linger for
    if (m_gone)
        return;
    if (pendingBytes() == 0)
        shutdownWrite();
    else
        m_shutdownWhenFlushed = true;
    discardInput();
    if (m_gone)
        return;
    updateReadNotifier();
}

void HttpConnection::shutdownWrite()
{
    if (m_writeShut || m_gone)
        return;
    m_writeShut = true;
    m_shutdownWhenFlushed = false;
    // FIN goes out now; the read side stays open for the linger period.
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

void HttpConnection::discardInput()
{
    char scratch[16 * 1024];
    for (int taken = 0; !m_gone && !m_inputEnded && !m_readDrained && taken < kDiscardPerTurn;) {
        const ssize_t n = ::recv(m_fd, scratch, sizeof scratch, 0);
        if (n > 0) {
            taken += static_cast<int>(n);
            m_readDrained = n < static_cast<ssize_t>(sizeof scratch);
        } else if (n == 0) {
            m_inputEnded = true;
            m_readNotifier->setEnabled(false);
            closeIfDone();
        } else if (errno == EINTR) {
            continue;
        } else if (isConnectionLost(errno)) {
            dropConnection(false); // e.g. the reset of a client that stopped reading
        } else {
            m_readDrained = true;
        }
    }
}

void HttpConnection::closeIfDone()
{
    // Both directions finished: the client sent FIN, and everything owed to it is out.
    if (!m_gone && m_phase == Phase::Closing && m_inputEnded && pendingBytes() == 0)
        dropConnection(false);
}

void HttpConnection::dropConnection(bool reset)
{
    if (m_gone)
        return;
    // The notifiers are switched off before the descriptor goes: its number may be reused at once.
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    if (m_fd >= 0) {
        if (reset) {
            const linger lg{1, 0};
            ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        ::close(m_fd);
        m_fd = -1;
    }
    m_pending = QByteArray();
    m_pendingPos = 0;
    onDisconnected();
}

void HttpConnection::onWritable()
{
    if (m_gone)
        return;
    const qsizetype before = pendingBytes();
    flushOut();
    if (!m_gone && pendingBytes() < before)
        onBytesWritten();
}

void HttpConnection::onBytesWritten()
{
    if (m_gone)
        return;
    const qint64 pending = pendingBytes();
    if (m_phase == Phase::Closing) {
        if (m_shutdownWhenFlushed && pending == 0) {
            shutdownWrite();
            closeIfDone();
        }
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
        dropConnection(false);
        break;
    }
}

} // namespace tollgate::http

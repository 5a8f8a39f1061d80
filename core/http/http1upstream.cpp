#include "http/http1upstream.h"

#include "common/clock.h"
#include "common/logging.h"
#include "http/socketwatcher.h"

#include <QHostAddress>
#include <QTimerEvent>

#include <zlib.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace tollgate::http::upstream_detail {

namespace {

constexpr std::size_t kMaxIdleConnections = 1024;
constexpr std::int64_t kIdleLifetimeMs = 55'000;
constexpr std::int64_t kResolveCacheUs = 60'000'000;
// A kept answer whose addresses all refuse is looked up again only when it is at least this old:
// while a provider is down, not every request asks the resolver.
constexpr std::int64_t kRelookupAfterUs = 1'000'000;
constexpr std::size_t kMaxHeadBytes = 256 * 1024;
constexpr std::size_t kMaxChunkLineBytes = 4096;
constexpr std::size_t kReadSize = 16 * 1024;

std::int64_t monotonicUs()
{
    return SystemClock::instance().monotonicUs();
}

// The last coding of a Transfer-Encoding list.
std::string_view lastCoding(std::string_view value)
{
    const std::size_t comma = value.rfind(',');
    return trimOws(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

} // namespace

struct ParsedUrl
{
    std::string host; // without brackets
    int port = 80;
    std::string target = "/";
    std::string hostHeader; // host[:port] as the Host field carries it
    std::string poolKey;    // host:port, the pool of idle connections it draws from
    bool ok = false;
};

namespace {

ParsedUrl parseHttpUrl(std::string_view url)
{
    ParsedUrl parsed;
    constexpr std::string_view scheme = "http://";
    if (url.size() < scheme.size() || !equalsIgnoreCase(url.substr(0, scheme.size()), scheme))
        return parsed;
    std::string_view rest = url.substr(scheme.size());
    const std::size_t slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    std::string_view target = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (const std::size_t hash = target.find('#'); hash != std::string_view::npos)
        target = target.substr(0, hash);
    if (authority.empty() || authority.find('@') != std::string_view::npos)
        return parsed; // credentials in the URL are not supported here
    parsed.hostHeader.assign(authority);
    std::string_view portText;
    if (authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos)
            return parsed;
        parsed.host.assign(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return parsed;
            portText = after.substr(1);
        }
    } else {
        const std::size_t colon = authority.rfind(':');
        parsed.host.assign(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            portText = authority.substr(colon + 1);
    }
    if (parsed.host.empty())
        return parsed;
    for (char c : parsed.host) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '\\')
            return parsed;
    }
    if (!portText.empty()) {
        int port = 0;
        for (char c : portText) {
            if (c < '0' || c > '9' || port > 65535)
                return parsed;
            port = port * 10 + (c - '0');
        }
        if (port <= 0 || port > 65535)
            return parsed;
        parsed.port = port;
    }
    if (!target.empty()) {
        if (target.front() == '?')
            parsed.target = "/" + std::string(target);
        else
            parsed.target.assign(target);
    }
    for (char c : parsed.target) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
            return parsed;
    }
    parsed.poolKey = parsed.host + ':' + std::to_string(parsed.port);
    parsed.ok = true;
    return parsed;
}

std::string describe(const sockaddr_storage& address)
{
    char text[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        port = ntohs(v4->sin_port);
        return std::string(text) + ':' + std::to_string(port);
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
    return '[' + std::string(text) + "]:" + std::to_string(port);
}

bool isLoopbackHost(std::string_view host)
{
    return host == "localhost" || host == "::1" || host.substr(0, 4) == "127.";
}

bool envSet(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value;
}

// Streaming gzip / deflate decoder for a response body.
class BodyDecoder
{
public:
    ~BodyDecoder()
    {
        if (m_active)
            inflateEnd(&m_stream);
    }

    bool start(bool gzip)
    {
        std::memset(&m_stream, 0, sizeof m_stream);
        m_gzip = gzip;
        // 15 + 32: zlib or gzip header, detected; raw deflate is tried when "deflate" has neither.
        m_active = inflateInit2(&m_stream, 15 + 32) == Z_OK;
        return m_active;
    }

    // Decodes `input`, handing each piece of output to `sink`. False on corrupt input.
    template<typename Sink>
    bool feed(std::string_view input, Sink&& sink)
    {
        if (m_finished)
            return input.empty() || true; // bytes after the end of the stream are ignored
        m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        m_stream.avail_in = uInt(input.size());
        while (m_stream.avail_in > 0) {
            m_stream.next_out = reinterpret_cast<Bytef*>(m_out);
            m_stream.avail_out = sizeof m_out;
            int rc = inflate(&m_stream, Z_NO_FLUSH);
            if (rc == Z_DATA_ERROR && !m_gzip && !m_triedRaw && m_stream.total_out == 0) {
                // "deflate" as a bare deflate stream, as some servers send it.
                m_triedRaw = true;
                inflateEnd(&m_stream);
                m_stream = {};
                if (inflateInit2(&m_stream, -15) != Z_OK) {
                    m_active = false;
                    return false;
                }
                m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
                m_stream.avail_in = uInt(input.size());
                continue;
            }
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                return false;
            const std::size_t produced = sizeof m_out - m_stream.avail_out;
            if (produced > 0 && !sink(std::string_view(m_out, produced)))
                return true; // the sink stopped (cancelled or paused): nothing more to do here
            if (rc == Z_STREAM_END) {
                m_finished = true;
                return true;
            }
            if (rc == Z_BUF_ERROR && produced == 0)
                break;
        }
        return true;
    }

    bool finished() const { return m_finished; }

private:
    z_stream m_stream{};
    bool m_active = false;
    bool m_gzip = false;
    bool m_triedRaw = false;
    bool m_finished = false;
    char m_out[16 * 1024];
};

} // namespace

bool servesWithHttp1(std::string_view url)
{
    static const bool forcedCurl = [] {
        const char* value = std::getenv("TOLLGATE_UPSTREAM_CLIENT");
        return value && std::string_view(value) == "curl";
    }();
    static const bool proxyConfigured = envSet("http_proxy") || envSet("all_proxy") || envSet("ALL_PROXY");
    if (forcedCurl)
        return false;
    constexpr std::string_view scheme = "http://";
    if (url.size() < scheme.size() || !equalsIgnoreCase(url.substr(0, scheme.size()), scheme))
        return false;
    if (!proxyConfigured)
        return true;
    const ParsedUrl parsed = parseHttpUrl(url);
    return parsed.ok && isLoopbackHost(parsed.host);
}

// ------------------------------------------------------------------------------------------------

struct H1Connection
{
    int fd = -1;
    std::string key; // host:port of the pool it belongs to
    Http1Driver* driver = nullptr;
    QSocketNotifier* readNotifier = nullptr;
    QSocketNotifier* writeNotifier = nullptr;
    H1Call* call = nullptr; // the call it carries; null while idle
    bool connected = false;
    bool reused = false; // carried a request before the current one
    bool closed = false;
    std::int64_t idleSinceUs = 0;

    // Received bytes: [inPos, inEnd) are not parsed yet.
    std::unique_ptr<char[]> in;
    std::size_t inCapacity = 0;
    std::size_t inPos = 0;
    std::size_t inEnd = 0;
    std::string head; // the request head being written
    std::size_t headSent = 0;
    std::size_t bodySent = 0;

    ~H1Connection()
    {
        delete readNotifier;
        delete writeNotifier;
        if (fd >= 0)
            ::close(fd);
    }
};

class H1Call final : public UpstreamCall
{
public:
    explicit H1Call(Http1Driver* driver) : m_driver(driver) {}

    void cancel() override
    {
        if (m_driver)
            m_driver->cancel(this);
        else
            m_cancelled = true;
    }
    void pause() override
    {
        if (m_driver)
            m_driver->setPaused(this, true);
    }
    void resume() override
    {
        if (m_driver)
            m_driver->setPaused(this, false);
    }

    enum class Read
    {
        StatusLine,
        Fields,
        Length,     // m_remaining bytes of body
        ChunkSize,
        ChunkData,  // m_remaining bytes of the chunk
        ChunkEnd,   // the CRLF after a chunk's data
        Trailers,
        UntilClose,
        Done,
    };

    Http1Driver* m_driver; // null once the call is over or the driver is gone
    UpstreamRequest m_request;
    UpstreamHandlers m_handlers;
    std::shared_ptr<const ParsedUrl> m_url; // shared with the driver's cache of parsed URLs
    H1Connection* m_connection = nullptr;

    bool m_cancelled = false;
    bool m_finished = false;
    bool m_paused = false;
    bool m_retried = false;
    bool m_requestSent = false; // the request started going out on a connection
    bool m_gotFirstByte = false;
    bool m_headDelivered = false;
    bool m_keepAlive = true;
    bool m_isHead = false;

    std::vector<sockaddr_storage> m_addresses; // to try, in order
    std::size_t m_nextAddress = 0;
    std::string m_lastConnectError;
    std::int64_t m_addressesResolvedUs = -1; // when the kept answer in m_addresses was looked up; -1: fresh

    Read m_read = Read::StatusLine;
    int m_status = 0;
    int m_versionMinor = 1;
    std::vector<HttpHeader> m_fieldList; // of the head being received
    HttpHeaders m_fields;                // of the final head
    std::size_t m_headBytes = 0;
    std::uint64_t m_remaining = 0;
    std::unique_ptr<BodyDecoder> m_decoder;

    std::int64_t m_startUs = 0;
    std::int64_t m_connectStartUs = 0; // the connect limit counts from here (start, or a retry)
    std::int64_t m_connectedUs = 0; // 0: the connection was reused
    std::int64_t m_sentUs = 0;
    std::int64_t m_firstByteUs = 0;
    std::int64_t m_lastActivityUs = 0;

    int m_timerId = 0;
    std::int64_t m_timerDueUs = 0;
};

namespace {


} // namespace

// Holds the driver's reentrancy depth for the duration of a handler; closed connections are freed
// once the outermost handler returns.
class Http1Driver::DepthGuard
{
public:
    explicit DepthGuard(Http1Driver& driver) : m_driver(driver) { ++m_driver.m_depth; }
    ~DepthGuard()
    {
        if (--m_driver.m_depth == 0)
            m_driver.reapClosed();
    }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    Http1Driver& m_driver;
};

// ------------------------------------------------------------------------------------------------

Http1Driver::Http1Driver(QObject* owner) : QObject(owner) {}

Http1Driver::~Http1Driver()
{
    for (auto& [raw, call] : m_calls) {
        call->m_cancelled = true;
        call->m_driver = nullptr;
        call->m_connection = nullptr;
        call->m_handlers = {};
    }
    m_calls.clear();
    m_connections.clear(); // closes every socket
    m_closed.clear();
}

std::shared_ptr<const ParsedUrl> Http1Driver::parsedUrl(const std::string& url)
{
    // A gateway calls the same few provider URLs over and over: each is parsed once. The cache is
    // emptied when it grows past its bound (URLs that vary per request, e.g. with a model in the path).
    constexpr std::size_t kMaxParsedUrls = 256;
    if (auto it = m_parsedUrls.find(url); it != m_parsedUrls.end())
        return it->second;
    if (m_parsedUrls.size() >= kMaxParsedUrls)
        m_parsedUrls.clear();
    auto parsed = std::make_shared<const ParsedUrl>(parseHttpUrl(url));
    m_parsedUrls.emplace(url, parsed);
    return parsed;
}

std::shared_ptr<UpstreamCall> Http1Driver::start(UpstreamRequest request, UpstreamHandlers handlers)
{
    auto call = std::make_shared<H1Call>(this);
    call->m_request = std::move(request);
    call->m_handlers = std::move(handlers);
    call->m_startUs = call->m_connectStartUs = monotonicUs();
    call->m_isHead = call->m_request.method == "HEAD";
    m_calls.emplace(call.get(), call);

    call->m_url = parsedUrl(call->m_request.url);
    if (!call->m_url->ok) {
        failLater(call, UpstreamFailure::Connect, "malformed upstream URL");
        return call;
    }
    const std::string& method = call->m_request.method;
    if (!isToken(method)) {
        failLater(call, UpstreamFailure::Connect, "invalid request method");
        return call;
    }
    armDeadline(*call);

    if (H1Connection* idle = takeIdle(call->m_url->poolKey)) {
        assign(*call, idle);
        return call;
    }
    resolveAndConnect(call);
    return call;
}

void Http1Driver::failLater(const std::shared_ptr<H1Call>& call, UpstreamFailure failure, std::string message)
{
    std::weak_ptr<H1Call> weak = call;
    QMetaObject::invokeMethod(
        this,
        [this, weak, failure, message = std::move(message)]() mutable {
            auto strong = weak.lock();
            if (!strong || strong->m_cancelled || strong->m_finished)
                return;
            fail(*strong, failure, std::move(message));
        },
        Qt::QueuedConnection);
}

// ------------------------------------------------------------------------------------------------
// Connecting.

void Http1Driver::resolveAndConnect(const std::shared_ptr<H1Call>& call)
{
    const ParsedUrl& url = *call->m_url;
    sockaddr_storage literal;
    if (literalAddress(url.host, url.port, literal)) {
        call->m_addresses.assign(1, literal);
        call->m_nextAddress = 0;
        connectNext(call);
        return;
    }
    if (auto it = m_resolved.find(url.poolKey); it != m_resolved.end()) {
        if (monotonicUs() - it->second.resolvedUs < kResolveCacheUs) {
            call->m_addresses = it->second.addresses;
            call->m_addressesResolvedUs = it->second.resolvedUs;
            call->m_nextAddress = 0;
            connectNext(call);
            return;
        }
        m_resolved.erase(it);
    }
    lookUp(call);
}

// Joins the lookup of the call's host that is in progress, or starts one.
void Http1Driver::lookUp(const std::shared_ptr<H1Call>& call)
{
    const ParsedUrl& url = *call->m_url;
    std::vector<std::weak_ptr<H1Call>>& waiting = m_waiting[url.poolKey];
    waiting.push_back(call);
    if (waiting.size() > 1)
        return;
    m_lookups.lookup(url.host, url.port, [this, key = url.poolKey](HostLookupResult result) {
        onLookedUp(key, std::move(result));
    });
}

void Http1Driver::onLookedUp(const std::string& key, HostLookupResult result)
{
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return;
    const std::vector<std::weak_ptr<H1Call>> waiting = std::move(it->second);
    m_waiting.erase(it);
    if (!result.addresses.empty())
        m_resolved[key] = {result.addresses, monotonicUs()};
    DepthGuard guard(*this);
    for (const std::weak_ptr<H1Call>& weak : waiting) {
        auto call = weak.lock();
        if (!call || call->m_cancelled || call->m_finished)
            continue;
        call->m_addressesResolvedUs = -1;
        onResolved(call, result.addresses, result.error);
    }
}

void Http1Driver::onResolved(const std::shared_ptr<H1Call>& call, std::vector<sockaddr_storage> addresses,
                             std::string error)
{
    DepthGuard guard(*this);
    if (addresses.empty()) {
        fail(*call, UpstreamFailure::Connect, std::move(error));
        return;
    }
    call->m_addresses = std::move(addresses);
    call->m_nextAddress = 0;
    connectNext(call);
}

void Http1Driver::connectNext(const std::shared_ptr<H1Call>& call)
{
    while (call->m_nextAddress < call->m_addresses.size()) {
        const sockaddr_storage& address = call->m_addresses[call->m_nextAddress++];
        const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            call->m_lastConnectError = std::string("socket: ") + std::strerror(errno);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        const socklen_t length = address.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        int rc;
        do {
            rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), length);
        } while (rc < 0 && errno == EINTR);
        if (rc < 0 && errno != EINPROGRESS) {
            call->m_lastConnectError = "connect to " + describe(address) + ": " + std::strerror(errno);
            ::close(fd);
            continue;
        }
        auto owned = std::make_unique<H1Connection>();
        H1Connection* connection = owned.get();
        connection->fd = fd;
        connection->key = call->m_url->poolKey;
        connection->call = call.get();
        call->m_connection = connection;
        connection->driver = this;
        connection->readNotifier = new SocketWatcher(
            fd, QSocketNotifier::Read, false,
            [](void* c) { static_cast<H1Connection*>(c)->driver->onReadable(static_cast<H1Connection*>(c)); },
            connection);
        // Enabled also when connect() succeeded at once (loopback often does): the write notifier
        // reports it on the next pass, which keeps every callback out of start().
        connection->writeNotifier = new SocketWatcher(
            fd, QSocketNotifier::Write, true,
            [](void* c) { static_cast<H1Connection*>(c)->driver->onWritable(static_cast<H1Connection*>(c)); },
            connection);
        m_connections.emplace(connection, std::move(owned));
        return;
    }
    // Every address of a kept answer refused: the host may have moved. Look it up again, unless
    // the answer is fresh (then the host is down, and asking again would only load the resolver).
    if (call->m_addressesResolvedUs >= 0 && monotonicUs() - call->m_addressesResolvedUs >= kRelookupAfterUs) {
        if (auto it = m_resolved.find(call->m_url->poolKey);
            it != m_resolved.end() && it->second.resolvedUs == call->m_addressesResolvedUs)
            m_resolved.erase(it);
        call->m_addressesResolvedUs = -1;
        lookUp(call);
        return;
    }
    // Reported from the event loop, never from inside start().
    std::string message = call->m_lastConnectError.empty() ? "could not connect to the upstream"
                                                           : call->m_lastConnectError;
    failLater(call, UpstreamFailure::Connect, std::move(message));
}

void Http1Driver::onConnectResult(H1Connection* connection)
{
    H1Call* call = connection->call;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(connection->fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error != 0) {
        if (call) {
            call->m_lastConnectError = "connect to " + call->m_url->hostHeader + ": " + std::strerror(error);
            call->m_connection = nullptr;
        }
        connection->call = nullptr;
        closeConnection(connection);
        if (call) {
            auto it = m_calls.find(call);
            if (it != m_calls.end())
                connectNext(it->second);
        }
        return;
    }
    connection->connected = true;
    if (!call) {
        closeConnection(connection);
        return;
    }
    call->m_connectedUs = monotonicUs();
    assign(*call, connection);
}

// ------------------------------------------------------------------------------------------------
// Sending.

void Http1Driver::assign(H1Call& call, H1Connection* connection)
{
    connection->call = &call;
    call.m_connection = connection;
    connection->inPos = connection->inEnd = 0;

    const UpstreamRequest& request = call.m_request;
    std::string& head = connection->head;
    head.clear();
    head.reserve(256 + request.url.size() + request.headers.items().size() * 64);
    head += request.method;
    head += ' ';
    head += call.m_url->target;
    head += " HTTP/1.1\r\nHost: ";
    head += call.m_url->hostHeader;
    head += "\r\n";
    bool hasAccept = false;
    for (const HttpHeader& header : request.headers.items()) {
        const std::string& name = header.name;
        if (equalsIgnoreCase(name, "Host") || equalsIgnoreCase(name, "Content-Length") ||
            equalsIgnoreCase(name, "Transfer-Encoding") || equalsIgnoreCase(name, "Expect") ||
            equalsIgnoreCase(name, "Connection") || equalsIgnoreCase(name, "Accept-Encoding") ||
            equalsIgnoreCase(name, "Keep-Alive") || equalsIgnoreCase(name, "TE") ||
            equalsIgnoreCase(name, "Upgrade"))
            continue;
        if (!isToken(name) || !isHeaderSafe(header.value)) {
            qCWarning(lcUpstream, "dropping an upstream request header with an invalid name or value");
            continue;
        }
        if (equalsIgnoreCase(name, "Accept"))
            hasAccept = true;
        head += name;
        head += ": ";
        head += header.value;
        head += "\r\n";
    }
    if (!hasAccept)
        head += "Accept: */*\r\n";
    head += "Accept-Encoding: gzip, deflate\r\n";
    const bool sendsBody = request.method != "GET" && request.method != "HEAD";
    if (sendsBody) {
        head += "Content-Length: ";
        head += std::to_string(request.body.size());
        head += "\r\n";
    }
    head += "\r\n";
    connection->headSent = 0;
    connection->bodySent = sendsBody ? 0 : std::size_t(request.body.size());

    call.m_requestSent = true;
    call.m_sentUs = monotonicUs();
    call.m_read = H1Call::Read::StatusLine;
    call.m_status = 0;
    call.m_fieldList.clear();
    call.m_headBytes = 0;
    call.m_gotFirstByte = false;
    armDeadline(call);
    connection->readNotifier->setEnabled(!call.m_paused);
    m_unsent.push_back(connection);
    requestFlush();
}

void Http1Driver::flushPass()
{
    DepthGuard guard(*this);
    // Swapped out first: a failed write closes its connection, which withdraws it from m_unsent.
    std::vector<H1Connection*> unsent;
    unsent.swap(m_unsent);
    for (std::size_t i = 0; i < unsent.size(); ++i) {
        H1Connection* connection = unsent[i];
        if (!connection)
            continue;
        if (!connection->closed && connection->call)
            writeRequest(connection);
    }
}

void Http1Driver::writeRequest(H1Connection* connection)
{
    H1Call* call = connection->call;
    const QByteArray& body = call->m_request.body;
    const bool sendsBody = call->m_request.method != "GET" && call->m_request.method != "HEAD";
    const std::size_t bodySize = sendsBody ? std::size_t(body.size()) : 0;
    while (connection->headSent < connection->head.size() || connection->bodySent < bodySize) {
        iovec parts[2];
        int count = 0;
        if (connection->headSent < connection->head.size()) {
            parts[count].iov_base = connection->head.data() + connection->headSent;
            parts[count].iov_len = connection->head.size() - connection->headSent;
            ++count;
        }
        if (connection->bodySent < bodySize) {
            parts[count].iov_base = const_cast<char*>(body.constData()) + connection->bodySent;
            parts[count].iov_len = bodySize - connection->bodySent;
            ++count;
        }
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = std::size_t(count);
        const ssize_t sent = ::sendmsg(connection->fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                connection->writeNotifier->setEnabled(true);
                return;
            }
            onPeerClosed(connection, errno);
            return;
        }
        std::size_t left = std::size_t(sent);
        const std::size_t fromHead = std::min(left, connection->head.size() - connection->headSent);
        connection->headSent += fromHead;
        left -= fromHead;
        connection->bodySent += left;
    }
    connection->writeNotifier->setEnabled(false);
}

void Http1Driver::onWritable(H1Connection* connection)
{
    DepthGuard guard(*this);
    if (connection->closed)
        return;
    if (!connection->connected) {
        connection->writeNotifier->setEnabled(false);
        onConnectResult(connection);
        return;
    }
    if (connection->call)
        writeRequest(connection);
    else
        connection->writeNotifier->setEnabled(false);
}

// ------------------------------------------------------------------------------------------------
// Receiving.

void Http1Driver::onReadable(H1Connection* connection)
{
    DepthGuard guard(*this);
    if (connection->closed)
        return;
    H1Call* call = connection->call;
    if (!call) {
        // An idle pooled connection became readable: the server closed it (or sent something it
        // should not have). Either way it cannot carry another request.
        closeConnection(connection);
        return;
    }
    const std::shared_ptr<H1Call> keep = m_calls.at(call);
    if (connection->inPos == connection->inEnd) {
        connection->inPos = connection->inEnd = 0;
    } else if (connection->inPos > 0 && connection->inCapacity - connection->inEnd < kReadSize) {
        std::memmove(connection->in.get(), connection->in.get() + connection->inPos,
                     connection->inEnd - connection->inPos);
        connection->inEnd -= connection->inPos;
        connection->inPos = 0;
    }
    if (connection->inCapacity - connection->inEnd < kReadSize) {
        const std::size_t capacity = std::max(connection->inCapacity * 2, connection->inEnd + kReadSize);
        auto grown = std::make_unique<char[]>(capacity);
        std::memcpy(grown.get(), connection->in.get() + connection->inPos, connection->inEnd - connection->inPos);
        connection->inEnd -= connection->inPos;
        connection->inPos = 0;
        connection->in = std::move(grown);
        connection->inCapacity = capacity;
    }
    ssize_t n;
    do {
        n = ::recv(connection->fd, connection->in.get() + connection->inEnd,
                   connection->inCapacity - connection->inEnd, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        onPeerClosed(connection, errno);
        return;
    }
    connection->inEnd += std::size_t(n);
    if (n == 0) {
        onPeerClosed(connection, 0);
        return;
    }
    const std::int64_t now = monotonicUs();
    call->m_lastActivityUs = now;
    if (!call->m_gotFirstByte) {
        call->m_gotFirstByte = true;
        call->m_firstByteUs = now;
        armDeadline(*call);
    }
    processInput(connection);
}

void Http1Driver::processInput(H1Connection* connection)
{
    H1Call* call = connection->call;
    const std::shared_ptr<H1Call> keep = m_calls.at(call); // a callback may cancel and release it
    const char* in = connection->in.get();
    auto protocolError = [&](std::string message) {
        fail(*call, UpstreamFailure::Transport, "malformed upstream response: " + std::move(message));
    };
    // A line from inPos, without its line end; false when it is not complete yet.
    auto takeLine = [&](std::string_view& line, std::size_t limit) -> int {
        const std::size_t available = connection->inEnd - connection->inPos;
        const void* found = std::memchr(in + connection->inPos, '\n', available);
        if (!found)
            return available > limit ? -1 : 0;
        const std::size_t end = std::size_t(static_cast<const char*>(found) - in);
        if (end - connection->inPos > limit)
            return -1;
        line = std::string_view(in + connection->inPos, end - connection->inPos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        connection->inPos = end + 1;
        return 1;
    };
    auto deliver = [&](std::string_view bytes) -> bool {
        if (bytes.empty())
            return true;
        if (call->m_decoder) {
            const bool ok = call->m_decoder->feed(bytes, [&](std::string_view plain) {
                if (call->m_handlers.onBody)
                    call->m_handlers.onBody(plain);
                return !call->m_cancelled && !call->m_finished;
            });
            if (!ok && !call->m_cancelled && !call->m_finished) {
                fail(*call, UpstreamFailure::Transport, "upstream sent a corrupt compressed body");
                return false;
            }
        } else if (call->m_handlers.onBody) {
            call->m_handlers.onBody(bytes);
        }
        return !call->m_cancelled && !call->m_finished && !connection->closed;
    };

    // Up to m_remaining body bytes of what is buffered; `then` once they are all through. False
    // when nothing was buffered or the call should not go on.
    auto deliverCounted = [&](std::size_t available, H1Call::Read then) -> bool {
        const std::size_t take = std::size_t(std::min<std::uint64_t>(call->m_remaining, available));
        if (take == 0)
            return false;
        const std::string_view bytes(in + connection->inPos, take);
        connection->inPos += take;
        call->m_remaining -= take;
        if (call->m_remaining == 0)
            call->m_read = then;
        return deliver(bytes);
    };

    while (!call->m_cancelled && !call->m_finished && !connection->closed) {
        if (call->m_paused && call->m_headDelivered)
            return; // the rest waits in the buffer for resume()
        const std::size_t available = connection->inEnd - connection->inPos;
        std::string_view line;
        switch (call->m_read) {
        case H1Call::Read::StatusLine:
        case H1Call::Read::Fields: {
            const std::size_t before = connection->inPos;
            const int got = takeLine(line, kMaxHeadBytes);
            if (got < 0 || call->m_headBytes + (connection->inPos - before) > kMaxHeadBytes)
                return protocolError("response head larger than 256 KiB");
            if (got == 0)
                return;
            call->m_headBytes += connection->inPos - before;
            if (call->m_read == H1Call::Read::StatusLine) {
                // HTTP/1.x SP 3DIGIT [SP reason]
                if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || (line[7] != '0' && line[7] != '1') ||
                    line[8] != ' ' || !std::isdigit(static_cast<unsigned char>(line[9])) ||
                    !std::isdigit(static_cast<unsigned char>(line[10])) ||
                    !std::isdigit(static_cast<unsigned char>(line[11])) || (line.size() > 12 && line[12] != ' '))
                    return protocolError("not an HTTP/1.x status line");
                call->m_versionMinor = line[7] - '0';
                call->m_status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
                if (call->m_status < 100)
                    return protocolError("status code below 100");
                call->m_fieldList.clear();
                call->m_fieldList.reserve(16); // a usual head's fields, without growing one by one
                call->m_read = H1Call::Read::Fields;
                break;
            }
            if (!line.empty()) {
                if (line.front() == ' ' || line.front() == '\t') {
                    // Obsolete line folding: continues the previous field's value.
                    if (call->m_fieldList.empty())
                        return protocolError("folded line before any header field");
                    call->m_fieldList.back().value += ' ';
                    call->m_fieldList.back().value += trimOws(line);
                    break;
                }
                const std::size_t colon = line.find(':');
                if (colon == std::string_view::npos || colon == 0)
                    return protocolError("header line without a field name");
                const std::string_view name = line.substr(0, colon);
                if (!isToken(name))
                    return protocolError("invalid header field name");
                call->m_fieldList.push_back({std::string(name), std::string(trimOws(line.substr(colon + 1)))});
                break;
            }
            // End of a head.
            if (call->m_status < 200 && call->m_status != 101) {
                call->m_read = H1Call::Read::StatusLine; // interim (100 Continue, 103 Early Hints)
                break;
            }
            if (call->m_status == 101)
                return protocolError("unexpected protocol switch");
            call->m_fields.clear();
            call->m_fields.reserve(call->m_fieldList.size());
            for (HttpHeader& field : call->m_fieldList)
                call->m_fields.add(std::move(field.name), std::move(field.value));
            call->m_fieldList.clear();
            const HttpHeaders& fields = call->m_fields;
            const std::string_view connectionField = fields.value("connection");
            call->m_keepAlive = call->m_versionMinor == 1 ? !listsToken(connectionField, "close")
                                                          : listsToken(connectionField, "keep-alive");
            if (call->m_isHead || call->m_status == 204 || call->m_status == 304) {
                call->m_read = H1Call::Read::Done;
            } else if (fields.contains("transfer-encoding")) {
                // Transfer-Encoding overrides Content-Length; a response with both is suspect, so
                // its connection is not reused (RFC 9112 6.3).
                if (fields.contains("content-length"))
                    call->m_keepAlive = false;
                if (equalsIgnoreCase(lastCoding(fields.value("transfer-encoding")), "chunked")) {
                    call->m_read = H1Call::Read::ChunkSize;
                } else {
                    call->m_read = H1Call::Read::UntilClose;
                    call->m_keepAlive = false;
                }
            } else if (fields.contains("content-length")) {
                std::uint64_t length = 0;
                bool first = true;
                for (const HttpHeader& field : fields.items()) {
                    if (!equalsIgnoreCase(field.name, "content-length"))
                        continue;
                    const std::string_view text = field.value;
                    std::uint64_t value = 0;
                    if (text.empty() || text.size() > 18 ||
                        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
                        return protocolError("invalid Content-Length");
                    for (char c : text)
                        value = value * 10 + std::uint64_t(c - '0');
                    if (!first && value != length)
                        return protocolError("conflicting Content-Length fields");
                    length = value;
                    first = false;
                }
                call->m_remaining = length;
                call->m_read = length == 0 ? H1Call::Read::Done : H1Call::Read::Length;
            } else {
                call->m_read = H1Call::Read::UntilClose;
                call->m_keepAlive = false;
            }
            if (call->m_read != H1Call::Read::Done) {
                const std::string_view coding = trimOws(fields.value("content-encoding"));
                if (equalsIgnoreCase(coding, "gzip") || equalsIgnoreCase(coding, "x-gzip") ||
                    equalsIgnoreCase(coding, "deflate")) {
                    call->m_decoder = std::make_unique<BodyDecoder>();
                    if (!call->m_decoder->start(!equalsIgnoreCase(coding, "deflate")))
                        return protocolError("could not start the body decoder");
                } else if (!coding.empty() && !equalsIgnoreCase(coding, "identity")) {
                    return protocolError("unsupported Content-Encoding \"" + std::string(coding) + "\"");
                }
            }
            call->m_headDelivered = true;
            if (call->m_handlers.onHead)
                call->m_handlers.onHead(call->m_status, call->m_fields);
            break;
        }
        case H1Call::Read::Length:
            if (!deliverCounted(available, H1Call::Read::Done))
                return;
            break;
        case H1Call::Read::ChunkSize: {
            const int got = takeLine(line, kMaxChunkLineBytes);
            if (got < 0)
                return protocolError("chunk size line too long");
            if (got == 0)
                return;
            const std::string_view sizeText = trimOws(line.substr(0, line.find(';')));
            if (sizeText.empty() || sizeText.size() > 15)
                return protocolError("invalid chunk size");
            std::uint64_t size = 0;
            for (char c : sizeText) {
                int digit;
                if (c >= '0' && c <= '9')
                    digit = c - '0';
                else if (c >= 'a' && c <= 'f')
                    digit = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                    digit = c - 'A' + 10;
                else
                    return protocolError("invalid chunk size");
                size = size * 16 + std::uint64_t(digit);
            }
            call->m_remaining = size;
            call->m_read = size == 0 ? H1Call::Read::Trailers : H1Call::Read::ChunkData;
            break;
        }
        case H1Call::Read::ChunkData:
            if (!deliverCounted(available, H1Call::Read::ChunkEnd))
                return;
            break;
        case H1Call::Read::ChunkEnd: {
            const int got = takeLine(line, 2);
            if (got < 0 || (got > 0 && !line.empty()))
                return protocolError("chunk data longer than its size");
            if (got == 0)
                return;
            call->m_read = H1Call::Read::ChunkSize;
            break;
        }
        case H1Call::Read::Trailers: {
            const std::size_t before = connection->inPos;
            const int got = takeLine(line, kMaxHeadBytes);
            if (got < 0 || call->m_headBytes + (connection->inPos - before) > 2 * kMaxHeadBytes)
                return protocolError("trailer section too large");
            if (got == 0)
                return;
            call->m_headBytes += connection->inPos - before;
            if (line.empty())
                call->m_read = H1Call::Read::Done; // trailer fields are dropped, never headers
            break;
        }
        case H1Call::Read::UntilClose: {
            if (available == 0)
                return;
            const std::string_view bytes(in + connection->inPos, available);
            connection->inPos += available;
            if (!deliver(bytes))
                return;
            break;
        }
        case H1Call::Read::Done:
            responseDone(connection);
            return;
        }
    }
}

void Http1Driver::responseDone(H1Connection* connection)
{
    H1Call* call = connection->call;
    auto it = m_calls.find(call);
    if (it == m_calls.end())
        return;
    std::shared_ptr<H1Call> keep = it->second;
    const bool requestComplete =
        connection->headSent == connection->head.size() &&
        (call->m_request.method == "GET" || call->m_request.method == "HEAD" ||
         connection->bodySent == std::size_t(call->m_request.body.size()));
    const bool reusable = call->m_keepAlive && requestComplete && connection->inPos == connection->inEnd;
    if (call->m_decoder && !call->m_decoder->finished()) {
        fail(*call, UpstreamFailure::Transport, "upstream compressed body ended early");
        return;
    }
    UpstreamOutcome outcome = outcomeOf(*call);
    detach(call);
    if (reusable)
        makeIdle(connection);
    else
        closeConnection(connection);
    complete(keep, std::move(outcome));
}

void Http1Driver::onPeerClosed(H1Connection* connection, int error)
{
    H1Call* call = connection->call;
    if (!call) {
        closeConnection(connection);
        return;
    }
    if (error == 0 && call->m_read == H1Call::Read::UntilClose) {
        if (call->m_decoder && !call->m_decoder->finished()) {
            fail(*call, UpstreamFailure::Transport, "upstream compressed body ended early");
            return;
        }
        call->m_read = H1Call::Read::Done;
        call->m_keepAlive = false;
        responseDone(connection);
        return;
    }
    if (!call->m_gotFirstByte && connection->reused && !call->m_retried && retryOnFreshConnection(connection))
        return;
    std::string message;
    if (!call->m_gotFirstByte)
        message = error ? std::string("upstream connection failed before a response: ") + std::strerror(error)
                        : "upstream closed the connection before a response";
    else
        message = error ? std::string("upstream connection failed mid-response: ") + std::strerror(error)
                        : "upstream closed the connection mid-response";
    fail(*call, UpstreamFailure::Transport, std::move(message));
}

bool Http1Driver::retryOnFreshConnection(H1Connection* connection)
{
    H1Call* call = connection->call;
    auto it = m_calls.find(call);
    if (it == m_calls.end())
        return false;
    std::shared_ptr<H1Call> keep = it->second;
    call->m_retried = true;
    call->m_requestSent = false;
    call->m_connectStartUs = monotonicUs();
    call->m_connection = nullptr;
    connection->call = nullptr;
    closeConnection(connection);
    qCDebug(lcUpstream, "a pooled upstream connection was closed by the server; sending again on a new one");
    resolveAndConnect(keep);
    return true;
}

// ------------------------------------------------------------------------------------------------
// Ending calls.

void Http1Driver::fail(H1Call& call, UpstreamFailure failure, std::string message)
{
    auto it = m_calls.find(&call);
    if (it == m_calls.end())
        return;
    std::shared_ptr<H1Call> keep = it->second;
    H1Connection* connection = call.m_connection;
    UpstreamOutcome outcome = outcomeOf(call);
    outcome.failure = failure;
    outcome.message = std::move(message);
    detach(&call);
    if (connection)
        closeConnection(connection);
    complete(keep, std::move(outcome));
}

UpstreamOutcome Http1Driver::outcomeOf(const H1Call& call) const
{
    UpstreamOutcome outcome;
    outcome.status = call.m_headDelivered ? call.m_status : 0;
    const std::int64_t now = monotonicUs();
    outcome.connectUs = call.m_connectedUs > 0 ? call.m_connectedUs - call.m_startUs : 0;
    outcome.firstByteUs = call.m_gotFirstByte ? std::max<std::int64_t>(1, call.m_firstByteUs - call.m_startUs) : 0;
    outcome.totalUs = std::max<std::int64_t>(1, now - call.m_startUs);
    return outcome;
}

std::shared_ptr<H1Call> Http1Driver::detach(H1Call* call)
{
    auto it = m_calls.find(call);
    if (it == m_calls.end())
        return {};
    std::shared_ptr<H1Call> keep = std::move(it->second);
    m_calls.erase(it);
    if (call->m_timerId) {
        killTimer(call->m_timerId);
        m_deadlines.erase(call->m_timerId);
        call->m_timerId = 0;
    }
    if (call->m_connection) {
        call->m_connection->call = nullptr;
        call->m_connection = nullptr;
    }
    call->m_finished = true;
    call->m_driver = nullptr;
    return keep;
}

void Http1Driver::complete(const std::shared_ptr<H1Call>& call, UpstreamOutcome outcome)
{
    // Handlers leave the call before they run: what they captured (often the call itself) is
    // released when this function returns.
    UpstreamHandlers handlers = std::move(call->m_handlers);
    call->m_handlers = {};
    if (call->m_cancelled)
        return;
    if (handlers.onComplete)
        handlers.onComplete(outcome);
}

void Http1Driver::cancel(H1Call* call)
{
    if (call->m_cancelled || call->m_finished)
        return;
    call->m_cancelled = true;
    H1Connection* connection = call->m_connection;
    auto keep = detach(call);
    // A connection in the middle of an exchange cannot be reused: closing it is also how the
    // provider learns the answer is no longer wanted.
    if (connection)
        closeConnection(connection);
    // The handlers may be running right now (cancel() from inside onBody): they are destroyed
    // once no handler of this driver is on the stack.
    if (keep)
        m_releasedHandlers.push_back(std::move(keep->m_handlers));
    if (m_depth == 0)
        reapClosed();
}

void Http1Driver::setPaused(H1Call* call, bool paused)
{
    if (call->m_cancelled || call->m_finished || call->m_paused == paused)
        return;
    call->m_paused = paused;
    H1Connection* connection = call->m_connection;
    if (!paused)
        call->m_lastActivityUs = monotonicUs(); // the idle clock restarts where the caller resumed
    if (!connection || !connection->connected || connection->closed)
        return;
    connection->readNotifier->setEnabled(!paused);
    if (!paused) {
        // Buffered bytes are delivered from the event loop, not from inside resume().
        std::weak_ptr<H1Call> weak = m_calls.at(call);
        QMetaObject::invokeMethod(
            this,
            [this, weak] {
                auto strong = weak.lock();
                if (!strong || strong->m_finished || strong->m_cancelled || strong->m_paused ||
                    !strong->m_connection)
                    return;
                DepthGuard guard(*this);
                processInput(strong->m_connection);
            },
            Qt::QueuedConnection);
    }
}

// ------------------------------------------------------------------------------------------------
// The pool.

H1Connection* Http1Driver::takeIdle(const std::string& key)
{
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        return nullptr;
    const std::int64_t now = monotonicUs();
    while (!it->second.empty()) {
        H1Connection* connection = it->second.back();
        it->second.pop_back();
        --m_idleCount;
        if (now - connection->idleSinceUs > kIdleLifetimeMs * 1000) {
            closeConnection(connection);
            continue;
        }
        connection->reused = true;
        return connection;
    }
    return nullptr;
}

void Http1Driver::makeIdle(H1Connection* connection)
{
    connection->call = nullptr;
    connection->inPos = connection->inEnd = 0;
    if (connection->inCapacity > 4 * kReadSize) {
        connection->in.reset(); // a large answer's buffer is not kept by an idle connection
        connection->inCapacity = 0;
    }
    connection->writeNotifier->setEnabled(false);
    if (m_idleCount >= kMaxIdleConnections) {
        closeConnection(connection);
        return;
    }
    connection->idleSinceUs = monotonicUs();
    connection->readNotifier->setEnabled(true); // watches for the server closing it
    m_idle[connection->key].push_back(connection);
    ++m_idleCount;
    if (!m_sweepTimerId)
        m_sweepTimerId = startTimer(std::chrono::milliseconds(kIdleLifetimeMs / 5), Qt::VeryCoarseTimer);
}

void Http1Driver::closeConnection(H1Connection* connection)
{
    if (connection->closed)
        return;
    connection->closed = true;
    std::replace(m_unsent.begin(), m_unsent.end(), connection, static_cast<H1Connection*>(nullptr));
    if (connection->call) {
        connection->call->m_connection = nullptr;
        connection->call = nullptr;
    }
    if (!connection->call) {
        auto idle = m_idle.find(connection->key);
        if (idle != m_idle.end()) {
            auto& list = idle->second;
            auto pos = std::find(list.begin(), list.end(), connection);
            if (pos != list.end()) {
                list.erase(pos);
                --m_idleCount;
            }
        }
    }
    connection->readNotifier->setEnabled(false);
    connection->writeNotifier->setEnabled(false);
    ::close(connection->fd);
    connection->fd = -1;
    auto it = m_connections.find(connection);
    if (it != m_connections.end()) {
        m_closed.push_back(std::move(it->second));
        m_connections.erase(it);
    }
    if (m_depth == 0)
        reapClosed();
}

void Http1Driver::reapClosed()
{
    // Notifiers are deleted here, never from inside their own activated() signal.
    m_closed.clear();
    m_releasedHandlers.clear();
}

void Http1Driver::sweepIdle()
{
    const std::int64_t now = monotonicUs();
    std::vector<H1Connection*> expired;
    for (auto& [key, list] : m_idle) {
        for (H1Connection* connection : list) {
            if (now - connection->idleSinceUs > kIdleLifetimeMs * 1000)
                expired.push_back(connection);
        }
    }
    for (H1Connection* connection : expired)
        closeConnection(connection);
    if (m_idleCount == 0 && m_sweepTimerId) {
        killTimer(m_sweepTimerId);
        m_sweepTimerId = 0;
    }
}

// ------------------------------------------------------------------------------------------------
// Deadlines: one timer per call, re-armed lazily. Progress only records its time; the timer
// checks the real deadline when it fires and moves itself on.

void Http1Driver::armDeadline(H1Call& call)
{
    const UpstreamTimeouts& timeouts = call.m_request.timeouts;
    std::int64_t due = 0;
    auto consider = [&due](std::int64_t at) {
        if (at > 0 && (due == 0 || at < due))
            due = at;
    };
    if (timeouts.totalMs > 0)
        consider(call.m_startUs + std::int64_t(timeouts.totalMs) * 1000);
    if (!call.m_requestSent) {
        if (timeouts.connectMs > 0)
            consider(call.m_connectStartUs + std::int64_t(timeouts.connectMs) * 1000);
    } else if (!call.m_gotFirstByte) {
        if (timeouts.firstByteMs > 0)
            consider(call.m_sentUs + std::int64_t(timeouts.firstByteMs) * 1000);
    } else if (timeouts.idleMs > 0) {
        consider(call.m_lastActivityUs + std::int64_t(timeouts.idleMs) * 1000);
    }
    if (due == 0)
        return;
    if (call.m_timerId && call.m_timerDueUs <= due)
        return; // fires first and re-arms itself
    if (call.m_timerId) {
        killTimer(call.m_timerId);
        m_deadlines.erase(call.m_timerId);
    }
    const std::int64_t delayMs = std::max<std::int64_t>(0, (due - monotonicUs() + 999) / 1000);
    call.m_timerId = startTimer(std::chrono::milliseconds(delayMs), Qt::CoarseTimer);
    call.m_timerDueUs = due;
    if (call.m_timerId)
        m_deadlines.emplace(call.m_timerId, &call);
}

void Http1Driver::timerEvent(QTimerEvent* event)
{
    DepthGuard guard(*this);
    if (event->timerId() == m_sweepTimerId) {
        sweepIdle();
        return;
    }
    auto it = m_deadlines.find(event->timerId());
    if (it == m_deadlines.end()) {
        killTimer(event->timerId());
        return;
    }
    H1Call* call = it->second;
    m_deadlines.erase(it);
    killTimer(call->m_timerId);
    call->m_timerId = 0;
    checkDeadline(*call);
}

void Http1Driver::checkDeadline(H1Call& call)
{
    const UpstreamTimeouts& timeouts = call.m_request.timeouts;
    const std::int64_t now = monotonicUs();
    if (timeouts.totalMs > 0 && now >= call.m_startUs + std::int64_t(timeouts.totalMs) * 1000) {
        fail(call, UpstreamFailure::TotalTimeout,
             "upstream exchange took longer than " + std::to_string(timeouts.totalMs) + " ms");
        return;
    }
    if (!call.m_requestSent) {
        if (timeouts.connectMs > 0 && now >= call.m_connectStartUs + std::int64_t(timeouts.connectMs) * 1000) {
            fail(call, UpstreamFailure::ConnectTimeout,
                 "could not connect to the upstream within " + std::to_string(timeouts.connectMs) + " ms");
            return;
        }
    } else if (!call.m_gotFirstByte) {
        if (timeouts.firstByteMs > 0 && now >= call.m_sentUs + std::int64_t(timeouts.firstByteMs) * 1000) {
            fail(call, UpstreamFailure::FirstByteTimeout,
                 "no response from upstream within " + std::to_string(timeouts.firstByteMs) + " ms");
            return;
        }
    } else if (timeouts.idleMs > 0) {
        if (call.m_paused) {
            call.m_lastActivityUs = now; // a paused call waits for its reader, not the provider
        } else if (now >= call.m_lastActivityUs + std::int64_t(timeouts.idleMs) * 1000) {
            fail(call, UpstreamFailure::IdleTimeout,
                 "upstream sent nothing for " + std::to_string(timeouts.idleMs) + " ms");
            return;
        }
    }
    armDeadline(call);
}

} // namespace tollgate::http::upstream_detail

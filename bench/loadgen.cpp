// tollgate-loadgen: the HTTP/1.1 load generator that bench/run.sh drives.
//
// Modes (one JSON object on stdout per run):
//   closed   (default)       every connection sends its next request as soon as the previous
//                            response is complete; reports requests/s and latency percentiles.
//   open     (--rate R)      requests are due every 1/R s and go out on a pooled connection;
//                            latency counts from the time a request was *due*, so a server that
//                            stalls cannot hide its queue (no coordinated omission).
//   streams  (--streams N)   N connections at once, one streaming request each, read to the end
//                            of the (chunked) body, which must contain `data: [DONE]`.
//   probe    (--probe)       one request; exit status 0 when it answers 2xx.
//
// Linux only: epoll, non-blocking sockets, timerfd. Only loopback targets are accepted, because
// this tool exists to measure processes on the same machine. Every run ends by itself: the
// measured time plus a grace period, with alarm() as a last resort.

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Nanos = int64_t; // CLOCK_MONOTONIC, nanoseconds

constexpr Nanos kSecond = 1'000'000'000;
constexpr Nanos kMilli = 1'000'000;

Nanos nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return Nanos(ts.tv_sec) * kSecond + ts.tv_nsec;
}

Nanos secondsToNs(double s)
{
    return Nanos(std::llround(s * double(kSecond)));
}

[[noreturn]] void die(const std::string& message)
{
    std::fprintf(stderr, "tollgate-loadgen: %s\n", message.c_str());
    std::exit(2);
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const auto ca = static_cast<unsigned char>(a[i]);
        const auto cb = static_cast<unsigned char>(b[i]);
        if (std::tolower(ca) != std::tolower(cb))
            return false;
    }
    return true;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// True when the comma-separated header value lists `token` (case-insensitive).
bool listHasToken(std::string_view value, std::string_view token)
{
    while (!value.empty()) {
        const size_t comma = value.find(',');
        const std::string_view item = trim(value.substr(0, comma));
        if (equalsIgnoreCase(item, token))
            return true;
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

std::string_view lastListItem(std::string_view value)
{
    const size_t comma = value.rfind(',');
    return trim(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

// ---------------------------------------------------------------------------------------------
// Incremental parser of one HTTP/1.1 response. feed() gets the bytes received so far that it has
// not consumed yet and reports how many it consumed; the caller keeps the rest for the next call.
class ResponseParser
{
public:
    enum class Status
    {
        NeedMore,
        Complete,
        Error
    };

    void reset(bool keepBody, bool headRequest)
    {
        m_phase = Phase::StatusLine;
        m_keepBody = keepBody;
        m_headRequest = headRequest;
        m_status = 0;
        m_contentLength.reset();
        m_chunked = false;
        m_close = false;
        m_remaining = 0;
        m_headerBytes = 0;
        m_body.clear();
        m_error = nullptr;
    }

    Status feed(const char* data, size_t len, size_t& consumed)
    {
        size_t pos = 0;
        Status result = Status::NeedMore;
        while (result == Status::NeedMore) {
            if (m_phase == Phase::FixedBody || m_phase == Phase::ChunkData || m_phase == Phase::UntilClose) {
                const size_t avail = len - pos;
                if (avail == 0)
                    break;
                size_t take = avail;
                if (m_phase != Phase::UntilClose)
                    take = size_t(std::min<uint64_t>(m_remaining, avail));
                if (!appendBody(data + pos, take)) {
                    result = Status::Error;
                    break;
                }
                pos += take;
                if (m_phase == Phase::UntilClose)
                    continue;
                m_remaining -= take;
                if (m_remaining == 0) {
                    if (m_phase == Phase::FixedBody) {
                        m_phase = Phase::Done;
                        result = Status::Complete;
                    } else {
                        m_phase = Phase::ChunkDataEnd;
                    }
                }
                continue;
            }

            // Every other phase consumes whole lines.
            const char* start = data + pos;
            const void* nl = std::memchr(start, '\n', len - pos);
            if (nl == nullptr) {
                if (len - pos > kMaxLine)
                    result = fail("header or chunk line too long");
                break;
            }
            const size_t lineLen = size_t(static_cast<const char*>(nl) - start);
            std::string_view line(start, lineLen);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            pos += lineLen + 1;
            if (m_phase == Phase::StatusLine || m_phase == Phase::Headers) {
                m_headerBytes += lineLen + 1;
                if (m_headerBytes > kMaxHeaderBytes) {
                    result = fail("response headers too large");
                    break;
                }
            }
            result = onLine(line);
        }
        consumed = pos;
        return result;
    }

    // The peer closed the connection: completes a body delimited by the close, else an error.
    Status finishOnEof()
    {
        if (m_phase == Phase::UntilClose) {
            m_phase = Phase::Done;
            return Status::Complete;
        }
        return fail("connection closed before the response was complete");
    }

    bool started() const { return m_phase != Phase::StatusLine || m_headerBytes > 0; }
    int statusCode() const { return m_status; }
    bool closeAfter() const { return m_close; }
    bool chunked() const { return m_chunked; }
    const std::string& body() const { return m_body; }
    const char* error() const { return m_error ? m_error : "malformed response"; }

private:
    enum class Phase
    {
        StatusLine,
        Headers,
        FixedBody,
        UntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done
    };

    static constexpr size_t kMaxLine = 16 * 1024;
    static constexpr size_t kMaxHeaderBytes = 64 * 1024;
    static constexpr size_t kMaxKeptBody = 16 * 1024 * 1024;

    Status fail(const char* why)
    {
        m_error = why;
        return Status::Error;
    }

    bool appendBody(const char* data, size_t len)
    {
        if (!m_keepBody)
            return true;
        if (m_body.size() + len > kMaxKeptBody) {
            m_error = "response body too large";
            return false;
        }
        m_body.append(data, len);
        return true;
    }

    Status onLine(std::string_view line)
    {
        switch (m_phase) {
        case Phase::StatusLine:
            return onStatusLine(line);
        case Phase::Headers:
            return line.empty() ? onHeadersEnd() : onHeader(line);
        case Phase::ChunkSize:
            return onChunkSize(line);
        case Phase::ChunkDataEnd:
            if (!line.empty())
                return fail("chunk data longer than its size");
            m_phase = Phase::ChunkSize;
            return Status::NeedMore;
        case Phase::Trailers:
            if (line.empty()) {
                m_phase = Phase::Done;
                return Status::Complete;
            }
            return Status::NeedMore;
        default:
            return fail("data after the end of the response");
        }
    }

    Status onStatusLine(std::string_view line)
    {
        // HTTP/1.x SSS [reason]
        if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ')
            return fail("bad status line");
        int code = 0;
        const auto [ptr, ec] = std::from_chars(line.data() + 9, line.data() + 12, code);
        if (ec != std::errc() || ptr != line.data() + 12 || code < 100 || code > 999)
            return fail("bad status code");
        if (line.size() > 12 && line[12] != ' ')
            return fail("bad status line");
        m_status = code;
        m_close = line[7] == '0'; // HTTP/1.0 closes unless it says keep-alive
        m_phase = Phase::Headers;
        return Status::NeedMore;
    }

    Status onHeader(std::string_view line)
    {
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail("bad header line");
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (equalsIgnoreCase(name, "content-length")) {
            uint64_t length = 0;
            const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
            if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
                length > (uint64_t(1) << 40))
                return fail("bad Content-Length");
            if (m_contentLength && *m_contentLength != length)
                return fail("conflicting Content-Length headers");
            m_contentLength = length;
        } else if (equalsIgnoreCase(name, "transfer-encoding")) {
            m_chunked = equalsIgnoreCase(lastListItem(value), "chunked");
            if (!m_chunked)
                m_close = true; // another coding last: the body ends at the close
        } else if (equalsIgnoreCase(name, "connection")) {
            if (listHasToken(value, "close"))
                m_close = true;
            else if (listHasToken(value, "keep-alive"))
                m_close = false;
        }
        return Status::NeedMore;
    }

    Status onHeadersEnd()
    {
        if (m_status >= 100 && m_status < 200 && m_status != 101) {
            // An interim response: the real one follows.
            const bool keepBody = m_keepBody;
            const bool head = m_headRequest;
            reset(keepBody, head);
            return Status::NeedMore;
        }
        if (m_headRequest || m_status == 204 || m_status == 304) {
            m_phase = Phase::Done;
            return Status::Complete;
        }
        if (m_chunked) {
            m_phase = Phase::ChunkSize;
            return Status::NeedMore;
        }
        if (m_contentLength) {
            m_remaining = *m_contentLength;
            if (m_remaining == 0) {
                m_phase = Phase::Done;
                return Status::Complete;
            }
            m_phase = Phase::FixedBody;
            return Status::NeedMore;
        }
        m_close = true;
        m_phase = Phase::UntilClose;
        return Status::NeedMore;
    }

    Status onChunkSize(std::string_view line)
    {
        const size_t ext = line.find_first_of("; \t");
        const std::string_view hex = line.substr(0, ext);
        uint64_t size = 0;
        const auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), size, 16);
        if (hex.empty() || ec != std::errc() || ptr != hex.data() + hex.size() || size > (uint64_t(1) << 40))
            return fail("bad chunk size");
        if (size == 0) {
            m_phase = Phase::Trailers;
            return Status::NeedMore;
        }
        m_remaining = size;
        m_phase = Phase::ChunkData;
        return Status::NeedMore;
    }

    Phase m_phase = Phase::StatusLine;
    bool m_keepBody = false;
    bool m_headRequest = false;
    int m_status = 0;
    std::optional<uint64_t> m_contentLength;
    bool m_chunked = false;
    bool m_close = false;
    uint64_t m_remaining = 0;
    size_t m_headerBytes = 0;
    std::string m_body;
    const char* m_error = nullptr;
};

// ---------------------------------------------------------------------------------------------

enum class Mode
{
    Closed,
    Open,
    Streams,
    Probe
};

struct Options
{
    std::string url;
    std::string method;
    std::vector<std::string> headers;
    std::string bodyFile;
    std::string label;
    std::string expect; // streams/probe: the response body must contain this
    bool expectGiven = false;
    std::string vary; // every occurrence in the body becomes a per-request word
    int connections = 64;
    int threads = 1;
    int streams = 0;
    double rate = 0;
    double duration = 10;
    double warmup = 0;
    double timeout = -1; // per request; default depends on the mode
    bool probe = false;
};

struct Target
{
    sockaddr_storage addr{};
    socklen_t addrLen = 0;
    std::string hostHeader;
    std::string path;
};

void usage()
{
    std::fputs("usage: tollgate-loadgen --url http://127.0.0.1:PORT/path [options]\n"
               "  --connections N   connections (closed), pool size (open); default 64\n"
               "  --duration S      measured seconds; default 10\n"
               "  --warmup S        seconds of load before measuring; default 0\n"
               "  --rate R          open loop at R requests/s (latency from the intended send time)\n"
               "  --streams N       N concurrent streaming requests, each read to its end\n"
               "  --probe           send one request; exit 0 if it answers 2xx\n"
               "  --body FILE       request body (method defaults to POST)\n"
               "  --method M        request method; default GET, or POST with --body\n"
               "  --header 'K: V'   extra request header (repeatable)\n"
               "  --expect TEXT     streams/probe: body must contain TEXT; streams default 'data: [DONE]'\n"
               "  --timeout S       per-request timeout; default 10 (streams: 60)\n"
               "  --vary MARKER     each request replaces every MARKER in the body with its own\n"
               "                    lower-case word of the same length (unique per request)\n"
               "  --threads N       1 or 2 event-loop threads; default 1\n"
               "  --label NAME      copied into the JSON output\n",
               stderr);
}

double parseNumber(const std::string& flag, const std::string& value, double min, double max)
{
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || errno != 0 || end != value.c_str() + value.size() || !std::isfinite(v) || v < min ||
        v > max)
        die(flag + " expects a number in [" + std::to_string(min) + ", " + std::to_string(max) + "], got '" +
            value + "'");
    return v;
}

Options parseOptions(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        bool hasInlineValue = false;
        if (const size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            hasInlineValue = true;
        }
        auto next = [&]() -> std::string {
            if (hasInlineValue)
                return value;
            if (i + 1 >= argc)
                die(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            usage();
            std::exit(0);
        } else if (arg == "--url") {
            o.url = next();
        } else if (arg == "--method") {
            o.method = next();
        } else if (arg == "--header") {
            o.headers.push_back(next());
        } else if (arg == "--body") {
            o.bodyFile = next();
        } else if (arg == "--vary") {
            o.vary = next();
            if (o.vary.size() < 6 || o.vary.size() > 64)
                die("--vary needs a marker of 6 to 64 characters");
        } else if (arg == "--label") {
            o.label = next();
        } else if (arg == "--expect") {
            o.expect = next();
            o.expectGiven = true;
        } else if (arg == "--connections") {
            o.connections = int(parseNumber(arg, next(), 1, 20000));
        } else if (arg == "--threads") {
            o.threads = int(parseNumber(arg, next(), 1, 2));
        } else if (arg == "--streams") {
            o.streams = int(parseNumber(arg, next(), 1, 20000));
        } else if (arg == "--rate") {
            o.rate = parseNumber(arg, next(), 1, 1'000'000);
        } else if (arg == "--duration") {
            o.duration = parseNumber(arg, next(), 0.1, 3600);
        } else if (arg == "--warmup") {
            o.warmup = parseNumber(arg, next(), 0, 600);
        } else if (arg == "--timeout") {
            o.timeout = parseNumber(arg, next(), 0.01, 600);
        } else if (arg == "--probe") {
            o.probe = true;
        } else {
            usage();
            die("unknown argument '" + arg + "'");
        }
    }
    if (o.url.empty()) {
        usage();
        die("--url is required");
    }
    if ((o.probe ? 1 : 0) + (o.streams > 0 ? 1 : 0) + (o.rate > 0 ? 1 : 0) > 1)
        die("--probe, --streams and --rate are exclusive");
    return o;
}

Mode modeOf(const Options& o)
{
    if (o.probe)
        return Mode::Probe;
    if (o.streams > 0)
        return Mode::Streams;
    if (o.rate > 0)
        return Mode::Open;
    return Mode::Closed;
}

const char* modeName(Mode m)
{
    switch (m) {
    case Mode::Closed:
        return "closed";
    case Mode::Open:
        return "open";
    case Mode::Streams:
        return "streams";
    case Mode::Probe:
        return "probe";
    }
    return "?";
}

Target parseTarget(const std::string& url)
{
    constexpr std::string_view scheme = "http://";
    if (url.rfind(scheme, 0) != 0)
        die("only http:// URLs are supported: '" + url + "'");
    std::string rest = url.substr(scheme.size());
    const size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    Target t;
    t.path = slash == std::string::npos ? "/" : rest.substr(slash);
    t.hostHeader = authority;

    std::string host;
    std::string port = "80";
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string::npos)
            die("bad IPv6 address in '" + url + "'");
        host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':')
                die("bad authority in '" + url + "'");
            port = authority.substr(close + 2);
        }
    } else {
        const size_t colon = authority.rfind(':');
        host = authority.substr(0, colon);
        if (colon != std::string::npos)
            port = authority.substr(colon + 1);
    }
    const int portNumber = int(parseNumber("port", port, 1, 65535));
    if (host == "localhost")
        host = "127.0.0.1";

    auto* v4 = reinterpret_cast<sockaddr_in*>(&t.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&t.addr);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127)
            die("only loopback targets (127.0.0.0/8, ::1) are allowed, not '" + host + "'");
        v4->sin_family = AF_INET;
        v4->sin_port = htons(uint16_t(portNumber));
        t.addrLen = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        if (!IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
            die("only loopback targets (127.0.0.0/8, ::1) are allowed, not '" + host + "'");
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(uint16_t(portNumber));
        t.addrLen = sizeof(sockaddr_in6);
    } else {
        die("the host must be a loopback IP address or localhost, not '" + host + "'");
    }
    return t;
}

std::string readFile(const std::string& path)
{
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        die("cannot read body file '" + path + "': " + std::strerror(errno));
    std::string data;
    char buf[65536];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        data.append(buf, n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    if (bad)
        die("cannot read body file '" + path + "'");
    return data;
}

std::string buildRequest(const Options& o, const Target& t, const std::string& body, bool hasBody)
{
    std::string req = o.method + " " + t.path + " HTTP/1.1\r\n";
    req += "Host: " + t.hostHeader + "\r\n";
    req += "User-Agent: tollgate-loadgen\r\n";
    bool hasContentType = false;
    for (const std::string& h : o.headers) {
        const size_t colon = h.find(':');
        if (colon == std::string::npos || colon == 0 || h.find_first_of("\r\n") != std::string::npos)
            die("bad --header '" + h + "' (expected 'Name: value')");
        const std::string_view name = trim(std::string_view(h).substr(0, colon));
        if (equalsIgnoreCase(name, "content-type"))
            hasContentType = true;
        if (equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "transfer-encoding") ||
            equalsIgnoreCase(name, "host"))
            die("--header may not set " + std::string(name));
        req += h + "\r\n";
    }
    if (hasBody) {
        if (!hasContentType)
            req += "Content-Type: application/json\r\n";
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n";
    req += body;
    return req;
}

void raiseFileLimit(size_t needed)
{
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed) {
        rlimit wanted{needed, needed};
        if (setrlimit(RLIMIT_NOFILE, &wanted) == 0)
            return;
    }
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed)
        die("RLIMIT_NOFILE is " + std::to_string(lim.rlim_cur) + ", need " + std::to_string(needed));
}

// ---------------------------------------------------------------------------------------------

struct Counters
{
    uint64_t completed = 0;  // 2xx and, for streams, complete with the expected text
    uint64_t status = 0;     // non-2xx answers
    uint64_t connect = 0;    // connect() refused or failed
    uint64_t io = 0;         // reset or closed mid-response
    uint64_t timeout = 0;    // no complete answer within --timeout (open: also never sent in time)
    uint64_t protocol = 0;   // unparsable response
    uint64_t incomplete = 0; // streams: complete framing but without the expected text
    uint64_t chunked = 0;    // responses that used chunked framing
    uint64_t sent = 0;       // requests written (measured or not)

    uint64_t errors() const { return status + connect + io + timeout + protocol + incomplete; }
    void add(const Counters& o)
    {
        completed += o.completed;
        status += o.status;
        connect += o.connect;
        io += o.io;
        timeout += o.timeout;
        protocol += o.protocol;
        incomplete += o.incomplete;
        chunked += o.chunked;
        sent += o.sent;
    }
};

struct Plan
{
    Mode mode = Mode::Closed;
    Nanos start = 0;       // load begins
    Nanos measureFrom = 0; // end of the warm-up
    Nanos end = 0;         // no new request is due from here on (closed: measurement stops)
    Nanos hardEnd = 0;     // everything still open is abandoned
    Nanos timeout = 0;     // per request
    Nanos interval = 0;    // open: time between this worker's requests
    Nanos firstDue = 0;    // open: this worker's first intended send time
    int connections = 0;
    int streams = 0;
    bool keepBody = false;
    bool headRequest = false;
    std::string expect;
    std::string vary;   // marker replaced per request (empty: the same bytes every time)
    int workerIndex = 0;
};

struct WorkerResult
{
    Counters counters;
    std::vector<Nanos> latencies;  // successful measured requests
    std::vector<Nanos> firstBytes; // streams: time to the first response byte
    Nanos lastCompletion = 0;
    int lastStatus = 0;
    std::string lastError;
};

// Where a run's --vary words start: at a random point, so that a run does not send again the
// words of the run before it against the same gateway, whose scan cache would remember them.
std::uint64_t firstVaryNumber()
{
    std::random_device device;
    return (std::uint64_t(device()) << 32) | device();
}

class Worker
{
public:
    Worker(const Plan& plan, const Target& target, const std::string& request)
        : m_plan(plan), m_target(target), m_request(request), m_varyAt(markerPositions(request, plan.vary))
    {
    }

    ~Worker()
    {
        for (Connection& c : m_conns)
            if (c.fd >= 0)
                ::close(c.fd);
        if (m_timerFd >= 0)
            ::close(m_timerFd);
        if (m_epoll >= 0)
            ::close(m_epoll);
    }

    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    WorkerResult& result() { return m_result; }

    void run()
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        if (m_epoll < 0)
            die(std::string("epoll_create1: ") + std::strerror(errno));
        const bool streaming = m_plan.mode == Mode::Streams || m_plan.mode == Mode::Probe;
        const int count = streaming ? m_plan.streams : m_plan.connections;
        m_conns.resize(size_t(count));
        for (int i = 0; i < count; ++i)
            m_conns[size_t(i)].index = i;
        if (m_plan.mode == Mode::Open) {
            m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
            if (m_timerFd < 0)
                die(std::string("timerfd_create: ") + std::strerror(errno));
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u64 = kTimerTag;
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timerFd, &ev);
            m_nextDue = m_plan.firstDue;
            m_latencyReserve = size_t(double(m_plan.end - m_plan.measureFrom) / double(m_plan.interval)) + 16;
        }
        if (streaming)
            m_streamsLeft = count;
        m_result.latencies.reserve(std::max<size_t>(m_latencyReserve, streaming ? size_t(count) : 4096));

        const Nanos now = nowNs();
        for (Connection& c : m_conns)
            startConnect(c, now);

        std::vector<epoll_event> events(1024);
        Nanos lastSweep = now;
        while (true) {
            Nanos t = nowNs();
            if (finished(t))
                break;
            if (m_plan.mode == Mode::Open) {
                queueDue(t);
                dispatch(t);
                armTimer();
            }
            const int waitMs = int(std::clamp<Nanos>((nextWake(t) - t + kMilli - 1) / kMilli, 0, 20));
            const int n = epoll_wait(m_epoll, events.data(), int(events.size()), waitMs);
            if (n < 0 && errno != EINTR)
                die(std::string("epoll_wait: ") + std::strerror(errno));
            t = nowNs();
            for (int i = 0; i < n; ++i) {
                if (events[size_t(i)].data.u64 == kTimerTag) {
                    uint64_t expirations = 0;
                    [[maybe_unused]] const ssize_t r = ::read(m_timerFd, &expirations, sizeof expirations);
                    m_armedFor = 0;
                    continue;
                }
                const uint64_t tag = events[size_t(i)].data.u64;
                Connection& c = m_conns[size_t(tag & 0xffffffffu)];
                if (uint32_t(tag >> 32) != c.generation)
                    continue; // reported for a socket this connection has closed since
                onEvent(c, events[size_t(i)].events, t);
            }
            if (t - lastSweep >= 5 * kMilli) {
                sweep(t);
                lastSweep = t;
            }
        }
        abandonOutstanding();
    }

private:
    enum class State
    {
        Closed,
        Connecting,
        Idle,
        Busy
    };
    static constexpr uint64_t kTimerTag = ~uint64_t(0);

    struct Connection
    {
        int fd = -1;
        int index = 0;
        uint32_t generation = 0; // bumped per socket, tags its epoll events
        State state = State::Closed;
        std::vector<char> in;
        std::string request; // --vary: this connection's copy of the request, rewritten per send
        size_t written = 0;
        bool writing = false;
        bool inIdleList = false;
        bool done = false;  // streams: this stream has its outcome
        Nanos intended = 0; // latency origin of the request in flight
        Nanos sentAt = 0;
        Nanos connectStarted = 0;
        Nanos retryAt = 0;
        Nanos firstByte = 0;
        ResponseParser parser;
    };

    bool streaming() const { return m_plan.mode == Mode::Streams || m_plan.mode == Mode::Probe; }

    bool mayReconnect(Nanos now) const
    {
        if (m_plan.mode == Mode::Closed)
            return now < m_plan.end;
        if (m_plan.mode == Mode::Open)
            return now < m_plan.end || !m_pending.empty();
        return false; // a stream gets one connection
    }

    bool finished(Nanos now) const
    {
        if (now >= m_plan.hardEnd)
            return true;
        switch (m_plan.mode) {
        case Mode::Closed:
            return now >= m_plan.end;
        case Mode::Open:
            return now >= m_plan.end && m_nextDue >= m_plan.end && m_pending.empty() && m_busy == 0;
        case Mode::Streams:
        case Mode::Probe:
            return m_streamsLeft == 0;
        }
        return true;
    }

    Nanos nextWake(Nanos now) const
    {
        Nanos wake = std::min(m_plan.hardEnd, now + 20 * kMilli);
        if (m_plan.mode == Mode::Closed)
            wake = std::min(wake, m_plan.end);
        if (m_plan.mode == Mode::Open && m_nextDue < m_plan.end)
            wake = std::min(wake, m_nextDue);
        return wake;
    }

    // Measured: inside the window after the warm-up. Closed loop counts completions in the
    // window; open loop counts requests that were due in it.
    bool measured(const Connection& c, Nanos now) const
    {
        if (m_plan.mode == Mode::Open)
            return c.intended >= m_plan.measureFrom;
        if (m_plan.mode == Mode::Closed)
            return now >= m_plan.measureFrom && now <= m_plan.end;
        return true;
    }

    void armTimer()
    {
        if (m_nextDue >= m_plan.end || m_armedFor == m_nextDue)
            return;
        itimerspec spec{};
        spec.it_value.tv_sec = time_t(m_nextDue / kSecond);
        spec.it_value.tv_nsec = long(m_nextDue % kSecond);
        timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
        m_armedFor = m_nextDue;
    }

    void queueDue(Nanos now)
    {
        while (m_nextDue <= now && m_nextDue < m_plan.end) {
            m_pending.push_back(m_nextDue);
            m_nextDue += m_plan.interval;
        }
    }

    void dispatch(Nanos now)
    {
        while (!m_pending.empty() && !m_idle.empty()) {
            Connection& c = m_conns[size_t(m_idle.back())];
            m_idle.pop_back();
            c.inIdleList = false;
            if (c.state != State::Idle)
                continue;
            const Nanos due = m_pending.front();
            m_pending.pop_front();
            sendRequest(c, due, now);
        }
    }

    void makeIdle(Connection& c, Nanos now)
    {
        c.state = State::Idle;
        switch (m_plan.mode) {
        case Mode::Closed:
            if (now < m_plan.end)
                sendRequest(c, now, now);
            break;
        case Mode::Open:
            if (!c.inIdleList) {
                m_idle.push_back(c.index);
                c.inIdleList = true;
            }
            dispatch(now);
            break;
        case Mode::Streams:
        case Mode::Probe:
            if (!c.done)
                sendRequest(c, m_plan.start, now);
            break;
        }
    }

    void startConnect(Connection& c, Nanos now)
    {
        c.in.clear();
        c.writing = false;
        const int fd = ::socket(m_target.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            connectFailed(c, now, std::string("socket: ") + std::strerror(errno));
            return;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c.fd = fd;
        c.state = State::Connecting;
        c.connectStarted = now;
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&m_target.addr), m_target.addrLen) != 0 &&
            errno != EINPROGRESS) {
            connectFailed(c, now, std::string("connect: ") + std::strerror(errno));
            return;
        }
        // Edge-triggered: an already connected socket reports EPOLLOUT once when added.
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        ++c.generation;
        ev.data.u64 = uint64_t(uint32_t(c.index)) | (uint64_t(c.generation) << 32);
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
            connectFailed(c, now, std::string("epoll_ctl: ") + std::strerror(errno));
    }

    void closeConnection(Connection& c)
    {
        if (c.fd >= 0) {
            ::close(c.fd); // also removes it from the epoll set
            c.fd = -1;
        }
        if (c.state == State::Busy)
            --m_busy;
        c.state = State::Closed;
        c.writing = false;
        c.in.clear();
    }

    void connectFailed(Connection& c, Nanos now, const std::string& why)
    {
        closeConnection(c);
        m_result.lastError = why;
        if (streaming()) {
            ++m_result.counters.connect;
            finishStream(c);
            return;
        }
        if (m_plan.mode == Mode::Closed ? now >= m_plan.measureFrom : true)
            ++m_result.counters.connect;
        c.retryAt = now + 10 * kMilli; // do not spin on a refusing port
    }

    enum class Failure
    {
        Io,
        Timeout,
        Protocol
    };

    // The request in flight on `c` failed: count it, drop the connection, reconnect later.
    void requestFailed(Connection& c, Nanos now, Failure failure, const std::string& why)
    {
        m_result.lastError = why;
        const bool count = c.state == State::Busy
                               ? measured(c, now)
                               : (m_plan.mode != Mode::Closed || now >= m_plan.measureFrom);
        if (count || streaming()) {
            switch (failure) {
            case Failure::Io:
                ++m_result.counters.io;
                break;
            case Failure::Timeout:
                ++m_result.counters.timeout;
                break;
            case Failure::Protocol:
                ++m_result.counters.protocol;
                break;
            }
        }
        closeConnection(c);
        if (streaming()) {
            finishStream(c);
            return;
        }
        c.retryAt = now;
    }

    void finishStream(Connection& c)
    {
        if (!c.done) {
            c.done = true;
            --m_streamsLeft;
        }
    }

    void sendRequest(Connection& c, Nanos intended, Nanos now)
    {
        c.intended = intended;
        c.sentAt = now;
        c.firstByte = 0;
        c.written = 0;
        c.parser.reset(m_plan.keepBody, m_plan.headRequest);
        if (!m_varyAt.empty())
            varyRequest(c);
        c.state = State::Busy;
        ++m_busy;
        ++m_result.counters.sent;
        flush(c, now);
    }

    static std::vector<size_t> markerPositions(const std::string& request, const std::string& marker)
    {
        std::vector<size_t> at;
        if (marker.empty())
            return at;
        const size_t bodyStart = request.find("\r\n\r\n");
        for (size_t p = request.find(marker, bodyStart); p != std::string::npos;
             p = request.find(marker, p + marker.size()))
            at.push_back(p);
        if (at.empty())
            die("--vary: the marker does not occur in the body");
        return at;
    }

    // Writes the next word over every marker: letters a-z, the first one naming the worker thread,
    // so that no two requests of a run carry the same word.
    void varyRequest(Connection& c)
    {
        if (c.request.empty())
            c.request = m_request;
        const size_t length = m_plan.vary.size();
        char word[64];
        std::uint64_t n = m_varied++;
        for (size_t k = length; k-- > 1;) {
            word[k] = char('a' + n % 26);
            n /= 26;
        }
        word[0] = char('a' + m_plan.workerIndex % 26);
        for (size_t at : m_varyAt)
            std::memcpy(c.request.data() + at, word, length);
    }

    void flush(Connection& c, Nanos now)
    {
        const std::string& request = m_varyAt.empty() ? m_request : c.request;
        while (c.written < request.size()) {
            const ssize_t n =
                ::send(c.fd, request.data() + c.written, request.size() - c.written, MSG_NOSIGNAL);
            if (n > 0) {
                c.written += size_t(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                c.writing = true;
                return;
            }
            requestFailed(c, now, Failure::Io, std::string("send: ") + std::strerror(errno));
            return;
        }
        c.writing = false;
    }

    void onEvent(Connection& c, uint32_t events, Nanos now)
    {
        if (c.fd < 0)
            return;
        if (c.state == State::Connecting) {
            int err = 0;
            socklen_t len = sizeof err;
            if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
                err = errno;
            if (err != 0) {
                connectFailed(c, now, std::string("connect: ") + std::strerror(err));
                return;
            }
            if (!(events & EPOLLOUT))
                return;
            makeIdle(c, now);
            if (c.fd < 0)
                return;
        }
        if ((events & EPOLLOUT) && c.writing && c.state == State::Busy) {
            flush(c, now);
            if (c.fd < 0)
                return;
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            readAvailable(c, now);
    }

    void readAvailable(Connection& c, Nanos now)
    {
        static thread_local char buf[65536];
        const int fd = c.fd;
        bool eof = false;
        // Edge-triggered: read until EAGAIN, also past the end of a response (the next request
        // may already be out), as long as `c` still holds the same socket.
        while (c.fd == fd) {
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                if (c.state != State::Busy) {
                    requestFailed(c, now, Failure::Protocol, "data received without a request");
                    return;
                }
                if (c.firstByte == 0)
                    c.firstByte = now;
                consume(c, buf, size_t(n), now);
                continue;
            }
            if (n == 0) {
                eof = true;
                break;
            }
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            if (c.state == State::Busy) {
                requestFailed(c, now, Failure::Io, std::string("recv: ") + std::strerror(errno));
            } else {
                closeConnection(c);
                c.retryAt = now;
                if (streaming())
                    finishStream(c);
            }
            return;
        }
        if (!eof || c.fd != fd)
            return;
        if (c.state == State::Busy) {
            if (c.parser.finishOnEof() == ResponseParser::Status::Complete) {
                completeResponse(c, now, true);
                return;
            }
            requestFailed(c, now, Failure::Io, "connection closed before the response was complete");
            return;
        }
        // Closed by the server between requests: not an error, reconnect.
        closeConnection(c);
        c.retryAt = now;
        if (streaming())
            finishStream(c);
    }

    void consume(Connection& c, const char* data, size_t len, Nanos now)
    {
        const char* input = data;
        size_t inputLen = len;
        if (!c.in.empty()) {
            c.in.insert(c.in.end(), data, data + len);
            input = c.in.data();
            inputLen = c.in.size();
        }
        size_t used = 0;
        const ResponseParser::Status status = c.parser.feed(input, inputLen, used);
        if (status == ResponseParser::Status::Error) {
            requestFailed(c, now, Failure::Protocol, c.parser.error());
            return;
        }
        if (status == ResponseParser::Status::Complete) {
            if (used != inputLen) {
                requestFailed(c, now, Failure::Protocol, "data after the end of the response");
                return;
            }
            c.in.clear();
            completeResponse(c, now, false);
            return;
        }
        if (c.in.empty()) {
            if (used < inputLen)
                c.in.assign(input + used, input + inputLen);
        } else {
            c.in.erase(c.in.begin(), c.in.begin() + std::ptrdiff_t(used));
        }
    }

    void completeResponse(Connection& c, Nanos now, bool closedByPeer)
    {
        const int code = c.parser.statusCode();
        const bool ok = code >= 200 && code <= 299;
        const bool closeAfter = closedByPeer || c.parser.closeAfter();
        m_result.lastStatus = code;
        if (c.parser.chunked())
            ++m_result.counters.chunked;
        --m_busy;
        c.state = State::Idle;

        if (streaming()) {
            const bool hasText =
                m_plan.expect.empty() || c.parser.body().find(m_plan.expect) != std::string::npos;
            if (!ok) {
                ++m_result.counters.status;
                m_result.lastError = "HTTP status " + std::to_string(code);
            } else if (!hasText) {
                ++m_result.counters.incomplete;
                m_result.lastError = "response body lacks '" + m_plan.expect + "'";
            } else {
                ++m_result.counters.completed;
                m_result.latencies.push_back(now - c.intended);
                m_result.firstBytes.push_back(c.firstByte - c.intended);
                m_result.lastCompletion = std::max(m_result.lastCompletion, now);
            }
            finishStream(c);
            closeConnection(c);
            return;
        }

        if (measured(c, now)) {
            if (ok) {
                ++m_result.counters.completed;
                m_result.latencies.push_back(now - c.intended);
            } else {
                ++m_result.counters.status;
                m_result.lastError = "HTTP status " + std::to_string(code);
            }
        }
        if (closeAfter) {
            closeConnection(c);
            if (mayReconnect(now))
                startConnect(c, now);
            return;
        }
        makeIdle(c, now);
    }

    // Timeouts and reconnects; runs every few milliseconds.
    void sweep(Nanos now)
    {
        for (Connection& c : m_conns) {
            switch (c.state) {
            case State::Busy:
                if (now - c.sentAt > m_plan.timeout)
                    requestFailed(c, now, Failure::Timeout, "request timed out");
                break;
            case State::Connecting:
                if (now - c.connectStarted > m_plan.timeout) {
                    closeConnection(c);
                    m_result.lastError = "connect timed out";
                    if (streaming() || m_plan.mode == Mode::Open || now >= m_plan.measureFrom)
                        ++m_result.counters.timeout;
                    if (streaming())
                        finishStream(c);
                    else
                        c.retryAt = now;
                }
                break;
            case State::Closed:
                if (now >= c.retryAt && mayReconnect(now))
                    startConnect(c, now);
                break;
            case State::Idle:
                break;
            }
        }
    }

    // At the hard end: whatever is still owed counts as timed out.
    void abandonOutstanding()
    {
        const Nanos now = nowNs();
        if (m_plan.mode == Mode::Open) {
            for (const Nanos due : m_pending)
                if (due >= m_plan.measureFrom)
                    ++m_result.counters.timeout;
            m_pending.clear();
            for (Connection& c : m_conns)
                if (c.state == State::Busy && measured(c, now))
                    ++m_result.counters.timeout;
        }
        if (streaming()) {
            for (Connection& c : m_conns)
                if (!c.done) {
                    ++m_result.counters.timeout;
                    m_result.lastError = "stream not finished before the deadline";
                    c.done = true;
                }
        }
        for (Connection& c : m_conns)
            closeConnection(c);
    }

    const Plan& m_plan;
    const Target& m_target;
    const std::string& m_request;
    const std::vector<size_t> m_varyAt; // offsets of the --vary marker in the request
    std::uint64_t m_varied = firstVaryNumber();
    WorkerResult m_result;
    std::vector<Connection> m_conns;
    std::vector<int> m_idle;     // open loop: idle connections, most recently used last
    std::deque<Nanos> m_pending; // open loop: due times of requests waiting for a connection
    Nanos m_nextDue = 0;
    Nanos m_armedFor = 0;
    int m_busy = 0;
    int m_streamsLeft = 0;
    size_t m_latencyReserve = 0;
    int m_epoll = -1;
    int m_timerFd = -1;
};

// ---------------------------------------------------------------------------------------------

double percentileUs(const std::vector<Nanos>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const double rank = std::ceil(p / 100.0 * double(sorted.size()));
    const size_t index = size_t(std::clamp(rank, 1.0, double(sorted.size()))) - 1;
    return double(sorted[index]) / 1000.0;
}

std::string jsonString(std::string_view s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

class JsonObject
{
public:
    void add(const char* key, const std::string& raw)
    {
        m_text += m_text.empty() ? "{" : ",";
        m_text += jsonString(key) + ":" + raw;
    }
    void str(const char* key, std::string_view value) { add(key, jsonString(value)); }
    void num(const char* key, double value, int decimals = 1)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
        add(key, buf);
    }
    void count(const char* key, uint64_t value) { add(key, std::to_string(value)); }
    std::string text() const { return m_text + "}"; }

private:
    std::string m_text;
};

void addLatencies(JsonObject& json, const char* prefix, std::vector<Nanos>& latencies)
{
    std::sort(latencies.begin(), latencies.end());
    double sum = 0;
    for (const Nanos v : latencies)
        sum += double(v);
    const std::string p = prefix;
    const std::string keys[] = {p + "mean_us", p + "p50_us",  p + "p90_us",
                                p + "p99_us",  p + "p999_us", p + "max_us"};
    json.num(keys[0].c_str(), latencies.empty() ? 0 : sum / double(latencies.size()) / 1000.0);
    json.num(keys[1].c_str(), percentileUs(latencies, 50));
    json.num(keys[2].c_str(), percentileUs(latencies, 90));
    json.num(keys[3].c_str(), percentileUs(latencies, 99));
    json.num(keys[4].c_str(), percentileUs(latencies, 99.9));
    json.num(keys[5].c_str(), latencies.empty() ? 0 : double(latencies.back()) / 1000.0);
}

} // namespace

int main(int argc, char** argv)
{
    Options options = parseOptions(argc, argv);
    const Mode mode = modeOf(options);
    const Target target = parseTarget(options.url);

    std::string body;
    const bool hasBody = !options.bodyFile.empty();
    if (hasBody)
        body = readFile(options.bodyFile);
    if (options.method.empty())
        options.method = hasBody ? "POST" : "GET";
    if (options.timeout < 0)
        options.timeout = mode == Mode::Streams ? 60 : 10;
    if (mode == Mode::Streams && !options.expectGiven)
        options.expect = "data: [DONE]";
    const std::string request = buildRequest(options, target, body, hasBody);

    const int threads = mode == Mode::Probe ? 1 : options.threads;
    const int totalSockets =
        mode == Mode::Streams ? options.streams : (mode == Mode::Probe ? 1 : options.connections);
    if (totalSockets < threads)
        die("need at least one connection per thread");
    raiseFileLimit(size_t(totalSockets) + 64);
    std::signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0); // open loop: wake up on the due time, not 50 us later

    // Last resort: no run outlives its plan by more than a minute.
    const double planned = mode == Mode::Closed ? options.warmup + options.duration
                           : mode == Mode::Open ? options.warmup + options.duration + options.timeout
                                                : options.timeout;
    alarm(unsigned(std::ceil(planned)) + 60);

    const Nanos start = nowNs();
    std::vector<Plan> plans(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        Plan& p = plans[size_t(i)];
        p.mode = mode;
        p.start = start;
        p.measureFrom = start + secondsToNs(options.warmup);
        p.timeout = secondsToNs(options.timeout);
        p.headRequest = options.method == "HEAD";
        p.keepBody = mode == Mode::Streams || mode == Mode::Probe;
        p.expect = options.expect;
        p.vary = options.vary;
        p.workerIndex = i;
        const int share = totalSockets / threads + (i < totalSockets % threads ? 1 : 0);
        switch (mode) {
        case Mode::Closed:
            p.connections = share;
            p.end = p.measureFrom + secondsToNs(options.duration);
            p.hardEnd = p.end;
            break;
        case Mode::Open:
            p.connections = share;
            p.end = p.measureFrom + secondsToNs(options.duration);
            p.hardEnd = p.end + p.timeout;
            // Thread i takes every threads-th slot of the global schedule.
            p.interval = Nanos(std::llround(double(kSecond) * threads / options.rate));
            p.firstDue = start + Nanos(std::llround(double(kSecond) * i / options.rate));
            break;
        case Mode::Streams:
        case Mode::Probe:
            p.streams = share;
            p.end = start + p.timeout;
            p.hardEnd = p.end;
            break;
        }
    }

    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < threads; ++i)
        workers.push_back(std::make_unique<Worker>(plans[size_t(i)], target, request));
    std::vector<std::thread> extra;
    for (int i = 1; i < threads; ++i)
        extra.emplace_back([&workers, i] { workers[size_t(i)]->run(); });
    workers[0]->run();
    for (std::thread& t : extra)
        t.join();
    const Nanos finishedAt = nowNs();

    Counters counters;
    std::vector<Nanos> latencies;
    std::vector<Nanos> firstBytes;
    Nanos lastCompletion = 0;
    int lastStatus = 0;
    std::string lastError;
    for (auto& w : workers) {
        WorkerResult& r = w->result();
        counters.add(r.counters);
        latencies.insert(latencies.end(), r.latencies.begin(), r.latencies.end());
        firstBytes.insert(firstBytes.end(), r.firstBytes.begin(), r.firstBytes.end());
        lastCompletion = std::max(lastCompletion, r.lastCompletion);
        if (r.lastStatus != 0)
            lastStatus = r.lastStatus;
        if (!r.lastError.empty())
            lastError = r.lastError;
    }

    JsonObject json;
    json.str("mode", modeName(mode));
    if (!options.label.empty())
        json.str("label", options.label);
    json.str("url", options.url);
    json.count("threads", uint64_t(threads));
    switch (mode) {
    case Mode::Closed:
    case Mode::Open: {
        json.count("connections", uint64_t(options.connections));
        if (mode == Mode::Open)
            json.num("rate", options.rate);
        json.num("warmup_s", options.warmup, 3);
        json.num("duration_s", options.duration, 3);
        json.count("requests", counters.completed);
        json.num("rps", double(counters.completed) / options.duration);
        break;
    }
    case Mode::Streams:
    case Mode::Probe: {
        if (mode == Mode::Probe)
            json.count("status", uint64_t(lastStatus));
        json.count("streams", uint64_t(totalSockets));
        json.count("completed", counters.completed);
        json.count("failed", uint64_t(totalSockets) - counters.completed);
        json.count("chunked", counters.chunked);
        const bool all = counters.completed == uint64_t(totalSockets);
        json.add("all_completed", all ? "true" : "false");
        // Time from the first connect to the last complete stream; only meaningful when all completed.
        json.num("time_to_complete_all_ms", all ? double(lastCompletion - start) / 1e6 : -1, 1);
        json.num("elapsed_ms", double(finishedAt - start) / 1e6, 1);
        addLatencies(json, "ttfb_", firstBytes);
        break;
    }
    }
    json.count("errors", counters.errors());
    json.count("errors_status", counters.status);
    json.count("errors_connect", counters.connect);
    json.count("errors_io", counters.io);
    json.count("errors_timeout", counters.timeout);
    json.count("errors_protocol", counters.protocol);
    if (mode == Mode::Streams || mode == Mode::Probe)
        json.count("errors_incomplete", counters.incomplete);
    addLatencies(json, "", latencies);
    if (!lastError.empty())
        json.str("last_error", lastError);
    std::printf("%s\n", json.text().c_str());
    std::fflush(stdout);

    if (mode == Mode::Probe)
        return counters.completed == 1 ? 0 : 1;
    return 0;
}

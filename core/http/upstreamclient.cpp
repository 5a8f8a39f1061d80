#include "http/upstreamclient.h"

#include "http/http1upstream.h"
#include "http/socketwatcher.h"

#include "common/clock.h"
#include "common/logging.h"

#include <QTimer>
#include <QTimerEvent>

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace tollgate::http {

const char* upstreamFailureName(UpstreamFailure failure)
{
    switch (failure) {
    case UpstreamFailure::None:
        return "none";
    case UpstreamFailure::Connect:
        return "connect";
    case UpstreamFailure::ConnectTimeout:
        return "connect_timeout";
    case UpstreamFailure::FirstByteTimeout:
        return "first_byte_timeout";
    case UpstreamFailure::IdleTimeout:
        return "idle_timeout";
    case UpstreamFailure::TotalTimeout:
        return "total_timeout";
    case UpstreamFailure::Transport:
        return "transport";
    case UpstreamFailure::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

namespace {

// curl_global_init is not thread-safe on every platform; a function-local static makes the first
// client do it exactly once, whichever thread that client lives on.
void ensureCurlGlobalInit()
{
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        qCCritical(lcUpstream, "curl_global_init failed: %s", curl_easy_strerror(rc));
}

// Loopback is never sent through a proxy, whatever the environment says about other hosts.
const char* noProxyList()
{
    static const std::string list = [] {
        std::string value;
        if (const char* env = std::getenv("no_proxy"); env && *env)
            value = env;
        else if (const char* envUpper = std::getenv("NO_PROXY"); envUpper && *envUpper)
            value = envUpper;
        if (value == "*")
            return value;
        if (!value.empty())
            value += ',';
        value += "localhost,127.0.0.1,::1";
        return value;
    }();
    return list.c_str();
}

std::int64_t monotonicUs()
{
    return SystemClock::instance().monotonicUs();
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() &&
           (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

// Easy handles kept for reuse: curl_easy_reset keeps a handle's buffers, which saved about 10%
// of the client's instructions per request against curl_easy_init/cleanup (callgrind, 5,000
// keep-alive POSTs, 16 in flight).
constexpr std::size_t kEasyHandlePoolSize = 64;

} // namespace

namespace upstream_detail {

class CurlDriver;

// ------------------------------------------------------------------------------------------------

class UpstreamCallImpl final : public UpstreamCall
{
public:
    explicit UpstreamCallImpl(CurlDriver* client) : m_client(client) {}
    ~UpstreamCallImpl() override;

    void cancel() override;
    void pause() override;
    void resume() override;

    // All state below belongs to the client's thread.
    CurlDriver* m_client = nullptr; // null once the call is over or the client is gone
    CURL* m_easy = nullptr;
    curl_slist* m_headerList = nullptr;
    UpstreamRequest m_request;
    UpstreamHandlers m_handlers;

    bool m_added = false; // the easy handle is in the multi handle
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_paused = false;
    bool m_requestSent = false; // a connection was made (or reused) and the request went out
    bool m_gotFirstByte = false;
    bool m_headDelivered = false;

    int m_status = 0;
    std::vector<HttpHeader> m_headerFields; // of the head being received

    std::int64_t m_startUs = 0;
    std::int64_t m_sentUs = 0;
    std::int64_t m_lastActivityUs = 0;

    int m_watchdogId = 0; // Qt timer id for the first-byte / idle watchdog, 0 when none
    std::int64_t m_watchdogDueUs = 0;

    char m_errorBuffer[CURL_ERROR_SIZE] = {};
};

class CurlDriver : public QObject
{
public:
    explicit CurlDriver(QObject* owner);
    ~CurlDriver() override;

    std::shared_ptr<UpstreamCall> start(UpstreamRequest request, UpstreamHandlers handlers);
    int activeCalls() const { return int(m_calls.size()); }

    void cancel(UpstreamCallImpl* call);
    void setPaused(UpstreamCallImpl* call, bool paused);

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    // The notifiers of one descriptor; also the context of their calls (the map's nodes stay put).
    struct SocketWatch
    {
        CurlDriver* driver = nullptr;
        curl_socket_t socket = CURL_SOCKET_BAD;
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
    };
    struct Completion
    {
        std::shared_ptr<UpstreamCallImpl> call;
        CURLcode code;
    };

    static int onSocket(CURL* easy, curl_socket_t socket, int what, void* clientp, void* socketp);
    static int onCurlTimer(CURLM* multi, long timeoutMs, void* clientp);
    static size_t onHeaderLine(char* data, size_t size, size_t count, void* userdata);
    static size_t onBodyBytes(char* data, size_t size, size_t count, void* userdata);
    static int onPreRequest(void* clientp, char* primaryIp, char* localIp, int primaryPort, int localPort);

    bool configure(UpstreamCallImpl& call);
    void addToMulti(const std::shared_ptr<UpstreamCallImpl>& call);
    // Reports a call that could not even start as a Connect failure, asynchronously (never from
    // inside start()).
    void failLater(const std::shared_ptr<UpstreamCallImpl>& call, const char* message);
    void socketAction(curl_socket_t socket, int events);
    // A SocketWatcher's call: `watch` is the SocketWatch of the socket that is ready.
    template <int Events> static void socketReady(void* watch)
    {
        auto* w = static_cast<SocketWatch*>(watch);
        w->driver->socketAction(w->socket, Events);
    }
    void afterCurl();
    void watchSocket(curl_socket_t socket, int what);
    void unwatchSocket(curl_socket_t socket);

    void armWatchdog(UpstreamCallImpl& call, std::int64_t dueUs);
    void checkWatchdog(UpstreamCallImpl& call);
    bool deliverHead(UpstreamCallImpl& call);
    static HttpHeaders headersOf(UpstreamCallImpl& call);

    // Takes the call out of curl and the bookkeeping; returns the last owning reference so the
    // caller decides when the call (and its handlers) may die.
    std::shared_ptr<UpstreamCallImpl> detach(UpstreamCallImpl* call);
    void complete(const std::shared_ptr<UpstreamCallImpl>& call, UpstreamOutcome outcome);
    UpstreamOutcome outcomeFor(UpstreamCallImpl& call, CURLcode code);
    void fillTiming(UpstreamCallImpl& call, UpstreamOutcome& outcome, bool transferDone);
    void releaseEasy(CURL* easy);

    CURLM* m_multi = nullptr;
    QTimer m_curlTimer;
    int m_curlDepth = 0; // > 0 while a curl function that may run our callbacks is on the stack
    std::unordered_map<UpstreamCallImpl*, std::shared_ptr<UpstreamCallImpl>> m_calls;
    std::unordered_map<int, UpstreamCallImpl*> m_watchdogs;
    std::unordered_map<curl_socket_t, SocketWatch> m_sockets;
    std::vector<std::shared_ptr<UpstreamCallImpl>> m_pendingAdd; // started inside a curl callback
    std::vector<UpstreamCallImpl*> m_pendingRemove;              // cancelled inside a curl callback
    std::vector<CURL*> m_freeEasy;
};

// ------------------------------------------------------------------------------------------------

UpstreamCallImpl::~UpstreamCallImpl()
{
    if (m_headerList)
        curl_slist_free_all(m_headerList);
}

void UpstreamCallImpl::cancel()
{
    if (m_client)
        m_client->cancel(this);
    else
        m_cancelled = true; // finished: suppresses a completion that has not been delivered yet
}

void UpstreamCallImpl::pause()
{
    if (m_client)
        m_client->setPaused(this, true);
}

void UpstreamCallImpl::resume()
{
    if (m_client)
        m_client->setPaused(this, false);
}

// ------------------------------------------------------------------------------------------------

CurlDriver::CurlDriver(QObject* owner) : QObject(owner)
{
    ensureCurlGlobalInit();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlDriver::onSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlDriver::onCurlTimer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    // No per-host or total cap: a provider may see 1,000+ concurrent requests from one gateway.
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    // Size of the idle pool kept open for reuse.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 1024L);

    m_curlTimer.setSingleShot(true);
    m_curlTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_curlTimer, &QTimer::timeout, this, [this] { socketAction(CURL_SOCKET_TIMEOUT, 0); });
}

CurlDriver::~CurlDriver()
{
    // Calls in flight end silently: no callbacks run once the client is going away.
    for (auto& [raw, call] : m_calls) {
        call->m_cancelled = true;
        call->m_client = nullptr;
        if (call->m_watchdogId)
            killTimer(call->m_watchdogId);
        if (call->m_added)
            curl_multi_remove_handle(m_multi, call->m_easy);
        curl_easy_cleanup(call->m_easy);
        call->m_easy = nullptr;
        call->m_handlers = {};
    }
    m_calls.clear();
    m_pendingAdd.clear();
    m_watchdogs.clear();
    for (CURL* easy : m_freeEasy)
        curl_easy_cleanup(easy);
    m_freeEasy.clear();
    curl_multi_cleanup(m_multi);
    for (auto& [socket, watch] : m_sockets) {
        delete watch.read;
        delete watch.write;
    }
    m_sockets.clear();
}

std::shared_ptr<UpstreamCall> CurlDriver::start(UpstreamRequest request, UpstreamHandlers handlers)
{
    auto call = std::make_shared<UpstreamCallImpl>(this);
    call->m_request = std::move(request);
    call->m_handlers = std::move(handlers);
    call->m_startUs = monotonicUs();
    if (!m_freeEasy.empty()) {
        call->m_easy = m_freeEasy.back();
        m_freeEasy.pop_back();
    } else {
        call->m_easy = curl_easy_init();
    }
    m_calls.emplace(call.get(), call);

    if (!call->m_easy || !configure(*call)) {
        // Reported like any other failure: asynchronously, never from inside start().
        failLater(call, "could not set up the upstream request");
        return call;
    }

    // curl refuses multi calls from inside its own callbacks; a call started from onHead/onBody
    // joins once the running curl function has returned.
    if (m_curlDepth > 0)
        m_pendingAdd.push_back(call);
    else
        addToMulti(call);
    return call;
}

bool CurlDriver::configure(UpstreamCallImpl& call)
{
    CURL* easy = call.m_easy;
    const UpstreamRequest& request = call.m_request;
    bool ok = true;
    auto set = [&](CURLoption option, auto value) {
        if (curl_easy_setopt(easy, option, value) != CURLE_OK)
            ok = false;
    };

    set(CURLOPT_URL, request.url.c_str());
    if (!request.caFile.empty()) // a reused handle was curl_easy_reset to the system's trust store
        set(CURLOPT_CAINFO, request.caFile.c_str());
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_TCP_NODELAY, 1L);
    set(CURLOPT_TCP_KEEPALIVE, 1L);
    set(CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    // Over TLS, wait for the first connection to a host to learn whether it multiplexes instead
    // of opening one TLS connection per request in a burst. Cleartext is always HTTP/1.1 here.
    if (request.url.compare(0, 8, "https://") == 0)
        set(CURLOPT_PIPEWAIT, 1L);
    set(CURLOPT_ACCEPT_ENCODING, ""); // every encoding curl can decode; onBody sees decoded bytes
    set(CURLOPT_NOPROXY, noProxyList());
    set(CURLOPT_ERRORBUFFER, call.m_errorBuffer);
    set(CURLOPT_PRIVATE, static_cast<void*>(&call));
    set(CURLOPT_HEADERFUNCTION, &CurlDriver::onHeaderLine);
    set(CURLOPT_HEADERDATA, static_cast<void*>(&call));
    set(CURLOPT_WRITEFUNCTION, &CurlDriver::onBodyBytes);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&call));
    set(CURLOPT_PREREQFUNCTION, &CurlDriver::onPreRequest);
    set(CURLOPT_PREREQDATA, static_cast<void*>(&call));
    if (request.timeouts.connectMs > 0)
        set(CURLOPT_CONNECTTIMEOUT_MS, long(request.timeouts.connectMs));
    if (request.timeouts.totalMs > 0)
        set(CURLOPT_TIMEOUT_MS, long(request.timeouts.totalMs));

    const std::string& method = request.method;
    if (method == "GET") {
        set(CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        set(CURLOPT_NOBODY, 1L);
    } else {
        // POSTFIELDS does not copy: the body lives in the call until the handle is released.
        set(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
        set(CURLOPT_POSTFIELDS, request.body.constData());
        if (method != "POST")
            set(CURLOPT_CUSTOMREQUEST, method.c_str());
    }

    // Built once per request. Content-Length and Transfer-Encoding come from the body curl sends;
    // an empty "Expect:" stops curl from waiting for 100-continue on larger bodies.
    curl_slist* list = nullptr;
    std::string line;
    for (const HttpHeader& header : request.headers.items()) {
        if (equalsIgnoreCase(header.name, "Content-Length") ||
            equalsIgnoreCase(header.name, "Transfer-Encoding") || equalsIgnoreCase(header.name, "Expect"))
            continue;
        if (header.name.empty() || !isHeaderSafe(header.name) || !isHeaderSafe(header.value)) {
            qCWarning(lcUpstream, "dropping an upstream request header with an invalid name or value");
            continue;
        }
        line.assign(header.name);
        if (header.value.empty()) {
            line += ';'; // curl's syntax for a header with an empty value
        } else {
            line += ": ";
            line += header.value;
        }
        list = curl_slist_append(list, line.c_str());
    }
    list = curl_slist_append(list, "Expect:");
    call.m_headerList = list;
    set(CURLOPT_HTTPHEADER, list);
    return ok && list;
}

void CurlDriver::addToMulti(const std::shared_ptr<UpstreamCallImpl>& call)
{
    const CURLMcode rc = curl_multi_add_handle(m_multi, call->m_easy);
    if (rc == CURLM_OK) {
        call->m_added = true;
        return;
    }
    qCWarning(lcUpstream, "curl_multi_add_handle failed: %s", curl_multi_strerror(rc));
    failLater(call, "could not start the upstream request");
}

void CurlDriver::failLater(const std::shared_ptr<UpstreamCallImpl>& call, const char* message)
{
    std::weak_ptr<UpstreamCallImpl> weak = call;
    QMetaObject::invokeMethod(
        this,
        [this, weak, message] {
            auto strong = weak.lock();
            if (!strong || strong->m_cancelled || strong->m_finished)
                return;
            UpstreamOutcome outcome;
            outcome.failure = UpstreamFailure::Connect;
            outcome.message = message;
            complete(detach(strong.get()), std::move(outcome));
        },
        Qt::QueuedConnection);
}

void CurlDriver::cancel(UpstreamCallImpl* call)
{
    if (call->m_cancelled || call->m_finished)
        return;
    call->m_cancelled = true;
    if (m_curlDepth > 0) {
        // Never remove a handle while curl is running our callbacks: the write/header callbacks
        // return an abort code for this call and the removal happens when curl has returned.
        m_pendingRemove.push_back(call);
        return;
    }
    auto keep = detach(call);
    keep->m_handlers = {};
}

void CurlDriver::setPaused(UpstreamCallImpl* call, bool paused)
{
    if (call->m_cancelled || call->m_finished || call->m_paused == paused)
        return;
    call->m_paused = paused;
    if (!paused)
        call->m_lastActivityUs = monotonicUs(); // the idle clock restarts where the caller resumed
    if (!call->m_added)
        return; // a call still waiting to join the multi handle is paused once it joins
    ++m_curlDepth;
    // Unpausing may deliver buffered data to onBody before curl_easy_pause returns.
    curl_easy_pause(call->m_easy, paused ? CURLPAUSE_RECV : CURLPAUSE_CONT);
    --m_curlDepth;
    if (m_curlDepth == 0)
        afterCurl();
}

// ------------------------------------------------------------------------------------------------
// curl callbacks. They run inside curl_multi_socket_action or curl_easy_pause, on the client's
// thread, and must not call multi functions.

int CurlDriver::onSocket(CURL*, curl_socket_t socket, int what, void* clientp, void*)
{
    auto* self = static_cast<CurlDriver*>(clientp);
    if (what == CURL_POLL_REMOVE)
        self->unwatchSocket(socket);
    else
        self->watchSocket(socket, what);
    return 0;
}

int CurlDriver::onCurlTimer(CURLM*, long timeoutMs, void* clientp)
{
    auto* self = static_cast<CurlDriver*>(clientp);
    if (timeoutMs < 0)
        self->m_curlTimer.stop();
    else
        self->m_curlTimer.start(int(std::min<long>(timeoutMs, 24L * 3600 * 1000)));
    return 0;
}

int CurlDriver::onPreRequest(void* clientp, char*, char*, int, int)
{
    auto* call = static_cast<UpstreamCallImpl*>(clientp);
    if (call->m_cancelled)
        return CURL_PREREQFUNC_ABORT;
    call->m_requestSent = true;
    call->m_sentUs = monotonicUs();
    const int firstByteMs = call->m_request.timeouts.firstByteMs;
    if (firstByteMs > 0 && !call->m_gotFirstByte && call->m_client)
        call->m_client->armWatchdog(*call, call->m_sentUs + std::int64_t(firstByteMs) * 1000);
    return CURL_PREREQFUNC_OK;
}

size_t CurlDriver::onHeaderLine(char* data, size_t size, size_t count, void* userdata)
{
    auto* call = static_cast<UpstreamCallImpl*>(userdata);
    const size_t length = size * count;
    if (call->m_cancelled)
        return 0;
    const std::int64_t now = monotonicUs();
    call->m_lastActivityUs = now;
    if (!call->m_gotFirstByte) {
        call->m_gotFirstByte = true;
        const int idleMs = call->m_request.timeouts.idleMs;
        if (call->m_watchdogId) {
            // The first-byte deadline may lie far beyond the idle one: pull the watchdog in.
            const std::int64_t idleDue = now + std::int64_t(idleMs) * 1000;
            if (idleMs <= 0)
                call->m_client->armWatchdog(*call, 0);
            else if (idleDue < call->m_watchdogDueUs)
                call->m_client->armWatchdog(*call, idleDue);
        } else if (idleMs > 0) {
            call->m_client->armWatchdog(*call, now + std::int64_t(idleMs) * 1000);
        }
    }
    if (call->m_headDelivered)
        return length; // trailers of a chunked response

    std::string_view line(data, length);
    if (line.size() >= 5 && line.compare(0, 5, "HTTP/") == 0) {
        // A new status line: a 1xx head before it, if any, is dropped.
        call->m_headerFields.clear();
        call->m_status = 0;
        const auto space = line.find(' ');
        if (space != std::string_view::npos) {
            int status = 0;
            std::size_t i = space + 1;
            for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && status < 1000; ++i)
                status = status * 10 + (line[i] - '0');
            call->m_status = status;
        }
        return length;
    }
    const std::string_view content = trimmed(line);
    if (content.empty()) {
        if (call->m_status >= 100 && call->m_status < 200)
            return length; // interim response: wait for the final head
        if (!call->m_client->deliverHead(*call))
            return 0;
        return length;
    }
    if (line.front() == ' ' || line.front() == '\t') {
        // Obsolete line folding: continues the previous field's value.
        if (!call->m_headerFields.empty()) {
            call->m_headerFields.back().value += ' ';
            call->m_headerFields.back().value += content;
        }
        return length;
    }
    const auto colon = content.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return length; // not a header field; curl already judged the response acceptable
    call->m_headerFields.push_back(
        {std::string(trimmed(content.substr(0, colon))), std::string(trimmed(content.substr(colon + 1)))});
    return length;
}

size_t CurlDriver::onBodyBytes(char* data, size_t size, size_t count, void* userdata)
{
    auto* call = static_cast<UpstreamCallImpl*>(userdata);
    const size_t length = size * count;
    if (call->m_cancelled)
        return 0;
    if (!call->m_headDelivered && !call->m_client->deliverHead(*call))
        return 0;
    call->m_lastActivityUs = monotonicUs();
    if (call->m_handlers.onBody)
        call->m_handlers.onBody(std::string_view(data, length));
    if (call->m_cancelled)
        return 0; // cancelled from inside onBody: abort the transfer, the removal is queued
    return length;
}

bool CurlDriver::deliverHead(UpstreamCallImpl& call)
{
    call.m_headDelivered = true;
    if (call.m_handlers.onHead)
        call.m_handlers.onHead(call.m_status, headersOf(call));
    return !call.m_cancelled;
}

HttpHeaders CurlDriver::headersOf(UpstreamCallImpl& call)
{
    HttpHeaders headers;
    for (HttpHeader& field : call.m_headerFields)
        headers.add(std::move(field.name), std::move(field.value));
    call.m_headerFields.clear();
    return headers;
}

// ------------------------------------------------------------------------------------------------
// Event loop side.

void CurlDriver::watchSocket(curl_socket_t socket, int what)
{
    SocketWatch& watch = m_sockets[socket];
    watch.driver = this;
    watch.socket = socket;
    // The notifier of one direction, made when first wanted and then switched on and off.
    const auto update = [&](QSocketNotifier*& notifier, QSocketNotifier::Type type,
                            SocketWatcher::Callback ready, bool wanted) {
        if (wanted && !notifier)
            notifier = new SocketWatcher(qintptr(socket), type, true, ready, &watch, this);
        if (notifier)
            notifier->setEnabled(wanted);
    };
    update(watch.read, QSocketNotifier::Read, &socketReady<CURL_CSELECT_IN>, what & CURL_POLL_IN);
    update(watch.write, QSocketNotifier::Write, &socketReady<CURL_CSELECT_OUT>, what & CURL_POLL_OUT);
}

void CurlDriver::unwatchSocket(curl_socket_t socket)
{
    // curl removes a socket whenever its connection goes back to the idle pool and adds it again
    // for the next request on it, so the notifiers are only disabled and kept for the descriptor.
    // A socket curl opens later with the same descriptor number reuses them. The kernel hands
    // out the lowest free descriptors, so this map stays as large as the peak number of sockets.
    auto it = m_sockets.find(socket);
    if (it == m_sockets.end())
        return;
    if (it->second.read)
        it->second.read->setEnabled(false);
    if (it->second.write)
        it->second.write->setEnabled(false);
}

void CurlDriver::socketAction(curl_socket_t socket, int events)
{
    if (m_curlDepth > 0)
        return; // re-entered from a nested event loop inside a callback; the notifier fires again
    int running = 0;
    ++m_curlDepth;
    curl_multi_socket_action(m_multi, socket, events, &running);
    --m_curlDepth;
    afterCurl();
}

void CurlDriver::afterCurl()
{
    for (;;) {
        // 1. Collect every finished transfer and take it out of curl before any user code runs,
        //    so a handle recycled by a callback can never be confused with a stale message.
        std::vector<Completion> done;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(m_multi, &queued)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            void* privateData = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &privateData);
            auto* call = static_cast<UpstreamCallImpl*>(privateData);
            auto it = call ? m_calls.find(call) : m_calls.end();
            if (it == m_calls.end() || call->m_easy != message->easy_handle)
                continue;
            if (call->m_cancelled)
                continue; // its removal is queued
            const CURLcode code = message->data.result;
            done.push_back({it->second, code});
        }
        std::vector<std::pair<std::shared_ptr<UpstreamCallImpl>, UpstreamOutcome>> outcomes;
        outcomes.reserve(done.size());
        for (Completion& completion : done) {
            UpstreamOutcome outcome = outcomeFor(*completion.call, completion.code);
            outcomes.emplace_back(detach(completion.call.get()), std::move(outcome));
        }

        // 2. Removals and additions requested from inside callbacks.
        std::vector<UpstreamCallImpl*> removals;
        removals.swap(m_pendingRemove);
        for (UpstreamCallImpl* call : removals) {
            if (m_calls.count(call)) {
                auto keep = detach(call);
                keep->m_handlers = {};
            }
        }
        std::vector<std::shared_ptr<UpstreamCallImpl>> additions;
        additions.swap(m_pendingAdd);
        for (auto& call : additions) {
            if (call->m_cancelled || call->m_finished)
                continue;
            addToMulti(call);
            if (call->m_paused && call->m_added)
                curl_easy_pause(call->m_easy, CURLPAUSE_RECV);
        }

        // 3. User code last. A completion handler may cancel another call that also finished in
        //    this round; that call then gets no callback.
        for (auto& [call, outcome] : outcomes) {
            if (call->m_cancelled)
                continue;
            complete(call, std::move(outcome));
        }

        // Completion handlers run with no curl function on the stack, so they act directly; only
        // a nested resume() could have queued more work.
        if (m_pendingRemove.empty() && m_pendingAdd.empty())
            return;
    }
}

UpstreamOutcome CurlDriver::outcomeFor(UpstreamCallImpl& call, CURLcode code)
{
    UpstreamOutcome outcome;
    outcome.status = call.m_status;
    long responseCode = 0;
    if (curl_easy_getinfo(call.m_easy, CURLINFO_RESPONSE_CODE, &responseCode) == CURLE_OK && responseCode > 0)
        outcome.status = int(responseCode);
    fillTiming(call, outcome, true);
    if (code == CURLE_OK) {
        outcome.failure = UpstreamFailure::None;
        return outcome;
    }

    outcome.message =
        call.m_errorBuffer[0] ? std::string(call.m_errorBuffer) : std::string(curl_easy_strerror(code));
    if (code == CURLE_OPERATION_TIMEDOUT) {
        // curl uses one code for both limits: the connect limit can only hit before a request
        // went out on a connection.
        outcome.failure =
            call.m_requestSent ? UpstreamFailure::TotalTimeout : UpstreamFailure::ConnectTimeout;
        return outcome;
    }
    if (!call.m_requestSent) {
        // Refused, DNS, TLS handshake, bad URL: nothing reached the provider.
        outcome.failure = UpstreamFailure::Connect;
        return outcome;
    }
    outcome.failure = UpstreamFailure::Transport;
    return outcome;
}

void CurlDriver::fillTiming(UpstreamCallImpl& call, UpstreamOutcome& outcome, bool transferDone)
{
    curl_off_t connectUs = 0;
    curl_off_t firstByteUs = 0;
    curl_off_t totalUs = 0;
    long newConnections = 0;
    curl_easy_getinfo(call.m_easy, CURLINFO_CONNECT_TIME_T, &connectUs);
    curl_easy_getinfo(call.m_easy, CURLINFO_STARTTRANSFER_TIME_T, &firstByteUs);
    curl_easy_getinfo(call.m_easy, CURLINFO_NUM_CONNECTS, &newConnections);
    if (transferDone)
        curl_easy_getinfo(call.m_easy, CURLINFO_TOTAL_TIME_T, &totalUs);
    outcome.connectUs = newConnections > 0 ? std::int64_t(connectUs) : 0;
    outcome.firstByteUs = call.m_gotFirstByte ? std::int64_t(firstByteUs) : 0;
    outcome.totalUs = totalUs > 0 ? std::int64_t(totalUs) : monotonicUs() - call.m_startUs;
}

std::shared_ptr<UpstreamCallImpl> CurlDriver::detach(UpstreamCallImpl* call)
{
    auto it = m_calls.find(call);
    if (it == m_calls.end())
        return {};
    std::shared_ptr<UpstreamCallImpl> keep = std::move(it->second);
    m_calls.erase(it);
    if (call->m_watchdogId) {
        killTimer(call->m_watchdogId);
        m_watchdogs.erase(call->m_watchdogId);
        call->m_watchdogId = 0;
    }
    if (call->m_added) {
        curl_multi_remove_handle(m_multi, call->m_easy);
        call->m_added = false;
    }
    if (call->m_easy) {
        releaseEasy(call->m_easy);
        call->m_easy = nullptr;
    }
    if (call->m_headerList) {
        curl_slist_free_all(call->m_headerList);
        call->m_headerList = nullptr;
    }
    call->m_finished = true;
    call->m_client = nullptr;
    return keep;
}

void CurlDriver::complete(const std::shared_ptr<UpstreamCallImpl>& call, UpstreamOutcome outcome)
{
    if (!call)
        return;
    // Handlers leave the call before they run: captured state (often the call itself) is
    // released when this function returns, which breaks reference cycles.
    UpstreamHandlers handlers = std::move(call->m_handlers);
    call->m_handlers = {};
    if (!call->m_headDelivered && outcome.failure == UpstreamFailure::None && outcome.status > 0) {
        call->m_headDelivered = true;
        if (handlers.onHead)
            handlers.onHead(outcome.status, headersOf(*call));
        if (call->m_cancelled)
            return;
    }
    if (handlers.onComplete)
        handlers.onComplete(outcome);
}

void CurlDriver::releaseEasy(CURL* easy)
{
    if (m_freeEasy.size() < kEasyHandlePoolSize) {
        curl_easy_reset(easy);
        m_freeEasy.push_back(easy);
    } else {
        curl_easy_cleanup(easy);
    }
}

// ------------------------------------------------------------------------------------------------
// Watchdogs for first byte and idle gaps. One Qt timer per call, re-armed lazily: a body chunk
// only records its time; the timer checks the real deadline when it fires.

void CurlDriver::armWatchdog(UpstreamCallImpl& call, std::int64_t dueUs)
{
    if (call.m_watchdogId) {
        killTimer(call.m_watchdogId);
        m_watchdogs.erase(call.m_watchdogId);
        call.m_watchdogId = 0;
    }
    if (dueUs <= 0)
        return;
    const std::int64_t delayMs = std::max<std::int64_t>(0, (dueUs - monotonicUs() + 999) / 1000);
    call.m_watchdogId = startTimer(std::chrono::milliseconds(delayMs), Qt::CoarseTimer);
    call.m_watchdogDueUs = dueUs;
    if (call.m_watchdogId)
        m_watchdogs.emplace(call.m_watchdogId, &call);
}

void CurlDriver::timerEvent(QTimerEvent* event)
{
    auto it = m_watchdogs.find(event->timerId());
    if (it == m_watchdogs.end()) {
        QObject::timerEvent(event);
        return;
    }
    UpstreamCallImpl* call = it->second;
    checkWatchdog(*call);
}

void CurlDriver::checkWatchdog(UpstreamCallImpl& call)
{
    if (call.m_finished || call.m_cancelled) {
        armWatchdog(call, 0);
        return;
    }
    const std::int64_t now = monotonicUs();
    const UpstreamTimeouts& timeouts = call.m_request.timeouts;
    UpstreamFailure failure = UpstreamFailure::None;
    std::int64_t nextDue = 0;
    if (!call.m_gotFirstByte) {
        const std::int64_t due = call.m_sentUs + std::int64_t(timeouts.firstByteMs) * 1000;
        if (now >= due)
            failure = UpstreamFailure::FirstByteTimeout;
        else
            nextDue = due;
    } else if (timeouts.idleMs > 0) {
        const std::int64_t idleUs = std::int64_t(timeouts.idleMs) * 1000;
        if (call.m_paused) {
            nextDue = now + idleUs; // a paused call is waiting for its reader, not the provider
        } else {
            const std::int64_t due = call.m_lastActivityUs + idleUs;
            if (now >= due)
                failure = UpstreamFailure::IdleTimeout;
            else
                nextDue = due;
        }
    }
    if (failure == UpstreamFailure::None) {
        armWatchdog(call, nextDue);
        return;
    }

    UpstreamOutcome outcome;
    outcome.failure = failure;
    outcome.status = call.m_status;
    fillTiming(call, outcome, false);
    outcome.message = failure == UpstreamFailure::FirstByteTimeout
                          ? "no response from upstream within " + std::to_string(timeouts.firstByteMs) + " ms"
                          : "upstream sent nothing for " + std::to_string(timeouts.idleMs) + " ms";
    // Timer events never run inside curl, so the handle can go right away.
    complete(detach(&call), std::move(outcome));
}

} // namespace upstream_detail

// Cleartext http:// goes to the HTTP/1.1 driver; https (and what a proxy must carry) to curl,
// which is created on first use.
class UpstreamClient::Impl
{
public:
    explicit Impl(QObject* owner) : m_owner(owner), m_http1(std::make_unique<upstream_detail::Http1Driver>(owner)) {}

    std::shared_ptr<UpstreamCall> start(UpstreamRequest request, UpstreamHandlers handlers)
    {
        if (upstream_detail::servesWithHttp1(request.url))
            return m_http1->start(std::move(request), std::move(handlers));
        if (!m_curl)
            m_curl = std::make_unique<upstream_detail::CurlDriver>(m_owner);
        return m_curl->start(std::move(request), std::move(handlers));
    }

    int activeCalls() const { return m_http1->activeCalls() + (m_curl ? m_curl->activeCalls() : 0); }

private:
    QObject* m_owner;
    std::unique_ptr<upstream_detail::Http1Driver> m_http1;
    std::unique_ptr<upstream_detail::CurlDriver> m_curl;
};

// ------------------------------------------------------------------------------------------------

UpstreamClient::UpstreamClient(QObject* parent) : QObject(parent), m_impl(std::make_unique<Impl>(this)) {}

UpstreamClient::~UpstreamClient() = default;

std::shared_ptr<UpstreamCall> UpstreamClient::start(UpstreamRequest request, UpstreamHandlers handlers)
{
    return m_impl->start(std::move(request), std::move(handlers));
}

int UpstreamClient::activeCalls() const
{
    return m_impl->activeCalls();
}

} // namespace tollgate::http

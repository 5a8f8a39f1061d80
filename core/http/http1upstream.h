#pragma once

#include "http/hostlookup.h"
#include "http/passflush.h"
#include "http/upstreamclient.h"

#include <QObject>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sockaddr_storage;

namespace tollgate::http::upstream_detail {

class H1Call;
struct H1Connection;
struct ParsedUrl;

// Whether `url` is cleartext http:// that Http1Driver serves: not when TOLLGATE_UPSTREAM_CLIENT
// is "curl", nor when a proxy from the environment (http_proxy, all_proxy, ALL_PROXY) would apply
// to a host that is not loopback. Everything else (https, proxies) goes through curl.
bool servesWithHttp1(std::string_view url);

// Cleartext HTTP/1.1 provider calls on the thread's event loop, without curl: local model servers
// (vLLM, Ollama, llama.cpp) and in-cluster gateways are reached this way, and it is the hot path
// of a gateway in front of them. Same contract as UpstreamClient (see there).
//
// - One request per connection at a time; keep-alive connections are pooled per host:port, the
//   most recently used first, at most kMaxIdleConnections in all, closed after kIdleLifetimeMs.
//   An idle connection is watched: when the server closes it, it leaves the pool at once.
// - A request written on a reused connection that the server closes (or resets) before sending
//   any byte of a response is sent again once, on a new connection: the server closed the
//   connection as idle and never saw the request. Nothing else is ever retried.
// - The request goes out in one writev (head and body). Responses: status line, fields (obs-fold
//   joined with a space), Content-Length, chunked (trailers dropped) or read-until-close bodies,
//   1xx interim heads skipped, gzip and deflate decoded (the only codings it asks for).
// - Everything a server can get wrong (a malformed status line or field, a bad chunk size,
//   conflicting Content-Length fields, a head over 256 KiB, an unknown content coding, a body cut
//   short) ends the call as a Transport failure with a message that names the problem.
// - Host names are looked up with HostLookups (getaddrinfo off the thread), one lookup per host at
//   a time, and the answer is kept 60 s. When every address of a kept answer refuses, the name
//   is looked up again (at most once a second per host): a provider that moved is found at its
//   new address. IP literals need no lookup.
class Http1Driver final : public QObject, private PassFlush
{
public:
    explicit Http1Driver(QObject* owner);
    ~Http1Driver() override;

    std::shared_ptr<UpstreamCall> start(UpstreamRequest request, UpstreamHandlers handlers);
    int activeCalls() const { return int(m_calls.size()); }

    // Called by H1Call.
    void cancel(H1Call* call);
    void setPaused(H1Call* call, bool paused);

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    class DepthGuard;
    struct Resolved
    {
        std::vector<sockaddr_storage> addresses;
        std::int64_t resolvedUs = 0; // kept until kResolveCacheUs later
    };

    void failLater(const std::shared_ptr<H1Call>& call, UpstreamFailure failure, std::string message);
    void resolveAndConnect(const std::shared_ptr<H1Call>& call);
    void lookUp(const std::shared_ptr<H1Call>& call);
    void onLookedUp(const std::string& key, HostLookupResult result);
    void onResolved(const std::shared_ptr<H1Call>& call, std::vector<sockaddr_storage> addresses,
                    std::string error);
    void connectNext(const std::shared_ptr<H1Call>& call);
    void onConnectResult(H1Connection* connection);
    void assign(H1Call& call, H1Connection* connection);
    void writeRequest(H1Connection* connection);
    void flushPass() override; // sends the requests assigned during the pass
    void onReadable(H1Connection* connection);
    void onWritable(H1Connection* connection);
    void processInput(H1Connection* connection);
    void onPeerClosed(H1Connection* connection, int error);
    bool retryOnFreshConnection(H1Connection* connection);
    void responseDone(H1Connection* connection);
    void fail(H1Call& call, UpstreamFailure failure, std::string message);
    void complete(const std::shared_ptr<H1Call>& call, UpstreamOutcome outcome);
    std::shared_ptr<H1Call> detach(H1Call* call);

    std::shared_ptr<const ParsedUrl> parsedUrl(const std::string& url);
    H1Connection* takeIdle(const std::string& key);
    void makeIdle(H1Connection* connection);
    void closeConnection(H1Connection* connection);
    void reapClosed();
    void sweepIdle();

    void armDeadline(H1Call& call);
    void checkDeadline(H1Call& call);
    UpstreamOutcome outcomeOf(const H1Call& call) const;

    std::unordered_map<H1Call*, std::shared_ptr<H1Call>> m_calls;
    std::unordered_map<int, H1Call*> m_deadlines; // timer id -> call
    std::unordered_map<std::string, std::vector<H1Connection*>> m_idle;
    std::size_t m_idleCount = 0;
    std::unordered_map<H1Connection*, std::unique_ptr<H1Connection>> m_connections; // open ones
    std::vector<std::unique_ptr<H1Connection>> m_closed;      // deleted once no callback is on the stack
    std::vector<UpstreamHandlers> m_releasedHandlers;          // of cancelled calls, same
    std::unordered_map<std::string, Resolved> m_resolved;      // by host:port
    std::unordered_map<std::string, std::vector<std::weak_ptr<H1Call>>>
        m_waiting; // for a lookup, by host:port
    std::unordered_map<std::string, std::shared_ptr<const ParsedUrl>> m_parsedUrls;
    std::vector<H1Connection*> m_unsent; // assigned this pass, sent at its end (PassFlush)
    int m_depth = 0;        // > 0 while a notifier or timer handler of this driver is on the stack
    int m_sweepTimerId = 0; // closes idle connections past their lifetime
    HostLookups m_lookups{this}; // last: no lookup is delivered once the members above are gone
};

} // namespace tollgate::http::upstream_detail

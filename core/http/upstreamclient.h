#pragma once

#include "http/httptypes.h"

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace tollgate::http {

// Milliseconds; a value <= 0 turns that limit off. firstByteMs counts from the moment the request
// goes out on a connection (new or reused); idleMs counts from the last byte received.
struct UpstreamTimeouts
{
    int connectMs = 10'000;   // TCP + TLS handshake
    int firstByteMs = 60'000; // request sent -> first response byte (headers)
    int idleMs = 60'000;      // longest gap between two body chunks
    int totalMs = 600'000;    // whole exchange
};

struct UpstreamRequest
{
    std::string method = "POST";
    std::string url;
    HttpHeaders headers;
    QByteArray body;
    UpstreamTimeouts timeouts;
    std::string caFile; // PEM bundle for verifying the server; empty: the system's trust store
};

enum class UpstreamFailure {
    None,
    Connect,          // could not connect (refused, DNS, TLS handshake)
    ConnectTimeout,
    FirstByteTimeout,
    IdleTimeout,
    TotalTimeout,
    Transport,        // reset, truncated body, protocol error after connecting
    Cancelled,        // cancel() was called
};

const char* upstreamFailureName(UpstreamFailure failure);
inline bool isTimeout(UpstreamFailure f)
{
    return f == UpstreamFailure::ConnectTimeout || f == UpstreamFailure::FirstByteTimeout
        || f == UpstreamFailure::IdleTimeout || f == UpstreamFailure::TotalTimeout;
}

struct UpstreamOutcome
{
    UpstreamFailure failure = UpstreamFailure::None;
    std::string message;    // for logs; never contains request headers (they carry keys)
    int status = 0;         // HTTP status, 0 when no response head arrived
    std::int64_t connectUs = 0;   // from start to connected (0 on a reused connection)
    std::int64_t firstByteUs = 0; // from start to first response byte
    std::int64_t totalUs = 0;     // from start to completion
};

// Callbacks run on the client's thread. Any of them may call cancel() on the call.
struct UpstreamHandlers
{
    // Once, when the status line and headers are complete.
    std::function<void(int status, const HttpHeaders& headers)> onHead;
    // Body bytes as they arrive (de-chunked, decompressed if the server compressed them).
    std::function<void(std::string_view bytes)> onBody;
    // Exactly once, last. Not called after cancel().
    std::function<void(const UpstreamOutcome& outcome)> onComplete;
};

class UpstreamClient;

// A call in flight. The client keeps it alive until it completes or is cancelled. Use it on the
// client's thread only; every method is a no-op once the call is over or the client is gone.
class UpstreamCall
{
public:
    virtual ~UpstreamCall() = default;
    virtual void cancel() = 0;
    // Backpressure: stop reading from the upstream socket until resume().
    virtual void pause() = 0;
    virtual void resume() = 0;
};

// HTTP client for provider calls, driven by the Qt event loop of the thread the client lives on.
// https:// goes through libcurl's multi interface: HTTP/2 over TLS where the server offers it,
// pooled keep-alive HTTP/1.1 otherwise. Cleartext http:// (local and in-cluster model servers)
// goes through the client's own HTTP/1.1 driver (http1upstream.h), unless a proxy from the
// environment applies or TOLLGATE_UPSTREAM_CLIENT=curl asks for curl everywhere. Both pool
// connections with no per-host cap below 1,000.
// Callbacks never run inside start(). Destroying the client cancels the calls in flight without
// callbacks; do not destroy it from inside one of its own callbacks.
class UpstreamClient : public QObject
{
    Q_OBJECT
public:
    explicit UpstreamClient(QObject* parent = nullptr);
    ~UpstreamClient() override;

    std::shared_ptr<UpstreamCall> start(UpstreamRequest request, UpstreamHandlers handlers);
    int activeCalls() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tollgate::http

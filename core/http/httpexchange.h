#pragma once

#include "http/httptypes.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace tollgate::http {

class HttpConnection;

// One request and its response, as the handler sees them. Lives on the server's thread.
//
// Ownership: the connection holds a shared_ptr while the exchange is current; the handler may keep
// its own shared_ptr for as long as it needs (e.g. while an upstream call is in flight). When the
// client disconnects, the connection detaches: isOpen() becomes false, onClientGone fires once, and
// later writes are dropped silently. So a handler never touches a dead socket.
//
// A response is either respond() once, or beginStream() + writeChunk()* + endStream().
class HttpExchange
{
public:
    HttpExchange(HttpConnection* connection, HttpRequest request, std::int64_t receivedAtUs);
    ~HttpExchange();
    HttpExchange(const HttpExchange&) = delete;
    HttpExchange& operator=(const HttpExchange&) = delete;

    const HttpRequest& request() const { return m_request; }
    HttpRequest& request() { return m_request; }
    // Monotonic microseconds at which the first byte of this request arrived.
    std::int64_t receivedAtUs() const { return m_receivedAtUs; }

    bool isOpen() const { return m_connection != nullptr; }
    bool responseStarted() const { return m_started; }
    bool responseFinished() const { return m_finished; }

    void respond(HttpResponse response);
    // Starts a chunked (HTTP/1.1) or close-delimited (HTTP/1.0) response body.
    void beginStream(int status, HttpHeaders headers);
    void writeChunk(std::string_view bytes);
    void endStream();
    // Closes the connection now (e.g. an upstream died mid-stream: the client must see a cut,
    // not a well-formed end).
    void abort();

    // Bytes written but not yet accepted by the kernel. Callers pause their producer above
    // a high-water mark and resume on onDrained.
    std::int64_t pendingOutputBytes() const;

    std::function<void()> onClientGone;
    std::function<void()> onDrained;

    // Called by HttpConnection only.
    // Unlinks from the connection; fires onClientGone if the response was not finished.
    void detach();
    // detach() in two steps, for a connection that must not run the callback right now:
    // release() unlinks and returns whether notifyClientGone() is owed.
    bool release();
    void notifyClientGone();
    void notifyDrained();

private:
    HttpConnection* m_connection;
    HttpRequest m_request;
    std::int64_t m_receivedAtUs;
    bool m_started = false;
    bool m_finished = false;
    bool m_goneNotified = false;
};

// The one seam between the HTTP server and everything above it.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    // Called on the server's thread once a request is complete (headers and body).
    virtual void handle(std::shared_ptr<HttpExchange> exchange) = 0;
};

} // namespace tollgate::http

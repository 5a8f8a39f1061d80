#pragma once

#include "http/httptypes.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace tollgate::http {

// Incremental HTTP/1.1 request parser with size limits and request-smuggling checks.
//
// Contract: feed() consumes what it can from the bytes it is given and returns how many it took.
// Bytes it did not take must be passed again, followed by any newer bytes, on the next call (an
// incomplete header section is only consumed once it is complete). It stops after one request:
// once state() is Complete, take the request and reset() before feeding the next one.
//
// Limits: maxHeaderBytes bounds the request line plus header fields (and a chunked body's chunk
// lines and trailers); over it the state is Error 431. maxBodyBytes bounds the de-chunked body:
// a larger declared Content-Length is refused as soon as the header section is complete, before
// any body byte is read (413), and a chunked body is refused once its running total exceeds it.
//
// Framing the parser refuses with 400: Content-Length together with Transfer-Encoding, more than
// one Content-Length, a Content-Length that is not a plain decimal, any Transfer-Encoding other
// than exactly "chunked", Transfer-Encoding in HTTP/1.0, malformed chunk sizes or extensions,
// bare LF or CR line endings, obs-fold, invalid field names, control characters in values,
// missing or duplicate Host in HTTP/1.1. Versions other than HTTP/1.0 and 1.1 get 505.
//
// Thread: not thread-safe; one parser per connection. Beast stays behind this header.
class RequestParser
{
public:
    enum class State
    {
        NeedMore,        // waiting for more bytes
        HeadersComplete, // header section accepted, body follows; reported once per request
        Complete,        // request() holds the whole request
        Error,           // errorStatus()/errorMessage() say why; the connection must be closed
    };

    RequestParser(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes);
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    // Returns the number of bytes consumed (possibly 0). After Complete or Error it consumes nothing.
    std::size_t feed(const char* data, std::size_t size);

    State state() const;
    // True once any byte of the current request was seen (consumed or held back as incomplete).
    bool started() const;
    bool headersComplete() const;

    // The request being parsed; fields are valid once the headers are complete, the body once
    // the state is Complete.
    const HttpRequest& request() const;
    HttpRequest takeRequest();

    // The client sent `Expect: 100-continue` in an HTTP/1.1 request. Valid once headers are complete.
    bool expectsContinue() const;

    // On Error: an HTTP status (400, 413, 431, 505), a short machine code and a human message.
    int errorStatus() const;
    const char* errorCode() const;
    const char* errorMessage() const;

    // Prepares for the next request on the same connection; limits stay.
    void reset();
    void setLimits(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes);

private:
    class Impl;
    std::unique_ptr<Impl> m_d;
};

} // namespace tollgate::http

#include "http/requestparser.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

namespace tollgate::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Body memory reserved up front from a declared Content-Length. Larger bodies grow as bytes
// arrive, so a client that declares 32 MiB and sends nothing does not cost 32 MiB.
constexpr std::size_t kMaxBodyReserve = 1024 * 1024;

struct Failure
{
    int status = 0;
    const char* code = "";
    const char* message = "";
};

constexpr const char* kCodeBadRequest = "invalid_request";
constexpr const char* kCodeTooLarge = "request_too_large";
constexpr const char* kCodeHeadersTooLarge = "request_header_fields_too_large";
constexpr const char* kCodeVersion = "http_version_not_supported";

Failure badRequest(const char* message)
{
    return {400, kCodeBadRequest, message};
}

bool isPlainDecimal(std::string_view v)
{
    if (v.empty() || v.size() > 19)
        return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Everything the Beast callbacks fill in for one request.
struct ParseState
{
    HttpRequest request;
    std::optional<Failure> failure;
    int contentLengthFields = 0;
    int transferEncodingFields = 0;
    int hostFields = 0;
    bool expectContinueField = false;
    bool headerDone = false;
    bool complete = false;
};

// Beast's basic_parser drives the grammar; these hooks fill the HttpRequest directly and add the
// checks where Beast 1.74 is lenient (it accepts repeated equal Content-Length values, ignores a
// Transfer-Encoding whose last coding is not chunked, and does not require Host).
class BeastRequestParser final : public bhttp::basic_parser<true>
{
public:
    explicit BeastRequestParser(ParseState& state) : m_state(state) {}

private:
    void fail(Failure f, beast::error_code& ec)
    {
        if (!m_state.failure)
            m_state.failure = f;
        // Any error stops Beast; the recorded failure is what gets reported.
        ec = bhttp::error::bad_field;
    }

    void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target, int version,
                         beast::error_code&) override
    {
        m_state.request.method.assign(method.data(), method.size());
        m_state.request.target.assign(target.data(), target.size());
        m_state.request.versionMinor = version == 10 ? 0 : 1;
    }

    void on_response_impl(int, beast::string_view, int, beast::error_code& ec) override
    {
        ec = bhttp::error::bad_version; // never called for a request parser
    }

    void on_field_impl(bhttp::field name, beast::string_view nameString, beast::string_view value,
                       beast::error_code& ec) override
    {
        if (m_state.headerDone) {
            // Trailer fields: framing is done by now, and trailers are not merged into the header
            // (RFC 9110 6.5.1). They only count against the size limit, which the caller enforces.
            return;
        }
        const std::string_view v(value.data(), value.size());
        switch (name) {
        case bhttp::field::content_length:
            if (++m_state.contentLengthFields > 1)
                return fail(badRequest("more than one Content-Length header"), ec);
            if (m_state.transferEncodingFields > 0)
                return fail(badRequest("Content-Length together with Transfer-Encoding"), ec);
            if (!isPlainDecimal(trimOws(v)))
                return fail(badRequest("invalid Content-Length"), ec);
            break;
        case bhttp::field::transfer_encoding:
            if (++m_state.transferEncodingFields > 1)
                return fail(badRequest("more than one Transfer-Encoding header"), ec);
            if (m_state.contentLengthFields > 0)
                return fail(badRequest("Content-Length together with Transfer-Encoding"), ec);
            if (m_state.request.versionMinor == 0)
                return fail(badRequest("Transfer-Encoding in an HTTP/1.0 request"), ec);
            if (!equalsIgnoreCase(trimOws(v), "chunked"))
                return fail(badRequest("unsupported Transfer-Encoding: only chunked is accepted"), ec);
            break;
        case bhttp::field::host:
            if (++m_state.hostFields > 1)
                return fail(badRequest("more than one Host header"), ec);
            break;
        case bhttp::field::expect:
            if (equalsIgnoreCase(trimOws(v), "100-continue"))
                m_state.expectContinueField = true;
            break;
        default:
            break;
        }
        m_state.request.headers.add(std::string(nameString.data(), nameString.size()), std::string(v));
    }

    void on_header_impl(beast::error_code& ec) override
    {
        if (m_state.request.versionMinor == 1 && m_state.hostFields == 0)
            return fail(badRequest("missing Host header"), ec);
        m_state.request.keepAlive = keep_alive();
        m_state.headerDone = true;
    }

    void on_body_init_impl(const boost::optional<std::uint64_t>& contentLength, beast::error_code&) override
    {
        if (contentLength)
            m_state.request.body.reserve(
                static_cast<qsizetype>(std::min<std::uint64_t>(*contentLength, kMaxBodyReserve)));
    }

    std::size_t on_body_impl(beast::string_view body, beast::error_code&) override
    {
        m_state.request.body.append(body.data(), static_cast<qsizetype>(body.size()));
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override
    {
        m_state.request.body.append(body.data(), static_cast<qsizetype>(body.size()));
        return body.size();
    }

    void on_finish_impl(beast::error_code&) override { m_state.complete = true; }

    ParseState& m_state;
};

// "HTTP/" DIGIT "." DIGIT as the last token of the request line: a well-formed version Beast
// refused because it is neither 1.0 nor 1.1.
bool hasUnsupportedVersion(const char* data, std::size_t size)
{
    std::string_view line(data, size);
    // Beast judges the version as soon as its 8 bytes are there, with or without the line end.
    const std::size_t eol = line.find_first_of("\r\n");
    if (eol != std::string_view::npos)
        line = line.substr(0, eol);
    const std::size_t sp = line.rfind(' ');
    if (sp == std::string_view::npos)
        return false;
    const std::string_view v = line.substr(sp + 1);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || !digit(v[5]) || v[6] != '.' || !digit(v[7]))
        return false;
    return v != "HTTP/1.0" && v != "HTTP/1.1";
}

Failure mapBeastError(const beast::error_code& ec, const char* lineStart, std::size_t available)
{
    switch (static_cast<bhttp::error>(ec.value())) {
    case bhttp::error::header_limit:
        return {431, kCodeHeadersTooLarge, "request header section too large"};
    case bhttp::error::body_limit:
        return {413, kCodeTooLarge, "request body exceeds the size limit"};
    case bhttp::error::bad_version:
        if (hasUnsupportedVersion(lineStart, available))
            return {505, kCodeVersion, "only HTTP/1.0 and HTTP/1.1 are supported"};
        return badRequest("invalid HTTP version");
    case bhttp::error::bad_method:
        return badRequest("invalid request method");
    case bhttp::error::bad_target:
        return badRequest("invalid request target");
    case bhttp::error::bad_field:
        return badRequest("invalid header field name");
    case bhttp::error::bad_value:
        return badRequest("invalid header field value");
    case bhttp::error::bad_line_ending:
        return badRequest("invalid line ending");
    case bhttp::error::bad_content_length:
        return badRequest("invalid Content-Length");
    case bhttp::error::bad_transfer_encoding:
        return badRequest("invalid Transfer-Encoding");
    case bhttp::error::bad_chunk:
        return badRequest("invalid chunk size or chunk framing");
    case bhttp::error::bad_chunk_extension:
        return badRequest("invalid chunk extension");
    case bhttp::error::bad_obs_fold:
        return badRequest("obsolete line folding is not allowed");
    default:
        return badRequest("malformed request");
    }
}

} // namespace

class RequestParser::Impl
{
public:
    Impl(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes)
    {
        setLimits(maxHeaderBytes, maxBodyBytes);
        reset();
    }

    void setLimits(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes)
    {
        m_maxHeaderBytes = static_cast<std::size_t>(std::max<std::int64_t>(maxHeaderBytes, 64));
        m_maxBodyBytes = static_cast<std::uint64_t>(std::max<std::int64_t>(maxBodyBytes, 0));
    }

    void reset()
    {
        m_state = State::NeedMore;
        m_ps.request = HttpRequest{};
        m_ps.request.headers.reserve(16);
        m_ps.failure.reset();
        m_ps.contentLengthFields = 0;
        m_ps.transferEncodingFields = 0;
        m_ps.hostFields = 0;
        m_ps.expectContinueField = false;
        m_ps.headerDone = false;
        m_ps.complete = false;
        m_sawBytes = false;
        m_requestLineStarted = false;
        m_headerBytes = 0;
        m_scanned = 0;
        m_atLineStart = true;
        m_lines = 0;
        m_headerEndSeen = false;

        m_parser.emplace(m_ps);
        // Our own scan enforces the exact header limit first; Beast's limit is only a backstop.
        const std::uint64_t beastLimit =
            std::min<std::uint64_t>(m_maxHeaderBytes + 8, std::numeric_limits<std::uint32_t>::max());
        m_parser->header_limit(static_cast<std::uint32_t>(beastLimit));
        m_parser->body_limit(m_maxBodyBytes);
        m_parser->eager(false);
    }

    std::size_t feed(const char* data, std::size_t size)
    {
        if (m_state == State::Complete || m_state == State::Error)
            return 0;
        m_state = State::NeedMore;
        if (size == 0)
            return 0;
        m_sawBytes = true;
        std::size_t pos = 0;

        if (!m_requestLineStarted) {
            // RFC 9112 2.2: ignore empty lines before the request line (some clients send a CRLF
            // after a body). They count against the header limit so they cannot go on forever.
            while (pos + 1 < size && data[pos] == '\r' && data[pos + 1] == '\n')
                pos += 2;
            m_headerBytes += pos;
            if (m_headerBytes > m_maxHeaderBytes)
                return failWith({431, kCodeHeadersTooLarge, "request header section too large"}, pos);
            if (pos == size || (pos + 1 == size && data[pos] == '\r'))
                return pos;
            m_requestLineStarted = true;
        }

        if (!m_ps.headerDone && !scanHeader(data + pos, size - pos))
            return pos;

        for (;;) {
            const std::size_t available = size - pos;
            if (available == 0)
                break;
            const bool headerWasDone = m_parser->is_header_done();
            beast::error_code ec;
            const std::size_t n = m_parser->put(boost::asio::const_buffer(data + pos, available), ec);
            if (!headerWasDone) {
                m_headerBytes += n;
                m_scanned = m_scanned > n ? m_scanned - n : 0;
            }
            const char* putStart = data + pos;
            pos += n;

            if (ec == bhttp::error::need_more) {
                // In a chunked body Beast holds back an incomplete chunk line or trailer section
                // and waits for its end without a bound of its own.
                if (m_parser->is_header_done() && size - pos > m_maxHeaderBytes)
                    return failWith(badRequest("chunk line or trailer section too large"), pos);
                break;
            }
            if (ec) {
                if (m_ps.failure)
                    return failWith(*m_ps.failure, pos);
                return failWith(mapBeastError(ec, putStart, available), pos);
            }
            if (m_ps.complete || m_parser->is_done()) {
                m_state = State::Complete;
                break;
            }
            if (!headerWasDone && m_parser->is_header_done()) {
                m_state = State::HeadersComplete;
                break;
            }
            if (n == 0)
                break; // no progress without an error: wait for more bytes
        }
        return pos;
    }

    std::size_t failWith(const Failure& f, std::size_t consumed)
    {
        m_failure = f;
        m_state = State::Error;
        return consumed;
    }

    // Checks the header bytes not yet scanned, before Beast sees them: bare LF line endings and
    // obs-fold (which Beast would silently fold), and the exact size of the header section.
    // Returns false (state Error) on a violation.
    bool scanHeader(const char* data, std::size_t size)
    {
        std::size_t p = m_scanned;
        while (p < size && !m_headerEndSeen) {
            if (m_atLineStart) {
                const char c = data[p];
                if (c == '\n') {
                    failWith(badRequest("bare LF line ending"), 0);
                    return false;
                }
                if (m_lines > 0 && (c == ' ' || c == '\t')) {
                    failWith(badRequest("obsolete line folding is not allowed"), 0);
                    return false;
                }
                if (c == '\r') {
                    if (p + 1 >= size)
                        break; // decide once the next byte is here
                    if (data[p + 1] == '\n' && m_lines > 0) {
                        m_headerEndSeen = true;
                        p += 2;
                        break;
                    }
                }
                m_atLineStart = false;
            }
            const void* nl = std::memchr(data + p, '\n', size - p);
            if (!nl) {
                p = size;
                break;
            }
            const std::size_t i = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
            if (i == 0 || data[i - 1] != '\r') {
                failWith(badRequest("bare LF line ending"), 0);
                return false;
            }
            ++m_lines;
            m_atLineStart = true;
            p = i + 1;
        }
        m_scanned = p;
        const std::size_t headerSoFar = m_headerBytes + (m_headerEndSeen ? p : size);
        if (headerSoFar > m_maxHeaderBytes) {
            failWith({431, kCodeHeadersTooLarge, "request header section too large"}, 0);
            return false;
        }
        return true;
    }

    ParseState m_ps;
    std::optional<BeastRequestParser> m_parser;
    State m_state = State::NeedMore;
    Failure m_failure;
    std::size_t m_maxHeaderBytes = 0;
    std::uint64_t m_maxBodyBytes = 0;

    bool m_sawBytes = false;
    bool m_requestLineStarted = false;
    std::size_t m_headerBytes = 0; // header bytes consumed so far for this request
    // Header scan position, relative to the first byte not yet consumed.
    std::size_t m_scanned = 0;
    bool m_atLineStart = true;
    int m_lines = 0;
    bool m_headerEndSeen = false;
};

RequestParser::RequestParser(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes)
    : m_d(std::make_unique<Impl>(maxHeaderBytes, maxBodyBytes))
{
}

RequestParser::~RequestParser() = default;

std::size_t RequestParser::feed(const char* data, std::size_t size)
{
    return m_d->feed(data, size);
}

RequestParser::State RequestParser::state() const
{
    return m_d->m_state;
}

bool RequestParser::started() const
{
    return m_d->m_sawBytes;
}

bool RequestParser::headersComplete() const
{
    return m_d->m_ps.headerDone;
}

const HttpRequest& RequestParser::request() const
{
    return m_d->m_ps.request;
}

HttpRequest RequestParser::takeRequest()
{
    return std::move(m_d->m_ps.request);
}

bool RequestParser::expectsContinue() const
{
    return m_d->m_ps.headerDone && m_d->m_ps.expectContinueField && m_d->m_ps.request.versionMinor == 1;
}

int RequestParser::errorStatus() const
{
    return m_d->m_state == State::Error ? m_d->m_failure.status : 0;
}

const char* RequestParser::errorCode() const
{
    return m_d->m_state == State::Error ? m_d->m_failure.code : "";
}

const char* RequestParser::errorMessage() const
{
    return m_d->m_state == State::Error ? m_d->m_failure.message : "";
}

void RequestParser::reset()
{
    m_d->reset();
}

void RequestParser::setLimits(std::int64_t maxHeaderBytes, std::int64_t maxBodyBytes)
{
    m_d->setLimits(maxHeaderBytes, maxBodyBytes);
}

} // namespace tollgate::http

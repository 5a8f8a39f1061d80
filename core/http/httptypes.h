#pragma once

#include <QByteArray>

#include <string>
#include <string_view>
#include <vector>

namespace tollgate::http {

struct HttpHeader
{
    std::string name;
    std::string value;
};

// Header list in arrival order. Lookups are case-insensitive (RFC 9110 field names).
class HttpHeaders
{
public:
    void add(std::string name, std::string value) { m_items.push_back({std::move(name), std::move(value)}); }
    // Replaces every field of that name with one.
    void set(std::string_view name, std::string value);
    void remove(std::string_view name);
    // First value of the field, or an empty view.
    std::string_view value(std::string_view name) const;
    bool contains(std::string_view name) const;
    int count(std::string_view name) const;

    const std::vector<HttpHeader>& items() const { return m_items; }
    bool empty() const { return m_items.empty() && m_lines.empty(); }
    void reserve(std::size_t n) { m_items.reserve(n); }
    void clear()
    {
        m_items.clear();
        m_lines.clear();
    }

    // Whole "name: value" lines written after the fields: for the headers the gateway adds to an
    // answer on its way out (x-tollgate-*), one buffer instead of two strings per field. They are
    // never looked up: value(), set() and the rest see the fields only. Only HttpServer writes them
    // (into answers); the upstream client sends the fields of a request, not its lines. A name that
    // is not a token or a value with CR, LF or NUL is refused (false), as the server drops such a
    // field.
    bool addLine(std::string_view name, std::string_view value);
    // The lines, each ending in CRLF.
    const std::string& lines() const { return m_lines; }
    // Appends the lines of another set (checked when they were added there), taking its buffer
    // when this set has no lines yet.
    void addLinesOf(HttpHeaders&& other);

private:
    std::vector<HttpHeader> m_items;
    std::string m_lines;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);
// Without leading and trailing spaces and tabs (optional whitespace around a field value).
std::string_view trimOws(std::string_view text);
// Whether a comma-separated field value (Connection, Transfer-Encoding ...) lists `token`,
// case-insensitively.
bool listsToken(std::string_view value, std::string_view token);
// No CR, LF or NUL: safe to write into a message head.
bool isHeaderSafe(std::string_view text);
// A token (RFC 9110 5.6.2): what a method or a field name must be. Not empty.
bool isToken(std::string_view text);

struct HttpRequest
{
    std::string method;   // as sent, e.g. "POST"
    std::string target;   // request-target, e.g. "/v1/models?x=1"
    int versionMinor = 1; // HTTP/1.<minor>: 0 or 1
    HttpHeaders headers;
    QByteArray body;      // de-chunked
    bool keepAlive = true;

    // The target without query or fragment (and without scheme://authority for absolute-form).
    std::string_view path() const;
};

struct HttpResponse
{
    int status = 200;
    HttpHeaders headers; // Content-Length, Connection and Date are added by the server
    QByteArray body;
};

const char* reasonPhrase(int status);

} // namespace tollgate::http

#include "http/httptypes.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace tollgate::http {

namespace {

inline char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i]))
            return false;
    }
    return true;
}

std::string_view trimOws(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool listsToken(std::string_view value, std::string_view token)
{
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        if (equalsIgnoreCase(trimOws(value.substr(0, comma)), token))
            return true;
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

bool isHeaderSafe(std::string_view text)
{
    // Eight bytes at a time while none of them is below 0x0E: CR, LF and NUL all are, and nearly
    // every field value has no such byte (a tab, the only other one allowed, sends its word to the
    // byte loop).
    const char* p = text.data();
    const char* const end = p + text.size();
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHighs = 0x8080808080808080ull;
    for (; end - p >= 8; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (((word - 0x0E * kOnes) & ~word & kHighs) == 0)
            continue;
        for (int i = 0; i < 8; ++i) {
            if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
                return false;
        }
    }
    for (; p < end; ++p) {
        if (*p == '\r' || *p == '\n' || *p == '\0')
            return false;
    }
    return true;
}

namespace {

// tchar of RFC 9110 5.6.2, by byte: every field name of every message goes through isToken().
constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[std::size_t(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        table[std::size_t(c)] = table[std::size_t(c - 'a' + 'A')] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[static_cast<unsigned char>(c)] = true;
    return table;
}();

} // namespace

bool isToken(std::string_view text)
{
    if (text.empty())
        return false;
    for (const char c : text) {
        if (!kTokenChars[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

bool HttpHeaders::addLine(std::string_view name, std::string_view value)
{
    if (!isToken(name) || !isHeaderSafe(value))
        return false;
    const std::size_t at = m_lines.size();
    const std::size_t needed = at + name.size() + value.size() + 4;
    if (needed > m_lines.capacity())
        m_lines.reserve(std::max<std::size_t>({needed, 2 * m_lines.capacity(), 256})); // the usual answer's in one
    m_lines.resize(needed);
    char* out = m_lines.data() + at;
    std::memcpy(out, name.data(), name.size());
    out += name.size();
    *out++ = ':';
    *out++ = ' ';
    if (!value.empty())
        std::memcpy(out, value.data(), value.size());
    out += value.size();
    *out++ = '\r';
    *out = '\n';
    return true;
}

void HttpHeaders::addLinesOf(HttpHeaders&& other)
{
    if (m_lines.empty()) {
        m_lines.swap(other.m_lines);
        other.m_lines.clear();
        return;
    }
    m_lines.append(other.m_lines);
    other.m_lines.clear();
}

void HttpHeaders::set(std::string_view name, std::string value)
{
    auto it = std::find_if(m_items.begin(), m_items.end(),
                           [&](const HttpHeader& h) { return equalsIgnoreCase(h.name, name); });
    if (it == m_items.end()) {
        m_items.push_back({std::string(name), std::move(value)});
        return;
    }
    it->value = std::move(value);
    // Drop any later fields of the same name so exactly one remains, at the first one's position.
    m_items.erase(std::remove_if(std::next(it), m_items.end(),
                                 [&](const HttpHeader& h) { return equalsIgnoreCase(h.name, name); }),
                  m_items.end());
}

void HttpHeaders::remove(std::string_view name)
{
    m_items.erase(std::remove_if(m_items.begin(), m_items.end(),
                                 [&](const HttpHeader& h) { return equalsIgnoreCase(h.name, name); }),
                  m_items.end());
}

std::string_view HttpHeaders::value(std::string_view name) const
{
    for (const HttpHeader& h : m_items) {
        if (equalsIgnoreCase(h.name, name))
            return h.value;
    }
    return {};
}

bool HttpHeaders::contains(std::string_view name) const
{
    return std::any_of(m_items.begin(), m_items.end(),
                       [&](const HttpHeader& h) { return equalsIgnoreCase(h.name, name); });
}

int HttpHeaders::count(std::string_view name) const
{
    return static_cast<int>(std::count_if(
        m_items.begin(), m_items.end(), [&](const HttpHeader& h) { return equalsIgnoreCase(h.name, name); }));
}

std::string_view HttpRequest::path() const
{
    std::string_view t = target;
    // absolute-form ("http://host/path?q"), which servers must accept (RFC 9112 3.2.2): the path
    // starts at the first '/' after the authority.
    for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (startsWithIgnoreCase(t, scheme)) {
            const std::size_t slash = t.find_first_of("/?#", scheme.size());
            if (slash == std::string_view::npos || t[slash] != '/')
                return "/";
            t.remove_prefix(slash);
            break;
        }
    }
    // A plain loop: find_first_of with a set runs a search of the set for every byte.
    std::size_t end = 0;
    while (end < t.size() && t[end] != '?' && t[end] != '#')
        ++end;
    return t.substr(0, end);
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Range Not Satisfiable";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 425:
        return "Too Early";
    case 426:
        return "Upgrade Required";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 451:
        return "Unavailable For Legal Reasons";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 507:
        return "Insufficient Storage";
    case 511:
        return "Network Authentication Required";
    default:
        break;
    }
    if (status >= 100 && status < 200)
        return "Informational";
    if (status >= 200 && status < 300)
        return "Success";
    if (status >= 300 && status < 400)
        return "Redirection";
    if (status >= 400 && status < 500)
        return "Client Error";
    return "Server Error";
}

} // namespace tollgate::http

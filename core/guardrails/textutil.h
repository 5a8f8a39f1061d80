#pragma once

// Byte-level helpers shared by the guardrail detectors (internal to core/guardrails).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tollgate::guardrails::detail {

enum CharClass : std::uint8_t
{
    kDigit = 1 << 0,
    kUpper = 1 << 1,
    kLower = 1 << 2,
    kHex = 1 << 3,
    kB64 = 1 << 4,       // A-Z a-z 0-9 + / (standard base64 alphabet without '=')
    kUrlSafe = 1 << 5,   // A-Z a-z 0-9 _ - (base64url and most token alphabets)
    kSpace = 1 << 6,     // ASCII whitespace
    kEmailLocal = 1 << 7 // characters allowed in the local part of an address
};
inline constexpr std::uint8_t kAlpha = kUpper | kLower;
inline constexpr std::uint8_t kAlnum = kUpper | kLower | kDigit;

constexpr std::array<std::uint8_t, 256> makeClassTable()
{
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t k = 0;
        const bool digit = c >= '0' && c <= '9';
        const bool upper = c >= 'A' && c <= 'Z';
        const bool lower = c >= 'a' && c <= 'z';
        if (digit)
            k |= kDigit;
        if (upper)
            k |= kUpper;
        if (lower)
            k |= kLower;
        if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
            k |= kHex;
        if (digit || upper || lower || c == '+' || c == '/')
            k |= kB64;
        if (digit || upper || lower || c == '_' || c == '-')
            k |= kUrlSafe;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            k |= kSpace;
        if (digit || upper || lower || c == '.' || c == '_' || c == '%' || c == '+' || c == '-')
            k |= kEmailLocal;
        t[static_cast<std::size_t>(c)] = k;
    }
    return t;
}

inline constexpr std::array<std::uint8_t, 256> kClass = makeClassTable();

inline std::uint8_t cls(char c)
{
    return kClass[static_cast<unsigned char>(c)];
}
inline bool isDigit(char c)
{
    return cls(c) & kDigit;
}
inline bool isAlnum(char c)
{
    return cls(c) & kAlnum;
}
inline bool isAlpha(char c)
{
    return cls(c) & kAlpha;
}
inline bool isUpper(char c)
{
    return cls(c) & kUpper;
}
inline bool isLower(char c)
{
    return cls(c) & kLower;
}
inline char lowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// Case-insensitive (ASCII) comparison of text[pos, pos+word.size()) with a lower-case word.
inline bool matchesAt(std::string_view text, std::size_t pos, std::string_view lowerWord)
{
    if (pos > text.size() || text.size() - pos < lowerWord.size())
        return false;
    for (std::size_t i = 0; i < lowerWord.size(); ++i) {
        if (lowerAscii(text[pos + i]) != lowerWord[i])
            return false;
    }
    return true;
}

inline bool startsWith(std::string_view text, std::size_t pos, std::string_view prefix)
{
    return pos <= text.size() && text.size() - pos >= prefix.size() &&
           text.compare(pos, prefix.size(), prefix) == 0;
}

// True when the body of a token looks like a placeholder or a documentation example rather than a
// real credential: marker words, runs of one character, ascending runs, or low entropy.
bool looksLikePlaceholder(std::string_view body);

// Same for the password part of a connection string ("password", "<pass>", "${DB_PASSWORD}", "****").
bool looksLikePlaceholderPassword(std::string_view password);

// Shannon entropy in bits per character.
double shannonEntropy(std::string_view s);

} // namespace tollgate::guardrails::detail

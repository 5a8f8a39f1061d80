#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace tollgate {

bool isValidUtf8(const char* data, std::size_t size)
{
    const auto* s = reinterpret_cast<const unsigned char*>(data);
    std::size_t i = 0;
    while (i < size) {
        // ASCII, nearly all of a JSON body, 32 bytes at a time, then 8.
        while (i + 32 <= size && s[i] < 0x80) {
            std::uint64_t words[4];
            std::memcpy(words, s + i, 32);
            if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ull) != 0)
                break;
            i += 32;
        }
        if (i + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length;
        std::uint32_t min;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            length = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + length > size)
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned char cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

bool appendAscii(QStringView s, std::string& out)
{
    const std::size_t n = std::size_t(s.size());
    const std::size_t at = out.size();
    out.resize(at + n);
    const char16_t* in = s.utf16();
    char* dst = out.data() + at;
    // One pass that narrows and remembers whether any unit was above 0x7F: the compiler vectorises it.
    char16_t seen = 0;
    for (std::size_t i = 0; i < n; ++i) {
        seen |= in[i];
        dst[i] = char(in[i]);
    }
    if (seen < 0x80)
        return true;
    out.resize(at);
    return false;
}

bool asciiToUtf8(QStringView s, std::string& out)
{
    out.clear();
    return appendAscii(s, out);
}

} // namespace tollgate

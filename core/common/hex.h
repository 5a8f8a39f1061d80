#pragma once

#include <cstddef>

namespace tollgate {

// Writes the lowercase hex digits of `size` bytes (2 * size chars, no terminator) at `out` and
// returns the end: what QByteArray::toHex() makes, without the allocation.
inline char* writeHex(const void* data, std::size_t size, char* out)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        *out++ = kDigits[bytes[i] >> 4];
        *out++ = kDigits[bytes[i] & 0x0F];
    }
    return out;
}

} // namespace tollgate

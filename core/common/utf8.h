#pragma once

#include <cstddef>

namespace tollgate {

// Strict UTF-8 check (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
// ASCII runs are checked eight bytes at a time, so typical JSON bodies cost little.
bool isValidUtf8(const char* data, std::size_t size);

} // namespace tollgate

#pragma once

#include <QStringView>

#include <cstddef>
#include <string>

namespace tollgate {

// Strict UTF-8 check (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
// ASCII runs are checked eight bytes at a time, so typical JSON bodies cost little.
bool isValidUtf8(const char* data, std::size_t size);

// Replaces out's contents with s when every UTF-16 unit of s is ASCII: the bytes are then exactly
// s's UTF-8, made without QString::toUtf8()'s allocation once out has grown (the writer threads
// bind most of their text this way). Returns false, with out's contents unspecified, when s has any
// other character; the caller then converts it its own way.
bool asciiToUtf8(QStringView s, std::string& out);

// Appends s to out when every UTF-16 unit of s is ASCII (the bytes are then exactly its UTF-8) and
// returns true; otherwise leaves out as it was and returns false. One pass over s.
bool appendAscii(QStringView s, std::string& out);

} // namespace tollgate

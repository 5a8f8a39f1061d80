#include "common/ids.h"

#include "common/clock.h"

#include <QRandomGenerator>

namespace tollgate {

namespace {

constexpr char kPrefix[] = "req_";
constexpr qsizetype kPrefixSize = 4;
constexpr int kHexDigits = 12; // 48 bits each: the time, then the random part
constexpr quint64 kMask48 = 0xFFFFFFFFFFFFull;

} // namespace

QByteArray newRequestId(std::int64_t startedAtMs)
{
    // Each thread draws from its own generator, seeded once from the system's: no lock shared
    // by the worker threads on every request.
    thread_local QRandomGenerator64 generator(QRandomGenerator::system()->generate64());
    const quint64 ms = static_cast<quint64>(startedAtMs) & kMask48;
    const quint64 rnd = generator.generate64() & kMask48;
    static constexpr char kHex[] = "0123456789abcdef";
    char text[kPrefixSize + 2 * kHexDigits] = {kPrefix[0], kPrefix[1], kPrefix[2], kPrefix[3]};
    for (int i = 0; i < kHexDigits; ++i) {
        text[kPrefixSize + i] = kHex[(ms >> (44 - 4 * i)) & 0xF];
        text[kPrefixSize + kHexDigits + i] = kHex[(rnd >> (44 - 4 * i)) & 0xF];
    }
    return QByteArray(text, sizeof text);
}

QByteArray newRequestId()
{
    return newRequestId(SystemClock::instance().wallMs());
}

std::optional<std::int64_t> requestIdTimeMs(QByteArrayView id)
{
    if (id.size() != kPrefixSize + 2 * kHexDigits || !id.startsWith(QByteArrayView(kPrefix, kPrefixSize)))
        return std::nullopt;
    std::int64_t ms = 0;
    for (qsizetype i = kPrefixSize; i < id.size(); ++i) {
        const char c = id[i];
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else
            return std::nullopt;
        if (i < kPrefixSize + kHexDigits)
            ms = ms * 16 + digit;
    }
    return ms;
}

} // namespace tollgate

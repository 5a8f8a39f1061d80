#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <optional>

namespace tollgate {

// "req_" followed by 24 lowercase hex digits: 48 bits of wall-clock milliseconds since the epoch
// (so ids sort by time) and 48 random bits. Unique enough for a gateway's lifetime; not a secret.
//
// A request's id carries the moment it started (its request-log row's started_at_ms and its ledger
// record's time_ms): requestIdTimeMs(newRequestId(ms)) == ms for every ms in [0, 2^48). The stores
// find a request by its id through their time index, so neither keeps an index of ids.
QByteArray newRequestId(std::int64_t startedAtMs);
// An id for something starting now.
QByteArray newRequestId();

// The start time a request id carries, or nothing when the text is not such an id.
std::optional<std::int64_t> requestIdTimeMs(QByteArrayView id);

} // namespace tollgate

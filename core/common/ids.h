#pragma once

#include <QByteArray>

namespace tollgate {

// "req_" followed by 24 lowercase hex digits: 48 bits of wall-clock milliseconds (so ids sort by
// time) and 48 random bits. Unique enough for a gateway's lifetime; not a secret.
QByteArray newRequestId();

} // namespace tollgate

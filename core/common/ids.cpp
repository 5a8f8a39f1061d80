#include "common/ids.h"

#include "common/clock.h"

#include <QRandomGenerator>

namespace tollgate {

QByteArray newRequestId()
{
    const quint64 ms = static_cast<quint64>(SystemClock::instance().wallMs()) & 0xFFFFFFFFFFFFull;
    const quint64 rnd = QRandomGenerator::global()->generate64() & 0xFFFFFFFFFFFFull;
    QByteArray id("req_");
    id += QByteArray::number(ms, 16).rightJustified(12, '0');
    id += QByteArray::number(rnd, 16).rightJustified(12, '0');
    return id;
}

} // namespace tollgate

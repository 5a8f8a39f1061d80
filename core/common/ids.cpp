#include "common/ids.h"

#include "common/clock.h"

#include <QRandomGenerator>

namespace tollgate {

QByteArray newRequestId()
{
    // Each thread draws from its own generator, seeded once from the system's: no lock shared
    // by the worker threads on every request.
    thread_local QRandomGenerator64 generator(QRandomGenerator::system()->generate64());
    const quint64 ms = static_cast<quint64>(SystemClock::instance().wallMs()) & 0xFFFFFFFFFFFFull;
    const quint64 rnd = generator.generate64() & 0xFFFFFFFFFFFFull;
    static constexpr char kHex[] = "0123456789abcdef";
    char text[4 + 24] = {'r', 'e', 'q', '_'};
    for (int i = 0; i < 12; ++i) {
        text[4 + i] = kHex[(ms >> (44 - 4 * i)) & 0xF];
        text[16 + i] = kHex[(rnd >> (44 - 4 * i)) & 0xF];
    }
    return QByteArray(text, sizeof text);
}

} // namespace tollgate

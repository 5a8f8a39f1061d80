#pragma once

#include <QByteArray>

#include <string_view>
#include <vector>

namespace tollgate::api {

// One server-sent event as it came over the wire.
struct SseEvent
{
    QByteArray raw;   // the event's lines exactly as received, without the blank line that ends it
    QByteArray event; // value of an `event:` field, empty if none
    QByteArray data;  // `data:` lines joined with '\n'
};

// Incremental parser for text/event-stream (WHATWG HTML "server-sent events"): lines end in
// CRLF, LF or CR; an empty line dispatches. Comment lines (": ...") are kept in raw only.
// Bounded: an event larger than maxEventBytes is an error (a provider that never ends an event).
class SseParser
{
public:
    explicit SseParser(qsizetype maxEventBytes = 8 * 1024 * 1024) : m_maxEventBytes(maxEventBytes) {}

    // Appends bytes; complete events are appended to `out`. Returns false once the stream is invalid.
    bool feed(std::string_view bytes, std::vector<SseEvent>& out);
    bool failed() const { return m_failed; }

private:
    void takeLine(std::vector<SseEvent>& out);

    QByteArray m_line;   // the line being read
    SseEvent m_event;    // the event being assembled
    bool m_hasData = false;
    bool m_afterCR = false;
    qsizetype m_maxEventBytes;
    bool m_failed = false;
};

// "data: <payload>\n\n" (multi-line payloads split into several data lines).
QByteArray formatSseData(std::string_view payload);

} // namespace tollgate::api

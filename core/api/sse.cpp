#include "api/sse.h"

#include <cstring>

namespace tollgate::api {

bool SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out)
{
    if (m_failed)
        return false;
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    while (p < end) {
        if (m_afterCR) {
            m_afterCR = false;
            if (*p == '\n') { // the LF of a CRLF split across two feeds
                ++p;
                continue;
            }
        }
        const char* lineEnd = p;
        while (lineEnd < end && *lineEnd != '\n' && *lineEnd != '\r')
            ++lineEnd;
        m_line.append(p, lineEnd - p);
        if (lineEnd == end)
            break; // the line goes on in the next feed
        if (*lineEnd == '\r') {
            if (lineEnd + 1 < end) {
                if (lineEnd[1] == '\n')
                    ++lineEnd;
            } else {
                m_afterCR = true;
            }
        }
        p = lineEnd + 1;
        takeLine(out);
    }
    if (m_event.raw.size() + m_line.size() > m_maxEventBytes) {
        m_failed = true;
        return false;
    }
    return true;
}

void SseParser::takeLine(std::vector<SseEvent>& out)
{
    if (m_line.isEmpty()) { // an empty line ends the event
        if (!m_event.raw.isEmpty()) {
            out.push_back(std::move(m_event));
            m_event = SseEvent();
            m_hasData = false;
        }
        return;
    }
    if (!m_event.raw.isEmpty())
        m_event.raw.append('\n');
    m_event.raw.append(m_line);
    if (m_line[0] != ':') {
        const qsizetype colon = m_line.indexOf(':');
        const QByteArrayView field = colon < 0 ? QByteArrayView(m_line) : QByteArrayView(m_line).first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(m_line).sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "data") {
            if (m_hasData)
                m_event.data.append('\n');
            m_event.data.append(value);
            m_hasData = true;
        } else if (field == "event") {
            m_event.event = value.toByteArray();
        }
    }
    m_line.clear();
}

QByteArray formatSseData(std::string_view payload)
{
    QByteArray out;
    out.reserve(qsizetype(payload.size()) + 8);
    size_t pos = 0;
    while (true) {
        const size_t nl = payload.find('\n', pos);
        out.append("data: ");
        out.append(payload.data() + pos, qsizetype((nl == std::string_view::npos ? payload.size() : nl) - pos));
        out.append('\n');
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    out.append('\n');
    return out;
}

} // namespace tollgate::api

#include "http/httpexchange.h"

#include "http/httpconnection.h"

namespace tollgate::http {

HttpExchange::HttpExchange(HttpConnection* connection, HttpRequest request, std::int64_t receivedAtUs)
    : m_connection(connection), m_request(std::move(request)), m_receivedAtUs(receivedAtUs)
{
}

HttpExchange::~HttpExchange() = default;

void HttpExchange::respond(HttpResponse response)
{
    if (m_started)
        return;
    m_started = true;
    m_finished = true;
    if (m_connection)
        m_connection->sendResponse(this, std::move(response));
}

void HttpExchange::beginStream(int status, HttpHeaders headers)
{
    if (m_started)
        return;
    m_started = true;
    if (m_connection)
        m_connection->beginStream(this, status, std::move(headers));
}

void HttpExchange::writeChunk(std::string_view bytes)
{
    if (!m_started || m_finished || !m_connection)
        return;
    m_connection->writeChunk(this, bytes);
}

void HttpExchange::endStream()
{
    if (!m_started || m_finished)
        return;
    m_finished = true;
    if (m_connection)
        m_connection->endStream(this);
}

void HttpExchange::abort()
{
    if (!m_connection)
        return;
    HttpConnection* connection = m_connection;
    m_started = true;
    m_finished = true;
    connection->abortExchange(this);
}

std::int64_t HttpExchange::pendingOutputBytes() const
{
    return m_connection ? m_connection->pendingOutputBytes() : 0;
}

bool HttpExchange::release()
{
    if (!m_connection)
        return false;
    m_connection = nullptr;
    // No more drain notifications; dropping the callbacks also breaks reference cycles through
    // lambdas that captured this exchange.
    onDrained = nullptr;
    const bool owed = !m_finished && !m_goneNotified;
    if (!owed)
        onClientGone = nullptr;
    return owed;
}

void HttpExchange::notifyClientGone()
{
    if (m_goneNotified)
        return;
    m_goneNotified = true;
    // Moved out first: the callback may reassign onClientGone or drop the last other reference.
    auto callback = std::move(onClientGone);
    onClientGone = nullptr;
    if (callback)
        callback();
}

void HttpExchange::detach()
{
    if (release())
        notifyClientGone();
}

void HttpExchange::notifyDrained()
{
    if (!m_connection || m_finished || !onDrained)
        return;
    // A copy: the callback may replace onDrained while it runs.
    auto callback = onDrained;
    callback();
}

} // namespace tollgate::http

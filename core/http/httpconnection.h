#pragma once

#include "http/httptypes.h"
#include "http/requestparser.h"

#include <QByteArray>
#include <QObject>

#include <cstdint>
#include <memory>
#include <string_view>

class QTcpSocket;

namespace tollgate::http {

class HttpExchange;
class HttpServer;

// One accepted client connection: reads and parses requests, hands each complete request to the
// server's RequestHandler as an HttpExchange, and writes the response.
//
// Thread: lives on the server's thread; every call comes from there.
// Ownership: a child of the HttpServer; it tells the server when it is done (connectionClosed) and
// the server deletes it later. It never deletes itself or its socket synchronously, so a caller
// that is on the stack of one of its methods stays safe.
//
// Requests on one connection are answered strictly in order: the next request is parsed only
// after the current response is finished (pipelined bytes wait in the socket's bounded buffer).
class HttpConnection final : public QObject
{
    Q_OBJECT
public:
    HttpConnection(qintptr socketDescriptor, HttpServer* server);
    ~HttpConnection() override;

    // False if the descriptor could not be adopted; the server then drops the connection.
    bool isValid() const { return m_valid; }

    // Called by the current HttpExchange only (calls from any other exchange are ignored).
    void sendResponse(HttpExchange* exchange, HttpResponse&& response);
    void beginStream(HttpExchange* exchange, int status, HttpHeaders&& headers);
    void writeChunk(HttpExchange* exchange, std::string_view bytes);
    void endStream(HttpExchange* exchange);
    void abortExchange(HttpExchange* exchange);
    std::int64_t pendingOutputBytes() const;

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    enum class Phase
    {
        WaitingForRequest, // keep-alive idle (or a fresh connection), no byte of a request yet
        Headers,           // a request started, header section incomplete
        Body,              // header accepted, reading the body
        Handling,          // the handler owns the request; input is not read
        Closing,           // final response queued; write side shut after flush, input discarded
    };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();

    void processInput();
    bool readFromSocket();
    void onHeadersComplete();
    void dispatchRequest();
    void finishResponse(bool closeAfter);
    void failRequest(int status, const char* code, const char* message);
    void beginClose();
    void shutdownWrite();
    void discardInput();
    void onDeadline();
    void setDeadline(std::int64_t atMs);
    void armTimer(std::int64_t atMs);
    void scheduleProcessInput();

    // contentLength < 0: no Content-Length field.
    void appendHead(QByteArray& out, int status, const HttpHeaders& headers, bool close,
                    std::int64_t contentLength, bool chunked);
    void writeOut(const char* data, qsizetype size);
    void flushOut();

    HttpServer* m_server;
    QTcpSocket* m_socket;
    RequestParser m_parser;
    bool m_valid = false;

    // Input read from the socket; bytes before m_inPos are consumed.
    QByteArray m_in;
    qsizetype m_inPos = 0;
    // Reused to build response heads and chunks, so small writes allocate nothing.
    QByteArray m_out;

    Phase m_phase = Phase::WaitingForRequest;
    std::shared_ptr<HttpExchange> m_current;
    std::int64_t m_requestStartUs = 0; // SystemClock monotonic microseconds
    std::int64_t m_requestStartMs = 0; // steady-clock milliseconds, for the header timeout
    std::int64_t m_lastReadMs = 0;     // last socket read that brought bytes
    int m_callDepth = 0;               // > 0 while inside the handler or an exchange's call into this object
    bool m_inHandler = false;
    bool m_processScheduled = false;
    bool m_waitingForOutputDrain = false;

    // About the current response.
    bool m_isHead = false;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_streaming = false;
    bool m_chunked = false;
    bool m_streamHasBody = false;
    bool m_closeAfterResponse = false;

    bool m_shutdownWhenFlushed = false;
    bool m_writeShut = false;
    bool m_gone = false;

    // Deadline handling: one QObject timer, re-armed lazily. Moving a deadline later only updates
    // m_deadlineMs; the timer re-arms itself when it fires early.
    std::int64_t m_deadlineMs = 0; // steady-clock milliseconds; 0 = none
    std::int64_t m_timerDueMs = 0;
    int m_timerId = 0;
};

} // namespace tollgate::http

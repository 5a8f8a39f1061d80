#pragma once

#include "http/httptypes.h"
#include "http/passflush.h"
#include "http/requestparser.h"

#include <QByteArray>
#include <QObject>

#include <cstdint>
#include <memory>
#include <string_view>

class QSocketNotifier;
struct iovec;

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
// after the current response is finished (pipelined bytes wait in m_in, at most maxPipelinedBytes;
// beyond that the kernel's buffer and then the TCP window hold them).
//
// The accepted descriptor is driven directly (non-blocking, no QTcpSocket): input is read straight
// into m_in, output is sent straight from the caller's bytes while the kernel takes them, and only
// what it refuses is copied into m_pending and sent when the write notifier says there is room.
// On a worker thread (EpollEventDispatcher) writes under 64 KiB wait in m_pending for the end of
// the event-loop pass and go out with the others of that pass (PassFlush).
class HttpConnection final : public QObject, private PassFlush
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

    // The server winds down (HttpServer::drain): closes now when idle between requests, else after
    // the response to the request in hand, or already sent.
    void drain();

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

    void onReadable();
    void onWritable();
    void onBytesWritten();
    void onDisconnected();

    void processInput();
    void parseInput();
    bool readFromSocket();
    void bufferInput();
    void onInputEnded();
    void updateReadNotifier();
    void onHeadersComplete();
    void dispatchRequest();
    void finishResponse(bool closeAfter);
    void failRequest(int status, const char* code, const char* message);
    void beginClose();
    void shutdownWrite();
    void discardInput();
    void closeIfDone();
    // Closes the descriptor now (with a reset when asked) and reports the connection gone.
    void dropConnection(bool reset);
    void onDeadline();
    void setDeadline(std::int64_t atMs);
    void armTimer(std::int64_t atMs);
    void scheduleProcessInput();

    // contentLength < 0: no Content-Length field.
    void appendHead(QByteArray& out, int status, const HttpHeaders& headers, bool close,
                    std::int64_t contentLength, bool chunked);
    void writeOut(const char* data, qsizetype size);
    // Sends the parts in order behind what is pending. `shared`, if given, holds the bytes of the
    // last part: when they are what is left over, the pending output keeps a reference instead
    // of a copy.
    void writeParts(const iovec* parts, int count, const QByteArray* shared = nullptr);
    void queueOut(const char* data, qsizetype size);
    // One send of the given bytes. Returns the bytes the kernel took (0 when it has no room), or -1
    // after the connection was lost (dropConnection ran).
    qsizetype sendNow(const iovec* parts, int count);
    void flushOut();
    void flushPass() override; // sends what writeParts() held back during the pass
    qsizetype pendingBytes() const { return m_pending.size() - m_pendingPos; }
    void updateWriteNotifier();

    HttpServer* m_server;
    int m_fd = -1; // owned once the connection is valid; -1 after it was closed
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    RequestParser m_parser;
    bool m_valid = false;

    // Input read from the socket; bytes before m_inPos are consumed.
    QByteArray m_in;
    qsizetype m_inPos = 0;
    // Reused to build response heads, so small writes allocate nothing.
    QByteArray m_out;
    // Output the kernel has not taken yet; bytes before m_pendingPos are sent. It may share a
    // large response body instead of holding a copy.
    QByteArray m_pending;
    qsizetype m_pendingPos = 0;

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
    bool m_draining = false; // no keep-alive from now on

    bool m_shutdownWhenFlushed = false;
    bool m_writeShut = false;
    bool m_gone = false;
    // The last read returned less than it asked for, so the kernel had nothing more then. Reads
    // wait for the read notifier (level-triggered) instead of asking again and getting EAGAIN.
    bool m_readDrained = false;
    bool m_inputEnded = false;   // the client sent FIN: nothing more will arrive
    bool m_lastReadFull = false; // the last read got all it asked for (m_lastReadSize bytes)
    qsizetype m_lastReadSize = 0;
    // The current request's first bytes were already buffered when the connection got to it: its
    // client pipelines, so a FIN from it is a half-close rather than giving up.
    bool m_requestPipelined = false;

    // Deadline handling: one QObject timer, re-armed lazily. Moving a deadline later only updates
    // m_deadlineMs; the timer re-arms itself when it fires early.
    std::int64_t m_deadlineMs = 0; // steady-clock milliseconds; 0 = none
    std::int64_t m_timerDueMs = 0;
    int m_timerId = 0;
};

} // namespace tollgate::http

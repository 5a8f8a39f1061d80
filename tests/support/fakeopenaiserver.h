#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>

#include <atomic>
#include <deque>

class QTcpServer;

namespace tollgate::testing {

// What the fake does with one request. A server has a default behaviour and a FIFO of one-shot
// behaviours; each request consumes the next one-shot entry, or uses the default when the FIFO
// is empty. Any request (any path) consumes an entry.
struct FakeBehaviour
{
    enum class Kind
    {
        Normal,
        Status,              // answer `status` with an OpenAI-shaped error body (or `body`)
        Hang,                // read the request, never answer
        ResetBeforeResponse, // close with a TCP RST before any response byte
        ResetMidStream,      // stream: headers + `afterEvents` events, then RST;
                             // non-stream: headers + half the body, then RST
        SlowFirstByte,       // wait `delayMs` before the status line, then answer normally
        EventDelay,          // answer normally, `delayMs` between stream events
        Garbage,             // 200 with a body that is not JSON
    };

    Kind kind = Kind::Normal;
    int status = 200;
    int retryAfterSeconds = -1; // Status: a Retry-After header when >= 0
    QByteArray body;            // Status: replaces the default error body when not empty
    int afterEvents = 0;        // ResetMidStream
    int delayMs = 0;            // SlowFirstByte, EventDelay

    static FakeBehaviour normal() { return {}; }
    static FakeBehaviour statusCode(int code, int retryAfterSeconds = -1, QByteArray body = {});
    static FakeBehaviour hang();
    static FakeBehaviour resetBeforeResponse();
    static FakeBehaviour resetMidStream(int afterEvents);
    static FakeBehaviour slowFirstByte(int ms);
    static FakeBehaviour eventDelay(int ms);
    static FakeBehaviour garbage();
};

struct RecordedRequest
{
    QByteArray method;
    QByteArray target;                            // as sent, with the query string
    QByteArray path;                              // without the query string
    QList<QPair<QByteArray, QByteArray>> headers; // in arrival order
    QByteArray body;                              // de-chunked

    // First value of a header, case-insensitive name; empty when absent.
    QByteArray header(const QByteArray& name) const;
};

// A loopback HTTP/1.1 server speaking the OpenAI REST wire format, written on QTcpServer so it
// is an independent peer for the gateway's own HTTP code. It lives on the thread that creates it
// and serves from that thread's event loop; the recording and counting accessors are thread-safe.
//
// Deterministic content (tests compute expected values from this):
//   words(s)   = number of whitespace-separated words in s
//   text(m)    = a message's content if it is a string; for an array, its "text" parts joined
//                with single spaces; "" otherwise (null content, tool calls)
//   TEXT       = "<name> says: " + text(last message with role "user"), whitespace collapsed to
//                single spaces. max_tokens / max_completion_tokens N keeps the first N words
//                (finish_reason "length" when that cut anything, else "stop").
//   prompt_tokens     P = sum(words(text(m))) over all messages + 3 * number of messages
//   completion_tokens C = words(TEXT) after truncation; 1 for a tool call
//   total_tokens        = P + C
//   Tool call: when "tools" is a non-empty array and tool_choice is not "none"; the function is
//   tool_choice.function.name when given, else the first tool's; arguments "{}", content null,
//   finish_reason "tool_calls".
//   Stream: chunk {"role":"assistant","content":""}, one chunk per word of TEXT (words after the
//   first carry a leading space, so the deltas concatenate to TEXT), a chunk with an empty delta
//   and the finish_reason, a usage chunk ("choices":[]) only when stream_options.include_usage
//   is true, then "data: [DONE]". Responses are chunked (Transfer-Encoding) like OpenAI's.
//   Embeddings: per input string, 8 floats: h = FNV-1a 64 of its UTF-8 bytes,
//   value[k] = ((h >> 8k) & 0xff) / 127.5 - 1 (as float32); usage.prompt_tokens = total_tokens =
//   sum of words over inputs. encoding_format "base64" gives little-endian float32 in base64.
class FakeOpenAiServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeOpenAiServer(QString name = QStringLiteral("fake"), QObject* parent = nullptr);
    ~FakeOpenAiServer() override;

    bool listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QString name() const;
    // "http://127.0.0.1:<port>" (no trailing slash, no /v1).
    QString baseUrl() const;

    // When set, requests need "Authorization: Bearer <key>" (else 401).
    void setApiKey(const QByteArray& key);
    // Ids listed by GET /v1/models. Default: gpt-4o-mini, text-embedding-3-small.
    void setModels(const QStringList& models);
    void setEventDelayMs(int ms);

    void setDefaultBehaviour(const FakeBehaviour& behaviour);
    void enqueueBehaviour(const FakeBehaviour& behaviour);
    void clearBehaviours();

    QList<RecordedRequest> requests() const;
    RecordedRequest lastRequest() const;
    int requestCount() const { return m_requestCount.load(); }
    int connectionCount() const { return m_connectionCount.load(); }
    int openConnections() const { return m_openConnections.load(); }
    // Responses the client walked away from before they were complete (streams, hangs, delays).
    int abandonedResponses() const { return m_abandoned.load(); }
    int completedResponses() const { return m_completed.load(); }
    void resetRecords();

    static QString replyText(const QString& serverName, const QString& lastUserText);
    static int wordCount(QStringView text);
    static QList<float> embeddingFor(const QString& input);

Q_SIGNALS:
    void requestReceived();
    void clientWentAway();

private:
    friend class FakeConnection;
    friend class FakeOpenAiLogic;

    struct Settings
    {
        QString name;
        QByteArray apiKey;
        QStringList models;
        int eventDelayMs = 0;
    };

    FakeBehaviour takeBehaviour();
    Settings settings() const;
    void record(RecordedRequest request);
    quint64 nextId() { return ++m_idCounter; }
    void noteAbandoned();
    void noteCompleted() { ++m_completed; }
    void noteConnectionClosed() { --m_openConnections; }

    QTcpServer* m_server = nullptr;

    mutable QMutex m_mutex; // guards everything below it
    Settings m_settings;
    FakeBehaviour m_defaultBehaviour;
    std::deque<FakeBehaviour> m_oneShot;
    QList<RecordedRequest> m_requests;

    std::atomic<int> m_requestCount{0};
    std::atomic<int> m_connectionCount{0};
    std::atomic<int> m_openConnections{0};
    std::atomic<int> m_abandoned{0};
    std::atomic<int> m_completed{0};
    std::atomic<quint64> m_idCounter{0};
};

} // namespace tollgate::testing

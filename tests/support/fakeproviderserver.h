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
        Status,              // answer `status` with the provider's error body (or `body`)
        Hang,                // read the request, never answer
        ResetBeforeResponse, // close with a TCP RST before any response byte
        ResetMidStream,      // stream: headers + `afterEvents` events, then RST;
                             // non-stream: headers + half the body, then RST
        SlowFirstByte,       // wait `delayMs` before the status line, then answer normally
        EventDelay,          // answer normally, `delayMs` between stream events
        Garbage,             // 200 with a body that is not JSON
        StreamError,         // stream: `afterEvents` events, then the provider's in-stream error
                             // event, then the end of the body (Anthropic "event: error", Gemini
                             // an {"error":...} chunk); non-stream: like Normal
    };

    Kind kind = Kind::Normal;
    int status = 200;
    int retryAfterSeconds = -1; // Status: a Retry-After header when >= 0
    QByteArray body;            // Status: replaces the default error body when not empty
    int afterEvents = 0;        // ResetMidStream, StreamError
    int delayMs = 0;            // SlowFirstByte, EventDelay

    static FakeBehaviour normal() { return {}; }
    static FakeBehaviour statusCode(int code, int retryAfterSeconds = -1, QByteArray body = {});
    static FakeBehaviour hang();
    static FakeBehaviour resetBeforeResponse();
    static FakeBehaviour resetMidStream(int afterEvents);
    static FakeBehaviour slowFirstByte(int ms);
    static FakeBehaviour eventDelay(int ms);
    static FakeBehaviour garbage();
    static FakeBehaviour streamError(int afterEvents);
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
    // Value of a query parameter (not percent-decoded); empty when absent.
    QByteArray query(const QByteArray& name) const;
};

// A response ready to send: either a plain body or a list of SSE events.
struct FakeReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool stream = false;
    QList<QByteArray> events; // complete events, each with its terminating blank line
};

// The content rules every fake provider follows, whatever its wire format, so that tests can
// compute expected answers (see each fake for how its format maps onto them):
//   words(s)   = number of whitespace-separated words in s
//   SOURCE     = when the conversation ends with tool results: their texts joined with single
//                spaces; otherwise the text of the last user message
//   TEXT       = "<name> says: " + SOURCE, whitespace collapsed to single spaces; in JSON mode
//                {"reply":"<that text>"} (compact). Stop sequences cut TEXT before the earliest
//                match (trailing whitespace dropped); then a max-tokens limit N keeps the first N
//                words ("length" / MAX_TOKENS / max_tokens when that cut anything).
//   Tool calls: when tools are declared, the tool choice allows calls and the conversation does not
//                end with tool results — the named tool when the choice forces one; every tool, in
//                order, when the choice requires a call, parallel calls are allowed and there are
//                at least two; otherwise the first tool. Arguments: {"<p>": SOURCE} for each p in
//                the tool's parameters' "required" list (compact JSON; "{}" when none).
//   completion tokens C = words(TEXT) after cuts, or the number of tool calls
// Embeddings: per input string, 8 floats: h = FNV-1a 64 of its UTF-8 bytes,
//   value[k] = ((h >> 8k) & 0xff) / 127.5 - 1 (as float32).
namespace fakecontent {
QStringList splitWords(QStringView text);
int wordCount(QStringView text);
QString replyText(const QString& serverName, const QString& source);
QString jsonReply(const QString& text); // {"reply":"..."}
// TEXT cut at the earliest stop sequence; `matched` gets the sequence (empty when none matched).
QString applyStops(const QString& text, const QStringList& stops, QString* matched);
QList<float> embeddingFor(const QString& input);
// {"p1":"source","p2":"source"} for the required parameters.
QByteArray argumentsFor(const QStringList& required, const QString& source);

// A text answer: TEXT (JSON-wrapped in JSON mode), cut by stop sequences, then by max tokens
// (maxTokens < 0: no limit).
struct TextAnswer
{
    QStringList words;
    QString stopSequence; // the sequence that cut TEXT, if one did
    bool cutByMaxTokens = false;
    QString text() const { return words.join(QLatin1Char(' ')); }
};
TextAnswer textAnswer(const QString& serverName, const QString& source, bool jsonMode,
                      const QStringList& stops, int maxTokens);

struct DeclaredTool
{
    QString name;
    QStringList required; // the parameters' "required" list
};
enum class ToolChoice
{
    Auto,
    None,
    Required,
    Forced
};
// The tools a fake calls (empty: answer with text), by the rules above.
QList<DeclaredTool> toolsToCall(const QList<DeclaredTool>& tools, ToolChoice choice, const QString& forced,
                                bool parallelAllowed, bool endsWithToolResults);
} // namespace fakecontent

// A loopback HTTP/1.1 server for a fake LLM provider, written on QTcpServer so it is an
// independent peer for the gateway's own HTTP code. Subclasses speak one provider's wire format
// (reply(), error bodies); this class does the HTTP, the failure injection and the recording.
// It lives on the thread that creates it and serves from that thread's event loop; the recording
// and counting accessors are thread-safe.
class FakeProviderServer : public QObject
{
    Q_OBJECT
public:
    ~FakeProviderServer() override;

    bool listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QString name() const;
    // "http://127.0.0.1:<port>" (no trailing slash, no version path).
    QString baseUrl() const;

    // When set, requests need the provider's credentials header with this key.
    void setApiKey(const QByteArray& key);
    void setModels(const QStringList& models);
    void setEventDelayMs(int ms);
    // Prompt tokens reported as served from the provider's cache (min(n, prompt tokens)), for
    // fakes whose provider caches without markers (OpenAI, Gemini). 0: none.
    void setCachedPromptTokens(int tokens);

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

    // What a reply is built from: a snapshot taken for each request.
    struct Settings
    {
        QString name;
        QByteArray apiKey;
        QStringList models;
        int eventDelayMs = 0;
        int cachedPromptTokens = 0;
    };

    static QString replyText(const QString& serverName, const QString& source)
    {
        return fakecontent::replyText(serverName, source);
    }
    static int wordCount(QStringView text) { return fakecontent::wordCount(text); }
    static QList<float> embeddingFor(const QString& input) { return fakecontent::embeddingFor(input); }

Q_SIGNALS:
    void requestReceived();
    void clientWentAway();

protected:
    FakeProviderServer(QString name, QStringList models, QObject* parent);

    // The answer to one request, on the server's thread.
    virtual FakeReply reply(const RecordedRequest& request, const Settings& settings) = 0;
    // The provider's error body for an HTTP status (FakeBehaviour::statusCode without a body).
    virtual QByteArray defaultErrorBody(int status) const = 0;
    // The provider's body for a request the fake's HTTP parser refused.
    virtual QByteArray badRequestBody(const QByteArray& message) const = 0;
    // The provider's in-stream error event (FakeBehaviour::streamError).
    virtual QByteArray streamErrorEvent() const = 0;

    quint64 nextId() { return ++m_idCounter; }

private:
    friend class FakeConnection;

    FakeBehaviour takeBehaviour();
    Settings settings() const;
    void record(RecordedRequest request);
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

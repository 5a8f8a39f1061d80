#include "demo/demoproviderserver.h"

#include "http/httpserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tollgate::demo {

namespace {

constexpr const char* Vocabulary[] = {
    "the",     "gateway", "routes",    "each",  "request", "to",    "a",      "provider",
    "in",      "region",  "with",      "low",   "latency", "and",   "cost",   "this",
    "answer",  "is",      "simulated", "for",   "the",     "demo",  "tokens", "flow",
    "through", "one",     "API",       "model", "data",    "stays", "local",  "fast"};
constexpr int VocabularySize = int(sizeof(Vocabulary) / sizeof(Vocabulary[0]));

// Answers due within this much of each other go out on the same timer wake-up.
constexpr std::int64_t SliceNs = 2'000'000;
// At most this many tokens in one stream event, however fast the time scale.
constexpr int MaxTokensPerEvent = 8;

void appendJsonString(QByteArray& out, QByteArrayView utf8)
{
    out += '"';
    for (const char c : utf8) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
            out += escaped;
        } else {
            out += c;
        }
    }
    out += '"';
}

QByteArray errorBody(const QString& message, const char* type, const char* code)
{
    QByteArray body = R"({"error":{"message":)";
    appendJsonString(body, message.toUtf8());
    body += R"(,"type":")";
    body += type;
    body += R"(","param":null,"code":")";
    body += code;
    body += "\"}}";
    return body;
}

http::HttpResponse jsonResponse(int status, QByteArray body)
{
    http::HttpResponse response;
    response.status = status;
    response.headers.add("Content-Type", "application/json");
    response.body = std::move(body);
    return response;
}

// About 1.3 tokens per word, plus OpenAI's per-message overhead.
int promptTokensOf(const QJsonArray& messages)
{
    int words = 0;
    for (const QJsonValue& message : messages) {
        const QJsonValue content = message.toObject().value(QStringLiteral("content"));
        QString text;
        if (content.isString()) {
            text = content.toString();
        } else if (content.isArray()) {
            for (const QJsonValue& part : content.toArray())
                text += part.toObject().value(QStringLiteral("text")).toString() + QLatin1Char(' ');
        }
        words += int(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
    }
    return int(std::lround(words * 1.3)) + 3 * int(messages.size()) + 3;
}

void appendUsage(QByteArray& out, int promptTokens, int completionTokens)
{
    out += R"("usage":{"prompt_tokens":)";
    out += QByteArray::number(promptTokens);
    out += R"(,"completion_tokens":)";
    out += QByteArray::number(completionTokens);
    out += R"(,"total_tokens":)";
    out += QByteArray::number(promptTokens + completionTokens);
    out += '}';
}

} // namespace

// One answer between its request and its last byte.
struct DemoProviderServer::Answer
{
    enum class Kind
    {
        Error,
        Completion,
        Stream
    };
    Kind kind = Kind::Completion;
    std::shared_ptr<http::HttpExchange> exchange;
    http::HttpResponse error;  // Kind::Error: sent as it is when due
    QByteArray id;             // `"id":"chatcmpl-demo-…"`
    QByteArray createdModel;   // `,"created":…,"model":"…"`
    QByteArray chunkHead;      // stream: `data: {` and the fields every chunk repeats, up to the delta
    std::vector<quint8> words; // indices into Vocabulary
    int next = 0;              // stream: words already sent
    int promptTokens = 0;
    int tokensPerEvent = 1;
    double timeScale = 1.0;
    bool includeUsage = false;
    bool streamStarted = false;

    QByteArray fields(const char* object) const
    {
        return id + R"(,"object":")" + object + '"' + createdModel;
    }
    // Words [from, to), each but the answer's first after a space.
    void appendWords(QByteArray& out, int from, int to) const
    {
        for (int i = from; i < to; ++i) {
            if (i > 0)
                out += ' ';
            out += Vocabulary[words[size_t(i)]];
        }
    }
};

double DemoProviderServer::timeScaleFor(double requestsPerSecond)
{
    return requestsPerSecond > RealTimeRate ? RealTimeRate / requestsPerSecond : 1.0;
}

DemoProviderServer::DemoProviderServer(DemoProviderProfile profile, QObject* parent)
    : QObject(parent), m_profile(std::move(profile)),
      m_server(std::make_unique<http::HttpServer>(this, http::ServerLimits{})),
      m_random(m_profile.seed != 0 ? m_profile.seed : quint32(QDateTime::currentMSecsSinceEpoch())),
      m_timer(new QTimer(this))
{
    setObjectName(m_profile.name);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &DemoProviderServer::serveDue);
    m_clock.start();
}

DemoProviderServer::~DemoProviderServer()
{
    // The answers let go of their exchanges while the server's connections still exist.
    m_due = {};
}

bool DemoProviderServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 DemoProviderServer::port() const
{
    return m_server->serverPort();
}

QString DemoProviderServer::errorString() const
{
    return m_server->errorString();
}

void DemoProviderServer::setTimeScale(double scale)
{
    m_timeScale = std::clamp(scale, 0.001, 1.0);
    m_tokensPerEvent = std::clamp(int(std::lround(1.0 / m_timeScale)), 1, MaxTokensPerEvent);
}

int DemoProviderServer::pick(int low, int high)
{
    return std::uniform_int_distribution<int>(low, high)(m_random);
}

int DemoProviderServer::latencyMs()
{
    std::lognormal_distribution<double> distribution(std::log(m_profile.medianLatencyMs), m_profile.latencySpread);
    // The long tail is real, but a demo should not sit on one request for half a minute.
    return int(std::clamp(distribution(m_random), 5.0, m_profile.medianLatencyMs * 6));
}

void DemoProviderServer::handle(std::shared_ptr<http::HttpExchange> exchange)
{
    ++m_served;
    const std::string_view path = exchange->request().path();
    const std::string& method = exchange->request().method;
    if (path == "/v1/chat/completions" && method == "POST") {
        chatCompletion(exchange);
        return;
    }
    if (path == "/v1/models" && method == "GET") {
        QJsonArray models;
        for (const char* id : {"chat-small", "chat-large"}) {
            models.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                                      {QStringLiteral("object"), QStringLiteral("model")},
                                      {QStringLiteral("owned_by"), m_profile.name}});
        }
        exchange->respond(jsonResponse(
            200, QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                           {QStringLiteral("data"), models}})
                     .toJson(QJsonDocument::Compact)));
        return;
    }
    exchange->respond(jsonResponse(404, errorBody(QStringLiteral("Unknown endpoint on the demo provider"),
                                                  "invalid_request_error", "unknown_url")));
}

void DemoProviderServer::chatCompletion(const std::shared_ptr<http::HttpExchange>& exchange)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(exchange->request().body, &parseError);
    const QJsonObject request = document.object();
    const QJsonArray messages = request.value(QStringLiteral("messages")).toArray();
    const QString model = request.value(QStringLiteral("model")).toString();
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || messages.isEmpty() ||
        model.isEmpty()) {
        exchange->respond(jsonResponse(
            400, errorBody(QStringLiteral(
                               "The body must be a JSON chat request with a model and at least one message"),
                           "invalid_request_error", "invalid_request")));
        return;
    }

    auto answer = std::make_shared<Answer>();
    answer->exchange = exchange;
    answer->timeScale = m_timeScale;
    answer->tokensPerEvent = m_tokensPerEvent;
    const double roll = std::uniform_real_distribution<double>(0, 1)(m_random);
    const double delay = latencyMs() * m_timeScale;
    if (roll < m_profile.rateLimitRate + m_profile.serverErrorRate) {
        const bool limited = roll < m_profile.rateLimitRate;
        answer->kind = Answer::Kind::Error;
        answer->error = jsonResponse(
            limited ? 429 : 500,
            limited ? errorBody(QStringLiteral("Rate limit reached for %1 on %2 (simulated)")
                                    .arg(model, m_profile.name),
                                "rate_limit_error", "rate_limit_exceeded")
                    : errorBody(QStringLiteral("The demo provider had an internal error (simulated)"),
                                "server_error", "internal_error"));
        if (limited)
            answer->error.headers.add("Retry-After", "1");
        // Errors come back faster than answers.
        schedule(std::move(answer), delay / 4);
        return;
    }

    char id[40];
    std::snprintf(id, sizeof id, "\"id\":\"chatcmpl-demo-%08x\"", unsigned(m_random()));
    answer->id = id;
    answer->createdModel =
        R"(,"created":)" + QByteArray::number(QDateTime::currentSecsSinceEpoch()) + R"(,"model":)";
    appendJsonString(answer->createdModel, model.toUtf8());
    answer->promptTokens = promptTokensOf(messages);
    const bool large = model.contains(QLatin1String("large"));
    const int words = large ? pick(40, 160) : pick(8, 90);
    const int maxTokens = request.value(QStringLiteral("max_tokens")).toInt(0);
    const int count = maxTokens > 0 ? std::min(words, maxTokens) : words;
    answer->words.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        answer->words.push_back(quint8(pick(0, VocabularySize - 1)));

    if (request.value(QStringLiteral("stream")).toBool(false)) {
        answer->kind = Answer::Kind::Stream;
        answer->includeUsage = request.value(QStringLiteral("stream_options"))
                                   .toObject()
                                   .value(QStringLiteral("include_usage"))
                                   .toBool(false);
        schedule(std::move(answer), delay / 2);
        return;
    }
    answer->kind = Answer::Kind::Completion;
    // A complete answer takes about as long as its tokens would have streamed.
    schedule(std::move(answer), delay + double(count) * m_profile.interTokenMs / 4 * m_timeScale);
}

void DemoProviderServer::schedule(std::shared_ptr<Answer> answer, double delayMs)
{
    const std::int64_t at = m_clock.nsecsElapsed() + std::int64_t(std::max(0.0, delayMs) * 1e6);
    m_due.push(Due{at, m_order++, std::move(answer)});
    if (!m_serving)
        armTimer();
}

void DemoProviderServer::armTimer()
{
    if (m_due.empty()) {
        m_timer->stop();
        return;
    }
    const std::int64_t at = m_due.top().atNs;
    if (m_timer->isActive() && m_armedForNs <= at)
        return; // fires in time for it
    const std::int64_t now = m_clock.nsecsElapsed();
    const std::int64_t waitMs = std::clamp<std::int64_t>((at - now + 999'999) / 1'000'000, 0, 60'000);
    m_timer->start(int(waitMs));
    m_armedForNs = now + waitMs * 1'000'000;
}

void DemoProviderServer::serveDue()
{
    m_serving = true;
    const std::int64_t horizon = m_clock.nsecsElapsed() + SliceNs;
    while (!m_due.empty() && m_due.top().atNs <= horizon) {
        std::shared_ptr<Answer> answer = m_due.top().answer;
        m_due.pop();
        advance(answer);
    }
    m_serving = false;
    armTimer();
}

void DemoProviderServer::advance(const std::shared_ptr<Answer>& answer)
{
    if (!answer->exchange->isOpen())
        return; // the gateway hung up; nothing more to send
    switch (answer->kind) {
    case Answer::Kind::Error:
        answer->exchange->respond(std::move(answer->error));
        return;
    case Answer::Kind::Completion: {
        const int completion = int(answer->words.size());
        QByteArray body = "{" + answer->fields("chat.completion") +
                          R"(,"choices":[{"index":0,"message":{"role":"assistant","content":")";
        answer->appendWords(body, 0, completion);
        body += R"("},"finish_reason":"stop"}],)";
        appendUsage(body, answer->promptTokens, completion);
        body += '}';
        answer->exchange->respond(jsonResponse(200, std::move(body)));
        return;
    }
    case Answer::Kind::Stream:
        if (!answer->streamStarted) {
            answer->streamStarted = true;
            answer->chunkHead =
                "data: {" + answer->fields("chat.completion.chunk") + R"(,"choices":[{"index":0,"delta":)";
            http::HttpHeaders headers;
            headers.add("Content-Type", "text/event-stream");
            headers.add("Cache-Control", "no-cache");
            answer->exchange->beginStream(200, std::move(headers));
        }
        streamNext(answer);
        return;
    }
}

void DemoProviderServer::streamNext(const std::shared_ptr<Answer>& answer)
{
    const int total = int(answer->words.size());
    const QByteArray& chunkHead = answer->chunkHead;
    QByteArray out;
    if (answer->next == 0)
        out += chunkHead + R"({"role":"assistant","content":""},"finish_reason":null}]})"
                           "\n\n";
    // A few events per write, as real providers batch tokens under load; at a fast time scale
    // each event carries several tokens.
    const int events = pick(1, 3);
    for (int i = 0; i < events && answer->next < total; ++i) {
        const int to = std::min(total, answer->next + answer->tokensPerEvent);
        out += chunkHead + R"({"content":")";
        answer->appendWords(out, answer->next, to);
        out += R"("},"finish_reason":null}]})"
               "\n\n";
        answer->next = to;
    }
    if (answer->next < total) {
        answer->exchange->writeChunk(std::string_view(out.constData(), size_t(out.size())));
        const double gap = m_profile.interTokenMs * events * answer->tokensPerEvent *
                           std::uniform_real_distribution<double>(0.5, 1.5)(m_random) * answer->timeScale;
        schedule(answer, gap);
        return;
    }
    out += chunkHead + R"({},"finish_reason":"stop"}]})"
                       "\n\n";
    if (answer->includeUsage) {
        out += "data: {" + answer->fields("chat.completion.chunk") + R"(,"choices":[],)";
        appendUsage(out, answer->promptTokens, total);
        out += "}\n\n";
    }
    out += "data: [DONE]\n\n";
    answer->exchange->writeChunk(std::string_view(out.constData(), size_t(out.size())));
    answer->exchange->endStream();
}

} // namespace tollgate::demo

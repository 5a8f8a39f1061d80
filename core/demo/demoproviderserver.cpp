#include "demo/demoproviderserver.h"

#include "http/httpserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace tollgate::demo {

// One answer being streamed: the words still to send and what the final chunks need.
struct DemoStream
{
    std::shared_ptr<http::HttpExchange> exchange;
    QStringList words;
    int next = 0;
    QString id;
    QString model;
    qint64 created = 0;
    int promptTokens = 0;
    bool includeUsage = false;
};

namespace {

const QStringList Vocabulary = {
    QStringLiteral("the"),      QStringLiteral("gateway"),  QStringLiteral("routes"),   QStringLiteral("each"),
    QStringLiteral("request"),  QStringLiteral("to"),       QStringLiteral("a"),        QStringLiteral("provider"),
    QStringLiteral("in"),       QStringLiteral("region"),   QStringLiteral("with"),     QStringLiteral("low"),
    QStringLiteral("latency"),  QStringLiteral("and"),      QStringLiteral("cost"),     QStringLiteral("this"),
    QStringLiteral("answer"),   QStringLiteral("is"),       QStringLiteral("simulated"), QStringLiteral("for"),
    QStringLiteral("the"),      QStringLiteral("demo"),     QStringLiteral("tokens"),   QStringLiteral("flow"),
    QStringLiteral("through"),  QStringLiteral("one"),      QStringLiteral("API"),      QStringLiteral("model"),
    QStringLiteral("data"),     QStringLiteral("stays"),    QStringLiteral("local"),    QStringLiteral("fast")};

QByteArray errorBody(const QString& message, const QString& type, const QString& code)
{
    QJsonObject error{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type},
                      {QStringLiteral("param"), QJsonValue::Null},
                      {QStringLiteral("code"), code}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
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

QByteArray sseEvent(const QJsonObject& object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace

DemoProviderServer::DemoProviderServer(DemoProviderProfile profile, QObject* parent)
    : QObject(parent), m_profile(std::move(profile)),
      m_server(std::make_unique<http::HttpServer>(this, http::ServerLimits{})),
      m_random(m_profile.seed != 0 ? m_profile.seed : quint32(QDateTime::currentMSecsSinceEpoch()))
{
    setObjectName(m_profile.name);
}

DemoProviderServer::~DemoProviderServer() = default;

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
    exchange->respond(jsonResponse(
        404, errorBody(QStringLiteral("Unknown endpoint on the demo provider"), QStringLiteral("invalid_request_error"),
                       QStringLiteral("unknown_url"))));
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
        exchange->respond(jsonResponse(400, errorBody(QStringLiteral("The body must be a JSON chat request with a "
                                                                     "model and at least one message"),
                                                      QStringLiteral("invalid_request_error"),
                                                      QStringLiteral("invalid_request"))));
        return;
    }

    const double roll = std::uniform_real_distribution<double>(0, 1)(m_random);
    const int delay = latencyMs();
    if (roll < m_profile.rateLimitRate + m_profile.serverErrorRate) {
        const bool limited = roll < m_profile.rateLimitRate;
        http::HttpResponse response = jsonResponse(
            limited ? 429 : 500,
            limited ? errorBody(QStringLiteral("Rate limit reached for %1 on %2 (simulated)").arg(model, m_profile.name),
                                QStringLiteral("rate_limit_error"), QStringLiteral("rate_limit_exceeded"))
                    : errorBody(QStringLiteral("The demo provider had an internal error (simulated)"),
                                QStringLiteral("server_error"), QStringLiteral("internal_error")));
        if (limited)
            response.headers.add("Retry-After", "1");
        // Errors come back faster than answers.
        QTimer::singleShot(delay / 4, this, [exchange, response = std::move(response)]() mutable {
            exchange->respond(std::move(response));
        });
        return;
    }

    auto stream = std::make_shared<DemoStream>();
    stream->exchange = exchange;
    stream->model = model;
    stream->created = QDateTime::currentSecsSinceEpoch();
    stream->id = QStringLiteral("chatcmpl-demo-%1").arg(quint32(m_random()), 8, 16, QLatin1Char('0'));
    stream->promptTokens = promptTokensOf(messages);
    const bool large = model.contains(QLatin1String("large"));
    const int words = large ? pick(40, 160) : pick(8, 90);
    const int maxTokens = request.value(QStringLiteral("max_tokens")).toInt(0);
    for (int i = 0; i < (maxTokens > 0 ? std::min(words, maxTokens) : words); ++i)
        stream->words << Vocabulary[pick(0, int(Vocabulary.size()) - 1)];

    const bool streaming = request.value(QStringLiteral("stream")).toBool(false);
    stream->includeUsage = request.value(QStringLiteral("stream_options"))
                               .toObject()
                               .value(QStringLiteral("include_usage"))
                               .toBool(false);
    if (streaming) {
        QTimer::singleShot(delay / 2, this, [this, stream] {
            if (!stream->exchange->isOpen())
                return;
            http::HttpHeaders headers;
            headers.add("Content-Type", "text/event-stream");
            headers.add("Cache-Control", "no-cache");
            stream->exchange->beginStream(200, std::move(headers));
            streamNext(stream);
        });
        return;
    }
    // A complete answer takes about as long as its tokens would have streamed.
    const int total = delay + int(stream->words.size() * m_profile.interTokenMs / 4);
    QTimer::singleShot(total, this, [stream] {
        const int completion = int(stream->words.size());
        const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                                  {QStringLiteral("content"), stream->words.join(QLatin1Char(' '))}};
        const QJsonObject body{
            {QStringLiteral("id"), stream->id},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), stream->created},
            {QStringLiteral("model"), stream->model},
            {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                               {QStringLiteral("message"), message},
                                                               {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), stream->promptTokens},
                                                  {QStringLiteral("completion_tokens"), completion},
                                                  {QStringLiteral("total_tokens"), stream->promptTokens + completion}}}};
        stream->exchange->respond(jsonResponse(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    });
}

void DemoProviderServer::streamNext(const std::shared_ptr<DemoStream>& stream)
{
    if (!stream->exchange->isOpen())
        return; // the gateway hung up; nothing more to send
    const auto chunk = [&stream](const QJsonObject& delta, const QJsonValue& finish) {
        return QJsonObject{
            {QStringLiteral("id"), stream->id},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), stream->created},
            {QStringLiteral("model"), stream->model},
            {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                               {QStringLiteral("delta"), delta},
                                                               {QStringLiteral("finish_reason"), finish}}}}};
    };
    QByteArray out;
    if (stream->next == 0)
        out += sseEvent(chunk(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), QString()}},
                              QJsonValue::Null));
    // A few words per event, as real providers batch tokens under load.
    const int batch = pick(1, 3);
    for (int i = 0; i < batch && stream->next < stream->words.size(); ++i, ++stream->next) {
        const QString word = (stream->next == 0 ? QString() : QStringLiteral(" ")) + stream->words[stream->next];
        out += sseEvent(chunk(QJsonObject{{QStringLiteral("content"), word}}, QJsonValue::Null));
    }
    if (stream->next < stream->words.size()) {
        stream->exchange->writeChunk(std::string_view(out.constData(), size_t(out.size())));
        const int gap = int(m_profile.interTokenMs * batch * std::uniform_real_distribution<double>(0.5, 1.5)(m_random));
        QTimer::singleShot(gap, this, [this, stream] { streamNext(stream); });
        return;
    }
    out += sseEvent(chunk(QJsonObject{}, QStringLiteral("stop")));
    if (stream->includeUsage) {
        const int completion = int(stream->words.size());
        QJsonObject usage{{QStringLiteral("id"), stream->id},
                          {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                          {QStringLiteral("created"), stream->created},
                          {QStringLiteral("model"), stream->model},
                          {QStringLiteral("choices"), QJsonArray{}},
                          {QStringLiteral("usage"),
                           QJsonObject{{QStringLiteral("prompt_tokens"), stream->promptTokens},
                                       {QStringLiteral("completion_tokens"), completion},
                                       {QStringLiteral("total_tokens"), stream->promptTokens + completion}}}};
        out += sseEvent(usage);
    }
    out += "data: [DONE]\n\n";
    stream->exchange->writeChunk(std::string_view(out.constData(), size_t(out.size())));
    stream->exchange->endStream();
}

} // namespace tollgate::demo

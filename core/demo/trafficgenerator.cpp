#include "demo/trafficgenerator.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace tollgate::demo {

namespace {

// More requests than this waiting for answers means the gateway is not keeping up (or is gone):
// skip a tick rather than pile up.
constexpr int MaxInFlight = 32;

const QStringList Prompts = {
    QStringLiteral("Summarise this quarter's support tickets in three bullet points."),
    QStringLiteral("Translate 'the invoice is attached' into German, French and Hindi."),
    QStringLiteral("Write a haiku about a toll gate at dawn."),
    QStringLiteral("Explain the difference between latency and throughput to a new engineer, with an example "
                   "from a web service that answers requests from three regions."),
    QStringLiteral("Draft a polite reply declining a meeting next Tuesday."),
    QStringLiteral("List five test cases for a function that parses ISO 8601 dates."),
    QStringLiteral("What are the trade-offs of caching LLM responses? Consider cost, freshness, privacy and "
                   "what happens when two users ask the same question with different data."),
    QStringLiteral("Classify this message as billing, technical or other: 'my card was charged twice'.")};

} // namespace

TrafficGenerator::TrafficGenerator(std::shared_ptr<DemoMode::Counters> counters, QObject* parent)
    : QObject(parent), m_counters(std::move(counters)), m_timer(new QTimer(this)),
      m_random(quint32(QDateTime::currentMSecsSinceEpoch()))
{
    setObjectName(QStringLiteral("demoTrafficGenerator"));
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        sendOne();
        scheduleNext();
    });
}

TrafficGenerator::~TrafficGenerator() = default;

QStringList TrafficGenerator::models()
{
    return {QStringLiteral("chat-default"), QStringLiteral("chat-default"), QStringLiteral("chat-default"),
            QStringLiteral("chat-large"),   QStringLiteral("chat-india"),   QStringLiteral("chat-eu"),
            QStringLiteral("demo-us/chat-small"), QStringLiteral("demo-in/chat-large")};
}

void TrafficGenerator::start(const QUrl& gatewayBaseUrl, double requestsPerSecond)
{
    m_url = gatewayBaseUrl.resolved(QUrl(QStringLiteral("v1/chat/completions")));
    m_rate = std::clamp(requestsPerSecond, 0.1, 200.0);
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        // The gateway is on this machine: never through an http_proxy from the environment.
        m_network->setProxy(QNetworkProxy::NoProxy);
    }
    sendOne(); // the first one at once, so the dashboard has something in the first second
    scheduleNext();
}

void TrafficGenerator::stop()
{
    m_timer->stop();
}

void TrafficGenerator::scheduleNext()
{
    // Poisson arrivals: exponential gaps with the configured mean.
    std::exponential_distribution<double> gap(m_rate);
    m_timer->start(std::clamp(int(gap(m_random) * 1000), 10, 5000));
}

void TrafficGenerator::sendOne()
{
    if (m_inFlight >= MaxInFlight)
        return;
    const QStringList choices = models();
    const QString model = choices[std::uniform_int_distribution<int>(0, int(choices.size()) - 1)(m_random)];
    const QString prompt = Prompts[std::uniform_int_distribution<int>(0, int(Prompts.size()) - 1)(m_random)];
    const bool stream = std::uniform_real_distribution<double>(0, 1)(m_random) < 0.4;
    QJsonObject body{{QStringLiteral("model"), model},
                     {QStringLiteral("messages"),
                      QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                             {QStringLiteral("content"), QStringLiteral("You are a helpful assistant.")}},
                                 QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                             {QStringLiteral("content"), prompt}}}},
                     {QStringLiteral("stream"), stream}};

    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("User-Agent", "tollgate-demo-traffic");
    request.setTransferTimeout(30'000);
    QNetworkReply* reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    ++m_inFlight;
    m_counters->sent.fetch_add(1);
    // A streamed answer is read as it arrives, like a client would; only its end is counted.
    connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->readAll(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        --m_inFlight;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            m_counters->answered.fetch_add(1);
        else
            m_counters->failed.fetch_add(1);
        reply->deleteLater();
    });
}

} // namespace tollgate::demo

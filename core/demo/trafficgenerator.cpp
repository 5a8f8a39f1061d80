#include "demo/trafficgenerator.h"

#include "http/upstreamclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcDemo, "tollgate.demo", QtInfoMsg)

namespace tollgate::demo {

namespace {

// Arrivals due within this many ms are sent together, so that a high rate costs one timer wake-up
// per slice instead of one per request.
constexpr int SliceMs = 5;
// After a stall (a suspended machine, a debugger) the missed arrivals are dropped, not sent in a
// burst.
constexpr qint64 MaxBacklogNs = 1'000'000'000;
constexpr qint64 ReportEveryNs = 10'000'000'000;

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
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &TrafficGenerator::onTick);

    const QStringList choices = models();
    for (const QString& model : choices) {
        for (const QString& prompt : Prompts) {
            for (const bool stream : {false, true}) {
                const QJsonObject body{
                    {QStringLiteral("model"), model},
                    {QStringLiteral("messages"),
                     QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                            {QStringLiteral("content"), QStringLiteral("You are a helpful assistant.")}},
                                QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                            {QStringLiteral("content"), prompt}}}},
                    {QStringLiteral("stream"), stream}};
                m_bodies.push_back(QJsonDocument(body).toJson(QJsonDocument::Compact));
            }
        }
    }
}

// The client (a child) cancels what is still in flight without callbacks.
TrafficGenerator::~TrafficGenerator() = default;

QStringList TrafficGenerator::models()
{
    return {QStringLiteral("chat-default"), QStringLiteral("chat-default"), QStringLiteral("chat-default"),
            QStringLiteral("chat-large"),   QStringLiteral("chat-india"),   QStringLiteral("chat-eu"),
            QStringLiteral("demo-us/chat-small"), QStringLiteral("demo-in/chat-large")};
}

int TrafficGenerator::maxInFlight() const
{
    return std::clamp(int(m_rate * 2), 32, MaxInFlight);
}

void TrafficGenerator::start(const QUrl& gatewayBaseUrl, double requestsPerSecond)
{
    m_url = gatewayBaseUrl.resolved(QUrl(QStringLiteral("v1/chat/completions"))).toString().toStdString();
    m_rate = std::clamp(requestsPerSecond, 0.1, MaxRate);
    if (!m_client)
        m_client = new http::UpstreamClient(this);
    m_running = true;
    m_peakInFlight = m_inFlight;
    m_clock.start();
    m_reportedAtNs = 0;
    sendOne(); // the first one at once, so the dashboard has something in the first second
    m_nextDueNs = qint64(nextGapNs());
    scheduleTick();
}

void TrafficGenerator::stop()
{
    m_running = false;
    m_timer->stop();
}

double TrafficGenerator::nextGapNs()
{
    // Poisson arrivals: exponential gaps with the configured mean.
    return std::exponential_distribution<double>(m_rate)(m_random) * 1e9;
}

void TrafficGenerator::scheduleTick()
{
    const qint64 dueInMs = (m_nextDueNs - m_clock.nsecsElapsed()) / 1'000'000;
    m_timer->start(int(std::clamp<qint64>(dueInMs, 0, 5000)));
}

void TrafficGenerator::onTick()
{
    if (!m_running)
        return;
    const qint64 now = m_clock.nsecsElapsed();
    if (now - m_nextDueNs > MaxBacklogNs)
        m_nextDueNs = now;
    // Everything due within the next slice goes now.
    const qint64 horizon = now + SliceMs * 1'000'000LL;
    while (m_nextDueNs <= horizon) {
        sendOne();
        m_nextDueNs += std::max<qint64>(1, qint64(nextGapNs()));
    }
    if (now - m_reportedAtNs >= ReportEveryNs)
        report(now);
    scheduleTick();
}

void TrafficGenerator::report(qint64 nowNs)
{
    m_reportedAtNs = nowNs;
    qCDebug(lcDemo).nospace() << "demo traffic at " << m_rate << " req/s: sent " << m_counters->sent.load()
                              << ", answered " << m_counters->answered.load() << ", failed "
                              << m_counters->failed.load() << ", skipped " << m_counters->skipped.load()
                              << ", open " << m_inFlight << " (peak " << m_peakInFlight << ", cap "
                              << maxInFlight() << ")";
}

void TrafficGenerator::sendOne()
{
    if (m_inFlight >= maxInFlight()) {
        m_counters->skipped.fetch_add(1);
        return;
    }
    http::UpstreamRequest request;
    request.method = "POST";
    request.url = m_url;
    request.headers.add("Content-Type", "application/json");
    request.headers.add("User-Agent", "tollgate-demo-traffic");
    request.body = m_bodies[std::uniform_int_distribution<size_t>(0, m_bodies.size() - 1)(m_random)];
    request.timeouts.connectMs = 5'000;
    request.timeouts.firstByteMs = 30'000;
    request.timeouts.idleMs = 30'000;
    request.timeouts.totalMs = 60'000;

    // The answer is read as it arrives, like a client would (libcurl reads it; the bytes are not
    // needed); only its status and its end are counted.
    auto answered = std::make_shared<bool>(false);
    http::UpstreamHandlers handlers;
    handlers.onHead = [answered](int, const http::HttpHeaders&) { *answered = true; };
    handlers.onBody = [](std::string_view) {};
    handlers.onComplete = [this, answered](const http::UpstreamOutcome& outcome) {
        --m_inFlight;
        if (*answered || outcome.status != 0)
            m_counters->answered.fetch_add(1);
        else
            m_counters->failed.fetch_add(1);
    };
    m_peakInFlight = std::max(m_peakInFlight, ++m_inFlight);
    m_counters->sent.fetch_add(1);
    m_client->start(std::move(request), std::move(handlers));
}

} // namespace tollgate::demo

#include "pipeline/requestcontext.h"

#include "api/sse.h"
#include "audit/decisionledger.h"
#include "budget/budgetservice.h"
#include "common/hex.h"
#include "common/ids.h"
#include "common/utf8.h"
#include "pipeline/answerfilter.h"
#include "store/requestlogwriter.h"
#include "telemetry/statsaggregator.h"

#include <algorithm>

namespace tollgate::pipeline {

// QStringLiteral: the row's texts point at static data, no allocation per request.
QString endpointName(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return QStringLiteral("chat.completions");
    case Endpoint::Messages: return QStringLiteral("messages");
    case Endpoint::Responses:
        return QStringLiteral("responses");
    case Endpoint::Embeddings: return QStringLiteral("embeddings");
    case Endpoint::Models: return QStringLiteral("models");
    case Endpoint::Health: return QStringLiteral("health");
    case Endpoint::Unknown: break;
    }
    return QStringLiteral("unknown");
}

namespace {

// What a page allowed by server.allowed_origins may read of an answer besides the basic headers.
constexpr std::string_view kCorsExposedHeaders =
    "x-tollgate-request-id, x-tollgate-provider, x-tollgate-model, x-tollgate-region, x-tollgate-cost, "
    "x-tollgate-budget-warning, x-tollgate-data-classes, x-tollgate-residency, x-tollgate-decision, "
    "retry-after";

QString methodName(std::string_view method)
{
    if (method == "POST")
        return QStringLiteral("POST");
    if (method == "GET")
        return QStringLiteral("GET");
    return QString::fromLatin1(method.data(), qsizetype(method.size()));
}

} // namespace

RequestContext::RequestContext(std::shared_ptr<http::HttpExchange> exchange, ConfigSnapshot config,
                               const GatewayServices& services)
    : m_exchange(std::move(exchange)), m_config(std::move(config)), m_services(services),
      m_startUs(m_exchange->receivedAtUs())
{
    const std::int64_t nowUs = m_services.clock->monotonicUs();
    m_record.startedAtMs = m_services.clock->wallMs() - (nowUs - m_startUs) / 1000;
    m_record.requestId = newRequestId(m_record.startedAtMs); // the stores find it by this time
    const http::HttpRequest& request = m_exchange->request();
    m_record.method = methodName(request.method);
    const std::string_view path = request.path();
    m_record.path = QString::fromUtf8(path.data(), qsizetype(path.size()));
}

RequestContext::~RequestContext()
{
    // A request dropped on the floor still leaves its row: nothing is lost silently.
    finish();
}

void RequestContext::setServedBy(const routing::RouteTarget& target)
{
    m_servedBy = &target;
    m_prepared = false; // prepared for another target
    m_record.provider = target.provider->name;
    m_record.modelUsed = target.model->name;
}

void RequestContext::settleUsage(const providers::Usage& usage)
{
    m_usage = usage;
    m_record.inputTokens = usage.inputTokens;
    m_record.outputTokens = usage.outputTokens;
    if (m_dialect)
        m_dialect->setUsage(usage);
    if (!m_servedBy)
        return;
    const ModelPrice& price = m_servedBy->model->price;
    Money cost;
    cost.currency = price.currency;
    // inputTokens counts every input token; the cached and cache-written ones have prices of their own.
    const auto priceOr = [&](std::int64_t p) { return p >= 0 ? p : price.inputPerMillionMicros; };
    const std::int64_t cached = std::clamp<std::int64_t>(usage.cachedInputTokens, 0, usage.inputTokens);
    const std::int64_t written = std::clamp<std::int64_t>(usage.cacheWriteInputTokens, 0, usage.inputTokens - cached);
    cost.micros = costMicros(usage.inputTokens - cached - written, price.inputPerMillionMicros)
                  + costMicros(cached, priceOr(price.cachedInputPerMillionMicros))
                  + costMicros(written, priceOr(price.cacheWritePerMillionMicros))
                  + costMicros(usage.outputTokens, price.outputPerMillionMicros);
    m_cost = cost;
    m_record.costMicros = cost.micros;
    m_record.costCurrency = cost.currencyCode();
}

const DecisionRecord& RequestContext::decision()
{
    if (m_decision) {
        const bool stillFits = m_decisionFor == m_servedBy && m_decisionStop == stopKind
                               && m_decision->reason == m_record.stopReason;
        if (m_decisionAnnounced || stillFits)
            return *m_decision;
        m_decision.reset();
        m_decisionDigest.reset();
        m_prepared = false;
    }
    m_decisionFor = m_servedBy;
    m_decisionStop = stopKind;
    DecisionRecord& d = m_decision.emplace();
    d.requestId = m_record.requestId;
    d.timeMs = m_record.startedAtMs;
    if (key) {
        d.keyId = key->id;
        d.team = key->team;
    }
    for (std::size_t i = 0; i < detectionCounts.size(); ++i) {
        if (detectionCounts[i] == 0)
            continue;
        Detection detection;
        detection.type = QString::fromLatin1(guardrails::detectorName(guardrails::DetectorId(i)).data());
        detection.count = detectionCounts[i];
        // Each distinct value once, in byte order: the record says which values, not where.
        for (const auto& [id, hash] : detectionHashes) {
            if (std::size_t(id) == i)
                detection.valueHashes.push_back(hash);
        }
        std::sort(detection.valueHashes.begin(), detection.valueHashes.end());
        detection.valueHashes.erase(std::unique(detection.valueHashes.begin(), detection.valueHashes.end()),
                                    detection.valueHashes.end());
        d.detections.push_back(std::move(detection));
    }
    const residency::ResidencyPolicy& policy = m_config->residency;
    d.dataClasses = policy.classNames(classification.classes);
    d.regimes = policy.regimeNames(classification.regimes);
    d.policyVersion = policy.version();
    if (!guardrailsProfiles.isEmpty())
        d.policyVersion += QStringLiteral("; guardrails ") + guardrailsProfiles;
    d.candidates = candidates;
    if (m_servedBy) {
        d.chosenProvider = m_servedBy->provider->name;
        d.chosenRegion = m_servedBy->provider->region;
        d.action = QStringLiteral("forwarded");
    } else {
        switch (stopKind) {
        case StopKind::Blocked: d.action = QStringLiteral("blocked"); break;
        case StopKind::Refused: d.action = QStringLiteral("refused"); break;
        case StopKind::Failed: d.action = QStringLiteral("failed"); break;
        }
    }
    d.reason = m_record.stopReason;
    return d;
}

namespace {

// s as UTF-8, in a buffer the thread keeps: names and regions are ASCII, so this rarely allocates.
std::string_view utf8(QStringView s)
{
    thread_local std::string buffer;
    if (!asciiToUtf8(s, buffer)) {
        const QByteArray bytes = s.toUtf8();
        buffer.assign(bytes.constData(), std::size_t(bytes.size()));
    }
    return buffer;
}

} // namespace

void RequestContext::prepareAnswerHeaders()
{
    if (m_finished || m_exchange->responseStarted())
        return;
    m_preparedLines.clear();
    addAnswerIndependentLines(m_preparedLines);
    m_prepared = true;
}

void RequestContext::addGatewayHeaders(http::HttpHeaders& headers)
{
    if (!corsOrigin.empty()) {
        headers.addLine("access-control-allow-origin", corsOrigin);
        headers.addLine("vary", "Origin");
        headers.addLine("access-control-expose-headers", kCorsExposedHeaders);
    }
    if (m_prepared && m_services.ledger)
        decision(); // drops what was prepared if the target or the stop changed since
    if (m_prepared) {
        headers.addLinesOf(std::move(m_preparedLines)); // an answer goes out once
        m_prepared = false;
    } else {
        addAnswerIndependentLines(headers);
    }
    if (m_decisionDigest)
        m_decisionAnnounced = true;
    if (m_cost)
        headers.addLine("x-tollgate-cost", utf8(m_cost->toString()));
}

void RequestContext::addAnswerIndependentLines(http::HttpHeaders& headers)
{
    // As header lines rather than fields: no pair of strings per header (see HttpHeaders::addLine).
    headers.addLine("x-tollgate-request-id",
                    std::string_view(m_record.requestId.constData(), std::size_t(m_record.requestId.size())));
    if (m_servedBy) {
        headers.addLine("x-tollgate-provider", utf8(m_servedBy->provider->name));
        headers.addLine("x-tollgate-model", utf8(m_servedBy->model->name));
        headers.addLine("x-tollgate-region", utf8(m_servedBy->provider->region));
    }
    // Residency: the route stage only ever picks targets whose region the request's data allows,
    // so whatever answered stayed within them; a refused request went nowhere.
    if (endpoint == Endpoint::ChatCompletions || endpoint == Endpoint::Messages ||
        endpoint == Endpoint::Responses || endpoint == Endpoint::Embeddings) {
        headers.addLine("x-tollgate-data-classes",
                        classification.classes
                            ? utf8(m_config->residency.classNames(classification.classes).join(QLatin1Char(',')))
                            : std::string_view("none"));
        headers.addLine("x-tollgate-residency", "true");
        if (m_services.ledger) {
            const DecisionRecord& record = decision();
            if (!m_decisionDigest)
                m_decisionDigest = decisionHash(record);
            char hex[2 * std::tuple_size_v<Digest>];
            writeHex(m_decisionDigest->data(), m_decisionDigest->size(), hex);
            headers.addLine("x-tollgate-decision", std::string_view(hex, sizeof hex));
        }
    }
}

void RequestContext::markFirstByte()
{
    if (m_record.ttfbUs == 0)
        m_record.ttfbUs = m_services.clock->monotonicUs() - m_startUs;
}

void RequestContext::respond(http::HttpResponse response)
{
    if (m_exchange->responseStarted())
        return;
    if (response.status / 100 == 2) {
        if (AnswerFilter* filter = answerFilter())
            filter->filterAnswer(response.body);
    }
    if (m_dialect && response.status / 100 == 2 && !m_dialect->convertAnswer(response.body)) {
        const api::ApiError error = api::ApiError::upstreamFailed(
            QStringLiteral("the answer could not be converted for this client"), "upstream_invalid_response");
        m_record.errorType = QString::fromLatin1(error.type);
        m_record.errorMessage = error.message;
        response = m_dialect->errorResponse(error);
    }
    m_record.status = response.status;
    addGatewayHeaders(response.headers);
    if (admission)
        admission->addHeaders(response.headers);
    markFirstByte();
    m_exchange->respond(std::move(response));
}

void RequestContext::respondError(const api::ApiError& error, const QString& stopReason)
{
    m_record.errorType = QString::fromLatin1(error.type);
    m_record.errorMessage = error.message;
    if (!stopReason.isEmpty())
        m_record.stopReason = stopReason;
    respond(m_dialect ? m_dialect->errorResponse(error) : error.toResponse());
}

void RequestContext::beginStream(http::HttpHeaders headers)
{
    m_record.status = 200;
    addGatewayHeaders(headers);
    if (admission)
        admission->addHeaders(headers);
    markFirstByte();
    m_exchange->beginStream(200, std::move(headers));
}

std::shared_ptr<const guardrails::Scanner> RequestContext::scannerFor(bool forInstructions) const
{
    if (guardrailsPolicy)
        return std::make_shared<const guardrails::Scanner>(m_config->scannerOptions(*guardrailsPolicy, forInstructions));
    return m_config->scannerOrBuild(forInstructions);
}

AnswerFilter* RequestContext::answerFilter()
{
    if (m_answerFilterChecked)
        return m_answerFilter.get();
    m_answerFilterChecked = true;
    if (endpoint != Endpoint::ChatCompletions && endpoint != Endpoint::Messages &&
        endpoint != Endpoint::Responses)
        return nullptr;
    std::unique_ptr<ResponseScanner> scanner;
    if (policy().scanResponses) // the scanner without the prompt-injection pass
        scanner = std::make_unique<ResponseScanner>(scannerFor(true), policy());
    std::shared_ptr<const guardrails::Pseudonymizer> restore;
    if (pseudonyms && !pseudonyms->empty())
        restore = pseudonyms;
    if (scanner || restore)
        m_answerFilter = std::make_unique<AnswerFilter>(std::move(scanner), std::move(restore));
    return m_answerFilter.get();
}

void RequestContext::writeStream(std::string_view bytes)
{
    if (AnswerFilter* filter = answerFilter()) {
        m_filterOut.clear();
        filter->streamBytes(bytes, m_filterOut);
        bytes = std::string_view(m_filterOut.constData(), size_t(m_filterOut.size()));
        if (bytes.empty())
            return;
    }
    if (!m_dialect) {
        m_exchange->writeChunk(bytes);
        return;
    }
    m_dialectOut.clear();
    m_dialect->streamBytes(bytes, m_dialectOut);
    writeRaw(m_dialectOut);
}

void RequestContext::writeRaw(const QByteArray& bytes)
{
    if (!bytes.isEmpty())
        m_exchange->writeChunk(std::string_view(bytes.constData(), size_t(bytes.size())));
}

void RequestContext::failStream(const api::ApiError& error)
{
    m_record.errorType = QString::fromLatin1(error.type);
    m_record.errorMessage = error.message;
    if (m_dialect) {
        m_dialectOut.clear();
        m_dialect->streamError(error, m_dialectOut);
        writeRaw(m_dialectOut);
        m_exchange->endStream();
        return;
    }
    const QByteArray body = error.toJson();
    const QByteArray event = api::formatSseData(std::string_view(body.constData(), size_t(body.size())));
    m_exchange->writeChunk(std::string_view(event.constData(), size_t(event.size())));
    m_exchange->endStream();
}

void RequestContext::endStream()
{
    if (m_dialect) {
        m_dialectOut.clear();
        m_dialect->streamEnd(m_dialectOut);
        writeRaw(m_dialectOut);
    }
    m_exchange->endStream();
}

// Settles what the admit stage reserved: the served target's price and its usage. A request that
// never reached a provider costs nothing; one that reached it but never learned its usage (a
// stream cut before its usage chunk) is charged the whole reservation, the only bound known.
void RequestContext::settleAdmission()
{
    if (!admission || !m_services.budget)
        return;
    budget::TokenUsage usage;
    if (m_servedBy) {
        admission->provider = m_servedBy->provider->name;
        admission->model = m_servedBy->model->name;
        admission->price.model = m_servedBy->model->price;
        if (m_usage.reported) {
            usage.inputTokens = m_usage.inputTokens;
            usage.cachedInputTokens = m_usage.cachedInputTokens;
            usage.cacheWriteTokens = m_usage.cacheWriteInputTokens;
            usage.outputTokens = m_usage.outputTokens;
            usage.reasoningTokens = m_usage.reasoningTokens;
        } else {
            const budget::BudgetConfig& config = m_services.budget->config();
            const budget::CostBoundDefaults defaults{config.defaultMaxOutputTokens, config.perMessageOverheadTokens};
            usage.inputTokens = budget::inputTokensUpperBound(admission->bound, defaults);
            usage.outputTokens = budget::outputTokensBound(admission->bound, defaults);
        }
    }
    m_services.budget->settle(*admission, QString::fromLatin1(m_record.requestId), usage);
    admission.reset();
}

void RequestContext::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    onClientGone = nullptr;
    m_record.endpoint = endpointName(endpoint);
    m_record.clientDisconnected = !m_exchange->isOpen() && !m_exchange->responseFinished();
    if (m_record.clientDisconnected && !m_exchange->responseStarted())
        m_record.status = 0;
    m_record.totalUs = m_services.clock->monotonicUs() - m_startUs;
    m_record.addedUs = std::max<std::int64_t>(0, m_record.totalUs - m_record.upstreamUs);
    m_record.finishedAtMs = m_services.clock->wallMs();
    settleAdmission();
    if (m_services.ledger && endpoint != Endpoint::Models && endpoint != Endpoint::Health) {
        decision();
        DecisionRecord record = std::move(*m_decision); // the last use: finish() runs once
        m_decision.reset();
        record.outcome.httpStatus = m_record.status;
        if (m_cost) {
            record.outcome.costMicros = m_cost->micros;
            record.outcome.costCurrency = m_cost->currency;
        }
        record.outcome.inputTokens = m_record.inputTokens;
        record.outcome.outputTokens = m_record.outputTokens;
        if (m_decisionDigest)
            m_services.ledger->append(std::move(record), *m_decisionDigest);
        else
            m_services.ledger->append(std::move(record));
    }
    if (m_services.telemetry)
        m_services.telemetry->record(m_record);
    if (m_services.requestLog)
        m_services.requestLog->enqueue(std::move(m_record));
}

} // namespace tollgate::pipeline

#pragma once

#include "api/apierror.h"
#include "api/requests.h"
#include "common/clock.h"
#include "config/gatewayconfig.h"
#include "http/httpexchange.h"
#include "pipeline/clientdialect.h"
#include "pipeline/stage.h"
#include "guardrails/policy.h"
#include "providers/provideradapter.h"
#include "residency/residencypolicy.h"
#include "routing/router.h"
#include "store/requestlogrecord.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "audit/decisionrecord.h"

namespace tollgate {
class DecisionLedger;
class RequestLogWriter;
namespace budget {
class AdminApi;
class BudgetService;
struct Admission;
struct KeyInfo;
} // namespace budget
namespace guardrails {
class Pseudonymizer;
}
namespace http {
class UpstreamClient;
}
namespace telemetry {
class TelemetryShard;
}
} // namespace tollgate

namespace tollgate::pipeline {

class AnswerFilter;

enum class Endpoint
{
    Unknown,
    ChatCompletions,
    Messages,
    Responses,
    Embeddings,
    Models,
    Health
};
QString endpointName(Endpoint endpoint);

// Long-lived things stages use. Owned by the gateway; everything here lives on the worker thread.
struct GatewayServices
{
    http::UpstreamClient* upstream = nullptr;
    RequestLogWriter* requestLog = nullptr; // null: no request log (tests of the chain alone)
    const Clock* clock = &SystemClock::instance();
    telemetry::TelemetryShard* telemetry = nullptr; // this worker's share; null: not counted
    budget::BudgetService* budget = nullptr;        // keys, limits, budgets; null: none (tests of the chain)
    budget::AdminApi* admin = nullptr;              // /admin/v1/...; null: not served
    DecisionLedger* ledger = nullptr;               // the decision ledger; null: none (tests of the chain)
};

// Everything one request accumulates on its way through the chain and back. Lives on the worker
// thread, owned by shared_ptr: by the chain while it runs, then by whatever waits for the request
// (an upstream call's handlers, the exchange's callbacks) until finish().
class RequestContext : public std::enable_shared_from_this<RequestContext>
{
public:
    RequestContext(std::shared_ptr<http::HttpExchange> exchange, ConfigSnapshot config,
                   const GatewayServices& services);
    ~RequestContext();
    RequestContext(const RequestContext&) = delete;
    RequestContext& operator=(const RequestContext&) = delete;

    const QByteArray& requestId() const { return m_record.requestId; }
    http::HttpExchange& exchange() { return *m_exchange; }
    const http::HttpRequest& httpRequest() const { return m_exchange->request(); }
    const GatewayConfig& config() const { return *m_config; }
    const GatewayServices& services() const { return m_services; }
    RequestLogRecord& record() { return m_record; }

    Endpoint endpoint = Endpoint::Unknown;
    // A browser page's origin that server.allowed_origins lets in: every answer carries the CORS
    // headers for it. Empty for other clients.
    std::string corsOrigin;
    std::optional<api::ChatRequest> chat;
    std::optional<api::EmbeddingsRequest> embeddings;
    std::vector<routing::RouteTarget> targets; // in the order they will be tried
    std::vector<CandidateTarget> candidates;   // every target the route named, and whether policy allowed it
    // What the request carries (inspect and classify stages) and where it may therefore go.
    residency::Classification classification;
    QString pinnedRegion; // from the key or the x-tollgate-region request header; empty: none
    // Guardrails: findings per detector (counts only; values never leave the inspect stage), the
    // strongest action taken, and the placeholders the provider saw instead of values.
    std::array<std::uint32_t, guardrails::kDetectorCount> detectionCounts{};
    // The ledger's salted hashes of the values found (DecisionLedger::hashValue), per detector;
    // filled only when a ledger runs. Prompt-injection spans are not values and are not hashed.
    std::vector<std::pair<guardrails::DetectorId, QByteArray>> detectionHashes;
    guardrails::Action guardrailAction = guardrails::Action::Allow;
    std::shared_ptr<guardrails::Pseudonymizer> pseudonyms;
    // The policy the inspect stage chose when the route or the key names a guardrails profile
    // (unset: the config's), and those profiles ("route=clinical key=strict") for the ledger.
    std::optional<guardrails::GuardrailsPolicy> guardrailsPolicy;
    QString guardrailsProfiles;
    const guardrails::GuardrailsPolicy& policy() const
    {
        return guardrailsPolicy ? *guardrailsPolicy : m_config->guardrails;
    }
    // A scanner for policy(): the config's own, or one made for the chosen policy (a scanner is
    // only its options). forInstructions: for system and developer text (no prompt-injection pass).
    std::shared_ptr<const guardrails::Scanner> scannerFor(bool forInstructions) const;
    // The caller's virtual key (auth stage) and what the admit stage reserved for this request;
    // finish() settles it with the actual usage.
    std::shared_ptr<const budget::KeyInfo> key;
    std::shared_ptr<budget::Admission> admission;
    size_t nextStage = 0;                      // the chain's cursor
    StopKind stopKind = StopKind::Failed;      // set by the chain when a stage stops the request

    // The target whose answer the client gets (set by the call stage before it responds).
    void setServedBy(const routing::RouteTarget& target);
    // Called by the call stage once the served target has the request: the answer's x-tollgate-*
    // lines that do not depend on the answer (all but the cost; the ledger decision and its hash
    // included) are worked out while the provider works instead of after its answer arrived.
    // Another target or a stop reason set before the answer makes respond() work them out again.
    void prepareAnswerHeaders();
    // Cost of the answer from its usage and the served model's price.
    void settleUsage(const providers::Usage& usage);

    // The client speaks another API than OpenAI's: every response below goes through it.
    // Null (the default) for OpenAI clients, at no cost.
    void setClientDialect(std::unique_ptr<ClientDialect> dialect) { m_dialect = std::move(dialect); }
    bool hasClientDialect() const { return m_dialect != nullptr; }

    // Response side: each adds the x-tollgate-* headers. A response is sent at most once.
    void respond(http::HttpResponse response);
    void respondError(const api::ApiError& error, const QString& stopReason = {});
    void beginStream(http::HttpHeaders headers);
    void writeStream(std::string_view bytes);
    // Ends a stream that failed after it began: an OpenAI-style error event, then the end of the
    // stream, so SDK clients raise an error instead of seeing a silent, truncated answer.
    void failStream(const api::ApiError& error);
    void endStream();
    bool responseStarted() const { return m_exchange->responseStarted(); }
    bool clientGone() const { return !m_exchange->isOpen(); }

    // Records the request log row (once). Called when the request is over, whichever way it ended.
    void finish();
    bool finished() const { return m_finished; }

    // Set by whatever is waiting on the outside world, so a client that leaves can cancel it.
    std::function<void()> onClientGone;

private:
    void addGatewayHeaders(http::HttpHeaders& headers);
    void addAnswerIndependentLines(http::HttpHeaders& headers);
    // The ledger's decision record, fixed once the answer's headers carried its hash, so
    // x-tollgate-decision commits to exactly what the ledger will hold. Before that, it is
    // remembered for the target and stop it was made for, and made again when they change.
    const DecisionRecord& decision();
    std::optional<DecisionRecord> m_decision;
    std::optional<Digest> m_decisionDigest; // decisionHash(*m_decision), once worked out
    const routing::RouteTarget* m_decisionFor = nullptr;
    StopKind m_decisionStop = StopKind::Failed;
    bool m_decisionAnnounced = false;
    http::HttpHeaders m_preparedLines; // prepareAnswerHeaders(), for m_decision as it stands
    bool m_prepared = false;
    void markFirstByte();
    void settleAdmission();
    void writeRaw(const QByteArray& bytes);

    std::shared_ptr<http::HttpExchange> m_exchange;
    ConfigSnapshot m_config;
    GatewayServices m_services;
    RequestLogRecord m_record;
    std::int64_t m_startUs;
    const routing::RouteTarget* m_servedBy = nullptr;
    std::optional<Money> m_cost;
    providers::Usage m_usage;
    bool m_finished = false;
    std::unique_ptr<ClientDialect> m_dialect;
    QByteArray m_dialectOut; // reused for each converted stream write
    // Set at the first answer of a chat request that has pseudonyms to restore or whose policy
    // scans responses; null otherwise (no cost).
    std::unique_ptr<AnswerFilter> m_answerFilter;
    bool m_answerFilterChecked = false;
    QByteArray m_filterOut;
    AnswerFilter* answerFilter();
};

} // namespace tollgate::pipeline

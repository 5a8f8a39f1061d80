#pragma once

#include "api/apierror.h"
#include "budget/budgetconfig.h"
#include "budget/budgetenforcer.h"
#include "budget/exchangerates.h"
#include "budget/keyregistry.h"
#include "budget/pricing.h"
#include "budget/ratelimiter.h"
#include "budget/settlegate.h"
#include "budget/spendledger.h"
#include "common/clock.h"
#include "common/result.h"
#include "http/httptypes.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <unordered_map>

namespace tollgate::budget {

// What the admit stage knows about a request once it is routed.
struct AdmissionRequest
{
    QString provider; // the target that will be called (for the ledger)
    QString model;
    PriceSheet price;
    CostBound bound;
};

// Everything admission holds for one request until it is settled. Move-only; destroying it
// unsettled releases the budget reservation (the rate-limit estimate stays charged: the request
// was made).
struct Admission
{
    std::shared_ptr<const KeyInfo> key;
    QString provider;
    QString model;
    PriceSheet price;
    Money maxCost;
    CostBound bound; // what maxCost was computed from
    std::int64_t estimatedTokens = 0; // input bound + output bound, charged to tokens/minute
    RateLimiter::Ticket rateTicket;
    RateLimiter::Decision rate; // x-ratelimit-* values for the response
    SpendReservation reservation;
    std::vector<BudgetWarning> warnings;

    // x-ratelimit-* and, past a soft threshold, x-tollgate-budget-warning.
    void addHeaders(http::HttpHeaders& headers) const;
};

struct AuthOutcome
{
    std::shared_ptr<const KeyInfo> key;
    std::optional<api::ApiError> error; // 401 (no/unknown/revoked/expired key) or 403 (scope)
    bool ok() const { return !error; }
};

struct AdmitOutcome
{
    std::optional<Admission> admission;
    std::optional<api::ApiError> error; // 429 (rate limit), 402 (budget) or 500 (no exchange rate)
    bool ok() const { return admission.has_value(); }
};

struct SettleResult
{
    Money cost;      // in the price's currency
    Money converted; // in the display currency
    std::vector<BudgetWarning> warnings;
};

// The budget module behind one object: keys, rate limits, budgets, rates and the spend ledger on
// <data-dir>/budget.db. authenticate/admit/settle are the request path and may be called from any
// worker thread concurrently; the admin operations (setBudget, setLimits, key changes) are
// serialized internally and take effect on the next request.
class BudgetService
{
public:
    static Result<std::unique_ptr<BudgetService>> open(const QString& dataDir, const BudgetConfig& config,
                                                       const Clock& clock = SystemClock::instance());
    ~BudgetService();

    // auth stage. `authorization` is the Authorization header value ("Bearer tg-...") or an
    // x-api-key value; requestedModel is what the client sent (alias or provider/model).
    AuthOutcome authenticate(std::string_view authorization, QStringView requestedModel) const;
    // False on a fresh install with no key at all (the gateway may then run open on loopback).
    bool keysRequired() const { return !m_keys->empty(); }

    // admit stage: rate limits of the key and its team, then the budget reservation, all or nothing.
    AdmitOutcome admit(std::shared_ptr<const KeyInfo> key, const AdmissionRequest& request);
    // Response side: the actual usage (zeros for a failed call). Corrects the token estimate,
    // settles the reservation and queues the ledger row. Call once per admission.
    SettleResult settle(Admission& admission, const QString& requestId, const TokenUsage& usage);

    // A config reload: the declared keys, teams (their limits), budgets, rates, display currency and
    // defaults of `config` replace the current ones for the next request. Spend and reservations
    // in flight are kept for every budget whose id and definition stay (a cap or soft threshold
    // may change); a budget that keeps its id and currency but changes its definition (period,
    // time zone, subject...) is recounted from the spend ledger and takes over the reservations
    // in flight, which settle into it. A new budget starts from the ledger. Limits the admin API
    // set, keys created through the CLI or API, and budgets set through the API stay (an API
    // budget still overrides a config budget with its id). Rate-limit state restarts for a subject
    // whose limits changed. On error (bad currency, rate, budget, key hash) nothing changes.
    // Any thread; serialized with the admin operations; request threads never wait on it except
    // for settlements, which pause while changed budgets are recounted (one ledger flush).
    Result<void> applyConfig(const BudgetConfig& config);

    // Admin operations; persisted to budget.db before they return.
    Result<void> setBudget(const BudgetRuleConfig& rule);
    Result<void> setLimits(RateLimiter::Kind kind, const QString& subject, const RateLimitConfig& limits);
    RateLimitConfig limitsFor(RateLimiter::Kind kind, const QString& subject) const;
    struct LimitEntry
    {
        RateLimiter::Kind kind;
        QString subject;
        RateLimitConfig limits;
    };
    std::vector<LimitEntry> limits() const;

    KeyRegistry& keys() { return *m_keys; }
    RateLimiter& limiter() { return m_limiter; }
    BudgetEnforcer& budgets() { return m_budgets; }
    SpendLedger& ledger() { return *m_ledger; }
    std::shared_ptr<const ExchangeRates> rates() const { return m_rates.load(); }
    void setRates(std::shared_ptr<const ExchangeRates> rates);
    // The configuration in force. References stay valid for the service's lifetime (every version
    // applied is kept; reloads are rare), so a request may keep using the one it read.
    const BudgetConfig& config() const { return *m_config.load(std::memory_order_acquire); }
    QString databasePath() const { return m_databasePath; }
    const Clock& clock() const { return m_clock; }

private:
    BudgetService(const BudgetConfig& config, const Clock& clock);
    struct LimitsSnapshot
    {
        std::unordered_map<QString, RateLimitConfig> keys;  // admin overrides by key id
        std::unordered_map<QString, RateLimitConfig> teams; // config, then admin overrides
    };
    Result<void> loadAdminState();
    Result<void> restoreSpend();
    static Result<std::shared_ptr<const ExchangeRates>> buildRates(const BudgetConfig& config);
    // Installs the budgets (config + admin) and recounts from the ledger every budget that did not
    // keep its state. m_adminMutex held.
    Result<void> reinstallBudgets();

    std::atomic<const BudgetConfig*> m_config;                    // points into m_configs
    std::vector<std::unique_ptr<const BudgetConfig>> m_configs;   // every version; guarded by m_adminMutex
    // Settlements pass it from charging a budget to queueing the ledger row; a budget recount
    // closes it, so a settled cost is either in the ledger it reads or charged to the budget after
    // it, never both or neither.
    SettleGate m_settleGate;
    const Clock& m_clock;
    QString m_databasePath;
    std::unique_ptr<BudgetDb> m_adminDb; // guarded by m_adminMutex
    std::mutex m_adminMutex;
    std::unique_ptr<KeyRegistry> m_keys;
    RateLimiter m_limiter;
    BudgetEnforcer m_budgets;
    std::unique_ptr<SpendLedger> m_ledger;
    std::atomic<std::shared_ptr<const ExchangeRates>> m_rates;
    std::atomic<std::shared_ptr<const LimitsSnapshot>> m_limits;
    std::vector<BudgetRuleConfig> m_adminBudgets; // guarded by m_adminMutex
};

} // namespace tollgate::budget

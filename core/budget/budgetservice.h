#pragma once

#include "api/apierror.h"
#include "budget/budgetconfig.h"
#include "budget/budgetenforcer.h"
#include "budget/exchangerates.h"
#include "budget/keyregistry.h"
#include "budget/pricing.h"
#include "budget/ratelimiter.h"
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
    const BudgetConfig& config() const { return m_config; }
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

    BudgetConfig m_config;
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

#pragma once

#include "api/apierror.h"
#include "budget/budgetconfig.h"
#include "budget/exchangerates.h"
#include "common/clock.h"
#include "common/money.h"
#include "common/result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tollgate::budget {

class BudgetEnforcer;

// Who a request spends for: its key, the key's project (may be empty) and team.
struct BudgetSubject
{
    QString keyId;
    QString team;
    QString project;
};

// Why a request was refused: the first budget it did not fit in.
struct BudgetRefusal
{
    QString budgetId;
    BudgetScope scope = BudgetScope::Team;
    QString subject;
    Money cap;
    Money spent;    // settled in the current period
    Money reserved; // held by requests in flight
    Money requested; // this request's maximum cost, in the budget's currency
    std::int64_t periodEndMs = 0;

    QString message() const;
    api::ApiError toApiError() const; // 402, type "budget_exceeded"
};

struct BudgetWarning
{
    QString budgetId;
    Money cap;
    Money spent;
    Money soft;
};

// The state of one budget right now, for the admin API and the UI.
struct BudgetUsage
{
    BudgetRuleConfig rule;
    std::int64_t spentMicros = 0;
    std::int64_t reservedMicros = 0;
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0;
    bool active = true; // false outside a custom period
};

// Money held for one request in every budget it touches. Move-only. settle() charges the actual
// cost and releases the rest; destroying it unsettled releases everything (a failed or cancelled
// request costs nothing). Any thread; settle at most once.
class SpendReservation
{
public:
    SpendReservation() = default;
    ~SpendReservation();
    SpendReservation(SpendReservation&& other) noexcept;
    SpendReservation& operator=(SpendReservation&& other) noexcept;
    SpendReservation(const SpendReservation&) = delete;
    SpendReservation& operator=(const SpendReservation&) = delete;

    bool active() const { return !m_holds.empty(); }
    const Money& maxCost() const { return m_maxCost; }
    // actualCost is in the currency of maxCost (the price's). Each budget is charged with the rate
    // used at reservation, so the charge never exceeds what was held when actual <= max.
    // Returns the budgets now past their soft threshold.
    std::vector<BudgetWarning> settle(const Money& actualCost);
    void release();

private:
    friend class BudgetEnforcer;
    struct Hold
    {
        std::shared_ptr<void> state;
        std::int64_t amountMicros = 0; // in the budget's currency
        std::int64_t rateNanos = 1'000'000'000;
    };
    std::vector<Hold> m_holds;
    Money m_maxCost;
};

struct ReserveOutcome
{
    SpendReservation reservation;
    std::optional<BudgetRefusal> refusal;
    std::optional<Error> error; // e.g. no exchange rate for a budget's currency: fail closed
    std::vector<BudgetWarning> warnings; // budgets already past their soft threshold
    bool admitted() const { return !refusal && !error; }
};

// Budgets per key, project and team with reservations. Thread-safety: any thread. The set of
// rules is an immutable snapshot swapped atomically; each budget has its own mutex, and a
// reservation locks every budget it touches in one global order, checks that the request's
// maximum cost fits in each (spent + reserved + max <= cap), and only then holds it in all of
// them — all or nothing. Settled spend can therefore never pass a cap while actual <= max.
class BudgetEnforcer
{
public:
    explicit BudgetEnforcer(const Clock& clock);
    ~BudgetEnforcer();

    // Validates and installs the rules. A rule that keeps its id and definition (scope, subject,
    // period, time zone, custom bounds, currency) keeps its spend and reservations; its cap and
    // soft threshold change in place. A rule that keeps its id and currency but changes its
    // definition starts with no spend (see restoreSpent) and takes over the old one's reservations
    // in flight, which then settle into it. A new id, or a new currency, starts empty.
    Result<void> setRules(const std::vector<BudgetRuleConfig>& rules);
    std::vector<BudgetRuleConfig> rules() const;
    void setRates(std::shared_ptr<const ExchangeRates> rates);

    ReserveOutcome reserve(const BudgetSubject& subject, const Money& maxCost);

    // Replaces a budget's settled spend for the period that contains nowMs (start-up reload).
    void restoreSpent(const QString& budgetId, std::int64_t spentMicros);
    std::vector<BudgetUsage> usage() const;

    // [start, end) of the period of `rule` containing atMs (Unix ms).
    static Result<std::pair<std::int64_t, std::int64_t>> periodBounds(const BudgetRuleConfig& rule, std::int64_t atMs);
    static Result<void> validate(const BudgetRuleConfig& rule);

    struct State; // one budget's counters; defined in the .cpp

private:
    friend class SpendReservation;
    struct Snapshot;
    ReserveOutcome tryReserve(const BudgetSubject& subject, const Money& maxCost, bool* replaced);
    // Locks the state a hold refers to, following successors to the one in force; returns it.
    static State* lockCurrent(const std::shared_ptr<void>& held, std::unique_lock<std::mutex>* lock);
    const Clock& m_clock;
    std::atomic<std::shared_ptr<const Snapshot>> m_snapshot;
    std::atomic<std::shared_ptr<const ExchangeRates>> m_rates;
    std::mutex m_rulesMutex; // serializes setRules
    std::uint64_t m_nextOrder = 0;
};

} // namespace tollgate::budget

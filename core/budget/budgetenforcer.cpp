#include "budget/budgetenforcer.h"

#include "budget/ratecache.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::BudgetEnforcer", text);
}

Money money(std::int64_t micros, const std::array<char, 3>& currency)
{
    Money m;
    m.micros = micros;
    m.currency = currency;
    return m;
}

bool sameDefinition(const BudgetRuleConfig& a, const BudgetRuleConfig& b)
{
    return a.scope == b.scope && a.subject == b.subject && a.period == b.period && a.timeZone == b.timeZone
           && a.customStartMs == b.customStartMs && a.customEndMs == b.customEndMs && a.cap.currency == b.cap.currency;
}

} // namespace

struct BudgetEnforcer::State
{
    // Immutable after construction.
    std::uint64_t order = 0;
    const Clock* clock = nullptr;

    std::mutex mutex; // guards everything below
    BudgetRuleConfig rule;
    std::int64_t spent = 0;    // micro-units of rule.cap.currency, settled this period
    std::int64_t reserved = 0; // held by requests in flight
    std::int64_t periodStart = 0;
    std::int64_t periodEnd = -1; // -1: not computed yet
    // Set when setRules replaced this budget by one with the same id and currency but another
    // definition: the successor took over `reserved`, and holds on this state settle into it.
    std::shared_ptr<State> successor;

    // Moves to the period containing now. Reservations in flight stay held (and are charged to
    // the period they settle in), so spent + reserved <= cap keeps holding across the boundary.
    void roll(std::int64_t now)
    {
        if (rule.period == BudgetPeriod::Custom) {
            periodStart = rule.customStartMs;
            periodEnd = rule.customEndMs;
            return;
        }
        if (periodEnd >= 0 && now >= periodStart && now < periodEnd)
            return;
        auto bounds = BudgetEnforcer::periodBounds(rule, now);
        if (!bounds)
            return; // validated at setRules; keep the old period rather than fail a request
        if (bounds->first != periodStart)
            spent = 0;
        periodStart = bounds->first;
        periodEnd = bounds->second;
    }
    bool activeAt(std::int64_t now) const { return now >= periodStart && now < periodEnd; }
};

struct BudgetEnforcer::Snapshot
{
    std::vector<std::shared_ptr<State>> all;
    std::unordered_map<QString, std::vector<std::shared_ptr<State>>> byKey, byProject, byTeam;
};

QString BudgetRefusal::message() const
{
    const QString end = QDateTime::fromMSecsSinceEpoch(periodEndMs, Qt::UTC).toString(Qt::ISODate);
    return tr("Budget '%1' (%2 %3) is exhausted: cap %4, spent %5, reserved by requests in flight %6; this "
              "request may cost up to %7. The period ends %8.")
        .arg(budgetId, scopeName(scope), subject, cap.toString(), spent.toString(), reserved.toString(),
             requested.toString(), end);
}

api::ApiError BudgetRefusal::toApiError() const
{
    api::ApiError e;
    e.status = 402;
    e.type = "budget_exceeded";
    e.code = "budget_exceeded";
    e.message = message();
    return e;
}

// ---- SpendReservation ----

SpendReservation::~SpendReservation()
{
    release();
}

SpendReservation::SpendReservation(SpendReservation&& other) noexcept
    : m_holds(std::move(other.m_holds)), m_maxCost(other.m_maxCost)
{
    other.m_holds.clear();
}

SpendReservation& SpendReservation::operator=(SpendReservation&& other) noexcept
{
    if (this != &other) {
        release();
        m_holds = std::move(other.m_holds);
        other.m_holds.clear();
        m_maxCost = other.m_maxCost;
    }
    return *this;
}

std::vector<BudgetWarning> SpendReservation::settle(const Money& actualCost)
{
    std::vector<BudgetWarning> warnings;
    for (Hold& hold : m_holds) {
        const std::int64_t charge = std::max<std::int64_t>(0, ExchangeRates::applyRate(actualCost.micros, hold.rateNanos));
        std::unique_lock<std::mutex> lock;
        BudgetEnforcer::State* state = BudgetEnforcer::lockCurrent(hold.state, &lock);
        state->roll(state->clock->wallMs());
        state->reserved -= hold.amountMicros;
        state->spent += charge;
        if (state->rule.softMicros >= 0 && state->spent >= state->rule.softMicros)
            warnings.push_back({state->rule.id, state->rule.cap, money(state->spent, state->rule.cap.currency),
                                money(state->rule.softMicros, state->rule.cap.currency)});
    }
    m_holds.clear();
    return warnings;
}

void SpendReservation::release()
{
    for (Hold& hold : m_holds) {
        std::unique_lock<std::mutex> lock;
        BudgetEnforcer::State* state = BudgetEnforcer::lockCurrent(hold.state, &lock);
        state->reserved -= hold.amountMicros;
    }
    m_holds.clear();
}

// ---- BudgetEnforcer ----

BudgetEnforcer::State* BudgetEnforcer::lockCurrent(const std::shared_ptr<void>& held, std::unique_lock<std::mutex>* lock)
{
    auto* state = static_cast<State*>(held.get());
    *lock = std::unique_lock(state->mutex);
    while (state->successor) {
        State* next = state->successor.get(); // kept alive by `state`, which `held` keeps alive
        *lock = std::unique_lock(next->mutex);
        state = next;
    }
    return state;
}

BudgetEnforcer::BudgetEnforcer(const Clock& clock) : m_clock(clock)
{
    m_snapshot.store(std::make_shared<const Snapshot>());
    m_rates.store(std::make_shared<const ExchangeRates>());
}

BudgetEnforcer::~BudgetEnforcer() = default;

Result<std::pair<std::int64_t, std::int64_t>> BudgetEnforcer::periodBounds(const BudgetRuleConfig& rule,
                                                                           std::int64_t atMs)
{
    if (rule.period == BudgetPeriod::Custom)
        return std::pair<std::int64_t, std::int64_t>{rule.customStartMs, rule.customEndMs};
    const QTimeZone zone = rule.timeZone.isEmpty() || rule.timeZone == QLatin1String("UTC")
                               ? QTimeZone::utc()
                               : QTimeZone(rule.timeZone.toUtf8());
    if (!zone.isValid())
        return makeError(tr("Unknown time zone '%1'").arg(rule.timeZone));
    const QDate today = QDateTime::fromMSecsSinceEpoch(atMs, zone).date();
    QDate first = today, next;
    if (rule.period == BudgetPeriod::Day) {
        next = today.addDays(1);
    } else {
        first = QDate(today.year(), today.month(), 1);
        next = first.addMonths(1);
    }
    // Midnight may not exist on a DST change day; Qt moves it forward, which is what we want.
    return std::pair<std::int64_t, std::int64_t>{QDateTime(first, QTime(0, 0), zone).toMSecsSinceEpoch(),
                                                 QDateTime(next, QTime(0, 0), zone).toMSecsSinceEpoch()};
}

Result<void> BudgetEnforcer::validate(const BudgetRuleConfig& rule)
{
    if (rule.id.trimmed().isEmpty())
        return makeError(tr("A budget needs an id"));
    if (rule.subject.trimmed().isEmpty())
        return makeError(tr("Budget '%1' needs a subject (%2 name)").arg(rule.id, scopeName(rule.scope)));
    if (!Money::isValidCurrencyCode(rule.cap.currencyCode()))
        return makeError(tr("Budget '%1': '%2' is not an ISO 4217 currency code").arg(rule.id, rule.cap.currencyCode()));
    if (rule.cap.micros < 0)
        return makeError(tr("Budget '%1': the cap must not be negative").arg(rule.id));
    if (rule.softMicros > rule.cap.micros)
        return makeError(tr("Budget '%1': the soft threshold is above the cap").arg(rule.id));
    if (rule.period == BudgetPeriod::Custom && rule.customEndMs <= rule.customStartMs)
        return makeError(tr("Budget '%1': a custom period needs start < end").arg(rule.id));
    if (auto b = periodBounds(rule, 0); !b)
        return makeError(tr("Budget '%1': %2").arg(rule.id, b.error().message));
    return {};
}

Result<void> BudgetEnforcer::setRules(const std::vector<BudgetRuleConfig>& rules)
{
    std::lock_guard rulesLock(m_rulesMutex);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (auto r = validate(rules[i]); !r)
            return r;
        for (std::size_t j = 0; j < i; ++j) {
            if (rules[j].id == rules[i].id)
                return makeError(tr("Two budgets have the id '%1'").arg(rules[i].id));
        }
    }
    const auto old = m_snapshot.load();
    auto next = std::make_shared<Snapshot>();
    std::vector<std::pair<std::shared_ptr<State>, std::shared_ptr<State>>> handOvers; // (old, new)
    for (const BudgetRuleConfig& rule : rules) {
        std::shared_ptr<State> state;
        std::shared_ptr<State> predecessor;
        for (const auto& s : old->all) {
            std::lock_guard lock(s->mutex);
            if (s->rule.id != rule.id)
                continue;
            if (sameDefinition(s->rule, rule)) {
                s->rule = rule; // cap and soft threshold may change in place
                state = s;
            } else if (s->rule.cap.currency == rule.cap.currency) {
                predecessor = s;
            }
            break;
        }
        if (!state) {
            state = std::make_shared<State>();
            state->order = m_nextOrder++;
            state->clock = &m_clock;
            state->rule = rule;
            if (predecessor)
                handOvers.emplace_back(predecessor, state);
        }
        next->all.push_back(state);
        auto& index = rule.scope == BudgetScope::Key ? next->byKey
                      : rule.scope == BudgetScope::Project ? next->byProject
                                                           : next->byTeam;
        index[rule.subject].push_back(state);
    }
    // Predecessors stay locked (in the global order, like reserve()) until the new snapshot is
    // visible, so no reservation lands on one after its reservations moved to the successor:
    // reserve() sees the successor under the lock and retries on the new snapshot.
    std::sort(handOvers.begin(), handOvers.end(), [](const auto& a, const auto& b) { return a.first->order < b.first->order; });
    std::vector<std::unique_lock<std::mutex>> locks;
    locks.reserve(handOvers.size());
    for (auto& [from, to] : handOvers) {
        locks.emplace_back(from->mutex);
        to->reserved = from->reserved; // `to` is not visible to any other thread yet
        from->reserved = 0;
        from->successor = to;
    }
    m_snapshot.store(std::move(next));
    return {};
}

std::vector<BudgetRuleConfig> BudgetEnforcer::rules() const
{
    std::vector<BudgetRuleConfig> out;
    for (const auto& s : m_snapshot.load()->all) {
        std::lock_guard lock(s->mutex);
        out.push_back(s->rule);
    }
    return out;
}

void BudgetEnforcer::setRates(std::shared_ptr<const ExchangeRates> rates)
{
    m_rates.store(std::move(rates));
}

ReserveOutcome BudgetEnforcer::reserve(const BudgetSubject& subject, const Money& maxCost)
{
    for (;;) {
        bool replaced = false;
        ReserveOutcome outcome = tryReserve(subject, maxCost, &replaced);
        if (!replaced)
            return outcome;
        // setRules swapped a budget this request touches while it was being checked: try again
        // on the new snapshot (nothing was held).
        std::this_thread::yield();
    }
}

ReserveOutcome BudgetEnforcer::tryReserve(const BudgetSubject& subject, const Money& maxCost, bool* replaced)
{
    ReserveOutcome outcome;
    outcome.reservation.m_maxCost = maxCost;
    const auto snapshot = m_snapshot.load(std::memory_order_acquire);
    if (snapshot->all.empty())
        return outcome;

    // Up to a handful of budgets per request: key, project and team, each maybe day + month.
    // Inline capacity for the common case, so admission allocates nothing here.
    boost::container::small_vector<const std::shared_ptr<State>*, 8> touched; // into *snapshot, alive for this call
    const auto collect = [&](const std::unordered_map<QString, std::vector<std::shared_ptr<State>>>& index,
                             const QString& name) {
        if (name.isEmpty())
            return;
        if (auto it = index.find(name); it != index.end()) {
            for (const auto& s : it->second)
                touched.push_back(&s);
        }
    };
    collect(snapshot->byKey, subject.keyId);
    collect(snapshot->byProject, subject.project);
    collect(snapshot->byTeam, subject.team);
    if (touched.empty())
        return outcome;
    std::sort(touched.begin(), touched.end(), [](const auto* a, const auto* b) { return (*a)->order < (*b)->order; });

    const std::int64_t now = m_clock.wallMs();
    // The UTC day by arithmetic (QDateTime with a QTimeZone allocates on every call).
    const std::int64_t days = now / 86'400'000 - (now % 86'400'000 < 0 ? 1 : 0);
    const QDate today = QDate::fromJulianDay(2'440'588 + days); // 2440588: 1970-01-01
    const auto rates = m_rates.load(std::memory_order_acquire);

    // The currency of a budget never changes for a State (a new currency makes a new State), so
    // the conversion can happen before locking.
    struct Need
    {
        const std::shared_ptr<State>* owner;
        State* state;
        std::int64_t amount;
        std::int64_t rateNanos;
    };
    boost::container::small_vector<Need, 8> needs;
    for (const auto* owner : touched) {
        State* s = owner->get();
        const std::array<char, 3> currency = s->rule.cap.currency; // immutable per State
        if (currency == maxCost.currency) {
            needs.push_back({owner, s, maxCost.micros, 1'000'000'000});
            continue;
        }
        auto quote = cachedRate(rates, maxCost.currency, currency, today);
        if (!quote) {
            outcome.error = makeError(tr("Cannot check a budget in %1: %2")
                                          .arg(QString::fromLatin1(currency.data(), 3), quote.error().message));
            return outcome;
        }
        needs.push_back({owner, s, ExchangeRates::applyRate(maxCost.micros, quote->rateNanos), quote->rateNanos});
    }

    boost::container::small_vector<std::unique_lock<std::mutex>, 8> locks;
    for (const Need& n : needs) {
        locks.emplace_back(n.state->mutex);
        if (n.state->successor) {
            *replaced = true;
            return outcome;
        }
    }
    for (const Need& n : needs) {
        State& s = *n.state;
        s.roll(now);
        if (!s.activeAt(now))
            continue; // a custom period that has not started or is over
        if (s.spent + s.reserved + n.amount > s.rule.cap.micros) {
            BudgetRefusal r;
            r.budgetId = s.rule.id;
            r.scope = s.rule.scope;
            r.subject = s.rule.subject;
            r.cap = s.rule.cap;
            r.spent = money(s.spent, s.rule.cap.currency);
            r.reserved = money(s.reserved, s.rule.cap.currency);
            r.requested = money(n.amount, s.rule.cap.currency);
            r.periodEndMs = s.periodEnd;
            outcome.refusal = std::move(r);
            return outcome;
        }
    }
    auto& holds = outcome.reservation.m_holds;
    holds.reserve(needs.size());
    for (std::size_t i = 0; i < needs.size(); ++i) {
        State& s = *needs[i].state;
        if (!s.activeAt(now))
            continue;
        s.reserved += needs[i].amount;
        if (s.rule.softMicros >= 0 && s.spent >= s.rule.softMicros)
            outcome.warnings.push_back({s.rule.id, s.rule.cap, money(s.spent, s.rule.cap.currency),
                                        money(s.rule.softMicros, s.rule.cap.currency)});
        // The hold keeps the State alive even if the rules are replaced meanwhile.
        holds.push_back({*needs[i].owner, needs[i].amount, needs[i].rateNanos});
    }
    return outcome;
}

void BudgetEnforcer::restoreSpent(const QString& budgetId, std::int64_t spentMicros)
{
    for (const auto& s : m_snapshot.load()->all) {
        std::lock_guard lock(s->mutex);
        if (s->rule.id == budgetId) {
            s->roll(m_clock.wallMs());
            s->spent = spentMicros;
        }
    }
}

std::vector<BudgetUsage> BudgetEnforcer::usage() const
{
    std::vector<BudgetUsage> out;
    const std::int64_t now = m_clock.wallMs();
    for (const auto& s : m_snapshot.load()->all) {
        std::lock_guard lock(s->mutex);
        s->roll(now);
        out.push_back({s->rule, s->spent, s->reserved, s->periodStart, s->periodEnd, s->activeAt(now)});
    }
    return out;
}

} // namespace tollgate::budget

#include "budget/budgetservice.h"

#include "budget/budgetdb.h"
#include "budget/ratecache.h"
#include "common/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::BudgetService", text);
}

QString kindName(RateLimiter::Kind kind)
{
    return kind == RateLimiter::Kind::Key ? QStringLiteral("key") : QStringLiteral("team");
}

// The UTC calendar day of a Unix time in ms, by arithmetic: QDateTime with a QTimeZone allocates
// on every call, and this runs on every settlement.
QDate utcDate(std::int64_t ms)
{
    constexpr std::int64_t msPerDay = 86'400'000;
    constexpr qint64 julianDayOfEpoch = 2'440'588; // 1970-01-01
    std::int64_t days = ms / msPerDay;
    if (ms % msPerDay < 0)
        --days;
    return QDate::fromJulianDay(julianDayOfEpoch + days);
}

} // namespace

void Admission::addHeaders(http::HttpHeaders& headers) const
{
    rate.addHeaders(headers);
    if (!warnings.empty()) {
        std::string value;
        for (const BudgetWarning& w : warnings) {
            if (!value.empty())
                value += ", ";
            value += w.budgetId.toStdString() + "; spent=" + w.spent.toString().toStdString()
                     + "; cap=" + w.cap.toString().toStdString();
        }
        headers.set("x-tollgate-budget-warning", value);
    }
}

BudgetService::BudgetService(const BudgetConfig& config, const Clock& clock)
    : m_clock(clock), m_limiter(clock), m_budgets(clock)
{
    m_configs.push_back(std::make_unique<const BudgetConfig>(config));
    m_config.store(m_configs.back().get(), std::memory_order_release);
}

BudgetService::~BudgetService() = default;

Result<std::unique_ptr<BudgetService>> BudgetService::open(const QString& dataDir, const BudgetConfig& config,
                                                           const Clock& clock)
{
    std::unique_ptr<BudgetService> service(new BudgetService(config, clock));
    service->m_databasePath = BudgetDb::pathIn(dataDir);
    if (!Money::isValidCurrencyCode(config.displayCurrency))
        return makeError(tr("display currency '%1' is not an ISO 4217 code").arg(config.displayCurrency));

    auto rates = buildRates(config);
    if (!rates)
        return rates.error();
    service->setRates(*rates);

    auto db = BudgetDb::open(service->m_databasePath);
    if (!db)
        return db.error();
    service->m_adminDb = std::move(db.value());
    auto keys = KeyRegistry::open(service->m_databasePath, clock, config.keys);
    if (!keys)
        return keys.error();
    service->m_keys = std::move(keys.value());
    {
        std::lock_guard lock(service->m_adminMutex);
        if (auto r = service->loadAdminState(); !r)
            return r.error();
    }
    if (auto r = service->restoreSpend(); !r)
        return r.error();
    auto ledger = SpendLedger::open(service->m_databasePath);
    if (!ledger)
        return ledger.error();
    service->m_ledger = std::move(ledger.value());
    return service;
}

Result<std::shared_ptr<const ExchangeRates>> BudgetService::buildRates(const BudgetConfig& config)
{
    auto rates = std::make_shared<ExchangeRates>();
    for (const ExchangeRateConfig& r : config.rates) {
        if (auto added = rates->add(r); !added)
            return makeError(tr("exchange rate %1->%2: %3").arg(r.from, r.to, added.error().message));
    }
    if (!config.ratesFile.isEmpty()) {
        if (auto loaded = rates->loadCsv(config.ratesFile); !loaded)
            return loaded.error();
    }
    return std::shared_ptr<const ExchangeRates>(std::move(rates));
}

Result<void> BudgetService::loadAdminState()
{
    const BudgetConfig& config = this->config();
    // Budgets: the config's, replaced by id with those set through the admin API.
    m_adminBudgets.clear();
    Statement budgets(*m_adminDb, "SELECT id, scope, subject, period, time_zone, start_ms, end_ms, cap_micros, "
                                  "currency, soft_micros FROM budgets ORDER BY id");
    while (budgets.step()) {
        BudgetRuleConfig rule;
        rule.id = budgets.text(0);
        if (!parseScope(budgets.text(1), &rule.scope) || !parsePeriod(budgets.text(3), &rule.period))
            return makeError(tr("budget.db: budget '%1' is unreadable").arg(rule.id));
        rule.subject = budgets.text(2);
        rule.timeZone = budgets.text(4);
        rule.customStartMs = budgets.int64(5);
        rule.customEndMs = budgets.int64(6);
        rule.cap.micros = budgets.int64(7);
        rule.cap.currency = Money::currencyFrom(budgets.text(8));
        rule.softMicros = budgets.int64(9);
        m_adminBudgets.push_back(rule);
    }
    if (budgets.failed())
        return makeError(tr("budget.db: %1").arg(m_adminDb->lastError()));
    std::vector<BudgetRuleConfig> merged = m_adminBudgets;
    for (const BudgetRuleConfig& c : config.budgets) {
        const bool overridden = std::any_of(merged.begin(), merged.end(), [&](const auto& r) { return r.id == c.id; });
        if (!overridden)
            merged.push_back(c);
    }
    if (auto r = m_budgets.setRules(merged); !r)
        return r;

    auto limits = std::make_shared<LimitsSnapshot>();
    for (const TeamConfig& t : config.teams)
        limits->teams[t.name] = t.limits;
    Statement rows(*m_adminDb, "SELECT scope, subject, rpm, tpm FROM limits");
    while (rows.step()) {
        const RateLimitConfig l{rows.int64(2), rows.int64(3)};
        (rows.text(0) == QLatin1String("team") ? limits->teams : limits->keys)[rows.text(1)] = l;
    }
    if (rows.failed())
        return makeError(tr("budget.db: %1").arg(m_adminDb->lastError()));
    m_limits.store(std::move(limits));
    return {};
}

Result<void> BudgetService::restoreSpend()
{
    const std::int64_t now = m_clock.wallMs();
    const auto rates = m_rates.load();
    for (const BudgetUsage& u : m_budgets.usage()) {
        auto total = spendTotal(m_databasePath, u.rule.scope, u.rule.subject, u.periodStartMs, u.periodEndMs,
                                u.rule.cap.currencyCode(), *rates);
        if (!total)
            return makeError(tr("Cannot reload the spend of budget '%1': %2").arg(u.rule.id, total.error().message));
        m_budgets.restoreSpent(u.rule.id, *total);
    }
    Q_UNUSED(now);
    return {};
}

void BudgetService::setRates(std::shared_ptr<const ExchangeRates> rates)
{
    m_rates.store(rates);
    m_budgets.setRates(std::move(rates));
}

AuthOutcome BudgetService::authenticate(std::string_view authorization, QStringView requestedModel) const
{
    AuthOutcome out;
    const KeyLookup found = m_keys->lookupAuthorization(authorization);
    if (!found.ok()) {
        api::ApiError e;
        e.status = 401;
        e.type = "invalid_request_error";
        e.code = found.refusal == KeyRefusal::Missing ? "missing_api_key" : "invalid_api_key";
        e.message = refusalMessage(found.refusal);
        out.error = std::move(e);
        return out;
    }
    if (!requestedModel.isEmpty() && !found.key->allowsModel(requestedModel)) {
        api::ApiError e;
        e.status = 403;
        e.type = "permission_error";
        e.code = "model_not_allowed";
        e.param = "model";
        e.message = tr("This key may not use the model '%1' (allowed: %2).")
                        .arg(requestedModel.toString(), found.key->scopes.join(QStringLiteral(", ")));
        out.error = std::move(e);
        return out;
    }
    out.key = found.key;
    return out;
}

RateLimitConfig BudgetService::limitsFor(RateLimiter::Kind kind, const QString& subject) const
{
    const auto snapshot = m_limits.load(std::memory_order_acquire);
    const auto& map = kind == RateLimiter::Kind::Key ? snapshot->keys : snapshot->teams;
    const auto it = map.find(subject);
    return it == map.end() ? RateLimitConfig{} : it->second;
}

AdmitOutcome BudgetService::admit(std::shared_ptr<const KeyInfo> key, const AdmissionRequest& request)
{
    AdmitOutcome out;
    const BudgetConfig& config = this->config();
    const CostBoundDefaults defaults{config.defaultMaxOutputTokens, config.perMessageOverheadTokens};
    const std::int64_t estimated = inputTokensUpperBound(request.bound, defaults) + outputTokensBound(request.bound, defaults);

    const auto limits = m_limits.load(std::memory_order_acquire);
    RateLimiter::Subject subjects[2];
    int count = 0;
    if (key) {
        const auto keyOverride = limits->keys.find(key->id);
        subjects[count++] = {RateLimiter::Kind::Key, key->id,
                             keyOverride == limits->keys.end() ? key->limits : keyOverride->second};
        const auto team = limits->teams.find(key->team);
        if (team != limits->teams.end())
            subjects[count++] = {RateLimiter::Kind::Team, key->team, team->second};
    }
    Admission admission;
    admission.rate = m_limiter.admit(subjects, count, estimated, &admission.rateTicket);
    if (!admission.rate.allowed) {
        api::ApiError e;
        e.status = 429;
        e.type = "rate_limit_error";
        e.code = "rate_limit_exceeded";
        e.message = admission.rate.message();
        admission.rate.addHeaders(e.headers);
        out.error = std::move(e);
        return out;
    }

    admission.key = key;
    admission.provider = request.provider;
    admission.model = request.model;
    admission.price = request.price;
    admission.bound = request.bound;
    admission.estimatedTokens = estimated;
    admission.maxCost = maxRequestCost(request.price, request.bound, defaults);
    if (key) {
        ReserveOutcome reserved = m_budgets.reserve({key->id, key->team, key->project}, admission.maxCost);
        if (!reserved.admitted()) {
            m_limiter.correctTokens(admission.rateTicket, 0); // the call will not happen
            if (reserved.refusal) {
                out.error = reserved.refusal->toApiError();
            } else {
                api::ApiError e = api::ApiError::internal(reserved.error->message);
                e.code = "budget_unavailable";
                out.error = std::move(e);
            }
            admission.rate.addHeaders(out.error->headers);
            return out;
        }
        admission.reservation = std::move(reserved.reservation);
        admission.warnings = std::move(reserved.warnings);
    }
    out.admission = std::move(admission);
    return out;
}

SettleResult BudgetService::settle(Admission& admission, const QString& requestId, const TokenUsage& usage)
{
    SettleResult result;
    result.cost = usageCost(admission.price, usage);
    m_limiter.correctTokens(admission.rateTicket, usage.inputTokens + usage.outputTokens);
    const SettleGate::Pass gate(m_settleGate);
    result.warnings = admission.reservation.settle(result.cost);

    const std::int64_t now = m_clock.wallMs();
    SpendRecord record;
    record.requestId = requestId;
    record.timeMs = now;
    if (admission.key) {
        record.keyId = admission.key->id;
        record.team = admission.key->team;
        record.project = admission.key->project;
    }
    record.provider = admission.provider;
    record.model = admission.model;
    record.tokens = usage;
    record.original = result.cost;
    const std::array<char, 3> display = Money::currencyFrom(config().displayCurrency);
    const auto quote = cachedRate(m_rates.load(std::memory_order_acquire), result.cost.currency, display, utcDate(now));
    if (quote) {
        record.converted.micros = ExchangeRates::applyRate(result.cost.micros, quote->rateNanos);
        record.converted.currency = display;
        record.rateNanos = quote->rateNanos;
        record.rateDate = quote->date;
    } else {
        // Reports convert from the original amount; the row stays truthful without a rate.
        qCWarning(lcStore, "spend: %s", qPrintable(quote.error().message));
        record.converted = result.cost;
        record.rateDate = utcDate(now);
    }
    result.converted = record.converted;
    m_ledger->enqueue(std::move(record));
    return result;
}

Result<void> BudgetService::setBudget(const BudgetRuleConfig& rule)
{
    if (auto r = BudgetEnforcer::validate(rule); !r)
        return r;
    std::lock_guard lock(m_adminMutex);
    Statement upsert(*m_adminDb, "INSERT OR REPLACE INTO budgets(id, scope, subject, period, time_zone, start_ms, "
                                 "end_ms, cap_micros, currency, soft_micros) VALUES (?,?,?,?,?,?,?,?,?,?)");
    upsert.bind(1, rule.id);
    upsert.bind(2, scopeName(rule.scope));
    upsert.bind(3, rule.subject);
    upsert.bind(4, periodName(rule.period));
    upsert.bind(5, rule.timeZone);
    upsert.bind(6, rule.customStartMs);
    upsert.bind(7, rule.customEndMs);
    upsert.bind(8, rule.cap.micros);
    upsert.bind(9, rule.cap.currencyCode());
    upsert.bind(10, rule.softMicros);
    upsert.step();
    if (upsert.failed())
        return makeError(tr("Cannot store the budget: %1").arg(m_adminDb->lastError()));
    return reinstallBudgets();
}

Result<void> BudgetService::reinstallBudgets()
{
    const SettleGate::Closed gate(m_settleGate);
    const auto before = m_budgets.usage();
    if (auto r = loadAdminState(); !r)
        return r;
    // A budget that did not keep its state (new, or its definition changed) starts from the
    // ledger, not from zero. Every settled cost is in the ledger once flushed: settlements are
    // paused by the gate, so none is half done (charged to the old budget, row not yet queued).
    bool flushed = false;
    for (const BudgetUsage& u : m_budgets.usage()) {
        const bool kept = std::any_of(before.begin(), before.end(), [&](const BudgetUsage& b) {
            return b.rule.id == u.rule.id && b.rule.scope == u.rule.scope && b.rule.subject == u.rule.subject
                   && b.rule.period == u.rule.period && b.rule.timeZone == u.rule.timeZone
                   && b.rule.customStartMs == u.rule.customStartMs && b.rule.customEndMs == u.rule.customEndMs
                   && b.rule.cap.currency == u.rule.cap.currency && b.periodStartMs == u.periodStartMs;
        });
        if (kept)
            continue;
        if (!flushed && m_ledger) {
            if (!m_ledger->flush(10'000))
                return makeError(tr("Cannot recount budget '%1': the spend ledger did not flush").arg(u.rule.id));
            flushed = true;
        }
        auto total = spendTotal(m_databasePath, u.rule.scope, u.rule.subject, u.periodStartMs, u.periodEndMs,
                                u.rule.cap.currencyCode(), *m_rates.load());
        if (!total)
            return makeError(tr("Cannot recount budget '%1': %2").arg(u.rule.id, total.error().message));
        m_budgets.restoreSpent(u.rule.id, *total);
    }
    return {};
}

Result<void> BudgetService::applyConfig(const BudgetConfig& next)
{
    // Everything that can be refused is checked before anything changes.
    if (!Money::isValidCurrencyCode(next.displayCurrency))
        return makeError(tr("display currency '%1' is not an ISO 4217 code").arg(next.displayCurrency));
    auto rates = buildRates(next);
    if (!rates)
        return rates.error();
    for (std::size_t i = 0; i < next.budgets.size(); ++i) {
        if (auto r = BudgetEnforcer::validate(next.budgets[i]); !r)
            return r;
        for (std::size_t j = 0; j < i; ++j) {
            if (next.budgets[j].id == next.budgets[i].id)
                return makeError(tr("Two budgets have the id '%1'").arg(next.budgets[i].id));
        }
    }
    for (const TeamConfig& t : next.teams) {
        if (t.limits.requestsPerMinute < 0 || t.limits.tokensPerMinute < 0)
            return makeError(tr("Limits must not be negative"));
    }

    std::lock_guard lock(m_adminMutex);
    if (auto r = m_keys->setDeclared(next.keys); !r)
        return r;
    const BudgetConfig& previous = config();
    const auto previousLimits = m_limits.load();
    m_configs.push_back(std::make_unique<const BudgetConfig>(next));
    m_config.store(m_configs.back().get(), std::memory_order_release);
    setRates(*rates);
    if (auto r = reinstallBudgets(); !r)
        return r;

    // The limiter's state is a backlog in time, scaled by the old limit; a changed limit starts fresh.
    const auto limits = m_limits.load();
    for (const auto& [team, l] : previousLimits->teams) {
        const auto it = limits->teams.find(team);
        if (it == limits->teams.end() || it->second.requestsPerMinute != l.requestsPerMinute
            || it->second.tokensPerMinute != l.tokensPerMinute)
            m_limiter.forget(RateLimiter::Kind::Team, team);
    }
    for (const DeclaredKeyConfig& k : previous.keys) {
        const auto it = std::find_if(next.keys.begin(), next.keys.end(), [&](const auto& n) { return n.id == k.id; });
        if (it == next.keys.end() || it->limits.requestsPerMinute != k.limits.requestsPerMinute
            || it->limits.tokensPerMinute != k.limits.tokensPerMinute)
            m_limiter.forget(RateLimiter::Kind::Key, k.id);
    }
    return {};
}

Result<void> BudgetService::setLimits(RateLimiter::Kind kind, const QString& subject, const RateLimitConfig& limits)
{
    if (subject.trimmed().isEmpty())
        return makeError(tr("A limit needs a subject"));
    if (limits.requestsPerMinute < 0 || limits.tokensPerMinute < 0)
        return makeError(tr("Limits must not be negative"));
    std::lock_guard lock(m_adminMutex);
    Statement upsert(*m_adminDb, "INSERT OR REPLACE INTO limits(scope, subject, rpm, tpm) VALUES (?,?,?,?)");
    upsert.bind(1, kindName(kind));
    upsert.bind(2, subject);
    upsert.bind(3, limits.requestsPerMinute);
    upsert.bind(4, limits.tokensPerMinute);
    upsert.step();
    if (upsert.failed())
        return makeError(tr("Cannot store the limit: %1").arg(m_adminDb->lastError()));
    auto next = std::make_shared<LimitsSnapshot>(*m_limits.load());
    (kind == RateLimiter::Kind::Key ? next->keys : next->teams)[subject] = limits;
    m_limits.store(std::move(next));
    // The limiter's state is a backlog in time, scaled by the old limit; a new limit starts fresh.
    m_limiter.forget(kind, subject);
    return {};
}

std::vector<BudgetService::LimitEntry> BudgetService::limits() const
{
    std::vector<LimitEntry> out;
    const auto snapshot = m_limits.load();
    for (const auto& k : m_keys->list()) {
        const auto it = snapshot->keys.find(k->id);
        out.push_back({RateLimiter::Kind::Key, k->id, it == snapshot->keys.end() ? k->limits : it->second});
    }
    for (const auto& [team, l] : snapshot->teams)
        out.push_back({RateLimiter::Kind::Team, team, l});
    return out;
}

} // namespace tollgate::budget

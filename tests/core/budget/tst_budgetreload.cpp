// BudgetService::applyConfig: a config reload takes effect on the running service without losing
// spend or reservations in flight.
#include "budget/budgetservice.h"
#include "fakeclock.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace tollgate;
using namespace tollgate::budget;

namespace {

const QByteArray kToken1 = "tg-reloadOneAbcdefghijklmnopqrstuvwxyz0123456789";
const QByteArray kToken2 = "tg-reloadTwoAbcdefghijklmnopqrstuvwxyz0123456789";

std::string bearer(const QByteArray& token)
{
    return "Bearer " + token.toStdString();
}

DeclaredKeyConfig declared(const QString& id, const QByteArray& token,
                           const QString& team = QStringLiteral("eng"))
{
    DeclaredKeyConfig k;
    k.id = id;
    k.team = team;
    k.sha256Hex = QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
    return k;
}

Money money(std::int64_t micros, const char* currency = "USD")
{
    Money m;
    m.micros = micros;
    m.currency = Money::currencyFrom(QLatin1String(currency));
    return m;
}

BudgetRuleConfig teamBudget(const QString& id, BudgetPeriod period, std::int64_t capMicros,
                            const char* currency = "USD")
{
    BudgetRuleConfig r;
    r.id = id;
    r.scope = BudgetScope::Team;
    r.subject = QStringLiteral("eng");
    r.period = period;
    r.cap = money(capMicros, currency);
    return r;
}

// Priced in USD at 1 micro-USD per output token and nothing for input: a request bounded to
// 1,000,000 output tokens reserves exactly 1 USD, and outputTokens of usage cost as many micro-USD.
AdmissionRequest oneDollarRequest()
{
    AdmissionRequest r;
    r.provider = QStringLiteral("openai");
    r.model = QStringLiteral("m");
    r.price.model.inputPerMillionMicros = 0;
    r.price.model.outputPerMillionMicros = 1'000'000;
    r.bound.requestBytes = 100;
    r.bound.messageCount = 1;
    r.bound.maxOutputTokens = 1'000'000;
    return r;
}

// What admission holds for oneDollarRequest(), in USD micro-units (1 USD plus the rounding up of
// the bound's parts).
std::int64_t heldUsd()
{
    const AdmissionRequest r = oneDollarRequest();
    return maxRequestCost(r.price, r.bound, CostBoundDefaults{}).micros;
}

TokenUsage output(std::int64_t tokens)
{
    TokenUsage u;
    u.inputTokens = 10;
    u.outputTokens = tokens;
    return u;
}

} // namespace

class TestBudgetReload : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock{QDateTime(QDate(2026, 4, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
    std::unique_ptr<BudgetService> m_service;
    int m_requests = 0;

    BudgetConfig baseConfig() const
    {
        BudgetConfig c;
        c.keys = {declared(QStringLiteral("k1"), kToken1)};
        c.budgets = {teamBudget(QStringLiteral("eng-cap"), BudgetPeriod::Month, 10'000'000)};
        return c;
    }

    void open(const BudgetConfig& config)
    {
        auto service = BudgetService::open(m_dir->path(), config, m_clock);
        QVERIFY2(service, service ? "" : qPrintable(service.error().message));
        m_service = std::move(service.value());
    }

    std::shared_ptr<const KeyInfo> key(const QByteArray& token)
    {
        const AuthOutcome who = m_service->authenticate(bearer(token), u"chat");
        return who.key;
    }

    std::optional<Admission> admitOne(const QByteArray& token = kToken1)
    {
        AdmitOutcome o = m_service->admit(key(token), oneDollarRequest());
        if (!o.ok())
            return std::nullopt;
        return std::move(o.admission);
    }

    void settle(Admission& a, std::int64_t outputTokens)
    {
        m_service->settle(a, QStringLiteral("req_%1").arg(++m_requests), output(outputTokens));
    }

    BudgetUsage usage(const QString& id) const
    {
        for (const BudgetUsage& u : m_service->budgets().usage()) {
            if (u.rule.id == id)
                return u;
        }
        return {};
    }

    std::int64_t ledgerTotal(const BudgetUsage& u)
    {
        if (!m_service->ledger().flush(10'000))
            return -1;
        auto total = spendTotal(m_service->databasePath(), u.rule.scope, u.rule.subject, u.periodStartMs,
                                u.periodEndMs, u.rule.cap.currencyCode(), *m_service->rates());
        return total ? *total : -1;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_clock.setWallMs(QDateTime(QDate(2026, 4, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    }

    void cleanup() { m_service.reset(); }

    void capChangeKeepsSpendAndReservations()
    {
        open(baseConfig());
        auto a = admitOne();
        QVERIFY(a);
        settle(*a, 400'000);
        auto inFlight = admitOne();
        QVERIFY(inFlight);
        QCOMPARE(usage("eng-cap").spentMicros, 400'000);
        QCOMPARE(usage("eng-cap").reservedMicros, heldUsd());

        BudgetConfig next = baseConfig();
        next.budgets[0].cap = money(20'000'000);
        next.budgets[0].softMicros = 500'000;
        QVERIFY(m_service->applyConfig(next).ok());
        QCOMPARE(usage("eng-cap").rule.cap.micros, 20'000'000);
        QCOMPARE(usage("eng-cap").spentMicros, 400'000);
        QCOMPARE(usage("eng-cap").reservedMicros, heldUsd());
        QCOMPARE(m_service->config().budgets[0].cap.micros, 20'000'000);

        settle(*inFlight, 300'000);
        QCOMPARE(usage("eng-cap").spentMicros, 700'000);
        QCOMPARE(usage("eng-cap").reservedMicros, 0);
        // The new soft threshold is in force: the next admission carries a warning.
        auto warned = admitOne();
        QVERIFY(warned);
        QCOMPARE(int(warned->warnings.size()), 1);
    }

    void lowerCapRefusesAtOnce()
    {
        open(baseConfig());
        auto a = admitOne();
        QVERIFY(a);
        settle(*a, 600'000);
        BudgetConfig next = baseConfig();
        next.budgets[0].cap = money(1'500'000); // 0.6 spent + 1 reserved would pass it
        QVERIFY(m_service->applyConfig(next).ok());
        AdmitOutcome refused = m_service->admit(key(kToken1), oneDollarRequest());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error->status, 402);
        QVERIFY(refused.error->message.contains(QLatin1String("cap 1.500000 USD, spent 0.600000 USD")));
    }

    void changedPeriodIsRecountedAndTakesOverReservations()
    {
        open(baseConfig());
        // Yesterday: 0.3 USD; today: 0.4 USD; and one request still in flight.
        m_clock.setWallMs(QDateTime(QDate(2026, 4, 13), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        auto y = admitOne();
        QVERIFY(y);
        settle(*y, 300'000);
        m_clock.setWallMs(QDateTime(QDate(2026, 4, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        auto t = admitOne();
        QVERIFY(t);
        settle(*t, 400'000);
        auto inFlight = admitOne();
        QVERIFY(inFlight);
        QCOMPARE(usage("eng-cap").spentMicros, 700'000);

        BudgetConfig next = baseConfig();
        next.budgets[0].period = BudgetPeriod::Day;
        QVERIFY(m_service->applyConfig(next).ok());
        const BudgetUsage day = usage("eng-cap");
        QCOMPARE(day.rule.period, BudgetPeriod::Day);
        QCOMPARE(day.spentMicros, 400'000);      // today's spend only, from the ledger
        QCOMPARE(day.reservedMicros, heldUsd()); // the request in flight still holds its money

        settle(*inFlight, 250'000);
        QCOMPARE(usage("eng-cap").spentMicros, 650'000);
        QCOMPARE(usage("eng-cap").reservedMicros, 0);
        QCOMPARE(ledgerTotal(usage("eng-cap")), 650'000);

        // A request admitted before the reload and released unsettled gives its hold back too.
        auto released = admitOne();
        QVERIFY(released);
        next.budgets[0].timeZone = QStringLiteral("Asia/Kolkata");
        QVERIFY(m_service->applyConfig(next).ok());
        QCOMPARE(usage("eng-cap").reservedMicros, heldUsd());
        released.reset();
        QCOMPARE(usage("eng-cap").reservedMicros, 0);
    }

    void newBudgetStartsFromTheLedger()
    {
        open(baseConfig());
        auto a = admitOne();
        QVERIFY(a);
        settle(*a, 450'000);
        BudgetConfig next = baseConfig();
        next.budgets.push_back(teamBudget(QStringLiteral("eng-day"), BudgetPeriod::Day, 1'200'000));
        QVERIFY(m_service->applyConfig(next).ok());
        QCOMPARE(usage("eng-day").spentMicros, 450'000);
        QCOMPARE(usage("eng-cap").spentMicros, 450'000);
        // 0.45 + 1 > 1.2: the new day budget refuses.
        AdmitOutcome refused = m_service->admit(key(kToken1), oneDollarRequest());
        QVERIFY(!refused.ok());
        QVERIFY(refused.error->message.startsWith(QLatin1String("Budget 'eng-day'")));

        // A budget removed from the config stops applying.
        QVERIFY(m_service->applyConfig(baseConfig()).ok());
        QCOMPARE(usage("eng-day").rule.id, QString());
        QVERIFY(admitOne());
    }

    void declaredKeysAreReplaced()
    {
        open(baseConfig());
        auto created =
            m_service->keys().create({QStringLiteral("cli"), QStringLiteral("eng"), {}, {}, 0, {}});
        QVERIFY(created);
        QVERIFY(key(kToken1));
        QVERIFY(!key(kToken2));

        BudgetConfig next = baseConfig();
        next.keys = {declared(QStringLiteral("k2"), kToken2, QStringLiteral("ops"))};
        QVERIFY(m_service->applyConfig(next).ok());
        const AuthOutcome gone = m_service->authenticate(bearer(kToken1), u"chat");
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error->status, 401);
        QCOMPARE(key(kToken2)->team, QStringLiteral("ops"));
        QVERIFY(key(created->token)); // keys created through the CLI or the API stay
        QVERIFY(m_service->keysRequired());
    }

    void teamLimitsApply()
    {
        BudgetConfig config = baseConfig();
        config.teams = {{QStringLiteral("eng"), {1, 0}}};
        open(config);
        QVERIFY(admitOne());
        AdmitOutcome limited = m_service->admit(key(kToken1), oneDollarRequest());
        QVERIFY(!limited.ok());
        QCOMPARE(limited.error->status, 429);

        BudgetConfig next = config;
        next.teams = {{QStringLiteral("eng"), {1000, 0}}};
        QVERIFY(m_service->applyConfig(next).ok());
        QCOMPARE(m_service->limitsFor(RateLimiter::Kind::Team, QStringLiteral("eng")).requestsPerMinute,
                 1000);
        QVERIFY(admitOne());

        // A key's declared limits change too.
        next.keys[0].limits = {1, 0};
        QVERIFY(m_service->applyConfig(next).ok());
        QVERIFY(admitOne());
        QCOMPARE(m_service->admit(key(kToken1), oneDollarRequest()).error->status, 429);
    }

    void ratesAndDisplayCurrencyApply()
    {
        BudgetConfig config = baseConfig();
        config.budgets = {teamBudget(QStringLiteral("eng-eur"), BudgetPeriod::Month, 10'000'000, "EUR")};
        config.rates = {
            {QDate(2026, 1, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.5")}};
        config.displayCurrency = QStringLiteral("EUR");
        open(config);
        auto a = admitOne();
        QVERIFY(a);
        QCOMPARE(usage("eng-eur").reservedMicros, ExchangeRates::applyRate(heldUsd(), 500'000'000));
        settle(*a, 400'000);
        QCOMPARE(usage("eng-eur").spentMicros, 200'000);

        BudgetConfig next = config;
        next.rates.push_back(
            {QDate(2026, 4, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.8")});
        next.displayCurrency = QStringLiteral("USD");
        QVERIFY(m_service->applyConfig(next).ok());
        QCOMPARE(usage("eng-eur").spentMicros, 200'000); // kept: settled at the rate of its day
        auto b = admitOne();
        QVERIFY(b);
        QCOMPARE(usage("eng-eur").reservedMicros, ExchangeRates::applyRate(heldUsd(), 800'000'000));
        m_service->settle(*b, QStringLiteral("req_rate"), output(400'000));
        QCOMPARE(usage("eng-eur").spentMicros, 200'000 + 320'000);
        QCOMPARE(m_service->config().displayCurrency, QStringLiteral("USD"));
    }

    void aBadConfigChangesNothing_data()
    {
        QTest::addColumn<int>("mistake");
        QTest::newRow("display currency") << 0;
        QTest::newRow("duplicate budget id") << 1;
        QTest::newRow("key hash") << 2;
        QTest::newRow("rate") << 3;
        QTest::newRow("soft above cap") << 4;
        QTest::newRow("unset key variable") << 5;
    }

    void aBadConfigChangesNothing()
    {
        QFETCH(int, mistake);
        open(baseConfig());
        auto a = admitOne();
        QVERIFY(a);
        settle(*a, 100'000);

        BudgetConfig bad = baseConfig();
        bad.keys.push_back(declared(QStringLiteral("k2"), kToken2));
        bad.budgets[0].cap = money(50'000'000);
        switch (mistake) {
        case 0:
            bad.displayCurrency = QStringLiteral("EURO");
            break;
        case 1:
            bad.budgets.push_back(bad.budgets[0]);
            break;
        case 2:
            bad.keys[1].sha256Hex = "not-hex";
            break;
        case 3:
            bad.rates = {
                {QDate(2026, 1, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("-1")}};
            break;
        case 4:
            bad.budgets[0].softMicros = 60'000'000;
            break;
        case 5:
            bad.keys[1].sha256Hex.clear();
            bad.keys[1].envName = QStringLiteral("TOLLGATE_TEST_UNSET_VARIABLE_42");
            break;
        }
        const Result<void> r = m_service->applyConfig(bad);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.isEmpty());
        QVERIFY(!r.error().message.contains(QLatin1String(kToken2)));
        QVERIFY(!key(kToken2));
        QVERIFY(key(kToken1));
        QCOMPARE(usage("eng-cap").rule.cap.micros, 10'000'000);
        QCOMPARE(usage("eng-cap").spentMicros, 100'000);
        QCOMPARE(m_service->config().displayCurrency, QStringLiteral("USD"));
    }

    // Request threads admit and settle while the config flips the budget between a monthly and a
    // daily period and changes its cap: no spend or reservation is lost or counted twice.
    void reloadsUnderTrafficLoseNothing()
    {
        open(baseConfig());
        std::atomic<bool> stop{false};
        std::atomic<int> admitted{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < 3; ++t) {
            workers.emplace_back([&, t] {
                const auto who = m_service->authenticate(bearer(kToken1), u"chat").key;
                int n = 0;
                while (!stop.load()) {
                    // Paced, so that each recount reads a ledger of thousands of rows, not millions.
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                    AdmitOutcome o = m_service->admit(who, oneDollarRequest());
                    if (!o.ok())
                        continue;
                    admitted.fetch_add(1);
                    if (++n % 5 == 0) {
                        o.admission.reset(); // released unsettled
                        continue;
                    }
                    m_service->settle(*o.admission, QStringLiteral("req_t%1_%2").arg(t).arg(n),
                                      output(1'000 + n % 7));
                }
            });
        }
        for (int i = 0; i < 30; ++i) {
            BudgetConfig next = baseConfig();
            next.budgets[0].period = i % 2 ? BudgetPeriod::Day : BudgetPeriod::Month;
            next.budgets[0].cap = money(1'000'000'000 + i);
            QVERIFY(m_service->applyConfig(next).ok());
            QTest::qSleep(5);
        }
        stop.store(true);
        for (auto& w : workers)
            w.join();
        QVERIFY(admitted.load() > 0);
        const BudgetUsage u = usage("eng-cap");
        QCOMPARE(u.rule.period, BudgetPeriod::Day); // the last applied (i = 29)
        QCOMPARE(u.reservedMicros, 0);
        QCOMPARE(u.spentMicros, ledgerTotal(u));
        QVERIFY(u.spentMicros > 0);
    }
};

QTEST_GUILESS_MAIN(TestBudgetReload)
#include "tst_budgetreload.moc"

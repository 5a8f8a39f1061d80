#include "budget/budgetenforcer.h"
#include "fakeclock.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

#include <random>
#include <thread>

using namespace tollgate;
using namespace tollgate::budget;

namespace {

Money usd(std::int64_t micros)
{
    Money m;
    m.micros = micros;
    return m;
}

Money in(const char* currency, std::int64_t micros)
{
    Money m;
    m.micros = micros;
    m.currency = Money::currencyFrom(QString::fromLatin1(currency));
    return m;
}

BudgetRuleConfig rule(const char* id, BudgetScope scope, const char* subject, Money cap,
                      BudgetPeriod period = BudgetPeriod::Month)
{
    BudgetRuleConfig r;
    r.id = QString::fromLatin1(id);
    r.scope = scope;
    r.subject = QString::fromLatin1(subject);
    r.cap = cap;
    r.period = period;
    return r;
}

std::int64_t utcMs(int y, int m, int d, int h = 0, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone::utc()).toMSecsSinceEpoch();
}

const BudgetUsage* find(const std::vector<BudgetUsage>& all, const char* id)
{
    for (const auto& u : all) {
        if (u.rule.id == QLatin1String(id))
            return &u;
    }
    return nullptr;
}

} // namespace

class TestBudgetEnforcer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void concurrentReservationsNeverOvershoot()
    {
        constexpr std::int64_t kMax = 1'000'000;   // each request may cost up to 1 USD
        constexpr std::int64_t kCap = 50 * kMax;   // the cap allows about 50 of them
        std::mt19937_64 seeds(20261124);
        for (int round = 0; round < 15; ++round) {
            ManualClock clock;
            BudgetEnforcer enforcer(clock);
            QVERIFY(enforcer.setRules({rule("team-cap", BudgetScope::Team, "support", usd(kCap))}));
            std::atomic<int> admitted{0}, refused{0}, badRefusals{0};
            std::atomic<std::int64_t> charged{0};
            std::vector<std::thread> threads;
            threads.reserve(200);
            for (int t = 0; t < 200; ++t) {
                const std::uint64_t seed = seeds();
                threads.emplace_back([&, seed, t] {
                    std::mt19937_64 rng(seed);
                    ReserveOutcome o = enforcer.reserve({QStringLiteral("key_%1").arg(t % 7), QStringLiteral("support"), {}},
                                                        usd(kMax));
                    if (!o.admitted()) {
                        refused.fetch_add(1);
                        const BudgetRefusal& r = *o.refusal;
                        if (r.budgetId != QLatin1String("team-cap") || r.cap.micros != kCap
                            || r.spent.micros + r.reserved.micros + r.requested.micros <= kCap
                            || r.requested.micros != kMax || r.periodEndMs != utcMs(2026, 2, 1)
                            || o.refusal->toApiError().status != 402)
                            badRefusals.fetch_add(1);
                        return;
                    }
                    admitted.fetch_add(1);
                    if (rng() % 4 == 0)
                        std::this_thread::yield();
                    const int fate = int(rng() % 10);
                    if (fate == 0)
                        return; // failed call: the destructor releases everything
                    const std::int64_t actual = fate == 1 ? 0 : std::int64_t(rng() % (kMax + 1));
                    o.reservation.settle(usd(actual));
                    charged.fetch_add(actual);
                });
            }
            for (auto& th : threads)
                th.join();
            const auto usage = enforcer.usage();
            QCOMPARE(usage.size(), size_t(1));
            QCOMPARE(usage[0].reservedMicros, 0);
            QCOMPARE(usage[0].spentMicros, charged.load());
            QVERIFY2(usage[0].spentMicros <= kCap, qPrintable(QString::number(usage[0].spentMicros)));
            QVERIFY(admitted.load() >= 50);
            QCOMPARE(admitted.load() + refused.load(), 200);
            QVERIFY(refused.load() > 0);
            QCOMPARE(badRefusals.load(), 0);
        }
    }

    void refusalMessageNamesTheBudget()
    {
        ManualClock clock(utcMs(2026, 3, 10, 12));
        BudgetEnforcer enforcer(clock);
        QVERIFY(enforcer.setRules({rule("k-day", BudgetScope::Key, "key_1", usd(2'000'000), BudgetPeriod::Day)}));
        ReserveOutcome first = enforcer.reserve({QStringLiteral("key_1"), QStringLiteral("t"), {}}, usd(1'500'000));
        QVERIFY(first.admitted());
        first.reservation.settle(usd(1'250'000));
        const ReserveOutcome second = enforcer.reserve({QStringLiteral("key_1"), QStringLiteral("t"), {}}, usd(1'000'000));
        QVERIFY(!second.admitted());
        QCOMPARE(second.refusal->spent.micros, 1'250'000);
        QCOMPARE(second.refusal->periodEndMs, utcMs(2026, 3, 11));
        const api::ApiError e = second.refusal->toApiError();
        QCOMPARE(e.status, 402);
        QCOMPARE(e.code, QByteArray("budget_exceeded"));
        QVERIFY2(e.message.contains(QLatin1String("k-day")), qPrintable(e.message));
        QVERIFY(e.message.contains(QLatin1String("2.000000 USD")));
        QVERIFY(e.message.contains(QLatin1String("1.250000 USD")));
        QVERIFY2(e.message.contains(QLatin1String("2026-03-11T00:00:00Z")), qPrintable(e.message));
        // Other keys are not affected by this key's budget.
        QVERIFY(enforcer.reserve({QStringLiteral("key_2"), QStringLiteral("t"), {}}, usd(1'000'000)).admitted());
    }

    void allOrNothingAcrossBudgets()
    {
        ManualClock clock;
        BudgetEnforcer enforcer(clock);
        QVERIFY(enforcer.setRules({rule("team", BudgetScope::Team, "t", usd(100'000'000)),
                                   rule("project", BudgetScope::Project, "p", usd(100'000'000)),
                                   rule("key", BudgetScope::Key, "key_1", usd(1'000'000))}));
        const BudgetSubject who{QStringLiteral("key_1"), QStringLiteral("t"), QStringLiteral("p")};
        ReserveOutcome held = enforcer.reserve(who, usd(600'000));
        QVERIFY(held.admitted());
        auto usage = enforcer.usage();
        QCOMPARE(find(usage, "team")->reservedMicros, 600'000);
        QCOMPARE(find(usage, "project")->reservedMicros, 600'000);
        QCOMPARE(find(usage, "key")->reservedMicros, 600'000);
        const ReserveOutcome refused = enforcer.reserve(who, usd(600'000));
        QVERIFY(!refused.admitted());
        QCOMPARE(refused.refusal->budgetId, QStringLiteral("key"));
        usage = enforcer.usage();
        QCOMPARE(find(usage, "team")->reservedMicros, 600'000); // nothing held by the refused one
        QCOMPARE(find(usage, "project")->reservedMicros, 600'000);
        held.reservation.settle(usd(250'000));
        usage = enforcer.usage();
        for (const char* id : {"team", "project", "key"}) {
            QCOMPARE(find(usage, id)->reservedMicros, 0);
            QCOMPARE(find(usage, id)->spentMicros, 250'000);
        }
    }

    void unsettledReservationReleases()
    {
        ManualClock clock;
        BudgetEnforcer enforcer(clock);
        QVERIFY(enforcer.setRules({rule("team", BudgetScope::Team, "t", usd(1'000'000))}));
        {
            ReserveOutcome o = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(900'000));
            QVERIFY(o.admitted());
            QCOMPARE(enforcer.usage()[0].reservedMicros, 900'000);
            SpendReservation moved = std::move(o.reservation);
            QVERIFY(!o.reservation.active());
            QVERIFY(moved.active());
        }
        QCOMPARE(enforcer.usage()[0].reservedMicros, 0);
        QCOMPARE(enforcer.usage()[0].spentMicros, 0);
        ReserveOutcome again = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'000'000));
        QVERIFY(again.admitted());
        again.reservation.settle(usd(1'000'000));
        again.reservation.settle(usd(1'000'000)); // settling twice charges once
        QCOMPARE(enforcer.usage()[0].spentMicros, 1'000'000);
    }

    void budgetsInAnotherCurrency()
    {
        ManualClock clock(utcMs(2026, 5, 20, 9));
        BudgetEnforcer enforcer(clock);
        auto rates = std::make_shared<ExchangeRates>();
        QVERIFY(rates->add(QDate(2026, 5, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.9")));
        QVERIFY(rates->add(QDate(2026, 5, 25), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.5")));
        enforcer.setRates(rates);
        QVERIFY(enforcer.setRules({rule("eur", BudgetScope::Team, "t", in("EUR", 10'000'000))}));
        ReserveOutcome o = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(10'000'000));
        QVERIFY(o.admitted()); // 9 EUR held (the rate of 2026-05-01, not the future one)
        QCOMPARE(enforcer.usage()[0].reservedMicros, 9'000'000);
        const ReserveOutcome refused = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(2'000'000));
        QVERIFY(!refused.admitted());
        QCOMPARE(refused.refusal->requested.micros, 1'800'000);
        QCOMPARE(refused.refusal->cap.currencyCode(), QStringLiteral("EUR"));
        o.reservation.settle(usd(5'000'000));
        QCOMPARE(enforcer.usage()[0].spentMicros, 4'500'000);

        // No rate into a budget's currency: fail closed with a clear error.
        QVERIFY(enforcer.setRules({rule("inr", BudgetScope::Team, "t", in("INR", 1'000'000'000))}));
        const ReserveOutcome noRate = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1));
        QVERIFY(!noRate.admitted());
        QVERIFY(noRate.error);
        QVERIFY(noRate.error->message.contains(QLatin1String("INR")));
    }

    void dayPeriodInATimeZone()
    {
        // 22:30 UTC on 1 Jan is 23:30 in Berlin (UTC+1).
        ManualClock clock(utcMs(2026, 1, 1, 22, 30));
        BudgetEnforcer enforcer(clock);
        BudgetRuleConfig r = rule("berlin-day", BudgetScope::Team, "t", usd(1'000'000), BudgetPeriod::Day);
        r.timeZone = QStringLiteral("Europe/Berlin");
        QVERIFY(enforcer.setRules({r}));
        ReserveOutcome o = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'000'000));
        QVERIFY(o.admitted());
        o.reservation.settle(usd(1'000'000));
        const ReserveOutcome refused = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1));
        QVERIFY(!refused.admitted());
        QCOMPARE(refused.refusal->periodEndMs, utcMs(2026, 1, 1, 23)); // midnight in Berlin
        clock.advanceMs(29 * 60'000); // 23:59 Berlin
        QVERIFY(!enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1)).admitted());
        clock.advanceMs(60'000); // 00:00 Berlin: a new day
        QVERIFY(enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'000'000)).admitted());
        const auto usage = enforcer.usage();
        QCOMPARE(usage[0].periodStartMs, utcMs(2026, 1, 1, 23));
        QCOMPARE(usage[0].periodEndMs, utcMs(2026, 1, 2, 23));
        QCOMPARE(usage[0].spentMicros, 0);
    }

    void monthAndCustomPeriods()
    {
        ManualClock clock(utcMs(2026, 2, 28, 23, 59));
        BudgetEnforcer enforcer(clock);
        BudgetRuleConfig custom = rule("launch-week", BudgetScope::Project, "launch", usd(1'000'000), BudgetPeriod::Custom);
        custom.customStartMs = utcMs(2026, 3, 2);
        custom.customEndMs = utcMs(2026, 3, 9);
        QVERIFY(enforcer.setRules({rule("month", BudgetScope::Team, "t", usd(5'000'000)), custom}));
        const BudgetSubject who{QStringLiteral("k"), QStringLiteral("t"), QStringLiteral("launch")};
        ReserveOutcome o = enforcer.reserve(who, usd(5'000'000)); // custom not yet active
        QVERIFY(o.admitted());
        o.reservation.settle(usd(5'000'000));
        QVERIFY(!enforcer.reserve(who, usd(1)).admitted());
        clock.advanceMs(60'000); // 1 March: the month budget starts over
        QVERIFY(enforcer.reserve(who, usd(5'000'000)).admitted());
        clock.setWallMs(utcMs(2026, 3, 3));
        const ReserveOutcome inLaunch = enforcer.reserve(who, usd(2'000'000));
        QVERIFY(!inLaunch.admitted());
        QCOMPARE(inLaunch.refusal->budgetId, QStringLiteral("launch-week"));
        QCOMPARE(inLaunch.refusal->periodEndMs, utcMs(2026, 3, 9));
        clock.setWallMs(utcMs(2026, 3, 9));
        QVERIFY(enforcer.reserve(who, usd(2'000'000)).admitted()); // the custom period is over
    }

    void softThresholdWarns()
    {
        ManualClock clock;
        BudgetEnforcer enforcer(clock);
        BudgetRuleConfig r = rule("team", BudgetScope::Team, "t", usd(10'000'000));
        r.softMicros = 8'000'000;
        QVERIFY(enforcer.setRules({r}));
        ReserveOutcome a = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(7'900'000));
        QVERIFY(a.warnings.empty());
        QVERIFY(a.reservation.settle(usd(7'900'000)).empty());
        ReserveOutcome b = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'000'000));
        QVERIFY(b.admitted());
        const auto warnings = b.reservation.settle(usd(200'000));
        QCOMPARE(warnings.size(), size_t(1));
        QCOMPARE(warnings[0].spent.micros, 8'100'000);
        QCOMPARE(enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1)).warnings.size(), size_t(1));
    }

    void changingTheCapKeepsTheSpend()
    {
        ManualClock clock;
        BudgetEnforcer enforcer(clock);
        QVERIFY(enforcer.setRules({rule("team", BudgetScope::Team, "t", usd(2'000'000))}));
        ReserveOutcome o = enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'500'000));
        o.reservation.settle(usd(1'500'000));
        QVERIFY(enforcer.setRules({rule("team", BudgetScope::Team, "t", usd(3'000'000))}));
        QCOMPARE(enforcer.usage()[0].spentMicros, 1'500'000);
        QVERIFY(enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'500'000)).admitted());
        QVERIFY(!enforcer.reserve({QStringLiteral("k"), QStringLiteral("t"), {}}, usd(1'500'001)).admitted());
    }

    void invalidRules_data()
    {
        QTest::addColumn<int>("which");
        for (int i = 0; i < 5; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }

    void invalidRules()
    {
        QFETCH(int, which);
        ManualClock clock;
        BudgetEnforcer enforcer(clock);
        BudgetRuleConfig r = rule("x", BudgetScope::Team, "t", usd(1));
        switch (which) {
        case 0: r.id.clear(); break;
        case 1: r.cap.currency = Money::currencyFrom(QStringLiteral("eu")); break;
        case 2: r.timeZone = QStringLiteral("Mars/Olympus"); break;
        case 3: r.period = BudgetPeriod::Custom; break; // start == end
        case 4: r.softMicros = 2; break;                 // above the cap
        }
        QVERIFY(!enforcer.setRules({r}));
    }
};

QTEST_GUILESS_MAIN(TestBudgetEnforcer)
#include "tst_budgetenforcer.moc"

// The dashboard's spend data: spendBuckets() reads a real budget.db written by the SpendLedger
// (per time bucket and team or currency, in the original currency), and SpendSeries /
// ConvertedSpend turn it into cumulative lines in the display currency with dated rates, keeping
// amounts without a rate apart instead of counting them 1:1.
#include "budget/budgetdb.h"
#include "budget/spendbreakdown.h"
#include "budget/spendledger.h"
#include "models/spendseries.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::budget;
using namespace tollgate::ui;

namespace {

// 2026-03-10 12:00:00 UTC.
constexpr std::int64_t kT0 = 1'773'144'000'000;

Money money(std::int64_t micros, const char* currency)
{
    Money m;
    m.micros = micros;
    m.currency = Money::currencyFrom(QString::fromLatin1(currency));
    return m;
}

SpendRecord record(const char* id, std::int64_t timeMs, const char* team, std::int64_t micros,
                   const char* currency)
{
    SpendRecord r;
    r.requestId = QString::fromLatin1(id);
    r.timeMs = timeMs;
    r.keyId = QStringLiteral("key_") + QString::fromLatin1(team);
    r.team = QString::fromLatin1(team);
    r.provider = QStringLiteral("alpha");
    r.model = QStringLiteral("gpt-fake");
    r.original = money(micros, currency);
    r.converted = r.original;
    return r;
}

ExchangeRates eurToUsd()
{
    ExchangeRates rates;
    // 1 EUR = 1.10 USD from 2026-03-01, 1.20 from 2026-03-11 (the day after kT0).
    (void)rates.add(QDate(2026, 3, 1), QStringLiteral("EUR"), QStringLiteral("USD"), QStringLiteral("1.10"));
    (void)rates.add(QDate(2026, 3, 11), QStringLiteral("EUR"), QStringLiteral("USD"), QStringLiteral("1.20"));
    return rates;
}

} // namespace

class TestSpendSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void convertedSpend_keepsWhatHasNoRate();
    void bucketsFromARealLedger();
    void seriesAreCumulativeAndConverted();
    void badQueriesAreErrors();
};

void TestSpendSeries::convertedSpend_keepsWhatHasNoRate()
{
    const ExchangeRates rates = eurToUsd();
    const QMap<QString, std::int64_t> spend{{QStringLiteral("EUR"), 1'000'000},
                                            {QStringLiteral("USD"), 500'000},
                                            {QStringLiteral("INR"), 83'000'000}};
    ConvertedSpend c = ConvertedSpend::convert(spend, QStringLiteral("USD"), QDate(2026, 3, 10), &rates);
    QCOMPARE(c.micros, 1'600'000); // 1 EUR at 1.10 + 0.5 USD
    QCOMPARE(c.missing.size(), 1);
    QCOMPARE(c.missing.value(QStringLiteral("INR")), 83'000'000);
    QVERIFY(!c.complete());
    // The rate of the day: from 2026-03-11 on, 1.20.
    c = ConvertedSpend::convert(spend, QStringLiteral("USD"), QDate(2026, 3, 11), &rates);
    QCOMPARE(c.micros, 1'700'000);
    // Before any rate: nothing converts but the display currency itself.
    c = ConvertedSpend::convert(spend, QStringLiteral("USD"), QDate(2026, 2, 1), &rates);
    QCOMPARE(c.micros, 500'000);
    QCOMPARE(c.missing.value(QStringLiteral("EUR")), 1'000'000);
    // The inverse of a quoted pair works; no rates at all leaves everything else apart.
    c = ConvertedSpend::convert({{QStringLiteral("USD"), 1'100'000}}, QStringLiteral("EUR"),
                                QDate(2026, 3, 10), &rates);
    QCOMPARE(c.micros, 1'000'000);
    c = ConvertedSpend::convert(spend, QStringLiteral("EUR"), QDate(2026, 3, 10), nullptr);
    QCOMPARE(c.micros, 1'000'000);
    QCOMPARE(c.missing.size(), 2);
    ConvertedSpend sum;
    sum.add(c);
    sum.add(c);
    QCOMPARE(sum.micros, 2'000'000);
    QCOMPARE(sum.missing.value(QStringLiteral("INR")), 166'000'000);
}

void TestSpendSeries::bucketsFromARealLedger()
{
    QTemporaryDir dir;
    const QString path = BudgetDb::pathIn(dir.path());
    {
        auto ledger = SpendLedger::open(path);
        QVERIFY2(ledger, ledger ? "" : qPrintable(ledger.error().message));
        (*ledger)->enqueue(record("r1", kT0 + 1'000, "support", 100, "EUR"));
        (*ledger)->enqueue(record("r2", kT0 + 9'999, "support", 200, "EUR"));
        (*ledger)->enqueue(record("r3", kT0 + 5'000, "sales", 300, "USD"));
        (*ledger)->enqueue(record("r4", kT0 + 10'000, "support", 400, "EUR"));
        (*ledger)->enqueue(record("r5", kT0 + 25'000, "sales", 50, "EUR"));
        (*ledger)->enqueue(record("r6", kT0 - 1, "support", 7, "EUR")); // before the window
        QVERIFY((*ledger)->flush());
    }
    SpendBucketQuery query;
    query.fromMs = kT0;
    query.toMs = kT0 + 60'000;
    query.bucketMs = 10'000;
    auto teams = spendBuckets(path, query);
    QVERIFY2(teams, teams ? "" : qPrintable(teams.error().message));
    QCOMPARE(int(teams->size()), 4);
    const SpendBucketRow& first = (*teams)[0];
    QCOMPARE(first.bucketStartMs, kT0);
    QCOMPARE(first.group, QStringLiteral("sales"));
    QCOMPARE(first.amount.micros, 300);
    QCOMPARE(first.amount.currencyCode(), QStringLiteral("USD"));
    QCOMPARE((*teams)[1].group, QStringLiteral("support"));
    QCOMPARE((*teams)[1].amount.micros, 300); // r1 + r2, both in the first 10 s
    QCOMPARE((*teams)[1].requests, 2);
    QCOMPARE((*teams)[2].bucketStartMs, kT0 + 10'000);
    QCOMPARE((*teams)[2].amount.micros, 400);
    QCOMPARE((*teams)[3].bucketStartMs, kT0 + 20'000);

    query.dimension = SpendDimension::Currency;
    auto currencies = spendBuckets(path, query);
    QVERIFY(currencies);
    QCOMPARE(int(currencies->size()), 4);
    QCOMPARE((*currencies)[0].group, QStringLiteral("EUR"));
    QCOMPARE((*currencies)[0].amount.micros, 300);
    QCOMPARE((*currencies)[1].group, QStringLiteral("USD"));
    QCOMPARE((*currencies)[1].amount.micros, 300);

    // An empty window and a database without spend give no rows, not an error.
    query.fromMs = kT0 + 3'600'000;
    query.toMs = kT0 + 7'200'000;
    auto none = spendBuckets(path, query);
    QVERIFY(none);
    QVERIFY(none->empty());
}

void TestSpendSeries::seriesAreCumulativeAndConverted()
{
    const ExchangeRates rates = eurToUsd();
    const auto row = [](std::int64_t bucket, const char* group, std::int64_t micros, const char* currency) {
        SpendBucketRow r;
        r.bucketStartMs = bucket;
        r.group = QString::fromLatin1(group);
        r.amount = money(micros, currency);
        r.requests = 1;
        return r;
    };
    const std::vector<SpendBucketRow> teamRows{
        row(kT0, "sales", 1'000'000, "USD"), row(kT0, "support", 1'000'000, "EUR"),
        row(kT0 + 10'000, "support", 2'000'000, "EUR"), row(kT0 + 20'000, "support", 5'000'000, "INR")};
    const std::vector<SpendBucketRow> currencyRows{
        row(kT0, "EUR", 1'000'000, "EUR"), row(kT0, "USD", 1'000'000, "USD"),
        row(kT0 + 10'000, "EUR", 2'000'000, "EUR"), row(kT0 + 20'000, "INR", 5'000'000, "INR")};
    const SpendSeries s =
        SpendSeries::build(teamRows, currencyRows, kT0 - 10'000, QStringLiteral("USD"), &rates);

    // Every line starts at the window's start with 0 and has a point at every bucket.
    const QList<QPointF> support = s.teams.value(QStringLiteral("support"));
    QCOMPARE(support.size(), 4);
    QCOMPARE(support[0], QPointF(double(kT0 - 10'000), 0.0));
    QCOMPARE(support[1].y(), 1.1);
    QCOMPARE(support[2].y(), 1.1 + 2.2);
    QCOMPARE(support[3].y(), 3.3); // the INR spend has no rate: not in the converted line
    QCOMPARE(s.teamTotals.value(QStringLiteral("support")), 3'300'000);
    const QList<QPointF> sales = s.teams.value(QStringLiteral("sales"));
    QCOMPARE(sales.size(), 4);
    QCOMPARE(sales.last().y(), 1.0);

    // Per currency in its own units; the total converted; INR reported as missing.
    QCOMPARE(s.currencies.value(QStringLiteral("EUR")).last().y(), 3.0);
    QCOMPARE(s.currencies.value(QStringLiteral("INR")).last().y(), 5.0);
    QCOMPARE(s.total.last().y(), 1.1 + 1.0 + 2.2);
    QCOMPARE(s.totalMicros, 4'300'000);
    QCOMPARE(s.missing.size(), 1);
    QCOMPARE(s.missing.value(QStringLiteral("INR")), 5'000'000);

    // No spend: only the total line, flat at 0.
    const SpendSeries empty = SpendSeries::build({}, {}, kT0, QStringLiteral("EUR"), nullptr);
    QVERIFY(empty.teams.isEmpty());
    QCOMPARE(empty.total.size(), 1);
    QCOMPARE(empty.total.first().y(), 0.0);
}

void TestSpendSeries::badQueriesAreErrors()
{
    QTemporaryDir dir;
    SpendBucketQuery query;
    query.bucketMs = 0;
    QVERIFY(!spendBuckets(BudgetDb::pathIn(dir.path()), query));
    query.bucketMs = 1000;
    // A database that does not exist is not created by a read.
    QVERIFY(!spendBuckets(dir.filePath(QStringLiteral("missing/budget.db")), query));
}

QTEST_MAIN(TestSpendSeries)
#include "tst_spendseries.moc"

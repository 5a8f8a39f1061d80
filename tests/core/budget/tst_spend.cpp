#include "budget/budgetdb.h"
#include "budget/budgetservice.h"
#include "budget/exchangerates.h"
#include "budget/pricing.h"
#include "budget/spendledger.h"
#include "fakeclock.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>

#include <limits>
#include <QtTest>

#include <sqlite3.h>

using namespace tollgate;
using namespace tollgate::budget;

namespace {

std::int64_t utcMs(int y, int m, int d, int h = 12)
{
    return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

PriceSheet gpt4oPrice()
{
    PriceSheet p;
    p.model.inputPerMillionMicros = 2'500'000;       // 2.50 USD / 1M input
    p.model.outputPerMillionMicros = 10'000'000;     // 10 USD / 1M output
    p.model.cachedInputPerMillionMicros = 1'250'000; // 1.25 USD / 1M cached input
    return p;
}

BudgetConfig configWithRates()
{
    BudgetConfig config;
    config.displayCurrency = QStringLiteral("EUR");
    config.rates = {{QDate(2026, 1, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.9")},
                    {QDate(2026, 1, 3), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.8")},
                    {QDate(2026, 1, 1), QStringLiteral("EUR"), QStringLiteral("INR"), QStringLiteral("90")}};
    return config;
}

// Reads one column of every spend row (test-only peek at the file).
QStringList spendColumn(const QString& dbPath, const char* column)
{
    QStringList out;
    sqlite3* db = nullptr;
    sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    const QByteArray sql = QByteArray("SELECT ") + column + " FROM spend ORDER BY time_ms, request_id";
    sqlite3_prepare_v2(db, sql.constData(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        out << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

} // namespace

class TestSpend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void moneyText_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.000000 EUR");
        QTest::newRow("micro") << qint64(65) << QStringLiteral("0.000065 EUR");
        QTest::newRow("whole") << qint64(12'345'678) << QStringLiteral("12.345678 EUR");
        QTest::newRow("negative below one") << qint64(-500'000) << QStringLiteral("-0.500000 EUR");
        QTest::newRow("negative") << qint64(-1'500'001) << QStringLiteral("-1.500001 EUR");
        QTest::newRow("largest") << std::numeric_limits<qint64>::max()
                                 << QStringLiteral("9223372036854.775807 EUR");
        QTest::newRow("smallest") << std::numeric_limits<qint64>::min()
                                  << QStringLiteral("-9223372036854.775808 EUR");
    }

    void moneyText()
    {
        QFETCH(qint64, micros);
        QFETCH(QString, text);
        QCOMPARE((Money{micros, Money::currencyFrom(QStringLiteral("EUR"))}).toString(), text);
    }

    void costWithCachedAndReasoningTokens()
    {
        PriceSheet p = gpt4oPrice();
        TokenUsage u;
        u.inputTokens = 10'000;
        u.cachedInputTokens = 4'000;
        u.outputTokens = 2'000;
        // 6000 * 2.5/1M + 4000 * 1.25/1M + 2000 * 10/1M = 0.015 + 0.005 + 0.02
        QCOMPARE(usageCost(p, u).micros, 40'000);
        QCOMPARE(usageCost(p, u).currencyCode(), QStringLiteral("USD"));
        p.model.cacheWritePerMillionMicros = 3'125'000;
        u.cacheWriteTokens = 2'000; // 4000 plain, 4000 cached, 2000 written
        QCOMPARE(usageCost(p, u).micros, 10'000 + 5'000 + 6'250 + 20'000);
        p.reasoningPerMillionMicros = 20'000'000;
        u.reasoningTokens = 500; // of the 2000 output tokens
        QCOMPARE(usageCost(p, u).micros, 10'000 + 5'000 + 6'250 + 15'000 + 10'000);
        // Nonsense counts are clamped, never negative.
        TokenUsage odd;
        odd.inputTokens = 100;
        odd.cachedInputTokens = 1'000;
        odd.outputTokens = -5;
        QCOMPARE(usageCost(gpt4oPrice(), odd).micros, costMicros(100, 1'250'000));
    }

    void maxCostIsAnUpperBound()
    {
        PriceSheet p = gpt4oPrice();
        p.model.cacheWritePerMillionMicros = 3'125'000;
        const CostBoundDefaults defaults{4096, 8};
        CostBound b;
        b.requestBytes = 4'000;
        b.messageCount = 3;
        b.maxOutputTokens = 500;
        QCOMPARE(inputTokensUpperBound(b, defaults), 4'024);
        QCOMPARE(outputTokensBound(b, defaults), 500);
        // Input at the dearest input price (cache write), output at the output price.
        QCOMPARE(maxRequestCost(p, b, defaults).micros, costMicros(4'024, 3'125'000) + costMicros(500, 10'000'000) + 3);
        b.modelOutputLimit = 300;
        QCOMPARE(outputTokensBound(b, defaults), 300);
        b.maxOutputTokens.reset();
        QCOMPARE(outputTokensBound(b, defaults), 300);
        b.modelOutputLimit = 0;
        QCOMPARE(outputTokensBound(b, defaults), 4'096);
        // Any usage within the bound costs no more than the bound.
        b.maxOutputTokens = 500;
        const Money bound = maxRequestCost(p, b, defaults);
        for (std::int64_t input : {0, 1, 999, 4'024}) {
            for (std::int64_t cached : {std::int64_t(0), input / 3}) {
                for (std::int64_t written : {std::int64_t(0), input / 2}) {
                    TokenUsage u{input, cached, written, 500, 0};
                    QVERIFY(usageCost(p, u).micros <= bound.micros);
                }
            }
        }
    }

    void ratesByDate()
    {
        ExchangeRates rates;
        QVERIFY(rates.add(QDate(2026, 1, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.9")));
        QVERIFY(rates.add(QDate(2026, 1, 3), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.8")));
        Money m;
        m.micros = 10'000'000;
        auto c = rates.convert(m, QStringLiteral("EUR"), QDate(2026, 1, 2));
        QVERIFY(c);
        QCOMPARE(c->amount.micros, 9'000'000);
        QCOMPARE(c->rate.date, QDate(2026, 1, 1));
        c = rates.convert(m, QStringLiteral("EUR"), QDate(2026, 1, 3));
        QCOMPARE(c->amount.micros, 8'000'000);
        QCOMPARE(c->rate.date, QDate(2026, 1, 3));
        c = rates.convert(m, QStringLiteral("EUR"), QDate(2027, 6, 1));
        QCOMPARE(c->amount.micros, 8'000'000);
        // Before the first rate: an error, not a guess.
        auto none = rates.convert(m, QStringLiteral("EUR"), QDate(2025, 12, 31));
        QVERIFY(!none);
        QVERIFY(none.error().message.contains(QLatin1String("2025-12-31")));
        QVERIFY(!rates.convert(m, QStringLiteral("JPY"), QDate(2026, 1, 2)));
        // The inverse pair is used when only the other direction is quoted.
        Money eur;
        eur.currency = Money::currencyFrom(QStringLiteral("EUR"));
        eur.micros = 8'000'000;
        c = rates.convert(eur, QStringLiteral("USD"), QDate(2026, 1, 5));
        QCOMPARE(c->amount.micros, 10'000'000);
        // Same currency: identity.
        QCOMPARE(rates.convert(m, QStringLiteral("USD"), QDate(2000, 1, 1))->amount.micros, 10'000'000);
        QCOMPARE(ExchangeRates::formatRate(ExchangeRates::parseRate(QStringLiteral("83.125")).value()), QStringLiteral("83.125"));
    }

    void ratesFromCsv()
    {
        ExchangeRates rates;
        auto n = rates.loadCsvText("date,from,to,rate\n2026-01-01,USD,INR,83.10\n2026-02-01,USD,INR,83.50\n\n");
        QVERIFY(n);
        QCOMPARE(*n, 2);
        Money m;
        m.micros = 1'000'000;
        QCOMPARE(rates.convert(m, QStringLiteral("INR"), QDate(2026, 1, 31))->amount.micros, 83'100'000);
        QCOMPARE(rates.convert(m, QStringLiteral("INR"), QDate(2026, 2, 1))->amount.micros, 83'500'000);
        for (const QByteArray& bad : {QByteArray("2026-01-01,USD,INR\n"), QByteArray("2026-13-01,USD,INR,1\n"),
                                      QByteArray("2026-01-01,usd,INR,1\n"), QByteArray("2026-01-01,USD,INR,-1\n"),
                                      QByteArray("2026-01-01,USD,INR,1e3\n")}) {
            ExchangeRates r;
            auto result = r.loadCsvText("date,from,to,rate\n" + bad);
            QVERIFY2(!result, bad.constData());
            QVERIFY(result.error().message.contains(QLatin1String("line 2")));
        }
        QVERIFY(!rates.loadCsv(QStringLiteral("/nonexistent/rates.csv")));
    }

    void ledgerKeepsOriginalAndConverted()
    {
        QTemporaryDir dir;
        ManualClock clock(utcMs(2026, 1, 2));
        auto service = BudgetService::open(dir.path(), configWithRates(), clock);
        QVERIFY2(service, qPrintable(service ? QString() : service.error().message));
        auto key = (*service)->keys().create({{}, QStringLiteral("support"), QStringLiteral("helpdesk"), {}, 0, {}});
        QVERIFY(key);
        AdmissionRequest request;
        request.provider = QStringLiteral("openai");
        request.model = QStringLiteral("gpt-4o");
        request.price = gpt4oPrice();
        request.bound = {2'000, 2, 100, 0};
        AdmitOutcome admitted = (*service)->admit(key->info, request);
        QVERIFY(admitted.ok());
        const SettleResult settled = (*service)->settle(*admitted.admission, QStringLiteral("req_1"),
                                                        TokenUsage{10'000, 4'000, 0, 2'000, 0});
        QCOMPARE(settled.cost.micros, 40'000);
        QCOMPARE(settled.converted.micros, 36'000);
        QCOMPARE(settled.converted.currencyCode(), QStringLiteral("EUR"));
        QVERIFY((*service)->ledger().flush());
        const QString db = BudgetDb::pathIn(dir.path());
        QCOMPARE(spendColumn(db, "amount_micros"), QStringList{QStringLiteral("40000")});
        QCOMPARE(spendColumn(db, "currency"), QStringList{QStringLiteral("USD")});
        QCOMPARE(spendColumn(db, "converted_micros"), QStringList{QStringLiteral("36000")});
        QCOMPARE(spendColumn(db, "converted_currency"), QStringList{QStringLiteral("EUR")});
        QCOMPARE(spendColumn(db, "rate"), QStringList{QStringLiteral("0.9")});
        QCOMPARE(spendColumn(db, "rate_date"), QStringList{QStringLiteral("2026-01-01")});
        QCOMPARE(spendColumn(db, "cached_input_tokens"), QStringList{QStringLiteral("4000")});
        QCOMPARE(spendColumn(db, "team"), QStringList{QStringLiteral("support")});
        QCOMPARE(spendColumn(db, "project"), QStringList{QStringLiteral("helpdesk")});
        QCOMPARE(spendColumn(db, "model"), QStringList{QStringLiteral("gpt-4o")});
    }

    void spendSurvivesRestart()
    {
        QTemporaryDir dir;
        ManualClock clock(utcMs(2026, 1, 2));
        BudgetConfig config = configWithRates();
        BudgetRuleConfig eurBudget;
        eurBudget.id = QStringLiteral("support-month");
        eurBudget.scope = BudgetScope::Team;
        eurBudget.subject = QStringLiteral("support");
        eurBudget.cap.micros = 1'000'000;
        eurBudget.cap.currency = Money::currencyFrom(QStringLiteral("EUR"));
        BudgetRuleConfig usdKey;
        usdKey.id = QStringLiteral("key-day");
        usdKey.scope = BudgetScope::Key;
        usdKey.period = BudgetPeriod::Day;
        usdKey.cap.micros = 5'000'000;
        config.budgets = {eurBudget};
        QByteArray token;
        QString keyId;
        {
            auto service = BudgetService::open(dir.path(), config, clock);
            QVERIFY(service);
            auto key = (*service)->keys().create({{}, QStringLiteral("support"), {}, {}, 0, {}});
            QVERIFY(key);
            token = key->token;
            keyId = key->info->id;
            usdKey.subject = keyId;
            QVERIFY((*service)->setBudget(usdKey));
            AdmissionRequest request;
            request.price = gpt4oPrice();
            request.bound = {1'000, 1, 1'000, 0};
            for (int i = 0; i < 3; ++i) {
                AdmitOutcome a = (*service)->admit(key->info, request);
                QVERIFY(a.ok());
                (*service)->settle(*a.admission, QStringLiteral("req_%1").arg(i), TokenUsage{1'000, 0, 0, 1'000, 0});
                // 1000 * 2.5/1M + 1000 * 10/1M = 0.0125 USD = 0.01125 EUR at 0.9
            }
            const auto usage = (*service)->budgets().usage();
            QCOMPARE(usage.size(), size_t(2));
        }
        clock.advanceMs(3'600'000);
        auto service = BudgetService::open(dir.path(), config, clock);
        QVERIFY(service);
        QVERIFY((*service)->keys().lookup(token.toStdString()).ok());
        std::int64_t teamSpent = -1, keySpent = -1;
        for (const BudgetUsage& u : (*service)->budgets().usage()) {
            if (u.rule.id == QLatin1String("support-month"))
                teamSpent = u.spentMicros;
            if (u.rule.id == QLatin1String("key-day"))
                keySpent = u.spentMicros;
        }
        QCOMPARE(teamSpent, 3 * 11'250); // the admin-set budget came back too
        QCOMPARE(keySpent, 3 * 12'500);
        // The next day the daily key budget starts at zero; the monthly team budget does not.
        clock.advanceMs(24 * 3'600'000);
        auto nextDay = BudgetService::open(dir.path(), config, clock);
        for (const BudgetUsage& u : (*nextDay)->budgets().usage())
            QCOMPARE(u.spentMicros, u.rule.id == QLatin1String("key-day") ? 0 : 3 * 11'250);
    }

    void reportsInAnyCurrencyWithEachDaysRate()
    {
        QTemporaryDir dir;
        ManualClock clock(utcMs(2026, 1, 2));
        auto service = BudgetService::open(dir.path(), configWithRates(), clock);
        QVERIFY(service);
        auto a = (*service)->keys().create({{}, QStringLiteral("support"), {}, {}, 0, {}});
        auto b = (*service)->keys().create({{}, QStringLiteral("research"), QStringLiteral("rag"), {}, 0, {}});
        AdmissionRequest request;
        request.provider = QStringLiteral("openai");
        request.model = QStringLiteral("gpt-4o");
        request.price = gpt4oPrice();
        request.bound = {100, 1, 100, 0};
        const TokenUsage usage{0, 0, 0, 100'000, 0}; // 1.00 USD each
        const auto spend = [&](const std::shared_ptr<const KeyInfo>& key, int n) {
            for (int i = 0; i < n; ++i) {
                AdmitOutcome o = (*service)->admit(key, request);
                QVERIFY(o.ok());
                (*service)->settle(*o.admission, QStringLiteral("r"), usage);
            }
        };
        spend(a->info, 2); // 2 Jan: rate 0.9
        clock.setWallMs(utcMs(2026, 1, 3));
        spend(a->info, 1); // 3 Jan: rate 0.8
        spend(b->info, 4);
        QVERIFY((*service)->ledger().flush());

        SpendQuery q;
        q.groupBy = {QStringLiteral("team"), QStringLiteral("day")};
        q.currency = QStringLiteral("EUR");
        auto rows = spendReport((*service)->databasePath(), q, *(*service)->rates());
        QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().message));
        QCOMPARE(rows->size(), size_t(3));
        QCOMPARE((*rows)[0].groupValues, (QStringList{QStringLiteral("research"), QStringLiteral("2026-01-03")}));
        QCOMPARE((*rows)[0].amount.micros, 3'200'000);
        QCOMPARE((*rows)[1].groupValues, (QStringList{QStringLiteral("support"), QStringLiteral("2026-01-02")}));
        QCOMPARE((*rows)[1].amount.micros, 1'800'000);
        QCOMPARE((*rows)[1].requests, 2);
        QCOMPARE((*rows)[2].amount.micros, 800'000);

        q.groupBy = {QStringLiteral("team")};
        q.currency = QStringLiteral("INR"); // USD -> INR has no rate: an error, not a wrong number
        QVERIFY(!spendReport((*service)->databasePath(), q, *(*service)->rates()));
        q.currency = QStringLiteral("USD");
        rows = spendReport((*service)->databasePath(), q, *(*service)->rates());
        QCOMPARE(rows->size(), size_t(2));
        QCOMPARE((*rows)[1].amount.micros, 3'000'000);
        const QByteArray csv = spendReportCsv(q, *rows);
        QCOMPARE(csv, QByteArray("team,requests,input_tokens,output_tokens,amount,currency\n"
                                 "research,4,0,400000,4.000000,USD\n"
                                 "support,3,0,300000,3.000000,USD\n"));
        q.groupBy = {QStringLiteral("project"), QStringLiteral("model")};
        q.fromMs = utcMs(2026, 1, 3, 0);
        q.team = QStringLiteral("research");
        rows = spendReport((*service)->databasePath(), q, *(*service)->rates());
        QCOMPARE(rows->size(), size_t(1));
        QCOMPARE((*rows)[0].groupValues, (QStringList{QStringLiteral("rag"), QStringLiteral("gpt-4o")}));
        q.groupBy = {QStringLiteral("password")};
        QVERIFY(!spendReport((*service)->databasePath(), q, *(*service)->rates()));
    }
};

QTEST_GUILESS_MAIN(TestSpend)
#include "tst_spend.moc"

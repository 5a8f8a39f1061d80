// BudgetTableModel and BudgetLimitModel: budgets with their usage (settled + held against the
// cap) and the linear forecast to the end of the period; rate limits per key and team. Both are
// checked with QAbstractItemModelTester, including the in-place refresh that keeps a selection.
#include "models/budgetlimitmodel.h"
#include "models/budgettablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

constexpr qint64 kHour = 3'600'000;

budget::BudgetUsage usage(const char* id, std::int64_t capMicros, std::int64_t spent,
                          std::int64_t reserved = 0, std::int64_t start = 0, std::int64_t end = 10 * kHour)
{
    budget::BudgetUsage u;
    u.rule.id = QString::fromLatin1(id);
    u.rule.scope = budget::BudgetScope::Team;
    u.rule.subject = QStringLiteral("support");
    u.rule.period = budget::BudgetPeriod::Day;
    u.rule.cap.micros = capMicros;
    u.rule.cap.currency = Money::currencyFrom(QStringLiteral("EUR"));
    u.spentMicros = spent;
    u.reservedMicros = reserved;
    u.periodStartMs = start;
    u.periodEndMs = end;
    return u;
}

} // namespace

class TestBudgetTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void forecast_data();
    void forecast();
    void rowsShowUsageAndForecast();
    void refreshInPlaceKeepsRows();
    void limitModel();
};

void TestBudgetTableModel::forecast_data()
{
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<qint64>("spent");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<bool>("active");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("projected");
    QTest::addColumn<qint64>("exceedAt");
    // Period [0, 10 h). 1 EUR after 2 h -> 5 EUR at the end.
    QTest::newRow("nothing spent") << qint64(10'000'000) << qint64(0) << 2 * kHour << true
                                   << int(BudgetForecast::Kind::NoSpend) << qint64(0) << qint64(0);
    QTest::newRow("on track") << qint64(10'000'000) << qint64(1'000'000) << 2 * kHour << true
                              << int(BudgetForecast::Kind::OnTrack) << qint64(5'000'000) << qint64(0);
    QTest::newRow("exactly the cap") << qint64(5'000'000) << qint64(1'000'000) << 2 * kHour << true
                                     << int(BudgetForecast::Kind::OnTrack) << qint64(5'000'000) << qint64(0);
    // 1 EUR after 2 h, cap 3 EUR: reached 4 h later, at 6 h.
    QTest::newRow("will exceed") << qint64(3'000'000) << qint64(1'000'000) << 2 * kHour << true
                                 << int(BudgetForecast::Kind::WillExceed) << qint64(5'000'000) << 6 * kHour;
    QTest::newRow("exhausted") << qint64(1'000'000) << qint64(1'000'000) << 2 * kHour << true
                               << int(BudgetForecast::Kind::Exhausted) << qint64(1'000'000) << qint64(0);
    QTest::newRow("outside a custom period") << qint64(1'000'000) << qint64(0) << 2 * kHour << false
                                             << int(BudgetForecast::Kind::Inactive) << qint64(0) << qint64(0);
}

void TestBudgetTableModel::forecast()
{
    QFETCH(qint64, cap);
    QFETCH(qint64, spent);
    QFETCH(qint64, now);
    QFETCH(bool, active);
    QFETCH(int, kind);
    QFETCH(qint64, projected);
    QFETCH(qint64, exceedAt);
    budget::BudgetUsage u = usage("b", cap, spent);
    u.active = active;
    const BudgetForecast f = BudgetForecast::compute(u, now);
    QCOMPARE(int(f.kind), kind);
    QCOMPARE(f.projectedMicros, projected);
    QCOMPARE(f.exceedAtMs, exceedAt);
}

void TestBudgetTableModel::rowsShowUsageAndForecast()
{
    BudgetTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    budget::BudgetUsage soft = usage("b-month", 10'000'000, 1'500'000, 500'000);
    soft.rule.softMicros = 8'000'000;
    model.setUsage({soft, usage("a-day", 3'000'000, 1'000'000)}, 2 * kHour);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(BudgetTableModel::ColumnCount));
    QCOMPARE(model.index(0, BudgetTableModel::IdColumn).data().toString(), QStringLiteral("a-day")); // by id
    QCOMPARE(model.rowOf(QStringLiteral("b-month")), 1);
    QCOMPARE(model.index(1, BudgetTableModel::ScopeColumn).data().toString(), QStringLiteral("team"));
    QCOMPARE(model.index(1, BudgetTableModel::SubjectColumn).data().toString(), QStringLiteral("support"));
    QCOMPARE(model.index(1, BudgetTableModel::PeriodColumn).data().toString(), QStringLiteral("day"));
    QCOMPARE(model.index(1, BudgetTableModel::CurrencyColumn).data().toString(), QStringLiteral("EUR"));
    QCOMPARE(model.index(1, 0).data(BudgetTableModel::SettledMicrosRole).toLongLong(), 1'500'000);
    QCOMPARE(model.index(1, 0).data(BudgetTableModel::ReservedMicrosRole).toLongLong(), 500'000);
    QCOMPARE(model.index(1, 0).data(BudgetTableModel::CapMicrosRole).toLongLong(), 10'000'000);
    QCOMPARE(model.index(1, 0).data(BudgetTableModel::SoftMicrosRole).toLongLong(), 8'000'000);
    QCOMPARE(model.index(0, 0).data(BudgetTableModel::SoftMicrosRole).toLongLong(), -1);
    QCOMPARE(model.index(0, BudgetTableModel::SoftColumn).data().toString(), QStringLiteral("none"));
    const QString usageText = model.index(1, BudgetTableModel::UsageColumn).data().toString();
    QVERIFY2(usageText.contains(QLocale().toString(20.0, 'f', 1) + QLatin1Char('%')),
             qPrintable(usageText)); // (1.5 + 0.5) / 10
    QVERIFY2(usageText.contains(BudgetTableModel::formatMicros(1'500'000, QStringLiteral("EUR"))),
             qPrintable(usageText));
    QVERIFY(!model.index(1, BudgetTableModel::UsageColumn).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(model.index(1, BudgetTableModel::ForecastColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("on track")));
    QVERIFY(model.index(0, BudgetTableModel::ForecastColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("will exceed on")));
    QCOMPARE(model.index(0, 0).data(BudgetTableModel::ForecastKindRole).toInt(),
             int(BudgetForecast::Kind::WillExceed));
    QCOMPARE(model.headerData(BudgetTableModel::CapColumn, Qt::Horizontal).toString(),
             QStringLiteral("Hard cap"));
}

void TestBudgetTableModel::refreshInPlaceKeepsRows()
{
    BudgetTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setUsage({usage("a", 3'000'000, 0)}, kHour);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setUsage({usage("a", 3'000'000, 2'000'000)}, kHour);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, 0).data(BudgetTableModel::SettledMicrosRole).toLongLong(), 2'000'000);
    model.setUsage({usage("a", 3'000'000, 0), usage("b", 1, 0)}, kHour);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    model.setUsage({}, kHour);
    QCOMPARE(model.rowCount(), 0);
}

void TestBudgetTableModel::limitModel()
{
    BudgetLimitModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    budget::BudgetService::LimitEntry key{budget::RateLimiter::Kind::Key, QStringLiteral("key_1"), {60, 0}};
    budget::BudgetService::LimitEntry team{
        budget::RateLimiter::Kind::Team, QStringLiteral("support"), {0, 20'000}};
    model.setLimits({key, team});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, BudgetLimitModel::ScopeColumn).data().toString(),
             QStringLiteral("team")); // teams first
    QCOMPARE(model.index(0, BudgetLimitModel::RequestsColumn).data().toString(), QStringLiteral("no limit"));
    QCOMPARE(model.index(0, BudgetLimitModel::TokensColumn).data().toString(), QLocale().toString(20'000));
    QCOMPARE(model.index(1, BudgetLimitModel::SubjectColumn).data().toString(), QStringLiteral("key_1"));
    QCOMPARE(model.index(1, 0).data(BudgetLimitModel::RequestsPerMinuteRole).toLongLong(), 60);
    QCOMPARE(model.rowOf(budget::RateLimiter::Kind::Key, QStringLiteral("key_1")), 1);
    QCOMPARE(model.rowOf(budget::RateLimiter::Kind::Team, QStringLiteral("key_1")), -1);
}

QTEST_MAIN(TestBudgetTableModel)
#include "tst_budgettablemodel.moc"

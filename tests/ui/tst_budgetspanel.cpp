// The Budgets panel around a real Gateway on loopback with a fake OpenAI provider and a real
// budget.db: a hard cap set through the dialog holds over HTTP (a request whose maximum cost does
// not fit gets 402), the usage bar shows exactly the settled spend the gateway reported in
// x-tollgate-cost, editing the cap lets the request through, and limits set through the dialog
// answer 429.
#include "budget/budgetservice.h"
#include "gateway/gateway.h"
#include "models/budgetlimitmodel.h"
#include "models/budgettablemodel.h"
#include "panels/budgets/budgetdialog.h"
#include "panels/budgets/budgetspanel.h"
#include "panels/budgets/limitsdialog.h"
#include "panels/budgets/usagebardelegate.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qWarning() << "no widget" << name;
    return widget;
}

QByteArray chatBody(int maxTokens)
{
    return R"({"model":"chat","max_tokens":)" + QByteArray::number(maxTokens) +
           R"(,"messages":[{"role":"user","content":"how much is left?"}]})";
}

// "0.000123 EUR" -> 123
std::int64_t costMicros(const QByteArray& header)
{
    const QList<QByteArray> parts = header.split(' ');
    if (parts.size() != 2 || parts[1] != "EUR")
        return -1;
    std::int64_t micros = 0;
    return budget::parseAmountMicros(QString::fromLatin1(parts[0]), &micros) ? micros : -1;
}

} // namespace

class TestBudgetsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void hardCapFromTheDialogHoldsAndTheBarShowsSettledSpend();
    void limitsFromTheDialogAnswer429();
    void dialogValidates();

private:
    std::optional<TestResponse> send(const QByteArray& body);

    std::unique_ptr<FakeOpenAiServer> m_alpha;
    std::unique_ptr<TestGateway> m_run; // the running gateway, its data in a temporary directory
    Gateway* m_gateway = nullptr;
    std::unique_ptr<BudgetsPanel> m_panel;
    QByteArray m_token;
    QString m_keyId;
};

void TestBudgetsPanel::init()
{
    m_alpha = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    QVERIFY(m_alpha->listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        m_alpha->baseUrl().toUtf8() +
        "/v1\n    region: eu\n    api_key: sk-x\n    models:\n      - name: gpt-fake\n"
        "        input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR\n"
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";
    m_run = std::make_unique<TestGateway>();
    QVERIFY(m_run->start(yaml));
    m_gateway = &m_run->gateway();
    auto service = m_gateway->budgetService();
    QVERIFY(service);
    budget::NewKeyOptions options;
    options.team = QStringLiteral("qa");
    auto created = service->keys().create(options);
    QVERIFY(created);
    m_token = created->token;
    m_keyId = created->info->id;

    m_panel = std::make_unique<BudgetsPanel>();
    QSignalSpy refreshed(m_panel.get(), &BudgetsPanel::refreshed);
    m_panel->setRefreshInterval(100);
    m_panel->setBudgetService(service);
    m_panel->resize(1100, 700);
    m_panel->show();
    QVERIFY(refreshed.wait(5000)); // the dialogs' suggestions come from the first refresh
}

void TestBudgetsPanel::cleanup()
{
    m_panel.reset();
    m_gateway = nullptr;
    m_run.reset(); // stops the gateway and waits for it
    m_alpha.reset();
}

std::optional<TestResponse> TestBudgetsPanel::send(const QByteArray& body)
{
    return HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", body,
                                   "Authorization: Bearer " + m_token + "\r\n");
}

void TestBudgetsPanel::hardCapFromTheDialogHoldsAndTheBarShowsSettledSpend()
{
    // Spend before any budget exists: a new budget starts from the ledger.
    std::int64_t spent = 0;
    for (int i = 0; i < 3; ++i) {
        const auto r = send(chatBody(5));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const std::int64_t cost = costMicros(r->header("x-tollgate-cost"));
        QVERIFY2(cost > 0, r->header("x-tollgate-cost").constData());
        spent += cost;
    }

    // A daily cap of 0.02 EUR for team qa, through the dialog.
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "addBudgetButton"), Qt::LeftButton);
    BudgetDialog* dialog = m_panel->openBudgetDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    auto* ok = child<QDialogButtonBox>(dialog, "budgetDialogButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(child<QLineEdit>(dialog, "budgetIdEdit"), QStringLiteral("qa-daily"));
    auto* scope = child<QComboBox>(dialog, "budgetScopeCombo");
    scope->setCurrentIndex(scope->findData(int(budget::BudgetScope::Team)));
    QTest::keyClicks(child<QComboBox>(dialog, "budgetSubjectCombo"), QStringLiteral("qa"));
    auto* period = child<QComboBox>(dialog, "budgetPeriodCombo");
    period->setCurrentIndex(period->findData(int(budget::BudgetPeriod::Day)));
    child<QComboBox>(dialog, "budgetCurrencyCombo")->setCurrentText(QStringLiteral("EUR"));
    QTest::keyClicks(child<QLineEdit>(dialog, "budgetCapEdit"), QStringLiteral("0.02"));
    QTest::keyClicks(child<QLineEdit>(dialog, "budgetSoftEdit"), QStringLiteral("0.01"));
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->issues().join(QLatin1Char('\n'))));
    QTest::mouseClick(ok, Qt::LeftButton);

    auto* table = child<QTableView>(m_panel.get(), "budgetsTable");
    const QAbstractItemModel* model = table->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
    QVERIFY(qobject_cast<UsageBarDelegate*>(table->itemDelegateForColumn(BudgetTableModel::UsageColumn)));
    QCOMPARE(model->index(0, BudgetTableModel::IdColumn).data().toString(), QStringLiteral("qa-daily"));
    QCOMPARE(model->index(0, 0).data(BudgetTableModel::CapMicrosRole).toLongLong(), 20'000);
    QCOMPARE(model->index(0, 0).data(BudgetTableModel::SoftMicrosRole).toLongLong(), 10'000);
    // The bar: exactly what the gateway reported as spent, nothing held.
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, 0).data(BudgetTableModel::SettledMicrosRole).toLongLong(),
                              spent, 10000);
    QCOMPARE(model->index(0, 0).data(BudgetTableModel::ReservedMicrosRole).toLongLong(), 0);
    QVERIFY(model->index(0, BudgetTableModel::UsageColumn)
                .data()
                .toString()
                .startsWith(BudgetTableModel::formatMicros(spent, QStringLiteral("EUR"))));
    QVERIFY(!model->index(0, BudgetTableModel::ForecastColumn).data().toString().isEmpty());
    QVERIFY(child<QLabel>(m_panel.get(), "budgetsStatus")->text().contains(QLatin1String("qa-daily")));

    // Up to 4000 output tokens at 10 EUR per million may cost 0.04 EUR: more than the cap holds.
    const auto refused = send(chatBody(4000));
    QVERIFY(refused);
    QCOMPARE(refused->status, 402);
    QVERIFY2(refused->body.contains("qa-daily"), refused->body.constData());
    QVERIFY(refused->body.contains("budget_exceeded"));
    // A small request still fits, and the bar follows its settled cost.
    const auto small = send(chatBody(5));
    QVERIFY(small);
    QCOMPARE(small->status, 200);
    spent += costMicros(small->header("x-tollgate-cost"));
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, 0).data(BudgetTableModel::SettledMicrosRole).toLongLong(),
                              spent, 10000);

    // Edit: a cap of 1 EUR lets the large request through; spend is kept.
    table->selectRow(0);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "editBudgetButton"), Qt::LeftButton);
    dialog = m_panel->openBudgetDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    auto* id = child<QLineEdit>(dialog, "budgetIdEdit");
    QCOMPARE(id->text(), QStringLiteral("qa-daily"));
    QVERIFY(id->isReadOnly());
    QCOMPARE(child<QLineEdit>(dialog, "budgetCapEdit")->text(), QStringLiteral("0.02"));
    child<QLineEdit>(dialog, "budgetCapEdit")->setText(QStringLiteral("1"));
    ok = child<QDialogButtonBox>(dialog, "budgetDialogButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, 0).data(BudgetTableModel::CapMicrosRole).toLongLong(),
                              1'000'000, 10000);
    QCOMPARE(model->index(0, 0).data(BudgetTableModel::SettledMicrosRole).toLongLong(), spent);
    const auto allowed = send(chatBody(4000));
    QVERIFY(allowed);
    QCOMPARE(allowed->status, 200);
}

void TestBudgetsPanel::limitsFromTheDialogAnswer429()
{
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "setLimitsButton"), Qt::LeftButton);
    LimitsDialog* dialog = m_panel->openLimitsDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    auto* kind = child<QComboBox>(dialog, "limitsKindCombo");
    kind->setCurrentIndex(kind->findData(int(budget::RateLimiter::Kind::Key)));
    auto* subject = child<QComboBox>(dialog, "limitsSubjectCombo");
    QVERIFY(subject->findText(m_keyId) >= 0); // offered from the keys
    subject->setCurrentText(m_keyId);
    child<QSpinBox>(dialog, "limitsRpmSpin")->setValue(2);
    auto* ok = child<QDialogButtonBox>(dialog, "limitsDialogButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    auto* table = child<QTableView>(m_panel.get(), "limitsTable");
    const auto rpmShown = [&] {
        const int r = m_panel->limitModel()->rowOf(budget::RateLimiter::Kind::Key, m_keyId);
        return r < 0 ? -1
                     : m_panel->limitModel()
                           ->index(r, 0)
                           .data(BudgetLimitModel::RequestsPerMinuteRole)
                           .toLongLong();
    };
    QTRY_COMPARE_WITH_TIMEOUT(rpmShown(), 2, 10000);
    const int row = m_panel->limitModel()->rowOf(budget::RateLimiter::Kind::Key, m_keyId);
    QCOMPARE(table->model()->index(row, BudgetLimitModel::RequestsColumn).data().toString(),
             QStringLiteral("2"));
    QCOMPARE(table->model()->index(row, BudgetLimitModel::TokensColumn).data().toString(),
             QStringLiteral("no limit"));

    // A burst of 2 per minute: the third request in a row is refused with Retry-After.
    int ok200 = 0;
    std::optional<TestResponse> refused;
    for (int i = 0; i < 3 && !refused; ++i) {
        auto r = send(chatBody(5));
        QVERIFY(r);
        if (r->status == 429)
            refused = r;
        else if (r->status == 200)
            ++ok200;
    }
    QVERIFY(refused);
    QCOMPARE(ok200, 2);
    QVERIFY(!refused->header("retry-after").isEmpty());
}

void TestBudgetsPanel::dialogValidates()
{
    BudgetDialog dialog(std::nullopt, {QStringLiteral("qa")});
    auto* ok = child<QDialogButtonBox>(&dialog, "budgetDialogButtons")->button(QDialogButtonBox::Ok);
    auto* issues = child<QLabel>(&dialog, "budgetIssuesLabel");
    child<QLineEdit>(&dialog, "budgetIdEdit")->setText(QStringLiteral("ok-id"));
    child<QComboBox>(&dialog, "budgetSubjectCombo")->setCurrentText(QStringLiteral("qa"));
    child<QLineEdit>(&dialog, "budgetCapEdit")->setText(QStringLiteral("12.5"));
    QVERIFY2(ok->isEnabled(), qPrintable(issues->text()));
    QCOMPARE(dialog.rule().cap.micros, 12'500'000);
    QCOMPARE(dialog.rule().cap.currencyCode(), QStringLiteral("USD"));
    QCOMPARE(dialog.rule().softMicros, -1);

    child<QLineEdit>(&dialog, "budgetCapEdit")->setText(QStringLiteral("-3"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(issues->text().contains(QLatin1String("-3")));
    child<QLineEdit>(&dialog, "budgetCapEdit")->setText(QStringLiteral("10"));
    child<QLineEdit>(&dialog, "budgetSoftEdit")->setText(QStringLiteral("11"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(issues->text().contains(QLatin1String("above the hard cap")));
    child<QLineEdit>(&dialog, "budgetSoftEdit")->setText(QStringLiteral("8"));
    child<QComboBox>(&dialog, "budgetCurrencyCombo")->setCurrentText(QStringLiteral("EU"));
    QVERIFY(!ok->isEnabled());
    child<QComboBox>(&dialog, "budgetCurrencyCombo")->setCurrentText(QStringLiteral("INR"));
    child<QComboBox>(&dialog, "budgetTimeZoneCombo")->setCurrentText(QStringLiteral("Mars/Olympus"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(issues->text().contains(QLatin1String("Mars/Olympus")));
    child<QComboBox>(&dialog, "budgetTimeZoneCombo")->setCurrentText(QStringLiteral("Asia/Kolkata"));
    QVERIFY2(ok->isEnabled(), qPrintable(issues->text()));
    // A custom period must end after it starts.
    auto* period = child<QComboBox>(&dialog, "budgetPeriodCombo");
    period->setCurrentIndex(period->findData(int(budget::BudgetPeriod::Custom)));
    auto* start = child<QDateTimeEdit>(&dialog, "budgetStartEdit");
    auto* end = child<QDateTimeEdit>(&dialog, "budgetEndEdit");
    end->setDateTime(start->dateTime().addDays(-1));
    QVERIFY(!ok->isEnabled());
    end->setDateTime(start->dateTime().addDays(3));
    QVERIFY2(ok->isEnabled(), qPrintable(issues->text()));
    const budget::BudgetRuleConfig rule = dialog.rule();
    QCOMPARE(rule.period, budget::BudgetPeriod::Custom);
    QCOMPARE(rule.customEndMs - rule.customStartMs, 3 * 86'400'000LL);
    QCOMPARE(rule.softMicros, 8'000'000);
    QCOMPARE(rule.cap.currencyCode(), QStringLiteral("INR"));
}

QTEST_MAIN(TestBudgetsPanel)
#include "tst_budgetspanel.moc"

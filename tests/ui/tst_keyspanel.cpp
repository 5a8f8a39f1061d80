// The Keys panel around a real Gateway on loopback with a fake OpenAI provider and a real
// budget.db: while no key exists a banner says the gateway runs open; a key created through the
// dialog is shown once (and copied), then works over HTTP — 200 with it, 401 without, 403 for a
// model outside its scopes, 400 for an e-mail address under the guardrails profile chosen in the
// dialog; revoked in the panel after a confirmation, the next request gets 401.
#include "budget/budgetservice.h"
#include "gateway/gateway.h"
#include "models/keytablemodel.h"
#include "panels/keys/keydialog.h"
#include "panels/keys/keysecretdialog.h"
#include "panels/keys/keyspanel.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

const QByteArray kChat = R"({"model":"chat","messages":[{"role":"user","content":"hello"}]})";
const QByteArray kEmail =
    R"({"model":"chat","messages":[{"role":"user","content":"write to jane.doe@example.org"}]})";
const QByteArray kDirect = R"({"model":"alpha/gpt-fake","messages":[{"role":"user","content":"hello"}]})";

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qWarning() << "no widget" << name;
    return widget;
}

QByteArray bearer(const QByteArray& token)
{
    return "Authorization: Bearer " + token + "\r\n";
}

} // namespace

class TestKeysPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void createUseAndRevokeAKey();
    void dialogValidatesAndOffersScopesFromTheConfig();
    void withoutAGatewayNothingCanBeCreated();

private:
    int status(const QByteArray& body, const QByteArray& headers = {});

    std::unique_ptr<FakeOpenAiServer> m_alpha;
    std::unique_ptr<TestGateway> m_run; // the running gateway, its data in a temporary directory
    Gateway* m_gateway = nullptr;
    std::unique_ptr<KeysPanel> m_panel;
};

void TestKeysPanel::init()
{
    m_alpha = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    QVERIFY(m_alpha->listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        m_alpha->baseUrl().toUtf8() +
        "/v1\n    region: eu\n    api_key: sk-x\n    models:\n      - name: gpt-fake\n"
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n"
        "  - alias: notes\n    targets: [alpha/gpt-fake]\n    guardrails: {actions: {pii: redact}}\n"
        "guardrails:\n  profiles:\n    strict:\n      actions: {email: block}\n"
        "budget:\n  teams:\n    - name: platform\n";
    m_run = std::make_unique<TestGateway>();
    QVERIFY(m_run->start(yaml));
    m_gateway = &m_run->gateway();
    QVERIFY(m_gateway->budgetService());

    m_panel = std::make_unique<KeysPanel>();
    m_panel->setConfig(m_gateway->config());
    m_panel->resize(1000, 600);
    m_panel->show();
}

void TestKeysPanel::cleanup()
{
    m_panel.reset();
    m_gateway = nullptr;
    m_run.reset(); // stops the gateway and waits for it
    m_alpha.reset();
}

int TestKeysPanel::status(const QByteArray& body, const QByteArray& headers)
{
    const auto response =
        HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", body, headers);
    return response ? response->status : -1;
}

void TestKeysPanel::createUseAndRevokeAKey()
{
    QSignalSpy refreshed(m_panel.get(), &KeysPanel::keysRefreshed);
    m_panel->setBudgetService(m_gateway->budgetService());
    QVERIFY(refreshed.wait(5000));
    auto* banner = child<QLabel>(m_panel.get(), "openGatewayBanner");
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QLatin1String("without one")));
    QCOMPARE(status(kChat), 200); // open: no key exists yet

    // Create through the dialog: team, one scope.
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "createKeyButton"), Qt::LeftButton);
    KeyDialog* dialog = m_panel->openDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    auto* ok = child<QDialogButtonBox>(dialog, "keyDialogButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no team yet
    QTest::keyClicks(child<QComboBox>(dialog, "keyTeamCombo"), QStringLiteral("support"));
    QTest::keyClicks(child<QLineEdit>(dialog, "keyNameEdit"), QStringLiteral("helpdesk bot"));
    auto* scopes = child<QListWidget>(dialog, "keyScopesList");
    const QList<QListWidgetItem*> chat = scopes->findItems(QStringLiteral("chat"), Qt::MatchExactly);
    QCOMPARE(chat.size(), 1);
    chat.first()->setCheckState(Qt::Checked);
    auto* profile = child<QComboBox>(dialog, "keyGuardrailsCombo");
    profile->setCurrentIndex(profile->findText(QStringLiteral("strict")));
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->issues().join(QLatin1Char('\n'))));
    QTest::mouseClick(ok, Qt::LeftButton);

    // Shown once, with a Copy button and the warning.
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->secretDialog() && m_panel->secretDialog()->isVisible(), 10000);
    KeySecretDialog* secret = m_panel->secretDialog();
    const QByteArray token = child<QLineEdit>(secret, "keySecretEdit")->text().toLatin1();
    QVERIFY2(token.startsWith("tg-"), token.constData());
    QCOMPARE(token.size(), 46);
    QVERIFY(child<QLineEdit>(secret, "keySecretEdit")->isReadOnly());
    QVERIFY(
        child<QLabel>(secret, "keySecretWarning")->text().contains(QLatin1String("will not be shown again")));
    QTest::mouseClick(child<QPushButton>(secret, "copyKeyButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text().toLatin1(), token);
    QTest::mouseClick(child<QDialogButtonBox>(secret, "keySecretButtons")->button(QDialogButtonBox::Close),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->secretDialog(), 5000);

    // Listed (by prefix only), and the banner is gone.
    auto* table = child<QTableView>(m_panel.get(), "keysTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
    QVERIFY(!banner->isVisible());
    const QAbstractItemModel* model = table->model();
    QCOMPARE(model->index(0, KeyTableModel::TeamColumn).data().toString(), QStringLiteral("support"));
    QCOMPARE(model->index(0, KeyTableModel::ScopesColumn).data().toString(), QStringLiteral("chat"));
    QCOMPARE(model->index(0, KeyTableModel::GuardrailsColumn).data().toString(), QStringLiteral("strict"));
    QCOMPARE(model->index(0, KeyTableModel::StateColumn).data().toString(), QStringLiteral("active"));
    QVERIFY(token.startsWith(
        model->index(0, KeyTableModel::PrefixColumn).data().toString().chopped(1).toLatin1()));
    for (int column = 0; column < model->columnCount(); ++column)
        QVERIFY(!model->index(0, column).data().toString().contains(QString::fromLatin1(token)));
    const QString keyId = model->index(0, 0).data(KeyTableModel::KeyIdRole).toString();
    QVERIFY(child<QLabel>(m_panel.get(), "keysStatus")->text().contains(keyId));

    // Over HTTP: 200 with the key, 401 without, 403 for a model outside its scope.
    QCOMPARE(status(kChat, bearer(token)), 200);
    QCOMPARE(status(kEmail, bearer(token)), 400); // the key's profile blocks e-mail addresses
    QCOMPARE(status(kChat), 401);
    QCOMPARE(status(kChat, bearer("tg-notakey")), 401);
    QCOMPARE(status(kDirect, bearer(token)), 403);

    // Revoke: asks first; Cancel keeps the key.
    table->selectRow(0);
    auto* revoke = child<QPushButton>(m_panel.get(), "revokeKeyButton");
    QVERIFY(revoke->isEnabled());
    QTest::mouseClick(revoke, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->revokeConfirmation() && m_panel->revokeConfirmation()->isVisible(),
                             5000);
    QVERIFY(m_panel->revokeConfirmation()->text().contains(keyId));
    QTest::mouseClick(m_panel->revokeConfirmation()->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->revokeConfirmation(), 5000);
    QTest::qWait(100);
    QCOMPARE(status(kChat, bearer(token)), 200);

    QTest::mouseClick(revoke, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->revokeConfirmation() && m_panel->revokeConfirmation()->isVisible(),
                             5000);
    QTest::mouseClick(m_panel->revokeConfirmation()->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, KeyTableModel::StateColumn).data().toString(),
                              QStringLiteral("revoked"), 10000);
    QCOMPARE(status(kChat, bearer(token)), 401);
    QVERIFY(!revoke->isEnabled()); // a revoked key cannot be revoked again
    QVERIFY(!banner->isVisible()); // a revoked key still exists: the gateway stays closed
    QCOMPARE(status(kChat), 401);
}

void TestKeysPanel::dialogValidatesAndOffersScopesFromTheConfig()
{
    m_panel->setBudgetService(m_gateway->budgetService());
    m_panel->createKey();
    KeyDialog* dialog = m_panel->openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->offeredScopes(), (QStringList{"chat", "notes", "alpha/*", "alpha/gpt-fake"}));
    // Declared profiles only: the notes route's inline one is not for keys.
    auto* profile = child<QComboBox>(dialog, "keyGuardrailsCombo");
    QCOMPARE(profile->count(), 2);
    QCOMPARE(profile->itemText(1), QStringLiteral("strict"));
    QCOMPARE(dialog->options().guardrails, QString()); // the gateway's policy by default
    auto* team = child<QComboBox>(dialog, "keyTeamCombo");
    QVERIFY(team->findText(QStringLiteral("platform")) >= 0); // from the config's teams
    auto* ok = child<QDialogButtonBox>(dialog, "keyDialogButtons")->button(QDialogButtonBox::Ok);
    auto* issues = child<QLabel>(dialog, "keyIssuesLabel");
    QTest::keyClicks(team, QStringLiteral("bad team!"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(issues->text().contains(QLatin1String("bad team!")));
    team->setCurrentText(QStringLiteral("platform"));
    QVERIFY(ok->isEnabled());
    child<QCheckBox>(dialog, "keyExpiresCheck")->setChecked(true);
    child<QDateTimeEdit>(dialog, "keyExpiresEdit")->setDateTime(QDateTime::currentDateTime().addDays(-1));
    QVERIFY(!ok->isEnabled());
    QVERIFY(issues->text().contains(QLatin1String("past")));
    const QDateTime expiry = QDateTime::currentDateTime().addDays(30);
    child<QDateTimeEdit>(dialog, "keyExpiresEdit")->setDateTime(expiry);
    QVERIFY(ok->isEnabled());
    // A custom pattern joins the list checked.
    QTest::keyClicks(child<QLineEdit>(dialog, "keyCustomScopeEdit"), QStringLiteral("alpha/gpt-*"));
    QTest::mouseClick(child<QPushButton>(dialog, "keyAddScopeButton"), Qt::LeftButton);
    child<QSpinBox>(dialog, "keyRpmSpin")->setValue(30);
    profile->setCurrentIndex(1);
    const budget::NewKeyOptions options = dialog->options();
    QCOMPARE(options.guardrails, QStringLiteral("strict"));
    QCOMPARE(options.team, QStringLiteral("platform"));
    QCOMPARE(options.scopes, QStringList{QStringLiteral("alpha/gpt-*")});
    QCOMPARE(options.limits.requestsPerMinute, 30);
    QVERIFY(qAbs(options.expiresAtMs - expiry.toMSecsSinceEpoch()) < 1000);
    dialog->reject();
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->openDialog(), 5000);
    QCOMPARE(m_panel->model()->rowCount(), 0); // cancelled: nothing created
}

void TestKeysPanel::withoutAGatewayNothingCanBeCreated()
{
    m_panel->setBudgetService(nullptr);
    QVERIFY(!child<QPushButton>(m_panel.get(), "createKeyButton")->isEnabled());
    QVERIFY(!child<QLabel>(m_panel.get(), "openGatewayBanner")->isVisible());
    QVERIFY(child<QLabel>(m_panel.get(), "keysStatus")->text().contains(QLatin1String("Start the gateway")));
    m_panel->createKey();
    QVERIFY(!m_panel->openDialog());
}

QTEST_MAIN(TestKeysPanel)
#include "tst_keyspanel.moc"

// KeyTableModel: the keys as the Keys panel lists them — newest first, the visible prefix and
// never more, the state (active / expired / revoked) computed against the time given — checked
// with QAbstractItemModelTester through resets.
#include "models/keytablemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

std::shared_ptr<const budget::KeyInfo> key(const char* id, std::int64_t createdMs, std::int64_t expiresMs = 0,
                                           std::int64_t revokedMs = 0)
{
    auto k = std::make_shared<budget::KeyInfo>();
    k->id = QString::fromLatin1(id);
    k->name = QStringLiteral("name of ") + k->id;
    k->prefix = QStringLiteral("tg-Ab12");
    k->team = QStringLiteral("support");
    k->project = QStringLiteral("helpdesk");
    k->scopes = {QStringLiteral("chat"), QStringLiteral("alpha/*")};
    k->createdAtMs = createdMs;
    if (QByteArray(id) == "key_new")
        k->guardrails = QStringLiteral("strict"); // its requests use that guardrails profile
    k->expiresAtMs = expiresMs;
    k->revokedAtMs = revokedMs;
    return k;
}

} // namespace

class TestKeyTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsNewestFirstWithTheirState();
    void emptyAndNullKeys();
    void stateOf_data();
    void stateOf();
};

void TestKeyTableModel::rowsNewestFirstWithTheirState()
{
    KeyTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const std::int64_t now = 1'800'000'000'000;
    model.setKeys({key("key_old", now - 3000), key("key_new", now - 1000, now + 60'000),
                   key("key_revoked", now - 2000, 0, now - 500), key("key_expired", now - 4000, now - 1)},
                  now);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(KeyTableModel::ColumnCount));
    QCOMPARE(model.index(0, KeyTableModel::IdColumn).data().toString(), QStringLiteral("key_new"));
    QCOMPARE(model.index(1, KeyTableModel::IdColumn).data().toString(), QStringLiteral("key_revoked"));
    QCOMPARE(model.rowOf(QStringLiteral("key_expired")), 3);
    QCOMPARE(model.rowOf(QStringLiteral("nope")), -1);
    QCOMPARE(model.index(0, KeyTableModel::StateColumn).data().toString(), QStringLiteral("active"));
    QCOMPARE(model.index(1, KeyTableModel::StateColumn).data().toString(), QStringLiteral("revoked"));
    QCOMPARE(model.index(3, KeyTableModel::StateColumn).data().toString(), QStringLiteral("expired"));
    QCOMPARE(model.index(3, 0).data(KeyTableModel::StateRole).toInt(), int(KeyTableModel::State::Expired));
    QCOMPARE(model.index(2, 5).data(KeyTableModel::KeyIdRole).toString(), QStringLiteral("key_old"));
    QCOMPARE(model.index(0, KeyTableModel::PrefixColumn).data().toString(), QStringLiteral("tg-Ab12…"));
    QCOMPARE(model.index(0, KeyTableModel::ScopesColumn).data().toString(), QStringLiteral("chat, alpha/*"));
    QCOMPARE(model.index(0, KeyTableModel::TeamColumn).data().toString(), QStringLiteral("support"));
    QCOMPARE(model.index(0, KeyTableModel::ProjectColumn).data().toString(), QStringLiteral("helpdesk"));
    QCOMPARE(model.index(0, KeyTableModel::GuardrailsColumn).data().toString(), QStringLiteral("strict"));
    QCOMPARE(model.index(1, KeyTableModel::GuardrailsColumn).data().toString(), QStringLiteral("gateway's policy"));
    QCOMPARE(model.index(2, KeyTableModel::ExpiresColumn).data().toString(), QStringLiteral("never"));
    QVERIFY(!model.index(0, KeyTableModel::ExpiresColumn).data().toString().isEmpty());
    QVERIFY(!model.index(0, KeyTableModel::CreatedColumn).data().toString().isEmpty());
    QCOMPARE(model.headerData(KeyTableModel::StateColumn, Qt::Horizontal).toString(),
             QStringLiteral("State"));

    // The same keys a minute later: the active one has expired.
    model.setKeys({key("key_new", now - 1000, now + 60'000)}, now + 61'000);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, KeyTableModel::StateColumn).data().toString(), QStringLiteral("expired"));
}

void TestKeyTableModel::emptyAndNullKeys()
{
    KeyTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setKeys({nullptr, key("key_a", 5)}, 10);
    QCOMPARE(model.rowCount(), 1);
    auto noScopes = std::make_shared<budget::KeyInfo>(*key("key_b", 6));
    noScopes->scopes.clear();
    noScopes->declared = true;
    model.setKeys({noScopes}, 10);
    QCOMPARE(model.index(0, KeyTableModel::ScopesColumn).data().toString(), QStringLiteral("every model"));
    QVERIFY(model.index(0, 0).data(KeyTableModel::DeclaredRole).toBool());
    QVERIFY(
        model.index(0, KeyTableModel::StateColumn).data().toString().contains(QLatin1String("config file")));
    QVERIFY(!model.index(5, 0).isValid());
    QVERIFY(!model.keyAt(3));
    model.setKeys({}, 10);
    QCOMPARE(model.rowCount(), 0);
}

void TestKeyTableModel::stateOf_data()
{
    QTest::addColumn<qint64>("expires");
    QTest::addColumn<qint64>("revoked");
    QTest::addColumn<int>("state");
    QTest::newRow("never expires") << qint64(0) << qint64(0) << int(KeyTableModel::State::Active);
    QTest::newRow("expires later") << qint64(1001) << qint64(0) << int(KeyTableModel::State::Active);
    QTest::newRow("expires now") << qint64(1000) << qint64(0) << int(KeyTableModel::State::Expired);
    QTest::newRow("revoked wins over expired")
        << qint64(500) << qint64(600) << int(KeyTableModel::State::Revoked);
}

void TestKeyTableModel::stateOf()
{
    QFETCH(qint64, expires);
    QFETCH(qint64, revoked);
    QFETCH(int, state);
    budget::KeyInfo k;
    k.expiresAtMs = expires;
    k.revokedAtMs = revoked;
    QCOMPARE(int(KeyTableModel::stateOf(k, 1000)), state);
}

QTEST_MAIN(TestKeyTableModel)
#include "tst_keytablemodel.moc"

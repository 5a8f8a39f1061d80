// ProviderTableModel under QAbstractItemModelTester: rows follow setProviders(), keys show only
// where they come from.
#include "config/configloader.h"
#include "models/providertablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

class TestProviderTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsColumnsAndRoles();
    void keysAreMaskedNeverShown();
    void emptyAndReset();
};

namespace {

ProviderConfig provider(const QString& name, SecretRef::Source source, const QByteArray& value)
{
    ProviderConfig p;
    p.name = name;
    p.kind = QStringLiteral("openai");
    p.baseUrl = QStringLiteral("https://%1.example/v1").arg(name);
    p.region = QStringLiteral("eu");
    p.apiKey.source = source;
    p.apiKey.value = value;
    p.apiKey.envName = QStringLiteral("KEY_ENV");
    p.apiKey.secretName = QStringLiteral("provider.") + name;
    ModelConfig a;
    a.name = QStringLiteral("model-a");
    a.price.inputPerMillionMicros = 150'000;
    ModelConfig b;
    b.name = QStringLiteral("model-b");
    p.models = {a, b};
    return p;
}

} // namespace

void TestProviderTableModel::rowsColumnsAndRoles()
{
    ProviderTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProviders({provider(QStringLiteral("alpha"), SecretRef::Source::None, {}),
                        provider(QStringLiteral("beta"), SecretRef::Source::Env, "env-value-secret")});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(ProviderTableModel::ColumnCount));
    QCOMPARE(model.index(1, ProviderTableModel::NameColumn).data().toString(), QStringLiteral("beta"));
    QCOMPARE(model.index(1, ProviderTableModel::KindColumn).data().toString(), QStringLiteral("openai"));
    QCOMPARE(model.index(1, ProviderTableModel::RegionColumn).data().toString(), QStringLiteral("eu"));
    QCOMPARE(model.index(1, ProviderTableModel::BaseUrlColumn).data().toString(),
             QStringLiteral("https://beta.example/v1"));
    QCOMPARE(model.index(1, ProviderTableModel::ModelsColumn).data().toString(),
             QStringLiteral("model-a, model-b"));
    QVERIFY(model.index(1, ProviderTableModel::ModelsColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains("0.150000"));
    QCOMPARE(model.index(0, ProviderTableModel::ApiKeyColumn).data().toString(), QStringLiteral("none"));
    QCOMPARE(model.index(1, ProviderTableModel::ApiKeyColumn).data().toString(),
             QStringLiteral("env:KEY_ENV"));
    QCOMPARE(model.index(1, ProviderTableModel::RegionColumn)
                 .data(ProviderTableModel::ProviderNameRole)
                 .toString(),
             QStringLiteral("beta"));
    QCOMPARE(model.index(0, 0).data(ProviderTableModel::ModelCountRole).toInt(), 2);
    QCOMPARE(model.headerData(ProviderTableModel::ApiKeyColumn, Qt::Horizontal).toString(),
             QStringLiteral("API key"));
    QCOMPARE(model.rowOf(QStringLiteral("beta")), 1);
    QCOMPARE(model.rowOf(QStringLiteral("gamma")), -1);
    QVERIFY(!model.index(0, 0).flags().testFlag(Qt::ItemIsEditable));
}

void TestProviderTableModel::keysAreMaskedNeverShown()
{
    ProviderTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProviders({provider(QStringLiteral("a"), SecretRef::Source::Secret, "sk-stored-secret-12345"),
                        provider(QStringLiteral("b"), SecretRef::Source::Literal, "sk-literal-secret-67890"),
                        provider(QStringLiteral("c"), SecretRef::Source::Secret, QByteArray())});
    QCOMPARE(model.index(0, ProviderTableModel::ApiKeyColumn).data().toString(),
             QStringLiteral("•••••••• (secret:provider.a)"));
    QCOMPARE(model.index(2, ProviderTableModel::ApiKeyColumn).data().toString(),
             QStringLiteral("missing (secret:provider.c)"));
    // No role of any cell carries a key or a piece of it.
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::EditRole),
                             int(ProviderTableModel::ProviderNameRole)}) {
                const QString text = model.index(row, column).data(role).toString();
                QVERIFY2(!text.contains(QLatin1String("sk-")), qPrintable(text));
                QVERIFY(!text.contains(QLatin1String("secret-1")) &&
                        !text.contains(QLatin1String("secret-6")));
            }
        }
    }
}

void TestProviderTableModel::emptyAndReset()
{
    ProviderTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setProviders({provider(QStringLiteral("a"), SecretRef::Source::None, {})});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    model.setProviders({});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

QTEST_MAIN(TestProviderTableModel)
#include "tst_providertablemodel.moc"

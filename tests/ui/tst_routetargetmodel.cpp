// RouteTargetModel under QAbstractItemModelTester: rows, the weight edit and drag-and-drop turn
// into requests, and same-size updates keep the rows (no reset).
#include "models/routetargetmodel.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

std::vector<RouteTargetConfig> threeTargets()
{
    return {RouteTargetConfig{QStringLiteral("alpha"), QStringLiteral("m1"), 1},
            RouteTargetConfig{QStringLiteral("beta"), QStringLiteral("org/m2"), 5},
            RouteTargetConfig{QStringLiteral("gamma"), QStringLiteral("m3"), 1}};
}

} // namespace

class TestRouteTargetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsAndRoles();
    void weightEdit_isARequest();
    void drop_isAMoveRequest_data();
    void drop_isAMoveRequest();
    void foreignDrop_isRefused();
    void sameSizeUpdate_keepsRows();
};

void TestRouteTargetModel::rowsAndRoles()
{
    RouteTargetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTargets(threeTargets());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(RouteTargetModel::ColumnCount));
    QCOMPARE(model.index(1, RouteTargetModel::OrderColumn).data().toInt(), 2);
    QCOMPARE(model.index(1, RouteTargetModel::TargetColumn).data().toString(), QStringLiteral("beta/org/m2"));
    QCOMPARE(model.index(1, RouteTargetModel::WeightColumn).data().toInt(), 5);
    QCOMPARE(model.index(1, 0).data(RouteTargetModel::ProviderRole).toString(), QStringLiteral("beta"));
    QCOMPARE(model.index(1, 0).data(RouteTargetModel::ModelRole).toString(), QStringLiteral("org/m2"));
    QCOMPARE(model.index(1, 0).data(RouteTargetModel::WeightRole).toInt(), 5);
    QVERIFY(model.flags(model.index(0, RouteTargetModel::WeightColumn)).testFlag(Qt::ItemIsEditable));
    QVERIFY(!model.flags(model.index(0, RouteTargetModel::TargetColumn)).testFlag(Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(0, RouteTargetModel::TargetColumn)).testFlag(Qt::ItemIsDragEnabled));
    QVERIFY(model.flags(QModelIndex()).testFlag(Qt::ItemIsDropEnabled));
    QCOMPARE(model.supportedDropActions(), Qt::DropActions(Qt::MoveAction));
}

void TestRouteTargetModel::weightEdit_isARequest()
{
    RouteTargetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTargets(threeTargets());
    QSignalSpy requested(&model, &RouteTargetModel::weightEditRequested);
    QVERIFY(model.setData(model.index(2, RouteTargetModel::WeightColumn), 40));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toInt(), 2);
    QCOMPARE(requested.at(0).at(1).toInt(), 40);
    QCOMPARE(model.targets()[2].weight, 1); // unchanged until the editor answers with setTargets()
    QVERIFY(!model.setData(model.index(2, RouteTargetModel::WeightColumn), 0));
    QVERIFY(!model.setData(model.index(2, RouteTargetModel::WeightColumn), 1001));
    QVERIFY(!model.setData(model.index(2, RouteTargetModel::WeightColumn), QStringLiteral("heavy")));
    QVERIFY(!model.setData(model.index(2, RouteTargetModel::TargetColumn), QStringLiteral("x/y")));
    QCOMPARE(requested.count(), 1);
}

void TestRouteTargetModel::drop_isAMoveRequest_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("dropRow");    // row argument of dropMimeData (-1: on an item or the end)
    QTest::addColumn<int>("parentRow");  // item dropped onto (-1: none)
    QTest::addColumn<int>("expectedTo"); // -1: no request
    QTest::newRow("last to first") << 2 << 0 << -1 << 0;
    QTest::newRow("first below second") << 0 << 2 << -1 << 1;
    QTest::newRow("first to the end") << 0 << -1 << -1 << 2;
    QTest::newRow("onto the first item") << 2 << -1 << 0 << 0;
    QTest::newRow("onto itself") << 1 << 1 << -1 << -1;
    QTest::newRow("just below itself") << 1 << 2 << -1 << -1;
}

void TestRouteTargetModel::drop_isAMoveRequest()
{
    QFETCH(int, from);
    QFETCH(int, dropRow);
    QFETCH(int, parentRow);
    QFETCH(int, expectedTo);
    RouteTargetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTargets(threeTargets());
    std::unique_ptr<QMimeData> data(model.mimeData({model.index(from, 1)}));
    QVERIFY(data);
    const QModelIndex parent = parentRow >= 0 ? model.index(parentRow, 0) : QModelIndex();
    QVERIFY(model.canDropMimeData(data.get(), Qt::MoveAction, dropRow, 0, parent));
    QSignalSpy requested(&model, &RouteTargetModel::moveRequested);
    // false: the view must not remove the dragged row; the editor moves it.
    QVERIFY(!model.dropMimeData(data.get(), Qt::MoveAction, dropRow, 0, parent));
    if (expectedTo < 0) {
        QCOMPARE(requested.count(), 0);
    } else {
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toInt(), from);
        QCOMPARE(requested.at(0).at(1).toInt(), expectedTo);
    }
    QCOMPARE(model.rowCount(), 3);
}

void TestRouteTargetModel::foreignDrop_isRefused()
{
    RouteTargetModel model;
    model.setTargets(threeTargets());
    QMimeData text;
    text.setText(QStringLiteral("alpha/m1"));
    QVERIFY(!model.canDropMimeData(&text, Qt::MoveAction, 0, 0, {}));
    QMimeData garbage;
    garbage.setData(model.mimeTypes().first(), "\xff");
    QVERIFY(!model.canDropMimeData(&garbage, Qt::MoveAction, 0, 0, {}));
    std::unique_ptr<QMimeData> data(model.mimeData({model.index(0, 0)}));
    QVERIFY(!model.canDropMimeData(data.get(), Qt::CopyAction, 0, 0, {}));
    model.setTargets({});
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, 0, 0, {})); // row 0 no longer exists
}

void TestRouteTargetModel::sameSizeUpdate_keepsRows()
{
    RouteTargetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTargets(threeTargets());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto moved = threeTargets();
    std::swap(moved[0], moved[2]);
    model.setTargets(moved);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("gamma/m3"));
    moved.pop_back();
    model.setTargets(moved);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
}

QTEST_MAIN(TestRouteTargetModel)
#include "tst_routetargetmodel.moc"

// The request log model under QAbstractItemModelTester: columns, roles, refreshes that insert new
// rows at the top and drop old ones at the bottom, resets when the rows are unrelated; and the
// filter proxy over it.
#include "models/requestlogmodel.h"
#include "panels/requests/requestfilterproxy.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

RequestLogRecord record(int n, const QString& provider = QStringLiteral("alpha"), int status = 200)
{
    RequestLogRecord r;
    r.requestId = "req_" + QByteArray::number(n);
    r.startedAtMs = 1'700'000'000'000 + n * 1000;
    r.provider = provider;
    r.modelRequested = QStringLiteral("chat");
    r.modelUsed = provider.isEmpty() ? QString() : QStringLiteral("gpt-") + provider;
    r.endpoint = QStringLiteral("chat.completions");
    r.status = status;
    r.totalUs = 1000 * (n + 1);
    r.inputTokens = n;
    r.outputTokens = 2 * n;
    r.costMicros = 10 * n;
    r.costCurrency = QStringLiteral("EUR");
    if (status >= 400) {
        r.errorType = QStringLiteral("upstream_error");
        r.errorMessage = QStringLiteral("provider %1 failed hard").arg(provider);
    }
    return r;
}

// Newest first, ids from `newest` down to `oldest`.
std::vector<RequestLogRecord> range(int newest, int oldest)
{
    std::vector<RequestLogRecord> v;
    for (int n = newest; n >= oldest; --n)
        v.push_back(
            record(n, n % 3 == 0 ? QStringLiteral("beta") : QStringLiteral("alpha"), n % 5 == 0 ? 502 : 200));
    return v;
}

QStringList ids(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RequestLogModel::RequestIdRole).toString();
    return out;
}

} // namespace

class TestRequestLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnsAndRoles();
    void refreshInsertsAtTopAndTrimsBottom();
    void unrelatedRowsReset();
    void proxyFiltersAndSorts();
};

void TestRequestLogModel::columnsAndRoles()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(RequestLogModel::ColumnCount));
    model.setRecords(range(3, 1));
    QCOMPARE(model.rowCount(), 3);
    const QModelIndex first = model.index(0, RequestLogModel::Provider);
    QCOMPARE(first.data(RequestLogModel::RequestIdRole).toString(), QStringLiteral("req_3"));
    QCOMPARE(first.data().toString(), QStringLiteral("beta"));
    QCOMPARE(first.data(RequestLogModel::ModelRole).toString(), QStringLiteral("gpt-beta"));
    QCOMPARE(model.index(0, RequestLogModel::Status).data(RequestLogModel::StatusRole).toInt(), 200);
    QCOMPARE(model.index(0, RequestLogModel::Latency).data(RequestLogModel::SortRole).toLongLong(), 4000);
    QCOMPARE(model.index(0, RequestLogModel::Cost).data().toString(), QStringLiteral("0.000030 EUR"));
    QCOMPARE(model.index(0, RequestLogModel::Tokens).data().toString(), QStringLiteral("3 / 6"));
    QCOMPARE(model.headerData(RequestLogModel::Status, Qt::Horizontal).toString(), QStringLiteral("Status"));
    QVERIFY(!model.index(0, 0).parent().isValid());
    QVERIFY(!model.recordAt(3));
    QCOMPARE(model.recordAt(2)->requestId, QByteArray("req_1"));

    std::vector<RequestLogRecord> withGateway{record(9, QString(), 404), record(8, QString(), 0)};
    model.setRecords(withGateway);
    QCOMPARE(model.index(0, RequestLogModel::Provider).data().toString(), QStringLiteral("(gateway)"));
    QCOMPARE(model.index(0, RequestLogModel::Provider).data(RequestLogModel::ProviderRole).toString(),
             QString());
    QCOMPARE(model.index(0, RequestLogModel::Model).data().toString(), QStringLiteral("chat"));
    QCOMPARE(model.index(1, RequestLogModel::Status).data().toString(), QStringLiteral("client left"));
}

void TestRequestLogModel::refreshInsertsAtTopAndTrimsBottom()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords(range(10, 1));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // A read limited to 10 rows after 3 new requests: 3 in front, the 3 oldest gone.
    model.setRecords(range(13, 4));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0].at(1).toInt(), 0);
    QCOMPARE(inserted[0].at(2).toInt(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0].at(1).toInt(), 7);
    QCOMPARE(removed[0].at(2).toInt(), 9);
    QCOMPARE(ids(model).first(), QStringLiteral("req_13"));
    QCOMPARE(ids(model).last(), QStringLiteral("req_4"));
    QCOMPARE(model.rowCount(), 10);

    // The same read again changes nothing.
    model.setRecords(range(13, 4));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0);
}

void TestRequestLogModel::unrelatedRowsReset()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords(range(5, 1));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRecords(range(50, 45)); // another database: none of the shown rows
    QCOMPARE(reset.size(), 1);
    QCOMPARE(ids(model).first(), QStringLiteral("req_50"));
    model.setRecords({});
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 0);
}

void TestRequestLogModel::proxyFiltersAndSorts()
{
    RequestLogModel model;
    RequestFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords(range(15, 1)); // beta: 3,6,9,12,15; errors: 5,10,15
    QCOMPARE(proxy.rowCount(), 15);

    proxy.setProvider(QStringLiteral("beta"));
    QCOMPARE(proxy.rowCount(), 5);
    proxy.setStatusFilter(RequestFilterProxy::StatusFilter::ServerError);
    QCOMPARE(ids(proxy), (QStringList{"req_15"}));
    proxy.setProvider(QString());
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setStatusFilter(RequestFilterProxy::StatusFilter::Success);
    QCOMPARE(proxy.rowCount(), 12);
    proxy.setStatusFilter(RequestFilterProxy::StatusFilter::Any);

    proxy.setModel(QStringLiteral("gpt-alpha"));
    QCOMPARE(proxy.rowCount(), 10);
    proxy.setModel(QString());
    proxy.setText(QStringLiteral("REQ_1"));
    QCOMPARE(proxy.rowCount(), 7); // req_1, req_10 .. req_15
    proxy.setText(QStringLiteral("failed hard"));
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setText(QString());

    proxy.sort(RequestLogModel::Latency, Qt::AscendingOrder);
    QCOMPARE(ids(proxy).first(), QStringLiteral("req_1"));
    proxy.sort(RequestLogModel::Time, Qt::DescendingOrder);
    QCOMPARE(ids(proxy).first(), QStringLiteral("req_15"));

    // New rows arriving under an active filter are filtered too.
    proxy.setProvider(QStringLiteral("beta"));
    model.setRecords(range(18, 4));
    QCOMPARE(ids(proxy).first(), QStringLiteral("req_18"));
    QCOMPARE(proxy.rowCount(), 5); // 18, 15, 12, 9, 6
}

QTEST_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"

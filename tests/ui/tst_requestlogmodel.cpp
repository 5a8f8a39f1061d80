// The request log model over a real SQLite store of 1,500 requests, under
// QAbstractItemModelTester: pages that cover the whole log without overlap, sorting by every
// column done by the store (the first row of a page is the first of the whole log, not of the
// rows shown), filters by provider, model, status class and text applied in SQL (and combined),
// a refresh that brings new requests inserts them at the top without a reset, a newer view wins
// over an older read, and a missing database is an error, never created.
#include "common/ids.h"
#include "models/requestlogmodel.h"
#include "store/requestlogwriter.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

constexpr int StoreRows = 1500;
const QString Providers[] = {QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma"), QString()};
const int Statuses[] = {200, 200, 200, 429, 502, 0, 201};

// Row n of the test log; n is also its order of insertion (the store's id - 1). Two rows share
// each start time, so ties are broken by the store's id.
RequestLogRecord record(int n)
{
    RequestLogRecord r;
    r.requestId = "req_" + QByteArray::number(n).rightJustified(5, '0');
    r.startedAtMs = 1'700'000'000'000 + (n / 2) * 10;
    r.finishedAtMs = r.startedAtMs + 5;
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.endpoint = QStringLiteral("chat.completions");
    r.provider = Providers[n % 4];
    r.modelRequested = n % 5 == 0 ? QStringLiteral("chat-large") : QStringLiteral("chat-default");
    r.modelUsed = r.provider.isEmpty() ? QString() : QStringLiteral("model-") + QString::number(n % 3);
    r.status = Statuses[n % 7];
    r.totalUs = (qint64(n) * 7919) % 100'003;
    r.inputTokens = (n * 31) % 997;
    r.outputTokens = (n * 17) % 89;
    r.costMicros = (qint64(n) * 104'729) % 50'021;
    r.costCurrency = QStringLiteral("EUR");
    if (r.status == 0)
        r.stopReason = QStringLiteral("no_quota_after_disconnect");
    if (r.status >= 400) {
        r.errorType = QStringLiteral("upstream_error");
        r.errorMessage = n % 2 ? QStringLiteral("quota at 50% for %1").arg(n) : QStringLiteral("quota at 500 for %1").arg(n);
    }
    return r;
}

QString modelOf(const RequestLogRecord& r)
{
    return r.modelUsed.isEmpty() ? r.modelRequested : r.modelUsed;
}

bool writeStore(const QString& path, int from, int to, QString* error)
{
    std::unique_ptr<RequestLogWriter> writer = RequestLogWriter::open(path, error);
    if (!writer)
        return false;
    for (int n = from; n < to; ++n)
        writer->enqueue(record(n));
    return writer->flush(20'000);
}

QStringList ids(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RequestLogModel::RequestIdRole).toString();
    return out;
}

// What the store should answer: rows 0..count-1 that pass `keep`, ordered by `less` on the key
// (ties by insertion order, in the same direction), one page of them.
QStringList expected(int count, const std::function<bool(const RequestLogRecord&)>& keep,
                     const std::function<QVariant(const RequestLogRecord&)>& key, Qt::SortOrder order,
                     int offset, int limit, int* matching = nullptr)
{
    std::vector<std::pair<RequestLogRecord, int>> rows;
    for (int n = 0; n < count; ++n) {
        RequestLogRecord r = record(n);
        if (!keep || keep(r))
            rows.emplace_back(std::move(r), n);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        const QVariant ka = key(a.first);
        const QVariant kb = key(b.first);
        const QPartialOrdering c = QVariant::compare(ka, kb);
        if (c != QPartialOrdering::Equivalent)
            return order == Qt::AscendingOrder ? c == QPartialOrdering::Less : c == QPartialOrdering::Greater;
        return order == Qt::AscendingOrder ? a.second < b.second : a.second > b.second;
    });
    if (matching)
        *matching = int(rows.size());
    QStringList out;
    for (int i = offset; i < int(rows.size()) && i < offset + limit; ++i)
        out << QString::fromLatin1(rows[size_t(i)].first.requestId);
    return out;
}

QVariant timeKey(const RequestLogRecord& r)
{
    return qlonglong(r.startedAtMs);
}

} // namespace

class TestRequestLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void columnsAndRoles();
    void pagesCoverTheWholeLog();
    void sortsInTheStore_data();
    void sortsInTheStore();
    void sortsByRequestIdAlongTheirTimes();
    void filtersInTheStore_data();
    void filtersInTheStore();
    void newRequestsInsertAtTheTop();
    void newestViewWins();
    void missingDatabaseFails();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestRequestLogModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("requests.db"));
    QString error;
    QVERIFY2(writeStore(m_path, 0, StoreRows, &error), qPrintable(error));
}

void TestRequestLogModel::columnsAndRoles()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(RequestLogModel::ColumnCount));
    model.setDatabasePath(m_path);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(model.rowCount(), RequestLogModel::DefaultPageSize);

    // Newest first. Row 1499: the gateway answered itself (no provider, no model used).
    const RequestLogRecord newest = record(StoreRows - 1);
    QVERIFY(newest.provider.isEmpty());
    const QModelIndex first = model.index(0, RequestLogModel::Provider);
    QCOMPARE(first.data(RequestLogModel::RequestIdRole).toString(), QString::fromLatin1(newest.requestId));
    QCOMPARE(first.data().toString(), QStringLiteral("(gateway)"));
    QCOMPARE(first.data(RequestLogModel::ProviderRole).toString(), QString());
    QCOMPARE(first.data(RequestLogModel::ModelRole).toString(), QStringLiteral("chat-default"));
    QCOMPARE(model.index(0, RequestLogModel::Model).data().toString(), QStringLiteral("chat-default"));
    QCOMPARE(model.index(0, RequestLogModel::Status).data(RequestLogModel::StatusRole).toInt(), newest.status);
    QCOMPARE(model.index(0, RequestLogModel::Latency).data(RequestLogModel::SortRole).toLongLong(), newest.totalUs);
    QCOMPARE(model.index(0, RequestLogModel::Tokens).data().toString(),
             QStringLiteral("%1 / %2").arg(newest.inputTokens).arg(newest.outputTokens));
    QVERIFY(model.index(0, RequestLogModel::Cost).data().toString().endsWith(QStringLiteral("EUR")));
    QCOMPARE(model.headerData(RequestLogModel::Status, Qt::Horizontal).toString(), QStringLiteral("Status"));

    // Row 1496: the client left (status 0). Row 1494: a 429 from gamma, its error as the tooltip.
    QCOMPARE(record(1496).status, 0);
    QCOMPARE(model.rowOfRequest(record(1496).requestId), 3);
    QCOMPARE(model.index(3, RequestLogModel::Status).data().toString(), QStringLiteral("client left"));
    const RequestLogRecord failed = record(1494);
    QCOMPARE(failed.status, 429);
    QCOMPARE(model.rowOfRequest(failed.requestId), 5);
    QCOMPARE(model.index(5, RequestLogModel::Provider).data().toString(), QStringLiteral("gamma"));
    QCOMPARE(model.index(5, RequestLogModel::Model).data().toString(), modelOf(failed));
    QCOMPARE(model.index(5, 0).data(Qt::ToolTipRole).toString(), failed.errorMessage);
    QVERIFY(!failed.errorMessage.isEmpty());

    // The filter choices come from the store.
    QCOMPARE(model.providerChoices(),
             (QStringList{QString(), QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")}));
    QVERIFY(model.modelChoices().contains(QStringLiteral("chat-large")));
    QVERIFY(model.modelChoices().contains(QStringLiteral("model-2")));
}

void TestRequestLogModel::pagesCoverTheWholeLog()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabasePath(m_path);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(model.matchingCount(), qint64(StoreRows));
    QVERIFY(!model.matchingCountCapped());
    QCOMPARE(model.pageCount(), 8);
    QVERIFY(!model.hasPreviousPage());
    QVERIFY(model.hasNextPage());

    QSet<QString> seen;
    for (int page = 0; page < model.pageCount(); ++page) {
        model.setPage(page);
        QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
        QCOMPARE(model.page(), page);
        const QStringList shown = ids(model);
        QCOMPARE(shown, expected(StoreRows, {}, timeKey, Qt::DescendingOrder, page * 200, 200));
        for (const QString& id : shown)
            seen.insert(id);
        QCOMPARE(model.hasNextPage(), page < 7);
        QCOMPARE(model.hasPreviousPage(), page > 0);
    }
    QCOMPARE(seen.size(), StoreRows); // no row twice, none skipped
    QCOMPARE(model.rowCount(), StoreRows - 7 * 200);
    QCOMPARE(model.index(model.rowCount() - 1, 0).data(RequestLogModel::RequestIdRole).toString(),
             QStringLiteral("req_00000"));

    // A smaller page size starts again at the first page.
    model.setPageSize(64);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(model.page(), 0);
    QCOMPARE(model.rowCount(), 64);
    QCOMPARE(model.pageCount(), (StoreRows + 63) / 64);
}

void TestRequestLogModel::sortsInTheStore_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addRow("time ascending") << int(RequestLogModel::Time) << int(Qt::AscendingOrder);
    QTest::addRow("latency ascending") << int(RequestLogModel::Latency) << int(Qt::AscendingOrder);
    QTest::addRow("latency descending") << int(RequestLogModel::Latency) << int(Qt::DescendingOrder);
    QTest::addRow("provider ascending") << int(RequestLogModel::Provider) << int(Qt::AscendingOrder);
    QTest::addRow("model descending") << int(RequestLogModel::Model) << int(Qt::DescendingOrder);
    QTest::addRow("status ascending") << int(RequestLogModel::Status) << int(Qt::AscendingOrder);
    QTest::addRow("tokens descending") << int(RequestLogModel::Tokens) << int(Qt::DescendingOrder);
    QTest::addRow("cost ascending") << int(RequestLogModel::Cost) << int(Qt::AscendingOrder);
    QTest::addRow("request id descending") << int(RequestLogModel::RequestId) << int(Qt::DescendingOrder);
}

void TestRequestLogModel::sortsInTheStore()
{
    QFETCH(int, column);
    QFETCH(int, order);
    const auto key = [column](const RequestLogRecord& r) -> QVariant {
        switch (RequestLogModel::Column(column)) {
        case RequestLogModel::Time:
            return qlonglong(r.startedAtMs);
        case RequestLogModel::Provider:
            return r.provider;
        case RequestLogModel::Model:
            return modelOf(r);
        case RequestLogModel::Status:
            return r.status;
        case RequestLogModel::Latency:
            return qlonglong(r.totalUs);
        case RequestLogModel::Tokens:
            return qlonglong(r.inputTokens + r.outputTokens);
        case RequestLogModel::Cost:
            return qlonglong(r.costMicros);
        case RequestLogModel::Endpoint:
            return r.endpoint;
        default:
            return QString::fromLatin1(r.requestId);
        }
    };
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabasePath(m_path);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    model.setPage(2);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);

    model.sort(column, Qt::SortOrder(order));
    QCOMPARE(model.page(), 0); // a new order starts at the first page
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(ids(model), expected(StoreRows, {}, key, Qt::SortOrder(order), 0, 200));
    model.setPage(5);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(ids(model), expected(StoreRows, {}, key, Qt::SortOrder(order), 1000, 200));
}

void TestRequestLogModel::sortsByRequestIdAlongTheirTimes()
{
    // Ids as the gateway makes them (common/ids.h): each begins with its row's start time, then a
    // random tail. Three rows share each millisecond, written in an order their tails do not follow.
    const QString path = m_dir.filePath(QStringLiteral("ids.db"));
    QStringList written;
    {
        QString error;
        std::unique_ptr<RequestLogWriter> writer = RequestLogWriter::open(path, &error);
        QVERIFY2(writer, qPrintable(error));
        for (int n = 0; n < 60; ++n) {
            RequestLogRecord r = record(n);
            r.startedAtMs = 1'700'000'000'000 + 19 - n / 3; // later rows started earlier
            r.requestId = newRequestId(r.startedAtMs);
            QCOMPARE(requestIdTimeMs(r.requestId), std::optional<std::int64_t>(r.startedAtMs));
            written << QString::fromLatin1(r.requestId);
            writer->enqueue(std::move(r));
        }
        QVERIFY(writer->flush());
    }
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        QStringList expected = written;
        std::sort(expected.begin(), expected.end());
        if (order == Qt::DescendingOrder)
            std::reverse(expected.begin(), expected.end());
        RequestLogModel model;
        model.setPageSize(25);
        model.setDatabasePath(path);
        model.sort(RequestLogModel::RequestId, order);
        QStringList seen;
        for (int page = 0; page < 3; ++page) {
            model.setPage(page);
            QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
            seen << ids(model);
        }
        QCOMPARE(seen, expected);
    }
}

void TestRequestLogModel::filtersInTheStore_data()
{
    QTest::addColumn<QString>("provider"); // "*": any
    QTest::addColumn<QString>("model");    // "*": any
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    const QString any = QStringLiteral("*");
    const int anyStatus = int(RequestLogQuery::Status::Any);
    QTest::addRow("provider") << QStringLiteral("beta") << any << anyStatus << QString();
    QTest::addRow("gateway's own answers") << QString() << any << anyStatus << QString();
    QTest::addRow("model used") << any << QStringLiteral("model-1") << anyStatus << QString();
    QTest::addRow("model requested when none used") << any << QStringLiteral("chat-large") << anyStatus << QString();
    QTest::addRow("success") << any << any << int(RequestLogQuery::Status::Success) << QString();
    QTest::addRow("client errors") << any << any << int(RequestLogQuery::Status::ClientError) << QString();
    QTest::addRow("server errors") << any << any << int(RequestLogQuery::Status::ServerError) << QString();
    QTest::addRow("client left") << any << any << int(RequestLogQuery::Status::ClientLeft) << QString();
    QTest::addRow("text: request id") << any << any << anyStatus << QStringLiteral("REQ_0123");
    QTest::addRow("text: a literal percent sign") << any << any << anyStatus << QStringLiteral("at 50%");
    QTest::addRow("text: a literal underscore") << any << any << anyStatus << QStringLiteral("ta_a");
    QTest::addRow("combined") << QStringLiteral("alpha") << QStringLiteral("model-2")
                              << int(RequestLogQuery::Status::Success) << QStringLiteral("req_01");
    QTest::addRow("nothing matches") << QStringLiteral("beta") << any << anyStatus << QStringLiteral("no such text");
}

void TestRequestLogModel::filtersInTheStore()
{
    QFETCH(QString, provider);
    QFETCH(QString, model);
    QFETCH(int, status);
    QFETCH(QString, text);
    RequestLogQuery filter;
    if (provider != QLatin1String("*"))
        filter.provider = provider.isNull() ? QLatin1String("") : provider;
    if (model != QLatin1String("*"))
        filter.model = model;
    filter.status = RequestLogQuery::Status(status);
    filter.text = text;
    const auto keep = [&](const RequestLogRecord& r) {
        if (!filter.provider.isNull() && r.provider != filter.provider)
            return false;
        if (!filter.model.isNull() && modelOf(r) != filter.model)
            return false;
        switch (filter.status) {
        case RequestLogQuery::Status::Any:
            break;
        case RequestLogQuery::Status::Success:
            if (r.status < 100 || r.status >= 400)
                return false;
            break;
        case RequestLogQuery::Status::ClientError:
            if (r.status < 400 || r.status >= 500)
                return false;
            break;
        case RequestLogQuery::Status::ServerError:
            if (r.status < 500)
                return false;
            break;
        case RequestLogQuery::Status::ClientLeft:
            if (r.status != 0)
                return false;
            break;
        }
        if (filter.text.isEmpty())
            return true;
        for (const QString& field : {QString::fromLatin1(r.requestId), r.provider, r.modelRequested, r.modelUsed,
                                     r.endpoint, r.path, r.errorType, r.errorMessage, r.stopReason}) {
            if (field.contains(filter.text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    };

    RequestLogModel tableModel;
    QAbstractItemModelTester tester(&tableModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tableModel.setDatabasePath(m_path);
    QTRY_VERIFY_WITH_TIMEOUT(tableModel.isCurrent(), 10000);
    tableModel.setPage(1);
    QTRY_VERIFY_WITH_TIMEOUT(tableModel.isCurrent(), 10000);
    tableModel.setFilter(filter);
    QCOMPARE(tableModel.page(), 0); // a new filter starts at the first page
    QTRY_VERIFY_WITH_TIMEOUT(tableModel.isCurrent(), 10000);

    int matching = 0;
    const QStringList want = expected(StoreRows, keep, timeKey, Qt::DescendingOrder, 0, 200, &matching);
    QCOMPARE(tableModel.matchingCount(), qint64(matching));
    QCOMPARE(ids(tableModel), want);
    QCOMPARE(tableModel.hasNextPage(), matching > 200);
    if (matching > 200) {
        // The filter holds on later pages too, and the order with it.
        tableModel.sort(RequestLogModel::Latency, Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(tableModel.isCurrent(), 10000);
        tableModel.setPage(1);
        QTRY_VERIFY_WITH_TIMEOUT(tableModel.isCurrent(), 10000);
        const auto latency = [](const RequestLogRecord& r) { return QVariant(qlonglong(r.totalUs)); };
        QCOMPARE(ids(tableModel), expected(StoreRows, keep, latency, Qt::AscendingOrder, 200, 200));
    }
    // Sanity of the data rows themselves: each one selects something, except the last.
    QCOMPARE(matching == 0, QByteArray(QTest::currentDataTag()) == "nothing matches");
}

void TestRequestLogModel::newRequestsInsertAtTheTop()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.db"));
    QString error;
    QVERIFY2(writeStore(path, 0, 300, &error), qPrintable(error));

    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabasePath(path);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(model.rowCount(), 200);
    const QPersistentModelIndex kept = model.index(10, 0); // req_00289
    QCOMPARE(kept.data(RequestLogModel::RequestIdRole).toString(), QStringLiteral("req_00289"));

    QVERIFY2(writeStore(path, 300, 305, &error), qPrintable(error));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // refreshLive() waits a little after a read (a multiple of its duration). QTRY evaluates the
    // expression once more after it held, so the flag keeps the second call from counting.
    bool started = false;
    QTRY_VERIFY_WITH_TIMEOUT(started || (started = model.refreshLive()), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 4);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 195);
    QCOMPARE(model.rowCount(), 200);
    QCOMPARE(model.index(0, 0).data(RequestLogModel::RequestIdRole).toString(), QStringLiteral("req_00304"));
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 15); // the same request, five rows lower
    QCOMPARE(kept.data(RequestLogModel::RequestIdRole).toString(), QStringLiteral("req_00289"));
    QCOMPARE(model.matchingCount(), qint64(305));

    // Live refreshes leave other pages alone: their rows would shift under the user.
    model.setPage(1);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QVERIFY(!model.refreshLive());
    // An explicit refresh of a page that did not change touches nothing.
    reset.clear();
    inserted.clear();
    removed.clear();
    model.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    QCOMPARE(reset.count() + inserted.count() + removed.count(), 0);
    QCOMPARE(model.rowCount(), 105);
}

void TestRequestLogModel::newestViewWins()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RequestLogModel::pageLoaded);
    model.setDatabasePath(m_path);
    model.setPage(3);
    model.sort(RequestLogModel::Cost, Qt::DescendingOrder);
    model.setPage(1);
    QTRY_VERIFY_WITH_TIMEOUT(model.isCurrent(), 10000);
    const auto cost = [](const RequestLogRecord& r) { return QVariant(qlonglong(r.costMicros)); };
    QCOMPARE(ids(model), expected(StoreRows, {}, cost, Qt::DescendingOrder, 200, 200));
    QTest::qWait(100);
    QCOMPARE(ids(model), expected(StoreRows, {}, cost, Qt::DescendingOrder, 200, 200));
    QCOMPARE(loaded.count(), 1); // the superseded views never showed
}

void TestRequestLogModel::missingDatabaseFails()
{
    QTemporaryDir dir;
    RequestLogModel model;
    QSignalSpy failed(&model, &RequestLogModel::readFailed);
    const QString absent = dir.filePath(QStringLiteral("absent.db"));
    model.setDatabasePath(absent);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("absent.db")));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isCurrent());
    QVERIFY(!QFile::exists(absent)); // reading never creates a database

    // Not a Tollgate database: an error, not a crash.
    const QString other = dir.filePath(QStringLiteral("other.db"));
    {
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not sqlite at all, just text that is long enough to look like a header");
    }
    failed.clear();
    model.setDatabasePath(other);
    QVERIFY(failed.wait(5000));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"

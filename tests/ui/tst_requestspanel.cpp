// The requests panel over a real gateway's store: requests sent through the gateway to a fake
// provider show up in the table without a manual refresh, the filters narrow it (in the store),
// and the detail pane shows the selected row's fields. Over a store of 450 requests: the page
// buttons and indicator, a header click that sorts the whole log, and a selection that survives
// new requests arriving (and whose details stay after it scrolls off the page).
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "models/requestlogmodel.h"
#include "panels/requests/requestspanel.h"
#include "store/requestlogwriter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <limits>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

class TestRequestsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newRequestsAppearAndFilter();
    void pagesSortAndKeepTheSelection();
    void missingDatabaseIsReported();
};

void TestRequestsPanel::newRequestsAppearAndFilter()
{
    FakeOpenAiServer alpha(QStringLiteral("alpha"));
    QVERIFY(alpha.listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        alpha.baseUrl().toUtf8() +
        "/v1\n    region: eu\n    api_key: sk-x\n    models:\n      - name: gpt-fake\n"
        "        input_per_million: 2.5\n        output_per_million: 10\n        currency: EUR\n"
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    RequestsPanel panel;
    panel.resize(1000, 600);
    panel.show();
    connect(&gateway, &Gateway::statsUpdated, &panel, &RequestsPanel::onStats);
    QSignalSpy started(&gateway, &Gateway::started);
    gateway.start(loaded.config, dir.path());
    QVERIFY(started.wait(10000));
    panel.setDatabasePath(gateway.databasePath());

    auto* table = panel.findChild<QTableView*>(QStringLiteral("requestsTable"));
    QVERIFY(table);
    const QByteArray chat = R"({"model":"chat","messages":[{"role":"user","content":"hello panel"}]})";
    const QByteArray unknown = R"({"model":"no-such-model","messages":[{"role":"user","content":"x"}]})";
    for (int i = 0; i < 4; ++i) {
        auto r = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", chat);
        QVERIFY(r);
        QVERIFY2(r->status == 200, r->body.constData());
    }
    auto bad = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", unknown);
    QVERIFY(bad);
    QVERIFY(bad->status >= 400 && bad->status < 500);

    // Live: the snapshots' traffic triggers the re-reads.
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 5, 10000);
    QCOMPARE(panel.model()->rowCount(), 5);

    // More requests later appear on top.
    auto more = HttpTestClient::request(gateway.port(), "POST", "/v1/chat/completions", chat);
    QVERIFY(more);
    const QByteArray newestId = more->header("x-tollgate-request-id");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 6, 10000);
    QCOMPARE(table->model()->index(0, 0).data(RequestLogModel::RequestIdRole).toString(),
             QString::fromLatin1(newestId));

    // Filters, through the widgets.
    auto* provider = panel.findChild<QComboBox*>(QStringLiteral("providerFilter"));
    auto* status = panel.findChild<QComboBox*>(QStringLiteral("statusFilter"));
    auto* text = panel.findChild<QLineEdit*>(QStringLiteral("textFilter"));
    QVERIFY(provider && status && text);
    QVERIFY(provider->findText(QStringLiteral("alpha")) >= 0);
    provider->setCurrentIndex(provider->findText(QStringLiteral("alpha")));
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 5, 10000);
    provider->setCurrentIndex(0);
    status->setCurrentIndex(2); // client errors
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 10000);
    QCOMPARE(table->model()->index(0, 0).data(RequestLogModel::ModelRole).toString(),
             QStringLiteral("no-such-model"));
    status->setCurrentIndex(0);
    QTest::keyClicks(text, QString::fromLatin1(newestId));
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    QCOMPARE(table->model()->index(0, 0).data(RequestLogModel::RequestIdRole).toString(),
             QString::fromLatin1(newestId));
    text->clear();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 6, 10000);

    // The detail pane shows the clicked row.
    auto* detail = panel.findChild<QTextBrowser*>(QStringLiteral("requestDetail"));
    QVERIFY(detail);
    QVERIFY(!detail->toPlainText().contains(QString::fromLatin1(newestId)));
    const QRect cell = table->visualRect(table->model()->index(0, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    const QString shown = detail->toPlainText();
    QVERIFY2(shown.contains(QString::fromLatin1(newestId)), qPrintable(shown));
    QVERIFY(shown.contains(QStringLiteral("gpt-fake")));
    QVERIFY(shown.contains(QStringLiteral("EUR")));
    QVERIFY(!shown.contains(QStringLiteral("sk-x"))); // the provider key never shows
    gateway.stop();
}

namespace {

RequestLogRecord storedRecord(int n)
{
    RequestLogRecord r;
    r.requestId = "req_" + QByteArray::number(n).rightJustified(4, '0');
    r.startedAtMs = 1'700'000'000'000 + qint64(n) * 100;
    r.finishedAtMs = r.startedAtMs + 50;
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.endpoint = QStringLiteral("chat.completions");
    r.provider = n % 2 ? QStringLiteral("alpha") : QStringLiteral("beta");
    r.modelRequested = QStringLiteral("chat");
    r.modelUsed = QStringLiteral("gpt-fake");
    r.status = 200;
    r.totalUs = (qint64(n) * 7919) % 10'007; // n = 0 is the quickest, n = 1441 would be the slowest
    r.costCurrency = QStringLiteral("EUR");
    return r;
}

bool appendToStore(const QString& path, int from, int to)
{
    QString error;
    std::unique_ptr<RequestLogWriter> writer = RequestLogWriter::open(path, &error);
    if (!writer)
        return false;
    for (int n = from; n < to; ++n)
        writer->enqueue(storedRecord(n));
    return writer->flush(20'000);
}

QString idAt(QTableView* table, int row)
{
    return table->model()->index(row, 0).data(RequestLogModel::RequestIdRole).toString();
}

} // namespace

void TestRequestsPanel::pagesSortAndKeepTheSelection()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("requests.db"));
    QVERIFY(appendToStore(path, 0, 450));
    RequestsPanel panel;
    panel.resize(1000, 600);
    panel.show();
    panel.setDatabasePath(path);
    auto* table = panel.findChild<QTableView*>(QStringLiteral("requestsTable"));
    auto* next = panel.findChild<QPushButton*>(QStringLiteral("nextPageButton"));
    auto* previous = panel.findChild<QPushButton*>(QStringLiteral("previousPageButton"));
    auto* pageLabel = panel.findChild<QLabel*>(QStringLiteral("pageLabel"));
    auto* count = panel.findChild<QLabel*>(QStringLiteral("requestCountLabel"));
    auto* live = panel.findChild<QCheckBox*>(QStringLiteral("liveCheck"));
    auto* detail = panel.findChild<QTextBrowser*>(QStringLiteral("requestDetail"));
    QVERIFY(table && next && previous && pageLabel && count && live && detail);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 200, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    QCOMPARE(pageLabel->text(), QStringLiteral("Page 1 of 3"));
    QVERIFY2(count->text().contains(QStringLiteral("450")), qPrintable(count->text()));
    QVERIFY(!previous->isEnabled());
    QVERIFY(next->isEnabled());
    QCOMPARE(idAt(table, 0), QStringLiteral("req_0449"));

    // Next, next: the last page holds the 50 oldest.
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(table, 0), QStringLiteral("req_0249"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Page 2 of 3"), 10000);
    QVERIFY(previous->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 50, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Page 3 of 3"), 10000);
    QVERIFY(!next->isEnabled());
    QCOMPARE(idAt(table, 49), QStringLiteral("req_0000"));
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(table, 0), QStringLiteral("req_0249"), 10000);

    // A click on the Latency header orders the whole log (not the page shown) from page 1.
    QHeaderView* header = table->horizontalHeader();
    const int x = header->sectionViewportPosition(RequestLogModel::Latency) + header->sectionSize(RequestLogModel::Latency) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Page 1 of 3"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    const Qt::SortOrder order = header->sortIndicatorOrder();
    QCOMPARE(header->sortIndicatorSection(), int(RequestLogModel::Latency));
    qint64 extreme = order == Qt::AscendingOrder ? std::numeric_limits<qint64>::max() : -1;
    for (int n = 0; n < 450; ++n)
        extreme = order == Qt::AscendingOrder ? qMin(extreme, storedRecord(n).totalUs) : qMax(extreme, storedRecord(n).totalUs);
    QCOMPARE(table->model()->index(0, RequestLogModel::Latency).data(RequestLogModel::SortRole).toLongLong(), extreme);

    // Back to newest first; select a row, then new requests arrive: the row stays selected.
    panel.model()->sort(RequestLogModel::Time, Qt::DescendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(idAt(table, 0), QStringLiteral("req_0449"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(3, 1)).center());
    QCOMPARE(panel.shownRequest()->requestId, QByteArray("req_0446"));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("req_0446")));
    QVERIFY(appendToStore(path, 450, 460));
    telemetry::StatsSnapshot traffic;
    telemetry::ProviderStats alpha;
    alpha.provider = QStringLiteral("alpha");
    alpha.requests = 10;
    traffic.interval.push_back(alpha);
    QTRY_VERIFY_WITH_TIMEOUT((panel.onStats(traffic), idAt(table, 0) == QStringLiteral("req_0459")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().row(), 13);
    QCOMPARE(selected.first().data(RequestLogModel::RequestIdRole).toString(), QStringLiteral("req_0446"));

    // Many more: the row leaves the first page; its details stay in the pane.
    QVERIFY(appendToStore(path, 460, 700));
    QTRY_VERIFY_WITH_TIMEOUT((panel.onStats(traffic), idAt(table, 0) == QStringLiteral("req_0699")), 10000);
    QVERIFY(!table->selectionModel()->hasSelection());
    QCOMPARE(panel.shownRequest()->requestId, QByteArray("req_0446"));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("req_0446")));

    // With Live off, traffic does not change the page.
    live->setChecked(false);
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->isCurrent(), 10000);
    QVERIFY(appendToStore(path, 700, 705));
    panel.onStats(traffic);
    QTest::qWait(300);
    QCOMPARE(idAt(table, 0), QStringLiteral("req_0699"));
    live->setChecked(true); // turning it on reads at once
    QTRY_COMPARE_WITH_TIMEOUT(idAt(table, 0), QStringLiteral("req_0704"), 10000);
}

void TestRequestsPanel::missingDatabaseIsReported()
{
    QTemporaryDir dir;
    RequestsPanel panel;
    QSignalSpy refreshed(&panel, &RequestsPanel::refreshed);
    panel.setDatabasePath(dir.filePath(QStringLiteral("absent.db")));
    QVERIFY(refreshed.wait(5000));
    auto* count = panel.findChild<QLabel*>(QStringLiteral("requestCountLabel"));
    QVERIFY(count->text().contains(QStringLiteral("absent.db")));
    QCOMPARE(panel.model()->rowCount(), 0);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("absent.db")))); // reading never creates it
}

QTEST_MAIN(TestRequestsPanel)
#include "tst_requestspanel.moc"

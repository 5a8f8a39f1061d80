// The requests panel over a real gateway's store: requests sent through the gateway to a fake
// provider show up in the table without a manual refresh, the filters narrow it, and the detail
// pane shows the selected row's fields.
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"
#include "models/requestlogmodel.h"
#include "panels/requests/requestspanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

class TestRequestsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newRequestsAppearAndFilter();
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
    QCOMPARE(table->model()->rowCount(), 5);
    provider->setCurrentIndex(0);
    status->setCurrentIndex(2); // client errors
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data(RequestLogModel::ModelRole).toString(),
             QStringLiteral("no-such-model"));
    status->setCurrentIndex(0);
    QTest::keyClicks(text, QString::fromLatin1(newestId));
    QCOMPARE(table->model()->rowCount(), 1);
    text->clear();
    QCOMPARE(table->model()->rowCount(), 6);

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

// The Audit panel over the ledger a real Gateway writes: after traffic it lists the records and
// Verify says OK; after a record is edited in ledger.db, Verify names that record; Export writes
// the evidence for a period. The record model is checked with QAbstractItemModelTester.
#include "audit/decisionledger.h"
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "models/auditrecordmodel.h"
#include "panels/audit/auditexportdialog.h"
#include "panels/audit/auditpanel.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
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

// Edits a ledger the way someone with file access could: one SQL statement, no hashes updated.
bool tamper(const QString& path, const QString& sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql) && q.numRowsAffected() == 1;
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    return ok;
}

} // namespace

class TestAuditPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void recordModel_passesTheTesterAndPages();
    void afterTraffic_listsRecordsAndVerifiesOk();
    void detail_showsTheInclusionProofOnceSealed();
    void editedRecord_isNamedByVerify();
    void export_writesTheReportForThePeriod();

private:
    void sendTraffic();
    void stopGateway();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_fake;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<AuditPanel> m_panel;
    QList<QByteArray> m_requestIds; // in the order sent
    std::int64_t m_startMs = 0;
    QString m_ledgerPath;
};

void TestAuditPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    QVERIFY(m_fake->listen());
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: alpha\n    kind: openai-compatible\n"
        "    base_url: " +
        m_fake->baseUrl().toUtf8() +
        "/v1\n    region: eu\n    models:\n      - name: gpt-fake\n"
        "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake]\n";
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_dir->filePath(QStringLiteral("data")));
    QVERIFY(started.wait(10000));
    QVERIFY(m_gateway->decisionLedger());
    m_ledgerPath = m_gateway->decisionLedger()->path();
    m_requestIds.clear();
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    sendTraffic();

    m_panel = std::make_unique<AuditPanel>();
    m_panel->setLedger(m_gateway->decisionLedger());
    m_panel->resize(1200, 800);
    m_panel->show();
}

void TestAuditPanel::cleanup()
{
    m_panel.reset();
    stopGateway();
    m_gateway.reset();
    m_fake.reset();
    m_dir.reset();
}

void TestAuditPanel::stopGateway()
{
    if (!m_gateway || !m_gateway->isRunning())
        return;
    QSignalSpy stopped(m_gateway.get(), &Gateway::stopped);
    m_gateway->stop();
    if (m_gateway->isRunning())
        stopped.wait(10000);
}

void TestAuditPanel::sendTraffic()
{
    const QByteArray bodies[] = {
        R"({"model":"chat","messages":[{"role":"user","content":"first"}]})",
        R"({"model":"chat","messages":[{"role":"user","content":"write to bob@example.eu"}]})",
        R"({"model":"nope","messages":[{"role":"user","content":"unknown route"}]})",
    };
    for (const QByteArray& body : bodies) {
        auto response = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", body);
        QVERIFY(response);
        QVERIFY(!response->header("x-tollgate-request-id").isEmpty());
        m_requestIds << response->header("x-tollgate-request-id");
    }
    // The ledger writes on its own thread; tests may wait for it (the panel never does).
    QVERIFY(m_gateway->decisionLedger()->flush(10000));
}

void TestAuditPanel::recordModel_passesTheTesterAndPages()
{
    AuditRecordModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(2);
    QSignalSpy loaded(&model, &AuditRecordModel::pageLoaded);
    model.setLedgerPath(m_ledgerPath);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);
    // The tester itself calls fetchMore() after each change; a view scrolling down does the same.
    if (model.canFetchMore({}))
        model.fetchMore({});
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!model.canFetchMore({}), 10000);
    // Newest first.
    QCOMPARE(model.index(0, AuditRecordModel::RequestIdColumn).data().toString(),
             QString::fromLatin1(m_requestIds.last()));
    QCOMPARE(model.index(2, AuditRecordModel::RequestIdColumn).data().toString(),
             QString::fromLatin1(m_requestIds.first()));
    QCOMPARE(model.index(2, AuditRecordModel::ProviderColumn).data().toString(), QStringLiteral("alpha"));
    QCOMPARE(model.index(2, AuditRecordModel::RegionColumn).data().toString(), QStringLiteral("eu"));
    QCOMPARE(model.index(1, AuditRecordModel::ClassesColumn).data().toString(), QStringLiteral("personal"));
    QCOMPARE(model.index(1, AuditRecordModel::RegimesColumn).data().toString(), QStringLiteral("gdpr"));
    QCOMPARE(model.index(2, AuditRecordModel::RecordHashColumn).data().toString().size(), 16);

    // A missing file is an error, not a crash, and lists nothing.
    model.setLedgerPath(m_dir->filePath(QStringLiteral("nope/ledger.db")));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.lastError().isEmpty());
}

void TestAuditPanel::afterTraffic_listsRecordsAndVerifiesOk()
{
    auto* table = child<QTableView>(m_panel.get(), "auditRecordsTable");
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "auditRefreshButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 10000);
    QStringList listed;
    for (int row = 0; row < 3; ++row)
        listed << table->model()->index(row, AuditRecordModel::RequestIdColumn).data().toString();
    for (const QByteArray& id : m_requestIds)
        QVERIFY2(listed.contains(QString::fromLatin1(id)), id.constData());
    auto* status = child<QLabel>(m_panel.get(), "auditStatusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("3 record")), 10000);

    QSignalSpy verified(m_panel.get(), &AuditPanel::verifyFinished);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "auditVerifyButton"), Qt::LeftButton);
    QVERIFY(verified.wait(10000));
    QCOMPARE(verified.first().first().toBool(), true);
    auto* result = child<QLabel>(m_panel.get(), "auditVerifyResult");
    QVERIFY2(result->text().startsWith(QLatin1String("OK")), qPrintable(result->text()));
    QVERIFY(result->text().contains(QLatin1String("3 records verified")));
}

void TestAuditPanel::detail_showsTheInclusionProofOnceSealed()
{
    QVERIFY(m_gateway->decisionLedger()->seal(10000));
    m_panel->refresh();
    auto* table = child<QTableView>(m_panel.get(), "auditRecordsTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 10000);
    auto* status = child<QLabel>(m_panel.get(), "auditStatusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("1 checkpoint")) &&
                                 status->text().contains(QLatin1String("last checkpoint")),
                             10000);
    QSignalSpy shown(m_panel.get(), &AuditPanel::detailShown);
    table->selectRow(1);
    QVERIFY(shown.wait(10000));
    const QString detail = child<QPlainTextEdit>(m_panel.get(), "auditDetail")->toPlainText();
    QVERIFY2(detail.contains(QString::fromLatin1(m_requestIds[1])), qPrintable(detail));
    QVERIFY(detail.contains(QLatin1String("Inclusion proof:")));
    QVERIFY2(detail.contains(QLatin1String("\"audit_path\"")), qPrintable(detail));
    QVERIFY(detail.contains(QLatin1String("Regimes: gdpr")));
    QVERIFY(!detail.contains(QLatin1String("bob@example.eu"))); // the ledger keeps hashes only
}

void TestAuditPanel::editedRecord_isNamedByVerify()
{
    stopGateway(); // closes and seals the ledger; the file stays
    QVERIFY(tamper(m_ledgerPath, QStringLiteral("UPDATE records SET chosen_region = 'us' WHERE seq = 2")));
    m_panel->refresh();
    QSignalSpy verified(m_panel.get(), &AuditPanel::verifyFinished);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "auditVerifyButton"), Qt::LeftButton);
    QVERIFY(verified.wait(10000));
    QCOMPARE(verified.first().first().toBool(), false);
    const QString text = child<QLabel>(m_panel.get(), "auditVerifyResult")->text();
    QVERIFY2(text.startsWith(QLatin1String("FAILED")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("#2")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(m_requestIds[1])), qPrintable(text));
    // The bad record is selected when it is listed.
    auto* table = child<QTableView>(m_panel.get(), "auditRecordsTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 10000);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "auditVerifyButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->currentIndex().data(AuditRecordModel::SeqRole).toLongLong(), qint64(2),
                              10000);
}

void TestAuditPanel::export_writesTheReportForThePeriod()
{
    const std::int64_t from = m_startMs - 60'000;
    const std::int64_t to = QDateTime::currentMSecsSinceEpoch() + 60'000;
    const QString path = m_dir->filePath(QStringLiteral("evidence.json"));
    QSignalSpy finished(m_panel.get(), &AuditPanel::exportFinished);

    // Through the dialog, as a user does.
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "auditExportButton"), Qt::LeftButton);
    AuditExportDialog* dialog = m_panel->exportDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    dialog->setPeriod(from, to);
    auto* format = child<QComboBox>(dialog, "exportFormatCombo");
    format->setCurrentIndex(format->findData(QStringLiteral("json")));
    auto* ok = child<QDialogButtonBox>(dialog, "exportDialogButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no file chosen yet
    child<QLineEdit>(dialog, "exportPathEdit")->setText(path);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    const QByteArray fromText =
        QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    const QByteArray toText =
        QDateTime::fromMSecsSinceEpoch(to, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    QVERIFY2(json.contains(fromText), json.constData());
    QVERIFY2(json.contains(toText), json.constData());
    QVERIFY(json.contains("\"records\":3") || json.contains("\"records\": 3"));
    QVERIFY(child<QLabel>(m_panel.get(), "auditExportResult")->text().contains(QLatin1String("3 record")));

    // CSV and HTML straight through the panel.
    for (const char* kind : {"csv", "html"}) {
        const QString out = m_dir->filePath(QStringLiteral("evidence.") + QLatin1String(kind));
        finished.clear();
        m_panel->exportEvidence(from, to, QString::fromLatin1(kind), out);
        QVERIFY(finished.wait(10000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.size() > 0);
    }
    // PDF: the HTML report on A4 pages, with its title in the document's properties.
    const QString pdfPath = m_dir->filePath(QStringLiteral("evidence.pdf"));
    finished.clear();
    m_panel->exportEvidence(from, to, QStringLiteral("pdf"), pdfPath);
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = pdf.readAll();
    QVERIFY(pdfBytes.startsWith("%PDF-"));
    QVERIFY(pdfBytes.trimmed().endsWith("%%EOF"));
    QVERIFY(pdfBytes.contains("/Type /Page\n") || pdfBytes.contains("/Type /Page ") || pdfBytes.contains("/Type/Page"));
    QVERIFY(pdfBytes.contains("/MediaBox [0 0 595")); // A4 in points
    QByteArray title; // UTF-16BE, as the document information dictionary holds it
    for (const QChar c : QStringLiteral("Tollgate evidence report"))
        title += char(c.unicode() >> 8), title += char(c.unicode() & 0xff);
    QVERIFY(pdfBytes.contains(title));
    // An unwritable target is reported, not thrown.
    finished.clear();
    m_panel->exportEvidence(from, to, QStringLiteral("json"),
                            m_dir->filePath(QStringLiteral("no/such/dir/x.json")));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), false);
}

QTEST_MAIN(TestAuditPanel)
#include "tst_auditpanel.moc"

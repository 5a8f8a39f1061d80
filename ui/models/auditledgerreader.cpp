#include "models/auditledgerreader.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <optional>

namespace tollgate::ui {

namespace {

// The translation context of this file's messages (lupdate reads the macro).
class AuditLedgerReaderText
{
    Q_DECLARE_TR_FUNCTIONS(tollgate::ui::AuditLedgerReader)
};

// A named QSqlDatabase connection that exists only for one read, on the calling thread.
class ReadOnlyLedger
{
public:
    explicit ReadOnlyLedger(const QString& path)
    {
        static QAtomicInteger<quint64> counter;
        m_name = QStringLiteral("tollgate-audit-read-%1").arg(counter.fetchAndAddRelaxed(1));
        if (!QFileInfo::exists(path)) {
            m_error =
                AuditLedgerReaderText::tr("There is no ledger at %1 yet; it is created when the gateway first starts.").arg(path);
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            m_error = AuditLedgerReaderText::tr("Cannot open the ledger %1: %2").arg(path, db.lastError().text());
        else
            m_open = true;
    }
    ~ReadOnlyLedger()
    {
        if (QSqlDatabase::contains(m_name)) {
            {
                QSqlDatabase db = QSqlDatabase::database(m_name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(m_name);
        }
    }
    ReadOnlyLedger(const ReadOnlyLedger&) = delete;
    ReadOnlyLedger& operator=(const ReadOnlyLedger&) = delete;

    bool isOpen() const { return m_open; }
    const QString& error() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    QString m_error;
    bool m_open = false;
};

QStringList stringList(const QString& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    if (!doc.isArray())
        return json.isEmpty() ? QStringList() : QStringList{json}; // shown as stored, not trusted
    QStringList out;
    for (const QJsonValue& v : doc.array())
        out << v.toString();
    return out;
}

} // namespace

AuditStatus readAuditStatus(const QString& ledgerPath)
{
    AuditStatus status;
    ReadOnlyLedger ledger(ledgerPath);
    if (!ledger.isOpen()) {
        status.error = ledger.error();
        return status;
    }
    QSqlQuery q(ledger.db());
    if (!q.exec(QStringLiteral("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM records")) || !q.next()) {
        status.error = AuditLedgerReaderText::tr("Cannot read the ledger: %1").arg(q.lastError().text());
        return status;
    }
    status.records = q.value(0).toLongLong();
    status.lastSeq = q.value(1).toLongLong();
    if (!q.exec(QStringLiteral("SELECT COUNT(*), COALESCE(MAX(time_ms), 0), COALESCE(MAX(last_seq), 0) "
                               "FROM checkpoints")) ||
        !q.next()) {
        status.error = AuditLedgerReaderText::tr("Cannot read the ledger: %1").arg(q.lastError().text());
        return status;
    }
    status.checkpoints = q.value(0).toLongLong();
    status.lastCheckpointMs = q.value(1).toLongLong();
    status.sealedThroughSeq = q.value(2).toLongLong();
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'ledger_id'")) && q.next())
        status.ledgerId = q.value(0).toString().toLatin1();
    status.ok = true;
    return status;
}

AuditPage readAuditPage(const QString& ledgerPath, std::int64_t beforeSeq, int limit)
{
    AuditPage page;
    ReadOnlyLedger ledger(ledgerPath);
    if (!ledger.isOpen()) {
        page.error = ledger.error();
        return page;
    }
    QSqlQuery q(ledger.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT seq, request_id, time_ms, key_id, team, detections, data_classes, regimes, policy_version,"
        " candidates, chosen_provider, chosen_region, action, reason, http_status, cost_micros,"
        " cost_currency, input_tokens, output_tokens, decision_hash, entry_hash"
        " FROM records WHERE seq < ? ORDER BY seq DESC LIMIT ?"));
    q.addBindValue(qint64(beforeSeq > 0 ? beforeSeq : std::numeric_limits<qint64>::max()));
    q.addBindValue(qMax(1, limit));
    if (!q.exec()) {
        page.error = AuditLedgerReaderText::tr("Cannot read the ledger: %1").arg(q.lastError().text());
        return page;
    }
    while (q.next()) {
        AuditRecordRow r;
        r.seq = q.value(0).toLongLong();
        r.requestId = q.value(1).toString().toUtf8();
        r.timeMs = q.value(2).toLongLong();
        r.keyId = q.value(3).toString();
        r.team = q.value(4).toString();
        r.detections = q.value(5).toString();
        r.dataClasses = stringList(q.value(6).toString());
        r.regimes = stringList(q.value(7).toString());
        r.policyVersion = q.value(8).toString();
        r.candidates = q.value(9).toString();
        r.chosenProvider = q.value(10).toString();
        r.chosenRegion = q.value(11).toString();
        r.action = q.value(12).toString();
        r.reason = q.value(13).toString();
        r.httpStatus = q.value(14).toInt();
        r.costMicros = q.value(15).toLongLong();
        r.costCurrency = q.value(16).toString();
        r.inputTokens = q.value(17).toLongLong();
        r.outputTokens = q.value(18).toLongLong();
        r.decisionHash = q.value(19).toByteArray().toHex();
        r.entryHash = q.value(20).toByteArray().toHex();
        page.rows.push_back(std::move(r));
    }
    page.ok = true;
    return page;
}

} // namespace tollgate::ui

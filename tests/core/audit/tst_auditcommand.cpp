#include "audit/auditcommand.h"
#include "audit/decisionledger.h"
#include "audit/evidenceexport.h"
#include "audit/inclusionproof.h"
#include "audit/signingkey.h"

#include "ledgertestutil.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <rapidjson/document.h>

#include <cstdio>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

struct CommandResult
{
    int code = -1;
    QString out;
    QString err;
};

QString readAll(FILE* f)
{
    std::fflush(f);
    std::rewind(f);
    QByteArray data;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        data.append(buf, qsizetype(n));
    std::fclose(f);
    return QString::fromUtf8(data);
}

CommandResult run(const QStringList& args)
{
    FILE* out = std::tmpfile();
    FILE* err = std::tmpfile();
    CommandResult r;
    r.code = runAuditCommand(args, out, err);
    r.out = readAll(out);
    r.err = readAll(err);
    return r;
}

std::int64_t dayMs(int year, int month, int day, int hour = 12)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestAuditCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SigningKey m_key = SigningKey::fromSeed(QByteArray(32, '\x05')).value();
    QString m_dataDir;
    QString m_ledger;
    QString m_keyFile;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        m_ledger = QDir(m_dataDir).filePath(QStringLiteral("ledger.db"));
        m_keyFile = m_dir.filePath(QStringLiteral("ledger-public.pem"));
        QFile f(m_keyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(m_key.publicKeyPem());
        f.close();

        DecisionLedger::Options o;
        o.checkpointEvery = 8;
        QString error;
        auto ledger = DecisionLedger::open(m_ledger, m_key, o, &error);
        QVERIFY2(ledger, qPrintable(error));
        // 2026-03-01 .. 2026-03-10: one record per day; then one in April.
        for (int day = 1; day <= 10; ++day) {
            DecisionRecord r = sampleDecision(day, dayMs(2026, 3, day) - day);
            if (day == 4) {
                r.team = QStringLiteral("<script>alert(1)</script>");
                r.outcome.costCurrency = {'U', 'S', 'D'};
            }
            if (day == 6) {
                r.dataClasses = {QStringLiteral("personal"), QStringLiteral("health")};
                r.regimes = {QStringLiteral("hipaa"), QStringLiteral("gdpr")};
            }
            if (day == 9) {
                r.action = QStringLiteral("refused");
                r.chosenProvider.clear();
                r.chosenRegion.clear();
                r.outcome.httpStatus = 403;
                r.outcome.costMicros = 0;
            }
            ledger->append(r);
        }
        ledger->append(sampleDecision(11, dayMs(2026, 4, 2) - 11));
        QVERIFY(ledger->seal());
    }

    void verifyPrintsASummary()
    {
        const CommandResult r = run({QStringLiteral("verify"), QStringLiteral("--data-dir"), m_dataDir});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("OK:")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("records:      11 (11 sealed, 0 unsealed)")));
        QVERIFY(r.out.contains(QLatin1String("taken from the ledger itself")));

        const CommandResult withKey =
            run({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--data-dir"), m_dataDir,
                 QStringLiteral("--public-key"), m_keyFile});
        QCOMPARE(withKey.code, 0);
        QVERIFY(withKey.out.contains(QString::fromLatin1(m_key.fingerprint())));
        QVERIFY(withKey.out.contains(QLatin1String("given with --public-key")));
    }

    void verifyNamesTheFirstBadRecord()
    {
        const QString copyDir = m_dir.filePath(QStringLiteral("tampered"));
        QDir().mkpath(copyDir);
        const QString copy = QDir(copyDir).filePath(QStringLiteral("ledger.db"));
        QVERIFY(QFile::copy(m_ledger, copy));
        QCOMPARE(execSql(copy, "UPDATE records SET chosen_region = 'us' WHERE seq = 5"), QString());
        const CommandResult r = run({QStringLiteral("verify"), QStringLiteral("--data-dir"), copyDir,
                                     QStringLiteral("--public-key"), m_keyFile});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("FAILED (decision-hash-mismatch) at record 5 (req_100005)")),
                 qPrintable(r.out));

        const QString otherKey = m_dir.filePath(QStringLiteral("other.hex"));
        QFile f(otherKey);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(SigningKey::fromSeed(QByteArray(32, '\x06'))->publicKeyHex());
        f.close();
        const CommandResult wrongKey = run({QStringLiteral("verify"), QStringLiteral("--data-dir"), m_dataDir,
                                            QStringLiteral("--public-key"), otherKey});
        QCOMPARE(wrongKey.code, 1);
        QVERIFY(wrongKey.out.contains(QLatin1String("public-key-mismatch")));
    }

    void usageErrors()
    {
        QCOMPARE(run({}).code, 2);
        QCOMPARE(run({QStringLiteral("frobnicate")}).code, 2);
        const CommandResult missing = run({QStringLiteral("verify"), QStringLiteral("--data-dir"),
                                           m_dir.filePath(QStringLiteral("nowhere"))});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QLatin1String("no ledger")));
        QCOMPARE(run({QStringLiteral("proof"), QStringLiteral("--data-dir"), m_dataDir}).code, 2);
        QCOMPARE(run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir,
                      QStringLiteral("--from"), QStringLiteral("2026-03-01")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir,
                      QStringLiteral("--from"), QStringLiteral("March"), QStringLiteral("--to"),
                      QStringLiteral("2026-03-02"), QStringLiteral("--format"), QStringLiteral("json")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir,
                      QStringLiteral("--from"), QStringLiteral("2026-03-01"), QStringLiteral("--to"),
                      QStringLiteral("2026-03-02"), QStringLiteral("--format"), QStringLiteral("pdf")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("--help")}).code, 0);
    }

    void proofThroughTheCommandLine()
    {
        const QString proofFile = m_dir.filePath(QStringLiteral("proof.json"));
        const CommandResult r =
            run({QStringLiteral("proof"), QStringLiteral("req_100003"), QStringLiteral("--data-dir"),
                 m_dataDir, QStringLiteral("--output"), proofFile});
        QCOMPARE(r.code, 0);
        QFile f(proofFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const ProofCheck check = verifyProof(f.readAll(), m_key.publicKeyRaw());
        QVERIFY2(check.ok, qPrintable(check.message));
        QCOMPARE(check.seq, 3);

        const CommandResult ok =
            run({QStringLiteral("verify-proof"), proofFile, QStringLiteral("--public-key"), m_keyFile});
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.startsWith(QLatin1String("OK:")));

        const CommandResult unknown = run(
            {QStringLiteral("proof"), QStringLiteral("req_nope"), QStringLiteral("--data-dir"), m_dataDir});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains(QLatin1String("req_nope")));
    }

    void exportJsonCountsEveryFlow()
    {
        const CommandResult r =
            run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--from"),
                 QStringLiteral("2026-03-02"), QStringLiteral("--to"), QStringLiteral("2026-03-09"),
                 QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--currency"),
                 QStringLiteral("EUR"), QStringLiteral("--rate"), QStringLiteral("USD=0.5"),
                 QStringLiteral("--public-key"), m_keyFile});
        QCOMPARE(r.code, 0);
        rapidjson::Document doc;
        const QByteArray json = r.out.toUtf8();
        doc.Parse(json.constData());
        QVERIFY(!doc.HasParseError());
        QCOMPARE(doc["records"].GetInt64(), 8); // days 2..9, --to is inclusive
        QVERIFY(doc["verified"].GetBool());
        QCOMPARE(doc["unsealed_records"].GetInt64(), 0);

        // sampleDecision(i) detects nothing when i % 4 == 3 (days 3 and 7), an e-mail otherwise.
        std::int64_t personal = 0, none = 0, health = 0, refused = 0;
        for (const auto& f : doc["flows"].GetArray()) {
            const QString dataClass = QString::fromUtf8(f["data_class"].GetString());
            const std::int64_t n = f["records"].GetInt64();
            if (dataClass == QLatin1String("personal"))
                personal += n;
            else if (dataClass == QLatin1String("none"))
                none += n;
            else if (dataClass == QLatin1String("health")) {
                health += n;
                QCOMPARE(QString::fromUtf8(f["regimes"].GetString()), QStringLiteral("gdpr+hipaa"));
            }
            if (QString::fromUtf8(f["action"].GetString()) == QLatin1String("refused")) {
                refused += n;
                QCOMPARE(QString::fromUtf8(f["region"].GetString()), QString());
            }
        }
        QCOMPARE(none, 2);
        QCOMPARE(personal, 6); // days 2, 4, 5, 6, 8, 9; day 6 also counts as health
        QCOMPARE(health, 1);
        QCOMPARE(refused, 1);

        // Costs: sampleDecision(i) costs 1000 + i micros in EUR; day 4 in USD; day 9 is free.
        // Even days are team payments, odd days support; day 4 has a team of its own.
        const auto& statement = doc["cost_statement"];
        QCOMPARE(QString::fromUtf8(statement["currency"].GetString()), QStringLiteral("EUR"));
        std::map<QString, std::int64_t> byTeam;
        for (const auto& t : statement["teams"].GetArray())
            byTeam[QString::fromUtf8(t["team"].GetString())] = t["statement_micros"].GetInt64();
        QCOMPARE(byTeam[QStringLiteral("payments")], 1002 + 1006 + 1008);
        QCOMPARE(byTeam[QStringLiteral("support")], 1003 + 1005 + 1007);
        QCOMPARE(byTeam[QStringLiteral("<script>alert(1)</script>")], 502); // 1004 USD at 0.5
        QCOMPARE(statement["total_micros"].GetInt64(), 1002 + 1006 + 1008 + 1003 + 1005 + 1007 + 502);
        QCOMPARE(statement["unconverted_currencies"].Size(), 0u);

        // Checkpoints of 8 records: 1..8 and 9..11 cover days 2..9.
        QCOMPARE(doc["checkpoints"].Size(), 2u);
        QCOMPARE(doc["checkpoints"][0]["first_seq"].GetInt64(), 1);
        QCOMPARE(doc["checkpoints"][1]["last_seq"].GetInt64(), 11);
    }

    void exportWithoutARateListsTheCurrencyApart()
    {
        EvidenceOptions o;
        o.fromMs = dayMs(2026, 3, 1, 0);
        o.toMs = dayMs(2026, 3, 11, 0);
        o.currency = QStringLiteral("EUR");
        const auto report = buildEvidence(m_ledger, o);
        QVERIFY(report.ok());
        QCOMPARE(report->records, 10);
        QCOMPARE(report->unconvertedCurrencies, QStringList{QStringLiteral("USD")});
        QVERIFY(!buildEvidence(m_ledger, EvidenceOptions{o.toMs, o.fromMs, {}, {}, {}, true}).ok());
    }

    void exportCsvAndHtml()
    {
        const QString csvFile = m_dir.filePath(QStringLiteral("evidence.csv"));
        const CommandResult csv =
            run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--from"),
                 QStringLiteral("2026-03-01"), QStringLiteral("--to"), QStringLiteral("2026-04-30"),
                 QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--output"), csvFile});
        QCOMPARE(csv.code, 0);
        QFile f(csvFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(QLatin1String("section,data_class,regimes,region,provider,team")));
        std::int64_t flowRecords = 0;
        int checkpoints = 0;
        for (const QString& line : lines.mid(1)) {
            if (line.startsWith(QLatin1String("flow,")))
                flowRecords += line.section(QLatin1Char(','), 7, 7).toLongLong();
            if (line.startsWith(QLatin1String("checkpoint,")))
                ++checkpoints;
        }
        QCOMPARE(flowRecords, 11 + 1); // day 6 counts once per data class
        QCOMPARE(checkpoints, 2);
        QVERIFY2(lines.contains(QStringLiteral(
                     "cost,,,,,support,,,0.005027,EUR,,,,,,")), // days 1, 3, 5, 7, 9 (free), 11
                 qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY(csv.out.isEmpty());

        const CommandResult html =
            run({QStringLiteral("export"), QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--from"),
                 QStringLiteral("2026-03-01"), QStringLiteral("--to"), QStringLiteral("2026-03-31"),
                 QStringLiteral("--format"), QStringLiteral("html")});
        QCOMPARE(html.code, 0);
        QVERIFY(html.out.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.out.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(!html.out.contains(QLatin1String("<script>")));
        QVERIFY(!html.out.contains(QLatin1String("http://")) &&
                !html.out.contains(QLatin1String("https://")));
        QVERIFY(html.out.contains(QLatin1String("@media print")));
        QVERIFY(html.out.contains(QLatin1String("Ledger verified:")));
        QVERIFY(html.out.contains(QString::fromLatin1(m_key.fingerprint())));
    }
};

QTEST_GUILESS_MAIN(TestAuditCommand)
#include "tst_auditcommand.moc"

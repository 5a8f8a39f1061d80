#include "guardrails/evaluation.h"

#include <QDir>
#include <QTest>

using namespace tollgate::guardrails;

// Runs the labelled evaluation set in tests/data/guardrails and holds the detectors to the quality
// targets (checksummed ids: precision and recall >= 0.98; injection: >= 0.9 of attacks caught,
// < 5% of benign look-alikes flagged). The table is printed so a failing run shows where.
class TestGuardrailQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluationSetMeetsTargets();
    void malformedSetIsAnError();
};

void TestGuardrailQuality::evaluationSetMeetsTargets()
{
    // ctest sets TOLLGATE_SOURCE_DIR; a direct run falls back to the configured source tree.
    const QString source = qEnvironmentVariable("TOLLGATE_SOURCE_DIR");
    const QDir dir(source.isEmpty() ? QStringLiteral(TOLLGATE_GUARDRAILS_DATA_DIR)
                                    : source + QStringLiteral("/tests/data/guardrails"));
    QStringList files;
    for (const QString& f : dir.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name))
        files << dir.filePath(f);
    QVERIFY2(files.size() >= 4, qPrintable(dir.path()));
    const auto report = evaluateFiles(files);
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QVERIFY(report->items >= 300);
    qInfo().noquote() << "\n" << QString::fromStdString(formatReport(*report));
    std::string why;
    const bool ok = meetsTargets(*report, &why);
    if (!ok) {
        for (const std::string& m : report->mistakes)
            qInfo().noquote() << QString::fromStdString(m);
    }
    QVERIFY2(ok, why.c_str());
}

void TestGuardrailQuality::malformedSetIsAnError()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("bad.jsonl"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"text\": \"mail a@b.de\", \"expect\": [{\"type\": \"email\", \"value\": \"not in text\"}]}\n");
    f.close();
    const auto report = evaluateFiles({path});
    QVERIFY(!report.ok());
    QVERIFY(report.error().message.contains(QStringLiteral("bad.jsonl:1")));

    QFile g(path);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("{\"text\": \"mail a@b.de\", \"expect\": [{\"type\": \"email\", \"value\": \"a@b.de\"}]}\n"
            "{\"text\": \"nothing here\"}\n");
    g.close();
    const auto fine = evaluateFiles({path});
    QVERIFY(fine.ok());
    QCOMPARE(fine->items, std::size_t(2));
    QCOMPARE(fine->scores[static_cast<std::size_t>(DetectorId::Email)].truePositives, std::size_t(1));
    QCOMPARE(fine->scores[static_cast<std::size_t>(DetectorId::Email)].falsePositives, std::size_t(0));
}

QTEST_GUILESS_MAIN(TestGuardrailQuality)
#include "tst_guardrailquality.moc"

#include "audit/decisionledger.h"
#include "audit/ledgerverifier.h"
#include "audit/signingkey.h"

#include "ledgertestutil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::testing;

// A writer killed with SIGKILL in the middle of traffic leaves a ledger that verifies (an unsealed
// tail is allowed), and the next writer continues the chain and seals the tail.
class TestLedgerCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWriterLeavesAVerifiableLedger_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::newRow("before the first checkpoint") << 300;
        QTest::newRow("after a checkpoint") << 1200;
    }

    void killedWriterLeavesAVerifiableLedger()
    {
        QFETCH(int, killAfter);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("ledger.db"));
        const QByteArray seed(32, '\x11');
        const SigningKey key = SigningKey::fromSeed(seed).value();

        QProcess child;
        child.setProgram(QStringLiteral(LEDGER_CRASH_CHILD));
        child.setArguments({path, QString::fromLatin1(seed.toHex())});
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start();
        QVERIFY2(child.waitForStarted(10'000), qPrintable(child.errorString()));
        qint64 committed = 0;
        QByteArray pending;
        QElapsedTimer timer;
        timer.start();
        while (committed < killAfter && timer.elapsed() < 30'000 && child.state() == QProcess::Running) {
            child.waitForReadyRead(200);
            pending += child.readAllStandardOutput();
            int nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(nl);
                pending.remove(0, nl + 1);
                if (line.startsWith("committed "))
                    committed = line.mid(10).toLongLong();
            }
        }
        QVERIFY2(committed >= killAfter, child.readAllStandardError().constData());
        child.kill(); // SIGKILL: no destructor, no final checkpoint
        QVERIFY(child.waitForFinished(10'000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const LedgerVerifyReport crashed = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(crashed.ok,
                 qPrintable(problemName(crashed.problem) + QLatin1String(": ") + crashed.message));
        QVERIFY(crashed.records >= committed);
        QCOMPARE(crashed.sealedRecords + crashed.unsealedRecords, crashed.records);
        // The child seals every 1,000 records: whatever came after the last full thousand is the tail.
        QCOMPARE(crashed.unsealedRecords, crashed.records % 1000);
        QCOMPARE(crashed.checkpoints, crashed.records / 1000);
        qInfo() << "after SIGKILL:" << crashed.message;

        QString error;
        {
            auto ledger = DecisionLedger::open(path, key, &error);
            QVERIFY2(ledger, qPrintable(error));
            for (int i = 0; i < 10; ++i)
                ledger->append(sampleDecision(1'000'000 + i));
            QVERIFY(ledger->seal());
        }
        const LedgerVerifyReport reopened = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(reopened.ok, qPrintable(reopened.message));
        QCOMPARE(reopened.records, crashed.records + 10);
        QCOMPARE(reopened.unsealedRecords, 0);
        QCOMPARE(queryInt(path, "SELECT count(*) FROM records WHERE request_id = 'req_1100000'"), 1);
    }
};

QTEST_GUILESS_MAIN(TestLedgerCrash)
#include "tst_ledgercrash.moc"

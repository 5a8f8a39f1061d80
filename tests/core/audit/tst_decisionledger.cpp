#include "audit/decisionledger.h"
#include "audit/inclusionproof.h"
#include "audit/ledgerverifier.h"
#include "audit/merkletree.h"
#include "audit/signingkey.h"
#include "common/ids.h"

#include "ledgertestutil.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <thread>

using namespace tollgate;
using namespace tollgate::testing;
using Problem = LedgerVerifyReport::Problem;

Q_DECLARE_METATYPE(LedgerVerifyReport::Problem)

namespace {

SigningKey fixedKey(char fill = 7)
{
    return SigningKey::fromSeed(QByteArray(32, fill)).value();
}

DecisionLedger::Options smallCheckpoints()
{
    DecisionLedger::Options o;
    o.checkpointEvery = 16;
    o.checkpointIntervalMs = 60'000; // only count and seal() cut checkpoints in these tests
    o.flushIntervalMs = 5;
    return o;
}

} // namespace

class TestDecisionLedger : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("ledger-%1.db").arg(++m_n)); }

    // The writer thread's OS name, for per-thread CPU accounting.
    static bool writerThreadIsNamed()
    {
        const QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
            if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "tollgate-ledger")
                return true;
        }
        return false;
    }

    // 50 records, all sealed: checkpoints 1..16, 17..32, 33..48, 49..50.
    QString writeSealedLedger(const SigningKey& key, int records = 50)
    {
        const QString path = newPath();
        QString error;
        auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
        if (!ledger) {
            qWarning() << error;
            return {};
        }
        for (int i = 1; i <= records; ++i)
            ledger->append(sampleDecision(i));
        if (!ledger->seal())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void merkleAuditPathsVerifyForEveryLeaf()
    {
        for (std::size_t size = 1; size <= 33; ++size) {
            std::vector<Digest> leaves;
            for (std::size_t i = 0; i < size; ++i) {
                const QByteArray b = QByteArray::number(qulonglong(i));
                leaves.push_back(merkle::leafHash(sha256(b.constData(), std::size_t(b.size()))));
            }
            const Digest root = merkle::root(leaves);
            for (std::size_t i = 0; i < size; ++i) {
                const auto path = merkle::auditPath(leaves, i);
                QVERIFY2(merkle::verifyPath(leaves[i], i, size, path, root),
                         qPrintable(QStringLiteral("size %1 index %2").arg(size).arg(i)));
                if (size > 1) {
                    QVERIFY(!merkle::verifyPath(leaves[i], (i + 1) % size, size, path, root));
                    QVERIFY(!merkle::verifyPath(leaves[(i + 1) % size], i, size, path, root));
                }
            }
        }
    }

    void merkleRootFollowsRfc6962()
    {
        // Three leaves: the third is carried up unchanged, then joined with the first pair's node.
        std::vector<Digest> l;
        for (char c : {'a', 'b', 'c'})
            l.push_back(merkle::leafHash(sha256(&c, 1)));
        QCOMPARE(merkle::root(l), merkle::nodeHash(merkle::nodeHash(l[0], l[1]), l[2]));
    }

    void decisionHashCoversEveryDecisionFieldButNotTheOutcome()
    {
        const DecisionRecord base = sampleDecision(1);
        const Digest h = decisionHash(base);
        QCOMPARE(decisionHash(base), h);
        std::vector<DecisionRecord> variants(12, base);
        variants[0].requestId += 'x';
        variants[1].timeMs += 1;
        variants[2].keyId += 'x';
        variants[3].team += 'x';
        variants[4].detections[0].count += 1;
        variants[5].dataClasses.append(QStringLiteral("health"));
        variants[6].regimes = {QStringLiteral("hipaa")};
        variants[7].policyVersion += 'x';
        variants[8].candidates[1].allowed = true;
        variants[9].chosenRegion = QStringLiteral("us");
        variants[10].action = QStringLiteral("blocked");
        variants[11].reason = QStringLiteral("région"); // non-ASCII goes through UTF-8
        for (const DecisionRecord& v : variants)
            QVERIFY(decisionHash(v) != h);
        // Length prefixes keep field boundaries: moving a character between fields changes the hash.
        DecisionRecord shifted = base;
        shifted.keyId = base.keyId + base.team.left(1);
        shifted.team = base.team.mid(1);
        QVERIFY(decisionHash(shifted) != h);

        DecisionRecord outcome = base;
        outcome.outcome.costMicros += 1;
        QCOMPARE(decisionHash(outcome), h);
        const Digest prev{};
        QVERIFY(entryHash(prev, 1, h, base.outcome) != entryHash(prev, 1, h, outcome.outcome));
        QVERIFY(entryHash(prev, 1, h, base.outcome) != entryHash(prev, 2, h, base.outcome));
    }

    void canonicalEncodingMatchesTheDocumentedFormat()
    {
        // Computed independently from docs/audit.md ("Canonical encoding") with Python's hashlib and
        // struct: if this changes, every verifier written from the documentation breaks.
        const DecisionRecord r = sampleDecision(1);
        const Digest d = decisionHash(r);
        QCOMPARE(toHex(d), QByteArray("cc7da28982fd661919e23b3376a0a50048f748b19c4d76181cfb9f8e79892b6e"));
        QByteArray genesisInput("TGL1");
        for (char c = 0; c < 16; ++c)
            genesisInput.append(c);
        const Digest genesis = sha256(genesisInput.constData(), std::size_t(genesisInput.size()));
        QCOMPARE(toHex(entryHash(genesis, 1, d, r.outcome)),
                 QByteArray("bb658084314b4ee9e6836b6d9806f071966b145f96ec3948007424b10d0bfe43"));

        // str(x) counts UTF-8 bytes, not characters: "Zürich" is 6 characters and 7 bytes.
        DecisionRecord accented = sampleDecision(1);
        accented.team = QString::fromUtf8("Z\xC3\xBCrich");
        const std::string encoded = encodeDecision(accented);
        const std::string team("\0\0\0\x07Z\xC3\xBCrich", 11);
        QVERIFY(encoded.find(team) != std::string::npos);
        DecisionRecord plain = sampleDecision(1);
        plain.team = QStringLiteral("Zurich");
        QCOMPARE(encoded.size(), encodeDecision(plain).size() + 1);
    }

    void signingKeyMatchesRfc8032()
    {
        // RFC 8032 section 7.1, test 1 (empty message).
        const auto key = SigningKey::fromSeed(
            QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        QVERIFY(key.ok());
        QCOMPARE(key->publicKeyHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        QCOMPARE(key->sign(QByteArray()).toHex(),
                 QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                            "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
        QVERIFY(verifyEd25519(key->publicKeyRaw(), "m", key->sign("m")));
        QVERIFY(!verifyEd25519(key->publicKeyRaw(), "n", key->sign("m")));

        const auto fromPem = parsePublicKey(key->publicKeyPem());
        QVERIFY2(fromPem.ok(), qPrintable(fromPem.ok() ? QString() : fromPem.error().message));
        QCOMPARE(fromPem.value(), key->publicKeyRaw());
        QCOMPARE(parsePublicKey(key->publicKeyHex() + "\n").value(), key->publicKeyRaw());
        QVERIFY(!parsePublicKey("not a key").ok());
        QVERIFY(!SigningKey::fromSeed(QByteArray(31, 'x')).ok());
        QVERIFY(SigningKey::generate().publicKeyRaw() != SigningKey::generate().publicKeyRaw());
    }

    void loadOrCreateSigningKeyKeepsOneKey()
    {
        QMap<QString, QByteArray> store;
        int writes = 0;
        auto read = [&](const QString& name) -> Result<QByteArray> { return store.value(name); };
        auto write = [&](const QString& name, const QByteArray& value) -> Result<void> {
            store.insert(name, value);
            ++writes;
            return {};
        };
        const auto first = loadOrCreateSigningKey(read, write);
        QVERIFY(first.ok());
        QCOMPARE(writes, 1);
        QCOMPARE(store.value(QString::fromLatin1(kLedgerSigningKeySecret)).size(), 64);
        const auto second = loadOrCreateSigningKey(read, write);
        QVERIFY(second.ok());
        QCOMPARE(writes, 1);
        QCOMPARE(second->publicKeyRaw(), first->publicKeyRaw());

        // A store that cannot answer must not lead to a new key.
        auto failing = [](const QString&) -> Result<QByteArray> {
            return makeError(QStringLiteral("locked"));
        };
        const auto third = loadOrCreateSigningKey(failing, write);
        QVERIFY(!third.ok());
        QCOMPARE(writes, 1);
        QVERIFY(!third.error().message.contains(QString::fromLatin1(store.first())));

        store.insert(QString::fromLatin1(kLedgerSigningKeySecret), "garbage");
        QVERIFY(!loadOrCreateSigningKey(read, write).ok());
    }

    void writesChainsAndSeals()
    {
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key);
        QVERIFY(!path.isEmpty());
        QCOMPARE(queryInt(path, "SELECT count(*) FROM records"), 50);
        QCOMPARE(queryInt(path, "SELECT count(*) FROM checkpoints"), 4);
        QCOMPARE(queryInt(path, "SELECT last_seq FROM checkpoints WHERE id = 3"), 48);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.records, 50);
        QCOMPARE(report.checkpoints, 4);
        QCOMPARE(report.sealedRecords, 50);
        QCOMPARE(report.unsealedRecords, 0);
        QCOMPARE(report.publicKeyFingerprint, key.fingerprint());
        QVERIFY(!report.publicKeyFromLedger);
        // The private key never reaches the file.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(key.seed()));
        QVERIFY(!bytes.contains(key.seed().toHex()));
        QVERIFY(bytes.contains(key.publicKeyHex()));
    }

    void storedDecisionHashIsTheHeaderValue()
    {
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key, 3);
        const DecisionRecord r = sampleDecision(2);
        sqlite3* db = nullptr;
        sqlite3_open(path.toUtf8().constData(), &db);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, "SELECT hex(decision_hash) FROM records WHERE request_id = ?", -1, &s,
                           nullptr);
        sqlite3_bind_text(s, 1, r.requestId.constData(), -1, SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(s), SQLITE_ROW);
        const QByteArray stored(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
        sqlite3_close(db);
        QCOMPARE(stored.toLower(), toHex(decisionHash(r)));
    }

    void tamperingIsFoundAtTheRightRecord_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<QByteArray>("requestId");
        QTest::addColumn<qint64>("checkpoint");

        QTest::newRow("edit a decision field")
            << QByteArray("UPDATE records SET team = 'nobody' WHERE seq = 20")
            << Problem::DecisionHashMismatch << qint64(20) << QByteArray("req_100020") << qint64(0);
        QTest::newRow("edit the region")
            << QByteArray("UPDATE records SET chosen_region = 'us' WHERE seq = 33")
            << Problem::DecisionHashMismatch << qint64(33) << QByteArray("req_100033") << qint64(0);
        QTest::newRow("edit a detection")
            << QByteArray(
                   "UPDATE records SET detections = '[]', data_classes = '[]', regimes = '[]' WHERE seq = 5")
            << Problem::DecisionHashMismatch << qint64(5) << QByteArray("req_100005") << qint64(0);
        QTest::newRow("break a JSON column")
            << QByteArray("UPDATE records SET candidates = '[{' WHERE seq = 7") << Problem::RecordUnreadable
            << qint64(7) << QByteArray("req_100007") << qint64(0);
        QTest::newRow("edit the cost")
            << QByteArray("UPDATE records SET cost_micros = 1 WHERE seq = 20") << Problem::EntryHashMismatch
            << qint64(20) << QByteArray("req_100020") << qint64(0);
        QTest::newRow("edit the decision with its hash")
            << QByteArray(
                   "UPDATE records SET action = 'blocked', decision_hash = randomblob(32) WHERE seq = 20")
            << Problem::DecisionHashMismatch << qint64(20) << QByteArray("req_100020") << qint64(0);
        QTest::newRow("delete a row") << QByteArray("DELETE FROM records WHERE seq = 20") << Problem::Gap
                                      << qint64(20) << QByteArray("req_100021") << qint64(0);
        QTest::newRow("delete the first row")
            << QByteArray("DELETE FROM records WHERE seq = 1") << Problem::Gap << qint64(1)
            << QByteArray("req_100002") << qint64(0);
        QTest::newRow("insert a row")
            << QByteArray(
                   "UPDATE records SET seq = seq + 1000 WHERE seq >= 20;"
                   "UPDATE records SET seq = seq - 999 WHERE seq >= 1000;"
                   "INSERT INTO records SELECT 20, 'req_forged', time_ms, key_id, team, detections,"
                   " data_classes, regimes, policy_version, candidates, chosen_provider, chosen_region,"
                   " action, reason, http_status, cost_micros, cost_currency, input_tokens, output_tokens,"
                   " decision_hash, entry_hash FROM records WHERE seq = 19")
            << Problem::DecisionHashMismatch << qint64(20) << QByteArray("req_forged") << qint64(0);
        QTest::newRow("swap two rows")
            << QByteArray("UPDATE records SET seq = -1 WHERE seq = 20;"
                          "UPDATE records SET seq = 20 WHERE seq = 23;"
                          "UPDATE records SET seq = 23 WHERE seq = -1")
            << Problem::Reordered << qint64(20) << QByteArray("req_100023") << qint64(0);
        QTest::newRow("edit a checkpoint root")
            << QByteArray("UPDATE checkpoints SET merkle_root = randomblob(32) WHERE id = 2")
            << Problem::BadMerkleRoot << qint64(17) << QByteArray("req_100017") << qint64(2);
        QTest::newRow("edit a checkpoint range")
            << QByteArray("UPDATE checkpoints SET last_seq = 31 WHERE id = 2") << Problem::BadMerkleRoot
            << qint64(17) << QByteArray("req_100017") << qint64(2);
        QTest::newRow("delete a checkpoint")
            << QByteArray("DELETE FROM checkpoints WHERE id = 2") << Problem::BadCheckpoint << qint64(17)
            << QByteArray("req_100017") << qint64(3);
        QTest::newRow("forge a signature")
            << QByteArray("UPDATE checkpoints SET signature = randomblob(64) WHERE id = 3")
            << Problem::BadSignature << qint64(33) << QByteArray("req_100033") << qint64(3);
        QTest::newRow("truncate sealed records")
            << QByteArray("DELETE FROM records WHERE seq > 45") << Problem::MissingRecords << qint64(46)
            << QByteArray() << qint64(3);
    }

    void tamperingIsFoundAtTheRightRecord()
    {
        QFETCH(QByteArray, sql);
        QFETCH(Problem, problem);
        QFETCH(qint64, seq);
        QFETCH(QByteArray, requestId);
        QFETCH(qint64, checkpoint);
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key);
        QVERIFY(!path.isEmpty());
        QVERIFY(verifyLedger(path, key.publicKeyRaw()).ok);
        const QString sqlError = execSql(path, sql);
        QVERIFY2(sqlError.isEmpty(), qPrintable(sqlError));
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY(!report.ok);
        QVERIFY2(report.problem == problem,
                 qPrintable(problemName(report.problem) + QLatin1String(": ") + report.message));
        QCOMPARE(report.firstBadSeq, seq);
        QCOMPARE(report.firstBadRequestId, requestId);
        QCOMPARE(report.badCheckpoint, checkpoint);
        QVERIFY(!report.message.isEmpty());
    }

    void insertionWithARecomputedChainBreaksTheMerkleRoot()
    {
        // Someone who knows the format recomputes every hash after the row they insert; only the
        // signed checkpoint, which they cannot re-sign, stands in the way.
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key);
        QCOMPARE(execSql(path,
                         "UPDATE records SET seq = seq + 1000 WHERE seq >= 20;"
                         "UPDATE records SET seq = seq - 999 WHERE seq >= 1000;"
                         "INSERT INTO records SELECT 20, 'req_forged', time_ms, key_id, team, detections,"
                         " data_classes, regimes, policy_version, candidates, chosen_provider, chosen_region,"
                         " action, reason, http_status, cost_micros, cost_currency, input_tokens,"
                         " output_tokens, decision_hash, entry_hash FROM records WHERE seq = 19"),
                 QString());
        sqlite3* db = nullptr;
        sqlite3_open(path.toUtf8().constData(), &db);
        sqlite3_stmt* prev = nullptr;
        sqlite3_prepare_v2(db, "SELECT entry_hash FROM records WHERE seq = 19", -1, &prev, nullptr);
        QCOMPARE(sqlite3_step(prev), SQLITE_ROW);
        Digest previous{};
        std::memcpy(previous.data(), sqlite3_column_blob(prev, 0), 32);
        sqlite3_finalize(prev);
        for (int seq = 20; seq <= 51; ++seq) {
            DecisionRecord r = seq == 20 ? sampleDecision(19) : sampleDecision(seq - 1);
            if (seq == 20)
                r.requestId = "req_forged";
            const Digest d = decisionHash(r);
            const Digest e = entryHash(previous, std::uint64_t(seq), d, r.outcome);
            sqlite3_stmt* u = nullptr;
            sqlite3_prepare_v2(db, "UPDATE records SET decision_hash = ?, entry_hash = ? WHERE seq = ?", -1,
                               &u, nullptr);
            sqlite3_bind_blob(u, 1, d.data(), 32, SQLITE_TRANSIENT);
            sqlite3_bind_blob(u, 2, e.data(), 32, SQLITE_TRANSIENT);
            sqlite3_bind_int(u, 3, seq);
            QCOMPARE(sqlite3_step(u), SQLITE_DONE);
            sqlite3_finalize(u);
            previous = e;
        }
        sqlite3_close(db);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY(!report.ok);
        QVERIFY2(report.problem == Problem::BadMerkleRoot, qPrintable(report.message));
        QCOMPARE(report.firstBadSeq, 17);
        QCOMPARE(report.badCheckpoint, 2);
    }

    void replacedPublicKeyIsCaught()
    {
        const SigningKey key = fixedKey();
        const SigningKey other = fixedKey(9);
        const QString path = writeSealedLedger(key);
        QCOMPARE(
            execSql(path, "UPDATE meta SET value = '" + other.publicKeyHex() + "' WHERE key = 'public_key'"),
            QString());

        // With the key from outside: the meta table itself is caught.
        LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY(!report.ok);
        QVERIFY2(report.problem == Problem::PublicKeyMismatch, qPrintable(report.message));

        // With the ledger's own (replaced) key: the first checkpoint's signature fails.
        report = verifyLedger(path);
        QVERIFY(!report.ok);
        QVERIFY(report.publicKeyFromLedger);
        QVERIFY2(report.problem == Problem::BadSignature, qPrintable(report.message));
        QCOMPARE(report.firstBadSeq, 1);
        QCOMPARE(report.firstBadRequestId, QByteArray("req_100001"));
        QCOMPARE(report.badCheckpoint, 1);

        // The wrong outside key on an untouched ledger is refused too.
        const QString clean = writeSealedLedger(key);
        QCOMPARE(verifyLedger(clean, other.publicKeyRaw()).problem, Problem::PublicKeyMismatch);
    }

    void unsealedTailVerifiesByTheChain()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        {
            QString error;
            auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
            QVERIFY2(ledger, qPrintable(error));
            for (int i = 1; i <= 20; ++i)
                ledger->append(sampleDecision(i));
            QVERIFY(ledger->flush());
            QCOMPARE(ledger->writtenCount(), 20);
            const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
            QVERIFY2(report.ok, qPrintable(report.message));
            QCOMPARE(report.checkpoints, 1);
            QCOMPARE(report.unsealedRecords, 4);
            // Tampering in the unsealed tail is still caught by the chain.
            QCOMPARE(execSql(path, "UPDATE records SET http_status = 500 WHERE seq = 18"), QString());
            const LedgerVerifyReport tampered = verifyLedger(path, key.publicKeyRaw());
            QCOMPARE(tampered.problem, Problem::EntryHashMismatch);
            QCOMPARE(tampered.firstBadSeq, 18);
            QCOMPARE(execSql(path, "UPDATE records SET http_status = 200 WHERE seq = 18"), QString());
        }
        // Closing the ledger seals the tail.
        const LedgerVerifyReport closed = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(closed.ok, qPrintable(closed.message));
        QCOMPARE(closed.unsealedRecords, 0);
        QCOMPARE(closed.checkpoints, 2);
    }

    void checkpointsAreCutByTime()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        DecisionLedger::Options o = smallCheckpoints();
        o.checkpointIntervalMs = 50;
        QString error;
        auto ledger = DecisionLedger::open(path, key, o, &error);
        QVERIFY2(ledger, qPrintable(error));
        ledger->append(sampleDecision(1));
        ledger->append(sampleDecision(2));
        QVERIFY(ledger->flush());
        QTRY_COMPARE_WITH_TIMEOUT(ledger->checkpointCount(), 1, 5000);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.sealedRecords, 2);
    }

    void reopenContinuesTheChain()
    {
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key, 20);
        QString error;
        {
            auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
            QVERIFY2(ledger, qPrintable(error));
            for (int i = 21; i <= 40; ++i)
                ledger->append(sampleDecision(i));
            QVERIFY(ledger->seal());
        }
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.records, 40);
        QCOMPARE(queryInt(path, "SELECT max(seq) FROM records"), 40);

        // One writer per file.
        {
            auto first = DecisionLedger::open(path, key, smallCheckpoints(), &error);
            QVERIFY2(first, qPrintable(error));
            QVERIFY(!DecisionLedger::open(path, key, smallCheckpoints(), &error));
            QVERIFY(error.contains(QLatin1String("in use")));
        }

        // One ledger, one key.
        QVERIFY(!DecisionLedger::open(path, fixedKey(9), smallCheckpoints(), &error));
        QVERIFY(error.contains(key.fingerprint()));
        QVERIFY(!error.contains(QString::fromLatin1(fixedKey(9).seed().toHex())));
        QVERIFY(!DecisionLedger::open(path, SigningKey(), &error));
    }

    // One batch of any size: every record lands with its own sequence number in append order, and
    // checkpoints that fall inside a batch seal exactly the records before them.
    void batchOfAnySizeChainsInAppendOrder_data()
    {
        QTest::addColumn<int>("records");
        for (int n : {1, 15, 16, 17, 53, 100})
            QTest::addRow("%d", n) << n;
    }

    void batchOfAnySizeChainsInAppendOrder()
    {
        QFETCH(int, records);
        const SigningKey key = fixedKey();
        const QString path = newPath();
        DecisionLedger::Options o;
        o.checkpointEvery = 10; // not a multiple of the writer's rows per statement
        o.checkpointIntervalMs = 600'000;
        o.flushIntervalMs = 600'000; // nothing is written before seal(): one batch
        QString error;
        auto ledger = DecisionLedger::open(path, key, o, &error);
        QVERIFY2(ledger, qPrintable(error));
        for (int i = 1; i <= records; ++i)
            ledger->append(sampleDecision(i));
        QVERIFY(ledger->seal());
        QCOMPARE(ledger->writtenCount(), records);
        QVERIFY(writerThreadIsNamed());
        QCOMPARE(queryInt(path, "SELECT count(*) FROM records"), records);
        for (int i = 1; i <= records; ++i) {
            const QByteArray sql =
                "SELECT seq FROM records WHERE request_id = '" + sampleDecision(i).requestId + "'";
            QCOMPARE(queryInt(path, sql), i);
        }
        QCOMPARE(queryInt(path, "SELECT count(*) FROM checkpoints"), (records + 9) / 10);
        QCOMPARE(queryInt(path, "SELECT max(last_seq) FROM checkpoints"), records);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.sealedRecords, records);
    }

    // The destructor writes and seals everything still queued, in append order, also when the
    // queue is far longer than a batch (the writer then takes it a batch at a time while more
    // records keep arriving).
    void destructorWritesEverythingQueuedInOrder()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        constexpr int kRecords = 5000;
        {
            DecisionLedger::Options o;
            o.maxBatch = 64;
            o.checkpointEvery = 100;
            o.synchronousFull = false;
            QString error;
            auto ledger = DecisionLedger::open(path, key, o, &error);
            QVERIFY2(ledger, qPrintable(error));
            for (int i = 1; i <= kRecords; ++i)
                ledger->append(sampleDecision(i));
        }
        QCOMPARE(queryInt(path, "SELECT count(*) FROM records"), kRecords);
        for (int i : {1, 2, 63, 64, 65, 1024, 1025, 2500, 4999, 5000}) {
            const QByteArray sql =
                "SELECT seq FROM records WHERE request_id = '" + sampleDecision(i).requestId + "'";
            QCOMPARE(queryInt(path, sql), i);
        }
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.sealedRecords, kRecords);
    }

    // The columns hold the documented JSON (docs/audit.md) and the UTF-8 the decision hash covered,
    // byte for byte: escapes only where JSON needs them, non-ASCII as UTF-8.
    void columnsHoldTheDocumentedJsonAndUtf8()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        QString error;
        auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
        QVERIFY2(ledger, qPrintable(error));
        DecisionRecord r = sampleDecision(1);
        r.keyId = QStringLiteral("key_\u00e9t\u00e9");
        r.team = QStringLiteral("équipe \"A\"");
        r.detections = {{QStringLiteral("email"), 2, {QByteArray::fromHex("00ff10"), QByteArray(32, '\x7f')}},
                        {QStringLiteral("type \"quoted\" back\\slash"), 1, {}},
                        {QStringLiteral("ctl\n\t\x01"), 3, {QByteArray(65, '\x01')}}};
        r.dataClasses = {QStringLiteral("personal"), QStringLiteral("données/santé"), QString()};
        r.regimes = {};
        r.candidates = {{QStringLiteral("mistral-eu"), QStringLiteral("eu"), true},
                        {QStringLiteral("東京"), QStringLiteral("ap \"north\""), false}};
        r.reason = QStringLiteral("policy: ✓ allowed / \x7f");
        ledger->append(r);
        QVERIFY(ledger->flush());
        const auto column = [&](const char* name) {
            sqlite3* db = nullptr;
            sqlite3_open(path.toUtf8().constData(), &db);
            sqlite3_stmt* s = nullptr;
            const QByteArray sql = QByteArray("SELECT ") + name + " FROM records WHERE seq = 1";
            sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr);
            QByteArray value;
            if (sqlite3_step(s) == SQLITE_ROW)
                value = QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                                   sqlite3_column_bytes(s, 0));
            sqlite3_finalize(s);
            sqlite3_close(db);
            return value;
        };
        QCOMPARE(
            column("detections"),
            QByteArray("[{\"type\":\"email\",\"count\":2,\"value_hashes\":[\"00ff10\",\"") +
                QByteArray(32, '\x7f').toHex() +
                "\"]},{\"type\":\"type \\\"quoted\\\" back\\\\slash\",\"count\":1,\"value_hashes\":[]}," +
                "{\"type\":\"ctl\\n\\t\\u0001\",\"count\":3,\"value_hashes\":[\"" +
                QByteArray(65, '\x01').toHex() + "\"]}]");
        QCOMPARE(column("data_classes"), QByteArray("[\"personal\",\"données/santé\",\"\"]"));
        QCOMPARE(column("regimes"), QByteArray("[]"));
        QCOMPARE(column("candidates"),
                 QByteArray("[{\"provider\":\"mistral-eu\",\"region\":\"eu\",\"allowed\":true},"
                            "{\"provider\":\"東京\",\"region\":\"ap \\\"north\\\"\",\"allowed\":false}]"));
        QCOMPARE(column("key_id"), r.keyId.toUtf8());
        QCOMPARE(column("team"), r.team.toUtf8());
        QCOMPARE(column("reason"), r.reason.toUtf8());
        QCOMPARE(column("request_id"), r.requestId);
        QCOMPARE(column("cost_currency"), QByteArray("EUR"));
        QCOMPARE(column("typeof(team)"), QByteArray("text"));
        QCOMPARE(column("typeof(entry_hash)"), QByteArray("blob"));
        QVERIFY(ledger->seal());
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
    }

    void appendFromManyThreads()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        QString error;
        auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
        QVERIFY2(ledger, qPrintable(error));
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 250; ++i)
                    ledger->append(sampleDecision(t * 1000 + i));
            });
        }
        for (auto& th : threads)
            th.join();
        QVERIFY(ledger->seal());
        QCOMPARE(ledger->writtenCount(), 1000);
        QCOMPARE(ledger->droppedCount(), 0);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.records, 1000);
    }

    void aLockedFileIsRetriedAndOverflowIsCounted()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        DecisionLedger::Options o = smallCheckpoints();
        o.busyTimeoutMs = 10;
        o.retryInitialMs = 10;
        o.retryMaxMs = 40;
        o.maxBatch = 5;
        o.maxQueued = 10;
        QString error;
        auto ledger = DecisionLedger::open(path, key, o, &error);
        QVERIFY2(ledger, qPrintable(error));

        // Another process holds the write lock: every batch fails until it lets go.
        sqlite3* blocker = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &blocker), SQLITE_OK);
        QCOMPARE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        for (int i = 1; i <= 30; ++i)
            ledger->append(sampleDecision(i));
        QTRY_VERIFY_WITH_TIMEOUT(ledger->failedWrites() >= 2, 5000);
        QVERIFY(!ledger->flush(50));
        QVERIFY(ledger->droppedCount() >= 15);
        QCOMPARE(sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(blocker);

        QVERIFY(ledger->seal());
        QCOMPARE(ledger->writtenCount() + ledger->droppedCount(), 30);
        QCOMPARE(ledger->queuedCount(), 0);
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        QVERIFY2(report.ok, qPrintable(report.message));
        QCOMPARE(report.records, ledger->writtenCount());
    }

    void valueHashesAreSaltedPerLedger()
    {
        const SigningKey key = fixedKey();
        QString error;
        auto a = DecisionLedger::open(newPath(), key, &error);
        auto b = DecisionLedger::open(newPath(), key, &error);
        QVERIFY(a && b);
        const QByteArray h = a->hashValue("alice@example.com");
        QCOMPARE(h.size(), 32);
        QCOMPARE(a->hashValue("alice@example.com"), h);
        QVERIFY(b->hashValue("alice@example.com") != h);
        QVERIFY(a->hashValue("bob@example.com") != h);
        const Digest plain = sha256("alice@example.com", 17);
        QVERIFY(h != digestBytes(plain));
        QCOMPARE(a->ledgerId().size(), 32);
    }

    void proofRoundTrip()
    {
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key);
        for (int i : {1, 16, 17, 30, 49, 50}) {
            const QByteArray id = sampleDecision(i).requestId;
            const auto proof = buildInclusionProof(path, id);
            QVERIFY2(proof.ok(), qPrintable(proof.ok() ? QString() : proof.error().message));
            const ProofCheck check = verifyProof(proof.value(), key.publicKeyRaw());
            QVERIFY2(check.ok, qPrintable(check.message));
            QCOMPARE(check.requestId, id);
            QCOMPARE(check.seq, i);
            QCOMPARE(check.decisionHash, toHex(decisionHash(sampleDecision(i))));
        }
        QVERIFY(!buildInclusionProof(path, "req_unknown").ok());
    }

    // Ids as the gateway makes them carry their record's time_ms, by which the ledger finds them;
    // it keeps no index of ids. A ledger made before may hold ids whose time differs from its
    // record's, and its index of ids: those are found too.
    void proofFindsIdsByTheirTime()
    {
        const SigningKey key = fixedKey();
        const QString path = newPath();
        QString error;
        auto ledger = DecisionLedger::open(path, key, smallCheckpoints(), &error);
        QVERIFY2(ledger, qPrintable(error));
        QList<QByteArray> ids;
        for (int i = 1; i <= 20; ++i) {
            DecisionRecord r = sampleDecision(i, 1'700'000'000'000 + i / 4); // four records a millisecond
            r.requestId = newRequestId(r.timeMs);
            if (i == 20)
                r.requestId = newRequestId(r.timeMs - 1500); // an older Tollgate's id, made later
            ids << r.requestId;
            ledger->append(std::move(r));
        }
        QVERIFY(ledger->seal());
        ledger.reset();
        QCOMPARE(
            queryInt(
                path,
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'records_request_id'"),
            0);
        const auto proveAll = [&] {
            for (int i = 1; i <= 20; ++i) {
                const auto proof = buildInclusionProof(path, ids[i - 1]);
                QVERIFY2(proof.ok(), qPrintable(proof.ok() ? QString() : proof.error().message));
                const ProofCheck check = verifyProof(proof.value(), key.publicKeyRaw());
                QVERIFY2(check.ok, qPrintable(check.message));
                QCOMPARE(check.requestId, ids[i - 1]);
                QCOMPARE(check.seq, i);
            }
            QVERIFY(!buildInclusionProof(path, newRequestId(1'700'000'000'001)).ok());
            QVERIFY(!buildInclusionProof(path, "req_unknown").ok());
        };
        proveAll();
        QCOMPARE(execSql(path, "CREATE INDEX records_request_id ON records(request_id)"), QString());
        proveAll();
    }

    void forgedProofsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("pointer"); // JSON pointer of the field to change
        QTest::addColumn<QByteArray>("value");   // new value, as JSON
        QTest::newRow("team") << QByteArray("/record/team") << QByteArray("\"other\"");
        QTest::newRow("region") << QByteArray("/record/chosen_region") << QByteArray("\"us\"");
        QTest::newRow("allowed") << QByteArray("/record/candidates/1/allowed") << QByteArray("true");
        QTest::newRow("cost") << QByteArray("/record/outcome/cost_micros") << QByteArray("1");
        QTest::newRow("seq") << QByteArray("/seq") << QByteArray("31");
        QTest::newRow("audit path")
            << QByteArray("/audit_path/0")
            << QByteArray("\"0000000000000000000000000000000000000000000000000000000000000000\"");
        QTest::newRow("root") << QByteArray("/checkpoint/merkle_root")
                              << QByteArray(
                                     "\"1111111111111111111111111111111111111111111111111111111111111111\"");
        QTest::newRow("checkpoint time") << QByteArray("/checkpoint/time_ms") << QByteArray("1");
        QTest::newRow("ledger id") << QByteArray("/ledger_id")
                                   << QByteArray("\"00000000000000000000000000000000\"");
    }

    void forgedProofsAreRefused()
    {
        QFETCH(QByteArray, pointer);
        QFETCH(QByteArray, value);
        const SigningKey key = fixedKey();
        static QString path;
        if (path.isEmpty())
            path = writeSealedLedger(key);
        const auto proof = buildInclusionProof(path, "req_100030");
        QVERIFY(proof.ok());
        rapidjson::Document doc;
        doc.Parse(proof.value().constData());
        rapidjson::Document replacement(&doc.GetAllocator());
        replacement.Parse(value.constData());
        rapidjson::Value* target = rapidjson::Pointer(pointer.constData()).Get(doc);
        QVERIFY2(target, pointer.constData());
        target->CopyFrom(replacement, doc.GetAllocator());
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        doc.Accept(w);
        const ProofCheck check =
            verifyProof(QByteArray(buf.GetString(), int(buf.GetSize())), key.publicKeyRaw());
        QVERIFY(!check.ok);
        QVERIFY(!check.message.isEmpty());
    }

    void proofNeedsTheRightKeyAndASealedRecord()
    {
        const SigningKey key = fixedKey();
        const QString path = writeSealedLedger(key, 5);
        const auto proof = buildInclusionProof(path, "req_100003");
        QVERIFY(proof.ok());
        QVERIFY(!verifyProof(proof.value(), fixedKey(9).publicKeyRaw()).ok);
        QVERIFY(!verifyProof("{}", key.publicKeyRaw()).ok);
        QVERIFY(!verifyProof("not json", key.publicKeyRaw()).ok);

        const QString tailPath = newPath();
        QString error;
        auto ledger = DecisionLedger::open(tailPath, key, smallCheckpoints(), &error);
        QVERIFY(ledger);
        ledger->append(sampleDecision(1));
        QVERIFY(ledger->flush());
        const auto unsealed = buildInclusionProof(tailPath, "req_100001");
        QVERIFY(!unsealed.ok());
        QVERIFY(unsealed.error().message.contains(QLatin1String("not sealed")));
    }

    void notALedger()
    {
        QVERIFY(!verifyLedger(m_dir.filePath(QStringLiteral("missing.db"))).ok);
        const QString other = m_dir.filePath(QStringLiteral("other.db"));
        QCOMPARE(execSql(other, "CREATE TABLE t (x)"), QString());
        const LedgerVerifyReport report = verifyLedger(other);
        QVERIFY(!report.ok);
        QCOMPARE(report.problem, Problem::CannotRead);
        QString error;
        QVERIFY(!DecisionLedger::open(other, fixedKey(), &error));
        QVERIFY(error.contains(QLatin1String("not a Tollgate decision ledger")));
    }
};

QTEST_GUILESS_MAIN(TestDecisionLedger)
#include "tst_decisionledger.moc"

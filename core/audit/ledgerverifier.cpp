#include "audit/ledgerverifier.h"

#include "audit/ledgerformat.h"
#include "audit/merkletree.h"
#include "audit/signingkey.h"

#include <QCoreApplication>

#include <sqlite3.h>

#include <cstring>
#include <vector>

namespace tollgate {

namespace {

using namespace ledger;
using Problem = LedgerVerifyReport::Problem;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::LedgerVerifier", text);
}

bool sameDigest(const QByteArray& stored, const Digest& d)
{
    return stored.size() == 32 && std::memcmp(stored.constData(), d.data(), 32) == 0;
}

class Verifier
{
public:
    Verifier(const QString& path, const QByteArray& publicKey) : m_path(path), m_outsideKey(publicKey) {}
    LedgerVerifyReport run();

private:
    void fail(Problem problem, std::int64_t seq, const QByteArray& requestId, const QString& message)
    {
        m_report.ok = false;
        m_report.problem = problem;
        m_report.firstBadSeq = seq;
        m_report.firstBadRequestId = requestId;
        m_report.message = message;
    }
    bool loadCheckpoints();
    bool checkCheckpoint(const Checkpoint& cp, const Digest& head, const QByteArray& firstRequestId);
    // After an entry-hash mismatch at seq: is the record that belongs there further down?
    std::int64_t findMovedRecord(std::int64_t seq, const Digest& previous, const QByteArray& storedEntry);

    QString m_path;
    QByteArray m_outsideKey;
    LedgerVerifyReport m_report;
    ReadConnection m_conn;
    QByteArray m_ledgerId;
    QByteArray m_publicKey;
    std::vector<Checkpoint> m_checkpoints;
    std::vector<Digest> m_leaves;
    const Checkpoint* m_previousCheckpoint = nullptr;
};

bool Verifier::loadCheckpoints()
{
    Statement q(m_conn.db(),
                "SELECT id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash,"
                " signature FROM checkpoints ORDER BY id");
    if (!q.ok()) {
        fail(Problem::CannotRead, 0, {}, tr("cannot read the checkpoints: %1").arg(sqliteError(m_conn.db())));
        return false;
    }
    while (sqlite3_step(q.get()) == SQLITE_ROW) {
        Checkpoint cp;
        if (!readCheckpointRow(q.get(), 0, &cp)) {
            // A damaged row still takes its place; its range check or hash check names it.
            cp.hash = Digest{};
        }
        m_checkpoints.push_back(std::move(cp));
    }
    return true;
}

bool Verifier::checkCheckpoint(const Checkpoint& cp, const Digest& head, const QByteArray& firstRequestId)
{
    const std::int64_t expectedNumber = m_previousCheckpoint ? m_previousCheckpoint->number + 1 : 1;
    const std::int64_t expectedFirst = m_previousCheckpoint ? m_previousCheckpoint->lastSeq + 1 : 1;
    const Digest expectedPrev = m_previousCheckpoint ? m_previousCheckpoint->hash : Digest{};
    auto bad = [&](Problem p, const QString& why) {
        m_report.badCheckpoint = cp.number;
        fail(p, expectedFirst, firstRequestId,
             tr("checkpoint %1 (records %2 to %3): %4")
                 .arg(cp.number)
                 .arg(cp.firstSeq)
                 .arg(cp.lastSeq)
                 .arg(why));
        return false;
    };
    if (cp.number != expectedNumber || cp.firstSeq != expectedFirst || cp.lastSeq < cp.firstSeq)
        return bad(Problem::BadCheckpoint,
                   tr("its number or range does not follow checkpoint %1").arg(expectedNumber - 1));
    if (cp.prevHash != expectedPrev)
        return bad(Problem::BadCheckpoint, tr("it does not link to the previous checkpoint"));
    if (merkle::root(m_leaves) != cp.merkleRoot)
        return bad(Problem::BadMerkleRoot, tr("its Merkle root does not match the records"));
    if (cp.chainHead != head)
        return bad(Problem::BadCheckpoint,
                   tr("its chain head is not the entry hash of record %1").arg(cp.lastSeq));
    const QByteArray message = encodeCheckpoint(m_ledgerId, cp);
    if (sha256(message.constData(), std::size_t(message.size())) != cp.hash)
        return bad(Problem::BadCheckpoint, tr("its stored hash does not match its contents"));
    if (!verifyEd25519(m_publicKey, message, cp.signature))
        return bad(Problem::BadSignature, tr("its signature does not verify with the public key %1")
                                              .arg(QString::fromLatin1(m_report.publicKeyFingerprint)));
    return true;
}

std::int64_t Verifier::findMovedRecord(std::int64_t seq, const Digest& previous,
                                       const QByteArray& storedEntry)
{
    Statement q(m_conn.db(),
                "SELECT seq, decision_hash, http_status, cost_micros, cost_currency, input_tokens,"
                " output_tokens, entry_hash FROM records WHERE seq <> ? ORDER BY seq");
    if (!q.ok())
        return 0;
    sqlite3_bind_int64(q.get(), 1, seq);
    Digest decision{};
    while (sqlite3_step(q.get()) == SQLITE_ROW) {
        if (sqlite3_column_bytes(q.get(), 1) != 32 || sqlite3_column_bytes(q.get(), 4) != 3)
            continue;
        std::memcpy(decision.data(), sqlite3_column_blob(q.get(), 1), 32);
        DecisionOutcome o;
        o.httpStatus = int(sqlite3_column_int64(q.get(), 2));
        o.costMicros = sqlite3_column_int64(q.get(), 3);
        std::memcpy(o.costCurrency.data(), sqlite3_column_text(q.get(), 4), 3);
        o.inputTokens = sqlite3_column_int64(q.get(), 5);
        o.outputTokens = sqlite3_column_int64(q.get(), 6);
        // The record written at `seq` chained from `previous`; if a row here does too, it was moved.
        const QByteArray stored(static_cast<const char*>(sqlite3_column_blob(q.get(), 7)),
                                sqlite3_column_bytes(q.get(), 7));
        if (stored == storedEntry)
            continue;
        if (sameDigest(stored, entryHash(previous, std::uint64_t(seq), decision, o)))
            return sqlite3_column_int64(q.get(), 0);
    }
    return 0;
}

LedgerVerifyReport Verifier::run()
{
    QString error;
    if (!m_conn.open(m_path, &error)) {
        fail(Problem::CannotRead, 0, {}, error);
        return m_report;
    }
    // One read transaction: a consistent snapshot even while the writer appends.
    exec(m_conn.db(), "BEGIN", nullptr);
    m_ledgerId = QByteArray::fromHex(m_conn.meta("ledger_id").toLatin1());
    m_report.ledgerId = m_ledgerId.toHex();
    const QByteArray metaKey = QByteArray::fromHex(m_conn.meta("public_key").toLatin1());
    if (m_ledgerId.size() != 16) {
        fail(Problem::CannotRead, 0, {}, tr("the ledger's meta table has no valid ledger_id"));
        return m_report;
    }
    if (!m_outsideKey.isEmpty()) {
        m_publicKey = m_outsideKey;
        if (metaKey != m_outsideKey) {
            m_report.publicKeyFingerprint =
                toHex(sha256(m_publicKey.constData(), std::size_t(m_publicKey.size())));
            fail(Problem::PublicKeyMismatch, 0, {},
                 tr("the public key in the ledger's meta table is not the key given (fingerprint %1)")
                     .arg(QString::fromLatin1(m_report.publicKeyFingerprint)));
            return m_report;
        }
    } else {
        m_publicKey = metaKey;
        m_report.publicKeyFromLedger = true;
        if (m_publicKey.size() != 32) {
            fail(Problem::CannotRead, 0, {}, tr("the ledger's meta table has no valid public key"));
            return m_report;
        }
    }
    m_report.publicKeyFingerprint = toHex(sha256(m_publicKey.constData(), std::size_t(m_publicKey.size())));
    if (!loadCheckpoints())
        return m_report;

    const QByteArray sql = QByteArray("SELECT ") + kRecordColumns + " FROM records ORDER BY seq";
    Statement q(m_conn.db(), sql.constData());
    if (!q.ok()) {
        fail(Problem::CannotRead, 0, {}, tr("cannot read the records: %1").arg(sqliteError(m_conn.db())));
        return m_report;
    }
    Digest previous = genesisHash(m_ledgerId);
    std::int64_t expected = 1;
    std::size_t nextCheckpoint = 0;
    QByteArray rangeFirstRequestId;
    StoredRecord row;
    QString why;
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        if (!readRecordRow(q.get(), 0, &row, &why)) {
            fail(Problem::RecordUnreadable, row.seq, row.record.requestId,
                 tr("record %1 (%2): %3").arg(row.seq).arg(QString::fromLatin1(row.record.requestId), why));
            return m_report;
        }
        const QString id = QString::fromLatin1(row.record.requestId);
        if (row.seq != expected) {
            fail(Problem::Gap, expected, row.record.requestId,
                 tr("records %1 to %2 are missing (the next record is %3, %4)")
                     .arg(expected)
                     .arg(row.seq - 1)
                     .arg(row.seq)
                     .arg(id));
            return m_report;
        }
        const Digest decision = decisionHash(row.record);
        if (!sameDigest(row.decisionHash, decision)) {
            fail(Problem::DecisionHashMismatch, row.seq, row.record.requestId,
                 tr("record %1 (%2) was changed after it was written: its decision hash does not match its "
                    "fields")
                     .arg(row.seq)
                     .arg(id));
            return m_report;
        }
        const Digest entry = entryHash(previous, std::uint64_t(row.seq), decision, row.record.outcome);
        if (!sameDigest(row.entryHash, entry)) {
            const std::int64_t movedTo = findMovedRecord(row.seq, previous, row.entryHash);
            if (movedTo != 0) {
                fail(Problem::Reordered, row.seq, row.record.requestId,
                     tr("records were reordered: the record written as %1 is now at %2, and %1 holds %3")
                         .arg(row.seq)
                         .arg(movedTo)
                         .arg(id));
            } else {
                fail(
                    Problem::EntryHashMismatch, row.seq, row.record.requestId,
                    tr("record %1 (%2) does not chain to the record before it: its outcome was changed, or it"
                       " was inserted or moved")
                        .arg(row.seq)
                        .arg(id));
            }
            return m_report;
        }
        if (m_leaves.empty())
            rangeFirstRequestId = row.record.requestId;
        m_leaves.push_back(merkle::leafHash(entry));
        previous = entry;
        ++m_report.records;
        ++expected;
        if (nextCheckpoint < m_checkpoints.size() && m_checkpoints[nextCheckpoint].lastSeq == row.seq) {
            const Checkpoint& cp = m_checkpoints[nextCheckpoint];
            if (!checkCheckpoint(cp, entry, rangeFirstRequestId))
                return m_report;
            m_report.sealedRecords += std::int64_t(m_leaves.size());
            ++m_report.checkpoints;
            m_leaves.clear();
            m_previousCheckpoint = &cp;
            ++nextCheckpoint;
        } else if (nextCheckpoint < m_checkpoints.size() && m_checkpoints[nextCheckpoint].lastSeq < row.seq) {
            const Checkpoint& cp = m_checkpoints[nextCheckpoint];
            m_report.badCheckpoint = cp.number;
            fail(Problem::BadCheckpoint, m_previousCheckpoint ? m_previousCheckpoint->lastSeq + 1 : 1,
                 rangeFirstRequestId,
                 tr("checkpoint %1 ends at record %2, which does not follow checkpoint %3")
                     .arg(cp.number)
                     .arg(cp.lastSeq)
                     .arg(cp.number - 1));
            return m_report;
        }
    }
    if (rc != SQLITE_DONE) {
        fail(Problem::CannotRead, expected, {},
             tr("reading record %1 failed: %2").arg(expected).arg(sqliteError(m_conn.db())));
        return m_report;
    }
    if (nextCheckpoint < m_checkpoints.size()) {
        const Checkpoint& cp = m_checkpoints[nextCheckpoint];
        m_report.badCheckpoint = cp.number;
        fail(Problem::MissingRecords, expected, {},
             tr("checkpoint %1 covers records up to %2, but the ledger ends at record %3: records were "
                "removed")
                 .arg(cp.number)
                 .arg(cp.lastSeq)
                 .arg(expected - 1));
        return m_report;
    }
    m_report.unsealedRecords = std::int64_t(m_leaves.size());
    m_report.lastEntryHash = toHex(previous);
    m_report.ok = true;
    if (m_report.unsealedRecords > 0)
        m_report.message =
            tr("%1 records verified; %2 sealed by %3 signed checkpoints, the last %4 only by the hash"
               " chain (not sealed yet, e.g. after a crash)")
                .arg(m_report.records)
                .arg(m_report.sealedRecords)
                .arg(m_report.checkpoints)
                .arg(m_report.unsealedRecords);
    else
        m_report.message = tr("%1 records verified, all sealed by %2 signed checkpoints")
                               .arg(m_report.records)
                               .arg(m_report.checkpoints);
    return m_report;
}

} // namespace

QString problemName(LedgerVerifyReport::Problem problem)
{
    switch (problem) {
    case Problem::None:
        return QStringLiteral("none");
    case Problem::CannotRead:
        return QStringLiteral("cannot-read");
    case Problem::PublicKeyMismatch:
        return QStringLiteral("public-key-mismatch");
    case Problem::RecordUnreadable:
        return QStringLiteral("record-unreadable");
    case Problem::DecisionHashMismatch:
        return QStringLiteral("decision-hash-mismatch");
    case Problem::EntryHashMismatch:
        return QStringLiteral("entry-hash-mismatch");
    case Problem::Gap:
        return QStringLiteral("gap");
    case Problem::Reordered:
        return QStringLiteral("reordered");
    case Problem::BadMerkleRoot:
        return QStringLiteral("bad-merkle-root");
    case Problem::BadCheckpoint:
        return QStringLiteral("bad-checkpoint");
    case Problem::BadSignature:
        return QStringLiteral("bad-signature");
    case Problem::MissingRecords:
        return QStringLiteral("missing-records");
    }
    return QStringLiteral("unknown");
}

LedgerVerifyReport verifyLedger(const QString& path, const QByteArray& publicKeyRaw)
{
    return Verifier(path, publicKeyRaw).run();
}

} // namespace tollgate

#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace tollgate {

// What verifyLedger() found. On failure, firstBadSeq / firstBadRequestId name the first record (in
// sequence order) that cannot be trusted, and problem says why.
struct LedgerVerifyReport
{
    enum class Problem
    {
        None,
        CannotRead,           // not a ledger, unreadable file, damaged meta table
        PublicKeyMismatch,    // the meta table's key is not the key given from outside
        RecordUnreadable,     // a column cannot be decoded (e.g. JSON edited by hand)
        DecisionHashMismatch, // a decision field was changed after the record was written
        EntryHashMismatch,    // the outcome or the chain was changed, or a row was inserted
        Gap,                  // records are missing (deleted rows)
        Reordered,            // records were moved to other sequence numbers
        BadMerkleRoot,        // a checkpoint's root does not match its records
        BadCheckpoint,        // a checkpoint's range, link to the previous one, chain head or hash
        BadSignature,         // a checkpoint's Ed25519 signature does not verify
        MissingRecords,       // a checkpoint covers records that are no longer there
    };

    bool ok = false;
    Problem problem = Problem::None;
    QString message; // one line for people, names the seq and request id; never a secret
    std::int64_t records = 0;
    std::int64_t checkpoints = 0;     // checkpoints verified
    std::int64_t sealedRecords = 0;   // covered by a verified checkpoint
    std::int64_t unsealedRecords = 0; // after the last checkpoint: chain-verified only (normal after a crash)
    std::int64_t firstBadSeq = 0;
    QByteArray firstBadRequestId;
    std::int64_t badCheckpoint = 0;   // checkpoint number, when a checkpoint is at fault
    QByteArray ledgerId;              // hex
    QByteArray publicKeyFingerprint;  // of the key the signatures were checked with
    bool publicKeyFromLedger = false; // true when no outside key was given
    QByteArray lastEntryHash;         // hex: the chain head; publish it to detect truncation later
};

QString problemName(LedgerVerifyReport::Problem problem); // "entry-hash-mismatch", ...

// Walks the whole ledger at path offline (read-only; safe while a writer is active: it reads one
// snapshot). publicKeyRaw: 32 bytes from outside the ledger (a file the operator kept), so a
// replaced meta table is caught; empty means the ledger's own meta key, reported as such.
LedgerVerifyReport verifyLedger(const QString& path, const QByteArray& publicKeyRaw = {});

} // namespace tollgate

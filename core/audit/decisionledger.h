#pragma once

#include "audit/decisionrecord.h"
#include "audit/signingkey.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>

namespace tollgate {

class Clock;

// The tamper-evident decision ledger: one SQLite file (e.g. <data-dir>/ledger.db) owned by one
// writer thread. append() is cheap and callable from any thread: it only enqueues. The writer
// assigns sequence numbers, chains every record to the previous one (entry hashes), writes in
// batched transactions, and seals batches into a Merkle tree with an Ed25519-signed checkpoint
// every `checkpointEvery` records or `checkpointIntervalMs`, whichever comes first.
//
// Nothing is lost silently: a failing disk keeps records queued (bounded by maxQueued) and retried
// with back-off; records over the bound, or still unwritable at shutdown, are dropped, counted
// (droppedCount()) and logged. A crash leaves an unsealed tail that verification checks through
// the chain; the next open continues the chain and the next checkpoint seals the tail.
class DecisionLedger
{
public:
    struct Options
    {
        // Records per transaction. A commit costs far more than a record (an fsync, and the WAL
        // frames of the pages every batch rewrites), so under load batches are closed by the
        // flush interval, not by size: 20 commits a second up to about 80,000 records a second.
        int maxBatch = 4096;
        int flushIntervalMs = 50;
        int checkpointEvery = 1024;       // records per checkpoint (the Merkle tree's size)
        int checkpointIntervalMs = 5'000; // seal a partial batch after this long
        int maxQueued = 200'000;
        int retryInitialMs = 100;
        int retryMaxMs = 5'000;
        int shutdownTimeoutMs = 5'000;
        int busyTimeoutMs = 5'000; // how long one write waits for another process's lock on the file
        // synchronous=FULL: a committed batch survives a power loss, at one fsync per batch
        // (at most 1000/flushIntervalMs a second under load). NORMAL survives a process crash only.
        bool synchronousFull = true;
        const Clock* clock = nullptr; // checkpoint times; the system clock when null
    };

    // Opens (creates) the ledger at path, signing its checkpoints with key. A ledger created with
    // another key is refused: one ledger, one key. Returns null and sets *error on failure.
    static std::unique_ptr<DecisionLedger> open(const QString& path, const SigningKey& key, QString* error);
    static std::unique_ptr<DecisionLedger> open(const QString& path, const SigningKey& key, Options options,
                                                QString* error);
    ~DecisionLedger(); // writes and seals what is queued, then stops the thread

    DecisionLedger(const DecisionLedger&) = delete;
    DecisionLedger& operator=(const DecisionLedger&) = delete;

    // Thread-safe; never blocks on the disk.
    void append(DecisionRecord record);
    // The same, for a caller that already holds decisionHash(record) (the request path sends it in
    // x-tollgate-decision): the writer stores that digest instead of hashing the record again.
    void append(DecisionRecord record, const Digest& decision);

    // Blocks until every record appended before the call is committed (or dropped); false after
    // timeoutMs. Waits on a condition variable, never an event loop. Tests and shutdown only.
    bool flush(int timeoutMs = 10'000);
    // flush(), then seal every committed record into a checkpoint.
    bool seal(int timeoutMs = 10'000);

    // The salted hash the ledger keeps instead of a detected value: SHA-256(value_salt || value),
    // where value_salt = SHA-256("TGS1" || signing seed || ledger id) never leaves memory. Without
    // the signing key nobody can test guesses against the hashes in the file; with it, an auditor
    // can check whether a given value was seen. 32 raw bytes. Thread-safe.
    QByteArray hashValue(QByteArrayView value) const;

    QByteArray ledgerId() const; // 32 hex digits
    QString path() const;
    std::int64_t writtenCount() const;
    std::int64_t droppedCount() const;
    std::int64_t failedWrites() const;
    std::int64_t queuedCount() const;
    std::int64_t checkpointCount() const; // written by this instance

private:
    DecisionLedger();
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tollgate

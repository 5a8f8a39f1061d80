#pragma once

#include "store/requestlogrecord.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace tollgate {

// The store's writer: one thread owns the SQLite connection and all writes. enqueue() is cheap and
// callable from any thread; records are written in batches (one transaction per batch), so the
// request path never waits on the disk. If the disk fails, records are kept in memory (bounded),
// retried, and the failure is logged and counted — never silently dropped.
class RequestLogWriter
{
public:
    struct Options
    {
        // Rows per transaction: large enough that under load the flush interval, not the size,
        // closes a batch (see DecisionLedger::Options::maxBatch).
        int maxBatch = 4096;
        int flushIntervalMs = 50;
        int maxQueued = 200'000;  // above it, the oldest records are dropped and counted
        int retryInitialMs = 100; // first pause after a failed write; doubles up to retryMaxMs
        int retryMaxMs = 5'000;
        int shutdownTimeoutMs = 5'000; // how long the destructor keeps retrying a failing disk
        // With a retention set (setRetention), rows older than it are deleted this long after
        // open() and then every pruneIntervalMs, between batches: chunks of pruneChunkRows rows
        // for at most pruneBudgetMs, then a pause of prunePauseMs while more are left, in which
        // the batches that gathered are written. A minute's rows take a moment; a backlog (a first
        // start on a large log, a shorter retention) goes at about half the thread's time.
        int pruneFirstAfterMs = 10'000;
        int pruneIntervalMs = 60'000;
        int pruneChunkRows = 2'000;
        int pruneBudgetMs = 20;
        int prunePauseMs = 20;
    };

    // Opens (creates, migrates) the SQLite database at path. Returns null and sets *error on failure.
    static std::unique_ptr<RequestLogWriter> open(const QString& path, QString* error);
    static std::unique_ptr<RequestLogWriter> open(const QString& path, Options options, QString* error);
    ~RequestLogWriter(); // flushes what is queued, then stops the thread

    void enqueue(RequestLogRecord record);
    // Blocks until every record enqueued before the call is committed (or dropped, see
    // droppedCount()); false when that did not happen within timeoutMs, e.g. while the disk is
    // full. A flush also cuts short the writer's pause between retries. Waits on a condition
    // variable, never a nested event loop. For tests and shutdown only; never call it on the
    // request path.
    bool flush(int timeoutMs = 10'000);
    // Rows whose request started more than `days` days ago are deleted (server.
    // request_log_retention_days); 0 keeps every row. Callable from any thread; a new value is
    // applied at once. The file does not shrink: SQLite reuses the freed pages for new rows.
    void setRetention(int days);

    std::int64_t prunedCount() const; // rows deleted for being older than the retention

    std::int64_t writtenCount() const;   // records committed
    std::int64_t batchesWritten() const; // transactions that committed records
    std::int64_t droppedCount() const; // records lost: over maxQueued, or unwritable at shutdown
    std::int64_t failedWrites() const; // failed batch transactions (each is retried)
    std::int64_t queuedCount() const;  // records waiting, including a batch being written
    QString databasePath() const;

private:
    RequestLogWriter();
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// Reading side, on its own read-only connection (UI, CLI, tests); safe while a writer is active.
// Newest first (by startedAtMs); limit <= 0 means every row. On failure returns nothing and sets
// *error (a missing file is an error: reading never creates a database).
std::vector<RequestLogRecord> readRequestLog(const QString& databasePath, int limit,
                                             QString* error = nullptr);

} // namespace tollgate

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
        int maxBatch = 512;
        int flushIntervalMs = 50;
        int maxQueued = 200'000; // above it, the oldest records are dropped and counted
    };

    // Opens (creates, migrates) the SQLite database at path. Returns null and sets *error on failure.
    static std::unique_ptr<RequestLogWriter> open(const QString& path, QString* error);
    static std::unique_ptr<RequestLogWriter> open(const QString& path, Options options, QString* error);
    ~RequestLogWriter(); // flushes what is queued, then stops the thread

    void enqueue(RequestLogRecord record);
    // Blocks until every record enqueued before the call is committed (or failed). For tests and
    // shutdown only; never call it on the request path.
    bool flush(int timeoutMs = 10'000);

    std::int64_t writtenCount() const;
    std::int64_t droppedCount() const;
    std::int64_t failedWrites() const;
    QString databasePath() const;

private:
    RequestLogWriter();
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// Reading side, on its own connection (UI, CLI, tests). Newest first.
std::vector<RequestLogRecord> readRequestLog(const QString& databasePath, int limit, QString* error = nullptr);

} // namespace tollgate

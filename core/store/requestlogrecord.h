#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

class QSqlQuery;

namespace tollgate {

// One row of the request log: every request leaves exactly one, failed and refused ones included.
// Times: wall-clock ms since the epoch for when; durations in microseconds.
struct RequestLogRecord
{
    QByteArray requestId;
    std::int64_t startedAtMs = 0;
    std::int64_t finishedAtMs = 0;
    QString method;
    QString path;
    QString endpoint;        // "chat.completions", "messages", "embeddings", "models", "health", "unknown"
    QString modelRequested;  // as the client sent it
    QString provider;        // provider that answered (or was last tried); empty if none
    QString modelUsed;       // the provider's model id
    int attempts = 0;        // upstream attempts, fallbacks included
    bool stream = false;
    int status = 0;          // HTTP status sent to the client (0 if the client left first)
    std::int64_t totalUs = 0;     // first request byte -> last response byte
    std::int64_t upstreamUs = 0;  // time spent in upstream calls
    std::int64_t addedUs = 0;     // totalUs - upstreamUs: the gateway's own overhead
    std::int64_t ttfbUs = 0;      // first request byte -> first response byte to the client
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t costMicros = 0;  // in costCurrency
    QString costCurrency;
    QString errorType;       // OpenAI error type, empty on success
    QString errorMessage;
    QString stopReason;      // which stage answered itself, and why (empty when upstream answered)
    bool clientDisconnected = false;
};

// The request_log columns of a record, comma-separated, in the order readRequestLogRecord() reads
// them: write "SELECT " kRequestLogColumns " FROM request_log ...".
extern const char* const kRequestLogColumns;
// The record on the query's current row, selected with kRequestLogColumns.
RequestLogRecord readRequestLogRecord(const QSqlQuery& query);

} // namespace tollgate

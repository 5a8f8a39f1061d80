#include "store/requestlogrecord.h"

#include <QSqlQuery>
#include <QVariant>

namespace tollgate {

const char* const kRequestLogColumns =
    "request_id, started_at_ms, finished_at_ms, method, path, endpoint, model_requested, provider,"
    " model_used, attempts, stream, status, total_us, upstream_us, added_us, ttfb_us, input_tokens,"
    " output_tokens, cost_micros, cost_currency, error_type, error_message, stop_reason, client_disconnected";

RequestLogRecord readRequestLogRecord(const QSqlQuery& q)
{
    RequestLogRecord r;
    int i = 0;
    r.requestId = q.value(i++).toString().toLatin1();
    r.startedAtMs = q.value(i++).toLongLong();
    r.finishedAtMs = q.value(i++).toLongLong();
    r.method = q.value(i++).toString();
    r.path = q.value(i++).toString();
    r.endpoint = q.value(i++).toString();
    r.modelRequested = q.value(i++).toString();
    r.provider = q.value(i++).toString();
    r.modelUsed = q.value(i++).toString();
    r.attempts = q.value(i++).toInt();
    r.stream = q.value(i++).toInt() != 0;
    r.status = q.value(i++).toInt();
    r.totalUs = q.value(i++).toLongLong();
    r.upstreamUs = q.value(i++).toLongLong();
    r.addedUs = q.value(i++).toLongLong();
    r.ttfbUs = q.value(i++).toLongLong();
    r.inputTokens = q.value(i++).toLongLong();
    r.outputTokens = q.value(i++).toLongLong();
    r.costMicros = q.value(i++).toLongLong();
    r.costCurrency = q.value(i++).toString();
    r.errorType = q.value(i++).toString();
    r.errorMessage = q.value(i++).toString();
    r.stopReason = q.value(i++).toString();
    r.clientDisconnected = q.value(i++).toInt() != 0;
    return r;
}

} // namespace tollgate

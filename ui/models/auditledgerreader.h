#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace tollgate::ui {

// Read-only access to a decision ledger file (<data dir>/ledger.db) for the Audit panel. Every
// function opens its own read-only connection, reads one snapshot and closes it: call them from
// a pool thread (QtConcurrent), never the UI thread. A writer may be active meanwhile.

// One ledger record as the panel shows it.
struct AuditRecordRow
{
    std::int64_t seq = 0;
    QByteArray requestId;
    std::int64_t timeMs = 0; // ms since the Unix epoch, UTC
    QString keyId;
    QString team;
    QStringList dataClasses;
    QStringList regimes;
    QString policyVersion;
    QString detections; // the stored JSON (types, counts, value hashes)
    QString candidates; // the stored JSON (provider, region, allowed)
    QString chosenProvider;
    QString chosenRegion;
    QString action;
    QString reason;
    int httpStatus = 0;
    std::int64_t costMicros = 0;
    QString costCurrency;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    QByteArray decisionHash; // hex; what x-tollgate-decision carried
    QByteArray entryHash;    // hex; the hash chain's link
};

struct AuditStatus
{
    bool ok = false;
    QString error;
    std::int64_t records = 0;
    std::int64_t lastSeq = 0;
    std::int64_t checkpoints = 0;
    std::int64_t lastCheckpointMs = 0; // 0: none yet
    std::int64_t sealedThroughSeq = 0; // last seq covered by a checkpoint
    QByteArray ledgerId;
};

struct AuditPage
{
    bool ok = false;
    QString error;
    std::vector<AuditRecordRow> rows; // newest first
};

AuditStatus readAuditStatus(const QString& ledgerPath);
// Up to `limit` records with seq < beforeSeq (every record when beforeSeq <= 0), newest first.
AuditPage readAuditPage(const QString& ledgerPath, std::int64_t beforeSeq, int limit);

} // namespace tollgate::ui

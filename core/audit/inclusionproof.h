#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace tollgate {

// An inclusion proof for one request: the record, its entry and leaf hash, the Merkle audit path
// to its checkpoint's root and the signed checkpoint, as JSON (docs/audit.md, "Inclusion proofs").
// Fails when the request id is unknown, or when its record is not sealed by a checkpoint yet.
Result<QByteArray> buildInclusionProof(const QString& ledgerPath, const QByteArray& requestId);

struct ProofCheck
{
    bool ok = false;
    QString message;
    QByteArray requestId;
    std::int64_t seq = 0;
    std::int64_t checkpoint = 0;
    QByteArray decisionHash; // hex, what x-tollgate-decision carried
};

// Checks a proof without the ledger: the record's hashes, the audit path, the checkpoint's hash and
// its signature under publicKeyRaw (32 bytes, from outside the proof).
ProofCheck verifyProof(const QByteArray& json, const QByteArray& publicKeyRaw);

} // namespace tollgate

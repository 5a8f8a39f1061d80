#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tollgate {

// A SHA-256 digest, raw bytes.
using Digest = std::array<unsigned char, 32>;

// One kind of regulated data found in a request. Raw values never reach the ledger: each value is
// kept only as SHA-256 over the ledger's secret value salt and the value (DecisionLedger::hashValue).
struct Detection
{
    QString type; // detector name, e.g. "email", "iban", "aws_access_key"
    std::int64_t count = 0;
    std::vector<QByteArray> valueHashes; // 32 raw bytes each
};

// A provider target the router considered, and whether the residency policy allowed it.
struct CandidateTarget
{
    QString provider;
    QString region;
    bool allowed = false;
};

// What happened after the decision: known only when the response is settled.
struct DecisionOutcome
{
    int httpStatus = 0;
    std::int64_t costMicros = 0;                     // micro-units of costCurrency
    std::array<char, 3> costCurrency{'U', 'S', 'D'}; // ISO 4217
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;

    QString currencyCode() const { return QString::fromLatin1(costCurrency.data(), 3); }
};

// One request's sovereignty decision, as the ledger records it. Plain data: build it on the request
// path, hash it with decisionHash(), append it to the DecisionLedger.
struct DecisionRecord
{
    QByteArray requestId;
    std::int64_t timeMs = 0; // wall clock, ms since the Unix epoch (UTC)
    QString keyId;
    QString team;
    std::vector<Detection> detections;
    QStringList dataClasses;
    QStringList regimes;
    QString policyVersion;
    std::vector<CandidateTarget> candidates;
    QString chosenProvider;
    QString chosenRegion;
    QString action; // "forwarded", "blocked", "refused", "failed", "cached", ...
    QString reason; // why a stage stopped the request; empty when it was forwarded
    DecisionOutcome outcome;
};

// The canonical encodings (docs/audit.md, "Canonical encoding"). Deterministic: the same record
// always gives the same bytes, so a third party can recompute every hash in the ledger.
std::string encodeDecision(const DecisionRecord& record);
std::string encodeOutcome(const DecisionOutcome& outcome);

// SHA-256 over encodeDecision(record): everything except the outcome, so it can be sent in the
// x-tollgate-decision header before the response is complete. Cheap (about a microsecond) and
// callable from any thread.
Digest decisionHash(const DecisionRecord& record);

// entry_hash(n) = SHA-256(entry_hash(n-1) || u64be(seq) || decision_hash || encodeOutcome(outcome))
Digest entryHash(const Digest& previous, std::uint64_t seq, const Digest& decision,
                 const DecisionOutcome& outcome);

Digest sha256(const void* data, std::size_t size);
QByteArray toHex(const Digest& digest);
// False when hex is not exactly 64 hex digits.
bool digestFromHex(QByteArrayView hex, Digest* out);
inline QByteArray digestBytes(const Digest& d)
{
    return QByteArray(reinterpret_cast<const char*>(d.data()), int(d.size()));
}

} // namespace tollgate

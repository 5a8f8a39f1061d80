#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <cstdint>
#include <map>
#include <vector>

namespace tollgate {

// Where regulated data went during a period, from the ledger: the evidence a data-protection
// officer hands on. Built offline from the ledger file (read-only), with the ledger's verification
// result and the signed checkpoints that cover the period.
struct EvidenceOptions
{
    std::int64_t fromMs = 0; // inclusive, ms since the Unix epoch (UTC)
    std::int64_t toMs = 0;   // exclusive
    QString currency;        // the cost statement's currency (ISO 4217); empty: costs per currency only
    // Conversion into `currency`: one unit of the key's currency is worth this many units of
    // `currency`. Costs in a currency without a rate stay listed separately, never guessed.
    QHash<QString, double> rates;
    QByteArray publicKeyRaw; // for the verification line; empty: the ledger's own key
    bool verify = true;
};

struct EvidenceFlow
{
    QString dataClass; // one row per data class of a record; "none" when nothing was detected
    QString regimes;   // the record's regimes, sorted, joined with "+"; "none" when empty
    QString region;    // chosen region; empty when the request went nowhere
    QString provider;
    QString team;
    QString action;
    std::int64_t records = 0;
    std::map<QString, std::int64_t> costMicros; // by currency
};

struct EvidenceCheckpoint
{
    std::int64_t number = 0;
    std::int64_t firstSeq = 0;
    std::int64_t lastSeq = 0;
    std::int64_t timeMs = 0;
    QByteArray merkleRoot; // hex
    QByteArray hash;       // hex
    QByteArray signature;  // hex
};

struct EvidenceReport
{
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    std::int64_t generatedMs = 0;
    QByteArray ledgerId;
    QByteArray publicKeyFingerprint;
    bool verified = false;
    QString verification; // verifyLedger's message
    std::int64_t records = 0;
    std::int64_t unsealedRecords = 0; // records of the period not yet covered by a checkpoint
    std::vector<EvidenceFlow> flows;  // sorted by data class, regimes, region, provider, team, action
    std::map<QString, std::map<QString, std::int64_t>> teamCosts; // team -> currency -> micros
    QString statementCurrency;
    std::map<QString, std::int64_t> statementByTeam; // team -> micros of statementCurrency (converted part)
    std::int64_t statementTotalMicros = 0;
    QStringList unconvertedCurrencies;
    std::vector<EvidenceCheckpoint> checkpoints;
};

Result<EvidenceReport> buildEvidence(const QString& ledgerPath, const EvidenceOptions& options);

QByteArray evidenceToJson(const EvidenceReport& report);
QByteArray evidenceToCsv(const EvidenceReport& report);
// Self-contained (inline CSS, no scripts, no external resources) and printable.
QByteArray evidenceToHtml(const EvidenceReport& report);

} // namespace tollgate

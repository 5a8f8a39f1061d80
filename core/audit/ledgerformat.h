#pragma once

// The ledger's on-disk format, shared by the writer, the verifier, proofs and the evidence export.
// Internal to core/audit: nothing outside this folder includes it. docs/audit.md describes the same
// format for people who verify a ledger with their own tools.

#include "audit/decisionrecord.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace tollgate::ledger {

inline constexpr const char* kFormat = "tollgate-ledger/1";
inline constexpr int kSchemaVersion = 1;

// Columns of `records`, in the order every SELECT of a full record uses.
inline constexpr const char* kRecordColumns =
    "seq, request_id, time_ms, key_id, team, detections, data_classes, regimes, policy_version,"
    " candidates, chosen_provider, chosen_region, action, reason, http_status, cost_micros,"
    " cost_currency, input_tokens, output_tokens, decision_hash, entry_hash";
inline constexpr const char* kCheckpointColumns =
    "id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash, signature";

// Creates the tables when missing. Runs inside the caller's transaction.
bool createSchema(sqlite3* db, QString* error);

// Prev entry hash of seq 1: SHA-256("TGL1" || ledger_id), so records cannot be moved between ledgers.
Digest genesisHash(const QByteArray& ledgerId);

struct Checkpoint
{
    std::int64_t number = 0; // from 1
    std::int64_t firstSeq = 0;
    std::int64_t lastSeq = 0;
    Digest merkleRoot{};
    Digest chainHead{}; // entry hash of lastSeq
    Digest prevHash{};  // hash of the previous checkpoint; zero for the first
    std::int64_t timeMs = 0;
    Digest hash{};        // SHA-256(encodeCheckpoint())
    QByteArray signature; // Ed25519 over encodeCheckpoint()
};
// "TGC1" || ledger_id(16) || i64 number || i64 first_seq || i64 last_seq || merkle_root ||
// chain_head || prev_hash || i64 time_ms
QByteArray encodeCheckpoint(const QByteArray& ledgerId, const Checkpoint& cp);

// A record row as stored: the record plus the hashes the writer computed.
struct StoredRecord
{
    std::int64_t seq = 0;
    DecisionRecord record;
    QByteArray decisionHash; // as stored; 32 bytes when intact
    QByteArray entryHash;
};

// Column codecs (JSON text). Decoders return false on malformed text: the verifier reports that as
// an edited record rather than trusting it.
std::string detectionsToJson(const std::vector<Detection>& detections);
std::string candidatesToJson(const std::vector<CandidateTarget>& candidates);
std::string stringListToJson(const QStringList& list);
// The same texts, written into out (its contents replaced): no allocation once out has grown.
void detectionsToJson(const std::vector<Detection>& detections, std::string& out);
void candidatesToJson(const std::vector<CandidateTarget>& candidates, std::string& out);
void stringListToJson(const QStringList& list, std::string& out);
bool detectionsFromJson(const char* text, std::size_t size, std::vector<Detection>* out);
bool candidatesFromJson(const char* text, std::size_t size, std::vector<CandidateTarget>* out);
bool stringListFromJson(const char* text, std::size_t size, QStringList* out);

// Reads the current row of a statement that selected kRecordColumns starting at column `first`.
// False (with *why) when a column cannot be decoded.
bool readRecordRow(sqlite3_stmt* stmt, int first, StoredRecord* out, QString* why);
bool readCheckpointRow(sqlite3_stmt* stmt, int first, Checkpoint* out);

// RAII around a read-only connection.
class ReadConnection
{
public:
    ReadConnection() = default;
    ~ReadConnection();
    ReadConnection(const ReadConnection&) = delete;
    ReadConnection& operator=(const ReadConnection&) = delete;
    bool open(const QString& path, QString* error); // a missing file is an error
    sqlite3* db() const { return m_db; }
    QString meta(const char* key) const; // empty when absent

private:
    sqlite3* m_db = nullptr;
};

class Statement
{
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return m_stmt; }
    bool ok() const { return m_stmt != nullptr; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

QString sqliteError(sqlite3* db);
bool exec(sqlite3* db, const char* sql, QString* error);

} // namespace tollgate::ledger

#include "audit/inclusionproof.h"

#include "audit/ledgerformat.h"
#include "audit/merkletree.h"
#include "audit/recordjson.h"
#include "audit/signingkey.h"
#include "common/ids.h"

#include <QCoreApplication>

#include <sqlite3.h>

#include <cstring>
#include <optional>

namespace tollgate {

namespace {

using namespace ledger;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::InclusionProof", text);
}

constexpr const char* kProofFormat = "tollgate-ledger-proof/1";

void writeDigest(JsonWriter& w, const Digest& d)
{
    writeJsonString(w, toHex(d));
}

bool readDigest(const rapidjson::Value& o, const char* name, Digest* out)
{
    const auto it = o.FindMember(name);
    return it != o.MemberEnd() && it->value.IsString() &&
           digestFromHex(QByteArrayView(it->value.GetString(), it->value.GetStringLength()), out);
}

bool readInt64(const rapidjson::Value& o, const char* name, std::int64_t* out)
{
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsInt64())
        return false;
    *out = it->value.GetInt64();
    return true;
}

} // namespace

Result<QByteArray> buildInclusionProof(const QString& ledgerPath, const QByteArray& requestId)
{
    ReadConnection conn;
    QString error;
    if (!conn.open(ledgerPath, &error))
        return makeError(error);
    exec(conn.db(), "BEGIN", nullptr);
    const QByteArray ledgerId = QByteArray::fromHex(conn.meta("ledger_id").toLatin1());
    const QByteArray publicKey = conn.meta("public_key").toLatin1();

    // A request's id carries its record's time_ms, which records_time indexes; the ledger keeps no
    // index of ids (ledgers created before may have one). An id not found by its time, or not in
    // Tollgate's form, is looked for among all records.
    StoredRecord row;
    const auto lookUp = [&](const char* where, std::optional<std::int64_t> timeMs) -> Result<bool> {
        const QByteArray sql =
            QByteArray("SELECT ") + kRecordColumns + " FROM records WHERE " + where + " ORDER BY seq LIMIT 1";
        Statement q(conn.db(), sql.constData());
        if (!q.ok())
            return makeError(tr("cannot read the ledger: %1").arg(sqliteError(conn.db())));
        sqlite3_bind_text(q.get(), 1, requestId.constData(), int(requestId.size()), SQLITE_TRANSIENT);
        if (timeMs)
            sqlite3_bind_int64(q.get(), 2, *timeMs);
        if (sqlite3_step(q.get()) != SQLITE_ROW)
            return false;
        QString why;
        if (!readRecordRow(q.get(), 0, &row, &why))
            return makeError(
                tr("the record of request %1 is damaged: %2").arg(QString::fromLatin1(requestId), why));
        return true;
    };
    const std::optional<std::int64_t> timeMs = requestIdTimeMs(requestId);
    Result<bool> found = timeMs ? lookUp("request_id = ?1 AND time_ms = ?2", timeMs) : Result<bool>(false);
    if (found && !*found)
        found = lookUp("request_id = ?1", std::nullopt);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(tr("no ledger record for request %1").arg(QString::fromLatin1(requestId)));
    Checkpoint cp;
    {
        Statement q(conn.db(),
                    "SELECT id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash,"
                    " signature FROM checkpoints WHERE first_seq <= ?1 AND last_seq >= ?1 LIMIT 1");
        sqlite3_bind_int64(q.get(), 1, row.seq);
        if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
            return makeError(
                tr("the record of request %1 (seq %2) is not sealed by a checkpoint yet; try again after"
                   " the next checkpoint")
                    .arg(QString::fromLatin1(requestId))
                    .arg(row.seq));
        readCheckpointRow(q.get(), 0, &cp);
    }
    std::vector<Digest> leaves;
    Digest previous = genesisHash(ledgerId);
    {
        Statement q(conn.db(),
                    "SELECT seq, entry_hash FROM records WHERE seq >= ? AND seq <= ? ORDER BY seq");
        sqlite3_bind_int64(q.get(), 1, cp.firstSeq - 1);
        sqlite3_bind_int64(q.get(), 2, cp.lastSeq);
        while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
            Digest e{};
            if (sqlite3_column_bytes(q.get(), 1) == 32)
                std::memcpy(e.data(), sqlite3_column_blob(q.get(), 1), 32);
            const std::int64_t seq = sqlite3_column_int64(q.get(), 0);
            if (seq == row.seq - 1)
                previous = e;
            if (seq >= cp.firstSeq)
                leaves.push_back(merkle::leafHash(e));
        }
    }
    if (std::int64_t(leaves.size()) != cp.lastSeq - cp.firstSeq + 1)
        return makeError(tr("checkpoint %1 does not match the records it covers; run `tollgate audit verify`")
                             .arg(cp.number));
    const std::size_t index = std::size_t(row.seq - cp.firstSeq);
    Digest entry{};
    if (row.entryHash.size() == 32)
        std::memcpy(entry.data(), row.entryHash.constData(), 32);

    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key("format");
    w.String(kProofFormat);
    w.Key("ledger_id");
    writeJsonString(w, ledgerId.toHex());
    w.Key("public_key");
    writeJsonString(w, publicKey);
    w.Key("seq");
    w.Int64(row.seq);
    w.Key("record");
    writeRecordJson(w, row.record);
    w.Key("decision_hash");
    writeJsonString(w, row.decisionHash.toHex());
    w.Key("prev_entry_hash");
    writeDigest(w, previous);
    w.Key("entry_hash");
    writeDigest(w, entry);
    w.Key("leaf_hash");
    writeDigest(w, leaves[index]);
    w.Key("leaf_index");
    w.Int64(std::int64_t(index));
    w.Key("tree_size");
    w.Int64(std::int64_t(leaves.size()));
    w.Key("audit_path");
    w.StartArray();
    for (const Digest& d : merkle::auditPath(leaves, index))
        writeDigest(w, d);
    w.EndArray();
    w.Key("checkpoint");
    w.StartObject();
    w.Key("number");
    w.Int64(cp.number);
    w.Key("first_seq");
    w.Int64(cp.firstSeq);
    w.Key("last_seq");
    w.Int64(cp.lastSeq);
    w.Key("merkle_root");
    writeDigest(w, cp.merkleRoot);
    w.Key("chain_head");
    writeDigest(w, cp.chainHead);
    w.Key("prev_hash");
    writeDigest(w, cp.prevHash);
    w.Key("time_ms");
    w.Int64(cp.timeMs);
    w.Key("hash");
    writeDigest(w, cp.hash);
    w.Key("signature");
    writeJsonString(w, cp.signature.toHex());
    w.EndObject();
    w.EndObject();
    return QByteArray(buf.GetString(), int(buf.GetSize()));
}

ProofCheck verifyProof(const QByteArray& json, const QByteArray& publicKeyRaw)
{
    ProofCheck check;
    auto fail = [&](const QString& why) {
        check.ok = false;
        check.message = why;
        return check;
    };
    rapidjson::Document doc;
    doc.Parse(json.constData(), std::size_t(json.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return fail(tr("the proof is not a JSON object"));
    const auto format = doc.FindMember("format");
    if (format == doc.MemberEnd() || !format->value.IsString() ||
        std::strcmp(format->value.GetString(), kProofFormat) != 0)
        return fail(tr("the proof's format is not %1").arg(QLatin1String(kProofFormat)));
    const auto idIt = doc.FindMember("ledger_id");
    if (idIt == doc.MemberEnd() || !idIt->value.IsString())
        return fail(tr("the proof has no ledger_id"));
    const QByteArray ledgerId =
        QByteArray::fromHex(QByteArray(idIt->value.GetString(), int(idIt->value.GetStringLength())));
    if (ledgerId.size() != 16)
        return fail(tr("the proof's ledger_id is not 32 hex digits"));

    std::int64_t seq = 0;
    if (!readInt64(doc, "seq", &seq) || seq < 1)
        return fail(tr("the proof has no valid seq"));
    check.seq = seq;
    const auto recordIt = doc.FindMember("record");
    if (recordIt == doc.MemberEnd())
        return fail(tr("the proof has no record"));
    DecisionRecord record;
    QString why;
    if (!readRecordJson(recordIt->value, &record, &why))
        return fail(why);
    check.requestId = record.requestId;
    Digest claimedDecision{}, previous{}, claimedEntry{}, claimedLeaf{};
    if (!readDigest(doc, "decision_hash", &claimedDecision) ||
        !readDigest(doc, "prev_entry_hash", &previous) || !readDigest(doc, "entry_hash", &claimedEntry) ||
        !readDigest(doc, "leaf_hash", &claimedLeaf))
        return fail(tr("the proof's hashes are not 64 hex digits each"));
    const auto cpIt = doc.FindMember("checkpoint");
    if (cpIt == doc.MemberEnd() || !cpIt->value.IsObject())
        return fail(tr("the proof has no checkpoint"));
    const rapidjson::Value& c = cpIt->value;
    Checkpoint cp;
    if (!readInt64(c, "number", &cp.number) || !readInt64(c, "first_seq", &cp.firstSeq) ||
        !readInt64(c, "last_seq", &cp.lastSeq) || !readInt64(c, "time_ms", &cp.timeMs) ||
        !readDigest(c, "merkle_root", &cp.merkleRoot) || !readDigest(c, "chain_head", &cp.chainHead) ||
        !readDigest(c, "prev_hash", &cp.prevHash) || !readDigest(c, "hash", &cp.hash))
        return fail(tr("the proof's checkpoint is incomplete"));
    const auto sigIt = c.FindMember("signature");
    if (sigIt == c.MemberEnd() || !sigIt->value.IsString())
        return fail(tr("the proof's checkpoint has no signature"));
    cp.signature =
        QByteArray::fromHex(QByteArray(sigIt->value.GetString(), int(sigIt->value.GetStringLength())));
    check.checkpoint = cp.number;

    std::vector<Digest> path;
    const auto pathIt = doc.FindMember("audit_path");
    if (pathIt == doc.MemberEnd() || !pathIt->value.IsArray())
        return fail(tr("the proof has no audit_path"));
    for (const auto& p : pathIt->value.GetArray()) {
        Digest d{};
        if (!p.IsString() || !digestFromHex(QByteArrayView(p.GetString(), p.GetStringLength()), &d))
            return fail(tr("the proof's audit_path holds something other than hashes"));
        path.push_back(d);
    }

    // Everything below is recomputed; the claimed values only serve to say which one differs.
    const Digest decision = decisionHash(record);
    check.decisionHash = toHex(decision);
    if (decision != claimedDecision)
        return fail(tr("the record does not match its decision hash: it was changed"));
    if (seq == 1 && previous != genesisHash(ledgerId))
        return fail(tr("record 1 must chain from the ledger's genesis hash"));
    const Digest entry = entryHash(previous, std::uint64_t(seq), decision, record.outcome);
    if (entry != claimedEntry)
        return fail(tr("the record's outcome does not match its entry hash: it was changed"));
    const Digest leaf = merkle::leafHash(entry);
    if (leaf != claimedLeaf)
        return fail(tr("the leaf hash does not match the entry hash"));
    if (cp.firstSeq < 1 || cp.lastSeq < cp.firstSeq || seq < cp.firstSeq || seq > cp.lastSeq)
        return fail(tr("record %1 is not in checkpoint %2's range").arg(seq).arg(cp.number));
    if (!merkle::verifyPath(leaf, std::uint64_t(seq - cp.firstSeq),
                            std::uint64_t(cp.lastSeq - cp.firstSeq + 1), path, cp.merkleRoot))
        return fail(tr("the audit path does not lead to checkpoint %1's Merkle root").arg(cp.number));
    if (seq == cp.lastSeq && entry != cp.chainHead)
        return fail(tr("the record is the checkpoint's last but not its chain head"));
    const QByteArray message = encodeCheckpoint(ledgerId, cp);
    if (sha256(message.constData(), std::size_t(message.size())) != cp.hash)
        return fail(tr("the checkpoint's hash does not match its contents"));
    if (!verifyEd25519(publicKeyRaw, message, cp.signature))
        return fail(tr("the checkpoint's signature does not verify with the given public key"));
    check.ok = true;
    check.message = tr("request %1 is record %2 of the ledger, sealed by checkpoint %3")
                        .arg(QString::fromLatin1(record.requestId))
                        .arg(seq)
                        .arg(cp.number);
    return check;
}

} // namespace tollgate

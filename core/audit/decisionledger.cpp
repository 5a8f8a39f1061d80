#include "audit/decisionledger.h"

#include "audit/auditlogging.h"
#include "audit/ledgerformat.h"
#include "audit/merkletree.h"
#include "audit/sha256.h"
#include "common/batchqueue.h"
#include "common/clock.h"
#include "common/sqlrows.h"
#include "common/utf8.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace tollgate {

namespace {

using SteadyClock = std::chrono::steady_clock;
using namespace ledger;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::DecisionLedger", text);
}

const char* const kInsertRecordPrefix =
    "INSERT INTO records (seq, request_id, time_ms, key_id, team, detections, data_classes, regimes,"
    " policy_version, candidates, chosen_provider, chosen_region, action, reason, http_status,"
    " cost_micros, cost_currency, input_tokens, output_tokens, decision_hash, entry_hash) VALUES ";
const char* const kInsertRecordRow = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr int kRecordColumns = 21;
// Rows per multi-row INSERT: SQLite's fixed cost per executed statement (cursors on the table and
// its two indexes, halt, frees) is shared by 16 records. Rows go in the order of the VALUES list.
constexpr int kRowsPerInsert = 16;
const char* const kInsertCheckpointSql =
    "INSERT INTO checkpoints (id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash,"
    " signature) VALUES (?,?,?,?,?,?,?,?,?)";

// The bytes of one records row while it is bound: SQLite takes them SQLITE_STATIC (no copy), and
// they stay valid until the row's parameters are bound again. Writer thread only.
struct RowBytes
{
    std::array<std::string, 13> text; // the row's text columns
    Digest decision{};
    Digest entry{};
};

// The stored text must be byte for byte what the decision hash covered: bind Qt's UTF-8, never let
// SQLite convert UTF-16 itself (the two differ on lone surrogates). ASCII, nearly every value, is
// narrowed without QString::toUtf8()'s allocation: the bytes are the same.
void bindText(sqlite3_stmt* s, int i, std::string& bytes, const QString& text)
{
    if (!asciiToUtf8(text, bytes)) {
        const QByteArray utf8 = text.toUtf8();
        bytes.assign(utf8.constData(), std::size_t(utf8.size()));
    }
    sqlite3_bind_text(s, i, bytes.data(), int(bytes.size()), SQLITE_STATIC);
}

void bindBytes(sqlite3_stmt* s, int i, std::string& bytes, const char* data, std::size_t size)
{
    bytes.assign(data, size);
    sqlite3_bind_text(s, i, bytes.data(), int(bytes.size()), SQLITE_STATIC);
}

// bytes already holds the column's text.
void bindText(sqlite3_stmt* s, int i, const std::string& bytes)
{
    sqlite3_bind_text(s, i, bytes.data(), int(bytes.size()), SQLITE_STATIC);
}

void bindDigest(sqlite3_stmt* s, int i, const Digest& d)
{
    sqlite3_bind_blob(s, i, d.data(), int(d.size()), SQLITE_TRANSIENT);
}

void bindRecordRow(sqlite3_stmt* s, int row, std::int64_t seq, const DecisionRecord& r, RowBytes& b)
{
    int i = row * kRecordColumns;
    auto text = b.text.begin();
    sqlite3_bind_int64(s, ++i, seq);
    bindBytes(s, ++i, *text++, r.requestId.constData(), std::size_t(r.requestId.size()));
    sqlite3_bind_int64(s, ++i, r.timeMs);
    bindText(s, ++i, *text++, r.keyId);
    bindText(s, ++i, *text++, r.team);
    detectionsToJson(r.detections, *text);
    bindText(s, ++i, *text++);
    stringListToJson(r.dataClasses, *text);
    bindText(s, ++i, *text++);
    stringListToJson(r.regimes, *text);
    bindText(s, ++i, *text++);
    bindText(s, ++i, *text++, r.policyVersion);
    candidatesToJson(r.candidates, *text);
    bindText(s, ++i, *text++);
    bindText(s, ++i, *text++, r.chosenProvider);
    bindText(s, ++i, *text++, r.chosenRegion);
    bindText(s, ++i, *text++, r.action);
    bindText(s, ++i, *text++, r.reason);
    sqlite3_bind_int64(s, ++i, r.outcome.httpStatus);
    sqlite3_bind_int64(s, ++i, r.outcome.costMicros);
    bindBytes(s, ++i, *text++, r.outcome.costCurrency.data(), 3);
    sqlite3_bind_int64(s, ++i, r.outcome.inputTokens);
    sqlite3_bind_int64(s, ++i, r.outcome.outputTokens);
    sqlite3_bind_blob(s, ++i, b.decision.data(), int(b.decision.size()), SQLITE_STATIC);
    sqlite3_bind_blob(s, ++i, b.entry.data(), int(b.entry.size()), SQLITE_STATIC);
    Q_ASSERT(i == (row + 1) * kRecordColumns && text == b.text.end());
}

// The chain's state, copied before a transaction and kept only when the transaction commits, so a
// failed batch can be retried from exactly where it started.
struct ChainState
{
    std::int64_t lastSeq = 0;
    Digest lastEntry{};
    std::int64_t lastCheckpoint = 0;    // number; 0 before the first
    Digest lastCheckpointHash{};        // zero before the first
    std::vector<Digest> unsealedLeaves; // leaf hashes of records after the last checkpoint
};

// A queued record, with its decision hash when the appender computed it already.
struct PendingRecord
{
    DecisionRecord record;
    std::optional<Digest> decision;
};

} // namespace

class DecisionLedger::Impl
{
public:
    Options options;
    QString path;
    std::unique_ptr<QLockFile> lock; // one writer per ledger file, across processes
    QByteArray ledgerId;             // 16 raw bytes
    SigningKey key;
    Digest valueSalt{};
    sqlite3* db = nullptr;
    sqlite3_stmt* insertRecord = nullptr;  // one row
    sqlite3_stmt* insertRecords = nullptr; // kRowsPerInsert rows
    sqlite3_stmt* insertCheckpoint = nullptr;
    // What the two record inserts have bound (writer thread only).
    RowBytes recordBytes;
    std::array<RowBytes, kRowsPerInsert> recordsBytes;
    ChainState chain; // writer thread only (after open)
    std::thread thread;

    mutable std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable settledCv;
    BatchQueue<PendingRecord> queue;
    std::size_t inflightCount = 0;
    std::uint64_t appended = 0;   // tickets: records ever appended
    std::uint64_t settled = 0;    // records written or dropped, in append order
    std::uint64_t sealTarget = 0; // seal() asked for everything up to this ticket
    std::uint64_t sealedThrough = 0;
    std::uint64_t flushRequests = 0;
    SteadyClock::time_point oldestQueuedAt;
    bool stopping = false;

    std::atomic<std::int64_t> written{0};
    std::atomic<std::int64_t> dropped{0};
    std::atomic<std::int64_t> failed{0};
    std::atomic<std::int64_t> checkpoints{0};

    ~Impl()
    {
        sqlite3_finalize(insertRecord);
        sqlite3_finalize(insertRecords);
        sqlite3_finalize(insertCheckpoint);
        if (db)
            sqlite3_close_v2(db);
        OPENSSL_cleanse(valueSalt.data(), valueSalt.size());
    }

    std::int64_t nowMs() const
    {
        return options.clock ? options.clock->wallMs() : SystemClock::instance().wallMs();
    }

    void enqueue(PendingRecord record);
    bool openDatabase(QString* error);
    bool loadState(QString* error);
    bool writeBatch(const std::vector<PendingRecord>& batch, bool sealAll, bool sealByTime, ChainState* state,
                    int* checkpointsWritten, QString* error);
    bool writeCheckpoint(ChainState* state, QString* error);
    void run();
};

bool DecisionLedger::Impl::openDatabase(QString* error)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = tr("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    // Two writers would both number records from the same head. QLockFile removes the lock of a
    // process that died (SIGKILL), so a crash never blocks the next start.
    lock = std::make_unique<QLockFile>(info.absoluteFilePath() + QStringLiteral(".lock"));
    if (!lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        *error = tr("the ledger %1 is in use by another process (pid %2)").arg(path).arg(pid);
        return false;
    }
    const QByteArray file = info.absoluteFilePath().toUtf8();
    if (sqlite3_open_v2(file.constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        *error = tr("cannot open the ledger %1: %2").arg(path, db ? sqliteError(db) : QString());
        return false;
    }
    sqlite3_busy_timeout(db, std::max(options.busyTimeoutMs, 0));
    QString why;
    const char* sync = options.synchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
    if (!exec(db, "PRAGMA journal_mode=WAL", &why) || !exec(db, sync, &why) ||
        !exec(db, "BEGIN IMMEDIATE", &why)) {
        *error = tr("cannot open the ledger %1: %2").arg(path, why);
        return false;
    }
    {
        // Never turn someone else's database into a ledger.
        Statement q(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT IN ('meta', 'records', 'checkpoints')");
        if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW || sqlite3_column_int64(q.get(), 0) != 0) {
            exec(db, "ROLLBACK", nullptr);
            *error = tr("%1 is not a Tollgate decision ledger").arg(path);
            return false;
        }
    }
    if (!createSchema(db, &why)) {
        exec(db, "ROLLBACK", nullptr);
        *error = tr("cannot create the ledger %1: %2").arg(path, why);
        return false;
    }

    auto readMeta = [&](const char* name) -> QString {
        Statement q(db, "SELECT value FROM meta WHERE key = ?");
        sqlite3_bind_text(q.get(), 1, name, -1, SQLITE_STATIC);
        if (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
            return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)));
        return {};
    };
    auto writeMeta = [&](const char* name, const QByteArray& value) {
        Statement q(db, "INSERT INTO meta (key, value) VALUES (?, ?)");
        sqlite3_bind_text(q.get(), 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q.get(), 2, value.constData(), int(value.size()), SQLITE_TRANSIENT);
        return q.ok() && sqlite3_step(q.get()) == SQLITE_DONE;
    };

    const QString format = readMeta("format");
    if (format.isEmpty()) {
        QByteArray id(16, '\0');
        RAND_bytes(reinterpret_cast<unsigned char*>(id.data()), 16);
        const bool ok = writeMeta("format", kFormat) &&
                        writeMeta("schema_version", QByteArray::number(kSchemaVersion)) &&
                        writeMeta("ledger_id", id.toHex()) && writeMeta("public_key", key.publicKeyHex()) &&
                        writeMeta("public_key_fingerprint", key.fingerprint()) &&
                        writeMeta("created_ms", QByteArray::number(nowMs()));
        if (!ok) {
            *error = tr("cannot initialise the ledger %1: %2").arg(path, sqliteError(db));
            exec(db, "ROLLBACK", nullptr);
            return false;
        }
        ledgerId = id;
    } else if (format != QLatin1String(kFormat)) {
        *error = tr("%1 is not a Tollgate decision ledger (format \"%2\")").arg(path, format);
        exec(db, "ROLLBACK", nullptr);
        return false;
    } else {
        ledgerId = QByteArray::fromHex(readMeta("ledger_id").toLatin1());
        if (ledgerId.size() != 16) {
            *error = tr("the ledger %1 has no valid ledger_id; run `tollgate audit verify`").arg(path);
            exec(db, "ROLLBACK", nullptr);
            return false;
        }
        if (readMeta("public_key").toLatin1() != key.publicKeyHex()) {
            *error = tr("the ledger %1 was created with another signing key (fingerprint %2)")
                         .arg(path, readMeta("public_key_fingerprint"));
            exec(db, "ROLLBACK", nullptr);
            return false;
        }
    }
    if (!exec(db, "COMMIT", &why)) {
        *error = tr("cannot initialise the ledger %1: %2").arg(path, why);
        return false;
    }
    const std::string insertOneSql = multiRowInsertSql(kInsertRecordPrefix, kInsertRecordRow, 1);
    const std::string insertManySql = multiRowInsertSql(kInsertRecordPrefix, kInsertRecordRow, kRowsPerInsert);
    if (sqlite3_prepare_v3(db, insertOneSql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &insertRecord, nullptr) !=
            SQLITE_OK ||
        sqlite3_prepare_v3(db, insertManySql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &insertRecords,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db, kInsertCheckpointSql, -1, SQLITE_PREPARE_PERSISTENT, &insertCheckpoint,
                           nullptr) != SQLITE_OK) {
        *error = tr("cannot prepare the ledger's statements: %1").arg(sqliteError(db));
        return false;
    }

    Sha256 h;
    h.update("TGS1", 4);
    const QByteArray seed = key.seed();
    h.update(seed.constData(), std::size_t(seed.size()));
    h.update(ledgerId.constData(), std::size_t(ledgerId.size()));
    valueSalt = h.final();
    return loadState(error);
}

// Picks up the chain where the last writer left it: after a crash the records after the last
// checkpoint become the start of the next one.
bool DecisionLedger::Impl::loadState(QString* error)
{
    chain = ChainState{};
    chain.lastEntry = genesisHash(ledgerId);
    {
        Statement q(db, "SELECT id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash,"
                        " signature FROM checkpoints ORDER BY id DESC LIMIT 1");
        if (!q.ok()) {
            *error = sqliteError(db);
            return false;
        }
        if (sqlite3_step(q.get()) == SQLITE_ROW) {
            Checkpoint cp;
            readCheckpointRow(q.get(), 0, &cp);
            chain.lastCheckpoint = cp.number;
            chain.lastCheckpointHash = cp.hash;
        }
    }
    std::int64_t sealedThroughSeq = 0;
    {
        Statement q(db, "SELECT last_seq FROM checkpoints ORDER BY id DESC LIMIT 1");
        if (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
            sealedThroughSeq = sqlite3_column_int64(q.get(), 0);
    }
    {
        Statement q(db, "SELECT seq, entry_hash FROM records WHERE seq > ? ORDER BY seq");
        Statement last(db, "SELECT seq, entry_hash FROM records ORDER BY seq DESC LIMIT 1");
        if (!q.ok() || !last.ok()) {
            *error = sqliteError(db);
            return false;
        }
        if (sqlite3_step(last.get()) == SQLITE_ROW) {
            chain.lastSeq = sqlite3_column_int64(last.get(), 0);
            if (sqlite3_column_bytes(last.get(), 1) != 32) {
                *error = tr("the ledger %1 is damaged (record %2); run `tollgate audit verify`")
                             .arg(path)
                             .arg(chain.lastSeq);
                return false;
            }
            std::memcpy(chain.lastEntry.data(), sqlite3_column_blob(last.get(), 1), 32);
        }
        if (sealedThroughSeq > chain.lastSeq) {
            *error =
                tr("the ledger %1 is damaged: a checkpoint covers records up to %2 but the last record is %3;"
                   " run `tollgate audit verify`")
                    .arg(path)
                    .arg(sealedThroughSeq)
                    .arg(chain.lastSeq);
            return false;
        }
        sqlite3_bind_int64(q.get(), 1, sealedThroughSeq);
        std::int64_t expected = sealedThroughSeq + 1;
        while (sqlite3_step(q.get()) == SQLITE_ROW) {
            Digest e{};
            if (sqlite3_column_int64(q.get(), 0) != expected || sqlite3_column_bytes(q.get(), 1) != 32) {
                *error = tr("the ledger %1 is damaged after record %2; run `tollgate audit verify`")
                             .arg(path)
                             .arg(expected - 1);
                return false;
            }
            std::memcpy(e.data(), sqlite3_column_blob(q.get(), 1), 32);
            chain.unsealedLeaves.push_back(merkle::leafHash(e));
            ++expected;
        }
    }
    if (!chain.unsealedLeaves.empty())
        qCInfo(lcAudit) << "ledger" << path << "has" << chain.unsealedLeaves.size()
                        << "unsealed records from an earlier run; the next checkpoint seals them";
    return true;
}

bool DecisionLedger::Impl::writeCheckpoint(ChainState* state, QString* error)
{
    if (state->unsealedLeaves.empty())
        return true;
    Checkpoint cp;
    cp.number = state->lastCheckpoint + 1;
    cp.lastSeq = state->lastSeq;
    cp.firstSeq = state->lastSeq - std::int64_t(state->unsealedLeaves.size()) + 1;
    cp.merkleRoot = merkle::root(state->unsealedLeaves);
    cp.chainHead = state->lastEntry;
    cp.prevHash = state->lastCheckpointHash;
    cp.timeMs = nowMs();
    const QByteArray message = encodeCheckpoint(ledgerId, cp);
    cp.hash = sha256(message.constData(), std::size_t(message.size()));
    cp.signature = key.sign(message);
    if (cp.signature.size() != 64) {
        *error = tr("signing the checkpoint failed");
        return false;
    }
    sqlite3_stmt* s = insertCheckpoint;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, cp.number);
    sqlite3_bind_int64(s, 2, cp.firstSeq);
    sqlite3_bind_int64(s, 3, cp.lastSeq);
    bindDigest(s, 4, cp.merkleRoot);
    bindDigest(s, 5, cp.chainHead);
    bindDigest(s, 6, cp.prevHash);
    sqlite3_bind_int64(s, 7, cp.timeMs);
    bindDigest(s, 8, cp.hash);
    sqlite3_bind_blob(s, 9, cp.signature.constData(), 64, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        *error = sqliteError(db);
        sqlite3_reset(s);
        return false;
    }
    sqlite3_reset(s);
    state->lastCheckpoint = cp.number;
    state->lastCheckpointHash = cp.hash;
    state->unsealedLeaves.clear();
    return true;
}

bool DecisionLedger::Impl::writeBatch(const std::vector<PendingRecord>& batch, bool sealAll, bool sealByTime,
                                      ChainState* state, int* checkpointsWritten, QString* error)
{
    *checkpointsWritten = 0;
    if (!exec(db, "BEGIN IMMEDIATE", error))
        return false;
    auto fail = [&](const QString& why) {
        *error = why;
        exec(db, "ROLLBACK", nullptr);
        return false;
    };
    const std::size_t every = std::size_t(std::max(options.checkpointEvery, 1));
    const auto step = [&](sqlite3_stmt* s) {
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        return rc == SQLITE_DONE;
    };
    // Full chunks of kRowsPerInsert records go in one statement, the rest one by one. A checkpoint
    // may be inserted before the rows it seals: all of it is one transaction.
    for (std::size_t start = 0; start < batch.size(); start += kRowsPerInsert) {
        const std::size_t n = std::min(batch.size() - start, std::size_t(kRowsPerInsert));
        const bool many = n == std::size_t(kRowsPerInsert);
        for (std::size_t k = 0; k < n; ++k) {
            const PendingRecord& pending = batch[start + k];
            const DecisionRecord& r = pending.record;
            const std::int64_t seq = state->lastSeq + 1;
            RowBytes& bytes = many ? recordsBytes[k] : recordBytes;
            bytes.decision = pending.decision ? *pending.decision : decisionHash(r);
            bytes.entry = entryHash(state->lastEntry, std::uint64_t(seq), bytes.decision, r.outcome);
            bindRecordRow(many ? insertRecords : insertRecord, many ? int(k) : 0, seq, r, bytes);
            if (!many && !step(insertRecord))
                return fail(sqliteError(db));
            state->lastSeq = seq;
            state->lastEntry = bytes.entry;
            state->unsealedLeaves.push_back(merkle::leafHash(bytes.entry));
            if (state->unsealedLeaves.size() >= every) {
                QString why;
                if (!writeCheckpoint(state, &why))
                    return fail(why);
                ++*checkpointsWritten;
            }
        }
        if (many && !step(insertRecords))
            return fail(sqliteError(db));
    }
    if ((sealAll || sealByTime) && !state->unsealedLeaves.empty()) {
        QString why;
        if (!writeCheckpoint(state, &why))
            return fail(why);
        ++*checkpointsWritten;
    }
    if (!exec(db, "COMMIT", error)) {
        exec(db, "ROLLBACK", nullptr);
        return false;
    }
    return true;
}

void DecisionLedger::Impl::run()
{
    // Named like the store's writer (tollgate-store), so per-thread CPU (top -H, /proc/PID/task)
    // tells the ledger apart from the spend ledger's thread.
    pthread_setname_np(pthread_self(), "tollgate-ledger");
    using std::chrono::milliseconds;
    const auto flushInterval = milliseconds(std::max(options.flushIntervalMs, 1));
    const auto sealInterval = milliseconds(std::max(options.checkpointIntervalMs, 1));
    int backoffMs = 0;
    int failureStreak = 0;
    std::int64_t droppedReported = 0;
    SteadyClock::time_point firstUnsealedAt = SteadyClock::now();
    SteadyClock::time_point stopDeadline{};
    std::vector<PendingRecord> batch;
    ChainState committed = chain;

    for (;;) {
        bool sealAll = false;
        std::uint64_t batchEndTicket = 0;
        {
            std::unique_lock lock(mutex);
            if (backoffMs > 0) {
                // Retrying after a failed write: pause, cut short by flush requests and shutdown.
                const std::uint64_t requests = flushRequests;
                wake.wait_for(lock, milliseconds(backoffMs),
                              [&] { return flushRequests != requests || stopping; });
            }
            for (;;) {
                const auto now = SteadyClock::now();
                const bool sealWanted = sealTarget > sealedThrough;
                const bool sealDue =
                    !committed.unsealedLeaves.empty() && now - firstUnsealedAt >= sealInterval;
                if (!batch.empty())
                    break;
                if (!queue.empty() &&
                    (queue.size() >= std::size_t(options.maxBatch) || now - oldestQueuedAt >= flushInterval ||
                     flushRequests > 0 || stopping || sealWanted))
                    break;
                if (sealDue || (sealWanted && queue.empty()))
                    break;
                if (stopping && queue.empty())
                    break;
                auto until = now + sealInterval;
                if (!queue.empty())
                    until = std::min(until, oldestQueuedAt + flushInterval);
                if (!committed.unsealedLeaves.empty())
                    until = std::min(until, firstUnsealedAt + sealInterval);
                wake.wait_until(lock, until);
            }
            if (batch.empty()) {
                const std::size_t n = std::min(queue.size(), std::size_t(std::max(options.maxBatch, 1)));
                queue.takeFront(n, batch);
                inflightCount = n;
                if (!queue.empty())
                    oldestQueuedAt = SteadyClock::now();
            }
            batchEndTicket = settled + inflightCount;
            // Seal when every record seal() waits for is in this batch or already written.
            sealAll = sealTarget > sealedThrough && batchEndTicket >= sealTarget;
            if (stopping && queue.empty())
                sealAll = true;
            if (stopping && stopDeadline == SteadyClock::time_point{})
                stopDeadline = SteadyClock::now() + milliseconds(options.shutdownTimeoutMs);
            flushRequests = 0;
        }

        const bool sealByTime =
            !committed.unsealedLeaves.empty() && SteadyClock::now() - firstUnsealedAt >= sealInterval;
        const bool hadUnsealed = !committed.unsealedLeaves.empty();
        ChainState next = committed;
        int cps = 0;
        QString error;
        bool ok = true;
        if (!batch.empty() || ((sealAll || sealByTime) && !committed.unsealedLeaves.empty()))
            ok = writeBatch(batch, sealAll, sealByTime, &next, &cps, &error);

        const std::int64_t droppedNow = dropped.load(std::memory_order_relaxed);
        if (droppedNow != droppedReported) {
            qCWarning(lcAudit) << "decision ledger queue over its limit of" << options.maxQueued << ":"
                               << droppedNow - droppedReported << "records dropped";
            droppedReported = droppedNow;
        }

        std::unique_lock lock(mutex);
        if (ok) {
            if (failureStreak > 0)
                qCInfo(lcAudit) << "decision ledger writes recovered after" << failureStreak << "failures";
            failureStreak = 0;
            backoffMs = 0;
            committed = std::move(next);
            if (!hadUnsealed && !committed.unsealedLeaves.empty())
                firstUnsealedAt = SteadyClock::now();
            else if (cps > 0 && !committed.unsealedLeaves.empty())
                firstUnsealedAt = SteadyClock::now();
            written.fetch_add(std::int64_t(batch.size()), std::memory_order_relaxed);
            checkpoints.fetch_add(cps, std::memory_order_relaxed);
            settled += inflightCount;
            inflightCount = 0;
            batch.clear();
            if (committed.unsealedLeaves.empty())
                sealedThrough = std::max(sealedThrough, settled);
            settledCv.notify_all();
        } else {
            failed.fetch_add(1, std::memory_order_relaxed);
            ++failureStreak;
            backoffMs = backoffMs == 0 ? std::max(options.retryInitialMs, 1)
                                       : std::min(backoffMs * 2, std::max(options.retryMaxMs, 1));
            if (failureStreak == 1 || (failureStreak & (failureStreak - 1)) == 0)
                qCWarning(lcAudit).noquote()
                    << "decision ledger write failed (" << failureStreak << "in a row), retrying:" << error;
            if (stopping && SteadyClock::now() >= stopDeadline) {
                const std::size_t lost = batch.size() + queue.size();
                dropped.fetch_add(std::int64_t(lost), std::memory_order_relaxed);
                qCCritical(lcAudit) << "decision ledger: disk still failing at shutdown," << lost
                                    << "records not written";
                settled += inflightCount + queue.size();
                queue.clear();
                batch.clear();
                inflightCount = 0;
                settledCv.notify_all();
                break;
            }
        }
        if (stopping && queue.empty() && batch.empty() && committed.unsealedLeaves.empty())
            break;
    }
    chain = committed;
}

DecisionLedger::DecisionLedger() : m_impl(std::make_unique<Impl>()) {}

std::unique_ptr<DecisionLedger> DecisionLedger::open(const QString& path, const SigningKey& key,
                                                     QString* error)
{
    return open(path, key, Options{}, error);
}

std::unique_ptr<DecisionLedger> DecisionLedger::open(const QString& path, const SigningKey& key,
                                                     Options options, QString* error)
{
    QString scratch;
    QString* err = error ? error : &scratch;
    if (!key.isValid()) {
        *err = tr("the ledger needs a valid signing key");
        return nullptr;
    }
    std::unique_ptr<DecisionLedger> ledger(new DecisionLedger());
    Impl& d = *ledger->m_impl;
    d.options = options;
    d.path = path;
    d.key = key;
    if (!d.openDatabase(err))
        return nullptr;
    // The connection moves to the writer thread here and is used only there from now on.
    d.thread = std::thread([&d] { d.run(); });
    return ledger;
}

DecisionLedger::~DecisionLedger()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

void DecisionLedger::append(DecisionRecord record)
{
    m_impl->enqueue(PendingRecord{std::move(record), std::nullopt});
}

void DecisionLedger::append(DecisionRecord record, const Digest& decision)
{
    m_impl->enqueue(PendingRecord{std::move(record), decision});
}

void DecisionLedger::Impl::enqueue(PendingRecord record)
{
    bool wakeWriter = false;
    {
        std::lock_guard lock(mutex);
        // The first record of a batch wakes the writer so that it sleeps until the batch is due
        // (flushIntervalMs), not until the next checkpoint: one wake per batch, and the bound on
        // what a crash can lose stays the flush interval.
        const bool firstOfBatch = queue.empty();
        if (firstOfBatch)
            oldestQueuedAt = SteadyClock::now();
        queue.push_back(std::move(record));
        ++appended;
        const std::size_t limit = std::size_t(std::max(options.maxQueued, 1));
        if (queue.size() > limit) {
            // The oldest queued record goes: it is counted and the writer logs the loss.
            queue.pop_front();
            dropped.fetch_add(1, std::memory_order_relaxed);
            // Counts toward flush(): a dropped record will never be written, so nobody waits for it.
            ++settled;
        }
        wakeWriter = firstOfBatch || queue.size() >= std::size_t(options.maxBatch);
    }
    if (wakeWriter)
        wake.notify_one();
}

bool DecisionLedger::flush(int timeoutMs)
{
    Impl& d = *m_impl;
    std::unique_lock lock(d.mutex);
    const std::uint64_t target = d.appended;
    ++d.flushRequests;
    d.wake.notify_all();
    return d.settledCv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        if (d.settled < target && d.flushRequests == 0 && !d.queue.empty()) {
            ++d.flushRequests;
            d.wake.notify_all();
        }
        return d.settled >= target;
    });
}

bool DecisionLedger::seal(int timeoutMs)
{
    Impl& d = *m_impl;
    std::unique_lock lock(d.mutex);
    const std::uint64_t target = d.appended;
    d.sealTarget = std::max(d.sealTarget, target);
    ++d.flushRequests;
    d.wake.notify_all();
    return d.settledCv.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                [&] { return d.sealedThrough >= target && d.settled >= target; });
}

QByteArray DecisionLedger::hashValue(QByteArrayView value) const
{
    Sha256 h;
    h.update(m_impl->valueSalt);
    h.update(value.data(), std::size_t(value.size()));
    return digestBytes(h.final());
}

QByteArray DecisionLedger::ledgerId() const
{
    return m_impl->ledgerId.toHex();
}

QString DecisionLedger::path() const
{
    return m_impl->path;
}

std::int64_t DecisionLedger::writtenCount() const
{
    return m_impl->written.load(std::memory_order_relaxed);
}

std::int64_t DecisionLedger::droppedCount() const
{
    return m_impl->dropped.load(std::memory_order_relaxed);
}

std::int64_t DecisionLedger::failedWrites() const
{
    return m_impl->failed.load(std::memory_order_relaxed);
}

std::int64_t DecisionLedger::queuedCount() const
{
    std::lock_guard lock(m_impl->mutex);
    return std::int64_t(m_impl->queue.size() + m_impl->inflightCount);
}

std::int64_t DecisionLedger::checkpointCount() const
{
    return m_impl->checkpoints.load(std::memory_order_relaxed);
}

} // namespace tollgate

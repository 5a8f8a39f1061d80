#include "audit/ledgerformat.h"

#include "audit/sha256.h"
#include "common/hex.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <sqlite3.h>

#include <cstring>

namespace tollgate::ledger {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::DecisionLedger", text);
}

void putI64(QByteArray& out, std::int64_t value)
{
    const auto v = static_cast<std::uint64_t>(value);
    for (int i = 0; i < 8; ++i)
        out.append(char(v >> (56 - 8 * i)));
}

void putDigest(QByteArray& out, const Digest& d)
{
    out.append(reinterpret_cast<const char*>(d.data()), int(d.size()));
}

// rapidjson's output stream over a std::string the caller keeps, so the writer thread's JSON
// columns cost no allocation once their strings have grown. The text is the Writer's, whatever the
// stream: the same bytes as before.
// It writes through a cursor into out's characters: the writer reserves room before each value
// (PutReserve below), so each character is one store. finish() trims out to what was written.
class StdStringStream
{
public:
    using Ch = char;
    explicit StdStringStream(std::string& out) : m_out(&out)
    {
        m_out->resize(m_out->capacity());
        m_cursor = m_out->data();
        m_end = m_cursor + m_out->size();
    }
    void reserve(std::size_t count)
    {
        if (std::size_t(m_end - m_cursor) >= count)
            return;
        const std::size_t used = std::size_t(m_cursor - m_out->data());
        m_out->resize(std::max(used + count, 2 * m_out->size()));
        m_cursor = m_out->data() + used;
        m_end = m_out->data() + m_out->size();
    }
    void putUnsafe(char c) { *m_cursor++ = c; }
    void Put(char c)
    {
        reserve(1);
        putUnsafe(c);
    }
    void Flush() {}
    void finish() { m_out->resize(std::size_t(m_cursor - m_out->data())); }

private:
    std::string* m_out;
    char* m_cursor = nullptr;
    char* m_end = nullptr;
};

// Found by argument-dependent lookup from rapidjson's Writer, in place of its generic versions
// (which reserve nothing and Put() each character).
[[maybe_unused]] void PutReserve(StdStringStream& stream, std::size_t count)
{
    stream.reserve(count);
}
[[maybe_unused]] void PutUnsafe(StdStringStream& stream, char c)
{
    stream.putUnsafe(c);
}

using JsonWriter = rapidjson::Writer<StdStringStream, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                     rapidjson::MemoryPoolAllocator<>>;

// A writer whose nesting stack lives in a buffer on the caller's stack: by default rapidjson
// allocates the stack, and an allocator for it, for every writer.
struct PooledWriter
{
    explicit PooledWriter(std::string& out) : stream(out) {}
    char buffer[256];
    rapidjson::MemoryPoolAllocator<> allocator{buffer, sizeof buffer};
    StdStringStream stream;
    JsonWriter w{stream, &allocator, 4}; // the deepest list column nests three levels
};

// Writes text that needs no escaping as it is: the same bytes Writer::String() would write (it
// escapes only '"', '\\' and control characters), without its checks on every character.
void writePlain(JsonWriter& w, const char* quoted, std::size_t size)
{
    w.RawValue(quoted, size, rapidjson::kStringType);
}

// An object key, given with its quotes: writeKey(w, "\"type\"").
template <std::size_t N> void writeKey(JsonWriter& w, const char (&quoted)[N])
{
    writePlain(w, quoted, N - 1);
}

void writeString(JsonWriter& w, const QString& s)
{
    // Most values (types, providers, regions, classes) are short ASCII with nothing to escape:
    // narrowed on the stack, the bytes are exactly their UTF-8 and their JSON text.
    char quoted[2 + 128];
    const qsizetype n = s.size();
    if (n <= 128) {
        const auto* u = reinterpret_cast<const char16_t*>(s.utf16());
        bool plain = true;
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t c = u[i];
            plain &= c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
            quoted[i + 1] = char(c);
        }
        if (plain) {
            quoted[0] = '"';
            quoted[n + 1] = '"';
            writePlain(w, quoted, std::size_t(n + 2));
            return;
        }
    }
    const QByteArray utf8 = s.toUtf8();
    w.String(utf8.constData(), rapidjson::SizeType(utf8.size()));
}

// A JSON string of lowercase hex, as QByteArray::toHex() writes it. Hex digits need no escaping,
// so the text goes out as is: the same bytes String() would write, without its per-character checks.
void writeHex(JsonWriter& w, const QByteArray& bytes)
{
    char quoted[2 + 128];
    if (bytes.size() > 64) {
        const QByteArray text = bytes.toHex();
        w.String(text.constData(), rapidjson::SizeType(text.size()));
        return;
    }
    char* p = quoted;
    *p++ = '"';
    p = tollgate::writeHex(bytes.constData(), std::size_t(bytes.size()), p);
    *p++ = '"';
    writePlain(w, quoted, std::size_t(p - quoted));
}

QString jsonString(const rapidjson::Value& v)
{
    return QString::fromUtf8(v.GetString(), qsizetype(v.GetStringLength()));
}

bool isEmptyArray(const char* text, std::size_t size)
{
    return size == 2 && text[0] == '[' && text[1] == ']';
}

// A document whose allocators start in stack buffers: verification decodes three JSON columns per
// record, and the default allocator's 64 KiB chunk per parse dominated the cost.
using PoolDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                rapidjson::MemoryPoolAllocator<>>;

struct PooledDocument
{
    char valueBuffer[4096];
    char parseBuffer[1024];
    rapidjson::MemoryPoolAllocator<> valueAllocator{valueBuffer, sizeof valueBuffer};
    rapidjson::MemoryPoolAllocator<> parseAllocator{parseBuffer, sizeof parseBuffer};
    PoolDocument doc{&valueAllocator, sizeof parseBuffer, &parseAllocator};
};

bool parse(const char* text, std::size_t size, PoolDocument* doc)
{
    doc->Parse(text, size);
    return !doc->HasParseError() && doc->IsArray();
}

QString columnText(sqlite3_stmt* s, int i)
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(s, i)) : QString();
}

QByteArray columnBlob(sqlite3_stmt* s, int i)
{
    const void* p = sqlite3_column_blob(s, i);
    return p ? QByteArray(static_cast<const char*>(p), sqlite3_column_bytes(s, i)) : QByteArray();
}

Digest columnDigest(sqlite3_stmt* s, int i)
{
    Digest d{};
    if (sqlite3_column_bytes(s, i) == 32)
        std::memcpy(d.data(), sqlite3_column_blob(s, i), 32);
    return d;
}

} // namespace

bool exec(sqlite3* db, const char* sql, QString* error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
}

QString sqliteError(sqlite3* db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

bool createSchema(sqlite3* db, QString* error)
{
    static const char* const sql =
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS records ("
        " seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL, time_ms INTEGER NOT NULL,"
        " key_id TEXT NOT NULL, team TEXT NOT NULL, detections TEXT NOT NULL,"
        " data_classes TEXT NOT NULL, regimes TEXT NOT NULL, policy_version TEXT NOT NULL,"
        " candidates TEXT NOT NULL, chosen_provider TEXT NOT NULL, chosen_region TEXT NOT NULL,"
        " action TEXT NOT NULL, reason TEXT NOT NULL, http_status INTEGER NOT NULL,"
        " cost_micros INTEGER NOT NULL, cost_currency TEXT NOT NULL, input_tokens INTEGER NOT NULL,"
        " output_tokens INTEGER NOT NULL, decision_hash BLOB NOT NULL, entry_hash BLOB NOT NULL);"
        // No index of request ids: an id carries its request's time_ms (common/ids.h), so
        // records_time finds it. Ledgers created before keep the records_request_id they have.
        "CREATE INDEX IF NOT EXISTS records_time ON records(time_ms);"
        "CREATE TABLE IF NOT EXISTS checkpoints ("
        " id INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL,"
        " merkle_root BLOB NOT NULL, chain_head BLOB NOT NULL, prev_hash BLOB NOT NULL,"
        " time_ms INTEGER NOT NULL, hash BLOB NOT NULL, signature BLOB NOT NULL);";
    return exec(db, sql, error);
}

Digest genesisHash(const QByteArray& ledgerId)
{
    Sha256 h;
    h.update("TGL1", 4);
    h.update(ledgerId.constData(), std::size_t(ledgerId.size()));
    return h.final();
}

QByteArray encodeCheckpoint(const QByteArray& ledgerId, const Checkpoint& cp)
{
    QByteArray out;
    out.reserve(4 + 16 + 3 * 8 + 3 * 32 + 8);
    out.append("TGC1", 4);
    out.append(ledgerId);
    putI64(out, cp.number);
    putI64(out, cp.firstSeq);
    putI64(out, cp.lastSeq);
    putDigest(out, cp.merkleRoot);
    putDigest(out, cp.chainHead);
    putDigest(out, cp.prevHash);
    putI64(out, cp.timeMs);
    return out;
}

void detectionsToJson(const std::vector<Detection>& detections, std::string& out)
{
    out.clear();
    if (detections.empty()) {
        out = "[]";
        return;
    }
    PooledWriter pooled(out);
    JsonWriter& w = pooled.w;
    w.StartArray();
    for (const Detection& d : detections) {
        w.StartObject();
        writeKey(w, "\"type\"");
        writeString(w, d.type);
        writeKey(w, "\"count\"");
        w.Int64(d.count);
        writeKey(w, "\"value_hashes\"");
        w.StartArray();
        for (const QByteArray& h : d.valueHashes)
            writeHex(w, h);
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    pooled.stream.finish();
}

void candidatesToJson(const std::vector<CandidateTarget>& candidates, std::string& out)
{
    out.clear();
    if (candidates.empty()) {
        out = "[]";
        return;
    }
    PooledWriter pooled(out);
    JsonWriter& w = pooled.w;
    w.StartArray();
    for (const CandidateTarget& c : candidates) {
        w.StartObject();
        writeKey(w, "\"provider\"");
        writeString(w, c.provider);
        writeKey(w, "\"region\"");
        writeString(w, c.region);
        writeKey(w, "\"allowed\"");
        w.Bool(c.allowed);
        w.EndObject();
    }
    w.EndArray();
    pooled.stream.finish();
}

void stringListToJson(const QStringList& list, std::string& out)
{
    out.clear();
    if (list.isEmpty()) {
        out = "[]";
        return;
    }
    PooledWriter pooled(out);
    JsonWriter& w = pooled.w;
    w.StartArray();
    for (const QString& s : list)
        writeString(w, s);
    w.EndArray();
    pooled.stream.finish();
}

std::string detectionsToJson(const std::vector<Detection>& detections)
{
    std::string out;
    detectionsToJson(detections, out);
    return out;
}

std::string candidatesToJson(const std::vector<CandidateTarget>& candidates)
{
    std::string out;
    candidatesToJson(candidates, out);
    return out;
}

std::string stringListToJson(const QStringList& list)
{
    std::string out;
    stringListToJson(list, out);
    return out;
}

bool detectionsFromJson(const char* text, std::size_t size, std::vector<Detection>* out)
{
    out->clear();
    if (isEmptyArray(text, size))
        return true;
    PooledDocument pooled;
    PoolDocument& doc = pooled.doc;
    if (!parse(text, size, &doc))
        return false;
    for (const auto& v : doc.GetArray()) {
        if (!v.IsObject())
            return false;
        const auto type = v.FindMember("type");
        const auto count = v.FindMember("count");
        const auto hashes = v.FindMember("value_hashes");
        if (type == v.MemberEnd() || !type->value.IsString() || count == v.MemberEnd() ||
            !count->value.IsInt64() || hashes == v.MemberEnd() || !hashes->value.IsArray())
            return false;
        Detection d;
        d.type = jsonString(type->value);
        d.count = count->value.GetInt64();
        for (const auto& h : hashes->value.GetArray()) {
            if (!h.IsString())
                return false;
            d.valueHashes.push_back(QByteArray::fromHex(QByteArray(h.GetString(), int(h.GetStringLength()))));
        }
        out->push_back(std::move(d));
    }
    return true;
}

bool candidatesFromJson(const char* text, std::size_t size, std::vector<CandidateTarget>* out)
{
    out->clear();
    if (isEmptyArray(text, size))
        return true;
    PooledDocument pooled;
    PoolDocument& doc = pooled.doc;
    if (!parse(text, size, &doc))
        return false;
    for (const auto& v : doc.GetArray()) {
        if (!v.IsObject())
            return false;
        const auto provider = v.FindMember("provider");
        const auto region = v.FindMember("region");
        const auto allowed = v.FindMember("allowed");
        if (provider == v.MemberEnd() || !provider->value.IsString() || region == v.MemberEnd() ||
            !region->value.IsString() || allowed == v.MemberEnd() || !allowed->value.IsBool())
            return false;
        out->push_back({jsonString(provider->value), jsonString(region->value), allowed->value.GetBool()});
    }
    return true;
}

bool stringListFromJson(const char* text, std::size_t size, QStringList* out)
{
    out->clear();
    if (isEmptyArray(text, size))
        return true;
    PooledDocument pooled;
    PoolDocument& doc = pooled.doc;
    if (!parse(text, size, &doc))
        return false;
    for (const auto& v : doc.GetArray()) {
        if (!v.IsString())
            return false;
        out->append(jsonString(v));
    }
    return true;
}

bool readRecordRow(sqlite3_stmt* s, int c, StoredRecord* out, QString* why)
{
    DecisionRecord& r = out->record;
    out->seq = sqlite3_column_int64(s, c + 0);
    {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c + 1));
        r.requestId = p ? QByteArray(p, sqlite3_column_bytes(s, c + 1)) : QByteArray();
    }
    r.timeMs = sqlite3_column_int64(s, c + 2);
    r.keyId = columnText(s, c + 3);
    r.team = columnText(s, c + 4);
    auto text = [&](int i) { return reinterpret_cast<const char*>(sqlite3_column_text(s, c + i)); };
    auto bytes = [&](int i) { return std::size_t(sqlite3_column_bytes(s, c + i)); };
    const char* detections = text(5);
    if (!detections || !detectionsFromJson(detections, bytes(5), &r.detections)) {
        *why = tr("the detections column is not valid");
        return false;
    }
    const char* classes = text(6);
    if (!classes || !stringListFromJson(classes, bytes(6), &r.dataClasses)) {
        *why = tr("the data_classes column is not valid");
        return false;
    }
    const char* regimes = text(7);
    if (!regimes || !stringListFromJson(regimes, bytes(7), &r.regimes)) {
        *why = tr("the regimes column is not valid");
        return false;
    }
    r.policyVersion = columnText(s, c + 8);
    const char* candidates = text(9);
    if (!candidates || !candidatesFromJson(candidates, bytes(9), &r.candidates)) {
        *why = tr("the candidates column is not valid");
        return false;
    }
    r.chosenProvider = columnText(s, c + 10);
    r.chosenRegion = columnText(s, c + 11);
    r.action = columnText(s, c + 12);
    r.reason = columnText(s, c + 13);
    r.outcome.httpStatus = int(sqlite3_column_int64(s, c + 14));
    r.outcome.costMicros = sqlite3_column_int64(s, c + 15);
    const char* currency = text(16);
    if (!currency || bytes(16) != 3) {
        *why = tr("the cost_currency column is not a 3-letter code");
        return false;
    }
    std::memcpy(r.outcome.costCurrency.data(), currency, 3);
    r.outcome.inputTokens = sqlite3_column_int64(s, c + 17);
    r.outcome.outputTokens = sqlite3_column_int64(s, c + 18);
    out->decisionHash = columnBlob(s, c + 19);
    out->entryHash = columnBlob(s, c + 20);
    return true;
}

bool readCheckpointRow(sqlite3_stmt* s, int c, Checkpoint* out)
{
    out->number = sqlite3_column_int64(s, c + 0);
    out->firstSeq = sqlite3_column_int64(s, c + 1);
    out->lastSeq = sqlite3_column_int64(s, c + 2);
    bool ok = sqlite3_column_bytes(s, c + 3) == 32 && sqlite3_column_bytes(s, c + 4) == 32 &&
              sqlite3_column_bytes(s, c + 5) == 32 && sqlite3_column_bytes(s, c + 7) == 32;
    out->merkleRoot = columnDigest(s, c + 3);
    out->chainHead = columnDigest(s, c + 4);
    out->prevHash = columnDigest(s, c + 5);
    out->timeMs = sqlite3_column_int64(s, c + 6);
    out->hash = columnDigest(s, c + 7);
    out->signature = columnBlob(s, c + 8);
    return ok;
}

ReadConnection::~ReadConnection()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

bool ReadConnection::open(const QString& path, QString* error)
{
    if (!QFileInfo::exists(path)) {
        *error = tr("no ledger at %1").arg(path);
        return false;
    }
    const QByteArray file = QFileInfo(path).absoluteFilePath().toUtf8();
    if (sqlite3_open_v2(file.constData(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        *error = tr("cannot open the ledger %1: %2").arg(path, m_db ? sqliteError(m_db) : QString());
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    Statement probe(m_db, "SELECT value FROM meta WHERE key = 'format'");
    if (!probe.ok() || sqlite3_step(probe.get()) != SQLITE_ROW ||
        columnText(probe.get(), 0) != QLatin1String(kFormat)) {
        *error = tr("%1 is not a Tollgate decision ledger").arg(path);
        return false;
    }
    return true;
}

QString ReadConnection::meta(const char* key) const
{
    Statement q(m_db, "SELECT value FROM meta WHERE key = ?");
    if (!q.ok())
        return {};
    sqlite3_bind_text(q.get(), 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q.get()) != SQLITE_ROW)
        return {};
    return columnText(q.get(), 0);
}

Statement::Statement(sqlite3* db, const char* sql)
{
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

} // namespace tollgate::ledger

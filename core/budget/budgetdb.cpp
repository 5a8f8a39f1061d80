#include "budget/budgetdb.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <sqlite3.h>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::BudgetDb", text);
}

// Version 1. Money is integer micro-units with its ISO 4217 code next to it; times are Unix ms.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash BLOB NOT NULL UNIQUE,
    team TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    scopes TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL DEFAULT 0,
    revoked_ms INTEGER NOT NULL DEFAULT 0,
    rpm INTEGER NOT NULL DEFAULT 0,
    tpm INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS budgets (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    period TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    cap_micros INTEGER NOT NULL,
    currency TEXT NOT NULL,
    soft_micros INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS limits (
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    rpm INTEGER NOT NULL,
    tpm INTEGER NOT NULL,
    PRIMARY KEY (scope, subject)
);
CREATE TABLE IF NOT EXISTS spend (
    request_id TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    day TEXT NOT NULL,
    key_id TEXT NOT NULL,
    team TEXT NOT NULL,
    project TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    cached_input_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    amount_micros INTEGER NOT NULL,
    currency TEXT NOT NULL,
    converted_micros INTEGER NOT NULL,
    converted_currency TEXT NOT NULL,
    rate TEXT NOT NULL,
    rate_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spend_time ON spend(time_ms);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(name, value) VALUES ('keys_version', 0);
)sql";

} // namespace

QString BudgetDb::pathIn(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("budget.db"));
}

Result<std::unique_ptr<BudgetDb>> BudgetDb::open(const QString& path, bool readOnly)
{
    if (!readOnly) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return makeError(tr("Cannot create the data directory %1").arg(dir));
    }
    sqlite3* raw = nullptr;
    const int flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
                      | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, flags, nullptr);
    std::unique_ptr<BudgetDb> db(new BudgetDb(raw));
    if (rc != SQLITE_OK)
        return makeError(tr("Cannot open %1: %2").arg(path, raw ? db->lastError() : QString::fromLatin1(sqlite3_errstr(rc))));
    // A CLI command and a running gateway may touch the file at once; wait rather than fail.
    sqlite3_busy_timeout(raw, 5000);
    if (readOnly)
        return db;
    if (auto r = db->exec("PRAGMA journal_mode=WAL"); !r)
        return r.error();
    if (auto r = db->exec("PRAGMA synchronous=NORMAL"); !r)
        return r.error();
    if (auto r = db->migrate(); !r)
        return r.error();
    return db;
}

BudgetDb::~BudgetDb()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

QString BudgetDb::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

int BudgetDb::changes() const
{
    return sqlite3_changes(m_db);
}

Result<void> BudgetDb::exec(std::string_view sql)
{
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString error = message ? QString::fromUtf8(message) : lastError();
        sqlite3_free(message);
        return makeError(tr("Database error: %1").arg(error));
    }
    return {};
}

Result<void> BudgetDb::migrate()
{
    if (auto r = exec("BEGIN IMMEDIATE"); !r)
        return r;
    std::int64_t version = 0;
    {
        Statement probe(*this, "SELECT value FROM meta WHERE name = 'schema_version'");
        if (probe.prepared() && probe.step())
            version = probe.int64(0);
    }
    if (version > kSchemaVersion) {
        (void)exec("ROLLBACK");
        return makeError(tr("budget.db has schema version %1, newer than this Tollgate (%2)")
                             .arg(version)
                             .arg(kSchemaVersion));
    }
    if (version < 1) {
        if (auto r = exec(kSchemaV1); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
    }
    if (version < 2) {
        // Version 2: a key can be pinned to a processing region.
        if (auto r = exec("ALTER TABLE keys ADD COLUMN region TEXT NOT NULL DEFAULT ''"); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
    }
    if (version < 3) {
        // Version 3: a key can name the guardrails profile of its requests.
        if (auto r = exec("ALTER TABLE keys ADD COLUMN guardrails TEXT NOT NULL DEFAULT ''"); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
    }
    if (version < kSchemaVersion) {
        if (auto r = exec("INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', 3)"); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
    }
    return exec("COMMIT");
}

Statement::Statement(BudgetDb& db, std::string_view sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.data(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        m_stmt = nullptr;
        m_failed = true;
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

void Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void Statement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void Statement::bind(int index, const QByteArray& blob)
{
    sqlite3_bind_blob(m_stmt, index, blob.constData(), int(blob.size()), SQLITE_TRANSIENT);
}

void Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

bool Statement::step()
{
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_failed = true;
    return false;
}

void Statement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

} // namespace tollgate::budget

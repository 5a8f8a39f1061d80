#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tollgate::budget {

// The budget module's own SQLite file (<data-dir>/budget.db): keys, admin-set budgets and limits,
// and the spend ledger. WAL, busy_timeout, schema version in `meta`. One BudgetDb is one
// connection: use it from one thread at a time (each owner opens its own).
class BudgetDb
{
public:
    static constexpr int kSchemaVersion = 3;

    // Opens (creating and migrating unless readOnly) the database at path.
    static Result<std::unique_ptr<BudgetDb>> open(const QString& path, bool readOnly = false);
    static QString pathIn(const QString& dataDir);
    ~BudgetDb();
    BudgetDb(const BudgetDb&) = delete;
    BudgetDb& operator=(const BudgetDb&) = delete;

    Result<void> exec(std::string_view sql);
    sqlite3* handle() const { return m_db; }
    QString lastError() const;
    int changes() const; // rows changed by the last statement

private:
    explicit BudgetDb(sqlite3* db) : m_db(db) {}
    Result<void> migrate();
    sqlite3* m_db = nullptr;
};

// A prepared statement with typed binds (1-based) and column reads (0-based).
class Statement
{
public:
    Statement(BudgetDb& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return m_stmt != nullptr; }
    void bind(int index, std::int64_t value);
    void bind(int index, const QString& value);
    void bind(int index, const QByteArray& blob);
    void bindNull(int index);
    // SQLITE_ROW -> true with a row; done or error -> false (see failed()).
    bool step();
    bool failed() const { return m_failed; }
    void reset();

    std::int64_t int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    BudgetDb& m_db;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_failed = false;
};

} // namespace tollgate::budget

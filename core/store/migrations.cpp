#include "store/migrations.h"

#include "common/clock.h"
#include "common/logging.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <vector>

namespace tollgate::store {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::store", text);
}

struct Migration
{
    int version;
    const char* name;
    std::vector<const char*> statements;
};

// Append only: a released migration is never edited, a change is a new migration.
const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> list{
        {1,
         "request_log",
         {
             "CREATE TABLE request_log ("
             " id INTEGER PRIMARY KEY,"
             " request_id TEXT NOT NULL,"
             " started_at_ms INTEGER NOT NULL,"
             " finished_at_ms INTEGER NOT NULL,"
             " method TEXT NOT NULL,"
             " path TEXT NOT NULL,"
             " endpoint TEXT NOT NULL,"
             " model_requested TEXT NOT NULL,"
             " provider TEXT NOT NULL,"
             " model_used TEXT NOT NULL,"
             " attempts INTEGER NOT NULL,"
             " stream INTEGER NOT NULL,"
             " status INTEGER NOT NULL,"
             " total_us INTEGER NOT NULL,"
             " upstream_us INTEGER NOT NULL,"
             " added_us INTEGER NOT NULL,"
             " ttfb_us INTEGER NOT NULL,"
             " input_tokens INTEGER NOT NULL,"
             " output_tokens INTEGER NOT NULL,"
             " cost_micros INTEGER NOT NULL,"
             " cost_currency TEXT NOT NULL,"
             " error_type TEXT NOT NULL,"
             " error_message TEXT NOT NULL,"
             " stop_reason TEXT NOT NULL,"
             " client_disconnected INTEGER NOT NULL)",
             "CREATE INDEX request_log_started_at ON request_log (started_at_ms)",
             "CREATE INDEX request_log_provider ON request_log (provider, started_at_ms)",
             "CREATE INDEX request_log_request_id ON request_log (request_id)",
         }},
        // A request id carries its request's started_at_ms (common/ids.h): a row is found by its
        // id through request_log_started_at, and an index of ids cost every write its upkeep.
        {2, "request_log_without_id_index", {"DROP INDEX IF EXISTS request_log_request_id"}},
    };
    return list;
}

QString sqlError(const QSqlQuery& q)
{
    return q.lastError().text();
}

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = sqlError(q);
    return false;
}

void rollback(QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("ROLLBACK"));
}

} // namespace

int latestSchemaVersion()
{
    return migrations().back().version;
}

Result<int> readSchemaVersion(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) ||
        !q.next())
        return makeError(tr("Cannot read the database schema: %1").arg(sqlError(q)));
    if (q.value(0).toInt() == 0)
        return 0;
    q.finish();
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")))
        return makeError(tr("Cannot read the schema version: %1").arg(sqlError(q)));
    if (!q.next())
        return 0;
    bool ok = false;
    const int version = q.value(0).toString().toInt(&ok);
    if (!ok || version < 0)
        return makeError(tr("The database has an unreadable schema version %1").arg(q.value(0).toString()));
    return version;
}

Result<int> migrate(QSqlDatabase& db)
{
    QString error;
    // IMMEDIATE takes the write lock at once, so two processes opening one new file cannot both
    // decide to run migration 1.
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &error))
        return makeError(tr("Cannot start a transaction: %1").arg(error));
    if (!exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
              &error) ||
        !exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY,"
                             " name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)"),
              &error)) {
        rollback(db);
        return makeError(tr("Cannot create the meta tables: %1").arg(error));
    }
    Result<int> current = readSchemaVersion(db);
    if (!current) {
        rollback(db);
        return current;
    }
    if (!exec(db, QStringLiteral("COMMIT"), &error)) {
        rollback(db);
        return makeError(tr("Cannot commit: %1").arg(error));
    }
    const int version = *current;
    if (version > latestSchemaVersion()) {
        return makeError(
            tr("The database has schema version %1, but this Tollgate only knows versions up to "
               "%2: it was written by a newer Tollgate. Refusing to open it; upgrade Tollgate or "
               "use another data directory.")
                .arg(version)
                .arg(latestSchemaVersion()));
    }
    for (const Migration& m : migrations()) {
        if (m.version <= version)
            continue;
        if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &error))
            return makeError(tr("Cannot start migration %1: %2").arg(m.version).arg(error));
        bool ok = true;
        for (const char* statement : m.statements) {
            if (!exec(db, QString::fromLatin1(statement), &error)) {
                ok = false;
                break;
            }
        }
        if (ok) {
            QSqlQuery record(db);
            record.prepare(
                QStringLiteral("INSERT INTO migrations (version, name, applied_at_ms) VALUES (?, ?, ?)"));
            record.addBindValue(m.version);
            record.addBindValue(QString::fromLatin1(m.name));
            record.addBindValue(qint64(SystemClock::instance().wallMs()));
            QSqlQuery setVersion(db);
            setVersion.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
                                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
            setVersion.addBindValue(QString::number(m.version));
            if (!record.exec()) {
                ok = false;
                error = sqlError(record);
            } else if (!setVersion.exec()) {
                ok = false;
                error = sqlError(setVersion);
            }
        }
        if (!ok || !exec(db, QStringLiteral("COMMIT"), &error)) {
            rollback(db);
            return makeError(
                tr("Migration %1 (%2) failed: %3").arg(m.version).arg(QLatin1String(m.name), error));
        }
        qCInfo(lcStore) << "applied migration" << m.version << m.name;
    }
    return latestSchemaVersion();
}

} // namespace tollgate::store

#include "common/sqliteprocess.h"

#include <QTest>

#include <sqlite3.h>

using namespace tollgate;

// Runs in a process of its own: SQLite takes process-wide settings only before its first use.
class TestSqliteProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void beforeFirstUse_turnsMemoryStatisticsOff()
    {
        QVERIFY(configureSqliteProcess());

        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
        char* error = nullptr;
        const int rc = sqlite3_exec(db,
                                    "CREATE TABLE t (a TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                    "FROM n WHERE i < 1000) INSERT INTO t SELECT printf('%0500d', i) FROM n;",
                                    nullptr, nullptr, &error);
        QVERIFY2(rc == SQLITE_OK, error);
        // Statistics off: nothing is counted (with them on, this database holds over 500 KB).
        QCOMPARE(sqlite3_memory_used(), sqlite3_int64(0));
        sqlite3_close(db);
    }

    void afterFirstUse_isRefusedAndHarmless()
    {
        QVERIFY(!configureSqliteProcess());
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }
};

QTEST_GUILESS_MAIN(TestSqliteProcess)
#include "tst_sqliteprocess.moc"

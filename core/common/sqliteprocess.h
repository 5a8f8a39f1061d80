#pragma once

namespace tollgate {

// Process-wide SQLite settings. Call once, before anything in the process opens a database
// (SQLite takes them only before its first use); false when that moment has passed, and SQLite
// then keeps its defaults, which are correct, only slower.
//
// What it changes: SQLite's memory statistics (sqlite3_memory_used()) are turned off. Keeping them
// takes one process-wide mutex around every allocation and free inside SQLite, and the request
// log's and the decision ledger's writer threads, which write at the same moments, took turns on
// it. Tollgate never reads those statistics.
bool configureSqliteProcess();

} // namespace tollgate

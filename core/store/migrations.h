#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

namespace tollgate::store {

// The newest schema this build knows. A database with a higher schema_version was written by a
// newer Tollgate and is refused rather than misread.
int latestSchemaVersion();

// The schema_version recorded in the database's `meta` table (0 for a new, empty database).
Result<int> readSchemaVersion(QSqlDatabase& db);

// Brings the database to latestSchemaVersion(). Each migration runs in its own transaction together
// with the update of `meta.schema_version` and a row in `migrations`, so a crash leaves the database
// at one version or the next, never between. Already applied migrations are not run again.
// Call on the connection's own thread, with no other transaction open.
Result<int> migrate(QSqlDatabase& db);

} // namespace tollgate::store

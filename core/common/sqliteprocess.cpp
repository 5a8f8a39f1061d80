#include "common/sqliteprocess.h"

#include <sqlite3.h>

namespace tollgate {

bool configureSqliteProcess()
{
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

} // namespace tollgate

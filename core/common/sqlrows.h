#pragma once

#include <string>
#include <string_view>

namespace tollgate {

// One INSERT for several rows: `prefix` ("INSERT INTO t (a, b) VALUES ") followed by `rows` copies
// of the row's placeholder group ("(?, ?)"), comma-separated. SQLite runs the rows in the order of
// the VALUES list.
inline std::string multiRowInsertSql(std::string_view prefix, std::string_view row, int rows)
{
    std::string sql(prefix);
    sql.reserve(prefix.size() + std::size_t(rows) * (row.size() + 1));
    for (int i = 0; i < rows; ++i) {
        if (i > 0)
            sql += ',';
        sql += row;
    }
    return sql;
}

} // namespace tollgate

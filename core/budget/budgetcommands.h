#pragma once

#include "budget/budgetconfig.h"
#include "common/clock.h"

#include <QStringList>

#include <cstdio>

namespace tollgate::budget {

// `tollgate keys ...`: args are the words after "keys".
//   create --team T [--project P] [--name N] [--scope S]... [--expires DATE|DATETIME]
//          [--rpm N] [--tpm N] [--data-dir DIR]      prints the key once
//   list   [--data-dir DIR]
//   revoke ID [--data-dir DIR]
// Returns the process exit code: 0 ok, 1 failure, 2 usage error.
int runKeysCommand(const QStringList& args, FILE* out, FILE* err, const Clock& clock = SystemClock::instance());

// `tollgate spend ...`: CSV of settled spend on stdout.
//   [--from DATE] [--to DATE (inclusive)] [--group-by team,day,...] [--currency EUR]
//   [--rates-file CSV] [--data-dir DIR]
// Exchange rates come from `config` (if given) plus --rates-file.
int runSpendCommand(const QStringList& args, FILE* out, FILE* err, const BudgetConfig* config = nullptr);

// The default data directory (QStandardPaths::AppDataLocation) when --data-dir is not given.
QString defaultDataDir();

} // namespace tollgate::budget

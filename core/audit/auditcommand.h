#pragma once

#include <QStringList>

#include <cstdio>

namespace tollgate {

// `tollgate audit ...`: verify, proof, export (docs/audit.md). args are the words after `audit`
// (a leading "audit" is accepted too). Output goes to out, messages to err. Exit codes: 0 success,
// 1 the ledger or proof did not verify, 2 usage or I/O error. Never prints a secret.
int runAuditCommand(const QStringList& args, FILE* out, FILE* err);

} // namespace tollgate

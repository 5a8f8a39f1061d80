#pragma once

#include <QStringList>

#include <cstdio>

namespace tollgate::guardrails {

// `tollgate scan [options] [FILE]`: runs every detector over a text file, a JSONL file (one JSON
// string or {"text": ...} object per line), or stdin ("-" or no FILE), and prints one JSON line per
// finding: {"line":n,"type":..,"category":..,"value":..,"begin":..,"end":..,"score":..}.
// begin/end are byte offsets into the scanned text: the whole file for plain text, the line's
// decoded string for JSONL. `args` are the arguments after "scan".
// Options: --jsonl / --text (force the format), --threshold X (injection), --only id,id,...
// Returns the exit code: 0 on success (findings or not), 2 on bad arguments or input, 1 when a
// detector failed.
int runScanCommand(const QStringList& args, std::FILE* out, std::FILE* err);

} // namespace tollgate::guardrails

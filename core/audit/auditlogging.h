#pragma once

#include <QLoggingCategory>

// "tollgate.audit": the decision ledger's writer, verification and export.
Q_DECLARE_LOGGING_CATEGORY(lcAudit)

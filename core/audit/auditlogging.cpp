#include "audit/auditlogging.h"

Q_LOGGING_CATEGORY(lcAudit, "tollgate.audit", QtInfoMsg)

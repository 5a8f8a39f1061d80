#include "common/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "tollgate.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUpstream, "tollgate.upstream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGateway, "tollgate.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "tollgate.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "tollgate.store", QtInfoMsg)

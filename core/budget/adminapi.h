#pragma once

#include "budget/budgetservice.h"
#include "budget/keyregistry.h"
#include "http/httptypes.h"

#include <optional>

namespace tollgate::budget {

// The admin HTTP API as a pure handler (no sockets): the gateway routes /admin/v1/... here.
//   POST   /admin/v1/keys          create a key; the answer holds the key, once
//   GET    /admin/v1/keys          list keys (never the key, only its prefix)
//   DELETE /admin/v1/keys/{id}     revoke
//   GET    /admin/v1/budgets       budgets with spend, reservations and period
//   PUT    /admin/v1/budgets       create or replace one budget (by id)
//   GET    /admin/v1/limits        rate limits per key and team
//   PUT    /admin/v1/limits        set one subject's limits
//   GET    /admin/v1/spend         ?group_by=team,day&from=&to=&currency=&format=csv|json
// Every call needs "Authorization: Bearer <admin key>" (compared in constant time): 401 without
// or with a wrong key, 403 when no admin key is configured (the API is then off).
// Thread-safety: as BudgetService (any thread).
class AdminApi
{
public:
    AdminApi(BudgetService& service, std::optional<KeyHash> adminKeyHash);
    // The admin key from the config: the SHA-256 given, or the hash of the env variable's value.
    static Result<std::optional<KeyHash>> adminKeyFromConfig(const BudgetConfig& config);

    static bool handles(std::string_view path);
    http::HttpResponse handle(const http::HttpRequest& request);

private:
    http::HttpResponse createKey(const http::HttpRequest& request);
    http::HttpResponse listKeys();
    http::HttpResponse revokeKey(const QString& id);
    http::HttpResponse getBudgets();
    http::HttpResponse putBudget(const http::HttpRequest& request);
    http::HttpResponse getLimits();
    http::HttpResponse putLimits(const http::HttpRequest& request);
    http::HttpResponse getSpend(const http::HttpRequest& request);

    BudgetService& m_service;
    std::optional<KeyHash> m_adminKeyHash;
};

} // namespace tollgate::budget

#pragma once

#include "common/money.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace tollgate::budget {

// Requests and tokens per rolling minute. 0 means "no limit" for that dimension.
struct RateLimitConfig
{
    std::int64_t requestsPerMinute = 0;
    std::int64_t tokensPerMinute = 0;
    bool unlimited() const { return requestsPerMinute <= 0 && tokensPerMinute <= 0; }
};

struct TeamConfig
{
    QString name; // unique
    RateLimitConfig limits;
};

// A key declared in the config file instead of created through the CLI/admin API. The secret is
// never in the file: either its SHA-256 (hex) or the name of an environment variable that holds
// the key is given; the variable is read once at load and only the hash is kept.
struct DeclaredKeyConfig
{
    QString id;        // unique, shown in logs and the ledger
    QString name;
    QString team;
    QString project;   // optional
    QStringList scopes; // route aliases or provider/model patterns ('*' wildcard); empty: all
    QString region;     // pins the key's requests to this processing region; empty: none
    QString guardrails; // the guardrails profile of its requests (a name in the config); empty: none
    QByteArray sha256Hex;
    QString envName;
    std::int64_t expiresAtMs = 0; // 0: never
    RateLimitConfig limits;
};

enum class BudgetScope { Key, Project, Team };
enum class BudgetPeriod { Day, Month, Custom };

// One cap on spend. Day and month periods are calendar periods in timeZone (an IANA id, "UTC" by
// default); a custom period is [customStartMs, customEndMs).
struct BudgetRuleConfig
{
    QString id; // unique, e.g. "support-monthly"
    BudgetScope scope = BudgetScope::Team;
    QString subject; // key id, project name or team name
    BudgetPeriod period = BudgetPeriod::Month;
    QString timeZone = QStringLiteral("UTC");
    std::int64_t customStartMs = 0;
    std::int64_t customEndMs = 0;
    Money cap;                 // hard cap, in the budget's own currency
    std::int64_t softMicros = -1; // warn threshold in the cap's currency; -1: none
};

// An exchange rate: 1 unit of `from` = rate units of `to`, valid from `date` until a newer rate.
struct ExchangeRateConfig
{
    QDate date;
    QString from;
    QString to;
    QString rate; // decimal text, kept exact (e.g. "0.9234")
};

struct BudgetConfig
{
    std::vector<TeamConfig> teams;
    std::vector<DeclaredKeyConfig> keys;
    std::vector<BudgetRuleConfig> budgets;
    QString displayCurrency = QStringLiteral("USD"); // the converted amount in the spend ledger
    std::vector<ExchangeRateConfig> rates;
    QString ratesFile; // CSV "date,from,to,rate"; loaded in addition to `rates`
    // The admin API's bearer key: the name of an environment variable holding it, or its SHA-256.
    QString adminKeyEnv;
    QByteArray adminKeySha256Hex;
    // Output tokens assumed when a request has no max_tokens and its model no known output limit.
    std::int64_t defaultMaxOutputTokens = 4096;
    // Tokens counted per chat message on top of its bytes (role markers, separators).
    std::int64_t perMessageOverheadTokens = 8;
};

QString scopeName(BudgetScope scope);
// "12.5" -> 12'500'000 micro-units; at most 6 decimals, no sign, no exponent. False on bad input.
bool parseAmountMicros(const QString& text, std::int64_t* out);
// "2026-03-01" (00:00 UTC that day) or an ISO 8601 date-time with offset -> Unix ms.
bool parseTimestamp(const QString& text, std::int64_t* outMs);
bool parseScope(const QString& text, BudgetScope* out);
QString periodName(BudgetPeriod period);
bool parsePeriod(const QString& text, BudgetPeriod* out);

} // namespace tollgate::budget

#pragma once

#include "budget/budgetconfig.h"
#include "common/money.h"
#include "guardrails/policy.h"
#include "guardrails/scancache.h"
#include "http/httpserver.h"
#include "http/upstreamclient.h"
#include "residency/residencypolicy.h"

#include <QString>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace tollgate {

struct ModelPrice
{
    std::int64_t inputPerMillionMicros = 0;  // per 1M input tokens, micro-units of currency
    std::int64_t outputPerMillionMicros = 0; // per 1M output tokens
    // Input tokens served from the provider's prompt cache, and written to it (Anthropic charges
    // cache writes extra). Unset (-1): the input price.
    std::int64_t cachedInputPerMillionMicros = -1;
    std::int64_t cacheWritePerMillionMicros = -1;
    std::array<char, 3> currency{'U', 'S', 'D'};
};

struct ModelConfig
{
    QString name; // the provider's own model id, e.g. "gpt-4o-mini"
    ModelPrice price;
    bool embeddings = false; // an embedding model (served on /v1/embeddings)
};

// Where an API key comes from. "env:NAME" reads the environment at load time; "secret:NAME" the
// secret store (OS keychain or encrypted file, through ConfigLoader's SecretLookup); anything else
// is a literal (meant for local servers). The resolved secret is never logged or exported.
struct SecretRef
{
    enum class Source { None, Env, Literal, Secret };
    Source source = Source::None;
    QString envName;     // Source::Env
    QString secretName;  // Source::Secret
    QByteArray value;    // resolved secret (empty if the variable or secret was not found)
    bool resolved() const { return !value.isEmpty(); }
    // What may be shown: "env:OPENAI_API_KEY", "secret:provider.openai", "literal (sk-a…)", "none".
    QString describe() const;
};

struct ProviderConfig
{
    QString name;     // unique, [a-z0-9][a-z0-9_-]*
    QString kind;     // "openai" | "openai-compatible" | "anthropic" | "gemini" | "azure-openai"
    QString baseUrl;  // e.g. "https://api.openai.com/v1"; paths are appended ("/chat/completions")
    QString region;   // e.g. "eu", "us", "in", "local"
    SecretRef apiKey;
    // Kind "azure-openai": the api-version query parameter of every request.
    QString apiVersion = QStringLiteral("2024-10-21");
    std::vector<ModelConfig> models;
    http::UpstreamTimeouts timeouts;
    QString caFile; // PEM bundle to verify this provider's TLS certificate with; empty: the system's

    const ModelConfig* findModel(const QString& model) const;
};

struct RouteTargetConfig
{
    QString provider;
    QString model;
    // Relative share under the weighted strategy, 1..1000 (default 1); unused by fallback.
    int weight = 1;
};

// How a route orders its targets for a request. Whatever goes first, the others follow in their
// listed order as fallbacks.
enum class RouteStrategy
{
    Fallback, // the first listed target first, always
    Weighted, // each target first in turn, in proportion to its weight
};

struct RouteConfig
{
    QString alias; // what clients send as "model"
    std::vector<RouteTargetConfig> targets; // tried in order
    RouteStrategy strategy = RouteStrategy::Fallback;
    // Weighted: how many requests have asked this route, shared by the snapshot's requests (and by
    // snapshots copied from it; a config loaded from a file starts at 0). The only thing in a
    // snapshot that changes after it is built.
    std::shared_ptr<std::atomic<std::uint64_t>> turns = std::make_shared<std::atomic<std::uint64_t>>(0);
    // The guardrails profile that changes the config's policy for requests to this alias; empty:
    // none. A profile written inline under the route is named "route/<alias>".
    QString guardrails;
};

// A named change to the guardrails policy (guardrails.profiles in the config), for routes and keys.
// Profiles a route or a declared key writes inline carry a name with a '/' ("route/support",
// "key/ci"), which a user-declared profile cannot have.
struct GuardrailsProfile
{
    QString name;
    guardrails::PolicyOverride change;
    bool inlined() const { return name.contains(QLatin1Char('/')); }
};

struct ServerConfig
{
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 4000;
    // Worker threads, each with its own event loop, connections and upstream pool; one of them
    // accepts and hands connections out in turn. 0: one per core, at most 4.
    int workers = 0;
    // Microseconds a worker keeps polling for events before it sleeps, after a pass that had
    // some: an answer from a provider on the same host or LAN is then picked up without a
    // thread wake-up. A worker stops polling while its spells catch nothing (EpollEventDispatcher).
    // 0: never. Read at start.
    int busyPollUs = 50;
    // On SIGTERM/SIGINT `tollgate serve` stops accepting and waits this long for the requests in
    // flight (streams included) before it cuts what is left. 0: stop at once.
    int drainTimeoutMs = 30'000;
    // Request log rows older than this many days are deleted (every minute, by the store's writer);
    // 0 keeps every row. The decision ledger and the spend ledger are never pruned.
    int requestLogRetentionDays = 90;
    // Web pages allowed to call the gateway from a browser ("https://app.example.com", or "*"
    // for any): a request whose Origin is not listed is refused. Non-browser clients send none.
    QStringList allowedOrigins;
    // Host header values served besides the loopback names ("name" or "name:port"). On a
    // loopback address only those are served (no DNS rebinding of a local gateway); elsewhere
    // any, unless this lists some.
    QStringList allowedHosts;
    http::ServerLimits limits;
};

// One validated, immutable configuration. Built once, shared as shared_ptr<const GatewayConfig>;
// requests in flight keep the snapshot they started with.
struct GatewayConfig
{
    ServerConfig server;
    std::vector<ProviderConfig> providers;
    std::vector<RouteConfig> routes;
    // Which regions each kind of regulated data may be processed in (built-in defaults unless the
    // config's `residency:` section changes them).
    residency::ResidencyPolicy residency;
    // What the inspect stage does with each detector's findings, and the scanner built for it
    // (every detector the policy or the residency classes need; never null in a loaded config).
    guardrails::GuardrailsPolicy guardrails;
    // Changes to that policy that routes and keys name (see GuardrailsProfile).
    std::vector<GuardrailsProfile> guardrailProfiles;
    // How much recent message text each worker thread keeps to skip scanning a text it has just
    // scanned (guardrails.scan_cache; 0: none is kept). See guardrails::ScanCache.
    std::int64_t scanCacheBytes = kDefaultScanCacheBytes;
    static constexpr std::int64_t kDefaultScanCacheBytes = std::int64_t(guardrails::ScanCache::kDefaultBudget);
    std::shared_ptr<const guardrails::Scanner> scanner;
    // The same without prompt injection, for the application's own system/developer messages
    // (instructions are not an attack on the application that wrote them).
    std::shared_ptr<const guardrails::Scanner> instructionScanner;
    // Teams, declared keys, rate limits, budgets and currencies (core/budget).
    budget::BudgetConfig budget;

    const ProviderConfig* findProvider(const QString& name) const;
    const RouteConfig* findRoute(const QString& alias) const;
    const GuardrailsProfile* findGuardrailsProfile(const QString& name) const;
    // What a scanner must run for `policy`: every detector whose action is not allow, plus every
    // detector the residency policy maps to a data class; without prompt injection for the
    // application's own instructions.
    guardrails::ScannerOptions scannerOptions(const guardrails::GuardrailsPolicy& policy, bool forInstructions) const;
    // Builds `scanner` for the current guardrails policy and residency classes: every detector
    // whose action is not allow, plus every detector the residency policy maps to a data class
    // (classification needs them even when nothing is done with the text).
    void buildScanner();
    // The scanner, or one built for this config on the spot when buildScanner() was not called.
    std::shared_ptr<const guardrails::Scanner> scannerOrBuild(bool forInstructions = false) const;
};

using ConfigSnapshot = std::shared_ptr<const GatewayConfig>;

} // namespace tollgate

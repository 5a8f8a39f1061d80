#pragma once

#include "budget/budgetconfig.h"
#include "common/clock.h"
#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate::budget {

class BudgetDb;

using KeyHash = std::array<unsigned char, 32>; // SHA-256 of the whole token

// What the gateway knows about a virtual key. The key itself is never stored: only its hash and
// a short visible prefix ("tg-AbC1") so people can tell keys apart.
struct KeyInfo
{
    QString id; // "key_" + 16 hex digits, or the id a config file declared
    QString name;
    QString prefix;
    KeyHash hash{};
    QString team;
    QString project;    // empty: none
    QStringList scopes; // route aliases or provider/model patterns with '*'; empty: every model
    QString region;     // every request of the key goes only to targets in this region; empty: any
    QString guardrails; // the guardrails profile (of the config) its requests are checked with; empty: none
    std::int64_t createdAtMs = 0;
    std::int64_t expiresAtMs = 0; // 0: never
    std::int64_t revokedAtMs = 0; // 0: active
    bool declared = false;        // from the config file (cannot be revoked through the API)
    RateLimitConfig limits;

    // True when one of the scopes matches `model` as sent by the client (an alias or
    // provider/model) or the provider/model it resolved to.
    bool allowsModel(QStringView requested, QStringView resolved = {}) const;
};

enum class KeyRefusal { None, Missing, Unknown, Revoked, Expired };
QString refusalMessage(KeyRefusal refusal);

struct KeyLookup
{
    std::shared_ptr<const KeyInfo> key; // set when refusal is None (and for Revoked/Expired)
    KeyRefusal refusal = KeyRefusal::None;
    bool ok() const { return refusal == KeyRefusal::None; }
};

struct NewKeyOptions
{
    QString name;
    QString team;
    QString project;
    QStringList scopes;
    QString region; // empty: not pinned
    QString guardrails; // a guardrails profile name; empty: the config's policy
    std::int64_t expiresAtMs = 0;
    RateLimitConfig limits;
};

struct CreatedKey
{
    QByteArray token; // "tg-..." shown to the user exactly once
    std::shared_ptr<const KeyInfo> info;
};

// Generates a new token: "tg-" + 43 base62 characters (256 bits from RAND_bytes).
Result<QByteArray> generateKeyToken();
KeyHash hashKeyToken(std::string_view token);
QByteArray toHex(const KeyHash& hash);
bool parseHexHash(const QByteArray& hex, KeyHash* out);
// Glob with '*' matching any run of characters; the rest is compared exactly.
bool scopePatternMatches(QStringView pattern, QStringView text);

// All virtual keys: an immutable index swapped atomically on every change, so lookup() (any
// thread, hot path) is a SHA-256 plus one hash-map probe and never waits on a lock held by an
// admin operation. create/revoke/reload write budget.db synchronously and are serialized among
// themselves; a change is visible to the next lookup.
class KeyRegistry
{
public:
    static Result<std::unique_ptr<KeyRegistry>> open(const QString& databasePath, const Clock& clock,
                                                     const std::vector<DeclaredKeyConfig>& declared = {});
    ~KeyRegistry();

    KeyLookup lookup(std::string_view token) const;
    // Looks a token up from an "Authorization" value ("Bearer tg-...") or an x-api-key value.
    KeyLookup lookupAuthorization(std::string_view headerValue) const;

    Result<CreatedKey> create(const NewKeyOptions& options);
    Result<void> revoke(const QString& id);
    std::vector<std::shared_ptr<const KeyInfo>> list() const;
    std::shared_ptr<const KeyInfo> find(const QString& id) const;
    bool empty() const;

    // Re-reads the keys when another process (the CLI) changed them; cheap when nothing changed.
    // Returns true when the index was rebuilt.
    Result<bool> reloadIfChanged();
    // Replaces the keys declared in the config file (a config reload). Keys created through the
    // CLI or the admin API are untouched; a declared key that is gone stops working on the next
    // lookup. On error (a bad hash, an unset environment variable) nothing changes.
    Result<void> setDeclared(const std::vector<DeclaredKeyConfig>& declared);

private:
    static Result<std::vector<std::shared_ptr<const KeyInfo>>> buildDeclared(const std::vector<DeclaredKeyConfig>& declared);
    KeyRegistry(const Clock& clock);
    struct HashHasher
    {
        std::size_t operator()(const KeyHash& h) const noexcept;
    };
    struct HashEqual
    {
        bool operator()(const KeyHash& a, const KeyHash& b) const noexcept; // constant time
    };
    struct Snapshot
    {
        std::unordered_map<KeyHash, std::shared_ptr<const KeyInfo>, HashHasher, HashEqual> byHash;
        std::vector<std::shared_ptr<const KeyInfo>> all;
    };

    Result<void> reloadLocked(); // m_adminMutex held
    std::int64_t storedVersionLocked();

    const Clock& m_clock;
    std::atomic<std::shared_ptr<const Snapshot>> m_snapshot;
    std::mutex m_adminMutex;
    std::unique_ptr<BudgetDb> m_db;
    std::vector<std::shared_ptr<const KeyInfo>> m_declared;
    std::int64_t m_loadedVersion = -1;
};

} // namespace tollgate::budget

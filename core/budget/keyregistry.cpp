#include "budget/keyregistry.h"

#include "audit/sha256.h"

#include "guardrails/policy.h"
#include "http/httptypes.h"

#include "residency/residencypolicy.h"

#include "budget/budgetdb.h"

#include <QCoreApplication>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::KeyRegistry", text);
}

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kTokenChars = 43; // 43 * log2(62) = 256.03 bits

} // namespace

QString refusalMessage(KeyRefusal refusal)
{
    switch (refusal) {
    case KeyRefusal::None: return {};
    case KeyRefusal::Missing:
        return tr("No API key provided. Send your Tollgate key as 'Authorization: Bearer tg-...'.");
    case KeyRefusal::Unknown: return tr("Incorrect API key provided.");
    case KeyRefusal::Revoked: return tr("This API key has been revoked.");
    case KeyRefusal::Expired: return tr("This API key has expired.");
    }
    return {};
}

bool scopePatternMatches(QStringView pattern, QStringView text)
{
    // Iterative glob: '*' matches any run; backtrack to the last star on a mismatch.
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

bool KeyInfo::allowsModel(QStringView requested, QStringView resolved) const
{
    if (scopes.isEmpty())
        return true;
    for (const QString& scope : scopes) {
        if (scopePatternMatches(scope, requested) || (!resolved.isEmpty() && scopePatternMatches(scope, resolved)))
            return true;
    }
    return false;
}

Result<QByteArray> generateKeyToken()
{
    QByteArray token("tg-");
    token.reserve(3 + kTokenChars);
    unsigned char buffer[64];
    while (token.size() < 3 + kTokenChars) {
        if (RAND_bytes(buffer, sizeof buffer) != 1)
            return makeError(tr("The system's random number generator failed"));
        for (unsigned char b : buffer) {
            // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
            if (b < 248 && token.size() < 3 + kTokenChars)
                token.append(kBase62[b % 62]);
        }
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    return token;
}

KeyHash hashKeyToken(std::string_view token)
{
    // Once per authenticated request: the gateway's own SHA-256, not OpenSSL's one-shot call, which
    // looks the algorithm up by name every time.
    return sha256(token.data(), token.size());
}

QByteArray toHex(const KeyHash& hash)
{
    return QByteArray(reinterpret_cast<const char*>(hash.data()), int(hash.size())).toHex();
}

bool parseHexHash(const QByteArray& hex, KeyHash* out)
{
    const QByteArray trimmedHex = hex.trimmed().toLower();
    if (trimmedHex.size() != 64)
        return false;
    for (char c : trimmedHex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    const QByteArray raw = QByteArray::fromHex(trimmedHex);
    std::memcpy(out->data(), raw.constData(), out->size());
    return true;
}

std::size_t KeyRegistry::HashHasher::operator()(const KeyHash& h) const noexcept
{
    std::size_t v;
    std::memcpy(&v, h.data(), sizeof v); // SHA-256 output is already uniformly distributed
    return v;
}

bool KeyRegistry::HashEqual::operator()(const KeyHash& a, const KeyHash& b) const noexcept
{
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

KeyRegistry::KeyRegistry(const Clock& clock) : m_clock(clock) {}
KeyRegistry::~KeyRegistry() = default;

Result<std::unique_ptr<KeyRegistry>> KeyRegistry::open(const QString& databasePath, const Clock& clock,
                                                       const std::vector<DeclaredKeyConfig>& declared)
{
    std::unique_ptr<KeyRegistry> registry(new KeyRegistry(clock));
    auto db = BudgetDb::open(databasePath);
    if (!db)
        return db.error();
    registry->m_db = std::move(db.value());
    auto declaredKeys = buildDeclared(declared);
    if (!declaredKeys)
        return declaredKeys.error();
    registry->m_declared = std::move(declaredKeys.value());
    std::lock_guard lock(registry->m_adminMutex);
    if (auto r = registry->reloadLocked(); !r)
        return r.error();
    return registry;
}

Result<std::vector<std::shared_ptr<const KeyInfo>>> KeyRegistry::buildDeclared(const std::vector<DeclaredKeyConfig>& declared)
{
    std::vector<std::shared_ptr<const KeyInfo>> out;
    for (const DeclaredKeyConfig& d : declared) {
        auto info = std::make_shared<KeyInfo>();
        info->id = d.id;
        info->name = d.name.isEmpty() ? d.id : d.name;
        info->team = d.team;
        info->project = d.project;
        info->scopes = d.scopes;
        info->region = d.region;
        info->guardrails = d.guardrails;
        info->expiresAtMs = d.expiresAtMs;
        info->limits = d.limits;
        info->declared = true;
        if (!d.envName.isEmpty()) {
            const QByteArray secret = qgetenv(d.envName.toLocal8Bit().constData());
            if (secret.isEmpty())
                return makeError(tr("Key '%1': the environment variable %2 is not set").arg(d.id, d.envName));
            info->hash = hashKeyToken(std::string_view(secret.constData(), size_t(secret.size())));
            info->prefix = QString::fromLatin1(secret.left(7));
        } else if (!parseHexHash(d.sha256Hex, &info->hash)) {
            return makeError(tr("Key '%1': sha256 must be 64 hex digits").arg(d.id));
        } else {
            info->prefix = QStringLiteral("tg-…");
        }
        out.push_back(std::move(info));
    }
    return out;
}

Result<void> KeyRegistry::setDeclared(const std::vector<DeclaredKeyConfig>& declared)
{
    auto keys = buildDeclared(declared);
    if (!keys)
        return keys.error();
    std::lock_guard lock(m_adminMutex);
    m_declared = std::move(keys.value());
    return reloadLocked();
}

KeyLookup KeyRegistry::lookup(std::string_view token) const
{
    if (token.empty())
        return {nullptr, KeyRefusal::Missing};
    const KeyHash hash = hashKeyToken(token);
    const std::shared_ptr<const Snapshot> snapshot = m_snapshot.load(std::memory_order_acquire);
    const auto it = snapshot->byHash.find(hash);
    if (it == snapshot->byHash.end())
        return {nullptr, KeyRefusal::Unknown};
    const KeyInfo& info = *it->second;
    if (info.revokedAtMs != 0)
        return {it->second, KeyRefusal::Revoked};
    if (info.expiresAtMs != 0 && m_clock.wallMs() >= info.expiresAtMs)
        return {it->second, KeyRefusal::Expired};
    return {it->second, KeyRefusal::None};
}

KeyLookup KeyRegistry::lookupAuthorization(std::string_view headerValue) const
{
    std::string_view v = http::trimOws(headerValue);
    if (v.size() >= 7 && (v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer "))
        v = http::trimOws(v.substr(7));
    return lookup(v);
}

Result<CreatedKey> KeyRegistry::create(const NewKeyOptions& options)
{
    if (options.team.trimmed().isEmpty())
        return makeError(tr("A key needs a team"));
    if (options.expiresAtMs != 0 && options.expiresAtMs <= m_clock.wallMs())
        return makeError(tr("The expiry is in the past"));
    if (const QByteArray region = options.region.trimmed().toUtf8();
        !region.isEmpty() && !residency::isValidRegionName(std::string_view(region.constData(), size_t(region.size()))))
        return makeError(tr("A region is lowercase letters, digits and '-' (eu, in, us-east), not '%1'").arg(options.region));
    if (const QString profile = options.guardrails.trimmed(); !profile.isEmpty() && !guardrails::isProfileName(profile.toStdString()))
        return makeError(tr("A guardrails profile name is lowercase letters, digits, '-' and '_', not '%1'").arg(options.guardrails));
    auto token = generateKeyToken();
    if (!token)
        return token.error();
    unsigned char idBytes[8];
    if (RAND_bytes(idBytes, sizeof idBytes) != 1)
        return makeError(tr("The system's random number generator failed"));

    auto info = std::make_shared<KeyInfo>();
    info->id = QStringLiteral("key_") + QString::fromLatin1(QByteArray(reinterpret_cast<char*>(idBytes), 8).toHex());
    info->name = options.name.isEmpty() ? info->id : options.name;
    info->prefix = QString::fromLatin1(token->left(7));
    info->hash = hashKeyToken(std::string_view(token->constData(), size_t(token->size())));
    info->team = options.team.trimmed();
    info->project = options.project.trimmed();
    info->scopes = options.scopes;
    info->region = options.region.trimmed();
    info->guardrails = options.guardrails.trimmed();
    info->createdAtMs = m_clock.wallMs();
    info->expiresAtMs = options.expiresAtMs;
    info->limits = options.limits;

    std::lock_guard lock(m_adminMutex);
    if (auto r = m_db->exec("BEGIN IMMEDIATE"); !r)
        return r.error();
    Statement insert(*m_db, "INSERT INTO keys(id, name, prefix, hash, team, project, scopes, created_ms, "
                            "expires_ms, revoked_ms, rpm, tpm, region, guardrails) VALUES (?,?,?,?,?,?,?,?,?,0,?,?,?,?)");
    insert.bind(1, info->id);
    insert.bind(2, info->name);
    insert.bind(3, info->prefix);
    insert.bind(4, QByteArray(reinterpret_cast<const char*>(info->hash.data()), 32));
    insert.bind(5, info->team);
    insert.bind(6, info->project);
    insert.bind(7, info->scopes.join(QLatin1Char('\n')));
    insert.bind(8, info->createdAtMs);
    insert.bind(9, info->expiresAtMs);
    insert.bind(10, info->limits.requestsPerMinute);
    insert.bind(11, info->limits.tokensPerMinute);
    insert.bind(12, info->region);
    insert.bind(13, info->guardrails);
    insert.step();
    if (insert.failed() || !m_db->exec("UPDATE meta SET value = value + 1 WHERE name = 'keys_version'")) {
        const QString error = m_db->lastError();
        (void)m_db->exec("ROLLBACK");
        return makeError(tr("Cannot store the key: %1").arg(error));
    }
    if (auto r = m_db->exec("COMMIT"); !r)
        return r.error();
    if (auto r = reloadLocked(); !r)
        return r.error();
    return CreatedKey{std::move(token.value()), info};
}

Result<void> KeyRegistry::revoke(const QString& id)
{
    std::lock_guard lock(m_adminMutex);
    for (const auto& d : m_declared) {
        if (d->id == id)
            return makeError(tr("Key '%1' is declared in the config file; remove it there").arg(id));
    }
    if (auto r = m_db->exec("BEGIN IMMEDIATE"); !r)
        return r;
    Statement update(*m_db, "UPDATE keys SET revoked_ms = ? WHERE id = ? AND revoked_ms = 0");
    update.bind(1, std::max<std::int64_t>(1, m_clock.wallMs()));
    update.bind(2, id);
    update.step();
    const int changed = m_db->changes();
    if (update.failed() || !m_db->exec("UPDATE meta SET value = value + 1 WHERE name = 'keys_version'")) {
        (void)m_db->exec("ROLLBACK");
        return makeError(tr("Cannot revoke the key: %1").arg(m_db->lastError()));
    }
    if (auto r = m_db->exec("COMMIT"); !r)
        return r;
    if (changed == 0) {
        const auto existing = find(id);
        if (!existing)
            return makeError(tr("No key with id '%1'").arg(id));
        return {}; // already revoked: revoking again is harmless
    }
    return reloadLocked();
}

std::vector<std::shared_ptr<const KeyInfo>> KeyRegistry::list() const
{
    return m_snapshot.load(std::memory_order_acquire)->all;
}

std::shared_ptr<const KeyInfo> KeyRegistry::find(const QString& id) const
{
    for (const auto& k : m_snapshot.load(std::memory_order_acquire)->all) {
        if (k->id == id)
            return k;
    }
    return nullptr;
}

bool KeyRegistry::empty() const
{
    return m_snapshot.load(std::memory_order_acquire)->all.empty();
}

std::int64_t KeyRegistry::storedVersionLocked()
{
    Statement version(*m_db, "SELECT value FROM meta WHERE name = 'keys_version'");
    return version.step() ? version.int64(0) : -1;
}

Result<bool> KeyRegistry::reloadIfChanged()
{
    std::lock_guard lock(m_adminMutex);
    if (storedVersionLocked() == m_loadedVersion)
        return false;
    if (auto r = reloadLocked(); !r)
        return r.error();
    return true;
}

Result<void> KeyRegistry::reloadLocked()
{
    auto snapshot = std::make_shared<Snapshot>();
    const std::int64_t version = storedVersionLocked();
    Statement select(*m_db, "SELECT id, name, prefix, hash, team, project, scopes, created_ms, expires_ms, "
                            "revoked_ms, rpm, tpm, region, guardrails FROM keys ORDER BY created_ms, id");
    while (select.step()) {
        auto info = std::make_shared<KeyInfo>();
        info->id = select.text(0);
        info->name = select.text(1);
        info->prefix = select.text(2);
        const QByteArray hash = select.blob(3);
        if (hash.size() != 32)
            continue;
        std::memcpy(info->hash.data(), hash.constData(), 32);
        info->team = select.text(4);
        info->project = select.text(5);
        const QString scopes = select.text(6);
        if (!scopes.isEmpty())
            info->scopes = scopes.split(QLatin1Char('\n'));
        info->createdAtMs = select.int64(7);
        info->expiresAtMs = select.int64(8);
        info->revokedAtMs = select.int64(9);
        info->limits.requestsPerMinute = select.int64(10);
        info->limits.tokensPerMinute = select.int64(11);
        info->region = select.text(12);
        info->guardrails = select.text(13);
        snapshot->all.push_back(info);
        snapshot->byHash.emplace(info->hash, info);
    }
    if (select.failed())
        return makeError(tr("Cannot read the keys: %1").arg(m_db->lastError()));
    for (const auto& d : m_declared) {
        snapshot->all.push_back(d);
        snapshot->byHash.emplace(d->hash, d);
    }
    m_loadedVersion = version;
    m_snapshot.store(std::move(snapshot), std::memory_order_release);
    return {};
}

} // namespace tollgate::budget

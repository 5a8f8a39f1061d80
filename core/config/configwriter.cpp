#include "config/configwriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>
#include <tuple>

namespace tollgate {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::ConfigWriter", text);
}

// A scalar is written plain only when YAML cannot read it as anything but that text; everything
// else (URLs, paths, words YAML 1.1 reads as booleans or null) is double-quoted.
QString scalar(const QString& text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_./-]*$"));
    static const QStringList special{QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("yes"),
                                     QStringLiteral("no"),   QStringLiteral("on"),    QStringLiteral("off"),
                                     QStringLiteral("y"),    QStringLiteral("n"),     QStringLiteral("null")};
    if (plain.match(text).hasMatch() && !special.contains(text.toLower()))
        return text;
    QString out = QStringLiteral("\"");
    for (QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Control) {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString size(std::int64_t bytes)
{
    const std::pair<std::int64_t, const char*> units[] = {
        {std::int64_t(1024) * 1024 * 1024, "GiB"}, {1024 * 1024, "MiB"}, {1024, "KiB"}};
    for (const auto& [unit, name] : units) {
        if (bytes >= unit && bytes % unit == 0)
            return QString::number(bytes / unit) + QLatin1String(name);
    }
    return QString::number(bytes);
}

QString apiKeyText(const ProviderConfig& p)
{
    switch (p.apiKey.source) {
    case SecretRef::Source::None:
        return {};
    case SecretRef::Source::Env:
        return QStringLiteral("env:") + p.apiKey.envName;
    case SecretRef::Source::Secret:
        return QStringLiteral("secret:") + p.apiKey.secretName;
    case SecretRef::Source::Literal:
        return QStringLiteral("secret:") + ConfigWriter::secretNameFor(p.name);
    }
    return {};
}

void line(QString& out, int indent, const QString& text)
{
    out += QString(indent, QLatin1Char(' '));
    out += text;
    out += QLatin1Char('\n');
}

// The shortest decimal that reads back (through a double, as the loader reads it) to the same float.
QString shortestFloat(float value)
{
    for (int digits = 1; digits < 9; ++digits) {
        const QString text = QString::number(double(value), 'g', digits);
        if (float(text.toDouble()) == value)
            return text;
    }
    return QString::number(double(value), 'g', 9);
}

QString nameList(const QStringList& names)
{
    QStringList quoted;
    for (const QString& name : names)
        quoted << scalar(name);
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// Only what differs from the built-in policy, so a default config stays without the section.
// The actions, threshold and scan_responses an override sets, at `indent`.
void writePolicyChange(QString& out, int indent, const guardrails::PolicyOverride& change)
{
    bool anyAction = false;
    for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i) {
        if (!change.actions[i])
            continue;
        if (!anyAction)
            line(out, indent, QStringLiteral("actions:"));
        anyAction = true;
        line(out, indent + 2,
             QString::fromLatin1(guardrails::detectorName(guardrails::DetectorId(i)).data()) + QStringLiteral(": ") +
                 QString::fromLatin1(guardrails::actionName(*change.actions[i]).data()));
    }
    if (change.injectionThreshold)
        line(out, indent, QStringLiteral("injection_threshold: ") + shortestFloat(*change.injectionThreshold));
    if (change.scanResponses)
        line(out, indent, QStringLiteral("scan_responses: ") +
                              (*change.scanResponses ? QStringLiteral("true") : QStringLiteral("false")));
}

// A route's or a key's `guardrails:` at `indent`: the profile's name, or the profile itself when it
// was written inline there.
void writeGuardrailsChoice(QString& out, int indent, const QString& profile, const GatewayConfig& config)
{
    if (profile.isEmpty())
        return;
    const GuardrailsProfile* p = config.findGuardrailsProfile(profile);
    if (!p || !p->inlined()) {
        line(out, indent, QStringLiteral("guardrails: ") + scalar(profile));
        return;
    }
    if (p->change.empty()) {
        line(out, indent, QStringLiteral("guardrails: {}"));
        return;
    }
    line(out, indent, QStringLiteral("guardrails:"));
    writePolicyChange(out, indent + 2, p->change);
}

void writeGuardrails(QString& out, const GatewayConfig& config)
{
    const guardrails::GuardrailsPolicy& policy = config.guardrails;
    const guardrails::GuardrailsPolicy defaults;
    guardrails::PolicyOverride change; // what differs from the defaults
    for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i) {
        if (policy.actions[i] != defaults.actions[i])
            change.actions[i] = policy.actions[i];
    }
    if (policy.injectionThreshold != defaults.injectionThreshold)
        change.injectionThreshold = policy.injectionThreshold;
    if (policy.scanResponses != defaults.scanResponses)
        change.scanResponses = policy.scanResponses;
    const bool anyProfile = std::any_of(config.guardrailProfiles.begin(), config.guardrailProfiles.end(),
                                        [](const GuardrailsProfile& p) { return !p.inlined(); });
    const bool scanCache = config.scanCacheBytes != GatewayConfig::kDefaultScanCacheBytes;
    if (change.empty() && !anyProfile && !scanCache)
        return;
    line(out, 0, QStringLiteral("guardrails:"));
    writePolicyChange(out, 2, change);
    if (scanCache)
        line(out, 2, QStringLiteral("scan_cache: %1").arg(config.scanCacheBytes));
    if (!anyProfile)
        return;
    line(out, 2, QStringLiteral("profiles:"));
    for (const GuardrailsProfile& p : config.guardrailProfiles) {
        if (p.inlined())
            continue;
        if (p.change.empty()) {
            line(out, 4, scalar(p.name) + QStringLiteral(": {}"));
            continue;
        }
        line(out, 4, scalar(p.name) + QLatin1Char(':'));
        writePolicyChange(out, 6, p.change);
    }
}

// The compiled policy as a ResidencyConfig that compiles back to the same tables: every regime,
// class and detector is listed (the loader starts from the defaults and overrides by name, so a
// full listing reproduces the policy, user-defined names in the same order).
residency::ResidencyConfig residencyConfigOf(const residency::ResidencyPolicy& policy)
{
    residency::ResidencyConfig config;
    for (const auto& r : policy.regimeTable())
        config.regions.push_back({r.regime, r.regions});
    for (const auto& [dataClass, regimes] : policy.classTable())
        config.regimes.push_back({dataClass, regimes});
    for (const auto& [detector, dataClass] : policy.detectorTable())
        config.classes.push_back({detector, dataClass});
    return config;
}

void writeResidency(QString& out, const residency::ResidencyPolicy& policy)
{
    const residency::ResidencyPolicy defaults;
    const residency::ResidencyConfig written = residencyConfigOf(policy);
    // The version is written only when it was set by hand: a derived one ("sha256:...") follows
    // the content by itself, and writing it would pin it to stale content after a hand edit.
    const auto derived = residency::ResidencyPolicy::compile(written, nullptr);
    const bool explicitVersion = !derived || derived->version() != policy.version();
    if (!explicitVersion && policy.version() == defaults.version())
        return;
    line(out, 0, QStringLiteral("residency:"));
    if (explicitVersion)
        line(out, 2, QStringLiteral("version: ") + scalar(policy.version()));
    line(out, 2, QStringLiteral("regions:"));
    for (const auto& rule : written.regions)
        line(out, 4, scalar(rule.regime) + QStringLiteral(": ") + nameList(rule.regions));
    line(out, 2, QStringLiteral("regimes:"));
    for (const auto& rule : written.regimes)
        line(out, 4, scalar(rule.dataClass) + QStringLiteral(": ") + nameList(rule.regimes));
    line(out, 2, QStringLiteral("classes:"));
    for (const auto& rule : written.classes)
        line(out, 4, scalar(rule.detector) + QStringLiteral(": ") +
                         (rule.dataClass.isEmpty() ? QStringLiteral("none") : scalar(rule.dataClass)));
}

// A Unix-ms instant as text budget::parseTimestamp reads back to the same instant: a bare date when
// it is midnight UTC (the form people write), otherwise an ISO 8601 UTC time, with milliseconds
// only when there are any.
QString timestampText(std::int64_t ms)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    if (utc.time() == QTime(0, 0))
        return utc.date().toString(Qt::ISODate);
    return utc.toString(ms % 1000 == 0 ? Qt::ISODate : Qt::ISODateWithMs);
}

// "{requests_per_minute: 600, tokens_per_minute: 200000}"; empty when both are unlimited (0).
QString limitsText(const budget::RateLimitConfig& limits)
{
    QStringList parts;
    if (limits.requestsPerMinute > 0)
        parts << QStringLiteral("requests_per_minute: ") + QString::number(limits.requestsPerMinute);
    if (limits.tokensPerMinute > 0)
        parts << QStringLiteral("tokens_per_minute: ") + QString::number(limits.tokensPerMinute);
    if (parts.isEmpty())
        return {};
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

// Keys and the admin key are written as the reference they were declared with (a variable name or
// a hash), never as a key: the config never holds a secret. When a key has both, the one its
// consumer uses wins (KeyRegistry: env first; AdminApi: sha256 first), so the file is valid and
// means the same.
void writeBudget(QString& out, const GatewayConfig& config)
{
    const budget::BudgetConfig& b = config.budget;
    const budget::BudgetConfig defaults;
    const bool currency = b.displayCurrency != defaults.displayCurrency;
    const bool adminKey = !b.adminKeySha256Hex.isEmpty() || !b.adminKeyEnv.isEmpty();
    const bool maxOutput = b.defaultMaxOutputTokens != defaults.defaultMaxOutputTokens;
    if (!currency && !adminKey && !maxOutput && b.rates.empty() && b.ratesFile.isEmpty() && b.teams.empty() &&
        b.keys.empty() && b.budgets.empty())
        return;
    line(out, 0, QStringLiteral("budget:"));
    if (currency)
        line(out, 2, QStringLiteral("display_currency: ") + scalar(b.displayCurrency));
    if (!b.adminKeySha256Hex.isEmpty())
        line(out, 2, QStringLiteral("admin_key: ") +
                         scalar(QStringLiteral("sha256:") + QString::fromLatin1(b.adminKeySha256Hex)));
    else if (!b.adminKeyEnv.isEmpty())
        line(out, 2, QStringLiteral("admin_key: ") + scalar(QStringLiteral("env:") + b.adminKeyEnv));
    if (maxOutput)
        line(out, 2, QStringLiteral("default_max_output_tokens: ") + QString::number(b.defaultMaxOutputTokens));
    if (!b.rates.empty()) {
        // The rate is kept as the text it was given in, so it is written back as that text.
        line(out, 2, QStringLiteral("rates:"));
        for (const budget::ExchangeRateConfig& r : b.rates)
            line(out, 4,
                 QStringLiteral("- {date: %1, from: %2, to: %3, rate: %4}")
                     .arg(r.date.toString(Qt::ISODate), scalar(r.from), scalar(r.to), scalar(r.rate)));
    }
    if (!b.ratesFile.isEmpty())
        line(out, 2, QStringLiteral("rates_file: ") + scalar(b.ratesFile));
    if (!b.teams.empty()) {
        line(out, 2, QStringLiteral("teams:"));
        for (const budget::TeamConfig& t : b.teams) {
            line(out, 4, QStringLiteral("- name: ") + scalar(t.name));
            if (const QString limits = limitsText(t.limits); !limits.isEmpty())
                line(out, 6, QStringLiteral("limits: ") + limits);
        }
    }
    if (!b.keys.empty()) {
        line(out, 2, QStringLiteral("keys:"));
        for (const budget::DeclaredKeyConfig& k : b.keys) {
            line(out, 4, QStringLiteral("- id: ") + scalar(k.id));
            if (!k.name.isEmpty())
                line(out, 6, QStringLiteral("name: ") + scalar(k.name));
            line(out, 6, QStringLiteral("team: ") + scalar(k.team));
            if (!k.project.isEmpty())
                line(out, 6, QStringLiteral("project: ") + scalar(k.project));
            if (!k.scopes.isEmpty())
                line(out, 6, QStringLiteral("scopes: ") + nameList(k.scopes));
            if (!k.region.isEmpty())
                line(out, 6, QStringLiteral("region: ") + scalar(k.region));
            writeGuardrailsChoice(out, 6, k.guardrails, config);
            if (!k.envName.isEmpty())
                line(out, 6, QStringLiteral("env: ") + scalar(k.envName));
            else if (!k.sha256Hex.isEmpty())
                line(out, 6, QStringLiteral("sha256: ") + scalar(QString::fromLatin1(k.sha256Hex)));
            if (k.expiresAtMs != 0)
                line(out, 6, QStringLiteral("expires: ") + scalar(timestampText(k.expiresAtMs)));
            if (const QString limits = limitsText(k.limits); !limits.isEmpty())
                line(out, 6, QStringLiteral("limits: ") + limits);
        }
    }
    if (!b.budgets.empty()) {
        const budget::BudgetRuleConfig ruleDefaults;
        line(out, 2, QStringLiteral("budgets:"));
        for (const budget::BudgetRuleConfig& r : b.budgets) {
            line(out, 4, QStringLiteral("- id: ") + scalar(r.id));
            line(out, 6, QStringLiteral("scope: ") + budget::scopeName(r.scope));
            line(out, 6, QStringLiteral("subject: ") + scalar(r.subject));
            line(out, 6, QStringLiteral("period: ") + budget::periodName(r.period));
            if (r.timeZone != ruleDefaults.timeZone)
                line(out, 6, QStringLiteral("time_zone: ") + scalar(r.timeZone));
            // The loader reads start and end for any period; a custom one needs both even at 0.
            const bool custom = r.period == budget::BudgetPeriod::Custom;
            if (custom || r.customStartMs != 0)
                line(out, 6, QStringLiteral("start: ") + scalar(timestampText(r.customStartMs)));
            if (custom || r.customEndMs != 0)
                line(out, 6, QStringLiteral("end: ") + scalar(timestampText(r.customEndMs)));
            line(out, 6, QStringLiteral("cap: ") + ConfigWriter::formatMicros(r.cap.micros));
            if (r.softMicros >= 0)
                line(out, 6, QStringLiteral("soft: ") + ConfigWriter::formatMicros(r.softMicros));
            line(out, 6, QStringLiteral("currency: ") + scalar(r.cap.currencyCode()));
        }
    }
}

} // namespace

QString ConfigWriter::secretNameFor(const QString& providerName)
{
    return QStringLiteral("provider.") + providerName;
}

QString ConfigWriter::formatMicros(std::int64_t micros)
{
    const bool negative = micros < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t(-(micros + 1)) + 1 : std::uint64_t(micros);
    QString text = QString::number(magnitude / 1'000'000);
    QString fraction = QStringLiteral("%1").arg(magnitude % 1'000'000, 6, 10, QLatin1Char('0'));
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (!fraction.isEmpty())
        text += QLatin1Char('.') + fraction;
    return negative ? QLatin1Char('-') + text : text;
}

QByteArray ConfigWriter::toYaml(const GatewayConfig& config)
{
    QString out;
    out += QStringLiteral(
        "# Tollgate gateway configuration (see docs/config.md).\n"
        "# api_key values are references: env:NAME reads the environment, secret:NAME the\n"
        "# secret store (system keychain or encrypted file); keys themselves are never here.\n");

    const ServerConfig defaults;
    const ServerConfig& s = config.server;
    line(out, 0, QStringLiteral("server:"));
    const QString host = s.listenHost.contains(QLatin1Char(':'))
                             ? QLatin1Char('[') + s.listenHost + QLatin1Char(']')
                             : s.listenHost;
    line(out, 2,
         QStringLiteral("listen: ") + scalar(host + QLatin1Char(':') + QString::number(s.listenPort)));
    if (s.limits.maxBodyBytes != defaults.limits.maxBodyBytes)
        line(out, 2, QStringLiteral("max_body_bytes: ") + size(s.limits.maxBodyBytes));
    if (s.limits.maxHeaderBytes != defaults.limits.maxHeaderBytes)
        line(out, 2, QStringLiteral("max_header_bytes: ") + size(s.limits.maxHeaderBytes));
    const std::tuple<const char*, int, int> ints[] = {
        {"header_timeout_ms", s.limits.headerTimeoutMs, defaults.limits.headerTimeoutMs},
        {"body_timeout_ms", s.limits.bodyTimeoutMs, defaults.limits.bodyTimeoutMs},
        {"idle_timeout_ms", s.limits.idleTimeoutMs, defaults.limits.idleTimeoutMs},
        {"max_connections", s.limits.maxConnections, defaults.limits.maxConnections},
        {"workers", s.workers, defaults.workers},
        {"busy_poll_us", s.busyPollUs, defaults.busyPollUs},
        {"drain_timeout_ms", s.drainTimeoutMs, defaults.drainTimeoutMs},
        {"request_log_retention_days", s.requestLogRetentionDays, defaults.requestLogRetentionDays},
    };
    for (const auto& [key, value, fallback] : ints) {
        if (value != fallback)
            line(out, 2, QLatin1String(key) + QStringLiteral(": ") + QString::number(value));
    }
    if (!s.allowedOrigins.isEmpty())
        line(out, 2, QStringLiteral("allowed_origins: ") + nameList(s.allowedOrigins));
    if (!s.allowedHosts.isEmpty())
        line(out, 2, QStringLiteral("allowed_hosts: ") + nameList(s.allowedHosts));

    if (config.providers.empty()) {
        line(out, 0, QStringLiteral("providers: []"));
    } else {
        line(out, 0, QStringLiteral("providers:"));
    }
    const ProviderConfig providerDefaults;
    for (const ProviderConfig& p : config.providers) {
        line(out, 2, QStringLiteral("- name: ") + scalar(p.name));
        line(out, 4, QStringLiteral("kind: ") + scalar(p.kind));
        line(out, 4, QStringLiteral("base_url: ") + scalar(p.baseUrl));
        line(out, 4, QStringLiteral("region: ") + scalar(p.region));
        const QString key = apiKeyText(p);
        if (!key.isEmpty())
            line(out, 4, QStringLiteral("api_key: ") + scalar(key));
        if (p.kind == QLatin1String("azure-openai") || p.apiVersion != providerDefaults.apiVersion)
            line(out, 4, QStringLiteral("api_version: ") + scalar(p.apiVersion));
        if (!p.caFile.isEmpty())
            line(out, 4, QStringLiteral("ca_file: ") + scalar(p.caFile));
        const http::UpstreamTimeouts& t = p.timeouts;
        const http::UpstreamTimeouts& dt = providerDefaults.timeouts;
        if (t.connectMs != dt.connectMs || t.firstByteMs != dt.firstByteMs || t.idleMs != dt.idleMs ||
            t.totalMs != dt.totalMs) {
            line(out, 4, QStringLiteral("timeouts:"));
            line(out, 6, QStringLiteral("connect_ms: ") + QString::number(t.connectMs));
            line(out, 6, QStringLiteral("first_byte_ms: ") + QString::number(t.firstByteMs));
            line(out, 6, QStringLiteral("idle_ms: ") + QString::number(t.idleMs));
            line(out, 6, QStringLiteral("total_ms: ") + QString::number(t.totalMs));
        }
        // Empty lists stay lists, so the loader reports "at least one" rather than "no value".
        line(out, 4, p.models.empty() ? QStringLiteral("models: []") : QStringLiteral("models:"));
        for (const ModelConfig& m : p.models) {
            line(out, 6, QStringLiteral("- name: ") + scalar(m.name));
            if (m.embeddings)
                line(out, 8, QStringLiteral("type: embeddings"));
            line(out, 8, QStringLiteral("input_per_million: ") + formatMicros(m.price.inputPerMillionMicros));
            line(out, 8,
                 QStringLiteral("output_per_million: ") + formatMicros(m.price.outputPerMillionMicros));
            if (m.price.cachedInputPerMillionMicros >= 0)
                line(out, 8,
                     QStringLiteral("cached_input_per_million: ") +
                         formatMicros(m.price.cachedInputPerMillionMicros));
            if (m.price.cacheWritePerMillionMicros >= 0)
                line(out, 8,
                     QStringLiteral("cache_write_per_million: ") +
                         formatMicros(m.price.cacheWritePerMillionMicros));
            line(out, 8, QStringLiteral("currency: ") + QString::fromLatin1(m.price.currency.data(), 3));
        }
    }

    if (config.routes.empty()) {
        line(out, 0, QStringLiteral("routes: []"));
    } else {
        line(out, 0, QStringLiteral("routes:"));
    }
    for (const RouteConfig& r : config.routes) {
        line(out, 2, QStringLiteral("- alias: ") + scalar(r.alias));
        if (r.strategy == RouteStrategy::Weighted)
            line(out, 4, QStringLiteral("strategy: weighted"));
        line(out, 4, r.targets.empty() ? QStringLiteral("targets: []") : QStringLiteral("targets:"));
        for (const RouteTargetConfig& t : r.targets) {
            if (t.weight == 1) {
                line(out, 6, QStringLiteral("- ") + scalar(t.provider + QLatin1Char('/') + t.model));
            } else {
                line(out, 6,
                     QStringLiteral("- {provider: %1, model: %2, weight: %3}")
                         .arg(scalar(t.provider), scalar(t.model))
                         .arg(t.weight));
            }
        }
        writeGuardrailsChoice(out, 4, r.guardrails, config);
    }
    writeGuardrails(out, config);
    writeResidency(out, config.residency);
    writeBudget(out, config);
    return out.toUtf8();
}

Result<void> ConfigWriter::saveFile(const QString& path, const QByteArray& yaml)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(tr("Cannot create the folder %1").arg(info.absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(tr("Cannot write the config file %1: %2").arg(path, file.errorString()));
    if (file.write(yaml) != yaml.size() || !file.commit())
        return makeError(tr("Cannot write the config file %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace tollgate

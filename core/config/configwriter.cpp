#include "config/configwriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

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
    };
    for (const auto& [key, value, fallback] : ints) {
        if (value != fallback)
            line(out, 2, QLatin1String(key) + QStringLiteral(": ") + QString::number(value));
    }

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
    }
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

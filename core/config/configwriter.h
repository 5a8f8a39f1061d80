#pragma once

#include "common/result.h"
#include "config/gatewayconfig.h"

#include <QByteArray>
#include <QString>

namespace tollgate {

// GatewayConfig -> the YAML text ConfigLoader reads back to an equal config (the desktop
// manager's save and export). Defaults are left out, so a written file stays as short as a
// hand-written one.
//
// API keys are written as their reference, never as the key: `env:NAME` and `secret:NAME` as they
// are, and a literal key as `secret:<secretNameFor(provider)>` — the caller stores the literal
// under that name (SecretStore) before it writes the file, or the written config has no key.
// Declared budget keys and the admin key are written as they are declared (a variable name or a
// SHA-256), never as the key a variable holds.
class ConfigWriter
{
public:
    static QByteArray toYaml(const GatewayConfig& config);

    // Where the key of a provider is kept in the secret store: "provider.<name>".
    static QString secretNameFor(const QString& providerName);

    // Replaces `path` atomically (a reader sees the old or the new file, never a mix).
    static Result<void> saveFile(const QString& path, const QByteArray& yaml);

    // "0.15" for 150000 micro-units: the exact decimal, as the loader reads it.
    static QString formatMicros(std::int64_t micros);
};

} // namespace tollgate

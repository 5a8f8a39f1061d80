#pragma once

#include "common/result.h"
#include "config/gatewayconfig.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace tollgate {

struct ConfigIssue
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    int line = 0;   // 1-based; 0 when the problem has no place in the file
    int column = 0; // 1-based
    QString message;

    // "FILE:LINE:COLUMN: error: message"
    QString format(const QString& fileName) const;
};

struct ConfigLoadResult
{
    std::shared_ptr<GatewayConfig> config; // null when any Error was found
    std::vector<ConfigIssue> issues;       // every problem found, in file order

    bool ok() const { return config != nullptr; }
};

// Parses and validates a YAML (or JSON) config document. Reports every problem, not just the
// first, each with its line. Environment lookups for "env:NAME" keys go through `env`
// (qEnvironmentVariable by default) so tests control them; "secret:NAME" keys go through
// `secrets` (SecretStore::lookup(); without one, each such key gets a warning and stays unresolved).
class ConfigLoader
{
public:
    using EnvLookup = std::function<QByteArray(const QString& name)>;
    // The secret, or an error saying why there is none (never containing a secret).
    using SecretLookup = std::function<Result<QByteArray>(const QString& name)>;

    static ConfigLoadResult loadFile(const QString& path, EnvLookup env = {}, SecretLookup secrets = {});
    static ConfigLoadResult loadText(const QByteArray& yaml, EnvLookup env = {}, SecretLookup secrets = {});
};

} // namespace tollgate

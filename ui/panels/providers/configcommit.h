#pragma once

#include "common/result.h"
#include "config/configloader.h"
#include "config/gatewayconfig.h"

#include <QStringList>

namespace tollgate {
class SecretStore;
}

namespace tollgate::ui {

// What the providers and routes editors share: one way to validate a candidate configuration
// (the loader's own rules, by writing it and loading it back) and one way to commit it.

// The loader's errors for a candidate, without reading any key (every env:/secret: lookup
// answers), so typing never touches the keychain. Empty: valid.
QStringList candidateErrors(const GatewayConfig& candidate);

// Moves literal keys into `store` (as secret:provider.NAME) and returns the YAML to save or export.
// Fails when a literal key exists and there is no store to move it to.
Result<QByteArray> yamlForExport(GatewayConfig candidate, SecretStore* store);

// Commits a candidate: yamlForExport(), the file at `configPath` replaced (when not empty), and
// the text loaded back with the real environment and secret store into the snapshot for the
// running gateway. Errors are the loader's messages or the file's, never a key.
Result<ConfigSnapshot> commitConfig(const GatewayConfig& candidate, SecretStore* store,
                                    const QString& configPath);

// candidateErrors() first (nothing is written when there are any, and they come back as one
// message, a line each), then commitConfig(): for panels that edit one section and save at once.
Result<ConfigSnapshot> checkAndCommit(const GatewayConfig& candidate, SecretStore* store, const QString& configPath);

// The lookups a running gateway uses: the process environment and the store (none: unresolved).
ConfigLoader::SecretLookup secretLookupFor(SecretStore* store);

} // namespace tollgate::ui

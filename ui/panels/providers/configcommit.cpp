#include "panels/providers/configcommit.h"

#include "config/configwriter.h"
#include "secrets/secretstore.h"

#include <QCoreApplication>

namespace tollgate::ui {

namespace {

// The translation context of this file's messages (lupdate reads the macro).
class ConfigCommitText
{
    Q_DECLARE_TR_FUNCTIONS(tollgate::ui::ConfigCommit)
};

QStringList errorsOf(const std::vector<ConfigIssue>& issues)
{
    QStringList errors;
    for (const ConfigIssue& issue : issues) {
        if (issue.severity == ConfigIssue::Severity::Error)
            errors << issue.message;
    }
    return errors;
}

} // namespace

QStringList candidateErrors(const GatewayConfig& candidate)
{
    const QByteArray yaml = ConfigWriter::toYaml(candidate);
    const ConfigLoadResult result = ConfigLoader::loadText(
        yaml, [](const QString&) { return QByteArray("x"); },
        [](const QString&) -> Result<QByteArray> { return QByteArray("x"); });
    return errorsOf(result.issues);
}

ConfigLoader::SecretLookup secretLookupFor(SecretStore* store)
{
    if (!store)
        return {};
    return store->lookup();
}

Result<QByteArray> yamlForExport(GatewayConfig candidate, SecretStore* store)
{
    for (ProviderConfig& p : candidate.providers) {
        if (p.apiKey.source != SecretRef::Source::Literal)
            continue;
        if (!store) {
            return makeError(
                ConfigCommitText::tr("Provider '%1' has its key written in the config; there is no secret store to "
                   "move it to")
                    .arg(p.name));
        }
        const QString name = ConfigWriter::secretNameFor(p.name);
        const Result<void> stored = store->write(name, p.apiKey.value);
        if (!stored)
            return stored.error();
        p.apiKey.source = SecretRef::Source::Secret;
        p.apiKey.secretName = name;
    }
    return ConfigWriter::toYaml(candidate);
}

Result<ConfigSnapshot> commitConfig(const GatewayConfig& candidate, SecretStore* store,
                                    const QString& configPath)
{
    Result<QByteArray> yaml = yamlForExport(candidate, store);
    if (!yaml)
        return yaml.error();
    ConfigLoadResult loaded = ConfigLoader::loadText(*yaml, {}, secretLookupFor(store));
    if (!loaded.ok())
        return makeError(errorsOf(loaded.issues).join(QLatin1Char('\n')));
    if (!configPath.isEmpty()) {
        const Result<void> saved = ConfigWriter::saveFile(configPath, *yaml);
        if (!saved)
            return saved.error();
    }
    return ConfigSnapshot(std::move(loaded.config));
}

Result<ConfigSnapshot> checkAndCommit(const GatewayConfig& candidate, SecretStore* store, const QString& configPath)
{
    const QStringList errors = candidateErrors(candidate);
    if (!errors.isEmpty())
        return makeError(errors.join(QLatin1Char('\n')));
    return commitConfig(candidate, store, configPath);
}

} // namespace tollgate::ui

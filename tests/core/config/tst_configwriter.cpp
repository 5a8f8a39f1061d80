// ConfigWriter: every config it writes loads back through ConfigLoader to an equal config, and api
// keys leave only as references (env:NAME, secret:NAME), never as the key.
#include "config/configloader.h"
#include "config/configwriter.h"

#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

namespace {

ConfigLoader::EnvLookup envFrom(QHash<QString, QByteArray> vars)
{
    return [vars](const QString& name) { return vars.value(name); };
}

ConfigLoader::SecretLookup secretsFrom(QHash<QString, QByteArray> secrets)
{
    return [secrets](const QString& name) -> Result<QByteArray> {
        if (!secrets.contains(name))
            return makeError(QStringLiteral("no secret named %1").arg(name));
        return secrets.value(name);
    };
}

QString describeIssues(const std::vector<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& issue : issues)
        lines << issue.format(QStringLiteral("test.yaml"));
    return lines.join(QLatin1Char('\n'));
}

QString sourceDir()
{
    const QString dir = qEnvironmentVariable("TOLLGATE_SOURCE_DIR");
    return dir.isEmpty() ? QStringLiteral(TOLLGATE_SOURCE_DIR_FALLBACK) : dir;
}

// Field by field, so a field the writer forgets shows up by name. Secrets compare by where they
// come from; the resolved value of a literal moves to the secret store (see roundTrip()).
QString difference(const GatewayConfig& a, const GatewayConfig& b)
{
#define TG_SAME(x, y, what)                                                                                  \
    if (!((x) == (y)))                                                                                       \
        return QStringLiteral(what);
    TG_SAME(a.server.listenHost, b.server.listenHost, "server.listen host");
    TG_SAME(a.server.listenPort, b.server.listenPort, "server.listen port");
    TG_SAME(a.server.workers, b.server.workers, "server.workers");
    TG_SAME(a.server.busyPollUs, b.server.busyPollUs, "server.busy_poll_us");
    TG_SAME(a.server.drainTimeoutMs, b.server.drainTimeoutMs, "server.drain_timeout_ms");
    TG_SAME(a.server.requestLogRetentionDays, b.server.requestLogRetentionDays,
            "server.request_log_retention_days");
    TG_SAME(a.server.allowedOrigins, b.server.allowedOrigins, "server.allowed_origins");
    TG_SAME(a.server.allowedHosts, b.server.allowedHosts, "server.allowed_hosts");
    TG_SAME(a.server.limits.maxBodyBytes, b.server.limits.maxBodyBytes, "max_body_bytes");
    TG_SAME(a.server.limits.maxHeaderBytes, b.server.limits.maxHeaderBytes, "max_header_bytes");
    TG_SAME(a.server.limits.headerTimeoutMs, b.server.limits.headerTimeoutMs, "header_timeout_ms");
    TG_SAME(a.server.limits.bodyTimeoutMs, b.server.limits.bodyTimeoutMs, "body_timeout_ms");
    TG_SAME(a.server.limits.idleTimeoutMs, b.server.limits.idleTimeoutMs, "idle_timeout_ms");
    TG_SAME(a.server.limits.maxConnections, b.server.limits.maxConnections, "max_connections");
    TG_SAME(a.providers.size(), b.providers.size(), "provider count");
    for (std::size_t i = 0; i < a.providers.size(); ++i) {
        const ProviderConfig& p = a.providers[i];
        const ProviderConfig& q = b.providers[i];
        TG_SAME(p.name, q.name, "provider name");
        TG_SAME(p.kind, q.kind, "provider kind");
        TG_SAME(p.baseUrl, q.baseUrl, "base_url");
        TG_SAME(p.region, q.region, "region");
        TG_SAME(p.apiVersion, q.apiVersion, "api_version");
        TG_SAME(p.caFile, q.caFile, "ca_file");
        TG_SAME(p.timeouts.connectMs, q.timeouts.connectMs, "connect_ms");
        TG_SAME(p.timeouts.firstByteMs, q.timeouts.firstByteMs, "first_byte_ms");
        TG_SAME(p.timeouts.idleMs, q.timeouts.idleMs, "idle_ms");
        TG_SAME(p.timeouts.totalMs, q.timeouts.totalMs, "total_ms");
        TG_SAME(p.apiKey.value, q.apiKey.value, "resolved api key");
        if (p.apiKey.source == SecretRef::Source::Literal) {
            TG_SAME(q.apiKey.source, SecretRef::Source::Secret, "literal key becomes a secret ref");
            TG_SAME(q.apiKey.secretName, ConfigWriter::secretNameFor(p.name), "literal key's secret name");
        } else {
            TG_SAME(p.apiKey.source, q.apiKey.source, "api key source");
            TG_SAME(p.apiKey.envName, q.apiKey.envName, "api key env name");
            TG_SAME(p.apiKey.secretName, q.apiKey.secretName, "api key secret name");
        }
        TG_SAME(p.models.size(), q.models.size(), "model count");
        for (std::size_t j = 0; j < p.models.size(); ++j) {
            const ModelConfig& m = p.models[j];
            const ModelConfig& n = q.models[j];
            TG_SAME(m.name, n.name, "model name");
            TG_SAME(m.embeddings, n.embeddings, "model type");
            TG_SAME(m.price.inputPerMillionMicros, n.price.inputPerMillionMicros, "input price");
            TG_SAME(m.price.outputPerMillionMicros, n.price.outputPerMillionMicros, "output price");
            TG_SAME(m.price.cachedInputPerMillionMicros, n.price.cachedInputPerMillionMicros,
                    "cached input price");
            TG_SAME(m.price.cacheWritePerMillionMicros, n.price.cacheWritePerMillionMicros,
                    "cache write price");
            TG_SAME(m.price.currency, n.price.currency, "currency");
        }
    }
    TG_SAME(a.routes.size(), b.routes.size(), "route count");
    for (std::size_t i = 0; i < a.routes.size(); ++i) {
        TG_SAME(a.routes[i].alias, b.routes[i].alias, "alias");
        TG_SAME(int(a.routes[i].strategy), int(b.routes[i].strategy), "strategy");
        TG_SAME(a.routes[i].targets.size(), b.routes[i].targets.size(), "target count");
        for (std::size_t j = 0; j < a.routes[i].targets.size(); ++j) {
            TG_SAME(a.routes[i].targets[j].provider, b.routes[i].targets[j].provider, "target provider");
            TG_SAME(a.routes[i].targets[j].model, b.routes[i].targets[j].model, "target model");
            TG_SAME(a.routes[i].targets[j].weight, b.routes[i].targets[j].weight, "target weight");
        }
    }
#undef TG_SAME
    return {};
}

const QHash<QString, QByteArray> kEnv{{QStringLiteral("OPENAI_API_KEY"), "sk-env-openai-0000001"},
                                      {QStringLiteral("EU_VLLM_KEY"), "eu-env-key-0000002"}};

QByteArray docsExample()
{
    QFile f(sourceDir() + QStringLiteral("/docs/config.md"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString doc = QString::fromUtf8(f.readAll());
    const qsizetype start = doc.indexOf(QLatin1String("```yaml\n")) + 8;
    const qsizetype end = doc.indexOf(QLatin1String("\n```"), start);
    return doc.mid(start, end - start + 1).toUtf8();
}

QByteArray fileText(const QString& relative)
{
    QFile f(sourceDir() + relative);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestConfigWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void literalKey_isWrittenAsSecretRefNeverAsTheKey();
    void envAndSecretRefs_areKeptAsTheyAre();
    void specialWords_areQuoted();
    void prices_formatExactly_data();
    void prices_formatExactly();
    void saveFile_replacesTheFile();
    void saveFile_unwritablePath_isAnError();
};

void TestConfigWriter::roundTrip_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("docs example") << docsExample();
    QTest::newRow("shipped default") << fileText(QStringLiteral("/resources/config/default.yaml"));
    // The full example of tst_configloader, with every key it knows.
    QTest::newRow("loader full example") << QByteArray(
        "server:\n  listen: 0.0.0.0:8080\n  max_body_bytes: 1MiB\n  max_header_bytes: 16384\n"
        "  header_timeout_ms: 1500\n  body_timeout_ms: 2500\n  idle_timeout_ms: 3500\n  max_connections: 77\n"
        "  drain_timeout_ms: 0\n  request_log_retention_days: 0\n  allowed_origins: [\"*\", "
        "\"https://app.example.com\", \"null\"]\n"
        "  allowed_hosts: [gateway.internal, \"[::1]:4000\"]\n"
        "providers:\n  - name: openai\n    kind: openai\n    base_url: https://api.openai.com/v1/\n"
        "    region: us\n    api_key: env:OPENAI_API_KEY\n"
        "    timeouts: {connect_ms: 1000, first_byte_ms: 2000, idle_ms: 3000, total_ms: 4000}\n"
        "    models:\n      - name: gpt-4o-mini\n        input_per_million: 0.15\n        "
        "output_per_million: 0.60\n"
        "        cached_input_per_million: 0.075\n        currency: USD\n"
        "      - name: text-embedding-3-small\n        type: embeddings\n        input_per_million: 0.02\n"
        "  - name: eu_vllm-2\n    kind: openai-compatible\n    base_url: http://10.1.2.3:8000/v1\n    "
        "region: eu\n"
        "    api_key: local-static-token-123\n    models:\n      - name: meta-llama/Llama-3.1-8B\n"
        "        input_per_million: 1234.567891\n        output_per_million: 7\n        currency: EUR\n"
        "routes:\n  - alias: chat-default\n    targets:\n      - eu_vllm-2/meta-llama/Llama-3.1-8B\n"
        "      - {provider: openai, model: gpt-4o-mini}\n      - openai/gpt-4o-mini\n"
        "  - alias: embed\n    targets: [openai/text-embedding-3-small]\n");
    QTest::newRow("weights, secrets, azure, ipv6, workers") << QByteArray(
        "server:\n  listen: \"[::1]:0\"\n  workers: 3\n  busy_poll_us: 40\n  max_body_bytes: 1000\n"
        "providers:\n  - name: az\n    kind: azure-openai\n    base_url: https://x.openai.azure.com\n"
        "    region: eu\n    api_key: secret:provider.az\n    api_version: 2025-01-01-preview\n"
        "    models:\n      - name: dep-1\n        input_per_million: 0\n        output_per_million: "
        "0.000001\n"
        "        cache_write_per_million: 3.75\n        currency: INR\n"
        "  - name: claude\n    kind: anthropic\n    base_url: https://api.anthropic.com/v1\n    region: us\n"
        "    api_key: secret:claude-key\n    models:\n      - name: \"yes\"\n      - name: \"null\"\n"
        "      - name: \"a:b#c\"\n"
        "routes:\n  - alias: mix\n    strategy: weighted\n    targets:\n      - {provider: az, model: dep-1, weight: 7}\n"
        "      - claude/yes\n      - {provider: claude, model: \"null\", weight: 1000}\n"
        "      - {provider: claude, model: \"a:b#c\", weight: 2}\n"
        "  - alias: \"on\"\n    targets: [az/dep-1]\n");
    QTest::newRow("no routes") << QByteArray(
        "providers:\n  - name: local\n    kind: openai-compatible\n    base_url: http://127.0.0.1:11434/v1\n"
        "    region: local\n    models:\n      - name: llama3.2\n");
}

void TestConfigWriter::roundTrip()
{
    QFETCH(QByteArray, yaml);
    QVERIFY(!yaml.isEmpty());
    const auto secrets = secretsFrom({{QStringLiteral("provider.az"), "az-secret-1"},
                                      {QStringLiteral("claude-key"), "claude-secret-2"},
                                      {QStringLiteral("provider.eu_vllm-2"), "local-static-token-123"}});
    const ConfigLoadResult first = ConfigLoader::loadText(yaml, envFrom(kEnv), secrets);
    QVERIFY2(first.ok(), qPrintable(describeIssues(first.issues)));
    const QByteArray written = ConfigWriter::toYaml(*first.config);
    const ConfigLoadResult second = ConfigLoader::loadText(written, envFrom(kEnv), secrets);
    QVERIFY2(second.ok(),
             qPrintable(describeIssues(second.issues) + QLatin1Char('\n') + QString::fromUtf8(written)));
    const QString diff = difference(*first.config, *second.config);
    QVERIFY2(diff.isEmpty(),
             qPrintable(diff + QStringLiteral(" differs in:\n") + QString::fromUtf8(written)));
    // Writing is stable: the second config writes the same text.
    QCOMPARE(QString::fromUtf8(ConfigWriter::toYaml(*second.config)), QString::fromUtf8(written));
    // No resolved key is ever in the text.
    for (const ProviderConfig& p : first.config->providers) {
        if (p.apiKey.resolved())
            QVERIFY2(!written.contains(p.apiKey.value), qPrintable(p.name));
    }
}

void TestConfigWriter::literalKey_isWrittenAsSecretRefNeverAsTheKey()
{
    const QByteArray yaml = "providers:\n  - name: local\n    kind: openai-compatible\n"
                            "    base_url: http://127.0.0.1:8000/v1\n    region: local\n"
                            "    api_key: literal-key-do-not-export-42\n    models:\n      - name: m\n";
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml, envFrom({}));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->providers[0].apiKey.source, SecretRef::Source::Literal);
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    QVERIFY(!written.contains("literal-key-do-not-export-42"));
    QVERIFY(!written.contains("literal-key"));
    QVERIFY2(written.contains("api_key: \"secret:provider.local\""), written.constData());
    // With the literal moved to the store under that name, the written file resolves to it again.
    const ConfigLoadResult again = ConfigLoader::loadText(
        written, envFrom({}),
        secretsFrom({{QStringLiteral("provider.local"), "literal-key-do-not-export-42"}}));
    QVERIFY2(again.ok(), qPrintable(describeIssues(again.issues)));
    QCOMPARE(again.config->providers[0].apiKey.value, QByteArray("literal-key-do-not-export-42"));
    QCOMPARE(again.config->providers[0].apiKey.describe(), QStringLiteral("secret:provider.local"));
}

void TestConfigWriter::envAndSecretRefs_areKeptAsTheyAre()
{
    const QByteArray yaml = "providers:\n  - name: a\n    kind: openai\n    base_url: https://a.example/v1\n"
                            "    region: us\n    api_key: env:A_KEY\n    models: [{name: m}]\n"
                            "  - name: b\n    kind: openai\n    base_url: https://b.example/v1\n"
                            "    region: us\n    api_key: secret:team.b\n    models: [{name: m}]\n"
                            "  - name: c\n    kind: openai\n    base_url: https://c.example/v1\n"
                            "    region: us\n    models: [{name: m}]\n";
    const ConfigLoadResult loaded =
        ConfigLoader::loadText(yaml, envFrom({{QStringLiteral("A_KEY"), "env-secret-a"}}),
                               secretsFrom({{QStringLiteral("team.b"), "store-secret-b"}}));
    QVERIFY2(loaded.ok(), qPrintable(describeIssues(loaded.issues)));
    QCOMPARE(loaded.config->providers[1].apiKey.value, QByteArray("store-secret-b"));
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    QVERIFY(written.contains("api_key: \"env:A_KEY\"\n"));
    QVERIFY(written.contains("api_key: \"secret:team.b\"\n"));
    QCOMPARE(written.count("    api_key: "), 2); // provider c has none, and gets none
    QVERIFY(!written.contains("env-secret-a"));
    QVERIFY(!written.contains("store-secret-b"));

    // A secret that is not in the store is a warning with its line, and the key stays unresolved.
    const ConfigLoadResult missing =
        ConfigLoader::loadText(written, envFrom({{QStringLiteral("A_KEY"), "x"}}), secretsFrom({}));
    QVERIFY(missing.ok());
    QCOMPARE(missing.issues.size(), std::size_t(1));
    QCOMPARE(missing.issues[0].severity, ConfigIssue::Severity::Warning);
    QVERIFY(missing.issues[0].line > 0);
    QVERIFY(missing.issues[0].message.contains(QLatin1String("team.b")));
    QVERIFY(!missing.config->providers[1].apiKey.resolved());
}

void TestConfigWriter::specialWords_areQuoted()
{
    GatewayConfig c;
    ProviderConfig p;
    p.name = QStringLiteral("p");
    p.kind = QStringLiteral("openai");
    p.baseUrl = QStringLiteral("https://p.example/v1");
    p.region = QStringLiteral("no");
    for (const char* name : {"true", "No", "~x", "a \"quoted\" \\ name", "-dash", "#hash", "x: y"}) {
        ModelConfig m;
        m.name = QString::fromLatin1(name);
        p.models.push_back(m);
    }
    c.providers.push_back(p);
    const ConfigLoadResult loaded = ConfigLoader::loadText(ConfigWriter::toYaml(c), envFrom({}));
    // Model names with spaces are refused by the loader; everything else must come back unchanged.
    QVERIFY(!loaded.ok());
    for (const ConfigIssue& issue : loaded.issues) {
        if (issue.severity == ConfigIssue::Severity::Error)
            QVERIFY2(issue.message.contains(QLatin1String("must not contain spaces")),
                     qPrintable(issue.message));
    }
    c.providers[0].models.erase(c.providers[0].models.begin() + 3);
    c.providers[0].models.pop_back();
    const ConfigLoadResult ok = ConfigLoader::loadText(ConfigWriter::toYaml(c), envFrom({}));
    QVERIFY2(ok.ok(), qPrintable(describeIssues(ok.issues)));
    QCOMPARE(ok.config->providers[0].region, QStringLiteral("no"));
    QStringList names;
    for (const ModelConfig& m : ok.config->providers[0].models)
        names << m.name;
    QCOMPARE(names, (QStringList{"true", "No", "~x", "-dash", "#hash"}));
}

void TestConfigWriter::prices_formatExactly_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << "0";
    QTest::newRow("one micro") << qint64(1) << "0.000001";
    QTest::newRow("0.15") << qint64(150'000) << "0.15";
    QTest::newRow("whole") << qint64(7'000'000) << "7";
    QTest::newRow("many digits") << qint64(1'234'567'891) << "1234.567891";
}

void TestConfigWriter::prices_formatExactly()
{
    QFETCH(qint64, micros);
    QFETCH(QString, text);
    QCOMPARE(ConfigWriter::formatMicros(micros), text);
}

void TestConfigWriter::saveFile_replacesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/tollgate.yaml"));
    QVERIFY(ConfigWriter::saveFile(path, "first\n").ok());
    QVERIFY(ConfigWriter::saveFile(path, "second\n").ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("second\n"));
    QCOMPARE(QDir(dir.filePath(QStringLiteral("sub"))).entryList(QDir::Files).size(), 1); // no temp left
}

void TestConfigWriter::saveFile_unwritablePath_isAnError()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Result<void> result = ConfigWriter::saveFile(dir.filePath(QStringLiteral("file/c.yaml")), "x");
    QVERIFY(!result.ok());
    QVERIFY(!result.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestConfigWriter)
#include "tst_configwriter.moc"

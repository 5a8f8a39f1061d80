#include "config/configloader.h"
#include "config/gatewayconfig.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>

using namespace tollgate;

namespace {

// Joins lines with '\n' so that a test can name the line of a problem by its index + 1.
QByteArray yaml(std::initializer_list<const char*> lines)
{
    QByteArray text;
    for (const char* line : lines) {
        text += line;
        text += '\n';
    }
    return text;
}

ConfigLoader::EnvLookup envFrom(QHash<QString, QByteArray> vars)
{
    return [vars](const QString& name) { return vars.value(name); };
}

ConfigLoader::EnvLookup noEnv()
{
    return [](const QString&) { return QByteArray(); };
}

QString describeIssues(const std::vector<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& issue : issues)
        lines << issue.format(QStringLiteral("test.yaml"));
    return lines.join(QLatin1Char('\n'));
}

int countErrors(const std::vector<ConfigIssue>& issues)
{
    return int(std::count_if(issues.begin(), issues.end(), [](const ConfigIssue& i) {
        return i.severity == ConfigIssue::Severity::Error;
    }));
}

// A small valid config that error cases extend.
const char* const kProviderHead[] = {
    "providers:",                              // 1
    "  - name: openai",                        // 2
    "    kind: openai",                        // 3
    "    base_url: https://api.openai.com/v1", // 4
    "    region: us",                          // 5
    "    models:",                             // 6
    "      - name: gpt-4o-mini",               // 7
};

QString sourceDir()
{
    const QString dir = qEnvironmentVariable("TOLLGATE_SOURCE_DIR");
    return dir.isEmpty() ? QStringLiteral(TOLLGATE_SOURCE_DIR_FALLBACK) : dir;
}

} // namespace

class TestConfigLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullExample_loadsExactValues();
    void defaults_whenOptionalKeysAreOmitted();
    void jsonConfig_loads();
    void prices_areExactMicros_data();
    void prices_areExactMicros();
    void sizes_acceptUnits_data();
    void sizes_acceptUnits();
    void listen_acceptsIpv4Ipv6AndLocalhost_data();
    void listen_acceptsIpv4Ipv6AndLocalhost();
    void error_isReportedWithLine_data();
    void error_isReportedWithLine();
    void severalErrors_allReportedInFileOrder();
    void envKey_resolvedThroughLookup();
    void envKey_unsetOrEmpty_isWarningNotError_data();
    void envKey_unsetOrEmpty_isWarningNotError();
    void literalKey_neverAppearsInMessages();
    void noProviders_isAWarning();
    void secretRef_describe();
    void missingFile_isOneErrorWithoutLine();
    void loadFile_readsFromDisk();
    void issueFormat();
    void deepNesting_isAnErrorNotACrash();
    void lookups();
    void shippedDefaultConfig_loadsWithoutErrors();
    void docsExample_loadsWithoutErrors();
};

void TestConfigLoader::fullExample_loadsExactValues()
{
    const QByteArray text = yaml({
        "server:",
        "  listen: 0.0.0.0:8080",
        "  max_body_bytes: 1MiB",
        "  max_header_bytes: 16384",
        "  header_timeout_ms: 1500",
        "  body_timeout_ms: 2500",
        "  idle_timeout_ms: 3500",
        "  max_connections: 77",
        "  busy_poll_us: 80",
        "  drain_timeout_ms: 4500",
        "  request_log_retention_days: 14",
        "  allowed_origins: [\"https://App.example.com\", \"http://localhost:5173\", \"tauri://localhost\", "
        "\"null\"]",
        "  allowed_hosts: [gateway.internal, \"GW.example:8443\", \"[fd00::1]\"]",
        "providers:",
        "  - name: openai",
        "    kind: openai",
        "    base_url: https://api.openai.com/v1/",
        "    region: us",
        "    api_key: env:OPENAI_API_KEY",
        "    timeouts: {connect_ms: 1000, first_byte_ms: 2000, idle_ms: 3000, total_ms: 4000}",
        "    models:",
        "      - name: gpt-4o-mini",
        "        input_per_million: 0.15",
        "        output_per_million: 0.60",
        "        cached_input_per_million: 0.075",
        "        currency: USD",
        "      - name: text-embedding-3-small",
        "        type: embeddings",
        "        input_per_million: 0.02",
        "  - name: eu_vllm-2",
        "    kind: openai-compatible",
        "    base_url: http://10.1.2.3:8000/v1",
        "    region: eu",
        "    api_key: local-static-token-123",
        "    models:",
        "      - name: meta-llama/Llama-3.1-8B",
        "        input_per_million: 1234.567891",
        "        output_per_million: 7",
        "        currency: EUR",
        "routes:",
        "  - alias: chat-default",
        "    targets:",
        "      - eu_vllm-2/meta-llama/Llama-3.1-8B",
        "      - {provider: openai, model: gpt-4o-mini}",
        "      - openai/gpt-4o-mini",
        "  - alias: embed",
        "    targets: [openai/text-embedding-3-small]",
    });

    const ConfigLoadResult result =
        ConfigLoader::loadText(text, envFrom({{QStringLiteral("OPENAI_API_KEY"), "sk-test-123456789"}}));
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QVERIFY2(result.issues.empty(), qPrintable(describeIssues(result.issues)));
    const GatewayConfig& c = *result.config;

    QCOMPARE(c.server.listenHost, QStringLiteral("0.0.0.0"));
    QCOMPARE(c.server.listenPort, quint16(8080));
    QCOMPARE(c.server.limits.maxBodyBytes, std::int64_t(1024 * 1024));
    QCOMPARE(c.server.limits.maxHeaderBytes, std::int64_t(16384));
    QCOMPARE(c.server.limits.headerTimeoutMs, 1500);
    QCOMPARE(c.server.limits.bodyTimeoutMs, 2500);
    QCOMPARE(c.server.limits.idleTimeoutMs, 3500);
    QCOMPARE(c.server.limits.maxConnections, 77);
    QCOMPARE(c.server.busyPollUs, 80);
    QCOMPARE(c.server.drainTimeoutMs, 4500);
    QCOMPARE(c.server.requestLogRetentionDays, 14);
    QCOMPARE(c.server.allowedOrigins,
             (QStringList{"https://app.example.com", "http://localhost:5173", "tauri://localhost", "null"}));
    QCOMPARE(c.server.allowedHosts, (QStringList{"gateway.internal", "gw.example:8443", "[fd00::1]"}));

    QCOMPARE(c.providers.size(), std::size_t(2));
    const ProviderConfig& openai = c.providers[0];
    QCOMPARE(openai.name, QStringLiteral("openai"));
    QCOMPARE(openai.kind, QStringLiteral("openai"));
    QCOMPARE(openai.baseUrl, QStringLiteral("https://api.openai.com/v1")); // trailing '/' removed
    QCOMPARE(openai.region, QStringLiteral("us"));
    QCOMPARE(openai.apiKey.source, SecretRef::Source::Env);
    QCOMPARE(openai.apiKey.envName, QStringLiteral("OPENAI_API_KEY"));
    QCOMPARE(openai.apiKey.value, QByteArray("sk-test-123456789"));
    QCOMPARE(openai.timeouts.connectMs, 1000);
    QCOMPARE(openai.timeouts.firstByteMs, 2000);
    QCOMPARE(openai.timeouts.idleMs, 3000);
    QCOMPARE(openai.timeouts.totalMs, 4000);
    QCOMPARE(openai.models.size(), std::size_t(2));
    QCOMPARE(openai.models[0].name, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(openai.models[0].embeddings, false);
    QCOMPARE(openai.models[0].price.inputPerMillionMicros, std::int64_t(150'000));
    QCOMPARE(openai.models[0].price.outputPerMillionMicros, std::int64_t(600'000));
    QCOMPARE(openai.models[0].price.cachedInputPerMillionMicros, std::int64_t(75'000));
    QCOMPARE(openai.models[0].price.cacheWritePerMillionMicros, std::int64_t(-1)); // unset: the input price
    QCOMPARE(QByteArray(openai.models[0].price.currency.data(), 3), QByteArray("USD"));
    QCOMPARE(openai.models[1].name, QStringLiteral("text-embedding-3-small"));
    QCOMPARE(openai.models[1].embeddings, true);
    QCOMPARE(openai.models[1].price.inputPerMillionMicros, std::int64_t(20'000));
    QCOMPARE(openai.models[1].price.outputPerMillionMicros, std::int64_t(0));

    const ProviderConfig& eu = c.providers[1];
    QCOMPARE(eu.name, QStringLiteral("eu_vllm-2"));
    QCOMPARE(eu.kind, QStringLiteral("openai-compatible"));
    QCOMPARE(eu.baseUrl, QStringLiteral("http://10.1.2.3:8000/v1"));
    QCOMPARE(eu.region, QStringLiteral("eu"));
    QCOMPARE(eu.apiKey.source, SecretRef::Source::Literal);
    QCOMPARE(eu.apiKey.value, QByteArray("local-static-token-123"));
    QCOMPARE(eu.timeouts.connectMs, 10'000); // defaults where the block is omitted
    QCOMPARE(eu.timeouts.totalMs, 600'000);
    QCOMPARE(eu.models.size(), std::size_t(1));
    QCOMPARE(eu.models[0].name, QStringLiteral("meta-llama/Llama-3.1-8B"));
    QCOMPARE(eu.models[0].price.inputPerMillionMicros, std::int64_t(1'234'567'891));
    QCOMPARE(eu.models[0].price.outputPerMillionMicros, std::int64_t(7'000'000));
    QCOMPARE(QByteArray(eu.models[0].price.currency.data(), 3), QByteArray("EUR"));

    QCOMPARE(c.routes.size(), std::size_t(2));
    const RouteConfig& chat = c.routes[0];
    QCOMPARE(chat.alias, QStringLiteral("chat-default"));
    QCOMPARE(chat.targets.size(), std::size_t(3));
    QCOMPARE(chat.targets[0].provider, QStringLiteral("eu_vllm-2"));
    QCOMPARE(chat.targets[0].model, QStringLiteral("meta-llama/Llama-3.1-8B"));
    QCOMPARE(chat.targets[1].provider, QStringLiteral("openai"));
    QCOMPARE(chat.targets[1].model, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(chat.targets[2].provider, QStringLiteral("openai"));
    QCOMPARE(chat.targets[2].model, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(c.routes[1].alias, QStringLiteral("embed"));
    QCOMPARE(c.routes[1].targets.size(), std::size_t(1));
    QCOMPARE(c.routes[1].targets[0].model, QStringLiteral("text-embedding-3-small"));
}

void TestConfigLoader::defaults_whenOptionalKeysAreOmitted()
{
    QByteArray text;
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    const GatewayConfig& c = *result.config;
    const http::ServerLimits defaults;
    QCOMPARE(c.server.listenHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.server.listenPort, quint16(4000));
    QCOMPARE(c.server.limits.maxBodyBytes, defaults.maxBodyBytes);
    QCOMPARE(c.server.limits.maxHeaderBytes, defaults.maxHeaderBytes);
    QCOMPARE(c.server.limits.maxConnections, defaults.maxConnections);
    QCOMPARE(c.server.busyPollUs, 50);
    QCOMPARE(c.server.requestLogRetentionDays, 90);
    QCOMPARE(c.providers[0].apiKey.source, SecretRef::Source::None);
    QCOMPARE(c.providers[0].models[0].price.inputPerMillionMicros, std::int64_t(0));
    QCOMPARE(QByteArray(c.providers[0].models[0].price.currency.data(), 3), QByteArray("USD"));
    QVERIFY(c.routes.empty());
}

void TestConfigLoader::jsonConfig_loads()
{
    const QByteArray json = R"({
  "server": {"listen": "127.0.0.1:4100", "max_body_bytes": 1048576},
  "providers": [
    {"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "region": "us",
     "api_key": "env:OPENAI_API_KEY",
     "models": [{"name": "gpt-4o-mini", "input_per_million": 0.15, "output_per_million": 0.6}]}
  ],
  "routes": [
    {"alias": "chat", "targets": ["openai/gpt-4o-mini", {"provider": "openai", "model": "gpt-4o-mini"}]}
  ]
})";
    const ConfigLoadResult result =
        ConfigLoader::loadText(json, envFrom({{QStringLiteral("OPENAI_API_KEY"), "sk-json"}}));
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QVERIFY2(result.issues.empty(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(result.config->server.listenPort, quint16(4100));
    QCOMPARE(result.config->server.limits.maxBodyBytes, std::int64_t(1048576));
    QCOMPARE(result.config->providers[0].models[0].price.inputPerMillionMicros, std::int64_t(150'000));
    QCOMPARE(result.config->providers[0].models[0].price.outputPerMillionMicros, std::int64_t(600'000));
    QCOMPARE(result.config->routes[0].targets.size(), std::size_t(2));

    // A JSON typo is found at its place too (line 2 of the document); the empty provider list
    // on line 1 is only a warning.
    const QByteArray bad = "{\"providers\": [],\n \"rotes\": []}";
    const ConfigLoadResult badResult = ConfigLoader::loadText(bad, noEnv());
    QVERIFY(!badResult.ok());
    QCOMPARE(badResult.issues.size(), std::size_t(2));
    QCOMPARE(badResult.issues.at(0).severity, ConfigIssue::Severity::Warning);
    QCOMPARE(badResult.issues.at(1).severity, ConfigIssue::Severity::Error);
    QCOMPARE(badResult.issues.at(1).line, 2);
    QCOMPARE(badResult.issues.at(1).column, 2); // the opening quote
    QVERIFY(badResult.issues.at(1).message.contains(QLatin1String("'routes'")));
}

void TestConfigLoader::prices_areExactMicros_data()
{
    QTest::addColumn<QByteArray>("price");
    QTest::addColumn<qint64>("micros");
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("0.15") << QByteArray("0.15") << qint64(150'000);
    QTest::newRow("0.60") << QByteArray("0.60") << qint64(600'000);
    QTest::newRow("0.1 (inexact as a double)") << QByteArray("0.1") << qint64(100'000);
    QTest::newRow("one micro") << QByteArray("0.000001") << qint64(1);
    QTest::newRow("integer") << QByteArray("75") << qint64(75'000'000);
    QTest::newRow("six decimals") << QByteArray("1234.567891") << qint64(1'234'567'891);
    QTest::newRow("trailing zeros past six") << QByteArray("0.1500000") << qint64(150'000);
    QTest::newRow("quoted") << QByteArray("\"2.5\"") << qint64(2'500'000);
    QTest::newRow("0.29 (0.29*1e6 is 289999.99 as double)") << QByteArray("0.29") << qint64(290'000);
}

void TestConfigLoader::prices_areExactMicros()
{
    QFETCH(QByteArray, price);
    QFETCH(qint64, micros);
    QByteArray text;
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    text += "        input_per_million: " + price + "\n";
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(qint64(result.config->providers[0].models[0].price.inputPerMillionMicros), micros);
}

void TestConfigLoader::sizes_acceptUnits_data()
{
    QTest::addColumn<QByteArray>("size");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("plain") << QByteArray("65536") << qint64(65536);
    QTest::newRow("B") << QByteArray("100B") << qint64(100);
    QTest::newRow("KiB") << QByteArray("512KiB") << qint64(512 * 1024);
    QTest::newRow("MiB") << QByteArray("32MiB") << qint64(32 * 1024 * 1024);
    QTest::newRow("GiB") << QByteArray("1GiB") << qint64(1024LL * 1024 * 1024);
    QTest::newRow("MB") << QByteArray("2MB") << qint64(2'000'000);
    QTest::newRow("space before unit") << QByteArray("\"4 KiB\"") << qint64(4096);
}

void TestConfigLoader::sizes_acceptUnits()
{
    QFETCH(QByteArray, size);
    QFETCH(qint64, bytes);
    QByteArray text = "server:\n  max_body_bytes: " + size + "\n";
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(qint64(result.config->server.limits.maxBodyBytes), bytes);
}

void TestConfigLoader::listen_acceptsIpv4Ipv6AndLocalhost_data()
{
    QTest::addColumn<QByteArray>("listen");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << QByteArray("127.0.0.1:4000") << QStringLiteral("127.0.0.1") << 4000;
    QTest::newRow("any") << QByteArray("0.0.0.0:80") << QStringLiteral("0.0.0.0") << 80;
    QTest::newRow("ipv6 quoted") << QByteArray("\"[::1]:4001\"") << QStringLiteral("::1") << 4001;
    QTest::newRow("localhost") << QByteArray("localhost:65535") << QStringLiteral("127.0.0.1") << 65535;
    QTest::newRow("port 0 picks a free port")
        << QByteArray("127.0.0.1:0") << QStringLiteral("127.0.0.1") << 0;
}

void TestConfigLoader::listen_acceptsIpv4Ipv6AndLocalhost()
{
    QFETCH(QByteArray, listen);
    QFETCH(QString, host);
    QFETCH(int, port);
    QByteArray text = "server:\n  listen: " + listen + "\n";
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(result.config->server.listenHost, host);
    QCOMPARE(int(result.config->server.listenPort), port);
}

void TestConfigLoader::error_isReportedWithLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("pattern"); // a regular expression the message must match

    // Lines 1-7 are kProviderHead; rows append to it or replace one of its lines.
    const auto head = [](std::initializer_list<const char*> extra, int replaceLine = 0,
                         const char* replacement = nullptr) {
        QByteArray text;
        int n = 0;
        for (const char* line : kProviderHead) {
            ++n;
            if (n == replaceLine) {
                if (replacement)
                    text += QByteArray(replacement) + '\n';
                continue;
            }
            text += QByteArray(line) + '\n';
        }
        for (const char* line : extra)
            text += QByteArray(line) + '\n';
        return text;
    };

    QTest::newRow("syntax: unclosed flow list") << yaml({"providers:", "  - name: [a, b", "    kind: openai"})
                                                << 3 << 9 << QStringLiteral("YAML syntax error");
    QTest::newRow("syntax: bad indentation")
        << yaml({"server:", "  listen: 127.0.0.1:4000", " max_connections: 5"}) << 3 << 2
        << QStringLiteral("YAML syntax error");
    QTest::newRow("empty document") << QByteArray("# nothing\n") << 1 << 1 << QStringLiteral("empty");
    QTest::newRow("two documents") << head({"---", "routes: []"}) << 9 << 1
                                   << QStringLiteral("one YAML document");
    QTest::newRow("top level is a list")
        << yaml({"- a", "- b"}) << 1 << 1 << QStringLiteral("must be a mapping");

    QTest::newRow("unknown key: typo in provider")
        << head({}, 4, "    base_ulr: https://api.openai.com/v1") << 4 << 5
        << QStringLiteral("^Unknown key 'base_ulr' in provider 'openai'; did you mean 'base_url'\\?");
    QTest::newRow("unknown key: top level")
        << head({"rout:", "  - alias: x"}) << 8 << 1
        << QStringLiteral("Unknown key 'rout' at the top level; did you mean 'routes'");
    QTest::newRow("unknown key: server")
        << (QByteArray("server:\n  max_conections: 5\n") + head({})) << 2 << 3
        << QStringLiteral("Unknown key 'max_conections' in server; did you mean 'max_connections'");
    QTest::newRow("unknown key: model")
        << head({"        input_price: 1"}) << 8 << 9
        << QStringLiteral("Unknown key 'input_price' in model 'gpt-4o-mini' of provider 'openai'");
    QTest::newRow("unknown key: timeouts") << head({"    timeouts: {connect: 5}"}) << 8 << 16
                                           << QStringLiteral("Unknown key 'connect' in the timeouts");
    QTest::newRow("unknown key: no close match, no suggestion")
        << head({"    zzzzzzzz: 1"}) << 8 << 5
        << QStringLiteral("^Unknown key 'zzzzzzzz' in provider 'openai'$");
    QTest::newRow("duplicate key")
        << head({"    region: eu"}) << 8 << 5
        << QStringLiteral("Duplicate key 'region' in provider 'openai' \\(first at line 5\\)");

    QTest::newRow("wrong type: models is a string")
        << yaml({"providers:", "  - name: openai", "    kind: openai", "    base_url: https://x.example/v1",
                 "    region: us", "    models: gpt-4o-mini"})
        << 6 << 13 << QStringLiteral("'models' in provider 'openai' must be a list");
    QTest::newRow("wrong type: name is a mapping")
        << head({}, 2, "  - name: {a: b}") << 2 << 11
        << QStringLiteral("'name' .* must be a string, not a mapping");
    QTest::newRow("wrong type: server is a list")
        << (QByteArray("server: [1]\n") + head({})) << 1 << 9 << QStringLiteral("'server' must be a mapping");
    QTest::newRow("wrong type: providers is a mapping")
        << yaml({"providers:", "  openai: {}"}) << 2 << 3 << QStringLiteral("'providers' must be a list");
    QTest::newRow("wrong type: provider is a string")
        << yaml({"providers:", "  - openai"}) << 2 << 5 << QStringLiteral("Provider #1 must be a mapping");
    QTest::newRow("wrong type: targets is a string")
        << head({"routes:", "  - alias: a", "    targets: openai/gpt-4o-mini"}) << 10 << 14
        << QStringLiteral("'targets' in route 'a' must be a list");
    QTest::newRow("no value") << head({}, 5, "    region:") << 5 << 5
                              << QStringLiteral("Key 'region' in provider 'openai' has no value");

    QTest::newRow("missing: name") << head({}, 2, "  - kind: openai") << 2 << 5
                                   << QStringLiteral("Provider #1 is missing required key 'name'");
    QTest::newRow("missing: kind") << head({}, 3) << 2 << 5
                                   << QStringLiteral("Provider 'openai' is missing required key 'kind'");
    QTest::newRow("missing: base_url")
        << head({}, 4) << 2 << 5 << QStringLiteral("missing required key 'base_url'");
    QTest::newRow("missing: region") << head({}, 5) << 2 << 5
                                     << QStringLiteral("missing required key 'region'");
    QTest::newRow("missing: models") << yaml({"providers:", "  - name: openai", "    kind: openai",
                                              "    base_url: https://x.example/v1", "    region: us"})
                                     << 2 << 5 << QStringLiteral("missing required key 'models'");
    QTest::newRow("missing: model name")
        << head({"      - input_per_million: 1"}) << 8 << 9
        << QStringLiteral("Model #2 of provider 'openai' is missing required key 'name'");
    QTest::newRow("missing: alias") << head({"routes:", "  - targets: [openai/gpt-4o-mini]"}) << 9 << 5
                                    << QStringLiteral("Route #1 is missing required key 'alias'");
    QTest::newRow("missing: targets") << head({"routes:", "  - alias: chat"}) << 9 << 5
                                      << QStringLiteral("Route 'chat' is missing required key 'targets'");
    QTest::newRow("empty models list")
        << head({}, 7, "      []") << 7 << 7 << QStringLiteral("at least one model");
    QTest::newRow("empty targets list") << head({"routes:", "  - alias: chat", "    targets: []"}) << 10 << 14
                                        << QStringLiteral("at least one target");

    QTest::newRow("duplicate provider")
        << head({"  - name: openai", "    kind: openai", "    base_url: https://b.example/v1",
                 "    region: us", "    models: [{name: m}]"})
        << 8 << 5 << QStringLiteral("Duplicate provider name 'openai' \\(first defined at line 2\\)");
    QTest::newRow("duplicate model")
        << head({"      - name: gpt-4o-mini"}) << 8 << 9
        << QStringLiteral(
               "Duplicate model 'gpt-4o-mini' in provider 'openai' \\(first declared at line 7\\)");
    QTest::newRow("duplicate alias")
        << head({"routes:", "  - alias: chat", "    targets: [openai/gpt-4o-mini]", "  - alias: chat",
                 "    targets: [openai/gpt-4o-mini]"})
        << 11 << 5 << QStringLiteral("Duplicate route alias 'chat' \\(first defined at line 9\\)");

    QTest::newRow("bad strategy suggests")
        << head({"routes:", "  - alias: chat", "    strategy: weigthed", "    targets: [openai/gpt-4o-mini]"})
        << 10 << 15
        << QStringLiteral("Unknown strategy 'weigthed' in route 'chat'; valid strategies: fallback, weighted.*"
                          "did you mean 'weighted'");

    QTest::newRow("bad provider name")
        << head({}, 2, "  - name: OpenAI") << 2 << 11 << QStringLiteral("Bad provider name 'OpenAI'");
    QTest::newRow("bad kind lists valid kinds")
        << head({}, 3, "    kind: cohere") << 3 << 11
        << QStringLiteral("Unknown kind 'cohere' in provider 'openai'; valid kinds: openai, openai-compatible, "
                          "anthropic, gemini, azure-openai");
    QTest::newRow("bad kind suggests") << head({}, 3, "    kind: openai-compat") << 3 << 11
                                       << QStringLiteral("did you mean 'openai-compatible'");
    QTest::newRow("bad url: scheme") << head({}, 4, "    base_url: ftp://api.openai.com/v1") << 4 << 15
                                     << QStringLiteral("Bad base_url 'ftp://api.openai.com/v1'");
    QTest::newRow("bad url: not a url") << head({}, 4, "    base_url: api.openai.com") << 4 << 15
                                        << QStringLiteral("Bad base_url 'api.openai.com'");
    QTest::newRow("bad url: query") << head({}, 4, "    base_url: https://x.example/v1?a=b") << 4 << 15
                                    << QStringLiteral("query or fragment");
    QTest::newRow("bad url: credentials not echoed")
        << head({}, 4, "    base_url: https://user:s3cr3t@x.example/v1") << 4 << 15
        << QStringLiteral(
               "^Bad base_url in provider 'openai': credentials do not belong in the URL; use api_key$");
    QTest::newRow("bad region: uppercase")
        << head({}, 5, "    region: EU") << 5 << 13 << QStringLiteral("Bad region 'EU'");
    QTest::newRow("bad region: space")
        << head({}, 5, "    region: \"e u\"") << 5 << 13 << QStringLiteral("Bad region 'e u'");

    QTest::newRow("listen: no port") << (QByteArray("server:\n  listen: 127.0.0.1\n") + head({})) << 2 << 11
                                     << QStringLiteral("Bad listen address '127.0.0.1'");
    QTest::newRow("listen: port too large") << (QByteArray("server:\n  listen: 127.0.0.1:70000\n") + head({}))
                                            << 2 << 11 << QStringLiteral("Bad listen port '70000'");
    QTest::newRow("listen: port not a number")
        << (QByteArray("server:\n  listen: 127.0.0.1:http\n") + head({})) << 2 << 11
        << QStringLiteral("Bad listen port 'http'");
    QTest::newRow("listen: bad host") << (QByteArray("server:\n  listen: 300.1.1.1:80\n") + head({})) << 2
                                      << 11 << QStringLiteral("is not an IP address");
    QTest::newRow("listen: shorthand ipv4") << (QByteArray("server:\n  listen: 127.1:80\n") + head({})) << 2
                                            << 11 << QStringLiteral("is not an IP address");
    QTest::newRow("listen: ipv6 without brackets")
        << (QByteArray("server:\n  listen: \"::1:4000\"\n") + head({})) << 2 << 11
        << QStringLiteral("brackets");
    QTest::newRow("listen: unquoted ipv6 is a yaml list")
        << (QByteArray("server:\n  listen: [::1]\n") + head({})) << 2 << 11 << QStringLiteral("quote IPv6");

    QTest::newRow("negative timeout")
        << (QByteArray("server:\n  header_timeout_ms: -5\n") + head({})) << 2 << 22
        << QStringLiteral("'header_timeout_ms' in server must not be negative");
    QTest::newRow("zero timeout") << (QByteArray("server:\n  idle_timeout_ms: 0\n") + head({})) << 2 << 20
                                  << QStringLiteral("must be between 1 and");
    QTest::newRow("busy poll too long") << (QByteArray("server:\n  busy_poll_us: 5000\n") + head({})) << 2 << 17
                                        << QStringLiteral("'busy_poll_us' in server must be between 0 and 1000");
    QTest::newRow("retention too long")
        << (QByteArray("server:\n  request_log_retention_days: 36501\n") + head({})) << 2 << 31
        << QStringLiteral("'request_log_retention_days' in server must be between 0 and 36500");
    QTest::newRow("negative retention")
        << (QByteArray("server:\n  request_log_retention_days: -1\n") + head({})) << 2 << 31
        << QStringLiteral("'request_log_retention_days' in server must not be negative");
    QTest::newRow("drain timeout too long")
        << (QByteArray("server:\n  drain_timeout_ms: 3600001\n") + head({})) << 2 << 21
        << QStringLiteral("'drain_timeout_ms' in server must be between 0 and 3600000");
    QTest::newRow("origin with a path")
        << (QByteArray("server:\n  allowed_origins: [\"https://app.example.com/chat\"]\n") + head({})) << 2
        << 20 << QStringLiteral("Origin 'https://app.example.com/chat' in server must be scheme://host");
    QTest::newRow("host with a space")
        << (QByteArray("server:\n  allowed_hosts: [\"my host\"]\n") + head({})) << 2 << 18
        << QStringLiteral("Host 'my host' in server must be a name or address");
    QTest::newRow("malformed number") << (QByteArray("server:\n  max_connections: lots\n") + head({})) << 2
                                      << 20 << QStringLiteral("must be a whole number \\(got 'lots'\\)");
    QTest::newRow("fractional number") << (QByteArray("server:\n  body_timeout_ms: 1.5\n") + head({})) << 2
                                       << 20 << QStringLiteral("must be a whole number");
    QTest::newRow("number overflow") << (QByteArray("server:\n  body_timeout_ms: 99999999999999999999\n") +
                                         head({}))
                                     << 2 << 20 << QStringLiteral("must be a whole number");
    QTest::newRow("timeout too large for int")
        << head({"    timeouts: {total_ms: 3000000000}"}) << 8 << 26
        << QStringLiteral("'total_ms' .* must be between 1 and 2147483647");
    QTest::newRow("size: bad unit") << (QByteArray("server:\n  max_body_bytes: 32XB\n") + head({})) << 2 << 19
                                    << QStringLiteral("must be a size in bytes");
    QTest::newRow("size: negative") << (QByteArray("server:\n  max_body_bytes: -1\n") + head({})) << 2 << 19
                                    << QStringLiteral("must not be negative");
    QTest::newRow("size: zero") << (QByteArray("server:\n  max_header_bytes: 0\n") + head({})) << 2 << 21
                                << QStringLiteral("between 1 byte and 1TiB");
    QTest::newRow("price: negative") << head({"        input_per_million: -0.15"}) << 8 << 28
                                     << QStringLiteral("'input_per_million' .* must not be negative");
    QTest::newRow("price: seven decimals")
        << head({"        output_per_million: 0.1500001"}) << 8 << 29
        << QStringLiteral("has more than 6 decimals \\(got '0.1500001'\\)");
    QTest::newRow("price: exponent") << head({"        input_per_million: 1.5e-1"}) << 8 << 28
                                     << QStringLiteral("no exponent");
    QTest::newRow("price: currency sign") << head({"        input_per_million: $0.15"}) << 8 << 28
                                          << QStringLiteral("must be a decimal number");
    QTest::newRow("price: list") << head({"        input_per_million: [1]"}) << 8 << 28
                                 << QStringLiteral("must be a decimal number, not a list");
    QTest::newRow("price: too large") << head({"        input_per_million: 99999999999999999"}) << 8 << 28
                                      << QStringLiteral("is too large");
    QTest::newRow("currency: lowercase")
        << head({"        currency: usd"}) << 8 << 19 << QStringLiteral("Bad currency 'usd'");
    QTest::newRow("currency: four letters")
        << head({"        currency: EURO"}) << 8 << 19 << QStringLiteral("ISO 4217");
    QTest::newRow("model type") << head({"        type: completion"}) << 8 << 15
                                << QStringLiteral("Unknown model type 'completion'.*chat, embeddings");

    QTest::newRow("target: unknown provider")
        << head({"routes:", "  - alias: chat", "    targets:", "      - opanai/gpt-4o-mini"}) << 11 << 9
        << QStringLiteral("names unknown provider 'opanai'; did you mean 'openai'");
    QTest::newRow("target: model not declared")
        << head({"routes:", "  - alias: chat", "    targets: [openai/gpt-4o]"}) << 10 << 15
        << QStringLiteral("provider 'openai' does not declare model 'gpt-4o'");
    QTest::newRow("target: map form, unknown model at its value")
        << head({"routes:", "  - alias: chat", "    targets:", "      - provider: openai",
                 "        model: gpt-5"})
        << 12 << 16 << QStringLiteral("does not declare model 'gpt-5'");
    QTest::newRow("target: no slash") << head({"routes:", "  - alias: chat", "    targets: [gpt-4o-mini]"})
                                      << 10 << 15 << QStringLiteral("must be written provider/model");
    QTest::newRow("target: map misses model")
        << head({"routes:", "  - alias: chat", "    targets: [{provider: openai}]"}) << 10 << 15
        << QStringLiteral("needs both 'provider' and 'model'");
    QTest::newRow("target: mixes chat and embeddings")
        << head({"      - name: emb", "        type: embeddings", "routes:", "  - alias: chat",
                 "    targets: [openai/gpt-4o-mini, openai/emb]"})
        << 12 << 35 << QStringLiteral("mixes chat and embeddings");
    QTest::newRow("alias equals a provider/model id")
        << head({"routes:", "  - alias: openai/gpt-4o-mini", "    targets: [openai/gpt-4o-mini]"}) << 9 << 12
        << QStringLiteral("Route alias 'openai/gpt-4o-mini' is already a provider/model id");
    QTest::newRow("alias contains slash")
        << head({"routes:", "  - alias: team/chat", "    targets: [openai/gpt-4o-mini]"}) << 9 << 12
        << QStringLiteral("Route alias 'team/chat' must not contain '/'");

    QTest::newRow("api_key: bad env name") << head({"    api_key: env:1BAD"}) << 8 << 14
                                           << QStringLiteral("'1BAD' is not an environment variable name");
    QTest::newRow("api_key: empty") << head({"    api_key: \"\""}) << 8 << 14
                                    << QStringLiteral("'api_key' .* is empty");
    QTest::newRow("api_key: mapping")
        << head({"    api_key: {value: x}"}) << 8 << 14 << QStringLiteral("'api_key' .* must be a string");
}

void TestConfigLoader::error_isReportedWithLine()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, pattern);

    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(!result.ok(), "an invalid config must not load");
    const QRegularExpression re(pattern);
    QVERIFY(re.isValid());
    const ConfigIssue* found = nullptr;
    for (const ConfigIssue& issue : result.issues) {
        if (issue.severity == ConfigIssue::Severity::Error && re.match(issue.message).hasMatch()) {
            found = &issue;
            break;
        }
    }
    QVERIFY2(
        found,
        qPrintable(
            QStringLiteral("no error matches /%1/ in:\n%2").arg(pattern, describeIssues(result.issues))));
    QCOMPARE(found->line, line);
    QCOMPARE(found->column, column);
}

void TestConfigLoader::severalErrors_allReportedInFileOrder()
{
    const QByteArray text = yaml({
        "server:",                                 // 1
        "  listen: nowhere",                       // 2  bad listen
        "  max_body_bytes: -3",                    // 3  negative size
        "providers:",                              // 4
        "  - name: openai",                        // 5
        "    kind: openia",                        // 6  bad kind
        "    base_ulr: https://api.openai.com/v1", // 7 unknown key (and so base_url missing, line 5)
        "    region: US",                          // 8  bad region
        "    models:",                             // 9
        "      - name: gpt-4o-mini",               // 10
        "        input_per_million: 0.1234567",    // 11 too many decimals
        "        currency: dollars",               // 12 bad currency
        "      - name: gpt-4o-mini",               // 13 duplicate model
        "routes:",                                 // 14
        "  - alias: chat",                         // 15
        "    targets: [openai/gpt-4o, nobody/x]",  // 16 unknown model, unknown provider
        "  - alias: chat",                         // 17 duplicate alias
        "    targets: [openai/gpt-4o-mini]",       // 18
    });
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY(!result.ok());
    QVector<int> lines;
    for (const ConfigIssue& issue : result.issues) {
        QCOMPARE(issue.severity, ConfigIssue::Severity::Error);
        lines << issue.line;
    }
    const QVector<int> expected{2, 3, 5, 6, 7, 8, 11, 12, 13, 16, 16, 17};
    QVERIFY2(lines == expected, qPrintable(describeIssues(result.issues)));
    QCOMPARE(countErrors(result.issues), 12);
    // In file order: columns ascend within a line.
    QVERIFY(result.issues[9].column < result.issues[10].column);
}

void TestConfigLoader::envKey_resolvedThroughLookup()
{
    QByteArray text;
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    text += "    api_key: env:TOLLGATE_TEST_KEY\n";
    QStringList asked;
    const ConfigLoadResult result = ConfigLoader::loadText(text, [&asked](const QString& name) {
        asked << name;
        return QByteArray("sk-from-hook-000");
    });
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QVERIFY(result.issues.empty());
    QCOMPARE(asked, QStringList{QStringLiteral("TOLLGATE_TEST_KEY")});
    QCOMPARE(result.config->providers[0].apiKey.value, QByteArray("sk-from-hook-000"));
    QVERIFY(result.config->providers[0].apiKey.resolved());

    // Without a hook, the process environment is read.
    qputenv("TOLLGATE_TEST_KEY", "sk-from-process-env");
    const ConfigLoadResult fromEnv = ConfigLoader::loadText(text);
    qunsetenv("TOLLGATE_TEST_KEY");
    QVERIFY(fromEnv.ok());
    QCOMPARE(fromEnv.config->providers[0].apiKey.value, QByteArray("sk-from-process-env"));
}

void TestConfigLoader::envKey_unsetOrEmpty_isWarningNotError_data()
{
    QTest::addColumn<bool>("setEmpty");
    QTest::newRow("unset") << false;
    QTest::newRow("empty") << true;
}

void TestConfigLoader::envKey_unsetOrEmpty_isWarningNotError()
{
    QFETCH(bool, setEmpty);
    QByteArray text;
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    text += "    api_key: env:OPENAI_API_KEY\n"; // line 8
    QHash<QString, QByteArray> vars;
    if (setEmpty)
        vars.insert(QStringLiteral("OPENAI_API_KEY"), QByteArray(""));
    const ConfigLoadResult result = ConfigLoader::loadText(text, envFrom(vars));
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(result.issues.size(), std::size_t(1));
    const ConfigIssue& w = result.issues[0];
    QCOMPARE(w.severity, ConfigIssue::Severity::Warning);
    QCOMPARE(w.line, 8);
    QCOMPARE(w.column, 14);
    QVERIFY(w.message.contains(QLatin1String("OPENAI_API_KEY")));
    QVERIFY(w.message.contains(QLatin1String("'openai'")));
    QCOMPARE(w.format(QStringLiteral("f.yaml")).left(20), QStringLiteral("f.yaml:8:14: warning"));
    const SecretRef& key = result.config->providers[0].apiKey;
    QCOMPARE(key.source, SecretRef::Source::Env);
    QVERIFY(!key.resolved());
}

void TestConfigLoader::literalKey_neverAppearsInMessages()
{
    // Problems around a literal key are reported without ever quoting it.
    const QByteArray text = yaml({
        "providers:",
        "  - name: local",
        "    kind: openai-compatible",
        "    base_url: http://127.0.0.1:8000/v1",
        "    region: local",
        "    api_key: sk-live-SECRETSECRETSECRET",
        "    api_key: sk-live-SECRETSECRETSECRET",
        "    models: [{name: m, input_per_million: nope}]",
        "  - name: other",
        "    kind: openai-compatible",
        "    base_url: http://127.0.0.1:8001/v1",
        "    region: local",
        "    api_key: [sk-live-SECRETSECRETSECRET]",
        "    models: [{name: m}]",
    });
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY(!result.ok());
    QCOMPARE(countErrors(result.issues), 3); // duplicate api_key, bad price, api_key of the wrong type
    for (const ConfigIssue& issue : result.issues)
        QVERIFY2(!issue.message.contains(QLatin1String("SECRET")), qPrintable(issue.message));
}

void TestConfigLoader::noProviders_isAWarning()
{
    for (const QByteArray& text :
         {QByteArray("server:\n  listen: 127.0.0.1:4000\n"), QByteArray("server: {}\nproviders: []\n")}) {
        const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
        QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
        QCOMPARE(result.issues.size(), std::size_t(1));
        QCOMPARE(result.issues[0].severity, ConfigIssue::Severity::Warning);
        QVERIFY(result.issues[0].line >= 1);
        QVERIFY(result.issues[0].message.contains(QLatin1String("No providers")));
    }
}

void TestConfigLoader::secretRef_describe()
{
    SecretRef none;
    QCOMPARE(none.describe(), QStringLiteral("none"));

    SecretRef env;
    env.source = SecretRef::Source::Env;
    env.envName = QStringLiteral("OPENAI_API_KEY");
    env.value = "sk-proj-abcdefghijklmnop";
    QCOMPARE(env.describe(), QStringLiteral("env:OPENAI_API_KEY"));

    SecretRef literal;
    literal.source = SecretRef::Source::Literal;
    literal.value = "sk-abcdefghijklmnopqrstuvwxyz";
    const QString shown = literal.describe();
    QCOMPARE(shown, QStringLiteral("literal (sk-a") + QChar(0x2026) + QLatin1Char(')'));
    QVERIFY(!shown.contains(QLatin1String("sk-ab")));

    SecretRef shortLiteral;
    shortLiteral.source = SecretRef::Source::Literal;
    shortLiteral.value = "abc123";
    QCOMPARE(shortLiteral.describe(), QStringLiteral("literal"));
}

void TestConfigLoader::missingFile_isOneErrorWithoutLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nope.yaml"));
    const ConfigLoadResult result = ConfigLoader::loadFile(path, noEnv());
    QVERIFY(!result.ok());
    QCOMPARE(result.issues.size(), std::size_t(1));
    QCOMPARE(result.issues[0].severity, ConfigIssue::Severity::Error);
    QCOMPARE(result.issues[0].line, 0);
    QVERIFY(result.issues[0].format(path).startsWith(path + QStringLiteral(": error: ")));

    const ConfigLoadResult directory = ConfigLoader::loadFile(dir.path(), noEnv());
    QVERIFY(!directory.ok());
    QCOMPARE(directory.issues.size(), std::size_t(1));
    QCOMPARE(directory.issues[0].line, 0);
}

void TestConfigLoader::loadFile_readsFromDisk()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("c.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (const char* line : kProviderHead)
        f.write(QByteArray(line) + '\n');
    f.write("    base_ulr: x\n");
    f.close();
    const ConfigLoadResult result = ConfigLoader::loadFile(path, noEnv());
    QVERIFY(!result.ok());
    QCOMPARE(result.issues.size(), std::size_t(1));
    QCOMPARE(result.issues[0].format(path),
             path +
                 QStringLiteral(
                     ":8:5: error: Unknown key 'base_ulr' in provider 'openai'; did you mean 'base_url'?"));
}

void TestConfigLoader::issueFormat()
{
    ConfigIssue e;
    e.line = 12;
    e.column = 7;
    e.message = QStringLiteral("Bad region 'EU' in provider 'x'");
    QCOMPARE(e.format(QStringLiteral("conf/t.yaml")),
             QStringLiteral("conf/t.yaml:12:7: error: Bad region 'EU' in provider 'x'"));
    ConfigIssue w;
    w.severity = ConfigIssue::Severity::Warning;
    w.line = 3;
    w.column = 1;
    w.message = QStringLiteral("hm");
    QCOMPARE(w.format(QStringLiteral("a.yaml")), QStringLiteral("a.yaml:3:1: warning: hm"));
    ConfigIssue placeless;
    placeless.message = QStringLiteral("Cannot open");
    QCOMPARE(placeless.format(QStringLiteral("a.yaml")), QStringLiteral("a.yaml: error: Cannot open"));
}

void TestConfigLoader::deepNesting_isAnErrorNotACrash()
{
    const QByteArray deep = QByteArray("providers: ") + QByteArray(100'000, '[');
    const ConfigLoadResult result = ConfigLoader::loadText(deep, noEnv());
    QVERIFY(!result.ok());
    QVERIFY(!result.issues.empty());
    QVERIFY(result.issues[0].message.startsWith(QLatin1String("YAML syntax error")));
}

void TestConfigLoader::lookups()
{
    QByteArray text;
    for (const char* line : kProviderHead)
        text += QByteArray(line) + '\n';
    text += "routes:\n  - alias: chat\n    targets: [openai/gpt-4o-mini]\n";
    const ConfigLoadResult result = ConfigLoader::loadText(text, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    const ConfigSnapshot snapshot = result.config; // shared as const from here on
    QVERIFY(snapshot->findProvider(QStringLiteral("openai")));
    QCOMPARE(snapshot->findProvider(QStringLiteral("openai"))->region, QStringLiteral("us"));
    QVERIFY(!snapshot->findProvider(QStringLiteral("OpenAI")));
    QVERIFY(snapshot->findRoute(QStringLiteral("chat")));
    QCOMPARE(snapshot->findRoute(QStringLiteral("chat"))->targets.size(), std::size_t(1));
    QVERIFY(!snapshot->findRoute(QStringLiteral("chat2")));
    const ProviderConfig* p = snapshot->findProvider(QStringLiteral("openai"));
    QVERIFY(p->findModel(QStringLiteral("gpt-4o-mini")));
    QVERIFY(!p->findModel(QStringLiteral("gpt-4o")));
}

void TestConfigLoader::shippedDefaultConfig_loadsWithoutErrors()
{
    const QString path = sourceDir() + QStringLiteral("/resources/config/default.yaml");
    QVERIFY2(QFile::exists(path), qPrintable(path));
    const ConfigLoadResult result = ConfigLoader::loadFile(path, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(countErrors(result.issues), 0);
    const GatewayConfig& c = *result.config;
    QCOMPARE(c.server.listenHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.server.listenPort, quint16(4000));

    const ProviderConfig* local = c.findProvider(QStringLiteral("local"));
    QVERIFY(local);
    QCOMPARE(local->kind, QStringLiteral("openai-compatible"));
    QCOMPARE(local->baseUrl, QStringLiteral("http://127.0.0.1:11434/v1"));
    QCOMPARE(local->region, QStringLiteral("local"));
    QCOMPARE(local->apiKey.source, SecretRef::Source::None);
    QVERIFY(local->findModel(QStringLiteral("llama3.2")));
    QCOMPARE(local->findModel(QStringLiteral("llama3.2"))->price.inputPerMillionMicros, std::int64_t(0));

    const ProviderConfig* openai = c.findProvider(QStringLiteral("openai"));
    QVERIFY(openai);
    QCOMPARE(openai->apiKey.describe(), QStringLiteral("env:OPENAI_API_KEY"));
    QCOMPARE(openai->region, QStringLiteral("us"));
    QCOMPARE(openai->findModel(QStringLiteral("gpt-4o-mini"))->price.inputPerMillionMicros,
             std::int64_t(150'000));
    QCOMPARE(openai->findModel(QStringLiteral("gpt-4o-mini"))->price.outputPerMillionMicros,
             std::int64_t(600'000));
    QVERIFY(openai->findModel(QStringLiteral("text-embedding-3-small"))->embeddings);
    QCOMPARE(openai->findModel(QStringLiteral("text-embedding-3-small"))->price.inputPerMillionMicros,
             std::int64_t(20'000));

    const RouteConfig* chat = c.findRoute(QStringLiteral("chat-default"));
    QVERIFY(chat);
    QCOMPARE(chat->targets.size(), std::size_t(2));
    QCOMPARE(chat->targets[0].provider + QLatin1Char('/') + chat->targets[0].model,
             QStringLiteral("local/llama3.2"));
    QCOMPARE(chat->targets[1].provider + QLatin1Char('/') + chat->targets[1].model,
             QStringLiteral("openai/gpt-4o-mini"));
    const RouteConfig* embed = c.findRoute(QStringLiteral("embed-default"));
    QVERIFY(embed);
    QCOMPARE(embed->targets.size(), std::size_t(1));
    QCOMPARE(embed->targets[0].model, QStringLiteral("text-embedding-3-small"));
}

void TestConfigLoader::docsExample_loadsWithoutErrors()
{
    const QString path = sourceDir() + QStringLiteral("/docs/config.md");
    QFile f(path);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
    const QString doc = QString::fromUtf8(f.readAll());
    const qsizetype start = doc.indexOf(QLatin1String("```yaml\n"));
    QVERIFY2(start >= 0, "docs/config.md has no ```yaml block");
    const qsizetype bodyStart = start + 8;
    const qsizetype end = doc.indexOf(QLatin1String("\n```"), bodyStart);
    QVERIFY(end > bodyStart);
    const QByteArray example = doc.mid(bodyStart, end - bodyStart + 1).toUtf8();
    const ConfigLoadResult result = ConfigLoader::loadText(example, noEnv());
    QVERIFY2(result.ok(), qPrintable(describeIssues(result.issues)));
    QCOMPARE(countErrors(result.issues), 0);
    // The example documents both target spellings and a non-USD currency; keep it that way.
    QVERIFY(result.config->findRoute(QStringLiteral("chat-eu")));
    QVERIFY(result.config->providers.size() >= 3);
    const RouteConfig* shared = result.config->findRoute(QStringLiteral("chat-shared"));
    QVERIFY(shared);
    QVERIFY(shared->strategy == RouteStrategy::Weighted);
    QCOMPARE(shared->targets[0].weight, 3);
    QVERIFY(result.config->findRoute(QStringLiteral("chat-default"))->strategy == RouteStrategy::Fallback);
}

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_configloader.moc"

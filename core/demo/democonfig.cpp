#include "demo/democonfig.h"

#include "config/configloader.h"

#include <QCoreApplication>

namespace tollgate::demo {

namespace {

QByteArray provider(const char* name, const char* region, quint16 port, const char* currency, const char* smallIn,
                    const char* smallOut, const char* largeIn, const char* largeOut)
{
    QByteArray yaml;
    yaml += "  - name: " + QByteArray(name) + "\n";
    yaml += "    kind: openai-compatible\n";
    yaml += "    base_url: http://127.0.0.1:" + QByteArray::number(port) + "/v1\n";
    yaml += "    region: " + QByteArray(region) + "\n";
    yaml += "    models:\n";
    yaml += "      - name: chat-small\n        input_per_million: " + QByteArray(smallIn) +
            "\n        output_per_million: " + smallOut + "\n        currency: " + currency + "\n";
    yaml += "      - name: chat-large\n        input_per_million: " + QByteArray(largeIn) +
            "\n        output_per_million: " + largeOut + "\n        currency: " + currency + "\n";
    return yaml;
}

} // namespace

Result<ConfigSnapshot> demoConfig(const ConfigSnapshot& base, const DemoProviderPorts& ports)
{
    if (ports.eu == 0 || ports.in == 0 || ports.us == 0)
        return makeError(QCoreApplication::translate("tollgate::demo", "the demo providers are not listening"));
    QByteArray yaml = "providers:\n";
    // Prices per million tokens, in the ballpark of small and large hosted models in 2025.
    yaml += provider("demo-eu", "eu", ports.eu, "EUR", "0.20", "0.60", "2.00", "6.00");
    yaml += provider("demo-in", "in", ports.in, "INR", "12", "48", "180", "720");
    yaml += provider("demo-us", "us", ports.us, "USD", "0.15", "0.60", "2.50", "10.00");
    yaml += "routes:\n"
            "  - alias: chat-default\n    targets: [demo-eu/chat-small, demo-us/chat-small]\n"
            "  - alias: chat-large\n    targets: [demo-us/chat-large, demo-eu/chat-large]\n"
            "  - alias: chat-india\n    targets: [demo-in/chat-small, demo-eu/chat-small]\n"
            "  - alias: chat-eu\n    targets: [demo-eu/chat-large, demo-eu/chat-small]\n";
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    if (!loaded.ok()) {
        QStringList problems;
        for (const ConfigIssue& issue : loaded.issues)
            problems << issue.format(QStringLiteral("demo.yaml"));
        return makeError(problems.join(QLatin1Char('\n')));
    }
    if (base)
        loaded.config->server = base->server;
    return ConfigSnapshot(loaded.config);
}

} // namespace tollgate::demo

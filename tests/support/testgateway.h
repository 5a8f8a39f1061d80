#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace tollgate {
class Gateway;
}

namespace tollgate::testing {

class FakeProviderServer;

// A real gateway for a test: its config from YAML text, its data (request log, budget.db,
// ledger.db) in a temporary directory, listening on 127.0.0.1:<any free port>. Lives on the test
// thread, like the fake providers, so every wait spins the event loop they need.
class TestGateway
{
public:
    TestGateway();
    ~TestGateway(); // stops the gateway and waits for it

    // Loads the config (printing every issue with its line) and starts the gateway on the data
    // directory; false when the config has an issue or the start fails. Use as QVERIFY(g.start(y)).
    bool start(const QByteArray& yaml);
    // Stops it (writes and seals the ledger, flushes the logs) and waits until it has.
    void stop();

    Gateway& gateway() { return *m_gateway; }
    quint16 port() const;
    QString dataDir() const { return m_dir.path(); }
    QString dataPath(const QString& file) const { return m_dir.filePath(file); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Gateway> m_gateway;
};

// One provider entry of a config's `providers:` list for a fake speaking the OpenAI wire format:
// kind openai-compatible at the fake's /v1, in `region`, with model `model` priced at `prices`
// (the YAML of the model's fields after its name, e.g. "input_per_million: 1, output_per_million: 2").
QByteArray fakeProviderYaml(const QByteArray& name, const FakeProviderServer& fake, const QByteArray& region,
                            const QByteArray& model = "m",
                            const QByteArray& prices = "input_per_million: 1, output_per_million: 2");

} // namespace tollgate::testing

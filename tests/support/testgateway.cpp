#include "testgateway.h"

#include "config/configloader.h"
#include "fakeproviderserver.h"
#include "gateway/gateway.h"

#include <QDebug>
#include <QSignalSpy>

namespace tollgate::testing {

TestGateway::TestGateway() = default;

TestGateway::~TestGateway()
{
    stop();
}

bool TestGateway::start(const QByteArray& yaml)
{
    if (!m_dir.isValid())
        return false;
    const ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    if (!loaded.ok())
        return false;
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    QSignalSpy failed(m_gateway.get(), &Gateway::startFailed);
    m_gateway->start(loaded.config, m_dir.path());
    if (started.isEmpty() && failed.isEmpty())
        started.wait(10000);
    if (!failed.isEmpty())
        qWarning().noquote() << "the gateway did not start:" << failed.first().first().toString();
    return !started.isEmpty();
}

void TestGateway::stop()
{
    if (!m_gateway)
        return;
    if (m_gateway->isRunning()) {
        QSignalSpy stopped(m_gateway.get(), &Gateway::stopped);
        m_gateway->stop();
        if (m_gateway->isRunning())
            stopped.wait(10000);
    }
}

quint16 TestGateway::port() const
{
    return m_gateway ? m_gateway->port() : 0;
}

QByteArray fakeProviderYaml(const QByteArray& name, const FakeProviderServer& fake, const QByteArray& region,
                            const QByteArray& model, const QByteArray& prices)
{
    return "  - name: " + name + "\n    kind: openai-compatible\n    base_url: " + fake.baseUrl().toUtf8()
           + "/v1\n    region: " + region + "\n    api_key: sk-" + name + "\n    models:\n      - {name: " + model
           + ", " + prices + "}\n";
}

} // namespace tollgate::testing

// The guardrails: and residency: sections survive the desktop manager's save: load -> write ->
// load gives the same policies, and a default policy writes no section at all.
#include "config/configloader.h"
#include "config/configwriter.h"

#include <QTest>

using namespace tollgate;
using guardrails::Action;
using guardrails::DetectorId;

namespace {

const QByteArray kBase = "providers:\n"
                         "  - name: local\n"
                         "    kind: openai-compatible\n"
                         "    base_url: http://127.0.0.1:11434/v1\n"
                         "    region: local\n"
                         "    models:\n"
                         "      - name: m\n"
                         "routes:\n"
                         "  - alias: chat\n"
                         "    targets: [local/m]\n";

QString issues(const ConfigLoadResult& result)
{
    QStringList lines;
    for (const ConfigIssue& issue : result.issues)
        lines << issue.format(QStringLiteral("t.yaml"));
    return lines.join(QLatin1Char('\n'));
}

QStringList regimeRows(const residency::ResidencyPolicy& p)
{
    QStringList rows;
    for (const auto& r : p.regimeTable())
        rows << r.regime + QLatin1Char('>') + r.regions.join(QLatin1Char(','));
    return rows;
}

QStringList classRows(const residency::ResidencyPolicy& p)
{
    QStringList rows;
    for (const auto& [c, regimes] : p.classTable())
        rows << c + QLatin1Char(':') + regimes.join(QLatin1Char(','));
    return rows;
}

QStringList detectorRows(const residency::ResidencyPolicy& p)
{
    QStringList rows;
    for (const auto& [d, c] : p.detectorTable())
        rows << d + QLatin1Char('=') + c;
    return rows;
}

} // namespace

class TestSovereigntyRoundTrip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void defaults_writeNoSection();
    void editedModel_roundTrips();
};

void TestSovereigntyRoundTrip::roundTrip_data()
{
    QTest::addColumn<QByteArray>("sections");
    QTest::newRow("guardrails actions")
        << QByteArray("guardrails:\n  actions:\n    pii: redact\n    email: block\n"
                      "    secret: allow\n    jwt: pseudonymize\n");
    QTest::newRow("threshold and responses")
        << QByteArray("guardrails:\n  injection_threshold: 0.73\n  scan_responses: true\n");
    QTest::newRow("threshold zero") << QByteArray("guardrails:\n  injection_threshold: 0\n");
    QTest::newRow("no scan cache") << QByteArray("guardrails:\n  scan_cache: 0\n");
    QTest::newRow("larger scan cache")
        << QByteArray("guardrails:\n  scan_cache: 64MiB\n  scan_responses: true\n");
    QTest::newRow("user-defined regime")
        << QByteArray("residency:\n  classes: {ip_address: none, medical_record_number: swiss_health}\n"
                      "  regimes: {swiss_health: [swiss_fadp], personal: [gdpr, swiss_fadp]}\n"
                      "  regions: {gdpr: [eu], swiss_fadp: [ch, local]}\n");
    QTest::newRow("regime allowing nowhere")
        << QByteArray("residency:\n  regions: {hipaa: []}\n  regimes: {us_national_id: [hipaa]}\n");
    QTest::newRow("explicit version")
        << QByteArray("residency:\n  version: \"2026-11\"\n  regions: {dpdp: [in]}\n");
    QTest::newRow("version only") << QByteArray("residency:\n  version: \"policy: v2\"\n");
    QTest::newRow("profiles") << QByteArray(
        "  - alias: notes\n    targets: [local/m]\n    guardrails: clinical\n"
        "  - alias: locked\n    targets: [local/m]\n    guardrails:\n      actions: {email: block}\n"
        "      injection_threshold: 0.25\n"
        "  - alias: bare\n    targets: [local/m]\n    guardrails: {}\n"
        "guardrails:\n  profiles:\n    clinical:\n      actions: {pii: pseudonymize}\n      scan_responses: false\n"
        "    empty: {}\n"
        "budget:\n  keys:\n    - id: bot\n      team: t\n"
        "      sha256: 0000000000000000000000000000000000000000000000000000000000000000\n"
        "      guardrails: {actions: {secret: block}}\n"
        "    - id: bot2\n      team: t\n"
        "      sha256: 1111111111111111111111111111111111111111111111111111111111111111\n      guardrails: empty\n");
    QTest::newRow("both sections") << QByteArray(
        "guardrails:\n  actions: {iban: pseudonymize}\nresidency:\n  regions: {gdpr: [eu, ch]}\n");
}

void TestSovereigntyRoundTrip::roundTrip()
{
    QFETCH(QByteArray, sections);
    const ConfigLoadResult first = ConfigLoader::loadText(kBase + sections);
    QVERIFY2(first.ok(), qPrintable(issues(first)));
    const QByteArray written = ConfigWriter::toYaml(*first.config);
    const ConfigLoadResult second = ConfigLoader::loadText(written);
    QVERIFY2(second.ok(), qPrintable(issues(second) + QLatin1Char('\n') + QString::fromUtf8(written)));

    const GatewayConfig& a = *first.config;
    const GatewayConfig& b = *second.config;
    for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i) {
        const auto id = DetectorId(i);
        QVERIFY2(a.guardrails.actionFor(id) == b.guardrails.actionFor(id),
                 guardrails::detectorName(id).data());
    }
    QCOMPARE(b.guardrails.injectionThreshold, a.guardrails.injectionThreshold);
    QCOMPARE(b.guardrails.scanResponses, a.guardrails.scanResponses);
    QCOMPARE(b.scanCacheBytes, a.scanCacheBytes);
    QCOMPARE(regimeRows(b.residency), regimeRows(a.residency));
    QCOMPARE(classRows(b.residency), classRows(a.residency));
    QCOMPARE(detectorRows(b.residency), detectorRows(a.residency));
    QCOMPARE(b.residency.version(), a.residency.version());
    QCOMPARE(b.guardrailProfiles.size(), a.guardrailProfiles.size());
    for (const GuardrailsProfile& p : a.guardrailProfiles) {
        const GuardrailsProfile* q = b.findGuardrailsProfile(p.name);
        QVERIFY2(q && q->change == p.change, qPrintable(p.name));
    }
    QCOMPARE(b.routes.size(), a.routes.size());
    for (std::size_t i = 0; i < a.routes.size(); ++i)
        QCOMPARE(b.routes[i].guardrails, a.routes[i].guardrails);
    QCOMPARE(b.budget.keys.size(), a.budget.keys.size());
    for (std::size_t i = 0; i < a.budget.keys.size(); ++i)
        QCOMPARE(b.budget.keys[i].guardrails, a.budget.keys[i].guardrails);
    // The scanner is rebuilt for the reloaded policy as for the original one.
    QCOMPARE(b.scanner->options().enabled, a.scanner->options().enabled);

    // Writing again gives the same text: the writer is a fixed point after one round.
    QCOMPARE(ConfigWriter::toYaml(b), written);
}

void TestSovereigntyRoundTrip::defaults_writeNoSection()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase);
    QVERIFY2(loaded.ok(), qPrintable(issues(loaded)));
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    QVERIFY2(!written.contains("guardrails:"), written.constData());
    QVERIFY2(!written.contains("residency:"), written.constData());
}

// What the Guardrails and Residency panels do: change the loaded model in memory, write, load.
void TestSovereigntyRoundTrip::editedModel_roundTrips()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase);
    QVERIFY(loaded.ok());
    GatewayConfig edited = *loaded.config;
    edited.guardrails.setAction(DetectorId::Email, Action::Block);
    edited.guardrails.injectionThreshold = 0.9f;
    residency::ResidencyConfig rc;
    rc.regions.push_back({QStringLiteral("gdpr"), {QStringLiteral("local")}});
    QString error;
    auto policy = residency::ResidencyPolicy::compile(rc, &error);
    QVERIFY2(policy, qPrintable(error));
    edited.residency = *policy;

    const QByteArray written = ConfigWriter::toYaml(edited);
    QVERIFY2(!written.contains("version:"), written.constData()); // derived versions are not pinned
    const ConfigLoadResult reloaded = ConfigLoader::loadText(written);
    QVERIFY2(reloaded.ok(), qPrintable(issues(reloaded)));
    QCOMPARE(reloaded.config->guardrails.actionFor(DetectorId::Email), Action::Block);
    QCOMPARE(reloaded.config->guardrails.injectionThreshold, 0.9f);
    QCOMPARE(regimeRows(reloaded.config->residency), regimeRows(edited.residency));
    QCOMPARE(reloaded.config->residency.version(), edited.residency.version());
    QVERIFY(!reloaded.config->residency.regionAllowed(reloaded.config->residency.classify({"email"}).regimes,
                                                      QStringLiteral("eu")));
}

QTEST_GUILESS_MAIN(TestSovereigntyRoundTrip)
#include "tst_sovereigntyroundtrip.moc"

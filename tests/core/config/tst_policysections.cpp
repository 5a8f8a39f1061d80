// The guardrails, residency and budget sections of the config: loaded into their models, and
// every mistake reported with its line.
#include "config/configloader.h"

#include <QTest>

using namespace tollgate;

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
                         "    targets: [local/m]\n"; // 10 lines

ConfigLoadResult load(const QByteArray& sections)
{
    return ConfigLoader::loadText(kBase + sections, [](const QString& name) {
        return name == QLatin1String("BOT_KEY") ? QByteArray("tg-secret-bot-key") : QByteArray();
    });
}

bool hasError(const ConfigLoadResult& result, int line, const char* text)
{
    for (const ConfigIssue& issue : result.issues) {
        if (issue.severity == ConfigIssue::Severity::Error && issue.line == line
            && issue.message.contains(QLatin1String(text)))
            return true;
    }
    return false;
}

QString issues(const ConfigLoadResult& result)
{
    QStringList lines;
    for (const ConfigIssue& issue : result.issues)
        lines << issue.format(QStringLiteral("t.yaml"));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestPolicySections : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsWithoutSections()
    {
        const ConfigLoadResult r = load({});
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        using guardrails::Action;
        using guardrails::DetectorId;
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::PromptInjection), Action::Block);
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::GithubToken), Action::Redact);
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::Email), Action::Log);
        QVERIFY(r.config->scanner);
        QCOMPARE(r.config->budget.displayCurrency, QStringLiteral("USD"));
    }

    void guardrailsActions()
    {
        const ConfigLoadResult r = load("guardrails:\n  actions:\n    pii: redact\n    email: pseudonymize\n"
                                        "    injection: log\n  injection_threshold: 0.7\n  scan_responses: true\n");
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        using guardrails::Action;
        using guardrails::DetectorId;
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::Email), Action::Pseudonymize); // detector beats category
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::Iban), Action::Redact);
        QCOMPARE(r.config->guardrails.actionFor(DetectorId::PromptInjection), Action::Log);
        QCOMPARE(r.config->guardrails.injectionThreshold, 0.7f);
        QVERIFY(r.config->guardrails.scanResponses);
        QCOMPARE(r.config->scanCacheBytes, GatewayConfig::kDefaultScanCacheBytes);
    }

    void guardrailsScanCache()
    {
        ConfigLoadResult r = load("guardrails:\n  scan_cache: 16MiB\n");
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        QCOMPARE(r.config->scanCacheBytes, std::int64_t(16) * 1024 * 1024);
        r = load("guardrails:\n  scan_cache: 0\n");
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        QCOMPARE(r.config->scanCacheBytes, std::int64_t(0));
        r = load("guardrails:\n  scan_cache: 2GiB\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 12, "between 0 and 1GiB"), qPrintable(issues(r)));
        r = load("guardrails:\n  scan_cache: lots\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 12, "must be a size"), qPrintable(issues(r)));
        // A profile is per route or key; the cache is the gateway's.
        r = load("guardrails:\n  profiles:\n    p:\n      scan_cache: 0\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 14, "Unknown key 'scan_cache'"), qPrintable(issues(r)));
    }

    void guardrailsMistakes()
    {
        const ConfigLoadResult r = load("guardrails:\n  actions:\n    emial: block\n    iban: shred\n"
                                        "  injection_threshold: 2\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 13, "Unknown key 'emial'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 13, "email"), qPrintable(issues(r))); // did you mean
        QVERIFY2(hasError(r, 14, "Unknown action 'shred'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 15, "from 0 to 1"), qPrintable(issues(r)));
    }

    void guardrailsProfiles()
    {
        const ConfigLoadResult r = ConfigLoader::loadText(
            kBase + "  - alias: notes\n    targets: [local/m]\n    guardrails: clinical\n"
                    "  - alias: locked\n    targets: [local/m]\n    guardrails: {actions: {email: block}}\n"
                    "guardrails:\n  actions:\n    email: log\n  profiles:\n"
                    "    clinical:\n      actions: {pii: pseudonymize, ip_address: allow}\n      scan_responses: true\n"
                    "    strict:\n      injection_threshold: 0.3\n"
                    "budget:\n  keys:\n    - id: bot\n      team: t\n      env: BOT_KEY\n      guardrails: strict\n",
            [](const QString&) { return QByteArray("tg-secret-bot-key"); });
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        using guardrails::Action;
        using guardrails::DetectorId;
        const GatewayConfig& c = *r.config;
        QCOMPARE(c.findRoute(QStringLiteral("chat"))->guardrails, QString());
        QCOMPARE(c.findRoute(QStringLiteral("notes"))->guardrails, QStringLiteral("clinical"));
        QCOMPARE(c.findRoute(QStringLiteral("locked"))->guardrails, QStringLiteral("route/locked"));
        QCOMPARE(c.budget.keys.at(0).guardrails, QStringLiteral("strict"));
        const GuardrailsProfile* clinical = c.findGuardrailsProfile(QStringLiteral("clinical"));
        QVERIFY(clinical && !clinical->inlined());
        QCOMPARE(clinical->change.actions[std::size_t(DetectorId::Iban)], std::optional(Action::Pseudonymize));
        QCOMPARE(clinical->change.actions[std::size_t(DetectorId::IpAddress)], std::optional(Action::Allow)); // detector beats category
        QVERIFY(!clinical->change.actions[std::size_t(DetectorId::GithubToken)]); // not set: the global policy's
        QCOMPARE(clinical->change.scanResponses, std::optional(true));
        QVERIFY(!clinical->change.injectionThreshold);
        const GuardrailsProfile* locked = c.findGuardrailsProfile(QStringLiteral("route/locked"));
        QVERIFY(locked && locked->inlined());
        QCOMPARE(locked->change.actions[std::size_t(DetectorId::Email)], std::optional(Action::Block));
        QCOMPARE(c.findGuardrailsProfile(QStringLiteral("strict"))->change.injectionThreshold, std::optional(0.3f));
        // The global policy is not changed by any profile.
        QCOMPARE(c.guardrails.actionFor(DetectorId::Email), Action::Log);
        QVERIFY(!c.guardrails.scanResponses);
    }

    void guardrailsProfileMistakes()
    {
        const ConfigLoadResult r = ConfigLoader::loadText(
            kBase + "  - alias: notes\n    targets: [local/m]\n    guardrails: clinicl\n"      // 13
                    "  - alias: x\n    targets: [local/m]\n    guardrails: [a]\n"               // 16
                    "guardrails:\n  profiles:\n"
                    "    clinical:\n      actions: {email: shred}\n"                              // 19, 20
                    "    Bad Name: {}\n"                                                          // 21
                    "    other:\n      scan_everything: true\n"                                  // 22, 23
                    "budget:\n  keys:\n    - id: bot\n      team: t\n      env: BOT_KEY\n"
                    "      guardrails: nowhere\n",                                                 // 29
            [](const QString&) { return QByteArray("tg-secret-bot-key"); });
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 13, "Unknown guardrails profile 'clinicl'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 13, "clinical"), qPrintable(issues(r))); // did you mean
        QVERIFY2(hasError(r, 16, "must name a profile"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 20, "Unknown action 'shred'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 21, "Bad guardrails profile name"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 23, "Unknown key 'scan_everything'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 29, "Unknown guardrails profile 'nowhere'"), qPrintable(issues(r)));
    }

    void residencyOverrides()
    {
        const ConfigLoadResult r = load("residency:\n  version: v7\n  classes: {ip_address: none, medical_record_number: patient}\n"
                                        "  regimes: {patient: [swiss_fadp]}\n  regions: {swiss_fadp: [ch], gdpr: [eu]}\n");
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        const residency::ResidencyPolicy& p = r.config->residency;
        QCOMPARE(p.version(), QStringLiteral("v7"));
        const residency::Classification c = p.classify({"medical_record_number", "ip_address"});
        QCOMPARE(p.regimeNames(c.regimes), QStringList{QStringLiteral("swiss_fadp")});
        QCOMPARE(p.allowedRegions(p.classify({"email"}).regimes).regions, QStringList{QStringLiteral("eu")});
        // The scanner runs every detector residency needs, even where the action is allow.
        QVERIFY(r.config->scanner->options().enabled.test(std::size_t(guardrails::DetectorId::MedicalRecordNumber)));
    }

    void residencyMistakes()
    {
        const ConfigLoadResult r = load("residency:\n  classes: {passport: travel}\n  regimes: {personal: [ccpa]}\n"
                                        "  regions: {gdpr: [EU West]}\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 12, "Unknown detector 'passport'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 14, "Bad region 'EU West'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 11, "ccpa"), qPrintable(issues(r)));
    }

    void budgetSection()
    {
        const ConfigLoadResult r = load(
            "budget:\n  display_currency: EUR\n  admin_key: env:ADMIN\n"
            "  rates:\n    - {date: 2026-11-01, from: USD, to: EUR, rate: \"0.92\"}\n"
            "  teams:\n    - name: support\n      limits: {requests_per_minute: 60, tokens_per_minute: 1000}\n"
            "  keys:\n    - id: bot\n      team: support\n      scopes: [chat]\n      env: BOT_KEY\n      expires: 2027-01-31\n"
            "  budgets:\n    - id: month\n      scope: team\n      subject: support\n      period: month\n"
            "      time_zone: Asia/Kolkata\n      cap: 12.5\n      soft: 10\n      currency: INR\n");
        QVERIFY2(r.ok(), qPrintable(issues(r)));
        const budget::BudgetConfig& b = r.config->budget;
        QCOMPARE(b.displayCurrency, QStringLiteral("EUR"));
        QCOMPARE(b.adminKeyEnv, QStringLiteral("ADMIN"));
        QCOMPARE(b.rates.size(), size_t(1));
        QCOMPARE(b.rates[0].rate, QStringLiteral("0.92"));
        QCOMPARE(b.teams.at(0).limits.requestsPerMinute, 60);
        QCOMPARE(b.keys.at(0).envName, QStringLiteral("BOT_KEY"));
        QCOMPARE(b.keys.at(0).scopes, QStringList{QStringLiteral("chat")});
        QVERIFY(b.keys.at(0).expiresAtMs > 0);
        QCOMPARE(b.budgets.at(0).cap.micros, 12'500'000);
        QCOMPARE(b.budgets.at(0).cap.currencyCode(), QStringLiteral("INR"));
        QCOMPARE(b.budgets.at(0).softMicros, 10'000'000);
        QCOMPARE(b.budgets.at(0).timeZone, QStringLiteral("Asia/Kolkata"));
    }

    void budgetMistakes()
    {
        const ConfigLoadResult r = load("budget:\n  admin_key: hunter2\n  keys:\n    - id: bot\n      team: t\n"
                                        "  budgets:\n    - id: b\n      scope: galaxy\n      subject: t\n      cap: 5\n"
                                        "      currency: euro\n      time_zone: Mars/Olympus\n");
        QVERIFY(!r.ok());
        QVERIFY2(hasError(r, 12, "admin_key"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 14, "exactly one of env"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 18, "key, project or team"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 21, "Bad currency 'euro'"), qPrintable(issues(r)));
        QVERIFY2(hasError(r, 22, "IANA"), qPrintable(issues(r)));
        QVERIFY(!issues(r).contains(QLatin1String("hunter2"))); // a literal admin key is never echoed
    }
};

QTEST_GUILESS_MAIN(TestPolicySections)
#include "tst_policysections.moc"

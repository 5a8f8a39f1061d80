// The budget: section survives the desktop manager's save: load -> write -> load gives the same
// BudgetConfig, a default one writes no section, and keys are written as their reference only.
#include "config/configloader.h"
#include "config/configwriter.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>

using namespace tollgate;
using namespace tollgate::budget;

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

const QByteArray kHashA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const QByteArray kHashB = "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824";

QString issues(const ConfigLoadResult& result)
{
    QStringList lines;
    for (const ConfigIssue& issue : result.issues)
        lines << issue.format(QStringLiteral("t.yaml"));
    return lines.join(QLatin1Char('\n'));
}

// Every field of two configs that differs, as "path: left != right"; empty when they are equal.
class Differences
{
public:
    template<typename T>
    void check(const QString& path, const T& a, const T& b)
    {
        if (!(a == b))
            m_lines << path + QStringLiteral(": ") + text(a) + QStringLiteral(" != ") + text(b);
    }
    QStringList lines() const { return m_lines; }

private:
    static QString text(const QString& v) { return QLatin1Char('"') + v + QLatin1Char('"'); }
    static QString text(const QByteArray& v) { return text(QString::fromLatin1(v)); }
    static QString text(const QStringList& v) { return QLatin1Char('[') + v.join(QLatin1Char(',')) + QLatin1Char(']'); }
    static QString text(const QDate& v) { return v.toString(Qt::ISODate); }
    static QString text(std::int64_t v) { return QString::number(v); }
    static QString text(std::size_t v) { return QString::number(v); }
    static QString text(int v) { return QString::number(v); }

    QStringList m_lines;
};

void compareLimits(Differences& d, const QString& path, const RateLimitConfig& a, const RateLimitConfig& b)
{
    d.check(path + QStringLiteral(".requests_per_minute"), a.requestsPerMinute, b.requestsPerMinute);
    d.check(path + QStringLiteral(".tokens_per_minute"), a.tokensPerMinute, b.tokensPerMinute);
}

QStringList differences(const BudgetConfig& a, const BudgetConfig& b)
{
    Differences d;
    d.check(QStringLiteral("display_currency"), a.displayCurrency, b.displayCurrency);
    d.check(QStringLiteral("admin_key env"), a.adminKeyEnv, b.adminKeyEnv);
    d.check(QStringLiteral("admin_key sha256"), a.adminKeySha256Hex, b.adminKeySha256Hex);
    d.check(QStringLiteral("default_max_output_tokens"), a.defaultMaxOutputTokens, b.defaultMaxOutputTokens);
    d.check(QStringLiteral("per_message_overhead_tokens"), a.perMessageOverheadTokens, b.perMessageOverheadTokens);
    d.check(QStringLiteral("rates_file"), a.ratesFile, b.ratesFile);

    d.check(QStringLiteral("rates.size"), a.rates.size(), b.rates.size());
    for (std::size_t i = 0; i < std::min(a.rates.size(), b.rates.size()); ++i) {
        const QString p = QStringLiteral("rates[%1].").arg(i);
        d.check(p + QStringLiteral("date"), a.rates[i].date, b.rates[i].date);
        d.check(p + QStringLiteral("from"), a.rates[i].from, b.rates[i].from);
        d.check(p + QStringLiteral("to"), a.rates[i].to, b.rates[i].to);
        d.check(p + QStringLiteral("rate"), a.rates[i].rate, b.rates[i].rate);
    }

    d.check(QStringLiteral("teams.size"), a.teams.size(), b.teams.size());
    for (std::size_t i = 0; i < std::min(a.teams.size(), b.teams.size()); ++i) {
        const QString p = QStringLiteral("teams[%1].").arg(i);
        d.check(p + QStringLiteral("name"), a.teams[i].name, b.teams[i].name);
        compareLimits(d, p + QStringLiteral("limits"), a.teams[i].limits, b.teams[i].limits);
    }

    d.check(QStringLiteral("keys.size"), a.keys.size(), b.keys.size());
    for (std::size_t i = 0; i < std::min(a.keys.size(), b.keys.size()); ++i) {
        const DeclaredKeyConfig& x = a.keys[i];
        const DeclaredKeyConfig& y = b.keys[i];
        const QString p = QStringLiteral("keys[%1].").arg(i);
        d.check(p + QStringLiteral("id"), x.id, y.id);
        d.check(p + QStringLiteral("name"), x.name, y.name);
        d.check(p + QStringLiteral("team"), x.team, y.team);
        d.check(p + QStringLiteral("project"), x.project, y.project);
        d.check(p + QStringLiteral("scopes"), x.scopes, y.scopes);
        d.check(p + QStringLiteral("region"), x.region, y.region);
        d.check(p + QStringLiteral("env"), x.envName, y.envName);
        d.check(p + QStringLiteral("sha256"), x.sha256Hex, y.sha256Hex);
        d.check(p + QStringLiteral("expires"), x.expiresAtMs, y.expiresAtMs);
        compareLimits(d, p + QStringLiteral("limits"), x.limits, y.limits);
    }

    d.check(QStringLiteral("budgets.size"), a.budgets.size(), b.budgets.size());
    for (std::size_t i = 0; i < std::min(a.budgets.size(), b.budgets.size()); ++i) {
        const BudgetRuleConfig& x = a.budgets[i];
        const BudgetRuleConfig& y = b.budgets[i];
        const QString p = QStringLiteral("budgets[%1].").arg(i);
        d.check(p + QStringLiteral("id"), x.id, y.id);
        d.check(p + QStringLiteral("scope"), scopeName(x.scope), scopeName(y.scope));
        d.check(p + QStringLiteral("subject"), x.subject, y.subject);
        d.check(p + QStringLiteral("period"), periodName(x.period), periodName(y.period));
        d.check(p + QStringLiteral("time_zone"), x.timeZone, y.timeZone);
        d.check(p + QStringLiteral("start"), x.customStartMs, y.customStartMs);
        d.check(p + QStringLiteral("end"), x.customEndMs, y.customEndMs);
        d.check(p + QStringLiteral("cap"), x.cap.micros, y.cap.micros);
        d.check(p + QStringLiteral("currency"), x.cap.currencyCode(), y.cap.currencyCode());
        d.check(p + QStringLiteral("soft"), x.softMicros, y.softMicros);
    }
    return d.lines();
}

// Independent of budget::parseTimestamp, which is under test through the loader.
std::int64_t utcMs(const char* isoText)
{
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(isoText), Qt::ISODateWithMs);
    if (!dt.isValid())
        qFatal("bad test timestamp %s", isoText);
    return dt.toMSecsSinceEpoch();
}

} // namespace

class TestBudgetRoundTrip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void defaults_writeNoSection();
    void writesOnlyWhatDiffers();
    void editedModel_roundTrips();
    void envKeyValues_neverWritten();
    void bothReferences_writeTheOneInUse();
    void dateTimes_keepTheirTimeOfDay();
};

void TestBudgetRoundTrip::roundTrip_data()
{
    QTest::addColumn<QByteArray>("section");
    // What the loaded config must hold, so that a row cannot pass by losing data on both loads.
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("budgets");

    QTest::newRow("currency, admin env, defaults")
        << QByteArray("budget:\n"
                      "  display_currency: EUR\n"
                      "  admin_key: env:TOLLGATE_ADMIN_KEY\n"
                      "  default_max_output_tokens: 1024\n")
        << 0 << 0;
    QTest::newRow("admin sha256, rates, rates file")
        << QByteArray("budget:\n"
                      "  admin_key: sha256:" + kHashB + "\n"
                      "  rates:\n"
                      "    - {date: 2026-11-01, from: INR, to: USD, rate: \"0.011\"}\n"
                      "    - {date: 2026-11-01, from: USD, to: INR, rate: 83.25}\n"
                      "    - {date: 2026-12-01, from: USD, to: EUR, rate: \"0.923400\"}\n"
                      "    - {date: 2027-01-01, from: EUR, to: CHF, rate: 1}\n"
                      "  rates_file: \"/etc/tollgate rates/rates.csv\"\n")
        << 0 << 0;
    QTest::newRow("teams with limits")
        << QByteArray("budget:\n"
                      "  teams:\n"
                      "    - name: support\n"
                      "      limits: {requests_per_minute: 600, tokens_per_minute: 200000}\n"
                      "    - name: research\n"
                      "      limits: {tokens_per_minute: 1000000}\n"
                      "    - name: \"no limits\"\n"
                      "    - name: ops\n"
                      "      limits: {requests_per_minute: 0}\n")
        << 0 << 0;
    QTest::newRow("declared keys, env and sha256")
        << QByteArray("budget:\n"
                      "  teams: [{name: support}, {name: research}]\n"
                      "  keys:\n"
                      "    - id: helpdesk-bot\n"
                      "      name: \"Helpdesk bot: prod\"\n"
                      "      team: support\n"
                      "      project: helpdesk\n"
                      "      scopes: [chat, \"openai/gpt-4o*\", \"*\"]\n"
                      "      region: eu\n"
                      "      env: HELPDESK_BOT_KEY\n"
                      "      expires: 2027-06-30\n"
                      "      limits: {requests_per_minute: 60}\n"
                      "    - id: batch\n"
                      "      team: research\n"
                      "      scopes: chat\n"
                      "      region: us-east-1\n"
                      "      sha256: " + kHashB + "\n"
                      "      expires: \"2027-01-31T18:30:00+02:00\"\n"
                      "      limits: {requests_per_minute: 5, tokens_per_minute: 50000}\n"
                      "    - id: ms-expiry\n"
                      "      team: research\n"
                      "      sha256: " + kHashA + "\n"
                      "      expires: \"2027-03-01T00:00:00.250Z\"\n")
        << 3 << 0;
    QTest::newRow("day and month budgets, fractional caps")
        << QByteArray("budget:\n"
                      "  budgets:\n"
                      "    - id: support-month\n"
                      "      scope: team\n"
                      "      subject: support\n"
                      "      period: month\n"
                      "      time_zone: Europe/Berlin\n"
                      "      cap: 500\n"
                      "      soft: 400\n"
                      "      currency: EUR\n"
                      "    - id: bot-day\n"
                      "      scope: key\n"
                      "      subject: helpdesk-bot\n"
                      "      period: day\n"
                      "      cap: 0.5\n"
                      "      currency: USD\n"
                      "    - id: helpdesk\n"
                      "      scope: project\n"
                      "      subject: helpdesk\n"
                      "      cap: 12.345678\n"
                      "      soft: 0.000001\n"
                      "      currency: GBP\n"
                      "    - id: zero-soft\n"
                      "      scope: team\n"
                      "      subject: research\n"
                      "      period: day\n"
                      "      time_zone: America/Argentina/Buenos_Aires\n"
                      "      cap: 1000000000\n"
                      "      soft: 0\n"
                      "      currency: JPY\n")
        << 0 << 4;
    QTest::newRow("custom periods")
        << QByteArray("budget:\n"
                      "  budgets:\n"
                      "    - id: pilot\n"
                      "      scope: project\n"
                      "      subject: pilot\n"
                      "      period: custom\n"
                      "      start: 2026-12-01\n"
                      "      end: 2027-03-01\n"
                      "      cap: 2500.75\n"
                      "      soft: 2000.5\n"
                      "      currency: CHF\n"
                      "    - id: hackathon\n"
                      "      scope: team\n"
                      "      subject: research\n"
                      "      period: custom\n"
                      "      time_zone: Asia/Kolkata\n"
                      "      start: \"2026-11-20T09:00:00+05:30\"\n"
                      "      end: \"2026-11-22T17:30:00.500+05:30\"\n"
                      "      cap: 0.05\n"
                      "      currency: INR\n"
                      "    - id: epoch-start\n"
                      "      scope: key\n"
                      "      subject: batch\n"
                      "      period: custom\n"
                      "      start: 1970-01-01\n"
                      "      end: 2030-01-01T12:00:00Z\n"
                      "      cap: 1\n"
                      "      currency: USD\n")
        << 0 << 3;
    QTest::newRow("docs example")
        << QByteArray("budget:\n"
                      "  display_currency: EUR\n"
                      "  admin_key: env:TOLLGATE_ADMIN_KEY\n"
                      "  default_max_output_tokens: 4096\n"
                      "  rates:\n"
                      "    - {date: 2026-11-01, from: USD, to: EUR, rate: \"0.92\"}\n"
                      "  rates_file: /etc/tollgate/rates.csv\n"
                      "  teams:\n"
                      "    - name: support\n"
                      "      limits: {requests_per_minute: 600, tokens_per_minute: 200000}\n"
                      "  keys:\n"
                      "    - id: helpdesk-bot\n"
                      "      team: support\n"
                      "      project: helpdesk\n"
                      "      scopes: [chat-default]\n"
                      "      region: eu\n"
                      "      env: HELPDESK_BOT_KEY\n"
                      "      expires: 2027-06-30\n"
                      "      limits: {requests_per_minute: 60}\n"
                      "  budgets:\n"
                      "    - id: support-month\n"
                      "      scope: team\n"
                      "      subject: support\n"
                      "      period: month\n"
                      "      time_zone: Europe/Berlin\n"
                      "      cap: 500\n"
                      "      soft: 400\n"
                      "      currency: EUR\n")
        << 1 << 1;
}

void TestBudgetRoundTrip::roundTrip()
{
    QFETCH(QByteArray, section);
    QFETCH(int, keys);
    QFETCH(int, budgets);
    const ConfigLoadResult first = ConfigLoader::loadText(kBase + section);
    QVERIFY2(first.ok(), qPrintable(issues(first)));
    QCOMPARE(int(first.config->budget.keys.size()), keys);
    QCOMPARE(int(first.config->budget.budgets.size()), budgets);

    const QByteArray written = ConfigWriter::toYaml(*first.config);
    QVERIFY2(written.contains("\nbudget:\n"), written.constData());
    const ConfigLoadResult second = ConfigLoader::loadText(written);
    QVERIFY2(second.ok(), qPrintable(issues(second) + QLatin1Char('\n') + QString::fromUtf8(written)));

    const QStringList diff = differences(first.config->budget, second.config->budget);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n')) + QLatin1Char('\n') + QString::fromUtf8(written)));
    // Writing again gives the same text: the writer is a fixed point after one round.
    QCOMPARE(ConfigWriter::toYaml(*second.config), written);
}

void TestBudgetRoundTrip::defaults_writeNoSection()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase);
    QVERIFY2(loaded.ok(), qPrintable(issues(loaded)));
    const QByteArray plain = ConfigWriter::toYaml(*loaded.config);
    QVERIFY2(!plain.contains("budget:"), plain.constData());

    // A section that spells out only the defaults is equally empty.
    const ConfigLoadResult spelled = ConfigLoader::loadText(
        kBase + "budget:\n  display_currency: USD\n  default_max_output_tokens: 4096\n  teams: []\n");
    QVERIFY2(spelled.ok(), qPrintable(issues(spelled)));
    const QByteArray written = ConfigWriter::toYaml(*spelled.config);
    QVERIFY2(!written.contains("budget:"), written.constData());
    QVERIFY2(!written.contains("budgets:"), written.constData());
}

void TestBudgetRoundTrip::writesOnlyWhatDiffers()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase + "budget:\n"
                                                                   "  teams: [{name: support}]\n"
                                                                   "  budgets:\n"
                                                                   "    - {id: b, scope: team, subject: support,"
                                                                   " cap: 10, currency: USD}\n");
    QVERIFY2(loaded.ok(), qPrintable(issues(loaded)));
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    const QByteArray expected = "budget:\n"
                                "  teams:\n"
                                "    - name: support\n"
                                "  budgets:\n"
                                "    - id: b\n"
                                "      scope: team\n"
                                "      subject: support\n"
                                "      period: month\n"
                                "      cap: 10\n"
                                "      currency: USD\n";
    QVERIFY2(written.endsWith("\n" + expected), written.constData());
}

// What the budget panels do: change the loaded model in memory, write, load.
void TestBudgetRoundTrip::editedModel_roundTrips()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase);
    QVERIFY(loaded.ok());
    GatewayConfig edited = *loaded.config;
    BudgetConfig& b = edited.budget;
    b.displayCurrency = QStringLiteral("INR");
    b.adminKeySha256Hex = kHashA;
    b.defaultMaxOutputTokens = 1;
    b.rates.push_back({QDate(2026, 11, 24), QStringLiteral("USD"), QStringLiteral("INR"), QStringLiteral("83.25")});
    b.teams.push_back({QStringLiteral("ml platform"), {120, 0}});

    DeclaredKeyConfig key;
    key.id = QStringLiteral("k1");
    key.team = QStringLiteral("ml platform");
    key.scopes = {QStringLiteral("chat"), QStringLiteral("local/*")};
    key.region = QStringLiteral("local");
    key.envName = QStringLiteral("K1_KEY");
    key.expiresAtMs = utcMs("2027-02-03T04:05:06.789Z");
    key.limits.tokensPerMinute = 9000;
    b.keys.push_back(key);

    BudgetRuleConfig rule;
    rule.id = QStringLiteral("sprint");
    rule.scope = BudgetScope::Key;
    rule.subject = QStringLiteral("k1");
    rule.period = BudgetPeriod::Custom;
    rule.timeZone = QStringLiteral("Europe/Zurich");
    rule.customStartMs = utcMs("2026-11-23T23:00:00Z");
    rule.customEndMs = utcMs("2026-12-07T23:00:00.001Z");
    rule.cap.micros = 12'345'678;
    rule.cap.currency = Money::currencyFrom(QStringLiteral("EUR"));
    rule.softMicros = 500'000;
    b.budgets.push_back(rule);

    const QByteArray written = ConfigWriter::toYaml(edited);
    QVERIFY2(written.contains("cap: 12.345678\n"), written.constData());
    QVERIFY2(written.contains("soft: 0.5\n"), written.constData());
    QVERIFY2(written.contains("rate: 83.25}"), written.constData());
    const ConfigLoadResult reloaded = ConfigLoader::loadText(written);
    QVERIFY2(reloaded.ok(), qPrintable(issues(reloaded) + QLatin1Char('\n') + QString::fromUtf8(written)));
    const QStringList diff = differences(edited.budget, reloaded.config->budget);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n')) + QLatin1Char('\n') + QString::fromUtf8(written)));    QCOMPARE(reloaded.config->budget.keys.at(0).expiresAtMs, std::int64_t(1801627506789));
    QCOMPARE(reloaded.config->budget.budgets.at(0).customEndMs, std::int64_t(1796684400001));
}

void TestBudgetRoundTrip::envKeyValues_neverWritten()
{
    const QByteArray botSecret = "tg-live-4f1c9a7e2b8d4c6fa0e3b5d7c9e1f2a4";
    const QByteArray adminSecret = "tg-admin-7d2e5b8c1f4a6e9d3c0b2a5f8e1d4c7b";
    qputenv("TOLLGATE_TST_BOT_KEY", botSecret);
    qputenv("TOLLGATE_TST_ADMIN_KEY", adminSecret);
    const auto unset = qScopeGuard([] {
        qunsetenv("TOLLGATE_TST_BOT_KEY");
        qunsetenv("TOLLGATE_TST_ADMIN_KEY");
    });

    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase + "budget:\n"
                                                                   "  admin_key: env:TOLLGATE_TST_ADMIN_KEY\n"
                                                                   "  keys:\n"
                                                                   "    - id: bot\n"
                                                                   "      team: support\n"
                                                                   "      env: TOLLGATE_TST_BOT_KEY\n");
    QVERIFY2(loaded.ok(), qPrintable(issues(loaded)));
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    QVERIFY2(!written.contains(botSecret), "the declared key's value was written");
    QVERIFY2(!written.contains(adminSecret), "the admin key's value was written");
    QVERIFY2(written.contains("      env: TOLLGATE_TST_BOT_KEY\n"), written.constData());
    QVERIFY2(written.contains("  admin_key: \"env:TOLLGATE_TST_ADMIN_KEY\"\n"), written.constData());

    const ConfigLoadResult reloaded = ConfigLoader::loadText(written);
    QVERIFY2(reloaded.ok(), qPrintable(issues(reloaded)));
    QCOMPARE(reloaded.config->budget.keys.at(0).envName, QStringLiteral("TOLLGATE_TST_BOT_KEY"));
    QVERIFY(reloaded.config->budget.keys.at(0).sha256Hex.isEmpty());
    QCOMPARE(reloaded.config->budget.adminKeyEnv, QStringLiteral("TOLLGATE_TST_ADMIN_KEY"));
}

// A model edited in memory may carry both references; the file gets the one its consumer uses
// (a key's variable, the admin key's hash) so that it loads and means the same.
void TestBudgetRoundTrip::bothReferences_writeTheOneInUse()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase);
    QVERIFY(loaded.ok());
    GatewayConfig edited = *loaded.config;
    edited.budget.adminKeyEnv = QStringLiteral("ADMIN_KEY");
    edited.budget.adminKeySha256Hex = kHashA;
    DeclaredKeyConfig key;
    key.id = QStringLiteral("k");
    key.team = QStringLiteral("t");
    key.envName = QStringLiteral("K_KEY");
    key.sha256Hex = kHashA;
    edited.budget.keys.push_back(key);

    const ConfigLoadResult reloaded = ConfigLoader::loadText(ConfigWriter::toYaml(edited));
    QVERIFY2(reloaded.ok(), qPrintable(issues(reloaded)));
    QCOMPARE(reloaded.config->budget.adminKeySha256Hex, kHashA);
    QVERIFY(reloaded.config->budget.adminKeyEnv.isEmpty());
    QCOMPARE(reloaded.config->budget.keys.at(0).envName, QStringLiteral("K_KEY"));
    QVERIFY(reloaded.config->budget.keys.at(0).sha256Hex.isEmpty());
}

// A date-time is an instant, not the date it starts with (expires and custom periods to the
// minute), and the writer keeps it so.
void TestBudgetRoundTrip::dateTimes_keepTheirTimeOfDay()
{
    const ConfigLoadResult loaded = ConfigLoader::loadText(kBase + "budget:\n"
                                                                   "  keys:\n"
                                                                   "    - id: k\n"
                                                                   "      team: t\n"
                                                                   "      env: K_KEY\n"
                                                                   "      expires: \"2027-01-31T18:30:00+02:00\"\n"
                                                                   "  budgets:\n"
                                                                   "    - id: b\n"
                                                                   "      scope: team\n"
                                                                   "      subject: t\n"
                                                                   "      period: custom\n"
                                                                   "      start: \"2026-11-20T09:00:00+05:30\"\n"
                                                                   "      end: \"2026-11-22T12:00:00.500Z\"\n"
                                                                   "      cap: 1\n"
                                                                   "      currency: USD\n");
    QVERIFY2(loaded.ok(), qPrintable(issues(loaded)));
    const QByteArray written = ConfigWriter::toYaml(*loaded.config);
    const ConfigLoadResult reloaded = ConfigLoader::loadText(written);
    QVERIFY2(reloaded.ok(), qPrintable(issues(reloaded) + QLatin1Char('\n') + QString::fromUtf8(written)));
    for (const ConfigLoadResult* r : {&loaded, &reloaded}) {
        QCOMPARE(r->config->budget.keys.at(0).expiresAtMs, std::int64_t(1801413000000));
        QCOMPARE(r->config->budget.budgets.at(0).customStartMs, std::int64_t(1795145400000));
        QCOMPARE(r->config->budget.budgets.at(0).customEndMs, std::int64_t(1795348800500));
    }
}

QTEST_GUILESS_MAIN(TestBudgetRoundTrip)
#include "tst_budgetroundtrip.moc"

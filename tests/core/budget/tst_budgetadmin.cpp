#include "budget/adminapi.h"
#include "budget/budgetcommands.h"
#include "budget/budgetdb.h"
#include "budget/budgetservice.h"
#include "fakeclock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <cstdio>

using namespace tollgate;
using namespace tollgate::budget;

namespace {

const QByteArray kAdminKey = "admin-secret-0123456789abcdef";

http::HttpRequest adminRequest(const char* method, const std::string& target, QByteArray body = {},
                               const QByteArray& key = kAdminKey)
{
    http::HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = std::move(body);
    if (!key.isEmpty())
        r.headers.add("Authorization", "Bearer " + key.toStdString());
    return r;
}

QJsonObject json(const http::HttpResponse& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

// Runs a CLI command with real FILE streams and returns {exit code, stdout, stderr}.
struct CliResult
{
    int code;
    QByteArray out;
    QByteArray err;
};

template<typename F>
CliResult runCli(F&& command)
{
    FILE* out = std::tmpfile();
    FILE* err = std::tmpfile();
    const int code = command(out, err);
    const auto slurp = [](FILE* f) {
        QByteArray data;
        std::rewind(f);
        char buffer[4096];
        size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
            data.append(buffer, qsizetype(n));
        std::fclose(f);
        return data;
    };
    return {code, slurp(out), slurp(err)};
}

} // namespace

class TestBudgetAdmin : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime(QDate(2026, 4, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
    std::unique_ptr<BudgetService> m_service;
    std::unique_ptr<AdminApi> m_api;

private Q_SLOTS:
    void initTestCase()
    {
        BudgetConfig config;
        config.displayCurrency = QStringLiteral("EUR");
        config.rates = {{QDate(2026, 4, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.9")}};
        config.teams = {{QStringLiteral("support"), {100, 0}}};
        qputenv("TOLLGATE_TEST_ADMIN_KEY", kAdminKey);
        config.adminKeyEnv = QStringLiteral("TOLLGATE_TEST_ADMIN_KEY");
        auto service = BudgetService::open(m_dir.path(), config, m_clock);
        QVERIFY2(service, qPrintable(service ? QString() : service.error().message));
        m_service = std::move(service.value());
        auto adminKey = AdminApi::adminKeyFromConfig(config);
        QVERIFY(adminKey && *adminKey);
        m_api = std::make_unique<AdminApi>(*m_service, *adminKey);
    }

    void guardedByTheAdminKey()
    {
        auto r = m_api->handle(adminRequest("GET", "/admin/v1/keys", {}, {}));
        QCOMPARE(r.status, 401);
        QCOMPARE(json(r)["error"].toObject()["code"].toString(), QStringLiteral("missing_api_key"));
        r = m_api->handle(adminRequest("GET", "/admin/v1/keys", {}, "admin-secret-0123456789abcdeX"));
        QCOMPARE(r.status, 401);
        QVERIFY(!r.body.contains("admin-secret")); // the presented key is never echoed
        QCOMPARE(m_api->handle(adminRequest("GET", "/admin/v1/keys")).status, 200);

        AdminApi disabled(*m_service, std::nullopt);
        r = disabled.handle(adminRequest("GET", "/admin/v1/keys"));
        QCOMPARE(r.status, 403);
        QCOMPARE(json(r)["error"].toObject()["code"].toString(), QStringLiteral("admin_disabled"));
        QCOMPARE(m_api->handle(adminRequest("GET", "/admin/v1/nothing")).status, 404);
        QCOMPARE(m_api->handle(adminRequest("PATCH", "/admin/v1/keys")).status, 405);
        QVERIFY(AdminApi::handles("/admin/v1/keys"));
        QVERIFY(!AdminApi::handles("/v1/models"));
    }

    void keysRoundTrip()
    {
        auto r = m_api->handle(adminRequest("POST", "/admin/v1/keys",
                                            "{\"name\":\"helpdesk bot\",\"team\":\"support\",\"project\":\"helpdesk\",\"scopes\":[\"chat-default\","
                                            "\"openai/*\"],\"expires_at\":\"2026-12-31\",\"requests_per_minute\":2}"));
        QCOMPARE(r.status, 201);
        const QJsonObject created = json(r);
        const QString token = created["key"].toString();
        const QString id = created["id"].toString();
        QVERIFY(token.startsWith(QLatin1String("tg-")));
        QCOMPARE(created["prefix"].toString(), token.left(7));
        QCOMPARE(created["expires_at"].toString(), QStringLiteral("2026-12-31T00:00:00.000Z"));
        QCOMPARE(created["scopes"].toArray().size(), 2);

        r = m_api->handle(adminRequest("GET", "/admin/v1/keys"));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.contains(token.toLatin1()));
        QVERIFY(!r.body.contains(token.mid(3).toLatin1()));
        bool listed = false;
        for (const auto& v : json(r)["data"].toArray())
            listed |= v.toObject()["id"].toString() == id && v.toObject()["team"].toString() == QLatin1String("support");
        QVERIFY(listed);

        // The key works through the service, with the key's limits (2/min) and the team's (100/min).
        const std::string auth = "Bearer " + token.toStdString();
        auto who = m_service->authenticate(auth, u"chat-default");
        QVERIFY(who.ok());
        AdmissionRequest request;
        request.bound = {10, 1, 10, 0};
        QVERIFY(m_service->admit(who.key, request).ok());
        QVERIFY(m_service->admit(who.key, request).ok());
        const AdmitOutcome limited = m_service->admit(who.key, request);
        QVERIFY(!limited.ok());
        QCOMPARE(limited.error->status, 429);
        QCOMPARE(limited.error->headers.value("retry-after"), std::string_view("30"));
        QCOMPARE(limited.error->headers.value("x-ratelimit-limit-requests"), std::string_view("2"));

        // Limits through the API: raise this key's, then read them back.
        r = m_api->handle(adminRequest("PUT", "/admin/v1/limits",
                                       QStringLiteral(R"({"scope":"key","subject":"%1","requests_per_minute":1000,"tokens_per_minute":0})")
                                           .arg(id)
                                           .toUtf8()));
        QCOMPARE(r.status, 200);
        QVERIFY(m_service->admit(who.key, request).ok());
        r = m_api->handle(adminRequest("GET", "/admin/v1/limits"));
        bool teamListed = false, keyListed = false;
        for (const auto& v : json(r)["data"].toArray()) {
            const QJsonObject o = v.toObject();
            teamListed |= o["scope"] == QLatin1String("team") && o["subject"] == QLatin1String("support")
                          && o["requests_per_minute"].toInt() == 100;
            keyListed |= o["scope"] == QLatin1String("key") && o["subject"].toString() == id
                         && o["requests_per_minute"].toInt() == 1000;
        }
        QVERIFY(teamListed && keyListed);
        QCOMPARE(m_api->handle(adminRequest("PUT", "/admin/v1/limits", R"({"scope":"key","subject":"key_none"})")).status, 404);
        QCOMPARE(m_api->handle(adminRequest("PUT", "/admin/v1/limits", R"({"scope":"team","subject":"x","requests_per_minute":-1})")).status, 400);

        // Revoke: the next request is refused.
        r = m_api->handle(adminRequest("DELETE", "/admin/v1/keys/" + id.toStdString()));
        QCOMPARE(r.status, 200);
        const AuthOutcome after = m_service->authenticate(auth, u"chat-default");
        QCOMPARE(after.error->status, 401);
        QCOMPARE(m_api->handle(adminRequest("DELETE", "/admin/v1/keys/key_missing")).status, 404);

        // Bad input gets 400 with a message, never a crash.
        for (const char* body : {"", "[]", "{\"team\":", R"({"team":""})", R"({"team":"t","scopes":"x"})",
                                 R"({"team":"t","expires_at":"tomorrow"})", R"({"team":"t","requests_per_minute":"many"})"}) {
            r = m_api->handle(adminRequest("POST", "/admin/v1/keys", body));
            QVERIFY2(r.status == 400, body);
            QVERIFY(!json(r)["error"].toObject()["message"].toString().isEmpty());
        }
    }

    void budgetsRoundTrip()
    {
        auto r = m_api->handle(adminRequest("PUT", "/admin/v1/budgets",
                                            R"({"id":"support-month","scope":"team","subject":"support","period":"month","currency":"EUR","cap":"0.05","soft":"0.04"})"));
        QCOMPARE(r.status, 200);
        bool found = false;
        for (const auto& v : json(r)["data"].toArray()) {
            const QJsonObject o = v.toObject();
            if (o["id"] != QLatin1String("support-month"))
                continue;
            found = true;
            QCOMPARE(o["cap"].toString(), QStringLiteral("0.050000"));
            QCOMPARE(o["soft"].toString(), QStringLiteral("0.040000"));
            QCOMPARE(o["currency"].toString(), QStringLiteral("EUR"));
            QCOMPARE(o["period_start"].toString(), QStringLiteral("2026-04-01T00:00:00.000Z"));
            QCOMPARE(o["period_end"].toString(), QStringLiteral("2026-05-01T00:00:00.000Z"));
        }
        QVERIFY(found);

        // Spend against it until the 402.
        auto key = m_service->keys().create({{}, QStringLiteral("support"), {}, {}, 0, {}});
        QVERIFY(key);
        AdmissionRequest request;
        request.provider = QStringLiteral("openai");
        request.model = QStringLiteral("gpt-4o-mini");
        request.price.model.inputPerMillionMicros = 1'000'000;
        request.price.model.outputPerMillionMicros = 2'000'000;
        request.bound = {1'000, 1, 10'000, 0}; // at most ~0.021 USD = ~0.019 EUR
        int admitted = 0;
        std::optional<api::ApiError> refusal;
        for (int i = 0; i < 10 && !refusal; ++i) {
            AdmitOutcome o = m_service->admit(key->info, request);
            if (!o.ok()) {
                refusal = o.error;
                break;
            }
            ++admitted;
            m_service->settle(*o.admission, QStringLiteral("req_b%1").arg(i), TokenUsage{1'000, 0, 0, 9'000, 0});
        }
        QVERIFY(refusal);
        QCOMPARE(refusal->status, 402);
        QVERIFY(refusal->message.contains(QLatin1String("support-month")));
        QVERIFY(admitted >= 2);
        r = m_api->handle(adminRequest("GET", "/admin/v1/budgets"));
        for (const auto& v : json(r)["data"].toArray()) {
            const QJsonObject o = v.toObject();
            if (o["id"] == QLatin1String("support-month")) {
                std::int64_t spent = 0;
                QVERIFY(parseAmountMicros(o["spent"].toString(), &spent));
                QCOMPARE(spent, admitted * 17'100); // 0.019 USD * 0.9 each
                QVERIFY(spent <= 50'000);
                QCOMPARE(o["reserved"].toString(), QStringLiteral("0.000000"));
            }
        }
        for (const char* body : {R"({"id":"x","scope":"galaxy","subject":"s","period":"month","currency":"EUR","cap":"1"})",
                                 R"({"id":"x","scope":"team","subject":"s","period":"week","currency":"EUR","cap":"1"})",
                                 R"({"id":"x","scope":"team","subject":"s","period":"month","currency":"euro","cap":"1"})",
                                 R"({"id":"x","scope":"team","subject":"s","period":"month","currency":"EUR","cap":"-1"})",
                                 R"({"id":"x","scope":"team","subject":"s","period":"custom","currency":"EUR","cap":"1"})",
                                 R"({"id":"x","scope":"team","subject":"s","period":"month","currency":"EUR"})"}) {
            QVERIFY2(m_api->handle(adminRequest("PUT", "/admin/v1/budgets", body)).status == 400, body);
        }
    }

    void spendJsonAndCsv()
    {
        auto r = m_api->handle(adminRequest("GET", "/admin/v1/spend?group_by=team,model&from=2026-04-01&to=2026-04-30&currency=USD"));
        QCOMPARE(r.status, 200);
        const QJsonObject body = json(r);
        QCOMPARE(body["currency"].toString(), QStringLiteral("USD"));
        const QJsonArray data = body["data"].toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data[0].toObject()["team"].toString(), QStringLiteral("support"));
        QCOMPARE(data[0].toObject()["model"].toString(), QStringLiteral("gpt-4o-mini"));
        const int requests = data[0].toObject()["requests"].toInt();
        QVERIFY(requests >= 2);
        Money expected;
        expected.micros = requests * 19'000;
        QCOMPARE(data[0].toObject()["amount"].toString(), expected.toString().section(QLatin1Char(' '), 0, 0));

        r = m_api->handle(adminRequest("GET", "/admin/v1/spend?group_by=day&format=csv"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), std::string_view("text/csv; charset=utf-8"));
        QVERIFY(r.body.startsWith("day,requests,input_tokens,output_tokens,amount,currency\n2026-04-14,"));
        QVERIFY(r.body.trimmed().endsWith(",EUR"));
        // Nothing in March.
        r = m_api->handle(adminRequest("GET", "/admin/v1/spend?from=2026-03-01&to=2026-03-31"));
        QCOMPARE(json(r)["data"].toArray().size(), 0);
        QCOMPARE(m_api->handle(adminRequest("GET", "/admin/v1/spend?group_by=secret")).status, 400);
        QCOMPARE(m_api->handle(adminRequest("GET", "/admin/v1/spend?from=yesterday")).status, 400);
        QCOMPARE(m_api->handle(adminRequest("GET", "/admin/v1/spend?currency=JPY")).status, 400);
    }

    void cliKeysRoundTrip()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.path();
        CliResult created = runCli([&](FILE* out, FILE* err) {
            return runKeysCommand({QStringLiteral("create"), QStringLiteral("--team"), QStringLiteral("research"),
                                   QStringLiteral("--project=rag"), QStringLiteral("--scope"), QStringLiteral("openai/*"),
                                   QStringLiteral("--scope"), QStringLiteral("chat-default"), QStringLiteral("--expires"),
                                   QStringLiteral("2026-06-30"), QStringLiteral("--data-dir"), dataDir},
                                  out, err, m_clock);
        });
        QCOMPARE(created.code, 0);
        QVERIFY(created.err.contains("only this once"));
        const QByteArray keyLine = created.out.split('\n').value(0);
        QVERIFY(keyLine.startsWith("key:"));
        const QByteArray token = keyLine.mid(4).trimmed();
        QVERIFY(token.startsWith("tg-"));
        QByteArray id;
        for (const QByteArray& line : created.out.split('\n')) {
            if (line.startsWith("id:"))
                id = line.mid(3).trimmed();
        }
        QVERIFY(id.startsWith("key_"));

        CliResult listed = runCli([&](FILE* out, FILE* err) {
            return runKeysCommand({QStringLiteral("list"), QStringLiteral("--data-dir"), dataDir}, out, err, m_clock);
        });
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.contains(id));
        QVERIFY(listed.out.contains("openai/*,chat-default"));
        QVERIFY(listed.out.contains("\tactive\n"));
        QVERIFY(!listed.out.contains(token));

        {
            auto registry = KeyRegistry::open(BudgetDb::pathIn(dataDir), m_clock);
            QVERIFY(registry);
            const KeyLookup k = (*registry)->lookup(token.toStdString());
            QVERIFY(k.ok());
            QCOMPARE(k.key->project, QStringLiteral("rag"));
        }

        CliResult revoked = runCli([&](FILE* out, FILE* err) {
            return runKeysCommand({QStringLiteral("revoke"), QString::fromLatin1(id), QStringLiteral("--data-dir"), dataDir},
                                  out, err, m_clock);
        });
        QCOMPARE(revoked.code, 0);
        listed = runCli([&](FILE* out, FILE* err) {
            return runKeysCommand({QStringLiteral("list"), QStringLiteral("--data-dir"), dataDir}, out, err, m_clock);
        });
        QVERIFY(listed.out.contains("\trevoked\n"));

        // Usage errors exit 2 with a message; unknown ids exit 1.
        QCOMPARE(runCli([&](FILE* o, FILE* e) { return runKeysCommand({QStringLiteral("create"), QStringLiteral("--data-dir"), dataDir}, o, e, m_clock); }).code, 2);
        QCOMPARE(runCli([&](FILE* o, FILE* e) { return runKeysCommand({QStringLiteral("frobnicate")}, o, e, m_clock); }).code, 2);
        QCOMPARE(runCli([&](FILE* o, FILE* e) { return runKeysCommand({QStringLiteral("list"), QStringLiteral("--colour"), QStringLiteral("x")}, o, e, m_clock); }).code, 2);
        const CliResult missing = runCli([&](FILE* o, FILE* e) {
            return runKeysCommand({QStringLiteral("revoke"), QStringLiteral("key_nope"), QStringLiteral("--data-dir"), dataDir}, o, e, m_clock);
        });
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("key_nope"));
    }

    void cliSpendCsv()
    {
        QVERIFY(m_service->ledger().flush());
        QTemporaryDir ratesDir;
        QFile rates(ratesDir.filePath(QStringLiteral("rates.csv")));
        QVERIFY(rates.open(QIODevice::WriteOnly));
        rates.write("date,from,to,rate\n2026-04-01,USD,INR,80\n");
        rates.close();
        const CliResult r = runCli([&](FILE* out, FILE* err) {
            return runSpendCommand({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--group-by"),
                                    QStringLiteral("team,provider"), QStringLiteral("--currency"), QStringLiteral("inr"),
                                    QStringLiteral("--rates-file"), rates.fileName(), QStringLiteral("--from"),
                                    QStringLiteral("2026-04-14"), QStringLiteral("--to"), QStringLiteral("2026-04-14")},
                                   out, err);
        });
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QByteArray("team,provider,requests,input_tokens,output_tokens,amount,currency"));
        QVERIFY2(lines[1].startsWith("support,openai,"), lines[1].constData());
        QVERIFY(lines[1].endsWith(",INR"));
        const QList<QByteArray> fields = lines[1].split(',');
        std::int64_t amount = 0;
        QVERIFY(parseAmountMicros(QString::fromLatin1(fields[5]), &amount));
        QCOMPARE(amount, fields[2].toLongLong() * 19'000 * 80);

        const CliResult noRate = runCli([&](FILE* out, FILE* err) {
            return runSpendCommand({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--currency"), QStringLiteral("JPY")}, out, err);
        });
        QCOMPARE(noRate.code, 1);
        QVERIFY(noRate.err.contains("JPY"));
        QCOMPARE(runCli([&](FILE* o, FILE* e) { return runSpendCommand({QStringLiteral("--to"), QStringLiteral("soon")}, o, e); }).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestBudgetAdmin)
#include "tst_budgetadmin.moc"

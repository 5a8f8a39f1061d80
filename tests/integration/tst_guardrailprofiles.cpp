// Guardrail actions per route and per key, end to end: a real gateway whose config declares
// guardrails profiles, a fake provider that records what it was sent, and clients with and
// without virtual keys. What the provider saw, what the client got back and what the ledger
// recorded show which policy each request went through.
#include "budget/budgetdb.h"
#include "budget/keyregistry.h"
#include "common/clock.h"
#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <sqlite3.h>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const QByteArray kEmail = "anna.schmidt@example.org";
const QByteArray kStrictKey = "tg-profilesstrictkey0123456789abcdefghijklmno";
const QByteArray kOpenKey = "tg-profilesopenkey0123456789abcdefghijklmnopq";
const QByteArray kPlainKey = "tg-profilesplainkey0123456789abcdefghijklmnop";

QByteArray chatBody(const QByteArray& model, const QByteArray& text, bool stream = false)
{
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"write to )" + text + "\"}]"
           + (stream ? QByteArray(R"(,"stream":true)") : QByteArray()) + "}";
}

QByteArray bearer(const QByteArray& key = kPlainKey)
{
    return "Authorization: Bearer " + key + "\r\n";
}

std::optional<TestResponse> chat(quint16 port, const QByteArray& body, const QByteArray& auth = bearer())
{
    return HttpTestClient::request(port, "POST", "/v1/chat/completions", body, auth);
}

QString errorCode(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object().value("error").toObject().value("code").toString();
}

QByteArray answerText(const TestResponse& r)
{
    if (!r.header("content-type").startsWith("text/event-stream"))
        return QJsonDocument::fromJson(r.body)
            .object()
            .value("choices")
            .toArray()
            .at(0)
            .toObject()
            .value("message")
            .toObject()
            .value("content")
            .toString()
            .toUtf8();
    QByteArray text;
    for (const QByteArray& data : r.sseData()) {
        for (const QJsonValue& c : QJsonDocument::fromJson(data).object().value("choices").toArray())
            text += c.toObject().value("delta").toObject().value("content").toString().toUtf8();
    }
    return text;
}

// Global policy: e-mail addresses are only logged. Profile "clinical" pseudonymizes them and scans
// answers; "strict" blocks them; "open" allows them. Keys strict-bot and open-bot name those two;
// plain-bot names none. Route "notes" names clinical, route
// "locked" writes its own profile inline, route "chat" has none.
QByteArray configYaml(const FakeOpenAiServer& fake)
{
    return "server:\n  listen: 127.0.0.1:0\nproviders:\n" + fakeProviderYaml("p", fake, "eu")
           + "routes:\n"
             "  - alias: chat\n    targets: [p/m]\n"
             "  - alias: notes\n    targets: [p/m]\n    guardrails: clinical\n"
             "  - alias: locked\n    targets: [p/m]\n    guardrails:\n      actions:\n        email: block\n"
             "guardrails:\n"
             "  actions:\n    email: log\n"
             "  profiles:\n"
             "    clinical:\n      actions:\n        email: pseudonymize\n      scan_responses: true\n"
             "    strict:\n      actions:\n        pii: block\n"
             "    open:\n      actions:\n        pii: allow\n"
             "budget:\n  keys:\n"
             "    - id: strict-bot\n      team: t\n      env: TG_PROFILES_STRICT_KEY\n      guardrails: strict\n"
             "    - id: open-bot\n      team: t\n      env: TG_PROFILES_OPEN_KEY\n      guardrails: open\n"
             "    - id: plain-bot\n      team: t\n      env: TG_PROFILES_PLAIN_KEY\n";
}

} // namespace

class TestGuardrailProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void routeWithoutProfileUsesTheGlobalPolicy();
    void routeProfileRewritesWhatTheProviderSees();
    void inlineRouteProfileBlocks();
    void keyProfileBlocks();
    void stricterOfRouteAndKeyWins();
    void routeProfileScansAnswersOnlyOnItsRoute();
    void keyWithUndeclaredProfileFailsClosed();
    void ledgerNamesTheProfiles();

private:
    void start();

    std::unique_ptr<FakeOpenAiServer> m_fake;
    std::unique_ptr<TestGateway> m_gateway;
    quint16 m_port = 0;
};

void TestGuardrailProfiles::initTestCase()
{
    qputenv("TG_PROFILES_STRICT_KEY", kStrictKey);
    qputenv("TG_PROFILES_OPEN_KEY", kOpenKey);
    qputenv("TG_PROFILES_PLAIN_KEY", kPlainKey);
}

void TestGuardrailProfiles::init()
{
    // The fake echoes the prompt after "<name> says:", so what it was sent comes back to the client.
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("p"));
    QVERIFY(m_fake->listen());
    m_gateway = std::make_unique<TestGateway>();
}

void TestGuardrailProfiles::cleanup()
{
    m_gateway.reset();
    m_fake.reset();
}

void TestGuardrailProfiles::start()
{
    QVERIFY(m_gateway->start(configYaml(*m_fake)));
    m_port = m_gateway->port();
}

void TestGuardrailProfiles::routeWithoutProfileUsesTheGlobalPolicy()
{
    start();
    for (const QByteArray& model : {QByteArray("chat"), QByteArray("p/m")}) {
        auto r = chat(m_port, chatBody(model, kEmail));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY2(m_fake->lastRequest().body.contains(kEmail), model.constData()); // log: sent as it is
    }
}

void TestGuardrailProfiles::routeProfileRewritesWhatTheProviderSees()
{
    start();
    for (bool stream : {false, true}) {
        auto r = chat(m_port, chatBody("notes", kEmail, stream));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QByteArray sent = m_fake->lastRequest().body;
        QVERIFY2(!sent.contains(kEmail), sent.constData());
        QVERIFY2(sent.contains("[EMAIL_1]"), sent.constData());
        QCOMPARE(answerText(*r), "p says: write to " + kEmail); // pseudonymized: restored for the client
    }
}

void TestGuardrailProfiles::inlineRouteProfileBlocks()
{
    start();
    const int before = m_fake->requestCount();
    auto r = chat(m_port, chatBody("locked", kEmail));
    QVERIFY(r);
    QCOMPARE(r->status, 400);
    QCOMPARE(errorCode(r->body), QStringLiteral("guardrails_blocked"));
    QVERIFY2(r->body.contains("email") && !r->body.contains(kEmail), r->body.constData());
    QCOMPARE(m_fake->requestCount(), before);

    auto clean = chat(m_port, chatBody("locked", "the team"));
    QVERIFY(clean);
    QCOMPARE(clean->status, 200);
}

void TestGuardrailProfiles::keyProfileBlocks()
{
    start();
    auto blocked = chat(m_port, chatBody("chat", kEmail),
                                           bearer(kStrictKey));
    QVERIFY(blocked);
    QCOMPARE(blocked->status, 400);
    QCOMPARE(errorCode(blocked->body), QStringLiteral("guardrails_blocked"));

    // The same request with the other key, and with one that names no profile, goes through the global policy's log.
    for (const QByteArray& auth : {bearer(kOpenKey), bearer()}) {
        auto r = chat(m_port, chatBody("chat", kEmail), auth);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(m_fake->lastRequest().body.contains(kEmail));
    }
}

void TestGuardrailProfiles::stricterOfRouteAndKeyWins()
{
    start();
    // Route notes pseudonymizes, key open allows: the provider still sees a placeholder.
    auto r = chat(m_port, chatBody("notes", kEmail), bearer(kOpenKey));
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(!m_fake->lastRequest().body.contains(kEmail));
    QCOMPARE(answerText(*r), "p says: write to " + kEmail);

    // Route notes pseudonymizes, key strict blocks: blocked.
    auto blocked = chat(m_port, chatBody("notes", kEmail),
                                           bearer(kStrictKey));
    QVERIFY(blocked);
    QCOMPARE(blocked->status, 400);
}

void TestGuardrailProfiles::routeProfileScansAnswersOnlyOnItsRoute()
{
    // This provider writes an e-mail address of its own into every answer.
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("ops@provider.example.com"));
    QVERIFY(m_fake->listen());
    start();
    auto scanned = chat(m_port, chatBody("notes", "the team", true));
    QVERIFY(scanned);
    QCOMPARE(scanned->status, 200);
    QCOMPARE(answerText(*scanned), QByteArray("[EMAIL_1] says: write to the team"));

    auto plain = chat(m_port, chatBody("chat", "the team", true));
    QVERIFY(plain);
    QCOMPARE(answerText(*plain), QByteArray("ops@provider.example.com says: write to the team"));
}

void TestGuardrailProfiles::keyWithUndeclaredProfileFailsClosed()
{
    // A key made with the CLI for a profile the config does not declare (or no longer does).
    QByteArray token;
    {
        SystemClock clock;
        auto registry = budget::KeyRegistry::open(budget::BudgetDb::pathIn(m_gateway->dataDir()), clock);
        QVERIFY2(registry, qPrintable(registry ? QString() : registry.error().message));
        budget::NewKeyOptions options;
        options.team = QStringLiteral("t");
        options.guardrails = QStringLiteral("retired");
        auto created = (*registry)->create(options);
        QVERIFY(created);
        token = created->token;
        QCOMPARE(created->info->guardrails, QStringLiteral("retired"));
    }
    start();
    const int before = m_fake->requestCount();
    auto r = chat(m_port, chatBody("chat", "the team"), bearer(token));
    QVERIFY(r);
    QCOMPARE(r->status, 403);
    QCOMPARE(errorCode(r->body), QStringLiteral("unknown_guardrails_profile"));
    QVERIFY2(r->body.contains("retired"), r->body.constData());
    QCOMPARE(m_fake->requestCount(), before);
}

void TestGuardrailProfiles::ledgerNamesTheProfiles()
{
    start();
    const std::pair<QByteArray, QByteArray> requests[] = {
        {"chat", bearer()}, {"notes", bearer(kOpenKey)}, {"locked", bearer()}, {"chat", bearer(kStrictKey)}};
    for (const auto& [model, auth] : requests) {
        auto r = chat(m_port, chatBody(model, "the team"), auth);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }
    m_gateway->stop(); // writes and seals the ledger
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(qPrintable(m_gateway->dataPath(QStringLiteral("ledger.db"))), &db, SQLITE_OPEN_READONLY,
                             nullptr),
             SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    QCOMPARE(sqlite3_prepare_v2(db, "SELECT policy_version FROM records ORDER BY seq", -1, &q, nullptr), SQLITE_OK);
    QStringList suffixes;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const QString version = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
        const qsizetype at = version.indexOf(QLatin1String("; guardrails "));
        suffixes << (at < 0 ? QString() : version.mid(at + 13));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    QCOMPARE(suffixes, (QStringList{QString(), QStringLiteral("route=clinical key=open"), QStringLiteral("route=route/locked"),
                                    QStringLiteral("key=strict")}));
}

QTEST_GUILESS_MAIN(TestGuardrailProfiles)
#include "tst_guardrailprofiles.moc"

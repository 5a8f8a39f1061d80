#include "budget/budgetdb.h"
#include "budget/budgetservice.h"
#include "budget/keyregistry.h"
#include "fakeclock.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <set>
#include <thread>

using namespace tollgate;
using namespace tollgate::budget;

class TestKeyRegistry : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyRegistry> openRegistry(const QTemporaryDir& dir, const ManualClock& clock,
                                              const std::vector<DeclaredKeyConfig>& declared = {})
    {
        auto r = KeyRegistry::open(BudgetDb::pathIn(dir.path()), clock, declared);
        if (!r)
            qWarning() << r.error().message;
        return r ? std::move(r.value()) : nullptr;
    }

    // Creates a key of team "support" with `guardrails` in a registry on dir, then closes the
    // registry; the key's token, or empty when either step failed.
    QByteArray createAndClose(const QTemporaryDir& dir, const ManualClock& clock, const QString& guardrails = {})
    {
        auto registry = openRegistry(dir, clock);
        if (!registry)
            return {};
        NewKeyOptions options;
        options.team = QStringLiteral("support");
        options.guardrails = guardrails;
        auto created = registry->create(options);
        return created ? created->token : QByteArray();
    }

private Q_SLOTS:
    void tokenFormat()
    {
        std::set<QByteArray> seen;
        const QRegularExpression shape(QStringLiteral("^tg-[0-9A-Za-z]{43}$"));
        for (int i = 0; i < 200; ++i) {
            auto token = generateKeyToken();
            QVERIFY(token);
            QVERIFY2(shape.match(QString::fromLatin1(*token)).hasMatch(), token->constData());
            QVERIFY(seen.insert(*token).second);
        }
    }

    void createAndLookup()
    {
        QTemporaryDir dir;
        ManualClock clock;
        auto registry = openRegistry(dir, clock);
        QVERIFY(registry);
        QVERIFY(registry->empty());
        NewKeyOptions options;
        options.team = QStringLiteral("support");
        options.project = QStringLiteral("helpdesk");
        options.name = QStringLiteral("bot");
        auto created = registry->create(options);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QCOMPARE(created->info->prefix, QString::fromLatin1(created->token.left(7)));
        QVERIFY(created->info->id.startsWith(QLatin1String("key_")));

        const KeyLookup found = registry->lookup(created->token.toStdString());
        QVERIFY(found.ok());
        QCOMPARE(found.key->team, QStringLiteral("support"));
        QCOMPARE(found.key->project, QStringLiteral("helpdesk"));
        QVERIFY(registry->lookupAuthorization("Bearer " + created->token.toStdString()).ok());

        // One character off is unknown, as are empty and foreign tokens.
        QByteArray wrong = created->token;
        wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
        QCOMPARE(registry->lookup(wrong.toStdString()).refusal, KeyRefusal::Unknown);
        QCOMPARE(registry->lookup("").refusal, KeyRefusal::Missing);
        QCOMPARE(registry->lookup("sk-not-ours").refusal, KeyRefusal::Unknown);
        QVERIFY(registry->create(NewKeyOptions{}).ok() == false); // a key needs a team
    }

    void guardrailsProfileIsStored()
    {
        QTemporaryDir dir;
        ManualClock clock;
        QVERIFY(createAndClose(dir, clock, QStringLiteral("Not A Name")).isEmpty()); // a profile name, or nothing
        const QByteArray token = createAndClose(dir, clock, QStringLiteral("clinical"));
        QVERIFY(!token.isEmpty());
        auto reopened = openRegistry(dir, clock);
        QVERIFY(reopened);
        const KeyLookup found = reopened->lookup(token.toStdString());
        QVERIFY(found.ok());
        QCOMPARE(found.key->guardrails, QStringLiteral("clinical"));
    }

    // A budget.db of schema version 1 (no region, no guardrails column) is migrated in place and
    // keeps its keys.
    void migratesVersionOne()
    {
        QTemporaryDir dir;
        ManualClock clock;
        const QByteArray token = createAndClose(dir, clock);
        QVERIFY(!token.isEmpty());
        {
            auto db = BudgetDb::open(BudgetDb::pathIn(dir.path()));
            QVERIFY(db);
            QVERIFY((*db)->exec("ALTER TABLE keys DROP COLUMN guardrails"));
            QVERIFY((*db)->exec("ALTER TABLE keys DROP COLUMN region"));
            QVERIFY((*db)->exec("UPDATE meta SET value = 1 WHERE name = 'schema_version'"));
        }
        auto registry = openRegistry(dir, clock);
        QVERIFY(registry);
        QVERIFY(registry->lookup(token.toStdString()).ok());
        NewKeyOptions options;
        options.team = QStringLiteral("support");
        options.region = QStringLiteral("in");
        options.guardrails = QStringLiteral("strict");
        auto created = registry->create(options);
        QVERIFY(created);
        QCOMPARE(registry->lookup(created->token.toStdString()).key->guardrails, QStringLiteral("strict"));
        auto db = BudgetDb::open(BudgetDb::pathIn(dir.path()));
        QVERIFY(db);
        Statement version(**db, "SELECT value FROM meta WHERE name = 'schema_version'");
        QVERIFY(version.step());
        QCOMPARE(version.int64(0), std::int64_t(BudgetDb::kSchemaVersion));
    }

    void databaseNeverHoldsTheKey()
    {
        QTemporaryDir dir;
        ManualClock clock;
        QList<QByteArray> tokens;
        {
            auto registry = openRegistry(dir, clock);
            QVERIFY(registry);
            for (int i = 0; i < 5; ++i) {
                auto created = registry->create({QStringLiteral("k%1").arg(i), QStringLiteral("team"), {}, {}, 0, {}});
                QVERIFY(created);
                tokens << created->token;
            }
        }
        QByteArray bytes;
        for (const QString& name : QDir(dir.path()).entryList(QDir::Files)) {
            QFile f(QDir(dir.path()).filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            bytes += f.readAll();
        }
        QVERIFY(bytes.size() > 1000);
        for (const QByteArray& token : tokens) {
            QVERIFY(!bytes.contains(token));
            QVERIFY(!bytes.contains(token.mid(3)));           // not even the random part
            QVERIFY(!bytes.contains(token.mid(3, 20)));       // nor a long stretch of it
            QVERIFY(bytes.contains(token.left(7)));           // only the visible prefix
            QVERIFY(bytes.contains(QByteArray::fromRawData(
                reinterpret_cast<const char*>(hashKeyToken(token.toStdString()).data()), 32)));
        }
        // Reopened, the keys still work: the hash is enough.
        auto registry = openRegistry(dir, clock);
        QVERIFY(registry);
        for (const QByteArray& token : tokens)
            QVERIFY(registry->lookup(token.toStdString()).ok());
    }

    void expiry()
    {
        QTemporaryDir dir;
        ManualClock clock;
        auto registry = openRegistry(dir, clock);
        NewKeyOptions options;
        options.team = QStringLiteral("t");
        options.expiresAtMs = clock.wallMs() + 60'000;
        auto created = registry->create(options);
        QVERIFY(created);
        QVERIFY(registry->lookup(created->token.toStdString()).ok());
        clock.advanceMs(59'999);
        QVERIFY(registry->lookup(created->token.toStdString()).ok());
        clock.advanceMs(1);
        QCOMPARE(registry->lookup(created->token.toStdString()).refusal, KeyRefusal::Expired);
        options.expiresAtMs = clock.wallMs() - 1;
        QVERIFY(!registry->create(options)); // already expired
    }

    void revocationTakesEffectOnNextLookup()
    {
        QTemporaryDir dir;
        ManualClock clock;
        auto registry = openRegistry(dir, clock);
        auto a = registry->create({{}, QStringLiteral("t"), {}, {}, 0, {}});
        auto b = registry->create({{}, QStringLiteral("t"), {}, {}, 0, {}});
        QVERIFY(a && b);
        QVERIFY(registry->lookup(a->token.toStdString()).ok());
        QVERIFY(registry->revoke(a->info->id));
        QCOMPARE(registry->lookup(a->token.toStdString()).refusal, KeyRefusal::Revoked);
        QVERIFY(registry->lookup(b->token.toStdString()).ok());
        QVERIFY(!registry->revoke(QStringLiteral("key_doesnotexist")));

        // Persisted, and another process (the CLI) revoking is seen after reloadIfChanged().
        auto other = openRegistry(dir, clock);
        QCOMPARE(other->lookup(a->token.toStdString()).refusal, KeyRefusal::Revoked);
        QVERIFY(other->revoke(b->info->id));
        QVERIFY(registry->lookup(b->token.toStdString()).ok()); // not yet reloaded
        auto reloaded = registry->reloadIfChanged();
        QVERIFY(reloaded && *reloaded);
        QCOMPARE(registry->lookup(b->token.toStdString()).refusal, KeyRefusal::Revoked);
        reloaded = registry->reloadIfChanged();
        QVERIFY(reloaded && !*reloaded);
    }

    void revocationUnderConcurrentLookups()
    {
        QTemporaryDir dir;
        ManualClock clock;
        auto registry = openRegistry(dir, clock);
        auto key = registry->create({{}, QStringLiteral("t"), {}, {}, 0, {}});
        QVERIFY(key);
        const std::string token = key->token.toStdString();
        std::atomic<bool> revoked{false}, stop{false};
        std::atomic<int> okAfterRevoke{0}, lookups{0};
        std::vector<std::thread> readers;
        for (int i = 0; i < 4; ++i) {
            readers.emplace_back([&] {
                while (!stop.load()) {
                    const bool wasRevoked = revoked.load();
                    const KeyLookup r = registry->lookup(token);
                    if (wasRevoked && r.ok())
                        okAfterRevoke.fetch_add(1);
                    lookups.fetch_add(1);
                }
            });
        }
        QTRY_VERIFY_WITH_TIMEOUT(lookups.load() > 1000, 5000);
        QVERIFY(registry->revoke(key->info->id));
        revoked.store(true);
        const int at = lookups.load();
        QTRY_VERIFY_WITH_TIMEOUT(lookups.load() > at + 1000, 5000);
        stop.store(true);
        for (auto& t : readers)
            t.join();
        QCOMPARE(okAfterRevoke.load(), 0);
    }

    void scopes_data()
    {
        QTest::addColumn<QStringList>("scopes");
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("empty allows all") << QStringList{} << QStringLiteral("openai/gpt-4o") << true;
        QTest::newRow("alias exact") << QStringList{QStringLiteral("chat-default")} << QStringLiteral("chat-default") << true;
        QTest::newRow("alias other") << QStringList{QStringLiteral("chat-default")} << QStringLiteral("chat-fast") << false;
        QTest::newRow("provider glob") << QStringList{QStringLiteral("openai/*")} << QStringLiteral("openai/gpt-4o-mini") << true;
        QTest::newRow("provider glob other") << QStringList{QStringLiteral("openai/*")} << QStringLiteral("anthropic/claude") << false;
        QTest::newRow("model glob") << QStringList{QStringLiteral("*/gpt-4o*")} << QStringLiteral("azure/gpt-4o-mini") << true;
        QTest::newRow("no prefix match") << QStringList{QStringLiteral("openai/gpt-4o")} << QStringLiteral("openai/gpt-4o-mini") << false;
        QTest::newRow("second scope") << QStringList{QStringLiteral("x"), QStringLiteral("mistral/*")} << QStringLiteral("mistral/large") << true;
    }

    void scopes()
    {
        QFETCH(QStringList, scopes);
        QFETCH(QString, model);
        QFETCH(bool, allowed);
        KeyInfo info;
        info.scopes = scopes;
        QCOMPARE(info.allowsModel(model), allowed);
    }

    void scopeRefusalThroughService()
    {
        QTemporaryDir dir;
        ManualClock clock;
        BudgetConfig config;
        auto service = BudgetService::open(dir.path(), config, clock);
        QVERIFY2(service, qPrintable(service ? QString() : service.error().message));
        QVERIFY(!(*service)->keysRequired());
        NewKeyOptions options;
        options.team = QStringLiteral("t");
        options.scopes = QStringList{QStringLiteral("chat-default"), QStringLiteral("openai/*")};
        auto key = (*service)->keys().create(options);
        QVERIFY(key);
        QVERIFY((*service)->keysRequired());
        const std::string auth = "Bearer " + key->token.toStdString();
        QVERIFY((*service)->authenticate(auth, u"chat-default").ok());
        QVERIFY((*service)->authenticate(auth, u"openai/gpt-4o").ok());
        const AuthOutcome refused = (*service)->authenticate(auth, u"anthropic/claude-3-5-sonnet");
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error->status, 403);
        QCOMPARE(refused.error->code, QByteArray("model_not_allowed"));
        QVERIFY(refused.error->message.contains(QLatin1String("anthropic/claude-3-5-sonnet")));
        const AuthOutcome unknown = (*service)->authenticate("Bearer tg-nope", u"chat-default");
        QCOMPARE(unknown.error->status, 401);
        QCOMPARE(unknown.error->code, QByteArray("invalid_api_key"));
        QVERIFY(!unknown.error->message.contains(QLatin1String("tg-nope"))); // never echo a secret
        QCOMPARE((*service)->authenticate("", u"chat-default").error->code, QByteArray("missing_api_key"));
    }

    void declaredKeys()
    {
        QTemporaryDir dir;
        ManualClock clock;
        const QByteArray envToken = "tg-declaredFromEnvironment0123456789abcdefghijk";
        qputenv("TOLLGATE_TEST_DECLARED_KEY", envToken);
        const QByteArray hashedToken = "tg-declaredByHashOnly0123456789abcdefghijklmnop";
        DeclaredKeyConfig byEnv;
        byEnv.id = QStringLiteral("ci-bot");
        byEnv.team = QStringLiteral("platform");
        byEnv.envName = QStringLiteral("TOLLGATE_TEST_DECLARED_KEY");
        DeclaredKeyConfig byHash;
        byHash.id = QStringLiteral("batch");
        byHash.team = QStringLiteral("data");
        byHash.sha256Hex = toHex(hashKeyToken(hashedToken.toStdString()));
        auto registry = openRegistry(dir, clock, {byEnv, byHash});
        QVERIFY(registry);
        const KeyLookup a = registry->lookup(envToken.toStdString());
        QVERIFY(a.ok());
        QCOMPARE(a.key->id, QStringLiteral("ci-bot"));
        QVERIFY(a.key->declared);
        const KeyLookup b = registry->lookup(hashedToken.toStdString());
        QVERIFY(b.ok());
        QCOMPARE(b.key->team, QStringLiteral("data"));
        QVERIFY(!registry->revoke(QStringLiteral("batch"))); // declared: edit the config instead

        DeclaredKeyConfig bad = byHash;
        bad.sha256Hex = "abc";
        QVERIFY(!KeyRegistry::open(BudgetDb::pathIn(dir.path()), clock, {bad}));
        DeclaredKeyConfig missingEnv = byEnv;
        missingEnv.envName = QStringLiteral("TOLLGATE_TEST_UNSET_VARIABLE");
        auto failed = KeyRegistry::open(BudgetDb::pathIn(dir.path()), clock, {missingEnv});
        QVERIFY(!failed);
        QVERIFY(failed.error().message.contains(QLatin1String("TOLLGATE_TEST_UNSET_VARIABLE")));
    }
};

QTEST_GUILESS_MAIN(TestKeyRegistry)
#include "tst_keyregistry.moc"

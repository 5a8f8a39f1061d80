// Budgets under concurrency, end to end: a real gateway (two workers) on loopback, a fake
// OpenAI-style provider priced in USD, budgets in EUR with dated exchange rates, and 200 clients at
// once against a budget that allows about 50 of them — plain answers, streams, and streams that
// clients cut off. The cap must hold in what budget.db records, every refusal must be a clear 402,
// and no reservation may be left behind.
#include "budget/budgetservice.h"
#include "budget/exchangerates.h"
#include "config/configloader.h"
#include "fakeopenaiserver.h"
#include "gateway/gateway.h"
#include "httptestclient.h"

#include <QCryptographicHash>
#include <QDate>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <vector>

using namespace tollgate;
using namespace tollgate::testing;

namespace {

constexpr int kClients = 200;
// Prices of the fake's model, per million tokens in USD: 1 micro-USD per input token, 100 per
// output token.
constexpr std::int64_t kInputMicrosPerToken = 1;
constexpr std::int64_t kOutputMicrosPerToken = 100;
// Every request asks for max_tokens 6 and says "hello budget request N": the fake answers
// "fake says: hello budget request N" (6 words, C = 6) for P = 4 words + 3 per message = 7.
constexpr std::int64_t kMaxTokens = 6;
constexpr std::int64_t kPromptTokens = 7;
constexpr std::int64_t kCompletionTokens = 6;
constexpr std::int64_t kActualUsdMicros =
    kPromptTokens * kInputMicrosPerToken + kCompletionTokens * kOutputMicrosPerToken;
// The rate in force today: configured for yesterday, between an older rate and a future one.
constexpr std::int64_t kTodayRateNanos = 500'000'000; // 1 USD = 0.5 EUR
// Each budget's cap in EUR micro-units. A request's reservation is at most about 380 µEUR (body
// bytes + 8 at the input price, 6 output tokens, at 0.5), its actual cost 304 µEUR: between 42 and
// 52 requests fit, whatever the interleaving.
constexpr std::int64_t kCapMicros = 16'000;

const QByteArray kTokens[] = {
    "tg-budgetPlainAbcdefghijklmnopqrstuvwxyz0123456789",
    "tg-budgetStreamAbcdefghijklmnopqrstuvwxyz012345678",
    "tg-budgetCutAbcdefghijklmnopqrstuvwxyz0123456789AB",
};

QByteArray sha256Hex(const QByteArray& token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QByteArray chatBody(int n, bool stream)
{
    QByteArray body = R"({"model":"chat","max_tokens":)" + QByteArray::number(kMaxTokens) +
                      R"(,"messages":[{"role":"user","content":"hello budget request )" +
                      QByteArray::number(n) + "\"}]";
    if (stream)
        body += R"(,"stream":true,"stream_options":{"include_usage":true})";
    return body + "}";
}

// What a stream cut before its usage is charged, in USD micro-units: the token bounds the
// reservation was computed from — input bound (bytes + 8 for the one message) at the input price,
// max_tokens at the output price (docs/budgets.md, "maximum cost") — priced like real usage.
std::int64_t maxCostUsdMicros(const QByteArray& body)
{
    return (body.size() + 8) * kInputMicrosPerToken + kMaxTokens * kOutputMicrosPerToken;
}

QByteArray requestIdIn(const QByteArray& head)
{
    for (const QByteArray& line : head.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith("x-tollgate-request-id:"))
            return l.mid(int(qstrlen("x-tollgate-request-id:"))).trimmed();
    }
    return {};
}

struct SpendRow
{
    QByteArray requestId;
    std::int64_t amount = 0;
    QString currency;
    std::int64_t converted = 0;
    QString convertedCurrency;
    QString rate;
    QString rateDate;
};

} // namespace

class TestBudgetConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void parallelRequestsNeverOvershoot_data();
    void parallelRequestsNeverOvershoot();

private:
    std::vector<SpendRow> spendRows(const QString& column, const QString& value);

    std::unique_ptr<FakeOpenAiServer> m_fake;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
    QDate m_rateDate;
};

void TestBudgetConcurrency::initTestCase()
{
    m_fake = std::make_unique<FakeOpenAiServer>(QStringLiteral("fake"));
    QVERIFY(m_fake->listen());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    // A test running across midnight UTC still finds yesterday's rate as the latest one.
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_rateDate = today.addDays(-1);
    const QByteArray rateDate = m_rateDate.toString(Qt::ISODate).toLatin1();
    const QByteArray futureDate = today.addDays(40).toString(Qt::ISODate).toLatin1();
    const QByteArray cap = "0." + QByteArray::number(kCapMicros).rightJustified(6, '0');
    // Custom periods over all time, so that a run across a period boundary cannot reset a budget.
    const auto budget = [&](const char* id, const char* scope, const char* subject) {
        return QByteArray("    - {id: ") + id + ", scope: " + scope + ", subject: " + subject +
               ", period: custom, start: 2020-01-01, end: 2100-01-01, currency: EUR, cap: \"" + cap + "\"}\n";
    };
    const QByteArray yaml =
        "server:\n  listen: 127.0.0.1:0\n  workers: 2\n"
        "providers:\n"
        "  - name: usd\n    kind: openai-compatible\n    base_url: " +
        m_fake->baseUrl().toUtf8() +
        "/v1\n    region: us\n    api_key: sk-fake\n"
        "    timeouts: {connect_ms: 5000, first_byte_ms: 20000, idle_ms: 20000, total_ms: 60000}\n"
        "    models:\n      - name: m\n        input_per_million: 1\n        output_per_million: 100\n"
        "        currency: USD\n"
        "routes:\n  - alias: chat\n    targets: [usd/m]\n"
        "budget:\n  display_currency: EUR\n  rates:\n"
        "    - {date: 2020-01-01, from: USD, to: EUR, rate: \"0.25\"}\n"
        "    - {date: " +
        rateDate +
        ", from: USD, to: EUR, rate: \"0.5\"}\n"
        "    - {date: " +
        futureDate +
        ", from: USD, to: EUR, rate: \"2\"}\n"
        "  keys:\n"
        "    - {id: plain, team: team-plain, sha256: " +
        sha256Hex(kTokens[0]) + "}\n    - {id: stream, team: team-stream, sha256: " + sha256Hex(kTokens[1]) +
        "}\n    - {id: cut, team: team-cut, sha256: " + sha256Hex(kTokens[2]) + "}\n  budgets:\n" +
        budget("plain-cap", "team", "team-plain") + budget("stream-cap", "key", "stream") +
        budget("cut-cap", "team", "team-cut");
    ConfigLoadResult loaded = ConfigLoader::loadText(yaml);
    for (const ConfigIssue& issue : loaded.issues)
        qWarning().noquote() << issue.format(QStringLiteral("test.yaml"));
    QVERIFY(loaded.ok());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(loaded.config, m_dir->path());
    QVERIFY(started.wait(15000));
    m_port = m_gateway->port();
    QVERIFY(m_gateway->budgetService());
}

void TestBudgetConcurrency::cleanupTestCase()
{
    m_gateway.reset();
    m_fake.reset();
    QSqlDatabase::removeDatabase(QStringLiteral("spend"));
}

std::vector<SpendRow> TestBudgetConcurrency::spendRows(const QString& column, const QString& value)
{
    std::vector<SpendRow> rows;
    {
        QSqlDatabase db = QSqlDatabase::contains(QStringLiteral("spend"))
                              ? QSqlDatabase::database(QStringLiteral("spend"))
                              : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("spend"));
        db.setDatabaseName(m_gateway->budgetService()->databasePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.isOpen() && !db.open()) {
            qWarning() << "cannot open budget.db:" << db.lastError().text();
            return rows;
        }
        QSqlQuery q(db);
        // column is one of two fixed names chosen by the test, never input.
        q.prepare(QStringLiteral(
                      "SELECT request_id, amount_micros, currency, converted_micros, converted_currency, "
                      "rate, rate_date FROM spend WHERE %1 = ?")
                      .arg(column));
        q.addBindValue(value);
        if (!q.exec()) {
            qWarning() << "spend query failed:" << q.lastError().text();
            return rows;
        }
        while (q.next()) {
            rows.push_back({q.value(0).toString().toLatin1(), q.value(1).toLongLong(), q.value(2).toString(),
                            q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toString(),
                            q.value(6).toString()});
        }
    }
    return rows;
}

void TestBudgetConcurrency::parallelRequestsNeverOvershoot_data()
{
    QTest::addColumn<int>("keyIndex");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("disconnect");
    QTest::addColumn<QString>("budgetId");
    QTest::addColumn<QString>("spendColumn");
    QTest::addColumn<QString>("spendSubject");
    // Team budget, plain answers (the fake waits before answering, so requests overlap).
    QTest::newRow("plain, team budget") << 0 << false << false << "plain-cap"
                                        << "team"
                                        << "team-plain";
    // Key budget, streams: usage arrives only in the final chunk.
    QTest::newRow("streams, key budget") << 1 << true << false << "stream-cap"
                                         << "key_id"
                                         << "stream";
    // Team budget, streams of which every third client walks away after the first event.
    QTest::newRow("cut streams, team budget") << 2 << true << true << "cut-cap"
                                              << "team"
                                              << "team-cut";
}

void TestBudgetConcurrency::parallelRequestsNeverOvershoot()
{
    QFETCH(int, keyIndex);
    QFETCH(bool, stream);
    QFETCH(bool, disconnect);
    QFETCH(QString, budgetId);
    QFETCH(QString, spendColumn);
    QFETCH(QString, spendSubject);

    m_fake->setDefaultBehaviour(disconnect ? FakeBehaviour::eventDelay(40)
                                : stream   ? FakeBehaviour::eventDelay(5)
                                           : FakeBehaviour::slowFirstByte(50));
    const QByteArray auth = "Authorization: Bearer " + kTokens[keyIndex] + "\r\n";

    std::vector<std::unique_ptr<HttpTestClient>> clients;
    std::vector<QByteArray> bodies;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(m_port));
        QVERIFY(clients.back()->connectToServer());
    }
    for (int i = 0; i < kClients; ++i) {
        bodies.push_back(chatBody(i, stream));
        clients[size_t(i)]->post("/v1/chat/completions", bodies.back(), auth);
    }

    // Clients that cut their stream: wait for its head and first event, then close the socket.
    std::map<QByteArray, int> cutIds; // request id -> client index
    int admittedCut = 0;
    if (disconnect) {
        for (int i = 0; i < kClients; i += 3) {
            HttpTestClient& c = *clients[size_t(i)];
            QVERIFY2(c.waitForBytes("\r\n\r\n", 20000),
                     qPrintable(QStringLiteral("client %1 got no head").arg(i)));
            if (!c.buffer().startsWith("HTTP/1.1 200"))
                continue; // refused: checked with the others below
            QVERIFY(c.waitForBytes("data:", 20000));
            const QByteArray id = requestIdIn(c.buffer().left(c.buffer().indexOf("\r\n\r\n")));
            QVERIFY(!id.isEmpty());
            cutIds[id] = i;
            ++admittedCut;
            c.abort();
        }
    }

    int succeeded = 0;
    int refused = 0;
    for (int i = 0; i < kClients; ++i) {
        if (disconnect && i % 3 == 0 && !clients[size_t(i)]->isConnected())
            continue; // cut above
        auto r = clients[size_t(i)]->waitForResponse(30000);
        QVERIFY2(r, qPrintable(QStringLiteral("client %1 got no answer").arg(i)));
        if (r->status == 200) {
            ++succeeded;
            // The fake's usage reached the client: the usage chunk of a stream, or the body.
            QJsonObject usage;
            if (stream) {
                const QList<QByteArray> events = r->sseData();
                QVERIFY(!events.isEmpty());
                QCOMPARE(events.last(), QByteArray("[DONE]"));
                QVERIFY(events.size() >= 2);
                usage = QJsonDocument::fromJson(events[events.size() - 2]).object().value("usage").toObject();
            } else {
                usage = QJsonDocument::fromJson(r->body).object().value("usage").toObject();
            }
            QCOMPARE(usage.value("prompt_tokens").toInt(), int(kPromptTokens));
            QCOMPARE(usage.value("completion_tokens").toInt(), int(kCompletionTokens));
            continue;
        }
        ++refused;
        QCOMPARE(r->status, 402);
        QVERIFY(r->header("content-type").startsWith("application/json"));
        const QJsonObject error = QJsonDocument::fromJson(r->body).object().value("error").toObject();
        QCOMPARE(error.value("type").toString(), QStringLiteral("budget_exceeded"));
        QCOMPARE(error.value("code").toString(), QStringLiteral("budget_exceeded"));
        const QString message = error.value("message").toString();
        QVERIFY2(message.startsWith(QStringLiteral("Budget '%1'").arg(budgetId)), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("is exhausted: cap 0.016000 EUR")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("this request may cost up to")), qPrintable(message));
        QVERIFY(!message.contains(QLatin1String(kTokens[keyIndex])));
    }
    const int admitted = succeeded + admittedCut;
    QCOMPARE(admitted + refused, kClients);
    QVERIFY2(admitted >= 40, qPrintable(QStringLiteral("only %1 admitted").arg(admitted)));
    QVERIFY2(refused >= 100, qPrintable(QStringLiteral("only %1 refused").arg(refused)));

    // Every admitted request is settled and its reservation released, cut ones included.
    budget::BudgetService& service = *m_gateway->budgetService();
    const auto usageOf = [&]() {
        for (const budget::BudgetUsage& u : service.budgets().usage()) {
            if (u.rule.id == budgetId)
                return u;
        }
        return budget::BudgetUsage{};
    };
    QTRY_COMPARE_WITH_TIMEOUT(usageOf().reservedMicros, std::int64_t(0), 15000);
    for (const budget::BudgetUsage& u : service.budgets().usage())
        QCOMPARE(u.reservedMicros, std::int64_t(0));
    QVERIFY(service.ledger().flush(15000));

    const std::vector<SpendRow> rows = spendRows(spendColumn, spendSubject);
    QCOMPARE(int(rows.size()), admitted);
    std::int64_t settledEur = 0;
    int chargedTheBound = 0;
    for (const SpendRow& row : rows) {
        QCOMPARE(row.currency, QStringLiteral("USD"));
        QCOMPARE(row.convertedCurrency, QStringLiteral("EUR"));
        // Converted with the rate in force on the day of settlement: not the older rate, not the
        // future one.
        QCOMPARE(row.rate, QStringLiteral("0.5"));
        QCOMPARE(row.rateDate, m_rateDate.toString(Qt::ISODate));
        QCOMPARE(row.converted, budget::ExchangeRates::applyRate(row.amount, kTodayRateNanos));
        const auto cut = cutIds.find(row.requestId);
        if (cut == cutIds.end()) {
            QCOMPARE(row.amount, kActualUsdMicros);
        } else {
            // A stream cut before its usage chunk is charged its whole reservation (the only bound
            // known); one whose usage arrived before the gateway saw the disconnect, its usage.
            const std::int64_t bound = maxCostUsdMicros(bodies[size_t(cut->second)]);
            QVERIFY2(row.amount == kActualUsdMicros || row.amount == bound,
                     qPrintable(QStringLiteral("cut request charged %1 µUSD").arg(row.amount)));
            if (row.amount == bound)
                ++chargedTheBound;
        }
        settledEur += row.converted;
    }
    qInfo("%d admitted (%d of them cut, %d charged their bound), %d refused; settled %lld of %lld µEUR",
          admitted, admittedCut, chargedTheBound, refused, static_cast<long long>(settledEur),
          static_cast<long long>(kCapMicros));
    QVERIFY2(settledEur <= kCapMicros,
             qPrintable(QStringLiteral("settled %1 µEUR over the cap").arg(settledEur)));
    // The budget's own count agrees with the ledger, to the micro-unit.
    QCOMPARE(usageOf().spentMicros, settledEur);
    if (disconnect) {
        QVERIFY(admittedCut > 0);
        QVERIFY2(chargedTheBound > 0, "no stream was actually cut before its usage chunk");
    }
}

QTEST_GUILESS_MAIN(TestBudgetConcurrency)
#include "tst_budgetconcurrency.moc"

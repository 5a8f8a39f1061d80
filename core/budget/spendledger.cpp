#include "budget/spendledger.h"

#include "budget/budgetdb.h"
#include "common/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::SpendLedger", text);
}

QString utcDay(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date().toString(Qt::ISODate);
}

const char* columnFor(const QString& groupBy)
{
    if (groupBy == QLatin1String("key"))
        return "key_id";
    if (groupBy == QLatin1String("team"))
        return "team";
    if (groupBy == QLatin1String("project"))
        return "project";
    if (groupBy == QLatin1String("provider"))
        return "provider";
    if (groupBy == QLatin1String("model"))
        return "model";
    if (groupBy == QLatin1String("day"))
        return "day";
    return nullptr;
}

QByteArray csvField(const QString& value)
{
    QByteArray utf8 = value.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace

// Rows per transaction at most, and how long the writer lets rows gather once one is queued.
// Waking the writer for every settled request cost the request path a futex wake and a
// one-row transaction competing for the same cores (paced at 5,000 req/s: about 3 µs of the
// admission benchmark's median); gathering for up to 50 ms makes it one wake and one commit per
// batch. Rows are never on the request path, so the delay is only how late a report sees them.
constexpr std::size_t kMaxBatchRows = 512;
constexpr auto kGatherTime = std::chrono::milliseconds(50);

class SpendLedger::Impl
{
public:
    std::unique_ptr<BudgetDb> db;
    std::mutex mutex;
    std::condition_variable wake;     // writer: work or stop
    std::condition_variable progress; // flush(): a batch was committed
    std::deque<SpendRecord> queue;
    std::uint64_t enqueued = 0;  // guarded by mutex
    std::uint64_t committed = 0; // guarded by mutex
    bool stopping = false;
    bool writerIdle = false;     // guarded by mutex: the writer waits for a first row, untimed
    bool flushRequested = false; // guarded by mutex: write what is queued now
    std::atomic<std::int64_t> written{0};
    std::atomic<std::int64_t> failures{0};
    std::thread thread;

    bool writeBatch(const std::vector<SpendRecord>& batch)
    {
        if (!db->exec("BEGIN IMMEDIATE"))
            return false;
        Statement insert(*db, "INSERT INTO spend(request_id, time_ms, day, key_id, team, project, provider, model, "
                              "input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, "
                              "amount_micros, currency, converted_micros, converted_currency, rate, rate_date) "
                              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        bool ok = insert.prepared();
        for (const SpendRecord& r : batch) {
            if (!ok)
                break;
            insert.reset();
            insert.bind(1, r.requestId);
            insert.bind(2, r.timeMs);
            insert.bind(3, utcDay(r.timeMs));
            insert.bind(4, r.keyId);
            insert.bind(5, r.team);
            insert.bind(6, r.project);
            insert.bind(7, r.provider);
            insert.bind(8, r.model);
            insert.bind(9, r.tokens.inputTokens);
            insert.bind(10, r.tokens.cachedInputTokens);
            insert.bind(11, r.tokens.cacheWriteTokens);
            insert.bind(12, r.tokens.outputTokens);
            insert.bind(13, r.tokens.reasoningTokens);
            insert.bind(14, r.original.micros);
            insert.bind(15, r.original.currencyCode());
            insert.bind(16, r.converted.micros);
            insert.bind(17, r.converted.currencyCode());
            insert.bind(18, ExchangeRates::formatRate(r.rateNanos));
            insert.bind(19, r.rateDate.isValid() ? r.rateDate.toString(Qt::ISODate) : utcDay(r.timeMs));
            insert.step();
            ok = !insert.failed();
        }
        if (!ok) {
            qCWarning(lcStore, "spend ledger: batch of %d rows failed: %s", int(batch.size()),
                      qPrintable(db->lastError()));
            (void)db->exec("ROLLBACK");
            return false;
        }
        return bool(db->exec("COMMIT"));
    }

    void run()
    {
        std::vector<SpendRecord> batch;
        int retryMs = 100;
        std::unique_lock lock(mutex);
        for (;;) {
            if (queue.empty())
                flushRequested = false;
            writerIdle = true;
            wake.wait(lock, [&] { return stopping || !queue.empty(); });
            writerIdle = false;
            if (queue.empty() && stopping)
                return;
            wake.wait_for(lock, kGatherTime,
                          [&] { return stopping || flushRequested || queue.size() >= kMaxBatchRows; });
            batch.clear();
            while (!queue.empty() && batch.size() < kMaxBatchRows) {
                batch.push_back(std::move(queue.front()));
                queue.pop_front();
            }
            lock.unlock();
            bool ok = writeBatch(batch);
            int attempts = 1;
            while (!ok) {
                failures.fetch_add(1);
                std::this_thread::sleep_for(std::chrono::milliseconds(retryMs));
                retryMs = std::min(retryMs * 2, 5'000);
                ok = writeBatch(batch);
                if (++attempts > 5 && stopping)
                    break; // shutting down on a broken disk: give up after a few tries
            }
            if (ok) {
                retryMs = 100;
                written.fetch_add(std::int64_t(batch.size()));
            }
            lock.lock();
            committed += batch.size();
            progress.notify_all();
        }
    }
};

SpendLedger::SpendLedger() : m_impl(std::make_unique<Impl>()) {}

Result<std::unique_ptr<SpendLedger>> SpendLedger::open(const QString& databasePath)
{
    auto db = BudgetDb::open(databasePath);
    if (!db)
        return db.error();
    std::unique_ptr<SpendLedger> ledger(new SpendLedger());
    ledger->m_impl->db = std::move(db.value());
    Impl* impl = ledger->m_impl.get();
    impl->thread = std::thread([impl] { impl->run(); });
    return ledger;
}

SpendLedger::~SpendLedger()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

void SpendLedger::enqueue(SpendRecord record)
{
    bool notify = false;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.push_back(std::move(record));
        ++m_impl->enqueued;
        // Only the first row of a batch (the writer sleeps untimed) or a full batch wakes it.
        if (m_impl->writerIdle || m_impl->queue.size() == kMaxBatchRows) {
            m_impl->writerIdle = false;
            notify = true;
        }
    }
    if (notify)
        m_impl->wake.notify_one();
}

bool SpendLedger::flush(int timeoutMs)
{
    std::unique_lock lock(m_impl->mutex);
    m_impl->flushRequested = true;
    m_impl->wake.notify_one();
    const std::uint64_t target = m_impl->enqueued;
    return m_impl->progress.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                     [&] { return m_impl->committed >= target; });
}

std::int64_t SpendLedger::writtenCount() const
{
    return m_impl->written.load();
}

std::int64_t SpendLedger::failedWrites() const
{
    return m_impl->failures.load();
}

bool isValidGroupBy(const QString& column)
{
    return columnFor(column) != nullptr;
}

namespace {

// Sums per (group columns, day, currency) in SQL, then converts each day's sum with that day's rate.
Result<std::vector<SpendRow>> runReport(const QString& databasePath, const SpendQuery& query,
                                        const ExchangeRates& rates)
{
    if (!Money::isValidCurrencyCode(query.currency))
        return makeError(tr("'%1' is not an ISO 4217 currency code").arg(query.currency));
    QByteArray columns;
    for (const QString& g : query.groupBy) {
        const char* c = columnFor(g);
        if (!c)
            return makeError(tr("Cannot group by '%1' (key, team, project, provider, model, day)").arg(g));
        columns += c;
        columns += ", ";
    }
    QByteArray sql = "SELECT " + columns
                     + "day, currency, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(amount_micros) "
                       "FROM spend WHERE time_ms >= ? AND time_ms < ?";
    if (!query.keyId.isEmpty())
        sql += " AND key_id = ?";
    if (!query.team.isEmpty())
        sql += " AND team = ?";
    if (!query.project.isEmpty())
        sql += " AND project = ?";
    sql += " GROUP BY " + columns + "day, currency";

    auto db = BudgetDb::open(databasePath, true);
    if (!db)
        return db.error();
    Statement select(**db, std::string_view(sql.constData(), size_t(sql.size())));
    if (!select.prepared())
        return makeError(tr("Cannot read the spend ledger: %1").arg((*db)->lastError()));
    int bindIndex = 1;
    select.bind(bindIndex++, query.fromMs);
    select.bind(bindIndex++, query.toMs);
    if (!query.keyId.isEmpty())
        select.bind(bindIndex++, query.keyId);
    if (!query.team.isEmpty())
        select.bind(bindIndex++, query.team);
    if (!query.project.isEmpty())
        select.bind(bindIndex++, query.project);

    const int n = int(query.groupBy.size());
    std::map<QStringList, SpendRow> groups;
    while (select.step()) {
        QStringList key;
        for (int i = 0; i < n; ++i)
            key << select.text(i);
        const QDate day = QDate::fromString(select.text(n), Qt::ISODate);
        Money original;
        original.currency = Money::currencyFrom(select.text(n + 1));
        original.micros = select.int64(n + 5);
        auto converted = rates.convert(original, query.currency, day);
        if (!converted)
            return makeError(tr("Cannot report in %1: %2").arg(query.currency, converted.error().message));
        SpendRow& row = groups[key];
        row.groupValues = key;
        row.requests += select.int64(n + 2);
        row.inputTokens += select.int64(n + 3);
        row.outputTokens += select.int64(n + 4);
        row.amount.currency = Money::currencyFrom(query.currency);
        row.amount.micros += converted->amount.micros;
    }
    if (select.failed())
        return makeError(tr("Cannot read the spend ledger: %1").arg((*db)->lastError()));
    std::vector<SpendRow> rows;
    rows.reserve(groups.size());
    for (auto& [key, row] : groups)
        rows.push_back(std::move(row));
    return rows;
}

} // namespace

Result<std::vector<SpendRow>> spendReport(const QString& databasePath, const SpendQuery& query,
                                          const ExchangeRates& rates)
{
    return runReport(databasePath, query, rates);
}

QByteArray spendReportCsv(const SpendQuery& query, const std::vector<SpendRow>& rows)
{
    QByteArray out;
    for (const QString& g : query.groupBy)
        out += csvField(g) + ',';
    out += "requests,input_tokens,output_tokens,amount,currency\n";
    for (const SpendRow& row : rows) {
        for (const QString& v : row.groupValues)
            out += csvField(v) + ',';
        const QString amount = row.amount.toString();
        out += QByteArray::number(row.requests) + ',' + QByteArray::number(row.inputTokens) + ','
               + QByteArray::number(row.outputTokens) + ',' + amount.section(QLatin1Char(' '), 0, 0).toLatin1() + ','
               + row.amount.currencyCode().toLatin1() + '\n';
    }
    return out;
}

Result<std::int64_t> spendTotal(const QString& databasePath, BudgetScope scope, const QString& subject,
                                std::int64_t fromMs, std::int64_t toMs, const QString& currency,
                                const ExchangeRates& rates)
{
    SpendQuery query;
    query.fromMs = fromMs;
    query.toMs = toMs;
    query.currency = currency;
    switch (scope) {
    case BudgetScope::Key: query.keyId = subject; break;
    case BudgetScope::Team: query.team = subject; break;
    case BudgetScope::Project: query.project = subject; break;
    }
    auto rows = runReport(databasePath, query, rates);
    if (!rows)
        return rows.error();
    std::int64_t total = 0;
    for (const SpendRow& r : *rows)
        total += r.amount.micros;
    return total;
}

} // namespace tollgate::budget

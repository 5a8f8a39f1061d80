#include "store/requestlogwriter.h"

#include "common/batchqueue.h"
#include "common/logging.h"
#include "common/sqlrows.h"
#include "common/utf8.h"
#include "store/migrations.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>

#include <sqlite3.h>

namespace tollgate {

namespace {

using SteadyClock = std::chrono::steady_clock;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::RequestLogWriter", text);
}

QString uniqueConnectionName(const char* role)
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("tollgate-store-%1-%2").arg(QLatin1String(role)).arg(++counter);
}

const char* const kInsertPrefix =
    "INSERT INTO request_log (request_id, started_at_ms, finished_at_ms, method, path, endpoint,"
    " model_requested, provider, model_used, attempts, stream, status, total_us, upstream_us, added_us,"
    " ttfb_us, input_tokens, output_tokens, cost_micros, cost_currency, error_type, error_message,"
    " stop_reason, client_disconnected) VALUES ";
const char* const kInsertRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kColumns = 24;
constexpr int kTextColumns = 11;
// Rows per multi-row INSERT. SQLite's fixed cost per executed statement (opening a cursor on the
// table and each of its three indexes, halting, freeing) was about a sixth of a row's cost; 16 rows
// share it. Rows go in in the order of the VALUES list: ids come out as with one row per INSERT.
constexpr int kRowsPerInsert = 16;

// The batch's statements, prepared once on the QSQLITE connection's handle and run through SQLite's
// own API: in Qt 6.4 QSqlQuery::bindValue costs about 2,000 instructions per value (it formats a
// placeholder name on every call), and a QSqlQuery::exec of BEGIN or COMMIT prepares it afresh.
// Migrations, pragmas and reads stay with Qt Sql.
class PreparedBatch
{
public:
    PreparedBatch() = default;
    PreparedBatch(const PreparedBatch&) = delete;
    PreparedBatch& operator=(const PreparedBatch&) = delete;
    ~PreparedBatch() { reset(); }

    bool prepared() const { return m_insertOne != nullptr; }

    bool prepare(QSqlDatabase& db, QString* error)
    {
        reset();
        const QVariant handle = db.driver()->handle();
        if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
            *error = QStringLiteral("the database connection is not SQLite");
            return false;
        }
        m_db = *static_cast<sqlite3* const*>(handle.constData());
        const auto prepareOne = [&](const std::string& sql, sqlite3_stmt** statement) {
            return sqlite3_prepare_v3(m_db, sql.c_str(), int(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT,
                                      statement, nullptr) == SQLITE_OK;
        };
        if (!prepareOne(multiRowInsertSql(kInsertPrefix, kInsertRow, 1), &m_insertOne) ||
            !prepareOne(multiRowInsertSql(kInsertPrefix, kInsertRow, kRowsPerInsert), &m_insertMany) ||
            !prepareOne("BEGIN IMMEDIATE", &m_begin) || !prepareOne("COMMIT", &m_commit) ||
            !prepareOne("ROLLBACK", &m_rollback)) {
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
            reset();
            return false;
        }
        return true;
    }

    // Must run before the connection closes: SQLite refuses to close with statements open.
    void reset()
    {
        for (sqlite3_stmt** statement : {&m_insertOne, &m_insertMany, &m_begin, &m_commit, &m_rollback}) {
            sqlite3_finalize(*statement);
            *statement = nullptr;
        }
        m_db = nullptr;
    }

    bool begin(QString* error) { return run(m_begin, error); }
    bool commit(QString* error) { return run(m_commit, error); }
    void rollback()
    {
        QString ignored;
        run(m_rollback, &ignored);
    }

    // Inserts the records in their order. On failure the transaction holds part of them: roll back.
    template <typename Records, typename RecordOf>
    bool insert(const Records& records, RecordOf recordOf, QString* error)
    {
        const std::size_t n = records.size();
        std::size_t next = 0;
        for (; next + kRowsPerInsert <= n; next += kRowsPerInsert) {
            for (int row = 0; row < kRowsPerInsert; ++row)
                bindRow(m_insertMany, row, recordOf(records[next + std::size_t(row)]));
            if (!run(m_insertMany, error))
                return false;
        }
        for (; next < n; ++next) {
            bindRow(m_insertOne, 0, recordOf(records[next]));
            if (!run(m_insertOne, error))
                return false;
        }
        return true;
    }

private:
    bool run(sqlite3_stmt* statement, QString* error)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        if (rc == SQLITE_DONE)
            return true;
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }

    void bindRow(sqlite3_stmt* s, int row, const RequestLogRecord& r)
    {
        int i = row * kColumns;
        std::string* text = s == m_insertOne ? m_textOne.data() : m_textMany.data() + row * kTextColumns;
        bindBytes(s, ++i, *text++, r.requestId);
        sqlite3_bind_int64(s, ++i, r.startedAtMs);
        sqlite3_bind_int64(s, ++i, r.finishedAtMs);
        bindText(s, ++i, *text++, r.method);
        bindText(s, ++i, *text++, r.path);
        bindText(s, ++i, *text++, r.endpoint);
        bindText(s, ++i, *text++, r.modelRequested);
        bindText(s, ++i, *text++, r.provider);
        bindText(s, ++i, *text++, r.modelUsed);
        sqlite3_bind_int64(s, ++i, r.attempts);
        sqlite3_bind_int64(s, ++i, r.stream ? 1 : 0);
        sqlite3_bind_int64(s, ++i, r.status);
        sqlite3_bind_int64(s, ++i, r.totalUs);
        sqlite3_bind_int64(s, ++i, r.upstreamUs);
        sqlite3_bind_int64(s, ++i, r.addedUs);
        sqlite3_bind_int64(s, ++i, r.ttfbUs);
        sqlite3_bind_int64(s, ++i, r.inputTokens);
        sqlite3_bind_int64(s, ++i, r.outputTokens);
        sqlite3_bind_int64(s, ++i, r.costMicros);
        bindText(s, ++i, *text++, r.costCurrency);
        bindText(s, ++i, *text++, r.errorType);
        bindText(s, ++i, *text++, r.errorMessage);
        bindText(s, ++i, *text++, r.stopReason);
        sqlite3_bind_int64(s, ++i, r.clientDisconnected ? 1 : 0);
        Q_ASSERT(i == (row + 1) * kColumns);
    }

    // Text is bound as UTF-8 from buffers this object owns (SQLITE_STATIC: no copy inside SQLite,
    // and the bytes stay valid until the parameter is bound again, as SQLite asks). A QString that
    // is all ASCII is narrowed, which gives exactly its UTF-8; any other goes in as UTF-16 and
    // SQLite converts it at bind time, as it did every string before, so the stored bytes are the
    // same. The columns are NOT NULL: an empty or null string is stored as ''.
    static void bindText(sqlite3_stmt* s, int index, std::string& buffer, const QString& text)
    {
        if (asciiToUtf8(text, buffer))
            sqlite3_bind_text(s, index, buffer.data(), int(buffer.size()), SQLITE_STATIC);
        else // converted to UTF-8 inside the call: SQLite keeps no pointer into text
            sqlite3_bind_text16(s, index, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
    }
    static void bindBytes(sqlite3_stmt* s, int index, std::string& buffer, const QByteArray& bytes)
    {
        buffer.assign(bytes.constData(), std::size_t(bytes.size()));
        sqlite3_bind_text(s, index, buffer.data(), int(buffer.size()), SQLITE_STATIC);
    }

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insertOne = nullptr;
    sqlite3_stmt* m_insertMany = nullptr;
    sqlite3_stmt* m_begin = nullptr;
    sqlite3_stmt* m_commit = nullptr;
    sqlite3_stmt* m_rollback = nullptr;
    // The text columns' bytes, kTextColumns per row of each statement.
    std::array<std::string, std::size_t(kTextColumns)> m_textOne;
    std::array<std::string, std::size_t(kRowsPerInsert* kTextColumns)> m_textMany;
};

bool execSql(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

} // namespace

class RequestLogWriter::Impl
{
public:
    struct Pending
    {
        std::uint64_t seq;
        RequestLogRecord record;
    };

    Options options;
    QString path;
    QString connectionName = uniqueConnectionName("writer");
    QThread* thread = nullptr;

    // Everything below the mutex is shared between callers and the writer thread.
    mutable std::mutex mutex;
    std::condition_variable wake;    // the writer waits on it
    std::condition_variable settled; // flush() waits on it
    BatchQueue<Pending> queue;
    // The batch being written, moved out of the queue; only the writer touches its records, the
    // lock guards the vector itself.
    std::vector<Pending> inflight;
    std::uint64_t nextSeq = 1;
    SteadyClock::time_point oldestQueuedAt;
    std::uint64_t flushRequests = 0;
    bool stopping = false;
    SteadyClock::time_point stopDeadline;
    // Open handshake: the writer thread reports whether the database opened.
    bool openDone = false;
    QString openError;

    std::atomic<std::int64_t> written{0};
    std::atomic<std::int64_t> batches{0};
    std::atomic<std::int64_t> dropped{0};
    std::atomic<std::int64_t> failed{0};
    std::atomic<std::int64_t> pruned{0};

    // Retention: under the lock. nextPrune is only used when retentionDays > 0.
    int retentionDays = 0;
    SteadyClock::time_point nextPrune;
    bool pruneDue(SteadyClock::time_point now) const { return retentionDays > 0 && now >= nextPrune; }
    // Deletes up to the time budget of rows older than the retention; true when none is left.
    bool pruneStep(QSqlDatabase& db, int days);

    // Smallest sequence number not yet committed or dropped. Requires the lock.
    std::uint64_t lowestUnsettled() const
    {
        if (!inflight.empty())
            return inflight.front().seq;
        if (!queue.empty())
            return queue.front().seq;
        return std::numeric_limits<std::uint64_t>::max();
    }

    // Requires the lock.
    void dropOverflow()
    {
        const std::size_t limit = std::size_t(std::max(options.maxQueued, 1));
        std::size_t n = 0;
        while (queue.size() > limit) {
            queue.pop_front();
            ++n;
        }
        if (n > 0) {
            dropped.fetch_add(std::int64_t(n), std::memory_order_relaxed);
            settled.notify_all();
        }
    }

    void run();
    bool openDatabase(QSqlDatabase& db, QString* error);
    void writeLoop(QSqlDatabase& db);
    bool writeBatch(QSqlDatabase& db, PreparedBatch& batch, QString* error);
};

bool RequestLogWriter::Impl::openDatabase(QSqlDatabase& db, QString* error)
{
    if (!db.isValid()) {
        *error = tr("The SQLite driver (QSQLITE) is not available");
        return false;
    }
    db.setDatabaseName(path);
    if (!db.open()) {
        *error = tr("Cannot open %1: %2").arg(path, db.lastError().text());
        return false;
    }
    QSqlQuery wal(db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !wal.next() ||
        wal.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        *error = tr("Cannot switch %1 to WAL mode: %2").arg(path, wal.lastError().text());
        return false;
    }
    wal.finish();
    QString sqlError;
    // NORMAL in WAL mode: a crash can lose the last transactions but never corrupts the file.
    // busy_timeout covers a reader checkpointing or another tool holding the lock briefly.
    if (!execSql(db, QStringLiteral("PRAGMA synchronous=NORMAL"), &sqlError) ||
        !execSql(db, QStringLiteral("PRAGMA busy_timeout=2000"), &sqlError)) {
        *error = tr("Cannot configure %1: %2").arg(path, sqlError);
        return false;
    }
    const Result<int> migrated = store::migrate(db);
    if (!migrated) {
        *error = tr("%1: %2").arg(path, migrated.error().message);
        return false;
    }
    return true;
}

void RequestLogWriter::Impl::run()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        QString error;
        const bool ok = openDatabase(db, &error);
        {
            std::lock_guard lock(mutex);
            openDone = true;
            openError = error;
        }
        settled.notify_all();
        if (ok)
            writeLoop(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

bool RequestLogWriter::Impl::writeBatch(QSqlDatabase& db, PreparedBatch& batch, QString* error)
{
    if (!batch.prepared() && !batch.prepare(db, error))
        return false;
    if (!batch.begin(error))
        return false;
    if (!batch.insert(
            inflight, [](const Pending& p) -> const RequestLogRecord& { return p.record; }, error)) {
        batch.rollback();
        return false;
    }
    if (!batch.commit(error)) {
        batch.rollback();
        return false;
    }
    return true;
}

void RequestLogWriter::Impl::writeLoop(QSqlDatabase& db)
{
    PreparedBatch batch;
    int backoffMs = 0; // 0 while writes succeed
    std::int64_t failureStreak = 0;
    std::int64_t droppedReported = 0;
    std::uint64_t flushSeen = 0;
    SteadyClock::time_point lastWarning;
    constexpr auto kWarnEvery = std::chrono::seconds(10);
    const auto interval = std::chrono::milliseconds(std::max(options.flushIntervalMs, 0));
    const std::size_t maxBatch = std::size_t(std::max(options.maxBatch, 1));

    std::unique_lock lock(mutex);
    for (;;) {
        const auto ready = [&] { return stopping || !queue.empty() || pruneDue(SteadyClock::now()); };
        if (retentionDays > 0)
            wake.wait_until(lock, nextPrune, ready);
        else
            wake.wait(lock, ready);
        if (!stopping && pruneDue(SteadyClock::now())) {
            // Old rows go between batches, a bounded slice at a time: a first prune of a large
            // log takes several turns, and the batches that gather meanwhile are written between.
            const int days = retentionDays;
            lock.unlock();
            const bool done = pruneStep(db, days);
            lock.lock();
            nextPrune =
                SteadyClock::now() +
                std::chrono::milliseconds(std::max(done ? options.pruneIntervalMs : options.prunePauseMs, 1));
            continue;
        }
        if (queue.empty()) {
            if (stopping)
                break; // nothing left
            continue;
        }
        // Let a batch gather, unless it is full, someone flushes, or the oldest record is due.
        if (!stopping && queue.size() < maxBatch && flushRequests == flushSeen) {
            wake.wait_until(lock, oldestQueuedAt + interval, [&] {
                return stopping || queue.size() >= maxBatch || flushRequests != flushSeen;
            });
        }
        flushSeen = flushRequests;

        while (!queue.empty()) {
            const std::size_t n = std::min(maxBatch, queue.size());
            queue.takeFront(n, inflight);
            lock.unlock();
            QString error;
            const bool ok = writeBatch(db, batch, &error);
            if (!ok) {
                // A failed statement may leave a prepared statement unusable; prepare them afresh.
                batch.reset();
                // The WAL keeps a copy of every page each transaction touched until a checkpoint;
                // on a full disk, folding it into the database and truncating it gives back far
                // more space than the rows take. Fails harmlessly when even that cannot be done.
                QString ignored;
                execSql(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), &ignored);
            }
            const std::int64_t droppedNow = dropped.load(std::memory_order_relaxed);
            if (droppedNow != droppedReported) {
                qCWarning(lcStore) << "request log queue over its limit of" << options.maxQueued
                                   << "records:" << (droppedNow - droppedReported)
                                   << "oldest records dropped";
                droppedReported = droppedNow;
            }
            if (ok && failureStreak > 0)
                qCInfo(lcStore) << "request log writes recovered after" << failureStreak
                                << "failed attempt(s)";
            if (!ok) {
                ++failureStreak;
                // The first failure of a streak is logged, then one line every kWarnEvery: a full
                // disk must be visible without flooding the log.
                const auto now = SteadyClock::now();
                if (failureStreak == 1 || now - lastWarning >= kWarnEvery) {
                    lastWarning = now;
                    qCWarning(lcStore).noquote()
                        << QStringLiteral(
                               "cannot write %1 request log record(s) to %2 (%3); keeping them and "
                               "retrying, failed attempts so far: %4")
                               .arg(n)
                               .arg(path, error)
                               .arg(failureStreak);
                }
            }
            lock.lock();

            if (ok) {
                written.fetch_add(std::int64_t(inflight.size()), std::memory_order_relaxed);
                batches.fetch_add(1, std::memory_order_relaxed);
                inflight.clear();
                failureStreak = 0;
                backoffMs = 0;
                settled.notify_all();
                // What arrived during the write gathers into a batch of its own: written at once
                // only when it is already full, or someone flushes or stops. Going straight back
                // to the queue would chase it with a transaction for every few records.
                if (queue.size() >= maxBatch || stopping || flushRequests != flushSeen)
                    continue;
                break;
            }

            failed.fetch_add(1, std::memory_order_relaxed);
            queue.putBackFront(inflight);
            dropOverflow();
            if (stopping && SteadyClock::now() >= stopDeadline) {
                const std::size_t lost = queue.size();
                queue.clear();
                dropped.fetch_add(std::int64_t(lost), std::memory_order_relaxed);
                qCWarning(lcStore).noquote()
                    << QStringLiteral("giving up on %1 request log record(s) at shutdown: %2")
                           .arg(lost)
                           .arg(error);
                settled.notify_all();
                break;
            }
            backoffMs = backoffMs == 0 ? std::max(options.retryInitialMs, 1)
                                       : std::min(backoffMs * 2, std::max(options.retryMaxMs, 1));
            auto until = SteadyClock::now() + std::chrono::milliseconds(backoffMs);
            if (stopping)
                until = std::min(until, stopDeadline);
            // A flush() cuts the pause short: the caller wants to know now whether the disk is back.
            wake.wait_until(lock, until, [&] { return flushRequests != flushSeen; });
            flushSeen = flushRequests;
        }
    }
}

bool RequestLogWriter::Impl::pruneStep(QSqlDatabase& db, int days)
{
    const qint64 cutoffMs = QDateTime::currentMSecsSinceEpoch() - qint64(days) * 86'400'000;
    const int chunk = std::max(options.pruneChunkRows, 1);
    const auto deadline = SteadyClock::now() + std::chrono::milliseconds(std::max(options.pruneBudgetMs, 1));
    // The oldest rows first, through the started_at index; each chunk is its own transaction.
    QSqlQuery remove(db);
    if (!remove.prepare(QStringLiteral("DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
                                       "WHERE started_at_ms < ? ORDER BY started_at_ms LIMIT ?)"))) {
        qCWarning(lcStore).noquote() << "cannot prune the request log:" << remove.lastError().text();
        return true; // tried again at the next interval
    }
    std::int64_t removed = 0;
    bool done = false;
    while (!done) {
        remove.bindValue(0, cutoffMs);
        remove.bindValue(1, chunk);
        if (!remove.exec()) {
            // A full disk can refuse even a delete (the WAL grows); the next interval tries again.
            qCWarning(lcStore).noquote() << "cannot prune the request log:" << remove.lastError().text();
            done = true;
            break;
        }
        const int n = remove.numRowsAffected();
        removed += std::max(n, 0);
        done = n < chunk;
        if (SteadyClock::now() >= deadline)
            break;
    }
    if (removed > 0) {
        pruned.fetch_add(removed, std::memory_order_relaxed);
        qCInfo(lcStore) << "request log: deleted" << removed << "row(s) older than" << days << "day(s)";
    }
    return done;
}

void RequestLogWriter::setRetention(int days)
{
    {
        std::lock_guard lock(m_impl->mutex);
        const int wanted = std::max(days, 0);
        if (wanted == m_impl->retentionDays)
            return;
        // A shorter retention applies now. A first one waits until pruneFirstAfterMs after open()
        // (at once when that has passed).
        const bool shorter = m_impl->retentionDays > 0 && wanted > 0 && wanted < m_impl->retentionDays;
        m_impl->retentionDays = wanted;
        if (shorter)
            m_impl->nextPrune = std::min(m_impl->nextPrune, SteadyClock::now());
    }
    m_impl->wake.notify_all();
}

std::int64_t RequestLogWriter::prunedCount() const
{
    return m_impl->pruned.load(std::memory_order_relaxed);
}

RequestLogWriter::RequestLogWriter() : m_impl(std::make_unique<Impl>()) {}

std::unique_ptr<RequestLogWriter> RequestLogWriter::open(const QString& path, QString* error)
{
    return open(path, Options{}, error);
}

std::unique_ptr<RequestLogWriter> RequestLogWriter::open(const QString& path, Options options, QString* error)
{
    std::unique_ptr<RequestLogWriter> writer(new RequestLogWriter());
    Impl* d = writer->m_impl.get();
    d->options = options;
    d->path = path;
    d->nextPrune = SteadyClock::now() + std::chrono::milliseconds(std::max(options.pruneFirstAfterMs, 0));
    d->thread = QThread::create([d] { d->run(); });
    d->thread->setObjectName(QStringLiteral("tollgate-store")); // becomes the OS thread name
    d->thread->start();

    QString openError;
    {
        std::unique_lock lock(d->mutex);
        d->settled.wait(lock, [d] { return d->openDone; });
        openError = d->openError;
    }
    if (!openError.isEmpty()) {
        d->thread->wait();
        delete d->thread;
        d->thread = nullptr;
        if (error)
            *error = openError;
        qCWarning(lcStore).noquote() << openError;
        return nullptr;
    }
    return writer;
}

RequestLogWriter::~RequestLogWriter()
{
    if (!m_impl->thread)
        return;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        m_impl->stopDeadline =
            SteadyClock::now() + std::chrono::milliseconds(std::max(m_impl->options.shutdownTimeoutMs, 0));
    }
    m_impl->wake.notify_all();
    m_impl->thread->wait();
    delete m_impl->thread;
}

void RequestLogWriter::enqueue(RequestLogRecord record)
{
    Impl* d = m_impl.get();
    bool notify = false;
    {
        std::lock_guard lock(d->mutex);
        d->queue.push_back(Impl::Pending{d->nextSeq++, std::move(record)});
        // One wake-up per batch, not per record: when the queue starts (the writer then waits at
        // most flushIntervalMs for more) and when a batch is full.
        if (d->queue.size() == 1) {
            d->oldestQueuedAt = SteadyClock::now();
            notify = true;
        } else if (d->queue.size() == std::size_t(std::max(d->options.maxBatch, 1))) {
            notify = true;
        }
        if (d->queue.size() > std::size_t(std::max(d->options.maxQueued, 1)))
            d->dropOverflow();
    }
    if (notify)
        d->wake.notify_one();
}

bool RequestLogWriter::flush(int timeoutMs)
{
    Impl* d = m_impl.get();
    std::unique_lock lock(d->mutex);
    const std::uint64_t target = d->nextSeq - 1; // the last record enqueued before this call
    if (d->lowestUnsettled() > target)
        return true;
    ++d->flushRequests;
    d->wake.notify_all();
    return d->settled.wait_for(lock, std::chrono::milliseconds(std::max(timeoutMs, 0)),
                               [d, target] { return d->lowestUnsettled() > target; });
}

std::int64_t RequestLogWriter::writtenCount() const
{
    return m_impl->written.load(std::memory_order_relaxed);
}

std::int64_t RequestLogWriter::batchesWritten() const
{
    return m_impl->batches.load(std::memory_order_relaxed);
}

std::int64_t RequestLogWriter::droppedCount() const
{
    return m_impl->dropped.load(std::memory_order_relaxed);
}

std::int64_t RequestLogWriter::failedWrites() const
{
    return m_impl->failed.load(std::memory_order_relaxed);
}

std::int64_t RequestLogWriter::queuedCount() const
{
    std::lock_guard lock(m_impl->mutex);
    return std::int64_t(m_impl->queue.size() + m_impl->inflight.size());
}

QString RequestLogWriter::databasePath() const
{
    return m_impl->path;
}

std::vector<RequestLogRecord> readRequestLog(const QString& databasePath, int limit, QString* error)
{
    std::vector<RequestLogRecord> records;
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        records.clear();
    };
    if (error)
        error->clear();
    if (!QFileInfo(databasePath).isFile()) {
        fail(tr("No request log database at %1").arg(databasePath));
        return records;
    }
    const QString name = uniqueConnectionName("reader");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (!db.isValid()) {
            fail(tr("The SQLite driver (QSQLITE) is not available"));
        } else if (!db.open()) {
            fail(tr("Cannot open %1: %2").arg(databasePath, db.lastError().text()));
        } else {
            const Result<int> version = store::readSchemaVersion(db);
            if (!version) {
                fail(version.error().message);
            } else if (*version < 1) {
                fail(tr("%1 is not a Tollgate request log database").arg(databasePath));
            } else if (*version > store::latestSchemaVersion()) {
                fail(tr("%1 has schema version %2, newer than this Tollgate knows (%3)")
                         .arg(databasePath)
                         .arg(*version)
                         .arg(store::latestSchemaVersion()));
            } else {
                QSqlQuery q(db);
                q.setForwardOnly(true);
                QString sql =
                    QStringLiteral("SELECT %1 FROM request_log ORDER BY started_at_ms DESC, id DESC")
                        .arg(QLatin1String(kRequestLogColumns));
                if (limit > 0)
                    sql += QStringLiteral(" LIMIT %1").arg(limit);
                if (!q.exec(sql)) {
                    fail(tr("Cannot read the request log: %1").arg(q.lastError().text()));
                } else {
                    while (q.next())
                        records.push_back(readRequestLogRecord(q));
                    if (q.lastError().isValid()) {
                        fail(tr("Cannot read the request log: %1").arg(q.lastError().text()));
                    }
                }
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return records;
}

} // namespace tollgate

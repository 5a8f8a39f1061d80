#include "store/migrations.h"
#include "store/requestlogwriter.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace tollgate;

namespace {

RequestLogRecord sampleRecord(int i)
{
    RequestLogRecord r;
    r.requestId = "req_" + QByteArray::number(i).rightJustified(8, '0');
    r.startedAtMs = 1'700'000'000'000 + i;
    r.finishedAtMs = r.startedAtMs + 250;
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.endpoint = QStringLiteral("chat.completions");
    r.modelRequested = QStringLiteral("chat-default");
    r.provider = QStringLiteral("openai");
    r.modelUsed = QStringLiteral("gpt-4o-mini");
    r.attempts = 1;
    r.status = 200;
    return r;
}

// Runs `sql` on a connection of its own (not the writer's) and returns the first column of the
// first row.
QVariant queryScalar(const QString& path, const QString& sql)
{
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("test-probe-%1").arg(++counter);
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                result = q.value(0);
            else
                result = QStringLiteral("query failed: ") + q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

bool execOn(const QString& path, const QString& sql)
{
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("test-exec-%1").arg(++counter);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QStringList threadNames()
{
    QStringList names;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly))
            names << QString::fromUtf8(comm.readAll()).trimmed();
    }
    return names;
}

// Options under which nothing is written until a flush, a full batch or the destructor.
RequestLogWriter::Options lazyOptions()
{
    RequestLogWriter::Options o;
    o.flushIntervalMs = 600'000;
    return o;
}

} // namespace

// Every field of a stored row against the record that was written; names the first that differs.
bool sameRecord(const RequestLogRecord& a, const RequestLogRecord& r)
{
    auto differs = [](const char* field) {
        qWarning("request log field %s differs", field);
        return false;
    };
    if (!(a.requestId == r.requestId))
        return differs("requestId");
    if (!(a.startedAtMs == r.startedAtMs))
        return differs("startedAtMs");
    if (!(a.finishedAtMs == r.finishedAtMs))
        return differs("finishedAtMs");
    if (!(a.method == r.method))
        return differs("method");
    if (!(a.path == r.path))
        return differs("path");
    if (!(a.endpoint == r.endpoint))
        return differs("endpoint");
    if (!(a.modelRequested == r.modelRequested))
        return differs("modelRequested");
    if (!(a.provider == r.provider))
        return differs("provider");
    if (!(a.modelUsed == r.modelUsed))
        return differs("modelUsed");
    if (!(a.attempts == r.attempts))
        return differs("attempts");
    if (!(a.stream == r.stream))
        return differs("stream");
    if (!(a.status == r.status))
        return differs("status");
    if (!(a.totalUs == r.totalUs))
        return differs("totalUs");
    if (!(a.upstreamUs == r.upstreamUs))
        return differs("upstreamUs");
    if (!(a.addedUs == r.addedUs))
        return differs("addedUs");
    if (!(a.ttfbUs == r.ttfbUs))
        return differs("ttfbUs");
    if (!(a.inputTokens == r.inputTokens))
        return differs("inputTokens");
    if (!(a.outputTokens == r.outputTokens))
        return differs("outputTokens");
    if (!(a.costMicros == r.costMicros))
        return differs("costMicros");
    if (!(a.costCurrency == r.costCurrency))
        return differs("costCurrency");
    if (!(a.errorType == r.errorType))
        return differs("errorType");
    if (!(a.errorMessage == r.errorMessage))
        return differs("errorMessage");
    if (!(a.stopReason == r.stopReason))
        return differs("stopReason");
    if (!(a.clientDisconnected == r.clientDisconnected))
        return differs("clientDisconnected");
    return true;
}

class TestRequestLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTrip_fieldByField();
    void read_isNewestFirst_andHonoursLimit();
    void fourThreads_tenThousandRecords_landExactlyOnce();
    void batchOfAnySize_keepsOrderAndEveryField_data();
    void batchOfAnySize_keepsOrderAndEveryField();
    void text_isStoredAsItsUtf8();
    void flush_commitsWhatWasEnqueuedBefore();
    void flush_onEmptyWriterReturnsAtOnce();
    void interval_writesWithoutFlush();
    void fullBatch_writesWithoutFlush();
    void steadyTrickle_gathersIntoFewBatches();
    void destructor_flushesQueuedRecords();
    void overflow_dropsOldestAndCounts();
    void database_isWalWithMetaTables_andNamedThread();
    void reopen_keepsRows_andDoesNotRerunMigrations();
    void versionOne_losesItsIdIndex_andKeepsRows();
    void newerSchemaVersion_isRefused();
    void openFailure_isReported();
    void read_missingDatabase_isAnError();
    void diskFull_countsFailures_thenRecovers();
    void retention_deletesRowsOlderThanIt_aSliceAtATime();
    void retention_zeroKeepsEverything();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_case = 0;
};

void TestRequestLog::init()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("log-%1.db").arg(++m_case));
}

void TestRequestLog::roundTrip_fieldByField()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, &error);
    QVERIFY2(writer, qPrintable(error));
    QCOMPARE(writer->databasePath(), m_path);

    RequestLogRecord r;
    r.requestId = "req_0123456789abcdef01234567";
    r.startedAtMs = 1'712'345'678'901;
    r.finishedAtMs = 1'712'345'679'999;
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions?x=1");
    r.endpoint = QStringLiteral("chat.completions");
    r.modelRequested = QStringLiteral("chat-default");
    r.provider = QStringLiteral("eu-vllm");
    r.modelUsed = QStringLiteral("meta-llama/Llama-3.1-8B");
    r.attempts = 3;
    r.stream = true;
    r.status = 502;
    r.totalUs = 9'000'000'123;
    r.upstreamUs = 8'999'000'000;
    r.addedUs = 1'000'123;
    r.ttfbUs = 456'789;
    r.inputTokens = 123'456'789'012;
    r.outputTokens = 42;
    r.costMicros = 9'223'372'036'854'775'807LL; // int64 max survives
    r.costCurrency = QStringLiteral("EUR");
    r.errorType = QStringLiteral("upstream_error");
    r.errorMessage =
        QStringLiteral("Zeitüberschreitung — 上游 \"quoted\" 'single' ; DROP TABLE request_log; --");
    r.stopReason = QStringLiteral("route: all targets failed");
    r.clientDisconnected = true;
    writer->enqueue(r);

    RequestLogRecord empty; // every default, empty strings included
    empty.requestId = "req_empty";
    empty.startedAtMs = 1; // older, so it comes second
    writer->enqueue(empty);

    QVERIFY(writer->flush());
    QCOMPARE(writer->writtenCount(), std::int64_t(2));
    QCOMPARE(writer->failedWrites(), std::int64_t(0));

    const std::vector<RequestLogRecord> rows = readRequestLog(m_path, 10, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), std::size_t(2));
    const RequestLogRecord& a = rows[0];
    QVERIFY(sameRecord(a, r));

    const RequestLogRecord& b = rows[1];
    QCOMPARE(b.requestId, QByteArray("req_empty"));
    QCOMPARE(b.startedAtMs, std::int64_t(1));
    QCOMPARE(b.method, QString());
    QCOMPARE(b.provider, QString());
    QCOMPARE(b.errorMessage, QString());
    QCOMPARE(b.stream, false);
    QCOMPARE(b.clientDisconnected, false);
    QCOMPARE(b.status, 0);
    QCOMPARE(b.costMicros, std::int64_t(0));
}

void TestRequestLog::read_isNewestFirst_andHonoursLimit()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, &error);
    QVERIFY2(writer, qPrintable(error));
    // Enqueued out of time order; two share a start time (then the later insert is newer).
    for (int i : {3, 1, 4, 2, 5}) {
        RequestLogRecord r = sampleRecord(i);
        r.startedAtMs = 1000 * (i == 5 ? 4 : i);
        writer->enqueue(r);
    }
    QVERIFY(writer->flush());
    const auto all = readRequestLog(m_path, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList order;
    for (const auto& r : all)
        order << QString::fromLatin1(r.requestId.right(1));
    QCOMPARE(order, (QStringList{QStringLiteral("5"), QStringLiteral("4"), QStringLiteral("3"),
                                 QStringLiteral("2"), QStringLiteral("1")}));
    const auto two = readRequestLog(m_path, 2, &error);
    QCOMPARE(two.size(), std::size_t(2));
    QCOMPARE(two[0].requestId, all[0].requestId);
    QCOMPARE(two[1].requestId, all[1].requestId);
}

void TestRequestLog::fourThreads_tenThousandRecords_landExactlyOnce()
{
    RequestLogWriter::Options options;
    options.maxBatch = 256;
    options.flushIntervalMs = 5;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));

    constexpr int kThreads = 4;
    constexpr int kPerThread = 2500;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&writer, t] {
            for (int i = 0; i < kPerThread; ++i) {
                RequestLogRecord r = sampleRecord(i);
                r.requestId = "t" + QByteArray::number(t) + "-" + QByteArray::number(i);
                r.inputTokens = t;
                r.outputTokens = i;
                writer->enqueue(std::move(r));
            }
        });
    }
    for (auto& th : threads)
        th.join();
    QVERIFY(writer->flush(30'000));
    QCOMPARE(writer->writtenCount(), std::int64_t(kThreads * kPerThread));
    QCOMPARE(writer->droppedCount(), std::int64_t(0));
    QCOMPARE(writer->queuedCount(), std::int64_t(0));

    const auto rows = readRequestLog(m_path, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), std::size_t(kThreads * kPerThread));
    QSet<QByteArray> ids;
    for (const auto& r : rows) {
        // The id and the fields carry the same (thread, index): a row is never mixed up.
        QCOMPARE(r.requestId,
                 "t" + QByteArray::number(r.inputTokens) + "-" + QByteArray::number(r.outputTokens));
        ids.insert(r.requestId);
    }
    QCOMPARE(ids.size(), kThreads * kPerThread);
    QCOMPARE(
        queryScalar(m_path, QStringLiteral("SELECT count(DISTINCT request_id) FROM request_log")).toInt(),
        kThreads * kPerThread);
}

// The writer inserts several rows per statement: whatever the batch's size, every row lands with
// its own fields, in the order enqueued (ids ascending).
void TestRequestLog::batchOfAnySize_keepsOrderAndEveryField_data()
{
    QTest::addColumn<int>("records");
    for (int n : {1, 15, 16, 17, 32, 53, 512})
        QTest::addRow("%d", n) << n;
}

void TestRequestLog::batchOfAnySize_keepsOrderAndEveryField()
{
    QFETCH(int, records);
    QString error;
    auto writer = RequestLogWriter::open(m_path, lazyOptions(), &error);
    QVERIFY2(writer, qPrintable(error));
    const auto recordFor = [](int i) {
        RequestLogRecord r;
        r.requestId = "req_" + QByteArray::number(i);
        r.startedAtMs = 1'700'000'000'000 + 7 * i;
        r.finishedAtMs = r.startedAtMs + i;
        r.method = i % 2 ? QStringLiteral("POST") : QStringLiteral("GET");
        r.path = QStringLiteral("/v1/chat/completions?n=%1").arg(i);
        r.endpoint = QStringLiteral("endpoint-%1").arg(i);
        r.modelRequested = QStringLiteral("model-%1").arg(i);
        r.provider = QStringLiteral("provider-%1").arg(i % 5);
        r.modelUsed = i % 3 ? QStringLiteral("used-%1").arg(i) : QString();
        r.attempts = i % 4;
        r.stream = i % 2 == 0;
        r.status = 200 + i;
        r.totalUs = 1000 + i;
        r.upstreamUs = 2000 + i;
        r.addedUs = 3000 + i;
        r.ttfbUs = 4000 + i;
        r.inputTokens = 5000 + i;
        r.outputTokens = 6000 + i;
        r.costMicros = 7000 + i;
        r.costCurrency = i % 2 ? QStringLiteral("EUR") : QStringLiteral("USD");
        r.errorType = i % 7 ? QString() : QStringLiteral("type-%1").arg(i);
        r.errorMessage = i % 5 ? QString() : QStringLiteral("Fehler Nr. %1 — ü").arg(i); // not ASCII
        r.stopReason = QStringLiteral("reason-%1").arg(i);
        r.clientDisconnected = i % 3 == 0;
        return r;
    };
    for (int i = 0; i < records; ++i)
        writer->enqueue(recordFor(i));
    QVERIFY(writer->flush());
    QCOMPARE(writer->writtenCount(), std::int64_t(records));

    const auto rows = readRequestLog(m_path, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), std::size_t(records));
    for (int i = 0; i < records; ++i) {
        // Newest first: the last enqueued comes first.
        const RequestLogRecord& a = rows[std::size_t(records - 1 - i)];
        const RequestLogRecord r = recordFor(i);
        QVERIFY(sameRecord(a, r));
    }
    // Ids follow the order of enqueue() even within one multi-row statement.
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM request_log a JOIN request_log b"
                                                " ON a.id < b.id AND a.started_at_ms > b.started_at_ms"))
                 .toInt(),
             0);
}

// Text columns hold the UTF-8 of the string, as type TEXT, whether the writer narrowed an ASCII
// string itself or had SQLite convert UTF-16; empty strings are '' (the columns are NOT NULL).
void TestRequestLog::text_isStoredAsItsUtf8()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, lazyOptions(), &error);
    QVERIFY2(writer, qPrintable(error));
    const QStringList texts{
        QStringLiteral("plain ascii \"quoted\" \t tab"),
        QStringLiteral("Zeitüberschreitung"),
        QStringLiteral("上游 error"),
        QString::fromUtf8("emoji \xF0\x9F\x9A\x80 outside the BMP"),
        QString::fromLatin1("caf\xE9"),
        QString(),
    };
    for (int i = 0; i < texts.size(); ++i) {
        RequestLogRecord r = sampleRecord(i);
        r.errorMessage = texts[i];
        r.stopReason = texts[texts.size() - 1 - i];
        writer->enqueue(r);
    }
    QVERIFY(writer->flush());
    for (int i = 0; i < texts.size(); ++i) {
        const QString where = QStringLiteral(" FROM request_log WHERE request_id = '%1'")
                                  .arg(QString::fromLatin1(sampleRecord(i).requestId));
        QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT typeof(error_message)") + where).toString(),
                 QStringLiteral("text"));
        QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT hex(error_message)") + where).toString(),
                 QString::fromLatin1(texts[i].toUtf8().toHex().toUpper()));
        QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT hex(stop_reason)") + where).toString(),
                 QString::fromLatin1(texts[texts.size() - 1 - i].toUtf8().toHex().toUpper()));
        QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT hex(request_id)") + where).toString(),
                 QString::fromLatin1(sampleRecord(i).requestId.toHex().toUpper()));
    }
}

void TestRequestLog::flush_commitsWhatWasEnqueuedBefore()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, lazyOptions(), &error);
    QVERIFY2(writer, qPrintable(error));
    for (int i = 0; i < 3; ++i)
        writer->enqueue(sampleRecord(i));
    // With a ten-minute interval and a batch far from full nothing is due yet.
    QCOMPARE(writer->writtenCount(), std::int64_t(0));
    QCOMPARE(writer->queuedCount(), std::int64_t(3));
    QVERIFY(writer->flush(10'000));
    QCOMPARE(writer->writtenCount(), std::int64_t(3));
    QCOMPARE(writer->queuedCount(), std::int64_t(0));
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(3));

    // Records enqueued from another thread while a flush waits do not make it wait forever.
    std::atomic<bool> stop{false};
    std::thread producer([&] {
        // Bounded, so a slow machine cannot pile up memory.
        for (int i = 100; i < 20'100 && !stop.load(); ++i)
            writer->enqueue(sampleRecord(i));
    });
    writer->enqueue(sampleRecord(99));
    const bool flushed = writer->flush(10'000);
    stop = true;
    producer.join();
    QVERIFY(flushed);
    QVERIFY(writer->flush(10'000));
    QCOMPARE(std::int64_t(readRequestLog(m_path, 0).size()), writer->writtenCount());
}

void TestRequestLog::flush_onEmptyWriterReturnsAtOnce()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, lazyOptions(), &error);
    QVERIFY2(writer, qPrintable(error));
    QVERIFY(writer->flush(0));
    writer->enqueue(sampleRecord(1));
    QVERIFY(writer->flush());
    QVERIFY(writer->flush(0)); // nothing new since
}

void TestRequestLog::interval_writesWithoutFlush()
{
    RequestLogWriter::Options options;
    options.flushIntervalMs = 20;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    writer->enqueue(sampleRecord(1));
    QTRY_COMPARE_WITH_TIMEOUT(writer->writtenCount(), std::int64_t(1), 10'000);
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(1));
}

void TestRequestLog::fullBatch_writesWithoutFlush()
{
    RequestLogWriter::Options options = lazyOptions();
    options.maxBatch = 10;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    for (int i = 0; i < 10; ++i)
        writer->enqueue(sampleRecord(i));
    QTRY_COMPARE_WITH_TIMEOUT(writer->writtenCount(), std::int64_t(10), 10'000);
    for (int i = 10; i < 15; ++i)
        writer->enqueue(sampleRecord(i));
    QTest::qWait(50);
    QCOMPARE(writer->writtenCount(), std::int64_t(10)); // a partial batch waits for the interval
    QVERIFY(writer->flush());
    QCOMPARE(writer->writtenCount(), std::int64_t(15));
}

// Records that arrive while a batch is being written wait for their own batch to gather; before,
// the writer went straight back to the queue and wrote a transaction for every few records.
void TestRequestLog::steadyTrickle_gathersIntoFewBatches()
{
    RequestLogWriter::Options options;
    options.flushIntervalMs = 50;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    // A record every 20 µs for 300 ms, as from a busy gateway: some always arrive while a batch
    // is being written.
    int sent = 0;
    QElapsedTimer clock;
    clock.start();
    for (qint64 due = 0; due < 300'000'000; due += 20'000) {
        while (clock.nsecsElapsed() < due) {
        }
        writer->enqueue(sampleRecord(sent++));
    }
    QVERIFY(writer->flush());
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(writer->writtenCount(), std::int64_t(sent));
    // One batch per interval or per full batch, and the last one flushed; a slow machine only
    // makes batches larger.
    const std::int64_t bound = elapsedMs / options.flushIntervalMs + sent / options.maxBatch + 3;
    QVERIFY2(writer->batchesWritten() <= bound,
             qPrintable(QStringLiteral("%1 batches for %2 records in %3 ms (at most %4 expected)")
                            .arg(writer->batchesWritten())
                            .arg(sent)
                            .arg(elapsedMs)
                            .arg(bound)));
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(sent));
}

void TestRequestLog::destructor_flushesQueuedRecords()
{
    QString error;
    {
        auto writer = RequestLogWriter::open(m_path, lazyOptions(), &error);
        QVERIFY2(writer, qPrintable(error));
        for (int i = 0; i < 7; ++i)
            writer->enqueue(sampleRecord(i));
        QCOMPARE(writer->writtenCount(), std::int64_t(0));
    }
    QCOMPARE(readRequestLog(m_path, 0, &error).size(), std::size_t(7));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestRequestLog::overflow_dropsOldestAndCounts()
{
    RequestLogWriter::Options options = lazyOptions();
    options.maxQueued = 10;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    for (int i = 0; i < 25; ++i)
        writer->enqueue(sampleRecord(i));
    QCOMPARE(writer->droppedCount(), std::int64_t(15));
    QCOMPARE(writer->queuedCount(), std::int64_t(10));
    QVERIFY(writer->flush());
    QCOMPARE(writer->writtenCount(), std::int64_t(10));
    const auto rows = readRequestLog(m_path, 0);
    QCOMPARE(rows.size(), std::size_t(10));
    QCOMPARE(rows.front().requestId, sampleRecord(24).requestId); // the newest survive
    QCOMPARE(rows.back().requestId, sampleRecord(15).requestId);
}

void TestRequestLog::database_isWalWithMetaTables_andNamedThread()
{
    QString error;
    auto writer = RequestLogWriter::open(m_path, &error);
    QVERIFY2(writer, qPrintable(error));
    QVERIFY2(threadNames().contains(QStringLiteral("tollgate-store")), qPrintable(threadNames().join(u',')));
    QCOMPARE(queryScalar(m_path, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(
        queryScalar(m_path, QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")).toString(),
        QString::number(store::latestSchemaVersion()));
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM migrations")).toInt(),
             store::latestSchemaVersion());
    // The indexes that the UI's queries need.
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                                "tbl_name = 'request_log' AND sql LIKE '%started_at_ms%'"))
                     .toInt() >= 1,
             true);
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                                "name = 'request_log_provider'"))
                 .toInt(),
             1);
    // Two writers on two files at once: connection names do not collide.
    QString error2;
    auto second = RequestLogWriter::open(m_path + QStringLiteral(".2"), &error2);
    QVERIFY2(second, qPrintable(error2));
    second->enqueue(sampleRecord(1));
    writer->enqueue(sampleRecord(2));
    QVERIFY(second->flush());
    QVERIFY(writer->flush());
    QCOMPARE(readRequestLog(m_path + QStringLiteral(".2"), 0).size(), std::size_t(1));
    writer.reset();
    second.reset();
    // QThread::wait() returns before the kernel has reaped the thread; it goes a moment later.
    QTRY_VERIFY_WITH_TIMEOUT(!threadNames().contains(QStringLiteral("tollgate-store")), 10'000);
}

void TestRequestLog::reopen_keepsRows_andDoesNotRerunMigrations()
{
    QString error;
    qint64 appliedAt = 0;
    {
        auto writer = RequestLogWriter::open(m_path, &error);
        QVERIFY2(writer, qPrintable(error));
        for (int i = 0; i < 5; ++i)
            writer->enqueue(sampleRecord(i));
        QVERIFY(writer->flush());
    }
    appliedAt = queryScalar(m_path, QStringLiteral("SELECT applied_at_ms FROM migrations WHERE version = 1"))
                    .toLongLong();
    QVERIFY(appliedAt > 0);
    // Readable after the writer closed (the WAL files are gone by then).
    QCOMPARE(readRequestLog(m_path, 0, &error).size(), std::size_t(5));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QTest::qWait(5); // a re-run migration would record a later time
    {
        auto writer = RequestLogWriter::open(m_path, &error);
        QVERIFY2(writer, qPrintable(error));
        for (int i = 5; i < 8; ++i)
            writer->enqueue(sampleRecord(i));
        QVERIFY(writer->flush());
    }
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(8));
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM migrations")).toInt(),
             store::latestSchemaVersion());
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT applied_at_ms FROM migrations WHERE version = 1"))
                 .toLongLong(),
             appliedAt);
    QCOMPARE(
        queryScalar(m_path, QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")).toString(),
        QString::number(store::latestSchemaVersion()));
}

void TestRequestLog::versionOne_losesItsIdIndex_andKeepsRows()
{
    QString error;
    {
        auto writer = RequestLogWriter::open(m_path, &error);
        QVERIFY2(writer, qPrintable(error));
        for (int i = 0; i < 3; ++i)
            writer->enqueue(sampleRecord(i));
        QVERIFY(writer->flush());
    }
    const QString idIndexCount = QStringLiteral(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'request_log_request_id'");
    QCOMPARE(queryScalar(m_path, idIndexCount).toInt(), 0);
    // Back to what version 1 left: its index of ids, and no migration 2.
    QVERIFY(
        execOn(m_path, QStringLiteral("CREATE INDEX request_log_request_id ON request_log (request_id)")));
    QVERIFY(execOn(m_path, QStringLiteral("DELETE FROM migrations WHERE version > 1")));
    QVERIFY(execOn(m_path, QStringLiteral("UPDATE meta SET value = '1' WHERE key = 'schema_version'")));
    QCOMPARE(queryScalar(m_path, idIndexCount).toInt(), 1);
    {
        auto writer = RequestLogWriter::open(m_path, &error);
        QVERIFY2(writer, qPrintable(error));
        writer->enqueue(sampleRecord(3));
        QVERIFY(writer->flush());
    }
    QCOMPARE(queryScalar(m_path, idIndexCount).toInt(), 0);
    QCOMPARE(
        queryScalar(m_path, QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")).toInt(),
        2);
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(4));
}

void TestRequestLog::newerSchemaVersion_isRefused()
{
    QString error;
    {
        auto writer = RequestLogWriter::open(m_path, &error);
        QVERIFY2(writer, qPrintable(error));
        writer->enqueue(sampleRecord(1));
        QVERIFY(writer->flush());
    }
    QVERIFY(execOn(m_path, QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")));

    error.clear();
    auto writer = RequestLogWriter::open(m_path, &error);
    QVERIFY(!writer);
    QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("newer Tollgate")), qPrintable(error));
    QVERIFY2(error.contains(m_path), qPrintable(error));
    // Nothing was changed: the version and the row are still there.
    QCOMPARE(
        queryScalar(m_path, QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")).toString(),
        QStringLiteral("99"));
    QCOMPARE(queryScalar(m_path, QStringLiteral("SELECT count(*) FROM request_log")).toInt(), 1);

    QString readError;
    QVERIFY(readRequestLog(m_path, 0, &readError).empty());
    QVERIFY2(readError.contains(QLatin1String("99")), qPrintable(readError));
}

void TestRequestLog::openFailure_isReported()
{
    QString error;
    auto writer = RequestLogWriter::open(m_dir.filePath(QStringLiteral("no/such/dir/log.db")), &error);
    QVERIFY(!writer);
    QVERIFY(!error.isEmpty());

    // A file that is not a database.
    const QString junk = m_dir.filePath(QStringLiteral("junk-%1.db").arg(m_case));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    error.clear();
    writer = RequestLogWriter::open(junk, &error);
    QVERIFY(!writer);
    QVERIFY(!error.isEmpty());
}

void TestRequestLog::read_missingDatabase_isAnError()
{
    QString error;
    const auto rows = readRequestLog(m_dir.filePath(QStringLiteral("absent.db")), 10, &error);
    QVERIFY(rows.empty());
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.db")))); // reading never creates
}

void TestRequestLog::diskFull_countsFailures_thenRecovers()
{
    QTemporaryDir base;
    QVERIFY(base.isValid());
    const QString mountPoint = base.filePath(QStringLiteral("tiny"));
    QVERIFY(QDir().mkpath(mountPoint));
    const QByteArray mp = QFile::encodeName(mountPoint);
    if (::mount("tmpfs", mp.constData(), "tmpfs", 0, "size=256k") != 0) {
        const QByteArray reason = "cannot mount a 256 KiB tmpfs to fill (" +
                                  QByteArray(std::strerror(errno)) + "); needs root or CAP_SYS_ADMIN";
        QSKIP(reason.constData());
    }
    std::unique_ptr<RequestLogWriter> writer;
    const auto unmount = qScopeGuard([&] {
        writer.reset();
        ::umount2(mp.constData(), MNT_DETACH);
    });

    RequestLogWriter::Options options;
    options.maxBatch = 64;
    options.flushIntervalMs = 5;
    options.retryInitialMs = 10;
    options.retryMaxMs = 100;
    options.shutdownTimeoutMs = 300;
    const QString dbPath = mountPoint + QStringLiteral("/log.db");
    QString error;
    writer = RequestLogWriter::open(dbPath, options, &error);
    QVERIFY2(writer, qPrintable(error));
    writer->enqueue(sampleRecord(0));
    QVERIFY(writer->flush());

    // Fill the file system to the last byte.
    const QString fillerPath = mountPoint + QStringLiteral("/filler");
    const int fd = ::open(QFile::encodeName(fillerPath).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QVERIFY(fd >= 0);
    const QByteArray chunk(4096, 'f');
    int lastErrno = 0;
    for (int i = 0; i < 1000; ++i) {
        if (::write(fd, chunk.constData(), chunk.size()) < 0) {
            lastErrno = errno;
            break;
        }
    }
    for (int i = 0; i < 4096 && lastErrno == ENOSPC; ++i) {
        if (::write(fd, chunk.constData(), 1) < 0)
            break;
    }
    ::close(fd);
    QCOMPARE(lastErrno, ENOSPC);

    // About 15 KB of rows: none of it fits now, all of it once the filler is gone. Kept small
    // because the WAL holds a 4 KiB frame for every page a transaction touches until the next
    // checkpoint, which on a 256 KiB file system comes first.
    constexpr int kRecords = 60;
    for (int i = 1; i <= kRecords; ++i) {
        RequestLogRecord r = sampleRecord(i);
        r.errorMessage = QString(100, QLatin1Char('a' + i % 26));
        writer->enqueue(r);
    }
    QVERIFY(!writer->flush(300));                                  // cannot complete while the disk is full
    QTRY_VERIFY_WITH_TIMEOUT(writer->failedWrites() >= 2, 10'000); // failed, and retried
    QCOMPARE(writer->droppedCount(), std::int64_t(0));
    QVERIFY(writer->queuedCount() > 0);
    QCOMPARE(writer->writtenCount() + writer->queuedCount(), std::int64_t(kRecords + 1));

    // Free the space: everything queued lands, exactly once.
    QVERIFY(QFile::remove(fillerPath));
    QVERIFY2(writer->flush(20'000),
             "records queued during the disk-full period must land once space is back");
    QCOMPARE(writer->writtenCount(), std::int64_t(kRecords + 1));
    QCOMPARE(writer->droppedCount(), std::int64_t(0));
    const auto rows = readRequestLog(dbPath, 0, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), std::size_t(kRecords + 1));
    QSet<QByteArray> ids;
    for (const auto& r : rows)
        ids.insert(r.requestId);
    QCOMPARE(ids.size(), kRecords + 1);
    QCOMPARE(rows.front().errorMessage.size(), qsizetype(100));

    // Full again and shutting down: the destructor gives up after shutdownTimeoutMs instead of
    // hanging, and nothing crashes.
    const int fd2 = ::open(QFile::encodeName(fillerPath).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QVERIFY(fd2 >= 0);
    while (::write(fd2, chunk.constData(), chunk.size()) > 0) {
    }
    ::close(fd2);
    for (int i = 0; i < 50; ++i) {
        RequestLogRecord r = sampleRecord(1000 + i);
        r.errorMessage = QString(100, QLatin1Char('z'));
        writer->enqueue(r);
    }
    writer.reset();
}

namespace {

// A record of a request that started `ageMs` ago.
RequestLogRecord recordAged(int i, qint64 ageMs)
{
    RequestLogRecord r = sampleRecord(i);
    r.startedAtMs = QDateTime::currentMSecsSinceEpoch() - ageMs;
    r.finishedAtMs = r.startedAtMs + 250;
    return r;
}

constexpr qint64 kDayMs = 86'400'000;

} // namespace

void TestRequestLog::retention_deletesRowsOlderThanIt_aSliceAtATime()
{
    RequestLogWriter::Options options;
    options.pruneFirstAfterMs = 0;
    options.pruneChunkRows = 50;
    options.pruneBudgetMs = 1; // one chunk per turn: the prune takes many turns
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    for (int i = 0; i < 1000; ++i)
        writer->enqueue(recordAged(i, 40 * kDayMs + i));
    for (int i = 1000; i < 1010; ++i)
        writer->enqueue(recordAged(i, kDayMs));
    for (int i = 1010; i < 1020; ++i)
        writer->enqueue(recordAged(i, 29 * kDayMs + 23 * 3'600'000)); // just inside 30 days
    QVERIFY(writer->flush());
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(1020));
    QCOMPARE(writer->prunedCount(), std::int64_t(0)); // no retention set: nothing goes

    writer->setRetention(30);
    // Records keep being written while the old ones go, in slices.
    for (int i = 2000; i < 2100; ++i) {
        writer->enqueue(recordAged(i, 0));
        QThread::usleep(200);
    }
    QTRY_COMPARE_WITH_TIMEOUT(writer->prunedCount(), std::int64_t(1000), 20'000);
    QVERIFY(writer->flush());
    const std::vector<RequestLogRecord> rows = readRequestLog(m_path, 0);
    QCOMPARE(rows.size(), std::size_t(120));
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - 30 * kDayMs;
    for (const RequestLogRecord& r : rows)
        QVERIFY2(r.startedAtMs > cutoff, r.requestId.constData());

    // A shorter retention applies at once, without waiting for the next interval (a minute).
    writer->setRetention(1);
    QTRY_COMPARE_WITH_TIMEOUT(writer->prunedCount(), std::int64_t(1020), 20'000);
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(100));
    QCOMPARE(writer->writtenCount(), std::int64_t(1120));
    QCOMPARE(writer->droppedCount(), std::int64_t(0));
}

void TestRequestLog::retention_zeroKeepsEverything()
{
    RequestLogWriter::Options options;
    options.pruneFirstAfterMs = 0;
    options.pruneIntervalMs = 20;
    QString error;
    auto writer = RequestLogWriter::open(m_path, options, &error);
    QVERIFY2(writer, qPrintable(error));
    writer->setRetention(7);
    writer->enqueue(recordAged(1, 8 * kDayMs));
    writer->enqueue(recordAged(2, 6 * kDayMs));
    QVERIFY(writer->flush());
    QTRY_COMPARE_WITH_TIMEOUT(writer->prunedCount(), std::int64_t(1), 10'000);
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(1));

    writer->setRetention(0);
    writer->enqueue(recordAged(3, 400 * kDayMs));
    QVERIFY(writer->flush());
    QTest::qWait(300); // fifteen intervals
    QCOMPARE(writer->prunedCount(), std::int64_t(1));
    QCOMPARE(readRequestLog(m_path, 0).size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_requestlog.moc"

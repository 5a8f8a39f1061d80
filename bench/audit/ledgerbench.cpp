// Prints a table: decisionHash and append() cost on the caller's thread (median, p99), writer
// throughput with synchronous=FULL and NORMAL, and the time to verify a ledger of --verify-records
// records (default 1,000,000). Usage: tollgate-bench-ledger [--verify-records N] [--dir DIR]

#include "audit/decisionledger.h"
#include "audit/ledgerverifier.h"
#include "audit/signingkey.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace tollgate;
using SteadyClock = std::chrono::steady_clock;

namespace {

// A realistic record: two detections with value hashes, two classes, three candidates.
DecisionRecord benchRecord(int i)
{
    DecisionRecord r;
    r.requestId = QByteArray("req_") + QByteArray::number(0x19a0000000000000LL + i, 16);
    r.timeMs = 1'764'000'000'000 + i;
    r.keyId = QStringLiteral("key_7f3a9c");
    r.team = QStringLiteral("payments");
    r.detections.push_back({QStringLiteral("email"), 2, {QByteArray(32, 'a'), QByteArray(32, 'b')}});
    r.detections.push_back({QStringLiteral("iban"), 1, {QByteArray(32, 'c')}});
    r.dataClasses = {QStringLiteral("personal"), QStringLiteral("financial")};
    r.regimes = {QStringLiteral("gdpr")};
    r.policyVersion = QStringLiteral("2026-11-20.3");
    r.candidates = {{QStringLiteral("mistral-eu"), QStringLiteral("eu"), true},
                    {QStringLiteral("azure-westeurope"), QStringLiteral("eu"), true},
                    {QStringLiteral("openai-us"), QStringLiteral("us"), false}};
    r.chosenProvider = QStringLiteral("mistral-eu");
    r.chosenRegion = QStringLiteral("eu");
    r.action = QStringLiteral("forwarded");
    r.outcome = {200, 1234, {'E', 'U', 'R'}, 812, 240};
    return r;
}

struct Stats
{
    double medianUs = 0;
    double p99Us = 0;
};

Stats stats(std::vector<double> samplesUs)
{
    std::sort(samplesUs.begin(), samplesUs.end());
    return {samplesUs[samplesUs.size() / 2], samplesUs[std::size_t(double(samplesUs.size()) * 0.99)]};
}

double seconds(SteadyClock::time_point a, SteadyClock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

double us(SteadyClock::time_point a, SteadyClock::time_point b)
{
    return std::chrono::duration<double, std::micro>(b - a).count();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int verifyRecords = 1'000'000;
    QString dirArg;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--verify-records"))
            verifyRecords = args[i + 1].toInt();
        if (args[i] == QLatin1String("--dir"))
            dirArg = args[i + 1];
    }
    QTemporaryDir tmp(dirArg.isEmpty() ? QDir::tempPath() + QStringLiteral("/tollgate-bench-ledger-XXXXXX")
                                       : dirArg + QStringLiteral("/tollgate-bench-ledger-XXXXXX"));
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    const SigningKey key = SigningKey::generate();
    std::printf("%-52s %12s %12s\n", "measure", "median", "p99");

    // 1. decisionHash on the request path.
    {
        const int n = 200'000;
        std::vector<DecisionRecord> records;
        records.reserve(1000);
        for (int i = 0; i < 1000; ++i)
            records.push_back(benchRecord(i));
        std::vector<double> samples;
        samples.reserve(n);
        Digest sink{};
        for (int i = 0; i < n; ++i) {
            const auto t0 = SteadyClock::now();
            const Digest d = decisionHash(records[std::size_t(i % 1000)]);
            const auto t1 = SteadyClock::now();
            sink[0] ^= d[0];
            samples.push_back(us(t0, t1));
        }
        const Stats s = stats(samples);
        std::printf("%-52s %9.2f us %9.2f us%s\n", "decisionHash (x-tollgate-decision)", s.medianUs, s.p99Us,
                    sink[0] == 0xFF ? " " : "");
    }

    // 2. append() on the caller's thread while the writer is busy, then writer throughput.
    for (const bool full : {true, false}) {
        const int n = 200'000;
        DecisionLedger::Options o;
        o.synchronousFull = full;
        o.maxQueued = n + 1;
        QString error;
        auto ledger = DecisionLedger::open(
            tmp.filePath(full ? QStringLiteral("full.db") : QStringLiteral("normal.db")), key, o, &error);
        if (!ledger) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::vector<DecisionRecord> records;
        records.reserve(n);
        for (int i = 0; i < n; ++i)
            records.push_back(benchRecord(i));
        std::vector<double> samples;
        samples.reserve(n);
        const auto start = SteadyClock::now();
        for (int i = 0; i < n; ++i) {
            const auto t0 = SteadyClock::now();
            ledger->append(std::move(records[std::size_t(i)]));
            const auto t1 = SteadyClock::now();
            samples.push_back(us(t0, t1));
        }
        const auto appended = SteadyClock::now();
        if (!ledger->seal(600'000)) {
            std::fprintf(stderr, "seal timed out\n");
            return 1;
        }
        const auto done = SteadyClock::now();
        const Stats s = stats(samples);
        std::printf("%-52s %9.2f us %9.2f us\n",
                    full ? "append() (synchronous=FULL)" : "append() (synchronous=NORMAL)", s.medianUs,
                    s.p99Us);
        std::printf("%-52s %12.0f records/s (%d records, %.2f s; appends took %.2f s)\n",
                    full ? "writer throughput (FULL)" : "writer throughput (NORMAL)",
                    double(n) / seconds(start, done), n, seconds(start, done), seconds(start, appended));
    }

    // 3. Verify a large ledger.
    {
        const QString path = tmp.filePath(QStringLiteral("verify.db"));
        DecisionLedger::Options o;
        o.synchronousFull = false;
        o.maxBatch = 4096;
        o.maxQueued = 1'000'000;
        QString error;
        const auto fillStart = SteadyClock::now();
        {
            auto ledger = DecisionLedger::open(path, key, o, &error);
            if (!ledger) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            for (int i = 0; i < verifyRecords; ++i) {
                ledger->append(benchRecord(i));
                if (ledger->queuedCount() > 200'000)
                    ledger->flush(600'000);
            }
            ledger->seal(600'000);
        }
        // CPU time too: on a shared machine the wall time mostly measures the neighbours.
        timespec c0{}, c1{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        const auto t0 = SteadyClock::now();
        const LedgerVerifyReport report = verifyLedger(path, key.publicKeyRaw());
        const auto t1 = SteadyClock::now();
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        const double cpu = double(c1.tv_sec - c0.tv_sec) + double(c1.tv_nsec - c0.tv_nsec) / 1e9;
        std::printf(
            "%-52s %12.2f s wall, %.2f s CPU (%lld records, %lld checkpoints, %s; written in %.1f s)\n",
            "verifyLedger", seconds(t0, t1), cpu, static_cast<long long>(report.records),
            static_cast<long long>(report.checkpoints), report.ok ? "ok" : "FAILED", seconds(fillStart, t0));
        if (!report.ok) {
            std::fprintf(stderr, "%s\n", qPrintable(report.message));
            return 1;
        }
    }
    return 0;
}

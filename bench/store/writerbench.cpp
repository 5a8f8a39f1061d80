// CPU the two persistence writer threads spend per record: the request log (RequestLogWriter,
// thread "tollgate-store") and the decision ledger (DecisionLedger). Records arrive at a steady
// rate, as under load, so batches are as large as the flush interval makes them, and the writers
// run with their default options (the ledger with synchronous=FULL).
//
// Per run: CPU of the whole process minus the CPU of the thread that enqueues, from after open() to
// the end of flush(), divided by the records written; that is the writer thread's CPU (user and
// system, fsync included) per record. The machine is shared and noisy: each case runs --runs times
// and the median and the lowest are printed.
//
// Usage: tollgate-bench-writers [--rate N/s] [--seconds S] [--runs N] [--dir DIR] [--only log|ledger]

#include "audit/decisionledger.h"
#include "audit/signingkey.h"
#include "common/ids.h"
#include "store/requestlogwriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

using namespace tollgate;

namespace {

double cpuSeconds(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// A row as the gateway writes it for a proxied chat completion (bench/run.sh's request): every
// string freshly allocated on the request path, as RequestContext does.
RequestLogRecord logRecord(int i)
{
    RequestLogRecord r;
    r.requestId = newRequestId(); // time-ordered with a random tail, as the request_id index sees them
    r.startedAtMs = 1'764'000'000'000 + i;
    r.finishedAtMs = r.startedAtMs + 2;
    r.method = QString::fromLatin1("POST");
    r.path = QString::fromUtf8("/v1/chat/completions");
    r.endpoint = QString::fromLatin1("chat.completions");
    r.modelRequested = QString::fromUtf8("bench");
    r.provider = QStringLiteral("upstream");
    r.modelUsed = QStringLiteral("bench-model");
    r.attempts = 1;
    r.status = 200;
    r.totalUs = 1800 + i % 100;
    r.upstreamUs = 1500;
    r.addedUs = r.totalUs - r.upstreamUs;
    r.ttfbUs = 1790;
    r.inputTokens = 212;
    r.outputTokens = 9;
    r.costMicros = 37;
    r.costCurrency = QString::fromLatin1("USD");
    return r;
}

// The gateway's ledger record for the same request: no detections, one allowed candidate.
DecisionRecord plainDecision(int i)
{
    DecisionRecord r;
    r.requestId = newRequestId();
    r.timeMs = 1'764'000'000'000 + i;
    r.keyId = QStringLiteral("key_7f3a9c");
    r.team = QStringLiteral("payments");
    r.policyVersion = QStringLiteral("sha256:4f1c2a9e");
    r.candidates = {{QStringLiteral("upstream"), QStringLiteral("local"), true}};
    r.chosenProvider = QStringLiteral("upstream");
    r.chosenRegion = QStringLiteral("local");
    r.action = QStringLiteral("forwarded");
    r.outcome = {200, 37, {'U', 'S', 'D'}, 212, 9};
    return r;
}

// A regulated request: two detections with value hashes, two classes, three candidates.
DecisionRecord richDecision(int i)
{
    DecisionRecord r = plainDecision(i);
    r.detections.push_back({QStringLiteral("email"), 2, {QByteArray(32, 'a'), QByteArray(32, 'b')}});
    r.detections.push_back({QStringLiteral("iban"), 1, {QByteArray(32, 'c')}});
    r.dataClasses = {QStringLiteral("personal"), QStringLiteral("financial")};
    r.regimes = {QStringLiteral("gdpr")};
    r.candidates = {{QStringLiteral("mistral-eu"), QStringLiteral("eu"), true},
                    {QStringLiteral("azure-westeurope"), QStringLiteral("eu"), true},
                    {QStringLiteral("openai-us"), QStringLiteral("us"), false}};
    r.chosenProvider = QStringLiteral("mistral-eu");
    r.chosenRegion = QStringLiteral("eu");
    return r;
}

struct Run
{
    double usPerRecord = 0;
};

// Calls push(i) for n records at `rate` a second (in 1 ms steps), then finish(); returns the CPU
// that other threads than this one spent meanwhile, per record. push() builds its record on this
// thread just before it is queued, as the request path does, so building it is not counted.
Run paced(int n, int rate, const std::function<void(int)>& push, const std::function<bool()>& finish)
{
    const double p0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    const double t0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    timespec next{};
    clock_gettime(CLOCK_MONOTONIC, &next);
    const int perMs = std::max(1, rate / 1000);
    int i = 0;
    while (i < n) {
        for (int k = 0; k < perMs && i < n; ++k)
            push(i++);
        next.tv_nsec += 1'000'000;
        if (next.tv_nsec >= 1'000'000'000) {
            next.tv_nsec -= 1'000'000'000;
            ++next.tv_sec;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    }
    if (!finish()) {
        std::fprintf(stderr, "flush timed out\n");
        std::exit(1);
    }
    const double p1 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    const double t1 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    return {((p1 - p0) - (t1 - t0)) * 1e6 / double(n)};
}

void report(const char* name, const std::vector<Run>& runs)
{
    std::vector<double> samples;
    for (const Run& r : runs)
        samples.push_back(r.usPerRecord);
    std::sort(samples.begin(), samples.end());
    std::printf("%-44s %8.2f us %8.2f us %8.2f us\n", name, samples[samples.size() / 2], samples.front(),
                samples.back());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rate = 5000;
    double secondsPerRun = 2.0;
    int runs = 5;
    QString dirArg;
    QString only;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--rate"))
            rate = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seconds"))
            secondsPerRun = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--runs"))
            runs = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dirArg = args[i + 1];
        else if (args[i] == QLatin1String("--only"))
            only = args[i + 1];
    }
    const int n = std::max(1, int(rate * secondsPerRun));
    QTemporaryDir tmp(dirArg.isEmpty() ? QDir::tempPath() + QStringLiteral("/tollgate-bench-writers-XXXXXX")
                                       : dirArg + QStringLiteral("/tollgate-bench-writers-XXXXXX"));
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    std::printf("writer CPU per record, %d records/s, %d records per run, %d runs\n", rate, n, runs);
    std::printf("%-44s %11s %11s %11s\n", "writer", "median", "min", "max");

    if (only.isEmpty() || only == QLatin1String("log")) {
        std::vector<Run> samples;
        for (int run = 0; run < runs; ++run) {
            QString error;
            // A fresh file per run, as the database grows the B-tree's cost changes a little.
            auto writer = RequestLogWriter::open(tmp.filePath(QStringLiteral("log-%1.db").arg(run)), &error);
            if (!writer) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            const Run r = paced(
                n, rate, [&](int i) { writer->enqueue(logRecord(i)); },
                [&] { return writer->flush(60'000); });
            if (writer->writtenCount() != n) {
                std::fprintf(stderr, "request log wrote %lld of %d records\n",
                             static_cast<long long>(writer->writtenCount()), n);
                return 1;
            }
            samples.push_back(r);
        }
        report("request log (RequestLogWriter)", samples);
    }

    if (only.isEmpty() || only == QLatin1String("ledger")) {
        const SigningKey key = SigningKey::generate();
        for (const bool rich : {false, true}) {
            std::vector<Run> samples;
            for (int run = 0; run < runs; ++run) {
                QString error;
                auto ledger = DecisionLedger::open(
                    tmp.filePath(QStringLiteral("ledger-%1-%2.db").arg(rich ? "rich" : "plain").arg(run)),
                    key, &error);
                if (!ledger) {
                    std::fprintf(stderr, "%s\n", qPrintable(error));
                    return 1;
                }
                const Run r = paced(
                    n, rate,
                    [&](int i) {
                        DecisionRecord record = rich ? richDecision(i) : plainDecision(i);
                        const Digest digest = decisionHash(record); // the request path's header
                        ledger->append(std::move(record), digest);
                    },
                    [&] { return ledger->flush(60'000); });
                if (ledger->writtenCount() != n) {
                    std::fprintf(stderr, "ledger wrote %lld of %d records\n",
                                 static_cast<long long>(ledger->writtenCount()), n);
                    return 1;
                }
                samples.push_back(r);
            }
            report(rich ? "decision ledger, regulated records" : "decision ledger (DecisionLedger)", samples);
        }
    }
    return 0;
}

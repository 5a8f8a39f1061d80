// Child process for tst_ledgercrash: appends decision records as fast as it can and reports how
// many are committed, until the test kills it with SIGKILL. Arguments: LEDGER_PATH SEED_HEX.

#include "audit/decisionledger.h"
#include "audit/signingkey.h"

#include "ledgertestutil.h"

#include <QCoreApplication>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace tollgate;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s LEDGER_PATH SEED_HEX\n", argv[0]);
        return 2;
    }
    const auto key = SigningKey::fromSeed(QByteArray::fromHex(argv[2]));
    if (!key.ok())
        return 2;
    DecisionLedger::Options options;
    options.checkpointEvery = 1000;
    options.checkpointIntervalMs = 600'000; // checkpoints by count only, so the test knows the tail
    options.flushIntervalMs = 2;
    options.maxBatch = 32;
    options.synchronousFull = false; // a killed process, not a power cut: NORMAL is what is under test
    QString error;
    auto ledger = DecisionLedger::open(QString::fromLocal8Bit(argv[1]), key.value(), options, &error);
    if (!ledger) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    std::atomic<bool> run{true};
    std::thread reporter([&] {
        while (run) {
            std::printf("committed %lld\n", static_cast<long long>(ledger->writtenCount()));
            std::fflush(stdout);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    for (int i = 1;; ++i) {
        ledger->append(testing::sampleDecision(i));
        while (ledger->queuedCount() > 2000)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

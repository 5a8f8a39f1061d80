// The weighted strategy's choice of first target: over every run of sum-of-weights turns each
// target goes first exactly its weight times, whatever the weights (1..1000) and however many
// targets; equal weights alternate; a heavy target's turns are spread out, not in one block.
#include "routing/router.h"

#include <QTest>

#include <random>

using namespace tollgate;

namespace {

std::vector<RouteTargetConfig> withWeights(const std::vector<int>& weights)
{
    std::vector<RouteTargetConfig> targets;
    for (int w : weights)
        targets.push_back(RouteTargetConfig{QStringLiteral("p"), QStringLiteral("m"), w});
    return targets;
}

// The longest run of consecutive turns that chose the same target, over two full runs.
int longestRun(const std::vector<RouteTargetConfig>& targets, std::uint64_t total)
{
    int longest = 0, run = 0;
    std::size_t previous = targets.size();
    for (std::uint64_t turn = 0; turn < 2 * total; ++turn) {
        const std::size_t chosen = routing::weightedTurn(targets, turn);
        run = chosen == previous ? run + 1 : 1;
        previous = chosen;
        longest = std::max(longest, run);
    }
    return longest;
}

} // namespace

class TestWeightedTurn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exactShareOverEveryRun_data();
    void exactShareOverEveryRun();
    void randomWeightsKeepTheirShare();
    void equalWeightsAlternate();
    void oneTargetIsAlwaysFirst();
};

void TestWeightedTurn::exactShareOverEveryRun_data()
{
    QTest::addColumn<std::vector<int>>("weights");
    QTest::addColumn<int>("maxRun"); // of the heaviest target
    QTest::newRow("3:1") << std::vector<int>{3, 1} << 3;
    QTest::newRow("7:3") << std::vector<int>{7, 3} << 3;
    QTest::newRow("1:1:2") << std::vector<int>{1, 1, 2} << 2;
    QTest::newRow("70:30") << std::vector<int>{70, 30} << 4;
    QTest::newRow("1000:1") << std::vector<int>{1000, 1} << 1000;
    QTest::newRow("5 targets") << std::vector<int>{5, 1, 9, 2, 3} << 3;
}

void TestWeightedTurn::exactShareOverEveryRun()
{
    QFETCH(std::vector<int>, weights);
    QFETCH(int, maxRun);
    const auto targets = withWeights(weights);
    std::uint64_t total = 0;
    for (int w : weights)
        total += std::uint64_t(w);
    // Every run of `total` turns, starting anywhere (the counter is shared and keeps counting).
    for (const std::uint64_t start : {std::uint64_t(0), std::uint64_t(1), total / 2, std::uint64_t(1) << 40}) {
        std::vector<int> counts(weights.size(), 0);
        for (std::uint64_t turn = start; turn < start + total; ++turn)
            ++counts[routing::weightedTurn(targets, turn)];
        QCOMPARE(counts, weights);
    }
    QVERIFY2(longestRun(targets, total) <= maxRun, qPrintable(QString::number(longestRun(targets, total))));
}

void TestWeightedTurn::randomWeightsKeepTheirShare()
{
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
        std::vector<int> weights(std::size_t(std::uniform_int_distribution<int>(2, 6)(random)));
        std::uint64_t total = 0;
        for (int& w : weights) {
            w = std::uniform_int_distribution<int>(1, 1000)(random);
            total += std::uint64_t(w);
        }
        const auto targets = withWeights(weights);
        std::vector<int> counts(weights.size(), 0);
        for (std::uint64_t turn = 0; turn < total; ++turn)
            ++counts[routing::weightedTurn(targets, turn)];
        QCOMPARE(counts, weights);
    }
}

void TestWeightedTurn::equalWeightsAlternate()
{
    const auto targets = withWeights({1, 1});
    for (std::uint64_t turn = 0; turn < 10; ++turn)
        QCOMPARE(routing::weightedTurn(targets, turn), std::size_t(turn % 2));
    QCOMPARE(longestRun(withWeights({4, 4, 4}), 12), 1);
}

void TestWeightedTurn::oneTargetIsAlwaysFirst()
{
    const auto targets = withWeights({5});
    for (std::uint64_t turn = 0; turn < 20; ++turn)
        QCOMPARE(routing::weightedTurn(targets, turn), std::size_t(0));
}

QTEST_GUILESS_MAIN(TestWeightedTurn)
#include "tst_weightedturn.moc"

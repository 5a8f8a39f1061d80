#include "budget/ratelimiter.h"
#include "fakeclock.h"

#include <QtTest>

#include <thread>

using namespace tollgate;
using namespace tollgate::budget;

namespace {

RateLimiter::Subject keySubject(std::int64_t rpm, std::int64_t tpm, const char* id = "key_a")
{
    return {RateLimiter::Kind::Key, QString::fromLatin1(id), {rpm, tpm}};
}

} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsAtTheBoundary()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        const RateLimiter::Subject s = keySubject(6, 0); // one request per 10 s, burst of 6
        for (int i = 0; i < 6; ++i) {
            const auto d = limiter.admit(&s, 1, 0);
            QVERIFY2(d.allowed, qPrintable(QString::number(i)));
            QCOMPARE(d.status.limitRequests, 6);
            QCOMPARE(d.status.remainingRequests, 5 - i);
        }
        auto refused = limiter.admit(&s, 1, 0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterMs, 10'000);
        QCOMPARE(refused.status.remainingRequests, 0);
        QCOMPARE(refused.status.resetRequestsMs, 60'000);
        QVERIFY(!refused.refusedTokens);
        QCOMPARE(refused.refusedId, QStringLiteral("key_a"));

        http::HttpHeaders headers;
        refused.addHeaders(headers);
        QCOMPARE(headers.value("retry-after"), std::string_view("10"));
        QCOMPARE(headers.value("retry-after-ms"), std::string_view("10000"));
        QCOMPARE(headers.value("x-ratelimit-limit-requests"), std::string_view("6"));
        QCOMPARE(headers.value("x-ratelimit-remaining-requests"), std::string_view("0"));
        QCOMPARE(headers.value("x-ratelimit-reset-requests"), std::string_view("1m0s"));
        QVERIFY(!headers.contains("x-ratelimit-limit-tokens"));

        // Retry-After is exact: 1 ms early is still refused (and says 1 ms), on time it fits.
        clock.advanceMs(9'999);
        refused = limiter.admit(&s, 1, 0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterMs, 1);
        clock.advanceMs(1);
        QVERIFY(limiter.admit(&s, 1, 0).allowed);
        QVERIFY(!limiter.admit(&s, 1, 0).allowed);
    }

    void windowRollsBackToFullCapacity()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        const RateLimiter::Subject s = keySubject(3, 0);
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.admit(&s, 1, 0).allowed);
        QVERIFY(!limiter.admit(&s, 1, 0).allowed);
        clock.advanceMs(30'000); // half a window: 1.5 requests' worth back
        auto d = limiter.admit(&s, 1, 0);
        QVERIFY(d.allowed);
        QCOMPARE(d.status.remainingRequests, 0);
        QVERIFY(!limiter.admit(&s, 1, 0).allowed);
        clock.advanceMs(60'000);
        d = limiter.admit(&s, 1, 0);
        QVERIFY(d.allowed);
        QCOMPARE(d.status.remainingRequests, 2); // a full minute later: all back
        QCOMPARE(d.status.resetRequestsMs, 20'000);
    }

    void tokensByEstimateThenCorrected()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        const RateLimiter::Subject s = keySubject(0, 1'000);
        RateLimiter::Ticket ticket;
        auto d = limiter.admit(&s, 1, 600, &ticket);
        QVERIFY(d.allowed);
        QCOMPARE(d.status.remainingTokens, 400);
        auto refused = limiter.admit(&s, 1, 600);
        QVERIFY(!refused.allowed);
        QVERIFY(refused.refusedTokens);
        QCOMPARE(refused.retryAfterMs, 12'000); // 200 tokens at 1000/min
        QVERIFY(refused.message().contains(QLatin1String("tokens")));

        limiter.correctTokens(ticket, 100); // the call used 100, not 600
        d = limiter.admit(&s, 1, 600);
        QVERIFY(d.allowed);
        QCOMPARE(d.status.remainingTokens, 300);
        limiter.correctTokens(ticket, 100); // a second correction is ignored
        QVERIFY(!limiter.admit(&s, 1, 301).allowed);
        QVERIFY(limiter.admit(&s, 1, 300).allowed);

        // Under-estimates charge the difference afterwards.
        clock.advanceMs(60'000);
        RateLimiter::Ticket small;
        QVERIFY(limiter.admit(&s, 1, 10, &small).allowed);
        limiter.correctTokens(small, 1'000);
        const auto after = limiter.admit(&s, 1, 1);
        QVERIFY(!after.allowed);
        QCOMPARE(after.retryAfterMs, 60); // one token = 60 ms at 1000/min
    }

    void requestLargerThanTheLimitNeverFits()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        const RateLimiter::Subject s = keySubject(0, 1'000);
        const auto d = limiter.admit(&s, 1, 1'001);
        QVERIFY(!d.allowed);
        QCOMPARE(d.retryAfterMs, -1);
        http::HttpHeaders headers;
        d.addHeaders(headers);
        QVERIFY(!headers.contains("retry-after"));
        QVERIFY(d.message().contains(QLatin1String("1000")));
    }

    void keyAndTeamAllOrNothing()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        RateLimiter::Subject both[2] = {keySubject(10, 0, "key_a"), {RateLimiter::Kind::Team, QStringLiteral("support"), {2, 0}}};
        RateLimiter::Subject other[2] = {keySubject(10, 0, "key_b"), both[1]};
        QVERIFY(limiter.admit(both, 2, 0).allowed);
        QVERIFY(limiter.admit(other, 2, 0).allowed);
        const auto refused = limiter.admit(both, 2, 0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.refusedKind, RateLimiter::Kind::Team);
        QCOMPARE(refused.refusedId, QStringLiteral("support"));
        QCOMPARE(refused.retryAfterMs, 30'000);
        // The team refused, so key_a's own budget was not charged: it still has 9 left.
        const RateLimiter::Subject aloneA = both[0];
        const auto d = limiter.admit(&aloneA, 1, 0);
        QVERIFY(d.allowed);
        QCOMPARE(d.status.remainingRequests, 8);
        // Headers name the tighter of the two subjects.
        clock.advanceMs(60'000);
        const auto h = limiter.admit(both, 2, 0);
        QCOMPARE(h.status.limitRequests, 2);
        QCOMPARE(h.status.remainingRequests, 1);
    }

    void concurrentWorkersNeverExceedTheLimit()
    {
        ManualClock clock; // frozen: no refill while the threads run
        RateLimiter limiter(clock);
        const RateLimiter::Subject s[2] = {keySubject(0, 0, "key_x"), {RateLimiter::Kind::Team, QStringLiteral("t"), {500, 50'000}}};
        std::atomic<int> admitted{0};
        std::atomic<std::int64_t> tokens{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 400; ++i) {
                    const std::int64_t estimate = 50 + (t * 7 + i) % 100;
                    if (limiter.admit(s, 2, estimate).allowed) {
                        admitted.fetch_add(1);
                        tokens.fetch_add(estimate);
                    }
                }
            });
        }
        for (auto& t : threads)
            t.join();
        QVERIFY(admitted.load() <= 500);
        QVERIFY(tokens.load() <= 50'000);
        QVERIFY(admitted.load() >= 300); // tokens run out first: 50'000 / ~100
    }

    void unlimitedSubjectsAreFree()
    {
        ManualClock clock;
        RateLimiter limiter(clock);
        const RateLimiter::Subject s = keySubject(0, 0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(limiter.admit(&s, 1, 1'000'000).allowed);
        http::HttpHeaders headers;
        limiter.admit(&s, 1, 1).addHeaders(headers);
        QVERIFY(headers.empty());
    }

    void resetDurationFormat()
    {
        QCOMPARE(formatResetDuration(0), QStringLiteral("0ms"));
        QCOMPARE(formatResetDuration(20), QStringLiteral("20ms"));
        QCOMPARE(formatResetDuration(1'500), QStringLiteral("1.5s"));
        QCOMPARE(formatResetDuration(60'000), QStringLiteral("1m0s"));
        QCOMPARE(formatResetDuration(361'250), QStringLiteral("6m1.25s"));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"

// tollgate-bench-admission: what the budget module adds to each request.
//
// Per request, on each of N threads: KeyRegistry lookup (SHA-256 + index probe) and scope check,
// rate limits of the key and its team, the budget reservation (key, project and team budgets,
// one of them in another currency), then settle (cost, token correction, release, ledger row
// queued). Two runs: paced (a fixed total rate spread over the threads) and flat out. Prints the
// median and p99 of each part and of the sum, in nanoseconds.
//
//   tollgate-bench-admission [--threads 2] [--rate 5000] [--seconds 3]

#include "budget/budgetservice.h"

#include <QCoreApplication>
#include <QDate>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace tollgate;
using namespace tollgate::budget;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Sample
{
    std::uint32_t lookup, admit, settle, total;
};

std::int64_t ns(SteadyClock::time_point a, SteadyClock::time_point b)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

struct Percentiles
{
    std::uint32_t median;
    std::uint32_t p99;
};

Percentiles percentiles(std::vector<std::uint32_t> v)
{
    if (v.empty())
        return {0, 0};
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)]};
}

struct RunResult
{
    std::vector<Sample> samples;
    double seconds = 0;
    std::int64_t refused = 0;
};

RunResult run(BudgetService& service, const std::vector<std::string>& auths, int threads, double totalRate, double seconds)
{
    std::vector<std::vector<Sample>> perThread(static_cast<std::size_t>(threads));
    std::atomic<std::int64_t> refused{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> workers;
    const auto start = SteadyClock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            while (!go.load())
                std::this_thread::yield();
            auto& out = perThread[size_t(t)];
            out.reserve(size_t(seconds * (totalRate > 0 ? totalRate / threads : 2'000'000)));
            AdmissionRequest request;
            request.provider = QStringLiteral("openai");
            request.model = QStringLiteral("gpt-4o-mini");
            request.price.model.inputPerMillionMicros = 150'000;
            request.price.model.outputPerMillionMicros = 600'000;
            request.price.model.cachedInputPerMillionMicros = 75'000;
            request.bound = {1'200, 2, 256, 16'384};
            const QString requestId = QStringLiteral("req_bench");
            const auto begin = SteadyClock::now();
            const auto end = begin + std::chrono::duration<double>(seconds);
            const auto interval = totalRate > 0 ? std::chrono::duration<double>(threads / totalRate)
                                                : std::chrono::duration<double>(0);
            auto next = begin;
            std::size_t i = size_t(t) * 7919;
            for (;;) {
                if (totalRate > 0) {
                    next += std::chrono::duration_cast<SteadyClock::duration>(interval);
                    std::this_thread::sleep_until(next);
                }
                const auto t0 = SteadyClock::now();
                if (t0 >= end)
                    break;
                const std::string& auth = auths[i++ % auths.size()];
                const AuthOutcome who = service.authenticate(auth, u"chat-default");
                const auto t1 = SteadyClock::now();
                AdmitOutcome admitted = service.admit(who.key, request);
                const auto t2 = SteadyClock::now();
                if (!admitted.ok()) {
                    refused.fetch_add(1);
                    continue;
                }
                service.settle(*admitted.admission, requestId, TokenUsage{1'100, 300, 0, 180, 0});
                const auto t3 = SteadyClock::now();
                out.push_back({std::uint32_t(ns(t0, t1)), std::uint32_t(ns(t1, t2)), std::uint32_t(ns(t2, t3)),
                               std::uint32_t(ns(t0, t3))});
            }
        });
    }
    go.store(true);
    for (auto& w : workers)
        w.join();
    RunResult result;
    result.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    result.refused = refused.load();
    for (auto& v : perThread)
        result.samples.insert(result.samples.end(), v.begin(), v.end());
    return result;
}

void report(const char* name, const RunResult& r)
{
    std::vector<std::uint32_t> lookup, admit, settle, total;
    for (const Sample& s : r.samples) {
        lookup.push_back(s.lookup);
        admit.push_back(s.admit);
        settle.push_back(s.settle);
        total.push_back(s.total);
    }
    const auto l = percentiles(lookup), a = percentiles(admit), s = percentiles(settle), t = percentiles(total);
    std::printf("%-9s %9zu req %9.0f req/s  refused %lld\n", name, r.samples.size(), double(r.samples.size()) / r.seconds,
                static_cast<long long>(r.refused));
    std::printf("          %-28s %10s %10s\n", "part", "median ns", "p99 ns");
    std::printf("          %-28s %10u %10u\n", "key lookup + scope", l.median, l.p99);
    std::printf("          %-28s %10u %10u\n", "rate limits + reservation", a.median, a.p99);
    std::printf("          %-28s %10u %10u\n", "settle + ledger enqueue", s.median, s.p99);
    std::printf("          %-28s %10u %10u\n", "sum", t.median, t.p99);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int threads = 2;
    double rate = 5'000;
    double seconds = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--threads"))
            threads = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--rate"))
            rate = args[i + 1].toDouble();
        else if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
    }

    QTemporaryDir dir;
    BudgetConfig config;
    config.displayCurrency = QStringLiteral("EUR");
    config.rates = {{QDate(2020, 1, 1), QStringLiteral("USD"), QStringLiteral("EUR"), QStringLiteral("0.92")}};
    for (int t = 0; t < 10; ++t) {
        const QString team = QStringLiteral("team-%1").arg(t);
        config.teams.push_back({team, {1'000'000, 1'000'000'000}});
        BudgetRuleConfig teamBudget;
        teamBudget.id = team + QStringLiteral("-month");
        teamBudget.subject = team;
        teamBudget.cap.micros = 1'000'000'000'000;
        teamBudget.cap.currency = Money::currencyFrom(QStringLiteral("EUR"));
        config.budgets.push_back(teamBudget);
        BudgetRuleConfig projectBudget = teamBudget;
        projectBudget.id = team + QStringLiteral("-project");
        projectBudget.scope = BudgetScope::Project;
        projectBudget.subject = team + QStringLiteral("-app");
        projectBudget.cap.currency = Money::currencyFrom(QStringLiteral("USD"));
        config.budgets.push_back(projectBudget);
    }
    auto service = BudgetService::open(dir.path(), config);
    if (!service) {
        std::fprintf(stderr, "%s\n", qPrintable(service.error().message));
        return 1;
    }
    std::vector<std::string> auths;
    for (int k = 0; k < 200; ++k) {
        NewKeyOptions options;
        options.team = QStringLiteral("team-%1").arg(k % 10);
        options.project = options.team + QStringLiteral("-app");
        options.scopes = {QStringLiteral("chat-default"), QStringLiteral("openai/*")};
        options.limits = {1'000'000, 1'000'000'000};
        auto key = (*service)->keys().create(options);
        if (!key) {
            std::fprintf(stderr, "%s\n", qPrintable(key.error().message));
            return 1;
        }
        auths.push_back("Bearer " + key->token.toStdString());
        BudgetRuleConfig keyBudget;
        keyBudget.id = key->info->id + QStringLiteral("-day");
        keyBudget.scope = BudgetScope::Key;
        keyBudget.subject = key->info->id;
        keyBudget.period = BudgetPeriod::Day;
        keyBudget.cap.micros = 1'000'000'000'000;
        if (auto r = (*service)->setBudget(keyBudget); !r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
            return 1;
        }
    }
    std::printf("tollgate-bench-admission: %d threads, 200 keys, 10 teams, 3 budgets per request (one in EUR)\n",
                threads);
    run(**service, auths, threads, 0, 0.3); // warm-up
    report("paced", run(**service, auths, threads, rate, seconds));
    report("flat-out", run(**service, auths, threads, 0, seconds));
    (*service)->ledger().flush(60'000);
    return 0;
}

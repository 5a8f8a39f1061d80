#include "guardrails/textutil.h"

#include <cmath>

namespace tollgate::guardrails::detail {

double shannonEntropy(std::string_view s)
{
    if (s.empty())
        return 0.0;
    std::array<std::uint16_t, 256> counts{};
    for (char c : s)
        ++counts[static_cast<unsigned char>(c)];
    double h = 0.0;
    const double n = static_cast<double>(s.size());
    for (std::uint16_t c : counts) {
        if (c == 0)
            continue;
        const double p = c / n;
        h -= p * std::log2(p);
    }
    return h;
}

bool looksLikePlaceholder(std::string_view body)
{
    static constexpr std::string_view kMarkers[] = {
        "example", "xxxx",     "****", "...",      "your",       "placeholder", "dummy",
        "sample",  "redacted", "<",    ">",        "{",          "}",           "insert",
        "replace", "here",     "fake", "changeme", "secret_key", "abcdef",      "0000",
    };
    for (std::string_view m : kMarkers) {
        for (std::size_t i = 0; i + m.size() <= body.size(); ++i) {
            if (matchesAt(body, i, m))
                return true;
        }
    }
    std::size_t sameRun = 1, seqRun = 1, seqSteps = 0;
    for (std::size_t i = 1; i < body.size(); ++i) {
        const char a = body[i - 1], b = body[i];
        sameRun = (a == b) ? sameRun + 1 : 1;
        const bool step = isAlnum(a) && isAlnum(b) && (b == a + 1 || b == a - 1);
        seqRun = step ? seqRun + 1 : 1;
        if (step)
            ++seqSteps;
        if (sameRun >= 5 || seqRun >= 5)
            return true;
    }
    if (body.size() >= 12 && seqSteps * 10 > body.size() * 3)
        return true;
    if (body.size() >= 16 && shannonEntropy(body) < 3.0)
        return true;
    return false;
}

} // namespace tollgate::guardrails::detail

namespace tollgate::guardrails::detail {

bool looksLikePlaceholderPassword(std::string_view password)
{
    static constexpr std::string_view kMarkers[] = {
        "example", "your", "xxx", "***", "...", "placeholder", "changeme", "redacted", "<", "{", "$"};
    for (std::string_view m : kMarkers) {
        for (std::size_t i = 0; i + m.size() <= password.size(); ++i) {
            if (matchesAt(password, i, m))
                return true;
        }
    }
    bool allSame = true;
    for (char c : password)
        allSame = allSame && c == password[0];
    return allSame;
}

} // namespace tollgate::guardrails::detail
